"""The content tree as the HTML each QTI version holds. QTI 2.1: math as MathML, with its
TeX source kept beside it as an annotation (what import reads back), code fences with their
language as a class. QTI 1.2: math as \\(...\\) and \\[...\\] for the platform's MathJax (the
neutral renderer's), code the same way."""

from __future__ import annotations

import html

from guidegen.content.html import HtmlRenderer
from guidegen.outputs.entries import BlankSlots

TEX_ANNOTATION = "application/x-tex"


class Qti12Html(BlankSlots, HtmlRenderer):
    """HTML inside a QTI 1.2 <mattext texttype="text/html">: math for MathJax, each blank
    the mark of its place (outputs.entries.SLOT), which the item fills."""

    def visit_fence(self, node) -> str:
        language = (node.info or "").split()[0] if (node.info or "").strip() else ""
        attribute = f' class="language-{self.escape(language)}"' if language else ""
        return f"<pre><code{attribute}>" + self.escape(node.content.rstrip("\n"), quote=False) + "</code></pre>\n"

    visit_code_block = HtmlRenderer.visit_fence


class Qti21Html(Qti12Html):
    """HTML that becomes QTI 2.1's XHTML (xhtml.py): math as MathML."""

    def math(self, source: str) -> str:
        return self._formula(source, display=False)

    def display_math(self, source: str) -> str:
        return self._formula(source, display=True)

    def _formula(self, source: str, display: bool) -> str:
        from guidegen.outputs.html import mathml

        converted = mathml.checked(source, display, self.report, "[qti21]", "the item shows its TeX source instead")
        if converted is None:
            return super().display_math(source) if display else super().math(source)
        return with_annotation(converted, source.strip()) if converted else ""


def with_annotation(mathml: str, tex: str) -> str:
    """A <math> element whose content is wrapped in <semantics> with the TeX source as an
    annotation: platforms draw the MathML, and an import gets the formula back exactly."""
    start = mathml.index(">") + 1
    end = mathml.rindex("</math>")
    inner = mathml[start:end]
    annotation = f'<annotation encoding="{TEX_ANNOTATION}">{html.escape(tex, quote=False)}</annotation>'
    return f"{mathml[:start]}<semantics><mrow>{inner}</mrow>{annotation}</semantics></math>"
