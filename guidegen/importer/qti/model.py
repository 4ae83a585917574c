"""What a QTI reader finds: each question as Markdown with what it came with, before it
is given an id and a file (write.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportedOption:
    markdown: str
    correct: bool


@dataclass
class Imported:
    """One item of a package: `where` is the member and line it came from (for messages)."""

    identifier: str
    title: str
    question: str
    answer: str
    where: tuple[str, int]
    options: list[ImportedOption] = field(default_factory=list)
    points: float | None = None
    shuffle: bool = True
    topics: list[str] = field(default_factory=list)  # topic slugs, if the package names them
    section: str = ""  # the section (topic) name it was found under
    media: dict[str, str] = field(default_factory=dict)  # file name in figures/ -> package member
    numeric: dict | None = None  # a numeric answer as the front matter's `answer:` ({value, tolerance})


@dataclass
class Found:
    """Everything one package holds: its title, its questions, and the warnings of the reading."""

    title: str
    questions: list[Imported]
    losses: list[tuple[str, int, str]] = field(default_factory=list)  # member, line, message
