"""`{{name}}`, `{{mean:.2f}}` and `{{mean + sd}}` in a question's text: found, checked and
replaced by a draw's values. Only a placeholder whose names are all declared is replaced;
any other `{{...}}` is left as it is, for TeX (`x^{{2}}`, `x^{{n}}` without a parameter n)
or for the blanks (`{{c1::answer}}`). A placeholder that mixes declared and undeclared
names is an error: it can be neither."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from guidegen.params.evaluate import ExpressionError, Expression, Failure, evaluate, parse

_BRACES = re.compile(r"\{\{([^{}]*)\}\}")
# A Python format spec of modest width: [[fill]align][sign][#][0][width][,_][.precision][type]
# (the fill is a space or 0: never a character TeX or Markdown would read as markup)
_SPEC = re.compile(r"^(?:[ 0]?[<>=^])?[+\- ]?#?0?\d{0,2}[,_]?(?:\.\d{1,2})?[eEfFgGn%d]?$")
MAX_PRINTED = 40  # characters of one printed value; longer is refused (it cannot be meant)


@dataclass(frozen=True)
class Placeholder:
    """One `{{...}}` that names declared values: where it is, and what it prints."""

    start: int
    end: int
    expression: Expression
    spec: str
    unknown: tuple[str, ...] = ()  # the undeclared names it also names
    error: str = ""  # why it cannot print: an undeclared name, or a format that is not allowed


def placeholders(text: str, declared: frozenset[str] | set[str]) -> tuple[Placeholder, ...]:
    """The placeholders of `text` that name at least one declared value."""
    return _placeholders(text, frozenset(declared))


@functools.lru_cache(maxsize=1024)  # a stressed question's texts are looked at a thousand times
def _placeholders(text: str, declared: frozenset[str]) -> tuple[Placeholder, ...]:
    found = []
    for match in _BRACES.finditer(text):
        inner = match.group(1)
        if "::" in inner:  # a blank, {{c1::answer}}: not ours
            continue
        source, spec = inner, ""
        if ":" in inner:
            source, spec = inner.rsplit(":", 1)
        try:
            expression = parse(source)
        except ExpressionError:
            continue  # TeX
        if not expression.names & set(declared):
            continue
        unknown = tuple(sorted(expression.names - set(declared)))
        error = f"unknown name '{unknown[0]}'" if unknown else ""
        if spec and not _SPEC.match(spec.strip()):
            error = error or (f"the format '{spec}' is not allowed: write a Python format spec such as .2f, .3g, ,d or "
                              ".1%, padded with spaces or zeros only")
        found.append(Placeholder(match.start(), match.end(), expression, spec.strip(), unknown, error))
    return tuple(found)


def format_value(value, spec: str = "") -> str:
    """A drawn or computed value as printed: `spec` if given, else a whole number without
    a decimal point and any other with six significant digits."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif spec:
        if spec.endswith("d") and isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            text = format(value, spec)
        except (ValueError, TypeError) as exc:
            raise ExpressionError(Failure.REFUSED, f"format '{spec}' cannot print {value!r} ({exc})") from None
    elif isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        text = str(int(value))
    else:
        text = f"{value:.6g}"
    if len(text) > MAX_PRINTED:
        raise ExpressionError(Failure.TOO_LARGE, f"the value prints as {len(text)} characters")
    return text


def substitute(text: str, declared, values: dict) -> tuple[str, list[str]]:
    """`text` with its placeholders replaced by `values`, and every value printed (to
    judge their lengths). Raises ExpressionError for a placeholder that cannot print."""
    out, last, printed = [], 0, []
    for found in placeholders(text, declared):
        if found.error:
            raise ExpressionError(Failure.UNKNOWN_NAME if found.unknown else Failure.REFUSED, found.error)
        shown = format_value(evaluate(found.expression, values), found.spec)
        out += [text[last:found.start], shown]
        printed.append(shown)
        last = found.end
    out.append(text[last:])
    return "".join(out), printed


def used_names(texts, declared) -> set[str]:
    """The declared names any placeholder of `texts` reads."""
    return {name for text in texts for found in placeholders(text, declared) if not found.error
            for name in found.expression.names}
