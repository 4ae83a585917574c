"""The commands of the other outputs: anki and cards."""

from __future__ import annotations

from pathlib import Path

import click

from guidegen.cli import (PROJECT, complete, filters_of, friendly_errors, main, plural, progress_bars, report_progress,
                          selection_options)
from guidegen.errors import display_path
from guidegen.model import BuildSettings


@main.command()
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@selection_options()
@click.option("--booklet", metavar="NAME", shell_complete=complete("booklets"), help="Export a named booklet from guide.yaml (its notes are tagged booklet::NAME in the guide's deck).")
@click.option("--name", help="Name of the package [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--strict", is_flag=True, help="Treat warnings (a remote image, an unknown HTML tag, a question without an answer) as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def anki(project: Path, out: Path | None, booklet: str | None, name: str | None, strict: bool, quiet: bool, **selection) -> None:
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

    report_progress(quiet)
    options = Options(filters_of(selection), name=name, booklets=(booklet,) if booklet else (), strict=strict)
    with progress_bars(quiet):
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
@selection_options()
@click.option("--booklet", metavar="NAME", shell_complete=complete("booklets"), help="Cards for a named booklet from guide.yaml.")
@click.option("--name", help="Name of the output files [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--paper", type=click.Choice(("a4", "letter"), case_sensitive=False), help="Paper size [default: the guide's, else a4].")
@click.option("--per-page", type=click.Choice(("4", "8", "10")), default="8", show_default=True,
              help="Cards on a page: two columns of 2, 4 or 5.")
@click.option("--flip", type=click.Choice(("long", "short"), case_sensitive=False), default="long", show_default=True,
              help="The edge your printer turns the sheet over on for its second side.")
@click.option("--back-offset", type=_Offset(), default="0,0", show_default=True, metavar="X,Y",
              help="Shift the backs X mm right and Y mm down (as seen on the back), as --calibrate measures.")
@click.option("--calibrate", is_flag=True, help="Write OUT/cards-calibration.pdf, a two-sided test sheet that shows the --back-offset to use.")
@click.option("--strict", is_flag=True, help="Treat warnings (a remote image, an unknown HTML tag, a question without an answer) as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def cards(project: Path, out: Path | None, booklet: str | None, name: str | None, paper: str | None, per_page: str, flip: str,
          back_offset: tuple[float, float], calibrate: bool, strict: bool, quiet: bool, **selection) -> None:
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

    report_progress(quiet)
    paper = paper and paper.lower()
    with progress_bars(quiet):
        if calibrate:
            made = calibration(project, out, paper, Flip(flip.lower()), back_offset)
            if not quiet:
                click.echo(f"Wrote {display_path(made.path)} ({plural(made.count, 'page')}): print it two-sided, "
                           "hold it to a light and read the offset off the back.")
            return
        # One unversioned key beside the cards, on their paper: its pages are the ones cards name.
        options = Options(filters_of(selection), BuildSettings(paper=paper, versions=0), name, (booklet,) if booklet else (),
                          strict=strict)
        outputs = run(project, out, options, CardsWriter(int(per_page), Flip(flip.lower()), back_offset))
    if quiet:
        return
    [made] = [o for o in outputs if o.path.name.endswith("-cards.pdf")]
    if not made.rebuilt:
        click.echo(f"Nothing to do: the inputs have not changed since {display_path(made.path)} ({plural(made.count, 'page')}) was written.")
        return
    keys = [o.path for o in outputs if o.path.name.endswith("-answers.pdf")]
    click.echo(f"Wrote {display_path(made.path)} ({plural(made.count, 'page')}; page numbers from "
               f"{display_path(keys[0])}): print two-sided, flipping on the {flip.lower()} edge.")
