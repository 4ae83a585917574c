"""The export command: the selected questions in a learning platform's format, by the
writer of that name in the registry."""

from __future__ import annotations

from pathlib import Path

import click

from guidegen.cli import PROJECT, complete, filters_of, friendly_errors, main, progress_bars, report_progress, selection_options
from guidegen.errors import display_path

FORMATS = ("qti21", "qti12")


@main.command(short_help="The questions for a learning platform: QTI 2.1 or QTI 1.2 packages.")
@PROJECT
@click.option("--format", "format_", type=click.Choice(FORMATS, case_sensitive=False), required=True,
              help="qti21: an IMS QTI 2.1 content package (Blackboard, Moodle 4, ILIAS, Canvas New Quizzes); "
                   "qti12: QTI 1.2 as Canvas Classic Quizzes imports it.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@selection_options()
@click.option("--booklet", metavar="NAME", shell_complete=complete("booklets"), help="Export a named booklet from guide.yaml.")
@click.option("--name", help="Name of the package [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--strict", is_flag=True, help="Treat warnings (what the format cannot carry, a remote image) as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def export(project: Path, format_: str, out: Path | None, booklet: str | None, name: str | None, strict: bool, quiet: bool,
           **selection) -> None:
    """Export the selected questions for a learning platform: OUT/NAME-qti21.zip or OUT/NAME-qti12.zip.

    Each question is an item whose identifier is the question's id, so a new
    export updates what a platform already has where it allows; topics are
    sections, points the item's score, multiple choice a choice item, an open
    question an essay item with the model answer for the grader. What the
    format cannot carry is a warning at its line (--strict: an error).

    \b
    Examples:
        guidegen export --format qti21
        guidegen export --format qti12 --topic optimisation --out lms
    """
    from guidegen.outputs import WRITERS
    from guidegen.pipeline import run
    from guidegen.requests import Options

    report_progress(quiet)
    options = Options(filters_of(selection), name=name, booklets=(booklet,) if booklet else (), strict=strict)
    with progress_bars(quiet):
        made = run(project, out, options, WRITERS[format_.lower()]())[0]
    if not quiet:
        shown = f"{made.count} question{'s' if made.count != 1 else ''}"
        did = "Wrote" if made.rebuilt else "Nothing to do: the inputs have not changed since"
        click.echo(f"{did} {display_path(made.path)} ({shown})")
