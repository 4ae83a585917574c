"""Errors shown to people: one line per problem, never a traceback."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import click

# Set by Ctrl-C or SIGTERM during a command (cli.friendly_errors); checked before any PDF
# is replaced, and by `watch` after each rebuild. A signal that arrives while a child
# process is being started is handled in an at-fork callback, which drops its
# KeyboardInterrupt: without the flag, the build would publish and the watching go on.
INTERRUPTED = threading.Event()

# Characters that would move the cursor, ring the bell or recolour a terminal: C0 and C1
# controls (tab and newline included, since a message is one line), DEL, and the
# surrogates Python uses for bytes of a file name that are not UTF-8.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` safe to print on one terminal line: unprintable characters as \\xNN escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}" if ord(m.group()) < 0xD800
                            else f"\\x{ord(m.group()) - 0xDC00:02x}", text)


def shorten(value: object, limit: int = 60) -> str:
    """A value quoted in a message: its repr, cut to a readable length (a 40 MB YAML
    alias expansion or a 4,000-digit number must not be echoed whole)."""
    import reprlib

    shortener = reprlib.Repr()
    shortener.maxstring = shortener.maxother = shortener.maxlong = limit
    text = shortener.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_path(path: Path | str) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        shown = os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)
    except (OSError, ValueError):
        shown = str(path)
    return printable(shown)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located at a file and line. The path is kept
    absolute, and shown relative to the working directory only when printed, so a
    problem does not depend on where guidegen was started (and can be cached)."""

    path: str
    line: int
    message: str
    # What kind of problem, for code that must tell some apart (the importer keeps a
    # question whose only problem is a remote image); "" for most.
    code: str = ""
    # A warning: what prints with a small, stated loss (a remote image, an unknown HTML
    # tag, a question without an answer). The build goes on; --strict makes it an error.
    warning: bool = False

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}: {'warning' if self.warning else 'error'}: {printable(self.message)}"


def problem(path: Path | str, line: int, message: str, code: str = "", warning: bool = False) -> Problem:
    return Problem(os.path.abspath(path), max(int(line), 1), message, code, warning)


def warnings_of(problems) -> list[Problem]:
    return [p for p in problems if p.warning]


def errors_of(problems) -> list[Problem]:
    return [p for p in problems if not p.warning]


class GuideError(click.ClickException):
    """A failure the user can act on; click prints it as `Error: ...` with exit code 1."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__("\n".join(printable(line) for line in str(message).split("\n")))


class ContentError(GuideError):
    """The bank has problems; every one of them is listed, sorted by file and line."""

    def __init__(self, problems: list[Problem], action: str = "nothing was written"):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        warned = len(warnings_of(self.problems))
        found = "found"
        if warned and warned < count:  # some are warnings, which do not stop a build alone
            found += f" ({warned} warning{'s' if warned != 1 else ''})"
        super().__init__(f"{count} {noun} {found}; {action}.")

    def show(self, file=None) -> None:  # noqa: D401 - click's signature
        for item in self.problems:
            click.echo(str(item), err=True)
        super().show(file)


class LatexError(GuideError):
    """LaTeX stopped; the message names the source question and quotes the TeX error."""
