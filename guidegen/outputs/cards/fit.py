"""Fitting text to a card. TeX does the fitting, since only TeX knows how high a card's
text is (templates/cards.tex.j2, \\ggcardfit): it sets the side in a box at each size of
FONT_STEPS in turn and keeps the first that fits; at the last (the 7 pt floor) a side
that is still too high keeps its first lines (\\vsplit) and a note that names the answer
key's page. This module says which sizes, and makes the cards the template fits."""

from __future__ import annotations

from guidegen.choices_order import right_letters
from guidegen.content.choices import letter
from guidegen.model import Question, Topic
from guidegen.outputs.cards.model import Card, FontStep

FLOOR_PT = 7.0  # below this, a printed card is hard to read


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
