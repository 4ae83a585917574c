"""Booklets for study groups, read back from the PDFs: selections, random draws,
versions, page-matched pairs, paper sizes, imposition, and bad selections."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
import conftest
from conftest import make_project, question_file
from pypdf import PdfReader
from test_print_economy import MODES as ECONOMY, page_text, pages



def guidegen(project: Path, *args: str) -> subprocess.CompletedProcess:
    return conftest.guidegen(project, *args, "--project", ".")


def bank_meta(project: Path) -> dict[str, dict]:
    """Front matter of every question, read with plain YAML (not guidegen's reader)."""
    out = {}
    for path in (project / "content").rglob("*.md"):
        meta = yaml.safe_load(path.read_text("utf-8").split("---\n")[1])
        out[meta["id"]] = meta
    return out


def outline(pdf: Path, level: int = 1) -> list[tuple[str, int]]:
    """(bookmark title, 0-based page) at one nesting level, in document order: what a
    reader's sidebar shows. Level 0 holds the topic sections, level 1 their questions."""
    reader = PdfReader(pdf)
    items: list[tuple[str, int]] = []

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1)
            elif depth == level:
                items.append((node.title, reader.get_destination_page_number(node)))

    walk(reader.outline, 0)
    return items


def question_starts(pdf: Path) -> dict[str, int]:
    """Question title -> page it starts on (question bookmarks read 'N Title')."""
    return {re.sub(r"^\d+ ", "", t): p for t, p in outline(pdf)}


def economy_build(built, bank: Path, mode: str) -> Path:
    """The output folder of one of test_print_economy's layouts of the whole bank: the same
    arguments, so the session builds it once for every file that reads it."""
    return built(bank, "-q", "--out", f"build-{mode}", *ECONOMY[mode])


def topic_build(built, bank: Path, topic: str) -> Path:
    """One topic's booklet, no room for answers: built once per session."""
    return built(bank, "-q", "--out", f"build-topic-{topic}", "--topic", topic, "--answer-space", "none")


def titles_in_order(pdf: Path, titles: list[str]) -> list[str]:
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    found = [(text.find(t), t) for t in titles if t in text]
    return [t for _, t in sorted(found)]




@pytest.mark.tex
def test_whole_bank_is_page_matched(bank: Path, build_once):
    result = build_once(bank, "-q", "--out", "build-default")  # shared with test_print_economy's default build
    assert result.returncode == 0, result.stderr
    sheet, key = result.out / "guide-questions.pdf", result.out / "guide-answers.pdf"
    sheet_starts, key_starts = question_starts(sheet), question_starts(key)
    titles = sorted(m["title"] for m in bank_meta(bank).values())
    assert sorted(sheet_starts) == titles == sorted(key_starts)
    assert sheet_starts == key_starts
    # The bookmark pages are where a reader finds the titles (page_text reads TeX's ’ as ').
    for title, page in sheet_starts.items():
        assert " ".join(title.split()[:3]) in page_text(sheet, page + 1), (title, page)
    assert pages(sheet) == pages(key)
    assert "Warning" not in result.stderr


@pytest.mark.tex
def test_topic_booklet_holds_exactly_that_topic(bank: Path, built):
    meta = bank_meta(bank)
    out = topic_build(built, bank, "evaluation")  # test_every_topic_booklet_builds's, shared
    expected = sorted(m["title"] for m in meta.values() if "evaluation" in m["topics"])
    for kind in ("questions", "answers"):
        assert sorted(question_starts(out / f"evaluation-{kind}.pdf")) == expected


@pytest.mark.tex
def test_count_and_seed_draw_reproducibly(bank: Path, built):
    def draw(seed: int, name: str) -> list[str]:
        out = built(bank, "-q", "--out", f"build-{name}", "--count", "5", "--seed", str(seed), "--name", name, "--answer-space", "none")
        return sorted(question_starts(out / f"{name}-questions.pdf"))

    # The first draw is test_print_economy's small booklet (--count 5 --seed 3, with room
    # for the answers): a build of its own, in another folder and under another name.
    first = sorted(question_starts(economy_build(built, bank, "small") / "guide-questions.pdf"))
    assert ECONOMY["small"][:4] == ("--count", "5", "--seed", "3")
    again, other = draw(3, "draw-b"), draw(12, "draw-c")
    assert len(first) == 5 and first == again
    assert other != first


def test_balanced_draw_spreads_over_topics(bank: Path):
    result = guidegen(bank, "list", "--count", "8", "--seed", "3", "--balanced")
    assert result.returncode == 0, result.stderr
    home = {q: m["topics"][0] for q, m in bank_meta(bank).items()}
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    counts = {}
    for qid in ids:
        counts[home[qid]] = counts.get(home[qid], 0) + 1
    assert len(ids) == 8 and len(counts) == 8 and set(counts.values()) == {1}


@pytest.mark.tex
def test_versions_hold_the_same_questions_in_different_orders(bank: Path, built):
    # The whole bank in three versions: test_print_economy's build (--versions 3 --seed 1), shared.
    out = economy_build(built, bank, "versions")
    assert ECONOMY["versions"][:2] == ("--versions", "3")
    titles = [m["title"] for m in bank_meta(bank).values()]
    orders = []
    for letter in "ABC":
        sheet = out / f"guide-{letter}-questions.pdf"
        key = out / f"guide-{letter}-answers.pdf"
        sheet_order, key_order = questions_in_order(sheet), questions_in_order(key)
        assert sorted(sheet_order) == sorted(titles)
        assert sheet_order == key_order  # each key matches its own sheet
        # The version letter is in the header of every page after the cover (pdftotext:
        # pypdf took two seconds over the three versions' sixty pages).
        assert pages(sheet) > 2
        for number in range(2, pages(sheet) + 1):
            assert f"Version {letter}" in page_text(sheet, number), (sheet.name, number)
        orders.append(sheet_order)
    assert len({tuple(o) for o in orders}) == 3


def questions_in_order(pdf: Path) -> list[str]:
    """The question titles as the bookmarks list them, in document order."""
    return [re.sub(r"^\d+ ", "", t) for t, _ in outline(pdf)]


@pytest.mark.tex
def test_letter_paper(bank: Path, built):
    out = economy_build(built, bank, "letter")  # the whole bank on letter paper: test_print_economy's, shared
    assert ECONOMY["letter"] == ("--paper", "letter")
    for kind in ("questions", "answers"):
        paper = PdfReader(out / f"guide-{kind}.pdf").pages
        assert len(paper) > 1
        for page in paper:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


FOLD_GUIDE = "title: Fold Test\ntopics:\n  - slug: fold\n    name: Folding\n"
FOLD_WORDS = ["One", "Two", "Three", "Four", "Five"]


@pytest.fixture(scope="module")
def fold_project(tmp_path_factory) -> Path:
    """Five short questions; with 12 cm of answer room on A5 each takes a page of its own,
    so the flat booklet is 6 pages: the title and contents, then a page per question."""
    questions = {f"q{n}.md": question_file(f"q{n}", f"Question {word}", "[fold]", "easy", f"Prompt number {word}.",
                                           f"Answer number {word}.", extra=f"order: {n}\n")
                 for n, word in enumerate(FOLD_WORDS, 1)}
    return make_project(tmp_path_factory.mktemp("fold"), questions, FOLD_GUIDE)


# Saddle-stitch order of a 6-page booklet padded to 8 (pages 7 and 8 blank: the outside
# back cover stays blank), written out: sheet 1 front [8, 1], back [2, 7]; sheet 2 front
# [6, 3], back [4, 5]. As a reader sees each page: by the page number in its footer.
FOLD_SIDES = [
    ("blank", "Page 1 of 6"),
    ("Page 2 of 6", "blank"),
    ("Page 6 of 6", "Page 3 of 6"),
    ("Page 4 of 6", "Page 5 of 6"),
]


def half_text(pdf: Path, side: int, half: int) -> str:
    """Text of the left (0) or right (1) half of one imposed A4 landscape side, via
    pdftotext's crop box."""
    width, height = 842, 595
    x = 0 if half == 0 else width // 2
    out = subprocess.run(
        ["pdftotext", "-f", str(side + 1), "-l", str(side + 1), "-x", str(x), "-y", "0", "-W", str(width // 2), "-H", str(height), "-r", "72", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    return " ".join(out.split())


def _flat(outline) -> list:
    return [leaf for item in outline for leaf in (_flat(item) if isinstance(item, list) else [item])]


def read_half(text: str) -> str:
    """What one half of an imposed side shows: blank, the cover, the contents, or the page
    number printed in its footer."""
    if not text:
        return "blank"
    footer = re.findall(r"Page \d+ of \d+", text)
    if footer:
        assert len(footer) == 1, text
        return footer[0]
    if "Contents" in text:
        return "contents"
    if "5 questions" in text:
        return "cover"
    return f"unrecognised: {text[:80]}"


@pytest.mark.tex
def test_booklet_imposition_order_and_page_count(fold_project: Path, built):
    out = built(fold_project, "-q", "--imposition", "booklet", "--answer-height", "12cm", "--name", "fold")
    for kind in ("questions", "answers"):
        flat = PdfReader(out / ".work" / f"fold-{kind}.pdf")  # the A5 pages before imposition
        assert len(flat.pages) == 6
        assert (round(float(flat.pages[0].mediabox.width)), round(float(flat.pages[0].mediabox.height))) == (420, 595)  # A5
        imposed_path = out / f"fold-{kind}.pdf"
        imposed = PdfReader(imposed_path)
        assert len(imposed.pages) == 4
        for page in imposed.pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)  # A4 landscape
        halves = [[half_text(imposed_path, side, half) for half in (0, 1)] for side in range(4)]
        assert [tuple(map(read_half, side)) for side in halves] == FOLD_SIDES, kind
        # The first page has the title (no contents: the booklet is small, and question 1
        # with its 12 cm of room does not fit under the title); each later one its own question, in order.
        texts = {read_half(text): text for side in halves for text in side}
        assert "5 questions" in texts["Page 1 of 6"] and "Contents" not in texts["Page 1 of 6"]
        for number, word in enumerate(FOLD_WORDS, 2):
            assert f"Question {word}" in texts[f"Page {number} of 6"], kind
        # Bookmarks survive imposition, each pointing at the side that carries its page.
        marks = {item.title: imposed.get_destination_page_number(item) for item in _flat(imposed.outline)}
        # Pages 2..6 are on sides [2, 7], [6, 3], [4, 5], [4, 5], [6, 3] (see FOLD_SIDES).
        assert [marks[f"{n} Question {word}"] for n, word in enumerate(FOLD_WORDS, 1)] == [1, 2, 3, 3, 2], marks


@pytest.mark.parametrize(
    "args, message",
    [
        (("--topic", "evaluatoin"), "unknown topic 'evaluatoin' (did you mean 'evaluation'? known topics: probability, classical-models"),
        (("--tag", "no-such-tag"), "unknown tag 'no-such-tag'"),
        (("--id", "nope"), "unknown id 'nope'"),
        (("--id", "f1-harmonic-mean", "--difficulty", "hard"), "no question matches (difficulty hard, id f1-harmonic-mean); run 'guidegen list' to see what exists"),
        (("--topic", "evaluation", "--count", "50"), "--count 50 is more than the"),
        (("--booklet", "nope"), "unknown booklet 'nope'"),
    ],
)
def test_bad_selection(bank: Path, args: tuple[str, ...], message: str):
    result = guidegen(bank, "build", *args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message in result.stderr


@pytest.mark.tex
def test_every_topic_booklet_builds(bank: Path, built):
    topics = [t["slug"] for t in yaml.safe_load((bank / "content" / "guide.yaml").read_text())["topics"]]
    meta = bank_meta(bank)
    for topic in topics:
        out = topic_build(built, bank, topic)
        expected = sorted(m["title"] for m in meta.values() if topic in m["topics"])
        assert len(expected) >= 2
        assert sorted(question_starts(out / f"{topic}-answers.pdf")) == expected


@pytest.mark.tex
def test_answer_key_contains_every_figure(bank: Path, build_once):
    # The whole bank's key without room for answers: test_print_economy's compact build, shared.
    result = build_once(bank, "-q", "--out", "build-compact", "--no-page-match", "--answer-space", "none")
    assert result.returncode == 0, result.stderr
    scripts = {p.name for p in (bank / "figures").glob("*.py")}
    referenced = set()
    for path in (bank / "content").rglob("*.md"):
        referenced |= set(re.findall(r"!\[[^\]]*\]\(([^)]+\.py)\)", path.read_text("utf-8")))
    assert referenced == scripts and len(scripts) >= 15
    key = result.out / "guide-answers.pdf"
    reader = PdfReader(key)
    text = " ".join(page_text(key, number) for number in range(1, pages(key) + 1))  # pdftotext: pypdf took 2 s more
    captions = re.findall(r"Figure (\d+):", text)
    assert sorted(map(int, captions)) == list(range(1, len(scripts) + 1))
    drawn = sum(
        1
        for page in reader.pages
        for xobject in (page["/Resources"].get("/XObject") or {}).values()
        if xobject.get_object()["/Subtype"] == "/Form"  # an included vector PDF
    )
    assert drawn == len(scripts)


@pytest.mark.tex
def test_named_booklets_from_the_guide_settings(bank: Path):
    booklets = yaml.safe_load((bank / "content" / "guide.yaml").read_text())["booklets"]
    assert len(booklets) >= 2
    result = guidegen(bank, "build", "--all-booklets", "--answer-space", "none")
    assert result.returncode == 0, result.stderr
    meta = bank_meta(bank)
    for booklet in booklets:
        sheet = bank / "build" / f"{booklet['name']}-questions.pdf"
        assert f"Wrote build/{booklet['name']}-questions.pdf" in result.stdout
        titles = sorted(question_starts(sheet))
        if "topics" in booklet:
            assert titles == sorted(m["title"] for m in meta.values() if set(m["topics"]) & set(booklet["topics"]))
        if "difficulty" in booklet:
            assert titles == sorted(m["title"] for m in meta.values() if m["difficulty"] in booklet["difficulty"])
        if "count" in booklet:
            assert len(titles) == booklet["count"]
        cover = PdfReader(sheet).pages[0].extract_text()
        assert booklet["title"].split(":")[0] in " ".join(cover.split())
    again = guidegen(bank, "build", "--booklet", booklets[0]["name"], "--topic", "evaluation")
    assert again.returncode != 0 and "drop the filter options" in again.stderr


@pytest.mark.tex  # the first booklet is built
def test_a_booklet_refuses_a_broken_file_anywhere_in_the_bank(tmp_path: Path):
    # The booklet is built from its own questions, but the bank is validated whole, from
    # the cache when nothing changed: an edit that breaks a question of another topic
    # stops the booklet, first build or not.
    guide = "title: T\ntopics:\n  - slug: a\n    name: A\n  - slug: b\n    name: B\n"
    other = lambda answer: question_file("q2", "Two", "[b]", "easy", "How?", answer)  # noqa: E731
    project = make_project(tmp_path, {"a/q1.md": question_file("q1", "One", "[a]", "easy", "Why?", "Because."),
                                      "b/q2.md": other("So.")}, guide)
    assert guidegen(project, "build", "-q", "--topic", "a").returncode == 0
    (project / "content" / "b" / "q2.md").write_text(other("So $\\input{x}$."), "utf-8")
    for name in ("again", "again"):  # the second time, with the broken file's problems cached
        result = guidegen(project, "build", "-q", "--topic", "a", "--name", name)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "content/b/q2.md:11: error: math $\\input{x}$: \\input is not allowed" in result.stderr
    assert not (project / "build" / "again-answers.pdf").exists()
