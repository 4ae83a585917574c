"""The grader's key, OUT/NAME-grader.pdf: one table to mark sheets by, a row per question
number and a column per version, each cell the letters of the right options and the
question's points (an open question: its points, or a dash), and each version's total.
Written when a booklet has versions or multiple-choice questions: with neither, the key
itself is all a grader needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guidegen.choices_order import orders_for, right_letters
from guidegen.model import Bank, Guide, Layout, Question
from guidegen.outputs.base import Made
from guidegen.outputs.latex.choices import number_text

TEMPLATE = "grader.tex.j2"


@dataclass(frozen=True)
class GraderRow:
    number: int
    # per version: the right options ("B, D"), a numeric answer ("12.5 ± 0.01"), "" for an open question
    letters: tuple[str, ...]
    points: tuple[str, ...]  # per version: what the question is worth ("2 pt"), "" when no points are given
    choice: tuple[bool, ...]  # per version: whether the cell holds an answer (multiple choice or numeric)
    numeric: bool = False  # a cell of the row is a numeric answer (guidegen.params)

    @property
    def cells(self) -> tuple[str, ...]:
        """Each version's cell as printed: "B, D · 2 pt", "B", "3 pt", or "" (a dash)."""
        return tuple(" \N{MIDDLE DOT} ".join(part for part in pair if part) for pair in zip(self.letters, self.points))


@dataclass(frozen=True)
class GraderKey:
    """The model of grader.tex.j2."""

    versions: tuple[str, ...]  # "A", "B", ...; ("",) without versions
    rows: tuple[GraderRow, ...]
    booklet_title: str = ""
    seed: int = 0
    total_points: str = ""  # each version holds the same questions: one total
    totals: tuple[str, ...] = ()  # per version, the sum of its column ("12.5"); () when no question has points
    topics: tuple[str, ...] = ()  # the topics' names, in order (the PDF's keywords)


def _letters(question: Question, order: tuple[int, ...] | None) -> str:
    if question.options:
        return right_letters(question, order or tuple(range(len(question.options))))
    if question.numeric is not None and question.numeric.resolved is not None:
        from guidegen.params.instance import numeric_text

        return numeric_text(question.numeric)  # this version's number, "12.5 ± 0.01"
    return ""


def _points(question: Question) -> str:
    return f"{number_text(question.points)} pt" if question.points else ""


def grader_key(orders: list, seed: int, booklet_title: str = "") -> GraderKey | None:
    """The grader's key of one booklet's versions, `orders` being (letter, sections) as the
    build makes them; None when it has neither versions nor multiple-choice questions."""
    versions = [(letter, [q for _, qs in sections for q in qs], orders_for(sections, seed, letter)) for letter, sections in orders]
    questions = versions[0][1]
    if not any(letter for letter, _, _ in versions) and not any(q.options or q.numeric for q in questions):
        return None
    rows = tuple(GraderRow(number + 1,
                           tuple(_letters(qs[number], option_orders.get(qs[number].id)) for _, qs, option_orders in versions),
                           tuple(_points(qs[number]) for _, qs, _ in versions),
                           tuple(bool(qs[number].options or qs[number].numeric) for _, qs, _ in versions),
                           any(qs[number].numeric is not None for _, qs, _ in versions))
                 for number in range(len(questions)))
    scored = any(q.points for q in questions)
    total = number_text(sum(q.points or 0 for q in questions)) if scored else ""
    # Each version's own column summed (the same questions in another order: the same sum,
    # printed under each column so that a grader adding one checks against its foot).
    totals = tuple(number_text(sum(q.points or 0 for q in qs)) for _, qs, _ in versions) if scored else ()
    topics = tuple(dict.fromkeys(topic.name for _, sections in orders[:1] for topic, _ in sections))
    return GraderKey(tuple(letter for letter, _, _ in versions), rows, booklet_title, seed, total, totals, topics)


def render_grader(key: GraderKey, guide: Guide, layout: Layout, project: Path, unicode: bool = False,
                  titles: tuple[str, ...] = ()) -> str:
    """The grader's key in LaTeX, from the project's grader.tex.j2 or the default; LuaLaTeX
    loads the fallback fonts that `titles` (what the key typesets) need."""
    from types import SimpleNamespace

    from guidegen.outputs.latex.render import TemplateError, environment, template_problem
    from guidegen.outputs.latex.scriptfonts import needs_cjk_font, needs_dejavu_font
    from guidegen.paths import template_dirs

    fonts = SimpleNamespace(dejavu=needs_dejavu_font(titles), cjk=needs_cjk_font(titles))

    dirs = template_dirs(project)
    try:
        return environment(dirs).get_template(TEMPLATE).render(key=key, guide=guide, layout=layout, unicode=unicode, fonts=fonts)
    except Exception as exc:  # noqa: BLE001 - as in render.render: a template's fault is told at its line
        found = template_problem(exc, dirs)
        if found is None:
            raise
        raise TemplateError(found) from None


def compile_grader(project: Path, work: Path, name: str, orders: list, bank: Bank, request, layout: Layout, store) -> list[Made]:
    """Compile NAME-grader.pdf in `work` when the booklet needs one: [it], else []."""
    from guidegen.outputs.latex import engine
    from guidegen.outputs.latex.texescape import needs_unicode_engine

    key = grader_key(orders, request.filters.seed, request.booklet_title)
    if key is None:
        return []
    titles = tuple(t for t in (bank.guide.title, request.booklet_title) if t)
    unicode = any(map(needs_unicode_engine, titles))
    tex = render_grader(key, bank.guide, layout, project, unicode, titles)
    job = engine.Job(f"{name}-grader", tex, engine="lualatex" if unicode else "pdflatex")
    engine.compile_jobs(work, [job], store)
    pdf = work / f"{job.name}.pdf"
    return [Made(pdf, pdf.name, engine.page_count(pdf))]
