"""The model passed from stage to stage: small frozen dataclasses, nothing else."""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from guidegen.params.spec import NumericAnswer, ParamSpec

DIFFICULTIES = ("easy", "medium", "hard")
# A guide's `id`, a UUID's canonical form: its hyphens keep YAML from reading it as a
# number, however many of its hex digits happen to be decimal ones.
GUIDE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PAPERS = ("a4", "letter")


class Choice(str, enum.Enum):
    """A fixed set of option values that compares, prints and serialises as its value."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


class SpaceKind(Choice):
    """The room a question sheet leaves for a handwritten answer."""

    LINES = "lines"  # ruled lines
    BOX = "box"  # a framed box
    GRID = "grid"  # squared paper, for sums and sketches
    NONE = "none"  # no room


ANSWER_SPACE_KINDS = SpaceKind.values()


class KeyMode(Choice):
    """Where the key puts the answers."""

    INLINE = "inline"  # after each question
    END = "end"  # collected at the end, with links both ways


class Imposition(Choice):
    """How compiled pages are put on sheets for printing."""

    NONE = "none"
    BOOKLET = "booklet"  # half-size pages for a folded, stapled booklet
    TWO_UP = "2up"  # two pages per sheet


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str


CM_PER_PT = 2.54 / 72.27  # TeX points
_UNITS = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": CM_PER_PT}


LENGTH_UNITS = tuple(_UNITS)


def parse_length_cm(value, unit_required: bool = False) -> float | None:
    """A length such as `5cm`, `40mm`, `2in`, `12pt` or (unless `unit_required`) a bare
    number of centimetres, in centimetres (None if not one, or over 30 cm)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and not unit_required:
        cm = float(value)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(cm|mm|in|pt)?\s*", str(value))
        if not match or (unit_required and not match.group(2)):
            return None
        cm = float(match.group(1)) * _UNITS[match.group(2) or "cm"]
    return cm if 0 <= cm <= 30 else None


@dataclass(frozen=True)
class AnswerSpace:
    """Room left for a handwritten answer in the question sheet."""

    kind: SpaceKind = SpaceKind.LINES
    height_cm: float = 4.0

    def __post_init__(self):
        # Given as text (guide.yaml, the command line, the cache): held as the enum.
        object.__setattr__(self, "kind", SpaceKind(self.kind))


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
class Layout:
    """How the PDFs are laid out; shared by sheet and key so they paginate alike."""

    paper: str | None = None  # None: the guide settings' paper
    duplex: bool = False
    # Two-sided, each topic (and the answers at the end) on a right-hand page: for a bound
    # book. A handout starts them on a new page, front or back, and wastes no paper.
    right_hand_starts: bool = False
    large_print: bool = False  # 14 pt body text with wider leading, figures scaled to match
    key: KeyMode = KeyMode.INLINE
    answer_space: AnswerSpace = AnswerSpace()
    space_forced: bool = False  # the build option overrides each question's own answer space
    page_matched: bool = True
    imposition: Imposition = Imposition.NONE

    @property
    def two_sided(self) -> bool:
        return self.duplex or self.right_hand_starts

    @property
    def matched(self) -> bool:
        """Whether the sheet gives each answer the key's height, so pages match."""
        no_room = self.space_forced and self.answer_space.kind == SpaceKind.NONE
        return self.page_matched and self.key == KeyMode.INLINE and not no_room

    @property
    def measured(self) -> bool:
        """Whether a draft of the key measures the answers before the sheet is made:
        page-matched, or answers at the end (whose room is sized from them)."""
        return self.matched or (self.page_matched and self.key == KeyMode.END)

    @property
    def page_paper(self) -> str:
        """The paper each page is typeset on: half the sheet for a folded booklet or two pages per sheet."""
        if self.imposition in (Imposition.BOOKLET, Imposition.TWO_UP):
            return {"a4": "a5", "letter": "halfletter"}[self.paper]
        return self.paper

    @property
    def small_pages(self) -> bool:
        return self.page_paper in ("a5", "halfletter")


PAPER_SIZES = {"a4": ("210mm", "297mm"), "letter": ("8.5in", "11in"), "a5": ("148mm", "210mm"), "halfletter": ("5.5in", "8.5in")}


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
                        help="Seed for --count: the same seed gives the same draw.")
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
class SettingSpec:
    """How one build option that guide.yaml may give a default for is given: `--option`
    on the command line, and its field name (underscores) under guide.yaml's `defaults:`
    and in a booklet's entry. The command line and the settings reader both read it."""

    option: str  # e.g. --answer-space, or --duplex/--no-duplex for a flag
    help: str
    kind: str  # "choice", "flag", "length" or "count"
    choices: tuple[str, ...] = ()  # for "choice"
    maximum: int = 0  # for "count"
    metavar: str = ""


def _setting(**spec):
    return dataclasses.field(default=None, metadata={"setting": SettingSpec(**spec)})


@dataclass(frozen=True)
class BuildSettings:
    """The layout options of a build, each None where not given. The command line wins
    over a booklet's entry in guide.yaml, that over guide.yaml's `defaults:`, and those
    over the built-in defaults (`over`, then `layout`). Each field is declared here once."""

    versions: int | None = _setting(option="--versions", kind="count", maximum=26, metavar="N",
                                    help="Write N question sheets (A, B, ...) in different orders, each with its key.")
    answer_space: str | None = _setting(option="--answer-space", kind="choice", choices=ANSWER_SPACE_KINDS,
                                        help="Room for answers in the question sheet [default: each question's own, else lines].")
    answer_height: float | None = _setting(option="--answer-height", kind="length", metavar="LENGTH",
                                           help="Least height of that room, e.g. 5cm, 40mm or 2in [default: 4cm].")
    page_match: bool | None = _setting(option="--page-match/--no-page-match", kind="flag",
                                       help="Give each answer the same height in sheet and key, so question k starts "
                                            "on the same page in both [default: on].")
    key: str | None = _setting(option="--key", kind="choice", choices=KeyMode.values(),
                               help="Answers after each question, or collected at the end with links both ways [default: inline].")
    paper: str | None = _setting(option="--paper", kind="choice", choices=PAPERS, help="Paper size [default: a4].")
    duplex: bool | None = _setting(option="--duplex/--no-duplex", kind="flag",
                                   help="Two-sided printing: mirrored running heads, a binding margin; each topic starts "
                                        "on a new page [default: off].")
    right_hand_starts: bool | None = _setting(option="--right-hand-starts/--no-right-hand-starts", kind="flag",
                                              help="Two-sided, for a bound book: each topic and the answers start on a "
                                                   "right-hand page [default: off].")
    large_print: bool | None = _setting(option="--large-print/--no-large-print", kind="flag",
                                        help="14 pt text with wider leading, figures scaled to match; pages still match "
                                             "[default: off].")
    imposition: str | None = _setting(option="--imposition", kind="choice", choices=Imposition.values(),
                                      help="booklet: half-size pages imposed for folding and stapling; "
                                           "2up: two pages per sheet [default: none].")

    def over(self, fallback: BuildSettings) -> BuildSettings:
        """These settings, with `fallback`'s wherever one is not given."""
        return BuildSettings(**{f.name: getattr(fallback, f.name) if getattr(self, f.name) is None else getattr(self, f.name)
                                for f, _ in setting_fields()})

    def layout(self) -> Layout:
        """The layout these settings give, the built-in defaults filling in the rest."""
        # An answer space or height given anywhere (not only on the command line) is a
        # choice for the whole booklet: it overrides each question's own.
        return Layout(
            paper=self.paper or "a4",
            duplex=bool(self.duplex),
            right_hand_starts=bool(self.right_hand_starts),
            large_print=bool(self.large_print),
            key=KeyMode(self.key or KeyMode.INLINE),
            answer_space=AnswerSpace(self.answer_space or SpaceKind.LINES,
                                     AnswerSpace().height_cm if self.answer_height is None else self.answer_height),
            space_forced=self.answer_space is not None or self.answer_height is not None,
            page_matched=self.page_match is not False,
            imposition=Imposition(self.imposition or Imposition.NONE),
        )


def setting_fields() -> list[tuple[dataclasses.Field, SettingSpec]]:
    return [(f, f.metadata["setting"]) for f in dataclasses.fields(BuildSettings)]


@dataclass(frozen=True)
class Booklet:
    """A named selection declared in guide.yaml."""

    name: str
    title: str
    filters: Filters
    line: int = 1  # its line in guide.yaml, for messages
    settings: BuildSettings = BuildSettings()  # its own layout options


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
    id: str | None = None  # the random identity Anki exports hang on; None until one is written
    deck: str = ""  # the Anki deck's name, `deck:` (written with the id); "" until one is written
    defaults: BuildSettings = BuildSettings()  # `defaults:`, with the top-level `paper`
    # An output's own options under `defaults:` (`cards:` then `per_page: 4`), read by that
    # output's writer: (output, key, value, line in guide.yaml).
    output_defaults: tuple[tuple[str, str, object, int], ...] = ()
    # (key, text, line in guide.yaml) of every setting that is printed (titles, names), for
    # the outputs to check that they can print them
    printed: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True)
class FigureRef:
    """A figure a question or answer includes: a script in figures/ and its caption."""

    script: str  # a figure script relative to figures/ (NAME.py), or an image file relative to the project
    caption: str
    line: int


@dataclass(frozen=True)
class Option:
    """One option of a multiple-choice question: its Markdown (without the `[ ]` or `[x]`
    marker), whether it is right, and its file line."""

    markdown: str
    correct: bool
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
    points: float | None = None  # a positive whole or half number, if given
    id_line: int = 2  # file line of the `id:` field, for duplicate-id messages
    title_line: int = 3  # file line of the `title:` field, for problems in the title
    # Multiple choice: the question part's task list, in source order (question_md then
    # holds the rest of the question part, the list's lines left blank); () for an open question.
    options: tuple[Option, ...] = ()
    shuffle: bool = True  # versions may reorder the options (`shuffle: false` keeps them as written)
    # Numbers drawn per version (guidegen.params): the front matter's params, compute and
    # require; a numeric answer with its tolerance (`numeric.resolved`, the number, in a
    # drawn version: what exports use); and, in a drawn version, the values it was drawn with.
    params: ParamSpec | None = None
    numeric: NumericAnswer | None = None
    drawn: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Bank:
    """Every question of a project, read and checked, with the guide settings. The
    content is format-neutral: each writer turns the questions it is given into its own
    format."""

    guide: Guide
    questions: tuple[Question, ...]
    figures: dict[str, tuple[FigureRef, ...]]  # question id -> the figures and images it shows
    warnings: tuple = ()  # errors.Problem: what prints with a small, stated loss

    # Computed once per bank, not per look-up: a build asks for one question's entry at a
    # time, and rebuilding the map over the whole bank each time made a build quadratic.
    # (cached_property stores into the instance's __dict__, which a frozen dataclass
    # without slots has; the bank's fields, and so its equality, are unchanged.)
    @functools.cached_property
    def figure_scripts(self) -> dict[str, tuple[str, ...]]:
        """Per question, the figure scripts (relative to figures/) its figures are drawn by."""
        return {qid: tuple(f.script for f in refs if f.script.endswith(".py")) for qid, refs in self.figures.items()}

    @functools.cached_property
    def images(self) -> dict[str, tuple[str, ...]]:
        """Per question, the image files (relative to the project) it includes."""
        return {qid: tuple(f.script for f in refs if not f.script.endswith(".py")) for qid, refs in self.figures.items()}
