"""The cards' options, apart from their writer: the command line is made from them at
start-up, which must not import the writer (and the LaTeX writer with it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from guidegen.outputs.cards.model import AUTO, PER_PAGE, Flip


def _offset(text: str) -> tuple[float, float] | None:
    from guidegen.outputs.cards.geometry import parse_offset  # only when the option is given

    return parse_offset(text)


@dataclass(frozen=True)
class CardsOptions:
    """The cards' own options; the command line's are made from these fields, and guide.yaml
    may give them under `defaults:` then `cards:`. None: not given (guide.yaml's, else the
    field's "default")."""

    per_page: int | str | None = field(default=None, metadata={
        "option": "--per-page", "choices": (AUTO, *PER_PAGE), "default": AUTO,
        "help": "Cards on a page: two columns of 2, 4 or 5; auto: 8, or 4 when that keeps more than one answer in ten whole."})
    flip: Flip | None = field(default=None, metadata={"option": "--flip", "choices": tuple(Flip), "default": Flip.LONG,
                                                       "help": "The edge your printer turns the sheet over on for its second side."})
    # mm: the backs move right and down, as seen on the back
    back_offset: tuple[float, float] | None = field(default=None, metadata={
        "option": "--back-offset", "metavar": "X,Y", "parse": _offset, "default": (0.0, 0.0),
        "expects": "two numbers of millimetres such as 1.5,-0.5 (X right, Y down, as seen on the back)",
        "help": "Shift the backs X mm right and Y mm down (as seen on the back), as --calibrate measures."})
