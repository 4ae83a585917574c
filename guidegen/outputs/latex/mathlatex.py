"""Checked math in LaTeX: the content layer's allow-list (guidegen.content.mathcheck) says
what may print; this says how the PDF prints it (Unicode symbols as commands, fragile
commands protected, a whole align or gather as amsmath's unnumbered form)."""

from __future__ import annotations

from guidegen.content.mathcheck import DISPLAY_ENVIRONMENTS, check_display, check_math, normal_math, whole_environment
from guidegen.content.mathsymbols import FRAGILE, MATH_SYMBOLS
from guidegen.content.mathtokens import TOKEN


def display_to_latex(source: str) -> str:
    """A displayed formula ($$...$$) in LaTeX: \\[...\\], or, when it is one align, gather,
    multline or equation environment, amsmath's unnumbered form of it."""
    whole = whole_environment(source)
    if whole is None:
        return "\\[" + math_to_latex(source, display=True) + "\\]"
    check_display(source)
    env, body = whole
    latex_env = DISPLAY_ENVIRONMENTS[env][0]
    return f"\\begin{{{latex_env}}}" + _to_latex(body) + f"\\end{{{latex_env}}}"


def math_to_latex(source: str, display: bool = False) -> str:
    """The checked formula with Unicode symbols replaced by their commands, and the
    fragile commands \\protect-ed so that they also work in titles and captions."""
    check_math(source, display)
    return _to_latex(source)


def _to_latex(source: str) -> str:
    source = normal_math(source)
    out = []
    for match in TOKEN.finditer(source):
        command = match.group(1)
        if command is not None and command.rstrip("*") in FRAGILE:
            out.append("\\protect")
        out.append("".join(_unicode_math(char) for char in match.group()))
    return "".join(out)


def _unicode_math(char: str) -> str:
    if char.isascii():
        return char
    command = MATH_SYMBOLS.get(char)
    if command is None:
        return char  # only reachable inside \text{}, where the checker accepted it
    return command + " " if command[-1].isalpha() else command
