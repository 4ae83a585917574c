"""Blanks to fill in, in Anki's cloze syntax: `{{c1::answer}}` and `{{c1::answer::hint}}`
in a question's text. A markdown-it rule (the one parser setup, content.parse, uses it)
makes each blank a `cloze` node whose children are the answer's inline Markdown (text,
emphasis, code, $math$) and whose meta holds its number and hint (plain text); every
writer prints that node its own way (a line in the sheet, the answer in the key, a
hidden span on the page, a cloze deletion in Anki).

For outputs that map blanks to items of their own (fill-in-the-blank on a platform),
`cloze_of(question)` gives the model: the question's Markdown with each blank replaced
by a placeholder, and the blanks in order (Blank: number, answer, hint, line).

What the checker refuses (content.check): a blank outside a question's text (answer,
options, title), in a heading, link or image text, inside another blank or inside math,
with an empty answer, numbered 0, or never closed; an answer holding anything but text,
emphasis, code and inline math."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The opening of a blank: "{{c" and its number, then "::". Anki numbers them from 1.
OPENING = re.compile(r"\{\{c(\d+)::")
# Characters of one blank's source: more is no blank a reader fills in (and scanning for
# the end of an unclosed one is bounded by it).
MAX_BLANK = 2_000
# A parameter's placeholder inside a blank ({{c1::{{mean:.2f}}}}): skipped whole.
_PLACEHOLDER_BRACES = re.compile(r"\{\{[^{}]*\}\}")
# The placeholder that stands for the K-th blank (from 1, in order) in Cloze.text_md.
PLACEHOLDER = "[[blank:{}]]"
# What a blank's answer may hold: one line of text as a reader writes it in a gap.
ANSWER_NODES = frozenset({"text", "text_special", "em", "strong", "s", "code_inline", "math_inline", "softbreak"})


@dataclass(frozen=True)
class Blank:
    """One blank: its number (blanks with the same number are hidden together, as on one
    Anki card), its answer as written (inline Markdown) and as plain text (what a student's
    typing is compared with; math as its TeX source between $), its hint, and its line."""

    number: int
    answer_md: str
    answer_text: str
    hint: str
    line: int


@dataclass(frozen=True)
class Cloze:
    """A question's text with each blank replaced by PLACEHOLDER.format(k) (k from 1, the
    blank's place in `blanks`), and the blanks."""

    text_md: str
    blanks: tuple[Blank, ...]


def has_blanks(markdown: str) -> bool:
    """Whether a fragment may hold a blank: a cheap test on its text (no parse)."""
    return "{{c" in markdown and OPENING.search(markdown) is not None


def cloze_plugin(md) -> None:
    """The markdown-it rule that reads blanks (before the text rule: '{' ends a text run)."""
    md.inline.ruler.before("text", "cloze", _cloze_rule)


def _cloze_rule(state, silent: bool) -> bool:
    src, start = state.src, state.pos
    if not src.startswith("{{c", start):
        return False
    opening = OPENING.match(src, start)
    if opening is None:
        return False
    limit = min(state.posMax, start + MAX_BLANK)
    content = opening.end()
    pos, depth, hint_at, nested = content, 0, -1, False
    if src.find("}}", content, limit) < 0:
        pos = limit  # no end in reach: unclosed, without a scan (a paragraph of openings stays fast)
    while pos < limit:
        if src.startswith("}}", pos):
            if depth == 0:
                break
            depth -= 1
            pos += 2
        elif src.startswith("{{c", pos) and OPENING.match(src, pos):
            depth, nested = depth + 1, True
            pos = OPENING.match(src, pos).end()
        elif src.startswith("{{", pos) and _PLACEHOLDER_BRACES.match(src, pos):
            # A parameter's placeholder ({{mean:.2f}}, replaced before printing): one piece,
            # whose "}}" and ":" are not the blank's.
            pos = _PLACEHOLDER_BRACES.match(src, pos).end()
        elif src.startswith("::", pos) and depth == 0 and hint_at < 0:
            hint_at = pos
            pos += 2
        elif hint_at >= 0 or depth:
            pos += 1  # the hint is plain text; a nested blank is refused whole
        else:
            # Skip a whole inline construct (a code span, $math$), so that a "}}" or "::"
            # inside it is its own (the way markdown-it finds the end of a link's text).
            before = state.pos
            state.pos = pos
            state.md.inline.skipToken(state)
            pos = max(state.pos, pos + 1)
            state.pos = before
    else:  # never closed: the opening alone is the node, and the checker says so
        if not silent:
            state.push("cloze_open", "span", 1).meta = {"number": int(opening.group(1)), "hint": "", "nested": False,
                                                         "unclosed": True, "source": opening.group(0), "answer": ""}
            state.push("cloze_close", "span", -1)
        state.pos = content
        return True
    end = pos
    if not silent:
        answer_end = hint_at if hint_at >= 0 else end
        token = state.push("cloze_open", "span", 1)
        token.markup = opening.group(0)
        token.meta = {"number": int(opening.group(1)), "hint": src[hint_at + 2:end].strip() if hint_at >= 0 else "",
                      "nested": nested, "unclosed": False, "source": src[start:end + 2], "answer": src[content:answer_end]}
        if not nested:
            old_max = state.posMax
            state.pos, state.posMax = content, answer_end
            state.md.inline.tokenize(state)
            state.posMax = old_max
        token = state.push("cloze_close", "span", -1)
        token.markup = "}}"
    state.pos = end + 2
    return True


def plain_answer(node) -> str:
    """A blank's answer as plain text: text as written, code as is, math as $TeX$."""
    out = []
    for child in node.children:
        if child.type == "math_inline":
            out.append(f"${child.content}$")
        elif child.type == "softbreak":
            out.append(" ")
        elif child.children:
            out.append(plain_answer(child))
        else:
            out.append(child.content)
    return "".join(out)


def cloze_of(question_md: str, first_line: int) -> Cloze | None:
    """The blanks of a question's (checked) text, and the text with placeholders; None
    when it has none."""
    from guidegen.content.tree import parse_blocks

    if not has_blanks(question_md):
        return None
    blanks, text, at = [], [], 0
    stack = [(node, first_line) for node in reversed(parse_blocks(question_md).root.children)]
    while stack:
        node, line = stack.pop()
        line = first_line + node.map[0] if node.map else line
        if node.type == "cloze":
            meta = node.meta
            found = question_md.find(meta["source"], at)
            if found >= 0:  # blanks are met in source order
                text.append(question_md[at:found] + PLACEHOLDER.format(len(blanks) + 1))
                at = found + len(meta["source"])
            blanks.append(Blank(meta["number"], meta["answer"].strip(), plain_answer(node).strip(), meta["hint"], line))
            continue
        stack.extend((child, line) for child in reversed(node.children))
    if not blanks:
        return None
    return Cloze("".join(text) + question_md[at:], tuple(blanks))


def width_em(answer: str, hint: str) -> int:
    """How wide a blank is printed, in em, from its answer's plain text and its hint: the
    same in the sheet (which never sees the answer) and the key, so both paginate alike.
    Generous (half an em a character, one more for the ends), rounded up to an even
    number, at least 4: the blank's length tells little about the answer's."""
    letters = len(_math_letters(answer))
    need = max(letters * 0.5 + 1, len(hint) * 0.35 + 1, 4)
    return int(-(-need // 2) * 2)


def _math_letters(text: str) -> str:
    """Plain text with each $math$ counted by what it prints: a command is one sign,
    braces, ^ and _ none."""
    def printed(match: re.Match) -> str:
        source = re.sub(r"\\[A-Za-z]+", "x", match.group(1))
        return re.sub(r"[{}^_\s]", "", source)

    return re.sub(r"\$([^$]*)\$", printed, text)
