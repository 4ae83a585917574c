"""One assembly of a question's parts, for every writer: its title, question, options
(multiple choice), answer, points and figures, each printed by the writer's Printer.
A writer says how one part looks in its format; which parts a question has, and in what
order, is said here once, so no writer can forget one (a Printer that does not print
options fails the test suite: guidegen.outputs' contract test, via missing_parts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from guidegen.model import FigureRef, Question

# The parts of a question, in the order they are printed.
PARTS = ("title", "question", "options", "answer", "points", "figures")


class Printer:
    """A writer's part of the assembly. Each method gives a piece with a `problems` list
    (the characters or images its format cannot take); the rest of the piece is the
    writer's own (LaTeX, HTML, ...)."""

    def title(self, question: Question) -> Any:
        """The title, one line of inline Markdown."""
        raise NotImplementedError

    def block(self, question: Question, markdown: str, line: int) -> Any:
        """A block of Markdown (the question, an option, the answer) that starts at `line`."""
        raise NotImplementedError

    def options(self, question: Question, printed: list) -> Any:
        """A multiple-choice question's options, each printed by `block`, put together."""
        raise NotImplementedError

    def no_answer(self, question: Question, printed: Any) -> Any:
        """What stands for a model answer not yet written (`printed`: the answer as printed,
        when it printed as nothing; None when there was none), keeping its problems."""
        raise NotImplementedError

    def is_blank(self, piece: Any) -> bool:
        """Whether a printed piece shows nothing (an answer of only a comment)."""
        raise NotImplementedError


def missing_parts(printer: type[Printer]) -> list[str]:
    """The methods of Printer that `printer` does not give: the parts it would not print."""
    return [name for name in ("title", "block", "options", "no_answer", "is_blank")
            if getattr(printer, name, None) is getattr(Printer, name)]


@dataclass(frozen=True)
class Assembled:
    """A question's parts in one writer's format."""

    question: Question
    title: Any
    body: Any
    options: Any  # None for an open question
    answer: Any
    points: float | None
    figures: tuple[FigureRef, ...]
    problems: tuple

    @property
    def parts(self) -> dict[str, Any]:
        return dict(zip(PARTS, (self.title, self.body, self.options, self.answer, self.points, self.figures)))


def assemble(question: Question, printer: Printer, figures: tuple[FigureRef, ...] = ()) -> Assembled:
    """Every part of `question` printed by `printer`, and all their problems."""
    q = question
    title = printer.title(q)
    body = printer.block(q, q.question_md, q.question_line)
    options = printer.options(q, [printer.block(q, o.markdown, o.line) for o in q.options]) if q.options else None
    answer = printer.block(q, q.answer_md, q.answer_line)
    if printer.is_blank(answer):  # a question without a model answer (a warning at load)
        answer = printer.no_answer(q, answer)
    problems = [p for piece in (title, body, options, answer) if piece is not None for p in piece.problems]
    return Assembled(q, title, body, options, answer, q.points, tuple(figures), tuple(problems))
