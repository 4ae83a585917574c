"""QTI export and import: the packages of the ML guide and of a quiz of every kind of
question validate against the IMS schemas (tests/schemas), QTI 1.2 has the structure
text2qti writes for the same quiz, and export then import gives the same questions back."""

from __future__ import annotations

import functools
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import conftest

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "schemas"
QUIZ = Path(__file__).resolve().parent / "fixtures" / "platforms" / "qti-quiz"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
ASI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
M = "{http://www.w3.org/1998/Math/MathML}"

# The quiz as written in its files (by hand, not read by guidegen): id -> (topics, points,
# the options' right marks in order, shuffled).
QUIZ_QUESTIONS = {
    "single-right": (["basics"], 2, [False, True, False, False], True),
    "several-right": (["basics", "world"], 3, [True, False, True, False, False], True),
    "kept-order": (["basics"], 1, [True, False, False], False),
    "2-code-and-figure": (["basics"], 4, [], True),
    "unicode-rtl": (["world"], 1.5, [], True),
}


@functools.lru_cache(maxsize=None)
def schema(name: str):
    """An IMS schema from tests/schemas, every import resolved there (never on the network).
    The QTI 1.2 ASI schema is the IMS definitions Moodle ships for Common Cartridge, under
    a file namespace of its own: it is read under the ASI namespace."""
    from lxml import etree

    if name == "asi":
        text = (SCHEMAS / "qtiv1p2" / "ims_qtiasiv1p2_def_copy.xsd").read_bytes()
        text = text.replace(b'"ims_qtiasiv1p2_def_copy.xsd"', b'"http://www.imsglobal.org/xsd/ims_qtiasiv1p2"')
        text = text.replace(b'schemaLocation="../xml.xsd"', b'schemaLocation="../w3/xml.xsd"')
        return etree.XMLSchema(etree.fromstring(text, base_url=str(SCHEMAS / "qtiv1p2" / "asi.xsd")))
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def invalid(name: str, data: bytes) -> list[str]:
    """The schema's complaints about a document (none when it validates)."""
    from lxml import etree

    checker = schema(name)
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return [] if checker.validate(root) else [str(e) for e in checker.error_log]


def xml(package: Path, member: str):
    from lxml import etree

    with zipfile.ZipFile(package) as z:
        return etree.fromstring(z.read(member))


def export(project: Path, fmt: str, *args: str) -> Path:
    result = conftest.guidegen(project, "export", "--format", fmt, "--project", ".", "--out", "out", *args)
    assert result.returncode == 0, result.stderr
    return project / "out" / f"guide-{fmt}.zip"


@pytest.fixture(scope="module")
def quiz(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("qti-quiz")
    shutil.copytree(QUIZ, project, dirs_exist_ok=True)
    export(project, "qti21")
    export(project, "qti12")
    return project


@pytest.fixture(scope="module")
def ml(bank: Path, bank_svgs: Path) -> Path:
    export(bank, "qti21")
    export(bank, "qti12")
    return bank


# -- QTI 2.1 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["quiz", "ml"])
def test_qti21_package_validates_against_the_ims_schemas(which, request):
    project = request.getfixturevalue(which)
    package = project / "out" / "guide-qti21.zip"
    with zipfile.ZipFile(package) as z:
        names = z.namelist()
        problems = {n: invalid("qtiv2p1/imsqti_v2p1.xsd", z.read(n)) for n in names if n.startswith("items/") or n == "test.xml"}
        problems["imsmanifest.xml"] = invalid("imscp_v1p1.xsd", z.read("imsmanifest.xml"))
    assert {n: p for n, p in problems.items() if p} == {}
    questions = list((project / "content").rglob("*.md"))
    assert len([n for n in names if n.startswith("items/")]) == len(questions)
    # Every file the manifest names is in the package, and every file of the package is named.
    manifest = xml(package, "imsmanifest.xml")
    listed = {f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")}
    assert listed == set(names) - {"imsmanifest.xml"}


def test_the_schema_check_can_fail(quiz):
    """The validation above would see a broken item: one with a choice without its identifier."""
    data = zipfile.ZipFile(quiz / "out" / "guide-qti21.zip").read("items/single-right.xml")
    broken = data.replace(b'<simpleChoice identifier="A">', b"<simpleChoice>")
    assert broken != data and invalid("qtiv2p1/imsqti_v2p1.xsd", broken)


def test_qti21_items_carry_ids_points_right_options_and_pinning(quiz):
    package = quiz / "out" / "guide-qti21.zip"
    test = xml(package, "test.xml")
    sections = {s.get("title"): [r.get("identifier") for r in s] for s in test.iter(f"{QTI}assessmentSection")}
    assert sections == {"Basics & {braces}": ["q-2-code-and-figure", "kept-order", "several-right", "single-right"],
                        "Around the world": ["unicode-rtl"]}
    for qid, (topics, points, right, shuffled) in QUIZ_QUESTIONS.items():
        name = ("q-" if qid[0].isdigit() else "") + qid
        item = xml(package, f"items/{name}.xml")
        assert item.get("identifier") == name
        maximum = [o for o in item.iter(f"{QTI}outcomeDeclaration") if o.get("identifier") == "MAXSCORE"][0]
        assert float(maximum.findtext(f".//{QTI}value")) == points
        choices = item.findall(f".//{QTI}simpleChoice")
        correct = {v.text for v in item.iter(f"{QTI}value") if v.getparent().tag == f"{QTI}correctResponse"}
        assert [c.get("identifier") in correct for c in choices] == right
        if right:
            interaction = item.find(f".//{QTI}choiceInteraction")
            assert interaction.get("shuffle") == ("true" if shuffled else "false")
            assert interaction.get("maxChoices") == ("1" if sum(right) == 1 else "0")
        else:
            assert item.find(f".//{QTI}extendedTextInteraction") is not None
            assert item.find(f".//{QTI}rubricBlock").get("view") == "scorer"
    several = xml(package, "items/several-right.xml")
    # Right picks share the 3 points, each of the three wrong ones takes a third of them away.
    assert {e.get("mapKey"): float(e.get("mappedValue")) for e in several.iter(f"{QTI}mapEntry")} == \
        {"A": 1.5, "B": -1, "C": 1.5, "D": -1, "E": -1}
    assert [c.get("fixed") for c in several.iter(f"{QTI}simpleChoice")] == [None, None, None, None, "true"]
    assert "".join(several.find(f"{QTI}modalFeedback").itertext()).strip().startswith("A twice-differentiable function")


def test_qti21_math_is_mathml_and_media_travel_inside(quiz):
    package = quiz / "out" / "guide-qti21.zip"
    single = xml(package, "items/single-right.xml")
    annotations = [a.text for a in single.iter(f"{M}annotation")]
    assert r"y \in \{0, 1\}" in annotations and r"a \sim b" in annotations
    assert single.find(f".//{M}mo") is not None  # drawn as MathML, not as TeX text
    figure = xml(package, "items/q-2-code-and-figure.xml")
    assert figure.find(f".//{QTI}pre/{QTI}code").get("class") == "language-python"
    assert "return {k: k ** 2 for k in range(n)}" in "".join(figure.find(f".//{QTI}pre").itertext())
    sources = [i.get("src") for i in figure.iter(f"{QTI}img")]
    assert sorted(sources) == ["../media/figures--logo.png", "../media/parabola.svg"]
    with zipfile.ZipFile(package) as z:
        assert z.read("media/parabola.svg").lstrip().startswith((b"<?xml", b"<svg"))
        assert z.read("media/figures--logo.png") == (QUIZ / "figures" / "logo.png").read_bytes()
    unicode = xml(package, "items/unicode-rtl.xml")
    assert unicode.get("title") == "Grüße, 你好 and שלום" and "سلام" in "".join(unicode.itertext())


# -- QTI 1.2 ------------------------------------------------------------------------------------

def test_qti12_validates_and_names_what_it_cannot_carry(quiz, ml):
    for project in (quiz, ml):
        with zipfile.ZipFile(project / "out" / "guide-qti12.zip") as z:
            documents = [n for n in z.namelist() if n.endswith(".xml") and b"questestinterop" in z.read(n)[:500]]
            assert len(documents) == 1
            assert invalid("asi", z.read(documents[0])) == []
    result = conftest.guidegen(quiz, "check", "--for", "qti12", "--project", ".")
    assert result.returncode == 0
    warnings = sorted(line for line in (result.stdout + result.stderr).splitlines() if "warning:" in line)
    assert [w.split(": warning:")[0] for w in warnings] == ["content/basics/several-right.md:14",
                                                            "content/basics/single-right.md:13"]
    assert all("[qti12] QTI 1.2 cannot keep one option last" in w for w in warnings)
    strict = conftest.guidegen(quiz, "export", "--format", "qti12", "--strict", "--project", ".", "--out", "strict")
    assert strict.returncode == 1 and not (quiz / "strict" / "guide-qti12.zip").exists()
    assert "single-right.md:13: warning: [qti12]" in strict.stderr and "--strict: warnings are errors" in strict.stderr


def _signature(item, labels) -> tuple:
    """What Canvas reads of an item: its type, points, cardinality, and each scoring
    respcondition as (continue, the condition's shape with option positions, the score)."""
    fields = {f.findtext(f"{ASI}fieldlabel"): f.findtext(f"{ASI}fieldentry") for f in item.iter(f"{ASI}qtimetadatafield")}

    def shape(node):
        tag = node.tag.removeprefix(ASI)
        if tag == "varequal":
            return ("varequal", labels.index(node.text))
        return (tag, tuple(shape(c) for c in node))

    scoring = [(c.get("continue"), shape(c.find(f"{ASI}conditionvar")), c.findtext(f"{ASI}setvar"))
               for c in item.iter(f"{ASI}respcondition") if c.find(f"{ASI}displayfeedback") is None]
    lid = item.find(f".//{ASI}response_lid")
    return (fields["question_type"], float(fields["points_possible"]), lid.get("rcardinality") if lid is not None else None,
            scoring)


TEXT2QTI_QUIZ = """\
Quiz title: Platform quiz

Title: Logistic loss
Points: 2
1.  Which loss does logistic regression minimise?
a)  Mean squared error
*b) Binary cross-entropy
c)  Hinge loss
d)  None of the above

Title: Convex functions
Points: 3
2.  Which of these functions are convex on the real line?
[*] The square function
[ ] The sine function
[*] The exponential function
[ ] The function log(x) on its domain
[ ] All of the above

Title: Unicode
Points: 1.5
3.  Translate the Hebrew word.
____
"""


def test_qti12_has_the_structure_text2qti_writes(quiz, tmp_path):
    """The same three questions written by text2qti (a Canvas exporter) and by guidegen:
    the same item types, points, cardinalities and scoring respconditions."""
    import subprocess

    (tmp_path / "quiz.md").write_text(TEXT2QTI_QUIZ, "utf-8")
    subprocess.run([str(Path(shutil.which("text2qti") or REPO / ".venv" / "bin" / "text2qti")), "quiz.md"],
                   cwd=tmp_path, check=True, capture_output=True)
    with zipfile.ZipFile(tmp_path / "quiz.zip") as z:
        [member] = [n for n in z.namelist() if n.endswith(".xml") and b"questestinterop" in z.read(n)[:500]]
        theirs = xml(tmp_path / "quiz.zip", member)
    [ours_member] = [n for n in zipfile.ZipFile(quiz / "out" / "guide-qti12.zip").namelist() if n.endswith("-quiz.xml")]
    ours = xml(quiz / "out" / "guide-qti12.zip", ours_member)
    ours_items = {i.get("ident"): i for i in ours.iter(f"{ASI}item")}

    def signature(item):
        return _signature(item, [label.get("ident") for label in item.iter(f"{ASI}response_label")])

    pairs = zip(theirs.iter(f"{ASI}item"), [ours_items["single-right"], ours_items["several-right"], ours_items["unicode-rtl"]])
    for their_item, our_item in pairs:
        assert signature(our_item) == signature(their_item)
    assert signature(ours_items["several-right"])[3][0][1][1][0][0] == "and"  # the assertion above compares real shapes


def test_qti12_math_is_for_mathjax_and_images_are_canvas_files(quiz):
    package = quiz / "out" / "guide-qti12.zip"
    [member] = [n for n in zipfile.ZipFile(package).namelist() if n.endswith("-quiz.xml")]
    root = xml(package, member)
    html = "\n".join(t.text or "" for t in root.iter(f"{ASI}mattext"))
    assert r"\(y \in \{0, 1\}\)" in html and r"\(a \sim b\)" in html
    assert 'src="%24IMS-CC-FILEBASE%24/images/parabola.svg"' in html
    assert '<pre><code class="language-python">' in html
    assert "images/parabola.svg" in zipfile.ZipFile(package).namelist()


# -- import ------------------------------------------------------------------------------------

def questions_of(project: Path) -> dict:
    """Each question of a project as guidegen reads it: id -> what a platform holds of it."""
    from guidegen.load.reader import content_files, read_question
    from guidegen.outputs.qti.common import points_of

    def text(markdown: str) -> str:
        # What comes back spelled otherwise but reads the same: a figure as the image it was
        # drawn to (its file is compared apart), the typographic quotes the HTML renderer
        # makes, _emphasis_ as *emphasis*, and no spaces inside $$...$$.
        text = re.sub(r"(!\[[^\]]*\])\([^)]*\)", r"\1", " ".join(markdown.split()))
        text = re.sub(r"\$\$ *(.*?) *\$\$", r"$$\1$$", text.replace("“", '"').replace("”", '"').replace("’", "'"))
        return re.sub(r"(?<![\w\\])_([^_]+)_(?!\w)", r"*\1*", text)

    found = {}
    for path in content_files(project, []):
        q = read_question(path, path.read_bytes(), None, [])
        found[q.id] = (q.title, list(q.topics), points_of(q), [(text(o.markdown), o.correct) for o in q.options],
                       text(q.question_md), text(q.answer_md), q.shuffle)
    return found


def run_import(project: Path, package: Path, *args: str):
    return conftest.guidegen(project.parent, "import", str(package), "--project", str(project), *args)


@pytest.mark.parametrize("fmt", ["qti21", "qti12"])
def test_export_then_import_gives_the_same_questions(quiz, fmt, tmp_path):
    target = tmp_path / "imported"
    result = run_import(target, quiz / "out" / f"guide-{fmt}.zip")
    assert result.returncode == 0, result.stderr
    before, after = questions_of(quiz), questions_of(target)
    assert set(after) == set(QUIZ_QUESTIONS) == set(before)
    for qid in before:
        title, topics, points, options, question, answer, shuffle = after[qid]
        assert (title, topics, points, options, question, answer) == before[qid][:6], qid
        pinned = fmt == "qti12" and qid in ("single-right", "several-right")  # the loss QTI 1.2's export named
        assert shuffle == (False if pinned else before[qid][6]), qid
    assert (target / "figures" / "figures--logo.png").read_bytes() == (QUIZ / "figures" / "logo.png").read_bytes()
    assert "![A parabola drawn by a script.](parabola.svg)" in (target / "content" / "basics" / "2-code-and-figure.md").read_text()
    guide = (target / "content" / "guide.yaml").read_text("utf-8")
    assert "name: Basics & {braces}" in guide and "name: Around the world" in guide
    check = conftest.guidegen(target, "check", "--project", ".")
    assert check.returncode == 0 and "5 questions, 2 topics, no problems" in check.stdout, check.stdout + check.stderr


def test_import_again_changes_nothing_and_keeps_edits(quiz, tmp_path):
    target = tmp_path / "again"
    package = quiz / "out" / "guide-qti21.zip"
    dry = run_import(target, package, "--dry-run")
    assert dry.returncode == 0 and "Dry run: nothing was written." in dry.stdout and not target.exists()
    assert run_import(target, package).returncode == 0
    files = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    again = run_import(target, package)
    assert again.returncode == 0 and "Wrote 0 files; 5 unchanged" in again.stdout
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == files
    edited = target / "content" / "world" / "unicode-rtl.md"
    edited.write_text(edited.read_text("utf-8").replace("Translate", "Please translate"), "utf-8")
    kept = run_import(target, package)
    assert "unicode-rtl.md was edited since it was imported; kept as it is" in kept.stderr
    assert "Please translate" in edited.read_text("utf-8")


def test_import_tells_a_package_by_its_content(quiz, tmp_path):
    from guidegen.importer.qti import detect

    renamed = tmp_path / "from-canvas.bin"
    shutil.copy(quiz / "out" / "guide-qti12.zip", renamed)
    assert detect(renamed) and detect(quiz / "out" / "guide-qti21.zip")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("notes.xml", "<notes><note>not QTI</note></notes>")
    assert not detect(other) and not detect(QUIZ / "content" / "basics" / "single-right.md")
    result = run_import(tmp_path / "p", renamed)
    assert result.returncode == 0 and "Found 5 questions" in result.stdout


HOSTILE_ITEM = """<?xml version="1.0"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="{id}" title="{title}" adaptive="false" timeDependent="false">
<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>A</value></correctResponse></responseDeclaration>
<itemBody><p>Body {body}</p><img src="{src}" alt="escape"/>
<choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1"><simpleChoice identifier="A">Yes</simpleChoice><simpleChoice identifier="B">No</simpleChoice></choiceInteraction>
</itemBody></assessmentItem>"""


def test_a_hostile_package_reads_nothing_outside_and_expands_no_entity(tmp_path):
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n' + HOSTILE_ITEM.split("\n", 1)[1].format(
                  id="laughs", title="Laughs", body="&lol2;&secret;", src="x.png"))
    package = tmp_path / "hostile.zip"
    manifest = ('<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><organizations/><resources>'
                + "".join(f'<resource identifier="r{n}" type="imsqti_item_xmlv2p1" href="{href}"/>'
                          for n, href in enumerate(["items/good.xml", "items/laughs.xml", "../outside.xml"]))
                + "</resources></manifest>")
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("imsmanifest.xml", manifest)
        z.writestr("items/good.xml", HOSTILE_ITEM.format(id="good", title="Good", body="fine", src="../../../../etc/hostname"))
        z.writestr("items/laughs.xml", laughs)
        z.writestr("../outside.xml", HOSTILE_ITEM.format(id="outside", title="Outside", body="", src="x.png"))
    project = tmp_path / "project"
    before = set(tmp_path.rglob("*"))
    result = run_import(project, package)
    assert result.returncode == 0, result.stderr
    written = set(tmp_path.rglob("*")) - before
    assert written and all(p == project or project in p.parents for p in written)
    text = (project / "content" / "hostile" / "good.md").read_text("utf-8")
    assert "Body fine" in text and "etc" not in text
    assert "hostile.zip/items/good.xml:4: warning: image '../../../../etc/hostname' is not a picture file inside the package" in result.stderr
    assert "hostile.zip/items/laughs.xml:1: warning: not readable XML (it declares a DTD" in result.stderr
    assert "hostile.zip/imsmanifest.xml:1: warning: item '../outside.xml' leads outside the package; left out" in result.stderr
    assert not (project / "content" / "hostile" / "laughs.md").exists() and "root:" not in result.stderr


def test_the_ml_guide_comes_back_from_both_packages(ml, tmp_path):
    before = questions_of(ml)
    for fmt in ("qti21", "qti12"):
        target = tmp_path / fmt
        result = run_import(target, ml / "out" / f"guide-{fmt}.zip")
        assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
        after = questions_of(target)
        assert set(after) == set(before)
        # Titles, topics, points, questions and answers; the figures come back as SVG images.
        assert {qid: e[:6] for qid, e in after.items()} == {qid: e[:6] for qid, e in before.items()}
        check = conftest.guidegen(target, "check", "--project", ".")
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.tex
@pytest.mark.xdist_group("imported-build")  # the shared build's tests, on one worker (test_import_shapes.py)
def test_an_imported_package_builds(tmp_path, build_once):
    # The quiz's QTI 2.1 package, exported and imported as above, is built in one project
    # with the other imported cases (one LuaLaTeX build for all:
    # test_import_shapes.import_every_case); each phrase looked for is held by the quiz's
    # files only.
    from test_import_shapes import QTI_CASE, import_every_case

    every = import_every_case(tmp_path)
    assert len(every.files[QTI_CASE]) == len(QUIZ_QUESTIONS)
    words = ("Logistic loss", "Binary cross-entropy", "Translate the Hebrew word", "return {k: k ** 2")
    for phrase in words:
        assert every.owners(phrase) == {QTI_CASE}, phrase
    out = every.build(build_once, [QTI_CASE])
    text = conftest.squash(conftest.pdftotext(out / "guide-answers.pdf"))
    for phrase in words:
        assert conftest.squash(phrase) in text, phrase
