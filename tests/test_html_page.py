"""The self-study page (guidegen html), read as text: one self-contained file under 1.5 MB
for the ML bank, every formula as MathML, numbered as the PDFs number the questions, a
Content-Security-Policy whose hash is its script's, and nothing from the content that
could run or load. The browser tests (test_html_browser.py) drive it in chromium."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, make_project, question_file

GUIDE = "title: Hostile\ntopics:\n  - slug: a\n    name: A\n"
HOSTILE = ('Before <script>window.pwnedScript = 1</script> and <img src="x.png" onerror="window.pwnedImg = 1"> '
           'and [x](javascript:window.pwnedLink=1) and <a href="javascript:window.pwnedA=1">y</a> '
           'and ![remote](https://example.com/tracker.png) and <iframe src="https://example.com"></iframe>'
           '<style>body{background:url(https://example.com/b.png)}</style>')


# A 1x1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def build_page(project: Path, *args: str) -> Path:
    from guidegen.cli import main

    out = project / "site"
    result = CliRunner().invoke(main, ["html", "--project", str(project), "--out", str(out), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def ml_page(tmp_path_factory, bank_svgs) -> Path:
    """The ML bank's page, built once for the module."""
    project = tmp_path_factory.mktemp("ml")
    for folder in ("content", "figures"):
        shutil.copytree(REPO / folder, project / folder)
    return build_page(project) / "guide.html"


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"), {
        "q1.md": question_file("q1", "Hostile", "[a]", "easy", HOSTILE, "An <b onclick=\"window.pwnedB=1\">answer</b>."),
        "q2.md": question_file("q2", "Choice", "[a]", "easy", "Pick:\n\n- [ ] <script>window.x=1</script>no\n- [x] yes\n", "Yes."),
    }, GUIDE)
    (project / "content" / "x.png").write_bytes(PNG)
    return build_page(project) / "guide.html"


def test_the_ml_page_is_one_file_under_1_5_mb_with_every_formula_as_mathml(ml_page: Path):
    text = ml_page.read_text("utf-8")
    assert sorted(p.name for p in ml_page.parent.iterdir() if not p.name.startswith(".")) == ["guide.html"]
    assert len(text.encode("utf-8")) < 1_500_000
    assert text.count("<math") > 200 and "<merror" not in text and 'class="tex' not in text
    assert "\\(" not in text and "\\[" not in text  # no formula left for a script to typeset


def test_the_page_loads_nothing_and_runs_only_its_own_script(ml_page: Path):
    text = ml_page.read_text("utf-8")
    sources = re.findall(r"""\ssrc=["']([^"']*)""", text)
    assert sources and all(s.startswith("data:image/") for s in sources)  # every figure inside the file
    assert all(h.startswith(("https://", "http://", "mailto:", "#")) for h in re.findall(r'\shref="([^"]*)"', text))
    outside = re.sub(r"src='data:image/svg\+xml,[^']*'", "", text)  # a figure's own url(#clip) stays inside it
    assert "<link" not in outside and "@import" not in outside and "url(" not in outside
    scripts = re.findall(r"<script>(.*?)</script>", text, re.DOTALL)
    assert len(scripts) == 1 and text.count("<script") == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    [csp] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    assert "default-src &#x27;none&#x27;" in csp and f"script-src &#x27;sha256-{digest}&#x27;" in csp


def test_the_questions_are_numbered_as_the_pdfs_number_them(ml_page: Path):
    from guidegen.load import load
    from guidegen.pipeline import plan
    from guidegen.requests import Options

    [booklet] = plan(load(REPO), Options())
    [(_, sections)] = booklet.orders
    expected = [(n, q.id) for n, q in enumerate((q for _, qs in sections for q in qs), start=1)]
    text = ml_page.read_text("utf-8")
    found = [(int(n), qid) for qid, n in re.findall(r'<article class="question" id="q-([^"]+)".*?<span class="number">(\d+)\.</span>',
                                                  text, re.DOTALL)]
    assert found == expected and len(found) == 30


def test_nothing_from_hostile_content_can_run_or_load(hostile_page: Path):
    text = hostile_page.read_text("utf-8")
    assert text.count("<script") == 1 and "pwned" not in text.split("<script>")[1].split("</script>")[0]
    assert not re.search(r"(?:href|src)\s*=\s*[\"']?\s*javascript:", text, re.IGNORECASE)  # as text it is inert
    assert "<iframe" not in text and "<style>body" not in text
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", text)
    assert "https://example.com/tracker.png" in text and "src=\"https://" not in text  # a remote image is a link, never fetched
    assert "Before" in text and "<b>answer</b>" in text  # the harmless rest is kept


def test_a_formula_the_converter_cannot_take_shows_its_tex(tmp_path: Path):
    from guidegen.outputs.html import mathml

    with pytest.raises(mathml.Unconvertible, match=r"\\foo"):
        mathml.to_mathml(r"\foo + 1", False)
    assert mathml.fallback(r"a < \foo", True) == '<code class="tex display">$$a &lt; \\foo$$</code>'


def test_versions_make_a_page_each_with_the_options_in_their_orders(tmp_path: Path):
    from guidegen.choices_order import option_order
    from guidegen.load import load

    choices = "Pick the primes:\n\n- [ ] four\n- [x] five\n- [x] seven\n- [ ] nine\n"
    project = make_project(tmp_path, {f"q{i}.md": question_file(f"q{i}", f"Q{i}", "[a]", "easy", choices, "Five and seven.")
                                      for i in range(3)}, GUIDE)
    out = build_page(project, "--versions", "2", "--seed", "3")
    assert sorted(p.name for p in out.glob("*.html")) == ["guide-A.html", "guide-B.html"]
    bank = load(project)
    for index, letter in enumerate("AB"):
        text = (out / f"guide-{letter}.html").read_text("utf-8")
        for q in bank.questions:
            article = text.split(f'id="q-{q.id}"')[1].split("</article>")[0]
            shown = re.findall(r'<span class="option" dir="auto">(\w+)</span>', article)
            assert shown == [q.options[i].markdown.strip() for i in option_order(q, 3, index)]


def test_check_speaks_for_the_page(tmp_path: Path):
    from guidegen.cli import main

    project = make_project(tmp_path, {"q1.md": question_file("q1", "Pdf", "[a]", "easy", "![scan](scan.pdf)", "A.")}, GUIDE)
    (project / "content" / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = CliRunner().invoke(main, ["check", "--for", "html", "--project", str(project)])
    assert result.exit_code == 1
    assert "q1.md:7: error: [html] image 'content/scan.pdf': a web page cannot show a PDF image" in result.output


def test_the_scaffold_project_builds_a_page(tmp_path: Path):
    from guidegen.cli import main

    result = CliRunner().invoke(main, ["new", str(tmp_path / "course")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = build_page(tmp_path / "course") / "guide.html"
    assert page.read_text("utf-8").count('<article class="question"') >= 2


def test_the_page_takes_its_language_from_guide_yaml_or_the_command_line(tmp_path: Path):
    project = make_project(tmp_path, {"q1.md": question_file("q1", "Une", "[a]", "easy", "Pourquoi ?", "Parce que.")},
                           GUIDE + "defaults:\n  html:\n    lang: fr\n")
    assert '<html lang="fr" dir="auto">' in (build_page(project) / "guide.html").read_text("utf-8")
    assert '<html lang="fr-CA" dir="auto">' in (build_page(project, "--lang", "fr-CA") / "guide.html").read_text("utf-8")


def test_code_is_highlighted_in_the_pdfs_colours(tmp_path: Path):
    from guidegen.outputs.html.page import asset

    code = "Read:\n\n```python\ndef f(x):\n    return x  # same\n```\n"
    project = make_project(tmp_path, {"q1.md": question_file("q1", "Code", "[a]", "easy", code, "It returns x.")}, GUIDE)
    text = (build_page(project) / "guide.html").read_text("utf-8")
    assert '<span class="cK">def</span> <span class="cF">f</span>' in text
    assert '    <span class="cK">return</span> x  <span class="cC"># same</span>' in text
    # The preamble's \ggcK (keyword) and \ggcC (comment) colours, as CSS.
    css = asset("page.css")
    assert ".cK { color: #007021; font-weight: bold; }" in css and ".cC { color: #60a0b0; font-style: italic; }" in css
    preamble = (REPO / "templates" / "preamble.tex.j2").read_text("utf-8")
    assert "\\newcommand{\\ggcK}[1]{\\textcolor[rgb]{0.00,0.44,0.13}{\\textbf{#1}}}" in preamble  # 0x00,0x70,0x21
    assert "\\newcommand{\\ggcC}[1]{\\textcolor[rgb]{0.38,0.63,0.69}{\\textit{#1}}}" in preamble  # 0x60,0xa0,0xb0
