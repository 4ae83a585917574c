"""The command line: thin click commands over the library, each with an example. This
module holds the group and what the commands share; the commands are in building.py
(build, watch, check, list), outputs.py (anki, cards, html) and project.py (new, import, doctor)."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
from pathlib import Path

from guidegen import pause_at

pause_at("import-click")
import click  # noqa: E402 - after the start-up point above

from guidegen.errors import INTERRUPTED, GuideError, display_path
from guidegen.model import LENGTH_UNITS, BuildSettings, Filters, filter_fields, parse_length_cm, setting_fields
from guidegen.paths import find_project

def friendly_errors(func):
    """Turn the failures a user can meet (disk full, unreadable file, Ctrl-C or a kill)
    into one line and a non-zero exit instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        INTERRUPTED.clear()
        pause_at("command")
        previous = {}
        try:
            # Inside the try: a Ctrl-C the moment the handler is in place is this command's.
            for signum in (signal.SIGINT, signal.SIGTERM):
                previous[signum] = signal.signal(signum, _terminate)
            pause_at("command-handlers")
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


def find_project_option(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    pause_at("find-project")
    return find_project(value)


def find_project_or_new(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    return find_project(value, new_ok=True)


PROJECT_HELP = "Project folder holding content/ [default: the nearest folder, here or above, with content/guide.yaml]."
PROJECT = click.option("--project", "-p", type=click.Path(file_okay=False, path_type=Path), callback=find_project_option, help=PROJECT_HELP)


def complete(kind: str):
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
    pause_at("group")


def parameter(option: str) -> str:
    """A parameter's name from its option (--exclude-id: exclude_id), so that its
    environment variable is named after the option too (GUIDEGEN_BUILD_EXCLUDE_ID)."""
    return option.lstrip("-").replace("-", "_")


def selection_options(versions: bool = False):
    """The filters shared by build, list and anki, as declared in model.Filters: any-of
    within an option, all-of across options. With `versions`, --seed says it orders them too."""

    def decorate(func):
        for field, spec in reversed(filter_fields()):
            name = parameter(spec.option)
            if spec.kind == "values":
                kind = click.Choice(spec.choices, case_sensitive=False) if spec.choices else None
                completion = complete(COMPLETIONS[spec.noun]) if spec.noun in COMPLETIONS else None
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


class Length(click.ParamType):
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


def setting_options(func):
    """The layout options of build, as declared in model.BuildSettings. Each is None
    unless given (on the command line or in the environment), so that guide.yaml's
    defaults and a booklet's own settings apply to the others."""
    for field, spec in reversed(setting_fields()):
        if spec.kind == "choice":
            extra = {"type": click.Choice(spec.choices, case_sensitive=False)}
        elif spec.kind == "length":
            extra = {"type": Length(), "metavar": spec.metavar}
        elif spec.kind == "count":
            extra = {"type": click.IntRange(1, spec.maximum), "metavar": spec.metavar}
        else:
            extra = {}  # "--name/--no-name": a flag either way, None when neither is given
        func = click.option(spec.option, field.name, default=None, help=spec.help, **extra)(func)
    return func


def slugs(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    """Values that name files or folders: slugs only, never a path."""
    from guidegen.load.schema import SLUG

    for value in values:
        if not SLUG.fullmatch(value):
            raise click.BadParameter(f"{value!r} is not a slug (lowercase letters, digits and hyphens)", param_hint=option)
    return values


def filters_of(options: dict) -> Filters:
    """The filters among a command's parameters (taken out of `options`)."""
    selection = {field.name: options.pop(parameter(spec.option)) for field, spec in filter_fields()}
    if selection["balanced"] and selection["count"] is None:
        raise click.UsageError("--balanced only makes sense with --count N")
    return Filters(**selection)


def build_options(options: dict):
    """build's Options from its parameters (taken out of `options`): filters, booklets and layout."""
    from guidegen.requests import Options

    pause_at("options")
    settings = BuildSettings(**{field.name: options.pop(field.name) for field, _ in setting_fields()})
    return Options(filters_of(options), settings, options.pop("name"), tuple(options.pop("booklet")), options.pop("all_booklets"),
                   options.pop("strict"))


def report_progress(quiet: bool) -> None:
    """The library reports progress and warnings through logging; show them on stderr."""
    import logging

    pause_at("report-progress")

    class Echo(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            click.echo(record.getMessage(), err=True)

    logger = logging.getLogger("guidegen")
    logger.handlers[:] = [Echo()]
    logger.setLevel(logging.ERROR if quiet else logging.INFO)
    logger.propagate = False


class Bar:
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


def progress_bars(quiet: bool):
    """Counts of long work as bars, on a terminal that can redraw a line only: a pipe,
    a CI log or TERM=dumb gets the phase lines."""
    if quiet or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        # A dumb terminal (Emacs' shell, some CI logs) cannot erase a line: "\r" and
        # escape sequences would stay in it as litter.
        return contextlib.nullcontext()
    from guidegen import progress

    return progress.reporting(Bar())


def report_outputs(outputs, quiet: bool) -> None:
    """One line per PDF written; a no-op build says so once, and lists the PDFs that stand."""
    if quiet:
        return
    current = bool(outputs) and not any(o.rebuilt for o in outputs)
    if current:
        click.echo("Nothing to do: the inputs have not changed since these were built:")
    for o in outputs:
        pages = f"{o.pages} page{'s' if o.pages != 1 else ''}"
        click.echo(f"  {display_path(o.path)} ({pages})" if current else f"Wrote {display_path(o.path)} ({pages})")


def open_key(pdfs: list[Path], quiet: bool) -> None:
    """Open the (first) answer key in the system's PDF viewer, or say why not."""
    keys = [pdf for pdf in pdfs if pdf.name.endswith("-answers.pdf")] or pdfs
    if not keys:
        return
    from guidegen.opener import open_pdf

    failed = open_pdf(keys[0])
    if failed:
        click.echo(failed, err=True)
    elif not quiet:
        click.echo(f"Opening {display_path(keys[0])}")


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"



def _register() -> None:
    """The commands register themselves on `main` when their modules are imported."""
    import importlib

    for module in ("building", "outputs", "project", "export"):
        pause_at(f"import-{module}")
        importlib.import_module(f"guidegen.cli.{module}")


_register()
