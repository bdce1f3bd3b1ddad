"""Medians over repeated runs and the printed results table."""

from __future__ import annotations

import statistics
from typing import Any


def summarise(runs: list[dict]) -> dict:
    """The median of every number across runs (nested dicts too); lists from the first run."""
    first = runs[0]
    out: dict[str, Any] = {}
    for key, value in first.items():
        if any(key not in r for r in runs):
            continue
        if isinstance(value, dict):
            out[key] = summarise([r[key] for r in runs])
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = statistics.median(r[key] for r in runs)
        else:
            out[key] = value
    out["runs"] = len(runs)
    return out


def _rows(s: dict) -> list[tuple[str, str]]:
    w, f = s["whoosh"], s["fts5"]
    rows = [
        ("import into SQLite (papers/s)", f"{s['import_sqlite_pps']:,.0f}"),
        ("import incl. index sync (papers/s)", _num(s.get("import_total_pps"))),
        ("index build, reindex (papers/s)", f"{s['reindex_pps']:,.0f}"),
        ("index build, reindex (papers/CPU s)", _num(s.get("reindex_cpu_pps"))),
        ("FTS5 build (papers/s)", f"{f['build_pps']:,.0f}"),
        ("build ratio Whoosh/FTS5 (time)", f"{f['build_pps'] / s['reindex_pps']:.1f}x"),
    ]
    modes = (("limit50", "limit=50"), ("all", "limit=None"), ("date50", "by date, 50"))
    for mode, label in modes:
        if mode not in w:
            continue
        for q in ("p50_ms", "p95_ms", "p50_cpu_ms", "p95_cpu_ms"):
            if q not in w[mode]:
                continue
            name = q.removesuffix("_ms").replace("_", " ")
            unit = "CPU ms" if "cpu" in q else "ms"
            rows.append((f"search {label} {name.split()[0]} Whoosh ({unit})", f"{w[mode][q]:.1f}"))
            rows.append((f"search {label} {name.split()[0]} FTS5 ({unit})", f"{f[mode][q]:.1f}"))
            ratio = w[mode][q] / max(f[mode][q], 1e-3)
            rows.append((f"  ratio Whoosh/FTS5 {label} {name}", f"{ratio:.1f}x"))
    if "triage" in s:
        t = s["triage"]
        rows.append(("star/queue one paper p50/p95 (ms)", f"{t['p50_ms']:.0f} / {t['p95_ms']:.0f}"))
        cpu = f"{t['p50_cpu_ms']:.0f} / {t['p95_cpu_ms']:.0f}"
        rows.append(("star/queue one paper p50/p95 (CPU ms)", cpu))
    rows += [
        ("first query after open (ms)", f"{w['first_query_ms']:.1f}"),
        ("peak RSS (MiB)", f"{s['peak_rss_mb']:.0f}"),
        ("RSS after import / reindex (MiB)", _pair(s, "import", "reindex")),
        ("runs (medians shown)", f"{s['runs']}"),
    ]
    return rows


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def _pair(s: dict, a: str, b: str) -> str:
    return f"{s[f'rss_after_{a}_mb']:.0f} / {s[f'rss_after_{b}_mb']:.0f}"


def print_table(summary: dict[int, dict]) -> None:
    """One column per corpus size."""
    sizes = list(summary)
    table = {n: dict(_rows(summary[n])) for n in sizes}
    labels = [label for label, _ in _rows(summary[sizes[0]])]
    width = max(len(label) for label in labels)
    print(f"{'papers':<{width}}  " + "  ".join(f"{n:>10,}" for n in sizes))
    for label in labels:
        print(f"{label:<{width}}  " + "  ".join(f"{table[n][label]:>10}" for n in sizes))
