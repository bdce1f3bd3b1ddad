"""The HTTP client against a real server on 127.0.0.1: retries, limits, content checks."""

from __future__ import annotations

import gzip
import itertools
import threading
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from netserver import Reply, Seen, TestServer

from reader import __version__
from reader.net.config import NetConfig, load_net_config
from reader.net.gate import Cancelled
from reader.net.http import FetchError, Http

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture
def http(tmp_path: Path) -> Http:
    config = replace(load_net_config(), timeout=2.0, backoff=0.05)
    with Http(config, tmp_path) as client:
        yield client


def test_user_agent_names_reader_and_the_contact(server: TestServer, tmp_path: Path) -> None:
    server.routes["/f"] = Reply(200, RSS)
    with Http(replace(NetConfig(), mailto="me@example.org"), tmp_path) as client:
        client.get(server.url("/f"))
    agent = server.seen[0].headers["user-agent"]
    assert agent.startswith(f"Reader/{__version__} ")
    assert "mailto:me@example.org" in agent


def test_conditional_get_gives_not_modified(server: TestServer, http: Http) -> None:
    def answer(seen):
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(304)
        return Reply(200, RSS, {"ETag": '"v1"', "Last-Modified": "Mon, 30 Nov 2026 08:00:00 GMT"})

    server.routes["/f"] = answer
    first = http.get(server.url("/f"))
    assert (first.etag, first.last_modified) == ('"v1"', "Mon, 30 Nov 2026 08:00:00 GMT")
    second = http.get(server.url("/f"), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    assert server.seen[1].headers["if-modified-since"] == first.last_modified


def test_gzip_body_is_decoded(server: TestServer, http: Http) -> None:
    server.routes["/f"] = Reply(200, gzip.compress(RSS), {"Content-Encoding": "gzip"})
    assert http.get(server.url("/f")).body == RSS
    assert "gzip" in server.seen[0].headers["accept-encoding"]


def test_429_waits_for_retry_after(server: TestServer, http: Http) -> None:
    server.routes["/f"] = [Reply(429, b"slow down", {"Retry-After": "1"}), Reply(200, RSS)]
    assert http.get(server.url("/f")).body == RSS
    first, second = server.seen
    assert second.arrived - first.finished >= 1.0


def test_429_with_a_long_retry_after_gives_up_at_once(server: TestServer, http: Http) -> None:
    server.routes["/f"] = Reply(429, b"", {"Retry-After": "3600"})
    with pytest.raises(FetchError, match=r"busy \(HTTP 429\) and asks to retry in 3600 s"):
        http.get(server.url("/f"))
    assert len(server.seen) == 1


def test_503_then_success(server: TestServer, http: Http) -> None:
    server.routes["/f"] = [Reply(503), Reply(503), Reply(200, RSS)]
    assert http.get(server.url("/f")).body == RSS
    assert len(server.seen) == 3


def test_503_forever_gives_up_after_bounded_tries(server: TestServer, http: Http) -> None:
    server.routes["/f"] = Reply(503)
    with pytest.raises(FetchError, match=r"HTTP 503 Service Unavailable .* after 4 tries"):
        http.get(server.url("/f"))
    assert len(server.seen) == http.config.tries == 4


def test_timeout(server: TestServer, tmp_path: Path) -> None:
    server.routes["/f"] = Reply(200, RSS, delay=3)
    config = replace(NetConfig(), timeout=0.5, tries=1)
    with Http(config, tmp_path) as client, pytest.raises(FetchError, match=r"within 0\.5 s"):
        client.get(server.url("/f"))


def test_truncated_body(server: TestServer, http: Http) -> None:
    server.routes["/f"] = Reply(200, RSS * 100, cut_at=500)
    with pytest.raises(FetchError, match="was cut off"):
        http.get(server.url("/f"))


def test_truncated_gzip_body(server: TestServer, http: Http) -> None:
    body = gzip.compress(RSS * 1000)
    server.routes["/f"] = Reply(200, body[:-20], {"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match=r"compressed response .* was cut off"):
        http.get(server.url("/f"))


def test_gzip_bomb_is_refused(server: TestServer, http: Http) -> None:
    # 64 MB of zeros packs into ~64 KB; the cap is 50 MB decompressed.
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = packer.compress(b"\0" * (64 * 1024 * 1024)) + packer.flush()
    assert len(bomb) < 100_000
    server.routes["/f"] = Reply(200, bomb, {"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="larger than 50 MB once decompressed; refused"):
        http.get(server.url("/f"))


def test_html_page_with_200_is_reported(server: TestServer, http: Http) -> None:
    page = b"<!DOCTYPE html><html><head><title>Log in to Caf\xc3\xa9 Wi-Fi</title></head></html>"
    server.routes["/f"] = Reply(200, page, {"Content-Type": "text/html; charset=utf-8"})
    with pytest.raises(FetchError, match=r"sent a web page titled 'Log in to Café Wi-Fi'"):
        http.get(server.url("/f"))


def test_redirect_loop(server: TestServer, http: Http) -> None:
    server.routes["/a"] = Reply(302, headers={"Location": "/b"})
    server.routes["/b"] = Reply(302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match=r"too many redirects .*redirect loop"):
        http.get(server.url("/a"))
    assert len(server.seen) <= 6


def test_refused_connection_says_so(http: Http) -> None:
    with pytest.raises(FetchError, match=r"cannot connect to 127\.0\.0\.1:9"):
        http.get("http://127.0.0.1:9/f")


def test_cancel_stops_a_retry_wait(server: TestServer, tmp_path: Path) -> None:
    server.routes["/f"] = Reply(429, b"", {"Retry-After": "60"})
    started = time.monotonic()

    def late() -> bool:
        return time.monotonic() - started > 0.3

    with Http(NetConfig(), tmp_path, cancelled=late) as client, pytest.raises(Cancelled):
        client.get(server.url("/f"))
    assert time.monotonic() - started < 5


def _spacing(seen: list[Seen]) -> list[float]:
    ordered = sorted(seen, key=lambda s: s.arrived)
    return [b.arrived - a.finished for a, b in itertools.pairwise(ordered)]


def test_arxiv_requests_are_spaced_and_serial_across_threads(
    server: TestServer, tmp_path: Path
) -> None:
    server.routes["/api"] = Reply(200, RSS, delay=0.2)
    config = replace(NetConfig(), arxiv_delay=0.5)

    def fetch() -> None:
        with Http(config, tmp_path) as client:
            client.get(server.url("/api"), arxiv=True)

    threads = [threading.Thread(target=fetch) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(server.seen) == 3 and server.max_in_flight == 1
    assert min(_spacing(server.seen)) >= 0.5
