"""The outputs: each a writer that turns the checked content of the selected questions
into its format. WRITERS is the registry: `check`, `watch`, `new` and the commands of the
outputs come from it; a new output is its folder, one line here, and its command."""

from __future__ import annotations

from guidegen.outputs.anki.writer import AnkiWriter
from guidegen.outputs.base import Writer
from guidegen.outputs.cards.writer import CardsWriter
from guidegen.outputs.html.writer import HtmlWriter
from guidegen.outputs.latex.writer import LatexWriter
from guidegen.outputs.qti.writer import Qti12Writer, Qti21Writer

# name -> writer class, in the order `check` asks them (a writer after those it builds on).
WRITERS: dict[str, type[Writer]] = {
    LatexWriter.name: LatexWriter,  # the question sheet and answer key as PDFs (`build`, `watch`)
    AnkiWriter.name: AnkiWriter,  # an Anki package (`anki`)
    CardsWriter.name: CardsWriter,  # printable flashcards (`cards`)
    HtmlWriter.name: HtmlWriter,  # a self-study web page, one offline file (`html`)
    Qti21Writer.name: Qti21Writer,  # a QTI 2.1 content package for learning platforms (`export --format qti21`)
    Qti12Writer.name: Qti12Writer,  # a QTI 1.2 package as Canvas Classic imports it (`export --format qti12`)
}


def writers(names: tuple[str, ...] = ()) -> list[Writer]:
    """The registered writers named, each with its default options; when none are named,
    those checked by default (an export format's losses are told when it is asked for:
    `check --for qti12`, or the export itself)."""
    return [cls() for name, cls in WRITERS.items() if name in names or (not names and cls.checked_by_default)]
