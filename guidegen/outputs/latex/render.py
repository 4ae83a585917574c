"""Render the LaTeX sources of the question sheet and the answer key with Jinja (the
model they get is document.py's), and hold the templates to their contract."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from guidegen.errors import ContentError, Problem, problem
from guidegen.model import DIFFICULTIES, Guide, KeyMode, Layout
from guidegen.outputs.latex.page import DocKind, PageLayout
from guidegen.outputs.latex import choices  # options, points, grading table
from guidegen.outputs.latex.document import AnswerMode, Document, build_document, with_guide_needs
from guidegen.outputs.latex.pagematch import Marks
from guidegen.outputs.latex.texescape import escape_text, plain_text
from guidegen.outputs.latex.typeset import Typeset
from guidegen.paths import template_dirs

TEMPLATE = "guide.tex.j2"
@lru_cache(maxsize=8)
def environment(template_dirs: tuple[Path, ...]):
    """Jinja with LaTeX-safe delimiters; user template folders come before the defaults.
    Sandboxed: a project's templates come with the project (a zip of someone's guide)
    and are as untrusted as its content, so they may read the model but never reach
    Python's internals (`cycler.__init__.__globals__.os` and the like), nor make more
    than a laptop holds (see sandbox.py)."""
    import jinja2

    from guidegen.sandbox import BoundedSandbox

    env = BoundedSandbox(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        block_start_string="((*",
        block_end_string="*))",
        variable_start_string="(((",
        variable_end_string=")))",
        comment_start_string="((=",
        comment_end_string="=))",
        line_statement_prefix=None,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.add_filter("tex", escape_text)
    env.add_filter("pdftext", plain_text)
    return env


def render(doc: Document, guide: Guide, layout: Layout, project: Path) -> str:
    """The document's LaTeX, from the project's templates (or the defaults), checked
    against the contract below."""
    dirs = template_dirs(project)
    doc = with_guide_needs(doc, guide)
    try:
        tex = environment(dirs).get_template(TEMPLATE).render(doc=doc, guide=guide, layout=PageLayout(layout))
    except Exception as exc:  # noqa: BLE001 - Jinja and template code raise many kinds; each is the template's fault
        found = template_problem(exc, dirs)
        if found is None:
            raise
        raise TemplateError(found) from None
    check_contract(tex, doc, dirs)
    return tex


def template_problem(exc: BaseException, dirs: tuple[Path, ...]) -> Problem | None:
    """What went wrong in a template, at the template's file and line (None: not a
    template's fault). Errors at run time are placed by the frames Jinja maps back to
    template lines."""
    import jinja2
    from jinja2.sandbox import SecurityError

    from guidegen.sandbox import TemplateLimit

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return problem(exc.filename or dirs[0] / (exc.name or TEMPLATE), exc.lineno or 1, f"template error: {_said(exc.message)}")
    where = _template_frame(exc, dirs, loop=isinstance(exc, RecursionError))
    if isinstance(exc, RecursionError):
        message = "a template includes or calls itself without end (directly or through others); remove the loop"
    elif isinstance(exc, TemplateLimit):
        message = f"template error: {exc}"
    elif isinstance(exc, SecurityError):
        message = f"template error: {_said(exc)} (templates run in a sandbox: they may use the model, not Python's internals)"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = (f"includes '{_said(exc.name)}', which is neither in the project's templates/ nor among guidegen's own; "
                   "include a template by its file name, e.g. \"question.tex.j2\"")
    elif isinstance(exc, UnicodeDecodeError):
        message = "a template this one includes is not valid UTF-8; save it as UTF-8"
    elif isinstance(exc, OverflowError):
        message = f"template error: {_said(exc)} (a number or range too large for the sandbox)"
    elif isinstance(exc, MemoryError):
        message = "template error: the template asks for more memory than there is; make it smaller"
    elif isinstance(exc, (jinja2.TemplateError, TypeError, ValueError, AttributeError, LookupError, ArithmeticError)) or (
            where is not None and isinstance(exc, Exception)):
        # Anything else raised while a template's line ran is that line's fault too.
        message = f"template error: {_said(exc) or type(exc).__name__}"
    else:
        return None
    path, line = where or (dirs[0] / TEMPLATE, 1)
    return problem(path, line, message)


def _said(exc: object) -> str:
    """An error's text, cut to a line (a KeyError quotes its key, which a template made)."""
    text = str(exc)
    return text if len(text) <= 300 else text[:299] + "…"


def _template_frame(exc: BaseException, dirs: tuple[Path, ...], loop: bool = False) -> tuple[Path, int] | None:
    """The innermost template line in the traceback (Jinja rewrites its frames so that
    they carry the template's file name and line). `loop`: the template line the
    traceback passes through most often, the include or call that repeats; the innermost
    one is wherever the stack ran out, which depends on the interpreter (a profiler, a
    Python version), not on the template."""
    from collections import Counter

    lines: list[tuple[Path, int]] = []
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            lines.append((Path(name), tb.tb_lineno))
        tb = tb.tb_next
    if not lines:
        return None
    return Counter(lines).most_common(1)[0][0] if loop else lines[-1]


def check_templates(project: Path, bank, texts: dict[str, Typeset], store=None) -> list[Problem]:
    """What a build would find wrong with the project's own templates, for `check`: each
    file read and parsed, then the sheet and key of the whole bank rendered (not
    compiled) and held to the contract. Nothing to do without a templates/ folder.
    With a `store`, what the rendering found is kept under everything it depends on
    (the templates' bytes, the guide, every question and its LaTeX)."""
    from guidegen import select
    from guidegen.model import Filters

    if not (project / "templates").is_dir() and not (project / "templates").is_symlink():
        return []
    from guidegen.paths import tree_state

    problems = template_problems(project)
    files = tree_state(project / "templates", project / "templates", contents=True)
    if problems or _only_defaults(files):
        # Copies of guidegen's own templates render as its own do, and those keep the
        # contract (a project without templates/ is not rendered here at all).
        return problems
    k = _contract_key(project, files, bank, texts) if store is not None else None
    kept = _kept_problems(store.get(k)) if k is not None else None
    if kept is not None:
        return kept
    sections = select.sections(bank, list(bank.questions), Filters())
    layout = Layout(paper=bank.guide.paper)
    for kind in (DocKind.QUESTIONS, DocKind.ANSWERS):
        try:
            render(build_document(kind, sections, texts, layout), bank.guide, layout, project)
        except TemplateError as exc:
            if exc.problem not in problems:
                problems.append(exc.problem)
    if k is not None:
        from guidegen.modeljson import to_json

        store.put(k, [to_json(p) for p in problems])
    return problems


def _own_digest(relative: str) -> str | None:
    """The digest of guidegen's own template `relative` (a path under its templates), or None if it has none."""
    import hashlib

    from guidegen.paths import default_template_dir

    try:
        return hashlib.sha256((default_template_dir() / relative).read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


def _default_copy(relative: str, data: bytes) -> bool:
    """Whether `data` is guidegen's own template `relative`, byte for byte."""
    import hashlib

    return _own_digest(relative) == hashlib.sha256(data).hexdigest()


def _only_defaults(files: list[list[str]]) -> bool:
    """Whether every file of the project's templates/ (`files`: paths.tree_state of it, with
    contents) is a copy of guidegen's own template of that name (or is it: the folder may
    be guidegen's own), so the project changes no template. A linked folder ("folder")
    and an unreadable file ("?") are not known to be copies."""
    return all(state == _own_digest(relative) for relative, _, state in files)


def _contract_key(project: Path, files: list[list[str]], bank, texts: dict[str, Typeset]) -> str:
    """The key of what rendering the whole bank through the project's templates (`files`)
    found."""
    from guidegen import cache as caching
    from guidegen.modeljson import to_json

    return caching.key("templates-contract", str(project), files, to_json(bank.guide),
                       [to_json(q) for q in bank.questions], sorted((i, to_json(t)) for i, t in texts.items()))


def _kept_problems(value) -> list[Problem] | None:
    """The problems a cache entry keeps; None (a miss) when it has not that shape."""
    from guidegen.modeljson import from_json

    if not isinstance(value, list):
        return None
    try:
        return [from_json(Problem, p) for p in value]
    except (TypeError, ValueError, KeyError):
        return None


def template_problems(project: Path) -> list[Problem]:
    """Problems of a project's own templates that a build would meet, found without
    building: each must be ordinary UTF-8 text inside the project, and parse."""
    from guidegen.paths import project_files

    problems: list[Problem] = []
    files = project_files(project / "templates", project, (".j2",), problems)
    dirs = template_dirs(project)
    for path in files:
        try:
            data = path.read_bytes()
            data.decode("utf-8")  # only checked here: Jinja's loader reads it below
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            problems.append(problem(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the template as UTF-8"))
            continue
        except OSError as exc:
            problems.append(problem(path, 1, f"cannot read this template: {exc.strerror or exc}"))
            continue
        relative = path.relative_to(project / "templates").as_posix()
        if _default_copy(relative, data):
            continue  # guidegen's own template, which parses: not compiled for nothing (a fifth of a second for all)
        try:
            # Loaded (parsed and compiled) through the environment that renders them, which
            # keeps it: checking costs the build no second parse.
            environment(dirs).get_template(relative)
        except Exception as exc:  # noqa: BLE001 - see render
            found = template_problem(exc, dirs)
            if found is None:
                raise
            problems.append(found)
    return problems


# What guidegen reads back from the LaTeX the templates make. A project's templates may
# change anything else; these it must keep, and a build says which one is broken.
CONTRACT = {
    "question": "question.tex.j2 must start each question with a line of its own, "
                "\\ggquestion{number}{title}{difficulty}{id}{bookmark}: guidegen finds the question a LaTeX error "
                "comes from, and the page each question starts on, by it",
    "options": "options.tex.j2 (included by question.tex.j2) must set each option of a multiple-choice question with "
               "\\ggoption{letter} or, in the key, \\ggoptionright{letter}: without them a sheet would print no options",
    "heights": "preamble.tex.j2 must write where each question and answer falls to \\jobname.heights in the key "
               "(\\ggquestion and gganswer, through \\gg@mark) when pages are matched: the question sheet reserves that room",
}


class TemplateError(ContentError):
    """A project's template is wrong, or breaks what guidegen relies on: one problem at
    the template's file and line, told as `check` tells it."""

    def __init__(self, found: Problem):
        super().__init__([found])
        self.problem = found


# \ggquestion{number}{title}{difficulty}{id}{...}: the difficulty anchors the id.
QUESTION_LINE = re.compile(r"^\\ggquestion\{\d+\}\{.*?\}\{(?:%s)\}\{([a-z0-9-]+)\}" % "|".join(DIFFICULTIES), re.MULTILINE)


def check_contract(tex: str, doc: Document, dirs: tuple[Path, ...]) -> None:
    ids = [e.question.id for s in doc.sections for e in s.entries]
    if QUESTION_LINE.findall(tex) != ids:
        raise TemplateError(problem(_owner(dirs, "question.tex.j2"), 1, CONTRACT["question"]))
    if not choices.options_set(tex, doc):
        raise TemplateError(problem(_owner(dirs, "options.tex.j2"), 1, CONTRACT["options"]))


def spans_of(tex: str, questions: dict[str, Path]) -> list:
    """Which question made which lines of the .tex, from the \\ggquestion lines."""
    from guidegen.outputs.latex.engine import SourceSpan

    spans = []
    line, counted = 1, 0  # newlines are counted from the last question on: from the top each time is quadratic
    for match in QUESTION_LINE.finditer(tex):
        line += tex.count("\n", counted, match.start())
        counted = match.start()
        if match.group(1) in questions:
            spans.append(SourceSpan(line, match.group(1), questions[match.group(1)]))
    return spans


def check_marks(marks: Marks | None, doc: Document, layout: Layout, dirs: tuple[Path, ...]) -> None:
    """The key's draft wrote what the sheet needs: a mark for every question, or (answers
    at the end) the height of every answer it measures."""
    from guidegen.outputs.latex.pagematch import missing

    entries = [e for s in doc.sections for e in s.entries]
    at_end = layout.key == KeyMode.END
    ids = [e.question.id for e in entries if e.matched_min.mode == AnswerMode.MEASURE] if at_end else [e.question.id for e in entries]
    if missing(marks, ids, at_end):
        raise TemplateError(problem(_owner(dirs, "preamble.tex.j2"), 1, CONTRACT["heights"]))


def _owner(dirs: tuple[Path, ...], name: str) -> Path:
    """The project's template a broken contract is most likely in: the override of the
    template the contract names, else the first override there is."""
    if len(dirs) > 1:
        overrides = sorted(p for p in dirs[0].glob("*.j2"))
        if (dirs[0] / name).is_file() or not overrides:
            return dirs[0] / name
        return overrides[0]
    return dirs[-1] / name

