"""The outputs: each a writer that turns the checked content of the selected questions
into its format (latex: the sheet and key PDFs; anki: a deck)."""
