"""The LaTeX writer's own layout concepts: the two kinds of document it makes, and the
page as LaTeX sets it (geometry, body font size, figure scale, text height), worked out
from the neutral Layout that every writer is given."""

from __future__ import annotations

from dataclasses import dataclass

from guidegen.model import PAPER_SIZES, Choice, Layout, parse_length_cm


class DocKind(Choice):
    QUESTIONS = "questions"  # the sheet: never holds answer text
    ANSWERS = "answers"  # the key


@dataclass(frozen=True)
class PageLayout:
    """A Layout as the templates see it (`layout`): its fields, and how LaTeX sets the page."""

    layout: Layout

    def __getattr__(self, name: str):
        return getattr(self.layout, name)

    @property
    def text_height_cm(self) -> float:
        """The height of the text block (geometry's top and bottom margins taken off)."""
        return text_height_cm(self.layout)

    @property
    def geometry(self) -> str:
        width, height = PAPER_SIZES[self.layout.page_paper]
        small = self.layout.small_pages
        margins = "margin=1.5cm,top=2cm,bottom=2cm" if small else "margin=2.2cm,top=2.6cm,bottom=2.6cm"
        binding = ",twoside,bindingoffset=6mm" if self.layout.two_sided else ""  # room for the staples or rings
        return f"paperwidth={width},paperheight={height},{margins},headheight=14pt{binding}"

    @property
    def font_size(self) -> str:
        if self.layout.large_print:
            return "14pt"
        return "10pt" if self.layout.page_paper in ("a5", "halfletter") else "11pt"

    @property
    def figure_scale(self) -> str:
        """How much larger than drawn figures print: 1 at the usual body size (figures are
        drawn for 11 pt text); in large print as much as the text, so their labels grow
        with it (a figure wider than the text is still shrunk to its width)."""
        return f"{14 / 11:.3f}" if self.layout.large_print else "1"


def text_height_cm(layout: Layout) -> float:
    """The height of the text block (geometry's top and bottom margins taken off)."""
    return parse_length_cm(PAPER_SIZES[layout.page_paper][1]) - (4.0 if layout.small_pages else 5.2)
