"""Moodle XML (a question bank's export, or guidegen's): categories as topics (a
category's idnumber its slug), multichoice (one or several right answers), true/false,
essay, short answer, numerical (a numeric answer with its tolerance) and cloze questions
(each embedded answer a blank, {{c1::answer}}). Read with defusedxml: no DTD entity and no
external file is ever resolved. What has no place in guidegen is named at its line."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

from guidegen.importer.formats import common, head
from guidegen.importer.found import Section

KIND = "a Moodle XML file"
_QUIZ = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"
                   rb"(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?(?:<!--.*?-->\s*)*<quiz[\s>]", re.DOTALL)
_QUESTION = re.compile(r"<question\b")
_PLUGINFILE = "@@PLUGINFILE@@/"
_OPEN = {"essay", "shortanswer", "numerical"}


def detect(path: Path) -> bool:
    return bool(_QUIZ.match(head(path)))


def read(path: Path):
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    from guidegen.errors import ContentError, problem

    data = path.read_bytes()
    try:
        root = ET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ContentError([problem(path, 1, "a DTD (with entities) in Moodle XML is never read, and Moodle writes "
                                             "none: remove the <!DOCTYPE ...> declaration")], "nothing was written") from None
    except ET.ParseError as error:
        raise ContentError([problem(path, error.position[0], f"not well-formed Moodle XML ({error})")],
                           "nothing was written") from None
    text = data.decode("utf-8", "replace")
    # ElementTree keeps no lines: each <question> element's line, found in the text in order.
    lines = [text.count("\n", 0, m.start()) + 1 for m in _QUESTION.finditer(text)]
    bank = common.Bank()
    section = None
    for index, element in enumerate(root.findall("question")):
        line = lines[index] if index < len(lines) else 1
        kind = element.get("type", "")
        if kind == "category":
            parts = [p.replace("\0", "/") for p in _text(element, "category").replace("//", "\0").split("/")]
            parts = [p.strip() for p in parts if p.strip() and not (p.startswith("$") and p.endswith("$")) and p != "top"]
            if not parts:
                continue
            slug = (element.findtext("idnumber") or "").strip() or None
            section = Section(parts[-1], line, slug)
            bank.sections.append(section)
            if len(parts) > 1 and bank.title is None:
                bank.title = parts[-2]
            continue
        found = _question(element, kind, line, section, bank)
        if found is not None:
            bank.questions.append(found)
    return bank.result()


def _text(element, tag: str) -> str:
    return (element.findtext(f"{tag}/text") or "").strip()


def _markdown(element, bank: common.Bank, line: int) -> str:
    """The Markdown of a text element (<questiontext>, <answer>, ...) in its format, its
    <file>s saved as images."""
    import base64
    import binascii

    from guidegen.importer.formats.htmltext import plain_to_markdown, to_markdown

    if element is None:
        return ""
    files = {}
    for file in element.findall("file"):
        name = file.get("name", "")
        try:
            files[name] = base64.b64decode((file.text or "").encode("ascii"), validate=False)
        except (binascii.Error, ValueError):
            bank.problems.append((line, f"the file '{name}' is not valid base64; a placeholder is printed in its place"))
    value = element.findtext("text") or ""
    kind = element.get("format", "html")
    if kind == "markdown":
        return value.strip()
    if kind in ("plain_text", "moodle_auto_format") and "<" not in value:
        return plain_to_markdown(value)

    def image(src: str, alt: str) -> str:
        name = unquote(src[len(_PLUGINFILE):]) if src.startswith(_PLUGINFILE) else None
        if name is None:
            if src.startswith(("https://", "http://")):
                return f"![{alt}]({src})"  # remote: import's own warning and --download-images
            bank.problems.append((line, f"image '{src}' is not in the file; a placeholder is printed in its place"))
            return common.placeholder(src)
        if name not in files:
            bank.problems.append((line, f"image '{name}' is named but not in the file; a placeholder is printed in its place"))
            return common.placeholder(name)
        flat = bank.add_image(name, files[name], line)
        return f"![{alt}](figures/{flat})" if flat else common.placeholder(name)

    return to_markdown(value, image)


def _question(element, kind: str, line: int, section, bank: common.Bank):
    """One <question>, or None (told at its line) for a type guidegen has no place for."""
    title = _text(element, "name")
    if kind == "cloze":
        return _cloze(element, title, line, section, bank)
    if kind not in {"multichoice", "truefalse"} | _OPEN:
        what = "a description is no question" if kind == "description" else f"guidegen has no '{kind}' questions"
        bank.problems.append((line, f"question '{title}' not imported: {what}"))
        return None
    body = _markdown(element.find("questiontext"), bank, line)
    feedback = _markdown(element.find("generalfeedback"), bank, line)
    points = common.points_of(element.findtext("defaultgrade"), line, bank.problems)
    tags = tuple((t.text or "").strip() for t in element.findall("tags/tag/text"))
    qid = (element.findtext("idnumber") or "").strip() or None
    fields = dict(points=points, qid=qid, tags=tags)
    if kind == "numerical":
        accepted = [a for a in element.findall("answer") if _fraction(a) >= 100]
        number = common.numeric_value((accepted[0].findtext("text") or "").strip(), accepted[0].findtext("tolerance")) \
            if len(accepted) == 1 else None
        if number is not None:
            return common.question(title, body, common.without_stated_answer(feedback), line, section, "moodle numerical",
                                   numeric=number, **fields)
    if kind in _OPEN:
        answer = _markdown(element.find("graderinfo"), bank, line) if kind == "essay" else ""
        if kind != "essay":
            accepted = [_markdown(a, bank, line) for a in element.findall("answer") if _fraction(a) > 0]
            answer = "\n".join(f"- {a}" for a in accepted)
            bank.problems.append((line, f"question '{title}' is a {kind} question: imported as an open question "
                                        "whose answer lists the accepted answers"))
        answer = answer or feedback
        if answer and feedback and answer != feedback:
            answer += "\n\n" + feedback
        return common.question(title, body, answer, line, section, f"moodle {kind}", **fields)
    answers = element.findall("answer")
    if kind == "truefalse":
        options = [("True" if (a.findtext("text") or "").strip().lower() == "true" else "False", _fraction(a) > 0)
                   for a in answers]
    else:
        options = [(_markdown(a, bank, line), _fraction(a) > 0) for a in answers]
    single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
    partial = [a for a in answers if 0 < _fraction(a) < 100] if single else []
    if partial:
        bank.problems.append((line, f"question '{title}' gives part of the mark for an answer: imported as a right option"))
    # Per-answer feedback has no place of its own: it joins the explanation, by option.
    said = [(chr(ord("A") + i), _markdown(a.find("feedback"), bank, line)) for i, a in enumerate(answers)]
    notes = "\n".join(f"- **{letter}.** {text}" for letter, text in said if text)
    answer = "\n\n".join(part for part in (feedback, notes) if part)
    shuffle = (element.findtext("shuffleanswers") or "true").strip().lower() not in ("false", "0")
    return common.question(title, body, answer, line, section, f"moodle {kind}", shuffle=shuffle, options=options, **fields)


# An embedded answer of a cloze question: {weight:TYPE:answers}, its } escaped inside answers.
_EMBEDDED = re.compile(r"\{(\d*):(SHORTANSWER(?:_C)?|SA|MW|SAC|MWC|NUMERICAL|NM|MULTICHOICE\w*|MC\w*|MULTIRESPONSE\w*|MR\w*):"
                       r"((?:\\.|[^\\}])*)\}")


def _cloze(element, title: str, line: int, section, bank: common.Bank):
    """An "Embedded answers (Cloze)" question: each short-answer or numerical gap a blank
    whose answer is its fully right one; a gap with choices keeps its right choice only."""
    text_element = element.find("questiontext")
    value = text_element.findtext("text") or "" if text_element is not None else ""
    blanks: dict[int, str] = {}

    def gap(match: re.Match) -> str:
        place = len(blanks) + 1
        kind, right = match.group(2), ""
        for choice in re.split(r"(?<!\\)~", match.group(3)):
            choice = choice.strip()
            full = choice.startswith("=") or choice.startswith("%100%")
            if full:
                right = re.sub(r"(?<!\\)#.*$", "", choice.removeprefix("=").removeprefix("%100%"))
                right = re.sub(r"\\(.)", r"\1", right)
                right = html.unescape(right)  # the gap sits in the question's HTML: &lt; is <
                break
        if kind.startswith(("MULTI", "MC", "MR")):
            bank.problems.append((line, f"question '{title}': gap {place} offers choices; imported as a blank whose "
                                        "answer is its right choice"))
        blanks[place] = common.blank(place, right)
        return common.BLANK_MARK.format(place)

    if text_element is not None and text_element.find("text") is not None:
        text_element.find("text").text = _EMBEDDED.sub(gap, value)
    body = common.put_blanks(_markdown(text_element, bank, line), blanks)
    feedback = _markdown(element.find("generalfeedback"), bank, line)
    points = common.points_of(element.findtext("defaultgrade"), line, bank.problems)
    tags = tuple((t.text or "").strip() for t in element.findall("tags/tag/text"))
    qid = (element.findtext("idnumber") or "").strip() or None
    return common.question(title, body, feedback, line, section, "moodle cloze", points=points, qid=qid, tags=tags)


def _fraction(answer) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0
