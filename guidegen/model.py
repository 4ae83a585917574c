"""The model passed from stage to stage: small frozen dataclasses, nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DIFFICULTIES = ("easy", "medium", "hard")
ANSWER_SPACE_KINDS = ("lines", "box", "grid", "none")
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str


@dataclass(frozen=True)
class AnswerSpace:
    """Room left for a handwritten answer in the question sheet."""

    kind: str = "lines"  # one of ANSWER_SPACE_KINDS
    height_cm: float = 4.0


@dataclass(frozen=True)
class Filters:
    """Which questions a booklet holds. Values within a field mean any-of; fields combine as all-of."""

    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    exclude_ids: tuple[str, ...] = ()
    count: int | None = None
    seed: int = 0
    balanced: bool = False

    @property
    def is_empty(self) -> bool:
        return self == Filters(seed=self.seed)


@dataclass(frozen=True)
class Booklet:
    """A named selection declared in guide.yaml."""

    name: str
    title: str
    filters: Filters


@dataclass(frozen=True)
class Guide:
    """The guide settings from content/guide.yaml."""

    title: str
    topics: tuple[Topic, ...]
    subtitle: str = ""
    author: str = ""
    paper: str = "a4"
    booklets: tuple[Booklet, ...] = ()
    path: Path = Path("content/guide.yaml")

    def topic(self, slug: str) -> Topic:
        return next(t for t in self.topics if t.slug == slug)


@dataclass(frozen=True)
class FigureRef:
    """A figure a question or answer includes: a script in figures/ and its caption."""

    script: str  # file name relative to the project's figures/ folder
    caption: str
    line: int


@dataclass(frozen=True)
class Question:
    """One content file: metadata, and the question and answer as Markdown."""

    id: str
    title: str
    topics: tuple[str, ...]
    difficulty: str
    question_md: str
    answer_md: str
    path: Path
    question_line: int  # file line where the question body starts
    answer_line: int  # file line where the answer body starts
    tags: tuple[str, ...] = ()
    order: int | None = None
    answer_space: AnswerSpace | None = None
    id_line: int = 2  # file line of the `id:` field, for duplicate-id messages


@dataclass(frozen=True)
class Bank:
    """Every question of a project, validated, with the guide settings."""

    guide: Guide
    questions: tuple[Question, ...]
    project: Path = field(default=Path("."))

    def by_id(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)
