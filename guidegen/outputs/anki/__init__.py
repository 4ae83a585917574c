"""Anki decks: the selected questions as an Anki package (.apkg), one note per question."""
