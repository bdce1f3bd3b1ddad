"""The "For you" ranking: decisions from triage, training, stored scores, order and reset."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import numpy as np

from reader.core.models import PaperId
from reader.core.rank_model import Model, fit_logistic, keep_largest, load_model, save_model
from reader.core.rank_text import corpus_for, folder_of, library_signature, rank_dir

MIN_POSITIVE = 5  # below this many liked and dismissed papers the model ranks at random
MIN_NEGATIVE = 5
FOR_YOU = "for-you"

# Liked now: starred, queued, read, tagged or noted. Dismissal candidates: archived or
# trashed. The decision log (reader.core.decisions) tells which of those were dismissed
# straight from the Inbox (their first archive or trash came from 'new', by the user, not
# by a rule) and which were read once before being archived (liked).
_LIKED = (
    "(s.starred = 1 OR s.status IN ('queued', 'read') "
    "OR EXISTS (SELECT 1 FROM paper_tags pt WHERE pt.paper_id = s.paper_id) "
    "OR EXISTS (SELECT 1 FROM notes n WHERE n.paper_id = s.paper_id AND trim(n.body) != ''))"
)
_STATE_SQL = f"""
SELECT s.paper_id, {_LIKED}, s.trashed FROM paper_state s
WHERE s.trashed = 1 OR s.status = 'archived' OR {_LIKED}
"""
_FIRST_DISMISSAL_SQL = """
SELECT paper_id, from_status = 'new' AND via != 'rule' FROM decisions
WHERE id IN (SELECT min(id) FROM decisions WHERE action IN ('archive', 'trash')
             GROUP BY paper_id)
"""
_READ_ONCE_SQL = "SELECT DISTINCT paper_id FROM decisions WHERE action = 'read'"
_TAGGED_SQL = """
SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id
JOIN paper_state s ON s.paper_id = pt.paper_id
WHERE t.name_key = ? AND s.trashed = 0
"""


@dataclass(frozen=True)
class Decisions:
    """Papers the user liked and dismissed, as the model sees them."""

    positives: frozenset[int]
    negatives: frozenset[int]

    def signature(self, library: str) -> str:
        """A short digest of these decisions and the library's text."""
        digest = hashlib.sha1(library.encode())
        for group in (self.positives, self.negatives):
            digest.update(b"|" + ",".join(map(str, sorted(group))).encode())
        return digest.hexdigest()

    def needs(self, liked: str = "liked") -> str | None:
        """Why these are too few to rank, or None when they suffice."""
        short = []
        if len(self.positives) < MIN_POSITIVE:
            short.append(f"{len(self.positives)} of {MIN_POSITIVE} {liked}")
        if len(self.negatives) < MIN_NEGATIVE:
            short.append(f"{len(self.negatives)} of {MIN_NEGATIVE} dismissed")
        return "needs more decisions: " + ", ".join(short) if short else None


def _logged(conn: sqlite3.Connection) -> tuple[dict[int, bool], set[int]]:
    """From the decision log: was each dismissal straight from the Inbox; papers read once."""
    has_log = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'"
    ).fetchone()
    if not has_log:
        return {}, set()
    straight = {pid: bool(ok) for pid, ok in conn.execute(_FIRST_DISMISSAL_SQL)}
    return straight, {r[0] for r in conn.execute(_READ_ONCE_SQL)}


def decisions(conn: sqlite3.Connection, tag: str | None = None) -> Decisions:
    """Liked and dismissed papers from the library's state and decision log; for a tag,
    liked means tagged with it and dismissed means every other decision."""
    pos: set[int] = set()
    neg: set[int] = set()
    straight, read_once = _logged(conn)
    for pid, liked_now, trashed in conn.execute(_STATE_SQL):
        from_inbox = straight.get(pid, True)  # unlogged (older libraries): count it
        if trashed:
            if from_inbox:
                neg.add(pid)
        elif liked_now or pid in read_once:
            pos.add(pid)
        elif from_inbox:
            neg.add(pid)
    if tag is None:
        return Decisions(frozenset(pos), frozenset(neg))
    tagged = {r[0] for r in conn.execute(_TAGGED_SQL, [tag.casefold()])}
    return Decisions(frozenset(tagged), frozenset((pos | neg) - tagged))


def model_name(tag: str | None) -> str:
    """The name of the model for a tag (or the "For you" model)."""
    return FOR_YOU if tag is None else f"tag:{tag.casefold()}"


def model_path(folder: Path, tag: str | None) -> Path:
    """<library>/ranking/for-you.json, or tag-<name>.json for a tag's model."""
    stem = FOR_YOU if tag is None else "tag-" + quote(tag.casefold(), safe="")
    return rank_dir(folder) / f"{stem}.json"


def train(
    conn: sqlite3.Connection, folder: Path | None = None, tag: str | None = None, *, store=True
) -> tuple[Model, dict[int, float]]:
    """Fit the model on the current decisions and score every paper; stored unless not."""
    started = time.perf_counter()
    folder = folder_of(conn) if folder is None else Path(folder)
    found = decisions(conn, tag)
    signature = found.signature(library_signature(conn))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    model = Model(model_name(tag), now, len(found.positives), len(found.negatives), signature)
    model.needs = found.needs(f"tagged {tag}" if tag else "liked")
    scores: dict[int, float] = {}
    if model.ready:
        corpus = corpus_for(conn, folder, store=store)
        rows_pos = corpus.rows(sorted(found.positives))
        rows_neg = corpus.rows(sorted(found.negatives))
        rows = np.concatenate([rows_pos, rows_neg])
        y = np.concatenate([np.ones(len(rows_pos)), np.zeros(len(rows_neg))])
        w, b = fit_logistic(corpus.submatrix(rows), y)
        model.bias = b
        model.weights, model.idf = keep_largest(corpus.terms, w, corpus.idf)
        raw = corpus.matvec(w) + b
        scores = dict(zip(corpus.ids.tolist(), raw.tolist(), strict=True))
    model.train_seconds = round(time.perf_counter() - started, 3)
    if store:
        save_model(model, scores, model_path(folder, tag))
        _CACHE.pop(model_path(folder, tag), None)
    return model, scores


_CACHE: dict[Path, tuple[tuple[int, int], Model, dict[int, float]]] = {}


def stored(folder: Path, tag: str | None = None) -> tuple[Model, dict[int, float]] | None:
    """The stored model and scores (read once per change of the file)."""
    path = model_path(folder, tag)
    try:
        st = path.stat()
    except OSError:
        return None
    key = (st.st_mtime_ns, st.st_size)
    hit = _CACHE.get(path)
    if hit is not None and hit[0] == key:
        return hit[1], hit[2]
    loaded = load_model(path)
    if loaded is None:
        return None
    _CACHE[path] = (key, *loaded)
    return loaded


def is_stale(conn: sqlite3.Connection, folder: Path, tag: str | None = None) -> bool:
    """True when there is no stored model or decisions or papers changed since training."""
    found = stored(folder, tag)
    if found is None:
        return True
    current = decisions(conn, tag).signature(library_signature(conn))
    return found[0].signature != current


def ensure(
    conn: sqlite3.Connection, folder: Path, tag: str | None = None, *, store: bool = True
) -> tuple[Model, dict[int, float]]:
    """The stored model when it is current, else a freshly trained one."""
    found = stored(folder, tag)
    if found is not None and not is_stale(conn, folder, tag):
        return found
    return train(conn, folder, tag, store=store)


def order(
    conn: sqlite3.Connection, ids: list[PaperId], tag: str | None, descending: bool
) -> list[PaperId]:
    """Ids best first by the stored model (unscored after, in their order); unchanged
    (newest first) while there is no ready model."""
    found = stored(folder_of(conn), tag)
    if found is None or not found[0].ready:
        return ids if descending else ids[::-1]
    scores = found[1]
    scored = sorted((i for i in ids if i in scores), key=lambda i: -scores[i])
    if not descending:
        scored.reverse()
    rest = [i for i in ids if i not in scores]
    return scored + rest


def reset(folder: Path) -> bool:
    """Forget every model and the cached vectors; True if there was something to forget."""
    target = rank_dir(folder)
    _CACHE.clear()
    if not target.exists():
        return False
    shutil.rmtree(target)
    return True
