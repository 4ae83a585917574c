"""The content tree to HTML, for every output that shows HTML (Anki's cards; a web page).

Text is escaped, math is handed to MathJax (or KaTeX) as \\(...\\) and \\[...\\] (checked
against the same allow-list as the PDF when the content was checked), raw HTML keeps only
the tags that mean something (content.rawhtml), without their attributes, and images name
figure scripts or image files of the project, by the names `media` gives them. A writer
with quirks of its own (Anki's) subclasses HtmlRenderer and overrides the hooks: escape,
text, heading.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from guidegen.content import images, mathcheck
from guidegen.content.tree import parse_blocks, parse_inline
from guidegen.content.walk import Walker
from guidegen.errors import Problem
from guidegen.model import FigureRef

# A figure script (relative to figures/) or project image (relative to the project) ->
# the media file name the card's <img> names.
MediaName = Callable[[str], str]
# Image files a browser shows; a PDF image prints in the guide but not in HTML.
HTML_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
# MathJax spellings of the few allowed commands it does not know.
_MATHJAX = [(re.compile(r"\\bm(?![A-Za-z])"), r"\\boldsymbol"), (re.compile(r"\\degree(?![A-Za-z])"), r"{}^{\\circ}")]
_SAFE_URL = ("https://", "http://", "mailto:")
_BLOCK_TAGS = {"details": "details", "summary": "summary"}  # block wrappers a card keeps; the rest become <div>
# content.rawhtml's lists and tables -> their tags (lists and cells carry their own tag as value)
_STRUCTURE = {"list-open": "", "list-close": "", "item-open": "li", "item-close": "li", "table-open": "table",
              "table-close": "table", "row-open": "tr", "row-close": "tr", "cell-open": "", "cell-close": ""}


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


def _mathjax(source: str) -> str:
    for pattern, replacement in _MATHJAX:
        source = pattern.sub(replacement, source)
    return source


class HtmlRenderer(Walker):
    """A question's tree as plain HTML: one visit_<node> per construct the checker lets through."""

    image_types = HTML_IMAGE_SUFFIXES

    def __init__(self, path: Path, first_line: int, project: Path | None, media: MediaName = default_media_name):
        super().__init__(path, first_line)
        self.project = project
        self.media = media
        self.figures: list[FigureRef] = []

    # -- what a writer with quirks overrides ---------------------------------------------------
    def escape(self, text: str, quote: bool = True) -> str:
        return html.escape(text, quote=quote)

    def text(self, text: str) -> str:
        return self.escape(text, quote=False)

    def heading(self, level: int, inner: str) -> str:
        return f"<h{level}>{inner}</h{level}>\n"

    # -- blocks ------------------------------------------------------------------------------
    def visit_paragraph(self, node) -> str:
        inner = self.inline_children(node)
        if node.hidden:  # a tight list's item
            return inner
        # A figure is a block: a paragraph holding one is a <div>, not a <p>.
        tag = "div" if any(c.type == "image" for c in node.children[0].children or ()) else "p"
        return f"<{tag}>{inner}</{tag}>\n"

    def visit_heading(self, node) -> str:
        return self.heading(int(node.tag[1:]), self.plain_inline(node))

    def visit_bullet_list(self, node) -> str:
        return "<ul>\n" + self.list_items(node) + "</ul>\n"

    def visit_ordered_list(self, node) -> str:
        start = int(node.attrs.get("start", 1))
        return (f'<ol start="{start}">\n' if start != 1 else "<ol>\n") + self.list_items(node) + "</ol>\n"

    def list_items(self, node) -> str:
        return "".join("<li>" + body + "</li>\n" for body in self.items(node, lambda item: self.blocks(item.children).strip()))

    def visit_blockquote(self, node) -> str:
        return "<blockquote>\n" + self.blocks(node.children) + "</blockquote>\n"

    def visit_fence(self, node) -> str:
        return "<pre><code>" + self.escape(node.content.rstrip("\n"), quote=False) + "</code></pre>\n"

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
                    cells.append(f"<{cell_tag}{style}>{self.plain_inline(cell)}</{cell_tag}>")
                out.append("<tr>" + "".join(cells) + "</tr>\n")
            out.append(f"</{section.type}>\n")
        return "".join(out) + "</table>\n"

    def visit_math_block(self, node) -> str:
        return self.display_math(node.content) + "\n"

    visit_math_block_label = visit_math_block

    def visit_html_block(self, node) -> str:
        return super().visit_html_block(node) + "\n"

    def html_pieces(self, pieces, problems) -> str:
        """HTML for what raw HTML held (content.rawhtml): the tags that mean something,
        rebuilt without their attributes; its problems were the checker's."""
        out = []
        for piece in pieces:
            kind = piece.kind
            if kind == "text":
                out.append(self.text(piece.value))
            elif kind == "open":
                out.append(f"<{piece.value}>")
            elif kind == "close":
                out.append(f"</{piece.value}>")
            elif kind in ("block-open", "block-close"):
                tag = _BLOCK_TAGS.get(piece.value, "div")
                out.append(f"<{tag}>" if kind == "block-open" else f"</{tag}>")
            elif kind == "break":
                out.append(f"<{piece.value}>")
            elif kind in _STRUCTURE:  # lists and tables, as written (without attributes)
                tag = piece.value if kind in ("list-open", "list-close", "cell-open", "cell-close") else _STRUCTURE[kind]
                out.append(f"</{tag}>" if kind.endswith("-close") else f"<{tag}>")
            elif kind == "link":
                out.append(f'<a href="{self.escape(piece.value)}">')
            elif kind == "link-end":
                out.append("</a>")
            elif kind == "image":
                alt = piece.attrs.get("alt", "")
                out.append(self.figure(piece.attrs.get("src", ""), self.text(alt), alt, in_link=bool(piece.attrs.get("in link"))))
        return "".join(out)

    def display_math(self, source: str) -> str:
        try:
            mathcheck.check_display(source)
        except mathcheck.MathError:
            return ""  # the checker said why
        return "\\[" + self.escape(_mathjax(source.strip()), quote=False) + "\\]"

    def math(self, source: str) -> str:
        try:
            mathcheck.check_math(source)
        except mathcheck.MathError:
            return ""
        return "\\(" + self.escape(_mathjax(source.strip()), quote=False) + "\\)"

    # -- inline ------------------------------------------------------------------------------
    def visit_softbreak(self, node) -> str:
        self.line += 1
        return "\n"

    def visit_hardbreak(self, node) -> str:
        self.line += 1
        return "<br>\n"

    def visit_em(self, node) -> str:
        return "<em>" + self.plain_inline(node) + "</em>"

    def visit_strong(self, node) -> str:
        return "<strong>" + self.plain_inline(node) + "</strong>"

    def visit_code_inline(self, node) -> str:
        return "<code>" + self.escape(node.content, quote=False) + "</code>"

    def visit_math_inline(self, node) -> str:
        return self.math(node.content)

    def visit_math_inline_double(self, node) -> str:
        return self.display_math(node.content)

    def visit_link(self, node) -> str:
        href = str(node.attrs.get("href", ""))
        label = self.plain_inline(node)
        if not href.startswith(_SAFE_URL):
            return label  # a relative link leads nowhere from a card, as on paper
        return f'<a href="{self.escape(href)}">{label}</a>'

    # A blank to fill in (content.cloze) has no neutral HTML: each output shows it its own way
    # (hidden on a page, a cloze deletion in Anki, an input on a platform), in a visit_cloze
    # of its own, or declares it in its writer's cannot_print.
    def cloze_parts(self, node) -> tuple[int, str, str]:
        """A blank's number, its answer as HTML, and its hint (plain text)."""
        return node.meta["number"], self.inline_children(node), node.meta["hint"]

    def visit_image(self, node) -> str:
        return self.figure(str(node.attrs.get("src", "")), self.plain_inline(node), _plain(node))

    def figure(self, target: str, caption: str, alt: str, in_link: bool = False) -> str:
        """A figure script's drawing or an image file of the project, with its caption."""
        if self.plain or in_link:
            return caption  # only text fits here, as on paper: the alt text
        ref = images.resolve(target, self.path, self.project)
        if ref.code == images.REMOTE:  # never fetched: a placeholder with its caption and address, as on paper
            link = f'<a href="{self.escape(target)}">{self.escape(target, quote=False)}</a>' if target.startswith(_SAFE_URL) else self.text(target)
            return f'<div class="figure remote">Image not included{": " + caption if caption else ""} ({link})</div>'
        if ref.error:
            return ""
        suffix = PurePosixPath(ref.source).suffix.lower()
        if not ref.is_script and suffix not in self.image_types:
            return ""  # the writer's check said so (its image_types)
        self.figures.append(FigureRef(ref.source, alt, self.line))
        img = f'<img src="{self.escape(self.media(ref.source))}" alt="{self.escape(alt)}">'
        return f'<div class="figure">{img}' + (f'<div class="caption">{caption}</div>' if caption else "") + "</div>"


def _plain(node) -> str:
    """The text of a node's inline children (an image's alt text)."""
    return "".join(c.content if not c.children else _plain(c) for c in node.children)


def to_html(markdown: str, path: Path, first_line: int, project: Path | None = None,
            media: MediaName = default_media_name, renderer: type[HtmlRenderer] = HtmlRenderer) -> HtmlFragment:
    """A checked Markdown fragment that starts at `first_line` of `path`, as HTML."""
    walker = renderer(path, first_line, project, media)
    body = walker.blocks(parse_blocks(markdown).root.children).strip()
    return HtmlFragment(body, walker.figures, walker.problems)


def inline_to_html(text: str, path: Path, line: int, renderer: type[HtmlRenderer] = HtmlRenderer) -> HtmlFragment:
    """A checked title (one line of inline Markdown) as HTML."""
    walker = renderer(path, line, None, default_media_name)
    walker.plain = True
    body = "".join(walker.inline(node) for node in parse_inline(text).root.children).strip()
    return HtmlFragment(body, [], walker.problems)
