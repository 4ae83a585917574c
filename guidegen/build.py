"""The pipeline, top to bottom: read and validate everything, select, draw figures,
render LaTeX, compile, and only then replace the published PDFs."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from guidegen import latex, select
from guidegen.convert import convert, convert_inline
from guidegen.errors import ContentError, GuideError, Problem, display_path
from guidegen.figures import draw_all, plan
from guidegen.model import Bank, Filters
from guidegen.reader import read_questions
from guidegen.render import Layout, Typeset, build_document, render
from guidegen.settings import load_guide
from guidegen.texescape import plain_text

WORK = ".work"  # inside the output folder: LaTeX's working directory and the figure cache


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int


@dataclass(frozen=True)
class Request:
    """Everything one `guidegen build` asks for."""

    filters: Filters = Filters()
    layout: Layout = Layout()
    name: str | None = None
    booklet_title: str = ""
    versions: int = 0  # 0: one unversioned pair; N: versions A, B, ...
    seed: int = 0


@dataclass
class Checked:
    bank: Bank
    typeset: dict[str, Typeset] = field(default_factory=dict)
    figures: dict[str, list[str]] = field(default_factory=dict)  # question id -> figure scripts


def load(project: Path) -> Checked:
    """Read and validate the whole bank, converting every question; raise ContentError."""
    problems: list[Problem] = []
    guide = load_guide(project, problems)
    questions = read_questions(project, guide, problems)
    checked = Checked(Bank(guide, tuple(questions), project) if guide else None)  # type: ignore[arg-type]
    figure_dir = project / "figures"
    for q in questions:
        title = convert_inline(q.title, q.path, 2)
        body = convert(q.question_md, q.path, q.question_line, figure_dir)
        answer = convert(q.answer_md, q.path, q.answer_line, figure_dir)
        for part in (title, body, answer):
            problems.extend(part.problems)
        checked.typeset[q.id] = Typeset(title.latex, plain_text(q.title.replace("$", "")), body.latex, answer.latex)
        checked.figures[q.id] = [f.script for f in body.figures + answer.figures]
    if problems or guide is None:
        raise ContentError(problems)
    return checked


def default_name(request: Request) -> str:
    if request.name:
        return request.name
    f = request.filters
    if f.topics and f == Filters(topics=f.topics, seed=f.seed):
        return "+".join(f.topics)
    return "guide" if f.is_empty else "booklet"


@contextmanager
def build_lock(work: Path, say):
    """One build per output folder at a time; a second one waits instead of clobbering."""
    work.mkdir(parents=True, exist_ok=True)
    with open(work / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("Waiting for another build of this output folder to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(project: Path, out: Path | None, request: Request, say=print) -> list[Output]:
    """Build the question sheet(s) and answer key(s) of one booklet; returns what was written."""
    project = project.resolve()
    out = (out or project / "build").resolve()
    checked = load(project)
    bank = checked.bank
    chosen = select.select(bank, request.filters)
    sections = select.sections(bank, chosen, request.filters)
    if request.versions and len(chosen) < 2:
        raise select.SelectionError("--versions needs at least two questions to put in different orders")
    latex.find_tools()
    name = default_name(request)
    work = out / WORK
    with build_lock(work, say):
        scripts = sorted({s for q in chosen for s in checked.figures[q.id]})
        jobs = plan([(project / "figures" / s, work / "figures" / Path(s).with_suffix(".pdf")) for s in scripts])
        draw_all(jobs, say=say)
        pairs = _version_orders(sections, request)
        results: list[tuple[Path, Path]] = []  # (compiled pdf in work, published path)
        for letter, ordered in pairs:
            stem = f"{name}-{letter}" if letter else name
            results += _compile_pair(project, work, stem, ordered, checked, request, letter, say)
        outputs = _publish(results, out)
    return outputs


def _version_orders(sections, request: Request):
    if not request.versions:
        return [("", sections)]
    seen, orders = [], []
    for index in range(request.versions):
        letter = chr(ord("A") + index)
        attempt = 0
        while True:
            ordered = select.shuffled(sections, request.seed, index * 1000 + attempt)
            flat = [q.id for _, qs in ordered for q in qs]
            if flat not in seen or attempt > 50:
                break
            attempt += 1
        seen.append(flat)
        orders.append((letter, ordered))
    return orders


def _compile_pair(project, work, stem, sections, checked: Checked, request: Request, version: str, say):
    """Render and compile the key, then the sheet (whose answer room comes from the key)."""
    layout = request.layout
    paths = {q.id: q.path for _, qs in sections for q in qs}
    guide = checked.bank.guide
    key_doc = build_document("answers", sections, checked.typeset, layout, booklet_title=request.booklet_title, version=version)
    key_job = f"{stem}-answers"
    key_tex = render(key_doc, guide, layout, project)
    _write_if_changed(work / f"{key_job}.tex", key_tex)
    say(f"Compiling {key_job}.pdf...")
    started = time.monotonic()
    latex.wait(latex.compile_tex(work, key_job, []), work, key_job, latex.spans_of(key_tex, paths))
    heights = latex.answer_heights(work, key_job)
    sheet_doc = build_document("questions", sections, checked.typeset, layout, heights, request.booklet_title, version)
    sheet_job = f"{stem}-questions"
    sheet_tex = render(sheet_doc, guide, layout, project)
    _write_if_changed(work / f"{sheet_job}.tex", sheet_tex)
    say(f"Compiling {sheet_job}.pdf...")
    latex.wait(latex.compile_tex(work, sheet_job, []), work, sheet_job, latex.spans_of(sheet_tex, paths))
    del started
    return [(work / f"{sheet_job}.pdf", Path(f"{sheet_job}.pdf")), (work / f"{key_job}.pdf", Path(f"{key_job}.pdf"))]


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def _publish(results: list[tuple[Path, Path]], out: Path) -> list[Output]:
    """Copy every compiled PDF to the output folder atomically, after all have compiled."""
    from pypdf import PdfReader

    outputs = []
    staged = []
    for compiled, name in results:
        target = out / name
        partial = target.with_name(f".{target.name}.part")
        shutil.copyfile(compiled, partial)
        staged.append((partial, target))
    for partial, target in staged:
        os.replace(partial, target)
        outputs.append(Output(target, len(PdfReader(target).pages)))
    return outputs


def check(project: Path) -> Checked:
    return load(project.resolve())


__all__ = ["build", "check", "load", "Request", "Output", "GuideError", "display_path", "replace"]
