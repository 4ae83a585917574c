"""Fenced code in a document's lines, for the steps that read lines before the document
is parsed: what is inside a fence is code, never a card, a footnote or a question."""

from __future__ import annotations

import re

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def code_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines inside fenced code blocks, their fences included. A fence is
    closed by a line of the same character, at least as long, and nothing else (an
    unclosed one runs to the end, as CommonMark has it)."""
    inside: set[int] = set()
    fence = None
    for n, line in enumerate(lines):
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
            inside.add(n)
        elif fence is not None:
            inside.add(n)
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
    return inside
