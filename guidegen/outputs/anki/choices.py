"""Multiple choice on an Anki card: the lettered options on the front, the right letters
above the explanation on the back. Options keep the source's order (a card has no versions)."""

from __future__ import annotations

import re
from guidegen.choices_order import right_letters
from guidegen.content.choices import letter
from guidegen.model import Question

CSS = """\
.options { list-style: none; padding-left: 0; margin: .6em 0; }
.options li { margin: .25em 0; }
.options .letter { font-weight: bold; margin-right: .4em; }
.right { font-weight: bold; margin-bottom: .4em; }
"""
# A one-paragraph option loses its <p>: it sits on its letter's line.
_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>\s*$", re.DOTALL)


def options_html(question: Question, printed: list):
    """The options, each already a card's HTML (an HtmlFragment), as a lettered list."""
    from guidegen.outputs.anki.html import HtmlFragment

    items, figures, problems = [], [], []
    for index, fragment in enumerate(printed):
        figures += fragment.figures
        problems += fragment.problems
        body = fragment.html.strip()
        match = _ONE_PARAGRAPH.match(body)
        if match and "<p>" not in match.group(1):
            body = match.group(1)
        items.append(f'<li><span class="letter">{letter(index)}.</span> {body}</li>')
    return HtmlFragment('<ul class="options">\n' + "\n".join(items) + "\n</ul>\n", figures, problems)


def right_html(question: Question) -> str:
    """The back's first line: which letters are right; "" for an open question."""
    if not question.options:
        return ""
    return f'<div class="right">Right: {right_letters(question, tuple(range(len(question.options))))}</div>\n'
