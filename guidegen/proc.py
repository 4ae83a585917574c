"""Child processes' settings read from the environment."""

from __future__ import annotations

import math
import os

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
