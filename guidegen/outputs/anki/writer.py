"""The Anki writer: the selected questions of each booklet as an Anki package,
OUT/NAME.apkg, one note per question, its figures drawn to SVG and its images as media.
The pipeline gives it checked questions and drawn figures; it renders the cards' HTML
(html.py) and writes the package (deck.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import ClassVar

from guidegen import cache
from guidegen.errors import Problem
from guidegen.model import Bank, Question
from guidegen.outputs.anki.deck import Card
from guidegen.outputs.base import Job, Made, Plan

log = logging.getLogger("guidegen")


@dataclass(frozen=True)
class AnkiWriter:
    figure_format: ClassVar[str] = "svg"
    # The guide's id, once prepare has made sure there is one (not part of the identity).
    state: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    def check(self, project: Path, bank: Bank, questions: list[Question], store=None, thorough: bool = False) -> list[Problem]:
        """What a card cannot show: a PDF image. Read off the figures loading found, so the
        cards are rendered once, when they are written."""
        from guidegen.content.images import short
        from guidegen.errors import problem
        from guidegen.outputs.anki.html import CARD_IMAGE_SUFFIXES

        return [problem(q.path, ref.line, f"image '{short(ref.script)}': a card cannot show a "
                                          f"{PurePosixPath(ref.script).suffix[1:].upper()} image; save it as PNG or JPG, "
                                          "or draw it with a figure script")
                for q in questions for ref in bank.figures[q.id]
                if not ref.script.endswith(".py") and PurePosixPath(ref.script).suffix.lower() not in CARD_IMAGE_SUFFIXES]

    def prepare(self, project: Path, bank: Bank, plans: list[Plan], store) -> None:
        self.state["guide id"] = bank.guide.id or _add_guide_id(bank.guide.path)

    def write(self, job: Job) -> list[Made]:
        from guidegen import select
        from guidegen.outputs.anki.deck import make_deck, write_package
        from guidegen.requests import default_name

        bank = job.bank
        guide_id = self.state["guide id"]
        booklets = {b.name: {q.id for q in select.select(bank, b.filters)} for b in bank.guide.booklets}
        made = []
        for plan in job.plans:
            sources = {**{s: job.drawn[s] for q in plan.chosen for s in bank.figure_scripts[q.id]},
                       **{s: job.project / s for q in plan.chosen for s in bank.images[q.id]}}
            names = {source: _media_name(source, path) for source, path in sources.items()}
            cards = [render_card(job.project, q, names.__getitem__)[0] for q in plan.chosen]
            deck = make_deck(bank.guide, guide_id, booklets, cards)
            target = job.work / "anki" / f"{default_name(plan.request)}.apkg"
            target.parent.mkdir(parents=True, exist_ok=True)
            write_package(deck, [(names[s], p) for s, p in sorted(sources.items())], target, job.work)
            made.append(Made(target, target.name, len(cards)))
        return made


def render_card(project: Path, q: Question, media=None) -> tuple[Card, list[Problem]]:
    """A question's title, question and answer as HTML, and what a card cannot show."""
    from guidegen.outputs.anki.choices import options_html, right_html
    from guidegen.outputs.anki.html import default_media_name, inline_to_html, to_html

    media = media or default_media_name
    title = inline_to_html(q.title, q.path, q.title_line)
    front = to_html(q.question_md, q.path, q.question_line, project, media)
    options = options_html(q, project, media)  # multiple choice: lettered on the front
    back = to_html(q.answer_md, q.path, q.answer_line, project, media)
    if not back.html.strip():  # a question without a model answer (a warning at load)
        back.html = "<p><em>No model answer yet.</em></p>"
    card = Card(q, title.html, front.html + options.html, right_html(q) + back.html,
                tuple(front.figures + options.figures + back.figures))
    return card, title.problems + front.problems + options.problems + back.problems


def _add_guide_id(path: Path) -> str:
    """A guide written before guides had ids gets one, once, at the end of guide.yaml."""
    from guidegen.errors import display_path
    from guidegen.guideid import add_id

    guide_id = add_id(path)
    log.warning(f"Added 'id: {guide_id}' to {display_path(path)}: the identity of this guide's Anki notes "
                "and deck. Keep it when you rename the guide (commit it with the rest).")
    return guide_id


def _media_name(source: str, path: Path) -> str:
    """A media file's name: a redrawn figure or changed image gets a new name, since Anki
    keeps a file it already has under the same name."""
    from guidegen.outputs.anki.html import default_media_name

    flat = PurePosixPath(default_media_name(source) if source.endswith(".py") else PurePosixPath(source).name.lower())
    return f"{flat.stem}-{cache.file_digest(path)[:12]}{flat.suffix}"


