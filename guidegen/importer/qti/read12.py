"""A QTI 1.2 package (Canvas Classic's, text2qti's, guidegen's own) read back: every
<item> of the questestinterop documents in it. Canvas's question_type and points_possible
say what an item is; without them, a response_lid is multiple choice and a response_str
an essay. The right options are those a respcondition sets a positive score for (with
<and>/<not> for several); sections are topics. Canvas's fill_in_multiple_blanks_question
gives blanks ({{c1::answer}}), its numerical_question a numeric answer."""

from __future__ import annotations

from guidegen.importer.qti.markdown import Converter, html_root
from guidegen.importer.qti.model import Found, Imported, ImportedOption
from guidegen.importer.qti.package import BadXml, Package, localname

TOPICS_FIELD = "guidegen_topics"
_CHOICE_TYPES = {"multiple_choice_question", "multiple_answers_question", "true_false_question"}


def documents(package: Package) -> list[str]:
    """The members that are QTI 1.2 documents (their root is questestinterop)."""
    found = []
    for name in sorted(package.names):
        if not name.endswith(".xml") or name == "imsmanifest.xml":
            continue
        head = package.read(name)[:2000]
        if b"questestinterop" in head:
            found.append(name)
    return found


def is_qti12(package: Package) -> bool:
    for name in documents(package):
        try:
            if localname(package.xml(name)) == "questestinterop":
                return True
        except BadXml:
            continue
    return False


def read(package: Package) -> Found:
    found = Found("", [])
    for member in documents(package):
        try:
            root = package.xml(member)
        except BadXml as error:
            found.losses.append((member, 1, f"not readable XML ({error}); left out"))
            continue
        assessment = next((a for a in root.iter() if localname(a) == "assessment"), None)
        if assessment is not None and not found.title:
            found.title = assessment.get("title") or ""
        for item in (i for i in root.iter() if localname(i) == "item"):
            section = item.getparent()
            title = section.get("title") or "" if localname(section) == "section" and section.get("ident") != "root_section" else ""
            question = _item(package, member, item, found)
            if question is not None:
                question.section = title
                found.questions.append(question)
    return found


def _metadata(item) -> dict[str, str]:
    fields = {}
    for field in (f for f in item.iter() if localname(f) == "qtimetadatafield"):
        label = next((c.text for c in field if localname(c) == "fieldlabel"), None)
        entry = next((c.text for c in field if localname(c) == "fieldentry"), None)
        if label:
            fields[label.strip()] = (entry or "").strip()
    return fields


def _html(convert: Converter, material) -> str:
    """A <material>'s text (HTML or plain) and images, as Markdown."""
    parts = []
    for node in material.iter():
        name = localname(node)
        if name in ("mattext", "matemtext"):
            text = node.text or ""
            if (node.get("texttype") or "text/plain") == "text/html":
                parts.append(convert.blocks(html_root(text)))
            else:
                parts.append(convert.text(text))
        elif name == "matimage":
            convert.losses.append((node.sourceline or 1, "a <matimage> is left out (only images in HTML text are read)"))
    return "\n\n".join(p for p in parts if p.strip())


def _item(package: Package, member: str, item, found: Found) -> Imported | None:
    convert = Converter(package, member)
    fields = _metadata(item)
    kind = fields.get("question_type", "")
    presentation = next((p for p in item if localname(p) == "presentation"), None)
    if presentation is None:
        found.losses.append((member, item.sourceline or 1, f"item '{item.get('ident')}' has no presentation; left out"))
        return None
    lids = [r for r in presentation.iter() if localname(r) == "response_lid"]
    strs = [r for r in presentation.iter() if localname(r) in ("response_str", "response_num")]
    if kind == "fill_in_multiple_blanks_question" or kind == "numerical_question" and len(strs) == 1:
        return _entries(package, member, item, presentation, lids, kind, fields, found)
    choice = kind in _CHOICE_TYPES or (not kind and len(lids) == 1 and not strs)
    essay = kind == "essay_question" or (not kind and len(strs) == 1 and not lids)
    if not (choice and len(lids) == 1) and not essay:
        found.losses.append((member, item.sourceline or 1, f"item '{item.get('ident')}': a {kind or 'QTI 1.2 item of this kind'} "
                                                           "has no guidegen form; left out"))
        return None
    question = "\n\n".join(_html(convert, m) for m in presentation if localname(m) == "material")
    feedback = "\n\n".join(_html(convert, m) for f in item if localname(f) == "itemfeedback" for m in f.iter()
                           if localname(m) == "material")
    imported = Imported(item.get("ident") or "", item.get("title") or "", question, feedback, (member, item.sourceline or 1),
                        points=_points(fields), topics=fields.get(TOPICS_FIELD, "").split())
    if choice:
        right = _right(item)
        render = next((r for r in lids[0].iter() if localname(r) == "render_choice"), None)
        imported.shuffle = render is None or (render.get("shuffle") or "Yes").lower() != "no"
        for label in (l for l in lids[0].iter() if localname(l) == "response_label"):
            text = "\n\n".join(_html(convert, m) for m in label if localname(m) == "material")
            imported.options.append(ImportedOption(text, label.get("ident") in right))
    imported.media = convert.media
    found.losses += [(member, line, message) for line, message in convert.losses]
    return imported


def _points(fields: dict[str, str]) -> float | None:
    try:
        value = float(fields.get("points_possible", ""))
    except ValueError:
        return None
    return value if value > 0 else None


def _right(item) -> set[str]:
    """The options a respcondition that sets a positive score asks for (not under <not>)."""
    right: set[str] = set()
    for condition in (c for c in item.iter() if localname(c) == "respcondition"):
        scores = [s for s in condition if localname(s) == "setvar" and _positive(s.text)]
        if not scores:
            continue
        for equal in (e for e in condition.iter() if localname(e) == "varequal"):
            if not any(localname(a) == "not" for a in equal.iterancestors()) and equal.text:
                right.add(equal.text.strip())
    return right


def _positive(text: str | None) -> bool:
    try:
        return float(text or "") > 0
    except ValueError:
        return False


def _entries(package: Package, member: str, item, presentation, lids: list, kind: str, fields: dict[str, str],
             found: Found) -> Imported:
    """Canvas's fill_in_multiple_blanks_question (each [name] in the text a blank, its answer
    the label a scoring respcondition asks for) or numerical_question (the exact answer, its
    margin from vargte and varlte)."""
    from guidegen.importer.formats.common import BLANK_MARK, blank, put_blanks, without_stated_answer

    convert = Converter(package, member)
    blanks: dict[int, str] = {}
    right = _right(item)
    texts = [m for material in presentation if localname(material) == "material" for m in material.iter()
             if localname(m) == "mattext"]
    for place, lid in enumerate(lids, start=1):
        name = "".join(t for m in lid if localname(m) == "material" for t in m.itertext()).strip()
        labels = [l for l in lid.iter() if localname(l) == "response_label"]
        answers = ["".join(t for m in l if localname(m) == "material" for t in m.itertext()).strip()
                   for l in labels if l.get("ident") in right]
        blanks[place] = blank(place, answers[0] if answers else "")
        for text in texts:
            text.text = (text.text or "").replace(f"[{name}]", BLANK_MARK.format(place))
    question = put_blanks("\n\n".join(_html(convert, m) for m in presentation if localname(m) == "material"), blanks)
    feedback = "\n\n".join(_html(convert, m) for f in item if localname(f) == "itemfeedback" for m in f.iter()
                           if localname(m) == "material")
    numeric = _number(item) if kind == "numerical_question" else None
    if kind == "numerical_question" and numeric is None:
        found.losses.append((member, item.sourceline or 1, f"item '{item.get('ident')}': a numerical question without "
                                                           "an answer it scores; imported as an open question"))
    imported = Imported(item.get("ident") or "", item.get("title") or "", question,
                        without_stated_answer(feedback) if numeric else feedback, (member, item.sourceline or 1),
                        points=_points(fields), topics=fields.get(TOPICS_FIELD, "").split(), numeric=numeric)
    imported.media = convert.media
    found.losses += [(member, line, message) for line, message in convert.losses]
    return imported


def _number(item) -> dict | None:
    """{value, tolerance} of a numerical question: the exact answer (varequal) and the margin
    (vargte/varlte) of the respcondition that scores it."""
    for condition in (c for c in item.iter() if localname(c) == "respcondition"):
        if not any(localname(s) == "setvar" and _positive(s.text) for s in condition):
            continue
        bounds = {}
        for test in condition.iter():
            if localname(test) in ("varequal", "vargte", "varlte"):
                try:
                    bounds.setdefault(localname(test), float((test.text or "").strip()))
                except ValueError:
                    continue
        low, high = bounds.get("vargte"), bounds.get("varlte")
        value = bounds.get("varequal", (low + high) / 2 if low is not None and high is not None else None)
        if value is None:
            continue
        margin = max(abs(value - low) if low is not None else 0.0, abs(high - value) if high is not None else 0.0)
        return {"value": _plain(value), "tolerance": _plain(float(f"{margin:.10g}"))}
    return None


def _plain(number: float):
    return int(number) if number.is_integer() else number
