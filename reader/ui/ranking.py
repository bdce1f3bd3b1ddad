"""The window's ranking: "For you" and "like a tag" sorts, training and similar papers off
the GUI thread, and the paper pane's "why" and similar-papers section."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from reader.core.changes import Changes
from reader.core.listing import FOR_YOU, ListRequest
from reader.core.models import Paper
from reader.core.rank_serve import RankProcess
from reader.core.tex_display import tex_html
from reader.ui.context import Context
from reader.ui.triage import Triage

if TYPE_CHECKING:  # numpy loads in the ranking process, not while the window opens
    from reader.core.rank_model import Model

SIMILAR = 5  # papers listed under the abstract, each one key away (paper.similar1..5)
RETRAIN_AFTER_MS = 1500  # triage comes in bursts: train once the keys pause
SIMILAR_AFTER_MS = 150  # j held down: only the paper the cursor rests on is looked up
# reader.core.ranking.model_path(folder, None), named here so the GUI thread need not
# import the ranking (and numpy) to ask whether For you has been used.
STORED = Path("ranking") / "for-you.json"
DECISION_KINDS = frozenset({"star", "status", "trash", "tags", "note", "deleted"})


class _RankWorker(QObject):
    """Asks the ranking process (training, similar papers) from its own thread: the thread
    waits on a pipe, so neither the GUI thread nor the GIL waits for the work."""

    trained = Signal(object, object)  # tag or None, Model
    similar_found = Signal(int, object)  # paper id, [(id, title, cosine)]
    failed = Signal(str)

    def __init__(self, folder: Path, readonly: bool) -> None:
        super().__init__()
        self.process = RankProcess(folder, readonly)

    @Slot(object)
    def train(self, tag: str | None) -> None:
        try:
            model = self.process.call("train", tag)
        except Exception as exc:  # a ranking failure must not take the window with it
            self.failed.emit(f"ranking failed: {exc}")
            return
        self.trained.emit(tag, model)

    @Slot(int)
    def similar(self, pid: int) -> None:
        try:
            found = self.process.call("similar", (pid, SIMILAR))
        except Exception as exc:
            self.failed.emit(f"similar papers failed: {exc}")
            return
        self.similar_found.emit(pid, found)

    @Slot()
    def stop(self) -> None:
        self.process.close()
        QThread.currentThread().quit()


class Ranker(QObject):
    """What the ranking commands act on; owns the ranking thread."""

    trained = Signal(object)  # Model (tests and screenshots wait for it)
    similar_ready = Signal(int)  # the similar papers of this paper are known
    idled = Signal()  # a timer ran out with nothing to ask of the ranking thread
    _train = Signal(object)
    _similar = Signal(int)
    _stop = Signal()

    def __init__(
        self,
        ctx: Context,
        triage: Triage,
        folder: Path,
        apply: Callable[[ListRequest, int | None], None],
        rerender: Callable[[int], None],
        readonly: bool = False,
    ) -> None:
        super().__init__(ctx.parent)
        self.ctx, self.triage, self.folder = ctx, triage, Path(folder)
        self._apply, self._rerender = apply, rerender
        self.models: dict[str | None, Model] = {}
        self.similar: dict[int, list[tuple[int, str, float]]] = {}
        self.training = 0  # requests sent and not answered
        self._shown: int | None = None
        self._retrain = QTimer(self, singleShot=True, interval=RETRAIN_AFTER_MS)
        self._retrain.timeout.connect(self._train_in_use)
        self._lookup = QTimer(self, singleShot=True, interval=SIMILAR_AFTER_MS)
        self._lookup.timeout.connect(self._ask_similar)
        self._thread = QThread()
        self._thread.setObjectName("reader-rank")
        self._worker = _RankWorker(self.folder, readonly)
        self._worker.moveToThread(self._thread)
        self._train.connect(self._worker.train)
        self._similar.connect(self._worker.similar)
        self._stop.connect(self._worker.stop)
        self._worker.trained.connect(self._trained)
        self._worker.similar_found.connect(self._found)
        self._worker.failed.connect(self._failed)  # a method: queued to the GUI thread
        ctx.writer.changed.connect(self.changed)
        self._thread.start()

    # -- commands --------------------------------------------------------------------

    def show_for_you(self, like: str | None = None) -> None:
        """The Inbox, best liked first (by the model of `like`'s tag when given)."""
        req = replace(self.ctx.listed(), view="inbox", tags=(), feed=None, sort=FOR_YOU, like=like)
        req = replace(req, descending=None)
        self._apply(req, None)
        self.train(like)

    def ask_like_tag(self) -> None:
        """Ask for a tag, then rank the Inbox by papers like it."""
        dialog = self.triage.prompt("Papers like a tag", "tag name", self.triage.tag_counts())
        dialog.submitted.connect(lambda names: self.show_for_you(names[0]))

    def reset(self) -> None:
        """Forget every trained ranking (the files in <library>/ranking/)."""
        from reader.core import ranking

        if ranking.reset(self.folder):
            self.ctx.report("Forgot the trained rankings; they are learned again when used.")
        else:
            self.ctx.report("No trained ranking to forget.")
        self.models.clear()
        if self.ctx.listed().sort == FOR_YOU:
            self.train(self.ctx.listed().like)

    def open_similar(self, n: int) -> None:
        """Alt+n: select the n-th similar paper (in the current list, else in All papers)."""
        found = self.similar.get(self._shown or -1, [])
        if n > len(found):
            self.ctx.report(f"No similar paper {n} for this paper.")
            return
        pid = found[n - 1][0]
        if not self.ctx.table.select_id(pid):  # not listed here: all papers, then select it
            self._apply(replace(self.ctx.listed(), view="all", tags=(), feed=None, query=""), pid)
        self.ctx.table.setFocus()

    # -- training --------------------------------------------------------------------

    def train(self, tag: str | None = None) -> None:
        """Ask the ranking thread for a current model (it trains only when stale)."""
        self.training += 1
        self._train.emit(tag)

    def changed(self, changes: Changes) -> None:
        """After triage (or an import), train again once the keys pause."""
        if changes.kinds & DECISION_KINDS or changes.added:
            self._retrain.start()

    def _train_in_use(self) -> None:
        req = self.ctx.listed()
        if req.sort == FOR_YOU:
            self.train(req.like)
        elif (self.folder / STORED).exists():
            self.train(None)  # kept current so "For you" opens ranked at once
        else:
            self.idled.emit()  # nothing to train: whoever waits for quiet may go on

    def _trained(self, tag: str | None, model: Model) -> None:
        self.training -= 1
        old = self.models.get(tag)
        self.models[tag] = model
        req = self.ctx.listed()
        if req.sort == FOR_YOU and req.like == tag:
            if old is None or old.signature != model.signature:
                self._apply(req, None)  # the list in the new order (the selection stays)
            if self._shown is not None:
                self._rerender(self._shown)
            if not model.ready:
                self.ctx.report(f"For you {model.needs}; newest first until then.", 10000)
        self.trained.emit(model)

    @Slot(str)
    def _failed(self, text: str) -> None:
        self.ctx.report(text, 8000)

    # -- the paper pane --------------------------------------------------------------

    def paper_shown(self, pid: int | None) -> None:
        """A paper is in the pane: look up its similar papers once the cursor rests."""
        self._shown = pid
        if pid is not None and pid not in self.similar:
            self._lookup.start()

    def _ask_similar(self) -> None:
        if self._shown is not None and self._shown not in self.similar:
            self._similar.emit(self._shown)
        else:
            self.idled.emit()

    def _found(self, pid: int, found: list[tuple[int, str, float]]) -> None:
        if len(self.similar) > 500:
            self.similar.clear()  # a cache, not a store: long sessions stay small
        self.similar[pid] = found
        if pid == self._shown:
            self._rerender(pid)
        self.similar_ready.emit(pid)

    def why(self, paper: Paper) -> str:
        """HTML for above the abstract: what pushed the paper up (ranked lists only)."""
        req = self.ctx.listed()
        if req.sort != FOR_YOU:
            return ""
        model = self.models.get(req.like)
        label = f"Like ‘{html.escape(req.like)}’" if req.like else "For you"
        if model is None:
            return f'<p class="why"><span class="label">{label}:</span> ranking…</p>'
        if not model.ready:
            text = html.escape(f"{model.needs}; newest first until then")
            return f'<p class="why"><span class="label">{label}:</span> {text}</p>'
        reasons = model.reasons(
            paper.title, paper.abstract, [a.name for a in paper.authors], list(paper.categories)
        )
        if not reasons:
            return f'<p class="why"><span class="label">{label}:</span> nothing you liked.</p>'
        parts = [
            f"<b>{html.escape(r.text)}</b>" + ("" if r.kind == "word" else f" ({r.kind})")
            for r in reasons
        ]
        return (
            f'<p class="why"><span class="label">Why here ({label}):</span> {", ".join(parts)}</p>'
        )

    def similar_html(self, pid: int) -> str:
        """HTML for under the abstract: the similar papers, each with its key."""
        found = self.similar.get(pid)
        if found is None:
            return '<h4>Similar papers</h4><p class="empty">Looking…</p>'
        if not found:
            return '<h4>Similar papers</h4><p class="empty">None in this library.</p>'
        items = []
        for n, (_, title, _score) in enumerate(found, start=1):
            key = self.ctx.commands.action(f"paper.similar{n}").shortcut().toString()
            items.append(
                f'<li><span class="label">{html.escape(key)}</span> {tex_html(title)}</li>'
            )
        return "<h4>Similar papers</h4><ul>" + "".join(items) + "</ul>"

    def idle(self) -> bool:
        """Nothing asked of the ranking thread is outstanding (screenshots wait for it)."""
        waiting = self._lookup.isActive() or self._retrain.isActive()
        shown_done = self._shown is None or self._shown in self.similar
        return self.training == 0 and not waiting and shown_done

    def stop(self) -> None:
        """Stop the ranking thread (a training in progress finishes first)."""
        self._retrain.stop()
        self._lookup.stop()
        if self._thread.isRunning():
            self._stop.emit()
            self._thread.wait()
