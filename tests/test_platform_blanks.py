"""Blanks ({{c1::answer}}) and numeric answers on the learning platforms, both ways: a
question with two blanks (one with a hint, one a formula), one with a single blank and a
numeric answer drawn from parameters, exported to QTI 2.1 (validated against the IMS
schemas), QTI 1.2 (the ASI schema, Canvas's item types), Moodle XML and GIFT (read by
Moodle's documented rules), then imported back. Expected values come from the fixture's
text and from the numbers the exported question shows, never from guidegen's code."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file
from test_qti import invalid

GUIDE = "title: Blanks on platforms\nid: 2d0e3c44-1b6f-4a0e-8f4c-5a9b7c2e1d33\ntopics:\n  - slug: stats\n    name: Statistics\n"
TWO = question_file(
    "two-blanks", "Two blanks", "[stats]", "easy",
    "A sample's mean is its {{c1::average::one word}}, and the derivative of $x^2$ is {{c2::$2x$}}.",
    "Both are definitions.", "points: 2\n")
ONE = question_file("one-blank", "One blank", "[stats]", "easy",
                    "The variance is the square of the {{c1::standard deviation}}.", "By definition.")
NUMERIC = question_file(
    "expected-heads", "Expected heads", "[stats]", "easy",
    "A coin lands heads with probability {{p}} and is tossed {{n}} times. How many heads are expected?",
    "The mean of a binomial count.",
    "params:\n  n: {int: [20, 60]}\n  p: {choice: [0.1, 0.2, 0.25]}\ncompute:\n  mean: n * p\n"
    "answer: {value: \"{{mean}}\", tolerance: 0.05}\n")
RELATIVE = question_file("boiling-point", "Boiling point", "[stats]", "easy",
                         "At what temperature, in kelvin, does water boil at sea level?", "At 100 °C.",
                         "answer: {value: 373.15, tolerance: 2%}\n")
FORMATS = {"qti21": "guide-qti21.zip", "qti12": "guide-qti12.zip", "moodle": "guide-moodle.xml", "gift": "guide.gift.txt"}
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
ASI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("platform-blanks"),
                           {"two.md": TWO, "one.md": ONE, "numeric.md": NUMERIC, "relative.md": RELATIVE}, GUIDE)
    results = {}
    for fmt in FORMATS:
        result = guidegen(project, "export", "--format", fmt, "--project", ".", "--out", "out")
        assert result.returncode == 0, result.stderr
        results[fmt] = result
    return project, results


def drawn_mean(text: str) -> float:
    """The expected count from the numbers the exported question shows (n * p)."""
    found = re.search(r"probability ([0-9.]+) and is tossed (\d+) times", text)
    assert found, text
    return float(found.group(1)) * int(found.group(2))


def test_a_hint_a_format_cannot_show_is_named_at_its_line(exported):
    _, results = exported
    assert "placeholder" not in results["qti21"].stderr and "hint" not in results["qti21"].stderr
    for fmt in ("qti12", "moodle"):
        assert re.search(r"two\.md:8: warning: .*hint 'one word' is left out", results[fmt].stderr), results[fmt].stderr
    assert re.search(r"two\.md:8: warning: \[gift\] .*2 blanks are exported as an essay", results["gift"].stderr)


def test_qti21_items_validate_and_hold_a_text_entry_per_blank(exported):
    from lxml import etree

    project, _ = exported
    with zipfile.ZipFile(project / "out" / FORMATS["qti21"]) as z:
        for name in z.namelist():
            if name.startswith("items/") or name == "test.xml":
                assert invalid("qtiv2p1/imsqti_v2p1.xsd", z.read(name)) == [], name
        assert invalid("imscp_v1p1.xsd", z.read("imsmanifest.xml")) == []
        two = etree.fromstring(z.read("items/two-blanks.xml"))
        numeric = etree.fromstring(z.read("items/expected-heads.xml"))
    entries = two.findall(f".//{QTI}itemBody//{QTI}textEntryInteraction")
    assert [e.get("placeholderText") for e in entries] == ["one word", None]
    declarations = {d.get("identifier"): d for d in two.findall(f"{QTI}responseDeclaration")}
    assert {k: (d.get("baseType"), d.findtext(f".//{QTI}value")) for k, d in declarations.items()} == {
        entries[0].get("responseIdentifier"): ("string", "average"),
        entries[1].get("responseIdentifier"): ("string", "$2x$")}
    shares = [float(v.text) for v in two.findall(f".//{QTI}responseCondition//{QTI}sum/{QTI}baseValue")]
    assert shares == [1.0, 1.0]  # the 2 points split between the blanks
    assert len(two.findall(f".//{QTI}match/{QTI}correct")) == 2
    # the numeric answer: a float entry, right within the tolerance
    text = "".join(numeric.find(f"{QTI}itemBody").itertext())
    [declaration] = numeric.findall(f"{QTI}responseDeclaration")
    assert declaration.get("baseType") == "float"
    assert float(declaration.findtext(f".//{QTI}value")) == pytest.approx(drawn_mean(text))
    equal = numeric.find(f".//{QTI}equal")
    assert (equal.get("toleranceMode"), float(equal.get("tolerance"))) == ("absolute", 0.05)
    assert numeric.find(f".//{QTI}itemBody//{QTI}textEntryInteraction") is not None
    relative = etree.fromstring(zipfile.ZipFile(project / "out" / FORMATS["qti21"]).read("items/boiling-point.xml"))
    equal = relative.find(f".//{QTI}equal")  # QTI's relative tolerance is in per cent
    assert (equal.get("toleranceMode"), float(equal.get("tolerance"))) == ("relative", 2.0)


def test_qti12_items_are_canvas_fill_in_blanks_and_numerical(exported):
    from lxml import etree

    project, _ = exported
    with zipfile.ZipFile(project / "out" / FORMATS["qti12"]) as z:
        [document] = [n for n in z.namelist() if n.endswith(".xml") and "/" in n and "assessment_meta" not in n]
        data = z.read(document)
    assert invalid("asi", data) == []
    root = etree.fromstring(data)
    items = {i.get("ident"): i for i in root.iter(f"{ASI}item")}

    def field(item, label):
        for f in item.iter(f"{ASI}qtimetadatafield"):
            if f.findtext(f"{ASI}fieldlabel") == label:
                return f.findtext(f"{ASI}fieldentry")

    two, heads = items["two-blanks"], items["expected-heads"]
    assert field(two, "question_type") == "fill_in_multiple_blanks_question"
    assert "[blank1]" in two.findtext(f"{ASI}presentation/{ASI}material/{ASI}mattext")
    blanks = two.findall(f"{ASI}presentation/{ASI}response_lid")
    assert [b.findtext(f"{ASI}material/{ASI}mattext") for b in blanks] == ["blank1", "blank2"]
    assert [b.findtext(f".//{ASI}response_label/{ASI}material/{ASI}mattext") for b in blanks] == ["average", "$2x$"]
    assert [float(s.text) for s in two.iter(f"{ASI}setvar")] == [50.0, 50.0]
    assert field(heads, "question_type") == "numerical_question"
    mean = drawn_mean(heads.findtext(f"{ASI}presentation/{ASI}material/{ASI}mattext"))
    assert float(next(heads.iter(f"{ASI}vargte")).text) == pytest.approx(mean - 0.05)
    assert float(next(heads.iter(f"{ASI}varlte")).text) == pytest.approx(mean + 0.05)


def moodle_cloze_answers(text: str) -> list[str]:
    """The answers of each {weight:SHORTANSWER:=answer} in a cloze text, unescaped as Moodle
    reads them (question/type/multianswer: a backslash keeps the next character)."""
    found = []
    for match in re.finditer(r"\{(\d+):SHORTANSWER:=((?:\\.|[^\\}])*)\}", text):
        found.append(re.sub(r"\\(.)", r"\1", match.group(2)))
    return found


def test_moodle_xml_has_a_cloze_and_a_numerical_question(exported):
    import xml.etree.ElementTree as ET

    project, _ = exported
    quiz = ET.parse(project / "out" / FORMATS["moodle"]).getroot()
    questions = {q.findtext("idnumber"): q for q in quiz.iter("question") if q.get("type") != "category"}
    two, one, heads = questions["two-blanks"], questions["one-blank"], questions["expected-heads"]
    assert (two.get("type"), one.get("type"), heads.get("type")) == ("cloze", "cloze", "numerical")
    assert moodle_cloze_answers(two.findtext("questiontext/text")) == ["average", "$2x$"]
    assert moodle_cloze_answers(one.findtext("questiontext/text")) == ["standard deviation"]
    assert two.findtext("defaultgrade") == "2"
    [answer] = heads.findall("answer")
    assert answer.get("fraction") == "100"
    assert float(answer.findtext("text")) == pytest.approx(drawn_mean(heads.findtext("questiontext/text")))
    assert float(answer.findtext("tolerance")) == 0.05
    # Moodle's tolerance is absolute: 2% of 373.15
    assert float(questions["boiling-point"].findtext("answer/tolerance")) == pytest.approx(7.463)


def test_moodle_cloze_escapes_what_its_syntax_reads():
    from guidegen.outputs.platforms.moodle import cloze_escape

    tricky = 'a}b#c~d/e"f\\g'
    escaped = cloze_escape(tricky)
    assert escaped == 'a\\}b\\#c\\~d\\/e\\"f\\\\g'
    assert moodle_cloze_answers("{1:SHORTANSWER:=" + escaped + "}") == [tricky]


def gift_blocks(path: Path) -> dict[str, str]:
    text = path.read_text("utf-8")
    return {re.search(r"\[id:([^\]]+)\]", b).group(1): b for b in text.split("\n\n") if "[id:" in b}


def test_gift_has_a_missing_word_and_a_numeric_answer(exported):
    from test_export_moodle_gift import moodle_gift_read

    project, _ = exported
    blocks = gift_blocks(project / "out" / FORMATS["gift"])
    one = blocks["one-blank"]
    # Moodle's importer: a question whose answer braces stand inside its text is a missing word
    assert re.search(r"square of the \{=standard deviation[^}]*\}\.</p>", one)
    numeric = re.search(r"\{#([0-9.]+):([0-9.]+)", blocks["expected-heads"])
    assert float(numeric.group(1)) == pytest.approx(drawn_mean(blocks["expected-heads"]))
    assert float(numeric.group(2)) == 0.05
    essay = moodle_gift_read(blocks["two-blanks"])  # several blanks: an essay, its answers in the feedback
    assert essay["kind"] == "essay" and "_____" in essay["text"] and "1. average; 2. $2x$" in essay["feedback"]


# -- export, then import, gives the same blanks and numbers --------------------------------

def imported_files(project: Path) -> dict[str, tuple[dict, str, str]]:
    """Each imported question file: its front matter (read with yaml), question and answer."""
    import yaml

    found = {}
    for path in sorted((project / "content").rglob("*.md")):
        _, front, body = path.read_text("utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        question, _, answer = body.partition("## Answer")
        found[meta["id"]] = (meta, question.strip(), answer.strip())
    return found


@pytest.fixture(scope="module")
def round_trips(exported, tmp_path_factory):
    project, _ = exported
    out = {}
    for fmt, name in FORMATS.items():
        target = tmp_path_factory.mktemp(f"back-{fmt}")
        result = guidegen(target, "import", str(project / "out" / name), "--project", str(target))
        assert result.returncode == 0, result.stderr
        assert "not imported" not in result.stderr and "left out" not in result.stderr, result.stderr
        out[fmt] = imported_files(target)
        out[f"{fmt}-project"] = target
    return out


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_then_import_gives_the_same_blanks_and_numbers(exported, round_trips, fmt):
    project, _ = exported
    back = round_trips[fmt]
    assert "The variance is the square of the {{c1::standard deviation}}." in back["one-blank"][1]
    if fmt != "gift":  # GIFT carries several blanks only as an essay (test_gift_has_...)
        hint = "::one word" if fmt == "qti21" else ""  # only QTI 2.1 has a place for a hint
        assert f"its {{{{c1::average{hint}}}}}, and the derivative of $x^2$ is {{{{c2::$2x$}}}}." in back["two-blanks"][1]
        assert back["two-blanks"][0].get("points") == 2
    meta, question, answer = back["expected-heads"]
    assert set(meta["answer"]) == {"value", "tolerance"}
    assert meta["answer"]["value"] == pytest.approx(drawn_mean(question))
    assert meta["answer"]["tolerance"] == pytest.approx(0.05)
    assert answer == "The mean of a binomial count."  # the stated answer is not imported twice
    # a relative tolerance comes back as itself from QTI 2.1, as its value for this number elsewhere
    boiling = back["boiling-point"][0]["answer"]
    assert boiling["value"] == 373.15
    assert boiling["tolerance"] == "2%" if fmt == "qti21" else boiling["tolerance"] == pytest.approx(7.463)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_an_imported_project_checks_clean(round_trips, fmt):
    result = guidegen(round_trips[f"{fmt}-project"], "check", "--project", ".", "--strict")
    assert result.returncode == 0, result.stderr


# -- Anki: a Cloze note is a question with blanks -----------------------------------------

def import_into(target: Path, source: Path):
    target.mkdir(exist_ok=True)
    result = guidegen(target, "import", str(source), "--project", str(target))
    assert result.returncode == 0, result.stderr
    return result, imported_files(target)


def test_an_anki_cloze_note_written_by_genanki_imports_with_its_blanks(tmp_path):
    import genanki

    deck = genanki.Deck(2059400110, "Statistics")
    deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL, tags=["stats"], fields=[
        "The {{c1::median::a middle}} splits a sample in two; the slope of \\(x^2\\) is {{c2::\\(2x\\)}}.",
        "Both are <b>definitions</b>."]))
    deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["What is a mode?", "The most frequent value."]))
    package = tmp_path / "stats.apkg"
    genanki.Package(deck).write_to_file(str(package))
    result, found = import_into(tmp_path / "project", package)
    assert "not imported" not in result.stderr, result.stderr  # a cloze note is no longer left out
    by_question = {question: answer for _, question, answer in found.values()}
    assert by_question == {
        "The {{c1::median::a middle}} splits a sample in two; the slope of $x^2$ is {{c2::$2x$}}.":
            "Both are **definitions**.",
        "What is a mode?": "The most frequent value."}
    check = guidegen(tmp_path / "project", "check", "--project", ".", "--strict")
    assert check.returncode == 0, check.stderr


def test_guidegens_own_anki_cloze_note_comes_back_with_its_hint(exported, tmp_path):
    project, _ = exported
    result = guidegen(project, "anki", "--project", ".", "--out", "deck")
    assert result.returncode == 0, result.stderr
    [package] = (project / "deck").glob("*.apkg")
    _, found = import_into(tmp_path / "project", package)
    assert found["two-blanks"][1].replace("’", "'") == ("A sample's mean is its {{c1::average::one word}}, and the derivative of $x^2$ is "
                                      "{{c2::$2x$}}.")
    assert found["two-blanks"][2] == "Both are definitions."
