"""Choose and order the questions of a booklet: filters, random draws, topic sections."""

from __future__ import annotations

import difflib
import math
import random

from guidegen.errors import GuideError
from guidegen.model import Bank, Filters, FilterSpec, Question, Topic


class SelectionError(GuideError):
    """The filters name something that does not exist, or match nothing."""


def _unknown(noun: str, values: tuple[str, ...], known: list[str]) -> list[str]:
    messages = []
    for value in values:
        if value not in known:
            close = difflib.get_close_matches(value, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            messages.append(f"unknown {noun} '{value}' ({hint}known {noun}s: {', '.join(known) or 'none'})")
    return messages


def _known(bank: Bank, spec: FilterSpec) -> list[str]:
    if spec.choices:
        return list(spec.choices)
    if spec.attribute == "topics":
        return [t.slug for t in bank.guide.topics]
    return sorted({v for q in bank.questions for v in _attribute(q, spec)})


def _attribute(q: Question, spec: FilterSpec) -> tuple[str, ...]:
    value = getattr(q, spec.attribute)
    return value if isinstance(value, tuple) else (value,)


def validate_filters(bank: Bank, filters: Filters) -> None:
    problems = [m for _, spec, values in filters.values() if values for m in _unknown(spec.noun, values, _known(bank, spec))]
    if problems:
        raise SelectionError("\n".join(problems))


def matches(q: Question, f: Filters) -> bool:
    """Within a filter the values mean any-of; the filters combine as all-of."""
    return _matches(q, _given(f))


def _given(f: Filters) -> list[tuple[FilterSpec, tuple[str, ...]]]:
    """The filters that hold values (looked up once per selection, not once per question)."""
    return [(spec, values) for _, spec, values in f.values() if values]


def _matches(q: Question, given: list[tuple[FilterSpec, tuple[str, ...]]]) -> bool:
    for spec, values in given:
        hit = any(v in values for v in _attribute(q, spec))
        if hit == spec.exclude:
            return False
    return True


def home_topic(q: Question, f: Filters) -> str:
    """The section a question appears in: its first topic among the selected ones."""
    return next((t for t in q.topics if t in f.topics), q.topics[0]) if f.topics else q.topics[0]


def _describe(f: Filters) -> str:
    parts = [f"{'excluding ' if spec.exclude else spec.noun + ' '}{'/'.join(values)}" for _, spec, values in f.values() if values]
    return ", ".join(parts) or "no filter"


def sort_key(q: Question):
    return (q.order is None, q.order or 0, str(q.path))


def select(bank: Bank, f: Filters) -> list[Question]:
    """The questions a booklet holds, in guide order; raises SelectionError."""
    validate_filters(bank, f)
    given = _given(f)
    chosen = sorted((q for q in bank.questions if _matches(q, given)), key=sort_key)
    if not chosen:
        raise SelectionError(f"no question matches ({_describe(f)}); run 'guidegen list' to see what exists")
    if f.count is not None:
        if f.count > len(chosen):
            matching = f"the {len(chosen)} questions that match" if len(chosen) != 1 else "the one question that matches"
            raise SelectionError(f"--count {f.count} is more than {matching} ({_describe(f)})")
        chosen = _draw(chosen, f)
    return chosen


def _draw(chosen: list[Question], f: Filters) -> list[Question]:
    rng = random.Random(f.seed)
    if not f.balanced:
        picked = set(q.id for q in rng.sample(chosen, f.count))
    else:
        # Round-robin over the topic sections, each shuffled, so topics get counts that
        # differ by at most one (unless a topic runs out of questions).
        groups: dict[str, list[Question]] = {}
        for q in chosen:
            groups.setdefault(home_topic(q, f), []).append(q)
        for group in groups.values():
            rng.shuffle(group)
        order = sorted(groups)
        rng.shuffle(order)
        picked = set()
        while len(picked) < f.count:
            for topic in order:
                if groups[topic] and len(picked) < f.count:
                    picked.add(groups[topic].pop().id)
    return [q for q in chosen if q.id in picked]


def sections(bank: Bank, chosen: list[Question], f: Filters) -> list[tuple[Topic, list[Question]]]:
    """Group the chosen questions into topic sections, in the guide's topic order."""
    grouped: dict[str, list[Question]] = {}
    for q in chosen:
        grouped.setdefault(home_topic(q, f), []).append(q)
    return [(t, grouped[t.slug]) for t in bank.guide.topics if t.slug in grouped]


def shuffled(sections_: list[tuple[Topic, list[Question]]], seed: int, version: int) -> list[tuple[Topic, list[Question]]]:
    """The same sections with questions reordered for version `version` (0 keeps guide order)."""
    if version == 0:
        return sections_
    rng = random.Random(f"{seed}:{version}")
    out = []
    for topic, questions in sections_:
        questions = list(questions)
        rng.shuffle(questions)
        out.append((topic, questions))
    return out


def version_orders(sections, versions: int, seed: int):
    """Versions A, B, ... as different orders of the same questions (A keeps guide order)."""
    if not versions:
        return [("", sections)]
    possible = math.prod(math.factorial(min(len(qs), 20)) for _, qs in sections)
    if versions > possible:
        raise SelectionError(f"--versions {versions}: these {sum(len(qs) for _, qs in sections)} questions "
                                    f"can be put in only {possible} different order{'s' if possible != 1 else ''} "
                                    "(questions stay in their topic's section); ask for fewer versions or more questions")
    seen: set[tuple[str, ...]] = set()
    orders = []
    for index in range(versions):
        for attempt in range(1000):
            ordered = shuffled(sections, seed, index * 1000 + attempt)
            flat = tuple(q.id for _, qs in ordered for q in qs)
            if flat not in seen:
                break
        else:
            raise SelectionError(f"--versions {versions}: could not find that many different orders; ask for fewer")
        seen.add(flat)
        orders.append((chr(ord("A") + index), ordered))
    return orders
