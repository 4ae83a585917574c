"""What `guidegen cards` does, top to bottom: check the options, load and select as
`build` does, check the template, build (or reuse) the answer key for the same
selection and read its pages, render the cards, compile, and only then replace the PDF."""

from __future__ import annotations

from pathlib import Path

from guidegen.errors import GuideError
from guidegen.outputs.cards import geometry, pipeline
from guidegen.outputs.cards.deck import calibration_deck, make_deck
from guidegen.outputs.cards.fit import cards_of
from guidegen.outputs.cards.model import PER_PAGE, CardOptions, Made
from guidegen.outputs.cards.render import render, spans

CALIBRATION_NAME = "cards-calibration"


def check_options(options: CardOptions) -> None:
    """What the library is asked for, checked as the command line checks it (a caller may
    not have gone through it)."""
    if options.per_page not in PER_PAGE:
        raise GuideError(f"--per-page must be one of {', '.join(map(str, PER_PAGE))}, got {options.per_page}")
    if options.paper is not None and options.paper not in geometry.PAPER_MM:
        raise GuideError(f"--paper must be one of {', '.join(geometry.PAPER_MM)}, got {options.paper!r}")
    if any(abs(v) > geometry.MAX_OFFSET for v in options.back_offset):
        raise GuideError(f"--back-offset: at most {geometry.MAX_OFFSET:g} mm either way (got {options.back_offset[0]:g},"
                         f"{options.back_offset[1]:g}); a printer further off needs its own settings fixed")


def make_cards(project: Path, out: Path | None, options: CardOptions) -> Made:
    """NAME-cards.pdf in OUT (or cards-calibration.pdf with `calibrate`): nothing when no
    input changed since the same command, else built, the last good PDF kept on failure."""
    check_options(options)
    project = project.resolve()
    out = pipeline.prepare_output(project, out)
    inputs = pipeline.inputs_key(project, options)  # before anything is read
    ready = pipeline.up_to_date(out, inputs)
    if ready:
        return Made(ready[0], ready[1], None, rebuilt=False)
    made = _calibration(project, out, options) if options.calibrate else _cards(project, out, options)
    pipeline.record(out, inputs, made.path, made.pages)
    return made


def _cards(project: Path, out: Path, options: CardOptions) -> Made:
    selection = pipeline.select_questions(project, out, options)
    guide = selection.bank.guide
    doc, layout = pipeline.preamble_model(selection, guide, selection.paper)
    pipeline.template_problems(project)

    def deck_with(pages: dict[str, str], key_name: str):
        cards = cards_of(selection.sections, lambda qid: pipeline.question_latex(selection, qid), pages)
        return make_deck(cards, selection.paper, options.per_page, options.flip, options.back_offset, guide.title, key_name), cards

    # The template is tried before the key is built: a broken one costs no LaTeX run.
    deck, cards = deck_with({}, "")
    render(project, deck, doc, layout, guide)
    pages, key_name = pipeline.key_pages(project, out, options, selection)
    unplaced = [card.question.id for card in cards if card.question.id not in pages]
    if unplaced:
        raise GuideError(f"{key_name} does not say which page question '{unplaced[0]}' is on "
                         "(its template must keep \\ggquestion, which sets the label gg:q:ID)")
    deck, cards = deck_with(pages, key_name)
    tex = render(project, deck, doc, layout, guide)
    paths = {card.question.id: card.question.path for card in cards}
    pdf, pages_count = pipeline.compile_and_publish(out, f"{selection.name}-cards", tex, spans(tex, paths),
                                                    pipeline.figure_files(out, selection), doc.unicode)
    return Made(pdf, pages_count, len(cards), key=out / key_name)


def _calibration(project: Path, out: Path, options: CardOptions) -> Made:
    guide = pipeline.read_guide(project)
    paper = options.paper or guide.paper
    doc, layout = pipeline.preamble_model(None, guide, paper)
    pipeline.template_problems(project)
    tex = render(project, calibration_deck(paper, options.flip, options.back_offset, guide.title), doc, layout, guide)
    pdf, pages = pipeline.compile_and_publish(out, CALIBRATION_NAME, tex, (), (), doc.unicode)
    return Made(pdf, pages, 0)
