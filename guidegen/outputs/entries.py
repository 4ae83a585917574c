"""What the item-based exports (QTI, Moodle, GIFT) do with blanks ({{c1::answer}}, content.cloze) and numeric
answers (`answer: {value, tolerance}`, guidegen.params): which kind of item a question
becomes, where each blank sits in its HTML, and the losses a format names at their lines.

A renderer with BlankSlots prints the K-th blank of a question's text (from 1, in the
source's order, as Cloze.blanks) as a mark, SLOT, that each writer replaces by its own
input: a textEntryInteraction (QTI 2.1), [blankK] (Canvas), {1:SHORTANSWER:=...} (Moodle),
{=...} (GIFT). The number to give is version A's (the plan's chosen questions are drawn)."""

from __future__ import annotations

import re

from guidegen.content.cloze import Blank, cloze_of
from guidegen.model import Question

SLOT = re.compile(r'<span data-gg-blank="(\d+)"></span>')
CHOICE, BLANKS, NUMERIC, ESSAY = "choice", "blanks", "numeric", "essay"


class BlankSlots:
    """Mixin for an HtmlRenderer: each blank is the mark of its place (SLOT), never its answer."""

    def visit_cloze(self, node) -> str:
        self._blanks_seen = getattr(self, "_blanks_seen", 0) + 1
        return f'<span data-gg-blank="{self._blanks_seen}"></span>'


def kind(question: Question) -> str:
    """The item a question becomes: multiple choice, blanks, a numeric answer, or an essay."""
    if question.options:
        return CHOICE
    if blanks_of(question):
        return BLANKS
    if question.numeric is not None and question.numeric.resolved is not None:
        return NUMERIC
    return ESSAY


def blanks_of(question: Question) -> tuple[Blank, ...]:
    """The blanks of a question's text, in order (none for most questions)."""
    found = cloze_of(question.question_md, question.question_line)
    return found.blanks if found else ()


def pieces(html: str) -> list[str | int]:
    """The HTML split at its blanks: text pieces and, between them, each blank's place (from 1)."""
    out: list[str | int] = []
    at = 0
    for match in SLOT.finditer(html):
        out += [html[at:match.start()], int(match.group(1))]
        at = match.end()
    return out + [html[at:]]


def fill_slots(html: str, put) -> str:
    """The HTML with each blank's mark replaced by put(K)."""
    return SLOT.sub(lambda m: put(int(m.group(1))), html)


def split_points(points: float, count: int) -> list[float]:
    """Each blank's share of the points (equal shares)."""
    return [points / count] * count if count else []


def hint_losses(question: Question, fmt: str, label: str) -> list:
    """A warning at each blank's line whose hint the format cannot show."""
    from guidegen.errors import problem

    return [problem(question.path, b.line, f"[{fmt}] {label} shows no hint in a blank: the hint '{b.hint}' is "
                                           "left out", warning=True)
            for b in blanks_of(question) if b.hint]


def mixed_losses(question: Question, fmt: str) -> list:
    """An item is of one kind (kind()): what a question holds beside it is named, not
    dropped in silence (blanks in a multiple-choice question, a numeric answer beside
    options or blanks)."""
    from guidegen.errors import problem

    found = []
    blanks = blanks_of(question)
    numeric = question.numeric is not None  # drawn or not: check sees the questions as written
    if question.options and blanks:
        found.append(problem(question.path, blanks[0].line, f"[{fmt}] a multiple-choice item has no blanks: this "
                                                            "question's blanks are exported as lines, their answers left out",
                             warning=True))
    if numeric and (question.options or blanks):
        what = "options" if question.options else "blanks"
        found.append(problem(question.path, question.numeric.line,
                             f"[{fmt}] an item is of one kind: this question is exported with its {what}, and its "
                             "numeric answer is left out", warning=True))
    return found


def value_text(value: float) -> str:
    """A number as the platforms read it: twelve significant digits, no trailing zeros
    (n * p = 5.6000000000000005 is 5.6)."""
    return f"{value:.12g}"
