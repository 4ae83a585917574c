"""Scripts that LuaLaTeX sets through babel, each in its own Noto font: which ones a text needs.

Latin, Greek, Cyrillic and CJK print through the main font's fallbacks. These four need
more than a glyph each: shaping (Devanagari's conjuncts, Arabic's joined letters), a
direction (Hebrew and Arabic run right to left) or line breaking without spaces (Thai).
babel gives them that, at about a second a pass, so a document loads it only for the
scripts it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class ScriptFont:
    """A script babel sets: its babel locale and the Noto fonts for serif and sans (sans also
    stands in for typewriter: Noto has no monospaced face for these scripts)."""

    locale: str
    serif: str
    sans: str
    first: int  # the script's Unicode block
    last: int


SCRIPT_FONTS = (
    ScriptFont("hebrew", "Noto Serif Hebrew", "Noto Sans Hebrew", 0x0590, 0x05FF),
    ScriptFont("arabic", "Noto Naskh Arabic", "Noto Sans Arabic", 0x0600, 0x06FF),
    ScriptFont("hindi", "Noto Serif Devanagari", "Noto Sans Devanagari", 0x0900, 0x097F),
    ScriptFont("thai", "Noto Serif Thai", "Noto Sans Thai", 0x0E00, 0x0E7F),
)
_PATTERNS = [(font, re.compile(f"[\\u{font.first:04x}-\\u{font.last:04x}]")) for font in SCRIPT_FONTS]


def script_fonts(texts) -> tuple[ScriptFont, ...]:
    """The scripts of SCRIPT_FONTS that any of `texts` holds, in SCRIPT_FONTS' order."""
    texts = list(texts)
    return tuple(font for font, pattern in _PATTERNS if any(pattern.search(text) for text in texts))


# The characters that only Noto Serif CJK, the last of the main font's fallbacks, has: CJK
# and Hangul (U+2E80 on, and the Jamo), and a few symbols that Latin Modern, CMU and DejaVu
# lack in every face the fallbacks use (regular, bold, italic, sans, typewriter). Loading
# it costs about 2.5 s of CPU in every LuaLaTeX pass, so a document loads it only when it
# holds one of them; a character no loaded font has is an error (engine._check_glyphs).
_CJK_ONLY = re.compile("[\u02ea\u02eb\u1100-\u11ff\u20dd\u20de\u210a\u2312\u23b0\u23b1\u23be-\u23cc\u23da\u23db"
                       "\u246a-\u24ff\u26bd\u26be\u29bf\u2b95\u2e3a\u2e3b\u2e80-\U0010ffff]")


def needs_cjk_font(texts) -> bool:
    """Whether any of `texts` holds a character only the CJK fallback font prints."""
    return any(_CJK_ONLY.search(text) for text in texts)


@cache
def _beyond_cmu() -> re.Pattern:
    """A character outside cmu-coverage.txt (tools/fallback_coverage.py writes it): one that
    Latin Modern and CMU may lack in some face, so that DejaVu must be loaded."""
    spans = []
    for line in files("guidegen.outputs.latex").joinpath("cmu-coverage.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            spans.append(f"\\U{int(first, 16):08x}" + (f"-\\U{int(last, 16):08x}" if last else ""))
    return re.compile("[^\\x00-\\x1f" + "".join(spans) + "]")


def needs_dejavu_font(texts) -> bool:
    """Whether any of `texts` holds a character that LuaLaTeX may need DejaVu Serif or Sans
    for (arrows, ✓, box drawing, rarer Latin and Greek). Loading the two costs about 1.7 s
    of CPU in every pass (Cyrillic alone, which CMU has, then takes 2.2 s instead of 3.9 s),
    so a document loads them only then; the table errs towards loading them, and a
    character no loaded font has is an error (engine._check_glyphs)."""
    pattern = _beyond_cmu()
    return any(pattern.search(text) for text in texts)
