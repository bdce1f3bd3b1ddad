"""The LaTeX command names the escaper keeps as written, by where they are valid."""

from __future__ import annotations

# Text-mode commands kept as written.  Accents and styling commands need an argument.
TEXT_SYMBOLS = frozenset(
    "ldots dots textbackslash textbraceleft textbraceright textasciitilde textasciicircum "
    "textbar textless textgreater textdegree textendash textemdash textquotedbl "
    "textquoteleft textquoteright textbullet textregistered texttrademark textcopyright "
    "textperiodcentered textsection textparagraph textdagger TeX LaTeX ss o O ae AE oe OE "
    "aa AA l L i j S P pounds dag ddag".split()
)
TEXT_ARG = frozenset(
    "textbf textit emph texttt textsc textrm textsf textsl textup underline "
    "textsuperscript textsubscript mbox c v u H k r t d b".split()
)
MATH_SYMBOLS = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma "
    "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega times div pm mp cdot ast star "
    "circ bullet leq le geq ge neq ne approx sim simeq equiv propto ll gg infty partial "
    "nabla sum prod int surd in notin subset subseteq supset supseteq cup cap emptyset "
    "forall exists neg wedge vee oplus otimes to rightarrow leftarrow leftrightarrow "
    "Rightarrow Leftarrow Leftrightarrow uparrow downarrow mapsto ell hbar langle rangle "
    "lceil rceil lfloor rfloor prime top bot mid parallel perp dagger ddagger cdots vdots "
    "ddots ldots dots log exp min max arg sin cos tan lim sup inf det dim ker Pr "
    "quad qquad colon lvert rvert surd".split()
)
MATH_ARG = {
    **dict.fromkeys(
        "mathcal mathbb mathbf mathrm mathit mathsf mathtt boldsymbol sqrt hat tilde bar "
        "vec dot ddot overline underline widehat widetilde text textbf textit textrm "
        "operatorname".split(),
        1,
    ),
    "frac": 2,
}
