"""The command line: thin click commands over the library, each with an example."""

from __future__ import annotations

import errno
import functools
import os
import signal
import sys
from pathlib import Path

import click

from guidegen.errors import INTERRUPTED, GuideError, display_path
from guidegen.model import ANSWER_SPACE_KINDS, PAPERS, AnswerSpace, Filters, Imposition, KeyMode, Layout, filter_fields, parse_length_cm

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


PROJECT = click.option(
    "--project", "-p", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Project folder holding content/ (and optionally figures/, templates/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="guidegen", prog_name="guidegen")
def main() -> None:
    """Typeset printable study guides: a question sheet and an answer key.

    \b
    Example:
        guidegen check
        guidegen build --topic evaluation
    """


def _selection_options(func):
    """The filters shared by build and list, as declared in model.Filters: any-of within
    an option, all-of across options."""
    for field, spec in reversed(filter_fields()):
        if spec.kind == "values":
            kind = click.Choice(spec.choices) if spec.choices else None
            option = click.option(spec.option, field.name, multiple=True, type=kind, metavar=spec.metavar or None, help=spec.help)
        elif spec.kind == "count":
            option = click.option(spec.option, field.name, type=click.IntRange(min=1), metavar=spec.metavar, help=spec.help)
        elif spec.kind == "seed":
            option = click.option(spec.option, field.name, type=int, default=0, show_default=True, metavar=spec.metavar, help=spec.help)
        else:
            option = click.option(spec.option, field.name, is_flag=True, help=spec.help)
        func = option(func)
    return func


def _slugs(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    """Values that name files or folders: slugs only, never a path."""
    from guidegen.load.schema import SLUG

    for value in values:
        if not SLUG.fullmatch(value):
            raise click.BadParameter(f"{value!r} is not a slug (lowercase letters, digits and hyphens)", param_hint=option)
    return values


def _filters(**selection) -> Filters:
    if selection["balanced"] and selection["count"] is None:
        raise click.UsageError("--balanced only makes sense with --count N")
    return Filters(**selection)


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
@click.option("--key", "key_mode", type=click.Choice(KeyMode.values()), default=KeyMode.INLINE.value, show_default=True, help="Answers after each question, or collected at the end with links both ways.")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size [default: guide.yaml's paper, else a4].")
@click.option("--duplex", is_flag=True, help="Two-sided printing: mirrored running heads, a binding margin; each topic starts on a new page.")
@click.option("--right-hand-starts", is_flag=True, help="Two-sided, for a bound book: each topic and the answers start on a right-hand page.")
@click.option("--large-print", is_flag=True, help="14 pt text with wider leading, figures scaled to match; pages still match.")
@click.option("--imposition", type=click.Choice(Imposition.values()), default=Imposition.NONE.value, show_default=True, help="booklet: half-size pages imposed for folding and stapling; 2up: two pages per sheet.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def build(project: Path, out: Path | None, booklets, all_booklets, name, versions, answer_space, answer_height, page_match, key_mode, paper, duplex, right_hand_starts, large_print, imposition, quiet, **selection) -> None:
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
    from guidegen.build import Options, build_guide

    _report_progress(quiet)
    height = AnswerSpace().height_cm
    if answer_height is not None:
        height = parse_length_cm(answer_height)
        if height is None:
            raise click.BadParameter(f"'{answer_height}' is not a length such as 5cm, 40mm or 2in", param_hint="--answer-height")
    layout = Layout(
        paper=paper,
        duplex=duplex,
        right_hand_starts=right_hand_starts,
        large_print=large_print,
        key=KeyMode(key_mode),
        answer_space=AnswerSpace(answer_space or "lines", height),
        space_forced=answer_space is not None or answer_height is not None,
        page_matched=page_match,
        imposition=Imposition(imposition),
    )
    options = Options(_filters(**selection), layout, name, versions or 0, tuple(booklets), all_booklets)
    outputs = build_guide(project, out, options)
    _report(outputs, quiet)


@main.command()
@click.option("--open", "open_viewer", is_flag=True, help="Open the answer key in the system's PDF viewer (xdg-open or open) once.")
@friendly_errors
def watch(open_viewer: bool, project: Path, out: Path | None, booklets, all_booklets, name, versions, answer_space, answer_height,
          page_match, key_mode, paper, duplex, right_hand_starts, large_print, imposition, quiet, **selection) -> None:
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
    from guidegen.build import Options
    from guidegen.watch import watch_project

    height = parse_length_cm(answer_height) if answer_height is not None else AnswerSpace().height_cm
    if height is None:
        raise click.BadParameter(f"'{answer_height}' is not a length such as 5cm, 40mm or 2in", param_hint="--answer-height")
    layout = Layout(paper=paper, duplex=duplex, right_hand_starts=right_hand_starts, large_print=large_print, key=KeyMode(key_mode), answer_space=AnswerSpace(answer_space or "lines", height),
                    space_forced=answer_space is not None or answer_height is not None, page_matched=page_match,
                    imposition=Imposition(imposition))
    options = Options(_filters(**selection), layout, name, versions or 0, tuple(booklets), all_booklets)
    sys.exit(watch_project(project, out, options, open_viewer=open_viewer, quiet=quiet, echo=click.echo))


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
    from guidegen.build import check_project

    bank = check_project(project)
    count = len(bank.questions)
    click.echo(f"OK: {count} question{'s' if count != 1 else ''}, {len(bank.guide.topics)} topics, no problems.")


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
    from guidegen.load import load

    bank = load(project)
    chosen = select.select(bank, _filters(**selection))
    rows = [(q.id, ",".join(q.topics), q.difficulty, q.title) for q in chosen]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@PROJECT
@click.option("--topic", "topics", multiple=True, metavar="SLUG", callback=lambda ctx, param, value: _slugs(value, "--topic"),
              help="Give every imported question this topic (repeatable) instead of one topic per section.")
@click.option("--difficulty", type=click.Choice(("easy", "medium", "hard")), default="medium", show_default=True,
              help="Difficulty written in every imported question.")
@click.option("--force", is_flag=True, help="Overwrite content files that already exist.")
@click.option("--download-images", is_flag=True, help="Fetch each remote image once into figures/ and use the copy (a build never fetches).")
@friendly_errors
def import_(source: Path, project: Path, topics: tuple[str, ...], difficulty: str, force: bool, download_images: bool) -> None:
    """Split a Markdown Q&A document into one content file per question.

    Reads the document's blocks: '## N. Question' headings (sub-headings
    belong to the answer), **Question:**/**Answer:** and Q:/A: markers, bold
    question paragraphs (**What is X?**, **1. What is X?**), bullets
    '* **Q: ...**' with a nested '- *A:* ...', and <details><summary>
    blocks. '## Section' headings above the questions become topics,
    declared in content/guide.yaml (created if missing). Title, intro,
    table of contents and footer are not questions: every line not placed
    in a question is listed. Files go to content/TOPIC/; existing files are
    kept unless --force is given; nothing is written if anything is wrong.

    \b
    Example:
        guidegen import notes.md --project my-guide
        guidegen build --project my-guide
    """
    from guidegen.importer import import_document

    report = import_document(source, project, topics, force, difficulty, download_images)
    shown = display_path(source)
    count = len(report.written)
    click.echo(f"Found {count} question{'s' if count != 1 else ''} in {shown}:")
    for section in report.sections:
        click.echo(f"  {section.count:4d}  {section.name} (topic {section.topic})")
    folders = sorted({display_path(path.parent) for path in report.written})
    click.echo(f"Wrote {count} file{'s' if count != 1 else ''} (difficulty: {report.difficulty}) to {', '.join(folders)}")
    if report.guide_created or report.new_topics:
        what = "Created" if report.guide_created else "Added topics to"
        click.echo(f"{what} {display_path(report.guide)}: {', '.join(report.new_topics)}")
    for remote in report.remote_images:
        click.echo(f"Warning: {remote}", err=True)
    if report.unplaced:
        click.echo("Not placed in any question (title, introduction, contents, footer, ...):")
        for first, last, text in report.unplaced:
            where = f"{first}" if first == last else f"{first}-{last}"
            click.echo(f"  {shown}:{where}: {text[:70]}")


@main.command()
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
@_selection_options
@click.option("--booklet", metavar="NAME", help="Export a named booklet from guide.yaml (its notes are tagged booklet::NAME in the guide's deck).")
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
    from guidegen.anki import AnkiOptions, export_deck

    _report_progress(quiet)
    exported = export_deck(project, out, AnkiOptions(_filters(**selection), booklet, name))
    if not quiet:
        notes = f"{exported.notes} note{'s' if exported.notes != 1 else ''}"
        if exported.rebuilt:
            click.echo(f"Wrote {display_path(exported.path)} ({notes})")
        else:
            click.echo(f"Nothing to do: the inputs have not changed since {display_path(exported.path)} ({notes}) was written.")


@main.command()
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
