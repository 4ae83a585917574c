"""The CommonMark spec's 652 examples (spec 0.31.2, from markdown-it-py's test suite) as
content people write: at least 90% pass `check`, and those that pass typeset without a
LaTeX failure or an overfull box."""

from __future__ import annotations

import pytest

import json
from pathlib import Path

from conftest import guidegen, make_project, pdftotext, question_file
from guidegen.outputs.latex.convert import convert

SPEC = json.loads((Path(__file__).parent / "fixtures" / "commonmark-spec-0.31.2.json").read_text("utf-8"))


def accepted(tmp: Path) -> list[dict]:
    return [ex for ex in SPEC if not convert(ex["markdown"], tmp / "content" / "q.md", 1, tmp / "figures").problems]


def test_nine_in_ten_spec_examples_pass_check(tmp_path: Path):
    assert len(SPEC) == 652
    assert len(accepted(tmp_path)) >= 0.9 * len(SPEC)


# Example 362 is Cyrillic ("пристаням_стремятся_"): it alone would make the whole key
# LuaLaTeX's (five times pdfLaTeX's time here), and these examples are about Markdown, not
# scripts. Cyrillic set by LuaLaTeX is built in test_unicode, test_code_wrap and test_labels.
OTHER_ENGINE = {362}


@pytest.mark.tex
def test_accepted_examples_typeset(tmp_path: Path):
    """Every fourth accepted example (about 150), each the answer of one question, set by
    pdfLaTeX, the engine of a guide in a Latin script."""
    sample = [ex for ex in accepted(tmp_path) if "## answer" not in ex["markdown"].lower()][::4]
    chosen = [ex for ex in sample if ex["example"] not in OTHER_ENGINE]
    assert len(chosen) == len(sample) - len(OTHER_ENGINE) >= 140
    files = {f"ex{ex['example']:03d}.md": question_file(f"ex{ex['example']:03d}", f"Example {ex['example']}", "[spec]", "easy",
                                                        f"Spec example {ex['example']}.", ex["markdown"],
                                                        extra=f"order: {ex['example']}\n") for ex in chosen}
    project = make_project(tmp_path, files, "title: CommonMark\ntopics:\n  - slug: spec\n    name: Spec\n")
    result = guidegen(project, "build", "-q", "--no-page-match")
    assert result.returncode == 0, result.stderr
    key = pdftotext(project / "build" / "guide-answers.pdf")
    assert all(f"Spec example {ex['example']}." in key for ex in chosen)
    logs = sorted((project / "build" / ".work").glob("guide-*.log"))
    assert [log.name for log in logs] == ["guide-answers.log", "guide-questions.log"]
    for log in logs:
        text = log.read_text("utf-8", "replace")
        assert text.startswith("This is pdfTeX") and "Overfull" not in text, log.name
