"""What the user tells import when the document's shape cannot be read with confidence:
`--questions PATTERN` (a heading level such as `###`, a heading's first words such as
`### Ejercicio`, or the first words of a paragraph such as `**Frage`) and `--answers
MARKER` (the first words of the paragraph, heading or <details> summary that opens an
answer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from guidegen.errors import GuideError
from guidegen.importer.blocks import Marker

_PATTERN = re.compile(r"^\s*(?P<hashes>#{1,6})?(?:\s+|$)?(?P<text>.*?)\s*$", re.S)


@dataclass(frozen=True)
class LinePattern:
    level: int | None  # a heading level (### is 3), or None for any heading or paragraph
    text: str  # the words the heading or paragraph starts with ('' for any)

    def heading(self, level: int, words: str) -> bool:
        if self.level is not None and level != self.level:
            return False
        return _starts(words, self.text) if self.text else True

    def line(self, line: str) -> Marker | None:
        """The pattern at the start of a paragraph's first line, as a marker to take out
        (with a number and punctuation after it: "Frage 3:")."""
        if self.level is not None or not self.text:
            return None
        lead = re.match(r"[ \t]*(\*\*|__|\*|_)?[ \t]*", line)
        wrap = lead.group(1) or ""
        rest = line[lead.end():]
        text = self.text
        if text.startswith(wrap) and wrap:
            text = text[len(wrap):].lstrip()
        if not _starts(rest, text):
            return None
        end = lead.end() + len(text)
        after = re.match(r"[ \t]*(?:\d{1,4}(?:\.\d{1,4})*)?[ \t]*[:：.)]?", line[end:])
        end += after.end()
        closed = bool(wrap) and line[end:].lstrip(" \t").startswith(wrap)
        if closed:
            stripped = line[end:].lstrip(" \t")[len(wrap):]
            end = len(line) - len(stripped)
            colon = re.match(r"[ \t]*[:：.]", stripped)
            if colon:
                end += colon.end()
        end += len(line[end:]) - len(line[end:].lstrip(" \t"))
        return Marker(end, "" if closed else wrap, None)


def _starts(words: str, prefix: str) -> bool:
    return words.strip().casefold().startswith(prefix.strip().casefold())


def parse(value: str | None, option: str) -> LinePattern | None:
    if value is None:
        return None
    match = _PATTERN.match(value)
    hashes, text = match.group("hashes"), match.group("text").strip()
    if not hashes and not text:
        raise GuideError(f"{option} needs a heading level such as '###' or the words a question starts with, got {value!r}")
    return LinePattern(len(hashes) if hashes else None, text)
