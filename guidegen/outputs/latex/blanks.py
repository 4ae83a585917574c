"""Blanks ({{c1::answer}}) in LaTeX: a line to fill in, in the question sheet, and the
same line with the answer on it, in the key. Both are exactly as wide (content.cloze's
width, worked out from the answer's text, never measured by TeX in the sheet, which is
never given the answer) and take no height of their own, so sheet and key break their
lines and pages alike (templates/preamble.tex.j2: \\ggblank, \\ggblankfilled)."""

from __future__ import annotations

from guidegen.content.cloze import width_em


def width(answer_text: str, hint: str) -> str:
    """A blank's width as a TeX length."""
    return f"{width_em(answer_text, hint)}em"


def empty(width_tex: str, hint_tex: str) -> str:
    """The sheet's blank: a line, its hint (if any) small on it."""
    return "\\ggblank{" + width_tex + "}{" + hint_tex + "}"


def filled(width_tex: str, hint_tex: str, answer_tex: str) -> str:
    """The key's blank: the same line with the answer on it (the hint is the sheet's alone)."""
    return "\\ggblankfilled{" + width_tex + "}{" + answer_tex + "}"
