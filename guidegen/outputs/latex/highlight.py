"""Code for LaTeX: a fenced block highlighted by its language (Pygments), every character
escaped, with the places where a long line may wrap.

Code is untrusted text that must print as typed, so it never reaches LaTeX verbatim, nor
through fancyvrb's commandchars (pandoc's way): Pygments only says which token each piece
of text is, the piece is escaped like any text (texescape.escape_code), and the token
picks one of a few fixed style macros of the preamble (\\ggcK{...} for a keyword...).
The colours are those of pandoc's default style ("pygments"), the reference look.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from guidegen.outputs.latex.texescape import escape_code

# Pygments token type -> the preamble's style macro (\ggc<letter>); a token takes the
# style of its nearest listed ancestor, and none (plain text) if there is none.
_STYLES = {
    "Keyword": "K", "Keyword.Constant": "X", "Keyword.Type": "T", "Operator.Word": "K",
    "Name.Builtin": "B", "Name.Function": "F", "Name.Class": "F", "Name.Decorator": "A", "Name.Exception": "F",
    "Name.Constant": "X", "Name.Tag": "K", "Name.Attribute": "A", "Name.Variable": "V",
    "Literal.String": "S", "Literal.String.Doc": "D", "Literal.String.Escape": "P", "Literal.String.Interpol": "P",
    "Literal.Number": "N", "Comment": "C", "Comment.Preproc": "R", "Comment.PreprocFile": "S",
    "Operator": "O", "Generic.Heading": "K", "Generic.Subheading": "K", "Generic.Prompt": "R",
    "Generic.Deleted": "E", "Generic.Inserted": "N",
}  # Error tokens (what the lexer did not expect: a backtick in Python) print plain, not as an alarm.
# After these a line may wrap (most code has spaces; a long call or path may have none).
_BREAK_AFTER = frozenset(",;([{./\\|&+=:")
# A stretch with no such place may still wrap every PIECE characters (at a higher cost).
PIECE = 10


def language_of(info: str) -> str:
    """The language a fence names: its first word, as pandoc reads it (`python`, `{.python}`)."""
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return word.strip("{}").lstrip(".").lower()[:40]


@lru_cache(maxsize=64)
def _lexer(language: str):
    """Pygments' lexer for `language`, or None (an unknown or no language prints plain)."""
    if not language:
        return None
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=True)
    except ClassNotFound:
        return None


def _style(token) -> str | None:
    while token is not None:
        name = ".".join(token)
        if name in _STYLES:
            return _STYLES[name]
        token = token.parent
    return None


def code_lines(content: str, language: str) -> list[tuple[int, list[tuple[str | None, str]]]]:
    """Each line of `content`: (its indent in columns, [(style, text), ...] after the indent).
    Tabs are stops of 4."""
    text = content.expandtabs(4)
    count = text.count("\n") + 1
    lexer = _lexer(language)
    tokens = lexer.get_tokens(text) if lexer else [(None, text)]
    lines: list[list[tuple[str | None, str]]] = [[]]
    for token, value in tokens:
        style = _style(token) if lexer else None
        for index, part in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if part and lines[-1] and lines[-1][-1][0] == style:  # one macro for a run of one style
                lines[-1][-1] = (style, lines[-1][-1][1] + part)
            elif part:
                lines[-1].append((style, part))
    out = []
    for pieces in lines[:count]:
        indent = 0
        while pieces and pieces[0][1].startswith(" "):  # the indent, across tokens
            style, part = pieces[0]
            stripped = part.lstrip(" ")
            indent += len(part) - len(stripped)
            pieces = ([(style, stripped)] if stripped else []) + pieces[1:]
        out.append((indent if pieces else 0, pieces))
    return out


def breakable(text: str) -> list[str]:
    """`text` (no spaces) cut where a line may wrap: after punctuation, and every PIECE
    characters of a stretch without it. Joined, the pieces are `text`."""
    pieces, start = [], 0
    for index, char in enumerate(text):
        if (char in _BREAK_AFTER and index + 1 - start >= 2) or index + 1 - start >= PIECE:
            pieces.append(text[start : index + 1])
            start = index + 1
    if start < len(text):
        pieces.append(text[start:])
    return pieces


# Columns of indent a code line is given at most: the preamble sets anything deeper than
# 40% of the line at 40% anyway, and TeX refuses a length over 16,383 pt (3,000 tabs,
# 12,000 columns of 5 pt, stopped the build with "Dimension too large").
MAX_INDENT = 200


def _cuts(line: str) -> list[int]:
    """Where a code line (its text after the indent) may wrap besides its spaces: each
    offset after which a \\ggbp goes, over the whole line, so a stretch made of many short
    tokens (a+b+c+..., [1,2,3,...]) wraps as one written in a single token does."""
    cuts = []
    for match in re.finditer("[^ ]+", line):
        offset = match.start()
        for piece in breakable(match.group())[:-1]:
            offset += len(piece)
            cuts.append(offset)
    return cuts


def _block_text(text: str, cuts: list[int]) -> str:
    """Escaped text of a piece of a code line: a space is \\ggsp (a column, then a place to
    wrap), and \\ggbp marks the `cuts` (offsets in `text`, in order; one at its end is a
    place to wrap before the next piece). Raises UnsupportedCharacter."""
    out = []
    next_cut = 0
    for match in re.finditer(" +|[^ ]+", text):
        if match.group().startswith(" "):
            out.append("\\ggsp{}" * len(match.group()))
            continue
        position, end = match.span()
        pieces = []
        while next_cut < len(cuts) and cuts[next_cut] <= end:
            if cuts[next_cut] > position:
                pieces.append(text[position : cuts[next_cut]])
                position = cuts[next_cut]
            next_cut += 1
        pieces.append(text[position:end])
        out.append("\\ggbp{}".join(escape_code(piece) for piece in pieces))
    return "".join(out)


def _line_text(pieces: list[tuple[str | None, str]]) -> str:
    """A code line's text after its indent, each token in its style's macro."""
    cuts = _cuts("".join(part for _, part in pieces))
    out = []
    start = 0
    for style, part in pieces:
        end = start + len(part)
        mine = [cut - start for cut in cuts[bisect.bisect_right(cuts, start) : bisect.bisect_right(cuts, end)]]
        text = _block_text(part, mine)
        out.append(text if style is None else f"\\ggc{style}{{{text}}}")
        start = end
    return "".join(out)


def code_block(content: str, language: str) -> str:
    """A fenced or indented code block in LaTeX: a ggcode environment of lines
    \\ggcl{indent}, highlighted where `language` is one Pygments knows. Raises UnsupportedCharacter."""
    out = []
    for indent, pieces in code_lines(content, language):
        out.append(f"\\ggcl{{{min(indent, MAX_INDENT)}}}{_line_text(pieces)}\n")
    # "%" ends the first line: its line end would be a space before the code's first character.
    return "\\begin{ggcode}%\n" + "".join(out) + "\\end{ggcode}\n\n"


def code_inline(text: str) -> str:
    """An inline code span: \\texttt, with places to wrap after punctuation and in long
    stretches (\\ggib), so no span runs into the margin. Raises UnsupportedCharacter."""
    words = text.split(" ")
    return "\\texttt{" + " ".join("\\ggib{}".join(escape_code(p) for p in breakable(word)) for word in words) + "}"
