"""The end of a split: each pending question's answer trimmed (separators, links within
the page, the document's footer), its difficulty marker taken out, the questions that
cannot be imported reported, and the lines placed in no question listed."""

from __future__ import annotations

import re
from dataclasses import replace

from guidegen.importer import blocks, difficulty, options, titles
from guidegen.importer.blocks import inline_of, is_hr, is_nav
from guidegen.importer.found import Found, Part, Pending

FOOTER = re.compile(
    r"contribut|pull request|\bPRs?\b|star (?:this|the) repo|⭐|licen[cs]e|follow me|made with|happy (?:learning|coding)|"
    r"good luck|thanks for reading|if you (?:found|find) this|back to top|last (?:updated|modified)|"
    r"actualizaci[oó]n|aktualisiert|mis à jour|aggiornat|atualizad|обновлен|更新|最終更新|업데이트|cập nhật|güncellen",
    re.IGNORECASE,
)



# A lettered or roman sub-question: "i. [E] What ...", "ii. ...", "b) Why ...".
# Shapes whose title is made from the question's own first sentence.
FROM_QUESTION = {"<details>", "bold lead-in", "question marker"}
SUB_ITEM = re.compile(r"^\s*(?:[ivx]{1,5}|[a-h])[.)]\s", re.IGNORECASE)
# An answer's last paragraph that is a numbered line and no question: the stem of the
# sub-questions that follow ("9. Derivative is the backbone of gradient descent.").
TRAILING_STEM = re.compile(r"(?:^|\n\n)\d{1,3}\.\s+([^\n?]*[^\n?\s])\s*$")


class Finishing:
    """Mixed into the splitter: reads `self.pending`, `self.placed`, `self.problems`."""

    def finish(self) -> list[Found]:
        found = []
        last = max(self.pending, key=lambda p: p.line, default=None)
        for p in self.pending:
            p.nodes = self.trim(p, footer=False)
        if last is not None and last.nodes:
            # The document's last answer ends where its footer starts: after the last
            # '---' when '---' separates the questions, and before closing remarks.
            hrs = [i for i, n in enumerate(last.nodes) if is_hr(n)]
            if self.separators and hrs:
                last.nodes = last.nodes[: hrs[-1]]
            elif hrs and _footer(last.nodes[hrs[-1] + 1:]):
                # "---" then a line or two ("*Last updated: March*"): the page's footer,
                # left unplaced and listed, not the last answer's end.
                self.place(last.doc, [last.nodes[hrs[-1]]])
                last.nodes = last.nodes[: hrs[-1]]
            last.nodes = self.trim(last, footer=True)
        for p in self.pending:
            answer = p.head + (self.nodes_text(p.doc, p.nodes) if p.nodes else []) + p.tail
            source_line = p.line + self.doc.offset + 1
            words = titles.words(p.title)
            label = titles.clip(words) or "?"
            if not p.question or not "".join(t for t, _ in p.question).strip():
                self.problems.append((source_line, f"question '{label}' has an empty question; not imported"))
                continue
            level = self.take_difficulty(p)
            question, answer_part = options.options_up(_join(p.question), _join(answer))
            question, points = options.take_points(question)
            if not answer_part.text.strip() and not options.has_right(question.text):
                # Imported all the same: study groups practise such questions too, and the
                # key says there is no model answer yet.
                self.problems.append((source_line, f"question '{label}' has no answer; imported without one "
                                                   "(its key says 'No model answer yet')"))
            slug = titles.slug_words(p.title)  # the id reads like the whole question, however short its title
            if p.shape.startswith("card") or p.shape.endswith("(no words)") or p.shape in FROM_QUESTION:
                # The title was made from the question: where that is its first sentence, with
                # more after it, the sheet would print that sentence twice (title, then text).
                # A title that is the whole question prints once in every writer (content.
                # assembly); a card's or a wordless heading's is cut all the same, as before.
                p.title = titles.distinct(p.title, question.text, whole=p.shape not in FROM_QUESTION)
            words = titles.words(p.title)
            title = titles.render(titles.shorten(p.title))
            if not words:
                self.problems.append((source_line, "this question has no words to make a title from; not imported"))
                continue
            found.append(Found(title, slug, question, answer_part, source_line, p.section, level, p.shape, points))
        found.sort(key=lambda f: f.line)
        return self.stems(found)

    def stems(self, found: list[Found]) -> list[Found]:
        """A numbered item that only introduces lettered or roman sub-questions ("8. Given
        $A$ and $b$" then "i. Find $x$ ...") is their common stem, not a question: its text
        goes before each of them. It was read as a question without an answer, or (when
        the sub-items are not indented under it) as the last paragraph of the answer before."""
        def sub_item(f: Found) -> bool:
            index = f.line - 1 - self.doc.offset
            return 0 <= index < len(self.doc.lines) and SUB_ITEM.match(self.doc.lines[index]) is not None

        out, stem = [], ""
        for index, f in enumerate(found):
            following = found[index + 1] if index + 1 < len(found) else None
            opens = following is not None and sub_item(following)
            if not sub_item(f):
                stem = ""
            if opens and not sub_item(f) and not f.answer.text.strip() and "?" not in f.question.text:
                stem = f.question.text.strip()
                self.problems = [(line, message) for line, message in self.problems if line != f.line]
                continue
            if stem:
                f = replace(f, question=Part(stem + "\n\n" + f.question.text, f.question.line))
            trailing = TRAILING_STEM.search(f.answer.text)
            if opens and trailing:
                f = replace(f, answer=Part(f.answer.text[: trailing.start()].rstrip("\n") + "\n", f.answer.line))
                stem = trailing.group(1).strip()
            out.append(f)
        return out

    def take_difficulty(self, p: Pending) -> str | None:
        """The level a marker in the question gives ("[E] ...", "... 👶", a "Difficulty:
        Medium" line); the marker itself is taken out of the title and the question."""
        text, line = p.question[0]
        cleaned, level = difficulty.take(text.strip(), self.symbols)
        if level or cleaned != text.strip():
            p.question[0] = (cleaned, line)
        pieces = list(p.title)
        for index in (0, len(pieces) - 1):
            if pieces and pieces[index][0] == "text":
                stripped, found = difficulty.take(pieces[index][1], self.symbols)
                pieces[index] = ("text", stripped)
                level = level or found
        p.title = [piece for piece in pieces if piece[1].strip() or piece[0] != "text"]
        if level is None:
            level = next((difficulty.field(l) for t, _ in p.question for l in t.split("\n") if difficulty.field(l)), None)
        return level

    def trim(self, p: Pending, footer: bool) -> list:
        """An answer's blocks without trailing separators and links within the page (and,
        with `footer`, closing remarks such as "Contributions welcome!")."""
        nodes = p.nodes
        while nodes:
            node = nodes[-1]
            if is_hr(node):
                self.separators = True
                self.place(p.doc, [node])
            elif not (is_nav(node) or (footer and node.type == "paragraph" and FOOTER.search(blocks.plain(inline_of(node))))):
                break
            nodes = nodes[:-1]
        return nodes

    def unplaced(self) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for index, line in enumerate(self.doc.lines):
            if not line.strip() or index in self.placed:
                continue
            if out and out[-1][1] == index:
                out[-1] = (out[-1][0], index + 1)
            else:
                out.append((index + 1, index + 1))
        return out

def _footer(nodes: list) -> bool:
    """Whether blocks after a document's last '---' are a footer: at most two short
    paragraphs, no heading, list or code."""
    return 0 < len(nodes) <= 2 and all(n.type == "paragraph" and n.map[1] - n.map[0] <= 2 for n in nodes)


def _join(parts: list[tuple[str, int]]) -> Part:
    texts = [t.strip("\n") for t, _ in parts if t.strip()]
    if not texts:
        return Part("", 1)  # a question without an answer
    line = next(l for t, l in parts if t.strip())
    return Part("\n\n".join(texts) + "\n", line + 1)
