"""Multiple choice, found in the parsed Markdown: a question part whose bullet list has a
`[ ]` or `[x]` marker on every item (a GitHub task list) is a multiple-choice question;
the items are its options. Format-neutral: each output sets the options its own way.

markdown-it's CommonMark preset has no task-list rule, so the markers are read here from
the list items' first lines; the one parser setup (content.parse) stays as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guidegen.content.parse import markdown_parser
from guidegen.content.tree import parse_blocks
from guidegen.errors import Problem, problem
from guidegen.model import Option

MAX_OPTIONS = 26  # lettered A to Z
# An item's first line: the bullet, then the marker and a space (or nothing after it).
_ITEM = re.compile(r"^(?P<bullet>[ ]{0,3}[-*+][ \t]+)\[(?P<mark>[ xX])\](?:[ \t]+|$)(?P<text>.*)$")
_MARKER = re.compile(r"^\[[ xX]\](?:\s|$)")


@dataclass(frozen=True)
class Choices:
    """A question part split into the question's own text and its options."""

    question_md: str  # the question part, the option list's lines left blank (file lines keep their numbers)
    options: tuple[Option, ...]


def letter(index: int) -> str:
    """An option's letter: A for the first."""
    return chr(ord("A") + index)


def _task_lists(tokens, top_only: bool) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(first line, end line, items' (first, end) lines) of each bullet list whose every
    item starts with a task marker; top-level lists only when `top_only`."""
    found = []
    for index, token in enumerate(tokens):
        if token.type != "bullet_list_open" or (top_only and token.level != 0) or not token.map:
            continue
        items, ok = [], True
        for inner in range(index + 1, len(tokens)):
            t = tokens[inner]
            if t.type == "bullet_list_close" and t.level == token.level:
                break
            if t.type == "list_item_open" and t.level == token.level + 1:
                first = tokens[inner + 1] if inner + 2 < len(tokens) else None
                text = tokens[inner + 2] if inner + 2 < len(tokens) else None
                if (first is None or first.type != "paragraph_open" or text is None
                        or not _MARKER.match(text.content) or not t.map):
                    ok = False
                    break
                items.append((t.map[0], t.map[1]))
        if ok and items:
            found.append((token.map[0], token.map[1], items))
    return found


def _option(lines: list[str], first: int, end: int, first_line: int) -> Option:
    """One item's option: its Markdown without bullet and marker, continuation lines unindented."""
    match = _ITEM.match(lines[first])
    if match is None:  # a marker markdown-it saw that the line pattern does not (a tab before it)
        head = re.sub(r"^\s*[-*+]\s+", "", lines[first])
        mark, text, indent = head[1:2], head[3:].strip(), 2
    else:
        mark, text, indent = match["mark"], match["text"], len(match["bullet"])
    rest = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in lines[first + 1:end]]
    markdown = "\n".join([text, *rest]).strip()
    return Option(markdown, mark in "xX", first_line + first)


def split_options(question_md: str, path: Path, first_line: int, problems: list[Problem]) -> Choices:
    """The question part's options (none for an open question), checked; each problem is
    appended to `problems` at its file line."""
    # The tree the checker walks too (one parse per fragment); the task lists are read off
    # the items' source text, which the typographer does not touch.
    tokens = parse_blocks(question_md).root.to_tokens()
    lists = _task_lists(tokens, top_only=True)
    if not lists:
        return Choices(question_md, ())
    lines = question_md.split("\n")
    start, end, items = lists[0]
    for other in lists[1:]:
        problems.append(problem(path, first_line + other[0], "a question has one list of options: merge this list "
                                                              "with the one above it"))
    options = tuple(_option(lines, a, b, first_line) for a, b in items)
    problems.extend(check_options(options, path, first_line + start))
    blanked = lines[:start] + [""] * (end - start) + lines[end:]
    return Choices("\n".join(blanked), options)


def check_options(options: tuple[Option, ...], path: Path, line: int) -> list[Problem]:
    """What is wrong with a list of options: too few or too many, none right, repeats."""
    found = []
    if len(options) < 2:
        found.append(problem(path, line, "a list of options needs at least two options (- [ ] ... and - [x] ...); "
                                         "with one, make it an open question"))
    if len(options) > MAX_OPTIONS:
        found.append(problem(path, line, f"a list of options has at most {MAX_OPTIONS} options (A to Z); "
                                         f"this one has {len(options)}"))
    if not any(o.correct for o in options):
        found.append(problem(path, line, "no option is marked right: mark the right option(s) with [x]"))
    seen: dict[str, int] = {}
    for index, option in enumerate(options):
        if not option.markdown.strip():
            found.append(problem(path, option.line, f"option {letter(index)} is empty: write its text after the marker"))
            continue
        key = " ".join(option.markdown.split()).casefold()
        if key in seen:
            found.append(problem(path, option.line, f"option {letter(index)} is the same as option {letter(seen[key])}: "
                                                    "remove one or make them differ"))
        else:
            seen[key] = index
    return found


def answer_problems(answer_md: str, path: Path, first_line: int) -> list[Problem]:
    """A task list in the answer part: it would be the explanation's list, and show its
    [x] marks; the options belong in the question part."""
    if "[" not in answer_md:
        return []  # no marker anywhere: the common case needs no parse
    tokens = markdown_parser(typographer=False).parse(answer_md)
    return [problem(path, first_line + start, "a list of options ([ ] and [x]) belongs in the question part, above "
                                             "'## Answer': move it there (the answer part is the explanation)")
            for start, _, _ in _task_lists(tokens, top_only=False)]
