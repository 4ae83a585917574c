"""What the cards borrow from the LaTeX writer: its sandboxed templates (a project's
templates/ first), the key's preamble model (so a card prints what the key prints), and
the spans that trace a LaTeX error to its question."""

from __future__ import annotations

from pathlib import Path

from guidegen.errors import ContentError, GuideError
from guidegen.model import Guide, Layout
from guidegen.outputs.latex.page import DocKind, PageLayout


# -- templates ----------------------------------------------------------------------------------

def template_dirs(project: Path) -> tuple[Path, ...]:
    from guidegen.paths import template_dirs as dirs

    return dirs(project)


def template_environment(project: Path):
    from guidegen.outputs.latex.render import environment

    return environment(template_dirs(project))


def template_error(exc: BaseException, dirs: tuple[Path, ...]) -> GuideError | None:
    """The one-line error for a template's fault (None: not a template's fault)."""
    from guidegen.outputs.latex.render import TemplateError, template_problem

    found = template_problem(exc, dirs)
    return TemplateError(found) if found is not None else None


def contract_error(path: Path, message: str) -> GuideError:
    from guidegen.errors import problem
    from guidegen.outputs.latex.render import TemplateError

    return TemplateError(problem(path, 1, message))


def template_problems(project: Path) -> None:
    """The project's own templates read and parsed, as a build checks them first."""
    from guidegen.outputs.latex.render import template_problems as problems

    found = problems(project)
    if found:
        raise ContentError(found)


def preamble_model(sections: list, texts: dict, guide: Guide, paper: str, booklet_title: str = ""):
    """The key's preamble's model (`doc`, `layout`): what the questions need (emoji, the
    Unicode engine, scripts) and the paper, so the cards load what the key loads."""
    from guidegen.outputs.latex.document import build_document, with_guide_needs

    layout = Layout(paper=paper)
    doc = build_document(DocKind.ANSWERS, sections, texts, layout, booklet_title=booklet_title)
    return with_guide_needs(doc, guide), layout


def source_span(line: int, question_id: str, path: Path):
    from guidegen.outputs.latex.engine import SourceSpan

    return SourceSpan(line, question_id, path)
