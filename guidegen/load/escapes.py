"""Backslash escapes YAML reads in double quotes, found where they turned LaTeX into
control characters: "Estimating $\\theta$" is read as "Estimating <tab>heta"."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from guidegen.errors import Problem, problem

# The escapes of a double-quoted YAML scalar that make a character no one types in a
# title on purpose (a control character, a line or paragraph separator, a no-break
# space), each with what it becomes; most begin a LaTeX command (\theta, \nabla, \beta,
# \alpha, \vec, \frac, \rho, \epsilon, \Lambda, \P, \_).
_NAMED = {
    "0": "a null character", "a": "a bell character", "b": "a backspace", "t": "a tab", "\t": "a tab",
    "n": "a line break", "v": "a vertical tab", "f": "a form feed", "r": "a carriage return",
    "e": "an escape character", "N": "a next-line character (U+0085)", "_": "a no-break space",
    "L": "a line separator (U+2028)", "P": "a paragraph separator (U+2029)",
}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_KEPT = re.compile(r'\\([\\"])')  # \\ and \" in double quotes: a backslash and a quote as typed
_COMMAND = re.compile(r"\\[A-Za-z]*")
_WORD_AFTER = re.compile(r"[A-Za-z]*")


def _mangling(sequence: str) -> str | None:
    """What YAML makes of the escape `\\sequence`, if it is a character no one means; else None."""
    if sequence in _NAMED:
        return _NAMED[sequence]
    if sequence[0] in "xuU" and len(sequence) > 1:
        char = chr(int(sequence[1:], 16))
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return f"the control character U+{ord(char):04X}"
    return None


def _nodes(root):
    """(key, node, listed) of every scalar under `root`: the mapping key it belongs to
    ("" at the top), and whether it is an entry of a list under that key."""
    pending = [("", root, False)]
    while pending:
        key, node, listed = pending.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else key
                pending.append((name, value_node, False))  # (a key is checked against the known ones)
        elif isinstance(node, yaml.SequenceNode):
            pending += [(key, item, True) for item in reversed(node.value)]
        elif isinstance(node, yaml.ScalarNode):
            yield key, node, listed


def escape_problems(root, text: str, path: Path, first_line: int) -> list[Problem]:
    """An error for each double-quoted scalar under `root` (parsed from `text`, which starts
    at file line `first_line`) where an escape made a control character: the cause and the fix."""
    problems = []
    for key, node, listed in _nodes(root):
        if node.style != '"':
            continue
        source = text[node.start_mark.index : node.end_mark.index]
        if "\\" not in source:
            continue
        for match in _ESCAPE.finditer(source):
            what = _mangling(match.group(1))
            if what is None:
                continue
            line = first_line + node.start_mark.line + source.count("\n", 0, match.start())
            shown = "\\t" if match.group(1) == "\t" else match.group()
            word = _WORD_AFTER.match(source, match.end()).group()
            became = f'"{match.group()}{word}" became {what} and "{word}"' if word else f'"{shown}" became {what}'
            # The same text in single quotes, where YAML reads every backslash as typed.
            single = "'" + _KEPT.sub(r"\1", source[1:-1]).replace("'", "''") + "'"
            if "\n" in single or len(single) > 100:
                example = ""
            else:
                example = f": - {single}" if listed else f": {key}: {single}" if key else f": {single}"
            if word:  # a LaTeX command: single quotes keep it as typed
                noun = "an entry" if listed or not key else f"a {key}"
                fix = f"put {noun} with LaTeX in single quotes{example}"
            else:
                fix = f"remove the backslash, or put the text in single quotes to keep it as typed{example}"
            problems.append(problem(path, line, f"{key or 'a value'}: in double quotes YAML reads {shown} as {what} "
                                                f"({became}); {fix}"))
            break  # one message a value: the fix is the same for all its escapes
    return problems


def escape_hint(exc: yaml.YAMLError, text: str) -> str:
    """For YAML's refusal of an escape it does not know (\\sigma, \\xi in double quotes): the cause and the fix."""
    mark = getattr(exc, "problem_mark", None)
    quoted = getattr(exc, "context", None) == "while parsing a quoted scalar"
    if mark is None or not quoted or not re.search("escape|hexdecimal", str(getattr(exc, "problem", ""))):
        return ""
    start = text.rfind("\\", 0, mark.index + 1)
    command = _COMMAND.match(text, start).group() if start >= 0 else "\\"
    return (f" ({command}); in double quotes YAML reads a backslash as the start of an escape: "
            f"put text with LaTeX in single quotes, e.g. title: 'Estimating ${command}$'")
