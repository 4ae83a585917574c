"""The model the templates get (the contract's other half): a booklet's sections and
entries, each question's LaTeX, the room the sheet leaves and how the key sets each
answer, and what the document needs from the engine (emoji, Unicode fonts, scripts)."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, replace

from guidegen.model import CM_PER_PT, AnswerSpace, Guide, KeyMode, Layout, Question, SpaceKind, Topic
from guidegen.outputs.latex.page import DocKind, text_height_cm
from guidegen.outputs.latex import choices  # options, points, grading table
from guidegen.outputs.latex.pagematch import SP_PER_PT, Marks, Piece, pieces
from guidegen.outputs.latex.scriptfonts import ScriptFont, needs_cjk_font, needs_dejavu_font, script_fonts
from guidegen.outputs.latex.texescape import escape_text, has_emoji, needs_unicode_engine
from guidegen.outputs.latex.typeset import Typeset

# A booklet of at most this many questions has no contents: its questions start on page 1,
# under the title block (a 5-question booklet spent its first page on title and contents).
SMALL_BOOKLET = 8
# Past this many characters of Markdown a question or answer cannot be one box (TeX's
# largest dimension is about 5.7 m); it is set as ordinary breakable text directly.
MAX_BOXED = 15_000
# Nor past this many lines: TeX measures a box of at most 16,383 pt (5.76 m), and a
# thousand one-line paragraphs (about 20 pt each, with the space between) are taller.
MAX_BOXED_LINES = 300


def boxable(markdown: str) -> bool:
    """Whether a question or answer can be set as one box: short enough in characters
    and, counting a line per source line and per 90 characters, in lines."""
    return len(markdown) <= MAX_BOXED and markdown.count("\n") + len(markdown) // 90 <= MAX_BOXED_LINES


@dataclass(frozen=True)
class Room:
    """The rows of room under a question when the answers are at the end."""

    kind: str  # the sheet's kind of room; the key's rows are blank
    rows: int
    row_height: str


def room_for(space: AnswerSpace | None, answer_height_pt: float, layout: Layout) -> Room:
    """As many rows as the answer is high (at least the minimum room); one blank row
    without room, which holds the key's link to the answer."""
    kind = space.kind if space else SpaceKind.NONE
    row_cm = 0.5 if kind == SpaceKind.GRID else 0.8
    answer_cm = answer_height_pt * CM_PER_PT
    height_cm = max(space.height_cm if space else 0.0, answer_cm)
    height_cm = min(height_cm, max(answer_cm, 0.7 * text_height_cm(layout)))
    return Room(kind, max(1, math.ceil(height_cm / row_cm - 0.05)), f"{row_cm}cm")


class AnswerMode(enum.Enum):
    """How the key sets an answer (the second argument of the gganswer environment)."""

    DIRECT = "direct"  # too long to be one box: set as ordinary breakable text
    NATURAL = "natural"  # not page-matched: boxed only to keep its first lines with its label
    MEASURE = "measure"  # answers at the end: boxed, and its height written for the sheet's room
    MATCHED = "matched"  # page-matched: boxed, at least `minimum` tall (the sheet's least room)


@dataclass(frozen=True)
class AnswerSetting:
    mode: AnswerMode
    minimum: str = "0pt"  # MATCHED: a TeX length

    def __str__(self) -> str:
        """The environment's argument, as the templates print it: empty for DIRECT, the
        least height for MATCHED, else the mode's name."""
        return {AnswerMode.DIRECT: "", AnswerMode.MATCHED: self.minimum}.get(self.mode, self.mode.value)


def answer_setting(layout: Layout, boxed: bool, minimum: str) -> AnswerSetting:
    """How the key sets an answer that can (`boxed`) or cannot be one box."""
    if layout.key == KeyMode.END:
        if not boxed:
            return AnswerSetting(AnswerMode.DIRECT)
        return AnswerSetting(AnswerMode.MEASURE if layout.measured else AnswerMode.NATURAL)
    if not layout.matched:
        return AnswerSetting(AnswerMode.NATURAL if boxed else AnswerMode.DIRECT)
    return AnswerSetting(AnswerMode.MATCHED, minimum if boxed else "0pt")


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
    matched_min: AnswerSetting  # how the key sets the answer
    room: Room | None  # answers at the end: the rows under the question in the sheet (the key has none)
    keep_together: bool  # the question text is one unbreakable box
    options: tuple = ()  # (outputs.latex.choices): OptionEntry: lettered, in this version's order; right or not in the key only
    right_letters: str | None = None  # the key's "B, D"; None in the sheet and for an open question
    points: str = ""  # "2 points", beside the title


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
    scripts: tuple[ScriptFont, ...] = ()  # scripts LuaLaTeX sets through babel (Thai, Devanagari, Hebrew, Arabic)
    cjk: bool = False  # a character only the CJK fallback font has (LuaLaTeX loads that font only then)
    dejavu: bool = False  # a character Latin Modern and CMU may lack (LuaLaTeX loads DejaVu only then)
    contents: bool = True  # a contents list on page 1, the questions from page 2 (not in a small booklet)
    grading: tuple = ()  # GradingPart: the grading table on the first page (none when no question has points)
    total_points: str = ""


_FIGURE = "\\ggfigure{"


def last_figure_at(answer_tex: str) -> int | None:
    """Where the figure that ends an answer starts in its LaTeX (None: the answer does not
    end with a figure): a \\ggfigure{file}{caption} followed by nothing but space."""
    start = answer_tex.rfind(_FIGURE)
    if start < 0:
        return None
    depth, groups = 0, 0
    for index in range(start + len(_FIGURE) - 1, len(answer_tex)):
        char = answer_tex[index]
        if char == "\\":
            continue
        if char == "{" and answer_tex[index - 1] != "\\":
            depth += 1
        elif char == "}" and answer_tex[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                groups += 1
                if groups == 2:
                    return start if not answer_tex[index + 1:].strip() else None
    return None


def fitted_last_figure(answer_tex: str, room_sp: int) -> str:
    """The answer with its last figure set to fit `room_sp` (\\ggfigurefit)."""
    start = last_figure_at(answer_tex)
    if start is None:
        return answer_tex
    room = f"\\ggfigurefit{{{room_sp / SP_PER_PT:.2f}pt}}{{"
    return answer_tex[:start] + room + answer_tex[start + len(_FIGURE):]


def answer_space_for(question: Question, layout: Layout) -> AnswerSpace | None:
    """The room the sheet leaves under a question: its file's `answer_space:`, or the
    build's; none for a question with options whose file asks for none (ticking a box
    needs no writing room), unless the build option sets the room of every question."""
    if question.options and question.answer_space is None and not layout.space_forced:
        return None
    space = layout.answer_space if layout.space_forced or question.answer_space is None else question.answer_space
    return None if space.kind == SpaceKind.NONE else space


def pages_follow_key(questions: list[Question], layout: Layout) -> bool:
    """Whether the sheet's pages match the key's: page-matched, and every question has
    room in the sheet. A question with options and no room takes only its own lines in
    the sheet, so the sheet's pages fill with the questions that follow; the key keeps its
    own flow, and the open questions' room is as tall as their answers (rows)."""
    return layout.matched and all(answer_space_for(q, layout) is not None or not q.options for q in questions)


def _answer_height(marks: Marks, qid: str) -> int:
    """How tall the key's answer is (sp), its pieces on every page it spans added up."""
    (start_page, start_y), (end_page, end_y) = marks.starts[qid], marks.ends[qid]
    if start_page == end_page:
        return start_y - end_y
    return (start_y - marks.bottom) + (end_page - start_page - 1) * marks.text_height + (marks.top - end_y)


def build_document(
    kind: str,
    sections: list[tuple[Topic, list[Question]]],
    typeset: dict[str, Typeset],
    layout: Layout,
    marks: Marks | None = None,
    booklet_title: str = "",
    version: str = "",
    figure_rooms: dict[str, int] | None = None,
    option_orders: dict[str, tuple[int, ...]] | None = None,
) -> Document:
    """The template's model. For a page-matched sheet, `marks` (the key's draft) say how
    much room each answer takes on which pages. In the key, `figure_rooms` (sp, by
    question) are the rooms the last figures of some answers are fitted into
    (pagematch.figure_rooms). `option_orders` (by question) are this version's orders of
    the options (choices_order); without, the source's."""
    option_orders = option_orders or {}
    number = 0
    follows = pages_follow_key([q for _, qs in sections for q in qs], layout)
    matched_room = pieces(marks, [q.id for _, qs in sections for q in qs]) if marks and follows else {}
    out_sections = []
    for topic, questions in sections:
        entries = []
        for q in questions:
            number += 1
            t = typeset[q.id]
            space = answer_space_for(q, layout)
            # The least room is at most 70% of a page: taller, it could not follow its question.
            minimum = f"{min(space.height_cm, 0.7 * text_height_cm(layout)):.2f}cm" if space else "0pt"
            room_pieces: tuple[Piece, ...] = (Piece(minimum, False),)
            if kind == DocKind.QUESTIONS and follows:
                space = space or AnswerSpace(SpaceKind.NONE, 0.0)
                room_pieces = matched_room.get(q.id, room_pieces)
            answer_boxed = boxable(q.answer_md)
            if layout.key == KeyMode.END:
                # Only the sheet has room; the key's question carries a link to its answer
                # instead (its pages no longer match the sheet's: room it reserved blank
                # made a 38-page key whose first 19 pages were 84-94% empty).
                height = marks.heights.get(q.id, 0) / SP_PER_PT if marks else 0.0
                room = room_for(space, height, layout) if kind == DocKind.QUESTIONS and (space or not q.options) else None
            elif kind == DocKind.QUESTIONS and layout.matched and not follows and space is not None:
                # The sheet has its own pages: rows as tall as the key's answer.
                height = _answer_height(marks, q.id) / SP_PER_PT if marks and q.id in marks.ends else 0.0
                room = room_for(space, height, layout)
            else:
                room = None
            matched_min = answer_setting(layout, answer_boxed, minimum)
            entries.append(
                Entry(
                    number=number,
                    question=q,
                    title_tex=t.title_tex,
                    title_pdf=t.title_pdf,
                    question_tex=t.question_for(kind == DocKind.ANSWERS),
                    answer_tex=(fitted_last_figure(t.answer_tex, figure_rooms[q.id]) if figure_rooms and q.id in figure_rooms
                                else t.answer_tex) if kind == DocKind.ANSWERS else None,
                    space=space,
                    space_pieces=room_pieces,
                    matched_min=matched_min,
                    room=room,
                    keep_together=boxable(q.question_md),
                    options=choices.entry_options(q, t, option_orders.get(q.id), kind),
                    right_letters=choices.entry_right_letters(q, option_orders.get(q.id), kind),
                    points=choices.points_text(q.points),
                )
            )
        out_sections.append(Section(topic, tuple(entries)))
    label = "Questions" if kind == DocKind.QUESTIONS else "Answer key"
    texts = [t.title_tex + t.question_tex + t.answer_tex + "".join(t.options_tex)
             for t in (typeset[q.id] for _, qs in sections for q in qs)]
    grading, total = choices.grading_parts([q for _, qs in sections for q in qs], layout)
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
        scripts=script_fonts(texts),
        cjk=needs_cjk_font(texts),
        dejavu=needs_dejavu_font(texts),
        contents=number > SMALL_BOOKLET,
        grading=grading,
        total_points=total,
    )


def with_guide_needs(doc: Document, guide: Guide) -> Document:
    """The document, also needing what the guide's own texts (title, topic names...) need."""
    names = (guide.title, guide.subtitle, guide.author, doc.booklet_title, *doc.topic_names)
    return replace(doc, emoji=doc.emoji or any(map(has_emoji, names)), unicode=doc.unicode or any(map(needs_unicode_engine, names)),
                   scripts=tuple(dict.fromkeys(doc.scripts + script_fonts(names))), cjk=doc.cjk or needs_cjk_font(names),
                   dejavu=doc.dejavu or needs_dejavu_font(names))


def provisional_toc(doc: Document, answers: bool = False) -> str:
    """A table of contents with every line of the real one and no page numbers yet, for a
    document's first pass. Pages are numbered from the first, which holds the contents:
    without it, the first pass would set the questions a page or more too early, and the
    next pass would move them all (for a large bank, a whole extra pass)."""
    lines = []
    for index, section in enumerate(doc.sections, 1):
        lines.append(f"\\contentsline {{section}}{{\\numberline {{{index}}}{escape_text(section.topic.name)}}}{{0}}{{}}%")
        for entry in section.entries:
            lines.append(f"\\contentsline {{subsection}}{{\\numberline {{{entry.number}}}{entry.title_tex}}}{{0}}{{}}%")
    if answers:  # the key's answers at the end
        lines.append("\\contentsline {section}{Answers}{0}{}%")
    return "\n".join(lines) + "\n"
