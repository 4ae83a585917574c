"""guidegen import: the seed bank and the other common shapes of Q&A notes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

# A copy of the seed bank, kept with the tests (a clone has no ../shared).
SEED = Path(__file__).resolve().parent / "fixtures" / "ml-interview-questions.md"
GUIDE = "title: T\ntopics:\n  - slug: ml\n    name: ML\n"


def guidegen(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidegen", *args], cwd=cwd, capture_output=True, text=True)


def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def seed_titles() -> list[str]:
    """The seed's own headings, read with a plain regex (not the importer)."""
    return [m.group(2).strip() for m in re.finditer(r"^#{2,3} (\d+)\. (.+)$", SEED.read_text("utf-8"), re.MULTILINE)]


def test_seed_imports_exactly_thirty_questions_with_the_seed_titles(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    result = guidegen(tmp_path, "import", str(SEED), "--topic", "ml")
    assert result.returncode == 0, result.stderr
    assert "Found 30 questions" in result.stdout
    files = sorted((tmp_path / "content" / "ml").glob("*.md"))
    assert len(files) == 30
    meta = sorted((front_matter(f) for f in files), key=lambda m: m["order"])
    assert [m["title"] for m in meta] == seed_titles()
    assert [m["order"] for m in meta] == list(range(1, 31))
    assert all(m["topics"] == ["ml"] for m in meta)
    # Question and answer land on the right sides of '## Answer'.
    adam = next(f for f in files if front_matter(f)["order"] == 11).read_text("utf-8")
    question, answer = adam.split("\n## Answer\n")
    assert "bias correction" in question and "**Question:**" not in question
    assert "initialize the moving average vectors" in answer and "**Answer:**" not in answer
    # After the user fills in the difficulty the bank passes check (the seed's math included).
    for f in files:
        f.write_text(f.read_text("utf-8").replace("difficulty:  # fill in: easy, medium or hard", "difficulty: medium"), "utf-8")
    checked = guidegen(tmp_path, "check")
    assert checked.returncode == 0, checked.stderr


def test_leaves_topics_and_difficulty_for_the_user(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("## What is bias?\nThe error from wrong assumptions.\n")
    result = guidegen(tmp_path, "import", str(source))
    assert result.returncode == 0, result.stderr
    created = tmp_path / "content" / "imported" / "what-is-bias.md"
    assert front_matter(created) == {"id": "what-is-bias", "title": "What is bias?", "topics": [], "difficulty": None}
    assert "Fill in 'topics' and 'difficulty'" in result.stdout


def test_q_and_a_markers(tmp_path: Path):
    source = tmp_path / "qa.md"
    source.write_text("Q: What is overfitting?\nA: Fitting noise.\n\nQ: What is $L_2$ regularisation?\n\nA: Adding $\\lambda \\|w\\|^2$.\nIt shrinks weights.\n")
    result = guidegen(tmp_path, "import", str(source), "--topic", "ml")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "content" / "ml" / "what-is-l2-regularisation.md").read_text()
    assert text.endswith("What is $L_2$ regularisation?\n\n## Answer\n\nAdding $\\lambda \\|w\\|^2$.\nIt shrinks weights.\n")


def test_bold_question_paragraphs(tmp_path: Path):
    source = tmp_path / "bold.md"
    source.write_text("**What does PCA maximise?**\n\nThe variance of the projection.\n\n**Is k-means convex?**\n\nNo.\n")
    result = guidegen(tmp_path, "import", str(source), "--topic", "ml")
    assert result.returncode == 0, result.stderr
    assert "Found 2 questions" in result.stdout
    text = (tmp_path / "content" / "ml" / "is-k-means-convex.md").read_text()
    assert "Is k-means convex?\n\n## Answer\n\nNo.\n" in text


def test_unplaceable_text_is_reported_with_its_line_and_nothing_is_written(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("Some preamble the importer cannot place.\n\nQ: First?\nA: Yes.\n\nQ: Orphan question without answer\n")
    result = guidegen(tmp_path, "import", str(source))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "notes.md:1: text before the first question was not imported: 'Some preamble the importer cannot place.'",
        "notes.md:6: question 'Orphan question without answer' has no answer; not imported",
        "Error: 2 problems found; nothing was written.",
    ]
    assert not (tmp_path / "content").exists()


def test_never_overwrites_without_force(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("## Kernel?\nAn inner product.\n")
    assert guidegen(tmp_path, "import", str(source)).returncode == 0
    target = tmp_path / "content" / "imported" / "kernel.md"
    target.write_text("my edits")
    again = guidegen(tmp_path, "import", str(source))
    assert again.returncode == 1
    assert "already exists (use --force to overwrite it)" in again.stderr
    assert target.read_text() == "my edits"
    forced = guidegen(tmp_path, "import", str(source), "--force")
    assert forced.returncode == 0
    assert "An inner product." in target.read_text()
    assert not list(target.parent.glob(".*.part"))
