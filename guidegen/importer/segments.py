"""Questions separated by '---' rules: where a run of blocks is cut by rules into pieces
that each open with a question ("4. How ...?", "**2.** What ...", "1. **Why ...?**"),
each piece is one question and the rest of the piece its answer, whatever the numbered
or bold lines inside that answer look like."""

from __future__ import annotations

import re

from guidegen.importer import blocks
from guidegen.importer.blocks import Doc, inline_of, is_hr

BOLD_NUMBER = re.compile(r"^[ \t]*(\*\*|__)[ \t]*\d{1,4}[ \t]*[.):]?[ \t]*\1[ \t]*[.):]?[ \t]*")


def pieces(nodes: list) -> list[list]:
    out: list[list] = [[]]
    for node in nodes:
        if is_hr(node):
            out.append([])
        else:
            out[-1].append(node)
    return [p for p in out if p]


def lead_text(doc: Doc, node) -> str | None:
    """The words of a block that may open a question: a paragraph, or a list's first item."""
    if node.type == "paragraph":
        return blocks.plain(inline_of(node))
    if node.type in ("ordered_list", "bullet_list") and node.children:
        sub = blocks.item_doc(doc, node.children[0])
        if sub.nodes and sub.nodes[0].type == "paragraph":
            return blocks.plain(inline_of(sub.nodes[0]))
    return None


def _item_asks(doc: Doc, item) -> bool:
    sub = blocks.item_doc(doc, item)
    return bool(sub.nodes) and sub.nodes[0].type == "paragraph" and blocks.looks_like_question(blocks.plain(inline_of(sub.nodes[0])))


def asks(doc: Doc, node) -> bool:
    text = lead_text(doc, node)
    if text is None:
        return False
    first = text.strip().split("\n")[0]
    return bool(blocks.NUMBERING.match(first) and blocks.looks_like_question(blocks.NUMBERING.sub("", first, count=1))) \
        or bool(blocks.marker(doc.lines[node.map[0]], "q")) \
        or (node.type == "ordered_list" and blocks.looks_like_question(first))


def count(doc: Doc, nodes: list) -> int:
    """How many rule-separated pieces of `nodes` open with a question (0 without rules)."""
    if not any(is_hr(n) for n in nodes):
        return 0
    return sum(1 for piece in pieces(nodes) if asks(doc, piece[0]))


def split(splitter, doc: Doc, nodes: list, section) -> None:
    for node in nodes:
        if is_hr(node):
            splitter.place(doc, [node])
    for piece in pieces(nodes):
        lead = piece[0]
        if not asks(doc, lead):
            continue  # text between rules that asks nothing stays unplaced, and reported
        splitter.place(doc, [lead])
        answer: list[tuple[str, int]] = []
        asking = [_item_asks(doc, item) for item in lead.children] if lead.type == "ordered_list" else []
        if len(asking) > 1 and asking[0] and sum(asking) * 2 > len(asking):
            # A list of questions with no rule between them ("13. What ...?", "14. ...",
            # most of them asking in so many words):
            # each item is a question, what the item holds under it is its answer, and the
            # text after the list is placed nowhere (reported).
            for item in lead.children:
                sub = blocks.item_doc(doc, item)
                first, more = sub.nodes[0], sub.nodes[1:]
                question = [(sub.text(*first.map), sub.offset + first.map[0])]
                line = item.map[0] + doc.offset - splitter.doc.offset
                splitter.add(splitter.title_from(question), question, [], sub, more, line, section, "'---' pieces")
            continue
        if lead.type == "paragraph":
            start, end = lead.map
            lines = doc.lines[start:end]
            found = blocks.marker(lines[0], "q")
            if found:
                lines = blocks.strip_marker(lines, found)
            else:
                lines = [blocks.NUMBERING.sub("", BOLD_NUMBER.sub("", lines[0]), count=1)] + lines[1:]
            question = [("\n".join(lines).strip(), doc.offset + start)]
        else:
            sub = blocks.item_doc(doc, lead.children[0])
            first = sub.nodes[0]
            question = [(sub.text(*first.map), sub.offset + first.map[0])]
            more = sub.nodes[1:]
            if more:
                answer.append((sub.text(more[0].map[0], more[-1].map[1]), sub.offset + more[0].map[0]))
            if len(lead.children) > 1:
                start = lead.children[1].map[0]
                answer.append((doc.text(start, lead.map[1]), doc.offset + start))
        rest = piece[1:]
        if rest and splitter.kind(doc, rest[0]) in ("a", "adetails"):
            head, rest = splitter.answer_start(doc, rest)
            answer += head
        line = lead.map[0] + doc.offset - splitter.doc.offset
        splitter.add(splitter.title_from(question), question, answer, doc, rest, line, section, "'---' pieces")
