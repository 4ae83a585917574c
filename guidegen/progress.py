"""Counts of long work (questions converted, figures drawn, LaTeX passes), for whoever
shows them. The command line installs a reporter that draws a bar on a terminal; with
none installed (a pipe, CI, the library on its own) counting costs a lookup and prints
nothing. The library never imports click for this.

    with progress.task("converted {done}/{total} questions", len(questions)) as counter:
        for question in questions:
            ...
            counter.advance()
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import Iterator, Protocol


class Reporter(Protocol):
    """Shows one piece of work at a time: its label (with {done} and {total}) and count."""

    def start(self, label: str, total: int | None) -> None: ...

    def show(self, done: int) -> None: ...

    def finish(self) -> None: ...


# A context variable rather than a module global: a reporter installed for one command
# (`with reporting(...)`) is gone when the command ends, even if it raised.
_REPORTER: contextvars.ContextVar[Reporter | None] = contextvars.ContextVar("guidegen_progress", default=None)


@contextlib.contextmanager
def reporting(reporter: Reporter) -> Iterator[None]:
    """Send the counts of the work done inside the block to `reporter`."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)


class Counter:
    """The count of one piece of work."""

    def __init__(self, reporter: Reporter | None):
        self.reporter = reporter
        self.done = 0

    def advance(self, steps: int = 1) -> None:
        self.reach(self.done + steps)

    def reach(self, done: int) -> None:
        """Set the count (a loop that knows how many are done, not how many just were)."""
        if done != self.done:
            self.done = done
            if self.reporter is not None:
                self.reporter.show(done)


@contextlib.contextmanager
def task(label: str, total: int | None = None) -> Iterator[Counter]:
    """Count the steps of one piece of work: `total` of them, or an open count (None).
    `label` holds {done} and, with a total, {total}. Nothing to count is not shown."""
    reporter = _REPORTER.get() if total != 0 else None
    if reporter is not None:
        reporter.start(label, total)
    try:
        yield Counter(reporter)
    finally:
        if reporter is not None:
            reporter.finish()
