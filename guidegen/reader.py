"""Read the question files under content/ into Question records, reporting every problem."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from guidegen.errors import Problem, display_path, problem
from guidegen.model import ANSWER_SPACE_KINDS, DIFFICULTIES, AnswerSpace, Guide, Question
from guidegen.schema import Fields, check_keys, load_mapping

QUESTION_KEYS = ("id", "title", "topics", "difficulty", "tags", "order", "answer_space", "answer_height")
REQUIRED_KEYS = ("id", "title", "topics", "difficulty")
MAX_FILE_BYTES = 1_000_000  # a question is a page or two; anything bigger is a mistake
ANSWER_HEADING = re.compile(r"^##\s+Answer\s*:?\s*$", re.IGNORECASE)
FENCE = re.compile(r"^---\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def content_files(project: Path) -> list[Path]:
    """Every question file, in a stable order."""
    return sorted((project / "content").rglob("*.md"))


def read_questions(project: Path, guide: Guide | None, problems: list[Problem], cache: dict | None = None) -> list[Question]:
    """Parse every content file; cross-file checks (ids, topics) included. `cache` maps a
    key of a file's bytes and the guide settings to what reading it gave last time."""
    questions: list[Question] = []
    files = content_files(project)
    if not files:
        problems.append(problem(project / "content", 1, "no question files: add content/**/*.md files"))
    context = repr((guide, os.getcwd())).encode()  # messages name files relative to the cwd
    for path in files:
        if cache is None:
            question = read_question(path, guide, problems)
        else:
            import hashlib

            key = hashlib.sha256(context + str(path).encode() + b"\0" + path.read_bytes()).hexdigest()
            if key not in cache:
                found: list[Problem] = []
                cache[key] = (read_question(path, guide, found), found)
            question, found = cache[key]
            problems.extend(found)
        if question is not None:
            questions.append(question)
    first_seen: dict[str, Question] = {}
    for q in questions:
        if q.id in first_seen:
            other = first_seen[q.id]
            problems.append(problem(q.path, q.id_line, f"duplicate id '{q.id}' (also used by {display_path(other.path)}); ids must be unique"))
        else:
            first_seen[q.id] = q
    return questions


def _decode(path: Path, problems: list[Problem]) -> str | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(problem(path, 1, f"file is too large ({size / 1e6:.1f} MB; a question file may be at most {MAX_FILE_BYTES / 1e6:.0f} MB)"))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(problem(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"))
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.append(problem(path, 1, "empty file: a question file needs front matter, a question and '## Answer'"))
        return None
    bad = False
    # Control characters anywhere, and private-use or unassigned code points; only the
    # rare non-ASCII characters need a category look-up.
    suspects = set(_CONTROL.findall(text)) | {c for c in set(text) if c > "\x7f" and unicodedata.category(c) in ("Cc", "Co", "Cn")}
    for char in sorted(suspects):
        index = text.index(char)
        number = text.count("\n", 0, index) + 1
        problems.append(problem(path, number, f"control or unassigned character U+{ord(char):04X} in the text; remove it"))
        bad = True
    return None if bad else text


def read_question(path: Path, guide: Guide | None, problems: list[Problem]) -> Question | None:
    text = _decode(path, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not FENCE.match(lines[0]):
        problems.append(problem(path, 1, "missing front matter: the file must start with a line '---', then id, title, topics, difficulty, then '---'"))
        return None
    end = next((i for i in range(1, len(lines)) if FENCE.match(lines[i]) or lines[i].strip() == "..."), None)
    if end is None:
        problems.append(problem(path, 1, "front matter is not closed: add a line '---' after the metadata"))
        return None
    before = len(problems)
    m = load_mapping("\n".join(lines[1:end]), path, 2, problems)
    if m is None:
        return None
    check_keys(m, path, QUESTION_KEYS, REQUIRED_KEYS, problems)
    f = Fields(m, path, problems)
    qid = f.slug("id", "question id")
    title = f.text("title")
    topics = f.slug_list("topics")
    if topics == () and "topics" in m.data:
        problems.append(problem(path, m.line_of("topics"), "'topics' is empty: name at least one topic"))
    if guide is not None and topics:
        declared = [t.slug for t in guide.topics]
        for slug in topics:
            if slug not in declared:
                problems.append(problem(path, m.line_of("topics"), f"unknown topic '{slug}' (declared in {display_path(guide.path)}: {', '.join(declared)})"))
    difficulty = f.choice("difficulty", DIFFICULTIES)
    tags = f.slug_list("tags")
    order = f.integer("order")
    space_kind = f.choice("answer_space", ANSWER_SPACE_KINDS)
    space_height = f.length_cm("answer_height")

    body = lines[end + 1 :]
    body_line = end + 2  # file line of body[0]
    split = next((i for i, line in enumerate(body) if ANSWER_HEADING.match(line)), None)
    if split is None:
        problems.append(problem(path, body_line, "no '## Answer' line: put the model answer after a line '## Answer'"))
        return None
    question_md = "\n".join(body[:split])
    answer_md = "\n".join(body[split + 1 :])
    if not question_md.strip():
        problems.append(problem(path, body_line, "the question is empty: write it between the front matter and '## Answer'"))
    if not answer_md.strip():
        problems.append(problem(path, body_line + split, "the answer is empty: write the model answer after '## Answer'"))
    if len(problems) != before or not (qid and title and topics and difficulty):
        return None
    answer_space = None
    if space_kind or space_height is not None:
        answer_space = AnswerSpace(kind=space_kind or "lines", height_cm=space_height if space_height is not None else AnswerSpace().height_cm)
    return Question(
        id=qid,
        title=title,
        topics=topics,
        difficulty=difficulty,
        question_md=question_md,
        answer_md=answer_md,
        path=path,
        question_line=body_line,
        answer_line=body_line + split + 1,
        tags=tags or (),
        order=order,
        answer_space=answer_space,
        id_line=m.line_of("id"),
    )
