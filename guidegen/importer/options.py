"""guidegen's own multiple choice in an imported document: a task list of options
(`- [ ]`, `- [x]`) after the question is the question's options, never its answer, and
a `Points: 2` line gives the question's points."""

from __future__ import annotations

import re

from guidegen.importer.found import Part

_TASK = re.compile(r"^[ ]{0,3}[-*+][ \t]+\[[ xX]\](?:[ \t]|$)")
_RIGHT = re.compile(r"^[ ]{0,3}[-*+][ \t]+\[[xX]\]")
_POINTS = re.compile(r"^[ \t]*(?:\*\*|__)?[ \t]*(?:points|puntos|punkte|punti|pontos|баллы|分数|配点|점수|điểm|puan)[ \t]*[:：]?"
                     r"[ \t]*(?:\*\*|__)?[ \t]*[:：]?[ \t]*(?P<n>\d{1,3}(?:\.5)?)[ \t]*(?:\*\*|__)?[ \t]*$", re.IGNORECASE)


def options_up(question: Part, answer: Part) -> tuple[Part, Part]:
    """(question, answer) with a task list of options at the head of the answer moved to
    the end of the question. Blocks between the options (a formula under option A) are
    indented into the option before them, so the options stay one list."""
    if any(_TASK.match(line) for line in question.text.split("\n")):
        return question, answer
    lines = answer.text.split("\n")
    tasks = [i for i, line in enumerate(lines) if _TASK.match(line)]
    if len(tasks) < 2 or not any(_RIGHT.match(lines[i]) for i in tasks):
        return question, answer
    end = _block_end(lines, tasks[-1])
    gaps = sum(1 for a, b in zip(tasks, tasks[1:]) if any(l.strip() and not l.startswith("  ") for l in lines[_block_end(lines, a):b]))
    if gaps and gaps == len(tasks) - 1:
        # Every option so far had a block under it (option A's formula): so has the last.
        start = end
        while start < len(lines) and not lines[start].strip():
            start += 1
        if start < len(lines):
            end = _block_end(lines, start)
    moved = lines[: tasks[0]]
    for line in lines[tasks[0]:end]:
        inside = not _TASK.match(line) and line.strip() and len(line) - len(line.lstrip(" ")) < 2
        moved.append("  " + line if inside else line)
    rest = "\n".join(lines[end:]).strip("\n")
    text = question.text.rstrip("\n") + "\n\n" + "\n".join(moved).strip("\n") + "\n"
    return Part(text, question.line), Part(rest + "\n" if rest else "", answer.line + end if rest else 1)


def take_points(question: Part) -> tuple[Part, float | None]:
    """The question without its "Points: 2" line, and the points it gives."""
    lines = question.text.split("\n")
    for i, line in enumerate(lines):
        found = _POINTS.match(line)
        if found:
            text = "\n".join(lines[:i] + lines[i + 1:]).strip("\n")
            return Part(text + "\n", question.line), float(found.group("n"))
    return question, None


def has_right(text: str) -> bool:
    """Whether `text` holds an option marked right: its key needs no other answer."""
    return any(_RIGHT.match(line) for line in text.split("\n"))


def _block_end(lines: list[str], start: int) -> int:
    """The index after the block of lines that starts at `start` (up to a blank line)."""
    end = start + 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return end
