"""Markdown (with $math$) to LaTeX, through markdown-it-py's syntax tree.

Text is escaped, math is checked (mathcheck), raw HTML is refused, and images name
figure scripts. Problems are collected with file lines rather than raised, so `check`
can report every one of them at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from guidegen.content.parse import markdown_parser
from guidegen.errors import Problem, problem
from guidegen.content import rawhtml
from guidegen.outputs.latex import direction, highlight
from guidegen.content.mathcheck import MathError, display_to_latex, math_to_latex
from guidegen.model import FigureRef
from guidegen.outputs.latex.texescape import UnsupportedCharacter, break_lines, escape_code, escape_text, escape_words, plain_text

# LaTeX nests list-like environments (lists and quotes) six deep, and the answer key
# wraps each answer in one; four levels of content keep clear of the limit.
MAX_NESTING = 4
# Emphasis, bold, links and images inside one another: real text needs three or four
# levels; hundreds would overflow Python's stack (and TeX's grouping levels).
MAX_INLINE_NESTING = 10
# Columns of a table: more do not fit across a page (and hundreds exhaust TeX's memory).
MAX_TABLE_COLUMNS = 20
TABLE_ROWS = 20  # body rows per piece of a long table: a piece of one-line rows fits on an A5 page
# Characters of a link's address: more is no address a reader could type (and a long
# unbreakable address runs off the page).
MAX_URL = 2_000
# Items of one list environment: LaTeX's time grows faster than the number of items
# (40,000 items: 11 s in one list, 3.4 s as lists of 500).
LIST_CHUNK = 500
# Characters of one paragraph, code block, table or title: TeX holds a paragraph in memory
# until it is broken into lines, and its line breaking slows down more than linearly (a
# paragraph of 200,000 characters of narrow words takes 30 s, of 600,000 exhausts TeX's memory).
MAX_PARAGRAPH = 100_000
# Characters of a title. Its LaTeX stays on the one line that starts the question (guidegen
# finds questions in the .tex by it), and TeX reads at most 200,000 bytes of a line: at
# most 27 bytes of LaTeX per character (e.g. \ensuremath{\Leftrightarrow}) keep well inside.
MAX_TITLE = 2_000


# A period after these abbreviations does not end a sentence: TeX would follow it with a
# sentence's wider space ("vs.  stability"); \@ after it asks for a word space.
_ABBREVIATION = re.compile(r"(?<![A-Za-z])(?:vs|e\.g|i\.e|cf|resp|approx|incl|w\.r\.t|et al)\.(?=\s|$)")


@dataclass
class Converted:
    """LaTeX for one Markdown fragment, the figures it includes and what went wrong."""

    latex: str
    figures: list[FigureRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Renderer:
    def __init__(self, path: Path, first_line: int, figure_dir: Path | None, figure_prefix: str):
        self.path = path
        self.first_line = first_line
        self.figure_dir = figure_dir
        self.figure_prefix = figure_prefix
        self.figures: list[FigureRef] = []
        self.problems: list[Problem] = []
        self.nesting = 0  # lists and block quotes around the current block
        self.plain = False  # inside a title, caption, heading, table cell or emphasis: no blocks
        self.line = first_line
        self.html: rawhtml.Stream | None = None  # raw HTML of the inline sequence being converted

    def report(self, message: str, line: int | None = None) -> None:
        self.problems.append(problem(self.path, line or self.line, message))

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

    def block(self, node) -> str:
        """A block node in LaTeX: dispatched to visit_<node type>, one method per construct."""
        if node.map:
            self.line = self.first_line + node.map[0]
        if node.type in ("paragraph", "heading", "fence", "code_block", "table") and not self.fits(node):
            return ""
        return getattr(self, f"visit_{node.type}", self.visit_unknown)(node)

    def visit_unknown(self, node) -> str:
        self.report(f"unsupported Markdown element '{node.type}'")
        return ""

    def visit_paragraph(self, node) -> str:
        source = node.children[0].content if node.children else ""
        return direction.paragraph(source, self.inline_children(node)) + "\n\n"

    def visit_heading(self, node) -> str:
        return f"\\ggheading{{{node.tag[1:]}}}{{" + self.plain_inline(node) + "}\n\n"

    def visit_bullet_list(self, node) -> str:
        return self.nested(node, self.list)

    visit_ordered_list = visit_bullet_list

    def visit_blockquote(self, node) -> str:
        return self.nested(node, lambda n: "\\begin{quote}\n" + self.blocks(n.children) + "\\end{quote}\n\n")

    def visit_fence(self, node) -> str:
        return self.code_block(node.content, highlight.language_of(node.info or ""))

    def visit_code_block(self, node) -> str:
        return self.code_block(node.content, "")

    def visit_hr(self, node) -> str:
        return "\\ggrule\n\n"

    def visit_table(self, node) -> str:
        return self.table(node)

    def visit_math_block(self, node) -> str:
        return self.display_math(node.content) + "\n"

    visit_math_block_label = visit_math_block

    def visit_html_block(self, node) -> str:
        stream = rawhtml.Stream(block=True, links=not self.plain)
        return self.html_pieces(*stream.take(node.content)) + self.html_pieces(*stream.finish()) + "\n\n"

    def html_pieces(self, pieces, problems) -> str:
        """LaTeX for what raw HTML held (guidegen.content.rawhtml)."""
        for message in problems:
            self.report(message)
        out = []
        for piece in pieces:
            if piece.kind == "latex":
                out.append(" " if self.plain and piece.value.startswith(("\\hfil", "\\par", "\\ggrule")) else piece.value)
            elif piece.kind == "text":
                out.append(self.text(piece.value))
            elif piece.kind == "link":
                out.append("\\href{" + _url(piece.value) + "}{")
            elif piece.kind == "link-end":  # the address printed, as for a Markdown link
                out.append("}\\ggfootnote{\\nolinkurl{" + _url(piece.value) + "}}")
            else:
                out.append(self.html_image(piece.attrs))
        return "".join(out)

    def html_image(self, attrs: dict) -> str:
        """<img src alt>: the same as ![alt](src)."""
        alt = attrs.get("alt", "")
        return self.figure(attrs.get("src", ""), self.text(alt) if alt else "")

    def fits(self, node) -> bool:
        """Whether a paragraph, heading, code block or table is short enough for TeX."""
        if node.type == "table":
            size = sum(len(cell.children[0].content) for part in node.children for row in part.children
                       for cell in row.children if cell.children)
        else:
            size = len(node.content) if node.type in ("fence", "code_block") else sum(len(c.content) for c in node.children)
        if size <= MAX_PARAGRAPH:
            return True
        what, fix = {"paragraph": ("paragraph", "split it with blank lines"), "heading": ("heading", "shorten it"),
                     "table": ("table", "split it into several")}.get(node.type, ("code block", "split it into several"))
        self.report(f"this {what} is {size:,} characters long; at most {MAX_PARAGRAPH:,} are allowed: {fix}")
        return False

    def nested(self, node, render) -> str:
        self.nesting += 1
        try:
            if self.nesting > MAX_NESTING:
                self.report(f"lists and quotes are nested more than {MAX_NESTING} deep; flatten them")
                return ""
            return render(node)
        finally:
            self.nesting -= 1

    def list(self, node) -> str:
        ordered = node.type == "ordered_list"
        env = "enumerate" if ordered else "itemize"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        start = start if 0 <= start < 10**6 else 1
        out = []
        for index, item in enumerate(node.children):
            if index % LIST_CHUNK == 0:  # a long list is set as several, one after the other
                if index:
                    out.append(f"\\end{{{env}}}\n")
                number = start + index
                out.append(f"\\begin{{{env}}}" + (f"[start={number}]" if ordered and number != 1 else "") + "\n")
            if item.map:
                self.line = self.first_line + item.map[0]
            body = self.blocks(item.children).strip()
            out.append("\\item " + body + "\n")
        return "".join(out) + f"\\end{{{env}}}\n\n"

    def code_block(self, content: str, language: str) -> str:
        # Escaped piece by piece, never verbatim: a code block must not be able to end itself.
        try:
            return highlight.code_block(content.rstrip("\n"), language)
        except UnsupportedCharacter:
            self.text(content, code=True)  # reports every character that cannot print
            return ""

    def table(self, node) -> str:
        rows: list[tuple[bool, list[str]]] = []
        aligns: list[str] = []
        lengths: list[int] = []
        columns = max((len(row.children) for section in node.children for row in section.children), default=0)
        if columns > MAX_TABLE_COLUMNS:
            self.report(f"the table has {columns} columns; at most {MAX_TABLE_COLUMNS} fit across a page: "
                        "split it into narrower tables or make it a list")
            return ""
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
                out.append(self.table_row(cells, len(aligns)) + "\\midrule\n")
            out += [self.table_row(cells, len(aligns)) for cells in piece]
            out.append("\\bottomrule\n\\end{" + env.split("}")[0] + "}\n\\end{center}\n\n")
        return "".join(out)

    @staticmethod
    def table_row(cells: list[str], columns: int) -> str:
        cells = cells + [""] * (columns - len(cells))
        return " & ".join(cells[:columns]) + " \\\\\n"

    def display_math(self, source: str) -> str:
        try:
            return display_to_latex(source)
        except MathError as exc:
            self.report(f"math ${_short(source)}$: {exc}")
            return ""

    def math(self, source: str) -> str:
        try:
            return math_to_latex(source)
        except MathError as exc:
            self.report(f"math ${_short(source)}$: {exc}")
            return ""

    # -- inline ------------------------------------------------------------------------------
    def plain_inline(self, node) -> str:
        """Inline content that LaTeX takes as a macro argument or in a box: no figures,
        no footnotes, no display math (which would end the box or break the argument)."""
        saved, self.plain = self.plain, True
        try:
            return self.inline_children(node)
        finally:
            self.plain = saved

    def inline_children(self, node) -> str:
        return self.inline_nodes(node.children).strip()

    def inline_nodes(self, nodes) -> str:
        """Inline nodes in LaTeX. Neighbouring pieces of text (which the parser splits at
        every backslash escape) are escaped as one, so that a long word is seen whole."""
        out: list[str] = []
        text: list[str] = []
        outer, self.html = self.html, None  # raw HTML tags pair up within one sequence
        for node in nodes:
            if node.type in ("text", "text_special"):
                if node.type == "text" and "$$" in node.content:  # a lone $ is money; $$ opens display math
                    self.report("display math '$$' is not closed: end it with another '$$', or write \\$\\$")
                text.append(node.content)
                continue
            if text:
                out.append(self.text("".join(text)))
                text = []
            out.append(self.inline(node))
        if text:
            out.append(self.text("".join(text)))
        if self.html is not None:
            out.append(self.html_pieces(*self.html.finish()))
        self.html = outer
        return "".join(out)

    def inline(self, node) -> str:
        """An inline node in LaTeX: dispatched to visit_<node type> like blocks."""
        return getattr(self, f"visit_{node.type}", self.visit_unknown)(node)

    def visit_inline(self, node) -> str:
        return self.inline_nodes(node.children)

    def visit_text(self, node) -> str:
        return self.inline_nodes([node])

    visit_text_special = visit_text

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
        return "\\(" + self.math(node.content) + "\\)"

    def visit_math_inline_double(self, node) -> str:
        if self.plain:
            return "\\(\\displaystyle " + self.math(node.content) + "\\)"
        return self.display_math(node.content)

    def visit_link(self, node) -> str:
        return self.link(node)

    def visit_image(self, node) -> str:
        return self.image(node)

    def visit_html_inline(self, node) -> str:
        if self.html is None:  # outside inline_nodes (cannot happen with markdown-it's tree)
            self.html = rawhtml.Stream(block=False, links=not self.plain)
        return self.html_pieces(*self.html.take(node.content))

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

    def link(self, node) -> str:
        href = str(node.attrs.get("href", ""))
        label = self.plain_inline(node)
        if not re.match(r"^(https?://|mailto:)", href) or self.plain:
            return label  # relative links mean nothing on paper; footnotes cannot go in arguments
        if len(href) > MAX_URL:
            self.report(f"link address '{_short(href)}' is {len(href):,} characters long; at most {MAX_URL:,} are "
                        "allowed: link to a shorter address")
            return label
        safe = _url(href)
        shown = "\\nolinkurl{" + safe + "}"
        if node.children and len(node.children) == 1 and node.children[0].content == href:
            return "\\href{" + safe + "}{" + shown + "}"
        return "\\href{" + safe + "}{" + label + "}\\ggfootnote{" + shown + "}"

    def image(self, node) -> str:
        target = str(node.attrs.get("src", ""))
        if self.plain:
            self.report("a figure must stand in a paragraph of its own, not in a title, heading, table, link or emphasis")
            return ""
        return self.figure(target, self.plain_inline(node))

    def local_image(self, target: str) -> str | None:
        """The project-relative path of an image file named beside the question or in
        figures/; None (reported) when it is not a safe, ordinary file inside the project."""
        from guidegen.paths import inside

        clean = target.removeprefix("./")
        if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*", clean) or ".." in clean.split("/"):
            self.report(f"image '{_short(target)}': name a file inside the project with letters, digits, '-', '_' and '.' "
                        "(no spaces, no '..'), relative to the question's folder or to figures/")
            return None
        if self.figure_dir is None:  # checked without a project (a title, a unit test)
            return clean
        project = self.figure_dir.parent
        for candidate in (self.path.parent / clean, self.figure_dir / clean.removeprefix("figures/")):
            if candidate.is_file() and inside(project, candidate):
                if candidate.stat().st_size > MAX_IMAGE_BYTES:
                    self.report(f"image '{_short(target)}' is over {MAX_IMAGE_BYTES // 1_000_000} MB; make it smaller")
                    return None
                return candidate.resolve().relative_to(project.resolve()).as_posix()
        self.report(f"image '{_short(target)}' does not exist beside the question or in figures/ (or lies outside the project)")
        return None

    def figure(self, target: str, caption: str) -> str:
        if self.plain:
            self.report("a figure must stand in a paragraph of its own, not in a title, heading, table, link or emphasis")
            return ""
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
            self.report(f"image '{_short(target)}' is not a file of the project; images are never fetched during a "
                        "build: save it beside the question or in figures/ and name that file")
            return ""
        if PurePosixPath(target).suffix.lower() in IMAGE_SUFFIXES:
            source = self.local_image(target)
            if source is None:
                return ""
            self.figures.append(FigureRef(source, caption, self.line))
            return "\\ggimage{" + image_tex_path(source) + "}{" + caption + "}"
        name = figure_name(target)
        if name is None:
            self.report(f"image '{_short(target)}' must name a figure script in figures/ (e.g. ![Caption](my-figure.py)) "
                        "or a PNG, JPG, PDF or SVG file of the project")
            return ""
        if self.figure_dir is not None and not (self.figure_dir / name).is_file():
            self.report(f"figure script 'figures/{name}' does not exist")
            return ""
        self.figures.append(FigureRef(name, caption, self.line))
        pdf = self.figure_prefix + PurePosixPath(name).with_suffix(".pdf").as_posix()
        return "\\ggfigure{" + pdf + "}{" + caption + "}"


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".pdf", ".svg")
MAX_IMAGE_BYTES = 20_000_000


def image_tex_path(source: str) -> str:
    """Where the build puts a project image (`source`, relative to the project), as LaTeX
    names it: one flat folder, and one dot (graphicx reads the extension after the first)."""
    path = PurePosixPath(source)
    suffix = ".pdf" if path.suffix.lower() == ".svg" else path.suffix.lower()  # an SVG is converted to PDF
    return "images/" + "--".join(path.parent.parts + (path.stem.replace(".", "-"),)) + suffix


def figure_name(target: str) -> str | None:
    """The script path relative to figures/, or None when the target is not a safe script name."""
    target = target.removeprefix("./").removeprefix("figures/")
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.py", target):
        return None
    return target


def _url(href: str) -> str:
    """Percent-encode what is not a plain URL character (keeping existing %XX escapes and
    the #fragment), then escape % # & for hyperref."""
    safe = re.sub(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._:/?=&+,;@!*()'#%]",
                  lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), href)
    return safe.replace("%", "\\%").replace("#", "\\#").replace("&", "\\&")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _limit_inline_nesting(tokens, renderer: _Renderer, first_line: int) -> None:
    """Report inline content (of a paragraph, heading, cell or title) whose emphasis,
    links and images nest more than MAX_INLINE_NESTING deep, and flatten it to its
    text, so that neither the syntax tree nor the renderer recurses that deep."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = first_line + (token.map[0] if token.map else 0)
        stack = [(token, 0)]  # token whose children to scan, depth of those children
        while stack:
            parent, depth = stack.pop()
            for child in parent.children:
                if parent is token and child.type in ("softbreak", "hardbreak"):
                    line += 1
                depth += child.nesting
                if depth > MAX_INLINE_NESTING or (child.children and depth + 1 > MAX_INLINE_NESTING):
                    renderer.report(f"emphasis, bold, links and images are nested more than {MAX_INLINE_NESTING} deep; "
                                    "remove some of the * and _ markers or brackets", line)
                    token.children = _flat_text(token)
                    stack.clear()
                    break
                if child.children:
                    stack.append((child, depth + 1))


def _flat_text(token) -> list:
    """The text tokens of `token`'s children, at any depth, without the markup."""
    out, stack = [], [iter(token.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.children:
            stack.append(iter(child.children))
        elif child.nesting == 0 and child.type not in ("image", "html_inline"):
            out.append(child)
    return out


def convert(markdown: str, path: Path, first_line: int, figure_dir: Path | None = None, figure_prefix: str = "figures/") -> Converted:
    """Convert a Markdown fragment that starts at `first_line` of `path`."""
    from markdown_it.tree import SyntaxTreeNode

    renderer = _Renderer(path, first_line, figure_dir, figure_prefix)
    tokens = markdown_parser().parse(markdown)
    _limit_inline_nesting(tokens, renderer, first_line)
    tree = SyntaxTreeNode(tokens)
    latex = break_lines(renderer.blocks(tree.children).strip())
    return Converted(latex, renderer.figures, renderer.problems)


def convert_inline(text: str, path: Path, line: int) -> Converted:
    """Convert one line of inline Markdown (a title): emphasis, code and $math$, no blocks."""
    from markdown_it.tree import SyntaxTreeNode

    renderer = _Renderer(path, line, None, "")
    renderer.plain = True
    text = " ".join(text.split())
    if len(text) > MAX_TITLE:
        renderer.report(f"the title is {len(text):,} characters long; at most {MAX_TITLE:,} are allowed: shorten it")
        return Converted("", [], renderer.problems)
    tokens = markdown_parser().parseInline(text)
    _limit_inline_nesting(tokens, renderer, line)
    latex = "".join(renderer.inline(node) for node in SyntaxTreeNode(tokens).children).strip()  # one line
    latex = direction.title(text, latex)
    return Converted(latex, [], renderer.problems)
