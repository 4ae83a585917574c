"""The expression language of `compute`, `require` and `{{...}}`: numbers, + - * / // %
**, comparisons, `and`/`or`/`not`, `a if c else b`, the parameters' names and a fixed set
of math functions. Parsed with `ast` and checked against an allow-list before anything
runs; evaluated by walking the tree (never `eval`), every operand bounded before the
operation, so no expression can take long or grow large."""

from __future__ import annotations

import ast
import enum
import math
import operator
from dataclasses import dataclass

MAX_SOURCE = 400  # characters of one expression
MAX_NODES = 120  # nodes of its tree
MAX_DEPTH = 24  # nesting, checked on the text before the parser recurses into it
MAX_INT_BITS = 1024  # an integer result larger than about 10**308 is refused
MAX_FACTORIAL = 170  # factorial(171) is no longer a float
MAX_COMB = 10_000


class Failure(enum.Enum):
    """Why an expression was refused or could not be evaluated."""

    REFUSED = "refused"  # a construct outside the language (found before anything runs)
    UNKNOWN_NAME = "unknown name"
    DIVISION_BY_ZERO = "division by zero"
    DOMAIN = "outside the function's domain"  # sqrt(-1), log(0)
    TOO_LARGE = "too large"


class ExpressionError(Exception):
    """An expression refused or failed; `failure` says which way, the message says where."""

    def __init__(self, failure: Failure, message: str):
        super().__init__(message)
        self.failure = failure
        self.message = message


def _round(x, digits=0):
    return round(x, int(digits)) if digits else round(x)


def _log(x, base=None):
    return math.log(x) if base is None else math.log(x, base)


def _factorial(n):
    if n != int(n) or not 0 <= n <= MAX_FACTORIAL:
        raise ExpressionError(Failure.DOMAIN, f"factorial takes a whole number from 0 to {MAX_FACTORIAL}, got {n:g}")
    return math.factorial(int(n))


def _comb(n, k):
    if n != int(n) or k != int(k) or not 0 <= n <= MAX_COMB or k < 0:
        raise ExpressionError(Failure.DOMAIN, f"comb takes whole numbers n from 0 to {MAX_COMB} and k >= 0, got {n:g}, {k:g}")
    return math.comb(int(n), int(k))


def _perm(n, k):
    if n != int(n) or k != int(k) or not 0 <= n <= MAX_COMB or k < 0:
        raise ExpressionError(Failure.DOMAIN, f"perm takes whole numbers n from 0 to {MAX_COMB} and k >= 0, got {n:g}, {k:g}")
    return math.perm(int(n), int(k))


# name -> (function, least and most arguments)
FUNCTIONS = {
    "sqrt": (math.sqrt, 1, 1), "exp": (math.exp, 1, 1), "log": (_log, 1, 2), "log10": (math.log10, 1, 1),
    "log2": (math.log2, 1, 1), "sin": (math.sin, 1, 1), "cos": (math.cos, 1, 1), "tan": (math.tan, 1, 1),
    "asin": (math.asin, 1, 1), "acos": (math.acos, 1, 1), "atan": (math.atan, 1, 1), "atan2": (math.atan2, 2, 2),
    "sinh": (math.sinh, 1, 1), "cosh": (math.cosh, 1, 1), "tanh": (math.tanh, 1, 1),
    "comb": (_comb, 2, 2), "perm": (_perm, 2, 2), "factorial": (_factorial, 1, 1), "round": (_round, 1, 2),
    "min": (min, 1, 8), "max": (max, 1, 8), "abs": (abs, 1, 1), "floor": (math.floor, 1, 1), "ceil": (math.ceil, 1, 1),
    "erf": (math.erf, 1, 1), "erfc": (math.erfc, 1, 1), "gamma": (math.gamma, 1, 1),
}
CONSTANTS = {"pi": math.pi, "e": math.e}
RESERVED = frozenset(FUNCTIONS) | frozenset(CONSTANTS) | {"and", "or", "not", "if", "else", "True", "False", "None"}

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
# What a refused construct is called in a message.
_NAMES = {ast.Attribute: "attribute access", ast.Lambda: "a lambda", ast.ListComp: "a comprehension",
          ast.SetComp: "a comprehension", ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
          ast.Subscript: "indexing", ast.Constant: "text", ast.JoinedStr: "text", ast.NamedExpr: "an assignment",
          ast.Starred: "unpacking", ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a mapping", ast.Set: "a set",
          ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield"}


@dataclass(frozen=True)
class Expression:
    """A checked expression: its source and the names it reads."""

    source: str
    tree: ast.Expression
    names: frozenset[str]


def parse(source: str) -> Expression:
    """Check `source` against the language; raise ExpressionError(REFUSED) naming what is not allowed."""
    source = source.strip()
    if not source:
        raise ExpressionError(Failure.REFUSED, "the expression is empty")
    if len(source) > MAX_SOURCE:
        raise ExpressionError(Failure.REFUSED, f"the expression is {len(source)} characters long; at most {MAX_SOURCE} are allowed")
    depth = deepest = 0
    for char in source:  # before ast.parse, whose recursion a deep nesting would exhaust
        depth += (char in "([{") - (char in ")]}")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ExpressionError(Failure.REFUSED, f"the expression nests {deepest} brackets deep; at most {MAX_DEPTH} are allowed")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(Failure.REFUSED, f"not an expression ({exc.msg})") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError(Failure.REFUSED, "not an expression") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExpressionError(Failure.REFUSED, f"the expression has {len(nodes)} parts; at most {MAX_NODES} are allowed: split it over compute")
    names = set()
    # The most telling refusal first: a dunder name or an attribute, wherever it is.
    for node in sorted(nodes, key=lambda n: 0 if isinstance(n, ast.Name) and n.id.startswith("_") else 1 + (not isinstance(n, ast.Attribute))):
        _allowed(node)
    for node in nodes:
        if isinstance(node, ast.Name) and node.id not in CONSTANTS and not _is_called(node, tree):
            names.add(node.id)
    return Expression(source, tree, frozenset(names))


def _is_called(name: ast.Name, tree: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(tree))


def _allowed(node: ast.AST) -> None:
    """Raise unless `node` is part of the language."""
    ok = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Name, ast.Load, ast.Call,
          ast.And, ast.Or, *_BINARY, *_COMPARE, *_UNARY)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (int, float)) and not isinstance(node.value, complex):
            return
        raise ExpressionError(Failure.REFUSED, "only numbers are allowed, not text" if isinstance(node.value, (str, bytes))
                              else f"{node.value!r} is not allowed")
    if not isinstance(node, ok):
        what = _NAMES.get(type(node), type(node).__name__)
        raise ExpressionError(Failure.REFUSED, f"{what} is not allowed in an expression")
    if isinstance(node, ast.Name) and node.id.startswith("_"):
        raise ExpressionError(Failure.REFUSED, f"'{node.id}' is not allowed (no name starts with '_')")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            if isinstance(node.func, ast.Lambda):
                raise ExpressionError(Failure.REFUSED, "a lambda is not allowed in an expression")
            called = node.func.id if isinstance(node.func, ast.Name) else "that"
            raise ExpressionError(Failure.REFUSED, f"calling {called!r} is not allowed; the functions are: {', '.join(sorted(FUNCTIONS))}")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExpressionError(Failure.REFUSED, f"{node.func.id}() takes plain arguments only")
        _, least, most = FUNCTIONS[node.func.id]
        if not least <= len(node.args) <= most:
            raise ExpressionError(Failure.REFUSED, f"{node.func.id}() takes {least if least == most else f'{least} to {most}'} "
                                                   f"argument{'s' if most > 1 else ''}, got {len(node.args)}")


def evaluate(expression: Expression, values: dict[str, float]):
    """The value of a checked expression given the parameters' `values` (int, float or bool)."""
    try:
        return _value(expression.tree.body, values)
    except ExpressionError:
        raise
    except ZeroDivisionError:
        raise ExpressionError(Failure.DIVISION_BY_ZERO, "division by zero") from None
    except (ValueError, TypeError) as exc:
        raise ExpressionError(Failure.DOMAIN, f"math error ({exc})") from None
    except OverflowError:
        raise ExpressionError(Failure.TOO_LARGE, "a number too large") from None


def _value(node: ast.AST, values: dict[str, float]):
    if isinstance(node, ast.Constant):
        return _bounded(node.value)
    if isinstance(node, ast.Name):
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id not in values:
            raise ExpressionError(Failure.UNKNOWN_NAME, f"unknown name '{node.id}'")
        return values[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, values), _value(node.right, values)
        if isinstance(node.op, ast.Pow):
            _check_power(left, right)
        elif isinstance(node.op, ast.Mult) and isinstance(left, int) and isinstance(right, int):
            if abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS + 1:
                raise ExpressionError(Failure.TOO_LARGE, "a product too large")
        return _bounded(_BINARY[type(node.op)](left, right))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_value(node.operand, values))
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            result = True
            for item in node.values:
                result = _value(item, values)
                if not result:
                    return result
            return result
        result = False
        for item in node.values:
            result = _value(item, values)
            if result:
                return result
        return result
    if isinstance(node, ast.Compare):
        left = _value(node.left, values)
        for op, item in zip(node.ops, node.comparators):
            right = _value(item, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        return _value(node.body, values) if _value(node.test, values) else _value(node.orelse, values)
    if isinstance(node, ast.Call):
        function = FUNCTIONS[node.func.id][0]
        return _bounded(function(*(_value(a, values) for a in node.args)))
    raise ExpressionError(Failure.REFUSED, f"{type(node).__name__} is not allowed")  # parse() let nothing else through


def _check_power(base, exponent) -> None:
    """Refuse a power whose result would be huge, before computing it (10**10**10)."""
    if isinstance(base, bool) or isinstance(exponent, bool):
        return
    if abs(exponent) > 10_000:
        if abs(base) in (0, 1):
            return
        raise ExpressionError(Failure.TOO_LARGE, f"an exponent of {exponent:g} is too large")
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and base not in (0, 1, -1):
        if exponent * math.log2(abs(base)) > MAX_INT_BITS:
            raise ExpressionError(Failure.TOO_LARGE, f"{base}**{exponent} is too large")


def _bounded(value):
    """`value`, unless it is an integer or float too large to print or compute with."""
    if isinstance(value, bool):
        return value
    if isinstance(value, complex):  # (-8) ** (1 / 3)
        raise ExpressionError(Failure.DOMAIN, "a result that is not a real number")
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            raise ExpressionError(Failure.TOO_LARGE, "a number too large")
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise ExpressionError(Failure.TOO_LARGE if not math.isnan(value) else Failure.DOMAIN,
                              "a result that is not a finite number")
    return value
