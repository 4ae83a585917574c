"""What makes a rebuild fast must not make it stale: `check` remembers its report only
for the very same bytes, the profile line accounts for the run's time, and an edit that
moves a question onto the next page moves it in both PDFs."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import conftest

GUIDE = "title: Speed\ntopics:\n  - slug: a\n    name: A\n"


def question(n: int, answer: str) -> str:
    return (f"---\nid: q{n}\ntitle: Question number {n}\ntopics: [a]\ndifficulty: easy\n---\n"
            f"What is item {n}?\n\n## Answer\n\n{answer}\n")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    files = {f"q{n}.md": question(n, f"Item {n} is a short answer.") for n in range(3)}
    return conftest.make_project(tmp_path, files, GUIDE)


def check(project: Path, *args: str):
    return conftest.guidegen(project, "check", "--project", ".", *args)


def test_check_gives_the_same_report_again_and_sees_every_edit(project: Path):
    first = check(project)
    assert first.returncode == 0 and "OK: 3 questions, 1 topic, no problems." in first.stdout
    again = check(project)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    # An edit that breaks a question: the remembered report is not the one given.
    (project / "content" / "q1.md").write_text(question(1, "![a missing figure](nowhere.py)"), "utf-8")
    broken = check(project)
    assert broken.returncode == 1 and "q1.md:" in broken.stderr and "nowhere.py" in broken.stderr
    repeated = check(project)
    assert (repeated.returncode, repeated.stderr) == (broken.returncode, broken.stderr)
    # Undone: the first report again, and with --strict a warning is still an error.
    (project / "content" / "q1.md").write_text(question(1, "Item 1 is a short answer."), "utf-8")
    assert check(project).stdout == first.stdout
    (project / "content" / "q2.md").write_text(question(2, "").replace("## Answer\n\n", ""), "utf-8")
    warned = check(project)
    assert warned.returncode == 0 and "q2.md" in warned.stderr and "warning" in warned.stderr
    strict = check(project, "--strict")
    assert strict.returncode == 1 and "q2.md" in strict.stderr
    assert check(project).returncode == 0  # the lenient report was not replaced by the strict one


def test_an_unchanged_bank_is_not_parsed_again(project: Path):
    """The second check of the same bytes imports no Markdown parser at all (Python's
    -X importtime lists every module a process imports)."""
    assert check(project).returncode == 0
    second = conftest.guidegen_process(project, "check", "--project", ".", python_flags=("-X", "importtime"))
    assert second.returncode == 0, second.stderr
    assert not re.search(r"\|\s+markdown_it\s*$", second.stderr, re.MULTILINE)
    assert not re.search(r"\|\s+guidegen\.content\.parse\s*$", second.stderr, re.MULTILINE)


@pytest.mark.tex
def test_profile_line_adds_up_to_the_wall_time(project: Path):
    env = dict(__import__("os").environ, GUIDEGEN_PROFILE="1")
    started = time.perf_counter()
    result = conftest.guidegen_process(project, "build", "--project", ".", env=env)
    wall = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    [line] = [l for l in result.stderr.splitlines() if l.startswith("profile: ")]
    phases = dict((name, float(seconds)) for name, seconds in re.findall(r"([a-z][a-z +]*?) (\d+\.\d\d) s", line[9:]))
    for name in ("start", "load", "check", "convert", "figures", "write", "publish", "total"):
        assert name in phases, line
    assert any(name.startswith("tex key") for name in phases), line
    parts = sum(v for k, v in phases.items() if k != "total")
    assert abs(parts - phases["total"]) <= 0.01 * len(phases), line  # rounding of each phase only
    assert abs(phases["total"] - wall) <= 0.1 * wall, (line, wall)
    plain = conftest.guidegen(project, "build", "--project", ".")
    assert "profile:" not in plain.stderr  # only when asked for


@pytest.mark.tex
def test_an_edit_that_moves_a_question_to_the_next_page_moves_it_in_both_pdfs(tmp_path: Path):
    filler = " ".join(f"Sentence {i} of a long answer that takes room on the page." for i in range(60))
    files = {f"q{n}.md": question(n, filler if n == 0 else f"Item {n} is short.") for n in range(3)}
    project = conftest.make_project(tmp_path, files, GUIDE)
    assert conftest.guidegen(project, "build", "--project", ".").returncode == 0

    def page_of(pdf: str, title: str) -> int:
        pages = conftest.pdf_pages(project / "build" / pdf)
        return next(i for i, text in enumerate(pages) if title in conftest.squash(text))

    before = page_of("guide-answers.pdf", conftest.squash("Question number 2"))
    assert page_of("guide-questions.pdf", conftest.squash("Question number 2")) == before
    # q1's answer grows by about a page: q2 starts on a later page of the key...
    (project / "content" / "q1.md").write_text(question(1, filler + " " + filler), "utf-8")
    assert conftest.guidegen(project, "build", "--project", ".").returncode == 0
    after = page_of("guide-answers.pdf", conftest.squash("Question number 2"))
    assert after > before
    # ...and on the same page of the sheet, whose room for q1 grew with it.
    assert page_of("guide-questions.pdf", conftest.squash("Question number 2")) == after
