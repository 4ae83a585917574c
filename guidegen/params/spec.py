"""The front matter's `params`, `compute`, `require` and `answer` (a numeric answer with a
tolerance), read into small frozen records the model holds, every problem at its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guidegen.errors import Problem, problem, shorten

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MAX_PARAMS = 40  # names per question, params and compute together
MAX_CHOICES = 1_000
MAX_MAGNITUDE = 1e15  # bounds of a drawn number
KINDS = ("int", "float", "choice")


@dataclass(frozen=True)
class ParamDef:
    """One drawn parameter: `int` (a whole number from low to high, by step), `float`
    (from low to high, by step if given) or `choice` (one of `choices`)."""

    name: str
    kind: str
    line: int
    low: float = 0.0
    high: float = 0.0
    step: float = 0.0  # 0: any float between low and high
    choices: tuple[float, ...] = ()
    whole: bool = False  # the values are whole numbers (int, or a choice of whole numbers)


@dataclass(frozen=True)
class Formula:
    """A `compute` entry (name = expression) or a `require` condition (name "")."""

    name: str
    expression: str
    line: int


@dataclass(frozen=True)
class ParamSpec:
    """What a question draws: its parameters, what is computed from them, and the
    conditions a draw must meet (redrawn until it does, a bounded number of times)."""

    params: tuple[ParamDef, ...]
    compute: tuple[Formula, ...] = ()
    require: tuple[Formula, ...] = ()
    line: int = 1  # the `params:` line

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params) + tuple(c.name for c in self.compute)


@dataclass(frozen=True)
class NumericAnswer:
    """`answer: {value: ..., tolerance: ...}`: the number a student must give, within an
    absolute tolerance, or a relative one (`1%`: `relative` and 0.01). In a question as
    written `value` is the text given ("{{mean}}" or "12.5"); in a drawn version
    (guidegen.params.instance) `resolved` is the number, which every output and export
    should use."""

    value: str
    tolerance: float
    relative: bool
    line: int
    resolved: float | None = None
    shown: str = ""  # in a drawn version: the number as the key prints it (its format spec applied)

    @property
    def absolute_tolerance(self) -> float | None:
        """The tolerance in the answer's units (None until the value is resolved)."""
        if self.resolved is None:
            return None
        return abs(self.resolved) * self.tolerance if self.relative else self.tolerance

    def tolerance_text(self) -> str:
        return f"{self.tolerance * 100:g}%" if self.relative else f"{self.tolerance:g}"


KEYS = ("params", "compute", "require", "answer")


def read_spec(m, path: Path, problems: list[Problem]) -> tuple[ParamSpec | None, NumericAnswer | None]:
    """The parameters and the numeric answer of a question's front matter (`m`, a
    load.schema.Mapping), each problem appended at its line."""
    from guidegen.params.evaluate import RESERVED, Expression

    spec = None
    if "params" in m.data or "compute" in m.data or "require" in m.data:
        params = _params(m, path, problems)
        known = {p.name for p in params}
        compute = []
        given = m.child("compute")
        if "compute" in m.data and given is None:
            problems.append(problem(path, m.line_of("compute"), "'compute' must be a mapping of name: expression lines"))
        for name, value in (given.data.items() if given else ()):
            line = given.line_of(name)
            if not NAME.fullmatch(name) or name in RESERVED:
                problems.append(problem(path, line, f"{shorten(name)} cannot be a computed name: use letters, digits and _, "
                                                    "starting with a letter, and no function's name"))
                continue
            if name in known:
                problems.append(problem(path, line, f"'{name}' is declared twice (under params and compute); keep one"))
                continue
            text, expression = _parsed(value)
            if not isinstance(expression, Expression):
                problems.append(problem(path, line, f"compute '{name}': {expression or 'write an expression such as n * p'}"))
                known.add(name)
                continue
            _unknown(expression.names - known, f"compute '{name}'", known, path, line, problems)
            known.add(name)
            compute.append(Formula(name, text, line))
        require = []
        conditions = m.data.get("require")
        items = conditions if isinstance(conditions, list) else [] if conditions is None else [conditions]
        lines = (m.item_lines or {}).get("require") or [m.line_of("require")] * len(items)
        for value, line in zip(items, lines):
            text, expression = _parsed(value)
            if not isinstance(expression, Expression):
                problems.append(problem(path, line, f"require: {expression or 'write a condition such as sd >= 2'}"))
                continue
            _unknown(expression.names - known, "require", known, path, line, problems)
            require.append(Formula("", text, line))
        if len(known) > MAX_PARAMS:
            problems.append(problem(path, m.line_of("params"), f"{len(known)} names; at most {MAX_PARAMS} are allowed"))
        spec = ParamSpec(tuple(params), tuple(compute), tuple(require), m.line_of("params"))
    return spec, _numeric(m, path, problems)


def _parsed(value) -> tuple[str | None, object]:
    """An expression's text as written and its parse: the Expression, or the message that
    refuses it, or None when what stands there is no text at all (a list, a mapping)."""
    from guidegen.params.evaluate import ExpressionError, parse

    text = _expression_text(value)
    try:
        return text, parse(text) if text is not None else None
    except ExpressionError as exc:
        return text, exc.message


def _expression_text(value) -> str | None:
    """An expression given in YAML as text or a number; None for anything else."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _unknown(names: set, where: str, known: set, path: Path, line: int, problems: list[Problem]) -> None:
    for name in sorted(names):
        problems.append(problem(path, line, f"{where}: unknown name '{name}' (declared before it: "
                                            f"{', '.join(sorted(known)) or 'none'}); declare it under params or compute"))


def _params(m, path: Path, problems: list[Problem]) -> list[ParamDef]:
    from guidegen.params.evaluate import RESERVED

    given = m.child("params")
    if given is None:
        if "params" in m.data:
            problems.append(problem(path, m.line_of("params"), "'params' must be a mapping such as n: {int: [20, 60]}"))
        return []
    out = []
    for name, value in given.data.items():
        line = given.line_of(name)
        if not NAME.fullmatch(name) or name in RESERVED:
            problems.append(problem(path, line, f"{shorten(name)} cannot be a parameter's name: use letters, digits and _, "
                                                "starting with a letter, and no function's name"))
            continue
        found = _param(name, value, line)
        if isinstance(found, str):
            problems.append(problem(path, line, f"parameter '{name}': {found}"))
        else:
            out.append(found)
    return out


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) <= MAX_MAGNITUDE


def _param(name: str, value, line: int) -> ParamDef | str:
    """The parameter, or what is wrong with it."""
    example = "write {int: [20, 60]}, {float: [1.0, 5.0], step: 0.5} or {choice: [0.1, 0.2]}"
    if not isinstance(value, dict):
        return example
    kinds = [k for k in KINDS if k in value]
    extra = [str(k) for k in value if k not in KINDS and k != "step"]
    if len(kinds) != 1 or extra:
        return f"{'unknown key ' + shorten(extra[0]) + '; ' if extra else ''}{example}"
    kind = kinds[0]
    bounds, step = value[kind], value.get("step")
    if step is not None and (not _number(step) or step <= 0 or kind == "choice"):
        return "'step' must be a positive number (and is for int and float only)"
    if kind == "choice":
        if not isinstance(bounds, list) or not bounds or len(bounds) > MAX_CHOICES or not all(map(_number, bounds)):
            return f"'choice' must be a list of 1 to {MAX_CHOICES:,} numbers, each at most {MAX_MAGNITUDE:g} in size"
        whole = all(isinstance(v, int) for v in bounds)
        return ParamDef(name, kind, line, choices=tuple(float(v) for v in bounds), whole=whole)
    if not isinstance(bounds, list) or len(bounds) != 2 or not all(map(_number, bounds)) or bounds[0] > bounds[1]:
        return f"'{kind}' must be [low, high], two numbers with low <= high, each at most {MAX_MAGNITUDE:g} in size"
    if kind == "int" and not all(isinstance(v, int) for v in bounds + ([step] if step is not None else [])):
        return "'int' takes whole numbers (and a whole step)"
    return ParamDef(name, kind, line, float(bounds[0]), float(bounds[1]), float(step or (1 if kind == "int" else 0)),
                    whole=kind == "int")


_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


def _numeric(m, path: Path, problems: list[Problem]) -> NumericAnswer | None:
    if "answer" not in m.data:
        return None
    line = m.line_of("answer")
    given = m.data["answer"]
    hint = "write answer: {value: \"{{mean}}\", tolerance: 0.01} (or tolerance: 1%)"
    if not isinstance(given, dict) or "value" not in given or set(map(str, given)) - {"value", "tolerance"}:
        problems.append(problem(path, line, f"'answer' must be a numeric answer: {hint}"))
        return None
    value, tolerance = given["value"], given.get("tolerance", 0)
    if not (_number(value) or isinstance(value, str) and value.strip()):
        problems.append(problem(path, line, f"'answer: value' must be a number or \"{{{{name}}}}\"; {hint}"))
        return None
    relative = isinstance(tolerance, str) and _PERCENT.match(tolerance) is not None
    if relative:
        tolerance = float(_PERCENT.match(tolerance).group(1)) / 100
    elif not _number(tolerance) or tolerance < 0:
        problems.append(problem(path, line, f"'answer: tolerance' must be a number >= 0 or a percentage such as 1%; {hint}"))
        return None
    return NumericAnswer(str(value).strip(), float(tolerance), relative, line)
