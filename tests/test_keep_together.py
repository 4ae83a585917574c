"""A question kept with its answer's start, and continued room named, read back from the
ML guide's PDFs as a reader sees them (issue 21, items 1 and 2).

- No key page ends with a question (or a topic heading) whose "Answer" label and first
  answer lines are on the next page: the sheet copies the key's breaks, so such a page
  would leave the question's room overleaf in both.
- A sheet page that opens with room belonging to a question asked on an earlier page
  starts with "Question N (continued)", and a page that does not, does not.

The builds are the ones tests/test_print_economy.py makes (same arguments, so shared).
"""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_print_economy import MODES

pytestmark = pytest.mark.tex

# The issue's own builds: the default, three versions (its pages 7 and 8 of version B
# ended with a question, once with a topic heading) and the A5 booklet, whose pages
# are read before imposition.
KEYS = {
    "default": ["guide-answers.pdf"],
    "versions": [f"guide-{v}-answers.pdf" for v in "ABC"],
    "booklet": [".work/guide-answers.pdf"],
}


@pytest.fixture(scope="module")
def ml(bank: Path, built):
    return lambda mode: built(bank, "-q", "--out", f"build-{mode}", *MODES[mode])


def page_lines(pdf: Path) -> list[list[tuple[float, str]] | None]:
    """Each page's lines of text, top to bottom: (baseline, words), without the running head
    and the page foot; None for a page left blank (two-sided printing)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        words = sorted((float(y), float(x), unescape(w)) for x, y, w in
                       re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', page))
        if not words:
            pages.append(None)
            continue
        lines: list[list] = []
        for y, x, word in words:
            if lines and y - lines[-1][0] < 2.5:
                lines[-1][1].append((x, word))
            else:
                lines.append([y, [(x, word)]])
        texts = [(y, " ".join(w for _, w in sorted(ws))) for y, ws in lines]
        pages.append([(y, t) for y, t in texts
                      if not re.fullmatch(r"Page \d+ of \d+", t) and not re.search(r"(Questions|Answer key)( · Version [A-Z])?$", t)])
    return pages


def outline(pdf: Path) -> list[tuple[str, int, list[tuple[int, str, int]]]]:
    """The topics in order: (name, page, [(number, title, page) of its questions])."""
    reader = PdfReader(pdf)
    topics: list = []
    for node in reader.outline:
        if isinstance(node, list):
            for child in node:
                number, title = child.title.split(" ", 1)
                topics[-1][2].append((int(number), title, reader.get_destination_page_number(child) + 1))
        else:
            topics.append((re.sub(r"^\d+ ", "", node.title), reader.get_destination_page_number(node) + 1, []))
    return topics


def title_line(lines: list[tuple[float, str]], number: int, title: str) -> int | None:
    """Where a question's title line is on its page (pdftotext may split words oddly)."""
    start = f"{number}" + "".join(title.split()[:2])
    return next((i for i, (_, text) in enumerate(lines) if "".join(text.split()).startswith(start)), None)


def orphaned(key: Path) -> list[str]:
    """Questions (and topic headings) whose page ends before their answer's label and first
    two lines, as a reader would find them."""
    pages = page_lines(key)
    found = []
    questions = [q for _, _, qs in outline(key) for q in qs]
    for index, (number, title, page) in enumerate(questions):
        lines = pages[page - 1]
        at = title_line(lines, number, title)
        if at is None:
            found.append(f"{number} {title}: title not found on its page {page}")
            continue
        after = [text for _, text in lines[at + 1:]]
        label = next((i for i, text in enumerate(after) if text == "ANSWER"), None)
        answer_ends_here = index + 1 < len(questions) and questions[index + 1][2] == page
        if label is None:
            found.append(f"{number} {title} ends page {page}; its Answer label is overleaf")
        elif len(after) - label - 1 < 2 and not answer_ends_here:
            found.append(f"{number} {title}: page {page} ends {len(after) - label - 1} line(s) into its answer")
    for name, page, qs in outline(key):
        if qs and qs[0][2] != page:
            found.append(f"topic {name} ends page {page}; its first question is on page {qs[0][2]}")
        elif not any(text.endswith(name) for _, text in pages[page - 1]):
            found.append(f"topic {name}: heading not found on its page {page}")
    return found


@pytest.mark.parametrize("mode", list(KEYS))
def test_no_key_page_ends_with_a_question_whose_answer_starts_overleaf(ml, mode):
    out = ml(mode)
    for name in KEYS[mode]:
        assert orphaned(out / name) == [], name


CONTINUED = re.compile(r"Question (\d+) \(continued\)")


def continued_labels(sheet: Path) -> tuple[list[str], int]:
    """What is wrong with the sheet's "Question N (continued)" labels, and how many pages
    carry one. A page opens with continued room when its first text below the running
    head is not a question's title or a topic heading at the top of the text block (the
    room itself has no text)."""
    pages = page_lines(sheet)
    topics = outline(sheet)
    starts = {}  # page -> [(number, title)] of the questions starting on it
    for _, _, qs in topics:
        for number, title, page in qs:
            starts.setdefault(page, []).append((number, title))
    headings = {name for name, _, _ in topics}
    first_page = min(starts)
    # The top of the text block: the highest a question title or topic heading starts a page.
    top = min(lines[0][0] for page, lines in enumerate(pages, 1) if page >= first_page and lines and (
        lines[0][1].split(" ", 1)[-1] in headings or any(title_line(lines[:1], n, t) == 0 for n, t in starts.get(page, []))))
    problems, labelled = [], 0
    for page in range(first_page, len(pages) + 1):
        lines = pages[page - 1]
        if lines is None:
            continue
        asked = [n for p, qs in starts.items() if p < page for n, _ in qs]
        label = CONTINUED.fullmatch(lines[0][1]) if lines else None
        rest = lines[1:] if label else lines
        opens_with_room = not rest or rest[0][0] > top + 6
        if opens_with_room and label is None:
            problems.append(f"page {page} opens with room of question {max(asked)} but does not say so")
        elif label and int(label.group(1)) != max(asked):
            problems.append(f"page {page} says {label.group(0)}, but the last question asked is {max(asked)}")
        elif label and not opens_with_room:
            problems.append(f"page {page} says {label.group(0)} above a question or topic at the top of the page")
        labelled += bool(label)
    return problems, labelled


SHEETS = {
    "default": ["guide-questions.pdf"],
    "versions": [f"guide-{v}-questions.pdf" for v in "ABC"],
    "booklet": [".work/guide-questions.pdf"],
}


@pytest.mark.parametrize("mode", list(SHEETS))
def test_a_page_that_opens_with_continued_room_names_its_question(ml, mode):
    out = ml(mode)
    for name in SHEETS[mode]:
        problems, labelled = continued_labels(out / name)
        assert problems == [] and labelled >= 5, (name, problems, labelled)


def test_the_key_names_a_continued_answer_where_the_sheet_names_its_room(ml):
    """The label takes no room (it sits above the text block), and key and sheet carry it on
    the same pages, for the same question."""
    out = ml("default")
    sheet = [CONTINUED.fullmatch(lines[0][1]) if lines else None for lines in page_lines(out / "guide-questions.pdf")]
    key = [CONTINUED.fullmatch(lines[0][1]) if lines else None for lines in page_lines(out / "guide-answers.pdf")]
    assert [m and m.group(0) for m in sheet] == [m and m.group(0) for m in key]
    assert sum(bool(m) for m in key) >= 5
