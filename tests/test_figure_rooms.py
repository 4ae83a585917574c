"""Which answers' last figures the key fits under their text, or keeps with it (issue 31,
item 3), from the marks of a key's pass: pure arithmetic, values worked out by hand."""

from __future__ import annotations

from guidegen.outputs.latex.pagematch import Marks, figure_rooms

PT = 65536  # sp per pt, written out: the tests do not borrow the module's constant


def marks(before: tuple[int, int], after: tuple[int, int], next_page: int, fitted: dict[str, int] | None = None) -> Marks:
    """Text block from 700 pt down to 100 pt; question a ends with a figure, b follows."""
    sp = lambda place: (place[0], place[1] * PT)  # noqa: E731
    return Marks(700 * PT, 600 * PT, {"a": (1, 690 * PT), "b": (next_page, 690 * PT)}, {}, {}, {},
                 {"a": sp(before)}, {"a": sp(after)}, fitted or {})


def test_a_figure_alone_with_room_under_its_text_gets_that_room():
    # Text ends at 300 pt on page 1, figure alone on page 2, b on page 3: 300 - 100 - 3 = 197 pt.
    assert figure_rooms(marks((1, 300), (2, 400), 3), ["a", "b"], {"a"}) == {"a": 197 * PT}


def test_a_figure_alone_with_too_little_room_is_kept_with_its_text():
    # 150 - 100 - 3 = 47 pt holds no figure: 0, keep it with the lines above it.
    assert figure_rooms(marks((1, 150), (2, 400), 3), ["a", "b"], {"a"}) == {"a": 0}


def test_a_kept_figure_stays_kept_and_a_fitted_one_keeps_its_room():
    assert figure_rooms(marks((2, 600), (2, 400), 3, {"a": 0}), ["a", "b"], {"a"}) == {"a": 0}
    assert figure_rooms(marks((2, 600), (2, 400), 3, {"a": 90}), ["a", "b"], {"a"}) == {"a": 497 * PT}


def test_a_figure_followed_by_a_question_on_its_page_is_left_alone():
    assert figure_rooms(marks((1, 150), (2, 400), 2), ["a", "b"], {"a"}) == {}
    assert figure_rooms(marks((1, 150), (2, 400), 3), ["a", "b"], set()) == {}
