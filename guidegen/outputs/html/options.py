"""The page's options, apart from its writer: the command line is made from them at
start-up, which must not import the writer (and markdown-it with it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _language(value: str) -> str | None:
    return value if _LANG.fullmatch(value) else None


@dataclass(frozen=True)
class HtmlOptions:
    lang: str | None = field(default=None, metadata={
        "option": "--lang", "metavar": "CODE", "default": "en", "parse": _language, "expects": "a language tag such as en, de or pt-BR",
        "help": "The language of the guide (the page's lang: hyphenation, the voice of a screen reader)."})
