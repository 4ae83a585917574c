"""The Jinja sandbox a project's templates run in, bounded: a shared project's templates
are untrusted, and Jinja's own sandbox keeps them from Python's internals but not from
asking for a string of three billion characters (`'x' * 3000000000`) or a loop of a
hundred thousand squared. Here every way a template can make something large is
measured *before* it is made: the operators (`*`, `+`, `**`, `%`, `~`), the methods of
strings, bytes and numbers (`ljust`, `center`, `replace`, `join`, `format`, `to_bytes`...),
the filters (`center`, `indent`, `wordwrap`, `join`, `batch`, `format`...), and, for the
whole rendering, the characters written and the loop steps taken."""

from __future__ import annotations

import contextvars
import functools
import math
import re
import string
from collections.abc import Mapping, Sized

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.environment import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

# One string, list, tuple or bytes a template makes: far above what a title, an option
# or a question's LaTeX needs, far below what would exhaust a laptop.
MAX_SIZE = 5_000_000
# One integer a template computes, in bits (`10 ** 100000000` would take minutes).
MAX_BITS = 100_000
# Everything one rendering writes, counted as it is written (a guide of thousands of
# questions writes a few megabytes), and the loop steps it takes.
MAX_OUTPUT = 50_000_000
MAX_STEPS = 2_000_000
# The most characters the LaTeX filters make of one (a backslash: \textbackslash{}).
ESCAPE_GROWTH = 16


class TemplateLimit(SecurityError):
    """A template asked for more than the sandbox allows; the message says what."""


class _Budget:
    def __init__(self) -> None:
        self.output = 0
        self.steps = 0


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("guidegen_template_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


def _refuse(what: str, size: int, limit: int = MAX_SIZE, unit: str = "characters or items") -> None:
    if size > limit:
        raise TemplateLimit(f"{what} would make {size:,} {unit}; a template may make at most {limit:,}")


def _size(value) -> int:
    """The size that counts for a value: characters, items or bytes (0: not a sequence)."""
    if isinstance(value, (str, bytes, bytearray, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def _bits(value) -> int:
    return value.bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _checked(what: str, value):
    """A value made by template code, refused when it is too large anyway (a macro's
    output, a filter's result): the pre-checks below keep it from being far too large."""
    _refuse(what, _size(value))
    if _bits(value) > MAX_BITS:
        raise TemplateLimit(f"{what} would make a number of {_bits(value):,} bits; a template may make at most {MAX_BITS:,}")
    return value


def _text_size(value, limit: int = MAX_SIZE) -> int:
    """At least how long `str(value)` is, found without making it when the value is a
    list, tuple, set or dict (`[s] * 1000` is small; its text is a thousand times s):
    the walk stops as soon as it is past `limit`."""
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, int):
            total += _bits(item) // 3 + 1
        else:
            total += len(str(item))
    return total


def _largest_number(text: str) -> int:
    return max((int(n) for n in re.findall(r"\d+", text)), default=0)


def _values(args) -> list:
    if isinstance(args, Mapping):
        return list(args.values())
    if isinstance(args, (tuple, list)):
        return list(args)
    return [args]


def _percent_size(fmt, args) -> int:
    """At most how long `fmt % args` is: each conversion as wide as the widest width
    written in the format (or given by `*`) plus the longest argument."""
    conversions = fmt.count("%" if isinstance(fmt, str) else b"%")
    values = _values(args)
    text = fmt if isinstance(fmt, str) else fmt.decode("latin-1")
    width = _largest_number(text)
    if "*" in text:
        width = max([width] + [abs(v) for v in values if isinstance(v, int)])
    longest = max((_text_size(v) for v in values), default=0)
    return len(fmt) + conversions * (width + longest)


def _format_size(fmt: str, args, kwargs) -> int:
    """At most how long `fmt.format(*args, **kwargs)` is (see _percent_size)."""
    fields, width = 0, 0
    values = list(args) + list(kwargs.values())
    for _, field, spec, _ in string.Formatter().parse(fmt):
        if field is None:
            continue
        fields += 1
        width = max(width, _largest_number(spec or ""))
        if spec and "{" in spec:  # a width given by another field
            width = max([width] + [abs(v) for v in values if isinstance(v, int)])
    longest = max((_text_size(v) for v in values), default=0)
    return len(fmt) + fields * (width + longest)


def _binop_size(operator: str, left, right) -> tuple[int, str]:
    """The size `left operator right` would have, and its unit."""
    if operator == "*":
        if isinstance(right, (str, bytes, list, tuple)) and isinstance(left, int):
            left, right = right, left
        if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, int):
            return len(left) * max(right, 0), "characters or items"
        if isinstance(left, int) and isinstance(right, int):
            return _bits(left) + _bits(right), "bits"
    elif operator == "+":
        if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
            return len(left) + len(right), "characters or items"
        if isinstance(left, int) and isinstance(right, int):
            return max(_bits(left), _bits(right)) + 1, "bits"
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            return int(right * math.log2(abs(left))) + 1, "bits"
    elif operator == "%" and isinstance(left, (str, bytes)):
        return _percent_size(left, right), "characters or items"
    return 0, "characters or items"


def _method_size(method, args, kwargs) -> int:
    """The size a call of a string's, bytes' or number's method would make (0: not one
    that can make much more than it is given)."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if isinstance(owner, int) and name == "to_bytes":
        length = args[0] if args else kwargs.get("length", 1)
        return length if isinstance(length, int) else 0
    if not isinstance(owner, (str, bytes, bytearray)):
        return 0
    own = len(owner)
    if name in ("ljust", "rjust", "center", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        return max(own, width) if isinstance(width, int) else 0
    if name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        return own * max(size, 1) if isinstance(size, int) else 0
    if name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, type(owner)) and isinstance(new, type(owner)):
            count = owner.count(old) if old else own + 1
            if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
                count = min(count, args[2])
            return own + count * max(len(new) - len(old), 0)
    if name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((_text_size(v) for v in args[0].values() if v is not None), default=1)
        return own * max(longest, 1)
    return 0


# -- filters ---------------------------------------------------------------------------------

def _filter_size(name: str, args: tuple, kwargs: dict) -> int:
    """What a filter would make, for the filters that can make much more than they get
    (`args` starts with the value filtered)."""
    def arg(index: int, key: str, default):
        return args[index] if len(args) > index else kwargs.get(key, default)

    value = args[0] if args else ""
    if name in ("center", "indent", "wordwrap", "replace", "format"):
        measured = _text_size(value)
        if measured > MAX_SIZE:  # its text alone is too large: do not make it to measure more
            return measured
    if name == "center":
        width = arg(1, "width", 80)
        return max(_text_size(value), width if isinstance(width, int) else 0)
    if name == "indent":
        width = arg(1, "width", 4)
        text = str(value)
        return len(text) + (text.count("\n") + 1) * (width if isinstance(width, int) else _text_size(width))
    if name == "wordwrap":
        wrap = arg(4, "wrapstring", None)
        text = str(value)
        return len(text) * (1 + (len(wrap) if isinstance(wrap, str) else 1))
    if name == "join":
        items = list(value)
        total = max(len(items) - 1, 0) * _text_size(arg(1, "d", ""))
        for item in items:
            if total > MAX_SIZE:
                break
            total += _text_size(item)
        return total
    if name == "replace":
        old, new = arg(1, "old", ""), arg(2, "new", "")
        text = str(value)
        count = text.count(str(old)) if old else len(text) + 1
        return len(text) + count * max(_text_size(new) - _text_size(old), 0)
    if name == "format":
        rest = args[1:] or tuple(kwargs.values())
        return _percent_size(str(value), rest)
    if name in ("batch", "slice"):
        count = arg(1, "linecount" if name == "batch" else "slices", 1)
        return max(count, 0) if isinstance(count, int) else 0
    if name == "sum":
        items = list(value)
        start = arg(3, "start", 0)
        return _size(start) + sum(_size(i) for i in items)
    if name in ("tex", "pdftext"):
        return _text_size(value) * ESCAPE_GROWTH
    if name in STRINGIFYING:
        return _text_size(value) * 2
    return 0


# Filters that make text of the whole value, list or not.
STRINGIFYING = frozenset(["string", "pprint", "tojson", "e", "escape", "forceescape", "urlencode", "lower", "upper", "title",
                          "capitalize", "trim", "striptags", "truncate", "wordcount", "urlize", "safe"])


def _finalize(value):
    """What an expression writes, measured before it becomes text."""
    _refuse("writing this value", _text_size(value))
    return value


def _bounded_filter(name: str, func):
    @functools.wraps(func)
    def bounded(*args, **kwargs):
        # Filters that take the context or environment get it first: the value follows.
        given = args
        if getattr(func, "jinja_pass_arg", None) is not None:
            given = args[1:]
        if name in ("join", "sum") and given:
            # Read a generator once, here, and hand the filter the list.
            given = (list(given[0]),) + tuple(given[1:])
            args = args[: len(args) - len(given)] + given
        _refuse(f"the filter '{name}'", _filter_size(name, given, kwargs))
        return _checked(f"the filter '{name}'", func(*args, **kwargs))

    return bounded


def _bounded_lipsum(lipsum):
    @functools.wraps(lipsum)
    def bounded(n=5, html=True, min=20, max=100):  # noqa: A002 - Jinja's names
        _refuse("lipsum()", n * max * 12 if isinstance(n, int) and isinstance(max, int) else 0)
        return lipsum(n, html, min, max)

    return bounded


def loop_steps(iterable):
    """A loop's items, each counted against the rendering's steps (every `for` loop's
    items pass through it)."""
    budget = _budget()
    for item in iterable:
        budget.steps += 1
        if budget.steps > MAX_STEPS:
            raise TemplateLimit(f"the templates' loops would take more than {MAX_STEPS:,} steps; simplify the loops")
        yield item


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's compiler, with every output written counted, every loop's items counted,
    and `~` measured before it joins."""

    def _output_const_repr(self, group) -> str:
        return f"environment.written({super()._output_const_repr(group)})"

    def _output_child_pre(self, node, frame, finalize) -> None:
        self.write("environment.written(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        self.write("environment.concat_parts((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")

    def visit_For(self, node: nodes.For, frame) -> None:
        counted = nodes.EnvironmentAttribute("loop_steps")
        if not (isinstance(node.iter, nodes.Call) and node.iter.node == counted):
            node.iter = nodes.Call(counted, [node.iter], [], None, None, lineno=node.iter.lineno)
        super().visit_For(node, frame)


class _BoundedTemplate(Template):
    def render(self, *args, **kwargs) -> str:
        token = _BUDGET.set(_Budget())
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with what a template can make bounded (see the module)."""

    code_generator_class = _BoundedCodeGenerator
    template_class = _BoundedTemplate
    intercepted_binops = frozenset(["*", "+", "**", "%"])

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("finalize", _finalize)
        super().__init__(*args, **kwargs)
        self.filters = {name: _bounded_filter(name, func) for name, func in self.filters.items()}
        self.globals["lipsum"] = _bounded_lipsum(self.globals["lipsum"])

    def add_filter(self, name: str, func) -> None:
        """A filter of guidegen's own, bounded like Jinja's."""
        self.filters[name] = _bounded_filter(name, func)

    def call_binop(self, context, operator: str, left, right):
        size, unit = _binop_size(operator, left, right)
        limit = MAX_BITS if unit == "bits" else MAX_SIZE
        _refuse(f"'{operator}'", size, limit, unit)
        return _checked(f"'{operator}'", super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        name = getattr(__obj, "__name__", "a call")
        _refuse(f"{name}()", _method_size(__obj, args, kwargs))
        return _checked(f"{name}()", super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt, name = value.__self__, value.__name__

        @functools.wraps(wrapper)
        def bounded(*args, **kwargs):
            if name == "format_map":
                size = _format_size(fmt, (), dict(args[0]) if args and isinstance(args[0], Mapping) else {})
            else:
                size = _format_size(fmt, args, kwargs)
            _refuse(f"{name}()", size)
            return _checked(f"{name}()", wrapper(*args, **kwargs))

        return bounded

    loop_steps = staticmethod(loop_steps)

    def written(self, text):
        """Count what the rendering writes."""
        budget = _budget()
        budget.output += len(text) if isinstance(text, Sized) else 0
        budget.steps += 1
        if budget.output > MAX_OUTPUT:
            raise TemplateLimit(f"the templates would write more than {MAX_OUTPUT:,} characters; a template may write at most that")
        if budget.steps > MAX_STEPS:
            raise TemplateLimit(f"the templates' loops would take more than {MAX_STEPS:,} steps; simplify the loops")
        return text

    def concat_parts(self, parts) -> str:
        """`a ~ b`, measured before it is joined."""
        _refuse("'~'", sum(_text_size(part) for part in parts))
        return "".join(str(part) for part in parts)
