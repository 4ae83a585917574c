"""The cards writer: each booklet's questions as cut-out cards, OUT/NAME-cards.pdf,
fronts and backs on alternate pages. The pipeline gives it checked questions and drawn
figures. Cards name the page of the answer key that holds an answer too long for its
card, so they build on the LaTeX writer (a declared dependency): they make a key of their
own, in the default layout on their paper, and publish it as OUT/NAME-cards-key.pdf. The
key `build` wrote, in whatever layout it was asked for, is never touched."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from guidegen.errors import GuideError
from guidegen.model import Bank, Question
from guidegen.outputs.latex.page import DocKind
from guidegen.outputs.base import Checked, Job, Made, Plan, Writer
from guidegen.outputs.cards import geometry
from guidegen.outputs.cards.model import AUTO, PER_PAGE, Flip
from guidegen.outputs.cards.options import CardsOptions
from guidegen.outputs.latex.writer import LatexWriter


@dataclass(frozen=True)
class CardsLearned:
    texts: dict  # question id -> its LaTeX (the LaTeX writer's check)
    options: CardsOptions  # every option resolved


def key_name(name: str) -> str:
    """The published name of the key the cards' page numbers refer to."""
    return f"{name}-cards-key.pdf"


@dataclass(frozen=True)
class CardsWriter(Writer):
    name: ClassVar[str] = "cards"
    figure_format: ClassVar[str] = "pdf"
    figures_with_values: ClassVar[bool] = True  # it prints the LaTeX writer's key
    image_types: ClassVar[tuple[str, ...]] = LatexWriter.image_types
    Options: ClassVar[type] = CardsOptions
    depends: ClassVar[tuple[str, ...]] = ("pdf",)
    renderer: ClassVar[str] = LatexWriter.renderer  # the cards print the LaTeX writer's conversion
    printer: ClassVar[str] = LatexWriter.printer

    def publishes(self, name: str) -> tuple[str, ...]:
        return (f"{name}-cards.pdf", key_name(name))

    def check(self, project: Path, bank: Bank, questions: list[Question], store=None, thorough: bool = False) -> Checked:
        """The LaTeX writer's check (the cards print its LaTeX), and the options: the
        command line's, then guide.yaml's `defaults: cards:`, then the defaults."""
        from guidegen.outputs.base import resolve_options

        options, problems = resolve_options(self, bank.guide)
        if not problems:
            check_options(options)
        latex = LatexWriter().check(project, bank, questions, store, thorough)
        return Checked(problems + latex.problems, CardsLearned(latex.learned, options))

    def prepare(self, project: Path, bank: Bank, plans: list[Plan], store, checked: Checked) -> None:
        LatexWriter().prepare(project, bank, plans, store, checked)
        for plan in plans:  # the template is tried before any LaTeX runs: a broken one costs no pass
            self._render(project, bank, plan, {}, "", checked.learned, _first_per_page(checked.learned.options))

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen.outputs.latex import engine
        from guidegen.requests import default_name

        # The cards' own key (never the published key of `build`, which may be laid out otherwise).
        latex = Checked(checked.problems, checked.learned.texts)
        keys = LatexWriter().write_pairs(job, latex, lambda name: f"{name}-cards-key", grader_key=False, sheets=False)
        made = []
        for plan in job.plans:
            name = default_name(plan.request)
            stem = f"{name}-cards-key-{DocKind.ANSWERS}"
            [key] = [m for m in keys if m.name == f"{stem}.pdf"]
            pages = engine.question_pages(job.work, stem)
            per_page = _first_per_page(checked.learned.options)
            tex, deck_cards, doc = self._render(job.project, job.bank, plan, pages, key_name(name), checked.learned, per_page)
            unplaced = [card.question.id for card in deck_cards if card.question.id not in pages]
            if unplaced:
                raise GuideError(f"{key_name(name)} does not say which page question '{unplaced[0]}' is on "
                                 "(its template must keep \\ggquestion, which sets the label gg:q:ID)")
            cards = self._compile(job, _job_name(name, per_page), tex, deck_cards, doc)
            if checked.learned.options.per_page == AUTO:
                # The compile measured every side at the floor: the count is chosen from that,
                # and the deck set again only if it is not the one just made.
                from guidegen.outputs.cards.fit import auto_per_page, side_heights

                paper = plan.request.layout.paper or job.bank.guide.paper
                chosen = auto_per_page(side_heights(job.work, _job_name(name, per_page)), paper, len(deck_cards))
                if chosen != per_page:
                    tex, deck_cards, doc = self._render(job.project, job.bank, plan, pages, key_name(name), checked.learned,
                                                        chosen)
                    cards = self._compile(job, _job_name(name, chosen), tex, deck_cards, doc)
            made.append(Made(cards.path, f"{name}-cards.pdf", cards.count))
            made.append(Made(key.path, key_name(name), key.count))
        return made

    def _render(self, project: Path, bank: Bank, plan: Plan, pages: dict[str, str], key: str, learned: CardsLearned,
                per_page: int):
        from guidegen.outputs.cards.deck import make_deck
        from guidegen.outputs.cards.fit import cards_of
        from guidegen.outputs.cards.render import render
        from guidegen.outputs.cards.tex import preamble_model

        [(_, sections)] = plan.orders  # cards have no versions
        paper = plan.request.layout.paper or bank.guide.paper
        doc, layout = preamble_model(sections, learned.texts, bank.guide, paper, plan.request.booklet_title)
        cards = cards_of(sections, learned.texts.__getitem__, pages)
        o = learned.options
        deck = make_deck(cards, paper, per_page, o.flip, o.back_offset, bank.guide.title, key)
        return render(project, deck, doc, layout, bank.guide), cards, doc

    def _compile(self, job: Job, name: str, tex: str, cards, doc) -> Made:
        from guidegen.outputs.cards.render import spans
        from guidegen.outputs.latex import engine
        from guidegen.outputs.latex.convert import image_tex_path

        bank = job.bank
        from guidegen.params.figures import folder  # a question drawn with values has its figures drawn with them

        inputs = []
        for card in cards:
            inputs += [job.drawn[folder(card.question) + s] for s in bank.figure_scripts[card.question.id]]
            inputs += [job.work / image_tex_path(s) for s in bank.images[card.question.id]]
        paths = {card.question.id: card.question.path for card in cards}
        # Every card is placed by guidegen and the key's pages come from the key: one pass.
        compiled = engine.Job(name, tex, spans(tex, paths), tuple(dict.fromkeys(inputs)),
                              engine="lualatex" if doc.unicode else "pdflatex", reads_back=False)
        fmt = engine.preamble_format(job.work, name, tex, "lualatex" if doc.unicode else "pdflatex")
        engine.compile_jobs(job.work, [compiled], job.store, fmt)
        pdf = job.work / f"{name}.pdf"
        return Made(pdf, pdf.name, engine.page_count(pdf))


def _first_per_page(options: CardsOptions) -> int:
    """The count a deck is first set at: the one asked for, or auto's usual one."""
    from guidegen.outputs.cards.fit import DEFAULT_PER_PAGE

    return DEFAULT_PER_PAGE if options.per_page == AUTO else int(options.per_page)


def _job_name(name: str, per_page: int) -> str:
    """Each count its own compile in the work folder: auto's two decks are each rebuilt only when they change."""
    return f"{name}-cards" if per_page == 8 else f"{name}-cards-{per_page}"


def check_options(options: CardsOptions) -> None:
    """What the library is asked for, checked as the command line checks it (a caller may
    not have gone through it)."""
    if options.per_page not in (AUTO, *PER_PAGE):
        raise GuideError(f"--per-page must be one of {', '.join(map(str, (AUTO, *PER_PAGE)))}, got {options.per_page}")
    if any(abs(v) > geometry.MAX_OFFSET for v in options.back_offset):
        raise GuideError(f"--back-offset: at most {geometry.MAX_OFFSET:g} mm either way (got {options.back_offset[0]:g},"
                         f"{options.back_offset[1]:g}); a printer further off needs its own settings fixed")


@dataclass(frozen=True)
class CalibrationOptions:
    paper: str | None = None  # None: the guide's
    flip: Flip = Flip.LONG
    back_offset: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class CalibrationWriter(Writer):
    """OUT/cards-calibration.pdf: a two-sided test sheet from which a user reads the
    offset to pass to --back-offset. It reads only guide.yaml (`cards --calibrate`)."""

    name: ClassVar[str] = "cards-calibration"
    Options: ClassVar[type] = CalibrationOptions
    depends: ClassVar[tuple[str, ...]] = ("pdf",)
    reads_content: ClassVar[bool] = False

    def publishes(self, name: str) -> tuple[str, ...]:
        return ("cards-calibration.pdf",)

    def check(self, project: Path, bank: Bank, questions: list[Question], store=None, thorough: bool = False) -> Checked:
        from guidegen.outputs.cards.tex import template_problems

        check_options(CardsOptions(8, Flip.LONG, self.options.back_offset))
        template_problems(project)
        return Checked([])

    def prepare(self, project: Path, bank: Bank, plans: list[Plan], store, checked: Checked) -> None:
        from guidegen.outputs.latex import engine

        engine.timeout()

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen.outputs.cards.deck import calibration_deck
        from guidegen.outputs.cards.render import render
        from guidegen.outputs.cards.tex import preamble_model
        from guidegen.outputs.latex import engine

        guide, o = job.bank.guide, self.options
        paper = o.paper or guide.paper
        doc, layout = preamble_model([], {}, guide, paper)
        tex = render(job.project, calibration_deck(paper, o.flip, o.back_offset, guide.title), doc, layout, guide)
        compiled = engine.Job("cards-calibration", tex, engine="lualatex" if doc.unicode else "pdflatex")
        engine.compile_jobs(job.work, [compiled], job.store)
        pdf = job.work / "cards-calibration.pdf"
        return [Made(pdf, pdf.name, engine.page_count(pdf))]
