"""Text that used to come out wrong with exit 0, or stop the bank (issue 28): a title
YAML mangled from its backslash escapes, text in decomposed Unicode (NFD), and CSV
cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_project, pdftotext, shared_build, squash

from guidegen.cli import main
from guidegen.load import load
from guidegen.outputs.latex.texescape import escape_words

GUIDE = "title: Text\ntopics:\n  - slug: u\n    name: Unicode\n"


def _question(title_line: str, body: str = "What is it?", extra: str = "") -> str:
    return f"---\nid: q\n{title_line}\ntopics: [u]\ndifficulty: easy\n{extra}---\n{body}\n\n## Answer\n\nThis.\n"


def _run(project: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--project", str(project)], catch_exceptions=False)


# -- item 5: backslash escapes in double quotes -----------------------------------------------

@pytest.mark.parametrize("typed, escape, became", [
    (r"Estimating $\theta$", r"\t", '("\\theta" became a tab and "heta")'),
    (r"$\nabla f$", r"\n", '("\\nabla" became a line break and "abla")'),
    (r"$\beta$ weights", r"\b", "as a backspace"),
    (r"$\alpha$ level", r"\a", "as a bell character"),
    (r"$\vec v$", r"\v", "as a vertical tab"),
    (r"$\frac12$", r"\f", "as a form feed"),
    (r"$\rho$ value", r"\r", "as a carriage return"),
    (r"$\epsilon$-greedy", r"\e", "as an escape character"),
    (r"null \0 byte", r"\0", "as a null character"),
    (r"snake\_case", r"\_", "as a no-break space"),
    (r"$\Lambda$ matrix", r"\L", "as a line separator"),
    (r"$\P$ sign", r"\P", "as a paragraph separator"),
    (r"$\Nu$", r"\N", "as a next-line character"),
    (r"bell \x07 here", r"\x07", "as the control character U+0007"),
])
def test_a_double_quoted_title_mangled_by_an_escape_is_an_error_with_the_fix(tmp_path: Path, typed: str, escape: str,
                                                                            became: str):
    project = make_project(tmp_path, {"q.md": _question(f'title: "{typed}"')}, GUIDE)
    result = _run(project, "check")
    assert result.exit_code == 1, result.output
    single = typed.replace("'", "''")
    assert (f"content/q.md:3: error: title: in double quotes YAML reads {escape} "
            in result.output), result.output
    assert became in result.output
    if escape in (r"\0", r"\P", r"\x07"):  # no LaTeX command after it
        assert f"remove the backslash, or put the text in single quotes to keep it as typed: title: '{single}'" in result.output
    else:
        assert f"put a title with LaTeX in single quotes: title: '{single}'" in result.output
    # The fix it names works: in single quotes the title is read as typed.
    (project / "content" / "q.md").write_text(_question(f"title: '{single}'"), "utf-8")
    fixed = _run(project, "check")
    if "$" in typed and escape not in (r"\P", r"\Nu", r"\N", r"\e"):  # those are no math commands
        assert fixed.exit_code == 0, fixed.output
        assert load(project).questions[0].title == typed


def test_the_line_of_the_escape_is_named_in_guide_yaml_and_every_text_value(tmp_path: Path):
    guide = ('title: "Week \\theta"\n'
             "topics:\n"
             "  - slug: u\n"
             '    name: "Gradient \\nabla"\n'
             "booklets:\n"
             "  - name: one\n"
             '    title: "Weights \\beta"\n'
             '    tags: ["\\bx"]\n')
    project = make_project(tmp_path, {"q.md": _question("title: Plain", extra='tags: ["\\alpha"]\n')}, guide)
    result = _run(project, "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for expected in ["content/guide.yaml:1: error: title: in double quotes YAML reads \\t as a tab",
                     "content/guide.yaml:4: error: name: in double quotes YAML reads \\n as a line break",
                     "content/guide.yaml:7: error: title: in double quotes YAML reads \\b as a backspace",
                     "content/guide.yaml:8: error: tags: in double quotes YAML reads \\b as a backspace "
                     "(\"\\bx\" became a backspace and \"x\"); put an entry with LaTeX in single quotes: - '\\bx'"]:
        assert any(expected in line for line in lines), (expected, result.output)


def test_an_escape_on_a_later_line_of_a_folded_value_is_named_at_its_line(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": _question('title: "A long title\n  about $\\theta$"')}, GUIDE)
    result = _run(project, "check")
    assert result.exit_code == 1
    assert "content/q.md:4: error: title: in double quotes YAML reads \\t as a tab" in result.output


def test_an_escape_yaml_does_not_know_names_the_command_and_the_fix(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": _question('title: "The $\\sigma$ of it"')}, GUIDE)
    result = _run(project, "check")
    assert result.exit_code == 1
    assert ("content/q.md:3: error: invalid YAML: found unknown escape character (\\sigma); in double quotes YAML reads "
            "a backslash as the start of an escape: put text with LaTeX in single quotes") in result.output


def test_escapes_that_print_as_typed_stay_allowed_beside_one_that_does_not(tmp_path: Path):
    title = 'title: "A \\"quoted\\" back\\\\slash caf\\u00e9"'
    project = make_project(tmp_path, {"q.md": _question(title, extra='tags: [ok, "\\alpha"]\n')}, GUIDE)
    result = _run(project, "check")
    assert result.exit_code == 1
    assert [line.split(": error: ")[1][:61] for line in result.output.splitlines() if ": error: " in line] == [
        "tags: in double quotes YAML reads \\a as a bell character (\"\\a"]
    (project / "content" / "q.md").write_text(_question(title), "utf-8")
    assert _run(project, "check").exit_code == 0
    assert load(project).questions[0].title == 'A "quoted" back\\slash café'


def test_an_imported_documents_double_quoted_title_is_taken_as_typed_with_a_warning(tmp_path: Path):
    source = tmp_path / "doc.md"
    source.write_text('---\ntitle: "Estimating $\\theta$"\n---\n\n## 1. What is $\\nabla f$?\n\nA thing.\n\n'
                      "**Answer:** The gradient.\n", "utf-8")
    result = CliRunner().invoke(main, ["import", str(source), "--project", str(tmp_path / "proj")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("doc.md:2: warning: the title is in double quotes, where YAML reads a backslash as an escape (\\t as a tab): "
            "it is taken as typed: Estimating $\\theta$") in result.output
    assert load(tmp_path / "proj").guide.topics[0].name == "Estimating $\\theta$"


# -- item 8: decomposed Unicode (NFD) ---------------------------------------------------------

# Each script the README lists with decomposed forms, composed; the files are written
# decomposed (NFD) as macOS pastes them. Thai has no decomposed forms; Devanagari's क़ and Hebrew's שׁ stay
# decomposed even in NFC (composition exclusions).
SCRIPTS = {
    "latin": ("Crème brûlée", "Crème brûlée, niño, Ångström, façade, Zürich."),
    "greek": ("ελληνικά άλμα", "ελληνικά: άλμα, ἀρχή, ὅτι, ᾧ."),  # (capital Ε prints as math's E)
    "cyrillic": ("Кириллица йод", "Кириллица: йод, ёлка, Їжак, Ўзбек."),
    "vietnamese": ("Tiếng Việt", "Tiếng Việt: người, được, chữ Quốc ngữ."),
    "thai": ("ภาษาไทย", "ภาษาไทยสวัสดีครับ"),
    "devanagari": ("हिन्दी क़िला", "हिन्दी: क़िला और ज़रूर।"),
    "hebrew": ("עברית שׁלום", "עברית: שׁלום בּית."),
    "arabic": ("العربية آمين", "العربية: آمين، أهلا."),
    "korean": ("한국어 문법", "한국어: 안녕하세요."),  # each syllable is its jamo in NFD
    "japanese": ("がくせい", "がくせい、パピプ、だいがく。"),  # が is か + U+3099 in NFD
}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _read_back(text: str) -> str:
    """pdftotext's text without direction marks and zero-width spaces, composed (NFKC: math's
    µ and ϕ read as μ and φ); Hebrew's points left out (pdftotext puts them before their letter)."""
    text = unicodedata.normalize("NFKC", squash(re.sub("[\u200b\u200e\u200f\u202a-\u202e]", "", text)))
    return re.sub("[\u05b0-\u05c7]", "", text)


def nfd_questions() -> dict[str, str]:
    """Each script's question file, written decomposed."""
    return {f"{name}.md": _nfd(_question(f"title: {title}", body).replace("id: q", f"id: {name}"))
            for name, (title, body) in SCRIPTS.items()}


NFD_GUIDE = "title: Tiếng Việt\ntopics:\n  - slug: u\n    name: Кириллица й\n"


@pytest.fixture(scope="module")
def nfd_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("nfd"), nfd_questions(), _nfd(NFD_GUIDE))


@pytest.fixture(scope="module")
@shared_build("world-build")
def nfd_out(tmp_path_factory, build_once) -> Path:
    """The question files above (and a decomposed guide.yaml) are part of the bank in many
    scripts of test_unicode.py, one LuaLaTeX build shared with its tests and test_scripts.py's."""
    from test_unicode import world_out

    return world_out(tmp_path_factory, build_once, nfd_questions())


def test_decomposed_text_is_read_composed(nfd_project: Path):
    bank = load(nfd_project)
    assert bank.guide.title == "Tiếng Việt"
    assert bank.guide.topics[0].name == "Кириллица й"
    for question in bank.questions:
        title, body = SCRIPTS[question.id]
        assert question.title == unicodedata.normalize("NFC", title)
        assert question.question_md.strip() == unicodedata.normalize("NFC", body)


@pytest.mark.tex
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_every_script_prints_from_decomposed_text(nfd_project: Path, nfd_out: Path, script: str):
    shown = _read_back(pdftotext(nfd_out / "guide-questions.pdf", layout=False))
    title, body = SCRIPTS[script]
    if script == "arabic":  # pdftotext gives Arabic letters in their shaped forms: the font is the proof
        fonts = subprocess.run(["pdffonts", str(nfd_out / "guide-questions.pdf")], capture_output=True, text=True).stdout
        assert "NotoNaskhArabic" in fonts
        # The bank's other Arabic question has that font too: this one's words read back
        # (but أهلا, whose lam-alef ligature pdftotext does not give back as its letters).
        for word in ("العربية", "آمين"):
            assert _read_back(word) in shown, word
    else:  # word by word: pdftotext orders a right-to-left line's words visually
        words = re.findall(r"[^\s.,:।、。]+", title + " " + body)
        assert [word for word in words if _read_back(word) not in shown] == [], script
    logs = "".join(log.read_text("utf-8", "replace") for log in (nfd_out / ".work").glob("*.log"))
    assert "Missing character" not in logs


@pytest.mark.tex
def test_the_files_keep_their_decomposed_bytes(nfd_project: Path, nfd_out: Path):
    built_copy = nfd_out.parent
    for name, (title, body) in SCRIPTS.items():
        data = (built_copy / "content" / f"{name}.md").read_text("utf-8")
        assert data == _nfd(_question(f"title: {title}", body).replace("id: q", f"id: {name}"))
    assert "Tiếng Việt" in pdftotext(nfd_out / "guide-questions.pdf")


@pytest.mark.parametrize("text, latex", [
    ("и\u0306", "и\u0306"),  # й decomposed: a letter no accent command takes, printed as it is
    ("\u0436\u0308\u0306 x", "\u0436\u0308\u0306 x"),
    ("x\u0304 и\u0306", "\\={x} и\u0306"),  # an accent command before it, the mark as it is after it
    ("и\u0306 " * 300, "и\u0306 " * 300),
])
def test_the_escaper_ends_on_any_mark_after_any_letter(text: str, latex: str):
    # Text read from files is composed first; the escaper must still end on any text.
    assert escape_words(text) == latex


# -- item 14: CSV cells a spreadsheet would run -----------------------------------------------

FORMULA_TITLES = ['=HYPERLINK("http://evil.example","click")', "+1 and more", "-2 for a loss", "@SUM(A1:A2)",
                  "＝fullwidth", "Safe = title"]


def test_list_csv_prefixes_cells_that_start_a_formula(tmp_path: Path):
    questions = {f"q{i}.md": _question("title: '" + title.replace("'", "''") + "'").replace("id: q", f"id: q{i}")
                 for i, title in enumerate(FORMULA_TITLES)}
    project = make_project(tmp_path, questions, GUIDE)
    result = _run(project, "list", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    titles = {row["id"]: row["title"] for row in rows}
    assert titles == {"q0": "'" + FORMULA_TITLES[0], "q1": "'+1 and more", "q2": "'-2 for a loss", "q3": "'@SUM(A1:A2)",
                      "q4": "'＝fullwidth", "q5": "Safe = title"}
    # JSON is data, not a spreadsheet: titles as they are.
    data = _run(project, "list", "--format", "json")
    assert '"title": "=HYPERLINK' in data.output


@pytest.mark.parametrize("cell, shown", [("=1+1", "'=1+1"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-", "'-"),
                                          ("a=b", "a=b"), (2, 2), (None, None), ("", "")])
def test_a_csv_cell_is_text_to_a_spreadsheet(cell, shown):
    from guidegen.cli.building import csv_cell

    assert csv_cell(cell) == shown
