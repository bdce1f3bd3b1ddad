"""First launch: the guide above the panes until it is dismissed, and Help ▸ Welcome guide."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from reader.core.listing import SORTS, VIEW, ListRequest
from reader.ui import state
from reader.ui.widgets.guide import Guide, KeyOf

DISMISSED_KEY = "guide/dismissed"


def dismissed() -> bool:
    """True once the user closed the guide (on any library)."""
    return str(state.settings().value(DISMISSED_KEY, "false")).lower() == "true"


class Welcome:
    """Puts the guide above the panes; its Got it button hides it for good."""

    def __init__(self, window: QMainWindow, key_of: KeyOf) -> None:
        self._window = window
        self._key_of = key_of
        self.guide: Guide | None = None

    def start(self, *, remember: bool) -> None:
        """Show the guide unless it was dismissed; remember=False (a screenshot) shows none."""
        if remember and not dismissed():
            self.show_guide()

    def show_guide(self) -> None:
        """Help ▸ Welcome guide: show it (again)."""
        if self.guide is None:
            self.guide = Guide(self._key_of)
            self.guide.dismissed.connect(_remember_dismissed)
            _put_above_panes(self._window, self.guide)
        self.guide.show()

    def showing(self) -> bool:
        """True while the guide is on screen."""
        return self.guide is not None and not self.guide.isHidden()


def _remember_dismissed() -> None:
    store = state.settings()
    store.setValue(DISMISSED_KEY, "true")
    store.sync()


def _put_above_panes(window: QMainWindow, strip: QWidget) -> None:
    panes = window.takeCentralWidget()  # not setCentralWidget directly: that deletes them
    central = QWidget(window)
    column = QVBoxLayout(central)
    column.setContentsMargins(4, 4, 4, 0)
    column.setSpacing(4)
    column.addWidget(strip)
    column.addWidget(panes, 1)
    window.setCentralWidget(central)


def opening_request(
    library: str, *, remember: bool, header_sort: tuple[str, bool], query: str | None
) -> tuple[ListRequest, str | None]:
    """The request a window opens on, and the citation key of the paper to select.

    A library opened before gets its last view (or tag, or feed), its sort and its paper
    back, but not its last search: a restored query narrows the list without saying so,
    and the paper it found is selected anyway. A library never opened here opens on the
    Inbox. `query` (reader gui --query) opens that search over all papers; remember=False
    (a screenshot) opens All papers and restores nothing.
    """
    store = state.settings()
    saved = state.load_view(store, library) if remember else state.ViewState()
    first = remember and not state.has_view(store, library)
    view = "inbox" if first else saved.view if saved.view in VIEW else "all"
    sort, descending = header_sort
    if saved.sort in SORTS:
        sort, descending = saved.sort, saved.descending
    req = ListRequest(view, saved.tag, sort=sort, descending=descending, feed=saved.feed)
    if query is not None:
        req = ListRequest(query=query, sort=sort, descending=descending)
    return req, saved.selected
