"""Load the bank: read and validate every file, convert every question to LaTeX, and
check everything a build will rely on (booklets, figure scripts, images, templates), so that
`check` reports all that `build` would reject.

Reading and converting are cached (guidegen.cache), keyed to each file's bytes, the
guide settings, the figure scripts that exist and the guidegen code, so an unchanged
question costs a hash.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from guidegen import cache as caching, progress
from guidegen.errors import ContentError, Problem, problem
from guidegen.model import Bank, Guide, Question, Typeset, from_json, to_json
from guidegen.paths import project_files
from guidegen.load.assets import check_assets
from guidegen.load.reader import read_questions
from guidegen.load.settings import guide_path, load_guide


def load(project: Path, cache_file: Path | None = None) -> Bank:
    """Read, validate and convert the whole bank; raise ContentError listing every problem.
    `cache_file` (in the build folder) keeps the work done for unchanged files."""
    project = project.resolve()
    problems: list[Problem] = []
    # Reading and converting are cached in the build folder and in the user's own cache,
    # so a booklet cut into a new folder does not convert its whole bank again.
    store = caching.Cache(cache_file, fallback=caching.user_cache() if cache_file else None)
    try:
        guide = load_guide(project, problems)
        questions = read_questions(project, guide, problems, store if cache_file else None)
        typeset: dict[str, Typeset] = {}
        for question, (text, found) in zip(questions, _convert_cached(questions, project, store if cache_file else None)):
            typeset[question.id] = text
            problems.extend(found)
    finally:
        store.close()
    problems += check_assets(project, [f for text in typeset.values() for f in text.figures])
    # Links out of the project are refused wherever a build would follow them.
    for folder, suffixes in (("figures", (".py",)), ("templates", (".j2",))):
        project_files(project / folder, project, suffixes, problems)
    if guide is not None and not problems:
        problems += _booklet_problems(guide, questions, project)
    if problems or guide is None:
        raise ContentError(problems)
    return Bank(guide, tuple(questions), typeset)


def _booklet_problems(guide: Guide, questions: list[Question], project: Path) -> list[Problem]:
    """Every booklet declared in guide.yaml must select something a build can make."""
    from guidegen import select

    found = []
    partial = Bank(guide, tuple(questions), {})
    for booklet in guide.booklets:
        try:
            select.select(partial, booklet.filters)
        except select.SelectionError as exc:
            for line in str(exc.message).splitlines():
                found.append(problem(guide_path(project), booklet.line, f"booklet '{booklet.name}': {line.replace('--count', 'count')}"))
    return found


def _convert(question: Question, figure_dir: Path) -> tuple[Typeset, list[Problem]]:
    """One question's title, question and answer in LaTeX, its figures and problems."""
    # The converter is imported where it is used: shell completion reads guide.yaml and
    # front matter through this package, and must not pay for markdown-it and pylatex.
    from guidegen.outputs.latex.convert import convert, convert_inline
    from guidegen.outputs.latex.texescape import plain_text

    q = question
    title = convert_inline(q.title, q.path, q.title_line)
    body = convert(q.question_md, q.path, q.question_line, figure_dir)
    answer = convert(q.answer_md, q.path, q.answer_line, figure_dir)
    text = Typeset(title.latex, plain_text(q.title.replace("$", "")), body.latex, answer.latex, tuple(body.figures + answer.figures))
    # -- multiple choice (issue 22): the options' LaTeX, in source order
    from guidegen.outputs.latex.choices import with_options

    text, option_problems = with_options(text, q, figure_dir)
    return text, title.problems + body.problems + answer.problems + option_problems


def _convert_cached(questions: list[Question], project: Path, store: caching.Cache | None) -> list[tuple[Typeset, list[Problem]]]:
    """Conversions of unchanged questions come from the cache; the rest are converted.
    The key covers the question's text and place and the figure scripts that exist."""
    figure_dir = project / "figures"
    if store is None:
        return _convert_all(questions, figure_dir)
    scripts = sorted(p.name for p in figure_dir.glob("*.py")) if figure_dir.is_dir() else []
    keys = [caching.key("convert", scripts, to_json(q)) for q in questions]
    stored = store.get_many(keys)
    results: dict[str, tuple[Typeset, list[Problem]]] = {}
    for k, value in stored.items():
        try:
            results[k] = (from_json(Typeset, value[0]), [from_json(Problem, p) for p in value[1]])
        except (TypeError, ValueError, KeyError, IndexError):
            continue  # a damaged entry is a miss
    missing = [(k, q) for k, q in zip(keys, questions) if k not in results]
    fresh = dict(zip((k for k, _ in missing), _convert_all([q for _, q in missing], figure_dir)))
    store.put_many({k: [to_json(text), [to_json(p) for p in found]] for k, (text, found) in fresh.items()})
    results.update(fresh)
    return [results[k] for k in keys]


def _quiet_worker() -> None:
    """Conversion workers leave signals to the parent: it stops them itself."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _convert_all(questions: list[Question], figure_dir: Path) -> list[tuple[Typeset, list[Problem]]]:
    """Convert every question; a large bank is split over the cores (forked workers
    inherit the loaded parser, so they start at once)."""
    work = functools.partial(_convert, figure_dir=figure_dir)
    cores = os.cpu_count() or 1
    with progress.task("converted {done}/{total} questions", len(questions)) as counter:
        if len(questions) < 200 or cores < 2:
            return [_counted(work(q), counter) for q in questions]
        import multiprocessing  # here: importing it costs every small rebuild 4 ms

        if "fork" not in multiprocessing.get_all_start_methods():
            return [_counted(work(q), counter) for q in questions]
        from guidegen.outputs.latex.convert import convert

        convert("", Path("."), 1)  # load the Markdown parser before forking
        with multiprocessing.get_context("fork").Pool(min(cores, 4), initializer=_quiet_worker) as pool:
            # imap, not map: results arrive in order as they are done, so they can be counted
            results = pool.imap(work, questions, chunksize=max(1, len(questions) // (4 * cores)))
            return [_counted(result, counter) for result in results]


def _counted(result, counter: progress.Counter):
    counter.advance()
    return result
