"""The commands around a project: new, import and doctor."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from guidegen.cli import (find_project_or_new, friendly_errors, main, slugs)
from guidegen.errors import display_path
from guidegen.model import DIFFICULTIES


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--project", "-p", type=click.Path(file_okay=False, path_type=Path), callback=find_project_or_new,
              help="Project to import into; it may be an empty folder [default: the project here or above, else this folder].")
@click.option("--topic", multiple=True, metavar="SLUG", callback=lambda ctx, param, value: slugs(value, "--topic"),
              help="Give every imported question this topic (repeatable) instead of one topic per section.")
@click.option("--difficulty", type=click.Choice(DIFFICULTIES, case_sensitive=False), default="medium", show_default=True,
              help="Difficulty written in every imported question.")
@click.option("--force", is_flag=True, help="Overwrite content files that already exist.")
@click.option("--download-images", is_flag=True, help="Fetch each remote image once into figures/ and use the copy (a build never fetches).")
@click.option("--dry-run", is_flag=True, help="Print the split as a table (number, source line, title, first words of question and answer, shape) and the unplaced lines; write nothing.")
@click.option("--strict", is_flag=True, help="Write nothing, and fail, if any question found cannot be imported.")
@click.option("--questions", metavar="PATTERN",
              help="What a question starts with: a heading level ('###'), a heading's first words ('### Ejercicio') "
                   "or a paragraph's ('**Frage').")
@click.option("--answers", metavar="MARKER", help="The words an answer starts with ('Lösung', 'Ans.'): a paragraph, heading or <summary>.")
@friendly_errors
def import_(source: Path, project: Path, topic: tuple[str, ...], difficulty: str, force: bool, download_images: bool,
            dry_run: bool, strict: bool, questions: str | None, answers: str | None) -> None:
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
    none could be (or, with --strict, when any could not). When it cannot
    tell what the questions are (no repeated question shape, or most of the
    text outside them), it writes nothing, exits 1 and names the
    --questions PATTERN that would work; --answers MARKER names an answer
    marker it does not know.

    It also reads what other tools export, told by the content and not only
    the name: Moodle XML, GIFT, an Anki package (.apkg) and flashcard tables
    (CSV or TSV, a term and a definition a row, as Quizlet and Anki write
    them). Their topics, ids, points and right options come back; what has
    no place in guidegen is a warning at its line.

    \b
    Example:
        guidegen import notes.md --project my-guide --dry-run
        guidegen import notes.md --project my-guide
        guidegen import ejercicios.md --questions '### Ejercicio' --answers 'Solución'
        guidegen import quiz-moodle.xml --project my-guide
        guidegen build --project my-guide
    """
    from guidegen.importer import import_document

    report = import_document(source, project, topic, force, difficulty, download_images, dry_run, strict, questions, answers)
    shown = display_path(source)
    count = len(report.written)
    click.echo(f"Found {count} question{'s' if count != 1 else ''} in {shown}:")
    for section in report.sections:
        click.echo(f"  {section.count:4d}  {section.name} (topic {section.topic})")
    if report.dry_run:
        _print_rows(report.rows)
    folders = sorted({display_path(path.parent) for path in report.written})
    verb = "Would write" if report.dry_run else "Wrote"
    changed = count - len(report.unchanged)  # a re-import counts only the files that change
    updated = f", {len(report.updated)} of them updating an earlier import" if report.updated else ""
    same = f"; {len(report.unchanged)} unchanged" if report.unchanged else ""
    click.echo(f"{verb} {changed} file{'s' if changed != 1 else ''}{updated}{same} (difficulty: {report.difficulty}) to {', '.join(folders)}")
    if report.guide_created or report.new_topics:
        what = ("Would create" if report.guide_created else "Would add topics to") if report.dry_run else \
            ("Created" if report.guide_created else "Added topics to")
        click.echo(f"{what} {display_path(report.guide)}: {', '.join(report.new_topics)}")
    for path in report.removed:
        click.echo(f"Warning: {display_path(path)}: its question is no longer in {shown}; kept (delete it if it should go)", err=True)
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    if report.unplaced:
        click.echo("Not placed in any question (title, introduction, contents, footer, ...):")
        for first, last, text in report.unplaced:
            where = f"{first}" if first == last else f"{first}-{last}"
            click.echo(f"  {shown}:{where}: {text[:70]}")
    if report.dry_run:
        click.echo("Dry run: nothing was written.")


def _print_rows(rows) -> None:
    """--dry-run's table: number, source line, title, first words of the question and of
    the answer, and the shape each question was found by."""
    from guidegen.importer import first_words

    table = [("#", "line", "title", "question", "answer", "shape")]
    table += [(str(r.number), str(r.line), first_words(r.title, 36), r.question, r.answer or "(none)", r.shape) for r in rows]
    widths = [max(len(row[k]) for row in table) for k in range(len(table[0]))]
    for row in table:
        cells = [cell.rjust(widths[k]) if k < 2 else cell.ljust(widths[k]) for k, cell in enumerate(row)]
        click.echo(("  " + "  ".join(cells)).rstrip())


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
