"""What the writer contract means for a user: `check` speaks for every output, `import`
asks the content layer and every writer (never the PDF alone), cards never replace the
key `build` wrote, and an Anki deck keeps its name and its notes their times."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_project, question_file

GUIDE = "title: T\ntopics:\n  - slug: a\n    name: A\n"
GEORGIAN = "რა არის გრადიენტი?"


def run(project: Path, *args: str):
    from guidegen.cli import main

    return CliRunner().invoke(main, [*args, "--project", str(project)], catch_exceptions=False)


def blank_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    with open(path, "wb") as handle:
        writer.write(handle)


def test_check_labels_what_only_anki_cannot_show(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What?", "See ![A plot.](plot.pdf)")}, GUIDE)
    blank_pdf(project / "content" / "plot.pdf")
    result = run(project, "check")
    assert result.exit_code == 1
    assert re.search(r"q\.md:\d+: error: \[anki\] image 'content/plot\.pdf': a card cannot show a PDF image; save it as PNG or JPG or SVG,", result.output), result.output
    assert "[pdf]" not in result.output and "[cards]" not in result.output
    assert run(project, "check", "--for", "pdf").exit_code == 0
    assert run(project, "check", "--for", "cards").exit_code == 0


def test_check_labels_what_only_the_pdf_cannot_print(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", GEORGIAN, "This.")}, GUIDE)
    result = run(project, "check")
    assert result.exit_code == 1
    assert re.search(r"q\.md:\d+: error: \[pdf\] ", result.output), result.output
    assert "[anki]" not in result.output
    assert "[cards]" not in result.output  # the cards build on the PDF's writer: its problem is said once
    assert run(project, "check", "--for", "anki").exit_code == 0, run(project, "check", "--for", "anki").output
    assert "[cards]" in run(project, "check", "--for", "cards").output


def test_import_keeps_a_note_only_the_pdf_cannot_print_and_anki_exports_it(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text(f"# Notes\n\n## Q1. What is a gradient?\n\nThe slope.\n\n## Q2. {GEORGIAN}\n\nდახრილობა.\n", "utf-8")
    project = tmp_path / "proj"
    from guidegen.cli import main

    result = CliRunner().invoke(main, ["import", str(source), "--project", str(project)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.search(r"notes\.md:\d+: warning: \[pdf\] ", result.output), result.output
    assert len(list((project / "content").rglob("*.md"))) == 2
    exported = run(project, "anki")
    assert exported.exit_code == 0, exported.output
    assert "(2 notes)" in exported.output


def read_notes(apkg: Path) -> dict[str, tuple]:
    """Each note's (id, guid, fields, mod), by its question id, as the package holds them."""
    with zipfile.ZipFile(apkg) as archive:
        data = archive.read("collection.anki2")
    db_path = apkg.with_suffix(".read.anki2")
    db_path.write_bytes(data)
    db = sqlite3.connect(db_path)
    try:
        notes = {flds.split("\x1f")[3]: (nid, guid, flds, mod) for nid, guid, flds, mod in db.execute("SELECT id, guid, flds, mod FROM notes")}
        decks = sorted(d["name"] for d in json.loads(db.execute("SELECT decks FROM col").fetchone()[0]).values())
    finally:
        db.close()
        db_path.unlink()
    return notes, decks


def test_a_reexport_changes_only_the_notes_whose_content_changed(tmp_path: Path):
    questions = {"q1.md": question_file("q1", "One", "[a]", "easy", "First?", "Yes."),
                 "q2.md": question_file("q2", "Two", "[a]", "easy", "Second?", "No.")}
    project = make_project(tmp_path, questions, GUIDE)
    assert run(project, "anki").exit_code == 0
    first, _ = read_notes(project / "build" / "guide.apkg")
    import time

    time.sleep(1.1)  # a note's time has a resolution of seconds
    (project / "content" / "q2.md").write_text(question_file("q2", "Two", "[a]", "easy", "Second?", "No, never."))
    assert run(project, "anki").exit_code == 0
    second, _ = read_notes(project / "build" / "guide.apkg")
    assert second["q1"] == first["q1"]  # nothing of it changed: a re-import leaves it as it is
    assert second["q2"][:2] == first["q2"][:2] and second["q2"][3] > first["q2"][3]  # newer: Anki updates it


def test_the_first_export_writes_no_identity_during_the_run_and_the_second_is_a_no_op(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What?", "This.")}, GUIDE)
    first = run(project, "anki")
    assert first.exit_code == 0, first.output
    text = (project / "content" / "guide.yaml").read_text()
    assert re.search(r"(?m)^id: [0-9a-f-]{36}  #", text) and re.search(r"(?m)^deck: T  #", text)
    second = run(project, "anki")
    assert second.exit_code == 0 and second.output.startswith("Nothing to do"), second.output
    assert (project / "content" / "guide.yaml").read_text() == text


def test_renaming_the_guide_keeps_the_deck_and_a_deck_key_renames_it(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What?", "This.")}, GUIDE)
    assert run(project, "anki").exit_code == 0
    guide = project / "content" / "guide.yaml"
    guide.write_text(guide.read_text().replace("title: T\n", "title: Renamed\n"))
    assert run(project, "anki").exit_code == 0
    assert read_notes(project / "build" / "guide.apkg")[1] == ["Default", "T"]
    guide.write_text(re.sub(r"(?m)^deck: .*$", "deck: On purpose", guide.read_text()))
    assert run(project, "anki").exit_code == 0
    assert read_notes(project / "build" / "guide.apkg")[1] == ["Default", "On purpose"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.tex
def test_cards_leave_the_key_build_wrote_alone_and_build_stays_a_no_op(tmp_path: Path):
    long_answer = " ".join(f"Sentence {i} of a long answer that will not fit on one card." for i in range(60))
    questions = {"q1.md": question_file("q1", "One", "[a]", "easy", "First?", long_answer),
                 "q2.md": question_file("q2", "Two", "[a]", "easy", "Second?", "No.")}
    project = make_project(tmp_path, questions, GUIDE)
    built = run(project, "build", "--large-print", "--duplex")
    assert built.exit_code == 0, built.output
    out = project / "build"
    before = {name: digest(out / name) for name in ("guide-questions.pdf", "guide-answers.pdf")}
    stat = (out / "guide-answers.pdf").stat().st_mtime_ns
    made = run(project, "cards")
    assert made.exit_code == 0, made.output
    assert "page numbers from build/guide-cards-key.pdf" in made.output.replace(str(project) + "/", ""), made.output
    assert {name: digest(out / name) for name in before} == before
    assert (out / "guide-answers.pdf").stat().st_mtime_ns == stat
    assert (out / "guide-cards-key.pdf").is_file()
    again = run(project, "build", "--large-print", "--duplex")
    assert again.exit_code == 0 and "Nothing to do" in again.output, again.output


@pytest.mark.tex
def test_a_missing_answer_space_macro_is_an_error_naming_the_kind(tmp_path: Path):
    from guidegen.paths import template_dirs  # noqa: F401  (the default templates ship with the package)

    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What?", "This.")}, GUIDE)
    default = Path(__import__("guidegen").__file__).parent / "templates" / "preamble.tex.j2"
    text = default.read_text("utf-8")
    kept = "\n".join(line for line in text.splitlines() if not line.startswith(r"\newcommand{\ggspace@lines}"))
    assert kept != text
    (project / "templates").mkdir()
    (project / "templates" / "preamble.tex.j2").write_text(kept + "\n", "utf-8")
    result = run(project, "build", "--answer-space", "lines", "--no-page-match")
    assert result.exit_code == 1
    assert "no macro for the answer space 'lines'" in result.output, result.output
    assert not (project / "build" / "guide-questions.pdf").exists()


@pytest.mark.tex
def test_the_cards_options_come_from_guide_yaml_defaults_unless_given(tmp_path: Path):
    guide = GUIDE + "defaults:\n  cards:\n    per_page: 4\n    flip: short\n"
    questions = {f"q{i}.md": question_file(f"q{i}", f"Q{i}", "[a]", "easy", "What?", "This.") for i in range(1, 6)}
    project = make_project(tmp_path, questions, guide)
    made = run(project, "cards")
    assert made.exit_code == 0, made.output
    assert "flipping on the short edge" in made.output
    from pypdf import PdfReader

    assert len(PdfReader(project / "build" / "guide-cards.pdf").pages) == 4  # 5 cards, 4 a page: two sheets, two sides
    given = run(project, "cards", "--per-page", "8", "--flip", "long")
    assert given.exit_code == 0 and "flipping on the long edge" in given.output
    assert len(PdfReader(project / "build" / "guide-cards.pdf").pages) == 2


def test_a_bad_output_default_is_reported_at_its_line(tmp_path: Path):
    guide = GUIDE + "defaults:\n  cards:\n    per_page: 5\n  card:\n    flip: long\n"
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What?", "This.")}, guide)
    result = run(project, "check")
    assert result.exit_code == 1
    assert re.search(r"guide\.yaml:6: error: \[cards\] 'defaults: cards: per_page' must be auto or 4 or 8 or 10", result.output), result.output
    assert re.search(r"guide\.yaml:8: error: 'defaults: card:' names no output \(outputs: pdf, anki, cards, html, moodle, gift, qti21, qti12\)", result.output), result.output
