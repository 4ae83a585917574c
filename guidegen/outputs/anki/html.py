"""Markdown (with $math$) to HTML for flash cards, through the same parser as the PDF.

Text is escaped, math is checked against the same allow-list and handed to MathJax as
\\(...\\) and \\[...\\], raw HTML keeps only the formatting tags the PDF prints, and images
name figure scripts or image files of the project, which become media files. Problems
are collected as `path:line` like guidegen.outputs.latex.convert does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Callable

from guidegen.errors import Problem, problem
from guidegen.content import rawhtml
from guidegen.content.parse import markdown_parser
from guidegen.outputs.latex.convert import IMAGE_SUFFIXES, _limit_inline_nesting, figure_name
from guidegen.content.mathcheck import MathError, display_to_latex, math_to_latex
from guidegen.model import FigureRef

# A figure script (relative to figures/) or project image (relative to the project) ->
# the media file name the card's <img> names.
MediaName = Callable[[str], str]
# Image files a card can show; a PDF image prints in the guide but not on a card.
CARD_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
# MathJax spellings of the few allowed commands it does not know.
_MATHJAX = [(re.compile(r"\\bm(?![A-Za-z])"), r"\\boldsymbol"), (re.compile(r"\\degree(?![A-Za-z])"), r"{}^{\\circ}")]
_SAFE_URL = ("https://", "http://", "mailto:")


def default_media_name(source: str) -> str:
    """One flat file name per figure or image: figures are drawn to SVG."""
    path = PurePosixPath(source)
    suffix = ".svg" if path.suffix == ".py" else path.suffix.lower()
    return "--".join(path.parent.parts + (path.stem,)) + suffix


@dataclass
class HtmlFragment:
    """HTML for one Markdown fragment, the figures and images it shows and what went wrong."""

    html: str
    figures: list[FigureRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _escape(text: str, quote: bool = True) -> str:
    """HTML-escaped text in which Anki finds no [latex], [$] or [$$] tag to typeset."""
    return html.escape(text, quote=quote).replace("[", "&#91;")


def _text(text: str) -> str:
    """Escaped text that MathJax cannot take for math either: a backslash is kept out of
    its sight, so only checked math reaches it."""
    return _escape(text, quote=False).replace("\\", '<span class="tex2jax_ignore mathjax_ignore">\\</span>')


def _mathjax(source: str) -> str:
    for pattern, replacement in _MATHJAX:
        source = pattern.sub(replacement, source)
    return _escape(source, quote=False)


class _Renderer:
    def __init__(self, path: Path, first_line: int, project: Path | None, media: MediaName):
        self.path = path
        self.first_line = first_line
        self.line = first_line
        self.project = project
        self.media = media
        self.figures: list[FigureRef] = []
        self.problems: list[Problem] = []
        self.html: _HtmlStream | None = None  # raw HTML of the inline sequence being rendered
        self.title = False  # rendering a title: no figures

    def report(self, message: str, line: int | None = None) -> None:
        self.problems.append(problem(self.path, line or self.line, message))

    # -- blocks ------------------------------------------------------------------------------
    def blocks(self, nodes) -> str:
        return "".join(self.block(node) for node in nodes)

    def block(self, node) -> str:
        if node.map:
            self.line = self.first_line + node.map[0]
        return getattr(self, f"visit_{node.type}", self.visit_unknown)(node)

    def visit_unknown(self, node) -> str:
        self.report(f"unsupported Markdown element '{node.type}'")
        return ""

    def visit_paragraph(self, node) -> str:
        inner = self.inline_children(node)
        if node.hidden:  # a tight list's item
            return inner
        # A figure is a block: a paragraph holding one is a <div>, not a <p>.
        tag = "div" if any(c.type == "image" for c in node.children[0].children or ()) else "p"
        return f"<{tag}>{inner}</{tag}>\n"

    def visit_heading(self, node) -> str:
        return f"<h4>{self.inline_children(node)}</h4>\n"

    def visit_bullet_list(self, node) -> str:
        return "<ul>\n" + self.items(node) + "</ul>\n"

    def visit_ordered_list(self, node) -> str:
        start = int(node.attrs.get("start", 1))
        return (f'<ol start="{start}">\n' if start != 1 else "<ol>\n") + self.items(node) + "</ol>\n"

    def items(self, node) -> str:
        out = []
        for item in node.children:
            if item.map:
                self.line = self.first_line + item.map[0]
            out.append("<li>" + self.blocks(item.children).strip() + "</li>\n")
        return "".join(out)

    def visit_blockquote(self, node) -> str:
        return "<blockquote>\n" + self.blocks(node.children) + "</blockquote>\n"

    def visit_fence(self, node) -> str:
        return "<pre><code>" + _escape(node.content.rstrip("\n"), quote=False) + "</code></pre>\n"

    visit_code_block = visit_fence

    def visit_hr(self, node) -> str:
        return "<hr>\n"

    def visit_table(self, node) -> str:
        out = ["<table>\n"]
        for section in node.children:  # thead, tbody
            out.append(f"<{section.type}>\n")
            cell_tag = "th" if section.type == "thead" else "td"
            for row in section.children:
                cells = []
                for cell in row.children:
                    align = re.fullmatch(r"text-align:(left|center|right)", cell.attrs.get("style", ""))
                    style = f' style="text-align:{align.group(1)}"' if align else ""
                    cells.append(f"<{cell_tag}{style}>{self.inline_children(cell)}</{cell_tag}>")
                out.append("<tr>" + "".join(cells) + "</tr>\n")
            out.append(f"</{section.type}>\n")
        return "".join(out) + "</table>\n"

    def visit_math_block(self, node) -> str:
        return self.display_math(node.content) + "\n"

    visit_math_block_label = visit_math_block

    def visit_html_block(self, node) -> str:
        stream = _HtmlStream(self, block=True)
        stream.feed(node.content)
        return stream.finish() + "\n"

    def display_math(self, source: str) -> str:
        try:
            display_to_latex(source)  # the PDF's check, environments and all
        except MathError as exc:
            self.report(f"math ${_short(source)}$: {exc}")
            return ""
        return "\\[" + _mathjax(source.strip()) + "\\]"

    def math(self, source: str) -> str:
        try:
            math_to_latex(source)
        except MathError as exc:
            self.report(f"math ${_short(source)}$: {exc}")
            return ""
        return "\\(" + _mathjax(source.strip()) + "\\)"

    # -- inline ------------------------------------------------------------------------------
    def inline_children(self, node) -> str:
        return self.inline_nodes(node.children).strip()

    def inline_nodes(self, nodes) -> str:
        out: list[str] = []
        outer, self.html = self.html, None  # raw HTML tags pair up within one sequence
        for node in nodes:
            out.append(self.inline(node))
        if self.html is not None:
            out.append(self.html.finish())
        self.html = outer
        return "".join(out)

    def inline(self, node) -> str:
        return getattr(self, f"visit_{node.type}", self.visit_unknown)(node)

    def visit_inline(self, node) -> str:
        return self.inline_nodes(node.children)

    def visit_text(self, node) -> str:
        if node.type == "text" and "$$" in node.content:
            self.report("display math '$$' is not closed: end it with another '$$', or write \\$\\$")
        return _text(node.content)

    visit_text_special = visit_text

    def visit_softbreak(self, node) -> str:
        self.line += 1
        return "\n"

    def visit_hardbreak(self, node) -> str:
        self.line += 1
        return "<br>\n"

    def visit_em(self, node) -> str:
        return "<em>" + self.inline_children(node) + "</em>"

    def visit_strong(self, node) -> str:
        return "<strong>" + self.inline_children(node) + "</strong>"

    def visit_code_inline(self, node) -> str:
        return "<code>" + _escape(node.content, quote=False) + "</code>"

    def visit_math_inline(self, node) -> str:
        return self.math(node.content)

    def visit_math_inline_double(self, node) -> str:
        return self.display_math(node.content)

    def visit_link(self, node) -> str:
        href = str(node.attrs.get("href", ""))
        label = self.inline_children(node)
        if not href.startswith(_SAFE_URL):
            return label  # a relative link leads nowhere from a card, as on paper
        return f'<a href="{_escape(href)}">{label}</a>'

    def visit_image(self, node) -> str:
        return self.figure(str(node.attrs.get("src", "")), self.inline_children(node), _plain(node))

    def visit_html_inline(self, node) -> str:
        if self.html is None:
            self.html = _HtmlStream(self, block=False)
        self.html.feed(node.content)
        return self.html.take()

    def figure(self, target: str, caption: str, alt: str) -> str:
        """A figure script's drawing or an image file of the project, with its caption."""
        if self.title:
            self.report("a figure must stand in a paragraph of its own, not in a title")
            return ""
        source = self.source(target)
        if source is None:
            return ""
        self.figures.append(FigureRef(source, alt, self.line))
        img = f'<img src="{_escape(self.media(source))}" alt="{_escape(alt)}">'
        return f'<div class="figure">{img}' + (f'<div class="caption">{caption}</div>' if caption else "") + "</div>"

    def source(self, target: str) -> str | None:
        """The figure script (relative to figures/) or project image (relative to the
        project) an image names, as the PDF resolves it; None (reported) if none."""
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
            self.report(f"image '{_short(target)}' is not a file of the project; images are never fetched: "
                        "save it beside the question or in figures/ and name that file")
            return None
        suffix = PurePosixPath(target).suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            if suffix not in CARD_IMAGE_SUFFIXES:
                self.report(f"image '{_short(target)}': a card cannot show a {suffix[1:].upper()} image; "
                            "save it as PNG or JPG, or draw it with a figure script")
                return None
            return self.image_file(target)
        name = figure_name(target)
        if name is None or (self.project is not None and not (self.project / "figures" / name).is_file()):
            self.report(f"image '{_short(target)}' must name a figure script in figures/ (e.g. ![Caption](my-figure.py)) "
                        "or a PNG or JPG file of the project")
            return None
        return name

    def image_file(self, target: str) -> str | None:
        from guidegen.paths import inside

        clean = target.removeprefix("./")
        if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*", clean) or ".." in clean.split("/"):
            self.report(f"image '{_short(target)}': name a file inside the project with letters, digits, '-', '_' and '.'")
            return None
        if self.project is None:
            return clean
        for candidate in (self.path.parent / clean, self.project / "figures" / clean.removeprefix("figures/")):
            if candidate.is_file() and inside(self.project, candidate):
                return candidate.resolve().relative_to(self.project.resolve()).as_posix()
        self.report(f"image '{_short(target)}' does not exist beside the question or in figures/ (or lies outside the project)")
        return None


class _HtmlStream(HTMLParser):
    """Raw HTML, fed a tag at a time, kept only as the tags the PDF prints (rawhtml's
    lists), without their attributes; what the PDF refuses is refused here too."""

    def __init__(self, renderer: _Renderer, block: bool):
        super().__init__(convert_charrefs=True)
        self.renderer = renderer
        self.block = block
        self.out: list[str] = []
        self.open: list[tuple[str, str]] = []  # (tag, its closing HTML)
        self.skip = 0  # inside a refused element: its content is dropped too

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag in rawhtml.REFUSED:
            self.renderer.report(f"HTML <{tag}> is not supported: {rawhtml.REFUSED[tag]}; remove it")
            self.skip += tag not in ("input", "embed")
        elif self.skip:
            return
        elif tag == "img":
            alt = attrs.get("alt", "")
            self.out.append(self.renderer.figure(attrs.get("src", ""), _text(alt), alt))
        elif tag in rawhtml.BREAKS:
            self.out.append(f"<{tag}>")
        elif tag in rawhtml.FORMATTING:
            self.out.append(f"<{tag}>")
            self.open.append((tag, f"</{tag}>"))
        elif tag == "a" and attrs.get("href", "").startswith(_SAFE_URL):
            self.out.append(f'<a href="{_escape(attrs["href"])}">')
            self.open.append((tag, "</a>"))
        elif tag in ("details",) or (self.block and tag in rawhtml.BLOCK_WRAPPERS):
            name = "details" if tag == "details" else "div"
            self.out.append(f"<{name}>")
            self.open.append((tag, f"</{name}>"))
        elif tag in rawhtml.WRAPPERS or tag in rawhtml.BLOCK_WRAPPERS:
            self.open.append((tag, ""))
        else:
            self.renderer.report(f"HTML <{tag}> is not supported; write Markdown instead")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in rawhtml.BREAKS and tag != "img" and tag not in rawhtml.REFUSED:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in rawhtml.REFUSED:
            self.skip = max(self.skip - 1, 0)
            return
        if not any(name == tag for name, _ in self.open):
            return  # a stray end tag closes nothing
        while self.open:
            name, closing = self.open.pop()
            self.out.append(closing)
            if name == tag:
                break

    def handle_data(self, data):
        if not self.skip:
            self.out.append(_text(data))

    def take(self) -> str:
        out, self.out = "".join(self.out), []
        return out

    def finish(self) -> str:
        self.close()
        while self.open:
            self.out.append(self.open.pop()[1])
        return self.take()


def _plain(node) -> str:
    """The text of a node's inline children (an image's alt text)."""
    return "".join(c.content if not c.children else _plain(c) for c in node.children)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_html(markdown: str, path: Path, first_line: int, project: Path | None = None,
            media: MediaName = default_media_name) -> HtmlFragment:
    """Render a Markdown fragment that starts at `first_line` of `path` as HTML."""
    from markdown_it.tree import SyntaxTreeNode

    renderer = _Renderer(path, first_line, project, media)
    tokens = markdown_parser().parse(markdown)
    _limit_inline_nesting(tokens, renderer, first_line)
    body = renderer.blocks(SyntaxTreeNode(tokens).children).strip()
    return HtmlFragment(body, renderer.figures, renderer.problems)


def inline_to_html(text: str, path: Path, line: int) -> HtmlFragment:
    """Render one line of inline Markdown (a title) as HTML: emphasis, code and $math$."""
    from markdown_it.tree import SyntaxTreeNode

    renderer = _Renderer(path, line, None, default_media_name)
    renderer.title = True
    tokens = markdown_parser().parseInline(" ".join(text.split()))
    _limit_inline_nesting(tokens, renderer, line)
    body = "".join(renderer.inline(node) for node in SyntaxTreeNode(tokens).children).strip()
    return HtmlFragment(body, [], renderer.problems)
