"""Flashcards as a table of text: term and definition a row, separated by a tab (Quizlet's
export, Anki's "Notes in plain text") or a comma (CSV). Anki's header lines
(#separator:, #html:, #tags column:) are read; a first row of column names (term,
definition, front, back, ...) is left out. Each row is an open question: the term is its
title and question, the definition its answer."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from guidegen.importer.formats import common, head, text_of

KIND = "a flashcard table"
_HEADER_WORDS = {"term", "terms", "definition", "definitions", "front", "back", "question", "answer", "word", "meaning",
                 "prompt", "response"}
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}


def detect(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".xml", ".html", ".htm"):
        return False
    try:
        text = head(path, 65536).decode("utf-8")
    except UnicodeDecodeError:
        return False
    if text.startswith(("#separator:", "\ufeff#separator:")):
        return True
    rows = [line for line in text.replace("\r\n", "\n").split("\n")[:200] if line.strip() and not line.startswith("#")]
    if len(rows) > 1:
        rows = rows[:-1]  # the last line of the head may be cut
    if not rows:
        return False
    if suffix in (".tsv", ".csv"):
        return True
    # Quizlet's and Anki's default: every row a term, a tab, a definition.
    return all("\t" in row for row in rows)


def read(path: Path):
    from guidegen.importer.formats.htmltext import plain_to_markdown, to_markdown

    text = text_of(path)
    separator, html, tags_column = "\t", False, None
    lines = text.split("\n")
    skip = 0
    for line in lines:  # Anki's headers
        match = re.match(r"^#(\w[\w ]*):(.*)$", line)
        if not match:
            break
        key, value = match.group(1).strip().lower(), match.group(2).strip()
        if key == "separator":
            separator = _SEPARATORS.get(value.lower(), value[:1] or "\t")
        elif key == "html":
            html = value.lower() == "true"
        elif key == "tags column" and value.isdigit():
            tags_column = int(value) - 1
        skip += 1
    if skip == 0 and path.suffix.lower() == ".csv":
        separator = ","
    bank = common.Bank()
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=separator)
    convert = (lambda value: to_markdown(value, lambda src, alt: common.placeholder(src))) if html else plain_to_markdown
    told_extra = False
    for number, row in enumerate(reader, start=1):
        line = reader.line_num + skip
        if not any(cell.strip() for cell in row):
            continue
        if number == 1 and len(row) >= 2 and {c.strip().lower() for c in row[:2]} <= _HEADER_WORDS:
            continue  # column names
        tags = tuple(row[tags_column].split()) if tags_column is not None and tags_column < len(row) else ()
        cells = [c for k, c in enumerate(row) if k != tags_column]
        if len(cells) < 2 or not cells[1].strip():
            bank.problems.append((line, f"row '{cells[0][:40].strip() if cells else ''}' has no definition; not imported"))
            continue
        if len([c for c in cells[2:] if c.strip()]) and not told_extra:
            bank.problems.append((line, "rows have more than two columns: the third and later are left out"))
            told_extra = True
        term, definition = convert(cells[0].strip()), convert(cells[1].strip())
        if not term:
            bank.problems.append((line, "a row without a term; not imported"))
            continue
        bank.questions.append(common.question(common.plain_title(term), term, definition, line, None, "flashcard", tags=tags))
    return bank.result()
