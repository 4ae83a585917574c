"""Blanks ({{c1::answer}}) in every output, read back as a reader sees them: the question
sheet has empty lines where the key has the answers, on as many pages; the flashcards
hide them on the front and fill them on the back; Anki's own library imports the package
as a Cloze note and renders its cards; the page hides them behind a click
(test_cloze_browser.py clicks)."""

from __future__ import annotations

import html
import re
import shutil
import time
import subprocess
from pathlib import Path

import pytest

from conftest import guidegen, make_project, pdftotext, question_file

GUIDE = "title: Blanks\nid: 6f1d2c1e-8a77-4d0e-9c55-0d3c6c1b5a01\ntopics:\n  - slug: stats\n    name: Statistics\n"
# Answer words that appear nowhere else in the project.
CLOZE = question_file(
    "mean-words", "Words for the mean", "[stats]", "easy",
    "A sample's mean is its {{c1::arithmetic average::two words}}. Its spread around the mean is measured by "
    "the {{c2::variance}}, whose square root is the {{c3::standard deviation}}; the derivative of $x^2$ is "
    "{{c4::$2x$}}.\n\nThe {{c2::quincunx}} shows the normal curve.",
    "All four are definitions.")
OTHER = question_file("plain", "A plain question", "[stats]", "easy", "Why is the variance never negative?",
                      "It is an average of squares.")
ANSWERS = ("arithmetic", "average", "standard deviation", "quincunx")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("cloze"), {"mean-words.md": CLOZE, "plain.md": OTHER}, GUIDE)


def pages(pdf: Path) -> list[str]:
    count = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                                 check=True).stdout.splitlines() if line.startswith("Pages:")))
    return [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                                    text=True, check=True).stdout.split()) for n in range(1, count + 1)]


def word_box(pdf: Path, word: str) -> tuple[int, float, float]:
    """Where `word` first stands in a PDF: its page, left edge and middle height (pt), as
    pdftotext -bbox gives them."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page = 0
    for line in html.splitlines():
        page += "<page " in line
        found = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word) + "<", line)
        if found:
            return page, float(found.group(1)), (float(found.group(2)) + float(found.group(3))) / 2
    raise AssertionError(f"{word!r} is not in {pdf.name}")


@pytest.mark.tex
def test_the_sheet_has_blanks_where_the_key_has_the_answers(project: Path, built):
    out = built(project)
    sheet, key = pages(out / "guide-questions.pdf"), pages(out / "guide-answers.pdf")
    assert len(sheet) == len(key)
    sheet_text, key_text = " ".join(sheet), " ".join(key)
    assert "mean is its" in pdftotext(out / "guide-questions.pdf") and "two words" in sheet_text
    for answer in ANSWERS:
        assert answer not in sheet_text and answer in key_text
    assert "2x" in key_text.replace(" ", "") and "2x" not in sheet_text.replace(" ", "")
    assert "No model answer yet" not in key_text
    # The words after the blanks stand at the same places: the blanks are as wide in both.
    # (pdftotext sizes a word's box by the line's fonts: heights differ by a point; a line is 12.)
    for word in ("Its", "whose", "shows"):
        in_sheet, in_key = word_box(out / "guide-questions.pdf", word), word_box(out / "guide-answers.pdf", word)
        assert in_sheet[0] == in_key[0] and abs(in_sheet[1] - in_key[1]) < 0.5 and abs(in_sheet[2] - in_key[2]) < 2


@pytest.mark.tex
def test_cards_hide_the_blanks_on_the_front_and_fill_them_on_the_back(project: Path):
    result = guidegen(project, "cards", "--project", ".", "--out", "cards")
    assert result.returncode == 0, result.stderr
    [front, back] = pages(project / "cards" / "guide-cards.pdf")
    assert "mean is its" in front and "two words" in front
    for answer in ANSWERS:
        assert answer not in front and answer in back


def shown(card_html: str) -> str:
    """What a card shows: its HTML without the style, the tags and their attributes (Anki
    keeps a hidden answer in an attribute, for its own scripts)."""
    return html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<style>.*?</style>", "", card_html, flags=re.DOTALL)))


def test_anki_imports_a_cloze_note_with_a_card_per_number(project: Path, tmp_path: Path):
    from anki import collection as anki  # Anki's own library (the test extra)
    from anki.import_export_pb2 import ImportAnkiPackageRequest

    result = guidegen(project, "anki", "--project", ".", "--out", "deck")
    exported = int(time.time())
    assert result.returncode == 0, result.stderr
    [package] = (project / "deck").glob("*.apkg")
    collection = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        notes = {collection.get_note(nid)["Id"]: collection.get_note(nid) for nid in collection.find_notes("")}
        cloze, plain = notes["mean-words"], notes["plain"]
        assert cloze.note_type()["type"] == 1 and plain.note_type()["type"] == 0  # Anki's MODEL_CLOZE, MODEL_STD
        cards = sorted(cloze.cards(), key=lambda card: card.ord)
        assert [card.ord for card in cards] == [0, 1, 2, 3]  # c1 to c4
        first = cards[0]
        assert "arithmetic" not in shown(first.question()) and "[two words]" in shown(first.question())
        assert "arithmetic average" in shown(first.answer()) and "variance" in shown(first.question())
        second = shown(cards[1].question())  # c2: both of its blanks hidden, the others shown
        assert "variance" not in second and "quincunx" not in second and "arithmetic average" in second
        assert second.count("[...]") == 2
        assert "\\(2x\\)" in shown(cards[3].answer()) and "\\(2x\\)" not in shown(cards[3].question())
        assert "All four are definitions." in shown(first.answer())
        # An edited question updates its note, on the same card, at the next import.
        edited = tmp_path / "edited"
        shutil.copytree(project, edited, ignore=shutil.ignore_patterns("deck", "build", "cards"))
        path = edited / "content" / "mean-words.md"
        path.write_text(path.read_text("utf-8").replace("quincunx", "Galton board"), "utf-8")
        # Anki updates a note whose time (whole seconds) is newer than its own; a user never
        # re-imports within the second of the first export, but this test may.
        while int(time.time()) <= exported:
            time.sleep(0.05)
        again = guidegen(edited, "anki", "--project", ".", "--out", "deck")
        assert again.returncode == 0, again.stderr
        log = collection.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(next((edited / "deck").glob("*.apkg"))))).log
        assert (len(log.new), len(log.conflicting)) == (0, 0) and cloze.id in {n.id.nid for n in log.updated}
        assert len(collection.find_notes("")) == 2 and "Galton board" in collection.get_note(cloze.id)["Text"]
    finally:
        collection.close()


def test_the_page_hides_each_blank_in_a_button(project: Path):
    from test_html_page import build_page

    text = (build_page(project) / "guide.html").read_text("utf-8")
    assert text.count('<button type="button" class="blank" aria-expanded="false"') == 5
    assert '<span class="fill">arithmetic average</span><span class="hint">two words</span>' in text
