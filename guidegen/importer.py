"""Split a Markdown Q&A document (like the seed bank) into one content file per question."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from guidegen.errors import ContentError, GuideError, Problem, problem

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
NUMBERING = re.compile(r"^(?:Q(?:uestion)?\s*)?(\d+)\s*[.):]\s*", re.IGNORECASE)
SEPARATOR = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# "**Question:** text", "Question: text", "Q: text", "**Q.** text" — the marker and what follows.
QUESTION_MARK = re.compile(r"^\s*(?:\*\*|__)?\s*(?:Question|Q)\s*(?:\d+\s*)?[:.]\s*(?:\*\*|__)?\s*(.*)$", re.IGNORECASE)
ANSWER_MARK = re.compile(r"^\s*(?:\*\*|__)?\s*(?:Answer|A)\s*[:.]\s*(?:\*\*|__)?\s*(.*)$", re.IGNORECASE)
ANSWER_HEADING = re.compile(r"^#{1,6}\s+answer\s*:?\s*$", re.IGNORECASE)
BOLD_PARAGRAPH = re.compile(r"^\s*\*\*(?!\s*(?:Question|Answer|Q|A)\s*[:.])(.+?)\*\*\s*$")


@dataclass(frozen=True)
class Imported:
    """One question found in the source document."""

    title: str
    question: str
    answer: str
    line: int
    number: int | None


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or "question"


def _strip_number(title: str) -> tuple[str, int | None]:
    match = NUMBERING.match(title)
    if match:
        return title[match.end():].strip(), int(match.group(1))
    return title.strip(), None


def _title_from(text: str) -> str:
    """A short title from question text: its first sentence, at most ~70 characters."""
    plain = re.sub(r"[*_`]", "", " ".join(text.split()))
    first = re.split(r"(?<=[?.!])\s", plain, maxsplit=1)[0]
    return first if len(first) <= 70 else first[:67].rsplit(" ", 1)[0] + "…"


def _starts(lines: list[str]) -> tuple[str, list[int]]:
    """Pick the document's question shape and the line indexes where questions start."""
    headings = [(i, len(m.group(1))) for i, l in enumerate(lines) if (m := HEADING.match(l)) and not ANSWER_HEADING.match(l)]
    levels = {level for _, level in headings}
    # Headings: questions are the headings below the document title (or all level-1
    # headings when there are several and nothing deeper).
    if levels - {1}:
        return "heading", [i for i, level in headings if level > 1]
    if sum(1 for _, level in headings if level == 1) > 1:
        return "heading", [i for i, _ in headings]
    marks = [i for i, l in enumerate(lines) if QUESTION_MARK.match(l) and QUESTION_MARK.match(l).group(1) is not None]
    marks = [i for i in marks if re.match(r"^\s*(?:\*\*|__)?\s*(?:Question|Q)\b", lines[i], re.IGNORECASE)]
    if marks:
        return "marker", marks
    bold = [i for i, l in enumerate(lines) if BOLD_PARAGRAPH.match(l) and (i == 0 or not lines[i - 1].strip())]
    return "bold", bold


def _clean(block: list[str]) -> str:
    kept = [l for l in block if not SEPARATOR.match(l)]
    return "\n".join(kept).strip("\n").strip() + "\n" if any(l.strip() for l in kept) else ""


def parse_document(text: str, source: Path) -> tuple[list[Imported], list[Problem]]:
    """Find the questions in `text`; problems name lines that could not be placed."""
    lines = text.replace("\r\n", "\n").split("\n")
    shape, starts = _starts(lines)
    found: list[Imported] = []
    problems: list[Problem] = []
    if not starts:
        problems.append(problem(source, 1, "no questions found: expected '## N. Title' headings, 'Q:'/'A:' markers or bold question paragraphs"))
        return found, problems
    # Text before the first question is kept only if it is the document's title.
    for i in range(starts[0]):
        line = lines[i]
        if line.strip() and not SEPARATOR.match(line) and not (HEADING.match(line) and len(HEADING.match(line).group(1)) == 1):
            problems.append(problem(source, i + 1, f"text before the first question was not imported: '{line.strip()[:50]}'"))
            break
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        item = _split_block(lines, start, end, shape, source, problems)
        if item is not None:
            found.append(item)
    return found, problems


def _split_block(lines, start, end, shape, source, problems) -> Imported | None:
    head = lines[start]
    body = lines[start + 1 : end]
    number = None
    if shape == "heading":
        title, number = _strip_number(HEADING.match(head).group(2))
        title = title.strip("*_ ").strip()
    elif shape == "marker":
        body = [QUESTION_MARK.match(head).group(1)] + body
        title = ""
    else:
        title = ""
        # A bold paragraph is the question; the text up to the next one is its answer.
        body = [BOLD_PARAGRAPH.match(head).group(1), "**Answer:**"] + body
    # Find the question and answer parts inside the block.
    q_at = next((i for i, l in enumerate(body) if re.match(r"^\s*(?:\*\*|__)?\s*Question\s*[:.]", l, re.IGNORECASE)), None)
    a_at = next((i for i, l in enumerate(body) if ANSWER_HEADING.match(l) or re.match(r"^\s*(?:\*\*|__)?\s*(?:Answer|A)\s*[:.]", l, re.IGNORECASE)), None)
    if shape == "heading" and q_at is not None:
        first = QUESTION_MARK.match(body[q_at]).group(1)
        question_lines = [first] + body[q_at + 1 : a_at if a_at is not None else len(body)]
    elif shape == "heading" and a_at is None:
        # One heading per question, the answer as the text that follows it.
        question_lines, a_at = [title], -1
        body = [""] + body
        a_at = 0
    else:
        question_lines = body[: a_at if a_at is not None else len(body)]
    if a_at is None:
        problems.append(problem(source, start + 1, f"question '{(title or _title_from(' '.join(question_lines)))[:50]}' has no answer; not imported"))
        return None
    marker = ANSWER_MARK.match(body[a_at]) if not ANSWER_HEADING.match(body[a_at]) else None
    answer_lines = ([marker.group(1)] if marker and marker.group(1) else []) + body[a_at + 1 :]
    question, answer = _clean(question_lines), _clean(answer_lines)
    if not question.strip() or not answer.strip():
        what = "question" if not question.strip() else "answer"
        problems.append(problem(source, start + 1, f"question '{(title or '?')[:50]}' has an empty {what}; not imported"))
        return None
    return Imported(title or _title_from(question), question, answer, start + 1, number)


def render_file(item: Imported, qid: str, topics: tuple[str, ...]) -> str:
    title = item.title.replace("\\", "\\\\").replace('"', '\\"')
    lines = ["---", f"id: {qid}", f'title: "{title}"']
    if topics:
        lines.append(f"topics: [{', '.join(topics)}]")
    else:
        lines.append("topics: []  # fill in: topic slugs from content/guide.yaml")
    lines.append("difficulty:  # fill in: easy, medium or hard")
    if item.number is not None:
        lines.append(f"order: {item.number}")
    lines.append("---")
    return "\n".join(lines) + "\n" + item.question.rstrip("\n") + "\n\n## Answer\n\n" + item.answer


def import_document(source: Path, project: Path, topics: tuple[str, ...] = (), force: bool = False) -> list[Path]:
    """Write one content file per question of `source`; nothing is written if anything is wrong."""
    if not source.is_file():
        raise GuideError(f"{source}: no such file")
    try:
        text = source.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([problem(source, source.read_bytes()[: exc.start].count(b"\n") + 1, "not valid UTF-8")]) from None
    items, problems = parse_document(text, source)
    folder = project / "content" / (topics[0] if topics else "imported")
    planned: list[tuple[Path, str]] = []
    used: set[str] = set()
    for item in items:
        base = qid = slugify(item.title)
        suffix = 2
        while qid in used:
            qid, suffix = f"{base}-{suffix}", suffix + 1
        used.add(qid)
        target = folder / f"{qid}.md"
        if target.exists() and not force:
            problems.append(problem(source, item.line, f"{target} already exists (use --force to overwrite it)"))
        planned.append((target, render_file(item, qid, topics)))
    if problems:
        raise ContentError(problems)
    folder.mkdir(parents=True, exist_ok=True)
    for target, content in planned:
        partial = target.with_name(f".{target.name}.part")
        partial.write_text(content, "utf-8")
        os.replace(partial, target)
    return [target for target, _ in planned]
