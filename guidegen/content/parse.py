"""The one Markdown parser setup (markdown-it, CommonMark with tables and $math$), and
what is decided on the parsed blocks rather than on lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The text of the heading that ends the question, once markdown-it has read the heading
# (any legal spelling: "## Answer", "## Answer ##", "   ## Answer", setext "Answer" over
# "------"), emphasis marks and a closing colon aside.
ANSWER_TEXT = re.compile(r"^[*_\s]*answer[*_\s]*:?[*_\s]*$", re.IGNORECASE)
# The answer heading as nearly every file writes it, and the lines above it that could
# open a block holding it (a fence, an HTML block): without them no parse is needed.
_PLAIN_ANSWER = re.compile(r"^##[ \t]+answer[ \t]*$", re.IGNORECASE)
_OPENS_BLOCK = re.compile(r"^ {0,3}(?:```|~~~|<)")
# Text that is nearly the answer heading, to name when no real one is found.
_NEAR_TEXT = re.compile(r"^[*_\s]*(?:answers?|solutions?|model\s+answer)[*_\s]*:?[*_\s]*$", re.IGNORECASE)
_NEAR_LINE = re.compile(r"^ {0,3}(?:#{1,6}[*_]*answers?[*_]*\s*:?\s*#*\s*$|[*_]{1,2}answers?\s*:?[*_]{1,2}:?(?:\s|$))", re.IGNORECASE)


@lru_cache(maxsize=2)
def markdown_parser(typographer: bool = True):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    # Straight quotes in text become curly ones, as pandoc sets them (never in code);
    # the importer reads with typographer=False, so the files it writes keep the source's text.
    md = MarkdownIt("commonmark", {"html": True, "typographer": typographer, "linkify": typographer}).enable("table")
    if typographer:
        md.enable("smartquotes")
        # A bare address is a link, as GitHub shows it (then printed so that it breaks
        # anywhere); only with its scheme: "model.py" and "e.g." stay text.
        md.enable("linkify")
        md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    # Spaces inside are allowed ("$ \\ell(w) $", common in real documents); a closing $
    # followed by a digit closes nothing, so "$5 and $10" is money, not math; a $ that
    # opens nothing prints as a dollar sign, as on GitHub and in pandoc.
    md.use(dollarmath_plugin, allow_space=True, allow_digits=False, double_inline=True)
    if typographer:
        # Blanks to fill in ({{c1::answer}}) in what is printed; the importer keeps them as text.
        from guidegen.content.cloze import cloze_plugin

        md.use(cloze_plugin)
    # Keep escaped characters as separate tokens: "\$" is a literal dollar.
    md.disable("text_join")
    return md


@dataclass(frozen=True)
class AnswerHeading:
    """Where the heading that ends the question stands: its first line and the line after
    it (a setext heading takes two lines or more), as indexes into the body's lines."""

    start: int
    end: int


def answer_heading(lines: list[str]) -> AnswerHeading | None:
    """The first level-2 heading whose text is "Answer" (any case, any legal CommonMark
    spelling) at the top level of the document: one inside a fenced code block, an HTML
    block, a quote or a list is the question's text. None if there is none."""
    first = next((n for n, line in enumerate(lines) if "answer" in line.lower()), None)
    if first is None:
        return None  # no candidate anywhere: the common case of an open draft needs no parse
    if _PLAIN_ANSWER.match(lines[first]) and not any(_OPENS_BLOCK.match(line) for line in lines[:first]):
        # The usual "## Answer" at the margin, with no fence or HTML block above it that
        # could hold it (a quote, a list or indented code ends at such a line): no parse.
        return AnswerHeading(first, first + 1)
    tokens = markdown_parser(typographer=False).parse("\n".join(lines))
    for index, token in enumerate(tokens):
        if (token.type == "heading_open" and token.tag == "h2" and token.level == 0 and token.map
                and ANSWER_TEXT.match(tokens[index + 1].content)):
            return AnswerHeading(token.map[0], token.map[1])
    return None


def answer_split(lines: list[str]) -> int | None:
    """The index of the first line of the heading that ends the question (answer_heading)."""
    heading = answer_heading(lines)
    return None if heading is None else heading.start


def near_answer_headings(lines: list[str]) -> list[tuple[int, str]]:
    """(index, line) of each line outside code that looks meant as the answer heading but
    is not one ("# Answer", "### Answer", "##Answer", "**Answer**", "## Answers"): where
    there is no real one, the answer under it would print in the question sheet."""
    if not any("answer" in line.lower() for line in lines):
        return []
    tokens = markdown_parser(typographer=False).parse("\n".join(lines))
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map and _NEAR_TEXT.match(tokens[index + 1].content):
            found.append(token.map[0])
        elif token.type == "paragraph_open" and token.map:
            found += [n for n in range(*token.map) if n < len(lines) and _NEAR_LINE.match(lines[n].lstrip("> "))]
    return [(n, lines[n].strip()) for n in sorted(set(found))]
