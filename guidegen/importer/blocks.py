"""A source document as markdown-it blocks with their source lines, and the markers
(Q:, **Answer:**, bold questions, <details>) that the importer reads in them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from guidegen.importer import difficulty, vocabulary
from guidegen.importer.vocabulary import ANSWER_WORDS, QUESTION_MARKER_WORDS, WORD_END
from guidegen.importer.vocabulary import QUESTION_WORDS as LABEL_WORDS

# "1. ", "1) ", "Q1: ", "Question 3. ", "Problem 1.1:", "Ex 2." before a title; roman and
# lettered items ("ii. ", "b) "); never "3.5 billion", nor the Q of "Q2l0YWRlbA==".
_LABEL = rf"(?:{LABEL_WORDS})"
NUMBERING = re.compile(
    rf"^\s*(?:{_LABEL}\s*\d{{1,4}}(?:\.\d{{1,4}})*(?![A-Za-z0-9])\s*[.):：]?(?:\s*[-–—](?=\s))?|\d{{1,4}}\s*[.):]|"
    r"\(?(?:[ivx]{1,6}|[a-h])[.)](?=\s))(?!\d)\s*",
    re.IGNORECASE,
)
# A roman or lettered item that starts a question: "i. [E] What's ...?", "b) Why ...?"
ENUMERATED = re.compile(r"\(?(?:[ivx]{1,6}|[a-h])[.)][ \t]+")
# A difficulty marker after the numbering: "[E]", "[Medium]", "(Hard)".
DIFFICULTY_MARK = re.compile(r"^[ \t]*(?:\[(?P<a>E|M|H|easy|medium|hard)\]|\((?P<b>easy|medium|hard)\))[ \t]*", re.IGNORECASE)
QUESTION_WORDS = re.compile(
    r"^(?:what|why|how|when|where|which|who|whom|whose|is|are|was|were|can|could|does|do|did|should|would|will|"
    r"explain|describe|derive|compare|contrast|define|list|name|give|prove|show|state|write|implement|calculate|"
    r"compute|discuss|outline|suppose|given|consider|estimate|design|find|identify|what's|how's)\b",
    re.IGNORECASE,
)
# A wrapper around a marker or a whole paragraph: **, __, * or _.
_WRAP = re.compile(r"^[ \t]*(\*\*|__|\*|_)?[ \t]*")
# Labels in twelve languages (vocabulary.py): "Question 3:", "Ejercicio 2.", "Frage:", "问题1："
_Q_WORD = re.compile(rf"(?:(?i:{QUESTION_MARKER_WORDS}){WORD_END}|Q(?![A-Za-z]))[ \t]*(?P<number>\d{{1,4}}(?:\.\d{{1,4}})*)?[ \t]*(?P<punct>[:：.)])?")
_A_WORD = re.compile(rf"(?:(?i:{ANSWER_WORDS}){WORD_END}(?:[ \t]*\d{{1,4}}(?:\.\d{{1,4}})*)?|(?P<letter>A)(?![A-Za-z0-9]))[ \t]*(?P<punct>[:：.)])?")
MARKER_HEADING = {"q": vocabulary.QUESTION_LABEL, "a": vocabulary.ANSWER_LABEL, "h": vocabulary.HINT_LABEL}
ANSWER_SUMMARY = vocabulary.ANSWER_SUMMARY
DETAILS_OPEN = re.compile(r"<details\b", re.I)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.I)
DETAILS = re.compile(r"^\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>(?P<summary>.*?)</summary\s*>)?(?P<body>.*)</details\s*>\s*$", re.S | re.I)
_LIST_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")


@dataclass(frozen=True)
class Marker:
    """A Q or A marker at the start of a line: how much of the line it takes, and the
    emphasis it opened around the whole text ("**Q: What is X?**") to remove at the end."""

    end: int
    wrap: str
    number: int | None


def marker(line: str, kind: str) -> Marker | None:
    """The question ('q') or answer ('a') marker at the start of `line`, if any. A bare
    letter needs a colon ("A:"), so a paragraph "a." or "A. Smith" is text, not a marker."""
    lead = _WRAP.match(line)
    wrap = lead.group(1) or ""
    rest = line[lead.end():]
    if kind == "q" and not wrap:
        # A roman or lettered item is a question only when what follows asks one: in an
        # answer, "a) the first case" is text.
        item = ENUMERATED.match(rest)
        if item:
            after = rest[item.end():]
            mark = DIFFICULTY_MARK.match(after)
            if mark or looks_like_question(after.split("\n")[0]):
                return Marker(lead.end() + item.end(), "", None)
            return None
    word = (_Q_WORD if kind == "q" else _A_WORD).match(rest)
    if not word:
        return None
    end = lead.end() + word.end()
    after = line[end:]
    closed = bool(wrap) and after.lstrip(" \t").startswith(wrap) and not after.lstrip(" \t").startswith(wrap + wrap[0])
    punct = word.group("punct")
    letter = kind == "a" and word.group("letter")
    if kind == "q" and not wrap and not punct:
        return None
    if letter and not (punct == ":" or (wrap and punct)):
        return None
    if not letter and kind == "a" and not punct and not closed:
        return None
    if kind == "q" and wrap and not punct and not closed:
        return None
    if closed:
        stripped = after.lstrip(" \t")[len(wrap):]
        end = len(line) - len(stripped)
        colon = re.match(r"[ \t]*[:.]", stripped)
        if colon and not punct:
            end += colon.end()
    end += len(line[end:]) - len(line[end:].lstrip(" \t"))
    number = word.groupdict().get("number")
    return Marker(end, "" if closed else wrap, int(number.split(".")[0]) if number else None)


def strip_marker(lines: list[str], found: Marker) -> list[str]:
    """`lines` (a paragraph or its first part) without the marker and its wrapper (as
    they are when `found` is None: a numbered item's question has no marker left)."""
    if found is None:
        return list(lines)
    out = [lines[0][found.end:]] + lines[1:]
    if found.wrap:
        for i in range(len(out) - 1, -1, -1):
            if out[i].strip():
                text = out[i].rstrip()
                if text.endswith(found.wrap):
                    out[i] = text[: -len(found.wrap)].rstrip()
                break
    while out and not out[0].strip():
        out.pop(0)
    return out


@dataclass
class Doc:
    """A document (or a list item's content, dedented) and its top-level blocks."""

    lines: list[str]
    offset: int  # source line index of lines[0]
    nodes: list  # markdown_it SyntaxTreeNode, top level
    numbered: bool = False  # the content of a numbered list item ("4. How ...?")

    def span(self, nodes) -> tuple[int, int]:
        return nodes[0].map[0], nodes[-1].map[1]

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end]).strip("\n")

    def source_lines(self, start: int, end: int) -> range:
        """Source line indexes (0-based) of this document's lines start..end."""
        return range(self.offset + start, self.offset + end)


def parse(text: str, offset: int = 0) -> Doc:
    from markdown_it.tree import SyntaxTreeNode

    from guidegen.content.parse import markdown_parser

    lines = text.split("\n")
    tree = SyntaxTreeNode(markdown_parser(typographer=False).parse(text))
    return Doc(lines, offset, [n for n in tree.children if n.map])


def item_doc(doc: Doc, item) -> Doc:
    """A list item's content as a document of its own: the bullet removed and the
    continuation lines dedented, line for line, so source line numbers still hold."""
    start, end = item.map
    lines = [line.expandtabs(4) for line in doc.lines[start:end]]
    bullet = _LIST_ITEM.match(lines[0])
    indent = bullet.end() if bullet else 0
    if bullet and len(bullet.group(3)) > 4:  # "-      code": content starts one space in
        indent = len(bullet.group(1)) + len(bullet.group(2)) + 1
    body = [lines[0][indent:]]
    for line in lines[1:]:
        spaces = len(line) - len(line.lstrip(" "))
        body.append(line[min(spaces, indent):])
    sub = parse("\n".join(body), doc.offset + start)
    sub.numbered = bool(bullet) and bullet.group(2)[0].isdigit()
    return sub


def inline_of(node):
    return node.children[0] if node.children and node.children[0].type == "inline" else None


def meaningful(children) -> list:
    return [c for c in children if not (c.type == "text" and not c.content.strip())]


def plain(node) -> str:
    """The words of an inline node, without markup (math as its source)."""
    if node.type in ("text", "code_inline", "math_inline", "math_inline_double"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain(c) for c in node.children)


def bold_lead(node) -> int | None:
    """For a paragraph that starts with a bold span covering whole lines, the number of
    lines the bold span takes (the whole paragraph, or its first lines before a break)."""
    inline = inline_of(node) if node.type == "paragraph" else None
    if inline is None:
        return None
    kids = meaningful(inline.children)
    if not kids or kids[0].type != "strong":
        return None
    if len(kids) == 1:
        return node.map[1] - node.map[0]
    if kids[1].type in ("softbreak", "hardbreak"):
        return 1 + sum(1 for c in kids[0].children if c.type in ("softbreak", "hardbreak"))
    return None


def looks_like_question(text: str) -> bool:
    # "What is X? 👶" and "Lasso or ridge? [M]" end in a marker, not in their "?".
    text = difficulty.take(text.strip().rstrip("*_ "), {})[0].rstrip("*_ ")
    text = difficulty.strip_trailing_symbols(text).rstrip("*_ ")
    return bool(text) and (text.endswith("?") or bool(NUMBERING.match(text)) or bool(QUESTION_WORDS.match(text)))


def heading_text(node) -> str:
    inline = inline_of(node)
    return " ".join(plain(inline).split()) if inline is not None else ""


def heading_marker(node) -> str | None:
    text = heading_text(node).strip("*_ ")
    return next((kind for kind, pattern in MARKER_HEADING.items() if pattern.match(text)), None)


def details_parts(text: str) -> tuple[str | None, str, int] | None:
    """(summary or None, body, index of the body's first line) of a <details> block's text."""
    match = DETAILS.match(text)
    if not match:
        return None
    summary = match.group("summary")
    body_start = match.start("body")
    first = text.count("\n", 0, body_start)
    body = match.group("body")
    # Count the lines that only held the <summary> before the body's text.
    lead = len(body) - len(body.lstrip("\n"))
    return summary, body, first + body[:lead].count("\n")


def details_depth(text: str) -> int:
    return len(DETAILS_OPEN.findall(text)) - len(DETAILS_CLOSE.findall(text))


def is_hr(node) -> bool:
    return node.type == "hr"


def is_nav(node) -> bool:
    """A paragraph of links within the page only ("Back to top"), or an HTML comment."""
    if node.type == "html_block":
        return node.content.strip().startswith("<!--") and node.content.strip().endswith("-->")
    inline = inline_of(node) if node.type == "paragraph" else None
    if inline is None:
        return False
    kids = meaningful(inline.children)
    links = [k for k in kids if k.type == "link"]
    return bool(links) and all(k.type == "link" or (k.type == "text" and not k.content.strip(" |·•-–⬆↑")) for k in kids) \
        and all(str(k.attrs.get("href", "")).startswith("#") for k in links)
