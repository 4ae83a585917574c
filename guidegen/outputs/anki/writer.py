"""The Anki writer: the selected questions of each booklet as an Anki package,
OUT/NAME.apkg, one note per question, its figures drawn to SVG and its images as media.
The pipeline gives it checked questions and drawn figures; it renders the cards' HTML
(html.py) and writes the package (deck.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import ClassVar

from guidegen import cache
from guidegen.content.assembly import Printer
from guidegen.errors import Problem
from guidegen.model import Question
from guidegen.outputs.anki.deck import Card
from guidegen.outputs.base import Checked, Job, Made, Writer

log = logging.getLogger("guidegen")


@dataclass(frozen=True)
class AnkiWriter(Writer):
    name: ClassVar[str] = "anki"
    figure_format: ClassVar[str] = "svg"
    image_types: ClassVar[tuple[str, ...]] = (".png", ".jpg", ".jpeg", ".svg")  # a PDF image prints in the guide, not on a card
    makes: ClassVar[str] = "a card"
    renderer: ClassVar[str] = "guidegen.outputs.anki.html:CardHtml"
    printer: ClassVar[str] = "guidegen.outputs.anki.writer:CardPrinter"
    figures_with_values: ClassVar[bool] = True  # version A's drawing, as its text has version A's numbers

    def publishes(self, name: str) -> tuple[str, ...]:
        return (f"{name}.apkg",)

    def before_state(self, project: Path) -> None:
        """The guide's identity (its `id`, and the deck's name) is in guide.yaml before the
        no-op state is taken: written then, the next run would see a changed project."""
        from guidegen.load.settings import guide_path
        from guidegen.paths import inside

        path = guide_path(project)
        if path.is_file() and inside(project, path):  # else loading says what is wrong
            _add_identity(path)

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen import select
        from guidegen.outputs.anki.deck import make_deck, write_package
        from guidegen.params.figures import drawing
        from guidegen.requests import default_name

        bank = job.bank
        guide_id = bank.guide.id
        if not guide_id:  # before_state could not add it: the deck would change identity each export
            from guidegen.errors import GuideError

            raise GuideError(f"{bank.guide.path}: the guide has no 'id:'; add one (any UUID) so its Anki notes keep their identity")
        booklets = {b.name: {q.id for q in select.select(bank, b.filters)} for b in bank.guide.booklets}
        made = []
        for plan in job.plans:
            # plan.chosen is version A's draw: a question drawn with values shows that
            # version's drawing of its figures, as its text shows its numbers.
            sources = {**{drawing(q, s): job.drawn[drawing(q, s)] for q in plan.chosen for s in bank.figure_scripts[q.id]},
                       **{s: job.project / s for q in plan.chosen for s in bank.images[q.id]}}
            names = {source: _media_name(source, path) for source, path in sources.items()}
            cards = [render_card(job.project, q, lambda s, q=q: names[drawing(q, s)])[0] for q in plan.chosen]
            deck = make_deck(bank.guide, guide_id, booklets, cards)
            target = job.work / "anki" / f"{default_name(plan.request)}.apkg"
            target.parent.mkdir(parents=True, exist_ok=True)
            write_package(deck, [(names[s], p) for s, p in sorted(sources.items())], target, job.work, job.store)
            made.append(Made(target, target.name, len(cards)))
        return made


class CardPrinter(Printer):
    """The parts of a question as a card's HTML (content.assembly puts them together)."""

    def __init__(self, project: Path | None, media):
        self.project, self.media = project, media

    def title(self, question: Question):
        from guidegen.outputs.anki.html import inline_to_html

        return inline_to_html(question.title, question.path, question.title_line)

    def block(self, question: Question, markdown: str, line: int):
        from guidegen.outputs.anki.html import to_html

        return to_html(markdown, question.path, line, self.project, self.media)

    def options(self, question: Question, printed: list):
        from guidegen.outputs.anki.choices import options_html

        return options_html(question, printed)  # lettered on the front, in the source's order

    def no_answer(self, question: Question, printed):
        printed.html = "<p><em>No model answer yet.</em></p>"
        return printed

    def is_blank(self, piece) -> bool:
        return not piece.html.strip()


def render_card(project: Path, q: Question, media=None) -> tuple[Card, list[Problem]]:
    """A question's title, question and answer as HTML, and what a card cannot show."""
    from guidegen.content.assembly import assemble
    from guidegen.outputs.anki.choices import right_html
    from guidegen.outputs.anki.html import default_media_name

    parts = assemble(q, CardPrinter(project, media or default_media_name))
    front = [parts.body] + ([parts.options] if parts.options else [])
    card = Card(q, parts.title.html, "".join(f.html for f in front), right_html(q) + parts.answer.html,
                tuple(f for piece in front + [parts.answer] for f in piece.figures))
    return card, list(parts.problems)


def _add_identity(path: Path) -> None:
    """A guide written before guides had ids (or deck names) gets them, once, at the end of
    guide.yaml: the deck keeps the name of its first export when the guide is renamed."""
    from guidegen.errors import display_path
    from guidegen.guideid import add_identity

    added = add_identity(path)
    if added:
        log.warning(f"Added {' and '.join(repr(line) for line in added)} to {display_path(path)}: the identity of this "
                    "guide's Anki notes and the name of its deck. Keep them when you rename the guide (commit them with the rest).")


def _media_name(source: str, path: Path) -> str:
    """A media file's name: a redrawn figure or changed image gets a new name, since Anki
    keeps a file it already has under the same name."""
    from guidegen.outputs.anki.html import default_media_name

    flat = PurePosixPath(default_media_name(source) if source.endswith(".py") else PurePosixPath(source).name.lower())
    return f"{flat.stem}-{cache.file_digest(path)[:12]}{flat.suffix}"


