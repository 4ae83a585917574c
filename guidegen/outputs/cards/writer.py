"""The cards writer: each booklet's questions as cut-out cards, OUT/NAME-cards.pdf,
fronts and backs on alternate pages. The pipeline gives it checked questions and drawn
figures. Cards name the page of the answer key that holds an answer too long for its
card, so the key (and its sheet) is made in the same run, by the LaTeX writer, and the
pages read from it: the published key and the cards always agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from guidegen.errors import GuideError, Problem
from guidegen.model import Bank, DocKind, Question
from guidegen.outputs.base import Job, Made, Plan
from guidegen.outputs.cards import geometry
from guidegen.outputs.cards.model import PER_PAGE, Flip
from guidegen.outputs.latex.writer import LatexWriter


@dataclass(frozen=True)
class CardsWriter:
    figure_format: ClassVar[str] = "pdf"
    per_page: int = 8
    flip: Flip = Flip.LONG
    back_offset: tuple[float, float] = (0.0, 0.0)  # mm: the backs move right and down, as seen on the back
    latex: LatexWriter = field(default_factory=LatexWriter, repr=False, compare=False)  # the key, and the cards' LaTeX

    def check(self, project: Path, bank: Bank, questions: list[Question], store=None, thorough: bool = False) -> list[Problem]:
        check_options(self)
        return self.latex.check(project, bank, questions, store, thorough)

    def prepare(self, project: Path, bank: Bank, plans: list[Plan], store) -> None:
        self.latex.prepare(project, bank, plans, store)
        for plan in plans:  # the template is tried before any LaTeX runs: a broken one costs no pass
            self._render(project, bank, plan, {}, "")

    def write(self, job: Job) -> list[Made]:
        from guidegen.outputs.latex import engine
        from guidegen.requests import default_name

        made = self.latex.write(job)
        for plan in job.plans:
            key = f"{default_name(plan.request)}-{DocKind.ANSWERS}"
            pages = engine.question_pages(job.work, key)
            tex, deck_cards, doc = self._render(job.project, job.bank, plan, pages, f"{key}.pdf")
            unplaced = [card.question.id for card in deck_cards if card.question.id not in pages]
            if unplaced:
                raise GuideError(f"{key}.pdf does not say which page question '{unplaced[0]}' is on "
                                 "(its template must keep \\ggquestion, which sets the label gg:q:ID)")
            made.append(self._compile(job, f"{default_name(plan.request)}-cards", tex, deck_cards, doc))
        return made

    def _render(self, project: Path, bank: Bank, plan: Plan, pages: dict[str, str], key_name: str):
        from guidegen.outputs.cards.deck import make_deck
        from guidegen.outputs.cards.fit import cards_of
        from guidegen.outputs.cards.render import render
        from guidegen.outputs.cards.tex import preamble_model

        [(_, sections)] = plan.orders  # cards have no versions
        paper = plan.request.layout.paper or bank.guide.paper
        doc, layout = preamble_model(sections, self.latex.texts, bank.guide, paper, plan.request.booklet_title)
        cards = cards_of(sections, self.latex.texts.__getitem__, pages)
        deck = make_deck(cards, paper, self.per_page, self.flip, self.back_offset, bank.guide.title, key_name)
        return render(project, deck, doc, layout, bank.guide), cards, doc

    def _compile(self, job: Job, name: str, tex: str, cards, doc) -> Made:
        from guidegen.outputs.cards.render import spans
        from guidegen.outputs.latex import engine
        from guidegen.outputs.latex.convert import image_tex_path

        bank = job.bank
        inputs = []
        for card in cards:
            inputs += [job.drawn[s] for s in bank.figure_scripts[card.question.id]]
            inputs += [job.work / image_tex_path(s) for s in bank.images[card.question.id]]
        paths = {card.question.id: card.question.path for card in cards}
        compiled = engine.Job(name, tex, spans(tex, paths), tuple(dict.fromkeys(inputs)),
                              engine="lualatex" if doc.unicode else "pdflatex")
        fmt = engine.preamble_format(job.work, name, tex) if not doc.unicode else None
        engine.compile_jobs(job.work, [compiled], job.store, fmt)
        pdf = job.work / f"{name}.pdf"
        return Made(pdf, pdf.name, engine.page_count(pdf))


def check_options(writer: CardsWriter) -> None:
    """What the library is asked for, checked as the command line checks it (a caller may
    not have gone through it)."""
    if writer.per_page not in PER_PAGE:
        raise GuideError(f"--per-page must be one of {', '.join(map(str, PER_PAGE))}, got {writer.per_page}")
    if any(abs(v) > geometry.MAX_OFFSET for v in writer.back_offset):
        raise GuideError(f"--back-offset: at most {geometry.MAX_OFFSET:g} mm either way (got {writer.back_offset[0]:g},"
                         f"{writer.back_offset[1]:g}); a printer further off needs its own settings fixed")


def calibration(project: Path, out: Path | None, paper: str | None, flip: Flip, back_offset: tuple[float, float]) -> Made:
    """OUT/cards-calibration.pdf: a two-sided test sheet from which a user reads the
    offset to pass to --back-offset. It needs only guide.yaml."""
    from guidegen import cache
    from guidegen.errors import ContentError
    from guidegen.load.settings import load_guide
    from guidegen.outputs.cards.deck import calibration_deck
    from guidegen.outputs.cards.render import render
    from guidegen.outputs.cards.tex import preamble_model, template_problems
    from guidegen.outputs.latex import engine
    from guidegen.paths import cache_path, output_dir, secure_work_dir
    from guidegen.pipeline import build_lock, publish

    check_options(CardsWriter(back_offset=back_offset))
    project = project.resolve()
    out = output_dir(project, out)
    problems: list = []
    guide = load_guide(project, problems)
    if problems or guide is None:
        raise ContentError(problems)
    paper = paper or guide.paper
    doc, layout = preamble_model([], {}, guide, paper)
    template_problems(project)
    tex = render(project, calibration_deck(paper, flip, back_offset, guide.title), doc, layout, guide)
    engine.timeout()
    work = secure_work_dir(out)
    with build_lock(work):
        store = cache.Cache(cache_path(out))
        try:
            job = engine.Job("cards-calibration", tex, engine="lualatex" if doc.unicode else "pdflatex")
            engine.compile_jobs(work, [job], store)
            pdf = work / "cards-calibration.pdf"
            return publish([Made(pdf, pdf.name, engine.page_count(pdf))], out)[0]
        finally:
            store.close()
