"""Obsidian spaced-repetition cards: a note tagged `#flashcards` (or holding multi-line
cards) whose questions are `Question::Answer` lines, `Question:::Answer` (a card both
ways, imported as one question), `Question;;Answer`, and multi-line cards, the question's
lines, a line holding only `?` (or `??`), then the answer's lines. A `#flashcards/deck`
tag line starts a section named after its deck; `***` and `---` separate cards."""

from __future__ import annotations

import re

from guidegen.importer.fences import code_lines
from guidegen.importer.found import Section

_TAG = re.compile(r"^[ \t]*#flashcards(?:/(?P<deck>[\w/-]+))?[ \t]*$", re.IGNORECASE)
_TAG_ANYWHERE = re.compile(r"(?:^|\s)#flashcards\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[ \t]*(?:\*[ \t]*){3,}$|^[ \t]*(?:-[ \t]*){3,}$|^[ \t]*(?:_[ \t]*){3,}$")
_ASK = re.compile(r"^[ \t]*\?\??[ \t]*$")
# "Question::Answer" and its kin: the separator outside `code`, not in a URL or a heading.
_INLINE = re.compile(r"^(?P<q>[^`|#>].*?[^:;\s])[ \t]*(?P<sep>:::|::|;;;|;;)[ \t]*(?P<a>[^:;\s].*)$")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")


class Cards:
    """Mixed into the splitter: reads `self.doc.lines`, adds pending questions."""

    def cards(self) -> bool:
        """Split the document as spaced-repetition cards, if it is written as them."""
        lines = self.doc.lines
        code = code_lines(lines)
        tagged = any(_TAG_ANYWHERE.search(line) for i, line in enumerate(lines) if i not in code)
        asks = [i for i, line in enumerate(lines) if i not in code and _ASK.match(line) and i > 0 and lines[i - 1].strip()]
        inline = [i for i, line in enumerate(lines) if i not in code and tagged and _INLINE.match(line) and "://" not in line]
        if len(asks) + len(inline) < (1 if tagged else 2):
            return False
        section: Section | None = None
        ends: dict[int, int] = {}  # a multi-line card's first line -> the line after its answer
        starts: dict[int, int] = {}  # the '?' line -> its question's first line
        for k in asks:
            start = k
            while start > 0 and lines[start - 1].strip() and not _boundary(lines[start - 1]):
                start -= 1
            end = k + 1
            while end < len(lines) and lines[end].strip() and not _boundary(lines[end]):
                end += 1
            starts[k], ends[start] = start, end
        i = 0
        while i < len(lines):
            line = lines[i]
            tag = _TAG.match(line)
            heading = _HEADING.match(line)
            if i in code:
                i += 1
                continue
            if tag:
                if tag.group("deck"):
                    deck = tag.group("deck").rstrip("/").split("/")[-1]
                    section = Section(" ".join(re.split(r"[-_]+", deck)).strip(), i + 1)
                    self.sections.append(section)
                self.placed.add(i)
            elif heading:
                if line.startswith("# ") and self.title is None and not self.sections:
                    self.title = heading.group(1).strip()
                else:
                    section = Section(heading.group(1).strip(), i + 1)
                    self.sections.append(section)
                self.placed.add(i)
            elif _SEPARATOR.match(line):
                self.placed.add(i)
            elif i in ends:
                ask = next(k for k, s in starts.items() if s == i)
                question = [("\n".join(lines[i:ask]).strip(), i)]
                answer = [("\n".join(lines[ask + 1 : ends[i]]).strip(), ask + 1)]
                self.placed.update(range(i, ends[i]))
                self.add(self.title_from(question), question, answer if answer[0][0] else [], None, [], i, section,
                         "card (? line)")
                i = ends[i]
                continue
            elif i in inline:
                found = _INLINE.match(line)
                question = [(found.group("q").strip(), i)]
                answer = [(found.group("a").strip(), i)]
                self.placed.add(i)
                self.add(self.title_from(question), question, answer, None, [], i, section, f"card ({found.group('sep')})")
            i += 1
        return True


def _boundary(line: str) -> bool:
    return bool(_SEPARATOR.match(line) or _TAG.match(line) or _HEADING.match(line))
