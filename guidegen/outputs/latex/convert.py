"""The content tree (guidegen.content) to LaTeX.

Text is escaped, math is put in its commands, raw HTML becomes what it means, and
images name the figures and files the build puts beside the .tex. The content was
checked before (guidegen.content.check); the one problem found here is LaTeX's own: a
character no font of the engine has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from guidegen.content import images, mathcheck
from guidegen.content.check import MAX_URL, check_title
from guidegen.content.cloze import plain_answer
from guidegen.content.tree import parse_blocks, parse_inline
from guidegen.content.walk import Walker
from guidegen.errors import Problem
from guidegen.model import FigureRef
from guidegen.outputs.latex import blanks, direction, highlight, mathlatex
from guidegen.outputs.latex.texescape import UnsupportedCharacter, break_lines, escape_code, escape_text, escape_words, plain_text

TABLE_ROWS = 20  # body rows per piece of a long table: a piece of one-line rows fits on an A5 page
# Items of one list environment: LaTeX's time grows faster than the number of items
# (40,000 items: 11 s in one list, 3.4 s as lists of 500).
LIST_CHUNK = 500
# A list of at most this many items and characters of LaTeX (some six lines) is never
# broken across pages (ggkeep).
SHORT_LIST_ITEMS = 3
SHORT_LIST_CHARACTERS = 400
# A period after these abbreviations does not end a sentence: TeX would follow it with a
# sentence's wider space ("vs.  stability"); \@ after it asks for a word space.
_ABBREVIATION = re.compile(r"(?<![A-Za-z])(?:vs|e\.g|i\.e|cf|resp|approx|incl|w\.r\.t|et al)\.(?=\s|$)")
# Characters of a displayed formula's LaTeX below which it surely fits the line: only a
# longer one is measured (\ggdisplay sets it twice, which costs a build time).
MAY_NOT_FIT = 60
_DISPLAY_ONLY = re.compile(r"\\begin|\\tag|\\\\")
# Inline math longer than this (in LaTeX) may be too long for what is left of its line
# in a narrow column (an A5 or large-print list item): it is measured (\ggmath). Shorter
# formulas are set as they are, at no cost.
INLINE_MAY_NOT_FIT = 12
# Raw HTML formatting tags (content.rawhtml.FORMATTING) -> LaTeX before and after their content.
_HTML_FORMATTING = {
    "b": ("\\textbf{", "}"), "strong": ("\\textbf{", "}"),
    "i": ("\\emph{", "}"), "em": ("\\emph{", "}"), "cite": ("\\emph{", "}"), "var": ("\\emph{", "}"),
    "code": ("\\texttt{", "}"), "tt": ("\\texttt{", "}"), "samp": ("\\texttt{", "}"),
    "kbd": ("\\ggkbd{", "}"),
    "sub": ("\\textsubscript{", "}"), "sup": ("\\textsuperscript{", "}"),
    "small": ("{\\small ", "}"),
    "summary": ("\\textbf{", "}"),
}


@dataclass
class Converted:
    """LaTeX for one Markdown fragment, the figures it includes and what went wrong."""

    latex: str
    figures: list[FigureRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Renderer(Walker):
    def __init__(self, path: Path, first_line: int, project: Path | None, figure_prefix: str):
        super().__init__(path, first_line)
        self.project = project
        self.figure_prefix = figure_prefix
        self.figures: list[FigureRef] = []
        # Raw HTML's lists and tables, which may span several fragments of one HTML block:
        self.html_lists: list[int] = []  # for each open list around this one, its items so far
        self.html_list_items = 0  # items of the innermost open list (0: text before any is dropped)
        self.html_table: list[tuple[bool, list[str]]] | None = None  # the rows so far (header?, cells)
        self.html_cell: list[str] | None = None  # the current cell's LaTeX
        self.empty_blanks = False  # the question sheet's text: blanks print as empty lines, no answer in the .tex

    # -- blocks ------------------------------------------------------------------------------
    def blocks(self, nodes) -> str:
        out: list[str] = []
        for node in nodes:
            text = self.block(node)
            if node.type.startswith("math_block") and out and out[-1].endswith("\n\n"):
                # A formula after a paragraph belongs to it, as in pandoc: a blank line
                # before it would start an empty paragraph, a line above every equation.
                out[-1] = out[-1][:-1]
            out.append(text)
        return "".join(out)

    def visit_paragraph(self, node) -> str:
        source = node.children[0].content if node.children else ""
        return direction.paragraph(source, self.inline_children(node)) + "\n\n"

    def visit_heading(self, node) -> str:
        return f"\\ggheading{{{node.tag[1:]}}}{{" + self.plain_inline(node) + "}\n\n"

    def visit_bullet_list(self, node) -> str:
        ordered = node.type == "ordered_list"
        env = "enumerate" if ordered else "itemize"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        start = start if 0 <= start < 10**6 else 1
        out = []
        bodies = list(self.items(node, lambda item: self.blocks(item.children).strip()))
        # A short list (a few lines) is kept on one page: one item per page read badly.
        keep = len(bodies) <= SHORT_LIST_ITEMS and sum(map(len, bodies)) <= SHORT_LIST_CHARACTERS
        for index, body in enumerate(bodies):
            if index % LIST_CHUNK == 0:  # a long list is set as several, one after the other
                if index:
                    out.append(f"\\end{{{env}}}\n")
                number = start + index
                options = ([f"start={number}"] if ordered and number != 1 else []) + (["ggkeep"] if keep else [])
                out.append(f"\\begin{{{env}}}" + (f"[{','.join(options)}]" if options else "") + "\n")
            out.append("\\item " + body + "\n")
        return "".join(out) + f"\\end{{{env}}}\n\n"

    visit_ordered_list = visit_bullet_list

    def visit_blockquote(self, node) -> str:
        return "\\begin{quote}\n" + self.blocks(node.children) + "\\end{quote}\n\n"

    def visit_fence(self, node) -> str:
        return self.code_block(node.content, highlight.language_of(node.info or ""))

    def visit_code_block(self, node) -> str:
        return self.code_block(node.content, "")

    def visit_hr(self, node) -> str:
        return "\\ggrule\n\n"

    def visit_math_block(self, node) -> str:
        return self.display_math(node.content) + "\n"

    visit_math_block_label = visit_math_block

    def visit_html_block(self, node) -> str:
        return super().visit_html_block(node) + "\n\n"

    def html_pieces(self, pieces, problems) -> str:
        """LaTeX for what raw HTML held (content.rawhtml); its problems were the checker's.
        An HTML table is gathered cell by cell and set as a Markdown table is."""
        out: list[str] = []
        for piece in pieces:
            kind, value = piece.kind, piece.value
            target = self.html_cell if self.html_cell is not None else out
            if kind == "table-open":
                self.html_table = []
            elif kind == "row-open" and self.html_table is not None:
                self.html_table.append((False, []))
            elif kind == "cell-open" and self.html_table:
                self.html_cell, self.plain = [], True  # a cell holds one line of text
                if value == "th" and not any(cells for _, cells in self.html_table[:-1] if not _):
                    self.html_table[-1] = (True, self.html_table[-1][1])
            elif kind == "cell-close" and self.html_cell is not None and self.html_table:
                self.html_table[-1][1].append(" ".join("".join(self.html_cell).split()))
                self.html_cell, self.plain = None, False
            elif kind == "table-close" and self.html_table is not None:
                rows = [(head, cells) for head, cells in self.html_table if cells]
                columns = max((len(cells) for _, cells in rows), default=0)
                lengths = [max((len(c[i]) for _, c in rows if i < len(c)), default=0) // 2 for i in range(columns)]
                out.append(_table(rows, ["l"] * columns, lengths))
                self.html_table = None
            elif kind in ("row-close", "row-open", "cell-open", "cell-close"):
                pass
            elif self.html_table is not None and self.html_cell is None:
                pass  # between a table's cells: only white space
            else:
                target.append(self.html_piece(piece))
        return "".join(out)

    def html_piece(self, piece) -> str:
        kind, value = piece.kind, piece.value
        if kind == "text":
            return self.text(value) if self.html_list_items or not self.html_lists or not value.strip() else ""
        if kind in ("open", "close"):
            before, after = _HTML_FORMATTING[value]
            # In an HTML block (walked outside any inline sequence, so self.html is None) a
            # summary is a line of its own.
            if value == "summary" and self.html is None and not self.plain:
                before, after = "\\par\\noindent" + before, after + "\\par\n"
            return before if kind == "open" else after
        if kind == "list-open":
            self.html_lists.append(self.html_list_items)
            self.html_list_items = 0
            return "\\begin{" + ("enumerate" if value == "ol" else "itemize") + "}\n"
        if kind == "list-close":
            empty = self.html_list_items == 0  # LaTeX refuses a list without an item: it gets an empty one
            self.html_list_items = self.html_lists.pop() if self.html_lists else 0
            return ("\\item[]" if empty else "") + "\\end{" + ("enumerate" if value == "ol" else "itemize") + "}\n"
        if kind == "item-open":
            self.html_list_items += 1
            return "\\item "
        if kind == "item-close":
            return "\n"
        if kind in ("block-open", "block-close"):
            return " " if self.plain else "\\par\n"
        if kind == "break":
            if self.plain:
                return " " if value != "wbr" else ""
            return {"hr": "\\ggrule\n\n" if self.html is None else "\\hfil\\break\n",
                    "br": "\\hfil\\break\n", "wbr": "\\allowbreak{}"}[value]
        if kind == "link":
            return "\\href{" + _url(value) + "}{"
        if kind == "link-end":  # the address printed, as for a Markdown link
            return "}\\ggfootnote{\\nolinkurl{" + _url(value) + "}}"
        if kind == "image":  # <img src alt>: the same as ![alt](src)
            alt = piece.attrs.get("alt", "")
            return self.figure(piece.attrs.get("src", ""), self.text(alt) if alt else "",
                               in_link=bool(piece.attrs.get("in link")) or self.html_cell is not None)
        return ""

    def code_block(self, content: str, language: str) -> str:
        # Escaped piece by piece, never verbatim: a code block must not be able to end itself.
        try:
            return highlight.code_block(content.rstrip("\n"), language)
        except UnsupportedCharacter:
            self.text(content, code=True)  # reports every character that cannot print
            return ""

    def visit_table(self, node) -> str:
        rows: list[tuple[bool, list[str]]] = []
        aligns: list[str] = []
        lengths: list[int] = []
        for section in node.children:  # thead, tbody
            for row in section.children:
                cells = []
                for index, cell in enumerate(row.children):
                    style = cell.attrs.get("style", "")
                    if len(aligns) <= index:
                        aligns.append("r" if "right" in style else "c" if "center" in style else "l")
                        lengths.append(0)
                    lengths[index] = max(lengths[index], len(cell.children[0].content) if cell.children else 0)
                    cells.append(self.plain_inline(cell))
                rows.append((section.type == "thead", cells))
        return _table(rows, aligns, lengths)

    def display_math(self, source: str) -> str:
        try:
            latex = mathlatex.display_to_latex(source)
        except mathcheck.MathError:
            return ""  # the checker said why
        if (latex.startswith("\\[") and latex.endswith("\\]") and len(latex) > MAY_NOT_FIT
                and not _DISPLAY_ONLY.search(latex)):
            # A formula wider than the line breaks after its relations and operators, as
            # inline math does, instead of running into the margin (\ggdisplay). Not one
            # with what only a display holds (rows, environments, a tag).
            return "\\ggdisplay{" + latex[2:-2] + "}"
        if (latex.startswith("\\[") and latex.endswith("\\]") and len(latex) > MAY_NOT_FIT and "\\tag" not in latex
                and "\\begin{split}" not in latex):
            # Rows and matrices cannot break: one wider than the line is scaled to its width
            # (\ggdisplayfit; a tag cannot be measured in a box, so a tagged one is not, nor
            # a split, which amsmath allows only in a display, not in the box that measures).
            return "\\ggdisplayfit{" + latex[2:-2] + "}"
        return latex

    def math(self, source: str) -> str:
        try:
            return mathlatex.math_to_latex(source)
        except mathcheck.MathError:
            return ""

    # -- inline ------------------------------------------------------------------------------
    def visit_softbreak(self, node) -> str:
        self.line += 1
        return "\n"

    def visit_hardbreak(self, node) -> str:
        self.line += 1
        return "\\hfil\\break\n"

    def visit_em(self, node) -> str:
        return "\\emph{" + self.plain_inline(node) + "}"

    def visit_strong(self, node) -> str:
        return "\\textbf{" + self.plain_inline(node) + "}"

    def visit_code_inline(self, node) -> str:
        try:
            return highlight.code_inline(node.content)
        except UnsupportedCharacter:
            return "\\texttt{" + self.text(node.content, code=True) + "}"  # reports what cannot print

    def visit_math_inline(self, node) -> str:
        latex = self.math(node.content)
        if len(latex) > INLINE_MAY_NOT_FIT and not self.plain:
            # A long formula may start a line or be set as a display rather than run
            # into the margin (\ggmath); not in a title or a cell, which hold one line.
            return "\\ggmath{" + latex + "}"
        return "\\(" + latex + "\\)"

    def visit_math_inline_double(self, node) -> str:
        if self.plain:
            return "\\(\\displaystyle " + self.math(node.content) + "\\)"
        return self.display_math(node.content)

    def text(self, text: str, code: bool = False) -> str:
        try:
            return escape_code(text) if code else _ABBREVIATION.sub(r"\g<0>\\@", escape_words(text))
        except UnsupportedCharacter:
            for char in dict.fromkeys(text):  # every character that cannot print, not only the first
                try:
                    escape_text(char)
                except UnsupportedCharacter as exc:
                    self.report(str(exc))
            return plain_text(text)

    def visit_link(self, node) -> str:
        href = str(node.attrs.get("href", ""))
        label = self.plain_inline(node)
        if not re.match(r"^(https?://|mailto:)", href) or self.plain or len(href) > MAX_URL:
            return label  # relative links mean nothing on paper; footnotes cannot go in arguments
        safe = _url(href)
        shown = "\\nolinkurl{" + safe + "}"
        if node.children and len(node.children) == 1 and node.children[0].content == href:
            return "\\href{" + safe + "}{" + shown + "}"
        return "\\href{" + safe + "}{" + label + "}\\ggfootnote{" + shown + "}"

    def visit_cloze(self, node) -> str:
        meta = node.meta
        hint = self.text(meta["hint"]) if meta["hint"] else ""
        width = blanks.width(plain_answer(node), meta["hint"])
        return blanks.empty(width, hint) if self.empty_blanks else blanks.filled(width, hint, self.inline_children(node))

    def visit_image(self, node) -> str:
        return self.figure(str(node.attrs.get("src", "")), self.plain_inline(node))

    def figure(self, target: str, caption: str, in_link: bool = False) -> str:
        if self.plain or in_link:
            return caption  # only text fits here (the checker warned): the alt text
        ref = images.resolve(target, self.path, self.project)
        if ref.code == images.REMOTE:  # never fetched: a framed placeholder with its caption and address
            return "\\ggremoteimage{" + caption + "}{\\nolinkurl{" + _url(target) + "}}"
        if ref.error:
            return ""
        self.figures.append(FigureRef(ref.source, caption, self.line))
        if not ref.is_script:
            return "\\ggimage{" + image_tex_path(ref.source) + "}{" + caption + "}"
        pdf = self.figure_prefix + PurePosixPath(ref.source).with_suffix(".pdf").as_posix()
        return "\\ggfigure{" + pdf + "}{" + caption + "}"


def _table(rows: list[tuple[bool, list[str]]], aligns: list[str], lengths: list[int]) -> str:
    """A table's LaTeX: header rows (True) and body rows of cells, each column's alignment
    (l, c, r) and longest source text."""
    if not aligns:
        return ""
    head = [cells for is_head, cells in rows if is_head]
    body = [cells for is_head, cells in rows if not is_head]
    # A table cannot break across pages: a long one is set as pieces of at most
    # TABLE_ROWS rows, each repeating the header.
    # Wide tables, and pieces (whose columns must line up), wrap their text in X
    # columns; narrow ones keep natural widths.
    wide = sum(lengths) > 70 or len(body) > TABLE_ROWS
    spec = "".join(
        {"l": r">{\raggedright\arraybackslash}X", "c": r">{\centering\arraybackslash}X", "r": r">{\raggedleft\arraybackslash}X"}[a] if wide else a
        for a in aligns
    )
    env = "tabularx}{\\linewidth" if wide else "tabular"
    pieces = [body[i : i + TABLE_ROWS] for i in range(0, len(body), TABLE_ROWS)] or [[]]
    out = []
    for piece in pieces:
        out.append(f"\\begin{{center}}\\small\n\\begin{{{env}}}{{{spec}}}\n\\toprule\n")
        for cells in head:
            out.append(_table_row(cells, len(aligns)) + "\\midrule\n")
        out += [_table_row(cells, len(aligns)) for cells in piece]
        out.append("\\bottomrule\n\\end{" + env.split("}")[0] + "}\n\\end{center}\n\n")
    return "".join(out)


def _table_row(cells: list[str], columns: int) -> str:
    cells = cells + [""] * (columns - len(cells))
    return " & ".join(cells[:columns]) + " \\\\\n"


def image_tex_path(source: str) -> str:
    """Where the build puts a project image (`source`, relative to the project), as LaTeX
    names it: one flat folder, and one dot (graphicx reads the extension after the first)."""
    path = PurePosixPath(source)
    suffix = ".pdf" if path.suffix.lower() == ".svg" else path.suffix.lower()  # an SVG is converted to PDF
    return "images/" + "--".join(path.parent.parts + (path.stem.replace(".", "-"),)) + suffix


def _url(href: str) -> str:
    """Percent-encode what is not a plain URL character (keeping existing %XX escapes and
    the #fragment), then escape % # & for hyperref."""
    safe = re.sub(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._:/?=&+,;@!*()'#%]",
                  lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), href)
    return safe.replace("%", "\\%").replace("#", "\\#").replace("&", "\\&")


def to_latex(markdown: str, path: Path, first_line: int, project: Path | None = None,
             figure_prefix: str = "figures/", empty_blanks: bool = False) -> Converted:
    """A checked Markdown fragment that starts at `first_line` of `path`, in LaTeX; the
    problems are the characters that cannot be typeset. With `empty_blanks`, blanks are
    lines to fill in (the question sheet's), else filled with their answers (the key's)."""
    renderer = _Renderer(path, first_line, project, figure_prefix)
    renderer.empty_blanks = empty_blanks
    latex = break_lines(renderer.blocks(parse_blocks(markdown).root.children).strip())
    return Converted(latex, renderer.figures, renderer.problems)


def title_to_latex(text: str, path: Path, line: int) -> Converted:
    """A checked title (one line of inline Markdown) in LaTeX, on one line."""
    renderer = _Renderer(path, line, None, "")
    renderer.plain = True
    latex = "".join(renderer.inline(node) for node in parse_inline(text).root.children).strip()  # one line
    return Converted(direction.title(" ".join(text.split()), latex), [], renderer.problems)


def convert(markdown: str, path: Path, first_line: int, figure_dir: Path | None = None,
            figure_prefix: str = "figures/") -> Converted:
    """Check a Markdown fragment as content, then convert it: every problem, either
    kind. (The build checks at load and converts later; this is the two in one step.)"""
    from guidegen.content.check import Checker

    project = figure_dir.parent if figure_dir is not None else None
    checker = Checker(path, first_line, project)
    checker.walk(markdown)
    if checker.problems:
        return Converted("", checker.figures, checker.problems)
    return to_latex(markdown, path, first_line, project, figure_prefix)


def convert_inline(text: str, path: Path, line: int) -> Converted:
    """Check a title, then convert it."""
    problems = check_title(text, path, line)
    if problems:
        return Converted("", [], problems)
    return title_to_latex(text, path, line)
