"""The keys the latency benchmark presses, each timed to the frame that shows its change."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bench.latency_lib import log
from bench.latency_window import Bench, key, ms, now

# 1-, 2- and 3-word searches over the generated corpus (bench/fts.py has their hit counts).
SEARCHES = ("transformer", "graph neural", "diffusion image generation")
Samples = dict[str, list[float]]


def move(b: Bench, letter: str) -> float:
    """`j`/`k`: key -> the abstract pane painted with the next paper."""
    before = b.win.notes.paper_id
    t0 = now()
    key(b.win.table, letter)
    shown = b.paint_after("abstract", lambda: t0, f"`{letter}` to show an abstract")
    if b.win.notes.paper_id == before:
        raise RuntimeError(f"`{letter}` did not move to another paper")
    b.settle(t0)
    return ms(shown - t0)


def changed_after(b: Bench, t0: float) -> float | None:
    return next((t for t in b.probe.changed if t > t0), None)


def triage(b: Bench, keys: str) -> tuple[float, float]:
    """`s`, `q`, `Ctrl+Z`: key -> the list row repainted with the change, and -> settled
    (the write done, the counts beside the list updated, nothing left to paint)."""
    t0 = now()
    key(b.win.table, keys)
    row = b.paint_after("list", lambda: changed_after(b, t0), f"`{keys}` to repaint its row")
    settled = b.settle(t0)
    return ms(row - t0), ms(settled - t0)


def quick_queue(b: Bench, presses: int = 5) -> float:
    """Five `q` as fast as keys come: first key -> every change shown and settled.

    Each round starts on papers no earlier round queued (a `q` on a queued paper changes
    nothing, so it would repaint nothing)."""
    b.quick_rounds += 1
    start = b.win.model.id_at(min(10 + 6 * b.quick_rounds, b.win.model.rowCount() - presses))
    # QTest's Ctrl+Z leaves Ctrl as the last modifiers seen, so a programmatic select
    # would add to the selection (a user's hand lifts Ctrl): clear it first.
    b.win.table.clearSelection()
    b.win.table.select_id(start)
    b.settle(now())
    t0 = now()
    for _ in range(presses):
        key(b.win.table, "q")
    settled = b.settle(t0)  # every job done (a `q` that changed nothing repaints nothing)
    rows = sum(t > t0 for t in b.probe.changed)
    if rows < presses:
        log(f"{presses} quick `q` repainted {rows} rows: {b.win.statusBar().currentMessage()!r}")
    return ms(settled - t0)


def listed_after(b: Bench, t0: float) -> float | None:
    return next((t for t, _rows in b.probe.resets if t > t0), None)


def search(b: Bench, text: str) -> float:
    """Type a query in the search field: last key -> the list painted with its results
    (the search field's debounce included: it is what the user waits for)."""
    field = b.win.search
    field.setFocus()
    QTest.keyClicks(field, text[:-1])
    t0 = now()
    key(field, text[-1])

    def listed() -> float | None:
        return listed_after(b, t0) if b.win.request.query == text else None

    shown = b.paint_after("list", listed, f"the results of {text!r}")
    b.settle(t0)
    t1 = now()
    QTest.keyClick(field, Qt.Key.Key_Escape)  # back to the list, the results kept
    QTest.keyClick(b.win.table, Qt.Key.Key_Escape)  # Esc in the list: the whole view again
    b.paint_after("list", lambda: listed_after(b, t1), "the cleared search")
    b.settle(t1)
    b.win.table.setFocus()
    return ms(shown - t0)


def view(b: Bench, second: str) -> float:
    """`g i` / `g p`: second key -> the list painted with the other view."""
    key(b.win.table, "g")
    t0 = now()
    key(b.win.table, second)
    shown = b.paint_after("list", lambda: listed_after(b, t0), f"`g {second}`")
    b.settle(t0)
    b.win.table.setFocus()
    return ms(shown - t0)


def moves(b: Bench, out: Samples) -> None:
    for letter in ("j", "k"):
        out["j"].append(move(b, letter))


def triages(b: Bench, out: Samples) -> None:
    for name, keys in (("star", "s"), ("star", "s"), ("queue", "q"), ("undo", "Ctrl+Z")):
        first, settled = triage(b, keys)
        out[name].append(first)
        out[f"{name}_settled"].append(settled)


def quick(b: Bench, out: Samples) -> None:
    out["queue_x5_settled"].append(quick_queue(b))


def searches(b: Bench, out: Samples) -> None:
    for text in SEARCHES:
        took = search(b, text)
        out["search"].append(took)
        out[f"search_{len(text.split())}w"].append(took)


def views(b: Bench, out: Samples) -> None:
    for second in ("i", "p"):
        out["view"].append(view(b, second))


# Groups of actions; `--only` picks some (to profile one action alone).
GROUPS = {"move": moves, "triage": triages, "quick": quick, "search": searches, "view": views}


def run_actions(b: Bench, repeat: int, only: list[str] | None = None) -> Samples:
    """`repeat` rounds of every action (or of the `only` groups), each from a settled window."""
    out: Samples = defaultdict(list)
    b.win.table.setFocus()
    for _ in range(repeat):
        for name in only or GROUPS:
            GROUPS[name](b, out)
    return dict(out)
