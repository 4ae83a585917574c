"""The outputs: each a writer that turns the checked content of the selected questions
into its format. WRITERS is the registry: `check`, `watch`, `new` and the commands of the
outputs come from it; a new output is its folder, one line here, and its command.

The registry names each writer's class by where it lives and imports it when it is first
asked for: every command's start-up imports this package (the command line is made from
the writers' options), and importing every writer there, the page's markdown-it and
MathML among them, cost each command a fifth of a second before it did anything."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guidegen.outputs.base import Writer


class _Registry(MutableMapping):
    """name -> writer class, each imported on first use; in the order `check` asks them.
    A class may also be registered as it is (a plug-in, a test's writer)."""

    def __init__(self, places: dict[str, str]):
        self._places = places
        self._classes: dict[str, type[Writer]] = {}

    def __getitem__(self, name: str) -> type[Writer]:
        if name not in self._classes:
            module, _, attribute = self._places[name].partition(":")
            cls = getattr(importlib.import_module(module), attribute)
            if cls.name != name:
                raise RuntimeError(f"the registry names {attribute} '{name}', but it is called '{cls.name}'")
            self._classes[name] = cls
        return self._classes[name]

    def __setitem__(self, name: str, cls: type[Writer]) -> None:
        self._places[name] = f"{cls.__module__}:{cls.__qualname__}"
        self._classes[name] = cls

    def __delitem__(self, name: str) -> None:
        del self._places[name]
        self._classes.pop(name, None)

    def __contains__(self, name: object) -> bool:  # without importing the writer
        return name in self._places

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


# A writer after those it builds on.
WRITERS: MutableMapping[str, type[Writer]] = _Registry({
    "pdf": "guidegen.outputs.latex.writer:LatexWriter",  # the question sheet and answer key as PDFs (`build`, `watch`)
    "anki": "guidegen.outputs.anki.writer:AnkiWriter",  # an Anki package (`anki`)
    "cards": "guidegen.outputs.cards.writer:CardsWriter",  # printable flashcards (`cards`)
    "html": "guidegen.outputs.html.writer:HtmlWriter",  # a self-study web page, one offline file (`html`)
    "moodle": "guidegen.outputs.platforms.writer:MoodleWriter",  # Moodle XML for a question bank (`export --format moodle`)
    "gift": "guidegen.outputs.platforms.writer:GiftWriter",  # GIFT text for Moodle and other platforms (`export --format gift`)
    "qti21": "guidegen.outputs.qti.writer:Qti21Writer",  # a QTI 2.1 content package for learning platforms (`export --format qti21`)
    "qti12": "guidegen.outputs.qti.writer:Qti12Writer",  # a QTI 1.2 package as Canvas Classic imports it (`export --format qti12`)
})


def export_formats() -> list[str]:
    """The names of the writers `guidegen export --format` makes: formats for other tools."""
    return [name for name, cls in WRITERS.items() if cls.exports]


def writers(names: tuple[str, ...] = ()) -> list[Writer]:
    """The registered writers named, each with its default options; when none are named,
    every one but the export formats (a format for another tool is checked when asked
    for: `check --for gift`, or its export)."""
    return [cls() for name, cls in WRITERS.items() if name in names or (not names and not cls.exports)]
