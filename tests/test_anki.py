"""`guidegen anki`: the .apkg (a zip holding an SQLite collection) has one note per
selected question, math for MathJax, figures as media, stable GUIDs across edits and
renames, the same errors as `build`, and a no-op export that does nothing."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import struct
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

import conftest
from conftest import make_project, question_file


TITLE = "Machine Learning Drills"
BOOKLET = 'booklets:\n  - name: week-1\n    title: "Week 1: optimisation"\n    topics: [optimisation]\n'
EXTRA = """\
---
id: html-and-images
title: "Raw *HTML*, links and a picture"
topics: [optimisation]
difficulty: medium
---
Press <kbd>Ctrl</kbd> and read <b>bold</b> text, the [docs](https://example.org/a?b=1&c=2)
and a literal \\\\(not math\\\\) or [latex]x[/latex] with 3 < 4.

![A tiny picture.](dot.png)

## Answer

Nothing more: $a_i \\le b_i$.
"""


def guidegen(cwd: Path, *args: str, flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    if flags:  # what the process imports: the real command
        return conftest.guidegen_process(cwd, *args, python_flags=flags)
    return conftest.guidegen(cwd, *args)


def tiny_png() -> bytes:
    """A valid one-pixel PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@dataclass
class Package:
    notes: dict[str, dict]  # question id -> {"guid", "tags", "fields": {name: value}, "deck"}
    media: dict[str, bytes]  # media file name -> bytes
    decks: dict[str, int]  # deck name -> id
    models: dict[str, int]  # note type name -> id


def read_apkg(path: Path, tmp: Path) -> Package:
    with zipfile.ZipFile(path) as archive:
        names = json.loads(archive.read("media"))
        media = {name: archive.read(index) for index, name in names.items()}
        (tmp / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp / "collection.anki2")
    try:
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        decks = {d["name"]: d["id"] for d in json.loads(db.execute("SELECT decks FROM col").fetchone()[0]).values()}
        decks.pop("Default")  # every collection has it; genanki's holds no cards
        deck_of = dict(db.execute("SELECT nid, did FROM cards"))
        notes = {}
        for nid, guid, mid, tags, fields in db.execute("SELECT id, guid, mid, tags, flds FROM notes"):
            named = dict(zip([f["name"] for f in models[str(mid)]["flds"]], fields.split("\x1f")))
            notes[named["Id"]] = {"guid": guid, "tags": tags.split(), "fields": named, "deck": deck_of[nid]}
    finally:
        db.close()
    return Package(notes, media, decks, {m["name"]: int(m["id"]) for m in models.values()})


def make(root: Path) -> Path:
    """The `guidegen new` example, a booklet, and a question with raw HTML and an image."""
    from guidegen.scaffold import new_project

    project = root / "proj"
    new_project(project, TITLE)
    with open(project / "content" / "guide.yaml", "a") as guide:
        guide.write(BOOKLET)
    (project / "content" / "optimisation" / "html-and-images.md").write_text(EXTRA)
    (project / "content" / "optimisation" / "dot.png").write_bytes(tiny_png())
    return project


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, Package]:
    root = tmp_path_factory.mktemp("anki")
    project = make(root)
    result = guidegen(project, "anki")
    assert result.returncode == 0, result.stderr
    return project, result, read_apkg(project / "build" / "guide.apkg", root)


def test_one_note_per_selected_question(exported):
    project, result, package = exported
    listed = guidegen(project, "list").stdout.splitlines()
    assert result.stdout == "Wrote build/guide.apkg (4 notes)\n"
    assert sorted(package.notes) == sorted(line.split()[0] for line in listed) and len(listed) == 4
    note = package.notes["least-squares-closed-form"]
    assert note["fields"]["Title"] == "Least squares in closed form"
    assert note["fields"]["Question"].startswith("<p>A linear model predicts")
    assert "normal equations" in note["fields"]["Answer"] and "normal equations" not in note["fields"]["Question"]
    assert note["tags"] == ["topic::linear-models", "difficulty::medium", "regression", "linear-algebra"]
    assert {n["deck"] for n in package.notes.values()} == {package.decks[TITLE]}


def test_markdown_becomes_html_and_math_goes_to_mathjax(exported):
    _, _, package = exported
    least = package.notes["least-squares-closed-form"]["fields"]
    assert "\\(\\hat{y} = X w\\)" in least["Question"]
    assert "\\[\\nabla_w \\lVert y - X w \\rVert^2" in least["Answer"]
    assert "<ol>\n<li>These are the <em>normal equations</em>" in least["Answer"]
    assert "<pre><code>import numpy as np\n\nw, *_ = np.linalg.lstsq(X, y, rcond=None)</code></pre>" in least["Answer"]
    ridge = package.notes["ridge-versus-lasso"]["fields"]["Answer"]
    assert "<table>" in ridge and "<th>penalty</th>" in ridge and "<td>\\(\\lambda \\lVert w \\rVert_1\\)</td>" in ridge
    divergence = package.notes["learning-rate-divergence"]["fields"]
    assert "\\(a &gt; 0\\)" in divergence["Question"]  # math is HTML-escaped, MathJax reads it back
    assert all("$" not in field for note in package.notes.values() for field in note["fields"].values())
    extra = package.notes["html-and-images"]["fields"]
    assert extra["Title"] == "Raw <em>HTML</em>, links and a picture"
    assert "<kbd>Ctrl</kbd>" in extra["Question"] and "<b>bold</b>" in extra["Question"]
    assert '<a href="https://example.org/a?b=1&amp;c=2">docs</a>' in extra["Question"] and "3 &lt; 4" in extra["Question"]
    # Only checked math reaches MathJax, and Anki's [latex] tags stay text.
    assert "\\(not math" not in extra["Question"] and "[latex]" not in extra["Question"]
    assert "\\(a_i \\le b_i\\)" in extra["Answer"]


def test_figures_are_media_on_the_side_the_markdown_puts_them(exported):
    _, _, package = exported
    svgs = [name for name in package.media if name.startswith("gradient-descent-") and name.endswith(".svg")]
    assert len(svgs) == 1 and b"<svg" in package.media[svgs[0]]
    divergence = package.notes["learning-rate-divergence"]["fields"]
    assert f'<img src="{svgs[0]}"' in divergence["Answer"] and "<img" not in divergence["Question"]
    assert '<div class="caption">Gradient descent on \\(f(x) = x^2/2\\)' in divergence["Answer"]
    pngs = [name for name in package.media if name.startswith("dot-") and name.endswith(".png")]
    assert len(pngs) == 1 and package.media[pngs[0]] == tiny_png()
    extra = package.notes["html-and-images"]["fields"]
    assert f'<img src="{pngs[0]}" alt="A tiny picture.">' in extra["Question"] and "<img" not in extra["Answer"]


def test_a_topic_filter_gives_only_that_topics_notes(exported, tmp_path: Path):
    project, _, _ = exported
    result = guidegen(project, "anki", "--topic", "optimisation", "--out", str(tmp_path / "decks"))
    assert result.returncode == 0, result.stderr
    package = read_apkg(tmp_path / "decks" / "optimisation.apkg", tmp_path)
    assert sorted(package.notes) == ["html-and-images", "learning-rate-divergence", "ridge-versus-lasso"]
    assert all("topic::optimisation" in note["tags"] for note in package.notes.values())


def test_a_booklet_is_a_tag_in_the_guides_deck(exported, tmp_path: Path):
    # Anki never moves a card it already has: a booklet deck imported after the whole
    # guide would stay empty. So a booklet's notes are the guide's, tagged.
    project, _, whole = exported
    week_1 = ["html-and-images", "learning-rate-divergence", "ridge-versus-lasso"]
    assert sorted(q for q, n in whole.notes.items() if "booklet::week-1" in n["tags"]) == week_1
    result = guidegen(project, "anki", "--booklet", "week-1", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    package = read_apkg(tmp_path / "week-1.apkg", tmp_path)
    assert sorted(package.notes) == week_1
    assert package.decks == whole.decks == {TITLE: whole.decks[TITLE]}
    assert {n["deck"] for n in package.notes.values()} == {whole.decks[TITLE]}
    for qid, note in package.notes.items():
        assert (note["guid"], note["tags"]) == (whole.notes[qid]["guid"], whole.notes[qid]["tags"])


def test_a_renamed_guide_keeps_its_notes_deck_and_note_type(exported, tmp_path: Path):
    source, _, first = exported
    project = tmp_path / "proj"
    shutil.copytree(source, project)
    guide = project / "content" / "guide.yaml"
    guide.write_text(guide.read_text().replace(f"title: {TITLE}\n", "title: Deep Learning Drills\n"))
    result = guidegen(project, "anki")
    assert result.returncode == 0, result.stderr
    second = read_apkg(project / "build" / "guide.apkg", tmp_path)
    assert {q: n["guid"] for q, n in second.notes.items()} == {q: n["guid"] for q, n in first.notes.items()}
    # The deck keeps the name of the first export (`deck:` in guide.yaml): Anki matches decks by name.
    assert second.decks == {TITLE: first.decks[TITLE]}
    assert second.models == {"guidegen: Deep Learning Drills": first.models[f"guidegen: {TITLE}"]}


def test_a_guide_without_an_id_gets_one_appended_once(tmp_path: Path):
    project = make(tmp_path)
    guide = project / "content" / "guide.yaml"
    kept = re.sub(rb"(?m)^id: .*\n", b"", guide.read_bytes()).rstrip(b"\n")  # as written before guides had ids
    guide.write_bytes(kept)
    result = guidegen(project, "anki")
    assert result.returncode == 0, result.stderr
    text = guide.read_bytes()
    assert text.startswith(kept + b"\nid: ") and text.count(b"\n") == kept.count(b"\n") + 2
    guide_id = re.search(rb"\nid: ([0-9a-f-]{36})  #", text).group(1).decode()
    assert f"Added 'id: {guide_id}' to content/guide.yaml" in result.stderr
    first = read_apkg(project / "build" / "guide.apkg", tmp_path)
    (project / "content" / "optimisation" / "dot.png").write_bytes(tiny_png() + b"\0")  # not a no-op export
    again = guidegen(project, "anki")
    assert again.returncode == 0 and "Added" not in again.stderr and guide.read_bytes() == text
    second = read_apkg(project / "build" / "guide.apkg", tmp_path)
    assert {q: n["guid"] for q, n in second.notes.items()} == {q: n["guid"] for q, n in first.notes.items()}


def test_an_id_is_not_appended_where_it_would_not_read_back(tmp_path: Path):
    flow = "{title: T, topics: [{slug: a, name: A}]}\n"  # a line after it would be a second document
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What?", "This.")}, flow)
    result = guidegen(project, "anki")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^Error: content/guide.yaml: could not add 'id: [0-9a-f-]{36}' and 'deck: T' at the end .*; add them to the settings yourself$",
                     result.stderr, re.MULTILINE), result.stderr
    assert (project / "content" / "guide.yaml").read_text() == flow
    assert not (project / "build" / "guide.apkg").exists()


@pytest.mark.parametrize("value", ["123", "my-guide", "0F8D6C2E-5B1A-4C3E-9A7D-2E4B6F8A1C3D", "[a, b]"])
def test_a_malformed_guide_id_is_reported_with_its_line(tmp_path: Path, value: str):
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What?", "This.")}, f"title: T\ntopics:\n  - slug: a\n    name: A\nid: {value}\n")
    for command in ("check", "anki"):
        result = guidegen(project, command)
        assert result.returncode == 1
        assert "content/guide.yaml:5: error: 'id' must be" in result.stderr, result.stderr


def test_guids_survive_an_answer_edit_and_a_rename_but_not_a_new_id(exported, tmp_path: Path):
    source, _, _ = exported
    project = tmp_path / "proj"
    shutil.copytree(source, project)
    first = read_apkg(project / "build" / "guide.apkg", tmp_path)
    least = project / "content" / "linear-models" / "least-squares.md"
    least.write_text(least.read_text().replace("rather than forming the inverse", "never the inverse itself"))
    (project / "content" / "linear-models" / "ridge-and-lasso.md").rename(project / "content" / "renamed.md")
    # The figures are cached: no figure is drawn and matplotlib is never imported.
    result = guidegen(project, "anki", flags=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    assert "Nothing to do" not in result.stdout + result.stderr and "Drawing" not in result.stderr
    assert " matplotlib" not in result.stderr
    second = read_apkg(project / "build" / "guide.apkg", tmp_path)
    assert {q: n["guid"] for q, n in second.notes.items()} == {q: n["guid"] for q, n in first.notes.items()}
    assert "never the inverse itself" in second.notes["least-squares-closed-form"]["fields"]["Answer"]
    assert second.decks[TITLE] == first.decks[TITLE]

    least.write_text(least.read_text().replace("id: least-squares-closed-form", "id: normal-equations"))
    assert guidegen(project, "anki").returncode == 0
    third = read_apkg(project / "build" / "guide.apkg", tmp_path)
    assert third.notes["normal-equations"]["guid"] not in {n["guid"] for n in first.notes.values()}
    assert third.notes["ridge-versus-lasso"]["guid"] == first.notes["ridge-versus-lasso"]["guid"]


def test_a_second_export_does_nothing(exported):
    project, result, _ = exported
    package = project / "build" / "guide.apkg"
    before = package.stat().st_mtime_ns
    again = guidegen(project, "anki", flags=("-X", "importtime"))
    assert again.returncode == 0
    # One line, not "Nothing to do" and then "Wrote".
    assert again.stdout == "Nothing to do: the inputs have not changed since build/guide.apkg (4 notes) was written.\n"
    assert " matplotlib" not in again.stderr and " genanki" not in again.stderr
    assert package.stat().st_mtime_ns == before


def test_bad_input_gets_the_same_errors_as_build(tmp_path: Path):
    bad = question_file("bad", "Bad", "[a]", "easy", "What is $\\input{secret}$?", "See ![Missing.](nowhere.py)")
    project = make_project(tmp_path, {"bad.md": bad}, "title: T\ntopics:\n  - slug: a\n    name: A\n")
    built, exported_ = guidegen(project, "build"), guidegen(project, "anki")
    assert built.returncode == exported_.returncode == 1
    # The same errors; the export first gave the guide its identity (before the state of its inputs is taken).
    assert exported_.stderr.split("\n", 1)[1] == built.stderr and exported_.stderr.startswith("Added 'id: ")
    assert "content/bad.md:7: error: math $\\input{secret}$:" in exported_.stderr
    assert not (project / "build" / "guide.apkg").exists()


def test_raw_html_the_pdf_leaves_out_is_left_out_of_cards_with_a_warning_at_its_line(tmp_path: Path):
    from guidegen.content.check import Checker
    from guidegen.outputs.anki.html import to_html

    markdown = "Fine <i>1 < 2</i>.\n\n<script>\nalert(1)\n</script>\n\nThen <blink>x</blink>.\n"
    checker = Checker(tmp_path / "q.md", 8, None)
    checker.walk(markdown)
    found = to_html(markdown, tmp_path / "q.md", 8)
    assert [(p.line, p.message, p.warning) for p in checker.problems] == [
        (10, "HTML <script> is left out: a script cannot run on paper", True),
        (14, "HTML <blink> is not a tag guidegen knows: it is left out and its content kept", True)]
    assert "alert" not in found.html and "<script" not in found.html and "<blink" not in found.html
    assert found.html.startswith("<p>Fine <i>1 &lt; 2</i>.</p>") and "<p>Then x.</p>" in found.html


def test_a_thai_answer_is_exported(tmp_path: Path):
    """Cards are HTML: what the PDFs' fonts can print does not limit them. Loading checks
    content without asking any output, so a Thai answer (and a script TeX has no font for)
    goes on a card as written."""
    answer = "การถดถอยเชิงเส้นหาเส้นตรงที่ใกล้จุดข้อมูลที่สุด ꦲꦏ꧀ꦱꦫ"  # Thai, then Javanese
    project = make_project(tmp_path, {"thai.md": question_file("thai", "Linear regression", "[a]", "easy",
                                                               "What does linear regression find?", answer)},
                           "title: T\ntopics:\n  - slug: a\n    name: A\n")
    result = guidegen(project, "anki")
    assert result.returncode == 0, result.stderr
    package = read_apkg(project / "build" / "guide.apkg", tmp_path)
    assert answer in package.notes["thai"]["fields"]["Answer"]
