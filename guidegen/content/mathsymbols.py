"""The math allow-list's tables (the commands, symbols, environments and limits a
formula may use) and the Unicode symbols that stand for math commands (α is \\alpha in
text and in math alike): what content may write, decided once, for every output."""

from __future__ import annotations

import re
import unicodedata

# Characters that need math commands under pdfLaTeX. The same table serves text
# (wrapped in \ensuremath) and math (used bare), so "α" works in either.
MATH_SYMBOLS = {
    "×": r"\times", "÷": r"\div", "±": r"\pm", "∓": r"\mp", "≤": r"\le", "≥": r"\ge", "≠": r"\ne",
    "≈": r"\approx", "≃": r"\simeq", "≅": r"\cong", "≡": r"\equiv", "∼": r"\sim", "∝": r"\propto",
    "∞": r"\infty", "→": r"\rightarrow", "←": r"\leftarrow", "↔": r"\leftrightarrow", "⇒": r"\Rightarrow",
    "⇐": r"\Leftarrow", "⇔": r"\Leftrightarrow", "↦": r"\mapsto", "↑": r"\uparrow", "↓": r"\downarrow",
    "∈": r"\in", "∉": r"\notin", "∋": r"\ni", "⊂": r"\subset", "⊆": r"\subseteq", "⊃": r"\supset",
    "⊇": r"\supseteq", "∪": r"\cup", "∩": r"\cap", "∅": r"\emptyset", "∀": r"\forall", "∃": r"\exists",
    "∄": r"\nexists", "∧": r"\wedge", "∨": r"\vee", "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "√": r"\surd",
    "∂": r"\partial", "∇": r"\nabla", "∘": r"\circ", "⋅": r"\cdot", "∙": r"\cdot", "−": "-", "′": r"\prime",
    "″": r"\prime\prime", "‖": r"\|", "⟨": r"\langle", "⟩": r"\rangle", "≪": r"\ll", "≫": r"\gg", "⊥": r"\perp",
    "∥": r"\parallel", "ℓ": r"\ell", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}",
    "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}", "∗": "*", "⊗": r"\otimes", "⊕": r"\oplus", "⌈": r"\lceil",
    "⌉": r"\rceil", "⌊": r"\lfloor", "⌋": r"\rfloor", "…": r"\dots", "⋯": r"\cdots", "·": r"\cdot",
    "¬": r"\neg", "°": r"{}^{\circ}",
    "⟺": r"\Longleftrightarrow", "⟹": r"\Longrightarrow", "⟸": r"\Longleftarrow", "⟶": r"\longrightarrow",
    "⪰": r"\succeq", "⪯": r"\preceq", "≻": r"\succ", "≺": r"\prec", "⟵": r"\longleftarrow", "⟷": r"\longleftrightarrow", "⇌": r"\rightleftharpoons", "∖": r"\setminus",
}
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "π": "pi", "ϖ": "varpi", "ρ": "rho", "ϱ": "varrho", "σ": "sigma", "ς": "varsigma",
    "τ": "tau", "υ": "upsilon", "φ": "varphi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
MATH_SYMBOLS.update({char: "\\" + name for char, name in GREEK.items()})
# Greek capitals that look like Latin ones are typeset as the Latin letter, as in print.
MATH_SYMBOLS.update(dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX")))
MATH_SYMBOLS["µ"] = r"\mu"  # the micro sign


def _math_alphanumerics() -> dict[str, str]:
    """Unicode's mathematical letters and digits (𝐇, 𝑥, ℝ-like 𝔸, 𝓛, 𝔉, 𝟏...) as the math
    alphabet commands that print them, from their Unicode names."""
    styles = {"BOLD": r"\mathbf", "ITALIC": r"\mathit", "BOLD ITALIC": r"\boldsymbol", "SCRIPT": r"\mathcal",
              "BOLD SCRIPT": r"\mathcal", "FRAKTUR": r"\mathfrak", "BOLD FRAKTUR": r"\mathfrak",
              "DOUBLE-STRUCK": r"\mathbb", "SANS-SERIF": r"\mathsf", "SANS-SERIF BOLD": r"\mathsf",
              "SANS-SERIF ITALIC": r"\mathsf", "SANS-SERIF BOLD ITALIC": r"\mathsf", "MONOSPACE": r"\mathtt"}
    table = {}
    for code in range(0x1D400, 0x1D800):
        name = unicodedata.name(chr(code), "")
        match = re.fullmatch(r"MATHEMATICAL (.+) (CAPITAL|SMALL|DIGIT) ([A-Z]+)", name)
        if not match or match.group(1) not in styles:
            continue
        style, kind, what = match.groups()
        if kind == "DIGIT":
            glyph = str(["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"].index(what))
        elif len(what) == 1:
            glyph = what if kind == "CAPITAL" else what.lower()
        else:
            continue  # Greek and dotless letters: rare, left out
        if styles[style] in (r"\mathcal", r"\mathbb") and kind != "CAPITAL" and style != "DOUBLE-STRUCK":
            continue  # the LaTeX alphabets have capitals only
        if styles[style] == r"\mathbb" and kind != "CAPITAL":
            continue
        table[chr(code)] = styles[style] + "{" + glyph + "}"
    return table


MATH_SYMBOLS.update(_math_alphanumerics())

# Latin-1 and Latin Extended-A letters that pdfLaTeX's utf8 input + T1/TS1 fonts print
# directly; the few missing ones are excluded (tests/test_unicode.py compiles every accepted one).
NOT_DIRECT = set("ĦħĸĿŀŉŦŧſ")  # no utf8 input definition under T1
DIRECT_RANGES = ((0x00A1, 0x00FF), (0x0100, 0x017F))


def is_direct(char: str) -> bool:
    code = ord(char)
    return char not in NOT_DIRECT and any(lo <= code <= hi for lo, hi in DIRECT_RANGES)


SYMBOLS = set("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho
varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi
Psi Omega
sum prod coprod int iint iiint oint bigcup bigcap bigoplus bigotimes bigvee bigwedge
log ln exp sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh max min sup inf lim liminf limsup
arg det dim ker deg gcd hom Pr argmax argmin
le leq ge geq ne neq lt gt approx sim simeq cong equiv propto ll gg prec succ preceq succeq subset subseteq
supset supseteq in notin ni mid nmid parallel perp models vdash dashv
to rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow longrightarrow longleftarrow
Longrightarrow Longleftarrow implies impliedby iff mapsto longmapsto uparrow downarrow updownarrow Uparrow
Downarrow nearrow searrow hookrightarrow rightharpoonup
times div pm mp cdot cdots ldots dots vdots ddots circ bullet ast star oplus otimes odot cup cap setminus
wedge vee land lor neg lnot top bot
infty partial nabla forall exists nexists emptyset varnothing ell hbar imath jmath Re Im aleph prime
angle triangle triangledown square blacksquare checkmark dagger ddagger S P lbrace rbrace
langle rangle lvert rvert lVert rVert lfloor rfloor lceil rceil vert Vert backslash
quad qquad enspace thinspace negthinspace
displaystyle textstyle scriptstyle scriptscriptstyle
not colon cdotp ldotp
""".split())
SPACING_SYMBOLS = {",", ";", ":", "!", " ", "{", "}", "|", "#", "%", "&", "_", "$"}
DELIMITERS = {"(", ")", "[", "]", "|", ".", "/", "<", ">"}
DELIMITER_COMMANDS = {"{", "}", "|", "lbrace", "rbrace", "langle", "rangle", "lvert", "rvert", "lVert", "rVert", "lfloor", "rfloor",
                      "lceil", "rceil", "vert", "Vert", "uparrow", "downarrow", "updownarrow", "backslash"}
SIZED = {f"{size}{side}" for size in ("big", "Big", "bigg", "Bigg") for side in ("", "l", "r", "m")}
ONE_ARG = set("""
sqrt hat widehat bar overline underline tilde widetilde vec dot ddot acute grave breve check mathring
mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak boldsymbol bm operatorname
underbrace overbrace overrightarrow overleftarrow substack phantom hphantom vphantom boxed
xrightarrow xleftarrow
""".split())
TWO_ARG = {"frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "stackrel", "overset", "underset"}
TEXT_ARG = {"text", "textrm", "textbf", "textit", "textsf", "texttt", "mbox", "emph"}
ENVIRONMENTS = {"split", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases",
                "dcases", "aligned", "alignedat", "gathered", "array"}
# How many '&' one row of each environment takes (None: any); more is a LaTeX error.
COLUMNS = {"split": 1, "matrix": 9, "pmatrix": 9, "bmatrix": 9, "Bmatrix": 9, "vmatrix": 9, "Vmatrix": 9, "smallmatrix": 9,
           "cases": 1, "dcases": 1, "aligned": None, "gathered": 0}
# Commands that are not one math symbol. Right after ^ or _, or as the argument of a
# command without braces, TeX fails on them ("Missing { inserted": an operator, a
# spacing or a style switch is not a math field), scripts only their first glyph (\ne is
# \not =, \mapsto two pieces), or they break in a title, whose text LaTeX expands into
# the table of contents (\vec\quad, \hat\checkmark). Each was tried with pdflatex; the
# tests typeset every other symbol bare (x^\alpha, \hat\alpha) in text, titles, captions.
NOT_ONE_SYMBOL = set("""
log ln exp sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh max min sup inf lim liminf limsup
arg det dim ker deg gcd hom Pr argmax argmin
sum prod coprod int iint iiint oint bigcup bigcap bigoplus bigotimes bigvee bigwedge
dots ldots cdots vdots ddots
quad qquad enspace thinspace negthinspace
displaystyle textstyle scriptstyle scriptscriptstyle
ne neq notin cong models colon mapsto longmapsto hookrightarrow longrightarrow longleftarrow Longrightarrow
Longleftarrow implies impliedby iff checkmark
""".split()) | {",", ";", ":", "!", " "}
STYLES = {"displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle"}
# Inside \bm{...} (and \boldsymbol, which bm redefines) these fail in pdflatex: bm
# re-reads its argument token by token.
NOT_IN_BOLD = {"begin", "middle", "boldsymbol", "phantom", "hphantom", "vphantom", "operatorname", "substack",
               "binom", "dbinom", "tbinom", "dfrac", "tfrac", "overset", "underset", "dots", "iint", "iiint"}
# Inside \bm{...} these single symbols also fail as an unbraced argument (\bm{\hat\_}).
NOT_ONE_SYMBOL_IN_BOLD = {"nmid", "_"}
# Not robust (their definition holds '#'): in a title or caption, which LaTeX also
# writes to the table of contents, they fail unless \protect-ed.
FRAGILE = {"underbrace", "overbrace"}
# Characters typeset as an empty atom with a superscript, as ° is {}^{\circ}.
SUPERSCRIPT_CHARS = {char: latex[3:] for char, latex in MATH_SYMBOLS.items() if latex.startswith("{}^")}
TEXT_COMMANDS = {"textbf", "textit", "emph", "textrm", "texttt", "textsf"}
TEXT_SYMBOL_COMMANDS = {",", ";", ":", " ", "%", "&", "_", "#", "$", "{", "}", "quad", "qquad"}
MAX_DEPTH = 40
# \left…\right pairs inside one another: each is a TeX group, and TeX allows 255 groups
# at once ("TeX capacity exceeded [grouping levels=255]" at 300); real formulas need four.
MAX_LEFT_DEPTH = 20

