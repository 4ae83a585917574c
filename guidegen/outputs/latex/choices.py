"""Multiple choice and points in the LaTeX output (the options are converted with the
rest of the question, in source order: typeset.py): the options of one entry as a version prints them, the points beside a title,
and the grading table on the sheet's first page. The templates set them (options.tex.j2,
cover.tex.j2, and the macros in preamble.tex.j2)."""

from __future__ import annotations

from dataclasses import dataclass

from guidegen.choices_order import right_letters
from guidegen.content.choices import letter
from guidegen.model import Layout, Question
from guidegen.outputs.latex.page import DocKind
from guidegen.outputs.latex.typeset import Typeset


@dataclass(frozen=True)
class OptionEntry:
    """One option as a document prints it: its letter, its LaTeX, and in the key only
    whether it is right (None in the sheet, which is never told)."""

    letter: str
    tex: str
    correct: bool | None


def entry_options(question: Question, text: Typeset, order: tuple[int, ...] | None, kind: str) -> tuple[OptionEntry, ...]:
    """The options in the order this version prints them (source order if none is given)."""
    order = order if order is not None else tuple(range(len(question.options)))
    key = kind == DocKind.ANSWERS
    return tuple(OptionEntry(letter(place), text.options_tex[index], question.options[index].correct if key else None)
                 for place, index in enumerate(order))


def entry_right_letters(question: Question, order: tuple[int, ...] | None, kind: str) -> str | None:
    """The key's "B, D" for a multiple-choice question; None in the sheet and for an open question."""
    if kind != DocKind.ANSWERS or not question.options:
        return None
    return right_letters(question, order if order is not None else tuple(range(len(question.options))))


def points_text(points: float | None) -> str:
    """"2 points", "1 point", "1.5 points"; "" without points."""
    if points is None:
        return ""
    number = f"{points:g}"
    return f"{number} point{'' if points == 1 else 's'}"


def number_text(points: float) -> str:
    return f"{points:g}"


@dataclass(frozen=True)
class GradingPart:
    """One row of the grading table (a table per row of questions): question numbers and
    their points ("" for a question without: a dash); `last` carries the total."""

    numbers: tuple[int, ...]
    points: tuple[str, ...]
    last: bool


def grading_columns(layout: Layout) -> int:
    """Questions per row of the grading table: as many as fit across the text."""
    if layout.small_pages:
        return 6 if layout.large_print else 8
    return 9 if layout.large_print else 12


def grading_parts(questions: list[Question], layout: Layout) -> tuple[tuple[GradingPart, ...], str]:
    """The grading table of these questions (numbered 1, 2, ... in this order), and the
    total; nothing when no question has points."""
    if not any(q.points for q in questions):
        return (), ""
    width = grading_columns(layout)
    cells = [(number, number_text(q.points) if q.points else "") for number, q in enumerate(questions, 1)]
    rows = [cells[i:i + width] for i in range(0, len(cells), width)]
    parts = tuple(GradingPart(tuple(n for n, _ in row), tuple(p for _, p in row), index == len(rows) - 1)
                  for index, row in enumerate(rows))
    return parts, number_text(sum(q.points or 0 for q in questions))


def options_set(tex: str, doc) -> bool:
    """Whether the rendered document sets every option of its entries (the templates'
    contract: a project's old question.tex.j2 must not drop them silently)."""
    expected = sum(len(e.options) for s in doc.sections for e in s.entries)
    return expected == 0 or tex.count("\\ggoption{") + tex.count("\\ggoptionright{") == expected
