"""Schema migrations: append-only named functions, applied in order by sqlite-utils."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from reader.core.identity import title_key

migrations = Migrations("reader")

# Feed data (papers, authors, categories, links) is kept apart from user data
# (paper_state, paper_tags, notes) so an import can only ever write the former.
_M001 = [
    """CREATE TABLE papers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title_key TEXT NOT NULL,
        arxiv_id TEXT UNIQUE,
        arxiv_version INTEGER,
        doi TEXT UNIQUE,
        title TEXT NOT NULL,
        abstract TEXT NOT NULL DEFAULT '',
        published TEXT,
        updated TEXT,
        listing_date TEXT,
        journal_ref TEXT,
        comment TEXT,
        upvotes INTEGER,
        source TEXT NOT NULL,
        imported TEXT NOT NULL,
        citekey TEXT NOT NULL UNIQUE,
        added TEXT NOT NULL,
        modified TEXT NOT NULL
    )""",
    "CREATE INDEX papers_title_key ON papers(title_key)",
    "CREATE INDEX papers_added ON papers(added)",
    """CREATE TABLE authors (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        family TEXT NOT NULL DEFAULT '',
        given TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (paper_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE categories (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        term TEXT NOT NULL,
        PRIMARY KEY (paper_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE links (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('code', 'project', 'pdf', 'abs', 'doi', 'other')),
        url TEXT NOT NULL,
        PRIMARY KEY (paper_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE paper_state (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'new'
            CHECK (status IN ('new', 'queued', 'read', 'archived')),
        trashed INTEGER NOT NULL DEFAULT 0 CHECK (trashed IN (0, 1)),
        trashed_at TEXT,
        modified TEXT NOT NULL
    )""",
    "CREATE INDEX paper_state_view ON paper_state(trashed, status, starred)",
    """CREATE TABLE tags (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE
    )""",
    """CREATE TABLE paper_tags (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        added TEXT NOT NULL,
        PRIMARY KEY (paper_id, tag_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX paper_tags_tag ON paper_tags(tag_id)",
    """CREATE TABLE notes (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        modified TEXT NOT NULL
    )""",
    # The outbox: every write to anything the search index holds appends the paper id
    # here in the same transaction (by the triggers below), so the Whoosh index can
    # always be brought up to date after a crash.
    """CREATE TABLE index_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        paper_id INTEGER NOT NULL
    )""",
    """CREATE TABLE imports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT NOT NULL,
        new INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        skipped INTEGER NOT NULL
    )""",
]

_OUTBOX_TRIGGERS = {
    "papers": ("INSERT", "UPDATE", "DELETE"),
    "authors": ("INSERT", "UPDATE", "DELETE"),
    "paper_state": ("INSERT", "UPDATE"),
    "paper_tags": ("INSERT", "DELETE"),
    "notes": ("INSERT", "UPDATE", "DELETE"),
}


def _outbox_trigger(table: str, event: str) -> str:
    row = "OLD" if event == "DELETE" else "NEW"
    column = "id" if table == "papers" else "paper_id"
    return (
        f"CREATE TRIGGER {table}_{event.lower()}_outbox AFTER {event} ON {table} "
        f"BEGIN INSERT INTO index_outbox (paper_id) VALUES ({row}.{column}); END"
    )


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    statements = list(_M001)
    for table, events in _OUTBOX_TRIGGERS.items():
        statements += [_outbox_trigger(table, event) for event in events]
    statements.append(
        "CREATE TRIGGER tags_rename_outbox AFTER UPDATE OF name ON tags BEGIN "
        "INSERT INTO index_outbox (paper_id) "
        "SELECT paper_id FROM paper_tags WHERE tag_id = NEW.id; END"
    )
    for statement in statements:
        db.execute(statement)


@migrations()
def m002_saved_exports(db: sqlite_utils.Database) -> None:
    # A saved export: a query (search language; empty = everything) kept written to a file.
    db.execute(
        """CREATE TABLE saved_exports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            query TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL,
            path TEXT NOT NULL UNIQUE,
            include_notes INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            last_written TEXT,
            last_error TEXT
        )"""
    )


@migrations()
def m003_citekey_nocase(db: sqlite_utils.Database) -> None:
    # Keys must be unique ignoring case (biber and file systems fold case); the index also
    # makes the clash lookup at import an index search instead of a table scan.
    db.execute("CREATE UNIQUE INDEX papers_citekey_nocase ON papers(citekey COLLATE NOCASE)")


@migrations()
def m004_richer_sources(db: sqlite_utils.Database) -> None:
    # Feed fields that sources richer than the Hugging Face page bring; `pending` marks an
    # identifier awaiting lookup; `revised` is set when a new version of a paper the user
    # had engaged with arrives, and `previous_abstract` keeps what that version replaced.
    columns = [
        "pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1))",
        "entry_type TEXT",
        "venue TEXT",
        "volume TEXT",
        "number TEXT",
        "pages TEXT",
        "publisher TEXT",
        "keywords TEXT NOT NULL DEFAULT ''",
        "revised TEXT",
        "previous_abstract TEXT",
    ]
    for column in columns:
        db.execute(f"ALTER TABLE papers ADD COLUMN {column}")
    db.execute("ALTER TABLE authors ADD COLUMN affiliation TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX papers_pending ON papers(pending) WHERE pending = 1")


@migrations()
def m005_import_log(db: sqlite_utils.Database) -> None:
    # Every source a paper came from (first seen), and what each import added or updated
    # with the feed fields it replaced, so an import can be undone in one step.
    db.execute("ALTER TABLE imports ADD COLUMN kind TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE imports ADD COLUMN undone TEXT")
    db.execute(
        """CREATE TABLE paper_sources (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            import_id INTEGER REFERENCES imports(id),
            seen TEXT NOT NULL,
            PRIMARY KEY (paper_id, source)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX paper_sources_import ON paper_sources(import_id)")
    # Papers present before this log existed came from the source they record.
    db.execute(
        "INSERT INTO paper_sources (paper_id, source, kind, import_id, seen) "
        "SELECT id, source, substr(source, 1, instr(source || ':', ':') - 1), NULL, imported "
        "FROM papers"
    )
    db.execute(
        """CREATE TABLE import_items (
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            action TEXT NOT NULL CHECK (action IN ('added', 'updated')),
            previous TEXT,
            PRIMARY KEY (import_id, paper_id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX import_items_paper ON import_items(paper_id)")


@migrations()
def m006_citekey_uses(db: sqlite_utils.Database) -> None:
    # Keys the user has used outside Reader (copied, written to a saved export, brought in
    # from their own .bib): `rekey` leaves these alone unless forced.
    db.execute(
        """CREATE TABLE citekey_uses (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            citekey TEXT NOT NULL,
            how TEXT NOT NULL,
            first_used TEXT NOT NULL,
            PRIMARY KEY (paper_id, citekey, how)
        ) WITHOUT ROWID"""
    )


@migrations()
def m007_feeds(db: sqlite_utils.Database) -> None:
    # Subscriptions: what to fetch, the validators for conditional GET, how the last fetch
    # went; feed_papers remembers which papers a feed brought, for its list and counts.
    db.execute(
        """CREATE TABLE feeds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            source TEXT NOT NULL UNIQUE,
            added TEXT NOT NULL,
            last_fetch TEXT,
            last_success TEXT,
            etag TEXT,
            last_modified TEXT,
            last_error TEXT,
            last_new INTEGER NOT NULL DEFAULT 0,
            last_updated INTEGER NOT NULL DEFAULT 0,
            total_new INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE UNIQUE INDEX feeds_name ON feeds(name COLLATE NOCASE)")
    db.execute(
        """CREATE TABLE feed_papers (
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (feed_id, paper_id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX feed_papers_paper ON feed_papers(paper_id)")
    # Why a paper awaiting lookup (an identifier, a title without ids) is still unresolved.
    db.execute(
        """CREATE TABLE lookups (
            paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            tried TEXT NOT NULL,
            tries INTEGER NOT NULL DEFAULT 1,
            reason TEXT NOT NULL
        )"""
    )


@migrations()
def m008_title_key_joins_words(db: sqlite_utils.Database) -> None:
    # title_key now joins hyphenated words ("Pre-training" = "Pretraining"): recompute it.
    # The index holds no title_key, so the outbox rows the update trigger adds are dropped
    # (a whole-library rebuild at the first open after upgrading would be for nothing).
    top = db.execute("SELECT coalesce(max(seq), 0) FROM index_outbox").fetchone()[0]
    rows = db.execute("SELECT id, title FROM papers").fetchall()
    db.conn.executemany(
        "UPDATE papers SET title_key = ? WHERE id = ?", [(title_key(t), i) for i, t in rows]
    )
    db.execute("DELETE FROM index_outbox WHERE seq > ?", [top])


_DECISION_ACTIONS = (
    "'star', 'unstar', 'new', 'queue', 'read', 'archive', 'trash', 'restore', "
    "'tag', 'untag', 'note'"
)
# What a library kept before the log existed, as decisions: the state's last change time
# for status and star (an estimate), trashed_at, the tag's and the note's own times.
_DECISION_BACKFILL = (
    "SELECT paper_id, CASE status WHEN 'queued' THEN 'queue' WHEN 'read' THEN 'read' "
    "ELSE 'archive' END, NULL, 'new', modified FROM paper_state WHERE status != 'new'",
    "SELECT paper_id, 'star', NULL, status, modified FROM paper_state WHERE starred = 1",
    "SELECT paper_id, 'trash', NULL, status, coalesce(trashed_at, modified) "
    "FROM paper_state WHERE trashed = 1",
    "SELECT pt.paper_id, 'tag', t.name, s.status, pt.added FROM paper_tags pt "
    "JOIN tags t ON t.id = pt.tag_id JOIN paper_state s ON s.paper_id = pt.paper_id",
    "SELECT n.paper_id, 'note', NULL, s.status, n.modified FROM notes n "
    "JOIN paper_state s ON s.paper_id = n.paper_id",
)


@migrations()
def m009_decisions(db: sqlite_utils.Database) -> None:
    # When each triage decision was made (reader.core.decisions). No foreign key: the
    # history of papers deleted from the trash still counts in the statistics.
    db.execute(
        f"""CREATE TABLE decisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            paper_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ({_DECISION_ACTIONS})),
            arg TEXT,
            from_status TEXT NOT NULL
                CHECK (from_status IN ('new', 'queued', 'read', 'archived')),
            at TEXT NOT NULL,
            via TEXT NOT NULL DEFAULT 'user' CHECK (via IN ('user', 'rule', 'migrated')),
            rule TEXT
        )"""
    )
    db.execute("CREATE INDEX decisions_paper ON decisions(paper_id, id)")
    db.execute("CREATE INDEX decisions_at ON decisions(at)")
    for select in _DECISION_BACKFILL:
        db.execute(
            "INSERT INTO decisions (paper_id, action, arg, from_status, at, via) "
            f"SELECT *, 'migrated' FROM ({select})"
        )


@migrations()
def m010_rules_and_smart_views(db: sqlite_utils.Database) -> None:
    # Rules (reader.core.rules) and the runs undo needs: each changed paper's state before
    # and after, as JSON. Smart views: named queries in the side list, in the user's order.
    db.execute(
        """CREATE TABLE rules (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            query TEXT NOT NULL,
            action TEXT NOT NULL
                CHECK (action IN ('tag', 'untag', 'star', 'queue', 'archive', 'trash')),
            arg TEXT,
            enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
            created TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX rules_name ON rules(name COLLATE NOCASE)")
    db.execute(
        """CREATE TABLE rule_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            trigger TEXT NOT NULL,
            rules TEXT NOT NULL,
            states TEXT NOT NULL,
            undone TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE smart_views (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            query TEXT NOT NULL,
            position INTEGER NOT NULL,
            created TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX smart_views_name ON smart_views(name COLLATE NOCASE)")


@migrations()
def m011_papers_by_date(db: sqlite_utils.Database) -> None:
    # Lists are newest first (listing.SORT_SQL["date"]): walking this index gives a view's
    # first page at once and its whole list without sorting or reading every paper row.
    db.execute(
        "CREATE INDEX papers_by_date ON papers"
        "(coalesce(published, listing_date, added) DESC, id DESC)"
    )


# Triage state and tags are answered from SQLite when searching (search_filters), so their
# changes no longer queue the paper for the search index. They still move the outbox's
# AUTOINCREMENT counter, which queries.write_mark reads as "something changed".
_STATE_TRIGGERS = {
    "paper_state_insert_outbox": "INSERT ON paper_state",
    "paper_state_update_outbox": "UPDATE ON paper_state",
    "paper_tags_insert_outbox": "INSERT ON paper_tags",
    "paper_tags_delete_outbox": "DELETE ON paper_tags",
    "tags_rename_outbox": "UPDATE OF name ON tags",
}


@migrations()
def m012_state_outside_index(db: sqlite_utils.Database) -> None:
    for name, event in _STATE_TRIGGERS.items():
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.execute(
            f"CREATE TRIGGER {name.replace('_outbox', '_mark')} AFTER {event} BEGIN "
            "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'index_outbox'; END"
        )
