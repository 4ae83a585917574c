"""The writer protocol: what every output gives the pipeline (guidegen.pipeline).

The pipeline does what all outputs share: the no-op check, loading and checking the
content, selecting, drawing the figures, publishing and recording. A writer declares
what it needs (the format figures are drawn in) and does the rest: its own checks, then
its files, made in the work folder. A new output is one folder here with a writer, and
one command that hands it to the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from guidegen.cache import Cache
    from guidegen.errors import Problem
    from guidegen.model import Bank, Question
    from guidegen.requests import Request

Sections = list  # [(Topic, [Question, ...]), ...]: a booklet's questions under their topics


@dataclass(frozen=True)
class Plan:
    """One booklet to make: what was asked, the questions chosen, and their order, one
    per version ("" when there are no versions; else A, B, ...)."""

    request: Request
    chosen: list[Question]
    orders: list[tuple[str, Sections]]


@dataclass(frozen=True)
class Job:
    """What a writer is given to make its files."""

    project: Path
    work: Path  # the build folder's work area, where the files are made
    bank: Bank
    plans: list[Plan]
    drawn: dict[str, Path]  # figure script (relative to figures/) -> its drawing, in the writer's format
    store: Cache


@dataclass(frozen=True)
class Made:
    """A finished file in the work area, the name it is published under in the output
    folder, and how much it holds (pages, or notes)."""

    path: Path
    name: str
    count: int


class Writer(Protocol):
    # The format figure scripts are drawn in for this output: "pdf" or "svg".
    figure_format: str

    def check(self, project: Path, bank: Bank, questions: list[Question], store: Cache | None = None,
              thorough: bool = False) -> list[Problem]:
        """What this output cannot make of these (checked) questions and of the project's
        files it alone reads: one problem each, with its line. `store` keeps work for the
        run that follows; `thorough` (for `guidegen check`) asks for every check a run
        would meet, even slow ones."""

    def prepare(self, project: Path, bank: Bank, plans: list[Plan], store: Cache) -> None:
        """Everything this output needs validated or converted before any figure is drawn
        or file written; raises ContentError or GuideError."""

    def write(self, job: Job) -> list[Made]:
        """Make the files in the work area; nothing is published yet."""
