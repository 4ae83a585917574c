"""GIFT, as Moodle reads it (question/format/gift): $CATEGORY: lines as topics, ::title::,
[html]/[markdown]/[plain] text, {=right ~wrong}, weights %50%, #feedback and ####general
feedback, {} essays, {T}/{F}, short answers, a missing word ({=word} alone: a blank) and numbers
({#value:tolerance}: a numeric answer); a comment's [id:...] and
[tag:...] give the question's id and tags, as Moodle reads them. Backslash escapes are
read as Moodle reads them: \\~ \\= \\# \\{ \\} \\: \\\\ and \\n."""

from __future__ import annotations

import re
from pathlib import Path

from guidegen.importer.formats import common, head, text_of
from guidegen.importer.found import Section

KIND = "a GIFT file"
# Escapes become private-use characters while the structure is read, as Moodle's do.
_ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004", "\\}": "\ue005",
            "\\:": "\ue006", "\\n": "\ue007"}
_BACK = {"\ue000": "\\", "\ue001": "~", "\ue002": "=", "\ue003": "#", "\ue004": "{", "\ue005": "}", "\ue006": ":", "\ue007": "\n"}
_ID = re.compile(r"\[id:((?:\\\]|[^\]])+?)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`])+?)\]")
_WEIGHT = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")
_SHAPE = re.compile(r"^(?:::.+?::)?[^{}]*\{\s*(?:[=~#}]|T\b|F\b|TRUE\b|FALSE\b)", re.DOTALL)


def detect(path: Path) -> bool:
    if path.suffix.lower() in (".md", ".markdown", ".xml", ".csv", ".tsv"):
        return False
    try:
        text = head(path, 65536).decode("utf-8")
    except UnicodeDecodeError:
        return False
    blocks = [b for b in _blocks(text.replace("\r\n", "\n").split("\n"))]
    if any(block.startswith("$CATEGORY:") for _, block, _ in blocks):
        return True
    shaped = [block for _, block, _ in blocks if _SHAPE.match(_pre(block))]
    return bool(shaped) and len(shaped) * 2 >= len(blocks)


def _pre(text: str) -> str:
    for escape, mark in _ESCAPES.items():
        text = text.replace(escape, mark)
    return text


def _post(text: str) -> str:
    return "".join(_BACK.get(c, c) for c in text)


def _blocks(lines: list[str]):
    """(first line, text, the comments above it) of each block between blank lines, comment lines left out."""
    block: list[str] = []
    comments: list[str] = []
    start = 0
    for number, line in enumerate(lines + [""], start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            comments.append(stripped)
            continue
        if not stripped:
            if block:
                yield start, "\n".join(block).strip(), comments
                comments = []
            block = []
            continue
        if not block:
            start = number
        block.append(line)


def read(path: Path):
    bank = common.Bank()
    section = None
    for line, block, comments in _blocks(text_of(path).split("\n")):
        text = _pre(block)
        if text.startswith("$CATEGORY:"):
            parts = [p.strip() for p in _post(text[10:]).strip().replace("//", "\0").split("/")]
            parts = [p.replace("\0", "/") for p in parts if p and not (p.startswith("$") and p.endswith("$")) and p != "top"]
            if parts:
                section = Section(parts[-1], line)
                bank.sections.append(section)
                bank.title = bank.title or (parts[-2] if len(parts) > 1 else None)
            continue
        found = _question(text, line, section, " ".join(comments), bank)
        if found is not None:
            bank.questions.append(found)
    return bank.result()


def _markdown(text: str, kind: str) -> str:
    from guidegen.importer.formats.htmltext import plain_to_markdown, to_markdown

    text = _post(text).strip()
    if kind == "markdown":
        return text
    if kind == "html" or (kind == "moodle" and "<" in text):
        return to_markdown(text, lambda src, alt: f"![{alt}]({src})" if src.startswith(("https://", "http://"))
                           else common.placeholder(src))
    return plain_to_markdown(text)


def _format(text: str, default: str) -> tuple[str, str]:
    match = re.match(r"^\s*\[(html|markdown|plain|moodle)\]", text)
    return (match.group(1), text[match.end():]) if match else (default, text)


def _question(text: str, line: int, section, comments: str, bank: common.Bank):
    title = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end != -1:
            title, text = _post(text[2:end]).strip(), text[end + 2:].strip()
    start, finish = text.find("{"), text.find("}")
    shown = title or " ".join(_post(text.split("{")[0]).split())[:40]
    if start == -1 and finish == -1:
        bank.problems.append((line, f"'{shown}' has no answers ({{...}}): a description, not a question; not imported"))
        return None
    if start == -1 or finish == -1 or finish < start:
        bank.problems.append((line, f"'{shown}': a {{ without its }} (or the other way round); not imported"))
        return None
    answers = text[start + 1:finish].strip()
    rest = text[finish + 1:].strip()
    # One accepted answer and nothing else ({=word}): a missing word, read back as a blank
    missing = answers.split("####")[0].strip()
    one_word = missing.startswith("=") and "=" not in missing[1:] and "~" not in missing and "->" not in missing
    if one_word:
        stem = text[:start] + common.BLANK_MARK.format(1) + text[finish + 1:]
    else:
        stem = text[:start].rstrip() + (" _____ " + rest if rest else "")
    general = ""
    if "####" in answers:
        cut = answers.rfind("####")
        answers, general = answers[:cut].strip(), answers[cut + 4:]
    kind, stem = _format(stem, "moodle")
    body = _markdown(stem, kind)
    feedback = _markdown(_format(general, kind)[1], kind) if general.strip() else ""
    qid = next(iter(_ID.findall(comments)), None)
    tags = tuple(t.strip() for t in _TAG.findall(comments))
    fields = dict(qid=_post(qid).strip() if qid else None, tags=tags)
    title = title or " ".join(body.split())[:60]
    if answers == "":
        return common.question(title, body, feedback, line, section, "gift essay", **fields)
    if one_word:
        accepted = _post(answers[1:].split("#")[0]).strip()
        return common.question(title, common.put_blanks(body, {1: common.blank(1, accepted)}), feedback, line, section,
                               "gift missing word", **fields)
    if answers.startswith("#"):
        number = _number(answers[1:].split("#")[0].strip())
        if number is not None:
            return common.question(title, body, common.without_stated_answer(feedback), line, section, "gift numerical",
                                   numeric=number, **fields)
        bank.problems.append((line, f"'{shown}' is a numerical question: imported as an open question whose answer is "
                                    "the accepted number"))
        return common.question(title, body, "\n\n".join(p for p in (_markdown(answers[1:].split("#")[0], "plain"), feedback) if p),
                               line, section, "gift numerical", **fields)
    if "~" in answers:
        single = "=" in answers
        options, notes = [], []
        for index, answer in enumerate(a.strip() for a in answers.replace("=", "~=").split("~") if a.strip()):
            weight = 100.0 if answer.startswith("=") else 0.0
            answer = answer[1:] if answer.startswith("=") else answer
            match = _WEIGHT.match(answer)
            if match:
                weight, answer = float(match.group(1)), answer[match.end():]
            answer, _, note = answer.partition("#")
            options.append((_markdown(_format(answer, kind)[1], kind), weight > 0))
            if note.strip():
                notes.append(f"- **{chr(ord('A') + index)}.** {_markdown(note, kind)}")
            if single and 0 < weight < 100:
                bank.problems.append((line, f"'{shown}' gives part of the mark for an answer: imported as a right option"))
        answer_md = "\n\n".join(p for p in (feedback, "\n".join(notes)) if p)
        return common.question(title, body, answer_md, line, section, "gift multiple choice", options=options, **fields)
    if "=" in answers and "->" in answers:
        bank.problems.append((line, f"'{shown}' is a matching question: guidegen has none; not imported"))
        return None
    check = answers.split("#")[0].strip()
    if check in ("T", "TRUE", "F", "FALSE"):
        right = check.startswith("T")
        return common.question(title, body, feedback, line, section, "gift true/false",
                               options=[("True", right), ("False", not right)], **fields)
    accepted = [_markdown(a.split("#")[0], "plain") for a in answers.split("=") if a.strip()]
    bank.problems.append((line, f"'{shown}' is a short-answer question: imported as an open question whose answer "
                                "lists the accepted answers"))
    answer_md = "\n".join(f"- {a}" for a in accepted)
    return common.question(title, body, "\n\n".join(p for p in (answer_md, feedback) if p), line, section,
                           "gift short answer", **fields)


def _number(answer: str) -> tuple[float, float] | None:
    """A numerical answer's value and tolerance: `value:tolerance`, `value`, or `min..max`."""
    text = _post(answer).strip()
    if ".." in text:
        low, _, high = text.partition("..")
        bounds = common.numeric_value(low, high)
        return ((bounds[0] + bounds[1]) / 2, abs(bounds[1] - bounds[0]) / 2) if bounds else None
    value, _, tolerance = text.partition(":")
    return common.numeric_value(value, tolerance or "0")
