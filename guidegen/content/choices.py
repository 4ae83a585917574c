"""Multiple choice, found in the parsed Markdown: a question part whose top-level list
(bulleted or numbered) has a `[ ]` or `[x]` marker on every item (a GitHub task list) is a
multiple-choice question; the items are its options. Format-neutral: each output sets the
options its own way.

markdown-it's CommonMark preset has no task-list rule, so the markers are read here from
the list items' first lines; the one parser setup (content.parse) stays as it is. A
marker, or what looks like one (`[-]`, `[*]`, `[xx]`, `[x]` without a space, a ballot box),
anywhere else in the question part is not an option: it is named at its line and left out
of the question's text, so that no sheet ever shows which option was meant to be right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.content.parse import markdown_parser
from guidegen.content.tree import parse_blocks
from guidegen.errors import Problem, problem
from guidegen.model import Option

MAX_OPTIONS = 26  # lettered A to Z
_BULLET = r"(?:[-*+]|\d{1,9}[.)])"
# An item's first line: the bullet or number, then the marker and a space (or nothing after it).
_ITEM = re.compile(r"^(?P<bullet>[ ]{0,3}" + _BULLET + r"[ \t]+)\[(?P<mark>[ xX])\](?:[ \t]+|$)(?P<text>.*)$")
_MARKER = re.compile(r"^\[[ xX]\](?:\s|$)")
# What a writer may have meant as a checkbox: brackets around at most two tick-like
# characters (or nothing), or a ballot box; not a link, a reference or a footnote.
_LOOKALIKE = r"(?:\[[ \t]*(?:[xX*+\-vVoO/\\~•●✓✔✗✘✕✖]{1,2}[ \t]*)?\]|[☐☑☒])(?![(\[:])"
_LOOKS_LIKE = re.compile("^" + _LOOKALIKE)
# A look-alike at the start of an HTML list item or cell (an HTML list prints).
_IN_HTML = re.compile(r"(?P<before><(?:li|td|th)\b[^>]*>\s*)(?P<mark>" + _LOOKALIKE + r")[ \t]*", re.IGNORECASE)
# Where a look-alike stands in its source line: after quote marks, bullets and a table's bar.
_IN_LINE = re.compile(r"(?P<before>(?:^|\|)(?:[ \t]*>)*[ \t]*(?:" + _BULLET + r"[ \t]+)*)" + _LOOKALIKE + r"[ \t]*")


@dataclass(frozen=True)
class Choices:
    """A question part split into the question's own text and its options."""

    question_md: str  # the question part, the option list's lines left blank (file lines keep their numbers)
    options: tuple[Option, ...]


def letter(index: int) -> str:
    """An option's letter: A for the first."""
    return chr(ord("A") + index)


@dataclass
class _Item:
    line: int  # first line, relative to the parsed text
    first: str | None  # its first paragraph's first line, None if it does not start with a paragraph
    end: int = 0


@dataclass
class _List:
    line: int
    end: int
    top: bool  # at the left margin: in no quote and no other list
    in_quote: bool
    items: list[_Item] = field(default_factory=list)

    def marked(self) -> bool:
        return bool(self.items) and all(i.first is not None and _MARKER.match(i.first) for i in self.items)


def _scan(tokens) -> tuple[list[_List], list[tuple[int, str, _Item | str | None]]]:
    """Every list (with its items' first lines), and every line of inline text (or table
    cell, or HTML list item) that starts with a marker or a look-alike: (line, marker, the
    item it starts, or "cell" for a table's cell, "html" for raw HTML, None for another line)."""
    lists: list[_List] = []
    found: list[tuple[int, str, _Item | str | None]] = []
    stack: list[tuple[str, _List | None]] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            current = None
            if token.type in ("bullet_list_open", "ordered_list_open") and token.map:
                current = _List(token.map[0], token.map[1], not stack, any(t == "blockquote_open" for t, _ in stack))
                lists.append(current)
            elif token.type == "list_item_open" and token.map:
                owner = next((info for _, info in reversed(stack) if info is not None), None)
                if owner is not None:
                    owner.items.append(_Item(token.map[0], None, token.map[1]))
            stack.append((token.type, current))
        elif token.nesting == -1:
            if stack:
                stack.pop()
        elif token.type in ("html_block", "html_inline") and token.map:
            for offset, text in enumerate(token.content.split("\n")):
                match = _IN_HTML.search(text)
                if match:
                    found.append((token.map[0] + offset, match["mark"], "html"))
        elif token.type == "inline" and token.map:
            starts_item = (index >= 2 and tokens[index - 1].type == "paragraph_open"
                           and tokens[index - 2].type == "list_item_open")
            in_cell = tokens[index - 1].type in ("th_open", "td_open") if index else False
            owner = next((info for _, info in reversed(stack) if info is not None), None)
            item = owner.items[-1] if starts_item and owner is not None and owner.items else None
            for offset, text in enumerate(token.content.split("\n")):
                if item is not None and offset == 0:
                    item.first = text
                match = _LOOKS_LIKE.match(text.lstrip())
                if match:
                    found.append((token.map[0] + offset, match.group(),
                                  item if item is not None and offset == 0 else "cell" if in_cell else None))
    return lists, found


def _task_lists(tokens, top_only: bool) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(first line, end line, items' (first, end) lines) of each list whose every item
    starts with a task marker; top-level lists only when `top_only`."""
    lists, _ = _scan(tokens)
    return [(info.line, info.end, [(i.line, i.end) for i in info.items])
            for info in lists if info.marked() and (info.top or not top_only)]


def _option(lines: list[str], first: int, end: int, first_line: int) -> Option:
    """One item's option: its Markdown without bullet and marker, continuation lines unindented."""
    match = _ITEM.match(lines[first])
    if match is None:  # a marker markdown-it saw that the line pattern does not (a tab before it)
        head = re.sub(r"^\s*" + _BULLET + r"\s+", "", lines[first])
        mark, text, indent = head[1:2], head[3:].strip(), 2
    else:
        mark, text, indent = match["mark"], match["text"], len(match["bullet"])
    rest = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in lines[first + 1:end]]
    markdown = "\n".join([text, *rest]).strip()
    return Option(markdown, mark in "xX", first_line + first)


def _stray_problems(lists: list[_List], found, path: Path, first_line: int) -> list[Problem]:
    """A warning for each marker or look-alike that does not make an option: why it is not
    one, and how to make it one."""
    out: list[Problem] = []
    told: set[int] = set()

    def warn(line: int, message: str) -> None:
        if line not in told:
            told.add(line)
            out.append(problem(path, first_line + line, message, warning=True))

    option_lines = {i.line for info in lists if info.marked() and info.top for i in info.items}
    for line, mark, item in found:
        if isinstance(item, _Item) and item.line in option_lines:
            continue
        proper = bool(_MARKER.match(mark + " "))
        if item == "html":
            warn(line, f"'{mark}' in an HTML list item or cell is not an option marker, and it is left out of the "
                       "print: write the options as a Markdown list, '- [ ] text' and '- [x] text'")
        elif item == "cell":
            warn(line, f"'{mark}' in a table's cell is not an option marker, and it is left out of the print: write "
                       "the options as a list, '- [ ] text' and '- [x] text'")
        elif item is None:
            warn(line, f"'{mark}' at the start of a line that is not a list item is not an option marker, and it is "
                       "left out of the print: write each option as a list item of its own, '- [x] text'")
        elif proper and item.first is not None and not _MARKER.match(item.first):
            warn(line, f"'{mark}' needs a space after it to mark an option ('- {mark} text'); as written it is not read "
                       "as one, and it is left out of the print")
        elif not proper:
            warn(line, f"'{mark}' is not an option marker, and it is left out of the print: write '[ ]' for a wrong "
                       "option and '[x]' for a right one")
    for info in lists:
        if info.top and info.marked():
            continue
        marked = [i for i in info.items if i.first is not None and _MARKER.match(i.first)]
        if not marked:
            continue
        if not info.top:
            where, fix = (("inside a quote", "take it out of the quote") if info.in_quote else
                          ("inside another list's item", "start its items at the left margin, under the question's text"))
            warn(info.line, f"this list has [ ] and [x] markers but is {where}, so it is not read as the options, and "
                            f"its markers are left out of the print: to make it the options, {fix}")
            continue
        for i in info.items:
            if i.first is None or not _LOOKS_LIKE.match(i.first):
                warn(i.line, "this item has no [ ] or [x] marker, so its list is not read as the options, and the list's "
                             "markers are left out of the print: start every item with '- [ ] ' or '- [x] '")
    return sorted(out, key=lambda p: p.line)


def _without_markers(lines: list[str], found, keep: set[int]) -> list[str]:
    """`lines` with each look-alike that makes no option taken out of its line."""
    out = list(lines)
    for line in sorted({line for line, _, _ in found} - keep):
        if 0 <= line < len(out):
            out[line] = _IN_HTML.sub(lambda m: m["before"], _IN_LINE.sub(lambda m: m["before"], out[line]))
    return out


def _without_second_marker(option: Option, index: int, path: Path, problems: list[Problem]) -> Option:
    """An option whose text starts with another marker ("- [ ] [x] text"): the second one
    is named and left out, so that the sheet does not show it."""
    match = _LOOKS_LIKE.match(option.markdown)
    if match is None:
        return option
    problems.append(problem(path, option.line, f"option {letter(index)}'s text starts with another marker, '{match.group()}', "
                                               "and it is left out of the print: write one marker per option", warning=True))
    return Option(option.markdown[match.end():].lstrip(), option.correct, option.line)


def split_options(question_md: str, path: Path, first_line: int, problems: list[Problem]) -> Choices:
    """The question part's options (none for an open question), checked, and its text with
    every marker that makes no option taken out; each problem is appended to `problems`
    at its file line."""
    if "[" not in question_md and not any(box in question_md for box in "☐☑☒"):
        return Choices(question_md, ())  # no marker anywhere: the common case needs no parse
    # The tree the checker walks too (one parse per fragment): markers are read off the
    # items' source lines, which the typographer does not touch.
    tokens = parse_blocks(question_md).root.to_tokens()
    lists, found = _scan(tokens)
    option_lists = [info for info in lists if info.top and info.marked()]
    problems.extend(_stray_problems(lists, found, path, first_line))
    keep = {i.line for info in option_lists for i in info.items}
    lines = _without_markers(question_md.split("\n"), found, keep)
    if not option_lists:
        return Choices("\n".join(lines), ())
    chosen = option_lists[0]
    for other in option_lists[1:]:
        problems.append(problem(path, first_line + other.line, "a question has one list of options: merge this list "
                                                               "with the one above it"))
    options = tuple(_option(lines, i.line, i.end, first_line) for i in chosen.items)
    options = tuple(_without_second_marker(o, index, path, problems) for index, o in enumerate(options))
    problems.extend(check_options(options, path, first_line + chosen.line))
    blanked = lines[:chosen.line] + [""] * (chosen.end - chosen.line) + lines[chosen.end:]
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


# -- letters that name options -----------------------------------------------------------------

_L = r"\(?[A-Z]\)?"
_SEP = r"(?:\s*,\s*(?:and\s+|or\s+|nor\s+)?|\s+(?:and|or|nor)\s+|\s*[&+]\s*)"
# "A and B", "A, C or D", "A–C", "option B", "Both A and B", "B is right", "(B)": letters
# that mean the options as they are lettered in the source. Math and code are left out
# before looking ($A$ and $B$ are events, not options).
_NAMING = re.compile(
    rf"(?<![\w\\]){_L}(?:{_SEP}{_L})+(?![\w'’])"
    rf"|(?<![\w\\]){_L}\s*(?:[–—-]|\.\.\.?|\s(?:to|through|thru)\s)\s*{_L}(?![\w'’])"
    rf"|\b(?i:options?|answers?(?:\s+is)?|choices?|statements?|both|neither|either|only|except|same\s+as)\s+{_L}(?:{_SEP}{_L})*(?![\w'’])"
    rf"|(?<![\w\\]){_L}\s+(?i:is|are)\s+(?i:the\s+)?(?i:right|wrong|correct|incorrect|true|false|answer)\b"
    rf"|(?<![\w\\])\([A-Z]\)(?![\w'’])")
_NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|`+[^`]*`+|\]\([^)]*\)", re.DOTALL)


def naming_letters(markdown: str, count: int) -> tuple[int, str] | None:
    """(line offset, text) of the first place `markdown` names options by their letters
    (each letter one of the first `count`); None if it does not."""
    prose = _NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), markdown).replace("*", " ").replace("_", " ")
    for match in _NAMING.finditer(prose):
        letters = re.findall(r"(?<![A-Za-z])[A-Z](?![A-Za-z])", match.group())
        if letters and all(ord(c) - ord("A") < count for c in letters):
            return prose.count("\n", 0, match.start()), " ".join(match.group().split())
    return None


def letters_problem(question_md: str, question_line: int, options: tuple[Option, ...], answer_md: str,
                    answer_line: int, path: Path) -> Problem | None:
    """A warning if the question, an option or the explanation names options by letter:
    shuffled in a version, the letters would point at other options (and the grader's key
    would agree with the nonsense), so such a question keeps its order."""
    parts = [(question_md, question_line), *((o.markdown, o.line) for o in options), (answer_md, answer_line)]
    for markdown, line in parts:
        found = naming_letters(markdown, len(options))
        if found is not None:
            offset, text = found
            return problem(path, line + offset, f"'{text}' names options by their letters, so this question's options "
                                                "keep their order in every version (shuffled, the letters would point at "
                                                "other options): add 'shuffle: false' to its front matter to say so and "
                                                "silence this; if the letters are not the options', write them as math, $A$",
                           warning=True)
    return None
