"""The command line: thin click commands over the library, each with an example."""

from __future__ import annotations

from pathlib import Path

import click

from guidegen.errors import GuideError, display_path
from guidegen.model import ANSWER_SPACE_KINDS, DIFFICULTIES, PAPERS, AnswerSpace, Filters

PROJECT = click.option(
    "--project", "-p", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Project folder holding content/ (and optionally figures/, templates/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="guidegen")
def main() -> None:
    """Typeset printable study guides: a question sheet and an answer key.

    \b
    Example:
        guidegen check
        guidegen build --topic evaluation
    """


def _topic_option(func):
    return click.option("--topic", "topics", multiple=True, metavar="SLUG", help="Only questions with this topic; repeat for any of several.")(func)


@main.command()
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@_topic_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(project: Path, out: Path | None, topics: tuple[str, ...], quiet: bool) -> None:
    """Build the question sheet and the answer key as PDFs.

    Writes OUT/NAME-questions.pdf and OUT/NAME-answers.pdf, where NAME is
    'guide' for the whole bank, or the topic slugs joined by '+'.

    \b
    Example:
        guidegen build --project . --topic optimisation --topic deep-learning
    """
    from guidegen.build import Request, build as run_build

    say = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    request = Request(filters=Filters(topics=topics))
    outputs = run_build(project, out, request, say=say)
    if not quiet:
        for output in outputs:
            click.echo(f"Wrote {display_path(output.path)} ({output.pages} page{'s' if output.pages != 1 else ''})")


@main.command()
@PROJECT
def check(project: Path) -> None:
    """Validate the whole bank and report every problem as path:line: message.

    Exits 0 when the bank is clean, 1 otherwise.

    \b
    Example:
        guidegen check --project my-guide
    """
    from guidegen.build import check as run_check

    checked = run_check(project)
    count = len(checked.bank.questions)
    click.echo(f"OK: {count} question{'s' if count != 1 else ''}, {len(checked.bank.guide.topics)} topics, no problems.")


@main.command(name="list")
@PROJECT
@_topic_option
def list_(project: Path, topics: tuple[str, ...]) -> None:
    """List the questions: id, topics, difficulty and title.

    \b
    Example:
        guidegen list --topic evaluation
    """
    from guidegen import select
    from guidegen.build import check as run_check

    bank = run_check(project).bank
    chosen = select.select(bank, Filters(topics=topics))
    rows = [(q.id, ",".join(q.topics), q.difficulty, q.title) for q in chosen]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@PROJECT
@click.option("--topic", "topics", multiple=True, metavar="SLUG", help="Topic(s) to give every imported question; left for you to fill in otherwise.")
@click.option("--force", is_flag=True, help="Overwrite content files that already exist.")
def import_(source: Path, project: Path, topics: tuple[str, ...], force: bool) -> None:
    """Split a Markdown Q&A document into one content file per question.

    Understands '## N. Title' headings with **Question:**/**Answer:** markers,
    one heading per question followed by its answer, bold question paragraphs,
    and Q:/A: markers. Files go to content/TOPIC/ (content/imported/ without
    --topic); existing files are kept unless --force is given.

    \b
    Example:
        guidegen import notes.md --topic evaluation
    """
    from guidegen.importer import import_document

    written = import_document(source, project, topics, force)
    click.echo(f"Found {len(written)} question{'s' if len(written) != 1 else ''} in {display_path(source)}; wrote:")
    for path in written:
        click.echo(f"  {display_path(path)}")
    if not topics:
        click.echo("Fill in 'topics' and 'difficulty' in each file, then run 'guidegen check'.")


if __name__ == "__main__":  # pragma: no cover
    main()
