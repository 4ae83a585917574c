"""`guidegen check --stress N`: every parameterised question drawn N times, as N versions
would draw it, and what those draws meet: `require` rejecting candidates (the rate), a
formula that fails (division by zero, a math error), options that print alike or close,
numbers too long for a line, and the spread of each computed value, which is what a
student could learn to guess from."""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from guidegen.errors import Problem, display_path, problem
from guidegen.model import Question
from guidegen.params.check import duplicates
from guidegen.params.draw import MAX_TRIES, DrawError, candidate, met, rng_for, shown
from guidegen.params.evaluate import ExpressionError
from guidegen.params.substitute import format_value

DEFAULT_DRAWS = 1_000
LONG = 12  # characters: a printed value longer than this may not fit beside its text
CLOSE = 0.01  # options whose values are within 1% of each other are hard to tell apart


@dataclass
class _Tally:
    """What the draws of one question met; each kind of problem counted, with a first example."""

    draws: int = 0
    candidates: int = 0
    rejected: collections.Counter = field(default_factory=collections.Counter)  # require line -> candidates rejected
    failed: dict = field(default_factory=dict)  # (line, kind) -> [count, first message]
    values: dict = field(default_factory=lambda: collections.defaultdict(list))  # computed name -> values

    def count(self, line: int, kind: str, message: str) -> None:
        entry = self.failed.setdefault((line, kind), [0, message])
        entry[0] += 1


@dataclass(frozen=True)
class Report:
    """The problems found (errors and warnings, at their lines) and the lines that describe the draws."""

    problems: list[Problem]
    lines: list[str]


def stress(questions: list[Question], draws: int = DEFAULT_DRAWS) -> Report:
    """Draw each parameterised question `draws` times and report what the draws meet."""
    problems, lines = [], []
    for question in questions:
        if question.params is None:
            continue
        tally = _draw_many(question, draws)
        problems += _problems(question, tally)
        lines += _describe(question, tally)
    return Report(problems, lines)


def _draw_many(question: Question, draws: int) -> _Tally:
    from guidegen.params.instance import instance

    spec = question.params
    tally = _Tally()
    for version in range(draws):
        tally.draws += 1
        rng = rng_for(None, question.id, 0, version)
        values = None
        for _ in range(MAX_TRIES):
            tally.candidates += 1
            try:
                candidate_values = candidate(spec, rng)
                failing = met(spec, candidate_values)
            except DrawError as exc:
                tally.count(exc.line, exc.failure.value if exc.failure else "require", exc.message)
                break
            if failing is None:
                values = candidate_values
                break
            tally.rejected[failing.line] += 1
        else:
            tally.count(spec.require[0].line, "never", f"require was not met by any of {MAX_TRIES} candidates")
        if values is None:
            continue
        for formula in spec.compute:
            tally.values[formula.name].append(values[formula.name])
        printed: list[str] = []
        try:
            drawn = instance(question, values, printed)
        except ExpressionError as exc:
            tally.count(question.question_line, "print", f"{exc.message} (with {shown(values)})")
            continue
        _options(question, drawn, values, tally)
        long = next((value for value in printed if len(value) > LONG), None)
        if long is not None:
            tally.count(question.question_line, "long", f"a value prints as {long!r} ({len(long)} characters)")
    return tally


def _options(question: Question, drawn: Question, values: dict, tally: _Tally) -> None:
    for first, second in duplicates(drawn):
        tally.count(question.options[second].line, "duplicate",
                    f"options {first + 1} and {second + 1} both print '{drawn.options[second].markdown.strip()}' (e.g. with {shown(values)})")
    numbers = []
    for index, option in enumerate(drawn.options):
        try:
            numbers.append((index, float(option.markdown.strip())))
        except ValueError:
            continue
    for a, (i, x) in enumerate(numbers):
        for j, y in numbers[a + 1:]:
            if x != y and abs(x - y) <= CLOSE * max(abs(x), abs(y)):
                tally.count(question.options[j].line, "close", f"options {i + 1} and {j + 1} are within 1% of each other "
                                                               f"({format_value(x)} and {format_value(y)}, with {shown(values)})")


_SAY = {
    "division by zero": ("error", "division by zero in {count} of {draws} draws: {message}; add a require that excludes it"),
    "outside the function's domain": ("error", "a math error in {count} of {draws} draws: {message}; add a require"),
    "too large": ("error", "a number too large in {count} of {draws} draws: {message}"),
    "unknown name": ("error", "{message}"),
    "refused": ("error", "{message}"),
    "never": ("error", "in {count} of {draws} draws {message}: widen the ranges or loosen the condition"),
    "print": ("error", "a value cannot print in {count} of {draws} draws: {message}"),
    "duplicate": ("error", "in {count} of {draws} draws {message}: make the computed options differ, or add a require"),
    "close": ("warning", "in {count} of {draws} draws {message}"),
    "long": ("warning", "in {count} of {draws} draws {message}, which may not fit its line: give it a format such as {{{{x:.3g}}}}"),
}


def _problems(question: Question, tally: _Tally) -> list[Problem]:
    found = []
    for (line, kind), (count, message) in sorted(tally.failed.items()):
        level, text = _SAY.get(kind, ("error", "{message}"))
        found.append(problem(question.path, line, "--stress: " + text.format(count=f"{count:,}", draws=f"{tally.draws:,}", message=message),
                             warning=level == "warning"))
    return found


def _describe(question: Question, tally: _Tally) -> list[str]:
    where = display_path(question.path)
    lines = [f"{where}: {tally.draws:,} draws"]
    for line, rejected in sorted(tally.rejected.items()):
        rate = rejected / max(tally.candidates, 1)
        lines.append(f"{where}:{line}: require rejected {rejected:,} of {tally.candidates:,} candidate draws ({rate:.0%}), "
                     "each drawn again")
    for name, values in tally.values.items():
        lines.append(f"{where}: {name}: {spread(values)}")
    return lines


def spread(values: list) -> str:
    """`2.5 to 30, 41 distinct values, the most frequent in 6% of draws`."""
    numbers = [v for v in values if not isinstance(v, bool)]
    if not numbers:
        return "no value"
    counts = collections.Counter(format_value(v) for v in numbers)
    top = counts.most_common(1)[0][1] / len(numbers)
    return (f"{format_value(min(numbers))} to {format_value(max(numbers))}, {len(counts):,} distinct value"
            f"{'s' if len(counts) != 1 else ''}, the most frequent in {top:.0%} of draws")
