"""The pages of a deck: cards placed on sheets, front and back; or the calibration sheet."""

from __future__ import annotations

from guidegen.outputs.cards import geometry
from guidegen.outputs.cards.fit import FONT_STEPS
from guidegen.outputs.cards.model import Card, Deck, Flip, Placed, Sheet


def make_deck(cards: list[Card], paper: str, per_page: int, flip: Flip, offset: tuple[float, float],
              guide_title: str = "", key_name: str = "") -> Deck:
    """Cards in order, across then down, `per_page` to a sheet; each back behind its front."""
    grid = geometry.grid(paper, per_page)
    sheets = []
    for start in range(0, len(cards), per_page):
        chunk = cards[start:start + per_page]
        fronts = tuple(Placed(card, *grid.front(slot)) for slot, card in enumerate(chunk))
        backs = tuple(Placed(card, *grid.back(slot, flip, offset)) for slot, card in enumerate(chunk))
        sheets.append(Sheet(fronts, backs))
    return Deck(grid.paper_width, grid.paper_height, grid.card_width, grid.card_height, geometry.SAFE, grid.cut_marks(),
                tuple(sheets), FONT_STEPS, flip, offset, guide_title=guide_title, key_name=key_name, per_page=per_page)


def calibration_deck(paper: str, flip: Flip, offset: tuple[float, float], guide_title: str = "") -> Deck:
    """One sheet with crosses on the front and scales behind them on the back."""
    grid = geometry.grid(paper, 8)
    return Deck(grid.paper_width, grid.paper_height, grid.card_width, grid.card_height, geometry.SAFE, (), (), FONT_STEPS,
                flip, offset, geometry.calibration_targets(paper, flip, offset), guide_title)
