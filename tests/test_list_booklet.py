"""`guidegen list --booklet NAME`: which questions a booklet holds, a drawn one with its seed."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from click.testing import CliRunner

from conftest import make_project, question_file

GUIDE = """title: T
topics:
  - slug: a
    name: A
  - slug: b
    name: B
booklets:
  - name: only-b
    topics: [b]
  - name: drawn
    count: 2
    seed: 3
"""


def run(project: Path, *args: str):
    from guidegen.cli import main

    return CliRunner().invoke(main, [*args, "--project", str(project)], catch_exceptions=False)


def exported_ids(apkg: Path, tmp: Path) -> set[str]:
    with zipfile.ZipFile(apkg) as archive:
        (tmp / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp / "c.anki2")
    try:
        return {flds.split("\x1f")[3] for (flds,) in db.execute("SELECT flds FROM notes")}
    finally:
        db.close()


def test_list_shows_the_questions_a_booklet_holds(tmp_path: Path):
    questions = {f"q{i}.md": question_file(f"q{i}", f"Question {i}", "[a]" if i < 4 else "[b]", "easy", "What?", "This.")
                 for i in range(1, 7)}
    project = make_project(tmp_path, questions, GUIDE)
    result = run(project, "list", "--booklet", "only-b", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == ["q4", "q5", "q6"]
    assert result.stderr == "Booklet only-b: 3 questions\n"
    drawn = run(project, "list", "--booklet", "drawn", "--format", "json")
    ids = [r["id"] for r in json.loads(drawn.stdout)]
    assert len(ids) == 2 and drawn.stderr == "Booklet drawn: 2 questions; 2 drawn with seed 3\n"
    # The same questions the booklet's outputs hold.
    assert run(project, "anki", "--booklet", "drawn").exit_code == 0
    assert exported_ids(project / "build" / "drawn.apkg", tmp_path) == set(ids)
    table = run(project, "list", "--booklet", "drawn")
    assert [line.split()[0] for line in table.stdout.splitlines()] == ids


def test_an_unknown_booklet_or_a_filter_beside_it_is_one_line(tmp_path: Path):
    questions = {f"q{i}.md": question_file(f"q{i}", "Q", "[a]" if i == 1 else "[b]", "easy", "What?", "This.") for i in (1, 2, 3)}
    project = make_project(tmp_path, questions, GUIDE)
    unknown = run(project, "list", "--booklet", "nope")
    assert unknown.exit_code == 1 and "unknown booklet 'nope' (booklets in guide.yaml: only-b, drawn)" in unknown.stderr
    both = run(project, "list", "--booklet", "drawn", "--topic", "a")
    assert both.exit_code == 1 and "take their filters from guide.yaml" in both.stderr
