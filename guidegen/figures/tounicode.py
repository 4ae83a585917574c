"""Make a figure's math copy as what it shows: a minus sign as "−", not "¡".

matplotlib sets math ('cm' fontset, and every tick label, through mathtext) in its
BaKoMa Computer Modern fonts, whose character codes are TeX's font positions moved
about (the minus sign of cmsy10 is at 0xA1, α of cmmi10 at 0xAE). The PDF's ToUnicode
maps give those codes as the text, so copying a negative tick label out of a figure
gave "¡2". Neither axes.unicode_minus nor Type 42 fonts change that: the code is the
font's. This rewrites those maps from matplotlib's own tables (the TeX name of each
BaKoMa glyph, and the Unicode character of each name). The drawing is not touched.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# matplotlib's names for the sized delimiters of cmex10 (\__parenleftBig__ ...): the character they are.
_SIZED = {"parenleft": "(", "parenright": ")", "bracketleft": "[", "bracketright": "]", "braceleft": "{",
          "braceright": "}", "angbracketleft": "\u27e8", "angbracketright": "\u27e9", "floorleft": "\u230a",
          "floorright": "\u230b", "ceilingleft": "\u2308", "ceilingright": "\u2309", "slash": "/",
          "backslash": "\\", "radical": "\u221a"}
_BAKOMA = {"cmr10", "cmmi10", "cmsy10", "cmex10", "cmtt10", "cmss10", "cmb10"}


@lru_cache(maxsize=1)
def bakoma_unicode() -> dict[tuple[str, int], str]:
    """(BaKoMa font, character code) -> the text that glyph stands for."""
    return _tables()[0]


@lru_cache(maxsize=1)
def bakoma_misread() -> dict[tuple[str, str], str]:
    """(BaKoMa font, the text matplotlib's map gives) -> the text that glyph stands for,
    for the glyphs matplotlib finds through the font's Unicode table rather than at a
    code: ≤ of cmsy10, κ of cmmi10 and a bracket of cmex10 all sit where that table
    says U+2219, so each copied as "∙"."""
    return _tables()[1]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[tuple[str, int], str], dict[tuple[str, str], str]]:
    from matplotlib import _mathtext_data as data

    table: dict[tuple[str, int], str] = {}
    misread: dict[tuple[str, str], str] = {}
    # Literal characters first ("*" and "|" copy as typed, not as ∗ and ∣), then names.
    for key, (font, code) in sorted(data.latex_to_bakoma.items(), key=lambda item: len(item[0]) > 1):
        name = key.lstrip("\\")
        sized = re.fullmatch(r"__([a-z]+?)(?:big|Big|bigg|Bigg)__", key.lstrip("\\"))
        if len(key) == 1:
            text = key
        elif sized:
            text = _SIZED.get(sized.group(1))
        elif name in data.tex2uni:
            text = chr(data.tex2uni[name])
        else:
            text = None
        if text and text.isprintable():
            if code > 0xFF:  # not a code of the font: a character of its Unicode table
                misread.setdefault((font, chr(code)), text)
            else:
                table.setdefault((font, code), text)
    return table, misread


_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)")


def _read_cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's code -> text (the bfchar and bfrange forms matplotlib writes)."""
    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, target in _BFRANGE.findall(block):
            lo, hi = int(lo, 16), int(hi, 16)
            if target.startswith(b"["):
                for offset, value in enumerate(re.findall(rb"<([0-9a-fA-F]+)>", target)):
                    found[lo + offset] = bytes.fromhex(value.decode()).decode("utf-16-be", "replace")
            else:
                first = int(target[1:-1], 16)
                for offset in range(hi - lo + 1):
                    found[lo + offset] = chr(first + offset)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, value in _BFCHAR.findall(block):
            found[int(code, 16)] = bytes.fromhex(value.decode()).decode("utf-16-be", "replace")
    return found


def _write_cmap(mapping: dict[int, str]) -> bytes:
    entries = sorted(mapping.items())
    blocks = []
    for start in range(0, len(entries), 100):  # a bfchar block holds at most 100 entries
        chunk = entries[start : start + 100]
        lines = "".join(f"<{code:04x}> <{text.encode('utf-16-be').hex()}>\n" for code, text in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{lines}endbfchar\n")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n" + "".join(blocks)
            + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()


def fix_pdf(path: Path) -> bool:
    """Rewrite, in place, the ToUnicode maps of the BaKoMa fonts of a figure PDF that
    matplotlib drew; True if something changed."""
    from pypdf import PdfReader, PdfWriter

    table, misread = bakoma_unicode(), bakoma_misread()
    writer = PdfWriter(clone_from=PdfReader(path))
    changed = False
    seen: set[int] = set()
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            face = str(font.get("/BaseFont", "")).split("+")[-1].lower()
            stream = font.get("/ToUnicode")
            if face not in _BAKOMA or stream is None or id(stream.get_object()) in seen:
                continue
            stream = stream.get_object()
            seen.add(id(stream))
            mapping = _read_cmap(stream.get_data())
            fixed = {code: table.get((face, code), misread.get((face, text), text)) for code, text in mapping.items()}
            if fixed != mapping:
                stream.set_data(_write_cmap(fixed))
                changed = True
    if changed:
        with open(path, "wb") as out:
            writer.write(out)
    return changed
