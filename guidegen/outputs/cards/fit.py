"""Fitting text to a card. TeX does the fitting, since only TeX knows how high a card's
text is (templates/cards.tex.j2, \\ggcardfit): it sets the side in a box at each size of
FONT_STEPS in turn and keeps the first that fits; at the last (the 7 pt floor) a side
that is still too high keeps its first lines (\\vsplit) and a note that names the answer
key's page. This module says which sizes, makes the cards the template fits, and
chooses how many go on a page (--per-page auto) from the heights TeX measured."""

from __future__ import annotations

import re
from pathlib import Path

from guidegen.choices_order import right_letters
from guidegen.content.choices import letter
from guidegen.model import Question, Topic
from guidegen.outputs.cards import geometry
from guidegen.outputs.cards.model import Card, FontStep

FLOOR_PT = 7.0  # below this, a printed card is hard to read
DEFAULT_PER_PAGE = 8  # --per-page auto: this many cards a page...
LARGE_PER_PAGE = 4  # ...or this many, when that keeps enough more answers whole


def _step(size: float) -> FontStep:
    # Smaller text (code, captions) is one and two points smaller, never below the floor;
    # headings a little larger. Leading 1.2 times the size, as LaTeX's own.
    return FontStep(size, round(size * 1.2, 2), max(size - 1, FLOOR_PT), max(size - 2, FLOOR_PT), round(size * 1.15, 2))


FONT_STEPS = tuple(_step(size) for size in (10.0, 9.0, 8.0, FLOOR_PT))
UNKNOWN_PAGE = "?"  # the key's page, before the key is read (a render that only checks the template)


def cards_of(sections: list[tuple[Topic, list[Question]]], latex_of, key_pages: dict[str, str]) -> list[Card]:
    """The cards, numbered as the key numbers its questions; `latex_of(id)` gives a
    question's LaTeX (title, question, answer), `key_pages` the key's page of each."""
    cards = []
    for topic, questions in sections:
        for question in questions:
            text = latex_of(question.id)
            source_order = tuple(range(len(question.options)))
            options = tuple((letter(index), tex) for index, tex in enumerate(text.options_tex))
            right = right_letters(question, source_order) if question.options else ""
            # A question with blanks: the front has them empty, the back the text filled in.
            filled = text.question_tex if text.question_sheet_tex else ""
            cards.append(Card(len(cards) + 1, question, topic.name, text.title_tex, text.question_for(False), text.answer_tex,
                              key_pages.get(question.id, UNKNOWN_PAGE), options, right, filled))
    return cards


# The template writes each side's height at the floor to the .aux, as
# \ggcardheight{front|back}{id}{123.45pt}: what the cards need, however high the card.
_HEIGHT = re.compile(r"^\\ggcardheight\{(front|back)\}\{([a-z0-9-]+)\}\{([0-9.]+)pt\}$", re.MULTILINE)
PT_PER_MM = 72.27 / 25.4


def side_heights(workdir: Path, jobname: str) -> dict[tuple[str, str], float] | None:
    """Each side's height at the floor size, in pt, keyed by (side, question id), read from
    the compile's .aux; None when it holds none (a project's template that does not write them)."""
    aux = workdir / f"{jobname}.aux"
    found = _HEIGHT.findall(aux.read_text("utf-8", "replace")) if aux.is_file() else []
    return {(side, qid): float(height) for side, qid, height in found} or None


def cut_cards(heights: dict[tuple[str, str], float], paper: str, per_page: int) -> int:
    """How many cards have a side too high for a card of `per_page` to a page, even at the
    floor (as the template decides: higher than the card's safe area)."""
    room = (geometry.grid(paper, per_page).card_height - 2 * geometry.SAFE) * PT_PER_MM
    return len({qid for (_, qid), height in heights.items() if height > room})


def auto_per_page(heights: dict[tuple[str, str], float] | None, paper: str, cards: int) -> int:
    """--per-page auto: 8 cards a page, or 4 when 8 would cut short more than one card in
    ten that 4 keeps whole (paper is doubled only for a real gain); 8 when nothing was measured."""
    if not heights:
        return DEFAULT_PER_PAGE
    saved = cut_cards(heights, paper, DEFAULT_PER_PAGE) - cut_cards(heights, paper, LARGE_PER_PAGE)
    return LARGE_PER_PAGE if saved > cards / 10 else DEFAULT_PER_PAGE
