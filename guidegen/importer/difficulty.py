"""Difficulty markers in imported questions: "[E]", "(Hard)", "**Difficulty:** 🟡 Medium",
and emoji after the question when the document says what they mean ("Legend: 👶 easy
⭐️ medium 🚀 expert"). Each is taken out of the question's text and becomes `difficulty`."""

from __future__ import annotations

import re
import unicodedata

_LEVELS = {"e": "easy", "easy": "easy", "beginner": "easy", "basic": "easy",
           "m": "medium", "medium": "medium", "intermediate": "medium",
           "h": "hard", "hard": "hard", "expert": "hard", "advanced": "hard"}
_WORDS = "easy|medium|hard|expert|beginner|basic|intermediate|advanced"
_LEADING = re.compile(rf"^[ \t]*(?:\[(E|M|H|{_WORDS})\]|\(({_WORDS})\))[ \t]*", re.IGNORECASE)
_TRAILING = re.compile(rf"[ \t]*(?:\[(E|M|H|{_WORDS})\]|\(({_WORDS})\))[ \t]*$", re.IGNORECASE)
_FIELD = re.compile(rf"^\W*difficulty\W*[:：][^A-Za-z]*({_WORDS})\b", re.IGNORECASE)
# "👶 easy", "⭐️ medium": a symbol (with its variation selector or joiner) and a level.
_LEGEND_PAIR = re.compile(rf"([^\w\s:,;|()\[\]*_-][\ufe0f\u200d]*)\s*[:=-]?\s*({_WORDS})\b", re.IGNORECASE)


def legend(text: str) -> dict[str, str]:
    """Symbol -> level, from a line of the document that gives two or more such pairs."""
    for line in text.split("\n"):
        pairs = _LEGEND_PAIR.findall(line)
        if len(pairs) >= 2:
            return {_bare(symbol): _LEVELS[word.lower()] for symbol, word in pairs}
    return {}


def _bare(symbol: str) -> str:
    return symbol.replace("\ufe0f", "").replace("\u200d", "").strip()


def is_symbol(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Cf", "Mn") or char in "\ufe0f\u200d"


def strip_trailing_symbols(text: str) -> str:
    """`text` without emoji and other symbols at its end ("What is X? 👶" -> "What is X?")."""
    end = len(text)
    while end and (is_symbol(text[end - 1]) or text[end - 1] in " \t"):
        end -= 1
    return text[:end]


def take(text: str, symbols: dict[str, str]) -> tuple[str, str | None]:
    """(the text without a difficulty marker at its start or end, the level it gave)."""
    found = _LEADING.match(text)
    if found:
        return text[found.end():], _LEVELS[(found.group(1) or found.group(2)).lower()]
    found = _TRAILING.search(text)
    if found:
        return text[: found.start()], _LEVELS[(found.group(1) or found.group(2)).lower()]
    bare = strip_trailing_symbols(text)
    if bare != text.rstrip():
        tail = _bare(text[len(bare):])
        level = next((symbols[s] for s in symbols if s and s in tail), None)
        return bare, level
    return text, None


def field(text: str) -> str | None:
    """The level a "Difficulty: Medium" line gives."""
    found = _FIELD.match(text.strip().replace("*", "").replace("_", ""))
    return _LEVELS[found.group(1).lower()] if found else None
