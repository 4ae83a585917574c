"""A document made ready for splitting, line for line (so every source line number still
holds): Jekyll/MkDocs front matter blanked and its title kept, MkDocs admonitions
(`??? success "Answer"`, `!!! note`) turned into bold lead-ins with their bodies dedented,
footnotes put in parentheses after their references (footnotes.py), and a `</details>`
right above the next `<details>` moved up so that the two blocks part."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guidegen.importer import vocabulary
from guidegen.importer.footnotes import move_footnotes
from guidegen.importer.notes import read_notes

_FENCE = re.compile(r"^---[ \t]*$")
_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:\?\?\?\+?|!!!)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^([ \t]*)#{1,6}[ \t]+(.+?)[ \t#]*$")
_ANSWER_TITLE = vocabulary.ANSWER_SUMMARY


@dataclass(frozen=True)
class Prepared:
    text: str
    title: str | None  # the front matter's title
    front: range  # 0-based line indexes the front matter took (empty when there is none)
    notes: tuple[tuple[int, str], ...] = ()  # (line, message): what reading the front matter changed


def prepare(text: str) -> Prepared:
    lines = text.split("\n")
    title, front, notes = _front_matter(lines)
    for index in front:
        lines[index] = ""
    notes += tuple(move_footnotes(lines))
    _details_back_to_back(lines)
    read_notes(lines)
    _joined_headings(lines)
    _admonitions(lines)
    _plain_tex(lines)
    return Prepared("\n".join(lines), title, front, notes)


_DETAILS_END = re.compile(r"^[ \t]*</details\s*>[ \t]*$", re.IGNORECASE)
_DETAILS_START = re.compile(r"^[ \t]*<details\b", re.IGNORECASE)
_DETAILS_TAG = re.compile(r"^[ \t]*<details\b[^>]*>[ \t]*$", re.IGNORECASE)


def _details_back_to_back(lines: list[str]) -> None:
    """A `</details>` line right above the next `<details>` line: Markdown reads both in
    one HTML block (it ends only at a blank line), which made the next question part of
    this one's answer. The closing tag moves to the end of the last line of text above it
    (its own line left blank), so each block ends where its author closed it; below a code
fence, the next `<details>` tag moves down onto the line after it instead."""
    fence = None
    for i, line in enumerate(lines):
        opened = _FENCE_OPEN.match(line)
        if fence is None and opened:
            fence = opened.group(1)
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if _DETAILS_END.match(line) and i + 1 < len(lines) and _DETAILS_START.match(lines[i + 1]):
            above = next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)
            if above is not None and not _FENCE_OPEN.match(lines[above]) and not _DETAILS_START.match(lines[above]):
                lines[above] = lines[above].rstrip() + line.strip()
                lines[i] = ""
            elif _DETAILS_TAG.match(lines[i + 1]) and i + 2 < len(lines):
                # Above is a code fence, which the tag cannot follow: the next block's
                # `<details>` tag moves down onto its summary's line instead.
                lines[i + 2] = lines[i + 1].strip() + lines[i + 2].lstrip()
                lines[i + 1] = ""


def _front_matter(lines: list[str]) -> tuple[str | None, range, tuple[tuple[int, str], ...]]:
    """YAML between '---' lines at the very top. It is never Markdown, so it is blanked
    even when it does not parse (a commented '# hide:' line made questions before)."""
    if not lines or not _FENCE.match(lines[0]):
        return None, range(0), ()
    end = next((i for i in range(1, min(len(lines), 200)) if _FENCE.match(lines[i]) or lines[i].strip() == "..."), None)
    if end is None:
        return None, range(0), ()
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict) and any(line.strip() and not line.lstrip().startswith("#") and ":" not in line
                                          for line in lines[1:end]):
        return None, range(0), ()  # a '---' rule above ordinary text, not front matter
    title = data.get("title") if isinstance(data, dict) else None
    notes: tuple[tuple[int, str], ...] = ()
    if isinstance(title, str) and any(c < " " or "\x7f" <= c <= "\x9f" or c in "\xa0\u2028\u2029" for c in title):
        title, notes = _title_as_typed("\n".join(lines[1:end]), title)
    return (" ".join(str(title).split()) if isinstance(title, (str, int, float)) and str(title).strip() else None), range(end + 1), notes


def _title_as_typed(text: str, title: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """A double-quoted title whose backslashes YAML read as escapes ("$\\theta$" as a tab
    and "heta"): the text between the quotes as typed, and a note saying so."""
    import yaml

    from guidegen.load.escapes import escape_problems

    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    value = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "title"), None)
    if value is None or value.style != '"' or not escape_problems(node, text, Path("front matter"), 2):
        return title, ()
    typed = re.sub(r'\\([\\"])', r"\1", text[value.start_mark.index + 1 : value.end_mark.index - 1])
    line = value.start_mark.line + 2
    return typed, ((line, f"the title is in double quotes, where YAML reads a backslash as an escape (\\t as a tab): "
                          f"it is taken as typed: {' '.join(typed.split())[:80]}"),)


def _admonitions(lines: list[str]) -> None:
    """Each admonition line becomes a bold lead-in ("**Answer:**" when its title says it
    holds the answer, so the splitter reads it as an answer marker) and its body, indented
    four spaces deeper, is dedented, nested ones included as the scan reaches them."""
    i = 0
    while i < len(lines):
        match = _ADMONITION.match(lines[i])
        if not match:
            i += 1
            continue
        indent = match.group("indent").expandtabs(4)
        title = match.group("title")
        if title is None:
            title = match.group("kind").capitalize()
        label = "Answer" if _ANSWER_TITLE.search(title) else title.strip()
        if label != "Answer" and match.group("kind").lower() in vocabulary.INFO:
            # An info or tip box ("How to use this page") is never a question of its own.
            lines[i] = f"{indent}*{label}*" if label else ""
        else:
            lines[i] = f"{indent}**{label}:**" if label else ""
        deeper = len(indent) + 4
        j, fence = i + 1, None
        while j < len(lines):
            line = lines[j].expandtabs(4)
            if line.strip() and len(line) - len(line.lstrip(" ")) < deeper:
                break
            line = line[4:] if line.strip() else ""
            opened = _FENCE_OPEN.match(line)
            if fence is None and opened:
                fence = opened.group(1)
            elif fence is not None and line.strip().startswith(fence):
                fence = None
            elif fence is None:
                # Headings inside an admonition were never headings of the page: as
                # headings they would end the question they belong to.
                heading = _HEADING.match(line)
                if heading:
                    line = f"{heading.group(1)}**{heading.group(2).strip()}**"
            lines[j] = line
            j += 1
        if fence is not None:
            # A code block left open inside an admonition ends with it, as MkDocs ends it:
            # on the blank line before the admonition's end (line numbers must hold).
            last = j - 1
            if last > i and not lines[last].strip():
                lines[last] = f"{indent}{fence}"
        i += 1


_CHOOSE = re.compile(r"\{([^{}]+?)\\choose(?![A-Za-z])([^{}]+?)\}")
_CR = re.compile(r"\\cr(?![A-Za-z])")
_MATRIX = re.compile(r"\\(pmatrix|bmatrix|matrix)[ \t]*\{")


def _plain_tex(lines: list[str]) -> None:
    """Plain TeX that MathJax reads and LaTeX's math does not: `\\pmatrix{a \\cr b}` becomes
    `\\begin{pmatrix}a \\\\ b\\end{pmatrix}` and `\\cr` a row break `\\\\`."""
    for i, line in enumerate(lines):
        if "\\choose" in line:
            line = lines[i] = _CHOOSE.sub(lambda m: f"\\binom{{{m.group(1).strip()}}}{{{m.group(2).strip()}}}", line)
        if "\\cr" not in line and "matrix" not in line:
            continue
        out, at = [], 0
        for found in _MATRIX.finditer(line):
            if found.start() < at:
                continue
            depth, j = 1, found.end()
            while j < len(line) and depth:
                depth += {"{": 1, "}": -1}.get(line[j], 0)
                j += 1
            if depth:
                break
            out.append(line[at:found.start()])
            out.append(f"\\begin{{{found.group(1)}}}{line[found.end():j - 1]}\\end{{{found.group(1)}}}")
            at = j
        out.append(line[at:])
        lines[i] = _CR.sub(lambda m: "\\\\", "".join(out))


def _joined_headings(lines: list[str]) -> None:
    """A question written over consecutive heading lines of one level ("### What is the
    difference between" / "### a process and" / "### a thread?") is one heading: the
    first line takes the words of all, the others are blanked."""
    fence, i = None, 0
    while i < len(lines):
        opened = _FENCE_OPEN.match(lines[i])
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None:
            if lines[i].strip().startswith(fence):
                fence = None
        else:
            run = [i]
            level = re.match(r"^(#{1,6})[ \t]", lines[i])
            while level and run[-1] + 1 < len(lines) and re.match(rf"^{level.group(1)}[ \t]+\S", lines[run[-1] + 1]):
                run.append(run[-1] + 1)
            texts = [_HEADING.match(lines[k]).group(2).strip() for k in run] if level else []
            if len(run) >= 2 and texts[-1].endswith("?") and not any(t.endswith(("?", ".", "!", ":")) for t in texts[:-1]):
                lines[i] = f"{level.group(1)} {' '.join(texts)}"
                for k in run[1:]:
                    lines[k] = ""
                i = run[-1]
        i += 1
