"""The model passed from stage to stage: small frozen dataclasses, nothing else."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
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
class FilterSpec:
    """How one filter is given and what it means; the command line (`--option`),
    guide.yaml's booklets (`key`), matching, messages and output names all read it."""

    option: str  # the command-line option, e.g. --topic
    key: str  # the key in a guide.yaml booklet
    help: str
    kind: str  # "values" (repeatable, any-of), "count", "seed" or "flag"
    attribute: str = ""  # for "values": the Question attribute the values are matched against
    noun: str = ""  # for "values": what one value is, in messages ("topic", "tag", ...)
    exclude: bool = False  # for "values": leave out the questions that match instead
    choices: tuple[str, ...] = ()  # for "values": the only values allowed, if fixed
    metavar: str = ""


def _filter(default, **spec):
    return dataclasses.field(default=default, metadata={"filter": FilterSpec(**spec)})


@dataclass(frozen=True)
class Filters:
    """Which questions a booklet holds. Values within a field mean any-of; fields combine
    as all-of. Each field is declared here once, with how it is given (FilterSpec)."""

    topics: tuple[str, ...] = _filter((), option="--topic", key="topics", kind="values", attribute="topics", noun="topic",
                                      metavar="SLUG", help="Questions with this topic (repeat: any of them).")
    tags: tuple[str, ...] = _filter((), option="--tag", key="tags", kind="values", attribute="tags", noun="tag",
                                    metavar="TAG", help="Questions with this tag (repeat: any of them).")
    difficulties: tuple[str, ...] = _filter((), option="--difficulty", key="difficulty", kind="values", attribute="difficulty",
                                            noun="difficulty", choices=DIFFICULTIES, help="Questions of this difficulty (repeat: any of them).")
    ids: tuple[str, ...] = _filter((), option="--id", key="ids", kind="values", attribute="id", noun="id", metavar="ID",
                                   help="Only these question ids (repeat for several).")
    exclude_ids: tuple[str, ...] = _filter((), option="--exclude-id", key="exclude_ids", kind="values", attribute="id", noun="id",
                                           exclude=True, metavar="ID", help="Leave out these question ids.")
    count: int | None = _filter(None, option="--count", key="count", kind="count", metavar="N",
                                help="Draw this many of the matching questions at random.")
    seed: int = _filter(0, option="--seed", key="seed", kind="seed", metavar="N",
                        help="Seed for --count and --versions: the same seed gives the same draw.")
    balanced: bool = _filter(False, option="--balanced", key="balanced", kind="flag",
                             help="With --count: spread the draw evenly across the topics.")

    @property
    def is_empty(self) -> bool:
        return self == Filters(seed=self.seed)

    def values(self):
        """(field name, spec, value) for the any-of filters, in declaration order."""
        return [(f.name, spec, getattr(self, f.name)) for f, spec in filter_fields() if spec.kind == "values"]


def filter_fields() -> list[tuple[dataclasses.Field, FilterSpec]]:
    return [(f, f.metadata["filter"]) for f in dataclasses.fields(Filters)]


@dataclass(frozen=True)
class Booklet:
    """A named selection declared in guide.yaml."""

    name: str
    title: str
    filters: Filters
    line: int = 1  # its line in guide.yaml, for messages


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
    title_line: int = 3  # file line of the `title:` field, for problems in the title


@dataclass(frozen=True)
class Typeset:
    """A question converted to LaTeX: title (and its plain-text form for PDF bookmarks),
    question and answer, and the figures they include."""

    title_tex: str
    title_pdf: str
    question_tex: str
    answer_tex: str
    figures: tuple[FigureRef, ...] = ()


@dataclass(frozen=True)
class Bank:
    """Every question of a project, validated and converted, with the guide settings."""

    guide: Guide
    questions: tuple[Question, ...]
    typeset: dict[str, Typeset]  # question id -> its LaTeX

    @property
    def figure_scripts(self) -> dict[str, tuple[str, ...]]:
        return {qid: tuple(f.script for f in t.figures) for qid, t in self.typeset.items()}


# -- JSON form of the model, for the cache (never pickle: a cache must not be able to run code)

def to_json(value):
    """Plain JSON data for a model value (dataclasses, tuples, paths)."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def from_json(kind, data):
    """The model value of type `kind` that to_json gave `data`; TypeError or ValueError
    if `data` does not have that shape (a damaged cache entry)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return None if data is None else from_json(options[0], data)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        if not isinstance(data, list):
            raise TypeError("expected a list")
        return tuple(from_json(item, v) for v in data)
    if dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise TypeError("expected a mapping")
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: from_json(hints[f.name], data[f.name]) for f in dataclasses.fields(kind) if f.name in data})
    if kind is Path:
        return Path(data)
    if kind is float and isinstance(data, int):
        return float(data)
    if kind in (str, int, float, bool) and not isinstance(data, kind):
        raise TypeError(f"expected {kind.__name__}")
    return data
