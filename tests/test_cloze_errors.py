"""Blanks ({{c1::answer}}) read and refused without TeX: every malformed blank is one
`path:line: error:` line from `guidegen check`, run in-process; the model that the
platform exports map (content.cloze.cloze_of); the sheet's LaTeX holds no answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file

GUIDE = "title: Blanks\ntopics:\n  - slug: a\n    name: A\n"


def check(tmp_path: Path, question: str, answer: str = "An answer.", options: str = "") -> list[str]:
    """`guidegen check`'s error lines for one question file (its body starts at line 7)."""
    body = question + ("\n\n" + options if options else "")
    make_project(tmp_path, {"q.md": question_file("q", "A question", "[a]", "easy", body, answer)}, GUIDE)
    result = guidegen(tmp_path, "check", "--project", ".")
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line]


@pytest.mark.parametrize(("question", "line", "words"), [
    ("First line.\n\nThe {{c1::gradient and nothing closes it.", 9, "is not closed"),
    ("The {{c1::}} is empty.", 7, "has no answer"),
    ("The {{c1::::a hint}} is empty too.", 7, "has no answer"),
    ("Nested {{c1::outer {{c2::inner}} text}} here.", 7, "cannot nest"),
    ("Inside math $x^{{c1::2}}$ here.", 7, "cannot stand inside a formula"),
    ("Display\n\n$$\nx^{{c1::2}}\n$$", 9, "cannot stand inside a formula"),
    ("Numbered {{c0::zero}} here.", 7, "numbered 0"),
    ("# A {{c1::heading}} blank\n\nText.", 7, "is in a heading"),
    ("A [link {{c1::text}}](https://example.org) here.", 7, "is in a link"),
    ("<table><tr><td>{{c1::cell}}</td></tr></table>", 7, "inside raw HTML"),
])
def test_a_malformed_blank_is_an_error_at_its_line(tmp_path: Path, question: str, line: int, words: str):
    [error] = check(tmp_path, question)
    assert error.startswith(f"content/q.md:{line}: error: ") and words in error


def test_a_blank_in_the_answer_or_an_option_is_an_error(tmp_path: Path):
    errors = check(tmp_path, "Pick one:", "The {{c1::answer}} here.", "- [x] the {{c2::right}} one\n- [ ] wrong")
    assert len(errors) == 2
    assert any(e.startswith("content/q.md:9: error: ") and "is in an option" in e for e in errors), errors
    assert any(e.startswith("content/q.md:14: error: ") and "is in an answer" in e for e in errors), errors


def test_a_blank_holding_a_picture_is_an_error(tmp_path: Path):
    [error] = check(tmp_path, "See {{c1::![a dot](dot.png)}} here.")
    assert error.startswith("content/q.md:7: error: ") and "a blank's answer is text" in error


def test_well_formed_blanks_check_clean_and_need_no_answer(tmp_path: Path):
    make_project(tmp_path, {"q.md": "---\nid: q\ntitle: T\ntopics: [a]\ndifficulty: easy\n---\n"
                            "A {{c1::$x^{a^{2}}$::a power}} and {{c2::`code}}`}} and \\{{c3::not a blank}}.\n"}, GUIDE)
    result = guidegen(tmp_path, "check", "--project", ".")
    assert result.returncode == 0, result.stderr
    assert "no model answer" not in result.stderr  # the blanks are the answer


def test_the_model_lists_the_blanks_in_order_with_placeholders():
    from guidegen.content.cloze import PLACEHOLDER, Blank, cloze_of

    text = "Intro.\n\nThe mean is {{c1::the *average*::a word}}, and $x$ squared\nis {{c2::$x^{a^{2}}$}}.\n\n`{{c9::code}}`\n"
    found = cloze_of(text, 10)
    assert found is not None
    assert found.blanks == (Blank(1, "the *average*", "the average", "a word", 12),
                            Blank(2, "$x^{a^{2}}$", "$x^{a^{2}}$", "", 12))
    assert found.text_md == ("Intro.\n\nThe mean is " + PLACEHOLDER.format(1) + ", and $x$ squared\nis "
                             + PLACEHOLDER.format(2) + ".\n\n`{{c9::code}}`\n")
    assert cloze_of("No blank, only `{{c1::code}}`.", 1) is None


def test_the_sheets_latex_holds_no_answer_and_both_blanks_are_as_wide(tmp_path: Path):
    from guidegen.outputs.latex.convert import to_latex

    text = "A sample's mean is its {{c1::arithmetic average::two words}}."
    sheet = to_latex(text, tmp_path / "q.md", 1, tmp_path, empty_blanks=True).latex
    key = to_latex(text, tmp_path / "q.md", 1, tmp_path).latex
    assert "arithmetic" not in sheet and "two words" in sheet
    assert "arithmetic average" in key and "two words" not in key
    # 18 characters: half an em each and one more, 10 em (rounded up to an even number).
    assert "\\ggblank{10em}" in sheet and "\\ggblankfilled{10em}" in key
    short = to_latex("Its {{c1::mean}}.", tmp_path / "q.md", 1, tmp_path, empty_blanks=True).latex
    assert "\\ggblank{4em}{}" in short  # 3 em for 4 letters, but never less than 4


def test_anki_escapes_what_would_end_a_deletion(tmp_path: Path):
    from guidegen.outputs.anki.html import to_html

    html = to_html("Text {{literal}} and {{c1::a `::` b::the hint}}.", tmp_path / "q.md", 1).html
    assert "{&#123;literal}&#125;" in html
    assert "{{c1::a <code>:&#58;</code> b::the hint}}" in html


def test_a_blank_in_the_title_is_an_error(tmp_path: Path):
    make_project(tmp_path, {"q.md": question_file("q", "The {{c1::mean}}", "[a]", "easy", "Text.", "An answer.")}, GUIDE)
    result = guidegen(tmp_path, "check", "--project", ".")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [
        "content/q.md:3: error: the blank '{{c1::mean}}' is in a title; blanks stand in a question's text only "
        "(its paragraphs, lists and table cells)"]


def test_a_paragraph_of_unclosed_openings_is_refused_quickly(tmp_path: Path):
    import time

    from guidegen.content.check import Checker

    checker = Checker(tmp_path / "q.md", 1, None)
    started = time.monotonic()
    checker.walk("{{c1::" * 15_000 + "}}")
    assert time.monotonic() - started < 15  # 4 s here; a scan to the end from each opening took 40
    assert len(checker.problems) == 15_000 and "is not closed" in checker.problems[0].message


def test_a_broken_front_matter_still_reads_the_blanks_as_the_question_s(tmp_path: Path):
    """The body of a file whose front matter is wrong is checked too (in the same run)."""
    make_project(tmp_path, {"q.md": "---\nid: q\ntitle: T\ntopics: [a]\n---\nThe {{c1::mean}}.\n\n## Answer\n\n"
                            "Not {{c2::here}}.\n"}, GUIDE)
    result = guidegen(tmp_path, "check", "--project", ".")
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert not any("{{c1::mean}}" in e for e in errors), errors
    assert any(e.startswith("content/q.md:10: error: the blank '{{c2::here}}' is in an answer") for e in errors), errors


def test_a_parameter_placeholder_in_a_blank_is_part_of_its_answer():
    """{{c1::{{mean:.1f}}::a number}}: the placeholder's "}}" and ":" are not the blank's
    (the value is put in before printing; check reads the text as written)."""
    from guidegen.content.cloze import Blank, cloze_of

    found = cloze_of("Heads: {{c1::{{mean:.1f}}::a number}} and {{c2::$x^{{2}}$}}.", 1)
    assert found is not None and found.blanks == (Blank(1, "{{mean:.1f}}", "{{mean:.1f}}", "a number", 1),
                                                  Blank(2, "$x^{{2}}$", "$x^{{2}}$", "", 1))
