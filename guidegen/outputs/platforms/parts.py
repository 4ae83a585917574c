"""What the platform exports share: each question's parts as HTML for a platform that runs
MathJax (math as \\(...\\) and \\[...\\], code in <pre>, images named by a media name the
format chooses), the files those images come from, and the losses every platform has in
common (what a format cannot carry is told by its writer's check at the file's line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from guidegen.content.assembly import Printer
from guidegen.content.html import HTML_IMAGE_SUFFIXES, HtmlFragment, HtmlRenderer, default_media_name
from guidegen.content.html import inline_to_html as _inline, to_html as _to_html
from guidegen.model import Question
from guidegen.outputs.entries import BlankSlots

# The image files a platform shows (figure scripts are drawn to SVG); a PDF image prints only.
PLATFORM_IMAGE_SUFFIXES = HTML_IMAGE_SUFFIXES


class PlatformHtml(BlankSlots, HtmlRenderer):
    """The neutral HTML renderer: MathJax math, <pre><code> blocks, <img> by media name, each
    blank the mark of its place (outputs.entries.SLOT), which the format's writer fills."""

    image_types = PLATFORM_IMAGE_SUFFIXES

    def visit_fence(self, node) -> str:
        """A code block, its language named as HTML names it (class="language-python")."""
        words = (node.info or "").split()
        kind = f' class="language-{self.escape(words[0])}"' if words else ""
        return f"<pre><code{kind}>" + self.escape(node.content.rstrip("\n"), quote=False) + "</code></pre>\n"


class TextOnlyHtml(PlatformHtml):
    """For a format that carries no image (GIFT): a figure is its caption, or its alt text."""

    def figure(self, target: str, caption: str, alt: str, in_link: bool = False) -> str:
        shown = caption or self.text(alt)
        return f"<p>[{shown}]</p>" if shown and not self.plain else shown


@dataclass
class OptionsPiece(HtmlFragment):
    """A multiple-choice question's options, each as HTML, in the source's order."""

    items: list[str] = field(default_factory=list)


class PlatformPrinter(Printer):
    """The parts of a question as a platform's HTML (content.assembly puts them together)."""

    def __init__(self, project: Path | None, media: Callable[[str], str], renderer: type[HtmlRenderer] = PlatformHtml):
        self.project, self.media, self.renderer = project, media, renderer

    def title(self, question: Question):
        return _inline(question.title, question.path, question.title_line, self.renderer)

    def block(self, question: Question, markdown: str, line: int):
        from guidegen.params.figures import drawing

        # A question drawn with values (version A's) names the drawing made with them.
        return _to_html(markdown, question.path, line, self.project, lambda source: self.media(drawing(question, source)),
                        self.renderer)

    def options(self, question: Question, printed: list):
        return OptionsPiece("", [f for o in printed for f in o.figures], [p for o in printed for p in o.problems],
                            [o.html for o in printed])

    def no_answer(self, question: Question, printed):
        return printed or HtmlFragment("")  # the platform shows no model answer then

    def is_blank(self, piece) -> bool:
        return not piece.html.strip()


def plugin_name(source: str) -> str:
    """A figure's or image's file name inside an export: one flat name per source."""
    return default_media_name(source)


def media_sources(job, questions) -> dict[str, Path]:
    """Each figure script's drawing and image file the questions show, by source name."""
    from guidegen.params.figures import drawing

    bank = job.bank
    return {**{drawing(q, s): job.drawn[drawing(q, s)] for q in questions for s in bank.figure_scripts[q.id]},
            **{s: job.project / s for q in questions for s in bank.images[q.id]}}


def pinned(question: Question) -> list[int]:
    """The options that must stay where they are ("None of the above" last) in a question
    whose options may be shuffled: a platform without pinning must not shuffle it."""
    from guidegen.choices_order import refers_to_others

    if not question.shuffle:
        return []
    return [i for i, o in enumerate(question.options) if refers_to_others(o.markdown)]


def source_order(plan) -> list[tuple]:
    """The plan's sections [(Topic, [Question, ...]), ...] in the source's order (version A)."""
    return plan.orders[0][1] if plan.orders else []


def fractions(question: Question) -> list[float]:
    """Each option's share of the points, in percent: one right option is worth all of
    them; of several, each right one an equal share and each wrong pick takes away an
    equal share of the whole (picking every option scores nothing), as Moodle's
    "multiple answers" does."""
    right = sum(o.correct for o in question.options)
    wrong = len(question.options) - right
    if right == 1:
        return [100.0 if o.correct else 0.0 for o in question.options]
    return [100.0 / right if o.correct else -100.0 / max(wrong, 1) for o in question.options]


def percent(value: float) -> str:
    """A fraction as Moodle writes it: at most five decimals (33.33333), no trailing zeros."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
