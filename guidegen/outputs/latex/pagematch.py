"""Page matching: from where the key's draft pass put each question and answer, the
pieces of answer room that make every question of the sheet start on the same page.

The key writes to <job>.heights, at shipout (so with the final page and position):

    layout TOP TEXTHEIGHT      top of the text block, from the page's foot, in sp
    q ID PAGE Y                a question's heading
    s ID PAGE Y                where its answer starts
    e ID PAGE Y                where its answer ends
    h ID HEIGHT                an answer's height (answers at the end), in sp
    b ID PAGE Y                above a figure in the answer (the foot of the text before it)
    f ID PAGE Y                under that figure (the answer's last figure wins)
    fit ID PERCENT             the answer's last figure was given a room (\\ggfigurefit), and its scale
                               (0: none fitted, it was kept with the text above it)

The sheet has the same material as the key up to each answer's start, so it only has to
reproduce, per answer, how far the key went down the page, and where the key broke pages.
Every break in the sheet is forced (\\ggspacebreak), and no piece is taller than the
part it stands for, so the sheet's own page builder never has a reason to break elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SP_PER_PT = 65536
# Room kept free at the foot of a page a piece fills: positions are exact to the sp, but
# glue in the sheet may shrink differently from the key's by a point or two.
SLACK = 3 * SP_PER_PT
# Less room than this under an answer's text holds no figure with its caption, even at
# the smallest scale: such a figure is kept with its text instead (a room of 0).
MIN_FIGURE_ROOM = 85 * SP_PER_PT


@dataclass(frozen=True)
class Piece:
    height: str  # a TeX length
    break_after: bool  # the page ends after this piece


@dataclass(frozen=True)
class Marks:
    top: int  # sp
    text_height: int  # sp
    questions: dict[str, tuple[int, int]]  # id -> (page, y)
    starts: dict[str, tuple[int, int]]
    ends: dict[str, tuple[int, int]]
    heights: dict[str, int]
    before_figure: dict[str, tuple[int, int]] = field(default_factory=dict)
    after_figure: dict[str, tuple[int, int]] = field(default_factory=dict)
    fitted: dict[str, int] = field(default_factory=dict)  # id -> the scale its last figure got, in %

    @property
    def bottom(self) -> int:
        return self.top - self.text_height


_LINE = re.compile(r"^(layout|q|s|e|b|f) (?:([a-z0-9-]+) )?(-?\d+) (-?\d+)$", re.MULTILINE)
_HEIGHT = re.compile(r"^h ([a-z0-9-]+) (\d+)$", re.MULTILINE)
_FIT = re.compile(r"^fit ([a-z0-9-]+) (\d+)$", re.MULTILINE)


def read_marks(path: Path) -> Marks | None:
    """The marks a key's draft wrote, or None without a layout line (no such file, or a
    project template that does not write them)."""
    if not path.is_file():
        return None
    text = path.read_text("utf-8", "replace")
    layout = None
    found: dict[str, dict[str, tuple[int, int]]] = {"q": {}, "s": {}, "e": {}, "b": {}, "f": {}}
    for kind, qid, a, b in _LINE.findall(text):
        if kind == "layout":
            layout = (int(a), int(b))
        elif qid:
            found[kind][qid] = (int(a), int(b))
    if layout is None:
        return None
    heights = {qid: int(h) for qid, h in _HEIGHT.findall(text)}
    fitted = {qid: int(p) for qid, p in _FIT.findall(text)}
    return Marks(layout[0], layout[1], found["q"], found["s"], found["e"], heights, found["b"], found["f"], fitted)


def missing(marks: Marks | None, ids: list[str], at_end: bool = False) -> list[str]:
    """The questions whose heading or answer the marks lack (at_end: whose answer's height)."""
    if marks is None:
        return list(ids)
    if at_end:
        return [q for q in ids if q not in marks.heights]
    return [q for q in ids if q not in marks.questions or q not in marks.starts or q not in marks.ends]


def pieces(marks: Marks, ids: list[str]) -> dict[str, tuple[Piece, ...]]:
    """The sheet's answer room per question, in document order `ids`."""
    out = {}
    for index, qid in enumerate(ids):
        start_page, start_y = marks.starts[qid]
        end_page, end_y = marks.ends[qid]
        heights: list[int] = []
        if end_page == start_page:
            heights.append(start_y - end_y)
        else:
            heights.append(start_y - marks.bottom - SLACK)
            heights += [marks.text_height - SLACK] * (end_page - start_page - 1)
            heights.append(marks.top - end_y)
        breaks = [True] * (len(heights) - 1) + [False]
        following = marks.questions[ids[index + 1]][0] if index + 1 < len(ids) else None
        if following is None or following > end_page:
            # The key leaves the rest of this page blank: so does the sheet, after room as
            # tall as the answer (a whole ruled page under the last question, when the
            # key's last page was half used, was paper nobody needed).
            breaks[-1] = following is not None
        if len(heights) > 1 and heights[-1] <= 0 and not breaks[-1]:
            # The answer ended right at a page's foot: its end mark went over with nothing
            # under it. A box there would keep the next heading's space from being dropped.
            heights.pop(), breaks.pop()
        out[qid] = tuple(Piece(_pt(h), b) for h, b in zip(heights, breaks))
    return out


def figure_rooms(marks: Marks | None, ids: list[str], ending_in_figure: set[str]) -> dict[str, int]:
    """The room (sp) to give the last figure of an answer that ends with one, where that
    figure went over to a page holding nothing else (the key's last, or the one before
    the next question's): the room left under the text before it. Also where the figure
    was given a room before and sits with its text now, so that it stays there (the
    same room each time: the text above it has not moved). A room of 0 keeps the figure
    with the text above it instead: no page before the last holds a figure alone."""
    rooms: dict[str, int] = {}
    if marks is None:
        return rooms
    for index, qid in enumerate(ids):
        if qid not in ending_in_figure or qid not in marks.before_figure or qid not in marks.after_figure:
            continue
        (text_page, text_y), (figure_page, _) = marks.before_figure[qid], marks.after_figure[qid]
        following = marks.questions.get(ids[index + 1], (0, 0))[0] if index + 1 < len(ids) else None
        if following is not None and following <= figure_page:
            continue  # a question follows on the figure's page
        room = max(text_y - marks.bottom - SLACK, 0)
        if figure_page == text_page + 1:
            # Alone on its page: fitted under its text, or, when no scale fits (less room
            # than MIN_FIGURE_ROOM never does), kept with the text's last lines (0).
            rooms[qid] = room if room >= MIN_FIGURE_ROOM else 0
        elif qid in marks.fitted and figure_page == text_page:
            # Given a room before and with its text now: the same again (kept: 0).
            rooms[qid] = room if marks.fitted[qid] else 0
    return rooms


def _pt(sp: int) -> str:
    return f"{max(sp, 0) / SP_PER_PT:.2f}pt"
