"""Where cards go: the grid on the paper, the cut marks outside it, and the place of each
card's back on the next page, mirrored for the edge the printer flips on and shifted by
the printer's measured misalignment. All lengths in mm from the page's top left corner."""

from __future__ import annotations

import re
from dataclasses import dataclass

from guidegen.outputs.cards.model import Flip, Mark, Target

PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGIN = 12.0  # from the paper's edge to the grid: room for the cut marks, beyond what printers cannot reach (~5 mm)
SAFE = 4.0  # inside each card, kept clear of content: a back 2 mm off still loses nothing to the cut
MARK_GAP = 2.0  # cut marks start this far outside the grid, so no mark is left on a card
MARK_LENGTH = 6.0
COLUMNS = 2
MAX_OFFSET = 10.0  # a printer further off than this needs fixing, not an offset
CALIBRATION_SCALE = 5.0  # the calibration scales read from -5 to +5 mm


@dataclass(frozen=True)
class Grid:
    paper_width: float
    paper_height: float
    columns: int
    rows: int

    @property
    def card_width(self) -> float:
        return (self.paper_width - 2 * MARGIN) / self.columns

    @property
    def card_height(self) -> float:
        return (self.paper_height - 2 * MARGIN) / self.rows

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def front(self, slot: int) -> tuple[float, float]:
        """The top left corner of card `slot` (0 = top left, across then down) on a front page."""
        column, row = slot % self.columns, slot // self.columns
        return MARGIN + column * self.card_width, MARGIN + row * self.card_height

    def back(self, slot: int, flip: Flip, offset: tuple[float, float]) -> tuple[float, float]:
        """The top left corner of the back of card `slot`, on the next page: turned over the
        long edge, the sheet's left is the back's right (mirrored column); over the short
        edge, its top is the back's bottom (mirrored row). Then shifted by the offset."""
        column, row = slot % self.columns, slot // self.columns
        if flip == Flip.LONG:
            column = self.columns - 1 - column
        else:
            row = self.rows - 1 - row
        return (round(MARGIN + column * self.card_width + offset[0], 3),
                round(MARGIN + row * self.card_height + offset[1], 3))

    def cut_marks(self) -> tuple[Mark, ...]:
        """Short lines in the margin on every cut line, never on a card: cutting along
        each one from mark to mark across the sheet frees every card."""
        left, top = MARGIN, MARGIN
        right, bottom = self.paper_width - MARGIN, self.paper_height - MARGIN
        marks = []
        for column in range(self.columns + 1):
            x = round(left + column * self.card_width, 3)
            marks.append(Mark(x, top - MARK_GAP - MARK_LENGTH, x, top - MARK_GAP))
            marks.append(Mark(x, bottom + MARK_GAP, x, bottom + MARK_GAP + MARK_LENGTH))
        for row in range(self.rows + 1):
            y = round(top + row * self.card_height, 3)
            marks.append(Mark(left - MARK_GAP - MARK_LENGTH, y, left - MARK_GAP, y))
            marks.append(Mark(right + MARK_GAP, y, right + MARK_GAP + MARK_LENGTH, y))
        return tuple(marks)


def grid(paper: str, per_page: int) -> Grid:
    width, height = PAPER_MM[paper]
    return Grid(width, height, COLUMNS, per_page // COLUMNS)


def behind(paper: str, x: float, y: float, flip: Flip, offset: tuple[float, float]) -> tuple[float, float]:
    """The point of the back page that lies behind (x, y) of the front, as printed with the offset."""
    width, height = PAPER_MM[paper]
    if flip == Flip.LONG:
        x = width - x
    else:
        y = height - y
    return round(x + offset[0], 3), round(y + offset[1], 3)


def calibration_targets(paper: str, flip: Flip, offset: tuple[float, float]) -> tuple[Target, ...]:
    """Five crosses (the centre and near each corner): a sheet that is shifted reads the
    same at all five, one that is skewed or scaled reads differently, and says so."""
    width, height = PAPER_MM[paper]
    inset = 40.0
    points = [(width / 2, height / 2), (inset, inset), (width - inset, inset), (inset, height - inset),
              (width - inset, height - inset)]
    return tuple(Target(x, y, *behind(paper, x, y, flip, offset)) for x, y in points)


_OFFSET = re.compile(r"\s*([-+]?\d+(?:\.\d+)?)\s*(?:mm)?\s*,\s*([-+]?\d+(?:\.\d+)?)\s*(?:mm)?\s*")


def parse_offset(text: str) -> tuple[float, float] | None:
    """--back-offset's "X,Y" (millimetres, "mm" allowed), or None if it is not that."""
    match = _OFFSET.fullmatch(text)
    return (float(match.group(1)), float(match.group(2))) if match else None
