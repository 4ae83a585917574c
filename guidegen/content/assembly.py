"""One assembly of a question's parts, for every writer: its title, question, options
(multiple choice), answer, points and figures, each printed by the writer's Printer.
A writer says how one part looks in its format; which parts a question has, and in what
order, is said here once, so no writer can forget one (a Printer that does not print
options fails the test suite: guidegen.outputs' contract test, via missing_parts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from guidegen.content.cloze import has_blanks
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


# What a question's text may hold and still be "only the title again": one paragraph of
# inline text (no image, figure, list, code block or raw HTML that the title does not show).
_TEXT_ONLY = {"paragraph", "inline", "text", "softbreak", "hardbreak", "strong", "em", "s",
              "code_inline", "math_inline", "math_inline_double", "link", "text_special"}


def repeats_title(question: Question) -> bool:
    """Whether the question's text is its title again, compared as plain text (case,
    spaces and punctuation aside): then the title alone is the question."""
    from guidegen.content.tree import parse_blocks, parse_inline

    blocks = parse_blocks(question.question_md).root
    if len(blocks.children) != 1 or not all(node.type in _TEXT_ONLY for node in _walk(blocks.children[0])):
        return False
    text = _plain(blocks)
    return bool(text) and text == _plain(parse_inline(question.title).root)


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _plain(root) -> str:
    """The letters and digits of a tree's text, case-folded."""
    text = "".join(node.content for node in _walk(root) if not node.children and node.type != "inline")
    return "".join(ch for ch in text.casefold() if ch.isalnum())


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
    # A question that is only its title again (a heading, a bold line or a <details>
    # summary that was the whole question) prints the title once, not the same sentence twice.
    question_md = "" if repeats_title(q) else q.question_md
    body = printer.block(q, question_md, q.question_line)
    options = printer.options(q, [printer.block(q, o.markdown, o.line) for o in q.options]) if q.options else None
    answer = printer.block(q, q.answer_md, q.answer_line)
    if printer.is_blank(answer) and not q.options and not has_blanks(q.question_md):
        # A question without a model answer (a warning at load); the right options are a
        # multiple-choice question's answer, the blanks filled in a cloze question's.
        answer = printer.no_answer(q, answer)
    return assembled(q, title, body, options, answer, figures)


def assembled(question: Question, title, body, options, answer, figures: tuple[FigureRef, ...] = ()) -> Assembled:
    """A question's printed parts put together, with all their problems (what assemble
    gives; a writer that kept the parts, in a cache, puts them together again here)."""
    problems = [p for piece in (title, body, options, answer) if piece is not None for p in piece.problems]
    return Assembled(question, title, body, options, answer, question.points, tuple(figures), tuple(problems))
