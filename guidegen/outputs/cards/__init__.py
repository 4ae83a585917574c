"""Printable flashcards: the selected questions as cut-out cards, the question on the
front of a page and its answer behind it on the next, for two-sided printing."""
