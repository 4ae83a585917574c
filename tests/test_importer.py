"""guidegen import: each common shape of Q&A notes imports into an empty folder and
builds with no edits; the seed bank imports into its 30 questions; problems are reported
with their lines and nothing is written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import guidegen, pdf_text, squash
from guidegen.guideid import GUIDE_ID

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "ml-interview-questions.md"
SHAPES = FIXTURES / "import"
GUIDE = "title: T\ntopics:\n  - slug: ml\n    name: ML\n"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def questions(project: Path) -> list[tuple[dict, str, str]]:
    """(front matter, question, answer) of each imported file, in `order`."""
    out = []
    for path in (project / "content").rglob("*.md"):
        body = path.read_text("utf-8").split("---\n", 2)[2]
        question, answer = body.split("\n## Answer\n")
        out.append((front_matter(path), question.strip(), answer.strip()))
    return sorted(out, key=lambda q: q[0]["order"])


# Each shape: its sections and their counts as reported, then (title, first words of the
# answer) for every question in document order.
CASES = {
    "sections.md": (
        {"Statistics": 3, "Machine Learning": 3},
        [
            ("What is a p-value?", "The probability, under the null"),
            ("Why do we divide by $n-1$ in the sample variance?", "makes the estimator unbiased"),
            (r"What does $\sum_i x_i * y_i$ measure for centred vectors?", "the sum of products of the"),
            ("What is the difference between bagging and boosting?", "Bagging trains models independently"),
            ("What are the two parts of the expected error besides noise?", "There are two parts."),
            ("Why should the learning_rate be tuned with the number of trees in gradient…", "A smaller learning_rate needs more trees"),
        ],
    ),
    "numbered-headings.md": (
        {"Deep Learning Questions": 3},
        [
            ("Why do residual connections help very deep networks?", "A residual block only has to"),
            ("What problem does batch normalization address?", "It keeps the distribution of each"),
            ("Why is dropout switched off at test time?", "At test time we want a"),
        ],
    ),
    "numbered-bold.md": (
        {"SQL Interview Questions": 3},
        [
            ("What is the difference between WHERE and HAVING?", "WHERE filters rows before they"),
            ("What does a LEFT JOIN return?", "Every row of the left table"),
            ("When would you use a window function instead of GROUP BY?", "When each row must keep"),
        ],
    ),
    "bullets.md": (
        {"Probability Flash Cards": 3},
        [
            ("What is the expected value of a fair six-sided die?", "It is 3.5, the mean"),
            ("What is the probability of two heads in two fair coin tosses?", "One quarter, since the tosses"),
            ("What does the law of large numbers say?", "The sample mean converges to"),
        ],
    ),
    "details.md": (
        {"Python Questions": 4},
        [
            ("What is the difference between a list and a tuple?", "A list is mutable and"),
            ("What does the GIL do?", "The global interpreter lock lets"),
            ("What is a generator?", "A function that yields values lazily"),
            ("What is a decorator?", "A callable that takes a function"),
        ],
    ),
    # MkDocs: front matter with comment lines, `??? success "Answer"` admonitions whose
    # bodies hold a heading and a nested admonition.
    "mkdocs.md": (
        {"Core Questions": 2},
        [
            ("Explain the Central Limit Theorem - Google Interview Question", "They want the conditions: independence"),
            ("What is a confidence interval?", "A range built so that it covers"),
        ],
    ),
    # Numbered topics holding roman sub-questions with [E]/[M]/[H] and "Ans.", an image-free
    # paragraph at column 0 ending the list, then a numbered item as a question.
    "roman-items.md": (
        {"Linear Algebra": 3},
        [
            ("What is the geometric meaning of the dot product?", "The length of the projection of one vector"),
            (r"Given a vector $u$, which unit vector $v$ maximises $u \cdot v$?", "The same holds in any inner product space."),
            ("What does it mean for two vectors to be linearly independent?", "Neither is a multiple of the other."),
        ],
    ),
    # Jekyll front matter, "**Problem 1.1:**" and "*Solution 1.1:*", a problem with no
    # solution (imported without one, with a warning), and a heading "Q2l0YWRlbA==" that is
    # not a Q marker.
    "problems.md": (
        {"Q2l0YWRlbA==": 2, "SFJU": 1},
        [
            # The title is the first sentence, cut: the question goes on after it.
            ("You roll a fair die until…", "Reach 4 before passing it"),
            ("What is the smallest integer whose digits multiply to 96?", None),
            (r"Find $\Pr(X > 3Y)$ for independent standard normal $X$ and $Y$.", "symmetric about zero, so the answer is one half."),
        ],
    ),
    # Bold questions ending in legend emoji, then '---'-separated questions numbered
    # "1. **...**", "**2.** ..." and "3. ...", with numbered bold lines inside answers.
    "rules.md": (
        {"ML Questions": 2, "Advanced": 5},
        [
            ("What is supervised learning?", "Learning a function from labelled examples."),
            ("Lasso or ridge for sparse models?", "Lasso, whose penalty sets some weights"),
            ("How do you handle class imbalance?", "weight the loss."),
            ("What is the difference between parametric and non-parametric models?", "so they need more of it."),
            ("Explain the bias-variance trade-off.", "the total error is lowest between them."),
            ("What is bagging?", "Averaging models trained on resamples."),
            ("What is boosting?", "Fitting each model to the errors"),
        ],
    ),
}
DIFFICULTIES = {
    "roman-items.md": ["easy", "medium", "hard"],
    "rules.md": ["easy", "medium", "medium", "medium", "medium", "medium", "medium"],
    "mkdocs.md": ["hard", "medium"],
}


@pytest.mark.tex
@pytest.mark.parametrize("name", sorted(CASES))
def test_shape_imports_into_an_empty_folder_and_builds(tmp_path: Path, name: str, built):
    sections, expected = CASES[name]
    result = guidegen(tmp_path, "import", str(SHAPES / name), "--project", "new")
    assert result.returncode == 0, result.stderr
    assert f"Found {len(expected)} questions" in result.stdout
    for section, count in sections.items():
        assert re.search(rf"^\s+{count}  {re.escape(section)} \(topic [a-z0-9-]+\)$", result.stdout, re.MULTILINE), result.stdout
    project = tmp_path / "new"
    found = questions(project)
    assert [meta["title"] for meta, _, _ in found] == [title for title, _ in expected]
    assert [meta["order"] for meta, _, _ in found] == list(range(1, len(expected) + 1))
    assert [meta["difficulty"] for meta, _, _ in found] == DIFFICULTIES.get(name, ["medium"] * len(expected))
    words = [snippet for _, snippet in expected if snippet is not None]
    for index, (meta, question, answer) in enumerate(found):
        if expected[index][1] is None:  # a question without an answer
            assert not answer.strip()
            continue
        # Each answer is its own, whole, and holds no other question's answer or a marker.
        assert expected[index][1] in " ".join(answer.split()), (meta["id"], answer)
        assert not any(other in answer for other in words if other != expected[index][1])
        assert not re.search(r"\*\*Answer|\*A:\*|<details|<summary|^A:", answer + question, re.MULTILINE)
        assert question and not question.startswith(("1.", "Q:", "[E]", "Problem")) and "👶" not in question
    out = built(project)
    key, sheet = squash(pdf_text(out / "guide-answers.pdf")), squash(pdf_text(out / "guide-questions.pdf"))
    for snippet in words:
        assert squash(snippet) in key
        assert squash(snippet) not in sheet
    assert (squash("No model answer yet.") in key) == (len(words) < len(expected))
    for log in (out / ".work").glob("guide-*.log"):
        assert "Overfull" not in log.read_text("utf-8", "replace")


def test_sections_become_topics_and_the_rest_is_reported(tmp_path: Path):
    result = guidegen(tmp_path, "import", str(SHAPES / "sections.md"), "--project", "new")
    assert result.returncode == 0, result.stderr
    guide = yaml.safe_load((tmp_path / "new" / "content" / "guide.yaml").read_text())
    assert GUIDE_ID.fullmatch(guide.pop("id"))  # the Anki identity: random, written once
    assert guide.pop("deck") == "Data Science Interview Prep"  # the deck's name, kept when the guide is renamed
    assert guide == {"title": "Data Science Interview Prep", "topics": [
        {"slug": "statistics", "name": "Statistics"}, {"slug": "machine-learning", "name": "Machine Learning"}]}
    assert sorted(p.parent.name for p in (tmp_path / "new" / "content").rglob("*.md")) == ["machine-learning"] * 3 + ["statistics"] * 3
    # Intro, table of contents, a section's introduction and the footer are listed, line by line.
    unplaced = result.stdout.split("Not placed in any question")[1].splitlines()[1:]
    assert [re.sub(r"^\s+\S*sections\.md:", "", line).split(":")[0] for line in unplaced] == ["3-4", "6", "8-9", "13", "52"]
    found = questions(tmp_path / "new")
    # "a." opens a paragraph of the answer, not an answer marker; the footer is in no answer.
    assert "a. The squared bias" in found[4][2] and "b. The variance" in found[4][2]
    assert all("Contributions" not in answer and "---" not in answer for _, _, answer in found)


def test_numbered_headings_keep_sub_headings_and_answer_markers_in_the_answer(tmp_path: Path):
    result = guidegen(tmp_path, "import", str(SHAPES / "numbered-headings.md"), "--project", "new")
    assert result.returncode == 0, result.stderr
    (meta1, q1, a1), (meta2, q2, a2), (_, q3, a3) = questions(tmp_path / "new")
    assert "### Intuition" in a1 and "### Math" in a1 and q1 == "Why do residual connections help very deep networks?"
    assert q2 == "What problem does batch normalization address?" and a2.startswith("It keeps")
    assert a3.startswith("At test time we want")
    assert meta1["id"] == "why-do-residual-connections-help-very-deep-networks"


def test_seed_imports_exactly_thirty_questions_with_the_seed_titles(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    result = guidegen(tmp_path, "import", str(SEED), "--topic", "ml")
    assert result.returncode == 0, result.stderr
    assert "Found 30 questions" in result.stdout
    files = sorted((tmp_path / "content" / "ml").glob("*.md"))
    assert len(files) == 30
    meta = sorted((front_matter(f) for f in files), key=lambda m: m["order"])
    seed_titles = [m.group(2).strip() for m in re.finditer(r"^#{2,3} (\d+)\. (.+)$", SEED.read_text("utf-8"), re.MULTILINE)]
    assert [m["title"] for m in meta] == seed_titles
    assert [m["order"] for m in meta] == list(range(1, 31))
    assert all(m["topics"] == ["ml"] and m["difficulty"] == "medium" for m in meta)
    adam = next(f for f in files if front_matter(f)["order"] == 11).read_text("utf-8")
    question, answer = adam.split("\n## Answer\n")
    assert "bias correction" in question and "**Question:**" not in question
    assert "initialize the moving average vectors" in answer and "**Answer:**" not in answer
    last = next(f for f in files if front_matter(f)["order"] == 30).read_text("utf-8")
    assert last.rstrip().endswith("at the total expense of the other.")
    assert "Not placed" not in result.stdout  # the title is the guide's; separators are dropped
    assert (tmp_path / "content" / "guide.yaml").read_text() == GUIDE
    checked = guidegen(tmp_path, "check")
    assert checked.returncode == 0, checked.stderr


def test_topic_and_difficulty_options(tmp_path: Path):
    result = guidegen(tmp_path, "import", str(SHAPES / "bullets.md"), "--project", "new", "--topic", "probability", "--difficulty", "hard")
    assert result.returncode == 0, result.stderr
    files = list((tmp_path / "new" / "content" / "probability").glob("*.md"))
    assert len(files) == 3 and all(front_matter(f)["difficulty"] == "hard" and front_matter(f)["topics"] == ["probability"] for f in files)
    guide = yaml.safe_load((tmp_path / "new" / "content" / "guide.yaml").read_text())
    assert guide["topics"] == [{"slug": "probability", "name": "Probability"}]


def test_an_existing_guide_gains_the_new_topics_and_keeps_its_comments(tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    own = "# our guide\ntitle: Our guide   # keep me\ntopics:\n    - slug: statistics   # already here\n      name: Stats\npaper: letter\n"
    (content / "guide.yaml").write_text(own)
    (content / "old.md").write_text("---\nid: what-is-a-p-value\ntitle: Old\ntopics: [statistics]\ndifficulty: easy\n---\nQ\n\n## Answer\n\nA\n")
    result = guidegen(tmp_path, "import", str(SHAPES / "sections.md"))
    assert result.returncode == 0, result.stderr
    text = (content / "guide.yaml").read_text()
    assert text.startswith(own.split("paper:")[0]) and text.endswith("paper: letter\n")
    assert yaml.safe_load(text)["topics"][1] == {"slug": "machine-learning", "name": "Machine Learning"}
    # Ids stay unique across the project: the old question keeps its id.
    assert (content / "statistics" / "what-is-a-p-value-2.md").is_file()
    assert guidegen(tmp_path, "check").returncode == 0


def test_a_question_without_answer_is_imported_with_a_warning(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("# Notes\n\nSome preamble.\n\n## Bold\n\n**What is bias?**\n\n**What is variance?**\n\nSensitivity to the sample.\n\n"
                      "## Markers\n\nQ: Orphan question without answer\n\nQ: First?\nA: Yes.\n")
    no_answer = [(7, "What is bias?"), (15, "Orphan question without answer")]
    strict = guidegen(tmp_path, "import", str(source), "--project", "new", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [
        f"notes.md:{line}: error: question '{title}' has no answer; imported without one (its key says 'No model answer yet')"
        for line, title in no_answer] + ["Error: 2 problems found; nothing was written (--strict: every question must import cleanly)."]
    assert not (tmp_path / "new").exists()
    result = guidegen(tmp_path, "import", str(source), "--project", "new")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"notes.md:{line}: warning: question '{title}' has no answer; imported without one (its key says 'No model answer yet')"
        for line, title in no_answer]
    assert [q[0]["title"] for q in questions(tmp_path / "new")] == ["What is bias?", "What is variance?",
                                                                     "Orphan question without answer", "First?"]
    checked = guidegen(tmp_path / "new", "check")
    assert checked.returncode == 0 and checked.stderr.count("warning: no model answer yet") == 2, checked.stderr


def test_a_question_that_would_not_check_is_left_out_and_the_others_are_written(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("## 1. What is $x$?\n\nIt is $\\input{x}$.\n\n## 2. What is $y$?\n\nA number.\n")
    result = guidegen(tmp_path, "import", str(source), "--project", "new")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("notes.md:1: warning: question 'What is x?' not imported")
    assert "notes.md:3: warning: " in result.stderr
    assert [q[0]["title"] for q in questions(tmp_path / "new")] == ["What is $y$?"]


def test_bad_math_is_reported_at_its_source_line(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("## 1. What is $x$?\n\nIt is $\\input{/etc/passwd}$.\n")
    result = guidegen(tmp_path, "import", str(source), "--project", "new")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "\nnotes.md:3: error: math" in result.stderr
    assert not (tmp_path / "new").exists()


def test_q_and_a_markers_in_one_paragraph(tmp_path: Path):
    source = tmp_path / "qa.md"
    source.write_text("Q: What is overfitting?\nA: Fitting noise.\n\nQ: What is $L_2$ regularisation?\n\nA: Adding $\\lambda \\|w\\|^2$.\nIt shrinks weights.\n")
    result = guidegen(tmp_path, "import", str(source), "--topic", "ml")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "content" / "ml" / "what-is-l2-regularisation.md").read_text()
    assert text.endswith("What is $L_2$ regularisation?\n\n## Answer\n\nAdding $\\lambda \\|w\\|^2$.\nIt shrinks weights.\n")


def test_never_overwrites_without_force(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("## Kernel?\nAn inner product.\n")
    assert guidegen(tmp_path, "import", str(source), "--topic", "ml").returncode == 0
    target = tmp_path / "content" / "ml" / "kernel.md"
    target.write_text("my edits")
    again = guidegen(tmp_path, "import", str(source), "--topic", "ml")
    assert again.returncode == 1  # its only question was left out
    assert "kernel.md was edited since it was imported; kept as it is (use --force to replace it)" in again.stderr
    assert target.read_text() == "my edits"
    (tmp_path / "content" / "ml" / "mine.md").write_text("my own file")
    mine = tmp_path / "mine.md"
    mine.write_text("## Mine?\nAn inner product.\n")
    other = guidegen(tmp_path, "import", str(mine), "--topic", "ml")
    assert "mine.md already exists (use --force to overwrite it)" in other.stderr
    forced = guidegen(tmp_path, "import", str(source), "--topic", "ml", "--force")
    assert forced.returncode == 0
    assert "An inner product." in target.read_text()
    assert not list(target.parent.glob(".*.part"))


def test_titles_keep_math_whole_and_underscores():
    from guidegen.importer import titles
    from guidegen.importer.split import split_document

    long = "Q: Why is $\\mathbb{E}[x_i * y_i] = \\mathbb{E}[x_i]\\,\\mathbb{E}[y_i]$ when the variables are independent of each other?\nA: Yes.\n"
    (found,) = split_document(long).questions
    assert found.title == "Why is $\\mathbb{E}[x_i * y_i] = \\mathbb{E}[x_i]\\,\\mathbb{E}[y_i]$ when the…"
    cut = titles.render(titles.shorten([("text", "A very long lead " * 4), ("math", "x_i * y_i")], limit=70))
    assert cut.count("$") in (0, 2) and cut.endswith("…")
    (found,) = split_document("**How is my_var_name * 2 computed?**\n\nBy the interpreter.\n").questions
    assert found.title == "How is my_var_name \\* 2 computed?"


def test_remote_images_are_left_as_they_are_with_a_warning(tmp_path: Path):
    source = tmp_path / "plots.md"
    source.write_text("## 1. What does this plot show?\n\n![Loss curve](https://example.org/loss.png)\n\nThe loss falls.\n")
    result = guidegen(tmp_path, "import", str(source), "--project", "new")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("plots.md:3: warning: image 'https://example.org/loss.png'")
    (_, _, answer), = questions(tmp_path / "new")
    assert answer.startswith("![Loss curve](https://example.org/loss.png)")


@pytest.mark.tex
def test_download_images_fetches_each_remote_image_once(tmp_path: Path):
    """Against a server on 127.0.0.1: each address is fetched once into figures/, the
    questions point at the copy, the project builds, and a second import fetches nothing."""
    import http.server
    import threading

    served: list[str] = []
    png = subprocess.run([sys.executable, "-c", (
        "import io, sys, matplotlib; matplotlib.use('Agg'); from matplotlib.figure import Figure\n"
        "fig = Figure(figsize=(2, 1.5)); fig.subplots().plot([0, 1]); b = io.BytesIO(); fig.savefig(b, format='png', dpi=60)\n"
        "sys.stdout.buffer.write(b.getvalue())")], capture_output=True, check=True).stdout

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            served.append(self.path)
            if self.path == "/plots/loss.png":
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(png)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        notes = tmp_path / "notes.md"
        notes.write_text(f"# Notes\n\n## What is shown?\n\n![A plot]({base}/plots/loss.png)\n\n**Answer:**\n\n"
                         f"The same plot again: <img src=\"{base}/plots/loss.png\" alt=\"again\">\n")
        project = tmp_path / "p"
        project.mkdir()
        result = guidegen(tmp_path, "import", str(notes), "--project", str(project), "--download-images")
        assert result.returncode == 0, result.stderr
        assert served == ["/plots/loss.png"]
        copies = list((project / "figures").glob("loss-*.png"))
        assert len(copies) == 1 and copies[0].read_bytes() == png
        text = next((project / "content").rglob("*.md")).read_text()
        assert f"![A plot](figures/{copies[0].name})" in text and f'src="figures/{copies[0].name}"' in text
        built = guidegen(tmp_path, "build", "--project", str(project), "-q")
        assert built.returncode == 0, built.stderr
        again = guidegen(tmp_path, "import", str(notes), "--project", str(project), "--download-images", "--force")
        assert again.returncode == 0, again.stderr
        assert served == ["/plots/loss.png"]  # already there: not fetched again
        # An address that fails is tried once, however many times the document uses it.
        notes.write_text(f"# Notes\n\n## What is missing?\n\n![Gone]({base}/gone.png)\n\n**Answer:**\n\nNothing.\n\n"
                         f"## What is still missing?\n\n![Gone]({base}/gone.png)\n\n**Answer:**\n\nStill nothing.\n")
        missing = guidegen(tmp_path, "import", str(notes), "--project", str(tmp_path / "q"), "--download-images")
        assert missing.returncode == 0 and "Traceback" not in missing.stderr
        assert f"notes.md:3: warning: could not download the image {base}/gone.png: Not Found" in missing.stderr
        assert (tmp_path / "q" / "content").is_dir()  # the question is imported, its image left remote
        assert served.count("/gone.png") == 1
    finally:
        server.shutdown()


def test_dry_run_prints_the_split_and_writes_nothing(tmp_path: Path):
    result = guidegen(tmp_path, "import", str(SHAPES / "sections.md"), "--project", "new", "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Found 6 questions in " + str(SHAPES / "sections.md") + ":",
                         "     3  Statistics (topic statistics)"]
    header = next(line for line in lines if line.split()[:3] == ["#", "line", "title"])
    assert header.split() == ["#", "line", "title", "question", "answer", "shape"]
    assert any(line.split()[:2] == ["1", line.split()[1]] and "What is a p-value?" in line for line in lines)
    assert "Would write 6 files" in result.stdout and lines[-1] == "Dry run: nothing was written."
    assert not (tmp_path / "new").exists()


def test_importing_again_updates_the_same_files_and_reports_a_removed_question(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("## 1. What is bias?\n\nError from wrong assumptions.\n\n## 2. What is variance?\n\nSensitivity to the sample.\n")
    assert guidegen(tmp_path, "import", str(source), "--topic", "ml").returncode == 0
    source.write_text("## 1. What is bias?\n\nError from wrong assumptions, now longer.\n\n## 2. What is a kernel?\n\nAn inner product.\n")
    again = guidegen(tmp_path, "import", str(source), "--topic", "ml")
    assert again.returncode == 0, again.stderr
    names = sorted(p.name for p in (tmp_path / "content" / "ml").glob("*.md"))
    assert names == ["what-is-a-kernel.md", "what-is-bias.md", "what-is-variance.md"]  # no what-is-bias-2.md
    assert "now longer" in (tmp_path / "content" / "ml" / "what-is-bias.md").read_text()
    assert "what-is-variance.md: its question is no longer in" in again.stderr
    assert "1 of them updating an earlier import" in again.stdout
    assert guidegen(tmp_path, "check").returncode == 0


def test_front_matter_is_skipped_and_its_title_names_the_guide(tmp_path: Path):
    source = tmp_path / "post.md"
    source.write_text("---\ntitle: 'Problem Set 1'\n# hide:\n#   - toc\ntags:\n  - interview\n---\n\n"
                      "## 1. What is a prior?\n\nWhat we believe before the data.\n")
    result = guidegen(tmp_path, "import", str(source), "--project", "new")
    assert result.returncode == 0, result.stderr
    assert "Not placed" not in result.stdout and "hide" not in result.stderr
    assert yaml.safe_load((tmp_path / "new" / "content" / "guide.yaml").read_text())["title"] == "Problem Set 1"
    assert [q[0]["title"] for q in questions(tmp_path / "new")] == ["What is a prior?"]


def test_a_numbered_stem_of_roman_sub_questions_goes_before_each_of_them(tmp_path: Path):
    """"8. Given A and b" then "i. [M] Find x ..." (sub-items not indented under it, so
    Markdown ends the list): the stem is no question of its own, and does not end the
    answer before it; each sub-question starts with it."""
    source = tmp_path / "notes.md"
    source.write_text(
        "1. [E] What is a matrix?\n\nAns. A table of numbers.\n\n"
        "2. Given $A$ and $b$\n\n i. [M] Find $x$ such that $Ax = b$.\n\nAns. Solve it.\n\n"
        "ii. [E] When is it unique?\n\nAns. When $A$ is invertible.\n\n"
        "3. Derivatives are everywhere.\n\ni. [E] What is a derivative?\n\nAns. A rate of change.\n")
    result = guidegen(tmp_path, "import", str(source), "--project", "new")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    found = questions(tmp_path / "new")
    assert [meta["title"] for meta, _, _ in found] == ["What is a matrix?", "Find $x$ such that $Ax = b$.",
                                                       "When is it unique?", "What is a derivative?"]
    assert [question.split("\n\n")[0] for _, question, _ in found[1:]] == [
        "Given $A$ and $b$", "Given $A$ and $b$", "Derivatives are everywhere."]
    assert found[2][2].strip() == "When $A$ is invertible."  # the next stem is not in this answer
