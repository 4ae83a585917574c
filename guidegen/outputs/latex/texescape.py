"""Escape untrusted text for LaTeX: specials print as themselves, Unicode maps to known glyphs."""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

from pylatex.utils import escape_latex

from guidegen.content.mathsymbols import MATH_SYMBOLS, NOT_DIRECT, is_direct  # noqa: F401 - is_direct: the letters text may hold too

from guidegen.content.unicodescripts import ACCENTED, ACCENTS, SCRIPTS, SUPERSCRIPT, runs

# Text characters with a direct text-mode command (T1/TS1 fonts via textcomp).
TEXT_SYMBOLS = {
    "\u00a0": "~", "\u00ad": r"\-", "–": "--", "—": "---", "‘": "`", "’": "'", "‚": ",", "“": "``",
    "”": "''", "„": ",,", "«": r"\guillemotleft{}", "»": r"\guillemotright{}", "‹": r"\guilsinglleft{}",
    "›": r"\guilsinglright{}", "•": r"\textbullet{}", "†": r"\dag{}", "‡": r"\ddag{}", "‰": r"\textperthousand{}",
    "€": r"\texteuro{}", "™": r"\texttrademark{}", "№": r"\textnumero{}", "‐": "-", "‑": "-", "‒": "--",
    "―": "---", "…": r"\dots{}", "·": r"\textperiodcentered{}", "°": r"\textdegree{}", "µ": r"\textmu{}",
    "¬": r"\textlnot{}", "×": r"\texttimes{}", "÷": r"\textdiv{}", "±": r"\textpm{}", "−": r"\textminus{}",
}

# Scripts that pdfLaTeX's fonts do not have and the Unicode engine's do (LuaLaTeX, Latin
# Modern with CMU, DejaVu Serif and Noto Serif CJK as fallbacks; Thai, Devanagari, Hebrew
# and Arabic in their Noto fonts through babel): a document holding any of them is
# compiled with LuaLaTeX; all others stay on the faster pdfLaTeX path.
WIDE_RANGES = (
    (0x0180, 0x024F),  # Latin Extended-B
    (0x0250, 0x02AF),  # IPA
    (0x0300, 0x036F),  # combining accents that follow no letter with an accent command (code split by Pygments)
    (0x0386, 0x0386), (0x0388, 0x0390), (0x03AA, 0x03B0), (0x03CA, 0x03CE),  # Greek with tonos or dialytika (ά ή ΐ): what
    # composing (NFC) makes of polytonic Greek's oxia (U+1F71 ά is U+03AC) and of decomposed Greek
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x0590, 0x05FF),  # Hebrew (right to left)
    (0x0600, 0x06FF),  # Arabic (right to left)
    (0x0900, 0x097F),  # Devanagari
    (0x0E00, 0x0E7F),  # Thai
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x1F00, 0x1FFF),  # Greek Extended (polytonic Greek)
    (0x2500, 0x25FF),  # box drawing, block elements, geometric shapes (diagrams in code blocks)
    (0x2713, 0x2718),  # check marks and crosses (✓ ✔ ✕ ✖ ✗ ✘)
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x318F),  # Bopomofo, Hangul compatibility Jamo
    (0x31F0, 0x33FF),  # Katakana extension, enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms
)
_WIDE = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in WIDE_RANGES) + "".join(sorted(NOT_DIRECT)) + "]")


_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u312f\u31f0-\u9fff\uf900-\ufaff\uff00-\uffef]")
_NO_BREAK_BEFORE = set("。、，．：；！？）」』】〕〉》〙〗ー・…々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;!?)]}")


def needs_unicode_engine(text: str) -> bool:
    """Whether LaTeX text holds characters that only the Unicode engine can print."""
    return _WIDE.search(text) is not None


class UnsupportedCharacter(ValueError):
    def __init__(self, char: str):
        name = unicodedata.name(char, "")
        shown = f"'{char}' " if char.isprintable() else ""
        label = f"U+{ord(char):04X} {name}".strip()
        super().__init__(f"character {shown}({label}) cannot be typeset; replace or remove it")
        self.char = char


_PLAIN_ASCII = re.compile(r"[ -~]+")  # printable ASCII runs: escaped in one call
# pylatex's escaping of each printable ASCII character, with the characters that would
# print oddly made explicit; applied with str.translate.
_ASCII_TABLE = str.maketrans({chr(c): str(escape_latex(chr(c))) for c in range(32, 127)} | {
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
    "^": r"\textasciicircum{}"})  # pylatex's \^{} is a circumflex accent, not a caret


# Limits that keep what LaTeX is given within its means, whatever the text:
LINE = 1_000  # generated LaTeX lines are broken near this length (TeX reads a line into a 200,000-byte buffer)
LONG_WORD = 40  # a run of this many characters without a space may break...
WORD_PIECE = 8  # ...after every 8 (a break after every character makes TeX's line breaking quadratic)
PDF_TEXT = 200  # characters of a text that go into a PDF bookmark or metadata (hyperref's \pdfstringdef is quadratic)
# A no-break space does not end a word. Thai is no long word: it has no spaces between words,
# and its language's patterns find where its lines may break (babel, in the preamble).
_WORD = re.compile(r"(?:[^\s\u0e00-\u0e7f]|\xa0){%d,}" % LONG_WORD)


def escape_text(text: str) -> str:
    """LaTeX source that prints `text` literally. Raises UnsupportedCharacter.

    A long word may break between pieces of a few characters; a long text gives PDF
    bookmarks only its start; the source is broken into lines of moderate length."""
    latex = escape_words(text)
    if len(text) > PDF_TEXT:
        latex = "\\texorpdfstring{" + latex + "}{" + plain_text(text) + "}"
    return break_lines(latex)


_CODE_QUOTES = re.compile("[`']")
_CODE_QUOTE_LATEX = {"`": r"\textasciigrave{}", "'": r"\textquotesingle{}"}


def escape_code(text: str) -> str:
    """Code as typed: straight quotes and backticks (not the font's curly ones), and tabs
    expanded to stops of 4. Raises UnsupportedCharacter."""
    text = text.expandtabs(4)
    out = []
    position = 0
    for match in _CODE_QUOTES.finditer(text):
        out.append(escape_words(text[position : match.start()]))
        out.append(_CODE_QUOTE_LATEX[match.group()])
        position = match.end()
    out.append(escape_words(text[position:]))
    return "".join(out)


def escape_words(text: str) -> str:
    """escape_text on one line: long words may break, nothing else is added. Raises UnsupportedCharacter."""
    if len(text) < LONG_WORD:
        return _escape(text)
    out = []
    position = 0
    for match in _WORD.finditer(text):
        out.append(_escape(text[position : match.start()]))
        word = match.group()
        out.append("\\allowbreak{}".join(map(_escape_piece, _pieces(word))))
        position = match.end()
    out.append(_escape(text[position:]))
    return "".join(out)


def _pieces(word: str) -> list[str]:
    """`word` cut every WORD_PIECE characters, never before a combining mark or a joiner nor
    after a virama (a Devanagari vowel sign stays with its letter, क्ष stays one conjunct)."""
    pieces = []
    start = 0
    while start < len(word):
        end = min(start + WORD_PIECE, len(word))
        while end < len(word) and (unicodedata.category(word[end]).startswith("M") or word[end] in "\u200c\u200d"
                                   or unicodedata.combining(word[end - 1]) == 9):  # after a virama: a conjunct
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


# Dashes print unbreakable inside a long word: the word breaks every WORD_PIECE
# characters anyway, and TeX takes quadratic time over a long paragraph that it can only
# set with \emergencystretch and that offers a break every other character.
_DASHES = re.compile("[-\u2010-\u2015\xad]")
_UNBREAKABLE_DASH = {"-": r"\mbox{-}", "\u2010": r"\mbox{-}", "\u2011": r"\mbox{-}", "\u2012": r"\mbox{--}",
                     "\u2013": r"\mbox{--}", "\u2014": r"\mbox{---}", "\u2015": r"\mbox{---}", "\xad": ""}


def _escape_piece(piece: str) -> str:
    """A piece of a long word, escaped, with unbreakable dashes."""
    if _DASHES.search(piece):
        return "".join(_UNBREAKABLE_DASH[c] if c in _UNBREAKABLE_DASH else _escape(c) for c in piece)
    return piece.translate(_ASCII_TABLE) if piece.isascii() else _escape(piece)


# A slash between letters (Card/ACH/Wire, and/or) may end a line, as \slash allows: in a
# narrow table cell such a word would otherwise run past the column.
_SLASH = re.compile(r"(?<=[A-Za-z])/(?=[A-Za-z])")


def _escape(text: str, emoji: bool = True) -> str:
    """Each character escaped, nothing added (`emoji` False: emoji are left out)."""
    if ACCENTED.search(text):  # x̄ typed as x + U+0304: the letter under its accent command
        out, position = [], 0
        for match in ACCENTED.finditer(text):
            math, command = ACCENTS[match.group(2)]
            base = match.group(1)
            if base.isascii() and command is not None:
                accented = "\\" + command + "{" + base + "}"
            elif base in MATH_SYMBOLS:  # θ̂: the math accent over the symbol
                accented = "\\ensuremath{\\" + math + "{" + MATH_SYMBOLS[base] + "}}"
            else:
                continue  # no accent for it here: the mark is refused as before
            out.append(_escape(text[position : match.start()], emoji))
            out.append(accented)
            position = match.end()
        if position:  # each part escaped again is shorter than `text`: this ends
            out.append(_escape(text[position:], emoji))
            return "".join(out)
        # No letter here takes its accent as a command (й as и + U+0306): each character
        # prints as it is, below, the mark after its letter.
    out = []
    position = 0
    for run in _PLAIN_ASCII.finditer(text):
        out.append(_escape_unicode(text[position : run.start()], emoji))
        out.append(_SLASH.sub(r"\\slash{}", run.group().translate(_ASCII_TABLE)))
        position = run.end()
    out.append(_escape_unicode(text[position:], emoji))
    return "".join(out)


def _escape_unicode(text: str, emoji_wanted: bool = True) -> str:
    """Characters outside printable ASCII; emoji (with their modifiers and joiners) as
    the twemojis package draws them, carrying their text for copy and search."""
    out = []
    i = 0
    scripts = {start: (end, kind, plain) for start, end, kind, plain in runs(text)}
    while i < len(text):
        if i in scripts:  # a run of superscripts or subscripts (x²³, 10⁻³) is one
            end, kind, plain = scripts[i]
            out.append(_script(kind, plain, text[i:end]))
            i = end
            continue
        # A symbol the fonts have (▶, ✓) is text unless an emoji selector follows it (▶️).
        symbol = _WIDE.match(text[i]) and text[i + 1 : i + 2] != "\ufe0f"
        emoji = _emoji_at(text, i) if text[i] >= "\u203c" and not symbol else None
        if emoji is None:
            out.append(_escape_char(text[i]))
            if emoji_wanted and _CJK.match(text[i]) and not (i + 1 < len(text) and text[i + 1] in _NO_BREAK_BEFORE):
                out.append("\\ggcjkbreak{}")  # Chinese and Japanese have no spaces: a line may break after any character
            i += 1
            continue
        code, end = emoji
        if emoji_wanted:  # \ggemoji (robust, so it survives titles and the contents) in the preamble
            out.append(f"\\ggemoji{{{code}}}{{{text[i:end].encode('utf-16-be').hex().upper()}}}")
        i = end
    return "".join(out)


@lru_cache(maxsize=1)
def _twemoji() -> tuple[dict[str, str], frozenset[str]]:
    """The emoji twemojis can draw, by their code points without variation selectors
    (which the package keeps in some names and not in others), and every prefix of them."""
    from importlib.resources import files

    codes = [line for line in files("guidegen.outputs.latex").joinpath("twemoji-codes.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    by_key = {"-".join(p for p in code.split("-") if p != "fe0f"): code for code in codes}
    prefixes = frozenset("-".join(key.split("-")[:k]) for key in by_key for k in range(1, key.count("-") + 2))
    return by_key, prefixes


def has_emoji(text: str) -> bool:
    return any(text[i] >= "\u203c" and _emoji_at(text, i) for i in range(len(text)))


def _emoji_at(text: str, start: int) -> tuple[str, int] | None:
    """The longest emoji sequence at `start`: (its twemojis name, where it ends)."""
    by_key, prefixes = _twemoji()
    parts: list[str] = []
    best = None
    i = start
    while i < len(text):
        char = text[i]
        if char == "\ufe0f":  # a variation selector: part of the sequence, not of its name
            i += 1
            if best is not None and best[1] == i - 1:
                best = (best[0], i)
            continue
        key = "-".join(parts + [f"{ord(char):x}"])
        if key not in prefixes:
            break
        parts.append(f"{ord(char):x}")
        i += 1
        if key in by_key:
            best = (by_key[key], i)
    return best


@lru_cache(maxsize=4096)
def _escape_one(char: str) -> str:
    return char.translate(_ASCII_TABLE) if " " <= char <= "~" else _escape_char(char)


# Where a line of generated LaTeX may end with "%" and go on at the next line: after a
# character that cannot be part of a control word (not a letter, backslash or ^ of ^^),
# before one that is not a space (TeX skips spaces that start a line), or between two
# spaces (TeX skips the second anyway). Such a break changes no token.
_BREAK = re.compile(r"(?<=[^A-Za-z\\^])(?=[^\s^])|(?<= )(?= )")
_COMMENT = re.compile(r"(?<!\\)(?:\\\\)*%")  # a % that starts a comment: after an even number of backslashes
_VERBATIM = re.compile(r"\\(?:href|nolinkurl|url)\{[^{}]*\}")  # URLs: hyperref reads % there as a character


def break_lines(latex: str) -> str:
    """The same LaTeX with no line much longer than LINE characters (unless one
    unbreakable piece is longer): TeX cannot read a line longer than its buffer."""
    if len(latex) <= LINE:
        return latex
    return "\n".join(_break_line(line) if len(line) > LINE else line for line in latex.split("\n"))


def _break_line(line: str) -> str:
    comment = _COMMENT.search(line) if "%" in line else None
    # No break inside a comment, nor among the trailing spaces: a line of spaces is a blank line.
    end = min(comment.end() - 1 if comment else len(line), len(line.rstrip(" \t")))
    verbatim = [(m.start(), m.end()) for m in _VERBATIM.finditer(line, 0, end)]
    starts = [lo for lo, _ in verbatim]
    pieces = []
    start = 0
    while end - start > LINE:
        found = _BREAK.search(line, start + LINE, end)
        while found:  # not inside a URL
            index = bisect.bisect_left(starts, found.start()) - 1
            if index < 0 or found.start() >= verbatim[index][1]:
                break
            found = _BREAK.search(line, verbatim[index][1], end)
        if not found:
            break
        pieces.append(line[start : found.start()])
        start = found.start()
    pieces.append(line[start:])
    return "%\n".join(pieces)


def _escape_char(char: str) -> str:
    """One character outside printable ASCII."""
    if char in "\t\n":
        return " "
    if char < " " or char == "\x7f":
        raise UnsupportedCharacter(char)
    if char in TEXT_SYMBOLS:
        return TEXT_SYMBOLS[char]
    if char in SCRIPTS:
        return _script(SCRIPTS[char].position, SCRIPTS[char].plain, char)
    if char in MATH_SYMBOLS:
        return r"\ensuremath{" + MATH_SYMBOLS[char] + "}"
    if is_direct(char) or _WIDE.match(char):
        return char  # printed by the font: pdfLaTeX's, or the Unicode engine's (needs_unicode_engine)
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    if category == "Cf" or char in "\ufe0e\ufe0f":
        return ""  # zero-width, direction marks and variation selectors pasted from the web: invisible, dropped
    raise UnsupportedCharacter(char)


def _script(kind: str, plain: str, typed: str) -> str:
    """Superscript or subscript characters as the plain ones raised or lowered, in the text's
    font (\\ggsup: \\textsuperscript, which sets them as math does); a copy gives what was typed."""
    command = "\\ggsup" if kind == SUPERSCRIPT else "\\ggsub"
    return command + "{" + _escape(plain.replace("-", "\u2212")) + "}{" + typed.encode("utf-16-be").hex().upper() + "}"


def plain_text(text: str) -> str:
    """Escaped text with no Unicode mapping failures and no markup, at most PDF_TEXT
    characters of it: for PDF bookmarks and metadata."""
    if len(text) > PDF_TEXT:
        text = text[: PDF_TEXT - 3].rstrip() + "..."
    try:
        return _escape(text, emoji=False)
    except UnsupportedCharacter:
        pass
    out = []
    for char in text:
        try:
            out.append(_escape_one(char))
        except UnsupportedCharacter:
            out.append("?")
    return "".join(out)
