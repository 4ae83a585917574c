"""A figure drawn with a question's values (guidegen.params) on the page and in Anki:
each version's page embeds its own drawing, the Anki package holds version A's (the one
its text shows), and `check` no longer refuses them. The figure script writes the value
into its drawing (a title, and the title's SVG id), read back from the files made."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
import zipfile
from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file

GUIDE = ("title: Draws\ntopics:\n  - slug: prob\n    name: Probability\n"
         "id: 6d1f2b0e-3c7a-4e58-9b21-7a4c0e5f9d12\ndeck: Draws\n")
PEAK = question_file("peak", "The peak", "[prob]", "easy",
                     "![Heads in {{n}} tosses](title.py)\n\nWhere is the peak?", "Near {{n / 2}}.",
                     "params:\n  n: {int: [100, 999]}\n")
# The SVG keeps the title's text as glyph outlines; its id (gid) keeps the value as text.
TITLE = "def draw(fig, params):\n    fig.suptitle(f\"n = {params['n']}\", gid=f\"drawn-n-{params['n']}\")\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("paramfig"), {"peak.md": PEAK}, GUIDE)
    (project / "figures").mkdir()
    (project / "figures" / "title.py").write_text(TITLE)
    return project


def _caption_value(text: str) -> str:
    found = re.search(r"Heads in (\d+) tosses", text)
    assert found, text[:600]
    return found.group(1)


def test_check_no_longer_refuses_a_figure_drawn_with_values(project):
    result = guidegen(project, "check")
    assert result.returncode == 0, result.stderr
    assert "cannot show yet" not in result.stderr


def test_each_version_of_the_page_embeds_its_own_drawing(project, tmp_path):
    result = guidegen(project, "html", "--versions", "2", "--seed", "7", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    values = []
    for version in "AB":
        page = (tmp_path / "site" / f"guide-{version}.html").read_text()
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
        value = _caption_value(text)  # the caption says the version's number
        svgs = [urllib.parse.unquote(uri) for uri in re.findall(r"src='data:image/svg\+xml,([^']*)'", page)]
        assert len(svgs) == 1, page[:800]
        drawn = re.findall(r'id="drawn-n-(\d+)"', svgs[0])
        assert drawn == [value], (value, drawn)  # the drawing is this version's, not version A's
        values.append(value)
    assert values[0] != values[1], values


def test_anki_holds_version_a_drawing(project, tmp_path):
    from test_anki import read_apkg

    result = guidegen(project, "anki", "--out", str(tmp_path / "deck"))
    assert result.returncode == 0, result.stderr
    [deck] = (tmp_path / "deck").glob("*.apkg")
    package = read_apkg(deck, tmp_path)
    fields = package.notes["peak"]["fields"]
    value = _caption_value(re.sub(r"<[^>]+>", " ", " ".join(fields.values())))
    svgs = {name: data.decode("utf-8") for name, data in package.media.items() if name.endswith(".svg")}
    assert len(svgs) == 1, list(svgs)
    [(name, svg)] = svgs.items()
    assert name in " ".join(fields.values())  # the note shows the file the package holds
    assert f"<!-- n = {value} -->" in svg  # the title's text, as matplotlib keeps it
    assert re.findall(r'id="drawn-n-(\d+)"', svg) == [value]
    with zipfile.ZipFile(deck) as archive:
        assert list(json.loads(archive.read("media")).values()) == [name]


def test_the_platform_exports_carry_version_a_drawing(project, tmp_path):
    import base64

    texts, svgs = {}, {}
    for fmt in ("qti21", "qti12", "moodle", "gift"):
        result = guidegen(project, "export", "--format", fmt, "--out", str(tmp_path / fmt))
        assert result.returncode == 0, (fmt, result.stderr)
        [made] = [p for p in (tmp_path / fmt).iterdir() if p.is_file() and not p.name.startswith(".")]
        if made.suffix == ".zip":
            with zipfile.ZipFile(made) as archive:
                members = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
            svgs[fmt] = [text for name, text in members.items() if name.endswith(".svg")]
            texts[fmt] = " ".join(text for name, text in members.items() if name.endswith(".xml"))
        else:
            texts[fmt] = made.read_text()
            if fmt == "moodle":  # its images are base64 <file>s in the XML
                svgs[fmt] = [base64.b64decode(data).decode("utf-8")
                             for data in re.findall(r'<file name="[^"]+\.svg"[^>]*>([^<]+)</file>', texts[fmt])]
    values = {fmt: _caption_value(html.unescape(text)) for fmt, text in texts.items()}
    assert len(set(values.values())) == 1, values  # each one draw: version A's
    [value] = set(values.values())
    for fmt in ("qti21", "qti12", "moodle"):
        assert len(svgs[fmt]) == 1, (fmt, len(svgs[fmt]))
        assert f"<!-- n = {value} -->" in svgs[fmt][0], fmt
