"""The LaTeX writer: the question sheet and answer key of every booklet (and version),
as PDFs. It owns the conversion to LaTeX, the templates, page matching, the engines and
imposition; the pipeline gives it checked questions and drawn figures."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from guidegen.errors import Problem, problem
from guidegen.model import Bank, Question
from guidegen.outputs.latex.page import DocKind
from guidegen.outputs.base import Checked, Job, Made, Plan, Writer

log = logging.getLogger("guidegen")


@dataclass(frozen=True)
class LatexWriter(Writer):
    name: ClassVar[str] = "pdf"
    figure_format: ClassVar[str] = "pdf"
    image_types: ClassVar[tuple[str, ...]] = (".pdf", ".png", ".jpg", ".jpeg", ".svg")  # an SVG converted to PDF
    renderer: ClassVar[str] = "guidegen.outputs.latex.convert:_Renderer"
    printer: ClassVar[str] = "guidegen.outputs.latex.typeset:LatexPrinter"
    figures_with_values: ClassVar[bool] = True

    def publishes(self, name: str) -> tuple[str, ...]:
        # Versions are lettered A to Z (at most 26).
        return tuple(f"{name}{version}-{kind}.pdf" for version in ("", "-[A-Z]") for kind in (DocKind.QUESTIONS, DocKind.ANSWERS)
                     ) + (f"{name}-grader.pdf",)

    def check(self, project: Path, bank: Bank, questions: list[Question], store=None, thorough: bool = False) -> Checked:
        """The project's templates (each parsed; with `thorough`, the whole bank's sheet
        and key rendered through them and held to the contract), the guide's printed
        settings, and every character of the questions that no font of the engines has."""
        from guidegen.outputs.latex.typeset import typeset

        templates = (project / "templates").exists() or (project / "templates").is_symlink()
        if templates:  # (the templates' module is not loaded for nothing)
            from guidegen.outputs.latex.render import check_templates, template_problems

        problems = template_problems(project) if templates else []
        problems += printed_settings_problems(bank)
        problems += self.unprintable(bank, questions)  # the image types and constructs it declares it cannot take
        texts, found = typeset(questions, project, store.path if store is not None else None)
        problems += found
        if thorough and templates and not problems:
            problems += check_templates(project, bank, texts, store)
        return Checked(problems, texts)

    def prepare(self, project: Path, bank: Bank, plans: list[Plan], store, checked: Checked) -> None:
        from guidegen.outputs.latex import engine

        engine.timeout()  # a bad GUIDEGEN_LATEX_TIMEOUT is said before any work is done
        engine.find_tools()  # and LuaLaTeX, when a booklet needs it, before its first pass

    def write(self, job: Job, checked: Checked) -> list[Made]:
        return self.write_pairs(job, checked, lambda name: name)

    def write_pairs(self, job: Job, checked: Checked, stem_of, grader_key: bool = True, sheets: bool = True) -> list[Made]:
        """Every booklet's key and sheet (and grader's key), under the output name `stem_of`
        makes of the booklet's (the cards make a key of their own under a name of theirs,
        without its sheet: `sheets=False`)."""
        from guidegen import choices_order
        from guidegen.outputs.latex import grader
        from guidegen.outputs.latex.convert import image_tex_path
        from guidegen.outputs.latex.images import copy_image
        from guidegen.outputs.latex.pair import Pair
        from guidegen.outputs.latex.typeset import version_texts
        from guidegen.params.figures import folder
        from guidegen.requests import default_name

        bank = job.bank
        files = dict(job.drawn)
        for source in sorted({i for p in job.plans for q in p.chosen for i in bank.images[q.id]}):
            files[source] = copy_image(job.project / source, job.work / image_tex_path(source))
        inputs = {q.id: tuple(files[f] for f in bank.figure_scripts[q.id] + bank.images[q.id])
                  for p in job.plans for q in p.chosen if not q.drawn}
        made: list[Made] = []
        for plan in job.plans:
            request = plan.request
            layout = replace(request.layout, paper=request.layout.paper or bank.guide.paper)
            name = stem_of(default_name(request))
            for letter, ordered in plan.orders:
                stem = f"{name}-{letter}" if letter else name
                options = choices_order.orders_for(ordered, request.filters.seed, letter)
                texts = version_texts(checked.learned, ordered, job)  # a version's own numbers (guidegen.params)
                version_inputs = {**inputs, **{q.id: tuple(files[folder(q) + f] for f in bank.figure_scripts[q.id]) +
                                               tuple(files[f] for f in bank.images[q.id])
                                               for _, qs in ordered for q in qs if q.drawn}}
                pair = Pair(job.project, job.work, stem, ordered, bank.guide, texts, version_inputs, layout,
                            request.booklet_title, letter, job.store, options)
                made += pair.compile(sheets)
            if grader_key:
                made += grader.compile_grader(job.project, job.work, name, plan.orders, bank, request, layout, job.store)
        return made


def printed_settings_problems(bank: Bank) -> list[Problem]:
    """Every character of the guide's printed settings (titles, names) that no font has."""
    from guidegen.outputs.latex.texescape import UnsupportedCharacter, escape_text

    problems = []
    for key, text, line in bank.guide.printed:
        try:
            escape_text(text)
        except UnsupportedCharacter as exc:
            problems.append(problem(bank.guide.path, line, f"'{key}': {exc}"))
    return problems
