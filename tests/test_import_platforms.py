"""guidegen import of what other tools write: an Anki package made by genanki, a
Quizlet-style TSV, Anki's plain-text export, Moodle XML and GIFT, each told apart by its
content (not only its name), best effort with every loss a warning at its line, nothing
read or written outside the project (XML entities, zip members, media names)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import guidegen, pdftotext


def png(red: int, green: int, blue: int) -> bytes:
    raw = b"".join(b"\x00" + bytes((red, green, blue)) * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def front_matter(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text("utf-8").split("---")[1])


# -- Anki ---------------------------------------------------------------------------------------

def genanki_package(folder: Path) -> Path:
    """A deck as genanki writes it: basic notes with math, HTML, an image, tags and a
    nested deck, and a cloze note."""
    import genanki

    basic = genanki.Model(1607392319, "Basic (test)", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    deck = genanki.Deck(2059400110, "Languages::Hebrew words")
    deck.add_note(genanki.Note(model=basic, fields=["What is \\(x^{2}\\) at \\(x = 3\\)?", "<b>9</b>, since \\(3 \\cdot 3 = 9\\)."],
                               tags=["topic::arithmetic", "difficulty::hard", "squares"]))
    deck.add_note(genanki.Note(model=basic, fields=["שלום", "peace; hello<br>(Hebrew)"], tags=[]))
    deck.add_note(genanki.Note(model=basic, fields=['Which colour? <img src="green dot.png">', "Green"], tags=["colours"]))
    deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL, fields=["{{c1::Paris}} is the capital of France", ""]))
    (folder / "green dot.png").write_bytes(png(0, 200, 0))
    package = genanki.Package(deck)
    package.media_files = [str(folder / "green dot.png")]
    target = folder / "deck.apkg"
    package.write_to_file(str(target))
    return target


def test_an_anki_package_imports_end_to_end(tmp_path):
    deck = genanki_package(tmp_path)
    project = tmp_path / "project"
    result = guidegen(tmp_path, "import", str(deck), "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "Found 4 questions" in result.stdout and "cloze" not in result.stderr
    files = {front_matter(p)["title"]: p for p in (project / "content").rglob("*.md")}
    assert "{{c1::Paris}} is the capital of France" in files["… is the capital of France"].read_text("utf-8")
    squares = files["What is $x^{2}$ at $x = 3$?"]
    meta = front_matter(squares)
    assert meta["topics"] == ["arithmetic"] and meta["difficulty"] == "hard" and meta["tags"] == ["squares"]
    assert "**9**, since $3 \\cdot 3 = 9$." in squares.read_text("utf-8")
    assert front_matter(files["שלום"])["topics"] == ["hebrew-words"]  # the note's deck, its last part
    colour = files["Which colour?"].read_text("utf-8")
    [image] = [p for p in (project / "figures").iterdir()]
    assert image.name.startswith("green-dot-") and image.read_bytes() == png(0, 200, 0)
    assert f"![](figures/{image.name})" in colour
    check = guidegen(project, "check")
    assert check.returncode == 0 and "no problems" in check.stdout, check.stderr


def test_anki_s_newest_package_format_is_named_not_misread(tmp_path):
    package = tmp_path / "new.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("collection.anki2", b"placeholder")
        archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd")
        archive.writestr("media", b"{}")
    result = guidegen(tmp_path, "import", str(package), "--project", str(tmp_path / "p"))
    assert result.returncode == 1
    assert "collection.anki21b" in result.stderr and "Support older Anki versions" in result.stderr
    assert not (tmp_path / "p" / "content").exists()


def test_an_anki_package_cannot_write_outside_the_project(tmp_path):
    """Member names and media names are never paths: a media file named ../../x.png lands
    in figures/ under a name made by import, and a member ../evil is never extracted."""
    deck = genanki_package(tmp_path)
    hostile = tmp_path / "hostile.apkg"
    with zipfile.ZipFile(deck) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "media":
                data = data.replace(b"green dot.png", b"../../escape.png")
            target.writestr(info, data)
        target.writestr("../evil.txt", b"outside")
    # The note names the image by its (hostile) media name.
    (tmp_path / "run").mkdir()
    import sqlite3
    import tempfile

    with zipfile.ZipFile(hostile) as archive, tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "c"
        db.write_bytes(archive.read("collection.anki2"))
        with sqlite3.connect(db) as connection:
            connection.execute("UPDATE notes SET flds = replace(flds, 'green dot.png', '../../escape.png')")
        rebuilt = tmp_path / "run" / "hostile.apkg"
        with zipfile.ZipFile(rebuilt, "w") as target:
            for info in archive.infolist():
                target.writestr(info, db.read_bytes() if info.filename == "collection.anki2" else archive.read(info))
    before = files_of(tmp_path)
    project = tmp_path / "run" / "project"
    result = guidegen(tmp_path / "run", "import", str(rebuilt), "--project", str(project))
    assert result.returncode == 0, result.stderr
    after = files_of(tmp_path)
    outside = {name for name in after if not name.startswith("run/project/")} - set(before)
    assert outside == set()
    [image] = (project / "figures").iterdir()
    assert image.name.startswith("escape-") and image.read_bytes() == png(0, 200, 0)


# -- flashcards ---------------------------------------------------------------------------------

QUIZLET = "mitochondrion\tthe cell's power plant\nΔG < 0\ta spontaneous reaction\nosmosis\twater moving across a membrane\n"


@pytest.mark.tex
def test_a_quizlet_tsv_imports_checks_clean_and_builds(tmp_path):
    source = tmp_path / "biology cards.txt"  # Quizlet's export: no telling extension
    source.write_text(QUIZLET, "utf-8")
    project = tmp_path / "project"
    result = guidegen(tmp_path, "import", str(source), "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "Found 3 questions" in result.stdout and result.stderr == ""
    check = guidegen(project, "check")
    assert check.returncode == 0 and "no problems" in check.stdout, check.stderr
    build = guidegen(project, "build")
    assert build.returncode == 0, build.stderr
    key = pdftotext(project / "build" / "guide-answers.pdf")
    for term, definition in (line.split("\t") for line in QUIZLET.strip().split("\n")):
        assert definition.replace("'", "’") in key or definition in key
    assert "mitochondrion" in key and "osmosis" in key


def test_anki_s_plain_text_export_with_headers(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("#separator:comma\n#html:true\n#tags column:3\n"
                      'front,back,tags\n"<b>Lemma</b>, one","a <i>proved</i> step\nof two lines",maths proofs\n'
                      "Axiom,assumed true,maths\n", "utf-8")
    project = tmp_path / "project"
    result = guidegen(tmp_path, "import", str(source), "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "Found 2 questions" in result.stdout
    texts = {front_matter(p)["title"]: (front_matter(p), p.read_text("utf-8")) for p in (project / "content").rglob("*.md")}
    meta, text = texts["**Lemma**, one"]
    assert meta["tags"] == ["maths", "proofs"]
    assert "a *proved* step of two lines" in text


def test_a_row_without_a_definition_is_named_at_its_line(tmp_path):
    source = tmp_path / "cards.tsv"
    source.write_text("term\tdefinition\none\tuno\ntwo\t\nthree\ttres\n", "utf-8")
    result = guidegen(tmp_path, "import", str(source), "--project", str(tmp_path / "p"), "--dry-run")
    assert result.returncode == 0
    assert "cards.tsv:3: warning: row 'two' has no definition; not imported" in result.stderr
    assert "Found 2 questions" in result.stdout and "Dry run: nothing was written." in result.stdout
    assert not (tmp_path / "p").exists() or files_of(tmp_path / "p") == {}


# -- Moodle XML and GIFT, told apart by their content --------------------------------------------

MOODLE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Chemistry/Acids &amp; bases</text></category></question>
  <question type="multichoice">
    <name><text>pH of water</text></name>
    <questiontext format="html"><text><![CDATA[<p>What is the pH of pure water at 25 °C?</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>\\([\\mathrm{H^+}] = 10^{-7}\\)</p>]]></text></generalfeedback>
    <defaultgrade>2</defaultgrade>
    <single>true</single>
    <shuffleanswers>0</shuffleanswers>
    <answer fraction="100" format="html"><text>7</text><feedback format="html"><text>Neutral.</text></feedback></answer>
    <answer fraction="0" format="html"><text>0</text></answer>
  </question>
  <question type="truefalse">
    <name><text>Acids donate protons</text></name>
    <questiontext format="plain_text"><text>An acid donates protons (Brønsted).</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="matching"><name><text>Match them</text></name><questiontext><text>x</text></questiontext></question>
</quiz>
"""


def test_moodle_xml_from_moodle_imports_with_its_losses_named(tmp_path):
    source = tmp_path / "export.txt"  # the content tells, not the name
    source.write_text(MOODLE, "utf-8")
    project = tmp_path / "project"
    result = guidegen(tmp_path, "import", str(source), "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "Found 2 questions" in result.stdout and "Acids & bases (topic acids-bases)" in result.stdout
    assert "export.txt:20: warning: question 'Match them' not imported: guidegen has no 'matching' questions" in result.stderr
    ph = (project / "content" / "acids-bases" / "ph-of-water.md").read_text("utf-8")
    assert "points: 2" in ph and "shuffle: false" in ph
    assert "- [x] 7\n- [ ] 0" in ph and "$[\\mathrm{H^+}] = 10^{-7}$" in ph and "- **A.** Neutral." in ph
    acid = (project / "content" / "acids-bases" / "acids-donate-protons.md").read_text("utf-8")
    assert "- [x] True\n- [ ] False" in acid and "(Brønsted)" in acid
    assert guidegen(project, "check").returncode == 0


def test_xml_entities_are_never_resolved(tmp_path):
    source = tmp_path / "bomb.xml"
    source.write_text('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                      '<quiz><question type="essay"><name><text>&x;</text></name>'
                      "<questiontext><text>q</text></questiontext></question></quiz>\n", "utf-8")
    project = tmp_path / "project"
    result = guidegen(tmp_path, "import", str(source), "--project", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bomb.xml:1: error: a DTD (with entities) in Moodle XML is never read" in result.stderr
    assert not project.exists() or not any(project.rglob("*.md"))


GIFT = """// A GIFT file as a teacher writes it
$CATEGORY: Geography

::Capital::What is the capital of France?{=Paris#Yes! ~London#No, that is England. ~Berlin}

::Rivers\\: longest:: Which is the longest river? {
  =The Nile
  ~The Thames
  ~The Rhine
}

Grant is buried in Grant's tomb.{FALSE}

::Essay::Describe a delta.{}

Match these {=Canada -> Ottawa =Italy -> Rome}
"""


def test_gift_from_a_teacher_imports_with_its_losses_named(tmp_path):
    source = tmp_path / "quiz.dat"
    source.write_text(GIFT, "utf-8")
    project = tmp_path / "project"
    result = guidegen(tmp_path, "import", str(source), "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "Found 4 questions" in result.stdout
    assert "quiz.dat:16: warning: 'Match these' is a matching question: guidegen has none; not imported" in result.stderr
    capital = (project / "content" / "geography" / "capital.md").read_text("utf-8")
    assert "- [x] Paris\n- [ ] London\n- [ ] Berlin" in capital and "- **A.** Yes!" in capital
    rivers = next((project / "content" / "geography").glob("rivers*.md")).read_text("utf-8")
    assert "title: 'Rivers: longest'" in rivers and "- [x] The Nile" in rivers
    assert guidegen(project, "check").returncode == 0


def test_a_markdown_document_is_still_read_as_markdown(tmp_path):
    source = tmp_path / "notes.md"
    source.write_text("# Notes\n\n## What is a tab?\n\nA\tcharacter.\n\n## What is {this}?\n\nBraces: {=x ~y}.\n", "utf-8")
    result = guidegen(tmp_path, "import", str(source), "--project", str(tmp_path / "p"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "heading" in result.stdout and "Found 2 questions" in result.stdout
