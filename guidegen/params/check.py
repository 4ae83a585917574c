"""What loading checks of a question's parameters, beyond their syntax (spec.py): the
placeholders name only declared values, every declared value is used, and a handful of
draws meet `require`, evaluate and print, with no two options alike."""

from __future__ import annotations

from guidegen.errors import Problem, errors_of, problem
from guidegen.model import Question
from guidegen.params.draw import DrawError, draw, rng_for
from guidegen.params.evaluate import ExpressionError
from guidegen.params.substitute import placeholders

HANDFUL = 5  # draws `check` (and every load) makes of each question; `check --stress` makes more


def texts(question: Question) -> list[tuple[str, int]]:
    """Every text that may hold placeholders, with its first file line."""
    found = [(question.title, question.title_line), (question.question_md, question.question_line),
             (question.answer_md, question.answer_line)]
    found += [(o.markdown, o.line) for o in question.options]
    if question.numeric is not None:
        found.append((question.numeric.value, question.numeric.line))
    return found


def check_params(question: Question) -> list[Problem]:
    """The problems of a question's parameters and placeholders (none without them)."""
    spec = question.params
    if spec is None:
        return []
    declared = set(spec.names)
    problems, used = [], set()
    for text, first in texts(question):
        for found in placeholders(text, declared):
            line = first + text.count("\n", 0, found.start)
            if found.unknown:
                problems.append(problem(question.path, line, f"unknown name '{found.unknown[0]}' in "
                                                             f"{text[found.start:found.end]} (declared: {', '.join(sorted(declared))}); "
                                                             "declare it under params or compute"))
            elif found.error:
                problems.append(problem(question.path, line, f"{text[found.start:found.end]}: {found.error}"))
            used |= found.expression.names
    from guidegen.params.draw import compiled

    for formula in spec.compute + spec.require:
        try:
            used |= compiled(formula.expression).names
        except ExpressionError:
            pass  # said by spec.read_spec
    lines = {p.name: p.line for p in spec.params} | {c.name: c.line for c in spec.compute}
    for name in spec.names:
        if name not in used:
            problems.append(problem(question.path, lines[name], f"'{name}' is declared but never used: use it as "
                                                                f"{{{{{name}}}}} or in compute, or remove it", warning=True))
    if errors_of(problems):
        return problems
    return problems + draw_problems(question, HANDFUL)


def draw_problems(question: Question, count: int) -> list[Problem]:
    """What `count` draws of the question meet: a formula that fails, `require` never met,
    a value that cannot print, two options that print alike (first of each kind)."""
    from guidegen.params.instance import instance
    from guidegen.params.draw import shown

    found: dict[tuple[int, str], Problem] = {}
    for version in range(count):
        try:
            values = draw(question.params, rng_for(None, question.id, 0, version)).values
            drawn = instance(question, values)
        except DrawError as exc:
            found.setdefault((exc.line, "draw"), problem(question.path, exc.line, exc.message))
            continue
        except ExpressionError as exc:
            found.setdefault((question.question_line, "print"), problem(question.path, question.question_line,
                                                                       f"{exc.message} (with {shown(values)})"))
            continue
        for first, second in duplicates(drawn):
            option = question.options[second]
            found.setdefault((option.line, "duplicate"), problem(
                question.path, option.line, f"options {first + 1} and {second + 1} both print "
                                            f"'{drawn.options[second].markdown.strip()}' with {shown(values)}: "
                                            "make the computed options differ (or add a require)"))
    return list(found.values())


def duplicates(drawn: Question) -> list[tuple[int, int]]:
    """Pairs of options (source indexes) that print the same text in a drawn question."""
    seen: dict[str, int] = {}
    pairs = []
    for index, option in enumerate(drawn.options):
        text = " ".join(option.markdown.split())
        if text in seen:
            pairs.append((seen[text], index))
        else:
            seen[text] = index
    return pairs


def check_numeric(question: Question) -> list[Problem]:
    """A numeric answer without parameters must be a number."""
    numeric = question.numeric
    if numeric is None or question.params is not None:
        return []
    from guidegen.params.instance import resolve

    try:
        resolve(numeric, set(), {})
    except ExpressionError as exc:
        return [problem(question.path, numeric.line, exc.message)]
    return []
