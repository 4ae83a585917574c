"""The LaTeX writer's conversion of checked questions: title, question and answer in
LaTeX, cached per question (keyed like loading: its text and place, and the figure
scripts that exist), large banks over the cores."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from guidegen import cache as caching, parallel, progress
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


def convert_question(question: Question, project: Path) -> tuple[Typeset, list[Problem]]:
    """One checked question in LaTeX, and the characters in it that cannot be typeset."""
    from guidegen.outputs.latex.convert import title_to_latex, to_latex
    from guidegen.outputs.latex.texescape import plain_text

    q = question
    title = title_to_latex(q.title, q.path, q.title_line)
    body = to_latex(q.question_md, q.path, q.question_line, project)
    answer = to_latex(q.answer_md, q.path, q.answer_line, project)
    if not answer.latex.strip():  # a question without a model answer (a warning at load)
        answer.latex = "\\ggnoanswer"
    options = [to_latex(o.markdown, q.path, o.line, project) for o in q.options]
    text = Typeset(title.latex, plain_text(q.title.replace("$", "")), body.latex, answer.latex, tuple(o.latex for o in options))
    return text, title.problems + body.problems + answer.problems + [p for o in options for p in o.problems]


def typeset(questions: list[Question], project: Path, cache_file: Path | None) -> tuple[dict[str, Typeset], list[Problem]]:
    """Every question in LaTeX, and every problem. Conversions are kept in the build
    folder's cache (`cache_file`) and in the user's own, so a booklet cut into a new
    folder does not convert its questions again."""
    if cache_file is None:
        return _typeset(questions, project, None)
    store = caching.Cache(cache_file, fallback=caching.user_cache())
    try:
        return _typeset(questions, project, store)
    finally:
        store.close()


def _typeset(questions: list[Question], project: Path, store: caching.Cache | None) -> tuple[dict[str, Typeset], list[Problem]]:
    figure_dir = project / "figures"
    scripts = sorted(p.name for p in figure_dir.glob("*.py")) if figure_dir.is_dir() else []
    keys = [caching.key("latex", scripts, to_json(q)) for q in questions]
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
