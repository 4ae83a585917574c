"""The LaTeX writer's conversion of checked questions: title, question and answer in
LaTeX, cached per question (keyed like loading: its text and place, and the figure
scripts and image files that exist), large banks over the cores."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from guidegen import cache as caching, parallel, profile, progress
from guidegen.content.assembly import Printer, assemble
from guidegen.content.cloze import has_blanks
from guidegen.errors import Problem
from guidegen.model import Question
from guidegen.modeljson import from_json, to_json


@dataclass(frozen=True)
class Typeset:
    """A question converted to LaTeX: title (and its plain-text form for PDF bookmarks),
    question and answer."""

    title_tex: str
    title_pdf: str
    question_tex: str
    answer_tex: str
    options_tex: tuple[str, ...] = ()  # a multiple-choice question's options, in source order
    # A question with blanks: its text with the blanks empty (the sheet's; question_tex has
    # them filled, the key's). "" when it has none: then the sheet prints question_tex.
    question_sheet_tex: str = ""

    def question_for(self, answers: bool) -> str:
        """The question's text for the key (`answers`) or for the sheet."""
        return self.question_tex if answers or not self.question_sheet_tex else self.question_sheet_tex


@dataclass(frozen=True)
class PrintedOptions:
    latex: tuple[str, ...]
    problems: list


class LatexPrinter(Printer):
    """The parts of a question in LaTeX (content.assembly puts them together)."""

    def __init__(self, project: Path):
        self.project = project

    def title(self, question: Question):
        from guidegen.outputs.latex.convert import title_to_latex

        return title_to_latex(question.title, question.path, question.title_line)

    def block(self, question: Question, markdown: str, line: int):
        from guidegen.outputs.latex.convert import to_latex
        from guidegen.params.figures import folder

        # A drawn question's figures are drawn with its values, in a folder of their own.
        return to_latex(markdown, question.path, line, self.project, "figures/" + folder(question))

    def options(self, question: Question, printed: list) -> PrintedOptions:
        # Lettered by the template, in each version's order: kept apart here.
        return PrintedOptions(tuple(o.latex for o in printed), [p for o in printed for p in o.problems])

    def no_answer(self, question: Question, printed):
        printed.latex = "\\ggnoanswer"
        return printed

    def is_blank(self, piece) -> bool:
        return not piece.latex.strip()


def convert_question(question: Question, project: Path) -> tuple[Typeset, list[Problem]]:
    """One checked question in LaTeX, and the characters in it that cannot be typeset."""
    from guidegen.outputs.latex.texescape import plain_text

    q = question
    parts = assemble(q, LatexPrinter(project))
    options = parts.options.latex if parts.options else ()
    sheet = ""
    if has_blanks(q.question_md):  # the sheet's text is converted apart, so that it never holds an answer
        from guidegen.outputs.latex.convert import to_latex

        sheet = to_latex(q.question_md, q.path, q.question_line, project, empty_blanks=True).latex
    text = Typeset(parts.title.latex, plain_text(q.title.replace("$", "")), parts.body.latex, parts.answer.latex, options,
                   sheet)
    return text, list(parts.problems)


def typeset(questions: list[Question], project: Path, cache_file: Path | None) -> tuple[dict[str, Typeset], list[Problem]]:
    """Every question in LaTeX, and every problem. Conversions are kept in the build
    folder's cache (`cache_file`) and in the user's own, so a booklet cut into a new
    folder does not convert its questions again."""
    with profile.phase("convert"):
        if cache_file is None:
            return _typeset(questions, project, None)
        store = caching.backed_by_user_cache(cache_file)
        try:
            return _typeset(questions, project, store)
        finally:
            store.close()


def _typeset(questions: list[Question], project: Path, store: caching.Cache | None) -> tuple[dict[str, Typeset], list[Problem]]:
    from guidegen.content.images import media_state

    media = media_state(project)  # the figure scripts and image files a conversion may name
    keys = [caching.key("latex", media, to_json(q)) for q in questions]
    results: dict[str, tuple[Typeset, list[Problem]]] = {}
    for k, value in (store.get_many(keys) if store else {}).items():
        try:
            results[k] = (from_json(Typeset, value[0]), [from_json(Problem, p) for p in value[1]])
        except (TypeError, ValueError, KeyError, IndexError):
            continue  # a damaged entry is a miss
    missing = [(k, q) for k, q in zip(keys, questions) if k not in results]
    if missing:
        work = functools.partial(convert_question, project=project)
        with progress.task("converted {done}/{total} questions", len(missing)) as counter:
            fresh = dict(zip((k for k, _ in missing), parallel.run(work, [q for _, q in missing], counter)))
        if store:
            store.put_many({k: [to_json(text), [to_json(p) for p in found]] for k, (text, found) in fresh.items()})
        results.update(fresh)
    texts, problems = {}, []
    for k, q in zip(keys, questions):
        texts[q.id], found = results[k]
        problems += found
    return texts, problems


def version_texts(texts: dict[str, Typeset], sections, job) -> dict[str, Typeset]:
    """`texts` (the writer's check: each question as version A draws it) with the questions
    a version draws other numbers for (guidegen.params) converted too; ContentError if one
    of those cannot be typeset."""
    from guidegen.errors import ContentError, errors_of

    checked = {q.id: q for plan in job.plans for q in plan.chosen}
    other = [q for _, qs in sections for q in qs if q != checked.get(q.id)]
    if not other:
        return texts
    more, problems = typeset(other, job.project, job.store.path if job.store is not None else None)
    if errors_of(problems):
        raise ContentError(errors_of(problems), "nothing was written")
    return {**texts, **more}
