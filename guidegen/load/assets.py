"""Check the files content includes, figure scripts and images, for what a build would
trip on, without running or decoding them: a script is parsed (never imported), an
image is read only as far as its headers and structure.

Without this, `check` passed them and the build then failed in a figure worker, in
rsvg-convert, or in pdfLaTeX as a "Fatal error" that named neither file nor question.
"""

from __future__ import annotations

import ast
import math
import re
import struct
import zlib
from pathlib import Path

from guidegen.errors import Problem, problem, shorten
from guidegen.model import FigureRef
from guidegen.paths import read_regular

MAX_SCRIPT_BYTES = 1_000_000  # a figure script is a page of code
MAX_FIGSIZE = 20  # inches: the page is 8.3 wide, and TeX cannot hold a figure over 227 in
# Pixels of a PNG or JPG: pdfLaTeX decompresses the whole image into memory (a 100,000 ×
# 100,000 PNG of a few hundred kB stopped it), and 50 megapixels is a 16 × 12 in
# photograph at 500 dpi, more than any printer shows.
MAX_PIXELS = 50_000_000
# An SVG is converted by rsvg-convert, whose time grows with its elements (10 MB: 7 s);
# a diagram is a few hundred kB.
MAX_SVG_BYTES = 5_000_000
# Width and height of an SVG, in CSS pixels (96 to the inch). TeX cannot hold a picture
# over 16,383 pt (21,844 px; one of 1,000,000 px stopped it: "Dimension too large").
MAX_SVG_PX = 20_000
_SVG_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px|pt|pc|in|cm|mm|)\s*")
# JPEG markers that start a frame and hold its size (SOF0-SOF15 but DHT, JPG and DAC).
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_PNG = b"\x89PNG\r\n\x1a\n"


class Unusable(ValueError):
    """Why a file cannot be included; the message is for the content author."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


def check_assets(project: Path, figures: list[FigureRef]) -> list[Problem]:
    """Problems of the figure scripts and images `figures` include, each reported at the
    file to fix (once, however many questions include it)."""
    found: list[Problem] = []
    for name in sorted({f.script for f in figures}):
        path = project / "figures" / name if name.endswith(".py") else project / name
        try:
            if name.endswith(".py"):
                check_script(read_regular(path, MAX_SCRIPT_BYTES, "a figure script"))
            else:
                check_image(path)
        except Unusable as exc:
            found.append(problem(path, exc.line, str(exc)))
        except (OSError, ValueError) as exc:  # unreadable, not an ordinary file, too large
            found.append(problem(path, 1, f"cannot be read: {getattr(exc, 'strerror', None) or exc}"))
    return found


# -- figure scripts ------------------------------------------------------------------------------

def check_script(source: bytes) -> None:
    """Raise Unusable if a figure script cannot be drawn: a syntax error, no top-level
    draw(fig), or a FIGSIZE that is not two sizes in inches. Only literal values are
    judged; what only running the script would tell is left to the build."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise Unusable(f"figure script has a syntax error: {exc.msg}", exc.lineno or 1) from None
    except ValueError as exc:  # null bytes
        raise Unusable(f"figure script cannot be read as Python: {exc}") from None
    draw = None
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "FIGSIZE" for t in targets) and node.value is not None:
                _check_figsize(node.value)
            if any(isinstance(t, ast.Name) and t.id == "draw" for t in targets):
                draw = node  # draw = some_callable: it is callable only at run time
        elif isinstance(node, ast.FunctionDef) and node.name == "draw":
            draw = node
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name) == "draw" for a in node.names):
            draw = node
    if draw is None:
        raise Unusable("figure script defines no top-level draw(fig) function; add one that draws on the figure it is "
                       "given, e.g. def draw(fig): ax = fig.subplots(); ...")
    if isinstance(draw, ast.FunctionDef):
        args = draw.args
        positional = args.posonlyargs + args.args
        required = len(positional) - len(args.defaults)
        # draw(fig, params): a question drawn per version (guidegen.params) gives its values too.
        if required > 2 or (not positional and args.vararg is None) or any(d is None for d in args.kw_defaults):
            raise Unusable("draw() must take the figure to draw on, and at most the values of a question's params: "
                           "def draw(fig): or def draw(fig, params):", draw.lineno)


def _check_figsize(value: ast.expr) -> None:
    try:
        size = ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return  # computed (e.g. from style.FIGSIZE): only running the script would tell
    numbers = isinstance(size, (tuple, list)) and len(size) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in size)
    if not numbers or not all(0 < v <= MAX_FIGSIZE and math.isfinite(v) for v in size):
        raise Unusable(f"FIGSIZE must be two numbers, the width and height in inches, each above 0 and at most "
                       f"{MAX_FIGSIZE}, e.g. FIGSIZE = (4.8, 2.6); got {shorten(size)}", value.lineno)


# -- images --------------------------------------------------------------------------------------

def check_image(path: Path) -> None:
    """Raise Unusable if an image cannot be included: empty, cut short, damaged, too big
    to decompress, or (SVG) not plain SVG."""
    from guidegen.content.images import MAX_IMAGE_BYTES

    svg = path.suffix.lower() == ".svg"
    size = path.stat().st_size
    if svg and size > MAX_SVG_BYTES:
        raise Unusable(f"this SVG image is {size / 1e6:.1f} MB; at most {MAX_SVG_BYTES // 1_000_000} MB are allowed (a larger "
                       "one takes many seconds to convert): simplify it, or save it as PDF or PNG")
    data = read_regular(path, MAX_SVG_BYTES if svg else MAX_IMAGE_BYTES, "an image")
    if not data:
        raise Unusable("the image is empty (0 bytes); save it again from the program that made it")
    if svg:
        _check_svg(data)
    elif data.startswith(_PNG):
        _check_png(data)
    elif data.startswith(b"\xff\xd8\xff"):
        _check_jpeg(data)
    elif data.startswith(b"%PDF-"):  # pdfTeX, like graphicx, reads the type from the first bytes
        _check_pdf(path)
    else:
        raise Unusable("the image is not a PNG, JPG or PDF file (whatever its name says); save it as one")


def _too_many_pixels(kind: str, width: int, height: int) -> None:
    if width == 0 or height == 0:
        raise Unusable(f"this {kind} image is damaged: its header says it is {width} × {height} pixels; save it again")
    if width * height > MAX_PIXELS:
        raise Unusable(f"this {kind} image is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} megapixels); "
                       f"at most {MAX_PIXELS // 1_000_000} megapixels are allowed: scale it down")


def _check_png(data: bytes) -> None:
    """The chunks, each whole and with its checksum, from IHDR (the size) to IEND."""
    pos, first = len(_PNG), True
    while True:
        if pos + 12 > len(data):
            raise Unusable("this PNG image is cut short (it has no end chunk); save it again from the program that made it")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if pos + 12 + length > len(data):
            raise Unusable("this PNG image is cut short; save it again from the program that made it")
        if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]:
            raise Unusable(f"this PNG image is damaged (its {kind.decode('latin-1')!r} chunk fails its checksum); "
                           "save it again from the program that made it")
        if first:
            if kind != b"IHDR" or length != 13:
                raise Unusable("this PNG image is damaged (it does not start with its header chunk); save it again")
            _too_many_pixels("PNG", *struct.unpack(">II", body[:8]))
            first = False
        if kind == b"IEND":
            return
        pos += 12 + length


def _check_jpeg(data: bytes) -> None:
    """The segments up to the first scan, holding the frame's size, and an end marker after it."""
    pos, size = 2, None
    while True:
        if pos + 4 > len(data) or data[pos] != 0xFF:
            raise Unusable("this JPG image is damaged or cut short; save it again from the program that made it")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if length < 2 or pos + 2 + length > len(data):
            raise Unusable("this JPG image is damaged or cut short; save it again from the program that made it")
        if marker in _JPEG_FRAMES and length >= 7:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            size = (width, height)
        if marker == 0xDA:  # start of scan: the compressed data follows
            break
        pos += 2 + length
    if size is None:
        raise Unusable("this JPG image is damaged (it has no frame header giving its size); save it again")
    _too_many_pixels("JPG", *size)
    # In the compressed data 0xFF is always followed by 0x00 or a restart marker, so the
    # end-of-image marker after the scan shows the file is whole.
    if data.rfind(b"\xff\xd9") < pos:
        raise Unusable("this JPG image is cut short (it has no end marker); save it again from the program that made it")


def _check_pdf(path: Path) -> None:
    """Read by pypdf as far as its first page, which is the page LaTeX includes."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it logs what it repairs
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise Unusable("this PDF image is encrypted; LaTeX cannot include it: save an unprotected copy")
        if len(reader.pages) == 0:
            raise Unusable("this PDF image has no page")
        box = reader.pages[0].mediabox
        width, height = float(box.width), float(box.height)
    except Unusable:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf reading a damaged file raises errors of many kinds
        raise Unusable(f"this PDF image is damaged or cut short ({shorten(str(exc), 80)[1:-1]}); "
                       "save it again from the program that made it") from None
    # 14,400 units is the PDF format's own limit on a page; TeX's is 16,383 pt.
    if not (0 < abs(width) <= 14_400 and 0 < abs(height) <= 14_400):
        raise Unusable(f"this PDF image's page is {abs(width):,.0f} × {abs(height):,.0f} pt; at most 14,400 (200 in) "
                       "are allowed: save it at a printable size")


def _check_svg(data: bytes) -> None:
    """Plain SVG that parses: no DOCTYPE declaring entities (which could read other files
    or expand to gigabytes; it is refused before any parser sees it), a size TeX can hold."""
    import xml.etree.ElementTree as ET

    head = data.lower()
    if b"<!entity" in head or re.search(rb"<!doctype[^>\[]*\[", head):
        raise Unusable("this SVG image declares entities (<!DOCTYPE ... [<!ENTITY ...]>), which guidegen does not read; "
                       "save it as plain SVG (e.g. Inkscape's 'Plain SVG')", data[: head.find(b"<!")].count(b"\n") + 1)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise Unusable(f"this SVG image is not well-formed XML: {str(exc).split(':')[0]} at column {column + 1}; "
                       "fix it or save it again", line) from None
    if root.tag not in ("{http://www.w3.org/2000/svg}svg", "svg"):
        tag = shorten(root.tag.rsplit("}", 1)[-1], 40)[1:-1]  # without its namespace
        raise Unusable(f"this file is not an SVG image: its root element is <{tag}>, not <svg>; save the picture as SVG")
    box = (root.get("viewBox") or "").replace(",", " ").split()
    for index, attribute in enumerate(("width", "height")):
        value = root.get(attribute, "")
        match = _LENGTH.fullmatch(value)
        if match:
            px = float(match.group(1)) * _SVG_UNITS[match.group(2)]
        elif len(box) == 4 and not value.strip().endswith(("em", "ex")):  # none or a percentage: the viewBox's size
            try:
                px = abs(float(box[2 + index]))
            except ValueError:
                continue
        else:
            continue
        if px > MAX_SVG_PX:
            raise Unusable(f"this SVG image is {px:,.0f} px {'wide' if attribute == 'width' else 'high'}; at most "
                           f"{MAX_SVG_PX:,} px (5 m) are allowed: give its <svg> a smaller {attribute}")
