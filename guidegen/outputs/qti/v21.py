"""QTI 2.1 documents: one assessmentItem per question, the assessmentTest (one section
per topic) and the content package's manifest, each as an lxml element tree.

Mapping: the question's id is the item's identifier; its points the item's score (right
options share it, wrong picks in a multiple-response question take it away, the total
kept between 0 and the points); `shuffle: false` is an unshuffled interaction and an
option about the others ("None of the above") is fixed; the explanation of a multiple
choice is the item's feedback; an open question is an extended-text item whose model
answer is a rubric for the scorer; all of a question's topics are the item reference's
categories, and its first topic is its section. Blanks are text entries in the text
(string responses, each right one an equal share of the points, a hint the placeholder);
a numeric answer is a float entry scored by `equal` within its tolerance."""

from __future__ import annotations

from guidegen.choices_order import refers_to_others
from guidegen.content.choices import letter
from guidegen.outputs.qti import xhtml
from guidegen.outputs.entries import BLANKS, NUMERIC, blanks_of, kind, split_points, value_text
from guidegen.outputs.qti.common import identifier, number, points_of, scores

QTI = xhtml.QTI
XSI = "http://www.w3.org/2001/XMLSchema-instance"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ITEM_LOCATION = f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_LOCATION = f"{IMSCP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
FEEDBACK = "EXPLANATION"


def _e(parent, tag: str, text: str | None = None, **attributes):
    from lxml import etree

    element = etree.SubElement(parent, f"{{{QTI}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _root(tag: str, **attributes):
    from lxml import etree

    root = etree.Element(f"{{{QTI}}}{tag}", nsmap={None: QTI, "xsi": XSI, "m": xhtml.MATHML})
    root.set(f"{{{XSI}}}schemaLocation", ITEM_LOCATION)
    for key, value in attributes.items():
        root.set(key, value)
    return root


def _outcome(item, name: str, value: str | None, base_type: str = "float"):
    outcome = _e(item, "outcomeDeclaration", identifier=name, cardinality="single", baseType=base_type)
    if value is not None:
        _e(_e(outcome, "defaultValue"), "value", value)
    return outcome


def item(parts, lang: str | None = None):
    """A question's assessmentItem; `parts` is its content.assembly.Assembled in HTML."""
    q = parts.question
    root = _root("assessmentItem", identifier=identifier(q.id), title=q.title, adaptive="false", timeDependent="false")
    if lang:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    points = points_of(q)
    body_html = parts.body.html if parts.body.html.strip() else f"<p>{parts.title.html}</p>"
    if q.options:
        split = scores(q)
        single = sum(o.correct for o in q.options) == 1
        response = _e(root, "responseDeclaration", identifier="RESPONSE", cardinality="single" if single else "multiple",
                      baseType="identifier")
        correct = _e(response, "correctResponse")
        for index, option in enumerate(q.options):
            if option.correct:
                _e(correct, "value", letter(index))
        mapping = _e(response, "mapping", lowerBound="0", upperBound=number(points), defaultValue="0")
        for index, value in enumerate(split.per_option):
            _e(mapping, "mapEntry", mapKey=letter(index), mappedValue=number(value))
        _outcome(root, "SCORE", "0")
        _outcome(root, "MAXSCORE", number(points))
        if parts.answer.html.strip():
            _outcome(root, "FEEDBACK", None, "identifier")
        body = _e(root, "itemBody")
        body.append(xhtml.block("div", body_html))
        interaction = _e(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="true" if q.shuffle else "false",
                         maxChoices="1" if single else "0", minChoices="0")
        for index, option in enumerate(q.options):
            choice = _e(interaction, "simpleChoice", identifier=letter(index))
            if q.shuffle and refers_to_others(option.markdown):
                choice.set("fixed", "true")
            xhtml.fill(choice, parts.options.items[index])
        _scoring(root, bool(parts.answer.html.strip()))
        if parts.answer.html.strip():
            feedback = _e(root, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=FEEDBACK, showHide="show")
            xhtml.fill(feedback, parts.answer.html)
    elif kind(q) in (BLANKS, NUMERIC):
        _entries(root, parts, body_html, points)
    else:
        _e(root, "responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="string")
        _outcome(root, "SCORE", "0")
        _outcome(root, "MAXSCORE", number(points))
        body = _e(root, "itemBody")
        if parts.answer.html.strip():
            rubric = _e(body, "rubricBlock", view="scorer")
            rubric.append(xhtml.block("div", parts.answer.html))
        body.append(xhtml.block("div", body_html))
        _e(body, "extendedTextInteraction", responseIdentifier="RESPONSE")
    return root


def _entries(root, parts, body_html: str, points: float) -> None:
    """A question with blanks (a text entry per blank, string responses, each right answer
    worth an equal share of the points, its hint the entry's placeholder) or a numeric answer
    (one float entry after the text, right within the tolerance: QTI's `equal`)."""
    q = parts.question
    blanks = blanks_of(q)
    feedback = bool(parts.answer.html.strip())
    if blanks:
        for place, blank in enumerate(blanks, start=1):
            response = _e(root, "responseDeclaration", identifier=xhtml.blank_response(place), cardinality="single",
                          baseType="string")
            _e(_e(response, "correctResponse"), "value", blank.answer_text)
    else:
        response = _e(root, "responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="float")
        _e(_e(response, "correctResponse"), "value", value_text(q.numeric.resolved))
    _outcome(root, "SCORE", "0")
    _outcome(root, "MAXSCORE", number(points))
    if feedback:
        _outcome(root, "FEEDBACK", None, "identifier")
    body = _e(root, "itemBody")
    body.append(xhtml.block("div", body_html))
    if blanks:
        entries = {e.get("responseIdentifier"): e for e in body.iter(f"{{{QTI}}}textEntryInteraction")}
        for place, blank in enumerate(blanks, start=1):
            entry = entries.get(xhtml.blank_response(place))
            if entry is not None:
                entry.set("expectedLength", str(max(len(blank.answer_text), 1)))
                if blank.hint:
                    entry.set("placeholderText", blank.hint)
    else:
        _e(_e(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="15")
    processing = _e(root, "responseProcessing")
    if blanks:
        for place, share in enumerate(split_points(points, len(blanks)), start=1):
            name = xhtml.blank_response(place)
            right = _e(_e(processing, "responseCondition"), "responseIf")
            same = _e(right, "match")
            _e(same, "variable", identifier=name)
            _e(same, "correct", identifier=name)
            total = _e(_e(right, "setOutcomeValue", identifier="SCORE"), "sum")
            _e(total, "variable", identifier="SCORE")
            _e(total, "baseValue", number(share), baseType="float")
    else:
        numeric = q.numeric
        right = _e(_e(processing, "responseCondition"), "responseIf")
        # QTI's relative tolerance is in per cent
        tolerance = numeric.tolerance * 100 if numeric.relative else numeric.tolerance
        equal = _e(right, "equal", toleranceMode="relative" if numeric.relative else "absolute",
                   tolerance=value_text(tolerance))
        _e(equal, "variable", identifier="RESPONSE")
        _e(equal, "correct", identifier="RESPONSE")
        _e(_e(right, "setOutcomeValue", identifier="SCORE"), "baseValue", number(points), baseType="float")
    if feedback:
        _e(_e(processing, "setOutcomeValue", identifier="FEEDBACK"), "baseValue", FEEDBACK, baseType="identifier")
        xhtml.fill(_e(root, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=FEEDBACK, showHide="show"),
                   parts.answer.html)


def _scoring(root, feedback: bool) -> None:
    """The score is the options' mapping (QTI's map_response template), and the explanation
    is shown once the candidate has answered."""
    processing = _e(root, "responseProcessing")
    condition = _e(processing, "responseCondition")
    if_null = _e(condition, "responseIf")
    _e(_e(if_null, "isNull"), "variable", identifier="RESPONSE")
    _e(_e(if_null, "setOutcomeValue", identifier="SCORE"), "baseValue", "0", baseType="float")
    otherwise = _e(condition, "responseElse")
    _e(_e(otherwise, "setOutcomeValue", identifier="SCORE"), "mapResponse", identifier="RESPONSE")
    if feedback:
        _e(_e(processing, "setOutcomeValue", identifier="FEEDBACK"), "baseValue", FEEDBACK, baseType="identifier")


def test(title: str, test_id: str, sections) -> object:
    """The assessmentTest: one testPart, one section per topic, each question once (under
    its first topic in the booklet), all its topics as the reference's categories."""
    root = _root("assessmentTest", identifier=test_id, title=title)
    _outcome(root, "SCORE", "0")
    part = _e(root, "testPart", identifier="part-1", navigationMode="nonlinear", submissionMode="simultaneous")
    seen: set[str] = set()
    for number_, (topic, questions) in enumerate(sections, start=1):
        fresh = [q for q in questions if q.id not in seen]
        if not fresh:
            continue
        section = _e(part, "assessmentSection", identifier=f"section-{number_}-{topic.slug}", title=topic.name,
                     visible="true")
        for q in fresh:
            seen.add(q.id)
            _e(section, "assessmentItemRef", identifier=identifier(q.id), href=item_path(q.id),
               category=" ".join(q.topics))
    outcome = _e(root, "outcomeProcessing")
    total = _e(outcome, "setOutcomeValue", identifier="SCORE")
    _e(_e(total, "sum"), "testVariables", variableIdentifier="SCORE")
    return root


def item_path(question_id: str) -> str:
    return f"items/{identifier(question_id)}.xml"


def manifest(test_id: str, title: str, items: dict[str, list[str]], media: list[str]):
    """The content package's manifest: the test, each item (with the media it shows as
    dependencies), and each media file."""
    from lxml import etree

    def e(parent, tag, **attributes):
        return etree.SubElement(parent, f"{{{IMSCP}}}{tag}", attributes)

    root = etree.Element(f"{{{IMSCP}}}manifest", nsmap={None: IMSCP, "xsi": XSI}, identifier=f"manifest-{test_id}")
    root.set(f"{{{XSI}}}schemaLocation", CP_LOCATION)
    metadata = e(root, "metadata")
    etree.SubElement(metadata, f"{{{IMSCP}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.0.0"
    e(root, "organizations")
    resources = e(root, "resources")
    test_resource = e(resources, "resource", identifier=test_id, type="imsqti_test_xmlv2p1", href="test.xml")
    e(test_resource, "file", href="test.xml")
    for qid in items:
        e(test_resource, "dependency", identifierref=f"item-{identifier(qid)}")
    media_ids = {name: f"media-{n}" for n, name in enumerate(media, start=1)}
    for qid, shown in items.items():
        resource = e(resources, "resource", identifier=f"item-{identifier(qid)}", type="imsqti_item_xmlv2p1",
                     href=item_path(qid))
        e(resource, "file", href=item_path(qid))
        for name in shown:
            e(resource, "dependency", identifierref=media_ids[name])
    for name, media_id in media_ids.items():
        resource = e(resources, "resource", identifier=media_id, type="webcontent", href=f"media/{name}")
        e(resource, "file", href=f"media/{name}")
    return root
