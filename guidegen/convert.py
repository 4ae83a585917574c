"""Markdown (with $math$) to LaTeX, through markdown-it-py's syntax tree.

Text is escaped, math is checked (mathcheck), raw HTML is refused, and images name
figure scripts. Problems are collected with file lines rather than raised, so `check`
can report every one of them at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from guidegen.errors import Problem, problem
from guidegen.mathcheck import MathError, math_to_latex
from guidegen.model import FigureRef
from guidegen.texescape import UnsupportedCharacter, escape_text, plain_text

# LaTeX nests list-like environments (lists and quotes) six deep, and the answer key
# wraps each answer in one; four levels of content keep clear of the limit.
MAX_NESTING = 4


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
    # Keep escaped characters as separate tokens: "\$" is a literal dollar, a bare "$" is an error.
    md.disable("text_join")
    return md


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

    def report(self, message: str, line: int | None = None) -> None:
        self.problems.append(problem(self.path, line or self.line, message))

    # -- blocks ------------------------------------------------------------------------------
    def blocks(self, nodes) -> str:
        return "".join(self.block(node) for node in nodes)

    def block(self, node) -> str:
        if node.map:
            self.line = self.first_line + node.map[0]
        kind = node.type
        if kind == "paragraph":
            return self.inline_children(node) + "\n\n"
        if kind == "heading":
            return "\\ggheading{" + self.plain_inline(node) + "}\n\n"
        if kind in ("bullet_list", "ordered_list"):
            return self.nested(node, self.list)
        if kind == "blockquote":
            return self.nested(node, lambda n: "\\begin{quote}\n" + self.blocks(n.children) + "\\end{quote}\n\n")
        if kind in ("fence", "code_block"):
            return self.code_block(node.content)
        if kind == "hr":
            return "\\ggrule\n\n"
        if kind == "table":
            return self.table(node)
        if kind in ("math_block", "math_block_label"):
            return self.display_math(node.content) + "\n"
        if kind == "html_block":
            self.report("raw HTML is not supported; write Markdown instead (e.g. **bold**, lists, tables)")
            return ""
        self.report(f"unsupported Markdown element '{kind}'")
        return ""

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
        option = f"[start={start}]" if ordered and start != 1 and 0 <= start < 10**6 else ""
        items = []
        for item in node.children:
            if item.map:
                self.line = self.first_line + item.map[0]
            body = self.blocks(item.children).strip()
            items.append("\\item " + body + "\n")
        return f"\\begin{{{env}}}{option}\n" + "".join(items) + f"\\end{{{env}}}\n\n"

    def code_block(self, content: str) -> str:
        # Escaped line by line, never verbatim: a code block must not be able to end itself.
        lines = content.rstrip("\n").split("\n")
        escaped = [self.text(line).replace(" ", "\\ ") or "\\strut" for line in lines]
        return "\\begin{ggcode}\n" + "\\\\\n".join(escaped) + "\n\\end{ggcode}\n\n"

    def table(self, node) -> str:
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
        if not aligns:
            return ""
        # Wide tables wrap their text in X columns; narrow ones keep natural widths.
        wide = sum(lengths) > 70
        spec = "".join(
            {"l": r">{\raggedright\arraybackslash}X", "c": r">{\centering\arraybackslash}X", "r": r">{\raggedleft\arraybackslash}X"}[a] if wide else a
            for a in aligns
        )
        env = "tabularx}{\\linewidth" if wide else "tabular"
        out = ["\\begin{center}\\small\n", f"\\begin{{{env}}}{{{spec}}}\n\\toprule\n"]
        for is_head, cells in rows:
            cells = cells + [""] * (len(aligns) - len(cells))
            out.append(" & ".join(cells[: len(aligns)]) + " \\\\\n")
            if is_head:
                out.append("\\midrule\n")
        out.append("\\bottomrule\n\\end{" + env.split("}")[0] + "}\n\\end{center}\n\n")
        return "".join(out)

    def display_math(self, source: str) -> str:
        return "\\[" + self.math(source) + "\\]"

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
        out = []
        for child in node.children:
            out.append(self.inline(child))
        return "".join(out).strip()

    def inline(self, node) -> str:
        kind = node.type
        if kind == "inline":
            return "".join(self.inline(child) for child in node.children)
        if kind == "text":
            if "$" in node.content:
                self.report("unmatched '$': close the formula with another '$', or write \\$ for a dollar sign")
            return self.text(node.content)
        if kind == "text_special":
            return self.text(node.content)
        if kind == "softbreak":
            self.line += 1
            return "\n"
        if kind == "hardbreak":
            self.line += 1
            return "\\hfil\\break\n"
        if kind == "em":
            return "\\emph{" + self.plain_inline(node) + "}"
        if kind == "strong":
            return "\\textbf{" + self.plain_inline(node) + "}"
        if kind == "code_inline":
            return "\\texttt{" + self.text(node.content) + "}"
        if kind == "math_inline":
            return "\\(" + self.math(node.content) + "\\)"
        if kind == "math_inline_double":
            if self.plain:
                return "\\(\\displaystyle " + self.math(node.content) + "\\)"
            return self.display_math(node.content)
        if kind == "link":
            return self.link(node)
        if kind == "image":
            return self.image(node)
        if kind == "html_inline":
            self.report(f"raw HTML '{_short(node.content)}' is not supported; write Markdown instead")
            return ""
        self.report(f"unsupported Markdown element '{kind}'")
        return ""

    def text(self, text: str) -> str:
        try:
            return escape_text(text)
        except UnsupportedCharacter as exc:
            self.report(str(exc))
            return plain_text(text)

    def link(self, node) -> str:
        href = str(node.attrs.get("href", ""))
        label = self.plain_inline(node)
        if not re.match(r"^(https?://|mailto:)", href) or self.plain:
            return label  # relative links mean nothing on paper; footnotes cannot go in arguments
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
        caption = self.plain_inline(node)
        name = figure_name(target)
        if name is None:
            self.report(f"image '{_short(target)}' must name a figure script in figures/, e.g. ![Caption](my-figure.py)")
            return ""
        if self.figure_dir is not None and not (self.figure_dir / name).is_file():
            self.report(f"figure script 'figures/{name}' does not exist")
            return ""
        self.figures.append(FigureRef(name, caption, self.line))
        pdf = self.figure_prefix + PurePosixPath(name).with_suffix(".pdf").as_posix()
        return "\\ggfigure{" + pdf + "}{" + caption + "}"


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


def convert(markdown: str, path: Path, first_line: int, figure_dir: Path | None = None, figure_prefix: str = "figures/") -> Converted:
    """Convert a Markdown fragment that starts at `first_line` of `path`."""
    from markdown_it.tree import SyntaxTreeNode

    renderer = _Renderer(path, first_line, figure_dir, figure_prefix)
    tree = SyntaxTreeNode(_parser().parse(markdown))
    latex = renderer.blocks(tree.children).strip()
    return Converted(latex, renderer.figures, renderer.problems)


def convert_inline(text: str, path: Path, line: int) -> Converted:
    """Convert one line of inline Markdown (a title): emphasis, code and $math$, no blocks."""
    from markdown_it.tree import SyntaxTreeNode

    renderer = _Renderer(path, line, None, "")
    renderer.plain = True
    tokens = _parser().parseInline(" ".join(text.split()))
    latex = "".join(renderer.inline(node) for node in SyntaxTreeNode(tokens).children).strip()
    renderer.figures.clear()
    return Converted(latex, [], renderer.problems)
