"""The one pipeline every output goes through, top to bottom:

    the writer's identity in the project -> no-op check -> load and check -> select
    -> the writer's checks -> figures -> the writer -> publish -> record

Everything is read and validated before anything is written, and the published files
are replaced only after every one of them has been made, and only under the names the
writer owns (guidegen.outputs.base says what a writer declares and gives)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from guidegen import cache, incremental, profile
from guidegen.errors import INTERRUPTED, ContentError, GuideError, errors_of, warnings_of
from guidegen.lock import build_lock
from guidegen.paths import cache_path, inside, output_dir, secure_work_dir, shared_mode
from guidegen.requests import Options, check_name

if TYPE_CHECKING:
    from guidegen.model import Bank
    from guidegen.outputs.base import Made, Plan, Writer

# The stages (loading, figures, the writers' own code) are imported where they are used,
# after the no-op check: a rebuild with nothing to do pays only for hashing its inputs.
log = logging.getLogger("guidegen")


@dataclass(frozen=True)
class Output:
    path: Path
    count: int  # pages of a PDF, notes of a deck
    rebuilt: bool = True  # False: the inputs had not changed, and the file of the last build stands

    @property
    def pages(self) -> int:
        return self.count


def run(project: Path, out: Path | None, options: Options, writer: Writer) -> list[Output]:
    """Make what `options` ask for with `writer`: nothing when no input changed since the
    same run, else load the bank (with its cache), select, and make and publish the files.
    A writer that reads no content (the cards' calibration sheet) is given the guide alone."""
    project = project.resolve()
    out = output_dir(project, out)
    if options.name is not None:
        check_name(options.name)
    secure_work_dir(out)  # before the cache in it is opened
    writer.before_state(project)
    with profile.phase("hash"):
        inputs = incremental.inputs_key(project, (writer.identity(), options))  # before anything is read: see inputs_key
        ready = incremental.up_to_date(out, inputs)
    if ready:
        return [Output(path, count, rebuilt=False) for path, count in ready]
    with profile.phase("load"):
        if writer.reads_content:
            from guidegen.load import load

            bank = load(project, cache_path(out))
            plans = plan(bank, options)
        else:
            bank, plans = guide_only(project), []
    outputs = make(project, out, bank, plans, writer, options.strict)
    with profile.phase("publish"):
        incremental.record(out, inputs, [(o.path, o.count) for o in outputs])
    return outputs


def plan(bank: Bank, options: Options) -> list[Plan]:
    """Each requested booklet's questions, under their topics, one order per version."""
    from guidegen import select
    from guidegen.outputs.base import Plan

    plans = []
    for request in options.requests(bank):
        chosen = select.select(bank, request.filters)
        sections = select.sections(bank, chosen, request.filters)
        drawn = any(q.params is not None for q in chosen)
        orders = select.version_orders(sections, request.versions, request.filters.seed, drawn)
        if drawn or any(q.numeric is not None for q in chosen):
            # Each version with its own numbers (guidegen.params); the writers' checks, and
            # the outputs that take one draw (Anki), see version A's.
            from guidegen.params.instance import drawn_orders

            orders = drawn_orders(orders, bank.guide.id, request.filters.seed)
            first = {q.id: q for _, qs in orders[0][1] for q in qs}
            chosen = [first[q.id] for q in chosen]
        plans.append(Plan(request, chosen, orders))
    return plans


def guide_only(project: Path) -> Bank:
    """A bank of the guide settings alone, for a writer that reads no content."""
    from guidegen.load.settings import load_guide
    from guidegen.model import Bank

    problems: list = []
    guide = load_guide(project, problems)
    if problems or guide is None:
        raise ContentError(problems)
    return Bank(guide, (), {})


def make(project: Path, out: Path, bank: Bank, plans: list[Plan], writer: Writer, strict: bool = False) -> list[Output]:
    """The writer's checks, the figures, the writer's files, then all published at once.
    Warnings are told and the run goes on; with `strict` they stop it as errors do."""
    from guidegen.figures.draw import timeout as figure_timeout
    from guidegen.outputs.base import Job

    store = cache.Cache(cache_path(out))
    try:
        chosen = list({q.id: q for p in plans for q in p.chosen}.values())
        with profile.phase("check"):
            checked = writer.check(project, bank, chosen, store)
        problems = checked.problems + unknown_outputs(bank.guide)
        paths = {str(q.path) for q in chosen}
        warnings = [w for w in bank.warnings if w.path in paths or not w.path.endswith(".md")] + warnings_of(problems)
        if errors_of(problems) or (strict and warnings):
            raise ContentError(errors_of(problems) + warnings, "nothing was written" + (" (--strict: warnings are errors)" if strict else ""))
        for warning in sorted(set(warnings)):
            log.warning(str(warning))
        figure_timeout()  # a bad GUIDEGEN_FIGURE_TIMEOUT is said before any work is done
        with profile.phase("check"):
            writer.prepare(project, bank, plans, store, checked)
        work = secure_work_dir(out)
        with build_lock(work):
            with profile.phase("figures"):
                drawn = draw_figures(project, work, bank, chosen, writer.figure_format, store, plans)
            with profile.phase("write"):  # the TeX passes inside it are phases of their own
                made = writer.write(Job(project, work, bank, plans, drawn, store), checked)
            owned(writer, plans, made)
            with profile.phase("publish"):
                return publish(made, out)
    finally:
        store.close()


def unknown_outputs(guide) -> list:
    """A section of guide.yaml's `defaults:` named after no registered output."""
    from guidegen.outputs import WRITERS
    from guidegen.outputs.base import unknown_outputs as unknown

    return unknown(guide, list(WRITERS))


def owned(writer: Writer, plans: list[Plan], made: list[Made]) -> None:
    """Every file a writer made is one it declares it publishes: no output replaces another's."""
    from fnmatch import fnmatchcase

    from guidegen.requests import default_name

    patterns = [p for name in ({default_name(plan.request) for plan in plans} or {""}) for p in writer.publishes(name)]
    for item in made:
        if not any(fnmatchcase(item.name, pattern) for pattern in patterns):
            raise GuideError(f"the {writer.name} writer made {item.name}, which is not among the files it publishes "
                             f"({', '.join(patterns)}); nothing was written")


def draw_figures(project: Path, work: Path, bank: Bank, chosen, fmt: str, store: cache.Cache, plans=()) -> dict[str, Path]:
    """Every figure script the chosen questions show, drawn in `fmt` into the work area
    (by workers with a time limit; nothing is drawn when all are cached); a question
    drawn with values (guidegen.params) has its figures drawn with each version's, keyed
    `params-DIGEST/NAME.py`."""
    from guidegen.figures.draw import draw_all, plan as plan_figures
    from guidegen.params.figures import drawn_figures

    scripts = sorted({s for q in chosen if not q.drawn for s in bank.figure_scripts[q.id]})
    drawn = {s: work / "figures" / PurePosixPath(s).with_suffix(f".{fmt}") for s in scripts}
    jobs = [(project / "figures" / s, drawn[s], None) for s in scripts]
    for script, where, values in drawn_figures(plans, bank.figure_scripts):
        drawn[where + script] = work / "figures" / PurePosixPath(where + script).with_suffix(f".{fmt}")
        jobs.append((project / "figures" / script, drawn[where + script], values))
    draw_all(plan_figures(jobs, store), store)
    return drawn


@dataclass(frozen=True)
class CheckReport:
    """What `guidegen check` tells: how many questions and topics, and the warnings."""

    questions: int
    topics: int
    warnings: list


def check_report(project: Path, outputs: tuple[str, ...] = (), strict: bool = False) -> CheckReport:
    """`guidegen check`, remembered in the user's cache (never in the project): when not a
    byte of what it reads has changed since a check for the same outputs, the report
    of that check is given again, its errors raised again. The state of the inputs is
    taken before anything is read, as for a build's no-op check (incremental.inputs_key).
    A changed bank is checked again, its unchanged files from the cache (see load).
    `outputs`: the writers to ask, by name (all when none are), each with its defaults."""
    import os

    from guidegen.errors import Problem
    from guidegen.modeljson import from_json, to_json

    project = project.resolve()
    with profile.phase("hash"):
        settings = sorted((k, v) for k, v in os.environ.items() if k.startswith("GUIDEGEN_") and k != "GUIDEGEN_PROFILE")
        key = incremental.inputs_key(project, ("check", outputs, strict, settings))
        store = cache.user_cache()
        try:
            known = store.get(key)
        finally:
            store.close()
    try:
        if isinstance(known, dict):
            problems = [from_json(Problem, p) for p in known["problems"]]
            if known["failed"]:
                raise ContentError(problems, known["action"])
            return CheckReport(int(known["questions"]), int(known["topics"]), problems)
    except (KeyError, TypeError, ValueError):
        pass  # a damaged entry is a miss
    try:
        from guidegen.outputs import writers

        bank, warnings = check_project(project, writers(outputs), strict)
    except ContentError as exc:
        action = str(exc).split("; ", 1)[-1].rstrip(".")
        _remember(key, {"failed": True, "problems": [to_json(p) for p in exc.problems], "action": action})
        raise
    report = CheckReport(len(bank.questions), len(bank.guide.topics), warnings)
    _remember(key, {"failed": False, "problems": [to_json(p) for p in warnings], "questions": report.questions,
                    "topics": report.topics})
    return report


def _remember(key: str, value: dict) -> None:
    store = cache.user_cache()
    try:
        store.put(key, value)
    finally:
        store.close()


def check_project(project: Path, writers: list[Writer], strict: bool = False) -> tuple[Bank, list]:
    """What `guidegen check` does: load and check the bank as a run would, then ask each
    writer about the questions that have no errors of their own, each of its problems
    labelled with its name ([pdf], [anki], ...; a writer built on another adds only its
    own). ContentError listing every problem when there are errors (or warnings, with
    `strict`); else the bank and the warnings."""
    from guidegen.load import load_checked
    from guidegen.outputs.base import labelled

    project = project.resolve()
    bank, problems = load_checked(project)
    if bank is not None:
        problems += unknown_outputs(bank.guide)
        found: dict[str, list] = {}
        # The writers keep their work per question in the user's cache (there is no build
        # folder): an edited bank is converted again only where it changed.
        store = cache.user_cache()
        try:
            for writer in writers:
                found[writer.name] = writer.check(project, bank, list(bank.questions), store, thorough=True).problems
                known = {p for name in writer.depends for p in found.get(name, ())}
                problems += [p for p in labelled(writer, found[writer.name], project) if p not in problems
                             and not any(p.message.endswith(k.message) and p.path == k.path and p.line == k.line for k in known)]
        finally:
            store.close()
    if errors_of(problems) or bank is None or (strict and problems):
        raise ContentError(problems, "nothing was written" if not strict else "--strict: warnings are errors")
    return bank, sorted(set(problems))


def publish(made: list[Made], out: Path) -> list[Output]:
    """Copy every made file to the output folder atomically, only after all have been made
    (and never after Ctrl-C, even one whose KeyboardInterrupt Python dropped)."""
    if INTERRUPTED.is_set():
        raise KeyboardInterrupt
    staged = []
    try:
        for item in made:
            target = out / item.name
            if not inside(out, target.parent):
                raise GuideError(f"refusing to write {item.name} outside the output folder")
            handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=out)
            os.close(handle)
            shutil.copyfile(item.path, partial)
            os.chmod(partial, shared_mode())
            staged.append((Path(partial), target, item.count))
        outputs = []
        for partial, target, pages in staged:
            os.replace(partial, target)
            outputs.append(Output(target, pages))
        return outputs
    finally:
        for partial, _, _ in staged:
            partial.unlink(missing_ok=True)
