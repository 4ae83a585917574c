"""Escape untrusted text for LaTeX: specials print as themselves, Unicode maps to known glyphs."""

from __future__ import annotations

import re
import unicodedata

from pylatex.utils import escape_latex

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
}
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "π": "pi", "ϖ": "varpi", "ρ": "rho", "ϱ": "varrho", "σ": "sigma", "ς": "varsigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
MATH_SYMBOLS.update({char: "\\" + name for char, name in GREEK.items()})
# Greek capitals that look like Latin ones are typeset as the Latin letter, as in print.
MATH_SYMBOLS.update(dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX")))
MATH_SYMBOLS["µ"] = r"\mu"  # the micro sign

# Text characters with a direct text-mode command (T1/TS1 fonts via textcomp).
TEXT_SYMBOLS = {
    "\u00a0": "~", "\u00ad": r"\-", "–": "--", "—": "---", "‘": "`", "’": "'", "‚": ",", "“": "``",
    "”": "''", "„": ",,", "«": r"\guillemotleft{}", "»": r"\guillemotright{}", "‹": r"\guilsinglleft{}",
    "›": r"\guilsinglright{}", "•": r"\textbullet{}", "†": r"\dag{}", "‡": r"\ddag{}", "‰": r"\textperthousand{}",
    "€": r"\texteuro{}", "™": r"\texttrademark{}", "№": r"\textnumero{}", "‐": "-", "‑": "-", "‒": "--",
    "―": "---", "…": r"\dots{}", "·": r"\textperiodcentered{}", "°": r"\textdegree{}", "µ": r"\textmu{}",
    "¬": r"\textlnot{}", "×": r"\texttimes{}", "÷": r"\textdiv{}", "±": r"\textpm{}", "−": r"\textminus{}",
}

# Latin-1 and Latin Extended-A letters that pdfLaTeX's utf8 input + T1/TS1 fonts print
# directly; the few missing ones are excluded (tests/test_unicode.py compiles every accepted one).
_T1_UNSUPPORTED = set("ĦħĸĿŀŉŦŧſ")  # no utf8 input definition under T1
_DIRECT_RANGES = ((0x00A1, 0x00FF), (0x0100, 0x017F))


def is_direct(char: str) -> bool:
    code = ord(char)
    return char not in _T1_UNSUPPORTED and any(lo <= code <= hi for lo, hi in _DIRECT_RANGES)


class UnsupportedCharacter(ValueError):
    def __init__(self, char: str):
        name = unicodedata.name(char, "")
        shown = f"'{char}' " if char.isprintable() else ""
        label = f"U+{ord(char):04X} {name}".strip()
        super().__init__(f"character {shown}({label}) cannot be typeset; replace or remove it")
        self.char = char


_PLAIN_ASCII = re.compile(r"[ -~]+")  # printable ASCII runs: escaped in one call
# pylatex's escaping of each printable ASCII character, with the characters that would
# print oddly made explicit; applied with str.translate.
_ASCII_TABLE = str.maketrans({chr(c): str(escape_latex(chr(c))) for c in range(32, 127)} | {
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
    "^": r"\textasciicircum{}"})  # pylatex's \^{} is a circumflex accent, not a caret


def escape_text(text: str) -> str:
    """LaTeX source that prints `text` literally. Raises UnsupportedCharacter."""
    out = []
    position = 0
    for run in _PLAIN_ASCII.finditer(text):
        out.extend(_escape_char(c) for c in text[position : run.start()])
        out.append(run.group().translate(_ASCII_TABLE))
        position = run.end()
    out.extend(_escape_char(c) for c in text[position:])
    return "".join(out)


def _escape_char(char: str) -> str:
    """One character outside printable ASCII."""
    if char in "\t\n":
        return " "
    if char < " " or char == "\x7f":
        raise UnsupportedCharacter(char)
    if char in TEXT_SYMBOLS:
        return TEXT_SYMBOLS[char]
    if char in MATH_SYMBOLS:
        return r"\ensuremath{" + MATH_SYMBOLS[char] + "}"
    if is_direct(char):
        return char
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    if category == "Cf":
        return ""  # zero-width and direction marks pasted from the web: invisible, dropped
    raise UnsupportedCharacter(char)


def plain_text(text: str) -> str:
    """Escaped text with no Unicode mapping failures: for PDF bookmarks and metadata."""
    out = []
    for char in text:
        try:
            out.append(escape_text(char))
        except UnsupportedCharacter:
            out.append("?")
    return "".join(out)
