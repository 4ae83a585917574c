"""Pure logic, tested alone with values worked out by hand: the page-matching arithmetic,
the saddle-stitch order, how a LaTeX failure is explained, and how a key and its sheet
are compiled. No TeX runs here."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidegen.model import AnswerSpace, KeyMode, Layout

from guidegen.outputs.latex.engine import SourceSpan, explain_failure
from guidegen.outputs.latex.impose import booklet_order
from guidegen.outputs.latex.pagematch import Marks, Piece, missing, pieces, read_marks

PT = 65536  # sp per pt, written out: the tests do not borrow the module's constant


def marks(questions, starts, ends) -> Marks:
    """A4-like text block: top of the text 700 pt above the page's foot, 600 pt tall."""
    sp = lambda table: {k: (page, y * PT) for k, (page, y) in table.items()}  # noqa: E731
    return Marks(700 * PT, 600 * PT, sp(questions), sp(starts), sp(ends), {})


def test_an_answer_on_its_own_page_gets_its_height():
    m = marks({"a": (1, 650), "b": (1, 480)}, {"a": (1, 600), "b": (1, 460)}, {"a": (1, 500), "b": (1, 300)})
    # a ends at 500 pt, b follows on the same page: a's room is 600 - 500 = 100 pt.
    assert pieces(m, ["a", "b"])["a"] == (Piece("100.00pt", False),)


def test_an_answer_over_a_page_break_and_a_blank_page_foot():
    m = marks({"a": (1, 650), "b": (1, 480), "c": (3, 690)},
              {"a": (1, 600), "b": (1, 460), "c": (3, 650)},
              {"a": (1, 500), "b": (2, 400), "c": (3, 640)})
    room = pieces(m, ["a", "b", "c"])
    # b: from 460 pt down to the foot (100 pt) less 3 pt of slack = 357 pt, a break; then on
    # page 2 the key's answer runs from the top down to 400 pt: 300 pt, and a break (c
    # starts on page 3). The rest of page 2 stays blank, as in the key.
    assert room["b"] == (Piece("357.00pt", True), Piece("300.00pt", True))
    # c is the last question: its room is its answer's height, 650 - 640 = 10 pt, no break.
    assert room["c"] == (Piece("10.00pt", False),)


def test_an_answer_ending_at_a_page_foot_leaves_no_empty_piece():
    m = marks({"a": (1, 650), "b": (2, 690)}, {"a": (1, 200), "b": (2, 600)}, {"a": (2, 700), "b": (2, 500)})
    # 200 - 100 - 3 = 97 pt on page 1, and nothing on page 2 (its end mark went over alone).
    assert pieces(m, ["a", "b"])["a"] == (Piece("97.00pt", True),)


def test_marks_are_read_and_what_is_missing_is_named(tmp_path: Path):
    path = tmp_path / "k.heights"
    path.write_text("layout 45875200 39321600\nq a 1 42598400\ns a 1 39321600\ne a 2 3276800\nq b 2 3000000\nh b 655360\n")
    m = read_marks(path)
    assert m == Marks(45875200, 39321600, {"a": (1, 42598400), "b": (2, 3000000)}, {"a": (1, 39321600)},
                      {"a": (2, 3276800)}, {"b": 655360})
    assert missing(m, ["a", "b"]) == ["b"]
    assert missing(m, ["a", "b"], at_end=True) == ["a"]
    assert missing(None, ["a"]) == ["a"]
    (tmp_path / "none.heights").write_text("q a 1 2\n")
    assert read_marks(tmp_path / "none.heights") is None
    assert read_marks(tmp_path / "absent.heights") is None


def test_saddle_stitch_order():
    # Four sides per sheet: front [last, first], back [second, second-to-last]; the
    # outside back cover always blank, so 4 pages take two sheets.
    assert booklet_order(3) == [None, 1, 2, 3]
    assert booklet_order(4) == [None, 1, 2, None, None, 3, 4, None]
    assert booklet_order(5) == [None, 1, 2, None, None, 3, 4, 5]
    assert booklet_order(7) == [None, 1, 2, 7, 6, 3, 4, 5]
    assert booklet_order(1) == [None, 1, None, None]


def test_a_latex_error_names_the_question_and_quotes_the_line(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tex = ["\\documentclass{article}", "\\begin{document}", "\\ggquestion{1}{One}{easy}{first}{One}", "Fine.",
           "\\ggquestion{2}{Two}{hard}{second}{Two}", "Broken \\undefinedthing here.", "\\end{document}"]
    (tmp_path / "guide-answers.tex").write_text("\n".join(tex) + "\n")
    (tmp_path / "guide-answers.log").write_text("This is pdfTeX\n./guide-answers.tex:6: Undefined control sequence.\nl.6 Broken \\undefinedthing\n")
    spans = [SourceSpan(3, "first", tmp_path / "content" / "one.md"), SourceSpan(5, "second", tmp_path / "content" / "two.md")]
    assert explain_failure(tmp_path, "guide-answers", spans, "") == (
        "content/two.md: question 'second': LaTeX error in guide-answers.tex line 6: Undefined control sequence. "
        "(at: Broken \\undefinedthing here.) (full log: guide-answers.log)")


def test_a_latex_error_before_any_question_names_no_question(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "j.tex").write_text("\\documentclass{article}\n\\usepackage{nosuchpackage}\n")
    (tmp_path / "j.log").write_text("! LaTeX Error: File `nosuchpackage.sty' not found.\n\nl.2 \\usepackage\n")
    spans = [SourceSpan(10, "first", tmp_path / "one.md")]
    assert explain_failure(tmp_path, "j", spans, "") == (
        "LaTeX error in j.tex line 2: LaTeX Error: File `nosuchpackage.sty' not found. (at: \\usepackage{nosuchpackage}) "
        "(full log: j.log)")


def test_a_failure_without_a_log_quotes_the_output(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert explain_failure(tmp_path, "j", [], "some output\nFatal error occurred, no output PDF file produced!\n") == (
        "LaTeX failed on j.tex: Fatal error occurred, no output PDF file produced! (full log: j.log)")


def test_a_new_output_folder_starts_from_the_users_own_cache(tmp_path: Path):
    """What one build converted, a build into another folder finds in the user's cache
    (and keeps in its own); a folder's own cache alone knows only what it was given."""
    from guidegen.cache import Cache

    user = tmp_path / "user" / "conversions.sqlite"
    first = Cache(tmp_path / "a" / "cache.sqlite", fallback=Cache(user))
    first.put_many({"convert:1": ["latex one"], "convert:2": ["latex two"]})
    first.close()
    second = Cache(tmp_path / "b" / "cache.sqlite", fallback=Cache(user))
    assert second.get_many(["convert:1", "convert:3"]) == {"convert:1": ["latex one"]}
    second.close()
    alone = Cache(tmp_path / "b" / "cache.sqlite")
    assert alone.get("convert:1") == ["latex one"] and alone.get("convert:2") is None
    alone.close()


# -- the key/sheet decision --------------------------------------------------------------------

@pytest.mark.parametrize("layout, last_marks_fit, expected", [
    # Page-matched (the default): a rebuild starts from the last build's places when they
    # name every question; otherwise a draft of the key measures the answers first.
    (Layout(), True, "rebuild"),
    (Layout(), False, "measure"),
    # Answers at the end: the sheet's rows of room are sized from a draft of the key,
    # never from the last build's places (the pages do not match).
    (Layout(key=KeyMode.END), True, "measure"),
    (Layout(key=KeyMode.END), False, "measure"),
    # Not page-matched, inline answers: nothing to measure, both compile at once.
    (Layout(page_matched=False), True, "plain"),
    (Layout(page_matched=False, key=KeyMode.END), False, "plain"),
    # No room at all in the sheet, forced: nothing to match.
    (Layout(answer_space=AnswerSpace("none"), space_forced=True), True, "plain"),
    # A question's own room of none does not stop the rest from matching.
    (Layout(answer_space=AnswerSpace("none")), True, "rebuild"),
])
def test_the_key_and_sheet_decision(layout, last_marks_fit, expected):
    from guidegen.outputs.latex.pair import strategy

    assert strategy(layout, last_marks_fit).value == expected
