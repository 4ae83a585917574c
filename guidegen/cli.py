"""The command line: thin click commands over the library, each with an example."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
from pathlib import Path

import click

from guidegen.errors import INTERRUPTED, GuideError, display_path
from guidegen.model import DIFFICULTIES, LENGTH_UNITS, BuildSettings, Filters, filter_fields, parse_length_cm, setting_fields
from guidegen.paths import find_project

def friendly_errors(func):
    """Turn the failures a user can meet (disk full, unreadable file, Ctrl-C or a kill)
    into one line and a non-zero exit instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        INTERRUPTED.clear()
        previous = {signum: signal.signal(signum, _terminate) for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            return func(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted("interrupted; the PDFs of the last good build are unchanged") from None
        except BrokenPipeError:
            # The reader went away (`guidegen list | head -1`): stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except RecursionError:
            raise GuideError("the input is nested too deeply to read; simplify the nesting of lists, quotes or emphasis") from None
        except OSError as exc:
            where = f"{display_path(exc.filename)}: " if exc.filename else ""
            full = " (is the disk full?)" if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) else ""
            raise GuideError(f"{where}cannot read or write: {exc.strerror or exc}{full}; the PDFs of the last good build are unchanged") from None
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    return wrapper


def _terminate(signum, frame):
    INTERRUPTED.set()
    raise KeyboardInterrupt


class Interrupted(GuideError):
    exit_code = 130


def _find_project(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    return find_project(value)


def _find_project_or_new(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    return find_project(value, new_ok=True)


PROJECT_HELP = "Project folder holding content/ [default: the nearest folder, here or above, with content/guide.yaml]."
PROJECT = click.option("--project", "-p", type=click.Path(file_okay=False, path_type=Path), callback=_find_project, help=PROJECT_HELP)


def _complete(kind: str):
    """Shell completion of a value from the project's own names: topics, booklets, tags or ids."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        try:
            from click.shell_completion import CompletionItem

            from guidegen.load.names import project_names

            project = ctx.params.get("project")  # found by --project's callback
            if not isinstance(project, Path):  # it found none: nothing to offer
                return []
            names = getattr(project_names(project, questions=kind in ("tags", "ids")), kind)
            return [CompletionItem(name, help=about or None) for name, about in sorted(names.items()) if name.startswith(incomplete)]
        except Exception:  # noqa: BLE001 - whatever went wrong, a shell completing a word must get no traceback
            return []

    return complete


# What the values of an option of model.Filters are completed from, by what one value is.
COMPLETIONS = {"topic": "topics", "tag": "tags", "id": "ids"}


@click.group(context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "GUIDEGEN"})
@click.version_option(package_name="guidegen", prog_name="guidegen", allow_from_autoenv=False)
def main() -> None:
    """Typeset printable study guides: a question sheet and an answer key.

    Run in a project or any folder inside it. Every option can also be set in the
    environment as GUIDEGEN_COMMAND_OPTION (GUIDEGEN_BUILD_PAPER=letter).

    \b
    Example:
        guidegen check
        guidegen build --topic evaluation
    """


def _parameter(option: str) -> str:
    """A parameter's name from its option (--exclude-id: exclude_id), so that its
    environment variable is named after the option too (GUIDEGEN_BUILD_EXCLUDE_ID)."""
    return option.lstrip("-").replace("-", "_")


def _selection_options(versions: bool = False):
    """The filters shared by build, list and anki, as declared in model.Filters: any-of
    within an option, all-of across options. With `versions`, --seed says it orders them too."""

    def decorate(func):
        for field, spec in reversed(filter_fields()):
            name = _parameter(spec.option)
            if spec.kind == "values":
                kind = click.Choice(spec.choices, case_sensitive=False) if spec.choices else None
                completion = _complete(COMPLETIONS[spec.noun]) if spec.noun in COMPLETIONS else None
                option = click.option(spec.option, name, multiple=True, type=kind, metavar=spec.metavar or None, help=spec.help,
                                      shell_complete=completion)
            elif spec.kind == "count":
                option = click.option(spec.option, name, type=click.IntRange(min=1), metavar=spec.metavar, help=spec.help)
            elif spec.kind == "seed":
                seed_help = spec.help + (" It also orders the --versions." if versions else "")
                option = click.option(spec.option, name, type=int, default=0, show_default=True, metavar=spec.metavar, help=seed_help)
            else:
                option = click.option(spec.option, name, is_flag=True, help=spec.help)
            func = option(func)
        return func

    return decorate


class _Length(click.ParamType):
    """A length with its unit: on the command line a bare number is more likely a
    mistake (5 what?) than centimetres."""

    name = "length"

    def convert(self, value, param, ctx) -> float:
        if isinstance(value, float):
            return value
        cm = parse_length_cm(value, unit_required=True)
        if cm is None:
            units = ", ".join(LENGTH_UNITS)
            if parse_length_cm(value) is not None:
                self.fail(f"{value!r} has no unit: write it as {value.strip()}cm, {value.strip()}mm or {value.strip()}in "
                          f"(units: {units})", param, ctx)
            self.fail(f"{value!r} is not a length such as 5cm, 40mm or 2in (units: {units}; at most 30 cm)", param, ctx)
        return cm


def _setting_options(func):
    """The layout options of build, as declared in model.BuildSettings. Each is None
    unless given (on the command line or in the environment), so that guide.yaml's
    defaults and a booklet's own settings apply to the others."""
    for field, spec in reversed(setting_fields()):
        if spec.kind == "choice":
            extra = {"type": click.Choice(spec.choices, case_sensitive=False)}
        elif spec.kind == "length":
            extra = {"type": _Length(), "metavar": spec.metavar}
        elif spec.kind == "count":
            extra = {"type": click.IntRange(1, spec.maximum), "metavar": spec.metavar}
        else:
            extra = {}  # "--name/--no-name": a flag either way, None when neither is given
        func = click.option(spec.option, field.name, default=None, help=spec.help, **extra)(func)
    return func


def _slugs(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    """Values that name files or folders: slugs only, never a path."""
    from guidegen.load.schema import SLUG

    for value in values:
        if not SLUG.fullmatch(value):
            raise click.BadParameter(f"{value!r} is not a slug (lowercase letters, digits and hyphens)", param_hint=option)
    return values


def _filters(options: dict) -> Filters:
    """The filters among a command's parameters (taken out of `options`)."""
    selection = {field.name: options.pop(_parameter(spec.option)) for field, spec in filter_fields()}
    if selection["balanced"] and selection["count"] is None:
        raise click.UsageError("--balanced only makes sense with --count N")
    return Filters(**selection)


def _build_options(options: dict):
    """build's Options from its parameters (taken out of `options`): filters, booklets and layout."""
    from guidegen.requests import Options

    settings = BuildSettings(**{field.name: options.pop(field.name) for field, _ in setting_fields()})
    return Options(_filters(options), settings, options.pop("name"), tuple(options.pop("booklet")), options.pop("all_booklets"))


@main.command()
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@_selection_options(versions=True)
@click.option("--booklet", multiple=True, metavar="NAME", shell_complete=_complete("booklets"),
              help="Build a named booklet from guide.yaml (repeatable).")
@click.option("--all-booklets", is_flag=True, help="Build every booklet named in guide.yaml.")
@click.option("--name", help="Name of the output files [default: guide, the topics joined by '+', or the booklet name].")
@_setting_options
@click.option("--open", is_flag=True,
              help="Open the answer key in the system's PDF viewer when it is built (watch: once; a viewer "
                   "that reloads changed files follows along).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def build(project: Path, out: Path | None, quiet: bool, **options) -> None:
    """Build question sheets and answer keys as PDFs.

    Writes OUT/NAME-questions.pdf and OUT/NAME-answers.pdf, where NAME is
    'guide' for the whole bank, or the topic slugs joined by '+'. Within one
    filter option the values mean "any of"; different options must all hold.
    By default the question sheet leaves ruled space for each answer, as tall
    as the answer in the key, so both PDFs paginate alike. The layout options
    (--versions to --imposition) may have defaults in guide.yaml, under
    'defaults:' and in a booklet's entry; the command line wins.

    \b
    Examples:
        guidegen build
        guidegen build --topic optimisation --topic deep-learning
        guidegen build --difficulty hard --count 10 --seed 7 --versions 3
        guidegen build --booklet week-1 --imposition booklet
        guidegen build --answer-space none --open
    """
    from guidegen.outputs.latex.writer import LatexWriter
    from guidegen.pipeline import run

    _report_progress(quiet)
    open_viewer = options.pop("open")
    with _progress_bars(quiet):
        outputs = run(project, out, _build_options(options), LatexWriter())
    _report(outputs, quiet)
    if open_viewer:
        _open_key([o.path for o in outputs], quiet)


@main.command(short_help="Build, then rebuild whenever an input changes.")
@friendly_errors
def watch(project: Path, out: Path | None, quiet: bool, **options) -> None:
    """Build, then rebuild whenever a content file, guide.yaml, a figure script or a
    template changes. Takes every option of build.

    Each rebuild prints one line: what changed, what was rebuilt, the time and the
    page counts. A bad edit prints its problems and the watching goes on, with the
    PDFs of the last good build in place. Ctrl-C stops it. With --open, a viewer that
    reloads changed files (evince, okular, Skim, zathura) follows along.

    \b
    Examples:
        guidegen watch --open
        guidegen watch --topic optimisation --answer-space none
    """
    from guidegen.watch import watch_project

    open_viewer = options.pop("open")
    sys.exit(watch_project(project, out, _build_options(options), open_viewer=open_viewer, quiet=quiet, echo=click.echo))


watch.params[:0] = build.params  # every option of build, declared once


def _report_progress(quiet: bool) -> None:
    """The library reports progress and warnings through logging; show them on stderr."""
    import logging

    class Echo(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            click.echo(record.getMessage(), err=True)

    logger = logging.getLogger("guidegen")
    logger.handlers[:] = [Echo()]
    logger.setLevel(logging.ERROR if quiet else logging.INFO)
    logger.propagate = False


class _Bar:
    """progress.Reporter for a terminal: a bar on stderr below the phase line, erased
    when its work is done, so the terminal keeps the same lines a pipe gets."""

    def start(self, label: str, total: int | None) -> None:
        import shutil

        self.label, self.total = label, total
        self.room = max(shutil.get_terminal_size().columns - (40 if total else 4), 20)  # a line that wraps cannot be erased
        self.bar = click.progressbar(None if total else iter(int, 1), length=total, file=sys.stderr, width=24,
                                     bar_template="  %(bar)s  %(info)s" if total else "  %(info)s",
                                     show_percent=False, show_eta=bool(total), item_show_func=self._text)
        if total:  # "0/19" says what is coming; an open count starts showing at its first step
            self.bar.render_progress()

    def _text(self, done: int | None) -> str:
        text = self.label.format(done=f"{done or 0:,}", total=f"{self.total or 0:,}")
        return text if len(text) <= self.room else text[: self.room - 1] + "…"

    def show(self, done: int) -> None:
        self.bar.update(done - self.bar.pos, done)

    def finish(self) -> None:
        click.echo("\r\x1b[2K\x1b[?25h", nl=False, err=True)  # erase the bar; show the cursor it hid


def _progress_bars(quiet: bool):
    """Counts of long work as bars, on a terminal only: a pipe or a CI log gets the phase lines."""
    if quiet or not sys.stderr.isatty():
        return contextlib.nullcontext()
    from guidegen import progress

    return progress.reporting(_Bar())


def _report(outputs, quiet: bool) -> None:
    """One line per PDF written; a no-op build says so once, and lists the PDFs that stand."""
    if quiet:
        return
    current = bool(outputs) and not any(o.rebuilt for o in outputs)
    if current:
        click.echo("Nothing to do: the inputs have not changed since these were built:")
    for o in outputs:
        pages = f"{o.pages} page{'s' if o.pages != 1 else ''}"
        click.echo(f"  {display_path(o.path)} ({pages})" if current else f"Wrote {display_path(o.path)} ({pages})")


def _open_key(pdfs: list[Path], quiet: bool) -> None:
    """Open the (first) answer key in the system's PDF viewer, or say why not."""
    keys = [pdf for pdf in pdfs if pdf.name.endswith("-answers.pdf")] or pdfs
    if not keys:
        return
    if click.launch(str(keys[0])) != 0:
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        click.echo(f"--open: could not start a PDF viewer ({opener} not found); open {display_path(keys[0])} yourself", err=True)
    elif not quiet:
        click.echo(f"Opening {display_path(keys[0])}")


@main.command(short_help="Validate the bank; print every problem as path:line: message.")
@PROJECT
@friendly_errors
def check(project: Path) -> None:
    """Validate the whole bank and report every problem as path:line: message.

    Exits 0 when the bank is clean, 1 otherwise.

    \b
    Example:
        guidegen check --project my-guide
    """
    from guidegen.outputs.latex.writer import LatexWriter
    from guidegen.pipeline import check_project

    with _progress_bars(quiet=False):
        bank = check_project(project, [LatexWriter()])
    count = len(bank.questions)
    click.echo(f"OK: {count} question{'s' if count != 1 else ''}, {len(bank.guide.topics)} topics, no problems.")


LIST_FIELDS = ("id", "title", "topics", "difficulty", "tags", "points", "file")


@main.command(name="list", short_help="List the selected questions: a table, JSON or CSV.")
@PROJECT
@_selection_options()
@click.option("--format", type=click.Choice(("table", "json", "csv"), case_sensitive=False), default="table",
              show_default=True, help=f"table: id, topics, difficulty and title; json or csv: {', '.join(LIST_FIELDS)} of each question.")
@friendly_errors
def list_(project: Path, **options) -> None:
    """List the questions: id, topics, difficulty and title, or every field as JSON or CSV.

    In JSON, one object per question with id, title, topics, difficulty, tags,
    points (null when not given) and file (relative to the project); CSV has the
    same columns, lists joined by commas.

    \b
    Examples:
        guidegen list --topic evaluation
        guidegen list --format json > questions.json
    """
    from guidegen import select
    from guidegen.load import load

    with _progress_bars(quiet=False):
        bank = load(project)
    output_format = options.pop("format")
    chosen = select.select(bank, _filters(options))
    if output_format == "table":
        rows = [(q.id, ",".join(q.topics), q.difficulty, q.title) for q in chosen]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
        return
    records = [_record(q, project.resolve()) for q in chosen]
    if output_format == "json":
        import json

        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        import csv

        writer = csv.DictWriter(sys.stdout, LIST_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ",".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in records)


def _record(question, project: Path) -> dict:
    """One question for `list --format json|csv`: the fields of LIST_FIELDS."""
    q = question
    points = int(q.points) if q.points is not None and q.points.is_integer() else q.points  # 2, not 2.0
    return {"id": q.id, "title": q.title, "topics": list(q.topics), "difficulty": q.difficulty, "tags": list(q.tags),
            "points": points, "file": q.path.relative_to(project).as_posix()}


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--project", "-p", type=click.Path(file_okay=False, path_type=Path), callback=_find_project_or_new,
              help="Project to import into; it may be an empty folder [default: the project here or above, else this folder].")
@click.option("--topic", multiple=True, metavar="SLUG", callback=lambda ctx, param, value: _slugs(value, "--topic"),
              help="Give every imported question this topic (repeatable) instead of one topic per section.")
@click.option("--difficulty", type=click.Choice(DIFFICULTIES, case_sensitive=False), default="medium", show_default=True,
              help="Difficulty written in every imported question.")
@click.option("--force", is_flag=True, help="Overwrite content files that already exist.")
@click.option("--download-images", is_flag=True, help="Fetch each remote image once into figures/ and use the copy (a build never fetches).")
@click.option("--dry-run", is_flag=True, help="Print the split it would make (sections, questions, counts); write nothing.")
@click.option("--strict", is_flag=True, help="Write nothing, and fail, if any question found cannot be imported.")
@friendly_errors
def import_(source: Path, project: Path, topic: tuple[str, ...], difficulty: str, force: bool, download_images: bool,
            dry_run: bool, strict: bool) -> None:
    """Split a Markdown Q&A document into one content file per question.

    Reads the document's blocks: '## N. Question' headings (sub-headings
    belong to the answer), **Question:**/**Answer:** and Q:/A: markers, bold
    question paragraphs (**What is X?**, **1. What is X?**), bullets
    '* **Q: ...**' with a nested '- *A:* ...', and <details><summary>
    blocks. '## Section' headings above the questions become topics,
    declared in content/guide.yaml (created if missing). Title, intro,
    table of contents and footer are not questions: every line not placed
    in a question is listed. Files go to content/TOPIC/. Importing the same
    document again updates the files it wrote before; other existing files
    are kept unless --force is given. Best effort: a question that cannot be
    imported is reported and left out; the exit status is non-zero only when
    none could be (or, with --strict, when any could not).

    \b
    Example:
        guidegen import notes.md --project my-guide --dry-run
        guidegen import notes.md --project my-guide
        guidegen build --project my-guide
    """
    from guidegen.importer import import_document

    report = import_document(source, project, topic, force, difficulty, download_images, dry_run, strict)
    shown = display_path(source)
    count = len(report.written)
    click.echo(f"Found {count} question{'s' if count != 1 else ''} in {shown}:")
    for section in report.sections:
        click.echo(f"  {section.count:4d}  {section.name} (topic {section.topic})")
        if report.dry_run:
            for target, name, words in report.previews:
                if name == section.name:
                    click.echo(f"          {target.name}: {words}")
    folders = sorted({display_path(path.parent) for path in report.written})
    verb = "Would write" if report.dry_run else "Wrote"
    updated = f", {len(report.updated)} of them updating an earlier import" if report.updated else ""
    click.echo(f"{verb} {count} file{'s' if count != 1 else ''}{updated} (difficulty: {report.difficulty}) to {', '.join(folders)}")
    if report.guide_created or report.new_topics:
        what = ("Would create" if report.guide_created else "Would add topics to") if report.dry_run else \
            ("Created" if report.guide_created else "Added topics to")
        click.echo(f"{what} {display_path(report.guide)}: {', '.join(report.new_topics)}")
    for path in report.removed:
        click.echo(f"Warning: {display_path(path)}: its question is no longer in {shown}; kept (delete it if it should go)", err=True)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if report.unplaced:
        click.echo("Not placed in any question (title, introduction, contents, footer, ...):")
        for first, last, text in report.unplaced:
            where = f"{first}" if first == last else f"{first}-{last}"
            click.echo(f"  {shown}:{where}: {text[:70]}")
    if report.dry_run:
        click.echo("Dry run: nothing was written.")


@main.command(short_help="Create a project that builds as it is, to start from.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="Study Guide", show_default=True, help="The guide's title, written to content/guide.yaml.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (files of the same names are replaced).")
@friendly_errors
def new(folder: Path, title: str, force: bool) -> None:
    """Create a project that builds as it is: guide.yaml with two topics, three example
    questions, a figure script and a README saying where to start.

    \b
    Example:
        guidegen new my-guide --title "Machine Learning Interviews"
        guidegen build --project my-guide
    """
    from guidegen.scaffold import new_project

    written = new_project(folder, title, force)
    click.echo(f"Created a guidegen project in {display_path(folder)}:")
    for path in written:
        click.echo(f"  {display_path(path)}")
    click.echo(f"Build it with: guidegen build --project {display_path(folder)}")


@main.command()
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@_selection_options()
@click.option("--booklet", metavar="NAME", shell_complete=_complete("booklets"), help="Export a named booklet from guide.yaml (its notes are tagged booklet::NAME in the guide's deck).")
@click.option("--name", help="Name of the package [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def anki(project: Path, out: Path | None, booklet: str | None, name: str | None, quiet: bool, **selection) -> None:
    """Export the selected questions as an Anki deck: OUT/NAME.apkg.

    One note per question (title and question on the front, the answer on the
    back), math for Anki's MathJax, figures as SVG media, in one deck named
    after the guide, tagged topic::SLUG, difficulty::LEVEL, booklet::NAME and
    with the question's own tags. Each note's identity comes from the guide's
    id in guide.yaml (added on the first export if missing) and the question's
    id, so importing a new export, even of a renamed guide, updates the cards
    and keeps their review history.

    \b
    Examples:
        guidegen anki
        guidegen anki --topic optimisation --out decks
        guidegen anki --booklet week-1
    """
    from guidegen.outputs.anki.writer import AnkiWriter
    from guidegen.pipeline import run
    from guidegen.requests import Options

    _report_progress(quiet)
    options = Options(_filters(selection), name=name, booklets=(booklet,) if booklet else ())
    with _progress_bars(quiet):
        exported = run(project, out, options, AnkiWriter())[0]
    if not quiet:
        notes = f"{exported.count} note{'s' if exported.count != 1 else ''}"
        if exported.rebuilt:
            click.echo(f"Wrote {display_path(exported.path)} ({notes})")
        else:
            click.echo(f"Nothing to do: the inputs have not changed since {display_path(exported.path)} ({notes}) was written.")


class _Offset(click.ParamType):
    """--back-offset X,Y: two numbers of millimetres."""

    name = "offset"

    def convert(self, value, param, ctx) -> tuple[float, float]:
        from guidegen.outputs.cards.geometry import parse_offset

        offset = value if isinstance(value, tuple) else parse_offset(str(value))
        if offset is None:
            self.fail(f"{value!r} is not two numbers of millimetres such as 1.5,-0.5 (X right, Y down, as seen on the back)", param, ctx)
        return offset


@main.command(short_help="Printable flashcards: questions on the fronts, answers behind them.")
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@_selection_options()
@click.option("--booklet", metavar="NAME", shell_complete=_complete("booklets"), help="Cards for a named booklet from guide.yaml.")
@click.option("--name", help="Name of the output files [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--paper", type=click.Choice(("a4", "letter"), case_sensitive=False), help="Paper size [default: the guide's, else a4].")
@click.option("--per-page", type=click.Choice(("4", "8", "10")), default="8", show_default=True,
              help="Cards on a page: two columns of 2, 4 or 5.")
@click.option("--flip", type=click.Choice(("long", "short"), case_sensitive=False), default="long", show_default=True,
              help="The edge your printer turns the sheet over on for its second side.")
@click.option("--back-offset", type=_Offset(), default="0,0", show_default=True, metavar="X,Y",
              help="Shift the backs X mm right and Y mm down (as seen on the back), as --calibrate measures.")
@click.option("--calibrate", is_flag=True, help="Write OUT/cards-calibration.pdf, a two-sided test sheet that shows the --back-offset to use.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def cards(project: Path, out: Path | None, booklet: str | None, name: str | None, paper: str | None, per_page: str, flip: str,
          back_offset: tuple[float, float], calibrate: bool, quiet: bool, **selection) -> None:
    """Printable flashcards: OUT/NAME-cards.pdf.

    Pages alternate: a front page of questions (number, title, topic,
    difficulty), then a back page of their answers, each behind its question
    when printed two-sided. Cut along the marks in the margins. Takes the
    selection options of build; the answer key for the same selection is built
    (or its last build reused) beside the cards, and an answer too long for
    its card ends with the page of the key that holds its question and answer.

    \b
    Examples:
        guidegen cards --calibrate
        guidegen cards --back-offset 1,-0.5
        guidegen cards --topic optimisation --per-page 4 --paper letter
        guidegen cards --booklet week-1 --flip short
    """
    from guidegen.outputs.cards.model import Flip
    from guidegen.outputs.cards.writer import CardsWriter, calibration
    from guidegen.pipeline import run
    from guidegen.requests import Options

    _report_progress(quiet)
    paper = paper and paper.lower()
    with _progress_bars(quiet):
        if calibrate:
            made = calibration(project, out, paper, Flip(flip.lower()), back_offset)
            if not quiet:
                click.echo(f"Wrote {display_path(made.path)} ({_count(made.count, 'page')}): print it two-sided, "
                           "hold it to a light and read the offset off the back.")
            return
        # One unversioned key beside the cards, on their paper: its pages are the ones cards name.
        options = Options(_filters(selection), BuildSettings(paper=paper, versions=0), name, (booklet,) if booklet else ())
        outputs = run(project, out, options, CardsWriter(int(per_page), Flip(flip.lower()), back_offset))
    if quiet:
        return
    [made] = [o for o in outputs if o.path.name.endswith("-cards.pdf")]
    if not made.rebuilt:
        click.echo(f"Nothing to do: the inputs have not changed since {display_path(made.path)} ({_count(made.count, 'page')}) was written.")
        return
    keys = [o.path for o in outputs if o.path.name.endswith("-answers.pdf")]
    click.echo(f"Wrote {display_path(made.path)} ({_count(made.count, 'page')}; page numbers from "
               f"{display_path(keys[0])}): print two-sided, flipping on the {flip.lower()} edge.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


@main.command(short_help="Check the tools guidegen runs; say what to install.")
@click.option("--all-platforms", is_flag=True, help="Say what to install on Debian/Ubuntu, Fedora, macOS and Windows, not only here.")
def doctor(all_platforms: bool) -> None:
    """Check the tools guidegen runs and say what to install for any that is missing.

    Python, pdflatex and lualatex, the LaTeX files the templates load, the
    fallback fonts, rsvg-convert and poppler: each gets a tick or a cross, and
    each cross the package that provides it on this system (on every system
    with --all-platforms). Exits 0 when everything is there, 1 otherwise.

    \b
    Examples:
        guidegen doctor
        guidegen doctor --all-platforms
    """
    from guidegen.doctor import report

    sys.exit(report(click.echo, all_platforms))


if __name__ == "__main__":  # pragma: no cover
    main()
