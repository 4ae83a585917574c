"""A question's values, drawn: each version of a booklet draws its own, seeded by the
guide's id, the question's id, the build's seed and the version, so a rebuild prints the
same numbers and a new seed new ones. A draw that fails `require` is drawn again, at most
MAX_TRIES times."""

from __future__ import annotations

import functools
import math
import random
from dataclasses import dataclass

from guidegen.params.evaluate import Expression, ExpressionError, Failure, evaluate, parse
from guidegen.params.spec import Formula, ParamDef, ParamSpec

MAX_TRIES = 100


class DrawError(Exception):
    """No values could be drawn: a formula failed (at `line`), or `require` was never met."""

    def __init__(self, failure: Failure | None, message: str, line: int):
        super().__init__(message)
        self.failure = failure  # None: `require` never met within MAX_TRIES
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Draw:
    """The values of one draw (parameters and computed), and how many tries it took."""

    values: dict
    tries: int


@functools.lru_cache(maxsize=4096)
def compiled(source: str) -> Expression:
    return parse(source)


def rng_for(guide_id: str | None, question_id: str, seed: int, version: int) -> random.Random:
    """The generator of one question's draw in one version (0 for A, or without versions)."""
    return random.Random(f"guidegen-params:{guide_id or ''}:{question_id}:{seed}:{version}")


def _one(param: ParamDef, rng: random.Random):
    if param.kind == "choice":
        value = rng.choice(param.choices)
        return int(value) if param.whole else value
    if param.step:
        steps = math.floor((param.high - param.low) / param.step + 1e-9)
        value = param.low + param.step * rng.randint(0, steps)
        return int(round(value)) if param.whole else round(value, 12)
    return rng.uniform(param.low, param.high)


def candidate(spec: ParamSpec, rng: random.Random) -> dict:
    """One draw of the parameters with the computed values, `require` not yet asked.
    Raises DrawError for a formula that fails on these values."""
    values = {p.name: _one(p, rng) for p in spec.params}
    for formula in spec.compute:
        values[formula.name] = _evaluate(formula, values)
    return values


def _evaluate(formula: Formula, values: dict):
    try:
        return evaluate(compiled(formula.expression), values)
    except ExpressionError as exc:
        where = f"compute '{formula.name}'" if formula.name else "require"
        raise DrawError(exc.failure, f"{where}: {exc.message} (with {shown(values)})", formula.line) from None


def met(spec: ParamSpec, values: dict) -> Formula | None:
    """The first `require` condition these values fail, or None."""
    return next((f for f in spec.require if not _evaluate(f, values)), None)


def draw(spec: ParamSpec, rng: random.Random) -> Draw:
    """Values that meet every `require`; DrawError if a formula fails or none is found."""
    for tries in range(1, MAX_TRIES + 1):
        values = candidate(spec, rng)
        if met(spec, values) is None:
            return Draw(values, tries)
    failing = spec.require[0]
    raise DrawError(None, f"require '{failing.expression}' was not met by any of {MAX_TRIES} draws: "
                          "widen the parameters' ranges or loosen the condition", failing.line)


def shown(values: dict) -> str:
    """The values, for a message: `n=20, p=0.25`."""
    from guidegen.params.substitute import format_value

    return ", ".join(f"{name}={format_value(value)}" for name, value in values.items())
