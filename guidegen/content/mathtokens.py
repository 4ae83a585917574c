"""Math split into TeX tokens, each with where it starts, and the part of a formula an
error message quotes."""

from __future__ import annotations

import bisect
import re

TOKEN = re.compile(r"\\([A-Za-z]+\*?|.)|(\s+)|(.)", re.DOTALL)
SHOWN = 30  # an error this far into a formula is among what a message shows of it (40 characters)


class MathError(ValueError):
    """Why a formula was refused; the message is for the content author. `excerpt`, when
    set, is the part of the formula to quote with it: from the \\begin of the environment
    the error is in, or from near the error (not the start of a long display)."""

    excerpt: str | None = None


def tokenize(source: str) -> list[str]:
    """Split math into TeX tokens: control sequences (with backslash), single characters."""
    return [token for token, _ in token_offsets(source)]


def token_offsets(source: str) -> list[tuple[str, int]]:
    """Each token of `source` with where it starts."""
    if "^^" in source:
        raise MathError("'^^' is not allowed in math (TeX reads it as a character code); write ^{...}")
    tokens = []
    for match in TOKEN.finditer(source):
        command, space, char = match.groups()
        if command is not None:
            tokens.append(("\\" + command, match.start()))
        elif space is not None:
            tokens.append((" ", match.start()))
        elif char == "\\":
            raise MathError("a lone backslash ends the formula")
        else:
            tokens.append((char, match.start()))
    return tokens


def excerpt(source: str, tokens: list[str], offsets: list[int], begin: int | None, position: int) -> str | None:
    """The part of `source` to quote with an error found at token `position`: from the
    \\begin (token index `begin`) of the innermost open environment, else, after an
    environment, from a little before the error; None when the start shows it already."""
    if not offsets:
        return None
    if begin is not None:
        start = offsets[begin]
    elif "\\begin" not in tokens[:position]:
        return None  # no environment before the error that the start would wrongly show
    else:
        at = offsets[min(max(position - 1, 0), len(offsets) - 1)]
        start = 0 if at < SHOWN else offsets[bisect.bisect_right(offsets, at - 12) - 1]
    return "…" + source[start:] if start >= SHOWN else None
