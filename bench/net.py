"""Network paths against a local server: a 2,000-item arXiv RSS refresh, and the lookup of
the sample page's 107 papers by title (batched, at arXiv's real 3 s spacing)."""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from bench.generate import generate_records
from reader.core.identity import title_key
from reader.core.library import Library, utc_now
from reader.core.models import PaperRecord
from reader.core.subscriptions import add_feed, list_feeds
from reader.feeds.files import read_feed
from reader.net.config import NetConfig
from reader.net.http import Http
from reader.net.refresh import refresh_feeds
from reader.net.resolve import papers_to_look_up, resolve

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample-feed.txt"
RSS_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
    'xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>'
    "<title>cs.LG updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.LG</link>"
    "<description>cs.LG</description>\n"
)


def rss_item(rec: PaperRecord, day: datetime) -> str:
    vid = f"{rec.arxiv_id}v{rec.arxiv_version or 1}"
    cats = "".join(f"<category>{c}</category>" for c in rec.categories)
    return (
        f"<item><title>{escape(rec.title)}</title><link>https://arxiv.org/abs/{rec.arxiv_id}</link>"
        f"<description>arXiv:{vid} Announce Type: new\nAbstract: {escape(rec.abstract)}"
        f'</description><guid isPermaLink="false">oai:arXiv.org:{vid}</guid>{cats}'
        f"<pubDate>{format_datetime(day)}</pubDate><arxiv:announce_type>new"
        f"</arxiv:announce_type><dc:creator>{escape(', '.join(a.name for a in rec.authors))}"
        "</dc:creator></item>\n"
    )


def atom(entries: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<entry><id>http://arxiv.org/abs/{i}v1</id><title>{escape(t)}</title>"
        f"<summary>Abstract.</summary><published>2024-05-23T10:00:00Z</published>"
        f"<updated>2024-05-23T10:00:00Z</updated><author><name>Ada Lovelace</name></author>"
        f'<arxiv:primary_category term="cs.LG"/></entry>'
        for i, t in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>{body}</feed>"
    ).encode()


def serve(routes: dict[str, object]) -> tuple[ThreadingHTTPServer, str]:
    """A local server: a path maps to bytes, or to a function of the query string."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            route = routes[parts.path]
            body = route(parse_qs(parts.query)) if callable(route) else route
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def _deferred_index(lib: Library) -> None:
    # The window and CLI bring the search index up to date right after each import; here
    # it is deferred and timed on its own, so "into SQLite" and "searchable" both show.
    lib.sync_index = lambda wait=True: 0  # type: ignore[method-assign]


def bench_refresh(items: int) -> dict[str, float]:
    """Download alone; refresh (download + parse + import into SQLite); the index catch-up;
    and, as the baseline, `reader import` of the same bytes from a file."""
    day = datetime(2026, 11, 30, tzinfo=UTC)
    records = generate_records(items)
    feed = (RSS_HEAD + "".join(rss_item(r, day) for r in records) + "</channel></rss>").encode()
    httpd, base = serve({"/rss/cs.LG": feed})
    config = NetConfig(arxiv_rss_url=base + "/rss/", arxiv_delay=0.0)
    row: dict[str, float] = {"feed_mb": len(feed) / 1e6}
    with tempfile.TemporaryDirectory(prefix="reader-net-") as tmp:
        lib = Library(Path(tmp) / "lib")
        add_feed(lib.db, "arxiv:cs.LG", "cs.LG", utc_now())
        with Http(config, lib.folder) as http:
            row["download_s"] = _timed(lambda: http.get(base + "/rss/cs.LG"))
            _deferred_index(lib)
            outcome: list = []
            row["refresh_s"] = _timed(
                lambda: outcome.extend(refresh_feeds(lib, http, list_feeds(lib.conn)))
            )
        row["index_s"] = _timed(lambda: Library.sync_index(lib))
        lib.close()
        path = Path(tmp) / "cs.LG.xml"
        path.write_bytes(feed)
        base_lib = Library(Path(tmp) / "base")
        _deferred_index(base_lib)
        row["file_import_s"] = _timed(
            lambda: base_lib.import_records(read_feed(path).records, "arxiv-rss:file")
        )
        base_lib.close()
    httpd.shutdown()
    assert outcome[0].new == items, outcome[0].line()
    row["beyond_download_s"] = row["refresh_s"] - row["download_s"]
    row["ratio_to_file_import"] = row["beyond_download_s"] / row["file_import_s"]
    return row


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_lookup(delay: float) -> dict[str, float]:
    """`lookup` of the sample page's 107 papers by title, at arXiv's spacing."""
    parsed = read_feed(SAMPLE)
    table = {title_key(r.title): (f"2501.{n:05d}", r.title) for n, r in enumerate(parsed.records)}
    seen: list[float] = []

    def api(query: dict[str, list[str]]) -> bytes:
        seen.append(time.perf_counter())
        text = query.get("search_query", [""])[0]
        found = [v for k, v in table.items() if f'ti:"{k}"' in text]
        return atom(found)

    httpd, base = serve({"/api/query": api})
    config = NetConfig(arxiv_api_url=base + "/api/query", arxiv_delay=delay)
    with tempfile.TemporaryDirectory(prefix="reader-net-") as tmp:
        lib = Library(Path(tmp) / "lib")
        lib.import_records(parsed.records, "bench")
        with Http(config, lib.folder) as http:
            wanted = papers_to_look_up(lib.conn)
            start = time.perf_counter()
            report = resolve(lib, http, wanted)
            total = time.perf_counter() - start
        lib.close()
    httpd.shutdown()
    return {
        "papers": float(len(parsed.records)),
        "found": float(len(report.resolved)),
        "requests": float(report.requests),
        "lookup_s": total,
    }


def main(argv: list[str] | None = None) -> int:
    """python -m bench.net [--items N] [--delay S]"""
    parser = argparse.ArgumentParser(prog="python -m bench.net", description=__doc__)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--delay", type=float, default=3.0, help="arXiv spacing (real: 3 s)")
    ns = parser.parse_args(argv)
    for name, row in (("refresh", bench_refresh(ns.items)), ("lookup", bench_lookup(ns.delay))):
        print(name + ": " + ", ".join(f"{k} {v:.2f}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
