"""The cards' own model: what was asked for, and the pages as the template draws them."""

from __future__ import annotations

from dataclasses import dataclass

from guidegen.model import Choice, Question

PER_PAGE = (4, 8, 10)  # cards on a page: two columns of 2, 4 or 5 rows
AUTO = "auto"  # --per-page auto: 8, or 4 when that keeps many more answers whole (fit.auto_per_page)


class Flip(Choice):
    """Which edge the printer turns the sheet over for its second side."""

    LONG = "long"  # the usual duplex setting: backs mirror the columns
    SHORT = "short"  # backs mirror the rows


@dataclass(frozen=True)
class Card:
    """One question as a card: its front (question) and back (answer) in LaTeX."""

    number: int
    question: Question
    topic_name: str
    title_tex: str
    question_tex: str
    answer_tex: str
    key_page: str  # the page of the answer key the question starts on ("?" before the key is read)
    # Multiple choice: the options lettered in the source's order (cards have no versions),
    # (letter, LaTeX) for the front, and the right letters ("B, D") for the back.
    options: tuple[tuple[str, str], ...] = ()
    right_letters: str = ""
    filled_tex: str = ""  # a question with blanks: its text filled in, on the back ("" for any other)


@dataclass(frozen=True)
class Placed:
    """A card's side at its place on a page: left and top edges, in mm from the page's top left."""

    card: Card
    x: float
    y: float


@dataclass(frozen=True)
class Mark:
    """A cut mark: a short line from (x1, y1) to (x2, y2), in mm from the page's top left."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Sheet:
    """One sheet of paper: its front page of questions and its back page of answers."""

    fronts: tuple[Placed, ...]
    backs: tuple[Placed, ...]


@dataclass(frozen=True)
class FontStep:
    """One size the card text is tried at, with the sizes of its smaller and larger text."""

    size: float  # pt
    baseline: float
    small: float
    footnote: float
    large: float


@dataclass(frozen=True)
class Target:
    """One place of the calibration sheet: a cross on the front, scales behind it on the back."""

    x: float  # the cross's centre on the front, mm from the page's top left
    y: float
    back_x: float  # where that point is on the back page, as the back is printed (offset applied)
    back_y: float


@dataclass(frozen=True)
class Deck:
    """Everything the template draws: paper, card size, the sheets or the calibration targets."""

    paper_width: float  # mm
    paper_height: float
    card_width: float
    card_height: float
    safe: float  # mm of each card's edge kept clear of content
    cut_marks: tuple[Mark, ...]
    sheets: tuple[Sheet, ...] = ()
    font_steps: tuple[FontStep, ...] = ()
    flip: Flip = Flip.LONG
    back_offset: tuple[float, float] = (0.0, 0.0)
    targets: tuple[Target, ...] = ()  # the calibration sheet (no cards)
    guide_title: str = ""
    key_name: str = ""  # the answer key's file name, as the cards' notes name it
    per_page: int = 0  # cards on a page (0: the calibration sheet)
