"""The outputs: each a writer that turns the checked content of the selected questions
into its format. WRITERS is the registry: `check`, `watch`, `new` and the commands of the
outputs come from it; a new output is its folder, one line here, and its command."""

from __future__ import annotations

from guidegen.outputs.anki.writer import AnkiWriter
from guidegen.outputs.base import Writer
from guidegen.outputs.cards.writer import CardsWriter
from guidegen.outputs.html.writer import HtmlWriter
from guidegen.outputs.latex.writer import LatexWriter
from guidegen.outputs.platforms.writer import GiftWriter, MoodleWriter

# name -> writer class, in the order `check` asks them (a writer after those it builds on).
WRITERS: dict[str, type[Writer]] = {
    LatexWriter.name: LatexWriter,  # the question sheet and answer key as PDFs (`build`, `watch`)
    AnkiWriter.name: AnkiWriter,  # an Anki package (`anki`)
    CardsWriter.name: CardsWriter,  # printable flashcards (`cards`)
    HtmlWriter.name: HtmlWriter,  # a self-study web page, one offline file (`html`)
    MoodleWriter.name: MoodleWriter,  # Moodle XML for a question bank (`export --format moodle`)
    GiftWriter.name: GiftWriter,  # GIFT text for Moodle and other platforms (`export --format gift`)
}


def export_formats() -> list[str]:
    """The names of the writers `guidegen export --format` makes: formats for other tools."""
    return [name for name, cls in WRITERS.items() if cls.exports]


def writers(names: tuple[str, ...] = ()) -> list[Writer]:
    """The registered writers named, each with its default options; when none are named,
    every one but the export formats (a format for another tool is checked when asked
    for: `check --for gift`, or its export)."""
    return [cls() for name, cls in WRITERS.items() if name in names or (not names and not cls.exports)]
