"""Which paragraphs run right to left: those whose first strong letter is Hebrew or Arabic."""

from __future__ import annotations

import unicodedata


def starts_right_to_left(text: str) -> bool:
    """Whether the first letter of `text` with a direction of its own (Unicode's rule P2:
    digits, punctuation and spaces have none) is written right to left."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def paragraph(source: str, latex: str) -> str:
    """The LaTeX of a paragraph, set right to left as a whole when its Markdown `source`
    starts in Hebrew or Arabic (\\ggrtl, in the preamble); otherwise as it is. A Hebrew
    word inside an English sentence stays an embedded run in a left-to-right paragraph."""
    if not starts_right_to_left(source):
        return latex
    return "{\\ggrtl " + latex + "\\par}"


def title(source: str, latex: str) -> str:
    """A title that starts in Hebrew or Arabic as one right-to-left run (\\ggrtlrun), so that
    its closing '?' stays at its end, on the left; the line it is set on stays as it is."""
    return "\\ggrtlrun{" + latex + "}" if starts_right_to_left(source) else latex
