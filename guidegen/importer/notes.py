"""Note-taking syntax read as the Markdown it stands for, line for line (every source
line number still holds): Obsidian callouts (`> [!question] Exercise 1`, `> [!success]-
Solution`) as question and answer markers, `[[wikilinks]]` as their text, `![[a.png]]`
as an image, HTML headings (`<h3>Exercise 1</h3>`) as headings, and kramdown's escaped
math (`\\[ ... \\]`, `\\( ... \\)`) as `$$ ... $$` and `$ ... $`."""

from __future__ import annotations

import re

from guidegen.importer import vocabulary

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CALLOUT = re.compile(r"^(?P<indent>[ \t]*)>[ \t]*\[!(?P<kind>[\w-]+)\][+-]?[ \t]*(?P<title>.*?)[ \t]*$")
_QUESTION_KINDS = {"question", "faq", "help", "exercise", "problem", "quiz"}
_ANSWER_KINDS = {"success", "check", "done", "answer", "solution"}
_HINT_KINDS = {"hint", "tip"}
_EMBED = re.compile(r"!\[\[([^\]|#]+?\.(?:png|jpe?g|gif|svg|pdf|webp))(?:\|[^\]]*)?\]\]", re.IGNORECASE)
_WIKILINK = re.compile(r"\[\[([^\]|]+?)(?:\|([^\]]+))?\]\]")
_HTML_HEADING = re.compile(r"^[ \t]*<h(?P<level>[1-6])\b[^>]*>(?P<text>.*?)</h(?P=level)>[ \t]*$", re.IGNORECASE)
_HINT_DETAILS = re.compile(r"^[ \t]*<details\b[^>]*>[ \t]*<summary\b[^>]*>(?P<summary>(?:(?!</summary).)*?(?:"
                           rf"{vocabulary.HINT_WORDS})(?:(?!</summary).)*)</summary\s*>(?P<rest>.*)$", re.IGNORECASE)
_DISPLAY = re.compile(r"\\\\\[(.+?)\\\\\]")
_INLINE_MATH = re.compile(r"\\\\\((.+?)\\\\\)")


def read_notes(lines: list[str]) -> None:
    fence = None
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
        else:
            callout = _CALLOUT.match(line)
            if callout:
                i = _callout(lines, i, callout)
                continue
            hint = _HINT_DETAILS.match(line)
            if hint:
                i = _hint(lines, i, hint)
                continue
            lines[i] = _inline(line)
        i += 1


def _inline(line: str) -> str:
    line = _EMBED.sub(lambda m: f"![{m.group(1).rsplit('/', 1)[-1]}]({m.group(1).replace(' ', '%20')})", line)
    line = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1).split("#")[0] or m.group(1)).strip(), line)
    heading = _HTML_HEADING.match(line)
    if heading:
        text = re.sub(r"<[^>]+>", "", heading.group("text")).strip()
        line = f"{'#' * int(heading.group('level'))} {text}" if text else ""
    if "\\\\[" in line or "\\\\(" in line:
        line = _DISPLAY.sub(lambda m: f"$${_unescape(m.group(1)).strip()}$$", line)
        line = _INLINE_MATH.sub(lambda m: f"${_unescape(m.group(1)).strip()}$", line)
    return line


def _unescape(math: str) -> str:
    """kramdown's escapes inside math: `\\\\{` is `\\{`, `\\|` is `|`."""
    return math.replace("\\\\{", "\\{").replace("\\\\}", "\\}").replace("\\|", "|").replace("\\_", "_").replace("\\*", "*")


def _hint(lines: list[str], i: int, hint) -> int:
    """A hint in a <details> block stays with the question, as an italic "Hint:" lead-in
    (the answer is the <details> that follows it)."""
    label = re.sub(r"<[^>]+>", "", hint.group("summary")).strip().rstrip(":：")
    rest = hint.group("rest")
    close = re.search(r"</details\s*>", rest, re.IGNORECASE)
    if close:
        lines[i] = f"*{label}:* {_inline(rest[:close.start()]).strip()}".rstrip()
        return i + 1
    lines[i] = f"*{label}:* {_inline(rest).strip()}".rstrip()
    j = i + 1
    while j < len(lines):
        close = re.search(r"</details\s*>", lines[j], re.IGNORECASE)
        if close:
            lines[j] = _inline(lines[j][:close.start()] + lines[j][close.end():])
            return j + 1
        lines[j] = _inline(lines[j])
        j += 1
    return j


def _callout(lines: list[str], i: int, callout) -> int:
    """A callout's header becomes a marker line and its body loses its '>': a question
    callout asks ("**Question:** its title"), a success/answer callout answers, a hint
    stays with the question, and any other (info, note, tip) is a plain italic lead-in,
    never a question of its own. Returns the index after the callout."""
    indent, kind, title = callout.group("indent"), callout.group("kind").lower(), callout.group("title")
    title = _inline(title).strip()
    if kind in _ANSWER_KINDS or (title and vocabulary.ANSWER_LABEL.match(title)):
        lines[i] = f"{indent}**Answer:**"
    elif kind in _QUESTION_KINDS:
        from guidegen.importer.blocks import NUMBERING

        own = NUMBERING.sub("", title, count=1).strip() if NUMBERING.match(title) else title
        lines[i] = f"{indent}**Question:** {own}".rstrip() if own and not vocabulary.QUESTION_LABEL.match(own) else f"{indent}**Question:**"
    elif title:
        lines[i] = f"{indent}*{title}*"
    else:
        lines[i] = f"{indent}*{kind.capitalize()}*"
    j = i + 1
    while j < len(lines) and re.match(r"^[ \t]*>", lines[j]):
        lines[j] = re.sub(r"^([ \t]*)>[ \t]?", r"\1", lines[j], count=1)
        j += 1
    body = lines[i + 1 : j]
    read_notes(body)  # callouts nested in this one ("> > [!tip] Interview framing"), links, math
    lines[i + 1 : j] = body
    if kind in _QUESTION_KINDS and _folded(callout):
        _answer_body(lines, i + 1, j)
    return j


def _folded(callout) -> bool:
    """A folded question callout with a title ("> [!question]- Why …?") asks in its title
    and hides the answer in its body."""
    return bool(re.search(r"\][+-]", callout.group(0))) and bool(callout.group("title").strip())


def _answer_body(lines: list[str], start: int, end: int) -> None:
    """Mark the body of a folded question callout as its answer: its first line when that
    is plain text, else the blank line before its first block."""
    first = next((k for k in range(start, end) if lines[k].strip()), None)
    if first is None:
        return
    if not re.match(r"^[ \t]*(?:[-*+>|]|\d+[.)]|```|~~~|#|<|\$\$)", lines[first]):
        lines[first] = "**Answer:** " + lines[first].lstrip()
    elif first > start:
        lines[first - 1] = "**Answer:**"
