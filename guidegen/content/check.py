"""Every format-neutral rule, applied once to each question's parsed tree: structure,
sizes, the math allow-list, raw HTML, image references. Problems come with their file
line; the figures and images a question shows are found on the way. What only one output
cannot print (a character a TeX engine has no font for, a PDF image on a card) is that
writer's check, not this one's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guidegen.content import cloze, images, mathcheck
from guidegen.content.tree import MAX_INLINE_NESTING, parse_blocks, parse_inline
from guidegen.content.walk import Walker
from guidegen.errors import Problem
from guidegen.model import FigureRef, Question

# Lists and quotes inside one another: LaTeX nests list-like environments six deep and
# the answer key wraps each answer in one; four levels of content keep clear of that, and
# deeper is no outline a reader follows on paper or on a card.
MAX_NESTING = 4
# Columns of a table: more do not fit across a page (and hundreds exhaust TeX's memory).
MAX_TABLE_COLUMNS = 20
# Characters of a link's address: more is no address a reader could type (and a long
# unbreakable address runs off the page).
MAX_URL = 2_000
# Characters of one paragraph, code block, table or heading: TeX holds a paragraph in
# memory until it is broken into lines, and its line breaking slows down more than
# linearly (200,000 characters of narrow words take 30 s; 600,000 exhaust its memory).
MAX_PARAGRAPH = 100_000
# Places where one line of code may wrap: TeX holds each line of a code block as a
# paragraph, and each place to wrap (a space, a punctuation mark, every 10 characters of a
# stretch without: outputs/latex/highlight.py) costs it as much memory as twenty letters
# (45,000 spaces exhausted it; 90,000 characters without a space print). The indent is
# not counted: it is one length, capped.
MAX_CODE_WRAPS = 20_000
_WRAP_AFTER = ",;([{./\\|&+=:"
# Characters of a title: it stays on one line of the .tex (TeX reads at most 200,000 bytes
# of a line, and a title takes at most 27 bytes of LaTeX a character).
MAX_TITLE = 2_000
# Emoji in one paragraph: each is a picture, which costs TeX the memory of some twenty
# letters (20,000 in one paragraph exhausted it; 8,000 printed).
MAX_EMOJI = 5_000
_EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)")


@dataclass(frozen=True)
class Checked:
    """What checking one question found: the figures and images it shows, and its problems."""

    figures: tuple[FigureRef, ...] = ()
    problems: tuple[Problem, ...] = ()


def check_question(q: Question, project: Path | None) -> Checked:
    """Check a question's title, question, answer and options."""
    problems = check_title(q.title, q.path, q.title_line)
    figures: list[FigureRef] = []
    parts = [(q.question_md, q.question_line), (q.answer_md, q.answer_line)] + [(o.markdown, o.line) for o in q.options]
    for index, (markdown, line) in enumerate(parts):
        checker = Checker(q.path, line, project)
        checker.blank_place = "" if index == 0 else "an answer" if index == 1 else "an option"
        checker.walk(markdown)
        problems += checker.problems
        figures += checker.figures
    return Checked(tuple(figures), tuple(problems))


def check_title(text: str, path: Path, line: int) -> list[Problem]:
    checker = Checker(path, line, None)
    checker.blank_place = "a title"
    text = " ".join(text.split())
    if len(text) > MAX_TITLE:
        checker.report(f"the title is {len(text):,} characters long; at most {MAX_TITLE:,} are allowed: shorten it")
        return checker.problems
    checker.plain = True
    parsed = parse_inline(text)
    checker.too_deep(parsed.too_deep)
    for node in parsed.root.children:
        checker.inline(node)
    return checker.problems


def _wrap_places(line: str) -> int:
    """At most how many places a line of code may wrap (highlight.breakable's rule, over-counted)."""
    body = line.expandtabs(4).lstrip(" ")
    return body.count(" ") + sum(map(body.count, _WRAP_AFTER)) + len(body) // 10


class Checker(Walker):
    """A walk that makes nothing: it reports what no writer could print faithfully."""

    def __init__(self, path: Path, first_line: int, project: Path | None):
        super().__init__(path, first_line)
        self.project = project
        self.figures: list[FigureRef] = []
        self.cells = 0  # HTML table cells open around what comes next
        self.html_lists = 0  # HTML lists open around what comes next
        # Where a blank ({{c1::...}}) would stand when not in a question's text (an answer,
        # an option, a title): no blank there. "" in a question's text.
        self.blank_place = ""
        self.in_blank = False

    def walk(self, markdown: str) -> None:
        parsed = parse_blocks(markdown)
        self.too_deep(parsed.too_deep)
        self.blocks(parsed.root.children)

    def too_deep(self, lines: tuple[int, ...]) -> None:
        for line in lines:
            self.report(f"emphasis, bold, links and images are nested more than {MAX_INLINE_NESTING} deep; "
                        "remove some of the * and _ markers or brackets", self.first_line + line)

    def visit_unknown(self, node) -> str:
        self.report(f"unsupported Markdown element '{node.type}'")
        return ""

    # -- blocks ------------------------------------------------------------------------------
    def visit_paragraph(self, node) -> str:
        if self.fits(node, sum(len(c.content) for c in node.children), "paragraph", "split it with blank lines"):
            emoji = sum(len(_EMOJI.findall(c.content)) for c in node.children)
            if emoji > MAX_EMOJI:
                self.report(f"this paragraph holds {emoji:,} emoji; at most {MAX_EMOJI:,} print in one "
                            "(each is a picture): split it with blank lines")
            else:
                self.inline_children(node)
        return ""

    def visit_heading(self, node) -> str:
        if self.fits(node, sum(len(c.content) for c in node.children), "heading", "shorten it"):
            self.within("a heading", lambda: self.plain_inline(node))
        return ""

    def within(self, place: str, walk) -> str:
        """Walk where no blank may stand (a heading, a link's or image's text)."""
        saved, self.blank_place = self.blank_place, self.blank_place or place
        try:
            return walk()
        finally:
            self.blank_place = saved

    def visit_fence(self, node) -> str:
        if self.fits(node, len(node.content), "code block", "split it into several"):
            first = self.line + (1 if node.type == "fence" else 0)  # a fence's code starts on the line after it
            for number, line in enumerate(node.content.split("\n")):
                places = _wrap_places(line)
                if places > MAX_CODE_WRAPS:
                    self.report(f"this line of code is too long to print: {len(line):,} characters with {places:,} "
                                f"places to wrap (spaces, punctuation, every 10 characters); TeX holds at most "
                                f"{MAX_CODE_WRAPS:,} in one line: break it into shorter lines", first + number)
        return ""

    visit_code_block = visit_fence

    def visit_hr(self, node) -> str:
        return ""

    def visit_bullet_list(self, node) -> str:
        self.nested(lambda: self.items(node, lambda item: self.blocks(item.children)))
        return ""

    visit_ordered_list = visit_bullet_list

    def visit_blockquote(self, node) -> str:
        self.nested(lambda: self.blocks(node.children))
        return ""

    def visit_table(self, node) -> str:
        size = sum(len(cell.children[0].content) for part in node.children for row in part.children
                   for cell in row.children if cell.children)
        if not self.fits(node, size, "table", "split it into several"):
            return ""
        columns = max((len(row.children) for section in node.children for row in section.children), default=0)
        if columns > MAX_TABLE_COLUMNS:
            self.report(f"the table has {columns} columns; at most {MAX_TABLE_COLUMNS} fit across a page: "
                        "split it into narrower tables or make it a list")
            return ""
        for section in node.children:
            for row in section.children:
                for cell in row.children:
                    self.plain_inline(cell)
        return ""

    def visit_math_block(self, node) -> str:
        self.display_math(node.content)
        return ""

    visit_math_block_label = visit_math_block

    def fits(self, node, size: int, what: str, fix: str) -> bool:
        """Whether a paragraph, heading, code block or table is short enough to print."""
        if size <= MAX_PARAGRAPH:
            return True
        self.report(f"this {what} is {size:,} characters long; at most {MAX_PARAGRAPH:,} are allowed: {fix}")
        return False

    def nested(self, walk) -> None:
        self.nesting += 1
        try:
            if self.nesting > MAX_NESTING:
                self.report(f"lists and quotes are nested more than {MAX_NESTING} deep; flatten them")
            else:
                walk()
        finally:
            self.nesting -= 1

    def display_math(self, source: str) -> None:
        if cloze.has_blanks(source):
            self.report(f"math ${images.short(source)}$ holds a blank; a blank cannot stand inside a formula: "
                        "put a whole inline formula in the blank, as in {{c1::$x^2$}}")
            return
        try:
            mathcheck.check_display(source)  # the allow-list, environments and all
        except mathcheck.MathError as exc:  # quoted where the error is: a display may hold several environments
            self.report(f"math ${images.short(exc.excerpt or source)}$: {exc}")

    # -- inline ------------------------------------------------------------------------------
    def text(self, text: str) -> str:
        return ""

    def visit_cloze(self, node) -> str:
        meta, shown = node.meta, images.short(node.meta["source"])
        if self.blank_place or self.in_blank:
            where = "another blank" if self.in_blank else self.blank_place
            self.report(f"the blank '{shown}' is in {where}; blanks stand in a question's text only "
                        "(its paragraphs, lists and table cells)")
        elif meta["unclosed"]:
            self.report(f"the blank '{shown}' is not closed: end it with '}}}}' in the same paragraph, "
                        "or write \\{{ to print the braces")
        elif meta["nested"]:
            self.report(f"the blank '{shown}' holds another blank; blanks cannot nest: write them one after the other")
        elif meta["number"] < 1:
            self.report(f"the blank '{shown}' is numbered 0; blanks are numbered from c1, as in Anki")
        elif not cloze.plain_answer(node).strip():
            self.report(f"the blank '{shown}' has no answer; write it after '::', as in {{{{c1::answer}}}}")
        else:
            kinds = {child.type for child in _descendants(node)} - cloze.ANSWER_NODES
            if kinds:
                self.report(f"the blank '{shown}' holds {'/'.join(sorted(kinds))}; a blank's answer is text, "
                            "emphasis, code or inline $math$")
                return ""
            saved, self.in_blank = self.in_blank, True
            try:
                self.inline_children(node)
            finally:
                self.in_blank = saved
        return ""

    def unclosed_display_math(self) -> None:
        self.report("display math '$$' is not closed: end it with another '$$', or write \\$\\$")

    def visit_softbreak(self, node) -> str:
        self.line += 1
        return ""

    visit_hardbreak = visit_softbreak

    def visit_em(self, node) -> str:
        return self.plain_inline(node)

    visit_strong = visit_em

    def visit_code_inline(self, node) -> str:
        return ""

    def visit_math_inline(self, node) -> str:
        if cloze.has_blanks(node.content):
            self.report(f"math ${images.short(node.content)}$ holds a blank; a blank cannot stand inside a formula: "
                        "put the whole formula in the blank, as in {{c1::$x^2$}}")
            return ""
        try:
            mathcheck.check_math(node.content)
        except mathcheck.MathError as exc:
            self.report(f"math ${images.short(exc.excerpt or node.content)}$: {exc}")
        return ""

    def visit_math_inline_double(self, node) -> str:
        if self.plain:
            return self.visit_math_inline(node)
        self.display_math(node.content)
        return ""

    def visit_link(self, node) -> str:
        href = str(node.attrs.get("href", ""))
        self.within("a link", lambda: self.plain_inline(node))
        if _SAFE_LINK.match(href) and not self.plain and len(href) > MAX_URL:
            self.report(f"link address '{images.short(href)}' is {len(href):,} characters long; at most {MAX_URL:,} "
                        "are allowed: link to a shorter address")
        return ""

    def visit_image(self, node) -> str:
        self.within("an image's text", lambda: self.plain_inline(node))
        self.image(str(node.attrs.get("src", "")), "".join(c.content for c in node.children))
        return ""

    def html_pieces(self, pieces, problems) -> str:
        for message, warning in problems:
            self.report(message, warning=warning)
        for piece in pieces:
            if piece.kind == "text" and cloze.has_blanks(piece.value):
                self.report(f"the blank '{images.short(cloze.OPENING.search(piece.value).group(0))}...' is inside raw HTML, "
                            "which is printed as it is: write that part in Markdown")
            self.cells += {"cell-open": 1, "cell-close": -1}.get(piece.kind, 0)
            self.html_lists += {"list-open": 1, "list-close": -1}.get(piece.kind, 0)
            if piece.kind == "list-open" and self.nesting + self.html_lists == MAX_NESTING + 1:
                self.report(f"lists and quotes are nested more than {MAX_NESTING} deep; flatten them")
            if piece.kind == "image" and self.cells:
                self.report(f"image '{images.short(piece.attrs.get('src', ''))}' in an HTML table cell is left out: "
                            "a table's cells hold text; put the image after the table", warning=True)
            elif piece.kind == "image":
                self.image(piece.attrs.get("src", ""), piece.attrs.get("alt", ""), in_link=bool(piece.attrs.get("in link")))
        return ""

    def image(self, target: str, caption: str, in_link: bool = False) -> None:
        if self.plain or in_link:
            # A badge in a link, a picture in a table cell: common in READMEs, and only text
            # fits there on paper.
            self.report(f"image '{images.short(target)}' in a title, heading, table, link or emphasis is left out "
                        "(its alt text prints): a figure must stand in a paragraph of its own", warning=True)
            return
        ref = images.resolve(target, self.path, self.project)
        if ref.error:
            # A remote image prints as a placeholder with its address: a stated loss.
            self.report(ref.error, code=ref.code, warning=ref.code == images.REMOTE)
        else:
            self.figures.append(FigureRef(ref.source, caption, self.line))


def _descendants(node):
    for child in node.children:
        yield child
        yield from _descendants(child)
