"""Shared fixtures and helpers.

- `bank`: a copy of the repository's ML bank (content and figures) to build from.
- `make_project(root, questions, guide_yaml)`: write a project folder.
- `guidegen(cwd, *args)`: run the command line in this process (click's CliRunner), as
  a user would run it in `cwd`: exit code, stdout and stderr (with the traceback, should
  one escape). `guidegen_process(cwd, *args)`: the real `python -m guidegen` in a
  subprocess, for the few tests about the process itself (signals, a terminal, imports,
  the entry point); they are the smoke tests that the installed command starts.
- `build_once(project, *args)` / `built(project, *args)`: build a project ONCE per test
  session, shared by every pytest-xdist worker (a cache folder next to the workers' base
  temp folders, guarded by an fcntl lock and keyed by the project's files and the
  arguments); later calls with the same files and arguments reuse that build.
- `pdf_text(path)`: the text a reader sees, whitespace collapsed; `squash(text)`: no
  whitespace at all, for matching across pypdf's odd spacing.
- `multi_project`: a synthetic bank of six questions over three topics (`MULTI`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]

# guidegen keeps drawn figures and its cache secret in the user's cache folder. Each test
# run gets a fresh one, shared by its xdist workers (figures drawn by one test serve the
# others), so no run depends on what an earlier run or the developer left there.
if "GUIDEGEN_TEST_XDG" not in os.environ:
    import uuid

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
    os.environ["GUIDEGEN_TEST_XDG"] = os.environ["XDG_CACHE_HOME"] = f"/tmp/guidegen-tests-{run}"



@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(items) -> None:
    """A test that uses a module-scoped fixture runs on the same xdist worker as the rest of
    its file (an xdist_group named after the module): under --dist loadgroup the tests of
    a file are otherwise spread over the workers, and each worker would build the
    module's fixture again (a minute of TeX for some)."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None or item.get_closest_marker("xdist_group") is not None:
            continue
        shared = [getattr(defs[-1].func, "xdist_group", None) for defs in info.name2fixturedefs.values() if defs]
        if any(shared):
            item.add_marker(pytest.mark.xdist_group(next(group for group in shared if group)))
        elif any(defs and defs[-1].scope == "module" for defs in info.name2fixturedefs.values()):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def shared_build(group: str):
    """Put under a module fixture that reads a build other files share (build_once of the
    same project): every test using it, in whatever file, runs on one xdist worker, so no
    worker waits on the build's lock while another makes it."""

    def mark(fixture):
        fixture.xdist_group = group
        return fixture

    return mark


def pytest_collection_finish(session) -> None:
    """Under --dist loadgroup, a worker whose grouped tests lost their group (xdist marks a
    group by renaming the test's node id, which pytest 9.2 no longer lets it do:
    pytest-xdist issue 1386) stops the run rather than build each module's fixtures twice."""
    if session.config.getoption("loadgroup", False) and os.environ.get("PYTEST_XDIST_WORKER"):
        lost = [item.nodeid for item in session.items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
        if lost:
            raise pytest.UsageError(f"xdist groups are ignored by this pytest (pytest-xdist issue 1386): {lost[0]}")

@pytest.fixture(scope="module")
def bank(tmp_path_factory, bank_pdfs: Path) -> Path:
    """A copy of the repository's ML bank (content and figures) to build from, so that
    tests never write into the source tree. Its figures are drawn already as PDFs
    (bank_pdfs): a build of it copies them from the user cache. A test that exports it
    asks for bank_svgs too."""
    project = tmp_path_factory.mktemp("bank")
    for folder in ("content", "figures"):
        shutil.copytree(REPO / folder, project / folder)
    return project


# -- running the tool -----------------------------------------------------------------------

def guidegen_process(cwd: Path, *args: str, timeout: float = 300, env: dict[str, str] | None = None,
                     python_flags: tuple[str, ...] = (), **popen) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it, in `cwd`, in its own process (`popen`:
    more of subprocess.run's arguments, such as a preexec_fn that sets a limit)."""
    return subprocess.run([sys.executable, *python_flags, "-m", "guidegen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env, **popen)


def guidegen(cwd: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None,
             timeout: float | None = None) -> subprocess.CompletedProcess:
    """The command line run in this process, in `cwd`, with the environment `env` (the
    whole environment, as subprocess takes it) for the run: what a user would see from
    `guidegen *args` (exit code, stdout, stderr), at a fraction of a process's start-up.
    An exception that escapes the command is a traceback on stderr and exit code 1, as
    it would be in a process. `timeout` is accepted for the callers' sake and not enforced.
    A run with another HOME or XDG_CACHE_HOME (another user's cache) is a process."""
    import traceback

    from click.testing import CliRunner

    from guidegen.cli import main

    if env is not None and any(env.get(name) != os.environ.get(name) for name in ("HOME", "XDG_CACHE_HOME")):
        # Another user's cache: its secret is read once per process, so this is a process.
        return guidegen_process(cwd, *args, env=env)
    changes: dict[str, str | None] | None = None
    if env is not None:
        changes = {name: None for name in os.environ if name not in env}
        changes.update({name: value for name, value in env.items() if os.environ.get(name) != value})
    here = os.getcwd()
    logger = logging.getLogger("guidegen")  # the command sets where its progress goes: put it back after
    kept = (logger.handlers[:], logger.level, logger.propagate)
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), prog_name="guidegen", env=changes, input=input, catch_exceptions=True)
    finally:
        os.chdir(here)
        logger.handlers[:], logger.propagate = kept[0], kept[2]
        logger.setLevel(kept[1])
    stderr = result.stderr
    if result.exc_info is not None and not issubclass(result.exc_info[0], SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(["guidegen", *args], result.exit_code, result.stdout, stderr)


def make_project(root: Path, questions: dict[str, str | bytes], guide_yaml: str | None) -> Path:
    """Write a project: content/guide.yaml (unless None) and content/<name> for each
    question file (text is written as UTF-8, bytes as they are)."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    if guide_yaml is not None:
        (content / "guide.yaml").write_text(guide_yaml, "utf-8")
    for name, data in questions.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def question_file(id: str, title: str, topics: str, difficulty: str, question: str, answer: str, extra: str = "") -> str:
    return (f"---\nid: {id}\ntitle: \"{title}\"\ntopics: {topics}\ndifficulty: {difficulty}\n{extra}---\n"
            f"{question}\n\n## Answer\n\n{answer}\n")


# -- one shared build per project and arguments ----------------------------------------------

@dataclass(frozen=True)
class Built:
    project: Path  # the cached copy of the project that was built
    out: Path  # its output folder
    returncode: int
    stdout: str
    stderr: str


def _fingerprint(project: Path, args: tuple[str, ...]) -> str:
    digest = hashlib.sha256(repr(args).encode())
    for path in sorted(p for p in project.rglob("*") if p.is_file() and "build" not in p.relative_to(project).parts[:1]):
        digest.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory) -> Path:
    """A folder every xdist worker of this session shares (the parent of the workers'
    base temp folders; without xdist, of the session's own)."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's base is <session>/popen-gwN; without it, the base is the
    # session folder itself (its parent would outlive the session and serve stale builds).
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "guidegen-build-cache"
    root.mkdir(exist_ok=True)
    return root


@pytest.fixture(scope="session")
def build_once(build_cache: Path):
    """build_once(project, *args) -> Built: `guidegen build --project . *args` run in a
    copy of `project`, once per session for the same files and arguments."""

    def run(project: Path, *args: str) -> Built:
        key = _fingerprint(project, args)
        slot = build_cache / key
        with open(build_cache / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                record = slot / "result.json"
                if not record.is_file():
                    shutil.rmtree(slot, ignore_errors=True)
                    copy = slot / "project"
                    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build"))
                    result = guidegen(copy, "build", "--project", ".", *args)
                    record.write_text(json.dumps({"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}))
                data = json.loads(record.read_text())
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        out = slot / "project" / "build"
        if "--out" in args:
            out = (slot / "project" / args[args.index("--out") + 1]).resolve()
        return Built(slot / "project", out, data["returncode"], data["stdout"], data["stderr"])

    return run


@pytest.fixture(scope="session")
def built(build_once):
    """built(project, *args) -> the output folder of a successful shared build."""

    def run(project: Path, *args: str) -> Path:
        result = build_once(project, *args)
        assert result.returncode == 0, f"guidegen build {' '.join(args)} failed:\n{result.stderr}"
        return result.out

    return run


@pytest.fixture(scope="session")
def bank_pdfs(build_cache: Path) -> Path:
    """The folder of the bank's figures as the guide prints them (<script stem>.pdf)."""
    return _bank_drawings(build_cache, ".pdf")


@pytest.fixture(scope="session")
def bank_svgs(build_cache: Path) -> Path:
    """The folder of the bank's figures as the page, Anki and the platforms show them (<script stem>.svg)."""
    return _bank_drawings(build_cache, ".svg")


def _bank_drawings(build_cache: Path, suffix: str) -> Path:
    """The bank's figures in one format, drawn once per session by guidegen's own figure
    workers, which also put each in the user cache the session's xdist workers share: no
    build of the bank draws them again, and no two workers draw them at once. One format
    at a time: a test that reads SVGs (the page, the exports) waits for no PDF."""
    from guidegen import cache
    from guidegen.figures.draw import draw_all, plan

    drawn = build_cache / f"bank-figures{suffix}"
    with open(build_cache / f"bank-figures{suffix}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (drawn / "done").is_file():
                store = cache.Cache(None)
                scripts = sorted((REPO / "figures").glob("*.py"))
                draw_all(plan([(script, drawn / f"{script.stem}{suffix}") for script in scripts], store), store)
                (drawn / "done").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return drawn


# -- reading PDFs ----------------------------------------------------------------------------

def drawing_operations(page):
    """Each drawing operator of a PDF page (pypdf) with its operands and the transform in
    force (a, b, c, d, e, f), following q, Q and cm: where a rule or a picture lands."""
    from pypdf.generic import ContentStream

    ctm, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            a, b, c, d, e, f = (float(x) for x in operands)
            ctm = [a * ctm[0] + b * ctm[2], a * ctm[1] + b * ctm[3], c * ctm[0] + d * ctm[2], c * ctm[1] + d * ctm[3],
                   e * ctm[0] + f * ctm[2] + ctm[4], e * ctm[1] + f * ctm[3] + ctm[5]]
        else:
            yield operands, op, ctm


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, whitespace collapsed to single spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    """The whole PDF's text as a reader sees it, whitespace collapsed to single spaces."""
    return " ".join(pdf_pages(path))


def squash(text: str) -> str:
    """Text without any whitespace: pypdf sometimes splits or joins words."""
    return "".join(text.split())


def pdftotext(path: Path, layout: bool = True) -> str:
    """poppler's reading of the PDF, whitespace collapsed."""
    result = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


# -- the synthetic multi-topic bank ----------------------------------------------------------

MULTI_GUIDE = """\
title: Synthetic Test Guide
subtitle: Six questions, three topics
author: The test suite
topics:
  - slug: alpha
    name: Alpha Topic
  - slug: beta
    name: Beta Topic
  - slug: gamma
    name: Gamma Topic
"""

NUMBER_WORDS = ["one", "two", "three", "four", "five", "six"]
ANIMALS = ["aardvark", "buffalo", "zebra", "dolphin", "elephant", "flamingo"]
# (id, title, topic, difficulty); in guide order: alpha, beta, gamma sections, by `order`.
MULTI_QUESTIONS = [
    ("q-one", "Question Aardvark One", "alpha", "easy"),
    ("q-two", "Question Buffalo Two", "alpha", "medium"),
    ("q-three", "Question Zebra Three", "beta", "hard"),
    ("q-four", "Question Dolphin Four", "beta", "easy"),
    ("q-five", "Question Elephant Five", "gamma", "medium"),
    ("q-six", "Question Flamingo Six", "gamma", "hard"),
]


def multi_answer(index: int) -> str:
    return f"The {ANIMALS[index]} answer for question {NUMBER_WORDS[index]}."


def multi_prompt(index: int) -> str:
    return f"What is the {ANIMALS[index]} prompt number {NUMBER_WORDS[index]}?"


@pytest.fixture(scope="session")
def multi_project(tmp_path_factory) -> Path:
    questions = {}
    for index, (qid, title, topic, difficulty) in enumerate(MULTI_QUESTIONS):
        # Files are named so that path order differs from guide order: `order` decides.
        questions[f"{topic}/{9 - index}-{qid}.md"] = question_file(
            qid, title, f"[{topic}]", difficulty, multi_prompt(index), multi_answer(index), extra=f"order: {index}\n")
    return make_project(tmp_path_factory.mktemp("multi"), questions, MULTI_GUIDE)
