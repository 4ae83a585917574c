"""The command line as the manual shows it: the minimal project, help with examples,
list, check, quiet builds, and what a build reports."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import guidegen  # in this process; in_terminal below starts the real command

CONTENT_FORMAT = (Path(__file__).resolve().parents[1] / "docs" / "content-format.md").read_text("utf-8")


def readme_block(after: str, lang: str) -> str:
    """The first ```lang block after the heading or sentence `after` in the manual's content format page."""
    start = CONTENT_FORMAT.index(after)
    match = re.search(rf"```{lang}\n(.*?)```", CONTENT_FORMAT[start:], re.DOTALL)
    return match.group(1)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Path:
    """The manual's own example (docs/content-format.md): guide.yaml and the example question (its figure line
    dropped: this project has no figures/ folder)."""
    project = tmp_path_factory.mktemp("minimal")
    (project / "content" / "evaluation").mkdir(parents=True)
    guide = readme_block("## Guide settings: `content/guide.yaml`", "yaml")
    example = readme_block("## Question files", "markdown")
    (project / "content" / "guide.yaml").write_text(guide)
    (project / "content" / "evaluation" / "f1-harmonic-mean.md").write_text(
        "\n".join(line for line in example.splitlines() if not line.startswith("![")) + "\n"
    )
    return project


@pytest.mark.tex
def test_readme_example_builds_and_reports_what_it_wrote(minimal: Path):
    result = guidegen(minimal, "build")
    assert result.returncode == 0, result.stderr
    assert "Compiling" in result.stderr
    lines = result.stdout.splitlines()
    count = len(PdfReader(minimal / "build" / "guide-questions.pdf").pages)
    assert lines[0] == f"Wrote build/guide-questions.pdf ({count} page{'s' if count != 1 else ''})"
    assert lines[1].startswith("Wrote build/guide-answers.pdf (")
    key = " ".join(p.extract_text() for p in PdfReader(minimal / "build" / "guide-answers.pdf").pages)
    assert "F1 Score: Harmonic Mean" in key and "dominated by the smaller of the two numbers" in " ".join(key.split())
    page = PdfReader(minimal / "build" / "guide-questions.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


@pytest.mark.tex
def test_quiet_build_prints_nothing(minimal: Path):
    (minimal / "content" / "evaluation" / "f1-harmonic-mean.md").write_text(
        (minimal / "content" / "evaluation" / "f1-harmonic-mean.md").read_text().replace("smaller", "smaller (weaker)"))
    result = guidegen(minimal, "build", "-q")
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""


def test_list_and_check(minimal: Path):
    listed = guidegen(minimal, "list")
    assert listed.returncode == 0
    assert listed.stdout.split() == ["f1-harmonic-mean", "evaluation", "easy", "F1", "Score:", "Harmonic", "Mean"]
    checked = guidegen(minimal, "check")
    assert checked.returncode == 0 and checked.stdout.startswith("OK: 1 question")


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["list"], ["import"]])
def test_help_has_an_example(command: list[str], tmp_path: Path):
    result = guidegen(tmp_path, *command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout
    assert re.search(r"^\s+guidegen ", result.stdout, re.MULTILINE)


@pytest.mark.tex
def test_project_option_and_out_folder(minimal: Path, tmp_path: Path):
    result = guidegen(tmp_path, "build", "--project", str(minimal), "--out", "elsewhere", "--topic", "evaluation", "-q")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "elsewhere").glob("*.pdf")) == ["evaluation-answers.pdf", "evaluation-questions.pdf"]


# -- finding the project -----------------------------------------------------------------------

from conftest import MULTI_GUIDE, make_project, question_file  # noqa: E402


def test_commands_find_the_project_from_a_sub_folder(multi_project: Path):
    listed = guidegen(multi_project / "content" / "alpha", "list")
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["q-one", "q-two", "q-three", "q-four", "q-five", "q-six"]
    checked = guidegen(multi_project / "content", "check")
    assert checked.returncode == 0 and checked.stdout.startswith("OK: 6 questions"), checked.stderr


@pytest.mark.parametrize("where, args, says", [
    ("", ["check"], "Error: not a guidegen project (no content/guide.yaml here or above); create one with: guidegen new DIR"),
    ("", ["build", "--project", "missing"], "Error: missing: no such folder, so not a guidegen project; create one with: guidegen new missing"),
    ("", ["list", "--project", "empty"], "Error: empty is not a guidegen project (no content/guide.yaml in it); create one with: guidegen new empty"),
    ("", ["build", "--project", "mine/content"], "Error: mine/content is not a guidegen project (no content/guide.yaml in it); "
                                                 "it is inside the project 'mine': use --project mine"),
    ("empty", ["anki"], "Error: not a guidegen project (no content/guide.yaml here or above)"),
])
def test_outside_a_project_a_command_says_so(tmp_path: Path, where: str, args: list[str], says: str):
    (tmp_path / "empty").mkdir()
    make_project(tmp_path / "mine", {"q.md": question_file("q", "Q", "[alpha]", "easy", "Why?", "Because.")}, MULTI_GUIDE)
    result = guidegen(tmp_path / where, *args)
    assert result.returncode == 1
    assert result.stderr.startswith(says), result.stderr
    assert "missing guide settings" not in result.stderr and "Traceback" not in result.stderr


# -- progress on a terminal --------------------------------------------------------------------

def in_terminal(cwd: Path, *args: str, timeout: float = 300) -> tuple[int, str]:
    """The real command line with a terminal (a pty) as its stdin, stdout and stderr:
    its exit status, and what the terminal received, escapes included."""
    import os
    import pty
    import select
    import time

    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "guidegen", *args], cwd=cwd, stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    received = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([controller], [], [], 0.5)[0]:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:  # EIO: the command ended and closed the terminal
                    break
                if not chunk:
                    break
                received += chunk
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
    return process.wait(), received.decode("utf-8", "replace")


def test_counts_show_on_a_terminal_and_not_through_a_pipe(multi_project: Path, tmp_path: Path):
    # A copy: `check` gives the report of a bank it checked before again without counting.
    shutil.copytree(multi_project, tmp_path / "multi")
    multi_project = tmp_path / "multi"
    status, shown = in_terminal(multi_project, "check")
    assert status == 0, shown
    assert "converted 3/6 questions" in shown and "converted 6/6 questions" in shown
    assert "\x1b[2K" in shown.split("converted 6/6 questions", 1)[1]  # the bar is erased when done
    piped = guidegen(multi_project, "check")
    assert piped.returncode == 0
    assert "converted" not in piped.stdout + piped.stderr and "\r" not in piped.stdout + piped.stderr


@pytest.mark.tex
def test_a_build_on_a_terminal_counts_latex_passes(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[alpha]", "easy", "Why?", "Because.")}, MULTI_GUIDE)
    status, shown = in_terminal(project, "build")
    assert status == 0, shown
    assert "LaTeX pass 1: guide-answers, guide-questions" in shown
    assert "Compiling guide-answers.pdf and guide-questions.pdf..." in shown and "Wrote build/guide-answers.pdf" in shown
    piped = guidegen(project, "build", "--name", "piped")
    assert piped.returncode == 0, piped.stderr
    assert "Compiling piped-answers.pdf" in piped.stderr and "LaTeX pass" not in piped.stderr and "\r" not in piped.stderr


# -- defaults in guide.yaml ----------------------------------------------------------------------

def test_command_line_then_booklet_then_defaults(tmp_path: Path):
    from guidegen.requests import Options
    from guidegen.load import load
    from guidegen.model import BuildSettings, KeyMode

    guide = MULTI_GUIDE + ("paper: letter\ndefaults:\n  key: end\n  duplex: true\n  answer_space: box\n  versions: 2\n"
                           "booklets:\n  - name: wk\n    title: Week\n    topics: [alpha]\n    duplex: false\n    answer_height: 6cm\n")
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[alpha]", "easy", "Why?", "Because.")}, guide)
    bank = load(project)
    [plain] = Options().requests(bank)
    assert (plain.layout.paper, plain.layout.key, plain.layout.duplex, plain.versions) == ("letter", KeyMode.END, True, 2)
    assert (plain.layout.answer_space.kind, plain.layout.answer_space.height_cm, plain.layout.space_forced) == ("box", 4.0, True)
    [booklet] = Options(booklets=("wk",)).requests(bank)
    assert (booklet.layout.duplex, booklet.layout.key, booklet.layout.answer_space.height_cm) == (False, KeyMode.END, 6.0)
    [given] = Options(settings=BuildSettings(key="inline", duplex=True, paper="a4"), booklets=("wk",)).requests(bank)
    assert (given.layout.key, given.layout.duplex, given.layout.paper) == (KeyMode.INLINE, True, "a4")


def page_size(pdf: Path) -> tuple[int, int]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.mark.tex
def test_guide_yaml_defaults_and_the_environment(tmp_path: Path):
    import os

    guide = MULTI_GUIDE + "defaults:\n  paper: letter\n  answer_space: none\nbooklets:\n  - name: wk\n    title: Week\n    paper: a4\n"
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[alpha]", "easy", "Why?", "Because.")}, guide)
    sheet = project / "build" / "guide-questions.pdf"
    assert guidegen(project, "build", "-q").returncode == 0
    assert page_size(sheet) == (612, 792)
    assert guidegen(project, "build", "-q", "--paper", "A4").returncode == 0  # the command line wins; choices ignore case
    assert page_size(sheet) == (595, 842)
    assert guidegen(project, "build", "-q", "--booklet", "wk").returncode == 0  # the booklet's own entry
    assert page_size(project / "build" / "wk-questions.pdf") == (595, 842)
    (project / "content" / "guide.yaml").write_text(guide.replace("paper: letter", "paper: a4").replace("    paper: a4\n", "    paper: letter\n"))
    assert guidegen(project, "build", "-q").returncode == 0  # guide.yaml changed: not a no-op
    assert page_size(sheet) == (595, 842)
    env = dict(os.environ, GUIDEGEN_BUILD_PAPER="letter")
    result = guidegen(project, "build", env=env)
    assert result.returncode == 0, result.stderr
    assert "Nothing to do" not in result.stderr and page_size(sheet) == (612, 792)


def test_a_length_on_the_command_line_needs_its_unit(multi_project: Path, tmp_path: Path):
    result = guidegen(multi_project, "build", "--answer-height", "5")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'5' has no unit: write it as 5cm, 5mm or 5in (units: cm, mm, in, pt)" in result.stderr
    # In YAML, a bare number is still centimetres, as the content format documents.
    guide = MULTI_GUIDE + "defaults:\n  answer_height: 5\n"
    text = question_file("q", "Q", "[alpha]", "easy", "Why?", "Because.", extra="answer_height: 6\n")
    checked = guidegen(make_project(tmp_path, {"q.md": text}, guide), "check")
    assert checked.returncode == 0, checked.stderr


# -- shell completion ------------------------------------------------------------------------------

def complete(cwd: Path, line: str, shell: str = "bash") -> subprocess.CompletedProcess:
    """What the shell's completion script gets for `line` (completing its last word),
    through click's protocol: the same command, told by _GUIDEGEN_COMPLETE to complete."""
    import os

    words = line.split()
    index = len(words) if line.endswith(" ") else len(words) - 1
    env = dict(os.environ, _GUIDEGEN_COMPLETE=f"{shell}_complete", COMP_WORDS=line, COMP_CWORD=str(index))
    return guidegen(cwd, env=env)


def offered(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> Path:
    guide = MULTI_GUIDE + "booklets:\n  - name: week-1\n    title: Week one\n    topics: [alpha]\n  - name: mock\n    title: Mock exam\n"
    questions = {
        "a/one.md": question_file("first-question", "First", "[alpha]", "easy", "Why?", "Because.", extra="tags: [metrics, maths]\n"),
        "b/two.md": question_file("second-question", "Second", "[beta]", "hard", "How?", "So.", extra="tags: [margins]\npoints: 2\n"),
        "b/three.md": question_file("third", "Third", "[gamma]", "medium", "What?", "That.", extra="points: 1.5\n"),
    }
    return make_project(tmp_path_factory.mktemp("tagged"), questions, guide)


def test_completion_offers_the_projects_own_names(tagged: Path):
    assert offered(complete(tagged, "guidegen list --topic ")) == ["alpha", "beta", "gamma"]
    assert offered(complete(tagged, "guidegen build --tag ma")) == ["margins", "maths"]
    assert offered(complete(tagged, "guidegen build --exclude-id s")) == ["second-question"]
    assert offered(complete(tagged, "guidegen anki --booklet ")) == ["mock", "week-1"]
    assert offered(complete(tagged / "content" / "b", "guidegen build --booklet w")) == ["week-1"]
    assert offered(complete(tagged, "guidegen list --difficulty H")) == ["hard"]
    zsh = complete(tagged, "guidegen build --id f", shell="zsh").stdout.splitlines()
    assert zsh == ["plain", "first-question", "First"]  # zsh shows the title beside the id


def test_completion_never_fails_loudly(tmp_path: Path):
    broken = make_project(tmp_path / "broken", {
        "q.md": question_file("good-id", "Q", "[alpha]", "easy", "Why?", "Because."),
        "bad.md": b"---\nid: [unclosed\n---\n\xff\xfe",
        "alias.md": "---\nid: &a bomb\ntitle: *a\n---\n",
    }, "title: [unclosed\ntopics: {")
    assert offered(complete(broken, "guidegen build --topic ")) == []
    assert offered(complete(broken, "guidegen build --id ")) == ["good-id"]
    assert offered(complete(tmp_path, "guidegen build --topic ")) == []  # no project at all
    assert offered(complete(tmp_path, "guidegen build --project nowhere --booklet ")) == []


def test_choices_ignore_case(multi_project: Path):
    listed = guidegen(multi_project, "list", "--difficulty", "Hard")
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["q-three", "q-six"]


# -- list as data ------------------------------------------------------------------------------------

def test_list_as_json_and_csv(tagged: Path):
    import csv
    import io
    import json
    import os

    result = guidegen(tagged, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"id": "first-question", "title": "First", "topics": ["alpha"], "difficulty": "easy", "tags": ["metrics", "maths"],
         "points": None, "file": "content/a/one.md"},
        {"id": "third", "title": "Third", "topics": ["gamma"], "difficulty": "medium", "tags": [], "points": 1.5,
         "file": "content/b/three.md"},
        {"id": "second-question", "title": "Second", "topics": ["beta"], "difficulty": "hard", "tags": ["margins"],
         "points": 2, "file": "content/b/two.md"},
    ]  # in the order of the table: the bank's
    assert '"points": 2,' in result.stdout  # a whole number, not 2.0
    rows = list(csv.DictReader(io.StringIO(guidegen(tagged, "list", "--format", "csv", "--topic", "alpha").stdout)))
    assert rows == [{"id": "first-question", "title": "First", "topics": "alpha", "difficulty": "easy", "tags": "metrics,maths",
                     "points": "", "file": "content/a/one.md"}]
    env = dict(os.environ, GUIDEGEN_LIST_FORMAT="json")  # every option from the environment, click's way
    from_env = guidegen(tagged / "content", "list", "--tag", "margins", env=env)
    assert [q["id"] for q in json.loads(from_env.stdout)] == ["second-question"]


# -- help ----------------------------------------------------------------------------------------------

def test_help_is_not_cut_short_and_names_only_real_options(tmp_path: Path):
    summaries = guidegen(tmp_path, "--help").stdout.split("Commands:", 1)[1]
    assert len(summaries.splitlines()) >= 7 and "..." not in summaries
    for command in ("list", "anki"):
        assert "--versions" not in guidegen(tmp_path, command, "--help").stdout
    assert "orders the --versions" in guidegen(tmp_path, "build", "--help").stdout


# -- build --open ---------------------------------------------------------------------------------------

@pytest.mark.tex
def test_build_open_opens_the_key_or_says_why_not(multi_project: Path, build_once, tmp_path: Path):
    import os
    import time

    project = build_once(multi_project).project  # built already: the runs below are no-ops, needing no TeX on PATH

    def run(path: Path) -> subprocess.CompletedProcess:
        env = dict(os.environ, PATH=str(path))
        return guidegen(project, "build", "--open", env=env)

    (tmp_path / "nothing").mkdir()
    result = run(tmp_path / "nothing")
    assert result.returncode == 0 and result.stdout.startswith("Nothing to do"), result.stdout
    assert "--open: could not start a PDF viewer (xdg-open not found); open build/guide-answers.pdf yourself" in result.stderr
    viewer = tmp_path / "viewer" / "xdg-open"
    viewer.parent.mkdir()
    viewer.write_text(f"#!/bin/sh\necho \"$1\" > {tmp_path / 'opened'}\n")
    viewer.chmod(0o755)
    result = run(viewer.parent)
    assert result.returncode == 0 and "Opening build/guide-answers.pdf" in result.stdout, result.stderr
    deadline = time.monotonic() + 10
    while not (tmp_path / "opened").is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (tmp_path / "opened").read_text().strip() == str(project / "build" / "guide-answers.pdf")
