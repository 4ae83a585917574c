"""The commands of the other outputs: anki, cards and html."""

from __future__ import annotations

from pathlib import Path

import click

from guidegen.cli import (PROJECT, complete, filters_of, friendly_errors, main, plural, progress_bars, report_progress,
                          selection_options)
from guidegen.errors import display_path
from guidegen.model import BuildSettings
from guidegen.outputs.cards.options import CardsOptions
from guidegen.outputs.html.options import HtmlOptions


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
    back), math for Anki's MathJax, figures as SVG media, in one deck named by
    'deck:' in guide.yaml, tagged topic::SLUG, difficulty::LEVEL, booklet::NAME
    and with the question's own tags. Each note's identity comes from the
    guide's id in guide.yaml and the question's id, so importing a new export,
    even of a renamed guide, updates the cards and keeps their review history;
    renaming the guide keeps the deck (change 'deck:' to rename it). A guide
    without 'id:' or 'deck:' gets them appended before the export starts. A
    note changes only when its content does: re-importing an unchanged export
    updates nothing.

    \b
    Examples:
        guidegen anki
        guidegen anki --topic optimisation --out decks
        guidegen anki --booklet week-1
    """
    from guidegen.outputs import WRITERS
    from guidegen.pipeline import run
    from guidegen.requests import Options

    report_progress(quiet)
    options = Options(filters_of(selection), name=name, booklets=(booklet,) if booklet else (), strict=strict)
    with progress_bars(quiet):
        exported = run(project, out, options, WRITERS["anki"]())[0]
    if not quiet:
        notes = f"{exported.count} note{'s' if exported.count != 1 else ''}"
        if exported.rebuilt:
            click.echo(f"Wrote {display_path(exported.path)} ({notes})")
        else:
            click.echo(f"Nothing to do: the inputs have not changed since {display_path(exported.path)} ({notes}) was written.")


class _Parsed(click.ParamType):
    """A writer's option read by the parser its field declares (metadata "parse")."""

    name = "value"

    def __init__(self, parse, expects: str):
        self.parse, self.expects = parse, expects

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        parsed = self.parse(value)
        if parsed is None:
            self.fail(f"{value!r} is not {self.expects}", param, ctx)
        return parsed


def writer_options(options_class):
    """The command-line options of a writer, made from the fields of its options dataclass
    (metadata: option, help, and choices, metavar or parse): declared once, with the writer."""
    import dataclasses

    def decorate(func):
        for field in reversed(dataclasses.fields(options_class)):
            meta = field.metadata
            extra: dict = {"metavar": meta["metavar"]} if "metavar" in meta else {}
            default = meta["default"]
            if "choices" in meta:
                extra["type"] = click.Choice([str(getattr(c, "value", c)) for c in meta["choices"]], case_sensitive=False)
                default = str(getattr(default, "value", default))
            elif "parse" in meta:
                extra["type"] = _Parsed(meta["parse"], meta["expects"])
                default = ",".join(f"{v:g}" for v in default) if isinstance(default, tuple) else default
            # Not given: None, so guide.yaml's `defaults:` (under the output's name) applies.
            func = click.option(meta["option"], field.name, default=None, help=f"{meta['help']}  [default: {default}]",
                                **extra)(func)
        return func

    return decorate


def options_of(options_class, given: dict):
    """The writer's options dataclass from the command's parameters (taken out of `given`)."""
    import dataclasses

    values = {}
    for field in dataclasses.fields(options_class):
        value = given.pop(field.name)
        for choice in field.metadata.get("choices", ()):
            if value is not None and str(getattr(choice, "value", choice)).lower() == str(value).lower():
                value = choice
        values[field.name] = value
    return options_class(**values)


@main.command(short_help="Printable flashcards: questions on the fronts, answers behind them.")
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@selection_options()
@click.option("--booklet", metavar="NAME", shell_complete=complete("booklets"), help="Cards for a named booklet from guide.yaml.")
@click.option("--name", help="Name of the output files [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--paper", type=click.Choice(("a4", "letter"), case_sensitive=False), help="Paper size [default: the guide's, else a4].")
@writer_options(CardsOptions)
@click.option("--calibrate", is_flag=True, help="Write OUT/cards-calibration.pdf, a two-sided test sheet that shows the --back-offset to use.")
@click.option("--strict", is_flag=True, help="Treat warnings (a remote image, an unknown HTML tag, a question without an answer) as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def cards(project: Path, out: Path | None, booklet: str | None, name: str | None, paper: str | None, calibrate: bool,
          strict: bool, quiet: bool, **selection) -> None:
    """Printable flashcards: OUT/NAME-cards.pdf.

    Pages alternate: a front page of questions (number, title, topic,
    difficulty), then a back page of their answers, each behind its question
    when printed two-sided. Cut along the marks in the margins. Takes the
    selection options of build. An answer too long for its card ends with the
    page of the answer key that holds it: the cards' own key, OUT/NAME-cards-key.pdf,
    laid out as build's default on the cards' paper, is written beside them (the
    key build wrote is never touched).

    \b
    Examples:
        guidegen cards --calibrate
        guidegen cards --back-offset 1,-0.5
        guidegen cards --topic optimisation --per-page 4 --paper letter
        guidegen cards --booklet week-1 --flip short
    """
    from guidegen.outputs.cards.writer import CalibrationOptions, CalibrationWriter, CardsWriter, Flip, key_name
    from guidegen.pipeline import run
    from guidegen.requests import Options

    report_progress(quiet)
    paper = paper and paper.lower()
    chosen = options_of(CardsOptions, selection)
    with progress_bars(quiet):
        if calibrate:
            writer = CalibrationWriter(CalibrationOptions(paper, chosen.flip or Flip.LONG, chosen.back_offset or (0.0, 0.0)))
            made = run(project, out, Options(strict=strict), writer)[0]
            if not quiet:
                did = "Wrote" if made.rebuilt else "Nothing to do: the inputs have not changed since"
                click.echo(f"{did} {display_path(made.path)} ({plural(made.count, 'page')}): print it two-sided, "
                           "hold it to a light and read the offset off the back.")
            return
        # The cards' own unversioned key, on their paper: its pages are the ones cards name.
        options = Options(filters_of(selection), BuildSettings(paper=paper, versions=0), name, (booklet,) if booklet else (),
                          strict=strict)
        outputs = run(project, out, options, CardsWriter(chosen))
    if quiet:
        return
    [made] = [o for o in outputs if o.path.name.endswith("-cards.pdf")]
    if not made.rebuilt:
        click.echo(f"Nothing to do: the inputs have not changed since {display_path(made.path)} ({plural(made.count, 'page')}) was written.")
        return
    key = made.path.with_name(key_name(made.path.name.removesuffix("-cards.pdf")))
    click.echo(f"Wrote {display_path(made.path)} ({plural(made.count, 'page')}; page numbers from "
               f"{display_path(key)}): print two-sided, flipping on the {_flip(project, chosen)} edge.")


def _flip(project: Path, chosen) -> str:
    """The edge the cards were made for: the command line's, else guide.yaml's, else long."""
    from guidegen.load.settings import load_guide
    from guidegen.outputs.base import resolve_options
    from guidegen.outputs.cards.writer import CardsWriter

    guide = load_guide(project.resolve(), []) if chosen.flip is None else None
    return str(chosen.flip or (resolve_options(CardsWriter(chosen), guide)[0].flip if guide else "long"))


@main.command(short_help="A self-study web page: one offline HTML file, answers behind a click.")
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PROJECT/build].")
@selection_options(versions=True)
@click.option("--booklet", multiple=True, metavar="NAME", shell_complete=complete("booklets"), help="A page for a named booklet from guide.yaml (repeatable).")
@click.option("--all-booklets", is_flag=True, help="A page for every booklet named in guide.yaml.")
@click.option("--name", help="Name of the page [default: guide, the topics joined by '+', or the booklet name].")
@click.option("--versions", type=click.IntRange(1, 26), metavar="N",
              help="N versions A, B, ... with the questions and options in other orders, as build makes them: OUT/NAME-A.html, ...")
@writer_options(HtmlOptions)
@click.option("--strict", is_flag=True, help="Treat warnings (a formula the page shows as TeX, a remote image, a question without an answer) as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def html(project: Path, out: Path | None, booklet: tuple[str, ...], all_booklets: bool, name: str | None,
         versions: int | None, strict: bool, quiet: bool, **selection) -> None:
    """A self-study page: OUT/NAME.html, one self-contained file.

    It opens from a disk, an e-mail or a phone with no network: its style and
    script are inside it, math is MathML, figures are SVG and images are inside
    it too. Answers stay hidden until asked for; multiple choice marks itself;
    "I knew it / I missed it" is kept in the browser under the guide's and the
    questions' ids; filters, search and a "missed only" review; printing gives a
    question sheet or an answer key. Numbers, selection and versions are those of
    build (with --versions, OUT/NAME-A.html, OUT/NAME-B.html, ...).

    \b
    Examples:
        guidegen html
        guidegen html --topic optimisation --out site
        guidegen html --booklet week-1 --lang de
    """
    from guidegen.outputs.html.writer import HtmlWriter
    from guidegen.pipeline import run
    from guidegen.requests import Options

    report_progress(quiet)
    chosen = options_of(HtmlOptions, selection)
    options = Options(filters_of(selection), BuildSettings(versions=versions), name, booklet, all_booklets, strict=strict)
    with progress_bars(quiet):
        outputs = run(project, out, options, HtmlWriter(chosen))
    if quiet:
        return
    for made in outputs:
        shown = f"{made.count} question{'s' if made.count != 1 else ''}"
        if made.rebuilt:
            click.echo(f"Wrote {display_path(made.path)} ({shown})")
        else:
            click.echo(f"Nothing to do: the inputs have not changed since {display_path(made.path)} ({shown}) was written.")
