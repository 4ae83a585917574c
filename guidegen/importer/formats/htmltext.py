"""HTML as a platform or Anki holds it, back to guidegen's Markdown: paragraphs, emphasis,
code (a <pre> block as a fenced block), lists, links and images, and MathJax math
(\\(...\\), \\[...\\]) as $...$ and $$...$$. It reads the HTML with the one HTML reader
(content.rawhtml); what it does not know (a table, a <sub>) stays as HTML, which
guidegen prints. Text is escaped so that it reads back as the same text."""

from __future__ import annotations

import html
import re
from typing import Callable

# A <pre> block is code: its text is taken as it stands, before the rest is read.
_PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre\s*>", re.IGNORECASE | re.DOTALL)
_LANGUAGE = re.compile(r'^\s*<code\b[^>]*\bclass="[^"]*\blanguage-([A-Za-z0-9_+.#-]+)', re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
# Characters that mean something in Markdown (or in guidegen's math) wherever they stand.
_SPECIAL = re.compile(r"([\\`*_\[\]<>$|]|~(?=~)|(?<=~)~)")
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])(?=\s|$)", re.MULTILINE)
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*"}

Images = Callable[[str, str], str]  # (src, alt) -> the Markdown that shows it (or a placeholder)


def escape(text: str, line_start: bool = True) -> str:
    """Plain text as Markdown that reads back as the same text (`line_start`: it starts a
    line, where '#', '-', '1.' would start a heading or a list)."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    lines = text.split("\n")
    return "\n".join(_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line) if line_start or k else line
                     for k, line in enumerate(lines))


def plain_to_markdown(text: str) -> str:
    """Plain text (with line breaks) as Markdown: its paragraphs kept."""
    return "\n".join(escape(line) for line in text.replace("\r\n", "\n").split("\n")).strip()


def _text(text: str, line_start: bool) -> str:
    """Text with MathJax math in it: the math as guidegen's, the rest escaped."""
    out, last = [], 0
    for match in _MATH.finditer(text):
        out.append(escape(text[last:match.start()], line_start and not last))
        inline, display = match.group(1), match.group(2)
        out.append(f"${inline.strip()}$" if inline is not None else f"\n\n$$\n{display.strip()}\n$$\n\n")
        last = match.end()
    out.append(escape(text[last:], line_start and not last))
    return "".join(out)


def _fence(code: str, language: str) -> str:
    ticks = max([len(run) for run in re.findall(r"`+", code)] + [2]) + 1
    return f"\n\n{'`' * ticks}{language}\n{code.strip(chr(10))}\n{'`' * ticks}\n\n"


# guidegen's own figure: the image, then its caption, which is its alt text again (one
# Markdown image gives both back).
_CAPTION = re.compile(r'(<img\b[^>]*>)\s*<div class="caption">.*?</div>', re.DOTALL)


def to_markdown(source: str, images: Images) -> str:
    """HTML as Markdown; `images` says how each <img> is shown."""
    source = _CAPTION.sub(r"\1", source)
    out, last = [], 0
    for match in _PRE.finditer(source):
        out.append(_inline_html(source[last:match.start()], images))
        language = _LANGUAGE.match(match.group(1))
        out.append(_fence(html.unescape(_TAG.sub("", match.group(1))), language.group(1) if language else ""))
        last = match.end()
    out.append(_inline_html(source[last:], images))
    text = re.sub(r"[ \t]+\n", "\n", "".join(out))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _inline_html(source: str, images: Images) -> str:
    from guidegen.content.rawhtml import Stream

    if not source.strip():
        return ""
    stream = Stream(block=True)
    pieces = stream.take(source)[0] + stream.finish()[0]
    out: list[str] = []
    lists: list[list] = []  # each open list: [tag, items so far]
    code = 0
    for piece in pieces:
        kind, value = piece.kind, piece.value
        if kind == "text":
            if code:
                out.append(value)
                continue
            value = re.sub(r"\s+", " ", value)  # white space as HTML shows it
            at_start = not out or out[-1].endswith("\n")
            if at_start or out[-1].endswith(("- ", ". ")):
                value = value.lstrip()  # an indented line would be code in Markdown
            out.append(_text(value, at_start))
        elif kind in ("open", "close"):
            if value == "code":
                code += 1 if kind == "open" else -1
                out.append("`")
            else:
                out.append(_MARKS.get(value, f"<{'/' if kind == 'close' else ''}{value}>"))
        elif kind == "block-open" or kind == "block-close":
            out.append(" " if lists else "\n\n")
        elif kind == "break":
            out.append("\n\n---\n\n" if value == "hr" else "\\\n" if value == "br" else "")
        elif kind == "image":
            out.append(images(value, escape(" ".join(piece.attrs.get("alt", "").split()))))
        elif kind == "link":
            out.append("[")
        elif kind == "link-end":
            out.append(f"]({value})")
        elif kind == "list-open":
            lists.append([value, 0])
            out.append("\n\n" if len(lists) == 1 else "")
        elif kind == "list-close":
            lists.pop()
            out.append("\n\n" if not lists else "")
        elif kind == "item-open" and lists:
            lists[-1][1] += 1
            marker = f"{lists[-1][1]}." if lists[-1][0] == "ol" else "-"
            out.append("\n" + "   " * (len(lists) - 1) + marker + " ")
        elif kind in ("table-open", "table-close", "row-open", "row-close", "cell-open", "cell-close"):
            tag = {"table": "table", "row": "tr"}.get(kind.split("-")[0], value)
            out.append(f"<{'/' if kind.endswith('close') else ''}{tag}>")
    return "".join(out)
