"""Disposable UI state in QSettings: geometry, splitters, columns and sort, view, query, paper."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "reader"
APPLICATION = "Reader"


@dataclass
class ViewState:
    """What the list showed last time."""

    view: str = "all"
    tag: str | None = None
    query: str = ""
    selected: str | None = None  # citation key
    feed: int | None = None
    sort: str = ""  # "" : what the list header shows
    descending: bool | None = None


def settings() -> QSettings:
    """The app's QSettings: names from the QApplication, QSettings.defaultFormat().

    The no-argument constructor is the one that honours setDefaultFormat/setPath, which is
    how the tests keep their state in tmp_path.
    """
    return QSettings()


def save_bytes(store: QSettings, key: str, value: QByteArray) -> None:
    """Store a Qt state blob."""
    store.setValue(key, value)


def load_bytes(store: QSettings, key: str) -> QByteArray | None:
    """A stored Qt state blob, or None."""
    value = store.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_view(store: QSettings, library: str, state: ViewState) -> None:
    """Remember the view, query and selected paper for one library."""
    store.beginGroup(_group(library))
    store.setValue("view", state.view)
    store.setValue("tag", state.tag or "")
    store.setValue("query", state.query)
    store.setValue("selected", state.selected or "")
    store.setValue("feed", "" if state.feed is None else str(state.feed))
    store.setValue("sort", state.sort)
    store.setValue("descending", "" if state.descending is None else str(state.descending).lower())
    store.endGroup()


def load_view(store: QSettings, library: str) -> ViewState:
    """What save_view stored for this library, or defaults."""
    store.beginGroup(_group(library))
    state = ViewState(
        view=str(store.value("view", "all") or "all"),
        tag=str(store.value("tag", "") or "") or None,
        query=str(store.value("query", "") or ""),
        selected=str(store.value("selected", "") or "") or None,
        feed=_int(store.value("feed", "")),
        sort=str(store.value("sort", "") or ""),
        descending={"true": True, "false": False}.get(str(store.value("descending", ""))),
    )
    store.endGroup()
    return state


def has_view(store: QSettings, library: str) -> bool:
    """True when a view was saved for this library (it was opened before)."""
    return store.contains(f"{_group(library)}/view")


def _int(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _group(library: str) -> str:
    # QSettings keys must not contain slashes; one group per library folder.
    return "library-" + "".join(c if c.isalnum() else "_" for c in library)[-120:]
