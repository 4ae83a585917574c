"""GUIDEGEN_PROFILE=1: one line on stderr when the command ends, the wall time of each
phase of the run, so that a slow rebuild says where its time went:

    profile: start 0.11 s · hash 0.01 s · load 0.04 s · check 0.02 s · ... · total 0.93 s

Phases do not overlap: a phase begun inside another (the conversion inside a writer's
check, a TeX run inside the writer) pauses the outer one, so the phases and `other` (the
rest: click, imports outside any phase, exit) add up to the total. `start` is the time
from the process's creation to the command line's first line (Python's own start-up and
the imports of the entry point). Without the variable, `phase` costs one check of a flag.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from typing import Iterator

_totals: dict[str, float] = {}
_counts: dict[str, int] = {}
_stack: list[list] = []  # [phase name, when it last resumed]
_began: list[float] = []  # [perf_counter at the command's start, process age then]


def enabled() -> bool:
    return os.environ.get("GUIDEGEN_PROFILE", "") not in ("", "0")


def _process_age() -> float:
    """Seconds since this process was created (Linux: /proc; elsewhere 0, and `start` is
    then left out of the line)."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        with open("/proc/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
        return max(0.0, uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


def begin() -> None:
    """The command's start (guidegen.start.run)."""
    if enabled():
        _began[:] = [time.perf_counter(), _process_age()]


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Count the time inside as `name` (and not as the phase around it)."""
    if not _began:
        yield
        return
    now = time.perf_counter()
    if _stack:
        outer = _stack[-1]
        _totals[outer[0]] = _totals.get(outer[0], 0.0) + now - outer[1]
    _stack.append([name, now])
    try:
        yield
    finally:
        now = time.perf_counter()
        inner, resumed = _stack.pop()
        _totals[inner] = _totals.get(inner, 0.0) + now - resumed
        _counts[inner] = _counts.get(inner, 0) + 1
        if _stack:
            _stack[-1][1] = now


def line() -> str | None:
    """The profile line, or None when profiling is off."""
    if not _began:
        return None
    elapsed = time.perf_counter() - _began[0]
    start = _began[1]
    parts = [f"start {start:.2f} s"] if start else []
    for name, seconds in _totals.items():
        count = _counts.get(name, 1)
        parts.append(f"{name} {seconds:.2f} s" + (f" ({count}×)" if count > 1 else ""))
    other = max(0.0, elapsed - sum(_totals.values()))
    parts.append(f"other {other:.2f} s")
    return "profile: " + " · ".join(parts) + f" · total {start + elapsed:.2f} s"


def report() -> None:
    """Print the line (once: a second call prints nothing)."""
    text = line()
    _began.clear()
    if text:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
