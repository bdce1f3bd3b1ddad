"""Light and dark themes: System follows the desktop's colour scheme; the choice is remembered."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

MODES = ("system", "light", "dark")
MODE_KEY = "view/theme"
Role, Group = QPalette.ColorRole, QPalette.ColorGroup

# A calm dark palette: text at ~90 % white on near-black, links and selection readable on it.
_DARK = {
    Role.Window: "#2b2b2e",
    Role.WindowText: "#e4e4e4",
    Role.Base: "#1f1f22",
    Role.AlternateBase: "#27272b",
    Role.ToolTipBase: "#3a3a3e",
    Role.ToolTipText: "#eeeeee",
    Role.PlaceholderText: "#9a9a9f",
    Role.Text: "#e4e4e4",
    Role.Button: "#37373b",
    Role.ButtonText: "#e4e4e4",
    Role.BrightText: "#ffffff",
    Role.Light: "#4a4a4f",
    Role.Midlight: "#3c3c40",
    Role.Mid: "#5a5a60",
    Role.Dark: "#18181a",
    Role.Shadow: "#000000",
    Role.Highlight: "#3d6fc4",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#79b8ff",
    Role.LinkVisited: "#c5a5f5",
}
_DARK_DISABLED = {Role.WindowText: "#77777c", Role.Text: "#77777c", Role.ButtonText: "#77777c"}


def dark_palette() -> QPalette:
    """The dark palette Reader uses when the platform offers none."""
    pal = QPalette()
    for role, colour in _DARK.items():
        pal.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        pal.setColor(Group.Disabled, role, QColor(colour))
    pal.setColor(Group.Inactive, Role.Highlight, QColor("#35507f"))
    return pal


def is_dark(pal: QPalette) -> bool:
    """True when the palette draws light text on a dark window."""
    return pal.color(Role.Window).lightness() < pal.color(Role.WindowText).lightness()


# Widgets that draw check boxes or radio buttons: a QTableWidget's cells too (the Rules
# dialog's On column), its grid lines then drawn as visibly as on the light palette. Not
# every item view: the paper list's header line would change with them.
INDICATOR_CLASSES = ("QCheckBox", "QRadioButton", "QTableWidget")


def indicator_palette(pal: QPalette) -> QPalette:
    """The palette for widgets with check boxes and radio buttons: on a dark palette, one
    whose indicators have a clear outline. Fusion draws that outline in Window.darker(140),
    nearly the dark Base; these widgets paint no Window of their own, so a lighter Window
    changes only the outline (a table's header and scroll bars are widgets of their own)."""
    if not is_dark(pal):
        return pal
    out = QPalette(pal)
    text, base = pal.color(Role.Text), pal.color(Role.Base)
    for group, share in ((Group.Active, 0.55), (Group.Inactive, 0.55), (Group.Disabled, 0.3)):
        rgb = zip(text.getRgb()[:3], base.getRgb()[:3], strict=True)
        mixed = QColor(*(round(share * t + (1 - share) * b) for t, b in rgb))
        out.setColor(group, Role.Window, mixed.lighter(140))
    return out


def light_palette(platform: QPalette) -> QPalette:
    """The platform's palette when it is light, else Fusion's standard light one."""
    if not is_dark(platform):
        return QPalette(platform)
    fusion = QStyleFactory.create("Fusion")
    return fusion.standardPalette() if fusion else QPalette(platform)


def system_scheme() -> Qt.ColorScheme:
    """What the desktop says (Qt 6.5+); Unknown where the platform does not say."""
    return QGuiApplication.styleHints().colorScheme()


def wants_dark(mode: str, scheme: Qt.ColorScheme) -> bool:
    """Whether a mode, under the desktop's scheme, means the dark palette."""
    return mode == "dark" or (mode == "system" and scheme == Qt.ColorScheme.Dark)


_platform: list[QPalette] = []  # the palette the platform gave, before any theme was applied


def platform_palette(app: QApplication) -> QPalette:
    """The application's palette as the platform made it (kept from the first call)."""
    if not _platform:
        _platform.append(QPalette(app.palette()))
    return _platform[0]


class Theme(QObject):
    """Applies the chosen mode to the application and re-applies it when the desktop changes.

    The platform's own palette is kept from the start, so Light and System-on-a-light-desktop
    look exactly as before; Dark (or System on a dark desktop) swaps in dark_palette()."""

    changed = Signal(bool)  # dark or not, after the palette was applied

    def __init__(self, app: QApplication, store: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app
        self._store = store
        self._platform = platform_palette(app)
        self._scheme = system_scheme()
        saved = str(store.value(MODE_KEY, "system") or "system")
        self.mode = saved if saved in MODES else "system"
        self.dark = False
        app.styleHints().colorSchemeChanged.connect(self.scheme_changed)

    def set_mode(self, mode: str) -> None:
        """System, Light or Dark: applied now and remembered."""
        self.use(mode)
        self._store.setValue(MODE_KEY, mode)

    def use(self, mode: str) -> None:
        """A mode applied now, not remembered (reader gui --theme, screenshots)."""
        if mode not in MODES:
            raise ValueError(f"unknown theme {mode!r}; use one of {', '.join(MODES)}")
        self.mode = mode
        self.apply()

    def scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        """The desktop switched between light and dark: System follows it."""
        self._scheme = scheme
        if self.mode == "system":
            self.apply()

    def apply(self) -> None:
        """Set the palette for the mode and scheme; repolish so the stylesheet follows."""
        dark = wants_dark(self.mode, self._scheme)
        if dark:
            pal = self._platform if is_dark(self._platform) else dark_palette()
        else:
            pal = light_palette(self._platform)
        if dark and self._app.style().name().lower() == "windowsvista":
            self._app.setStyle("Fusion")  # the native Windows style ignores a dark palette
        self.dark = dark
        if pal != self._app.palette():
            self._app.setPalette(pal)
            for name in INDICATOR_CLASSES:
                self._app.setPalette(indicator_palette(pal), name)
            # Stylesheets resolve palette(...) when they are set: set it again to follow.
            sheet = self._app.styleSheet()
            if sheet:
                self._app.setStyleSheet("")
                self._app.setStyleSheet(sheet)
        self.changed.emit(dark)
