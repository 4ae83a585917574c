"""The pipeline, top to bottom: read and validate everything, select, draw figures,
render LaTeX, compile, and only then replace the published PDFs."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from guidegen import latex, select
from guidegen.bank import Checked, load
from guidegen.figures import draw_all, plan
from guidegen.impose import impose
from guidegen.model import Filters
from guidegen.render import Layout, build_document, matched, render

WORK = ".work"  # inside the output folder: LaTeX's working directory and the figure cache


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int


@dataclass(frozen=True)
class Request:
    """One booklet to build: which questions, how laid out, under which name."""

    filters: Filters = Filters()
    layout: Layout = Layout()
    paper: str | None = None  # None: the guide settings' paper
    name: str | None = None
    booklet_title: str = ""
    versions: int = 0  # 0: one unversioned pair; N: versions A, B, ...


def default_name(request: Request) -> str:
    """guide for the whole bank, topic slugs joined by '+', else the filters in words."""
    if request.name:
        return request.name
    f = request.filters
    if f.is_empty:
        return "guide"
    parts = list(f.topics + f.tags + f.difficulties)
    if f.ids or f.exclude_ids:
        parts.append("selection")
    if f.count is not None:
        parts.append(f"{f.count}{'-balanced' if f.balanced else ''}-seed{f.seed}")
    return "+".join(parts)


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


def build(project: Path, out: Path | None, requests: list[Request], say=print, checked: Checked | None = None) -> list[Output]:
    """Build every requested booklet; all are validated and compiled before any PDF is replaced."""
    project = project.resolve()
    out = (out or project / "build").resolve()
    checked = checked or load(project)
    bank = checked.bank
    plans = []
    for request in requests:
        chosen = select.select(bank, request.filters)
        if request.versions and len(chosen) < 2:
            raise select.SelectionError("--versions needs at least two questions to put in different orders")
        plans.append((request, chosen, select.sections(bank, chosen, request.filters)))
    latex.find_tools()
    work = out / WORK
    with build_lock(work, say):
        scripts = sorted({s for _, chosen, _ in plans for q in chosen for s in checked.figures[q.id]})
        jobs = plan([(project / "figures" / s, work / "figures" / Path(s).with_suffix(".pdf")) for s in scripts])
        draw_all(jobs, say=say)
        results: list[tuple[Path, str]] = []  # (compiled PDF in work/, published file name)
        for request, _, sections in plans:
            layout = replace(request.layout, paper=request.paper or bank.guide.paper)
            name = default_name(request)
            for letter, ordered in _version_orders(sections, request):
                stem = f"{name}-{letter}" if letter else name
                results += _compile_pair(project, work, stem, ordered, checked, request, layout, letter, say)
        return _publish(results, out)


def _version_orders(sections, request: Request):
    """Versions A, B, ... as different orders of the same questions (A keeps guide order)."""
    if not request.versions:
        return [("", sections)]
    seen: list[list[str]] = []
    orders = []
    for index in range(request.versions):
        for attempt in range(100):
            ordered = select.shuffled(sections, request.filters.seed, index * 100 + attempt)
            flat = [q.id for _, qs in ordered for q in qs]
            if flat not in seen:
                break
        seen.append(flat)
        orders.append((chr(ord("A") + index), ordered))
    return orders


def _compile_pair(project, work, stem, sections, checked: Checked, request: Request, layout: Layout, version: str, say):
    """Compile the key and the sheet, in parallel.

    A page-matched sheet needs the answer heights the key measures. A draft pass of the
    key (no PDF written) gives them, with the key's table of contents and page labels,
    which are the sheet's too since their pages match; then both finish side by side."""
    paths = {q.id: q.path for _, qs in sections for q in qs}
    guide = checked.bank.guide
    key_job, sheet_job = f"{stem}-answers", f"{stem}-questions"
    key_tex = render(build_document("answers", sections, checked.typeset, layout, None, request.booklet_title, version), guide, layout, project)
    key_changed = _write_if_changed(work / f"{key_job}.tex", key_tex)
    key_spans = latex.spans_of(key_tex, paths)
    fmt = latex.preamble_format(work, key_job, key_tex)  # the sheet's preamble is the same
    heights = None
    if matched(layout):
        if key_changed or not (work / f"{key_job}.heights").is_file():
            say(f"Measuring answers for {sheet_job}.pdf...")
            latex.wait(latex.compile_tex(work, key_job, "draft", fmt), work, key_job, key_spans)
        heights = latex.answer_heights(work, key_job)
    sheet_doc = build_document("questions", sections, checked.typeset, layout, heights, request.booklet_title, version)
    sheet_tex = render(sheet_doc, guide, layout, project)
    _write_if_changed(work / f"{sheet_job}.tex", sheet_tex)
    sheet_needed = not latex.is_current(work, sheet_job, sheet_tex)
    if matched(layout) and sheet_needed:
        for ext in (".aux", ".toc", ".out"):  # the key's labels and contents, before it moves on
            if (work / f"{key_job}{ext}").is_file():
                shutil.copyfile(work / f"{key_job}{ext}", work / f"{sheet_job}{ext}")
    say(f"Compiling {key_job}.pdf and {sheet_job}.pdf...")
    sheet_spans = latex.spans_of(sheet_tex, paths)
    if matched(layout):
        # Both start from the draft pass's references: a pass or two each, side by side.
        jobs = [(key_job, key_spans)] if key_changed or not latex.is_current(work, key_job, key_tex) else []
        jobs += [(sheet_job, sheet_spans)] if sheet_needed else []
        latex.converge(work, jobs, fmt)
        latex.mark_current(work, key_job, key_tex)
    else:
        key = latex.compile_tex(work, key_job, fmt=fmt)
        sheet = latex.compile_tex(work, sheet_job, fmt=fmt) if sheet_needed else None
        latex.wait(key, work, key_job, key_spans)
        if sheet is not None:
            latex.wait(sheet, work, sheet_job, sheet_spans)
    if sheet_needed:
        latex.mark_current(work, sheet_job, sheet_tex)
    if matched(layout):
        _check_pages_match(work, key_job, sheet_job, say)
    outputs = []
    for job in (sheet_job, key_job):
        pdf = work / f"{job}.pdf"
        if layout.imposition != "none":
            pdf = impose(work, job, layout.paper, layout.imposition)
        outputs.append((pdf, f"{job}.pdf"))
    return outputs


_QUESTION_PAGE = re.compile(r"\\newlabel\{gg:q:([a-z0-9-]+)\}\{\{[^{}]*\}\{(\d+)\}")


def _question_pages(work: Path, job: str) -> dict[str, str]:
    aux = work / f"{job}.aux"
    return dict(_QUESTION_PAGE.findall(aux.read_text("utf-8", "replace"))) if aux.is_file() else {}


def _check_pages_match(work: Path, key_job: str, sheet_job: str, say) -> None:
    long = sorted(q for q, h in latex.answer_heights(work, key_job).items() if h == "unmatched")
    if long:
        say(f"Warning: the answer to {', '.join(long)} is longer than a page, so {sheet_job}.pdf cannot match the key's pages after it")
        return
    key, sheet = _question_pages(work, key_job), _question_pages(work, sheet_job)
    differ = sorted(q for q in key if key[q] != sheet.get(q))
    if differ:
        say(f"Warning: {len(differ)} question(s) start on different pages in {sheet_job}.pdf and {key_job}.pdf: {', '.join(differ[:5])}")


def _write_if_changed(path: Path, text: str) -> bool:
    """Keep the file (and its timestamp) when the text is unchanged, so latexmk can skip it."""
    if path.is_file() and path.read_text("utf-8") == text:
        return False
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, "utf-8")
    os.replace(partial, path)
    return True


def _publish(results: list[tuple[Path, str]], out: Path) -> list[Output]:
    """Copy every compiled PDF to the output folder atomically, only after all have compiled."""
    staged = []
    for compiled, name in results:
        target = out / name
        partial = target.with_name(f".{target.name}.part")
        shutil.copyfile(compiled, partial)
        staged.append((partial, target, latex.page_count(compiled)))
    outputs = []
    for partial, target, pages in staged:
        os.replace(partial, target)
        outputs.append(Output(target, pages))
    return outputs
