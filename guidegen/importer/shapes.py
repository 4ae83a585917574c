"""One question of each shape the splitter finds: under a heading, after a marker (a bold
label, a numbered item), in a `<details>` block; and where its answer starts. Mixed into
the splitter (split.py), which decides which shape a run of blocks has."""

from __future__ import annotations

import re
import textwrap

from guidegen.importer import blocks, titles
from guidegen.importer.blocks import Doc, bold_lead, inline_of, is_hr
from guidegen.importer.found import Section
from guidegen.importer.segments import BOLD_NUMBER


class Shapes:
    """Reads `self.doc`, `self.answers`, `self.pending`; adds questions through `self.add`."""

    def heading_question(self, heading, nodes: list, section: Section | None) -> None:
        doc = self.doc
        title = titles.strip_numbering(titles.atoms(inline_of(heading)))
        if self.questions is not None and self.questions.text:
            title = titles.strip_label(title, self.questions.text)
        kinds = [self.kind(doc, n) if n.type != "heading" else ("h" + (self.heading_mark(n) or "")) for n in nodes]
        q_at = next((i for i, k in enumerate(kinds) if k in ("q", "hq")), None)
        a_at = next((i for i, k in enumerate(kinds) if k in ("a", "ha", "adetails") and (q_at is None or i > q_at)), None)
        self.place(doc, [heading])
        question: list[tuple[str, int]] = []
        head: list[tuple[str, int]] = []
        extra = ""
        if q_at is not None:
            question += self.nodes_text(doc, nodes[:q_at])
            lines, inner = self.marked_lines(doc, nodes[q_at], "q")
            question += lines
            stop = a_at if a_at is not None else q_at + 1
            question += self.nodes_text(doc, nodes[q_at + 1 : stop])
            if inner:
                head, answer_nodes = inner, nodes[q_at + 1 :]
            else:
                answer_nodes = nodes[stop:]
        else:
            source = inline_of(heading).content if inline_of(heading) is not None else ""
            found = self.mark(source, "q")
            source = source[found.end:] if found else blocks.NUMBERING.sub("", source, count=1)
            body = nodes[:a_at] if a_at is not None else nodes
            if a_at is None and len(body) > 1 and body[0].type == "blockquote":
                # "### Ejercicio 1" then "> the statement": the quote asks, the rest answers.
                question.append((_dequote(doc.text(*body[0].map)), body[0].map[0]))
                self.place(doc, [body[0]])
                answer_nodes = body[1:]
                if not titles.words(title):
                    title = self.title_from(question)
                extra = " + quoted statement"
            elif not titles.words(title) and body and body[0].type != "heading":
                # A heading with no words of its own ("### Ex 1.", "## 5."): its first
                # block asks (all of them, up to an answer marker), and names the question.
                asked = body if a_at is not None else body[:1]
                question += self.nodes_text(doc, asked)
                answer_nodes = nodes[len(asked):]
                title = self.title_from(question)
                extra = " (no words)"
            elif a_at:
                # The heading names the question and the blocks under it ask it: the
                # heading's words are its title, not repeated at the top of its text.
                question += self.nodes_text(doc, nodes[:a_at])
                answer_nodes = nodes[a_at:]
            else:
                question.append((source.strip(), heading.map[0]))
                answer_nodes = nodes[a_at:] if a_at is not None else nodes
        if answer_nodes and head == [] and kinds[len(nodes) - len(answer_nodes)] in ("a", "ha", "adetails"):
            head, answer_nodes = self.answer_start(doc, answer_nodes)
        shape = f"{'#' * int(heading.tag[1])} heading" + (" + markers" if q_at is not None or a_at is not None else "") + extra
        self.add(title, question, head, doc, answer_nodes, heading.map[0], section, shape)

    def marked_question(self, doc: Doc, unit: list, rest: list, kind: str, section: Section | None) -> None:
        """A question that starts with a Q: marker paragraph or a bold question paragraph
        (possibly as the only item of a list), its answer after an answer marker or next."""
        node, outer = unit[0], doc
        if node.type in ("bullet_list", "ordered_list"):
            sub = blocks.item_doc(doc, node.children[0])
            self.place(doc, [node])
            doc, node = sub, sub.nodes[0]
        if kind == "q":
            question, head = self.marked_lines(doc, node, "q")
        elif bold_lead(node) is None:  # "**6.** You are given ...": the paragraph asks
            start = node.map[0]
            lines = doc.lines[start : node.map[1]]
            lines[0] = BOLD_NUMBER.sub("", lines[0], count=1)
            question, head = [("\n".join(lines).strip(), doc.offset + start)], []
            self.place(doc, [node])
        else:
            lead = bold_lead(node)
            start = node.map[0]
            lines = doc.lines[start : start + lead]
            text = "\n".join(lines).strip()
            text = re.sub(r"^(\*\*|__)", "", text)
            text = re.sub(r"(\*\*|__)$", "", text).strip()
            text = blocks.NUMBERING.sub("", text, count=1)
            question = [(text, doc.offset + start)]
            head = [(doc.text(start + lead, node.map[1]), doc.offset + start + lead)] if lead < node.map[1] - start else []
            self.place(doc, [node])
        line = node.map[0] + doc.offset - self.doc.offset
        rest_kinds = [self.kind(outer, n) for n in rest]
        a_at = None if head else next((i for i, k in enumerate(rest_kinds) if k in ("a", "adetails")), None)
        answer_nodes = rest
        if a_at is not None:
            question += self.nodes_text(outer, rest[:a_at])
            head, answer_nodes = self.answer_start(outer, rest[a_at:])
        elif not head and kind == "q" and self.marks_answers() and doc is not outer and doc.numbered and _asked(question) and \
                any(not is_hr(n) for n in rest) and all(n.type == "paragraph" for n in rest if not is_hr(n)):
            # The document marks its answers ("Ans."), this one not: a numbered question
            # already asked ("2. What is Y?") followed by plain paragraphs has them as its
            # answer, said so. (After a labelled one, "Problem 1.2: ...", a paragraph is
            # more often a remark on it: more of the question, as below.)
            self.problems.append((outer.offset + rest[0].map[0] + 1, f"question '{titles.clip(titles.words(self.title_from(question)))}' "
                                  "has no answer marker; the paragraphs after it are taken as its answer"))
        elif not head and kind == "q" and self.marks_answers():
            # Where questions and answers are both marked ("Problem 1:", "Solution:"), a
            # question without an answer marker has no answer: what follows it is more of
            # the question. (A bold question's answer is simply what follows it.)
            question += self.nodes_text(outer, [n for n in rest if not is_hr(n)])
            self.place(outer, rest)
            answer_nodes = []
        self.add(self.title_from(question), question, head, outer, answer_nodes, line, section,
                 "question marker" if kind == "q" else "bold lead-in")

    def details_question(self, doc: Doc, unit: list, section: Section | None) -> None:
        start, end = doc.span(unit)
        text = "\n".join(doc.lines[start:end])
        parts = blocks.details_parts(text)
        line = doc.offset + start
        if parts is None:
            self.problems.append((line + 1, "a <details> block that is not closed with </details>; not imported"))
            return
        summary, body, first = parts
        words = " ".join(re.sub(r"<[^>]+>", " ", summary or "").split())
        words = re.sub(r"^(\*\*|__)(.*)\1$", r"\2", words).strip()
        found = self.mark(words, "q")
        words = words[found.end:] if found else blocks.NUMBERING.sub("", words, count=1)
        words = _HASH_NUMBER.sub("", words, count=1)  # "<code>#1</code> What ...?" numbers its summary
        question = [(words, line)]
        self.place(doc, unit)
        answer = self.details_body(body, line + first)
        self.add(self.title_from(question), question, answer, None, [], line - self.doc.offset, section, "<details>")

    def details_body(self, body: str, line: int) -> list[tuple[str, int]]:
        lines = textwrap.dedent(body.strip("\n")).split("\n") if body.strip() else []
        while lines and not lines[0].strip():
            lines.pop(0)
            line += 1
        if lines:
            found = self.mark(lines[0], "a")
            if found:
                lines = blocks.strip_marker(lines, found)
        text = "\n".join(lines).strip()
        return [(text, line)] if text else []

    # -- pieces of text ----------------------------------------------------------------

    def marked_lines(self, doc: Doc, node, kind: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """A marker paragraph without its marker; for a Q: paragraph that also holds its
        A: line, the question part and the answer part."""
        start, end = node.map
        lines = doc.lines[start:end]
        self.place(doc, [node])
        split = next((k for k in range(1, len(lines)) if kind == "q" and self.mark(lines[k], "a")), None)
        first = lines[:split] if split else lines
        question = blocks.strip_marker(first, self.mark(first[0], kind))
        out = [("\n".join(question).strip(), doc.offset + start)] if "\n".join(question).strip() else []
        answer: list[tuple[str, int]] = []
        if split:
            rest = blocks.strip_marker(lines[split:], self.mark(lines[split], "a"))
            if "\n".join(rest).strip():
                answer = [("\n".join(rest).strip(), doc.offset + start + split)]
        return out, answer

    def answer_start(self, doc: Doc, nodes: list) -> tuple[list[tuple[str, int]], list]:
        """The first block of an answer is its marker: a paragraph, a heading, a list whose
        first item starts with it, or a <details> block; (marker's text, blocks after it)."""
        node = nodes[0]
        if node.type == "heading":
            self.place(doc, [node])
            if len(nodes) > 1 and self.kind(doc, nodes[1]) in ("a", "adetails"):
                return self.answer_start(doc, nodes[1:])  # "## Solution" over "**Solution:** ..."
            return [], nodes[1:]
        if node.type == "paragraph":
            return self.marked_lines(doc, node, "a")[0], nodes[1:]
        if node.type == "html_block":
            units = self.units(doc, nodes)
            start, end = doc.span(units[0])
            parts = blocks.details_parts("\n".join(doc.lines[start:end]))
            self.place(doc, units[0])
            head = self.details_body(parts[1], doc.offset + start + parts[2]) if parts else []
            return head, nodes[len(units[0]):]
        # a list: its first item holds the answer; later items follow it
        self.place(doc, [node])
        sub = blocks.item_doc(doc, node.children[0])
        head = self.marked_lines(sub, sub.nodes[0], "a")[0] + self.nodes_text(sub, sub.nodes[1:])
        if len(node.children) > 1:
            start, end = node.children[1].map[0], node.map[1]
            head.append((doc.text(start, end), doc.offset + start))
        return head, nodes[1:]

    def nodes_text(self, doc: Doc, nodes: list) -> list[tuple[str, int]]:
        if not nodes:
            return []
        self.place(doc, nodes)
        start, end = doc.span(nodes)
        return [(doc.text(start, end), doc.offset + start)]


_HASH_NUMBER = re.compile(r"^#\d{1,4}[ \t]+(?=\S)")


def _asked(question: list[tuple[str, int]]) -> bool:
    """Whether a question's text ends asking ("...?"), so what follows it is no more of it."""
    text = "\n".join(t for t, _ in question).rstrip().rstrip("*_ ")
    return text.endswith(("?", "？"))


def _dequote(text: str) -> str:
    """A blockquote's text without its '>' markers."""
    return "\n".join(re.sub(r"^[ \t]{0,3}>[ \t]?", "", line) for line in text.split("\n")).strip()
