"""The command line's ranking commands: rank (train, show, reset) and similar."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli_format import paper_json, paper_line
from reader.core import listing, queries
from reader.core.library import Library
from reader.core.plural import plural

if TYPE_CHECKING:  # numpy loads only for the commands that rank
    from reader.core.rank_model import Model

AddParser = Callable[..., argparse.ArgumentParser]


class RankError(Exception):
    """A ranking command that cannot run (unknown paper, read-only reset): one line, exit 1."""


def add_parsers(add: AddParser) -> None:
    """Register rank and similar on the main parser."""
    p = add("rank", "train the For you ranking on your decisions; show what it learned")
    p.add_argument("--tag", metavar="TAG", help="the model of papers like this tag instead")
    p.add_argument("--reset", action="store_true", help="forget every trained ranking")
    p.add_argument("--json", action="store_true", help="print the model's state as JSON")
    p = add("similar", "papers most like one paper (title, abstract, authors, categories)")
    p.add_argument("ref", metavar="ID|CITEKEY")
    p.add_argument("--limit", type=int, default=5, metavar="N")
    p.add_argument("--json", action="store_true", help="print papers as JSON")


def add_list_options(p: argparse.ArgumentParser) -> None:
    """`reader list --like TAG` (with --sort for-you: rank by the tag's model)."""
    p.add_argument("--like", metavar="TAG", help="with --sort for-you: papers like this tag")


def prepare(lib: Library, req: listing.ListRequest) -> None:
    """Before a for-you listing: train if decisions changed; say so when it cannot rank."""
    if req.sort != listing.FOR_YOU:
        return
    from reader.core import ranking

    if lib.readonly:  # nothing can be stored: the order is the one stored with the library
        if ranking.stored(lib.folder, req.like) is None:
            print(
                "reader: read-only library without a stored ranking; newest first", file=sys.stderr
            )
        return
    model, _scores = ranking.ensure(lib.conn, lib.folder, req.like)
    if not model.ready:
        print(f"reader: {_title(req.like)} {model.needs}; newest first until then", file=sys.stderr)


def _title(tag: str | None) -> str:
    return f"ranking like {tag!r}" if tag else "For you"


def _learned(model: Model, top: int = 8) -> str:
    from reader.core.rank_text import describe

    liked = sorted(model.weights.items(), key=lambda kv: -kv[1])[:top]
    return ", ".join(describe(t) for t, w in liked if w > 0)


def cmd_rank(lib: Library, ns: argparse.Namespace) -> int:
    from reader.core import ranking

    if ns.reset:
        if lib.readonly:
            raise RankError("the library is read-only; its ranking cannot be reset here")
        gone = ranking.reset(lib.folder)
        print("forgot the trained rankings" if gone else "no trained ranking to forget")
        return 0
    model, scores = ranking.ensure(lib.conn, lib.folder, ns.tag, store=not lib.readonly)
    where = ranking.model_path(lib.folder, ns.tag)
    if ns.json:
        shown = {k: v for k, v in model.__dict__.items() if k not in ("weights", "idf")}
        shown |= {"path": str(where), "scored": len(scores), "learned": _learned(model)}
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return 0
    head = f"{_title(ns.tag)}: {model.positives} liked, {model.negatives} dismissed"
    if not model.ready:
        print(f"{head}; {model.needs}")
        return 0
    scored = plural(len(scores), "paper", grouped=False)
    print(f"{head}; trained in {model.train_seconds:.2f} s, {scored} scored")
    print(f"learned to like: {_learned(model)}")
    print("not stored: the library is read-only" if lib.readonly else f"stored in {where}")
    return 0


def _resolve(lib: Library, ref: str) -> int:
    if ref.isdigit() and queries.load_papers(lib.conn, [int(ref)]):
        return int(ref)
    row = lib.conn.execute("SELECT id FROM papers WHERE citekey = ? COLLATE NOCASE", [ref])
    found = row.fetchone()
    if found is None:
        raise RankError(f"no paper {ref!r}")
    return int(found[0])


def cmd_similar(lib: Library, ns: argparse.Namespace) -> int:
    from reader.core.similar import similar

    pid = _resolve(lib, ns.ref)
    if ns.limit < 1:
        raise RankError("--limit must be 1 or more")
    found = similar(lib.conn, pid, ns.limit, lib.folder, store=not lib.readonly)
    papers = queries.load_papers(lib.conn, [i for i, _ in found])
    cosine = dict(found)
    if ns.json:
        rows = [paper_json(p) | {"similarity": round(cosine[p.id], 4)} for p in papers]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for paper in papers:
            print(f"{cosine[paper.id]:.2f}  {paper_line(paper)}")
        if not papers:
            print("no similar papers", file=sys.stderr)
    return 0


COMMANDS = {"rank": cmd_rank, "similar": cmd_similar}
