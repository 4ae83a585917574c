"""What the splitter finds: sections, questions with their source lines, and the split."""

from __future__ import annotations

from dataclasses import dataclass, field

from guidegen.importer.blocks import Doc

# Block kinds that open a question.
STARTS = ("q", "bold", "details", "qlist")


@dataclass
class Section:
    name: str  # the heading's words, numbering removed
    line: int  # 1-based
    slug: str | None = None  # the topic's slug, when the source names it (a Moodle category's idnumber)


@dataclass
class Part:
    text: str
    line: int  # 1-based source line of the text's first line


@dataclass
class Found:
    """One question: its title (inline Markdown), question and answer (Markdown source)."""

    title: str
    words: str  # the title's words, for the id
    question: Part
    answer: Part
    line: int
    section: Section | None
    difficulty: str | None = None  # from a marker such as [E] or (Hard), when the document has one
    shape: str = ""  # how it was found: "heading", "bold lead-in", "<details>", ...
    points: float | None = None  # from a "Points: 2" line
    # What a learning platform's or Anki's file says of a question (importer.formats):
    qid: str | None = None  # its id, kept across exports and imports
    shuffle: bool = True  # False: its options keep their order
    topics: tuple[str, ...] = ()  # topics (slugs) beyond its section's
    tags: tuple[str, ...] = ()
    numeric: tuple[float, float] | None = None  # a numeric answer: its value and (absolute) tolerance


@dataclass
class Split:
    questions: list[Found]
    problems: list[tuple[int, str]]  # (line, message)
    unplaced: list[tuple[int, int]]  # 1-based, inclusive
    title: str | None
    sections: list[Section]
    lines: list[str] = field(default_factory=list)  # the document's lines as split (front matter blanked)


@dataclass
class Pending:
    """A question whose answer is still a run of blocks: trailing separators, links
    within the page and (for the document's last question) a footer are cut later."""

    title: list
    question: list[tuple[str, int]]
    head: list[tuple[str, int]]  # answer text taken from a marker's line, or a <details> body
    doc: Doc | None
    nodes: list
    line: int
    section: Section | None
    placed: set[int] = field(default_factory=set)
    tail: list[tuple[str, int]] = field(default_factory=list)  # text after its answer's blocks, from the enclosing document
    shape: str = ""
