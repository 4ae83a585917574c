"""What the readers of platform and flashcard files share: a question as the splitter's
Found, options as a task list, the images a file carries as files for figures/, and the
tags that carry guidegen's own fields (topic::, difficulty::) back."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from guidegen.importer.found import Found, Part, Section, Split

MAX_IMAGE_BYTES = 20_000_000
_KINDS = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Bank:
    """What a reader found: the questions (with the problems, at their lines), the file's
    title, and the images it carries (name in figures/ -> bytes)."""

    questions: list[Found] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)

    def result(self) -> tuple[Split, dict[str, bytes]]:
        return Split(self.questions, self.problems, [], self.title, self.sections), self.media

    def add_image(self, name: str, data: bytes, line: int) -> str | None:
        """A carried image's name in figures/ (a PNG, JPG or SVG file), or None with a
        warning: the question shows a placeholder then."""
        suffix = next((s for magic, s in _KINDS.items() if data.startswith(magic)), None)
        if suffix is None and b"<svg" in data[:2048]:
            suffix = ".svg"
        if suffix is None or len(data) > MAX_IMAGE_BYTES:
            why = "is not a PNG, JPG or SVG image" if suffix is None else f"is over {MAX_IMAGE_BYTES // 1_000_000} MB"
            self.problems.append((line, f"image '{name}' {why}; a placeholder is printed in its place"))
            return None
        from guidegen.importer.titles import slugify

        stem = slugify(PurePosixPath(name).stem, 40) or "image"
        flat = f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{suffix}"
        self.media[flat] = data
        return flat


# Where a blank stands while a question's text is converted to Markdown (private-use
# characters, which no conversion escapes), and the stated answer the exports put first in
# a numeric question's feedback (guidegen.params.instance), taken off again on import.
BLANK_MARK = "\ue010{}\ue011"
_BLANK_MARKS = re.compile("\ue010(\\d+)\ue011")
_STATED = re.compile(r"^\*\*Answer: [^*\n]*\*\* \(± [^)\n]*\)\s*")


def blank(number: int, answer: str, hint: str = "") -> str:
    """A blank in Anki's cloze syntax: {{c1::answer}} or {{c1::answer::hint}}."""
    answer = " ".join(answer.split()).replace("}}", "} }").replace("::", ": :")
    hint = " ".join(hint.split()).replace("}}", "} }").replace("::", ": :")
    return f"{{{{c{number}::{answer}{'::' + hint if hint else ''}}}}}"


def put_blanks(markdown: str, blanks: dict[int, str], missing: str = "_____") -> str:
    """The Markdown with each BLANK_MARK replaced by its blank (blanks: mark number -> {{c..}})."""
    return _BLANK_MARKS.sub(lambda m: blanks.get(int(m.group(1)), missing), markdown)


def without_stated_answer(markdown: str) -> str:
    """An imported numeric question's answer without the line guidegen's export states first."""
    return _STATED.sub("", markdown.strip(), count=1)


def numeric_value(value: str | None, tolerance: str | None) -> tuple[float, float] | None:
    """(value, tolerance) of a numeric answer given as text, or None when not numbers."""
    try:
        number, margin = float(value or ""), abs(float(tolerance or 0))
    except ValueError:
        return None
    if number != number or margin != margin or abs(number) == float("inf") or margin == float("inf"):
        return None
    return number, margin


def placeholder(name: str) -> str:
    return f"*(image not found: {name})*"


def task_list(options: list[tuple[str, bool]]) -> str:
    """Options as guidegen writes them: '- [x] right' and '- [ ] wrong', a line each (an
    option of several lines has them indented under its first)."""
    lines = []
    for markdown, right in options:
        first, *rest = (markdown.strip() or "(empty)").split("\n")
        lines.append(f"- [{'x' if right else ' '}] {first}")
        lines += [("      " + line) if line.strip() else "" for line in rest]
    return "\n".join(lines)


def question(title: str, question_md: str, answer_md: str, line: int, section: Section | None, shape: str,
             points: float | None = None, qid: str | None = None, shuffle: bool = True, tags: tuple[str, ...] = (),
             options: list[tuple[str, bool]] | None = None, numeric: tuple[float, float] | None = None) -> Found:
    """One question found in a file, its guidegen fields taken from its tags."""
    from guidegen.importer.titles import slugify
    from guidegen.model import DIFFICULTIES

    topics, kept, difficulty = [], [], None
    for tag in tags:
        key, _, value = tag.partition("::")
        if key == "topic" and _ID.match(value):
            topics.append(value)
        elif key == "difficulty" and value in DIFFICULTIES:
            difficulty = value
        elif key == "booklet":
            continue  # guidegen's own Anki tag: a booklet is the guide's to define
        elif slugify(tag, 40):
            kept.append(slugify(tag, 40))
    body = question_md.strip()
    if options:
        body = (body + "\n\n" if body else "") + task_list(options)
    title = " ".join(title.split()) or " ".join(question_md.split())[:60] or "Question"
    if topics and (section is None or not section.slug):
        # The file names the topic's slug in a tag (guidegen's GIFT and Anki exports): the
        # category is that topic, under its name.
        name = section.name if section is not None else topics[0].replace("-", " ").capitalize()
        section = Section(name, section.line if section is not None else line, topics[0])
    own = section.slug if section is not None else None
    return Found(title=title, words=title, question=Part(body or title, line), answer=Part(answer_md.strip(), line), line=line,
                 section=section, difficulty=difficulty, shape=shape, points=points,
                 qid=qid if qid and _ID.match(qid) else (slugify(qid, 60) or None if qid else None),
                 shuffle=shuffle, topics=tuple(t for t in dict.fromkeys(topics) if t != own),
                 tags=tuple(dict.fromkeys(kept)), numeric=numeric)


def points_of(value: str | None, line: int, problems: list[tuple[int, str]]) -> float | None:
    """A question's mark as guidegen's points (a positive whole or half number); None for
    the default mark of 1."""
    try:
        number = float(value) if value is not None and value.strip() else None
    except ValueError:
        number = None
    if number is None or number == 1 or number <= 0:
        return None
    rounded = round(number * 2) / 2 or 0.5
    if rounded != number:
        problems.append((line, f"a mark of {number:g} is not a whole or half number: imported as {rounded:g} points"))
    return rounded


def plain_title(markdown: str) -> str:
    """A title from a question's Markdown: its first line, without images and block marks."""
    first = next((line for line in markdown.split("\n") if line.strip() and not line.startswith(("```", "$$", "!["))), "")
    first = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", first).strip()
    return first[:80].rsplit(" ", 1)[0] if len(first) > 80 else first
