"""Characters people type print (issue 20): Unicode superscripts and subscripts as math;
Thai, Hindi, Hebrew and Arabic on the LuaLaTeX path; long addresses and code spans that
break across lines. Each is built for real and read back from the PDF."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import guidegen, make_project, pdftotext, question_file, shared_build, squash

from guidegen.content.mathcheck import MathError
from guidegen.outputs.latex.mathlatex import math_to_latex
from guidegen.content.unicodescripts import SCRIPTS
from guidegen.outputs.latex.scriptfonts import script_fonts
from guidegen.outputs.latex.texescape import escape_text, needs_unicode_engine


def _logs(out: Path) -> str:
    return "".join(log.read_text("utf-8", "replace") for log in sorted((out / ".work").glob("*.log")))


def _bidi_free(text: str) -> str:
    """pdftotext's text without the direction marks it adds around right-to-left runs, in NFC."""
    return unicodedata.normalize("NFC", re.sub("[\u200e\u200f\u202a-\u202e]", "", text))


# -- 1. superscripts, subscripts and modifier letters ----------------------------------------

@pytest.mark.parametrize("typed, tex", [
    ("Wᵀx", "W^{T}x"), ("x²", "x^{2}"), ("a₁", "a_{1}"), ("xⁿ", "x^{n}"), ("wᵢ", "w_{i}"), ("R³", "R^{3}"),
    ("10⁻³", "10^{-3}"), ("x²³", "x^{23}"), ("Xᵀ Y", "X^{T} Y"), ("a₁²", "a_{1}^{2}"), ("x^²", "x^{2}"),
    ("yʲ", "y^{j}"), ("βᵦ", "\\beta _{\\beta }"), ("e⁽ⁱ⁾", "e^{(i)}"),
])
def test_scripts_in_math_are_tex_scripts(typed: str, tex: str):
    assert math_to_latex(typed) == tex
    assert math_to_latex(typed) == math_to_latex(tex)


def test_a_script_after_a_script_is_still_a_double_script():
    with pytest.raises(MathError, match="double superscript"):
        math_to_latex("x²^3")


def test_every_script_character_of_the_ranges_is_read():
    # All of U+2070–U+209F that Unicode assigns, but for the subscript schwa (no plain letter).
    assigned = [chr(c) for c in range(0x2070, 0x20A0) if unicodedata.name(chr(c), "")]
    assert [c for c in assigned if c not in SCRIPTS] == ["ₔ"]
    for char, plain in {"²": "2", "³": "3", "¹": "1", "ᵀ": "T", "ᵢ": "i", "ʲ": "j", "ʰ": "h", "ᴬ": "A", "ᵝ": "β",
                        "ᶠ": "f", "ᶿ": "θ", "⁻": "-", "₊": "+"}.items():
        assert SCRIPTS[char].plain == plain, char
    for phonetic in "ᵄᵊᶛᶦʱʴ":  # turned, hooked, small-capital letters: phonetics, still refused
        assert phonetic not in SCRIPTS


def test_scripts_in_text_are_raised_or_lowered_letters():
    assert escape_text("Wᵀx") == r"W\ggsup{T}{1D40}x"
    assert escape_text("10⁻³") == r"10\ggsup{\textminus{}3}{207B00B3}"
    assert escape_text("wᵢ") == r"w\ggsub{i}{1D62}"
    assert not needs_unicode_engine("Wᵀx a₁ 10⁻³")  # pdfLaTeX prints them


SCRIPTS_GUIDE = "title: Scripts Wᵀx\ntopics:\n  - slug: u\n    name: Vectors x²\n"
SCRIPTS_BODY = """The product Wᵀx, the square x², the index a₁, xⁿ, wᵢ, R³, a rate of 10⁻³ and Xᵀ Y; also x²³.

| term | value |
|---|---|
| Wᵀx | 10⁻³ |

Math: $Wᵀx$ first.

Math: $W^{T}x$ second.

Math: $x²³ + a₁$ and $10⁻³$."""


@pytest.fixture(scope="module")
def scripts_out(tmp_path_factory, built) -> Path:
    project = make_project(tmp_path_factory.mktemp("scripts"), {
        "q.md": question_file("q", "Why is Wᵀx in R³?", "[u]", "easy", SCRIPTS_BODY, "**Bold Wᵀx and x²**, *italic wᵢ*."),
    }, SCRIPTS_GUIDE)
    return built(project, "--answer-space", "none")


@pytest.mark.tex
def test_scripts_print_in_text_titles_tables_and_math(scripts_out: Path):
    log = _logs(scripts_out)
    assert "This is pdfTeX" in log and "LuaHBTeX" not in log  # no Unicode engine needed
    assert "Overfull" not in log and "Missing character" not in log
    text = squash(pdftotext(scripts_out / "guide-answers.pdf", layout=False))
    # In text they copy as typed (each run is an ActualText span)...
    for typed in ["Wᵀx,thesquarex²,", "a₁,xⁿ,wᵢ,R³", "10⁻³andXᵀY", "x²³", "WhyisWᵀxinR³?", "ScriptsWᵀx", "Vectorsx²",
                  "BoldWᵀxandx²", "italicwᵢ"]:
        assert typed in text, typed
    # ...and in math they are TeX's scripts: $Wᵀx$ reads as $W^{T}x$ does.
    assert "Math:WTxfirst." in text and "Math:WTxsecond." in text
    assert "x23+a1and10−3" in text
    # A bookmark cannot raise a letter: it says W^Tx.
    titles = [item.title for item in _flatten(PdfReader(scripts_out / "guide-answers.pdf").outline)]
    assert "1 Why is W^Tx in R^3?" in titles


def _flatten(outline) -> list:
    return [leaf for item in outline for leaf in (_flatten(item) if isinstance(item, list) else [item])]


# -- 2. Thai, Devanagari, Hebrew and Arabic -------------------------------------------------

THAI = ("การถดถอยเชิงเส้นคืออะไร การถดถอยเชิงเส้นเป็นวิธีทางสถิติที่ใช้ในการสร้างแบบจำลองความสัมพันธ์"
        "ระหว่างตัวแปรตามกับตัวแปรอิสระหนึ่งตัวหรือมากกว่าโดยการปรับเส้นตรงให้เข้ากับข้อมูลที่สังเกตได้")
HINDI = "रैखिक प्रतिगमन क्या है? क्षमता और परीक्षा में क्ष का प्रयोग।"
HEBREW = "מהי רגרסיה לינארית? רגרסיה לינארית היא שיטה סטטיסטית, עם GPU ו-3.5 ונוסחה $y = Wx + b$."
ARABIC = "ما هو الانحدار الخطي؟ الانحدار الخطي طريقة إحصائية."


# Each question's file in the bank in many scripts of test_unicode.py (a LuaLaTeX build with
# babel's scripts and the CJK font, built once for these tests and that file's), first in it.
LANGUAGE_QUESTIONS = {
    "th.md": question_file("th", "การถดถอยเชิงเส้นคืออะไร", "[u]", "easy", THAI, "**การถดถอยเชิงเส้น** เป็นวิธีทางสถิติ",
                           extra="order: 0\n"),
    "hi.md": question_file("hi", "रैखिक प्रतिगमन क्या है?", "[u]", "easy", HINDI, "**क्षमता** bold.", extra="order: 1\n"),
    "he.md": question_file("he", "מהי רגרסיה לינארית?", "[u]", "easy",
                           HEBREW + "\n\nA Hebrew word מהי inside an English sentence.", "**רגרסיה** לינארית.",
                           extra="order: 2\n"),
    "ar.md": question_file("ar", "ما هو الانحدار الخطي؟", "[u]", "easy", ARABIC, "**الانحدار** الخطي.", extra="order: 3\n"),
}


@pytest.fixture(scope="module")
@shared_build("world-build")
def languages_out(tmp_path_factory, build_once) -> Path:
    from test_unicode import world_out

    return world_out(tmp_path_factory, build_once, LANGUAGE_QUESTIONS)


@pytest.mark.tex
def test_thai_hindi_hebrew_arabic_print_in_their_noto_fonts(languages_out: Path):
    log = _logs(languages_out)
    assert "LuaHBTeX" in log
    assert "Overfull" not in log and "Missing character" not in log
    fonts = subprocess.run(["pdffonts", str(languages_out / "guide-questions.pdf")], capture_output=True, text=True).stdout
    for font in ["NotoSerifThai-Regular", "NotoSerifThai-Bold", "NotoSerifDevanagari-Regular", "NotoSerifHebrew-Regular",
                 "NotoNaskhArabic-Regular"]:
        assert font in fonts, font
    text = squash(_bidi_free(pdftotext(languages_out / "guide-questions.pdf", layout=False)))
    assert squash(THAI) in text.replace("\u200b", "")
    assert "क्षमताऔरपरीक्षामेंक्षकाप्रयोग" in text  # the conjunct क्ष reads back as its letters
    assert "מהירגרסיהלינארית?" in text


@pytest.mark.tex
def test_thai_lines_break_between_words(languages_out: Path):
    """Thai has no spaces: the paragraph still fills two lines to the margin, and no line runs over it."""
    words = _words(languages_out / "guide-questions.pdf")
    # The Thai question's title and paragraph on its page (the bank has other Thai text, none
    # of it in THAI; its contents list, on an earlier page, names the question too).
    thai = [w for w in words if re.match("[\u0e00-\u0e7f]", w[4]) and w[4].replace("\u200b", "") in THAI]
    thai = [w for w in thai if w[5] == max(w[5] for w in thai)]
    lines = sorted({round(w[1]) for w in thai})
    assert len(lines) >= 3  # the title, and the question's two lines
    first_line = [w for w in thai if round(w[1]) == lines[1]]
    assert max(w[2] for w in first_line) > 500  # reaches the right margin (A4: text ends at 533 pt)


@pytest.mark.tex
def test_a_hebrew_paragraph_runs_right_to_left(languages_out: Path):
    words = {w[4]: w for w in _words(languages_out / "guide-questions.pdf")}
    # Written "... GPU and-3.5 ...": right to left, GPU stands to the right of 3.5.
    assert words["GPU"][0] > words["3.5"][2]
    # Inside an English sentence the Hebrew word is a run in its place, between "word" and "inside".
    assert words["word"][2] < words["inside"][0]
    hebrew_between = [w for w in _words(languages_out / "guide-questions.pdf")
                      if re.match("[\u05d0-\u05ea]", w[4]) and w[5] == words["word"][5] and abs(w[1] - words["word"][1]) < 3]
    assert hebrew_between and all(words["word"][2] < w[0] < words["inside"][0] for w in hebrew_between)


def _words(pdf: Path) -> list[tuple[float, float, float, float, str, int]]:
    """Every word pdftotext finds, (xMin, yMin, xMax, yMax, text, page), in PDF points from the
    top left of its page (pages counted from 1)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), w, page) for page, block in enumerate(xml.split("<page ")[1:], 1)
            for a, b, c, d, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', block)]


def test_babel_is_loaded_only_for_the_scripts_a_document_holds():
    assert [f.locale for f in script_fonts(["Привет", "中文", "English"])] == []
    assert [f.locale for f in script_fonts(["מהי", "क्ष", "Thai: ก"])] == ["hebrew", "hindi", "thai"]


def test_a_script_no_font_covers_is_still_reported(tmp_path: Path):
    project = make_project(tmp_path, {"k.md": question_file("k", "Khmer", "[u]", "easy", "Khmer ក here.", "OK.")},
                           "title: K\ntopics:\n  - slug: u\n    name: U\n")
    result = guidegen(project, "build", "--project", ".")
    assert result.returncode == 1
    assert "character 'ក' (U+1780 KHMER LETTER KA) cannot be typeset" in result.stderr
    assert "Traceback" not in result.stderr


# -- 3. long addresses and code spans --------------------------------------------------------

URL = ("https://example.com/research/papers/2024/machine-learning/optimization/"
       "adaptive-gradient-methods-for-large-scale-training-of-neural-networks.html?ref=guide")
CALL = "torch.nn.functional.binary_cross_entropy_with_logits(input, target, weight=None)"
LINKS_BODY = f"""Read [the paper on adaptive gradient methods]({URL}) first; also {URL} in running text.

| source | address |
|---|---|
| paper | {URL} |

- In a list item: `{CALL}` is the call.
- Also `{CALL}`

| function | note |
|---|---|
| `{CALL}` | loss |"""


@pytest.fixture(scope="module")
def links_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("links"), {
        "q.md": question_file("q", "Where is the paper?", "[u]", "easy", LINKS_BODY, f"See [the paper]({URL}) and `{CALL}`."),
    }, "title: Links\ntopics:\n  - slug: u\n    name: Links\n")


@pytest.mark.tex
@pytest.mark.parametrize("args", [(), ("--paper", "a4", "--imposition", "booklet")], ids=["a4", "a5-booklet"])
def test_long_addresses_and_code_spans_break_without_overfull_lines(links_project: Path, built, args):
    out = built(links_project, "--answer-space", "none", *args)
    assert len(URL) > 150
    logs = _logs(out)
    assert logs.count("Output written") >= 2
    assert "Overfull" not in logs
    for name in ("guide-questions.pdf", "guide-answers.pdf"):
        text = squash(pdftotext(out / name, layout=False))
        assert URL in text  # in the sheet, in parentheses after the link; in the key, as a footnote
        assert squash(CALL) in text
