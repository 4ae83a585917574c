"""Read YAML mappings keeping line numbers, and check fields against a declared schema."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from guidegen.errors import Problem, problem, shorten
from guidegen.load.escapes import escape_hint, escape_problems
from guidegen.model import parse_length_cm

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Characters of a typeset setting (the guide's title, a topic's name). A topic's name is
# written to the .aux file on one line, and TeX reads at most 200,000 bytes of a line (a
# name of 36,000 '~' stopped it: "increase buf_size"); a 4 MB title exhausted its main
# memory. 4,000 characters at up to 27 bytes of LaTeX each (\ensuremath{\Leftrightarrow})
# keep well inside, and test_limits typesets them.
MAX_PRINTABLE = 4_000


def to_nfc(text: str) -> str:
    """`text` composed (NFC): what is typed decomposed (e + U+0301) reads as typed composed (é)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


@dataclass
class Mapping:
    """A parsed YAML mapping with the file line of each key."""

    data: dict[str, Any]
    lines: dict[str, int]
    line: int  # line of the mapping itself
    item_lines: dict[str, list[int]] | None = None  # lines of list entries, per key
    child_lines: dict[str, dict[str, int]] | None = None  # lines of the keys of a mapping value, per key

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def child(self, key: str) -> Mapping | None:
        """The mapping under `key`, with its keys' lines; None if the value is not a mapping."""
        value = self.data.get(key)
        if not isinstance(value, dict):
            return None
        return Mapping({str(k): v for k, v in value.items()}, (self.child_lines or {}).get(key, {}), self.line_of(key))


def load_mapping(text: str, path: Path, first_line: int, problems: list[Problem]) -> Mapping | None:
    """Parse `text` (starting at file line `first_line`) as a YAML mapping; record problems."""
    # libyaml's parser when PyYAML has it: ten times faster on a large bank.
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if ("&" in text or "*" in text) and _refuse_aliases(text, loader_class, path, first_line, problems):
        return None
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Mapping({}, {}, first_line)
        if not isinstance(node, yaml.MappingNode):
            problems.append(problem(path, first_line + node.start_mark.line, "expected a mapping of `key: value` lines"))
            return None
        if _refuse_shapes(node, path, first_line, problems):
            return None
        mangled = escape_problems(node, text, path, first_line)
        if mangled:  # what YAML read is not what was typed: nothing of it is used
            problems.extend(mangled)
            return None
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(problem(path, line, f"invalid YAML: {what}{escape_hint(exc, text)}"))
        return None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    child_lines: dict[str, dict[str, int]] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines[str(key_node.value)] = first_line + key_node.start_mark.line
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[str(key_node.value)] = [first_line + n.start_mark.line for n in value_node.value]
            elif isinstance(value_node, yaml.MappingNode):
                child_lines[str(key_node.value)] = {str(k.value): first_line + k.start_mark.line
                                                    for k, _ in value_node.value if isinstance(k, yaml.ScalarNode)}
    data = {str(k): v for k, v in data.items()}
    return Mapping(data, lines, first_line + node.start_mark.line, item_lines, child_lines)


def _refuse_aliases(text: str, loader_class, path: Path, first_line: int, problems: list[Problem]) -> bool:
    """Anchors and aliases (&a, *a) let a few hundred bytes expand to gigabytes; settings
    and front matter never need them. Found from the event stream, which never expands them."""
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                problems.append(problem(path, first_line + event.start_mark.line,
                                        "YAML anchors and aliases (&name, *name) are not allowed here; write the value out"))
                return True
    except yaml.YAMLError:
        return False  # the composer below reports the syntax error with its line
    return False


MAX_NUMBER_DIGITS = 30  # Python refuses to convert more than 4,300; no setting needs more than this


def _refuse_shapes(root, path: Path, first_line: int, problems: list[Problem]) -> bool:
    """Keys given twice (YAML would silently keep the last) and numbers too long to be
    meant, anywhere in the document."""
    before = len(problems)
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    line = first_line + key_node.start_mark.line
                    if key_node.value in seen:
                        problems.append(problem(path, line, f"'{shorten(key_node.value)[1:-1]}' is given twice "
                                                            f"(also on line {seen[key_node.value]}); keep one"))
                    seen.setdefault(key_node.value, line)
                pending += [key_node, value_node]
        elif isinstance(node, yaml.SequenceNode):
            pending += node.value
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int") and len(node.value) > MAX_NUMBER_DIGITS:
            problems.append(problem(path, first_line + node.start_mark.line, f"a number of {len(node.value)} digits is too long"))
    return len(problems) != before


def check_keys(m: Mapping, path: Path, allowed: tuple[str, ...], required: tuple[str, ...], problems: list[Problem]) -> None:
    """Report unknown keys (with a near-miss suggestion) and missing required ones."""
    for key in m.data:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(allowed)}"
            problems.append(problem(path, m.line_of(key), f"unknown field {shorten(key)} ({hint})"))
    for key in required:
        if key not in m.data or m.data[key] is None:
            problems.append(problem(path, m.line, f"missing required field '{key}'"))


class Fields:
    """Typed getters that record a problem (and return None) instead of raising."""

    def __init__(self, m: Mapping, path: Path, problems: list[Problem], printed: list | None = None):
        self.m, self.path, self.problems = m, path, problems
        # (key, text, line) of each text that will be printed: each output checks that it
        # can print them (the LaTeX writer, that every character has a glyph).
        self.printed = printed if printed is not None else []

    def _bad(self, key: str, message: str) -> None:
        self.problems.append(problem(self.path, self.m.line_of(key), message))

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.m.data.get(key)
        if value is None:
            return default
        if isinstance(value, (dict, list)) or isinstance(value, bool):
            self._bad(key, f"'{key}' must be text, got {type(value).__name__}")
            return default
        # Settings are single lines of text (titles, names): YAML line folding and
        # escapes must not smuggle in line breaks or control characters.
        bad = next((c for c in str(value) if unicodedata.category(c) == "Cc" and c not in "\t\n"), None)
        if bad is not None:
            self._bad(key, f"'{key}' contains the control character U+{ord(bad):04X}; remove it")
            return default
        value = " ".join(str(value).split())
        if not value:
            self._bad(key, f"'{key}' is empty")
            return default
        return value

    def printable(self, key: str, default: str | None = None) -> str | None:
        """Text that will be printed (a title or name): at most MAX_PRINTABLE characters,
        recorded with its line in `printed`."""
        value = self.text(key, default)
        if value and len(value) > MAX_PRINTABLE:
            self._bad(key, f"'{key}' is {len(value):,} characters long; at most {MAX_PRINTABLE:,} are allowed: shorten it")
            return default
        if value and key in self.m.data:
            self.printed.append((key, value, self.m.line_of(key)))
        return value

    def slug(self, key: str, what: str = "slug") -> str | None:
        value = self.text(key)
        if value is not None and not SLUG.fullmatch(value):
            self._bad(key, f"'{key}' must be a {what} of lowercase letters, digits and hyphens, got {shorten(value)}")
            return None
        return value

    def matching(self, key: str, pattern: re.Pattern, what: str, hint: str = "") -> str | None:
        """Text that must match `pattern` in full; `what` says what is expected."""
        value = self.text(key)
        if value is not None and not pattern.fullmatch(value):
            self._bad(key, f"'{key}' must be {what}, got {shorten(value)}{f'; {hint}' if hint else ''}")
            return None
        return value

    def slug_list(self, key: str) -> tuple[str, ...] | None:
        value = self.m.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self._bad(key, f"'{key}' must be a list, e.g. {key}: [first, second]")
            return None
        out = []
        for item in value:
            if not isinstance(item, (str, int)) or isinstance(item, bool) or not SLUG.fullmatch(str(item)):
                self._bad(key, f"'{key}' entries must be slugs of lowercase letters, digits and hyphens, got {shorten(item)}")
                return None
            out.append(str(item))
        if len(set(out)) != len(out):
            self._bad(key, f"'{key}' lists the same entry twice")
        return tuple(dict.fromkeys(out))

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.text(key)
        if value is None:
            return default
        if value not in choices:
            self._bad(key, f"'{key}' must be one of {', '.join(choices)}, got {shorten(value)}")
            return default
        return value

    def integer(self, key: str, default: int | None = None, minimum: int | None = None, maximum: int | None = None) -> int | None:
        value = self.m.data.get(key)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self._bad(key, f"'{key}' must be a whole number, got {shorten(value)}")
            return default
        if minimum is not None and value < minimum:
            self._bad(key, f"'{key}' must be at least {minimum}, got {value}")
            return default
        if maximum is not None and value > maximum:
            self._bad(key, f"'{key}' must be at most {maximum}, got {shorten(value)}")
            return default
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.m.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._bad(key, f"'{key}' must be true or false, got {shorten(value)}")
            return default
        return value

    def length_cm(self, key: str) -> float | None:
        """A length such as `5cm`, `40mm`, `2in` or a bare number of centimetres."""
        value = self.m.data.get(key)
        if value is None:
            return None
        cm = parse_length_cm(value)
        if cm is None:
            self._bad(key, f"'{key}' must be a length such as 5cm, 40mm or 2in, got {shorten(value)}")
        return cm
