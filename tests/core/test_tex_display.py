"""TeX in titles and abstracts as display text: what a reader expects, nothing lost."""

from __future__ import annotations

import pytest

from reader.core.tex_display import LIMIT, tex_html, tex_text

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        (r"12.5\% better", "12.5% better"),
        (r"\emph{Provable} bounds", "Provable bounds"),
        (r"$O(n^2)$ time", "O(n²) time"),
        (r"$x_{ij}^{10}$ and $e^{k+1}$ and $W^\top$", "xᵢⱼ¹⁰ and e^(k+1) and Wᵀ"),
        (r"118\times lower cost", "118× lower cost"),
        (r"Genie~that, e.g.,~SVD", f"Genie{NBSP}that, e.g.,{NBSP}SVD"),
        (r"Schr\"odinger and Erd\H{o}s, Na\"ive", "Schrödinger and Erdős, Naïve"),
        (r"$\alpha$-stable $\mathcal{O}(\log n)$", "α-stable 𝒪(log n)"),
        (r"$\mathbb{R}^d$, $\sqrt{n}$, $\frac{1}{2}$, $\leq$", "ℝ^d, √(n), 1/2, ≤"),
        (r"``quoted'' 3--5 days --- dash", "“quoted” 3–5 days — dash"),
        (r"{BERT} \& co, the \LaTeX{} way, {\em very} good", "BERT & co, the LaTeX way, very good"),
        (r"inline $$a + b^2$$ and \(p_1 + q\) too", "inline a + b² and p₁ + q too"),
    ],
)
def test_tex_is_shown_as_text(tex: str, shown: str) -> None:
    assert tex_text(tex) == shown


@pytest.mark.parametrize(
    "plain",
    [
        "Vision Transformers Outperform ResNets",
        "pruned by up to 40% ~ 80% without loss, (~50%) of ~billion parameters",
        "a & b # c _ d, snake_case and 50% of it",
        "page: https://github.com/~user/x_y%20z.",
        "line one\n\nline two",
    ],
)
def test_plain_text_and_loose_symbols_stay_as_written(plain: str) -> None:
    assert tex_text(plain) == plain


def test_unknown_macros_are_shown_not_dropped() -> None:
    assert tex_text(r"the gradient (\aka, score) and \foo{bar} baz") == (
        r"the gradient (\aka, score) and \foo{bar} baz"
    )


def test_a_url_keeps_its_tilde_and_percent_after_a_tie() -> None:
    assert tex_text("page:~https://example.org/~me/a%20b") == (
        f"page:{NBSP}https://example.org/~me/a%20b"
    )


def test_emphasis_is_italic_in_html_and_text_is_escaped() -> None:
    assert tex_html(r"\emph{Provable} <b> \textbf{bold}") == (
        "<em>Provable</em> &lt;b&gt; <strong>bold</strong>"
    )


def test_a_very_long_text_is_left_as_written() -> None:
    long = r"12.5\% " * (LIMIT // 6)
    assert tex_text(long) == long
