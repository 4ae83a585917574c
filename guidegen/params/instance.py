"""A question as one version prints it: its values drawn (draw.py) and put in its title,
question, options, answer and figure captions (substitute.py), its numeric answer
resolved and stated at the top of the answer. The pipeline gives every writer these, so
the sheet, the key, the grader's key, the cards, Anki and the page agree on the numbers."""

from __future__ import annotations

import re
from dataclasses import replace

from guidegen.errors import ContentError, problem
from guidegen.model import Question
from guidegen.params.draw import DrawError, draw, rng_for
from guidegen.params.evaluate import ExpressionError, Failure, evaluate
from guidegen.params.spec import NumericAnswer
from guidegen.params.substitute import format_value, placeholders, substitute

_WHOLE = re.compile(r"^\s*\{\{([^{}]*)\}\}\s*$")


def varies(question: Question) -> bool:
    """Whether a question is drawn per version (or has a numeric answer to state)."""
    return question.params is not None or question.numeric is not None


def instance(question: Question, values: dict, printed: list | None = None) -> Question:
    """The question with `values` in its text; ExpressionError if something cannot print.
    `printed` (a list) is given every value as printed."""
    declared = set(values)

    def put(text: str) -> str:
        if not declared:
            return text
        text, shown = substitute(text, declared, values)
        if printed is not None:
            printed.extend(shown)
        return text

    numeric = question.numeric
    answer_md = put(question.answer_md)
    answer_line = question.answer_line
    if numeric is not None:
        number, shown = resolve(numeric, declared, values)
        numeric = replace(numeric, resolved=float(number), shown=shown)
        # Said first in the key, and in every output that shows the answer.
        answer_md = f"**Answer: {shown}** (± {tolerance_shown(numeric)})\n\n{answer_md}"
        answer_line -= 2
    return replace(question, title=put(question.title), question_md=put(question.question_md), answer_md=answer_md,
                   answer_line=answer_line, options=tuple(replace(o, markdown=put(o.markdown)) for o in question.options),
                   numeric=numeric, drawn=tuple(values.items()))


def numeric_text(numeric: NumericAnswer) -> str:
    """A resolved numeric answer as the keys print it: `12.5 ± 0.01`."""
    return f"{numeric.shown or format_value(numeric.resolved)} ± {tolerance_shown(numeric)}"


def tolerance_shown(numeric: NumericAnswer) -> str:
    """The tolerance as the key prints it: `0.01`, or `1%` and what that is (`1% = 0.125`)."""
    if not numeric.relative:
        return format_value(numeric.tolerance)
    return f"{numeric.tolerance_text()} = {format_value(numeric.absolute_tolerance)}" if numeric.resolved is not None \
        else numeric.tolerance_text()


def resolve(numeric: NumericAnswer, declared: set, values: dict) -> tuple[float, str]:
    """The numeric answer's number (full precision) and how it prints."""
    whole = _WHOLE.match(numeric.value)
    if whole:
        found = placeholders(numeric.value, declared)
        if found and not found[0].error:
            number = evaluate(found[0].expression, values)
            return number, format_value(number, found[0].spec)
        if found:
            raise ExpressionError(Failure.UNKNOWN_NAME if found[0].unknown else Failure.REFUSED, found[0].error)
    text = substitute(numeric.value, declared, values)[0] if declared else numeric.value
    try:
        number = float(text)
    except ValueError:
        raise ExpressionError(Failure.REFUSED, f"the answer's value {text!r} is not a number") from None
    return number, text


def drawn(question: Question, guide_id: str | None, seed: int, version: int) -> Question:
    """The question as version `version` prints it (itself if nothing in it is drawn);
    ContentError at the line of what failed."""
    if not varies(question):
        return question
    try:
        values = draw(question.params, rng_for(guide_id, question.id, seed, version)).values if question.params else {}
        return instance(question, values)
    except DrawError as exc:
        raise ContentError([problem(question.path, exc.line, exc.message)]) from None
    except ExpressionError as exc:
        line = question.numeric.line if question.numeric else question.question_line
        raise ContentError([problem(question.path, line, exc.message)]) from None


def drawn_orders(orders: list, guide_id: str | None, seed: int) -> list:
    """A booklet's versions, (letter, [(topic, questions)]), with each version's questions
    drawn for it (version A, and a booklet without versions, draw as version 0)."""
    from guidegen.choices_order import version_index

    return [(letter, [(topic, [drawn(q, guide_id, seed, version_index(letter)) for q in qs]) for topic, qs in sections])
            for letter, sections in orders]
