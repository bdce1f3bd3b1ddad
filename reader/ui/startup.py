"""Application start: QApplication, icon, window size, state, and the --screenshot mode."""

from __future__ import annotations

import os
import socket
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reader.ui import layout, state
from reader.ui.plain import plain
from reader.ui.quit_signals import quit_on_signals
from reader.ui.single_instance import SingleInstance

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

SCREENSHOT_SIZE = QSize(1280, 800)


class GuiOptions(Protocol):
    """What reader.cli.GuiOptions carries (ui may not import cli: the layers are siblings)."""

    library: Path
    screenshot: Path | None
    select: str | None
    query: str | None
    theme: str | None
    run_command: str | None
    commands: tuple[str, ...]


SCREENSHOT_TIMEOUT_MS = 60_000


def app_icon() -> QIcon:
    """The app icon: resources/icons/reader.svg plus its rendered PNG sizes."""
    icon = QIcon()
    icons = resources.files("reader.resources").joinpath("icons")
    for size in (16, 32, 48, 64, 128, 256):
        png = icons.joinpath(f"reader-{size}.png")
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = icons.joinpath("reader.svg")
    if svg.is_file():
        icon.addFile(str(svg))
    return icon


def application() -> QApplication:
    """The QApplication (created once) with names that QSettings uses."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "reader"])
    app.setOrganizationName(state.ORGANIZATION)
    app.setApplicationName(state.APPLICATION)
    app.setApplicationDisplayName("Reader")
    app.setDesktopFileName("reader")
    app.setWindowIcon(app_icon())
    qss = resources.files("reader.resources").joinpath("reader.qss")
    if qss.is_file() and not app.styleSheet():
        app.setStyleSheet(qss.read_text("utf-8"))
    return app


def screenshot_size() -> QSize:
    """READER_SCREENSHOT_SIZE=1920x1080 picks another size for --screenshot."""
    text = os.environ.get("READER_SCREENSHOT_SIZE", "")
    width, _, height = text.lower().partition("x")
    if width.isdigit() and height.isdigit():
        return QSize(int(width), int(height))
    return SCREENSHOT_SIZE


def default_size() -> QSize:
    """Most of the screen, within reason."""
    screen = QGuiApplication.primaryScreen()
    avail = screen.availableSize() if screen else QSize(1280, 800)
    return QSize(
        min(1600, max(900, int(avail.width() * 0.85))),
        min(1000, max(600, int(avail.height() * 0.85))),
    )


def place(window: MainWindow, screenshot: bool) -> None:
    """Restore saved geometry and panes, or use sizes that fit the screen."""
    if screenshot:
        layout.restore_state(window, geometry=False)
        size = screenshot_size()
        window.resize(size)
        window.splitter.setSizes(layout.default_sizes(window, size.width()))
        return
    if not layout.restore_state(window):
        size = default_size()
        window.resize(size)
        window.splitter.setSizes(layout.default_sizes(window, size.width()))


def take_screenshot(
    app: QApplication, window: MainWindow, out: Path, command: str | None = None
) -> None:
    """Save the window to out once the list, the paper and the counts are in; with a
    command (an id, like "rules.manage"), run it first and save the dialog it opens."""
    counted = False
    scheduled = False

    def shoot() -> None:
        dialog = app.activeModalWidget() if command else None
        ok = (dialog or window).grab().save(str(out))
        print(f"screenshot: {out}" if ok else f"could not write {out}", file=sys.stderr)
        if dialog is not None:
            dialog.close()
        window.close()
        app.exit(0 if ok else 1)

    def run_command() -> None:
        window.commands.run(command or "")
        QTimer.singleShot(1200, shoot)  # the dialog's numbers come from the writer thread

    def check() -> None:
        nonlocal scheduled
        rank = window.controllers.rank
        if window.settled() and rank.idle() and counted and not scheduled:
            scheduled = True
            # Late count updates land before the grab.
            QTimer.singleShot(400, run_command if command else shoot)

    def on_counted(*_args: object) -> None:
        nonlocal counted
        counted = True
        check()

    window.loaded.connect(check)
    window.writer.opened.connect(lambda _count: check())
    window.writer.job_done.connect(check)  # the last job may be what kept it unsettled
    window.finder.counted.connect(on_counted)
    window.controllers.rank.trained.connect(lambda _model: check())
    window.controllers.rank.similar_ready.connect(lambda _pid: check())
    window.controllers.rank.idled.connect(check)

    def too_slow() -> None:
        print("screenshot: the library did not load in time", file=sys.stderr)
        window.close()
        app.exit(1)

    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, too_slow)


def run_commands(window: MainWindow, commands: tuple[str, ...]) -> None:
    """`--command ID`: run commands once, after the first list is shown."""
    unknown = [c for c in commands if c not in window.commands.ids()]
    if unknown:
        print(f"reader: unknown command {unknown[0]!r}; see the palette", file=sys.stderr)
    todo = [c for c in commands if c not in unknown]
    if not todo:
        return

    def once() -> None:
        window.loaded.disconnect(once)
        for cid in todo:
            window.commands.run(cid)

    window.loaded.connect(once)


def already_running(instance: SingleInstance, opts: GuiOptions) -> int:
    """Another GUI holds this library: bring it forward, or say why we cannot open."""
    where = opts.library
    if opts.screenshot is None and instance.ask_running_to_show():
        print(
            f"Reader is already open on {where}; brought its window to the front.", file=sys.stderr
        )
        return 0
    pid = instance.holder_pid()
    text = (
        f"Reader is already open on the library {where}"
        + (f" (process {pid})" if pid else "")
        + ". Close that window first, or open another library with --library."
    )
    print(text, file=sys.stderr)
    if opts.screenshot is None and QGuiApplication.platformName() != "offscreen":
        box = QMessageBox(QMessageBox.Icon.Warning, "Reader is already open", text)
        plain(box)  # the library path is the user's, not markup
        box.exec()
    return 1


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise and raise the window (a second start asked for it)."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def no_display() -> str | None:
    """Why a window cannot open here (Linux without a reachable X11 or Wayland), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    display = os.environ.get("DISPLAY")
    if os.environ.get("WAYLAND_DISPLAY") or (display and x_server_answers(display)):
        return None
    why = (
        f"DISPLAY={display}, but no X server answers there"
        if display
        else "neither DISPLAY nor WAYLAND_DISPLAY is set"
    )
    return (
        f"reader: no display to open a window on ({why}).\n"
        "Use the command line (reader --help), or render the window to a file:\n"
        "  QT_QPA_PLATFORM=offscreen reader gui --screenshot out.png"
    )


def x_server_answers(display: str) -> bool:
    """Whether something listens where DISPLAY points; Qt aborts the process otherwise.
    Forms this does not know are left to Qt."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit() or host.startswith("/"):
        return True
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        return any(_connects(socket.AF_UNIX, addr) for addr in ("\0" + path, path))
    return _connects(socket.AF_INET, (host, 6000 + int(number)))


def _connects(family: socket.AddressFamily, address: str | tuple[str, int]) -> bool:
    try:
        if family == socket.AF_INET:
            socket.create_connection(address, timeout=2).close()  # type: ignore[arg-type]
            return True
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(address)
        return True
    except OSError:
        return False


def run(opts: GuiOptions, window_class: type[MainWindow]) -> int:
    """Open the window on opts.library and run the event loop."""
    why = no_display()
    if why is not None and opts.screenshot is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    elif why is not None:
        print(why, file=sys.stderr)  # Qt would abort with a plugin error instead
        return 1
    app = application()
    instance = SingleInstance(opts.library)
    if not instance.acquire():
        return already_running(instance, opts)
    app.aboutToQuit.connect(instance.release)
    window = window_class(opts.library, select=opts.select, query=opts.query)
    instance.activated.connect(lambda: bring_to_front(window))
    shot = opts.screenshot is not None
    window.persist_state = not shot
    if shot or opts.theme:  # a screenshot looks the same whatever this user chose
        window.look.for_this_run(opts.theme or "light", plain_size=shot)
    place(window, shot)
    app.aboutToQuit.connect(window.shutdown)
    # The session is ending: store the note now, whatever comes next (SIGTERM, a kill).
    app.commitDataRequest.connect(lambda _manager: window.save_notes_now())
    quit_on_signals(app)
    if opts.screenshot is not None:
        take_screenshot(app, window, opts.screenshot, opts.run_command)
    run_commands(window, opts.commands)
    window.show()
    window.start()
    return app.exec()


def run_gui(opts: GuiOptions) -> int:
    """`reader [gui]`: create the application, open the window, run until quit."""
    from reader.ui.main_window import MainWindow

    return run(opts, MainWindow)
