"""The bad-input corpus: each broken bank gives exactly these `path:line: message` lines,
exit status 1, no traceback, and no PDF; and a failed build keeps the last good PDFs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

GUIDE = "title: Corpus\ntopics:\n  - slug: stats\n    name: Statistics\n  - slug: models\n    name: Models\n"
GOOD_BODY = "Why is the variance never negative?\n\n## Answer\n\nIt is an average of squares.\n"


def question(body: str = GOOD_BODY, **fields: str) -> str:
    meta = {"id": "q", "title": "A question", "topics": "[stats]", "difficulty": "easy"} | fields
    lines = [f"{key}: {value}" for key, value in meta.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


# case -> (files to write: path -> str or bytes, expected stderr lines before the summary)
CASES = {
    "broken-yaml": ({"content/q.md": "---\nid: q\ntitle: [unclosed\ntopics: [stats]\ndifficulty: easy\n---\n" + GOOD_BODY},
                    ["content/q.md:4: invalid YAML: did not find expected ',' or ']'"]),
    "missing-fields": ({"content/q.md": question(title=None, difficulty=None)},
                       ["content/q.md:2: missing required field 'difficulty'", "content/q.md:2: missing required field 'title'"]),
    "unknown-field-near-miss": ({"content/q.md": question(dificulty="easy", difficulty=None)},
                                ["content/q.md:2: missing required field 'difficulty'",
                                 "content/q.md:5: unknown field 'dificulty' (did you mean 'difficulty'?)"]),
    "wrong-types": ({"content/q.md": question(topics="5", order='"first"', tags="{a: 1}")},
                    ["content/q.md:4: 'topics' must be a list, e.g. topics: [first, second]",
                     "content/q.md:6: 'order' must be a whole number, got 'first'",
                     "content/q.md:7: 'tags' must be a list, e.g. tags: [first, second]"]),
    "bad-difficulty": ({"content/q.md": question(difficulty="trivial")},
                       ["content/q.md:5: 'difficulty' must be one of easy, medium, hard, got 'trivial'"]),
    "bad-id": ({"content/q.md": question(id='"Not A Slug"')},
               ["content/q.md:2: 'id' must be a question id of lowercase letters, digits and hyphens, got 'Not A Slug'"]),
    "unknown-topic": ({"content/q.md": question(topics="[statistics]")},
                      ["content/q.md:4: unknown topic 'statistics' (declared in content/guide.yaml: stats, models)"]),
    "duplicate-id": ({"content/a.md": question(), "content/b.md": question()},
                     ["content/b.md:2: duplicate id 'q' (also used by content/a.md); ids must be unique"]),
    "no-answer": ({"content/q.md": question("Why?\n\nBecause.\n")},
                  ["content/q.md:7: no '## Answer' line: put the model answer after a line '## Answer'"]),
    "empty-question": ({"content/q.md": question("\n## Answer\n\nSomething.\n")},
                       ["content/q.md:7: the question is empty: write it between the front matter and '## Answer'"]),
    "empty-answer": ({"content/q.md": question("Why?\n\n## Answer\n\n")},
                     ["content/q.md:9: the answer is empty: write the model answer after '## Answer'"]),
    "no-front-matter": ({"content/q.md": GOOD_BODY},
                        ["content/q.md:1: missing front matter: the file must start with a line '---', then id, title, topics, difficulty, then '---'"]),
    "unclosed-front-matter": ({"content/q.md": "---\nid: q\ntitle: T\n" + GOOD_BODY},
                              ["content/q.md:1: front matter is not closed: add a line '---' after the metadata"]),
    "empty-file": ({"content/q.md": ""}, ["content/q.md:1: empty file: a question file needs front matter, a question and '## Answer'"]),
    "invalid-utf8": ({"content/q.md": question().encode() + b"\n\xff\xfe broken\n"},
                     ["content/q.md:13: not valid UTF-8 (byte 0xff); save the file as UTF-8"]),
    "control-character": ({"content/q.md": question("Why \x07 beep?\n\n## Answer\n\nA.\n")},
                          ["content/q.md:7: control or unassigned character U+0007 in the text; remove it"]),
    "huge-file": ({"content/q.md": question("x" * 10_000_000 + "\n\n## Answer\n\nA.\n")},
                  ["content/q.md:1: file is too large (10.0 MB; a question file may be at most 1 MB)"]),
    "unterminated-dollar": ({"content/q.md": question("It costs $5 and more.\n\n## Answer\n\nA.\n")},
                            ["content/q.md:7: unmatched '$': close the formula with another '$', or write \\$ for a dollar sign"]),
    "display-math-left-open": ({"content/q.md": question("Why?\n\n## Answer\n\n$$\nx^2\n\nMore text.\n")},
                               ["content/q.md:11: unmatched '$': close the formula with another '$', or write \\$ for a dollar sign"]),
    "unbalanced-braces": ({"content/q.md": question("Is $\\frac{a}{b$ small?\n\n## Answer\n\nA.\n")},
                          ["content/q.md:7: math $\\frac{a}{b$: unbalanced braces: a '{' is never closed"]),
    "raw-html": ({"content/q.md": question("<div>Why?</div>\n\n## Answer\n\nA <b>bold</b> claim.\n")},
                 ["content/q.md:7: raw HTML is not supported; write Markdown instead (e.g. **bold**, lists, tables)",
                  "content/q.md:11: raw HTML '</b>' is not supported; write Markdown instead",
                  "content/q.md:11: raw HTML '<b>' is not supported; write Markdown instead"]),
    "unsupported-character": ({"content/q.md": question("What does 猫 mean?\n\n## Answer\n\nCat.\n")},
                              ["content/q.md:7: character '猫' (U+732B CJK UNIFIED IDEOGRAPH-732B) cannot be typeset; replace or remove it"]),
    "math-input": ({"content/q.md": question("Show $\\input{/etc/passwd}$.\n\n## Answer\n\nNo.\n")},
                   ["content/q.md:7: math $\\input{/etc/passwd}$: \\input is not allowed in math (see 'Math' in the README for the commands you can use)"]),
    "math-write18": ({"content/q.md": question("Why?\n\n## Answer\n\n$$ \\immediate\\write18{rm -rf ~} $$\n")},
                     ["content/q.md:11: math $\\immediate\\write18{rm -rf ~}$: \\immediate is not allowed in math (see 'Math' in the README for the commands you can use)"]),
    "math-caret-escape": ({"content/q.md": question("Why $^^5cinput{x}$?\n\n## Answer\n\nA.\n")},
                          ["content/q.md:7: math $^^5cinput{x}$: '^^' is not allowed in math (TeX reads it as a character code); write ^{...}"]),
    "math-catcode-def": ({"content/q.md": question("Why $\\catcode`\\$=11$ and $\\def\\x{y}$?\n\n## Answer\n\nA.\n")},
                         ["content/q.md:7: math $\\catcode`\\$=11$: \\catcode is not allowed in math (see 'Math' in the README for the commands you can use)",
                          "content/q.md:7: math $\\def\\x{y}$: \\def is not allowed in math (see 'Math' in the README for the commands you can use)"]),
    "math-usepackage-csname": ({"content/q.md": question("Why $\\usepackage{shellesc}$ or $\\csname input\\endcsname$?\n\n## Answer\n\nA.\n")},
                               ["content/q.md:7: math $\\csname input\\endcsname$: \\csname is not allowed in math (see 'Math' in the README for the commands you can use)",
                                "content/q.md:7: math $\\usepackage{shellesc}$: \\usepackage is not allowed in math (see 'Math' in the README for the commands you can use)"]),
    "hostile-figure": ({"content/q.md": question("Why?\n\n## Answer\n\n![x](../../etc/passwd.py)\n\n![y](/tmp/evil.py)\n")},
                       ["content/q.md:11: image '../../etc/passwd.py' must name a figure script in figures/, e.g. ![Caption](my-figure.py)",
                        "content/q.md:13: image '/tmp/evil.py' must name a figure script in figures/, e.g. ![Caption](my-figure.py)"]),
    "missing-figure": ({"content/q.md": question("Why?\n\n## Answer\n\n![A plot.](nope.py)\n")},
                       ["content/q.md:11: figure script 'figures/nope.py' does not exist"]),
    "guide-unknown-field": ({"content/guide.yaml": GUIDE + "titel: Oops\n", "content/q.md": question()},
                            ["content/guide.yaml:7: unknown field 'titel' (did you mean 'title'?)"]),
    "guide-missing": ({"content/q.md": question(), "content/guide.yaml": None},
                      ["content/guide.yaml:1: missing guide settings: create content/guide.yaml with a title and a list of topics"]),
}


def write_case(root: Path, files: dict) -> Path:
    (root / "content").mkdir(parents=True)
    files = {"content/guide.yaml": GUIDE} | files
    for name, data in files.items():
        if data is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def guidegen(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidegen", *args, "--project", "."], cwd=project, capture_output=True, text=True)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(case: str, tmp_path: Path):
    files, expected = CASES[case]
    project = write_case(tmp_path, files)
    for command in ("check", "build"):
        result = guidegen(project, command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        lines = result.stderr.strip().splitlines()
        count = len(expected)
        assert lines == expected + [f"Error: {count} problem{'s' if count != 1 else ''} found; nothing was written."], command
        assert not list(project.rglob("*.pdf"))


def test_text_that_looks_like_latex_prints_literally(tmp_path: Path):
    """Injection in text is no error: it is escaped and printed as written."""
    body = "Read \\input{/etc/passwd} and \\write18{ls} and \\begin{verbatim}\n\n## Answer\n\nA.\n"
    project = write_case(tmp_path, {"content/q.md": question(body)})
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    shown = subprocess.run(["pdftotext", str(project / "build" / "guide-questions.pdf"), "-"], capture_output=True, text=True).stdout
    assert "\\input{/etc/passwd}" in shown and "\\write18{ls}" in shown
    assert "root:" not in shown  # nothing of the file was read


def test_failed_build_keeps_the_last_good_pdfs(tmp_path: Path):
    project = write_case(tmp_path, {"content/q.md": question()})
    assert guidegen(project, "build", "-q").returncode == 0
    before = {p.name: p.read_bytes() for p in (project / "build").glob("*.pdf")}
    (project / "content" / "q.md").write_text(question(topics="[nope]"))
    result = guidegen(project, "build")
    assert result.returncode == 1
    assert {p.name: p.read_bytes() for p in (project / "build").glob("*.pdf")} == before
