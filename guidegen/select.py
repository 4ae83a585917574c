"""Choose and order the questions of a booklet: filters, random draws, topic sections."""

from __future__ import annotations

import difflib
import itertools
import math
import random
from collections.abc import Sequence

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


# A topic of at most this many questions has its orders looked at one by one (6! = 720);
# a larger one gets a matching of questions to new places, or, larger still, a random
# order repaired by swaps.
_ENUMERATED = 6
_SPREAD_TRIES = 50
_MATCHED = 200  # up to this many questions, an exact matching (its search recurses once per place at most)
_REPAIR_PASSES = 8


def shuffled(sections_: list[tuple[Topic, list[Question]]], seed: int, version: int,
             earlier: Sequence[list[tuple[Topic, list[Question]]]] = ()) -> list[tuple[Topic, list[Question]]]:
    """The same sections with questions reordered for version `version` (0 keeps guide
    order), each topic's questions put where the `earlier` versions had as few of them as
    can be: a grader comparing two versions should rarely see one question at the same
    number. A topic of n questions has n orders that share no place pairwise (the rows of
    a Latin square), so up to n versions share none; past that, the fewest shared places."""
    if version == 0:
        return sections_
    rng = random.Random(f"{seed}:{version}")
    out = []
    for index, (topic, questions) in enumerate(sections_):
        taken = [{q.id: place for place, q in enumerate(other[index][1])} for other in earlier]
        out.append((topic, _spread(list(questions), taken, rng)))
    return out


def _spread(questions: list[Question], taken: list[dict[str, int]], rng: random.Random) -> list[Question]:
    """An order of `questions` sharing as few places as can be with each order in `taken`
    (question id -> place), chosen at random among the best."""
    if len(questions) <= _ENUMERATED:
        def cost(order: tuple[Question, ...]) -> tuple[int, int]:
            shared = [sum(1 for place, q in enumerate(order) if other.get(q.id) == place) for other in taken]
            return (max(shared, default=0), sum(shared))
        candidates = list(itertools.permutations(questions))
        rng.shuffle(candidates)
        return list(min(candidates, key=cost))
    if len(questions) <= _MATCHED:
        return _matched(questions, taken, rng)
    # Larger (a matching's search would recurse too deep): a random order, then each
    # question at a place an earlier order gave it
    # swapped with one elsewhere where both are new (a few passes; a question that finds
    # no such partner keeps its place).
    order = rng.sample(questions, len(questions))

    def new_at(q: Question, place: int) -> bool:
        return all(other.get(q.id) != place for other in taken)

    for _ in range(_REPAIR_PASSES):
        clashes = [place for place, q in enumerate(order) if not new_at(q, place)]
        if not clashes:
            break
        for place in clashes:
            for other in rng.sample(range(len(order)), len(order)):
                if new_at(order[place], other) and new_at(order[other], place):
                    order[place], order[other] = order[other], order[place]
                    break
    return order


def _matched(questions: list[Question], taken: list[dict[str, int]], rng: random.Random) -> list[Question]:
    """A random perfect matching of questions to places no earlier order gave them (it
    exists while there are fewer earlier orders than questions: a Latin rectangle always
    extends); a question left without one takes a free place."""
    places = list(range(len(questions)))
    placed: dict[int, Question] = {}

    def allowed(q: Question, place: int) -> bool:
        return all(other.get(q.id) != place for other in taken)

    def assign(q: Question, seen: set[int]) -> bool:  # Kuhn's augmenting path, at most one level per place
        for place in rng.sample(places, len(places)):
            if place in seen or not allowed(q, place):
                continue
            seen.add(place)
            if place not in placed or assign(placed[place], seen):
                placed[place] = q
                return True
        return False

    pending = [q for q in rng.sample(questions, len(questions)) if not assign(q, set())]
    placed.update(zip([place for place in places if place not in placed], pending))
    return [placed[place] for place in places]


def version_orders(sections, versions: int, seed: int, drawn: bool = False):
    """Versions A, B, ... as different orders of the same questions (A keeps guide order).
    `drawn`: some questions draw their numbers per version (guidegen.params), so versions
    differ even in the same order, and fewer orders than versions are enough."""
    if not versions:
        return [("", sections)]
    possible = math.prod(math.factorial(min(len(qs), 20)) for _, qs in sections)
    if versions > possible and not drawn:
        raise SelectionError(f"--versions {versions}: these {sum(len(qs) for _, qs in sections)} questions "
                                    f"can be put in only {possible} different order{'s' if possible != 1 else ''} "
                                    "(questions stay in their topic's section); ask for fewer versions or more questions")
    seen: set[tuple[str, ...]] = set()
    orders = []
    for index in range(versions):
        for attempt in range(1000):
            # The orders that share fewest places first; should those keep repeating an
            # earlier version as a whole (small topics, many versions), any order.
            earlier = [o for _, o in orders] if attempt < _SPREAD_TRIES else []
            ordered = shuffled(sections, seed, index * 1000 + attempt, earlier)
            flat = tuple(q.id for _, qs in ordered for q in qs)
            if flat not in seen or (drawn and len(seen) >= possible):
                break
        else:
            raise SelectionError(f"--versions {versions}: could not find that many different orders; ask for fewer")
        seen.add(flat)
        orders.append((chr(ord("A") + index), ordered))
    return orders
