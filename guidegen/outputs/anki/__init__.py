"""Anki decks: the selected questions as an Anki package (.apkg), one note per question."""

from guidegen.outputs.anki.export import AnkiOptions, Exported, export_deck

__all__ = ["AnkiOptions", "Exported", "export_deck"]
