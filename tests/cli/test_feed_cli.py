"""`reader feed add|list|remove|rename`: subscriptions kept in the library."""

from __future__ import annotations

import json
from pathlib import Path

from netserver import Run


def test_feed_commands_on_a_fresh_library(run: Run, tmp_path: Path) -> None:
    assert run("feed", "add", "arxiv:cs.CV") == (
        0,
        "subscribed to arxiv:cs.CV as 'arxiv:cs.CV'; fetch it with `reader refresh`\n",
        "",
    )
    assert (tmp_path / "lib" / "library.sqlite").exists()
    run("feed", "add", "hf:daily", "--name", "HF daily")
    run("feed", "add", "arxiv-query:'ti:diffusion AND cat:cs.CV'", "--name", "diffusion")
    status, out, _ = run("feed", "list")
    assert status == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["arxiv:cs.CV", "HF", "diffusion"]
    assert all("never fetched" in line for line in lines)
    listed = json.loads(run("feed", "list", "--json")[1])
    assert listed[2]["source"] == "arxiv-query:ti:diffusion AND cat:cs.CV"
    assert run("feed", "rename", "hf daily", "Hugging Face")[1] == "renamed to 'Hugging Face'\n"
    assert run("feed", "remove", "diffusion")[0] == 0
    names = [f["name"] for f in json.loads(run("feed", "list", "--json")[1])]
    assert names == ["arxiv:cs.CV", "Hugging Face"]


def test_feed_mistakes_are_one_line(run: Run) -> None:
    status, _, err = run("feed", "add", "cs.LG")
    assert status == 2
    assert err == (
        "reader: unknown feed source 'cs.LG': use hf:daily, hf:daily:YYYY-MM-DD, "
        "arxiv:CATEGORY[+CATEGORY...], arxiv-query:QUERY or an http(s) URL of an RSS/Atom feed\n"
    )
    run("feed", "add", "arxiv:cs.LG")
    assert run("feed", "add", "arxiv:cs.LG") == (
        1,
        "",
        "reader: already subscribed to arxiv:cs.LG\n",
    )
    assert run("feed", "add", "arxiv:cs.CV", "--name", "ARXIV:CS.LG")[2] == (
        "reader: there is already a feed named 'ARXIV:CS.LG'\n"
    )
    assert run("feed", "remove", "nope") == (
        1,
        "",
        "reader: no feed named 'nope' (see `reader feed list`)\n",
    )
    assert run("feed", "list")[1].startswith("arxiv:cs.LG")
