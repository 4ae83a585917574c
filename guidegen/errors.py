"""Errors shown to people: one line per problem, never a traceback."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click


def display_path(path: Path | str) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)
    except (OSError, ValueError):
        return str(path)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located at a file and line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def problem(path: Path | str, line: int, message: str) -> Problem:
    return Problem(display_path(path), max(int(line), 1), message)


class GuideError(click.ClickException):
    """A failure the user can act on; click prints it as `Error: ...` with exit code 1."""

    exit_code = 1


class ContentError(GuideError):
    """The bank has problems; every one of them is listed, sorted by file and line."""

    def __init__(self, problems: list[Problem], action: str = "nothing was written"):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found; {action}.")

    def show(self, file=None) -> None:  # noqa: D401 - click's signature
        for item in self.problems:
            click.echo(str(item), err=True)
        super().show(file)


class LatexError(GuideError):
    """LaTeX stopped; the message names the source question and quotes the TeX error."""
