"""Markdown footnotes (`text[^1]` … `[^1]: note`) put where guidegen prints them, line
for line (every source line number still holds): each note in parentheses right after
its reference, its definition's lines blanked. guidegen's content has no footnotes (a
definition would read as a link target and vanish, a reference print as "^1"), so each
one moved is a warning, and so is a reference without a note or a note without one."""

from __future__ import annotations

import re

from guidegen.importer.fences import code_lines

_DEFINITION = re.compile(r"^ {0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)$")
_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
# A line that starts a block of its own, which ends a note's paragraph.
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|>|[-*+][ \t]|\d{1,9}[.)][ \t]|<|\||`{3}|~{3}|(?:[-*_][ \t]*){3,}$)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def move_footnotes(lines: list[str]) -> list[tuple[int, str]]:
    """Every footnote's note put in parentheses after its reference, in place; (line,
    message) for each one moved or left (1-based source lines)."""
    notes, defined_at, code = {}, {}, code_lines(lines)
    i = 0
    while i < len(lines):
        found = _DEFINITION.match(lines[i]) if i not in code else None
        if not found:
            i += 1
            continue
        label, start, text = found.group("label"), i, [found.group("text").strip()]
        lines[i] = ""
        i += 1
        # The note goes on over lines that continue its paragraph, and over indented
        # paragraphs after a blank line (a note of several paragraphs).
        while i < len(lines) and i not in code:
            line = lines[i]
            if line.strip() and not _DEFINITION.match(line) and (line[:1] in " \t" or (text[-1] and not _BLOCK_START.match(line))):
                text.append(line.strip())
            elif not line.strip() and i + 1 < len(lines) and lines[i + 1].startswith(("    ", "\t")):
                text.append("")
            else:
                break
            lines[i] = ""
            i += 1
        if label not in notes:
            note = " ".join(t for t in text if t)
            # "(see Fisher, 1918)" rather than "(see Fisher, 1918.)": the sentence around it ends it.
            notes[label] = note[:-1] if note.endswith(".") and not note.endswith("..") else note
            defined_at[label] = start + 1
    messages: list[tuple[int, str]] = []
    used: set[str] = set()
    for n, line in enumerate(lines):
        if n in code or "[^" not in line:
            continue

        def replace(match: re.Match, n: int = n) -> str:
            label = match.group("label")
            if label not in notes:
                messages.append((n + 1, f"footnote [^{label}] has no note ([^{label}]: …); left as written"))
                return match.group(0)
            if label not in used:
                used.add(label)
                messages.append((n + 1, f"footnote [^{label}] printed in parentheses after its reference "
                                        f"(its note at line {defined_at[label]}): guidegen prints no footnotes"))
            return f" ({notes[label]})" if notes[label] else ""

        lines[n] = _outside_code(line, lambda text: _REFERENCE.sub(replace, text))
    messages += [(defined_at[label], f"footnote [^{label}] is never referenced; its note is left out")
                 for label in notes if label not in used]
    return sorted(messages)


def _outside_code(line: str, change) -> str:
    """`line` with `change` applied to its text outside `code spans`."""
    out, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        out += [change(line[last : span.start()]), span.group(0)]
        last = span.end()
    return "".join(out + [change(line[last:])])
