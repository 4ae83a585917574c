"""The order of a multiple-choice question's options in each version of a booklet: pure,
seeded from the build's seed, the version and the question, so the same build gives the
same orders, and every output (sheet, key, grader's key) agrees on them."""

from __future__ import annotations

import random
import re

from guidegen.model import Question

# Options that speak of the others ("All of the above", "None of these", "Both A and B",
# "Neither of them") only make sense after them: they stay last, in the source's order.
# Emphasis and spaces before the words do not hide them.
_REFERS = re.compile(r"^[\s*_]*(?:(?:all|none)[\s*_]+of[\s*_]+(?:the[\s*_]+above|these|them|the[\s*_]+others)|both|neither)\b", re.IGNORECASE)
_TRIES = 20  # draws looked at for an order that differs from the source's


def refers_to_others(markdown: str) -> bool:
    """Whether an option reads as one about the other options."""
    return bool(_REFERS.match(markdown))


def option_order(question: Question, seed: int, version: int) -> tuple[int, ...]:
    """The options' source indexes in the order version `version` (0 for A) prints them.
    Version A, a question with `shuffle: false` and an open question keep the source order;
    the options that refer to the others stay last. A later version moves at least one
    option whenever two or more may move."""
    count = len(question.options)
    source = tuple(range(count))
    if version == 0 or not question.shuffle or count < 2:
        return source
    movable = [i for i in source if not refers_to_others(question.options[i].markdown)]
    last = [i for i in source if i not in movable]
    rng = random.Random(f"{seed}:{version}:{question.id}")
    drawn = list(movable)
    for _ in range(_TRIES):
        rng.shuffle(drawn)
        if drawn != movable or len(movable) < 2:
            break
    return tuple(drawn + last)


def right_letters(question: Question, order: tuple[int, ...]) -> str:
    """The letters of the right options as `order` prints them, e.g. "B" or "A, D"."""
    return ", ".join(chr(ord("A") + place) for place, index in enumerate(order) if question.options[index].correct)


def version_index(letter: str) -> int:
    """0 for version A (and for a booklet without versions), 1 for B, ..."""
    return ord(letter) - ord("A") if letter else 0


def orders_for(sections, seed: int, letter: str) -> dict[str, tuple[int, ...]]:
    """The option orders of every multiple-choice question in `sections` (topic, questions),
    for version `letter` ("" without versions)."""
    return {q.id: option_order(q, seed, version_index(letter)) for _, qs in sections for q in qs if q.options}
