"""The View menu's comforts as one controller: sort, text size and theme, each remembered."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from reader.core.listing import ListRequest
from reader.ui import state
from reader.ui.commands import CommandRegistry
from reader.ui.keymap import key_text
from reader.ui.sorting import SORT_COMMANDS, Sorter, effective_descending
from reader.ui.theme import MODES, Theme
from reader.ui.welcome import Welcome
from reader.ui.zoom import Zoom


class Look:
    """Sort commands (through the window's one sort path), zoom, theme and the welcome
    guide; the View menu's Sort and Theme entries are checkable and show what is in effect."""

    def __init__(
        self,
        window: QMainWindow,
        listed: Callable[[], ListRequest],
        apply_sort: Callable[[str, bool], None],
        report: Callable[[str, int], None],
        zoomed: Iterable[QWidget],
    ) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        store = state.settings()
        self.sorter = Sorter(listed, apply_sort, report)
        self.zoom = Zoom(zoomed, store, report)
        self.theme = Theme(app, store, window)  # dies with the window, and its connections
        self._listed = listed
        self._apply_sort = apply_sort
        self._window = window
        self.welcome = Welcome(window, lambda _cid: "")
        self._sort_actions: dict[str, QAction] = {}
        self._theme_actions: dict[str, QAction] = {}

    def bind(self, registry: CommandRegistry) -> None:
        """Once the keys are bound: checkable sort and theme items, the guide's keys, the
        theme applied."""
        owner = self._window
        self._sort_actions = _radio(registry, owner, [f"sort.{c}" for _k, c, *_ in SORT_COMMANDS])
        self._theme_actions = _radio(registry, owner, [f"view.theme_{m}" for m in MODES])
        self.welcome = Welcome(owner, lambda cid: key_text(registry, cid))
        self.theme.changed.connect(lambda _dark: self.show_state())
        self.theme.apply()

    def opened(self, *, remember: bool) -> None:
        """The window starts: the header shows the restored sort; the guide on first launch."""
        req = self._listed()
        self._apply_sort(req.sort, effective_descending(req))
        self.welcome.start(remember=remember)

    def for_this_run(self, mode: str, *, plain_size: bool) -> None:
        """A theme (and the normal text size) for this run, without remembering either."""
        self.theme.use(mode)
        if plain_size:
            self.zoom.use(0)
        self.show_state()

    def show_state(self) -> None:
        """Check the sort and theme in effect (after any change)."""
        req = self._listed()
        for key, cid, *_ in SORT_COMMANDS:
            if action := self._sort_actions.get(f"sort.{cid}"):
                action.setChecked(key == req.sort)
        for mode in MODES:
            if action := self._theme_actions.get(f"view.theme_{mode}"):
                action.setChecked(mode == self.theme.mode)

    def sort_by(self, key: str) -> None:
        """A sort command."""
        self.sorter.sort_by(key)
        self.show_state()

    def reverse(self) -> None:
        """The reverse command."""
        self.sorter.reverse()
        self.show_state()

    def set_theme(self, mode: str) -> None:
        """System, Light or Dark."""
        self.theme.set_mode(mode)


def _radio(registry: CommandRegistry, owner: QWidget, ids: list[str]) -> dict[str, QAction]:
    group = QActionGroup(owner)
    group.setExclusive(True)
    actions = {}
    for cid in ids:
        action = registry.action(cid)
        action.setCheckable(True)
        group.addAction(action)
        actions[cid] = action
    return actions
