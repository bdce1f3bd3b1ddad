"""What an empty list says instead: why it is empty and what to do next, with the user's keys."""

from __future__ import annotations

from collections.abc import Callable

from reader.core.listing import VIEW, ListRequest

KeyOf = Callable[[str], str]  # command id -> its first key as shown ("s", "Ctrl+O"), or ""


def _press(key_of: KeyOf, cid: str, what: str, fallback: str) -> str:
    key = key_of(cid)
    return f"press {key} {what}" if key else fallback


def _import_hint(key_of: KeyOf) -> str:
    key = key_of("file.import")
    return f"File ▸ Import…{f' ({key})' if key else ''} or drop a feed file on the window"


def _view_text(view: str, key_of: KeyOf) -> str:
    def press(cid: str, what: str, menu: str) -> str:
        return _press(key_of, cid, what, menu)

    trash_key = key_of("paper.trash")
    texts = {
        "inbox": "Inbox zero: every new paper has been dealt with.\n\n"
        f"New papers arrive here from {_import_hint(key_of)}, or "
        f"{press('feeds.refresh', 'to refresh your feeds', 'from File ▸ Refresh feeds')}; "
        f"{press('view.all', 'for all papers', 'All papers lists every paper')}.",
        "queue": "Nothing queued to read.\n\nIn the list, "
        f"{press('paper.queue', 'to queue a paper', 'Paper ▸ Queue queues a paper')}.",
        "starred": "No starred papers yet.\n\nIn the list, "
        f"{press('paper.star', 'to star a paper', 'Paper ▸ Star stars a paper')}.",
        "read": "Nothing marked read yet.\n\nIn the list, "
        f"{press('paper.read', 'when you have read a paper', 'use Paper ▸ Mark read')}.",
        "archive": "Nothing archived yet.\n\nIn the list, "
        f"{press('paper.archive', 'to archive a paper', 'use Paper ▸ Archive')}"
        " you are done with.",
        "all": f"No papers yet.\n\nAdd papers with {_import_hint(key_of)}, or "
        f"{press('paper.add_ids', 'to add them by arXiv id or DOI', 'File ▸ Add by identifier…')}.",
        "trash": "The trash is empty.\n\nPapers you delete"
        + (f" ({trash_key})" if trash_key else "")
        + " wait here, ready to be restored, until you empty the trash.",
    }
    return texts.get(view, "No papers here yet.")


def empty_text(req: ListRequest, key_of: KeyOf, feed_name: str | None = None) -> str:
    """The text for an empty list: a search with no hits, an empty tag, feed or view."""
    where = VIEW[req.view].label
    if req.query:
        scope = f" in {where}" if req.view != "all" or req.tags else ""
        tagged = f" tagged “{req.tag}”" if req.tag else ""
        wider = ""
        if req.view != "all" or req.tags:
            press = _press(key_of, "view.all", "to search all papers", "All papers searches all")
            wider = f" {press[0].upper()}{press[1:]}."
        return (
            f"No results for “{req.query}”{scope}{tagged}.\n\n"
            f"Try other words, or clear the search to see the whole view.{wider}"
        )
    if req.tag:
        scope = "" if req.view == "all" else f" in {where}"
        return (
            f"No papers tagged “{req.tag}”{scope}.\n\nIn the list, "
            + _press(key_of, "tag.add", "to tag the selected papers", "Paper ▸ Tag… tags papers")
            + "."
        )
    if req.feed is not None:
        name = f"“{feed_name}”" if feed_name else "this feed"
        fetch = _press(key_of, "feeds.refresh", "to fetch it now", "File ▸ Refresh feeds")
        return f"No papers from {name} yet.\n\n{fetch[0].upper()}{fetch[1:]}."
    return _view_text(req.view, key_of)
