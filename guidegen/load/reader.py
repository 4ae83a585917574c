"""Read the question files under content/ into Question records, reporting every problem."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from guidegen.content.choices import answer_problems, letters_problem, split_options
from guidegen.content.cloze import has_blanks
from guidegen.content.parse import AnswerHeading, answer_heading, near_answer_headings
from guidegen.errors import Problem, display_path, errors_of, problem
from guidegen.model import ANSWER_SPACE_KINDS, DIFFICULTIES, AnswerSpace, Guide, Question, SpaceKind
from guidegen.paths import project_files, read_regular
from guidegen.load.schema import Fields, check_keys, load_mapping, to_nfc

NO_ANSWER = "no model answer yet: the question prints in the sheet, and the key says so; "
QUESTION_KEYS = ("id", "title", "topics", "difficulty", "tags", "order", "answer_space", "answer_height", "points", "shuffle",
                 "params", "compute", "require", "answer")
REQUIRED_KEYS = ("id", "title", "topics", "difficulty")
MAX_FILE_BYTES = 1_000_000  # a question is a page or two; anything bigger is a mistake
FENCE = re.compile(r"^---\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def content_files(project: Path, problems: list[Problem]) -> list[Path]:
    """Every question file, in a stable order (none from outside the project)."""
    return project_files(project / "content", project, (".md",), problems)


def read_questions(project: Path, guide: Guide | None, problems: list[Problem], cache=None) -> list[Question]:
    """Parse every content file; cross-file checks (ids, topics) included. `cache` (a
    cache.Cache) keeps what reading each file gave, keyed to its bytes and the guide."""
    files = content_files(project, problems)
    if not files and not problems:
        problems.append(problem(project / "content", 1, "no question files: add content/**/*.md files"))
    read: list[tuple[Question | None, list[Problem]]] = []
    data: dict[Path, bytes | None] = {}
    for path in files:
        try:
            data[path] = read_regular(path, MAX_FILE_BYTES, "a question file")
        except ValueError as exc:
            problems.append(problem(path, 1, str(exc)))
        except OSError as exc:
            problems.append(problem(path, 1, f"cannot read this file: {exc.strerror or exc}"))
    keys = {}
    if cache is not None:
        from guidegen import cache as caching
        from guidegen.modeljson import to_json

        context = repr(to_json(guide))
        keys = {path: caching.key("read", context, str(path), hashlib.sha256(raw).hexdigest()) for path, raw in data.items()}
        stored = cache.get_many(list(keys.values()))
    new = {}
    for path, raw in data.items():
        entry = _from_cache(stored.get(keys[path])) if keys else None
        if entry is None:
            found: list[Problem] = []
            entry = (read_question(path, raw, guide, found), found)
            if keys:
                new[keys[path]] = _to_cache(entry)
        read.append(entry)
    if new:
        cache.put_many(new)
    questions = []
    for question, found in read:
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


def _to_cache(entry) -> list:
    from guidegen.modeljson import to_json

    question, found = entry
    return [to_json(question), [to_json(p) for p in found]]


def _from_cache(stored):
    """(question or None, problems) from a cache entry; None if it is damaged."""
    from guidegen.modeljson import from_json

    try:
        question, found = stored
        return (None if question is None else from_json(Question, question)), [from_json(Problem, p) for p in found]
    except (TypeError, ValueError, KeyError):
        return None


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(problem(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"))
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # Text pasted from macOS or some PDFs is decomposed (NFD: ê as e + U+0302 + U+0301, й as
    # и + U+0306); composed (NFC), each letter is one character a font has. The file stays as it is.
    text = to_nfc(text)
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


def _check_body(path: Path, lines: list[str], end: int, problems: list[Problem]) -> None:
    """The problems of a body whose question cannot be built (its front matter is wrong),
    so that they are reported in the same run."""
    from guidegen.content.check import Checker

    body = lines[end + 1 :]
    heading = answer_heading(body)
    if heading is None:
        return  # reported by read_question
    for text, first, place in (("\n".join(body[:heading.start]), end + 2, ""),
                               ("\n".join(body[heading.end :]), end + 2 + heading.end, "an answer")):
        checker = Checker(path, first, None)
        checker.blank_place = place  # a blank may stand in the question, not in the answer
        checker.walk(text)
        problems.extend(checker.problems)


def _is_points(value) -> bool:
    """Whether `value` can be what a question is worth: a positive whole or half number
    (YAML's `true` is a bool, and `"2"` text: neither is a number here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value > 0 and float(value * 2).is_integer()


def read_question(path: Path, data: bytes, guide: Guide | None, problems: list[Problem]) -> Question | None:
    """One content file, from its bytes; every problem found is appended to `problems`."""
    text = _decode(path, data, problems)
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
        # The metadata is unreadable, but the body is still checked: one run shows all.
        _check_body(path, lines, end, problems)
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
                problems.append(problem(path, m.line_of("topics"), f"unknown topic '{slug}' (declared in content/guide.yaml: {', '.join(declared)})"))
    difficulty = f.choice("difficulty", DIFFICULTIES)
    tags = f.slug_list("tags")
    order = f.integer("order")
    space_kind = f.choice("answer_space", ANSWER_SPACE_KINDS)
    space_height = f.length_cm("answer_height")
    points = m.data.get("points")
    if points is not None and not _is_points(points):
        problems.append(problem(path, m.line_of("points"), "'points' must be a positive number such as 2 or 1.5"))
    shuffle = f.flag("shuffle", default=True)
    from guidegen.params.spec import read_spec

    params, numeric = read_spec(m, path, problems)  # numbers drawn per version, a numeric answer

    body = lines[end + 1 :]
    body_line = end + 2  # file line of body[0]
    heading = answer_heading(body)
    no_answer = None  # the warning for a question without a model answer, if it has none
    if heading is None:
        near = near_answer_headings(body)
        for index, text in near:
            # Taken for the heading by its writer, it is text here: the answer under it
            # would print in the question sheet.
            problems.append(problem(path, body_line + index, f"'{text}' is not the answer heading, so what follows it would "
                                                             "print in the question sheet: write it '## Answer' (a level-2 "
                                                             "heading, at the left margin, outside any quote or list)"))
        if not near:
            # A question without a model answer is still a question: study groups practise
            # those too. It prints in the sheet; the key says there is no answer yet.
            no_answer = problem(path, body_line, NO_ANSWER + "add a line '## Answer' and the answer under it", warning=True)
        heading = AnswerHeading(len(body), len(body))
    question_md = "\n".join(body[:heading.start])
    answer_md = "\n".join(body[heading.end:])
    answer_line = body_line + heading.end
    # Multiple choice: the question part's task list becomes the options (content.choices).
    choices = split_options(question_md, path, body_line, problems)
    problems.extend(answer_problems(answer_md, path, answer_line))
    if choices.options and shuffle:
        # Options that name others by letter ("Both A and B") keep their order: never a
        # version whose letters point elsewhere, with a key that agrees with them.
        named = letters_problem(choices.question_md, body_line, choices.options, answer_md, answer_line, path)
        if named is not None:
            problems.append(named)
            shuffle = False
    if not question_md.strip():
        problems.append(problem(path, body_line, "the question is empty: write it between the front matter and '## Answer'"))
    if not answer_md.strip() and heading.start < len(body):
        no_answer = problem(path, body_line + heading.start, NO_ANSWER + "write it under '## Answer'", warning=True)
    if no_answer is not None and not choices.options and not has_blanks(question_md):
        # The right options are a multiple-choice question's answer, and the blanks a cloze
        # question's; an explanation under '## Answer' is welcome but not missing.
        problems.append(no_answer)
    if errors_of(problems[before:]) or not (qid and title and topics and difficulty):
        _check_body(path, lines, end, problems)
        return None
    answer_space = None
    if space_kind or space_height is not None:
        answer_space = AnswerSpace(kind=space_kind or SpaceKind.LINES, height_cm=space_height if space_height is not None else AnswerSpace().height_cm)
    question = Question(
        id=qid,
        title=title,
        topics=topics,
        difficulty=difficulty,
        question_md=choices.question_md,
        answer_md=answer_md,
        path=path,
        question_line=body_line,
        answer_line=answer_line,
        tags=tags or (),
        order=order,
        answer_space=answer_space,
        points=None if points is None else float(points),
        id_line=m.line_of("id"),
        title_line=m.line_of("title"),
        options=choices.options,
        shuffle=shuffle,
        params=params,
        numeric=numeric,
    )
    if params is not None or numeric is not None:
        from guidegen.params.check import check_params, check_numeric

        found = check_params(question) + check_numeric(question)
        problems.extend(found)
        if errors_of(found):
            return None
    return question
