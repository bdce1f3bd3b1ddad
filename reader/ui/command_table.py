"""Every command, declared once as data: id, label, where its keys work, menu, handler.

Default keys live in resources/keymap.toml (by id). Handlers take the window's controllers
(reader.ui.context.Controllers), so this table is built, checked and documented without a
window. Declaration order is the order of menus, the palette and the cheat sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reader.core.listing import VIEWS
from reader.core.models import Status
from reader.ui.commands import LIST, NOTES, WINDOW, Command
from reader.ui.settings import QUICK_TAGS
from reader.ui.sorting import SORT_COMMANDS

Handler = Callable[[Any], None]  # given the window's Controllers
MENUS = ("&File", "&Edit", "&View", "&Go", "&Paper", "&Help")  # menu bar order
STATUSES = (
    ("queue", "&Queue (to read)", Status.QUEUED, "queue"),
    ("read", "Mark &read", Status.READ, "mark read"),
    ("unread", "Back to &new", Status.NEW, "mark new"),
    ("archive", "&Archive", Status.ARCHIVED, "archive"),
)

THEMES = (
    ("system", "&System", "Light or dark as the desktop is, following its changes"),
    ("light", "&Light", "Dark text on a light background"),
    ("dark", "&Dark", "Light text on a dark background"),
)


def _go(
    cid: str, title: str, handler: Handler, group: str = "focus", context: str = WINDOW
) -> Command:
    return Command(cid, title, handler, context, menu="&Go", group=group)


def _paper(cid: str, title: str, handler: Handler, group: str, help: str = "") -> Command:
    return Command(cid, title, handler, LIST, help, "&Paper", group, popup=True)


COMMANDS: tuple[Command, ...] = (
    Command(
        "search.focus",
        "&Search",
        lambda c: c.nav.focus_search(),
        help="The search field, its query selected",
        menu="&Go",
        group="focus",
        anywhere=True,  # `/` from the abstract or the note's preview too
    ),
    _go("search.clear", "&Clear the search", lambda c: c.nav.clear_search(), context=LIST),
    _go("list.focus", "Go to &list", lambda c: c.nav.focus_list()),
    _go("notes.focus", "Edit &note", lambda c: c.nav.focus_notes()),
    _go("notes.toggle_preview", "Note &preview", lambda c: c.nav.toggle_preview()),
    Command(
        "file.import",
        "&Import…",
        lambda c: c.importer.choose(),
        help="Import a feed file",
        menu="&File",
        group="io",
    ),
    Command(
        "list.paste",
        "&Paste papers",
        lambda c: c.importer.paste(c.feeds.add_records),
        LIST,
        help="Import the clipboard's identifiers, URLs or BibTeX",
        menu="&Edit",
        group="paste",
    ),
    Command(
        "file.export",
        "&Export…",
        lambda c: c.exporter.choose(),
        help="Export papers to a file",
        menu="&File",
        group="io",
    ),
    Command(
        "file.saved_exports",
        "Saved E&xports…",
        lambda c: c.exporter.show_saved(),
        menu="&File",
        group="io",
    ),
    Command(
        "paper.copy_markdown_link",
        "Copy &Markdown Link",
        lambda c: c.exporter.copy_markdown_link(),
        menu="&File",
        group="io",
    ),
    Command(
        "feeds.refresh",
        "&Refresh feeds",
        lambda c: c.feeds.refresh(),
        help="Fetch every feed and retry pending papers",
        menu="&File",
        group="feeds",
    ),
    Command(
        "feeds.add", "Add &feed…", lambda c: c.feeds.ask_add_feed(), menu="&File", group="feeds"
    ),
    Command(
        "paper.add_ids",
        "&Add by identifier…",
        lambda c: c.feeds.ask_add_ids(),
        help="Add papers by arXiv id, DOI or URL",
        menu="&File",
        group="feeds",
    ),
    Command(
        "file.undo_import",
        "&Undo Last Import",
        lambda c: c.ops.undo_last_import(),
        help="Take back the latest import: papers it added go unless touched since",
        menu="&File",
        group="undo_import",
    ),
    Command(
        "file.restore_backup",
        "Restore from &Backup…",
        lambda c: c.backups.choose(),
        help="Replace the library with one of its backups (the current state is kept too)",
        menu="&File",
        group="backup",
    ),
    Command("app.quit", "&Quit", lambda c: c.nav.quit(), menu="&File", group="quit"),
    *(
        Command(
            f"view.{v.key}",
            f"Go to {v.label}",
            lambda c, k=v.key: c.nav.show_view(k),
            menu="&View",
        )
        for v in VIEWS
    ),
    *(
        Command(
            f"sort.{cid}",
            title,
            lambda c, k=key: c.look.sort_by(k),
            help=f"Sort the list by {name}",
            menu="&View",
            group="sort",
            submenu="&Sort",
        )
        for key, cid, title, name in SORT_COMMANDS
    ),
    Command(
        "sort.reverse",
        "&Reverse sort order",
        lambda c: c.look.reverse(),
        help="The same sort, the other way round",
        menu="&View",
        group="sort",
        submenu="&Sort",
    ),
    Command("view.zoom_in", "Zoom &in", lambda c: c.look.zoom.zoom(1), menu="&View", group="zoom"),
    Command(
        "view.zoom_out", "Zoom &out", lambda c: c.look.zoom.zoom(-1), menu="&View", group="zoom"
    ),
    Command(
        "view.zoom_reset", "Reset &zoom", lambda c: c.look.zoom.reset(), menu="&View", group="zoom"
    ),
    *(
        Command(
            f"view.theme_{mode}",
            f"{label} theme",
            lambda c, m=mode: c.look.set_theme(m),
            help=help,
            menu="&View",
            group="theme",
            submenu="T&heme",
        )
        for mode, label, help in THEMES
    ),
    Command(
        "view.smart_save",
        "Save as smart &view…",
        lambda c: c.views.save_current(),
        help="Save what the list shows (view, tag, search) as a named view in the side list",
        menu="&View",
        group="smart",
    ),
    Command(
        "view.smart_rename",
        "Rename smart view…",
        lambda c: c.views.rename_current(),
        menu="&View",
        group="smart",
    ),
    Command(
        "view.smart_remove",
        "Remove smart view…",
        lambda c: c.views.remove_current(),
        menu="&View",
        group="smart",
    ),
    Command(
        "view.smart_up",
        "Move smart view up",
        lambda c: c.views.move_current(-1),
        menu="&View",
        group="smart",
    ),
    Command(
        "view.smart_down",
        "Move smart view down",
        lambda c: c.views.move_current(1),
        menu="&View",
        group="smart",
    ),
    Command(
        "stats.show",
        "Reading &statistics…",
        lambda c: c.stats.show(),
        help="Papers in vs triaged per week, backlog, time to decide, read per tag",
        menu="&View",
        group="stats",
    ),
    Command(
        "view.for_you",
        "&For you (ranked Inbox)",
        lambda c: c.rank.show_for_you(),
        help="The Inbox ranked by what you starred, queued, read, tagged, archived or trashed",
        menu="&View",
        group="rank",
    ),
    Command(
        "view.like_tag",
        "Papers &like a tag…",
        lambda c: c.rank.ask_like_tag(),
        help="The Inbox ranked by papers like one of your tags",
        menu="&View",
        group="rank",
    ),
    Command(
        "rank.reset",
        "Forget the &ranking",
        lambda c: c.rank.reset(),
        help="Delete the trained rankings (in the library's ranking folder); relearned on use",
        menu="&View",
        group="rank",
    ),
    *(
        Command(
            f"paper.similar{n}",
            f"Go to similar paper {n}",
            lambda c, n=n: c.rank.open_similar(n),
            help="One of the papers most like this one, listed under its abstract",
        )
        for n in range(1, 6)
    ),
    _go("list.next", "Next paper", lambda c: c.nav.move(1), "move", LIST),
    _go("list.previous", "Previous paper", lambda c: c.nav.move(-1), "move", LIST),
    _go("list.first", "First paper", lambda c: c.nav.move(row=0), "move", LIST),
    _go("list.last", "Last paper", lambda c: c.nav.move(row=-1), "move", LIST),
    Command(
        "abstract.page_down",
        "Scroll the abstract down",
        lambda c: c.nav.scroll_abstract(1),
        LIST,
    ),
    Command(
        "abstract.page_up", "Scroll the abstract up", lambda c: c.nav.scroll_abstract(-1), LIST
    ),
    Command("notes.leave", "Back to the list", lambda c: c.nav.focus_list(), NOTES),
    _paper("paper.star", "&Star / unstar", lambda c: c.triage.toggle_star(), "triage"),
    *(
        _paper(
            f"paper.{key}",
            title,
            lambda c, s=status, v=verb: c.triage.set_status(s, v),
            "triage",
        )
        for key, title, status, verb in STATUSES
    ),
    _paper(
        "tag.add",
        "&Tag…",
        lambda c: c.triage.ask_add_tags(),
        "tags",
        "Add tags to the selected papers",
    ),
    _paper("tag.remove", "&Remove tag…", lambda c: c.triage.ask_remove_tags(), "tags"),
    *(
        Command(
            f"tag.quick{n}", f"Toggle quick tag {n}", lambda c, n=n: c.triage.quick_tag(n), LIST
        )
        for n in range(1, QUICK_TAGS + 1)
    ),
    _paper(
        "paper.open",
        "&Open link",
        lambda c: c.triage.open_link(),
        "links",
        "Open the paper's page in the browser",
    ),
    _paper("paper.copy_citekey", "Copy citation &key", lambda c: c.triage.copy_citekeys(), "links"),
    _paper("paper.copy_bibtex", "Copy &BibTeX", lambda c: c.triage.copy_bibtex(), "links"),
    _paper(
        "paper.lookup",
        "&Look up metadata",
        lambda c: c.feeds.look_up_selection(),
        "links",
        "Complete the selected papers from arXiv (title) or Crossref (DOI)",
    ),
    _paper("paper.trash", "Move to tras&h", lambda c: c.triage.trash(), "trash"),
    _paper("paper.restore", "Restore from trash", lambda c: c.triage.restore(), "trash"),
    _go("view.tag", "Go to ta&g…", lambda c: c.triage.ask_go_tag(), "move"),
    Command(
        "edit.undo", "&Undo", lambda c: c.triage.run_step(redo=False), menu="&Edit", group="undo"
    ),
    Command(
        "edit.redo", "&Redo", lambda c: c.triage.run_step(redo=True), menu="&Edit", group="undo"
    ),
    Command(
        "tags.manage",
        "Manage &tags…",
        lambda c: c.tags.show(),
        help="Rename, merge or delete tags",
        menu="&Paper",
        group="admin",
    ),
    Command(
        "rules.manage",
        "&Rules…",
        lambda c: c.rules.show(),
        help="Saved searches that tag, star, queue, archive or trash what they find",
        menu="&Paper",
        group="admin",
    ),
    Command(
        "rules.run",
        "Run rules now",
        lambda c: c.rules.run(),
        help="Run the enabled rules on the whole library (one undo step)",
        menu="&Paper",
        group="admin",
    ),
    Command(
        "paper.rekey",
        "Re&key Citation Keys",
        lambda c: c.ops.rekey(),
        help="Recompute keys of papers that now have authors and a year (used keys stay)",
        menu="&Paper",
        group="admin",
    ),
    Command(
        "trash.empty",
        "&Empty trash…",
        lambda c: c.tags.ask_empty_trash(),
        menu="&Paper",
        group="admin",
    ),
    Command(
        "app.palette",
        "Command &palette…",
        lambda c: c.nav.show_palette(),
        menu="&Edit",
        group="palette",
    ),
    Command("help.keys", "&Keyboard shortcuts", lambda c: c.nav.show_keys(), menu="&Help"),
    Command(
        "help.guide",
        "&Welcome guide",
        lambda c: c.look.welcome.show_guide(),
        help="The five keys that matter and where import is",
        menu="&Help",
    ),
    Command("help.about", "&About Reader", lambda c: c.nav.show_about(), menu="&Help"),
)
