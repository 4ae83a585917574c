"""The one Markdown parser setup (markdown-it, CommonMark with tables and $math$), and
what is decided on the parsed blocks rather than on lines."""

from __future__ import annotations

import re
from functools import lru_cache

ANSWER_HEADING = re.compile(r"^##\s+Answer\s*:?\s*$", re.IGNORECASE)
# A line that may open a block inside which "## Answer" is not a heading: a code fence,
# or HTML (a <details> block, a comment).
_BLOCK_OPENER = re.compile(r"^ {0,3}(?:```|~~~|<)")


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
    # Keep escaped characters as separate tokens: "\$" is a literal dollar.
    md.disable("text_join")
    return md


def answer_split(lines: list[str]) -> int | None:
    """The index of the line '## Answer' that ends the question: the first such heading
    at the top level of the document, so one inside a fenced code block, an HTML block or
    a quote is the question's text. None if there is none."""
    first = next((i for i, line in enumerate(lines) if ANSWER_HEADING.match(line)), None)
    if first is None or not any(_BLOCK_OPENER.match(line) for line in lines[:first]):
        return first  # nothing above it can hide it: the common case needs no parse
    tokens = markdown_parser(typographer=False).parse("\n".join(lines))
    for index, token in enumerate(tokens):
        if (token.type == "heading_open" and token.tag == "h2" and token.level == 0 and token.map
                and ANSWER_HEADING.match("## " + tokens[index + 1].content)):
            return token.map[0]
    return None
