"""The export command: the selected questions in a learning platform's format, by the
name of its writer in the registry (every writer that declares `exports`)."""

from __future__ import annotations

from pathlib import Path

import click

from guidegen.cli import PROJECT, complete, filters_of, friendly_errors, main, plural, progress_bars, report_progress, selection_options
from guidegen.errors import display_path


class _Formats(click.Choice):
    """The export formats, read from the writer registry when they are needed (so a format
    registered later is a choice without a change here, and start-up imports no writer)."""

    def __init__(self):
        super().__init__((), case_sensitive=False)

    @property
    def choices(self):
        from guidegen.outputs import export_formats

        return tuple(export_formats())

    @choices.setter
    def choices(self, value) -> None:
        pass  # always the registry's


@main.command(short_help="The questions for a learning platform: QTI 2.1, QTI 1.2, Moodle XML, GIFT.")
@PROJECT
@click.option("--format", "format_", required=True, type=_Formats(), metavar="FORMAT",
              help="The format: qti21 (QTI 2.1 package), qti12 (QTI 1.2, Canvas Classic), moodle (Moodle XML), gift (GIFT text).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@selection_options()
@click.option("--booklet", metavar="NAME", shell_complete=complete("booklets"), help="Export a named booklet from guide.yaml.")
@click.option("--name", help="Name of the file [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--strict", is_flag=True, help="Treat warnings, and what the format cannot carry (an image in GIFT, a pinned option in Moodle), as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def export(project: Path, format_: str, out: Path | None, booklet: str | None, name: str | None, strict: bool, quiet: bool,
           **selection) -> None:
    """Export the selected questions for a learning platform.

    \b
    qti21:  OUT/NAME-qti21.zip, an IMS QTI 2.1 content package (Blackboard, Moodle 4, ILIAS)
    qti12:  OUT/NAME-qti12.zip, QTI 1.2 as Canvas Classic Quizzes import it
    moodle: OUT/NAME-moodle.xml, for Moodle's question bank (Import > Moodle XML)
    gift:   OUT/NAME.gift.txt, GIFT text (Moodle and other platforms)

    Topics become categories, a question's id its identifier (so a re-import
    updates rather than duplicates where the platform allows), points its
    mark; one right option is single choice, several multiple response (the
    mark split evenly, wrong picks subtract); an open question is an essay
    with the model answer for the grader; math is \\(...\\) for MathJax
    (MathML in QTI 2.1), figures and images travel in the package or file.
    What the format cannot carry is named at its line as a warning (an
    error with --strict); `guidegen check --for FORMAT` lists it too.

    \b
    Examples:
        guidegen export --format moodle
        guidegen export --format gift --topic optimisation --out lms
        guidegen export --format qti12
    """
    from guidegen.outputs import WRITERS
    from guidegen.pipeline import run
    from guidegen.requests import Options

    report_progress(quiet)
    options = Options(filters_of(selection), name=name, booklets=(booklet,) if booklet else (), strict=strict)
    with progress_bars(quiet):
        outputs = run(project, out, options, WRITERS[format_.lower()]())
    if quiet:
        return
    for made in outputs:
        shown = plural(made.count, "question")
        if made.rebuilt:
            click.echo(f"Wrote {display_path(made.path)} ({shown})")
        else:
            click.echo(f"Nothing to do: the inputs have not changed since {display_path(made.path)} ({shown}) was written.")
