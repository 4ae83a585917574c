"""Render the LaTeX sources of the question sheet and the answer key with Jinja."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from guidegen.errors import GuideError, display_path
from guidegen.latex.pagematch import SP_PER_PT, Marks, Piece, pieces
from guidegen.model import CM_PER_PT, DIFFICULTIES, AnswerSpace, DocKind, Guide, KeyMode, Layout, Question, Topic, Typeset
from guidegen.paths import template_dirs
from guidegen.markdown.texescape import escape_text, has_emoji, needs_unicode_engine, plain_text

TEMPLATE = "guide.tex.j2"
# Past this many characters of Markdown a question or answer cannot be one box (TeX's
# largest dimension is about 5.7 m); it is set as ordinary breakable text directly.
MAX_BOXED = 15_000


@dataclass(frozen=True)
class Room:
    """The rows of room under a question when the answers are at the end."""

    kind: str  # the sheet's kind of room; the key's rows are blank
    rows: int
    row_height: str


def room_for(space: AnswerSpace | None, answer_height_pt: float, layout: Layout) -> Room:
    """As many rows as the answer is high (at least the minimum room); one blank row
    without room, which holds the key's link to the answer."""
    kind = space.kind if space else "none"
    row_cm = 0.5 if kind == "grid" else 0.8
    answer_cm = answer_height_pt * CM_PER_PT
    height_cm = max(space.height_cm if space else 0.0, answer_cm)
    height_cm = min(height_cm, max(answer_cm, 0.7 * layout.text_height_cm))
    return Room(kind, max(1, math.ceil(height_cm / row_cm - 0.05)), f"{row_cm}cm")


@dataclass(frozen=True)
class Entry:
    number: int
    question: Question
    title_tex: str
    title_pdf: str
    question_tex: str
    answer_tex: str | None  # None in the question sheet: the answer is never handed to it
    space: AnswerSpace | None
    space_pieces: tuple[Piece, ...]  # the sheet's answer room: one piece per page it spans
    matched_min: str  # the key's: "" when not page-matched; "0pt" for an answer too long to box;
    #                   "measure": answers at the end, which write their height
    room: Room | None  # answers at the end: the rows under the question, in sheet and key alike
    keep_together: bool  # the question text is one unbreakable box


@dataclass(frozen=True)
class Section:
    topic: Topic
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Document:
    kind: DocKind
    label: str
    sections: tuple[Section, ...]
    question_count: int
    topic_names: tuple[str, ...]  # as written: templates escape everything they print (|tex)
    booklet_title: str = ""
    version: str = ""
    # What the booklet's questions and answers need (the same in sheet and key, so they paginate alike):
    emoji: bool = False  # an emoji (the twemojis package)
    unicode: bool = False  # a script only the Unicode engine prints (LuaLaTeX with fallback fonts)


def answer_space_for(question: Question, layout: Layout) -> AnswerSpace | None:
    space = layout.answer_space if layout.space_forced or question.answer_space is None else question.answer_space
    return None if space.kind == "none" else space


def build_document(
    kind: str,
    sections: list[tuple[Topic, list[Question]]],
    typeset: dict[str, Typeset],
    layout: Layout,
    marks: Marks | None = None,
    booklet_title: str = "",
    version: str = "",
) -> Document:
    """The template's model. For a page-matched sheet, `marks` (the key's draft) say how
    much room each answer takes on which pages."""
    number = 0
    matched_room = pieces(marks, [q.id for _, qs in sections for q in qs]) if marks and layout.matched else {}
    out_sections = []
    for topic, questions in sections:
        entries = []
        for q in questions:
            number += 1
            t = typeset[q.id]
            space = answer_space_for(q, layout)
            # The least room is at most 70% of a page: taller, it could not follow its question.
            minimum = f"{min(space.height_cm, 0.7 * layout.text_height_cm):.2f}cm" if space else "0pt"
            room_pieces: tuple[Piece, ...] = (Piece(minimum, False),)
            if kind == DocKind.QUESTIONS and layout.matched:
                space = space or AnswerSpace("none", 0.0)
                room_pieces = matched_room.get(q.id, room_pieces)
            boxable = len(q.answer_md) <= MAX_BOXED
            if layout.key == KeyMode.END:
                height = marks.heights.get(q.id, 0) / SP_PER_PT if marks else 0.0
                rows = room_for(space, height, layout)
                room = rows if kind == DocKind.QUESTIONS else replace(rows, kind="none")
                matched_min = "measure" if layout.measured and boxable else ""
            else:
                room = None
                matched_min = "" if not layout.matched else minimum if boxable else "0pt"
            entries.append(
                Entry(
                    number=number,
                    question=q,
                    title_tex=t.title_tex,
                    title_pdf=t.title_pdf,
                    question_tex=t.question_tex,
                    answer_tex=t.answer_tex if kind == DocKind.ANSWERS else None,
                    space=space,
                    space_pieces=room_pieces,
                    matched_min=matched_min,
                    room=room,
                    keep_together=len(q.question_md) <= MAX_BOXED,
                )
            )
        out_sections.append(Section(topic, tuple(entries)))
    label = "Questions" if kind == DocKind.QUESTIONS else "Answer key"
    texts = [t.title_tex + t.question_tex + t.answer_tex for t in (typeset[q.id] for _, qs in sections for q in qs)]
    return Document(
        kind=kind,
        label=label,
        sections=tuple(out_sections),
        question_count=number,
        topic_names=tuple(t.name for t, _ in sections),
        booklet_title=booklet_title,
        version=version,
        emoji=any("\\ggemoji{" in text for text in texts),
        unicode=any(needs_unicode_engine(text) for text in texts),
    )


@lru_cache(maxsize=8)
def environment(template_dirs: tuple[Path, ...]):
    """Jinja with LaTeX-safe delimiters; user template folders come before the defaults."""
    import jinja2

    env = jinja2.Environment(
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
    env.filters["tex"] = escape_text
    env.filters["pdftext"] = plain_text
    return env


def with_guide_needs(doc: Document, guide: Guide) -> Document:
    """The document, also needing what the guide's own texts (title, topic names...) need."""
    names = (guide.title, guide.subtitle, guide.author, doc.booklet_title, *doc.topic_names)
    return replace(doc, emoji=doc.emoji or any(map(has_emoji, names)), unicode=doc.unicode or any(map(needs_unicode_engine, names)))


def render(doc: Document, guide: Guide, layout: Layout, project: Path) -> str:
    """The document's LaTeX, from the project's templates (or the defaults), checked
    against the contract below."""
    import jinja2

    dirs = template_dirs(project)
    doc = with_guide_needs(doc, guide)
    try:
        tex = environment(dirs).get_template(TEMPLATE).render(doc=doc, guide=guide, layout=layout)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{display_path(exc.filename or exc.name or TEMPLATE)}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{_where(dirs)}: template error: {exc}") from None
    check_contract(tex, doc, dirs)
    return tex


# What guidegen reads back from the LaTeX the templates make. A project's templates may
# change anything else; these it must keep, and a build says which one is broken.
CONTRACT = {
    "question": "question.tex.j2 must start each question with a line of its own, "
                "\\ggquestion{number}{title}{difficulty}{id}{bookmark}: guidegen finds the question a LaTeX error "
                "comes from, and the page each question starts on, by it",
    "heights": "preamble.tex.j2 must write where each question and answer falls to \\jobname.heights in the key "
               "(\\ggquestion and gganswer, through \\gg@mark) when pages are matched: the question sheet reserves that room",
}


class TemplateError(GuideError):
    """A project's template override breaks what guidegen relies on."""


# \ggquestion{number}{title}{difficulty}{id}{...}: the difficulty anchors the id.
QUESTION_LINE = re.compile(r"^\\ggquestion\{\d+\}\{.*?\}\{(?:%s)\}\{([a-z0-9-]+)\}" % "|".join(DIFFICULTIES), re.MULTILINE)


def check_contract(tex: str, doc: Document, dirs: tuple[Path, ...]) -> None:
    ids = [e.question.id for s in doc.sections for e in s.entries]
    if QUESTION_LINE.findall(tex) != ids:
        raise TemplateError(f"{_where(dirs)}: {CONTRACT['question']}")


def provisional_toc(doc: Document) -> str:
    """A table of contents with every line of the real one and no page numbers yet, for a
    document's first pass. Pages are numbered from the first, which holds the contents:
    without it, the first pass would set the questions a page or more too early, and the
    next pass would move them all (for a large bank, a whole extra pass)."""
    lines = []
    for index, section in enumerate(doc.sections, 1):
        lines.append(f"\\contentsline {{section}}{{\\numberline {{{index}}}{escape_text(section.topic.name)}}}{{0}}{{}}%")
        for entry in section.entries:
            lines.append(f"\\contentsline {{subsection}}{{\\numberline {{{entry.number}}}{entry.title_tex}}}{{0}}{{}}%")
    return "\n".join(lines) + "\n"


def spans_of(tex: str, questions: dict[str, Path]) -> list:
    """Which question made which lines of the .tex, from the \\ggquestion lines."""
    from guidegen.latex.engine import SourceSpan

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
    from guidegen.latex.pagematch import missing

    entries = [e for s in doc.sections for e in s.entries]
    at_end = layout.key == KeyMode.END
    ids = [e.question.id for e in entries if e.matched_min == "measure"] if at_end else [e.question.id for e in entries]
    if missing(marks, ids, at_end):
        raise TemplateError(f"{_where(dirs)}: {CONTRACT['heights']}")


def _where(dirs: tuple[Path, ...]) -> str:
    return f"the templates in {display_path(dirs[0])}" if len(dirs) > 1 else "guidegen's own templates"
