"""The files `guidegen import` reads besides Markdown documents: a learning platform's
(Moodle XML, GIFT), an Anki package and flashcards (CSV or TSV, as Quizlet and Anki
export them). Each is a module with KIND (what it is, in messages), `detect(path)`, which
tells the format from the content, not only the name, and `read(path)`, which gives the
splitter's structures (importer.found) and the images the file carries. The first module
whose `detect` says yes reads the file; none: it is a Markdown document."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

# In the order they are asked: the surest signs first, flashcards (a table of text) last.
FORMATS = ["moodlexml", "apkg", "gift", "flashcards"]
MAX_BYTES = 200_000_000  # a larger file is no question bank


def detect(source: Path) -> ModuleType | None:
    """The module that reads `source`, or None for a Markdown document (or no file: its
    reading says what is wrong)."""
    try:
        if not source.is_file() or source.stat().st_size > MAX_BYTES:
            return None
    except OSError:
        return None
    for name in FORMATS:
        module = importlib.import_module(f"guidegen.importer.formats.{name}")
        if module.detect(source):
            return module
    return None


def head(source: Path, size: int = 8192) -> bytes:
    """The first bytes of a file, for `detect`."""
    with open(source, "rb") as file:
        return file.read(size)


def text_of(source: Path) -> str:
    """A text file's content (UTF-8, a byte-order mark and CR LF line ends allowed)."""
    from guidegen.importer import read_source

    return read_source(source)
