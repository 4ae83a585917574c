"""Find the questions of a Markdown document from its block structure.

The document is prepared first (prepare.py: front matter, admonitions), then its
headings are sorted (headings.py). Between headings, a run of blocks is split at its
question starts: Q:/Problem N: markers, numbered and roman items, bold question
paragraphs, <details> blocks and lists of these, or at '---' rules where the rules
say more (segments.py). Every question keeps the source lines of its question and
answer; finish.py trims the answers and lists every line placed nowhere.
"""

from __future__ import annotations

import re
import textwrap

from guidegen.importer import blocks, difficulty, segments, titles
from guidegen.importer.cards import Cards
from guidegen.importer.segments import BOLD_NUMBER
from guidegen.importer.finish import Finishing
from guidegen.importer.found import Pending, Section, Split
from guidegen.importer.headings import HeadingRoles
from guidegen.importer.patterns import LinePattern
from guidegen.importer.prepare import prepare
from guidegen.importer.blocks import Doc, bold_lead, heading_marker, heading_text, inline_of, is_hr, marker



def split_document(text: str, questions: LinePattern | None = None, answers: LinePattern | None = None) -> Split:
    """The questions of `text`; `questions` and `answers` are what the user said they
    start with (--questions, --answers), or None to read the shapes from the document."""
    ready = prepare(text)
    split = _Splitter(ready.text, questions, answers).run()
    split.title = split.title or ready.title
    return split


class _Splitter(HeadingRoles, Finishing, Cards):
    def __init__(self, text: str, questions: LinePattern | None = None, answers: LinePattern | None = None):
        self.doc = blocks.parse(text)
        self.questions, self.answers = questions, answers
        self.symbols = difficulty.legend(text)  # emoji -> level, when the document gives a legend
        self.pending: list[Pending] = []
        self.problems: list[tuple[int, str]] = []
        self.placed: set[int] = set()
        self.sections: list[Section] = []
        self.title: str | None = None
        self.separators = False  # whether '---' lines separate questions

    # -- the document ------------------------------------------------------------------

    def run(self) -> Split:
        if self.questions is None and self.cards():
            return self.done()
        nodes = self.doc.nodes
        roles = self.heading_roles()
        stack: list[tuple[int, Section]] = []
        run: list = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if node.type != "heading" or roles.get(i) == "marker":
                # A "## Hints" or "## Solution" heading between a question and its answer
                # marks a part of that question: the run of blocks goes on.
                run.append(node)
                i += 1
                continue
            self.region(self.doc, run, stack[-1][1] if stack else None)
            run = []
            role, level = roles.get(i, "other"), int(node.tag[1])
            if role == "title":
                self.title = heading_text(node)
                self.place(self.doc, [node])
            elif role == "section":
                while stack and stack[-1][0] >= level:
                    stack.pop()
                words = titles.words(titles.strip_numbering(titles.atoms(inline_of(node))))
                section = Section(words.replace("$", ""), node.map[0] + 1)
                self.sections.append(section)
                stack.append((level, section))
                self.place(self.doc, [node])
            elif role == "question":
                while stack and stack[-1][0] >= level:
                    stack.pop()
                end = next((j for j in range(i + 1, len(nodes)) if nodes[j].type == "heading" and roles.get(j) not in ("sub", "marker")), len(nodes))
                self.heading_question(node, nodes[i + 1 : end], stack[-1][1] if stack else None)
                i = end
                continue
            else:
                while stack and stack[-1][0] >= level:
                    stack.pop()
            i += 1
        self.region(self.doc, run, stack[-1][1] if stack else None)
        return self.done()

    def done(self) -> Split:
        found = self.finish()
        used = {s.name for f in found for s in [f.section] if s}
        return Split(found, self.problems, self.unplaced(), self.title, [s for s in self.sections if s.name in used], self.doc.lines)

    def items_ask(self, doc: Doc, node) -> bool:
        """Whether a list item holds a question start (a numbered topic with questions)."""
        for item in node.children:
            sub = blocks.item_doc(doc, item)
            if any(self.kind(sub, n) == "q" for n in sub.nodes):
                return True
        return False

    def marks_answers(self) -> bool:
        """Whether the document marks its answers (A:, Answer:, Solution:, an answer
        <details>) rather than letting the text after a question be its answer."""
        if not hasattr(self, "_marks"):
            self._marks = any(self.mark(line, "a") for line in self.doc.lines)
        return self._marks

    def mark(self, line: str, kind: str) -> blocks.Marker | None:
        """The question or answer marker at the start of `line`: the one the user gave
        (--questions, --answers) or, for answers besides it, one the document uses."""
        told = self.questions if kind == "q" else self.answers
        if told is not None:
            found = told.line(line)
            if found is not None or (kind == "q" and told.level is None):
                return found
        return marker(line, kind)

    def heading_mark(self, node) -> str | None:
        """'q' or 'a' for a heading that only marks a question or its answer ("### Lösung")."""
        if self.answers is not None and self.answers.heading(int(node.tag[1]), heading_text(node)):
            return "a"
        return heading_marker(node)

    def kind(self, doc: Doc, node) -> str | None:
        """'q', 'a', 'bold', 'details', 'adetails', 'qlist' or None."""
        if node.type == "heading":
            return "a" if self.heading_mark(node) == "a" else None
        if node.type == "paragraph":
            first = doc.lines[node.map[0]]
            if self.mark(first, "q"):
                return "q"
            if self.mark(first, "a"):
                return "a"
            if self.questions is not None and self.questions.level is None:
                return None  # the user said what a question starts with: nothing else is one
            lead = bold_lead(node)
            if lead is not None:
                strong = blocks.meaningful(inline_of(node).children)[0]
                words = blocks.plain(strong)
                if blocks.looks_like_question(words) or (self.symbols and difficulty.take(words.strip(), self.symbols)[1]):
                    return "bold"  # a question, or a bold line marked with the legend's difficulty emoji
            elif BOLD_NUMBER.match(first):
                return "bold"  # "**6.** You are given ...": a bold number opens the question
            # "4. How ...?" as a numbered item, where the document marks its answers: the
            # item's number is its question marker.
            if doc.numbered and node is doc.nodes[0] and self.marks_answers() and \
                    blocks.looks_like_question(blocks.plain(inline_of(node))):
                return "q"
            return None
        if node.type == "html_block" and blocks.DETAILS_OPEN.match(node.content.lstrip()):
            summary = re.search(r"<summary\b[^>]*>(.*?)</summary", node.content, re.S | re.I)
            words = re.sub(r"<[^>]+>", "", summary.group(1)) if summary else ""
            told = self.answers is not None and self.answers.line(words.strip()) is not None
            return "adetails" if not summary or told or (blocks.ANSWER_SUMMARY.search(words) and "?" not in words) else "details"
        if node.type in ("bullet_list", "ordered_list") and node.children:
            item = node.children[0]
            sub = blocks.item_doc(doc, item)
            kinds = [self.kind(sub, n) for n in sub.nodes]
            if kinds and kinds[0] == "a":
                return "a"
            if kinds and kinds[0] in ("details", "q", "bold"):
                lead = bold_lead(sub.nodes[0]) if kinds[0] == "bold" else None
                inner = len(sub.nodes) > 1 or kinds[0] == "details" or (lead is not None and lead < sub.nodes[0].map[1] - sub.nodes[0].map[0])
                if kinds[0] == "q" and any(self.mark(line, "a") for line in sub.lines[1 : sub.nodes[0].map[1]]):
                    inner = True
                if inner:
                    return "qlist"
                if kinds[0] == "q" and len(node.children) == 1:
                    return "q"  # one item: its answer follows the list
            # Numbered topics whose items hold the questions: "1. Dot product" then
            # "i. [E] What's ...?" and "Ans. ..." inside the item.
            if self.items_ask(doc, node):
                return "qlist"
        return None

    # -- runs of blocks between headings -----------------------------------------------

    def region(self, doc: Doc, nodes: list, section: Section | None) -> None:
        units = self.units(doc, nodes)
        kinds = [self.kind(doc, u[0]) for u in units]
        starter = "q" if "q" in kinds else "bold"
        starts = [i for i, k in enumerate(kinds) if k in ("details", "qlist", starter)]
        if starter == "bold":
            # Where the bold questions are numbered ("**9. You are given ...**"), an
            # unnumbered bold line after one ("**Which of these is right?**") is more of
            # it, and so is a numbered one that does not count on ("**1. zero solutions**"
            # after question 9).
            bold = [i for i in starts if kinds[i] == "bold"]
            numbers = {i: _number(blocks.plain(inline_of(units[i][0]))) for i in bold}
            numbered = [i for i in bold if numbers[i] is not None]
            if len(numbered) >= 2 and 2 * len(numbered) >= len(bold):
                kept, last = [], 0
                for i in numbered:
                    if numbers[i] > last:
                        kept.append(i)
                        last = numbers[i]
                starts = [i for i in starts if kinds[i] != "bold" or i in kept]
        if segments.count(doc, nodes) > max(1, len(starts)):
            # Rules cut the run into more questions than its markers do: the rules decide.
            self.separators = True
            segments.split(self, doc, nodes, section)
            return
        for unit, kind in zip(units[: starts[0] if starts else len(units)], kinds):
            if kind == "a":
                self.problems.append((doc.offset + unit[0].map[0] + 1, "an answer with no question before it; not imported"))
            elif all(is_hr(n) for n in unit):
                self.place(doc, unit)
        for n, s in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(units)
            unit, rest = units[s], [node for u in units[s + 1 : end] for node in u]
            kind = kinds[s]
            if kind == "details":
                self.details_question(doc, unit, section)
                self.leftover(doc, rest)
            elif kind == "qlist":
                before_list = len(self.pending)
                for item in unit[0].children:
                    sub = blocks.item_doc(doc, item)
                    before = len(self.pending)
                    self.region(sub, sub.nodes, section)
                    if len(self.pending) == before and not any(self.kind(sub, x) for x in sub.nodes):
                        continue  # an item that is not a question stays unplaced, and reported
                last = self.pending[-1] if len(self.pending) > before_list else None
                if last is not None and not last.nodes and not all(is_hr(x) for x in rest) and self.items_ask(doc, unit[0]):
                    # Blocks after a list of numbered topics, before the next question, are
                    # the last question's answer, or more of it (an image or an "Ans." at
                    # column 0 ends a Markdown list).
                    if not last.head and self.kind(doc, rest[0]) in ("a", "adetails"):
                        head, rest = self.answer_start(doc, rest)
                        last.tail += head
                    last.tail += self.nodes_text(doc, [x for x in rest if not is_hr(x)])
                    self.place(doc, rest)
                else:
                    self.leftover(doc, rest)
            else:
                self.marked_question(doc, unit, rest, kind, section)

    def units(self, doc: Doc, nodes: list) -> list[list]:
        """Blocks, with each <details> ... </details> span (several blocks when its body
        has blank lines) taken as one unit."""
        out, i = [], 0
        while i < len(nodes):
            node = nodes[i]
            if node.type == "html_block" and blocks.DETAILS_OPEN.match(node.content.lstrip()):
                depth, j = 0, i
                while j < len(nodes):
                    depth += blocks.details_depth(doc.text(*nodes[j].map))
                    j += 1
                    if depth <= 0:
                        break
                out.append(nodes[i:j])
                i = j
            else:
                out.append([node])
                i += 1
        return out

    def leftover(self, doc: Doc, nodes: list) -> None:
        """Blocks after a self-contained question (a <details> block or a list of them):
        separators are dropped; anything else stays unplaced and is reported."""
        for node in nodes:
            if is_hr(node):
                self.place(doc, [node])

    # -- one question of each shape ----------------------------------------------------

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

    def title_from(self, question: list[tuple[str, int]]) -> list:
        from guidegen.content.parse import markdown_parser
        from markdown_it.tree import SyntaxTreeNode

        text = question[0][0] if question else ""
        for node in SyntaxTreeNode(markdown_parser(typographer=False).parse(text)).children:
            inline = inline_of(node)
            if inline is not None:
                return titles.first_sentence(titles.strip_numbering(titles.atoms(inline)))
        return [("text", " ".join(text.split()))]

    def add(self, title, question, head, doc, nodes, line, section, shape: str = "") -> None:
        self.pending.append(Pending(title, question, head, doc, list(nodes), line, section, shape=shape))

    def place(self, doc: Doc, nodes: list) -> None:
        for node in nodes:
            self.placed.update(doc.source_lines(*node.map))


def _asked(question: list[tuple[str, int]]) -> bool:
    """Whether a question's text ends asking ("...?"), so what follows it is no more of it."""
    text = "\n".join(t for t, _ in question).rstrip().rstrip("*_ ")
    return text.endswith(("?", "？"))


def _number(text: str) -> int | None:
    """The number a question's words start with ("9. You are given" gives 9)."""
    found = re.match(r"\s*(?:[^\W\d_]+\s*)?(\d{1,4})\s*[.):：]", text) if blocks.NUMBERING.match(text.strip()) else None
    return int(found.group(1)) if found else None


def _dequote(text: str) -> str:
    """A blockquote's text without its '>' markers."""
    return "\n".join(re.sub(r"^[ \t]{0,3}>[ \t]?", "", line) for line in text.split("\n")).strip()
