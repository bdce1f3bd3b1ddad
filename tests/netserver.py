"""A real HTTP server on 127.0.0.1 for network tests: scripted replies, every request logged."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """What the server sends back for one request."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts, spacing)
    cut_at: int | None = None  # announce the full length but close after this many bytes


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    arrived: float  # time.monotonic() when the request line was read
    finished: float  # ... and when the reply was sent


# `reader --library LIB ARGS…` run in process: (exit status, stdout, stderr).
Run = Callable[..., tuple[int, str, str]]
Route = Callable[["Seen"], Reply] | Reply | list[Reply]


class TestServer:
    """Routes by path; a list route answers its replies in order, then repeats the last."""

    __test__ = False

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server._handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def _reply(self, path: str, seen: Seen) -> Reply:
        route = self.routes.get(path)
        if route is None:
            return Reply(404, b"not found", {"Content-Type": "text/plain"})
        if isinstance(route, list):
            with self._lock:
                n = self._served.get(path, 0)
                self._served[path] = n + 1
            return route[min(n, len(route) - 1)]
        return route(seen) if callable(route) else route

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        parts = urlsplit(handler.path)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        # Logged on arrival, so a client that got its answer always finds its request here.
        seen = Seen(parts.path, parse_qs(parts.query), headers, arrived, arrived)
        with self._lock:
            self.seen.append(seen)
        try:
            reply = self._reply(parts.path, seen)
            if reply.delay:
                time.sleep(reply.delay)
            self._send(handler, reply)
        finally:
            with self._lock:
                self.in_flight -= 1
                seen.finished = time.monotonic()

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        try:
            handler.send_response(reply.status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(reply.body)))
            if reply.cut_at is not None:
                handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(reply.body[: reply.cut_at] if reply.cut_at else reply.body)
            handler.wfile.flush()
            if reply.cut_at is not None:
                handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to report
