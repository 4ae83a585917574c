"""The content tree to the page's HTML: the neutral renderer (content.html), with the
page's own ways: math as MathML (mathml.py), code highlighted in the PDF's colours, and
images named by a placeholder the writer swaps for the drawing's data: URI once the
figures are drawn (the page loads nothing from anywhere)."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from guidegen.content.html import HTML_IMAGE_SUFFIXES, HtmlFragment, HtmlRenderer
from guidegen.content.html import inline_to_html as _inline, to_html as _to_html
from guidegen.outputs.html import mathml

MEDIA = "gg-media:"  # a placeholder's scheme: src="gg-media:<digest>" until the figure is drawn
PLACEHOLDER = re.compile(r'src="gg-media:([0-9a-f]{24})"')


def media_key(source: str) -> str:
    """The placeholder for a figure script or image file (relative to figures/, or the project)."""
    return MEDIA + hashlib.sha256(source.encode("utf-8")).hexdigest()[:24]


class PageHtml(HtmlRenderer):
    image_types = HTML_IMAGE_SUFFIXES

    def __init__(self, path: Path, first_line: int, project: Path | None, media=media_key):
        super().__init__(path, first_line, project, media)

    def math(self, source: str) -> str:
        return self._formula(source, display=False)

    def display_math(self, source: str) -> str:
        return self._formula(source, display=True)

    def _formula(self, source: str, display: bool) -> str:
        converted = mathml.checked(source, display, self.report, "[html]", "the page shows its TeX source instead")
        return mathml.fallback(source, display) if converted is None else converted

    def visit_fence(self, node) -> str:
        from guidegen.outputs.latex.highlight import code_lines, language_of

        lines = []
        for indent, pieces in code_lines(node.content.rstrip("\n"), language_of(node.info or "")):
            spans = "".join(html.escape(text, quote=False) if style is None else
                            f'<span class="c{style}">{html.escape(text, quote=False)}</span>' for style, text in pieces)
            lines.append(" " * indent + spans)
        return "<pre><code>" + "\n".join(lines) + "</code></pre>\n"

    def visit_cloze(self, node) -> str:
        """A blank the reader clicks to see its answer (page.js): hidden, it keeps the answer's
        width, so the page does not move when it shows."""
        _, answer_html, hint = self.cloze_parts(node)
        hint_html = f'<span class="hint">{html.escape(hint, quote=False)}</span>' if hint else ""
        return (f'<button type="button" class="blank" aria-expanded="false" title="Show this blank\'s answer">'
                f'<span class="fill">{answer_html}</span>{hint_html}</button>')

    def visit_code_block(self, node) -> str:
        return "<pre><code>" + self.escape(node.content.rstrip("\n"), quote=False) + "</code></pre>\n"


def to_html(markdown: str, path: Path, first_line: int, project: Path | None, media=media_key) -> HtmlFragment:
    """A checked Markdown fragment that starts at `first_line` of `path`, as the page's HTML."""
    return _to_html(markdown, path, first_line, project, media, PageHtml)


def inline_to_html(text: str, path: Path, line: int) -> HtmlFragment:
    """A checked title (one line of inline Markdown) as the page's HTML."""
    return _inline(text, path, line, PageHtml)
