"""Load the bank: read and validate every file, convert every question to LaTeX.

Reading and converting are cached in the build folder, keyed to each file's bytes, the
guide settings, the figure scripts that exist, the working directory (messages name
files relative to it) and this code, so an unchanged question costs a hash.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.convert import convert, convert_inline
from guidegen.errors import ContentError, Problem
from guidegen.model import Bank
from guidegen.reader import read_questions
from guidegen.render import Typeset
from guidegen.settings import load_guide
from guidegen.texescape import plain_text


@dataclass
class Checked:
    """The validated bank with every question already converted to LaTeX."""

    bank: Bank
    typeset: dict[str, Typeset] = field(default_factory=dict)
    figures: dict[str, list[str]] = field(default_factory=dict)  # question id -> figure scripts


def load(project: Path, cache: Path | None = None) -> Checked:
    """Read and validate the whole bank, converting every question; raise ContentError.
    `cache` (a file in the build folder) keeps conversions of unchanged questions."""
    project = project.resolve()
    problems: list[Problem] = []
    guide = load_guide(project, problems)
    stored = _read_cache(cache)
    questions = read_questions(project, guide, problems, stored.get("read") if cache else None)
    typeset: dict[str, Typeset] = {}
    figures: dict[str, list[str]] = {}
    for qid, text, scripts, found in _convert_cached(questions, project / "figures", stored.get("convert") if cache else None):
        typeset[qid], figures[qid] = text, scripts
        problems.extend(found)
    _write_cache(cache, stored)
    if problems or guide is None:
        raise ContentError(problems)
    return Checked(Bank(guide, tuple(questions), project), typeset, figures)


def _convert(question, figure_dir: Path):
    """One question's title, question and answer in LaTeX, its figures and problems."""
    q = question
    title = convert_inline(q.title, q.path, 2)
    body = convert(q.question_md, q.path, q.question_line, figure_dir)
    answer = convert(q.answer_md, q.path, q.answer_line, figure_dir)
    text = Typeset(title.latex, plain_text(q.title.replace("$", "")), body.latex, answer.latex)
    return q.id, text, [f.script for f in body.figures + answer.figures], title.problems + body.problems + answer.problems


def _read_cache(cache: Path | None) -> dict:
    """What earlier builds into this folder read and converted (empty if unusable)."""
    import pickle

    try:
        stored = pickle.loads(cache.read_bytes()) if cache else {}
        if stored.get("version") != _code_version():
            stored = {}
    except Exception:  # noqa: BLE001 - a missing or unreadable cache is only a slower build
        stored = {}
    return {"version": _code_version(), "read": stored.get("read", {}), "convert": stored.get("convert", {}), "size": len(stored.get("convert", {})) + len(stored.get("read", {}))}


def _write_cache(cache: Path | None, stored: dict) -> None:
    import pickle

    if cache is None or len(stored["read"]) + len(stored["convert"]) == stored["size"]:
        return  # nothing new
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(".part")
    keep = {"version": stored["version"], "read": stored["read"], "convert": stored["convert"]}
    partial.write_bytes(pickle.dumps(keep, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, cache)


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the code whose results are cached: a new guidegen never reuses old ones."""
    digest = hashlib.sha256()
    for module in ("reader.py", "schema.py", "model.py", "convert.py", "mathcheck.py", "texescape.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def _convert_cached(questions, figure_dir: Path, stored: dict | None) -> list:
    """Conversions of unchanged questions come from `stored`; the rest are converted. The
    key covers the question's text and place and the figure scripts that exist."""
    if stored is None:
        return _convert_all(questions, figure_dir)
    scripts = "\0".join(sorted(p.name for p in figure_dir.glob("*.py"))) if figure_dir.is_dir() else ""
    keys = [hashlib.sha256(repr((scripts, os.getcwd(), q.id, q.title, q.question_md, q.answer_md, str(q.path), q.question_line,
                                 q.answer_line)).encode()).hexdigest() for q in questions]
    missing = [q for q, key in zip(questions, keys) if key not in stored]
    stored.update(zip((k for k in keys if k not in stored), _convert_all(missing, figure_dir)))
    return [stored[key] for key in keys]


def _convert_all(questions, figure_dir: Path) -> list:
    """Convert every question; a large bank is split over the cores (forked workers
    inherit the loaded parser, so they start at once)."""
    work = functools.partial(_convert, figure_dir=figure_dir)
    cores = os.cpu_count() or 1
    if len(questions) < 200 or cores < 2 or "fork" not in __import__("multiprocessing").get_all_start_methods():
        return [work(q) for q in questions]
    import multiprocessing

    convert("", Path("."), 1)  # load the Markdown parser before forking
    with multiprocessing.get_context("fork").Pool(min(cores, 4)) as pool:
        return pool.map(work, questions, chunksize=max(1, len(questions) // (4 * cores)))
