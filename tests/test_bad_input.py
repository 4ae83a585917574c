"""The bad-input corpus, tests/bad/<case>/: each case is a small broken project
(content/...) and expected.txt, the exact stderr of `guidegen check` run in the case
folder with --project . ; every line was read and judged right (file, line, helpful
text). Files that are binary or big (control characters, invalid UTF-8, 10 MB) are
written at test time by GENERATED instead of being kept in git.

For every case: `check` and `build` exit 1 with exactly those lines, no traceback and
no PDF (check in a test per case, build in one test over them all). Text that looks like LaTeX is not an error: it prints literally. A failed build
leaves the last good PDFs byte for byte."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from conftest import guidegen, make_project, pdftotext, squash

BAD = Path(__file__).resolve().parent / "bad"
GOOD_BODY = "Why is the variance never negative?\n\n## Answer\n\nIt is an average of squares.\n"


def question(body: str = GOOD_BODY, **fields: str) -> str:
    meta = {"id": "q", "title": "A question", "topics": "[stats]", "difficulty": "easy"} | fields
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in meta.items()) + "---\n" + body


def png(width: int = 2, height: int = 2) -> bytes:
    """A grey PNG built by hand (chunks with their checksums), of any stated size: the
    pixel rows of a huge one are not all there, which only decoding would notice."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress(b"\x00" * (width + 1) * min(height, 2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def jpeg_head(width: int = 2, height: int = 2) -> bytes:
    """The start of a baseline JPEG, up to its first scan: start, JFIF, frame (the size) and scan headers."""
    return (b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xc0\x00\x0b\x08" + struct.pack(">HH", height, width) + b"\x01\x01\x11\x00"
            + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34\x56\x78")


PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n"
       b"endobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 144 72] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

# Content written at test time (case -> path -> bytes), on top of the case folder.
GENERATED = {
    "control-character": {"content/q.md": question("Why does it \x07 beep?\n\n## Answer\n\nA bell.\n").encode()},
    "invalid-utf8": {"content/q.md": question().encode() + b"\nBroken \xff\xfe bytes.\n"},
    "huge-file": {"content/q.md": question("x" * 10_000_000 + "\n\n## Answer\n\nA.\n").encode()},
    # An unknown key that YAML's escapes turn into terminal controls (red text, a bell).
    "control-in-unknown-key": {"content/q.md": question(**{'"col\\e[31mour\\a"': "red"}).encode()},
    # A file name that is not UTF-8 (Latin-1 "café.md").
    "non-utf8-file-name": {os.fsdecode(b"content/caf\xe9.md"): question().encode()},
    # A 4 MB title exhausted TeX's main memory; a 36,000-character name of '~' its line buffer.
    "guide-title-too-long": {"content/guide.yaml": ("title: " + "T" * 4_000_000 + "\ntopics:\n"
                                                    "  - slug: stats\n    name: Statistics\n").encode()},
    "guide-topic-name-too-long": {"content/guide.yaml": ("title: Corpus\ntopics:\n  - slug: models\n    name: Models\n"
                                                         "  - slug: stats\n    name: '" + "~" * 36_000 + "'\n").encode()},
    # Each made pdfLaTeX stop with "Fatal error occurred", naming neither file nor question.
    "image-damaged": {"content/empty.png": b"", "content/cut.png": png()[:40], "content/photo.jpg": b"\xff\xd8\xff\xe0garbage" * 20,
                      "content/cut.jpg": jpeg_head(), "figures/chart.pdf": PDF[:90], "content/notes.pdf": b"Notes, not a PDF\n",
                      "content/fine.png": png()},
    # 100,000 x 100,000 pixels in a few hundred bytes: pdfLaTeX failed with "Division by 0".
    "image-too-many-pixels": {"content/huge.png": png(100_000, 100_000), "content/huge.jpg": jpeg_head(10_000, 8_000) + b"\xff\xd9"},
    "svg-problems": {"content/big.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">\n'
                     + b'<rect width="1" height="1"/>\n' * 200_000 + b"</svg>\n"},
}

# Cases whose expected.txt states what is right, which the product does not do yet.
KNOWN_BUGS: dict[str, str] = {}
CASES = sorted(p.name for p in BAD.iterdir() if (p / "expected.txt").is_file())
PARAMS = [pytest.param(case, marks=pytest.mark.xfail(reason=KNOWN_BUGS[case], strict=True)) if case in KNOWN_BUGS else case
          for case in CASES]


def prepare(case: str, dest: Path) -> Path:
    """A copy of the case's project in `dest`, with its generated files."""
    shutil.copytree(BAD / case, dest, ignore=shutil.ignore_patterns("expected.txt"))
    for name, data in GENERATED.get(case, {}).items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_bytes(data)
    return dest


def expected_lines(case: str, command: str = "check") -> list[str]:
    """What `command` says of the case: expected.txt, or expected-build.txt where build
    differs (check speaks for every output and labels what one of them cannot take;
    build makes the PDFs alone and needs no label)."""
    own = BAD / case / f"expected-{command}.txt"
    return (own if own.is_file() else BAD / case / "expected.txt").read_text("utf-8").splitlines()


def test_the_corpus_is_complete():
    assert set(GENERATED) | set(KNOWN_BUGS) <= set(CASES)
    assert not [p.name for p in BAD.iterdir() if p.is_dir() and p.name not in CASES]  # every case has expected.txt
    assert max(p.stat().st_size for p in BAD.rglob("*") if p.is_file()) < 10_000  # nothing big is kept in git


@pytest.mark.parametrize("case", PARAMS)
def test_check_reports_exactly_the_problems(case: str, tmp_path: Path):
    project = prepare(case, tmp_path / case)
    result = guidegen(project, "check", "--project", ".")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stdout
    assert result.stdout == ""
    assert result.stderr.splitlines() == expected_lines(case)


@pytest.mark.tex
def test_build_fails_the_same_way_and_writes_nothing(tmp_path: Path):
    """`build` of every case, in one test: none reaches TeX, so a test per case (as check
    has) would only repeat the loading. Each case must fail as check does, with no PDF
    but the case's own images and no .tex; a known bug must still fail to."""
    seen, wanted = {}, {}
    for case in CASES:
        project = prepare(case, tmp_path / case)
        given = set(project.rglob("*.pdf"))  # images of the case
        result = guidegen(project, "build", "--project", ".")
        seen[case] = {"traceback": "Traceback" in result.stdout + result.stderr, "exit": result.returncode,
                      "stderr": result.stderr.splitlines(), "new PDFs": sorted(map(str, set(project.rglob("*.pdf")) - given)),
                      "tex": sorted(map(str, project.rglob("*.tex")))}
        wanted[case] = {"traceback": False, "exit": 1, "stderr": expected_lines(case, "build"), "new PDFs": [], "tex": []}
    for case in KNOWN_BUGS:
        assert seen.pop(case) != wanted.pop(case), f"{case} is fixed: take it out of KNOWN_BUGS"
    wrong = {case: {"got": got, "wanted": wanted[case]} for case, got in seen.items() if got != wanted[case]}
    assert wrong == {}


# -- text that looks like LaTeX is text ------------------------------------------------------

GUIDE = "title: Corpus\ntopics:\n  - slug: stats\n    name: Statistics\n"


@pytest.mark.tex
def test_latex_in_text_prints_literally(tmp_path: Path):
    body = ("Read \\input{/etc/passwd} and \\immediate\\write18{ls} here.\n\n"
            "Also `\\input{/etc/hostname}` and \\end{document} and \\usepackage{shellesc}.\n\n## Answer\n\nA.\n")
    project = make_project(tmp_path, {"q.md": question(body)}, GUIDE)
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    shown = pdftotext(project / "build" / "guide-questions.pdf")
    assert "Read \\input{/etc/passwd} and \\immediate\\write18{ls} here." in shown
    assert "Also \\input{/etc/hostname} and \\end{document} and \\usepackage{shellesc}." in shown
    assert "root:" not in shown  # nothing of the file was read
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").is_file() else ""
    if len(hostname) > 3:
        assert hostname not in squash(shown)


@pytest.mark.tex
def test_failed_build_keeps_the_last_good_pdfs(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question()}, GUIDE)
    first = guidegen(project, "build", "-q")
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in (project / "build").glob("*.pdf")}
    assert sorted(before) == ["guide-answers.pdf", "guide-questions.pdf"]
    (project / "content" / "q.md").write_text(question("Why $\\input{x}$?\n\n## Answer\n\nIt is an average of squares.\n"))
    result = guidegen(project, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("content/q.md:7: error: math $\\input{x}$: \\input is not allowed")
    assert {p.name: p.read_bytes() for p in (project / "build").glob("*.pdf")} == before
    assert not [p for p in (project / "build").iterdir() if p.name.endswith(".part")]


def test_a_field_given_twice_is_a_problem(tmp_path: Path):
    text = "---\nid: first\ntitle: A question\nid: second\ntopics: [stats]\ndifficulty: easy\n---\n" + GOOD_BODY
    project = make_project(tmp_path, {"q.md": text}, GUIDE)
    result = guidegen(project, "check")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("content/q.md:4: error: ") and "'id'" in result.stderr.splitlines()[0]
