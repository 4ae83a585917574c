"""The content tree to HTML for Anki cards: the neutral renderer (content.html) with Anki's
quirks. Anki typesets what it takes for its own [latex], [$] and [$$] tags, so a "["
is escaped; MathJax must never take text for math, so a backslash in text is kept out of
its sight; a heading is small on a card, whatever its level."""

from __future__ import annotations

from pathlib import Path

from guidegen.content.html import HTML_IMAGE_SUFFIXES, HtmlFragment, HtmlRenderer, MediaName, default_media_name
from guidegen.content.html import inline_to_html as _inline, to_html as _to_html

__all__ = ["CARD_IMAGE_SUFFIXES", "CardHtml", "HtmlFragment", "default_media_name", "inline_to_html", "to_html"]

# Image files a card can show; a PDF image prints in the guide but not on a card.
CARD_IMAGE_SUFFIXES = HTML_IMAGE_SUFFIXES


class CardHtml(HtmlRenderer):
    image_types = CARD_IMAGE_SUFFIXES

    def escape(self, text: str, quote: bool = True) -> str:
        """HTML-escaped text in which Anki finds no [latex], [$] or [$$] tag to typeset."""
        # Braces in pairs are Anki's own field syntax ({{c1::...}} in a Cloze note): entities.
        return super().escape(text, quote).replace("[", "&#91;").replace("{{", "{&#123;").replace("}}", "}&#125;")

    def text(self, text: str) -> str:
        """Escaped text that MathJax cannot take for math either: a backslash is kept out of
        its sight, so only checked math reaches it."""
        return self.escape(text, quote=False).replace("\\", '<span class="tex2jax_ignore mathjax_ignore">\\</span>')

    def heading(self, level: int, inner: str) -> str:
        return f"<h4>{inner}</h4>\n"

    def visit_cloze(self, node) -> str:
        """Anki's own cloze deletion: the note is a Cloze note (deck.py). Its answer and hint
        hold no '::' or '}}' Anki would read as the deletion's end (escape keeps '{{' and
        '}}' out of all text and math)."""
        number, answer_html, hint = self.cloze_parts(node)
        hint_html = ("::" + self.escape(hint, quote=False).replace("::", ":&#58;")) if hint else ""
        return f"{{{{c{number}::" + answer_html.replace("::", ":&#58;") + hint_html + "}}"


def to_html(markdown: str, path: Path, first_line: int, project: Path | None = None,
            media: MediaName = default_media_name) -> HtmlFragment:
    """A checked Markdown fragment that starts at `first_line` of `path`, as a card's HTML."""
    return _to_html(markdown, path, first_line, project, media, CardHtml)


def inline_to_html(text: str, path: Path, line: int) -> HtmlFragment:
    """A checked title (one line of inline Markdown) as a card's HTML."""
    return _inline(text, path, line, CardHtml)
