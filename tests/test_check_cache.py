"""`guidegen check` of an edited bank works again only on what changed: each question's
check, LaTeX and page HTML are kept per question in the user's cache, and whatever
else a change can touch (guide.yaml, templates, image files) is in the keys. The
problems of unchanged files are reported on every run, at their lines."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from conftest import guidegen, make_project, question_file

import guidegen.load as loading
from guidegen.outputs.html import writer as page_writer
from guidegen.outputs.latex import typeset

GUIDE = "title: Checked\ntopics:\n  - slug: a\n    name: A\n"
KHMER = "\u1780"  # a character no font of the PDF engines has: a [pdf] error at its line


def bank(root: Path, guide: str = GUIDE, **answers: str) -> Path:
    questions = {f"{name}.md": question_file(name, f"Question {name}", "[a]", "medium",
                                             f"What is $x_{i}^2$ for {name}?", answer)
                 for i, (name, answer) in enumerate(answers.items())}
    return make_project(root, questions, guide)


@pytest.fixture
def work(monkeypatch):
    """Which question files each stage worked on (not read from the cache) in a run."""
    seen: dict[str, list[str]] = {"check": [], "latex": [], "page": []}

    check, convert = loading._check, typeset.convert_question

    def counted_check(question, project):
        seen["check"].append(question.path.name)
        return check(question, project)

    def counted_convert(question, project):
        seen["latex"].append(question.path.name)
        return convert(question, project)

    class CountedPrinter(page_writer.PagePrinter):
        def title(self, question):
            seen["page"].append(question.path.name)
            return super().title(question)

    monkeypatch.setattr(loading, "_check", counted_check)
    monkeypatch.setattr(typeset, "convert_question", counted_convert)
    monkeypatch.setattr(page_writer, "PagePrinter", CountedPrinter)
    return seen


def edit(path: Path, words: str) -> None:
    path.write_text(path.read_text("utf-8").rstrip("\n") + f" {words}\n", "utf-8")


def test_an_edit_is_checked_alone(tmp_path: Path, work):
    project = bank(tmp_path, one="The first answer.", two="The second answer.", three="The third answer.")
    first = guidegen(project, "check")
    assert first.returncode == 0, first.stderr
    assert sorted(work["check"]) == sorted(work["page"]) == ["one.md", "three.md", "two.md"]
    assert sorted(work["latex"]) == ["one.md", "one.md", "three.md", "three.md", "two.md", "two.md"] or \
        sorted(set(work["latex"])) == ["one.md", "three.md", "two.md"]
    for seen in work.values():
        seen.clear()
    edit(project / "content" / "two.md", "An edited sentence.")
    second = guidegen(project, "check")
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    # The pdf and cards writers both ask for the LaTeX; the second is served by the first's work.
    assert work == {"check": ["two.md"], "latex": ["two.md"], "page": ["two.md"]}
    for seen in work.values():
        seen.clear()
    third = guidegen(project, "check")  # nothing changed: the report of the same bytes
    assert third.returncode == 0 and third.stdout == first.stdout
    assert work == {"check": [], "latex": [], "page": []}


def test_a_problem_of_an_unchanged_file_is_told_every_run(tmp_path: Path, work):
    project = bank(tmp_path, one="The first answer.", two=f"A character no font has: {KHMER}.",
                   three="An image from far away.\n\n![Far](https://example.com/far.png)")
    first = guidegen(project, "check")
    assert first.returncode == 1
    said = [line for line in first.stderr.splitlines() if "two.md:" in line or "three.md:" in line]
    assert any("two.md:" in line and "error: [pdf]" in line and "U+1780" in line for line in said), first.stderr
    assert any("three.md:" in line and "warning:" in line for line in said), first.stderr
    for run in range(2):
        for seen in work.values():
            seen.clear()
        edit(project / "content" / "one.md", f"Edit {run}.")
        again = guidegen(project, "check")
        assert again.returncode == 1
        assert [line for line in again.stderr.splitlines() if "two.md:" in line or "three.md:" in line] == said
        assert "two.md" not in work["latex"] and "three.md" not in work["page"] and work["check"] == ["one.md"]


def test_guide_yaml_and_templates_are_in_the_keys(tmp_path: Path):
    project = bank(tmp_path, one="The first answer.")
    assert guidegen(project, "check").returncode == 0
    # guide.yaml: a title no font prints is the pdf writer's error, then fixed.
    (project / "content" / "guide.yaml").write_text(GUIDE.replace("Checked", f"Checked {KHMER}"), "utf-8")
    result = guidegen(project, "check")
    assert result.returncode == 1 and "guide.yaml:1: error: [pdf] 'title'" in result.stderr, result.stderr
    (project / "content" / "guide.yaml").write_text(GUIDE, "utf-8")
    assert guidegen(project, "check").returncode == 0
    # A template: a copy of guidegen's own keeps the contract; one that drops \ggquestion does not.
    from guidegen.paths import default_template_dir

    templates = project / "templates"
    templates.mkdir()
    own = (default_template_dir() / "question.tex.j2").read_text("utf-8")
    (templates / "question.tex.j2").write_text(own, "utf-8")
    result = guidegen(project, "check")
    assert result.returncode == 0, result.stderr
    (templates / "question.tex.j2").write_text(own.replace("\\ggquestion", "\\ggquestionnot"), "utf-8")
    result = guidegen(project, "check")
    assert result.returncode == 1 and "templates/question.tex.j2:1: error: question.tex.j2 must start" in result.stderr, result.stderr
    for run in range(2):  # the broken contract is said again after an edit of a question (from the cache, or not)
        edit(project / "content" / "one.md", f"Edit {run}.")
        again = guidegen(project, "check")
        assert again.returncode == 1 and again.stderr == result.stderr
    (templates / "question.tex.j2").write_text(own, "utf-8")
    assert guidegen(project, "check").returncode == 0


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def test_an_image_saved_later_is_found(tmp_path: Path):
    """A question's check and conversions are kept per question; an image file saved (or
    removed) beside it changes their keys, so the report never says it is missing."""
    project = bank(tmp_path, one="A picture.\n\n![Picture](picture.png)")
    missing = guidegen(project, "check")
    assert missing.returncode == 1 and "picture.png' does not exist" in missing.stderr, missing.stderr
    (project / "content" / "picture.png").write_bytes(_png())
    found = guidegen(project, "check")
    assert found.returncode == 0, found.stderr
    (project / "content" / "picture.png").unlink()
    assert guidegen(project, "check").stderr == missing.stderr


def test_a_damaged_entry_is_a_miss(tmp_path: Path, monkeypatch):
    """Every entry of the user's cache damaged: the check works again, no traceback. (A
    cache of this test's own: the session's is shared by the tests running beside it,
    which count on its entries.)"""
    import sqlite3

    from guidegen import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    project = bank(tmp_path, one=f"Fine, then {KHMER}.", two="Fine.")
    first = guidegen(project, "check")
    assert first.returncode == 1
    db = sqlite3.connect(cache.user_dir() / "conversions.sqlite")
    with db:
        db.execute("UPDATE entries SET value = '[\"mathml\", 3]' WHERE key LIKE 'mathml:%'")
        db.execute("UPDATE entries SET value = '{\"title\": 1}' WHERE key LIKE 'page:%'")
        db.execute("UPDATE entries SET value = '[[], [{\"path\": 1}]]' WHERE key LIKE 'latex:%' OR key LIKE 'check:%'")
    db.close()
    edit(project / "content" / "two.md", "Edited.")
    again = guidegen(project, "check")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert [line for line in again.stderr.splitlines() if "one.md" in line] == \
        [line for line in first.stderr.splitlines() if "one.md" in line]
