"""Child processes: started in their own process group, dying with guidegen, killed
whole; and their time limits, read from the environment."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
from pathlib import Path

from guidegen.errors import GuideError, shorten


def env_seconds(name: str, default: float) -> float:
    """A time limit in seconds from the environment variable `name`, else `default`.
    A value that is not a finite number above 0 is an error, not silently the default:
    the user set it for a reason (and `nan` would make every wait fail at once)."""
    text = os.environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise GuideError(f"{name} must be a number of seconds above 0, such as {default:g}; it is {shorten(text, 40)}")
    return value


def die_with_parent() -> None:
    """In a child, before exec: be killed when guidegen dies, even by SIGKILL (Linux), so
    no pdflatex or figure worker outlives the build that started it."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start(command: list[str], cwd: Path, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    """A child in its own process group (so a time-out kills all of it) that dies with us."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True,
                            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None, **kwargs)


def kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
