"""The command line: thin click commands over the library, each with an example."""

from __future__ import annotations

import errno
import functools
import signal
from pathlib import Path

import click

from guidegen.errors import GuideError, display_path
from guidegen.model import ANSWER_SPACE_KINDS, DIFFICULTIES, PAPERS, AnswerSpace, Filters

def friendly_errors(func):
    """Turn the failures a user can meet (disk full, unreadable file, Ctrl-C or a kill)
    into one line and a non-zero exit instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return func(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted("interrupted; the PDFs of the last good build are unchanged") from None
        except OSError as exc:
            where = f"{display_path(exc.filename)}: " if exc.filename else ""
            full = " (is the disk full?)" if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) else ""
            raise GuideError(f"{where}cannot read or write: {exc.strerror or exc}{full}; the PDFs of the last good build are unchanged") from None
        finally:
            signal.signal(signal.SIGTERM, previous)

    return wrapper


def _terminate(signum, frame):
    raise KeyboardInterrupt


class Interrupted(GuideError):
    exit_code = 130


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


def _selection_options(func):
    """The filters shared by build and list: any-of within an option, all-of across options."""
    options = [
        click.option("--topic", "topics", multiple=True, metavar="SLUG", help="Questions with this topic (repeat: any of them)."),
        click.option("--tag", "tags", multiple=True, metavar="TAG", help="Questions with this tag (repeat: any of them)."),
        click.option("--difficulty", "difficulties", multiple=True, type=click.Choice(DIFFICULTIES), help="Questions of this difficulty (repeat: any of them)."),
        click.option("--id", "ids", multiple=True, metavar="ID", help="Only these question ids (repeat for several)."),
        click.option("--exclude-id", "exclude_ids", multiple=True, metavar="ID", help="Leave out these question ids."),
        click.option("--count", type=click.IntRange(min=1), help="Draw this many of the matching questions at random."),
        click.option("--seed", type=int, default=0, show_default=True, help="Seed for --count and --versions: the same seed gives the same draw."),
        click.option("--balanced", is_flag=True, help="With --count: spread the draw evenly across the topics."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(topics, tags, difficulties, ids, exclude_ids, count, seed, balanced) -> Filters:
    if balanced and count is None:
        raise click.UsageError("--balanced only makes sense with --count N")
    return Filters(topics, tags, difficulties, ids, exclude_ids, count, seed, balanced)


@main.command()
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@_selection_options
@click.option("--booklet", "booklets", multiple=True, metavar="NAME", help="Build a named booklet from guide.yaml (repeatable).")
@click.option("--all-booklets", is_flag=True, help="Build every booklet named in guide.yaml.")
@click.option("--name", help="Name of the output files [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--versions", type=click.IntRange(1, 26), help="Write N question sheets (A, B, ...) in different orders, each with its key.")
@click.option("--answer-space", type=click.Choice(ANSWER_SPACE_KINDS), help="Room for answers in the question sheet [default: each question's own, else lines].")
@click.option("--answer-height", metavar="LENGTH", help="Least height of that room, e.g. 5cm [default: 4cm].")
@click.option("--page-match/--no-page-match", default=True, show_default=True, help="Give each answer the same height in sheet and key, so question k starts on the same page in both.")
@click.option("--key", "key_mode", type=click.Choice(["inline", "end"]), default="inline", show_default=True, help="Answers after each question, or collected at the end with links both ways.")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size [default: guide.yaml's paper, else a4].")
@click.option("--duplex", is_flag=True, help="Two-sided printing: each topic and the answers start on a right-hand page.")
@click.option("--imposition", type=click.Choice(["none", "booklet", "2up"]), default="none", show_default=True, help="booklet: half-size pages imposed for folding and stapling; 2up: two pages per sheet.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def build(project: Path, out: Path | None, booklets, all_booklets, name, versions, answer_space, answer_height, page_match, key_mode, paper, duplex, imposition, quiet, **selection) -> None:
    """Build question sheets and answer keys as PDFs.

    Writes OUT/NAME-questions.pdf and OUT/NAME-answers.pdf, where NAME is
    'guide' for the whole bank, or the topic slugs joined by '+'. Within one
    filter option the values mean "any of"; different options must all hold.
    By default the question sheet leaves ruled space for each answer, as tall
    as the answer in the key, so both PDFs paginate alike.

    \b
    Examples:
        guidegen build
        guidegen build --topic optimisation --topic deep-learning
        guidegen build --difficulty hard --count 10 --seed 7 --versions 3
        guidegen build --booklet week-1 --imposition booklet
        guidegen build --answer-space none
    """
    import sys

    from guidegen import incremental
    from guidegen.schema import parse_length_cm

    say = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    out_dir = (out or project / "build").resolve()
    command_key = repr(sys.argv[1:]) + str(project.resolve())
    ready = incremental.up_to_date(project.resolve(), out_dir, command_key)
    if ready:
        say("Nothing to do: the inputs have not changed since the last build.")
        _report([(p, n) for p, n in ready], quiet)
        return

    from guidegen.bank import load
    from guidegen.build import Request, build as run_build
    from guidegen.render import Layout

    height = AnswerSpace().height_cm
    if answer_height is not None:
        height = parse_length_cm(answer_height)
        if height is None:
            raise click.BadParameter(f"'{answer_height}' is not a length such as 5cm, 40mm or 2in", param_hint="--answer-height")
    space = AnswerSpace(answer_space or "lines", height)
    layout = Layout(
        duplex=duplex,
        key=key_mode,
        answer_space=space,
        space_forced=answer_space is not None or answer_height is not None,
        page_matched=page_match and answer_space != "none",
        imposition=imposition,
    )
    filters = _filters(**selection)
    checked = load(project, cache=out_dir / ".work" / "conversions.pickle")
    requests = []
    named = list(checked.bank.guide.booklets) if all_booklets else [_booklet(checked.bank.guide, b) for b in booklets]
    if all_booklets and not named:
        raise GuideError("--all-booklets: guide.yaml declares no booklets (add a 'booklets:' list)")
    if named and not filters.is_empty:
        raise click.UsageError("--booklet/--all-booklets take their filters from guide.yaml; drop the filter options")
    for b in named:
        requests.append(Request(b.filters, layout, paper, b.name, b.title, versions or 0))
    if not named:
        requests.append(Request(filters, layout, paper, name, "", versions or 0))
    outputs = run_build(project, out, requests, say=say, checked=checked)
    incremental.record(project.resolve(), out_dir, command_key, [(o.path, o.pages) for o in outputs])
    _report([(o.path, o.pages) for o in outputs], quiet)


def _booklet(guide, name: str):
    for booklet in guide.booklets:
        if booklet.name == name:
            return booklet
    known = ", ".join(b.name for b in guide.booklets) or "none declared"
    raise GuideError(f"unknown booklet '{name}' (booklets in guide.yaml: {known})")


def _report(outputs, quiet: bool) -> None:
    if quiet:
        return
    for path, pages in outputs:
        click.echo(f"Wrote {display_path(path)} ({pages} page{'s' if pages != 1 else ''})")


@main.command()
@PROJECT
@friendly_errors
def check(project: Path) -> None:
    """Validate the whole bank and report every problem as path:line: message.

    Exits 0 when the bank is clean, 1 otherwise.

    \b
    Example:
        guidegen check --project my-guide
    """
    from guidegen.bank import load as run_check

    checked = run_check(project)
    count = len(checked.bank.questions)
    click.echo(f"OK: {count} question{'s' if count != 1 else ''}, {len(checked.bank.guide.topics)} topics, no problems.")


@main.command(name="list")
@PROJECT
@_selection_options
@friendly_errors
def list_(project: Path, **selection) -> None:
    """List the questions: id, topics, difficulty and title.

    \b
    Example:
        guidegen list --topic evaluation
    """
    from guidegen import select
    from guidegen.bank import load as run_check

    bank = run_check(project).bank
    chosen = select.select(bank, _filters(**selection))
    rows = [(q.id, ",".join(q.topics), q.difficulty, q.title) for q in chosen]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@PROJECT
@click.option("--topic", "topics", multiple=True, metavar="SLUG", help="Topic(s) to give every imported question; left for you to fill in otherwise.")
@click.option("--force", is_flag=True, help="Overwrite content files that already exist.")
@friendly_errors
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
