"""Network settings: defaults, settings.toml [network], READER_* variables, the arXiv floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.net.config import ConfigError, NetConfig, load_net_config


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path / "cfg"))
    for var in ("ARXIV_API", "ARXIV_RSS", "HF_API", "CROSSREF_API"):
        monkeypatch.delenv(f"READER_{var}_URL")
    monkeypatch.delenv("READER_NET_BACKOFF")
    (tmp_path / "cfg").mkdir()
    return tmp_path / "cfg" / "settings.toml"


def test_defaults_are_the_real_services(settings: Path) -> None:
    config = load_net_config()
    assert config.arxiv_api_url == "https://export.arxiv.org/api/query"
    assert config.arxiv_rss_url == "https://rss.arxiv.org/rss/"
    assert config.hf_api_url == "https://huggingface.co/api/"
    assert config.crossref_api_url == "https://api.crossref.org/"
    assert config.effective_arxiv_delay == 3.0


def test_settings_file_then_environment(settings: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.write_text(
        '[network]\narxiv_api_url = "https://mirror.example.org/api/query"\n'
        'mailto = "me@example.org"\nhf_api_url = "https://hf.example.org/api/"\n'
    )
    monkeypatch.setenv("READER_HF_API_URL", "http://127.0.0.1:8000/api/")
    config = load_net_config()
    assert config.arxiv_api_url == "https://mirror.example.org/api/query"
    assert config.hf_api_url == "http://127.0.0.1:8000/api/"
    assert config.mailto == "me@example.org"


def test_arxiv_delay_cannot_go_under_3_s_against_arxiv(
    settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_ARXIV_DELAY", "0.1")
    assert load_net_config().effective_arxiv_delay == 3.0
    monkeypatch.setenv("READER_ARXIV_API_URL", "http://127.0.0.1:8000/api/query")
    monkeypatch.setenv("READER_ARXIV_RSS_URL", "http://127.0.0.1:8000/rss/")
    assert load_net_config().effective_arxiv_delay == 0.1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[network]\narxiv_delay = "soon"\n', "network.arxiv_delay: expected a number"),
        ('[network]\nhf_api_url = "ftp://x/"\n', "network.hf_api_url: expected an http"),
        ("[network]\nproxy = 1\n", "unknown setting network.proxy"),
    ],
)
def test_bad_settings_are_named(settings: Path, text: str, message: str) -> None:
    settings.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_net_config()


def test_bad_environment_is_named(settings: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_NET_TIMEOUT", "-3")
    with pytest.raises(ConfigError, match="READER_NET_TIMEOUT: expected a number"):
        load_net_config()
    assert NetConfig().timeout == 30.0
