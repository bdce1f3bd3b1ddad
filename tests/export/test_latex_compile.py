"""Compile the sample export with real TeX: classic bibtex (unsrt) and biblatex + biber.

Skipped, with the reason shown, unless pdflatex, bibtex and biber are on PATH.  Debian:
`apt-get install --no-install-recommends texlive-latex-base texlive-latex-recommended
texlive-bibtex-extra biber`.  Besides the 107 sample papers, a few hand-written hard cases
(TeX in abstracts, stray braces in notes, Greek in ASCII titles) are compiled too, and the
biblatex document prints every abstract and note so their escaping is typeset, not just read.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.models import Author, Paper
from reader.export import export_papers

TOOLS = ("pdflatex", "bibtex", "biber")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"LaTeX toolchain not installed (missing: {', '.join(MISSING)})"
)

CLASSIC = r"""\documentclass{article}
\usepackage{url}
\begin{document}
\cite{%s}
\bibliographystyle{unsrt}
\bibliography{refs}
\end{document}
"""

BIBLATEX = r"""\documentclass{article}
\usepackage[backend=biber,style=numeric]{biblatex}
\addbibresource{refs.bib}
\renewbibmacro*{finentry}{\newunit\printfield{abstract}\newunit\printfield{annotation}\finentry}
\begin{document}
\cite{%s}
\printbibliography
\end{document}
"""


def hard_cases(make_paper: Callable[..., Paper]) -> list[Paper]:
    return [
        make_paper(
            901,
            citekey="hard:tex",
            title="DεpS: Delayed ε-Shrinking for Faster Once-For-All Training",
            abstract=r"5\% faster, $\alpha$-entmax in $O(n \log n)$, 118\times, \aka {x",
            authors=(Author("Jürgen Müller", "Müller", "Jürgen"), Author("Smith, Jr. and Co")),
            note="Stray } brace, 100% & #1 ~ ^ \\ $",
            tags=("to_read", "50%"),
            arxiv_id="2405.14681",
            categories=("cs.LG",),
            published="2024-05-23",
        ),
        make_paper(902, citekey="hard.journal", title="Cats & Dogs", journal_ref="J. {X} 1"),
    ]


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300
    )


def pdflatex(cwd: Path) -> None:
    result = run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd)
    log = (cwd / "doc.log").read_text(errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert result.returncode == 0 and not errors, "\n".join(errors) or result.stdout[-3000:]


def compile_doc(tmp_path: Path, papers: list[Paper], fmt: str, template: str) -> Path:
    (tmp_path / "refs.bib").write_text(
        export_papers(papers, fmt, include_notes=True), encoding="utf-8"
    )
    keys = ",".join(p.citekey for p in papers)
    (tmp_path / "doc.tex").write_text(template % keys, encoding="utf-8")
    pdflatex(tmp_path)
    return tmp_path


def test_classic_bibtex_compiles(
    tmp_path: Path, sample_papers: list[Paper], paper_factory: Callable[..., Paper]
) -> None:
    papers = [*sample_papers, *hard_cases(paper_factory)]
    compile_doc(tmp_path, papers, "bibtex", CLASSIC)
    result = run(["bibtex", "doc"], tmp_path)
    blg = (tmp_path / "doc.blg").read_text(errors="replace")
    # bibtex exits 1 for warnings (e.g. no year on a title-only paper), 2+ for errors.
    assert result.returncode < 2 and "error message" not in blg, blg
    pdflatex(tmp_path)
    pdflatex(tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text()
    assert bbl.count(r"\bibitem") == len(papers)


def test_biblatex_biber_compiles(
    tmp_path: Path, sample_papers: list[Paper], paper_factory: Callable[..., Paper]
) -> None:
    papers = [*sample_papers, *hard_cases(paper_factory)]
    compile_doc(tmp_path, papers, "biblatex", BIBLATEX)
    # pdflatex cannot typeset every UTF-8 character (ε); biber spells them as LaTeX macros.
    result = run(["biber", "--output-safechars", "--output-safecharsset=full", "doc"], tmp_path)
    assert result.returncode == 0 and "ERROR" not in result.stdout, result.stdout[-3000:]
    pdflatex(tmp_path)
    pdflatex(tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text()
    assert bbl.count(r"\entry{") == len(papers)
