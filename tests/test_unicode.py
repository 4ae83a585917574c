"""Every character the text escaper accepts typesets under pdfLaTeX, and others are refused."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file, shared_build

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


# -- two shared LuaLaTeX builds ----------------------------------------------------------------
# A LuaLaTeX pass takes seconds, more with the Noto CJK font or babel's scripts loaded, so
# the tests that need the Unicode engine share two builds (build_once: one per session for
# the same files and arguments), each case its own question, asserted on its own text:
# - the bank in many scripts (CJK and babel's scripts): WORLD here, test_scripts.py's Thai,
#   Hindi, Hebrew and Arabic (first, by `order`), test_failloud_text.py's decomposed text;
# - a LuaLaTeX bank without the CJK font (page-matched, with ruled answer space):
#   test_code_wrap.py's code block (first), the Cyrillic and polytonic Greek below and
#   test_cjk_fallback.py's document.
WORLD_ARGS = ("--answer-space", "none")
WORLD_TITLE = "Интервью 面试 guide"


def world_files() -> dict[str, str]:
    return {f"world/{name.lower()}.md": question_file(f"world-{name.lower()}", f"{name}: {q[:6]}", "[u]", "easy",
                                                      f"{q} 🚀 $𝐇 x$", a)
            for name, (q, a) in WORLD.items()}


def world_project(root: Path) -> Path:
    from test_failloud_text import NFD_GUIDE, _nfd, nfd_questions
    from test_scripts import LANGUAGE_QUESTIONS

    files = {**LANGUAGE_QUESTIONS, **world_files(), **nfd_questions()}
    # guide.yaml decomposed, as test_failloud_text.py's is: "Tiếng Việt" in the title.
    return make_project(root, files, _nfd(NFD_GUIDE.replace("title: ", f"title: {WORLD_TITLE} ")))


PLAIN_LUA_ARGS: tuple[str, ...] = ()
PLAIN_LUA_GUIDE = "title: T\ntopics:\n  - slug: t\n    name: T\n"
CYRILLIC_BODY = ("Что такое градиентный спуск? Latin beside it. *Курсив italic.* **Жирный bold.** `шаг = lr` "
                 "and polytonic ἀ ὅ ῷ.")


def plain_lua_project(root: Path) -> Path:
    from test_cjk_fallback import FALLBACK_QUESTION
    from test_code_wrap import lualatex_question

    files = {"a.md": lualatex_question(order=0), "cyrillic.md": question_file(
        "cyrillic", "Спуск: descent", "[t]", "easy", CYRILLIC_BODY, "Градиент."), "fallback.md": FALLBACK_QUESTION}
    return make_project(root, files, PLAIN_LUA_GUIDE)


def _shared_out(build_once, project: Path, args: tuple[str, ...], own) -> Path:
    """A shared build's output folder, once the build succeeded naming none of the caller's
    own files (content/NAME for each of `own`) on stderr."""
    result = build_once(project, *args)
    assert result.returncode == 0, result.stderr
    for name in own:
        assert f"content/{name}" not in result.stderr, result.stderr
    return result.out


def world_out(tmp_path_factory, build_once, own) -> Path:
    """The bank in many scripts, built once per session for every file that reads it."""
    return _shared_out(build_once, world_project(tmp_path_factory.mktemp("world")), WORLD_ARGS, own)


def plain_lua_out(tmp_path_factory, build_once, own) -> Path:
    """The LuaLaTeX bank without the CJK font, built once per session for every file that reads it."""
    return _shared_out(build_once, plain_lua_project(tmp_path_factory.mktemp("plain-lua")), PLAIN_LUA_ARGS, own)


@pytest.fixture(scope="module")
@shared_build("world-build")
def world(tmp_path_factory, build_once) -> Path:
    return world_out(tmp_path_factory, build_once, ["world/"])


@pytest.mark.tex
def test_a_bank_in_many_scripts_builds_and_reads_back(world: Path, tmp_path: Path):
    """Chinese, Japanese, Russian and Korean (with emoji and math letters) go to LuaLaTeX
    with fallback fonts; an all-Latin bank stays on pdfLaTeX."""
    out = world
    key = " ".join(subprocess.run(["pdftotext", str(out / "guide-answers.pdf"), "-"], capture_output=True, text=True).stdout.split())
    sheet = " ".join(subprocess.run(["pdftotext", str(out / "guide-questions.pdf"), "-"], capture_output=True, text=True).stdout.split())
    # Lines may break between CJK characters; some fonts name a glyph by its canonically
    # equivalent compatibility ideograph (什 U+4EC0 as U+F9FD), which NFC maps back.
    squash = lambda text: unicodedata.normalize("NFC", "".join(text.split()))  # noqa: E731
    for question, answer in WORLD.values():
        assert squash(question) in squash(sheet) and squash(answer) in squash(key)
        assert squash(answer) not in squash(sheet)
    assert WORLD_TITLE in key and "🚀" in key
    for log in (out / ".work").glob("guide-*.log"):
        text = log.read_text("utf-8", "replace")
        assert text.startswith("This is LuaHBTeX") and "Overfull" not in text and "Missing character" not in text
    # A Latin question alone stays on the fast path.
    latin = make_project(tmp_path / "latin", {"latin.md": question_file("latin", "Latin", "[t]", "easy", "Plain é ß.", "Fine.")},
                         "title: T\ntopics:\n  - slug: t\n    name: T\n")
    assert guidegen(latin, "build", "-q").returncode == 0
    assert (latin / "build" / ".work" / "guide-answers.log").read_text("utf-8", "replace").startswith("This is pdfTeX")


@pytest.fixture(scope="module")
@shared_build("plain-lua-build")
def plain_lua(tmp_path_factory, build_once) -> Path:
    return plain_lua_out(tmp_path_factory, build_once, ["cyrillic.md"])


@pytest.mark.tex
def test_cyrillic_and_polytonic_greek_are_set_in_computer_modern_like_the_latin_beside_them(plain_lua: Path):
    """Latin Modern has no Cyrillic: CMU (Computer Modern Unicode) supplies it in each
    style, as Latin Modern draws its letters, where DejaVu Serif set it heavier and wider."""
    from pypdf import PdfReader

    fonts: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        for char in text:
            if "\u0400" <= char <= "\u04ff" or "\u1f00" <= char <= "\u1fff":
                fonts.setdefault(char, set()).add(str(font.get("/BaseFont", "")).split("+")[-1] if font else "")

    # Every page: the bank's other questions have Cyrillic and Greek too, which must be CMU's as well.
    for page in PdfReader(plain_lua / "guide-questions.pdf").pages:
        page.extract_text(visitor_text=visit)
    assert {"ἀ", "ὅ", "ῷ", "Ч", "К", "Ж", "ш"} <= set(fonts), sorted(fonts)
    used = set().union(*fonts.values())
    assert all(name.startswith("CMU") for name in used), used
    assert {"CMUSerif-Roman", "CMUSerif-Bold", "CMUSerif-Italic", "CMUTypewriter-Regular"} <= used, used
