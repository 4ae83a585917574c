"""Content is untrusted: nothing in a project may make guidegen read or write outside it,
run a command, or hang on a special file; a cache is data that cannot execute, and one
made elsewhere is never trusted."""

from __future__ import annotations

import pytest

import json
import os
import sqlite3
import subprocess
import time
from pathlib import Path


from conftest import REPO, guidegen, make_project, pdftotext, question_file

GUIDE = "title: Safe\ntopics:\n  - slug: t\n    name: Topic\n"
SECRET = "Zanzibar-secret-line"


def project_with_secret(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text(question_file("leak", "Leak", "[t]", "easy", SECRET, SECRET))
    project = make_project(tmp_path / "p", {"q.md": question_file("q", "Fine", "[t]", "easy", "Why?", "Because.")}, GUIDE)
    return project, outside


def assert_refused(result: subprocess.CompletedProcess, line: str) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert line in result.stderr.splitlines(), result.stderr


def test_a_content_link_out_of_the_project_is_refused(tmp_path: Path):
    project, outside = project_with_secret(tmp_path)
    (project / "content" / "leak.md").symlink_to(outside / "secret.md")
    message = "content/leak.md:1: error: is a link to outside the project; guidegen reads only files inside the project"
    assert_refused(guidegen(project, "check"), message)
    result = guidegen(project, "build")
    assert_refused(result, message)
    assert not (project / "build").exists() or not list((project / "build").glob("*.pdf"))


def test_a_linked_content_folder_or_guide_out_of_the_project_is_refused(tmp_path: Path):
    project, outside = project_with_secret(tmp_path)
    (project / "content" / "more").symlink_to(outside)
    assert_refused(guidegen(project, "check"),
                   "content/more:1: error: is a link to outside the project; guidegen reads only files inside the project")
    (project / "content" / "more").unlink()
    (outside / "guide.yaml").write_text(GUIDE.replace("Safe", SECRET))
    (project / "content" / "guide.yaml").unlink()
    (project / "content" / "guide.yaml").symlink_to(outside / "guide.yaml")
    assert_refused(guidegen(project, "check"),
                   "content/guide.yaml:1: error: is a link to outside the project; guidegen reads only files inside the project")


def test_a_link_inside_the_project_is_followed(tmp_path: Path):
    project, _ = project_with_secret(tmp_path)
    (project / "drafts").mkdir()
    (project / "drafts" / "two.md").write_text(question_file("two", "Two", "[t]", "easy", "Second?", "Yes."))
    (project / "content" / "two.md").symlink_to(project / "drafts" / "two.md")
    result = guidegen(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 2 questions")


def test_figure_scripts_and_templates_out_of_the_project_are_refused(tmp_path: Path):
    project, outside = project_with_secret(tmp_path)
    (outside / "evil.py").write_text("def draw(fig):\n    pass\n")
    (outside / "question.tex.j2").write_text(SECRET)
    (project / "figures").mkdir()
    (project / "figures" / "evil.py").symlink_to(outside / "evil.py")
    (project / "templates").symlink_to(outside)
    result = guidegen(project, "check")
    assert_refused(result, "figures/evil.py:1: error: is a link to outside the project; guidegen reads only files inside the project")
    assert "templates:1: error: is a link to a folder outside the project; guidegen reads only files inside the project" in result.stderr


def test_special_files_are_never_opened(tmp_path: Path):
    project, _ = project_with_secret(tmp_path)
    os.mkfifo(project / "content" / "f.md")
    (project / "content" / "z.md").symlink_to("/dev/zero")
    started = time.monotonic()
    result = guidegen(project, "check", timeout=60)
    assert time.monotonic() - started < 30
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "content/f.md:1: error: not an ordinary file (a device, FIFO or socket); only ordinary files are read",
        "content/z.md:1: error: is a link to outside the project; guidegen reads only files inside the project",
    ]


def test_names_cannot_reach_a_shell_or_leave_the_output_folder(tmp_path: Path):
    project, _ = project_with_secret(tmp_path)
    for name in ("z`id>IDOUT`", "../../x", "a b", "$(touch PWNED)"):
        result = guidegen(project, "build", "--no-page-match", "--name", name)
        assert result.returncode == 1, (name, result.stderr)
        assert "Traceback" not in result.stderr
        assert "--name must be lowercase letters, digits and hyphens" in result.stderr
    assert not list(tmp_path.rglob("IDOUT")) and not list(tmp_path.rglob("PWNED"))
    assert not list(tmp_path.rglob("x-*.tex")) and not list(tmp_path.rglob("*.pdf"))


def test_import_topics_are_slugs(tmp_path: Path):
    project, _ = project_with_secret(tmp_path)
    notes = tmp_path / "notes.md"
    notes.write_text("## What is a slug?\n\nA short name.\n")
    result = guidegen(project, "import", str(notes), "--topic", "../../../x")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'../../../x' is not a slug" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "notes.md", "p"]


def test_yaml_aliases_are_refused_quickly(tmp_path: Path):
    # The classic "billion laughs": each line holds nine of the line above.
    bomb = "order: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    text = "---\nid: q\ntitle: T\ntopics: [t]\ndifficulty: easy\n" + bomb + "---\nWhy?\n\n## Answer\n\nA.\n"
    project = make_project(tmp_path, {"q.md": text}, GUIDE)
    started = time.monotonic()
    result = guidegen(project, "check")
    assert time.monotonic() - started < 20
    assert result.returncode == 1 and len(result.stderr) < 2000
    assert result.stderr.splitlines()[0] == "content/q.md:6: error: YAML anchors and aliases (&name, *name) are not allowed here; write the value out"


def test_no_cache_is_a_pickle():
    source = "\n".join(p.read_text("utf-8") for p in (REPO / "guidegen").rglob("*.py"))
    assert "import pickle" not in source and "import marshal" not in source and "pickle." not in source


def _build(project: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return guidegen(project, "build", "--no-page-match", env=env)


@pytest.mark.tex
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path):
    project, _ = project_with_secret(tmp_path)
    assert _build(project).returncode == 0
    cache = project / "build" / ".work" / "cache.sqlite"
    assert cache.is_file()
    cache.write_bytes(b"\x80\x04\x95 this is not a database, and certainly not a pickle" * 100)
    (project / "content" / "q.md").write_text(question_file("q", "Fine", "[t]", "easy", "Why now?", "Because again."))
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert "Because again." in pdftotext(project / "build" / "guide-answers.pdf")
    sqlite3.connect(cache).execute("SELECT count(*) FROM entries").fetchone()  # a database again


@pytest.mark.tex
def test_a_cache_made_elsewhere_is_never_trusted(tmp_path: Path):
    """A build folder shipped with a project (entries made under another user's secret,
    here altered to inject text) is ignored: the PDFs come from the content."""
    project, _ = project_with_secret(tmp_path)
    shipped = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "someone-else"))
    assert _build(project, shipped).returncode == 0
    db = sqlite3.connect(project / "build" / ".work" / "cache.sqlite")
    rows = db.execute("SELECT key, value FROM entries WHERE key LIKE 'latex:%'").fetchall()
    assert rows
    for key, value in rows:
        data = json.loads(value)
        data[0]["answer_tex"] = "INJECTED"
        db.execute("UPDATE entries SET value = ? WHERE key = ?", (json.dumps(data), key))
    db.execute("DELETE FROM entries WHERE key NOT LIKE 'latex:%'")
    db.commit()
    db.close()
    for pdf in (project / "build").glob("*.pdf"):
        pdf.unlink()
    result = _build(project, dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "me")))
    assert result.returncode == 0, result.stderr
    key = pdftotext(project / "build" / "guide-answers.pdf")
    assert "Because." in key and "INJECTED" not in key
