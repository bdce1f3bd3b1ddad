"""The one HTTP client: bounded, polite, conditional, and honest about what it got back."""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from time import time
from urllib.parse import urlsplit

import httpx

from reader import __version__
from reader.net.config import NetConfig
from reader.net.gate import ArxivGate, Cancelled, sleep_unless

RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_REDIRECTS = 5
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


class FetchError(Exception):
    """A request that gave nothing usable; the message is one line a user can act on."""


@dataclass(frozen=True)
class Fetched:
    """A response, decompressed and checked."""

    url: str
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """304: the server says nothing changed since our stored ETag / Last-Modified."""
        return self.status == 304


def user_agent(mailto: str) -> str:
    """'Reader/0.1.0 (papers-reader; mailto:me@example.org)': who we are and how to reach us."""
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"Reader/{__version__} (papers-reader{contact})"


class Http:
    """One httpx client for a whole refresh or lookup; close it (or use `with`) when done."""

    def __init__(
        self,
        config: NetConfig,
        gate_folder: Path,
        *,
        cancelled: Callable[[], bool] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.cancelled = cancelled
        self.gate = ArxivGate(gate_folder, config.effective_arxiv_delay)
        # Only gzip/deflate, decoded by us with a size cap (see _Decoder).
        self.client = httpx.Client(
            timeout=httpx.Timeout(config.timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": user_agent(config.mailto), "Accept-Encoding": "gzip, deflate"},
            verify=True,
            transport=transport,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        arxiv: bool = False,
        expect_html: bool = False,
    ) -> Fetched:
        """GET with retries on 429/5xx; arxiv=True goes through the arXiv gate.

        Raises FetchError (with the reason) or Cancelled.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).netloc or url
        for attempt in range(1, self.config.tries + 1):
            self._check_cancel()
            turn: AbstractContextManager[None] = (
                self.gate.turn(self.cancelled) if arxiv else nullcontext()
            )
            with turn:
                status, resp_headers, body, final = self._once(url, params, headers, host)
            if status in RETRY_STATUSES and attempt < self.config.tries:
                sleep_unless(self._retry_wait(status, resp_headers, attempt, host), self.cancelled)
                continue
            if status in RETRY_STATUSES and self.config.tries > 1:
                phrase = httpx.codes.get_reason_phrase(status)
                raise FetchError(
                    f"HTTP {status} {phrase} from {host} after {self.config.tries} tries"
                )
            return self._checked(final, status, resp_headers, body, host, expect_html)
        raise AssertionError("unreachable: the last try returns or raises")

    def _check_cancel(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()

    def _retry_wait(self, status: int, headers: httpx.Headers, attempt: int, host: str) -> float:
        asked = retry_after(headers.get("retry-after"))
        if asked is not None and asked > self.config.max_retry_after:
            raise FetchError(f"{host} is busy (HTTP {status}) and asks to retry in {asked:.0f} s")
        if asked is None:
            # Exponential backoff with jitter, so two clients do not retry in step.
            return self.config.backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)
        return asked + random.uniform(0, 0.1 * max(asked, 1.0))

    def _once(
        self, url: str, params: Mapping[str, str | int] | None, headers: dict[str, str], host: str
    ) -> tuple[int, httpx.Headers, bytes, str]:
        try:
            with self.client.stream("GET", url, params=params, headers=headers) as resp:
                body = b""
                if resp.status_code not in (204, 304):
                    body = self._read_body(resp, host)
                return resp.status_code, resp.headers, body, str(resp.url)
        except httpx.TooManyRedirects:
            raise FetchError(f"too many redirects from {host} (a redirect loop?)") from None
        except httpx.TimeoutException:
            raise FetchError(f"{host} did not answer within {self.config.timeout:g} s") from None
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect to {host}: {_reason(exc)}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise FetchError(f"the response from {host} was cut off: {_reason(exc)}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"request to {host} failed: {_reason(exc)}") from None

    def _read_body(self, resp: httpx.Response, host: str) -> bytes:
        cap = self.config.max_bytes
        length = resp.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap and not resp.headers.get("content-encoding"):
            raise FetchError(f"the response from {host} is larger than {_mb(cap)}; refused")
        decoder = _Decoder(resp.headers.get("content-encoding", ""), cap, host)
        parts: list[bytes] = []
        for chunk in resp.iter_raw():
            self._check_cancel()
            parts.append(decoder.feed(chunk))
        parts.append(decoder.finish())
        return b"".join(parts)

    def _checked(
        self,
        url: str,
        status: int,
        headers: httpx.Headers,
        body: bytes,
        host: str,
        expect_html: bool,
    ) -> Fetched:
        if status >= 400:
            phrase = httpx.codes.get_reason_phrase(status)
            raise FetchError(f"HTTP {status} {phrase} from {host}".rstrip())
        if status == 200 and not expect_html and looks_like_html(body, headers):
            raise FetchError(html_message(body, host))
        return Fetched(url, status, body, headers.get("etag"), headers.get("last-modified"))


class _Decoder:
    """gzip/deflate decoding that stops at the size cap: a gzip bomb costs at most `cap`."""

    def __init__(self, encoding: str, cap: int, host: str) -> None:
        self.cap, self.host, self.total = cap, host, 0
        enc = encoding.strip().lower()
        if enc in ("gzip", "x-gzip"):
            self.zlib: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.zlib = zlib.decompressobj()
        elif enc in ("", "identity"):
            self.zlib = None
        else:
            raise FetchError(f"{host} sent an encoding Reader cannot read: {encoding}")

    def feed(self, chunk: bytes) -> bytes:
        if self.zlib is None:
            out = chunk
        else:
            try:
                out = self.zlib.decompress(chunk, self.cap - self.total + 1)
            except zlib.error:
                raise FetchError(f"the compressed response from {self.host} is damaged") from None
        self.total += len(out)
        if self.total > self.cap:
            raise FetchError(
                f"the response from {self.host} is larger than {_mb(self.cap)} "
                "once decompressed; refused"
            )
        return out

    def finish(self) -> bytes:
        if self.zlib is not None and not self.zlib.eof:
            raise FetchError(f"the compressed response from {self.host} was cut off")
        return b""


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time(), 0.0)


def looks_like_html(body: bytes, headers: Mapping[str, str]) -> bool:
    """An HTML page (error page, login or captive portal) rather than a feed or JSON."""
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    starts_html = head.startswith((b"<!doctype html", b"<html"))
    return starts_html or (ctype in ("text/html", "application/xhtml+xml") and b"<rss" not in head)


def html_message(body: bytes, host: str) -> str:
    """What to say when a web page came back where a feed was expected."""
    match = _TITLE.search(body[:65536])
    title = " ".join(match.group(1).decode("utf-8", "replace").split())[:80] if match else ""
    named = f" titled {title!r}" if title else ""
    return (
        f"{host} sent a web page{named} instead of a feed "
        "(an error page, a login or a Wi-Fi portal?)"
    )


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:160] or type(exc).__name__


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
