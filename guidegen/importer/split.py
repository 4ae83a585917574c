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

from guidegen.importer import blocks, difficulty, segments, titles
from guidegen.importer.cards import Cards
from guidegen.importer.segments import BOLD_NUMBER
from guidegen.importer.shapes import Shapes
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
    split.problems[:0] = ready.notes
    return split


class _Splitter(HeadingRoles, Finishing, Cards, Shapes):
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
        self.asked_lines: set[int] = set()  # source lines of bold items a list of questions asks

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

    def bold_items(self, doc: Doc, node) -> bool:
        """Whether `node` is a numbered list whose every item is a bold line with its answer
        under it, most of them questions ("1. **Tell me about yourself.**" / "   - It lets
        ..."): then every item is a question, one asked as a request too. Their bold lines
        are kept in asked_lines, for kind() to read as questions."""
        if node.type != "ordered_list" or len(node.children) < 2:
            return False
        leads = []
        for item in node.children:
            sub = blocks.item_doc(doc, item)
            first = sub.nodes[0] if sub.nodes else None
            if first is None or len(sub.nodes) < 2 or first.type != "paragraph" or bold_lead(first) != first.map[1] - first.map[0]:
                return False
            leads.append((sub.offset + first.map[0], blocks.plain(inline_of(first))))
        if 2 * sum(blocks.looks_like_question(words) for _, words in leads) < len(leads):
            return False
        self.asked_lines.update(line for line, _ in leads)
        return True

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
            if lead is not None and doc.offset + node.map[0] in self.asked_lines:
                return "bold"  # an item of a list of bold questions ("6. **Describe a project.**")
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
            if self.bold_items(doc, node):
                return "qlist"
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


def _number(text: str) -> int | None:
    """The number a question's words start with ("9. You are given" gives 9)."""
    found = re.match(r"\s*(?:[^\W\d_]+\s*)?(\d{1,4})\s*[.):：]", text) if blocks.NUMBERING.match(text.strip()) else None
    return int(found.group(1)) if found else None
