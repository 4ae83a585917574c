"""Printable flashcards: the selected questions as cut-out cards, the question on the
front of a page and its answer behind it on the next, for two-sided printing."""

from guidegen.outputs.cards.command import make_cards
from guidegen.outputs.cards.model import CardOptions, Flip, Made

__all__ = ["CardOptions", "Flip", "Made", "make_cards"]
