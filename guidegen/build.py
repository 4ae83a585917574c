"""The pipeline, top to bottom: read and validate everything, select, draw figures,
render LaTeX, compile, and only then replace the published PDFs."""

from __future__ import annotations

import fcntl
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from guidegen import cache, choices_order, incremental, select
from guidegen.errors import INTERRUPTED, GuideError
from guidegen.outputs.latex import engine, grader
from guidegen.model import Bank, Booklet, BuildSettings, DocKind, Filters, Imposition, KeyMode, Layout
from guidegen.paths import cache_path, inside, output_dir, secure_work_dir, shared_mode, template_dirs

if TYPE_CHECKING:
    from guidegen.outputs.latex.render import Document

# The stages (loading, figures, templates) are imported where they are used, after the
# no-op check: a rebuild with nothing to do pays only for hashing its inputs.
log = logging.getLogger("guidegen")
NAME = re.compile(r"[a-z0-9]+(?:[-+][a-z0-9]+)*")  # output names: no path, no shell or TeX specials


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int
    rebuilt: bool = True  # False: the inputs had not changed, and the file of the last build stands


@dataclass(frozen=True)
class Request:
    """One booklet to build: which questions, how laid out, under which name."""

    filters: Filters = Filters()
    layout: Layout = Layout()
    name: str | None = None
    booklet_title: str = ""
    versions: int = 0  # 0: one unversioned pair; N: versions A, B, ...


@dataclass(frozen=True)
class Options:
    """Everything `guidegen build` was asked for: the filters, or named booklets, and the
    layout options given (the rest come from guide.yaml, read after the no-op check: its
    bytes are part of what decides that check, so the options given are enough)."""

    filters: Filters = Filters()
    settings: BuildSettings = BuildSettings()
    name: str | None = None
    booklets: tuple[str, ...] = ()
    all_booklets: bool = False

    def requests(self, bank: Bank) -> list[Request]:
        named = list(bank.guide.booklets) if self.all_booklets else [_booklet(bank, b) for b in self.booklets]
        if self.all_booklets and not named:
            raise GuideError("--all-booklets: guide.yaml declares no booklets (add a 'booklets:' list)")
        if named and not self.filters.is_empty:
            raise GuideError("--booklet/--all-booklets take their filters from guide.yaml; drop the filter options")
        if named:
            return [self._request(bank, b.filters, b.name, b.title, b.settings) for b in named]
        return [self._request(bank, self.filters, self.name, selection_title(bank, self.filters), BuildSettings())]

    def _request(self, bank: Bank, filters: Filters, name: str | None, title: str, booklet: BuildSettings) -> Request:
        """The command line first, then the booklet's entry, then guide.yaml's defaults."""
        settings = self.settings.over(booklet).over(bank.guide.defaults)
        return Request(filters, settings.layout(), name, title, settings.versions or 0)


def selection_title(bank: Bank, filters: Filters) -> str:
    """What a booklet cut with filters is about, for its cover and running head: its
    topics by name, and the difficulties asked for ("" for the whole bank, or ids alone)."""
    names = {t.slug: t.name for t in bank.guide.topics}
    parts = [" and ".join(names.get(slug, slug) for slug in filters.topics)] if filters.topics else []
    if filters.difficulties:
        parts.append(" or ".join(filters.difficulties) + " questions")
    return ", ".join(parts)


def _booklet(bank: Bank, name: str) -> Booklet:
    for booklet in bank.guide.booklets:
        if booklet.name == name:
            return booklet
    known = ", ".join(b.name for b in bank.guide.booklets) or "none declared"
    raise GuideError(f"unknown booklet '{name}' (booklets in guide.yaml: {known})")


def check_name(name: str) -> str:
    """An output name given by the user: a slug, so it can only name files in OUT."""
    if not NAME.fullmatch(name):
        raise GuideError(f"--name must be lowercase letters, digits and hyphens (it names files in the output folder), got {name!r}")
    return name


def default_name(request: Request) -> str:
    """guide for the whole bank, topic slugs joined by '+', else the filters in words."""
    if request.name:
        return request.name
    f = request.filters
    if f.is_empty:
        return "guide"
    # The values of the filters, except ids: a list of ids is "a selection".
    parts = [v for _, spec, values in f.values() if spec.attribute != "id" for v in values]
    if any(values for _, spec, values in f.values() if spec.attribute == "id"):
        parts.append("selection")
    if f.count is not None:
        parts.append(f"{f.count}{'-balanced' if f.balanced else ''}-seed{f.seed}")
    return "+".join(parts)


def build_guide(project: Path, out: Path | None, options: Options) -> list[Output]:
    """What `guidegen build` does: nothing when no input changed since the same build,
    else load the bank (with its cache), resolve the booklets and build them."""
    project = project.resolve()
    out = output_dir(project, out)
    if options.name is not None:
        check_name(options.name)
    secure_work_dir(out)  # before the cache in it is opened
    inputs = incremental.inputs_key(project, options)  # before anything is read: see inputs_key
    ready = incremental.up_to_date(out, inputs)
    if ready:
        return [Output(path, pages, rebuilt=False) for path, pages in ready]
    from guidegen.load import load

    bank = load(project, cache_path(out))
    outputs = build(project, out, bank, options.requests(bank))
    incremental.record(out, inputs, [(o.path, o.pages) for o in outputs])
    return outputs


def check_project(project: Path) -> Bank:
    """What `guidegen check` does: load and validate the bank as a build would, then the
    checks that belong to the LaTeX output (the project's templates); ContentError
    listing every problem."""
    from guidegen.errors import ContentError
    from guidegen.outputs.latex.render import check_templates
    from guidegen.load import load

    from guidegen.outputs.latex.render import template_problems

    project = project.resolve()
    try:
        bank = load(project)
    except ContentError as exc:
        # The templates' own problems (unreadable, unparsable) are told in the same run.
        found = [p for p in template_problems(project) if p not in exc.problems]
        raise ContentError(exc.problems + found) from None
    problems = check_templates(project, bank)
    if problems:
        raise ContentError(problems)
    return bank


@contextmanager
def build_lock(work: Path):
    """One build per output folder at a time; a second one waits instead of clobbering."""
    work.mkdir(parents=True, exist_ok=True)
    with open(work / "lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("Waiting for another build of this output folder to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(project: Path, out: Path, bank: Bank, requests: list[Request]) -> list[Output]:
    """Build every requested booklet; all are validated and compiled before any PDF is replaced."""
    from guidegen.figures.draw import draw_all, plan, timeout as figure_timeout
    from guidegen.errors import ContentError
    from guidegen.outputs.latex.render import template_problems

    problems = template_problems(project)  # before any figure is drawn or LaTeX run
    if problems:
        raise ContentError(problems)
    plans = []
    for request in requests:
        chosen = select.select(bank, request.filters)
        sections = select.sections(bank, chosen, request.filters)
        orders = _version_orders(sections, request)
        plans.append((request, chosen, orders))
    engine.timeout(), figure_timeout()  # a bad GUIDEGEN_*_TIMEOUT is said before any work is done
    engine.find_tools()  # and LuaLaTeX, when a booklet needs it, before its first pass
    work = secure_work_dir(out)
    with build_lock(work):
        store = cache.Cache(cache_path(out))
        try:
            figures = work / "figures"
            scripts = sorted({f for _, chosen, _ in plans for q in chosen for f in bank.figure_scripts[q.id]})
            jobs = plan([(project / "figures" / s, figures / Path(s).with_suffix(".pdf")) for s in scripts], store)
            draw_all(jobs, store)
            figure_pdfs = {s: figures / Path(s).with_suffix(".pdf") for s in scripts}
            from guidegen.outputs.latex.convert import image_tex_path

            for source in sorted({i for _, chosen, _ in plans for q in chosen for i in bank.images[q.id]}):
                figure_pdfs[source] = _copy_image(project / source, work / image_tex_path(source))
            results: list[tuple[Path, str]] = []  # (compiled PDF in work/, published file name)
            for request, _, orders in plans:
                layout = replace(request.layout, paper=request.layout.paper or bank.guide.paper)
                name = default_name(request)
                for letter, ordered in orders:
                    stem = f"{name}-{letter}" if letter else name
                    pair = _Pair(project, work, stem, ordered, bank, request, layout, letter, figure_pdfs, store)
                    pair.option_orders = choices_order.orders_for(ordered, request.filters.seed, letter)  # issue 22
                    results += pair.compile()
                results += grader.compile_grader(project, work, name, orders, bank, request, layout, store)  # issue 22
            return _publish(results, out)
        finally:
            store.close()


def _version_orders(sections, request: Request):
    """Versions A, B, ... as different orders of the same questions (A keeps guide order)."""
    if not request.versions:
        return [("", sections)]
    possible = math.prod(math.factorial(min(len(qs), 20)) for _, qs in sections)
    if request.versions > possible:
        raise select.SelectionError(f"--versions {request.versions}: these {sum(len(qs) for _, qs in sections)} questions "
                                    f"can be put in only {possible} different order{'s' if possible != 1 else ''} "
                                    "(questions stay in their topic's section); ask for fewer versions or more questions")
    seen: set[tuple[str, ...]] = set()
    orders = []
    for index in range(request.versions):
        for attempt in range(1000):
            ordered = select.shuffled(sections, request.filters.seed, index * 1000 + attempt)
            flat = tuple(q.id for _, qs in ordered for q in qs)
            if flat not in seen:
                break
        else:
            raise select.SelectionError(f"--versions {request.versions}: could not find that many different orders; ask for fewer")
        seen.add(flat)
        orders.append((chr(ord("A") + index), ordered))
    return orders


@dataclass
class _Pair:
    """The key and the sheet of one booklet (or one version of it)."""

    project: Path
    work: Path
    stem: str
    sections: list
    bank: Bank
    request: Request
    layout: Layout
    version: str
    figure_pdfs: dict[str, Path]
    store: cache.Cache
    _rooms: dict[str, int] = field(default_factory=dict)  # the key's figure rooms (_figure_rooms), as last compiled
    option_orders: dict[str, tuple[int, ...]] = field(default_factory=dict)  # issue 22: this version's option orders

    def _job(self, kind: DocKind, marks=None, figure_rooms=None, **options) -> tuple[engine.Job, Document]:
        from guidegen.outputs.latex.render import build_document, render, spans_of, with_guide_needs

        doc = build_document(kind, self.sections, self.bank.typeset, self.layout, marks, self.request.booklet_title, self.version,
                             figure_rooms, self.option_orders)
        doc = with_guide_needs(doc, self.bank.guide)
        tex = render(doc, self.bank.guide, self.layout, self.project)
        paths = {q.id: q.path for _, qs in self.sections for q in qs}
        inputs = tuple(self.figure_pdfs[f] for _, qs in self.sections for q in qs
                       for f in self.bank.figure_scripts[q.id] + self.bank.images[q.id])
        job = engine.Job(f"{self.stem}-{kind}", tex, tuple(spans_of(tex, paths)), tuple(dict.fromkeys(inputs)),
                         engine="lualatex" if doc.unicode else "pdflatex", **options)
        return job, doc

    def compile(self) -> list[tuple[Path, str]]:
        """Compile key and sheet side by side. A page-matched sheet needs the places the
        key's answers take (page and height, which the key's passes write): a first build
        measures them with a draft pass of the key; a rebuild tries the last build's.
        With the answers at the end, the sheet's rows of room are sized from the heights
        that draft measures (the key has no room, and its pages do not match the sheet's)."""
        from guidegen.outputs.latex.impose import impose
        from guidegen.outputs.latex.pagematch import missing

        at_end = self.layout.measured and not self.layout.matched
        # A rebuild fits the figures the last build's key fitted (or found alone on a page).
        self._rooms = self._figure_rooms(self._last_marks())
        key, key_doc = self._job(DocKind.ANSWERS, figure_rooms=self._rooms)
        fmt = engine.preamble_format(self.work, key.name, key.tex)  # the sheet's preamble is the same
        self._start_contents(key_doc)
        last = self._last_marks() if self.layout.matched else None
        if last is not None and not missing(last, [e.question.id for s in key_doc.sections for e in s.entries]):
            key, sheet = self._rebuild(key, key_doc, last, fmt)
        else:
            key, sheet = self._first_build(key, key_doc, at_end, fmt)
        if self.layout.matched:
            self._check_pages_match(key.name, sheet.name)
        outputs = []
        for job in (sheet, key):
            pdf = self.work / f"{job.name}.pdf"
            if self.layout.imposition != Imposition.NONE:
                pdf = impose(self.work, job.name, self.layout.paper, self.layout.imposition, self.store)
            outputs.append((pdf, f"{job.name}.pdf"))
        return outputs

    def _last_marks(self):
        from guidegen.outputs.latex.pagematch import read_marks

        return read_marks(self.work / f"{self.stem}-{DocKind.ANSWERS}.heights")

    def _start_contents(self, key_doc: Document) -> None:
        """On a first build, a table of contents of the right length (no page numbers
        yet): pages are numbered from the first, which holds the contents, so without it
        every question would move on the next pass, a whole extra pass."""
        from guidegen.outputs.latex.render import provisional_toc

        for kind in (DocKind.ANSWERS, DocKind.QUESTIONS):
            toc = self.work / f"{self.stem}-{kind}.toc"
            if not toc.is_file():
                at_end = kind == DocKind.ANSWERS and self.layout.key == KeyMode.END  # the key's contents list the answers
                toc.write_text(provisional_toc(key_doc, answers=at_end), "utf-8")

    def _figure_rooms(self, marks) -> dict[str, int]:
        """The rooms to fit answers' last figures into (pagematch.figure_rooms); none when
        the answers are at the end."""
        from guidegen.outputs.latex.pagematch import figure_rooms
        from guidegen.outputs.latex.render import last_figure_at

        if self.layout.key != KeyMode.INLINE:
            return {}
        ids = [q.id for _, qs in self.sections for q in qs]
        ending = {qid for qid in ids if last_figure_at(self.bank.typeset[qid].answer_tex) is not None}
        return figure_rooms(marks, ids, ending) if ending else {}

    def _refit(self, key: engine.Job, fmt: str | None, draft: bool = False) -> engine.Job:
        """The key again, once, if its marks show an answer's last figure alone on a page
        (or no longer needing the room it was given): only then does this cost a run."""
        rooms = self._figure_rooms(self._last_marks())
        if rooms == self._rooms:
            return key
        self._rooms = rooms
        key, _ = self._job(DocKind.ANSWERS, figure_rooms=rooms)
        log.info("Compiling %s.pdf again, to set a figure on the page of its text...", key.name)
        engine.compile_jobs(self.work, [replace(key, draft=True) if draft else key], self.store, fmt)
        return key

    def _rebuild(self, key: engine.Job, key_doc: Document, last, fmt: str | None) -> tuple[engine.Job, engine.Job]:
        """The key beside a sheet made from the last build's places. When the key's
        answers still take them (most edits), that sheet is the one; otherwise it is made
        again from the key's new marks, no later than a draft of the key would allow."""
        from guidegen.outputs.latex.render import check_marks

        sheet, _ = self._job(DocKind.QUESTIONS, last, seed=key.name)
        log.info("Compiling %s.pdf and %s.pdf...", key.name, sheet.name)
        engine.compile_jobs(self.work, [key, sheet], self.store, fmt)
        key = self._refit(key, fmt)
        marks = self._last_marks()
        check_marks(marks, key_doc, self.layout, template_dirs(self.project))
        final, _ = self._job(DocKind.QUESTIONS, marks, seed=key.name)
        if final.tex != sheet.tex:
            log.info("Compiling %s.pdf again, for the answers' new places...", sheet.name)
            engine.compile_jobs(self.work, [final], self.store, fmt)
        return key, final

    def _first_build(self, key: engine.Job, key_doc: Document, at_end: bool, fmt: str | None) -> tuple[engine.Job, engine.Job]:
        """A draft pass of the key measures the answers (when the sheet needs them); a
        page-matched sheet starts from the key's contents and labels, which are the sheet's
        too since pages match. The key does not depend on the measures, so its draft and
        full compile are of the same .tex."""
        from guidegen.outputs.latex.render import check_marks

        if self.layout.measured:
            log.info("Measuring answers for %s-questions.pdf...", self.stem)
            engine.compile_jobs(self.work, [replace(key, draft=True)], self.store, fmt)
            key = self._refit(key, fmt, draft=True)
            marks = self._last_marks()
            check_marks(marks, key_doc, self.layout, template_dirs(self.project))
            # Pages match (answers inline): the sheet starts from the key's contents and
            # labels. With the answers at the end they do not, and it starts from its own.
            sheet, _ = self._job(DocKind.QUESTIONS, marks, seed=None if at_end else key.name)
        else:
            sheet, _ = self._job(DocKind.QUESTIONS)
        log.info("Compiling %s.pdf and %s.pdf...", key.name, sheet.name)
        engine.compile_jobs(self.work, [key, sheet], self.store, fmt)
        if not self.layout.measured:
            key = self._refit(key, fmt)  # the sheet does not follow the key's pages
        return key, sheet

    def _check_pages_match(self, key_job: str, sheet_job: str) -> None:
        key, sheet = engine.question_pages(self.work, key_job), engine.question_pages(self.work, sheet_job)
        differ = sorted(q for q in key if key[q] != sheet.get(q))
        if differ:
            log.warning(f"Warning: {len(differ)} question(s) start on different pages in {sheet_job}.pdf and {key_job}.pdf: {', '.join(differ[:5])}")


def _copy_image(source: Path, target: Path) -> Path:
    """A project image, copied into the work folder where LaTeX (confined to it) can read
    it; an SVG is converted to PDF there (rsvg-convert, which reads nothing beside it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    copy = target.with_suffix(".svg") if source.suffix.lower() == ".svg" else target
    if not copy.is_file() or copy.read_bytes() != data or not target.is_file():
        partial = copy.with_name(f"{copy.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        os.replace(partial, copy)
        if copy != target:
            _svg_to_pdf(source, copy, target)
    return target


def _svg_to_pdf(source: Path, svg: Path, pdf: Path) -> None:
    from guidegen.errors import ContentError, problem

    if shutil.which("rsvg-convert") is None:
        raise GuideError("rsvg-convert is needed for SVG images: install librsvg2-bin (Debian/Ubuntu) or librsvg (others); guidegen doctor says what is missing")
    partial = pdf.with_name(f"{pdf.name}.{os.getpid()}.part")
    process = engine.start(["rsvg-convert", "-f", "pdf", "-o", partial.name, svg.name], svg.parent,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, error = process.communicate(timeout=60)
    except BaseException:
        engine.kill(process)
        partial.unlink(missing_ok=True)
        raise
    if process.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        svg.unlink(missing_ok=True)  # so the next build tries again
        reason = (error or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise ContentError([problem(source, 1, f"this SVG image cannot be converted: {reason[0][:200]}")], "no PDF was written")
    os.replace(partial, pdf)


def _publish(results: list[tuple[Path, str]], out: Path) -> list[Output]:
    """Copy every compiled PDF to the output folder atomically, only after all have compiled
    (and never after Ctrl-C, even one whose KeyboardInterrupt Python dropped)."""
    if INTERRUPTED.is_set():
        raise KeyboardInterrupt
    staged = []
    try:
        for compiled, name in results:
            target = out / name
            if not inside(out, target.parent):
                raise GuideError(f"refusing to write {name} outside the output folder")
            handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=out)
            os.close(handle)
            shutil.copyfile(compiled, partial)
            os.chmod(partial, shared_mode())
            staged.append((Path(partial), target, engine.page_count(compiled)))
        outputs = []
        for partial, target, pages in staged:
            os.replace(partial, target)
            outputs.append(Output(target, pages))
        return outputs
    finally:
        for partial, _, _ in staged:
            partial.unlink(missing_ok=True)
