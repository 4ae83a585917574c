"""Every character the text escaper accepts typesets under pdfLaTeX, and others are refused."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file

from guidegen.outputs.latex.texescape import MATH_SYMBOLS, TEXT_SYMBOLS, UnsupportedCharacter, escape_text, is_direct

GUIDE = "title: Unicode\ntopics:\n  - slug: u\n    name: Unicode\n"


def accepted_characters() -> list[str]:
    chars = {c for c in map(chr, range(0xA0, 0x180)) if is_direct(c)}
    chars |= set(TEXT_SYMBOLS) | set(MATH_SYMBOLS)
    return sorted(chars - {"\u00ad"})  # the soft hyphen prints nothing by design


@pytest.mark.tex
def test_every_accepted_character_typesets(tmp_path: Path):
    chars = accepted_characters()
    text = " ".join(f"[{c}]" for c in chars)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    (tmp_path / "content" / "u.md").write_text(
        f"---\nid: u\ntitle: Unicode é – α\ntopics: [u]\ndifficulty: easy\n---\n{text}\n\n## Answer\n\nOK.\n", "utf-8"
    )
    result = guidegen(tmp_path, "build", "--project", str(tmp_path), "--answer-space", "none")
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "build" / ".work" / "guide-questions.log").read_text("utf-8", "replace")
    assert "Missing character" not in log
    # What a reader sees: a sample of letters and symbols, extracted back from the PDF.
    shown = subprocess.run(["pdftotext", str(tmp_path / "build" / "guide-questions.pdf"), "-"], capture_output=True, text=True).stdout
    for sample in ["é", "ß", "Ł", "ő", "€", "α", "Γ", "×", "≤", "→", "“", "—"]:
        assert f"[{sample}]" in shown, sample


@pytest.mark.parametrize("char", ["\u0378", "\U0001FAE8", "\u1780", "\u1200"])  # unassigned, too new, Khmer, Ethiopic
def test_unsupported_characters_are_refused(char: str):
    with pytest.raises(UnsupportedCharacter) as caught:
        escape_text(f"a{char}b")
    assert f"U+{ord(char):04X}" in str(caught.value)


def test_specials_escape_to_printable_latex():
    assert escape_text("# $ % & ~ _ ^ \\ { }") == (
        r"\# \$ \% \& \textasciitilde{} \_ \textasciicircum{} \textbackslash{} \{ \}"
    )
    assert escape_text("\\input{/etc/passwd}") == r"\textbackslash{}input\{/etc\slash{}passwd\}"  # a slash between letters may end a line


# Greek letters as written in a question, in text and in math. Each must print as the same
# letter: pdftotext reads back the glyph's Unicode name from the font.
GREEK_TEXT = "α β γ δ θ λ μ π σ ω Γ Δ Θ Λ Σ Ω"
GREEK_MATH = "$α + β = Γ$ and $Δ ≤ ω$"
# The two letters whose Unicode form has a variant symbol in TeX: ε (U+03B5) is TeX's
# \varepsilon, not the lunate ϵ (U+03F5, \epsilon); φ (U+03C6) is \varphi, not the
# stroked ϕ (U+03D5, \phi). The symbols themselves must stay symbols.
GREEK_VARIANTS = "ε φ ϵ ϕ"
# Glyph names the Computer Modern fonts report under another code point for the same shape.
SAME_SHAPE = str.maketrans({"\u2206": "Δ", "\u00b5": "μ", "\u2126": "Ω"})  # INCREMENT, MICRO SIGN, OHM SIGN


@pytest.fixture(scope="module")
def greek_sheet(tmp_path_factory, built) -> str:
    """The question sheet's text, as pdftotext reads it."""
    question = f"Text: {GREEK_TEXT}.\n\nMath: {GREEK_MATH}.\n\nVariants: {GREEK_VARIANTS}; in math ${'$ $'.join(GREEK_VARIANTS.split())}$."
    project = make_project(tmp_path_factory.mktemp("greek"), {"g.md": question_file("g", "Greek", "[u]", "easy", question, "OK.")}, GUIDE)
    out = built(project, "-q", "--answer-space", "none")
    shown = subprocess.run(["pdftotext", str(out / "guide-questions.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(shown.translate(SAME_SHAPE).split())


@pytest.mark.tex
def test_greek_letters_print_as_written_in_text_and_math(greek_sheet: str):
    assert f"Text: {GREEK_TEXT}." in greek_sheet
    assert "Math: α + β = Γ and Δ ≤ ω." in greek_sheet


@pytest.mark.tex
def test_greek_variant_letters_print_as_written(greek_sheet: str):
    assert f"Variants: {GREEK_VARIANTS}; in math {GREEK_VARIANTS}." in greek_sheet


@pytest.mark.tex
def test_emoji_and_math_letters_print_and_read_back(tmp_path: Path):
    """Emoji as notes use them (with variation selectors, skin tones, ZWJ sequences) are
    drawn on the pdfLaTeX path and carry their text; 𝐇 and friends print as math letters."""
    from conftest import guidegen, make_project, question_file

    body = "Ship it 🚀, done ✅, careful ⚠️, look 👉, ok 👍🏽, flag 🏳️‍🌈. Bold 𝐇 = 𝐀𝐁 and $𝐇 x + 𝔼[y]$."
    project = make_project(tmp_path, {"q.md": question_file("q", "Rockets 🚀", "[t]", "easy", body, "Fine ✅.")},
                           "title: Guide 🎓\ntopics:\n  - slug: t\n    name: Topic 🧠\n")
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(project / "build" / "guide-questions.pdf"), "-"], capture_output=True, text=True).stdout
    for emoji in ("🚀", "✅", "⚠️", "👉", "👍🏽", "🏳️‍🌈", "🎓", "🧠"):
        assert emoji in text, emoji
    tex = (project / "build" / ".work" / "guide-questions.tex").read_text()
    assert "\\ensuremath{\\mathbf{H}} = \\ensuremath{\\mathbf{A}}\\ensuremath{\\mathbf{B}}" in tex
    assert "\\mathbf{H} x + \\mathbb{E}[y]" in tex
    for log in (project / "build" / ".work").glob("guide-*.log"):
        assert "Overfull" not in log.read_text("utf-8", "replace")


WORLD = {
    "Chinese": ("什么是梯度下降？", "梯度指向函数增长最快的方向，沿负梯度方向更新参数。"),
    "Japanese": ("勾配降下法とは何ですか。", "ひらがな、カタカナ、漢字を使います。"),
    "Russian": ("Что такое градиентный спуск?", "Градиент указывает направление наибольшего роста."),
    "Korean": ("경사 하강법이란 무엇입니까?", "기울기는 가장 빠르게 증가하는 방향을 가리킵니다."),
}


@pytest.mark.tex
def test_a_bank_in_many_scripts_builds_and_reads_back(tmp_path: Path):
    """Chinese, Japanese, Russian and Korean (with emoji and math letters) go to LuaLaTeX
    with fallback fonts; an all-Latin bank stays on pdfLaTeX."""
    from conftest import guidegen, make_project, question_file

    files = {f"{name.lower()}.md": question_file(name.lower(), f"{name}: {q[:6]}", "[t]", "easy", f"{q} 🚀 $𝐇 x$", a)
             for name, (q, a) in WORLD.items()}
    files["latin.md"] = question_file("latin", "Latin", "[t]", "easy", "Plain é ß.", "Fine.")
    project = make_project(tmp_path / "world", files, "title: Интервью 面试 guide\ntopics:\n  - slug: t\n    name: Темы\n")
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    out = project / "build"
    key = " ".join(subprocess.run(["pdftotext", str(out / "guide-answers.pdf"), "-"], capture_output=True, text=True).stdout.split())
    sheet = " ".join(subprocess.run(["pdftotext", str(out / "guide-questions.pdf"), "-"], capture_output=True, text=True).stdout.split())
    # Lines may break between CJK characters; some fonts name a glyph by its canonically
    # equivalent compatibility ideograph (什 U+4EC0 as U+F9FD), which NFC maps back.
    squash = lambda text: unicodedata.normalize("NFC", "".join(text.split()))  # noqa: E731
    for question, answer in WORLD.values():
        assert squash(question) in squash(sheet) and squash(answer) in squash(key)
        assert squash(answer) not in squash(sheet)
    assert "Интервью 面试 guide" in key and "🚀" in key
    for log in (out / ".work").glob("guide-*.log"):
        text = log.read_text("utf-8", "replace")
        assert text.startswith("This is LuaHBTeX") and "Overfull" not in text and "Missing character" not in text
    # The Latin question alone stays on the fast path.
    latin = make_project(tmp_path / "latin", {"latin.md": files["latin.md"]}, "title: T\ntopics:\n  - slug: t\n    name: T\n")
    assert guidegen(latin, "build", "-q").returncode == 0
    assert (latin / "build" / ".work" / "guide-answers.log").read_text("utf-8", "replace").startswith("This is pdfTeX")


@pytest.mark.tex
def test_cyrillic_and_polytonic_greek_are_set_in_computer_modern_like_the_latin_beside_them(tmp_path: Path):
    """Latin Modern has no Cyrillic: CMU (Computer Modern Unicode) supplies it in each
    style, as Latin Modern draws its letters, where DejaVu Serif set it heavier and wider."""
    from pypdf import PdfReader

    from conftest import guidegen

    body = ("Что такое градиентный спуск? Latin beside it. *Курсив italic.* **Жирный bold.** `шаг = lr` "
            "and polytonic ἀ ὅ ῷ.")
    project = make_project(tmp_path, {"q.md": question_file("q", "Спуск: descent", "[u]", "easy", body, "Градиент.")}, GUIDE)
    result = guidegen(project, "build", "-q", "--no-page-match")
    assert result.returncode == 0, result.stderr
    fonts: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        for char in text:
            if "\u0400" <= char <= "\u04ff" or "\u1f00" <= char <= "\u1fff":
                fonts.setdefault(char, set()).add(str(font.get("/BaseFont", "")).split("+")[-1] if font else "")

    for page in PdfReader(project / "build" / "guide-questions.pdf").pages:  # one question: it starts on page 1
        page.extract_text(visitor_text=visit)
    assert {"ἀ", "ὅ", "ῷ", "Ч", "К", "Ж", "ш"} <= set(fonts), sorted(fonts)
    used = set().union(*fonts.values())
    assert all(name.startswith("CMU") for name in used), used
    assert {"CMUSerif-Roman", "CMUSerif-Bold", "CMUSerif-Italic", "CMUTypewriter-Regular"} <= used, used
