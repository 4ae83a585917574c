"""Load the bank: read and validate every file, check every question's content
(guidegen.content: format-neutral, no output is consulted), and check everything a
build will rely on (booklets, figure scripts, images), so that `check` reports all that
a build would reject before any writer has its say.

Reading and checking are cached (guidegen.cache), keyed to each file's bytes, the
guide settings, the figure scripts that exist and the guidegen code, so an unchanged
question costs a hash.
"""

from __future__ import annotations

import functools
from pathlib import Path

from guidegen import cache as caching, parallel, profile, progress
from guidegen.errors import ContentError, Problem, errors_of, problem, warnings_of
from guidegen.model import Bank, FigureRef, Guide, Question
from guidegen.modeljson import from_json, to_json
from guidegen.paths import project_files
from guidegen.load.assets import check_assets
from guidegen.load.reader import read_questions
from guidegen.load.settings import guide_path, load_guide


def load(project: Path, cache_file: Path | None = None) -> Bank:
    """Read and check the whole bank; raise ContentError listing every problem.
    `cache_file` (in the build folder) keeps the work done for unchanged files."""
    bank, problems = load_checked(project, cache_file)
    if errors_of(problems) or bank is None:
        raise ContentError(problems)
    return bank


def load_checked(project: Path, cache_file: Path | None = None) -> tuple[Bank | None, list[Problem]]:
    """The bank and every problem found, errors and warnings. With errors, the bank holds
    the questions that have none of their own (so `check` can ask the writers about those
    too); None when the guide settings cannot be read. The bank keeps the warnings."""
    project = project.resolve()
    problems: list[Problem] = []
    # Reading and checking are cached in the build folder and in the user's own cache,
    # so a booklet cut into a new folder does not check its whole bank again.
    # Without a build folder (`check`), the user's cache alone: a file whose bytes did not
    # change is not read, parsed or checked again by the next `check` either.
    store = caching.backed_by_user_cache(cache_file) if cache_file else caching.user_cache()
    try:
        guide = load_guide(project, problems)
        questions = read_questions(project, guide, problems, store)
        figures: dict[str, tuple[FigureRef, ...]] = {}
        clean = []
        with profile.phase("check"):
            checks = _check_cached(questions, project, store)
        for question, (refs, found) in zip(questions, checks):
            figures[question.id] = refs
            problems.extend(found)
            if not errors_of(found):
                clean.append(question)
    finally:
        store.close()
    problems += check_assets(project, [f for refs in figures.values() for f in refs])
    # Links out of the project are refused wherever a build would follow them.
    for folder, suffixes in (("figures", (".py",)), ("templates", (".j2",))):
        project_files(project / folder, project, suffixes, problems)
    if guide is not None and not errors_of(problems):
        problems += _booklet_problems(guide, questions, project)
    if guide is None:
        return None, problems
    kept = tuple(questions) if not errors_of(problems) else tuple(clean)
    return Bank(guide, kept, {q.id: figures[q.id] for q in kept}, tuple(warnings_of(problems))), problems


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


def _check(question: Question, project: Path) -> tuple[tuple[FigureRef, ...], list[Problem]]:
    """One question's figures and problems."""
    # Imported where it is used: shell completion reads guide.yaml and front matter
    # through this package, and must not pay for markdown-it.
    from guidegen.content.check import check_question

    checked = check_question(question, project)
    return checked.figures, list(checked.problems)


def _check_cached(questions: list[Question], project: Path, store: caching.Cache | None) -> list[tuple[tuple[FigureRef, ...], list[Problem]]]:
    """Checks of unchanged questions come from the cache; the rest are checked. The key
    covers the question's text and place and the figure scripts and image files that
    exist (content.images.media_state)."""
    if store is None:
        return _check_all(questions, project)
    from guidegen.content.images import media_state

    media = media_state(project)
    keys = [caching.key("check", media, to_json(q)) for q in questions]
    stored = store.get_many(keys)
    results: dict[str, tuple[tuple[FigureRef, ...], list[Problem]]] = {}
    for k, value in stored.items():
        try:
            results[k] = (tuple(from_json(FigureRef, f) for f in value[0]), [from_json(Problem, p) for p in value[1]])
        except (TypeError, ValueError, KeyError, IndexError):
            continue  # a damaged entry is a miss
    missing = [(k, q) for k, q in zip(keys, questions) if k not in results]
    fresh = dict(zip((k for k, _ in missing), _check_all([q for _, q in missing], project)))
    store.put_many({k: [[to_json(f) for f in refs], [to_json(p) for p in found]] for k, (refs, found) in fresh.items()})
    results.update(fresh)
    return [results[k] for k in keys]


def _check_all(questions: list[Question], project: Path) -> list[tuple[tuple[FigureRef, ...], list[Problem]]]:
    work = functools.partial(_check, project=project)
    with progress.task("checked {done}/{total} questions", len(questions)) as counter:
        return parallel.run(work, questions, counter)
