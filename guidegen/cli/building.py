"""The commands that make and check the guide: build, watch, check and list."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from guidegen.cli import (PROJECT, build_options, complete, filters_of, friendly_errors, main, open_key, plural,
                          progress_bars, report_outputs, report_progress, selection_options, setting_options)


def build_parameters(func):
    """Every option of build, declared once and given to build and watch alike (each
    command gets options of its own: click's option objects are not shared)."""
    decorators = [
        PROJECT,
        click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build]."),
        selection_options(versions=True),
        click.option("--booklet", multiple=True, metavar="NAME", shell_complete=complete("booklets"),
                     help="Build a named booklet from guide.yaml (repeatable)."),
        click.option("--all-booklets", is_flag=True, help="Build every booklet named in guide.yaml."),
        click.option("--name", help="Name of the output files [default: guide, the topics joined by '+', or the booklet name]."),
        setting_options,
        click.option("--open", is_flag=True,
                     help="Open the answer key in the system's PDF viewer when it is built (watch: once; a viewer "
                          "that reloads changed files follows along)."),
        click.option("--strict", is_flag=True,
                     help="Treat warnings (a remote image, an unknown HTML tag, a question without an answer) as errors."),
        click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


@main.command()
@build_parameters
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
    from guidegen.outputs import WRITERS
    from guidegen.pipeline import run

    report_progress(quiet)
    open_viewer = options.pop("open")
    with progress_bars(quiet):
        outputs = run(project, out, build_options(options), WRITERS["pdf"]())
    report_outputs(outputs, quiet)
    if open_viewer:
        open_key([o.path for o in outputs], quiet)


@main.command(short_help="Build, then rebuild whenever an input changes.")
@build_parameters
@click.option("--html", "html_page", is_flag=True, help="Also rebuild the self-study page (OUT/NAME.html, as guidegen html makes it).")
@friendly_errors
def watch(project: Path, out: Path | None, quiet: bool, html_page: bool, **options) -> None:
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
        guidegen watch --html
    """
    from guidegen.watch import watch_project

    open_viewer = options.pop("open")
    sys.exit(watch_project(project, out, build_options(options), open_viewer=open_viewer, quiet=quiet, echo=click.echo,
                           html=html_page))




def _outputs(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    """--for's values: names of registered writers (read when the command runs, so a writer
    registered after this module was imported is known too)."""
    from guidegen.outputs import WRITERS

    unknown = [v for v in values if v.lower() not in WRITERS]
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not an output; choose from {', '.join(WRITERS)}", ctx, param)
    return tuple(v.lower() for v in values)


@main.command(short_help="Validate the bank for every output; list every error and warning at its file and line.")
@PROJECT
@click.option("--for", "outputs", multiple=True, callback=_outputs, metavar="OUTPUT",
              help="Check only for this output: pdf, anki, cards, html (repeatable) [default: every output].")
@click.option("--strict", is_flag=True, help="Treat warnings (a remote image, an unknown HTML tag, a question without an answer) as errors.")
@friendly_errors
def check(project: Path, outputs: tuple[str, ...], strict: bool) -> None:
    """Validate the whole bank and report every problem as path:line: error: message,
    or path:line: warning: message for what prints with a small, stated loss (a
    remote image, an unknown HTML tag, a question without an answer). What only one
    output cannot make is labelled with it: error: [anki] ..., error: [pdf] ....

    Exits 0 when the bank has no errors, 1 otherwise (with --strict, also on warnings).

    \b
    Examples:
        guidegen check --project my-guide
        guidegen check --for anki
    """
    from guidegen.outputs import writers
    from guidegen.pipeline import check_project

    with progress_bars(quiet=False):
        bank, warnings = check_project(project, writers(outputs), strict)
    for warning in warnings:
        click.echo(str(warning), err=True)
    count = len(bank.questions)
    found = f"{plural(len(warnings), 'warning')}" if warnings else "no problems"
    click.echo(f"OK: {plural(count, 'question')}, {plural(len(bank.guide.topics), 'topic')}, {found}.")


LIST_FIELDS = ("id", "title", "topics", "difficulty", "tags", "points", "file")


@main.command(name="list", short_help="List the selected questions: a table, JSON or CSV.")
@PROJECT
@selection_options()
@click.option("--booklet", metavar="NAME", shell_complete=complete("booklets"),
              help="List the questions a named booklet from guide.yaml holds (a drawn one: the questions its seed draws).")
@click.option("--format", type=click.Choice(("table", "json", "csv"), case_sensitive=False), default="table",
              show_default=True, help=f"table: id, topics, difficulty and title; json or csv: {', '.join(LIST_FIELDS)} of each question.")
@friendly_errors
def list_(project: Path, **options) -> None:
    """List the questions: id, topics, difficulty and title, or every field as JSON or CSV.

    In JSON, one object per question with id, title, topics, difficulty, tags,
    points (null when not given) and file (relative to the project); CSV has the
    same columns, lists joined by commas, and a cell that a spreadsheet would
    read as a formula (starting with = + - @) starts with a ' instead.

    With --booklet, the questions the booklet holds, in its order; for a booklet
    drawn at random (count:), a first line on stderr says how many were drawn and
    with which seed.

    \b
    Examples:
        guidegen list --topic evaluation
        guidegen list --booklet week-1
        guidegen list --format json > questions.json
    """
    from guidegen import select
    from guidegen.load import load
    from guidegen.requests import Options

    with progress_bars(quiet=False):
        bank = load(project)
    output_format = options.pop("format")
    booklet = options.pop("booklet")
    filters = filters_of(options)
    if booklet:
        [request] = Options(filters, booklets=(booklet,)).requests(bank)
        filters = request.filters
        chosen = select.select(bank, filters)
        drawn = f"; {filters.count} drawn{' (balanced)' if filters.balanced else ''} with seed {filters.seed}" if filters.count else ""
        click.echo(f"Booklet {booklet}: {plural(len(chosen), 'question')}{drawn}", err=True)
    else:
        chosen = select.select(bank, filters)
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
        writer.writerows({k: csv_cell(",".join(v) if isinstance(v, list) else v) for k, v in r.items()} for r in records)


# A spreadsheet reads a cell that starts with one of these as a formula (=HYPERLINK(...)
# in a title would run when the list is opened); full-width forms too, which some
# spreadsheets take for the ASCII ones.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value):
    """A CSV cell a spreadsheet shows as text: a value that would start a formula gets a
    leading single quote (OWASP's advice against CSV injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _record(question, project: Path) -> dict:
    """One question for `list --format json|csv`: the fields of LIST_FIELDS."""
    q = question
    points = int(q.points) if q.points is not None and q.points.is_integer() else q.points  # 2, not 2.0
    return {"id": q.id, "title": q.title, "topics": list(q.topics), "difficulty": q.difficulty, "tags": list(q.tags),
            "points": points, "file": q.path.relative_to(project).as_posix()}
