"""The self-study page in a real browser: Playwright driving Debian's chromium
(tools/ensure-test-tools.sh installs it; Playwright's own browser download is not used).
One built page of the ML bank serves the module."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, make_project, pdftotext, question_file
from test_html_page import HOSTILE, PNG, build_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("html-browser")]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is missing: run tools/ensure-test-tools.sh (make test does)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def ml_url(tmp_path_factory, bank_svgs) -> str:
    project = tmp_path_factory.mktemp("ml-browser")
    for folder in ("content", "figures"):
        shutil.copytree(REPO / folder, project / folder)
    return (build_page(project) / "guide.html").as_uri()


@pytest.fixture
def page(browser, ml_url):
    """A fresh tab (its own storage) on the ML page, every request it makes recorded."""
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.goto(ml_url)
    yield tab
    context.close()


def test_nothing_is_requested_but_the_file_and_no_error_is_logged(page, ml_url):
    page.click("text=Show all answers")
    page.wait_for_timeout(300)
    assert [u for u in page.requests if not u.startswith("data:")] == [ml_url]
    assert page.errors == []  # a CSP violation (a blocked script or load) is logged as an error


def test_every_question_is_there_with_its_number(page):
    numbers = page.locator("article.question .number").all_inner_texts()
    assert numbers == [f"{n}." for n in range(1, 31)]


def test_an_answer_is_hidden_until_asked_for_and_show_all_shows_all(page):
    first = page.locator("article.question").first
    answer = first.locator(".answer")
    assert not answer.is_visible() and first.locator("button.reveal").get_attribute("aria-expanded") == "false"
    first.locator("button.reveal").click()
    assert answer.is_visible() and first.locator("button.reveal").get_attribute("aria-expanded") == "true"
    assert page.locator(".answer:visible").count() == 1
    page.click("text=Show all answers")
    assert page.locator(".answer:visible").count() == 30
    page.click("text=Hide all answers")
    assert page.locator(".answer:visible").count() == 0


QUIZ = {f"q{i}.md": question_file(f"q{i}", f"Primes {i}", "[a]", "easy", "Which are prime?\n\n- [ ] four\n- [x] five\n"
                                   "- [x] seven\n- [ ] nine\n", "Five and seven: each has two divisors.") for i in range(3)}


def test_multiple_choice_marks_itself_right_and_wrong(browser, tmp_path: Path):
    """A quiz of multiple-choice questions (the ML bank has open questions only)."""
    project = make_project(tmp_path, QUIZ, "title: Quiz\ntopics:\n  - slug: a\n    name: A\n")
    context = browser.new_context()
    page = context.new_page()
    page.goto((build_page(project) / "guide.html").as_uri())
    question = page.locator('article.question[data-kind="choice"]').first
    options = question.locator(".options li")
    right = [i for i in range(options.count()) if options.nth(i).get_attribute("data-right") == "yes"]
    wrong = [i for i in range(options.count()) if i not in right]
    options.nth(wrong[0]).locator("input").check()
    question.locator("text=Check").click()
    assert "wrong" in options.nth(wrong[0]).get_attribute("class")
    assert options.nth(wrong[0]).locator(".verdict").inner_text() == "✗ wrong"
    assert question.locator(".answer").is_visible() and question.get_attribute("data-mark") == "missed"
    options.nth(wrong[0]).locator("input").uncheck()
    for i in right:
        options.nth(i).locator("input").check()
    question.locator("text=Check").click()
    assert all(options.nth(i).locator(".verdict").inner_text() == "✓ right" for i in right)
    assert question.locator(".result").inner_text() == "All right." and question.get_attribute("data-mark") == "knew"
    context.close()


def test_progress_survives_a_reload_and_missed_only_filters(page):
    open_questions = page.locator('article.question[data-kind="open"]')
    first, second = open_questions.nth(0), open_questions.nth(1)
    ids = first.get_attribute("data-id"), second.get_attribute("data-id")
    first.locator("text=I missed it").click()
    second.locator("text=I knew it").click()
    page.reload()
    assert page.locator(f'article[data-id="{ids[0]}"]').get_attribute("data-mark") == "missed"
    assert page.locator(f'article[data-id="{ids[1]}"] [data-mark=knew]').get_attribute("aria-pressed") == "true"
    guide = page.locator("body").get_attribute("data-guide")
    assert page.evaluate(f"localStorage.getItem('guidegen:{guide}:{ids[0]}')") == "missed"
    page.check("text=Missed only")
    assert page.locator("article.question:visible").count() == 1
    assert page.locator(".count").inner_text() == "1 of 30 questions shown"


def test_the_filters_and_the_search_change_the_count(page):
    assert page.locator(".count").inner_text() == "30 of 30 questions shown"
    page.select_option("select[data-filter=topic]", "optimisation")
    topic = page.locator("article.question:visible").count()
    assert 0 < topic < 30 and page.locator(".count").inner_text() == f"{topic} of 30 questions shown"
    page.select_option("select[data-filter=topic]", "")
    page.select_option("select[data-filter=difficulty]", "hard")
    hard = page.locator("article.question:visible").count()
    assert 0 < hard < 30 and page.locator(".count").inner_text() == f"{hard} of 30 questions shown"
    page.select_option("select[data-filter=difficulty]", "")
    page.fill("input[data-filter=text]", "adam")
    found = page.locator("article.question:visible").count()
    assert 0 < found < 30 and page.locator(".count").inner_text() == f"{found} of 30 questions shown"


def pdf_text(page, tmp_path: Path, mode: str) -> str:
    """What a reader sees in the page printed in `mode` (poppler's reading: pypdf takes
    seconds over chromium's fonts)."""
    import unicodedata

    page.emulate_media(media="print")
    page.evaluate(f"document.body.setAttribute('data-print', '{mode}')")
    target = tmp_path / f"{mode}.pdf"
    page.pdf(path=str(target), format="A4")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", pdftotext(target, layout=False)))


def test_printing_gives_a_sheet_without_answers_and_a_key_with_them(page, tmp_path: Path):
    page.click("text=Show all answers")  # what is open on screen does not reach the sheet
    answers = [re.sub(r"\s+", " ", t).strip()[:25] for t in page.locator(".answer > p:first-of-type").all_inner_texts()]
    answers = [a for a in answers if len(a) > 15 and re.fullmatch(r"[A-Za-z ,.'()-]+", a)]
    assert len(answers) >= 10
    sheet, key = pdf_text(page, tmp_path, "sheet"), pdf_text(page, tmp_path, "key")
    assert "Show all answers" not in sheet and "I knew it" not in sheet and "Check" not in sheet
    assert [a for a in answers if a in sheet] == []
    assert [a for a in answers if a not in key] == []
    assert "30." in sheet and "30." in key


def test_every_formula_has_a_box(page):
    page.click("text=Show all answers")
    sizes = page.evaluate("Array.from(document.querySelectorAll('math')).map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; })")
    assert len(sizes) > 200
    assert [s for s in sizes if not (s[0] > 0 and s[1] > 0)] == []


def test_hostile_content_sets_no_global(browser, tmp_path: Path):
    project = make_project(tmp_path, {
        "q1.md": question_file("q1", "Hostile", "[a]", "easy", HOSTILE, "An <b onclick=\"window.pwnedB=1\">answer</b>."),
    }, "title: Hostile\ntopics:\n  - slug: a\n    name: A\n")
    (project / "content" / "x.png").write_bytes(PNG)
    url = (build_page(project) / "guide.html").as_uri()
    context = browser.new_context()
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(url)
    tab.click("text=Show all answers")
    tab.click("b:has-text('answer')")
    tab.hover("img")
    tab.wait_for_timeout(300)
    assert tab.evaluate("Object.keys(window).filter(k => k.startsWith('pwned'))") == []
    assert tab.locator("a[href^='javascript' i], [onclick], [onerror], script:not(:last-of-type)").count() == 0
    assert [u for u in requests if not u.startswith("data:")] == [url]  # the remote image is a link, not fetched
    context.close()
