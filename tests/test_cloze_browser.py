"""Blanks on the self-study page, in a real browser: each is hidden (its hint shows) until
clicked, a second click hides it again, "Show answer" fills them all, and the search does
not find a hidden answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project, question_file
from test_html_browser import browser  # noqa: F401  (the module's chromium, shared)
from test_html_page import build_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("html-browser")]

GUIDE = "title: Blanks\ntopics:\n  - slug: a\n    name: A\n"
QUESTION = question_file("blanks", "Words", "[a]", "easy",
                         "The mean is the {{c1::arithmetic average::two words}}; its square is {{c2::$x^2$}}.",
                         "Definitions.")


def test_a_blank_shows_its_answer_when_clicked(browser, tmp_path: Path):  # noqa: F811
    page_file = build_page(make_project(tmp_path, {"q.md": QUESTION}, GUIDE)) / "guide.html"
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(page_file.as_uri())
    first, second = tab.locator("button.blank").all()
    answer = first.locator(".fill")
    assert not answer.is_visible() and first.locator(".hint").is_visible()
    box = first.bounding_box()
    first.click()
    assert answer.is_visible() and answer.inner_text() == "arithmetic average"
    assert not first.locator(".hint").is_visible() and not second.locator(".fill").is_visible()
    assert abs(first.bounding_box()["width"] - box["width"]) < 1  # hidden, it kept the answer's width
    first.click()
    assert not answer.is_visible()
    tab.fill("[data-filter=text]", "arithmetic")
    assert tab.locator(".count").inner_text().startswith("0 of 1")
    tab.fill("[data-filter=text]", "")
    tab.click("button.reveal")
    assert answer.is_visible() and second.locator(".fill math").is_visible()
    assert errors == []
    context.close()
