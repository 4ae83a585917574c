"""A booklet's answer key and question sheet, compiled as a pair: in page-matched mode
the sheet gives each answer the room it takes in the key, so both paginate alike."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from guidegen import cache
from guidegen.model import Guide, Imposition, KeyMode, Layout
from guidegen.outputs.latex.page import DocKind
from guidegen.outputs.base import Made
from guidegen.outputs.latex import engine
from guidegen.outputs.latex.typeset import Typeset
from guidegen.paths import template_dirs

if TYPE_CHECKING:
    from guidegen.outputs.latex.document import Document

log = logging.getLogger("guidegen")


def missing_marks(marks, key_doc: Document) -> bool:
    """Whether a pass's marks lack a question of the key (a pass cut short): then they are
    no measure to make the sheet from."""
    from guidegen.outputs.latex.pagematch import missing

    return marks is None or bool(missing(marks, [e.question.id for s in key_doc.sections for e in s.entries]))


class Strategy(enum.Enum):
    """How a key and its sheet are compiled (see Pair.compile)."""

    PLAIN = "plain"  # the sheet does not follow the key: both compile side by side at once
    MEASURE = "measure"  # a draft pass of the key measures the answers, then both compile
    REBUILD = "rebuild"  # the sheet starts from the last build's places, beside the key


def strategy(layout: Layout, last_marks_fit: bool) -> Strategy:
    """The key/sheet decision. `last_marks_fit`: the last build's marks are there and name
    every question of this key."""
    if layout.matched and last_marks_fit:
        return Strategy.REBUILD
    return Strategy.MEASURE if layout.measured else Strategy.PLAIN


@dataclass
class Pair:
    """The key and the sheet of one booklet (or one version of it)."""

    project: Path
    work: Path
    stem: str
    sections: list
    guide: Guide
    texts: dict[str, Typeset]  # question id -> its LaTeX
    inputs: dict[str, tuple[Path, ...]]  # question id -> the figure and image files its LaTeX includes
    layout: Layout
    booklet_title: str
    version: str
    store: cache.Cache
    option_orders: dict[str, tuple[int, ...]] = field(default_factory=dict)  # this version's orders of the options
    _rooms: dict[str, int] = field(default_factory=dict)  # the key's figure rooms (_figure_rooms), as last compiled

    def _job(self, kind: DocKind, marks=None, figure_rooms=None, **options) -> tuple[engine.Job, Document]:
        from guidegen.outputs.latex.document import build_document, with_guide_needs
        from guidegen.outputs.latex.render import render, spans_of

        doc = build_document(kind, self.sections, self.texts, self.layout, marks, self.booklet_title, self.version,
                             figure_rooms, self.option_orders)
        doc = with_guide_needs(doc, self.guide)
        tex = render(doc, self.guide, self.layout, self.project)
        paths = {q.id: q.path for _, qs in self.sections for q in qs}
        inputs = tuple(f for _, qs in self.sections for q in qs for f in self.inputs[q.id])
        job = engine.Job(f"{self.stem}-{kind}", tex, tuple(spans_of(tex, paths)), tuple(dict.fromkeys(inputs)),
                         engine="lualatex" if doc.unicode else "pdflatex", **options)
        return job, doc

    def compile(self, sheet: bool = True) -> list[Made]:
        """Compile key and sheet side by side. A page-matched sheet needs the places the
        key's answers take (page and height, which the key's passes write): a first build
        measures them with a draft pass of the key; a rebuild tries the last build's.
        With the answers at the end, the sheet's rows of room are sized from the heights
        that draft measures (the key has no room, and its pages do not match the sheet's).
        `sheet=False`: the key alone (the cards' key), which depends on no measure."""
        from guidegen.outputs.latex.document import pages_follow_key
        from guidegen.outputs.latex.pagematch import missing

        at_end = self.layout.measured and not self.layout.matched
        # A rebuild fits the figures the last build's key fitted (or found alone on a page).
        self._rooms = self._figure_rooms(self._last_marks())
        key, key_doc = self._job(DocKind.ANSWERS, figure_rooms=self._rooms)
        fmt = engine.preamble_format(self.work, key.name, key.tex, key.engine)  # the sheet's preamble is the same
        self._start_contents(key_doc)
        if not sheet:
            log.info("Compiling %s.pdf...", key.name)
            engine.compile_jobs(self.work, [key], self.store, fmt)
            return self._outputs([self._refit(key, fmt)])
        last = self._last_marks() if self.layout.matched else None
        fits = last is not None and not missing(last, [e.question.id for s in key_doc.sections for e in s.entries])
        if strategy(self.layout, fits) == Strategy.REBUILD:
            key, sheet_job = self._rebuild(key, key_doc, last, fmt)
        else:
            key, sheet_job = self._first_build(key, key_doc, at_end, fmt)
        if pages_follow_key([q for _, qs in self.sections for q in qs], self.layout):
            self._check_pages_match(key.name, sheet_job.name)
        return self._outputs([sheet_job, key])

    def _outputs(self, jobs: list[engine.Job]) -> list[Made]:
        from guidegen.outputs.latex.impose import impose

        outputs = []
        for job in jobs:
            pdf = self.work / f"{job.name}.pdf"
            if self.layout.imposition != Imposition.NONE:
                pdf = impose(self.work, job.name, self.layout.paper, self.layout.imposition, self.store)
            outputs.append(Made(pdf, f"{job.name}.pdf", engine.page_count(pdf)))
        return outputs

    def _last_marks(self):
        from guidegen.outputs.latex.pagematch import read_marks

        return read_marks(self.work / f"{self.stem}-{DocKind.ANSWERS}.heights")

    def _start_contents(self, key_doc: Document) -> None:
        """On a first build, a table of contents of the right length (no page numbers
        yet): pages are numbered from the first, which holds the contents, so without it
        every question would move on the next pass, a whole extra pass."""
        from guidegen.outputs.latex.document import provisional_toc

        for kind in (DocKind.ANSWERS, DocKind.QUESTIONS):
            toc = self.work / f"{self.stem}-{kind}.toc"
            if not toc.is_file():
                at_end = kind == DocKind.ANSWERS and self.layout.key == KeyMode.END  # the key's contents list the answers
                toc.write_text(provisional_toc(key_doc, answers=at_end), "utf-8")

    def _figure_rooms(self, marks) -> dict[str, int]:
        """The rooms to fit answers' last figures into (pagematch.figure_rooms); none when
        the answers are at the end."""
        from guidegen.outputs.latex.pagematch import figure_rooms
        from guidegen.outputs.latex.document import last_figure_at

        if self.layout.key != KeyMode.INLINE:
            return {}
        ids = [q.id for _, qs in self.sections for q in qs]
        ending = {qid for qid in ids if last_figure_at(self.texts[qid].answer_tex) is not None}
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
        answers still take them (most edits), that sheet is the one. Otherwise the sheet
        is made again from the places the key's first pass measured, and compiled beside
        the key's later passes (which settle its page references, not its answers'
        heights), not after them: an edit that moves pages costs one pass less. Should a
        later pass of the key still move an answer, the sheet follows it once more."""
        from guidegen.outputs.latex.render import check_marks

        sheet, _ = self._job(DocKind.QUESTIONS, last, seed=key.name)
        log.info("Compiling %s.pdf and %s.pdf...", key.name, sheet.name)
        engine.compile_jobs(self.work, [key, sheet], self.store, fmt, one_pass=True)
        measured = self._last_marks()
        if self._figure_rooms(measured) == self._rooms and not missing_marks(measured, key_doc):
            early, _ = self._job(DocKind.QUESTIONS, measured, seed=key.name)
            if early.tex != sheet.tex:
                log.info("Compiling %s.pdf again, for the answers' new places...", sheet.name)
            engine.compile_jobs(self.work, [key, early], self.store, fmt)
            sheet = early
        else:
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

        if strategy(self.layout, False) == Strategy.MEASURE:
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
