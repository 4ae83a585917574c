"""Whether a split can be trusted, and when not, what the document looked like and which
flag would split it: import writes nothing rather than a sheet of theory sections, or
of one question holding all the others.

A split is refused when it found no question, when most of the text is left in
sections with no question in them, or when one question holds most of the text and
repeated shapes that look like questions of their own."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from guidegen.importer import vocabulary
from guidegen.importer.fences import code_lines
from guidegen.importer.found import Split
from guidegen.importer.titles import clip

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
# "### Opgave 3", "## Aufgabe 2.1", "**Frage 4:**": a word, then a number.
_LABELLED = re.compile(r"^(?P<wrap>\*\*|__)?[ \t]*(?P<word>[^\W\d_][\w'’-]{0,30})[ \t]*\d{1,4}(?:\.\d{1,4})*(?![\w])")
_NUMBER_ONLY = re.compile(r"^\d{1,4}[ \t]*[.):]?[ \t]*$")
_TOC = re.compile(r"\]\(#|^[ \t]*[-*+][ \t]*\[[^\]]*\]\([^)]*\)[ \t]*$|^\{:toc\}$|^\*[ \t]*(?:table of contents|contents|toc|"
                  r"tabla de contenidos|índice|sommaire|inhalt|inhaltsverzeichnis|目录|目次|목차)\b", re.I)
MOST = 0.5  # the share of the text above which one question, or sections without one, is "most"


@dataclass(frozen=True)
class Candidate:
    flag: str  # the value of --questions that would take these as questions
    shape: str  # how they read: "'### Opgave N' headings"
    count: int
    line: int  # 1-based, the first of them


def judge(split: Split, lines: list[str], told: bool = False) -> tuple[int, str] | None:
    """(line, message) when the split cannot be trusted, else None. When the user said
    what a question starts with (`told`), only finding none is refused: the rest of the
    text is theirs to leave out."""
    text = _text_lines(lines)
    headings = [(i, m) for i, m in ((i, _HEADING.match(lines[i])) for i in text) if m]
    hint = _suggestion(lines, text, exclude=set())
    if not split.questions:
        seen = f"{len(headings)} heading{'s' if len(headings) != 1 else ''}, none reads as a question" if headings \
            else "no heading, no question marker (Q:, **Question:**), no bold question and no <details> block"
        return 1, f"found no questions: {seen}{hint}"
    if told:
        return None
    in_questions = sum(_nonblank(f.question.text) + _nonblank(f.answer.text) for f in split.questions)
    unplaced = [i for first, last in split.unplaced for i in range(first - 1, last)
                if i in text and not _TOC.search(lines[i]) and not _HEADING.match(lines[i])]
    if len(unplaced) > in_questions:
        empty = sorted({_section_of(lines, headings, i) for i in unplaced} - {None})
        where = f" in {len(empty)} section{'s' if len(empty) != 1 else ''} with no question in them" if empty else ""
        return (empty[0] + 1 if empty else unplaced[0] + 1), (
            f"only {in_questions} of {in_questions + len(unplaced)} lines of text are in the {len(split.questions)} "
            f"question{'s' if len(split.questions) != 1 else ''} found; the rest is{where}: the split is not to be "
            f"trusted{hint or '; use --questions PATTERN to say what a question starts with'}")
    total = in_questions + len(unplaced)
    biggest = max(split.questions, key=lambda f: _nonblank(f.question.text) + _nonblank(f.answer.text))
    size = _nonblank(biggest.question.text) + _nonblank(biggest.answer.text)
    if len(split.questions) >= 1 and total >= 30 and size > MOST * total:
        start = biggest.line - 1
        end = start + len(biggest.question.text.split("\n")) + len(biggest.answer.text.split("\n")) + 40
        inside = _suggestion(lines, [i for i in text if start < i < max(end, start)], exclude=set())
        if inside:
            return biggest.line, (f"question '{clip(biggest.words, 40)}' holds {size} of the {total} lines of text, "
                                  f"with more question shapes inside it{inside}")
    return None


def _suggestion(lines: list[str], indexes, exclude: set[str]) -> str:
    found = candidates(lines, indexes)
    found = [c for c in found if c.flag not in exclude]
    if not found:
        return ""
    best = found[0]
    return f"; {best.count} {best.shape} look like questions (the first at line {best.line}) — use --questions '{best.flag}'"


def candidates(lines: list[str], indexes) -> list[Candidate]:
    """Repeated line shapes that may open questions, most frequent first: headings of one
    level with a word and a number ("### Opgave 3"), or a number only ("## 5."), and
    paragraphs that start with a word and a number ("**Frage 4:**")."""
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], int] = {}
    for i in indexes:
        line = lines[i]
        heading = _HEADING.match(line)
        key = None
        if heading:
            words = heading.group(2).strip().strip("*_")
            labelled = _LABELLED.match(words)
            if labelled:
                key = (f"{heading.group(1)} {labelled.group('word')}", f"'{heading.group(1)} {labelled.group('word')} N' headings")
            elif _NUMBER_ONLY.match(words):
                key = (heading.group(1), f"'{heading.group(1)} N.' headings")
        elif i == 0 or not lines[i - 1].strip() or _HEADING.match(lines[i - 1]):
            labelled = _LABELLED.match(line.strip())
            if labelled:
                wrap = labelled.group("wrap") or ""
                key = (f"{wrap}{labelled.group('word')}", f"paragraphs starting '{wrap}{labelled.group('word')} N'")
        if key:
            counts[key] += 1
            first.setdefault(key, i + 1)
    known = {w.casefold() for words in vocabulary.QUESTION.values() for w in words}

    def rank(item):
        (flag, _), n = item
        label = flag.lstrip("#*_ ").casefold()
        return (label not in known, -n, first[item[0]])  # a known label first ("**Übung")

    return [Candidate(flag, shape, n, first[(flag, shape)]) for (flag, shape), n in sorted(counts.items(), key=rank) if n >= 2]


def _text_lines(lines: list[str]) -> list[int]:
    """Indexes of the non-blank lines outside code fences."""
    code = code_lines(lines)
    return [i for i, line in enumerate(lines) if line.strip() and i not in code]


def _section_of(lines: list[str], headings, index: int) -> int | None:
    above = [i for i, _ in headings if i < index]
    return above[-1] if above else None


def _nonblank(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())
