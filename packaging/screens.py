"""Render the real window and its dialogs to PNGs, to look at before and after a UI change.

    python packaging/screens.py --out screens/          # everything (20k library cached)
    python packaging/screens.py --out s/ --no-big --sizes 800x600

Writes <library>-<theme>-<W>x<H>.png for the sample library (plain, with the first-launch
guide, and a search with a note) and a generated 20,000-paper library (bench.generate),
and dialog-<name>-<theme>.png for every dialog in DIALOGS. Runs offscreen; never touches
your settings or libraries.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ and reader/ from this checkout
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QSize, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from reader.core import queries  # noqa: E402
from reader.core.library import Library  # noqa: E402
from reader.core.models import Status  # noqa: E402
from reader.export_sync import export_to_file  # noqa: E402
from reader.feeds.files import read_feed  # noqa: E402
from reader.ui import layout, startup, state  # noqa: E402
from reader.ui.main_window import MainWindow  # noqa: E402
from reader.ui.settings import CONFIG_ENV  # noqa: E402

SAMPLE = ROOT / "resources" / "sample-feed.txt"
VIT = "VisionTransformersOutperform"
NOTE = """Strong baseline for **ViT vs CNN** comparisons.

- Fig. 3: accuracy vs. compute, read again
- compare with [DeiT](https://arxiv.org/abs/2012.12877)
"""
BROKEN_BIB = """@article{good2021, title={A Paper That Imports}, author={Doe, Jane}, year={2021}}
@article{nope, title={An entry with no closing brace
@misc{empty2020, note={no title at all}, year={2020}}
"""
THEMES = ("light", "dark")
SIZES = (QSize(1440, 900), QSize(800, 600))
SHOT_TIMEOUT_S = 120


@dataclass(frozen=True)
class Scene:
    """One picture of the window: which library, and what it shows."""

    name: str
    folder: Path
    select: str | None = None
    query: str | None = None
    command: str | None = None  # run once the list is in
    first_launch: bool = False  # as a real first start: the Inbox, the guide by itself


def pump(ms: int) -> None:
    """Let Qt run for ms milliseconds (a script may wait; the app never does this)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(ready: Callable[[], bool], what: str, timeout_s: float = SHOT_TIMEOUT_S) -> None:
    """Pump events until ready() or fail with what was awaited."""
    end = time.monotonic() + timeout_s
    while not ready():
        if time.monotonic() > end:
            raise SystemExit(f"screens: timed out waiting for {what}")
        pump(50)


def isolate(tmp: Path) -> None:
    """QSettings and settings.toml in tmp: the pictures neither read nor change yours."""
    os.environ[CONFIG_ENV] = str(tmp / "config")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))


def sample_library(folder: Path) -> Path:
    """The bundled sample feed with a little use: stars, tags, a queue, a note, an export."""
    with Library(folder) as lib:
        parsed = read_feed(SAMPLE)
        lib.import_records(parsed.records, "hf-page:sample-feed.txt")
        vit = queries.resolve(lib.conn, VIT)
        assert vit is not None, "the sample feed lost its ViT paper"
        lib.set_starred([vit, 3, 8, 12], True)
        lib.add_tags([vit, 5, 9], ["vision"])
        lib.add_tags([vit, 3], ["to-cite"])
        lib.save_note(vit, NOTE)
        lib.save_note(12, "Skim the ablations.")
        lib.set_status(range(20, 26), Status.QUEUED)
        lib.set_status(range(30, 34), Status.READ)
        lib.save_rule("diffusion", "title:diffusion", "tag:diffusion")
        lib.save_rule("benchmarks", "abstract:benchmark AND NOT tag:vision", "queue")
        lib.set_rule_enabled("benchmarks", False)
        lib.backup("before the screenshots")
        export_to_file(lib, "is:starred", "bibtex", folder.parent / "starred.bib", False, True)
    return folder


def big_library(n: int, cache: Path, dest: Path) -> Path:
    """bench's generated library of n papers, built once into cache, copied to dest."""
    from bench.latency_lib import cached_library, working_copy

    os.environ["PYTHONPATH"] = str(ROOT)  # the cache is built by `python -m bench.latency`
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        cached = cached_library(n, cache)
    finally:
        os.chdir(cwd)
    return working_copy(cached, dest)


def open_window(scene: Scene, size: QSize, theme: str) -> MainWindow:
    """The real window on a scene's library, laid out as a first start at this size."""
    window = MainWindow(scene.folder, select=scene.select, query=scene.query)
    # A first start is one with nothing remembered: the settings here are isolate()'s.
    window.persist_state = scene.first_launch
    if scene.first_launch:
        store = state.settings()
        store.clear()
        store.sync()
    window.look.for_this_run(theme, plain_size=True)  # the app's palette: dialogs too
    startup.place(window, screenshot=True)
    window.resize(size)
    window.splitter.setSizes(layout.default_sizes(window, size.width()))
    counted: list[bool] = []
    window.finder.counted.connect(lambda *_a: counted.append(True))
    window.show()
    window.start()
    wait_for(lambda: window.first_load_done and window.settled() and bool(counted), scene.name)
    # Similar papers arrive from their own thread: a picture waits for them (briefly).
    end = time.monotonic() + 20
    while "Looking…" in window.abstract.toPlainText() and time.monotonic() < end:
        pump(50)
    if scene.command and scene.command in window.commands.ids():
        window.commands.run(scene.command)
    pump(400)  # late counts and the first paint of every pane
    return window


def close(window: MainWindow) -> None:
    """Close as a user would, then wait for the threads to stop."""
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.close()
    window.close()
    wait_for(window.closing, "the window to close", 30)


def save(widget: QWidget, out: Path) -> Path:
    """The widget as it is painted now, as a PNG."""
    if not widget.grab().save(str(out)):
        raise SystemExit(f"screens: could not write {out}")
    print(out, file=sys.stderr)
    return out


def _command(command_id: str) -> Callable[[MainWindow, Path], None]:
    def run(window: MainWindow, _tmp: Path) -> None:
        window.commands.run(command_id)

    run.command_id = command_id  # type: ignore[attr-defined]
    return run


def _import_report(window: MainWindow, tmp: Path) -> None:
    bib = tmp / "with-problems.bib"
    bib.write_text(BROKEN_BIB, encoding="utf-8")
    window.importer.start(bib)


# name -> how a user opens it; helpers adding a dialog add a row here.
DIALOGS: dict[str, Callable[[MainWindow, Path], None]] = {
    "palette": _command("app.palette"),
    "cheatsheet": _command("help.keys"),
    "tag-manager": _command("tags.manage"),
    "export": _command("file.export"),
    "saved-exports": _command("file.saved_exports"),
    "backups": _command("file.restore_backup"),
    "import-report": _import_report,
    "add-identifiers": _command("paper.add_ids"),
    "add-feed": _command("feeds.add"),
    "tag-prompt": _command("tag.add"),
    "about": _command("help.about"),
    "rules": _command("rules.manage"),
    "statistics": _command("stats.show"),
}


def new_top_level(window: MainWindow, before: set[int]) -> QWidget | None:
    """A visible top-level widget that appeared since `before` (a dialog, a popup)."""
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible() and id(widget) not in before:
            return widget
    return None


class DialogCatcher:
    """Pictures the next new top-level widget and closes it, from a timer: that timer also
    runs inside a dialog's own exec() loop (QInputDialog.getText), which never returns to
    us until the dialog is closed."""

    def __init__(self, window: MainWindow, out: Path) -> None:
        self.window, self.out = window, out
        self.before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        self.seen_at: float | None = None
        self.done = False
        self.timer = QTimer(interval=100)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        dialog = new_top_level(self.window, self.before)
        if dialog is None:
            return
        now = time.monotonic()
        if self.seen_at is None:
            self.seen_at = now  # let its content fill in (counts, the backups list)
        elif now - self.seen_at > 0.4:
            self.timer.stop()
            save(dialog, self.out)
            dialog.close()
            self.done = True


def shoot_dialogs(window: MainWindow, names: list[str], theme: str, out: Path, tmp: Path) -> None:
    """Open each dialog as its command does, picture it, close it."""
    known = set(window.commands.ids())
    for name in names:
        needs = getattr(DIALOGS[name], "command_id", None)
        if needs is not None and needs not in known:
            print(f"screens: no {needs} command in this version; {name} skipped", file=sys.stderr)
            continue
        catcher = DialogCatcher(window, out / f"dialog-{name}-{theme}.png")
        DIALOGS[name](window, tmp)
        wait_for(lambda c=catcher: c.done, f"dialog {name}", 30)
        pump(100)


def shoot_window(scene: Scene, theme: str, size: QSize, out: Path) -> Path:
    """One picture of the window."""
    window = open_window(scene, size, theme)
    try:
        return save(window, out / f"{scene.name}-{theme}-{size.width()}x{size.height()}.png")
    finally:
        close(window)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    p = argparse.ArgumentParser(prog="packaging/screens.py", description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "screens")
    p.add_argument("--sizes", default=",".join(f"{s.width()}x{s.height()}" for s in SIZES))
    p.add_argument("--themes", default=",".join(THEMES))
    p.add_argument("--papers", type=int, default=20_000, help="size of the generated library")
    p.add_argument("--no-big", action="store_true", help="skip the generated library")
    p.add_argument("--no-dialogs", action="store_true")
    p.add_argument("--only", default="", help="comma-separated scene names (e.g. sample)")
    p.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "reader-screens")
    return p.parse_args(argv)


def scenes(args: argparse.Namespace, tmp: Path) -> list[Scene]:
    """The libraries and what each picture of them shows."""
    sample = sample_library(tmp / "sample" / "library")
    found = [
        Scene("sample", sample),
        Scene("sample-guide", sample, first_launch=True),
        Scene("sample-search", sample, select=VIT, query="vision transformers"),
    ]  # the dialogs open over the search (index 2)
    if not args.no_big:
        big = big_library(args.papers, args.cache, tmp / "big" / "library")
        found.append(Scene(f"generated-{args.papers // 1000}k", big))
    return found


def main(argv: list[str] | None = None) -> int:
    """Render every scene at every size and theme, then the dialogs."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = [QSize(*map(int, s.split("x"))) for s in args.sizes.split(",") if s]
    tmp = Path(tempfile.mkdtemp(prefix="reader-screens-"))
    try:
        isolate(tmp)
        all_scenes = scenes(args, tmp)
        only = [n for n in args.only.split(",") if n]
        shown = [s for s in all_scenes if not only or s.name in only]
        startup.application()
        themes = args.themes.split(",")
        for theme in themes:
            for scene in shown:
                for size in sizes:
                    shoot_window(scene, theme, size, args.out)
        # Last: the import report adds a paper to the sample library.
        for theme in themes if not args.no_dialogs else []:
            window = open_window(all_scenes[2], SIZES[0], theme)  # the search
            shoot_dialogs(window, list(DIALOGS), theme, args.out, tmp)
            close(window)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
