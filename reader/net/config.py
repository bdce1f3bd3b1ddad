"""Network settings: endpoints, limits and contact, from settings.toml and the environment."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

# arXiv's terms ask for at most one request every 3 s; a shorter delay is honoured only
# when the endpoints are not arXiv's own (a test server or a mirror of one's own).
ARXIV_MIN_DELAY = 3.0

ENV = {
    "arxiv_api_url": "READER_ARXIV_API_URL",
    "arxiv_rss_url": "READER_ARXIV_RSS_URL",
    "hf_api_url": "READER_HF_API_URL",
    "crossref_api_url": "READER_CROSSREF_API_URL",
    "mailto": "READER_MAILTO",
    "arxiv_delay": "READER_ARXIV_DELAY",
    "timeout": "READER_NET_TIMEOUT",
    "backoff": "READER_NET_BACKOFF",
    "tries": "READER_NET_TRIES",
}


class ConfigError(ValueError):
    """A network setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class NetConfig:
    """Where Reader fetches from and how politely."""

    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    arxiv_rss_url: str = "https://rss.arxiv.org/rss/"
    hf_api_url: str = "https://huggingface.co/api/"
    crossref_api_url: str = "https://api.crossref.org/"
    mailto: str = ""  # sent to Crossref (its "polite pool") and in the User-Agent
    arxiv_delay: float = ARXIV_MIN_DELAY  # seconds between two arXiv requests
    timeout: float = 30.0  # seconds to connect, and between two reads
    backoff: float = 2.0  # first wait before retrying a 429/503 without Retry-After
    tries: int = 4  # attempts per request, counting the first
    max_bytes: int = 50 * 1024 * 1024  # a response larger than this, decompressed, is refused
    max_retry_after: float = 120.0  # a longer Retry-After gives up instead of waiting

    @property
    def effective_arxiv_delay(self) -> float:
        """The delay in force: never under 3 s while talking to arXiv itself."""
        hosts = {urlsplit(u).hostname or "" for u in (self.arxiv_api_url, self.arxiv_rss_url)}
        if any(h == "arxiv.org" or h.endswith(".arxiv.org") for h in hosts):
            return max(self.arxiv_delay, ARXIV_MIN_DELAY)
        return max(self.arxiv_delay, 0.0)


def settings_file() -> Path:
    """settings.toml: $READER_CONFIG_DIR, else the platform's config folder (as the window)."""
    override = os.environ.get("READER_CONFIG_DIR")
    folder = Path(override) if override else Path(platformdirs.user_config_dir("reader"))
    return folder / "settings.toml"


def _coerce(name: str, value: object, where: str) -> object:
    default = getattr(NetConfig(), name)
    try:
        if isinstance(default, bool) or isinstance(value, bool):
            raise TypeError
        if isinstance(default, int):
            return int(str(value))
        if isinstance(default, float):
            number = float(str(value))
            if number < 0:
                raise ValueError
            return number
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: expected a number, got {value!r}") from None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected text, got {value!r}")
    if name.endswith("_url") and urlsplit(value).scheme not in ("http", "https"):
        raise ConfigError(f"{where}: expected an http(s) URL, got {value!r}")
    return value


def load_net_config(path: Path | None = None) -> NetConfig:
    """Defaults, then [network] in settings.toml, then READER_* environment variables."""
    path = path or settings_file()
    values: dict[str, object] = {}
    if path.exists():
        try:
            table = tomllib.loads(path.read_text("utf-8")).get("network", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [network] must be a table")
        known = {f.name for f in fields(NetConfig)}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(f"{path}: unknown setting network.{key}")
            values[key] = _coerce(key, value, f"{path.name}: network.{key}")
    for key, var in ENV.items():
        if os.environ.get(var):
            values[key] = _coerce(key, os.environ[var], var)
    return replace(NetConfig(), **values)  # type: ignore[arg-type]
