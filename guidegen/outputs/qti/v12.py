"""QTI 1.2 documents as Canvas Classic Quizzes imports them (the structure text2qti, a
well-used Canvas exporter, writes): the quiz's questestinterop, Canvas's assessment_meta.xml
and the package's manifest.

Each question is an item whose metadata says its Canvas type (multiple_choice_question for
one right option, multiple_answers_question for several, essay_question for an open
question) and its points (points_possible); the response processing gives 100 (per cent)
for the right options, which Canvas turns into the points (a multiple-answers question is
scored by Canvas's own partial credit: right picks share the points, wrong picks take
them away). The explanation or model answer is the general feedback. Math is \\(...\\) for
Canvas's MathJax; images are in images/, named from $IMS-CC-FILEBASE$ as text2qti does. Topics are nested
sections, which Canvas flattens (a section without a selection is no question group) and
other platforms keep; every topic is also in the item's metadata (guidegen_topics). Blanks are a
fill_in_multiple_blanks_question, a numeric answer a numerical_question."""

from __future__ import annotations

from guidegen.choices_order import refers_to_others
from guidegen.content.choices import letter
from guidegen.outputs.qti.common import identifier, number, points_of

ASI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ASI_LOCATION = f"{ASI} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
CC_CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
TOPICS_FIELD = "guidegen_topics"


def _e(parent, tag: str, text: str | None = None, **attributes):
    from lxml import etree

    element = etree.SubElement(parent, f"{{{ASI}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _html(parent, fragment: str) -> None:
    """HTML as Canvas takes it: a mattext of type text/html (escaped text, not markup)."""
    _e(_e(parent, "material"), "mattext", fragment, texttype="text/html")


def _field(metadata, label: str, entry: str) -> None:
    field = _e(metadata, "qtimetadatafield")
    _e(field, "fieldlabel", label)
    _e(field, "fieldentry", entry)


def canvas_type(question) -> str:
    from guidegen.outputs.entries import BLANKS, NUMERIC, kind

    if kind(question) == BLANKS:
        return "fill_in_multiple_blanks_question"
    if kind(question) == NUMERIC:
        return "numerical_question"
    if not question.options:
        return "essay_question"
    return "multiple_choice_question" if sum(o.correct for o in question.options) == 1 else "multiple_answers_question"


def assessment(quiz_id: str, title: str, sections, parts: dict):
    from lxml import etree

    root = etree.Element(f"{{{ASI}}}questestinterop", nsmap={None: ASI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", ASI_LOCATION)
    quiz = _e(root, "assessment", ident=quiz_id, title=title)
    metadata = _e(quiz, "qtimetadata")
    _field(metadata, "cc_maxattempts", "1")
    top = _e(quiz, "section", ident="root_section")
    seen: set[str] = set()
    for count, (topic, questions) in enumerate(sections, start=1):
        fresh = [q for q in questions if q.id not in seen]
        if not fresh:
            continue
        section = _e(top, "section", ident=f"section-{count}-{topic.slug}", title=topic.name)
        for q in fresh:
            seen.add(q.id)
            section.append(item(parts[q.id]))
    return root


def item(parts):
    from lxml import etree

    q = parts.question
    element = etree.Element(f"{{{ASI}}}item", ident=identifier(q.id), title=q.title)
    metadata = _e(_e(element, "itemmetadata"), "qtimetadata")
    _field(metadata, "question_type", canvas_type(q))
    _field(metadata, "points_possible", number(points_of(q)))
    _field(metadata, TOPICS_FIELD, " ".join(q.topics))
    if q.options:
        _field(metadata, "original_answer_ids", ",".join(letter(i) for i in range(len(q.options))))
    if canvas_type(q) in ("fill_in_multiple_blanks_question", "numerical_question"):
        _entries(element, parts)
        return element
    presentation = _e(element, "presentation")
    _html(presentation, parts.body.html if parts.body.html.strip() else f"<p>{parts.title.html}</p>")
    feedback = parts.answer.html.strip()
    if q.options:
        single = canvas_type(q) == "multiple_choice_question"
        response = _e(presentation, "response_lid", ident="response1", rcardinality="Single" if single else "Multiple")
        pinned = any(refers_to_others(o.markdown) for o in q.options)
        render = _e(response, "render_choice", shuffle="Yes" if q.shuffle and not pinned else "No")
        for index, html in enumerate(parts.options.items):
            label = _e(render, "response_label", ident=letter(index))
            _html(label, html)
    else:
        response = _e(presentation, "response_str", ident="response1", rcardinality="Single")
        _e(_e(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
    processing = _e(element, "resprocessing")
    _e(_e(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if not q.options:  # graded by hand: no response scores anything by itself
        _e(_e(_e(processing, "respcondition", **{"continue": "No"}), "conditionvar"), "other")
    if feedback:
        condition = _e(processing, "respcondition", **{"continue": "Yes"})
        _e(_e(condition, "conditionvar"), "other")
        _e(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    if q.options:
        condition = _e(processing, "respcondition", **{"continue": "No"})
        variables = _e(condition, "conditionvar")
        right = [letter(i) for i, o in enumerate(q.options) if o.correct]
        if len(right) == 1:
            _e(variables, "varequal", right[0], respident="response1")
        else:
            both = _e(variables, "and")
            for index, option in enumerate(q.options):
                if option.correct:
                    _e(both, "varequal", letter(index), respident="response1")
                else:
                    _e(_e(both, "not"), "varequal", letter(index), respident="response1")
        _e(condition, "setvar", "100", action="Set", varname="SCORE")
    if feedback:
        general = _e(element, "itemfeedback", ident="general_fb")
        _html(_e(general, "flow_mat"), parts.answer.html)
    return element


def _entries(element, parts) -> None:
    """A question with blanks as Canvas's fill_in_multiple_blanks_question (the text names
    each blank [blankK]; a response_lid per blank whose one label is its answer; each right
    answer adds its share of 100) or a numeric answer as its numerical_question (right when
    the number is within the tolerance: vargte and varlte, as Canvas writes a margin)."""
    from guidegen.outputs.entries import blanks_of, fill_slots, split_points, value_text

    q = parts.question
    blanks = blanks_of(q)
    body = parts.body.html if parts.body.html.strip() else f"<p>{parts.title.html}</p>"
    presentation = _e(element, "presentation")
    _html(presentation, fill_slots(body, lambda place: f"[blank{place}]"))
    feedback = parts.answer.html.strip()
    if blanks:
        for place, blank in enumerate(blanks, start=1):
            response = _e(presentation, "response_lid", ident=f"response_blank{place}")
            _e(_e(response, "material"), "mattext", f"blank{place}")
            label = _e(_e(response, "render_choice"), "response_label", ident=_answer_ident(place))
            _e(_e(label, "material"), "mattext", blank.answer_text, texttype="text/plain")
    else:
        response = _e(presentation, "response_str", ident="response1", rcardinality="Single")
        _e(_e(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
    processing = _e(element, "resprocessing")
    _e(_e(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if feedback:
        condition = _e(processing, "respcondition", **{"continue": "Yes"})
        _e(_e(condition, "conditionvar"), "other")
        _e(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    if blanks:
        for place, share in enumerate(split_points(100.0, len(blanks)), start=1):
            condition = _e(processing, "respcondition")
            _e(_e(condition, "conditionvar"), "varequal", _answer_ident(place), respident=f"response_blank{place}")
            _e(condition, "setvar", f"{share:.2f}", action="Add", varname="SCORE")
    else:
        value, tolerance = q.numeric.resolved, q.numeric.absolute_tolerance or 0.0
        condition = _e(processing, "respcondition", **{"continue": "No"})
        either = _e(_e(condition, "conditionvar"), "or")
        _e(either, "varequal", value_text(value), respident="response1")
        both = _e(either, "and")
        _e(both, "vargte", value_text(value - tolerance), respident="response1")
        _e(both, "varlte", value_text(value + tolerance), respident="response1")
        _e(condition, "setvar", "100", action="Set", varname="SCORE")
    if feedback:
        _html(_e(_e(element, "itemfeedback", ident="general_fb"), "flow_mat"), parts.answer.html)


def _answer_ident(place: int) -> str:
    """The ident of a blank's answer: a number, as Canvas's own answers have."""
    return str(1000 + place)


def canvas_meta(quiz_id: str, title: str, questions):
    """Canvas's own settings of the quiz: its title, its points, and whether options are
    shuffled (Canvas shuffles a whole quiz or nothing: not when any question keeps its order)."""
    from lxml import etree

    shuffled = all(q.shuffle and not any(refers_to_others(o.markdown) for o in q.options) for q in questions)
    root = etree.Element(f"{{{CANVAS}}}quiz", nsmap={None: CANVAS}, identifier=quiz_id)
    for tag, text in (("title", title), ("description", ""), ("shuffle_answers", "true" if shuffled else "false"),
                      ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                      ("points_possible", number(sum(points_of(q) for q in questions))),
                      ("show_correct_answers", "true"), ("allowed_attempts", "1")):
        etree.SubElement(root, f"{{{CANVAS}}}{tag}").text = text
    return root


def manifest(quiz_id: str, media: list[str]):
    from lxml import etree

    root = etree.Element(f"{{{CC_CP}}}manifest", nsmap={None: CC_CP}, identifier=f"{quiz_id}-manifest")

    def e(parent, tag, **attributes):
        return etree.SubElement(parent, f"{{{CC_CP}}}{tag}", attributes)

    metadata = e(root, "metadata")
    etree.SubElement(metadata, f"{{{CC_CP}}}schema").text = "IMS Content"
    etree.SubElement(metadata, f"{{{CC_CP}}}schemaversion").text = "1.1.3"
    e(root, "organizations")
    resources = e(root, "resources")
    quiz = e(resources, "resource", identifier=quiz_id, type="imsqti_xmlv1p2")
    e(quiz, "file", href=f"{quiz_id}/{quiz_id}.xml")
    e(quiz, "dependency", identifierref=f"{quiz_id}-meta")
    meta = e(resources, "resource", identifier=f"{quiz_id}-meta", href=f"{quiz_id}/assessment_meta.xml",
             type="associatedcontent/imscc_xmlv1p1/learning-application-resource")
    e(meta, "file", href=f"{quiz_id}/assessment_meta.xml")
    for count, name in enumerate(media, start=1):
        resource = e(resources, "resource", identifier=f"image-{count}", type="webcontent", href=f"images/{name}")
        e(resource, "file", href=f"images/{name}")

    return root
