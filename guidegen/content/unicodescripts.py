"""Unicode superscripts, subscripts and modifier letters (x², a₁, Wᵀ, 10⁻³) read as what
they mean: a superscript or subscript of a plain letter, digit or sign.

People paste them from chat, slides and Wikipedia. They are read once here, the same for
every output: math gets ^{...} and _{...}, text a superscript or subscript of the letter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SUPERSCRIPT = "^"
SUBSCRIPT = "_"

_DIGITS = ("ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE")
_SIGNS = {"PLUS SIGN": "+", "MINUS": "-", "EQUALS SIGN": "=", "LEFT PARENTHESIS": "(", "RIGHT PARENTHESIS": ")"}
# Greek modifier letters by the name of the letter they raise or lower. (ᶷ, named
# UPSILON, is the phonetic ʊ, not Greek: left out.)
_GREEK = {"ALPHA": "α", "BETA": "β", "GAMMA": "γ", "DELTA": "δ", "THETA": "θ", "IOTA": "ι", "RHO": "ρ", "PHI": "φ",
          "CHI": "χ"}
# Where Unicode keeps them: ²³¹, superscripts and subscripts, and the modifier letters.
_RANGES = ((0x00B2, 0x00B3), (0x00B9, 0x00B9), (0x2070, 0x209F), (0x1D2C, 0x1D6A), (0x1D9B, 0x1DBF), (0x02B0, 0x02B8),
           (0x2C7C, 0x2C7D))
_NAME = re.compile(r"(?:(?:LATIN |GREEK )?(SUPERSCRIPT|SUBSCRIPT)|MODIFIER LETTER) (?:(?:LATIN |GREEK )?(?:SMALL|CAPITAL) "
                   r"(?:LETTER |GREEK )?)?(.+)")


@dataclass(frozen=True)
class Script:
    """One character's meaning: raised (^) or lowered (_), and the plain character."""

    position: str  # SUPERSCRIPT or SUBSCRIPT
    plain: str  # a letter, digit, sign ("-" for a minus) or a Greek letter


def _table() -> dict[str, Script]:
    """Every character of _RANGES that stands for a plain one, from its Unicode name
    (MODIFIER LETTER CAPITAL T is a superscript T; LATIN SUBSCRIPT SMALL LETTER I a subscript i)."""
    table = {}
    for lo, hi in _RANGES:
        for code in range(lo, hi + 1):
            name = unicodedata.name(chr(code), "")
            match = _NAME.fullmatch(name)
            if match is None or "SMALL CAPITAL" in name:  # ᶦ, ᶫ: small capitals have no plain meaning
                continue
            position = SUBSCRIPT if match.group(1) == "SUBSCRIPT" else SUPERSCRIPT
            what = match.group(2)
            if what in _DIGITS:
                plain = str(_DIGITS.index(what))
            elif what in _SIGNS:
                plain = _SIGNS[what]
            elif what in _GREEK:
                plain = _GREEK[what]
            elif re.fullmatch("[A-Z]", what):
                plain = what if "CAPITAL" in name else what.lower()
            else:
                continue  # turned, barred, hooked letters, schwa...: phonetics, no plain letter
            table[chr(code)] = Script(position, plain)
    return table


SCRIPTS: dict[str, Script] = _table()
_RUN = re.compile("[" + "".join(sorted(SCRIPTS)) + "]+")


def runs(text: str) -> list[tuple[int, int, str, str]]:
    """Each run of script characters of one position in `text`: (start, end, position, plain text)."""
    found = []
    for match in _RUN.finditer(text):
        start = match.start()
        for index in range(match.start() + 1, match.end() + 1):
            if index == match.end() or SCRIPTS[text[index]].position != SCRIPTS[text[start]].position:
                plain = "".join(SCRIPTS[c].plain for c in text[start:index])
                found.append((start, index, SCRIPTS[text[start]].position, plain))
                start = index
    return found


def has_scripts(text: str) -> bool:
    return _RUN.search(text) is not None


def scripts_to_math(source: str) -> str:
    """Math with each run written as TeX scripts: x²³ is x^{23}, 10⁻³ is 10^{-3}, Wᵀx is W^{T}x.
    After a '^' or '_' of its own kind (x^²), a run is that script's argument."""
    if not has_scripts(source):
        return source
    out = []
    position = 0
    for start, end, kind, plain in runs(source):
        before = source[position:start]
        out.append(before)
        out.append(("" if before.endswith(kind) else kind) + "{" + plain + "}")
        position = end
    out.append(source[position:])
    return "".join(out)


# Combining accents people type over a letter (x̄, ŷ as y + U+0302): the accent command
# each stands for, in math (x̄ is \\bar{x}) and in text (\\={x}).
ACCENTS = {"\u0300": ("grave", "`"), "\u0301": ("acute", "'"), "\u0302": ("hat", "^"), "\u0303": ("tilde", "~"),
           "\u0304": ("bar", "="), "\u0305": ("bar", "="), "\u0306": ("breve", "u"), "\u0307": ("dot", "."),
           "\u0308": ("ddot", '"'), "\u030c": ("check", "v"), "\u20d7": ("vec", None)}
ACCENTED = re.compile("([^\\W_])([" + "".join(ACCENTS) + "])")


def accents_to_math(source: str) -> str:
    """Math with each letter + combining accent written as the accent command: x̄ is \\bar{x},
    and a letter that carries its accent (ŷ, U+0177) is \\hat{y}."""
    if not source.isascii():
        import unicodedata

        source = "".join(d if not c.isascii() and ACCENTED.fullmatch(d := unicodedata.normalize("NFD", c)) else c
                         for c in source)
    if not ACCENTED.search(source):
        return source
    return ACCENTED.sub(lambda m: "\\" + ACCENTS[m.group(2)][0] + "{" + m.group(1) + "}", source)
