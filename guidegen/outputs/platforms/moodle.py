"""Moodle XML for the Moodle writer (writer.py): the selected questions as OUT/NAME-moodle.xml, which Moodle's
question bank imports (Question bank > Import > Moodle XML format). Topics are question
categories (the topic's slug the category's idnumber), a question's id its idnumber, so a
re-import into the same category is recognised; one right option is a "multichoice"
with one answer, several are "multiple answers" (score split evenly, wrong picks
subtract); an open question is an "essay" whose model answer is the grader's
information and the general feedback; images travel base64 inside the file. Blanks make
a "cloze" question ({1:SHORTANSWER:=answer} each), a numeric answer a "numerical" one."""

from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

from guidegen.model import Question
from guidegen.outputs.base import Job

PLUGINFILE = "@@PLUGINFILE@@/"


def moodle_xml(job: Job, plan, parts: dict) -> bytes:
    """One booklet as a Moodle XML <quiz>: a category per topic, then its questions."""
    import xml.etree.ElementTree as ET

    from guidegen.outputs.platforms.parts import media_sources, source_order

    media = media_sources(job, plan.chosen)
    quiz = ET.Element("quiz")
    guide = job.bank.guide.title or "guidegen"
    for topic, questions in source_order(plan):
        category = ET.SubElement(quiz, "question", type="category")
        _text(category, "category", f"$course$/top/{_path_part(guide)}/{_path_part(topic.name)}")
        _text(category, "info", "", html=True)
        ET.SubElement(category, "idnumber").text = topic.slug
        for q in questions:
            quiz.append(_question(q, parts[q.id], media))
    ET.indent(quiz, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8", xml_declaration=False) + b"\n"


def _path_part(name: str) -> str:
    """A category's name in a category path, where "/" separates categories: doubled, as Moodle escapes it."""
    return name.replace("/", "//")


def _question(q: Question, parts, media: dict[str, Path]):
    import xml.etree.ElementTree as ET

    from guidegen.outputs.platforms.parts import fractions, percent, pinned

    from guidegen.outputs import entries

    form = entries.kind(q)
    kind = {entries.CHOICE: "multichoice", entries.BLANKS: "cloze", entries.NUMERIC: "numerical"}.get(form, "essay")
    element = ET.Element("question", type=kind)
    _text(element, "name", q.title)
    # A question that is only its title again prints as nothing: Moodle needs a question text.
    text = parts.body.html or f"<p>{parts.title.html}</p>"
    if form == entries.BLANKS:
        blanks = entries.blanks_of(q)
        # Each blank an embedded short answer; its weight 1 (Moodle shares the question's mark by weight)
        # The question text is HTML: an answer's < > & are written as HTML writes them (check warns of them).
        text = entries.fill_slots(text, lambda place: "{1:SHORTANSWER:=" + cloze_escape(
            html_escape(blanks[place - 1].answer_text, quote=False)) + "}")
    _text(element, "questiontext", text, media, html=True)
    # The explanation (multiple choice) or the model answer (essay): shown after an attempt.
    _text(element, "generalfeedback", parts.answer.html, media, html=True)
    ET.SubElement(element, "defaultgrade").text = percent(q.points if q.points is not None else 1.0)
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = q.id
    if form == entries.NUMERIC:
        answer = ET.SubElement(element, "answer", fraction="100", format="moodle_auto_format")
        ET.SubElement(answer, "text").text = entries.value_text(q.numeric.resolved)
        _text(answer, "feedback", "", html=True)
        ET.SubElement(answer, "tolerance").text = entries.value_text(q.numeric.absolute_tolerance or 0.0)
        for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0.1"), ("showunits", "3"), ("unitsleft", "0")):
            ET.SubElement(element, tag).text = value
    elif form == entries.BLANKS:
        pass  # the answers are in the text
    elif q.options:
        right = sum(o.correct for o in q.options)
        ET.SubElement(element, "single").text = "true" if right == 1 else "false"
        ET.SubElement(element, "shuffleanswers").text = "true" if q.shuffle and not pinned(q) else "false"
        ET.SubElement(element, "answernumbering").text = "ABCD"
        ET.SubElement(element, "showstandardinstruction").text = "1"
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text(element, name, "", html=True)
        for html, fraction in zip(parts.options.items, fractions(q)):
            answer = ET.SubElement(element, "answer", fraction=percent(fraction), format="html")
            _fill(answer, html, media)
            _text(answer, "feedback", "", html=True)
    else:
        for tag, value in (("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "15"),
                           ("minwordlimit", ""), ("maxwordlimit", ""), ("attachments", "0"), ("attachmentsrequired", "0"),
                           ("maxbytes", "0"), ("filetypeslist", "")):
            ET.SubElement(element, tag).text = value
        _text(element, "graderinfo", parts.answer.html, media, html=True)
        _text(element, "responsetemplate", "", html=True)
    tags = ET.SubElement(element, "tags")
    # Topics beyond the first (Moodle keeps a question in one category), the difficulty and
    # the question's tags ride as Moodle tags, so an import gives them back.
    for tag in [f"topic::{t}" for t in q.topics[1:]] + [f"difficulty::{q.difficulty}"] + list(q.tags):
        _text(tags, "tag", tag)
    return element


# What Moodle's cloze syntax reads as its own inside an answer, each escaped with a backslash
# (the backslash first of all), as Moodle's "Embedded Answers (Cloze)" documentation says.
_CLOZE_SPECIAL = {c: "\\" + c for c in '\\}#~/"'}


def cloze_escape(answer: str) -> str:
    """An answer inside {1:SHORTANSWER:=...}: } # ~ / " and the backslash escaped."""
    return "".join(_CLOZE_SPECIAL.get(c, c) for c in answer)


def _text(parent, tag: str, value: str, media: dict[str, Path] | None = None, html: bool = False):
    """<tag format="html"><text>value</text> and the files value names</tag>."""
    import xml.etree.ElementTree as ET

    element = ET.SubElement(parent, tag, format="html") if html else ET.SubElement(parent, tag)
    _fill(element, value, media or {})
    return element


def _fill(element, value: str, media: dict[str, Path]) -> None:
    """The text of an element that holds HTML, and each image it shows as a base64 <file>."""
    import base64
    import xml.etree.ElementTree as ET

    from guidegen.outputs.platforms.parts import plugin_name

    ET.SubElement(element, "text").text = value
    for source, path in sorted(media.items()):
        name = plugin_name(source)
        if PLUGINFILE + name in value:
            file = ET.SubElement(element, "file", name=name, path="/", encoding="base64")
            file.text = base64.b64encode(path.read_bytes()).decode("ascii")
