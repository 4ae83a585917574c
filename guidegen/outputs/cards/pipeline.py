"""Every call the cards make into the shared pipeline, in one place: the pipeline is
being restructured (one writer seam for every output), and this module is what gets
re-wired to it. Nothing else in outputs/cards/ imports from outside the package except
guidegen.model and guidegen.errors (the model and errors every stage shares).

What it uses, exactly:
- no-op builds: paths.output_dir, paths.secure_work_dir, incremental.inputs_key,
  incremental.up_to_date, incremental.record;
- loading: load.load (the bank, each question's LaTeX in bank.typeset, read only by
  question_latex below), and for the calibration sheet load.settings.load_guide;
- selection: build.Options(...).requests (filters or a named booklet, with guide.yaml's
  defaults), build.check_name, build.default_name, select.select, select.sections;
- the answer key: build.build_guide, for the same selection and paper (it does nothing
  when the last build's key is current), then engine.question_pages on its .aux;
- figures: none drawn here. The key's build draws them (and copies the images) into the
  work folder (paths.work_dir), where the cards' LaTeX finds them; convert.image_tex_path
  names the images there;
- templates: paths.template_dirs, and from outputs.latex.render: environment (the
  sandboxed Jinja, the project's templates first), template_problem, template_problems,
  TemplateError, build_document and with_guide_needs (the key's preamble's model, so the
  cards load what the key loads); errors.problem;
- compiling and publishing: paths.cache_path, build.build_lock, cache.Cache, engine.Job,
  engine.SourceSpan, engine.timeout, engine.preamble_format, engine.compile_jobs, and
  build._publish (the one private name: publishing has no public function yet; the
  writer seam will give one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guidegen.errors import ContentError, GuideError
from guidegen.model import Bank, BuildSettings, DocKind, Guide, Layout, Question, Topic, Typeset
from guidegen.outputs.cards.model import CardOptions


@dataclass(frozen=True)
class Selection:
    """The questions the cards hold, as the key has them: its sections, numbering, paper."""

    bank: Bank
    sections: list[tuple[Topic, list[Question]]]
    name: str  # the output name: NAME-cards.pdf beside NAME-answers.pdf
    paper: str
    booklet_title: str


# -- no-op builds and the output folder --------------------------------------------------------

def prepare_output(project: Path, out: Path | None) -> Path:
    from guidegen.paths import output_dir, secure_work_dir

    out = output_dir(project, out)
    secure_work_dir(out)  # before the cache in it is opened
    return out


def inputs_key(project: Path, options: CardOptions) -> str:
    from guidegen import incremental

    return incremental.inputs_key(project, options)


def up_to_date(out: Path, key: str) -> tuple[Path, int] | None:
    from guidegen import incremental

    ready = incremental.up_to_date(out, key)
    return ready[0] if ready else None


def record(out: Path, key: str, pdf: Path, pages: int) -> None:
    from guidegen import incremental

    incremental.record(out, key, [(pdf, pages)])


# -- loading and selecting ----------------------------------------------------------------------

def _build_options(options: CardOptions):
    from guidegen.build import Options

    # One unversioned key (versions=0 wins over guide.yaml's), on the cards' paper.
    settings = BuildSettings(paper=options.paper, versions=0)
    return Options(options.filters, settings, options.name, (options.booklet,) if options.booklet else ())


def select_questions(project: Path, out: Path, options: CardOptions) -> Selection:
    """Load and validate the bank as `build` does, and select as `build` would."""
    from guidegen import select
    from guidegen.build import check_name, default_name
    from guidegen.load import load
    from guidegen.paths import cache_path

    if options.name is not None:
        check_name(options.name)
    bank = load(project, cache_path(out))
    request = _build_options(options).requests(bank)[0]
    chosen = select.select(bank, request.filters)
    sections = select.sections(bank, chosen, request.filters)
    return Selection(bank, sections, default_name(request), request.layout.paper, request.booklet_title)


def question_latex(selection: Selection, question_id: str) -> Typeset:
    """A question's title, question and answer in LaTeX: the one way cards get them."""
    return selection.bank.typeset[question_id]


def read_guide(project: Path) -> Guide:
    """guide.yaml alone (the calibration sheet needs no questions)."""
    from guidegen.load.settings import load_guide

    problems: list = []
    guide = load_guide(project, problems)
    if problems or guide is None:
        raise ContentError(problems)
    return guide


# -- the answer key -----------------------------------------------------------------------------

def key_pages(project: Path, out: Path, options: CardOptions, selection: Selection) -> tuple[dict[str, str], str]:
    """The answer key for the same selection, built (or the last build's, when current),
    and the page each question starts on in it; with the key's file name."""
    from guidegen.build import build_guide
    from guidegen.outputs.latex import engine
    from guidegen.paths import work_dir

    outputs = build_guide(project, out, _build_options(options))
    key = f"{selection.name}-{DocKind.ANSWERS}"
    if not any(o.path.name == f"{key}.pdf" for o in outputs):
        raise GuideError(f"the build wrote no {key}.pdf to take the cards' page numbers from")
    return engine.question_pages(work_dir(out), key), f"{key}.pdf"


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


def preamble_model(selection: Selection | None, guide: Guide, paper: str):
    """The key's preamble's model (`doc`, `layout`): what the questions need (emoji, the
    Unicode engine) and the paper, so the cards load what the key loads."""
    from guidegen.outputs.latex.render import build_document, with_guide_needs

    layout = Layout(paper=paper)
    sections = selection.sections if selection else []
    typeset = selection.bank.typeset if selection else {}
    doc = build_document(DocKind.ANSWERS, sections, typeset, layout, booklet_title=selection.booklet_title if selection else "")
    return with_guide_needs(doc, guide), layout


# -- compiling and publishing ---------------------------------------------------------------------

def figure_files(out: Path, selection: Selection) -> tuple[Path, ...]:
    """The figure PDFs and images the cards include, where the key's build put them."""
    from guidegen.outputs.latex.convert import image_tex_path
    from guidegen.paths import work_dir

    work = work_dir(out)
    bank = selection.bank
    files = []
    for _, questions in selection.sections:
        for q in questions:
            files += [work / "figures" / Path(s).with_suffix(".pdf") for s in bank.figure_scripts[q.id]]
            files += [work / image_tex_path(s) for s in bank.images[q.id]]
    return tuple(dict.fromkeys(files))


def source_span(line: int, question_id: str, path: Path):
    from guidegen.outputs.latex.engine import SourceSpan

    return SourceSpan(line, question_id, path)


def compile_and_publish(out: Path, name: str, tex: str, spans: tuple, inputs: tuple[Path, ...], unicode: bool) -> tuple[Path, int]:
    """Compile OUT/.work/NAME.tex and, only once it has compiled, replace OUT/NAME.pdf."""
    from guidegen import cache
    from guidegen.build import _publish, build_lock
    from guidegen.outputs.latex import engine
    from guidegen.paths import cache_path, work_dir

    work = work_dir(out)
    job = engine.Job(name, tex, spans, inputs, engine="lualatex" if unicode else "pdflatex")
    engine.timeout()  # a bad GUIDEGEN_LATEX_TIMEOUT is said before any work is done
    with build_lock(work):
        store = cache.Cache(cache_path(out))
        try:
            fmt = engine.preamble_format(work, name, tex) if not unicode else None
            engine.compile_jobs(work, [job], store, fmt)
            published = _publish([(work / f"{name}.pdf", f"{name}.pdf")], out)[0]
        finally:
            store.close()
    return published.path, published.pages
