"""A QTI 2.1 content package read back: the manifest's items and test, each choice item
(one right option or several) and extended-text item as a question. The test's sections
are topics (an item reference's categories, as guidegen writes them, name them exactly);
text entries are blanks ({{c1::answer}}), or a numeric answer when the one entry takes a
number; an interaction guidegen has no form for is named and its item left out."""

from __future__ import annotations

from guidegen.importer.qti.markdown import Converter
from guidegen.importer.qti.model import Found, Imported, ImportedOption
from guidegen.importer.qti.package import BadXml, Package, localname, member_name

ITEM_TYPES = ("imsqti_item_xmlv2p1", "imsqti_item_xmlv2p0", "imsqti_item_xmlv2p2")
TEST_TYPES = ("imsqti_test_xmlv2p1", "imsqti_test_xmlv2p2")
_INTERACTIONS = {"choiceInteraction", "extendedTextInteraction", "textEntryInteraction"}
_ENTRY = "textEntryInteraction"


def is_qti21(package: Package) -> bool:
    if not package.has("imsmanifest.xml"):
        return False
    try:
        root = package.xml("imsmanifest.xml")
    except BadXml:
        return False
    return any(localname(r) == "resource" and (r.get("type") or "") in ITEM_TYPES + TEST_TYPES for r in root.iter())


def read(package: Package) -> Found:
    manifest = package.xml("imsmanifest.xml")
    resources = [r for r in manifest.iter() if localname(r) == "resource"]
    items = [(r, member_name("imsmanifest.xml", r.get("href") or "")) for r in resources if r.get("type") in ITEM_TYPES]
    tests = [member_name("imsmanifest.xml", r.get("href") or "") for r in resources if r.get("type") in TEST_TYPES]
    found = Found("", [])
    placed = _test_places(package, tests[0], found) if tests and tests[0] and package.has(tests[0]) else {}
    for resource, member in items:
        if not member or not package.has(member):
            where = "leads outside the package" if not member else "is not in the package"
            found.losses.append(("imsmanifest.xml", resource.sourceline or 1, f"item '{resource.get('href')}' {where}; left out"))
            continue
        try:
            question = _item(package, member, found)
        except BadXml as error:
            found.losses.append((member, 1, f"not readable XML ({error}); left out"))
            continue
        if question is not None:
            section, categories = placed.get(member, ("", []))
            question.section, question.topics = section, categories
            found.questions.append(question)
    order = {member: n for n, member in enumerate(placed)}  # the test's order, section by section
    found.questions.sort(key=lambda q: order.get(q.where[0], len(order)))
    return found


def _test_places(package: Package, test: str, found: Found) -> dict[str, tuple[str, list[str]]]:
    """Each item member -> the title of the section holding it and its reference's categories."""
    try:
        root = package.xml(test)
    except BadXml as error:
        found.losses.append((test, 1, f"not readable XML ({error}); its sections are not read"))
        return {}
    found.title = root.get("title") or ""
    places = {}
    for section in (s for s in root.iter() if localname(s) == "assessmentSection"):
        for ref in (r for r in section if localname(r) == "assessmentItemRef"):
            member = member_name(test, ref.get("href") or "")
            if member:
                places[member] = (section.get("title") or "", (ref.get("category") or "").split())
    return places


def _item(package: Package, member: str, found: Found) -> Imported | None:
    root = package.xml(member)
    if localname(root) != "assessmentItem":
        found.losses.append((member, root.sourceline or 1, f"a <{localname(root)}>, not an assessmentItem; left out"))
        return None
    body = next((c for c in root if localname(c) == "itemBody"), None)
    interactions = [e for e in body.iter() if localname(e).endswith("Interaction")] if body is not None else []
    other = [e for e in interactions if localname(e) not in _INTERACTIONS]
    entries = [e for e in interactions if localname(e) == _ENTRY]
    if entries and len(entries) == len(interactions):
        return _entries(package, member, root, body, entries, found)
    if len(interactions) != 1 or other or entries:
        kind = localname(other[0]) if other else f"{len(interactions)} interactions"
        found.losses.append((member, (other[0] if other else root).sourceline or 1,
                             f"item '{root.get('identifier')}': a {kind} has no guidegen form; left out"))
        return None
    convert = Converter(package, member)
    interaction = interactions[0]
    rubrics = [e for e in body.iter() if localname(e) == "rubricBlock"]
    prompt = next((c for c in interaction if localname(c) == "prompt"), None)
    for element in rubrics + [interaction]:
        element.getparent().remove(element)
    question = convert.blocks(body)
    if prompt is not None:
        question = (question + "\n\n" + convert.blocks(prompt)).strip()
    feedback = "\n\n".join(convert.blocks(f) for f in root if localname(f) == "modalFeedback")
    scorer = "\n\n".join(convert.blocks(r) for r in rubrics)
    imported = Imported(root.get("identifier") or "", root.get("title") or "", question, "", (member, root.sourceline or 1),
                        points=_points(root))
    if localname(interaction) == "choiceInteraction":
        right = _right(root)
        imported.shuffle = interaction.get("shuffle", "false") == "true"
        for choice in (c for c in interaction if localname(c) == "simpleChoice"):
            text = convert.blocks(choice)
            imported.options.append(ImportedOption(text, choice.get("identifier") in right))
            if choice.get("fixed") == "true" and imported.shuffle:
                _note_fixed(found, member, choice, text)
        imported.answer = "\n\n".join(t for t in (feedback, scorer) if t.strip())
    else:
        imported.answer = "\n\n".join(t for t in (scorer, feedback) if t.strip())
    imported.media = convert.media
    found.losses += [(member, line, message) for line, message in convert.losses]
    return imported


def _note_fixed(found: Found, member: str, choice, text: str) -> None:
    from guidegen.choices_order import refers_to_others

    if not refers_to_others(text):  # guidegen keeps only options about the others in place
        found.losses.append((member, choice.sourceline or 1, f"option '{choice.get('identifier')}' is fixed in place; "
                                                             "guidegen keeps in place only options about the others "
                                                             "(add 'shuffle: false' to keep every option in place)"))


def _right(root) -> set[str]:
    """The right choices: the correct response, else those the mapping gives points."""
    declaration = next((d for d in root if localname(d) == "responseDeclaration"), None)
    if declaration is None:
        return set()
    values = {v.text.strip() for c in declaration if localname(c) == "correctResponse" for v in c if v.text}
    if values:
        return values
    return {e.get("mapKey") for e in declaration.iter() if localname(e) == "mapEntry" and _float(e.get("mappedValue")) > 0}


def _points(root) -> float | None:
    """The item's score: MAXSCORE's value, else the mapping's upper bound, else the sum of its positive entries."""
    for outcome in (o for o in root if localname(o) == "outcomeDeclaration" and o.get("identifier") == "MAXSCORE"):
        for value in outcome.iter():
            if localname(value) == "value" and value.text and _float(value.text) > 0:
                return _float(value.text)
    for mapping in (m for m in root.iter() if localname(m) == "mapping"):
        if _float(mapping.get("upperBound")) > 0:
            return _float(mapping.get("upperBound"))
        total = sum(max(_float(e.get("mappedValue")), 0) for e in mapping if localname(e) == "mapEntry")
        if total > 0:
            return total
    return None


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _entries(package: Package, member: str, root, body, entries: list, found: Found) -> Imported:
    """An item of text entries: one float (or integer) entry is a numeric answer, within the
    tolerance its `equal` gives; otherwise each entry is a blank ({{cK::answer::hint}}, the
    answer its correct response, the hint its placeholder text)."""
    from guidegen.importer.formats.common import BLANK_MARK, blank, put_blanks, without_stated_answer

    declared = {d.get("identifier"): d for d in root if localname(d) == "responseDeclaration"}
    convert = Converter(package, member)
    numeric = None
    blanks: dict[int, str] = {}
    number_types = ("float", "integer")
    if len(entries) == 1 and (declared.get(entries[0].get("responseIdentifier")) is not None
                              and declared[entries[0].get("responseIdentifier")].get("baseType") in number_types):
        numeric = _numeric(root, declared[entries[0].get("responseIdentifier")])
        if numeric is None:
            found.losses.append((member, entries[0].sourceline or 1, "a number entry without a correct response: "
                                                                     "imported as an open question"))
    for place, entry in enumerate(entries, start=1):
        declaration = declared.get(entry.get("responseIdentifier"))
        values = [v.text or "" for c in (declaration if declaration is not None else ()) if localname(c) == "correctResponse"
                  for v in c if localname(v) == "value"]
        if numeric is None:
            blanks[place] = blank(place, values[0] if values else "", entry.get("placeholderText") or "")
        _replace_with_text(entry, BLANK_MARK.format(place) if place in blanks else "")
    question = put_blanks(convert.blocks(body), blanks)
    feedback = "\n\n".join(convert.blocks(f) for f in root if localname(f) == "modalFeedback")
    imported = Imported(root.get("identifier") or "", root.get("title") or "", question,
                        without_stated_answer(feedback) if numeric else feedback, (member, root.sourceline or 1),
                        points=_points(root), numeric=numeric)
    imported.media = convert.media
    found.losses += [(member, line, message) for line, message in convert.losses]
    return imported


def _numeric(root, declaration) -> dict | None:
    """{value, tolerance} of a number entry: its correct response, and the tolerance of the
    `equal` that scores it (relative as a percentage); None without a correct response."""
    values = [v.text for c in declaration if localname(c) == "correctResponse" for v in c if localname(v) == "value"]
    try:
        value = float(values[0])
    except (IndexError, TypeError, ValueError):
        return None
    tolerance: float | str = 0
    for equal in (e for e in root.iter() if localname(e) == "equal"):
        try:
            given = float((equal.get("tolerance") or "0").split()[0])
        except ValueError:
            continue
        mode = equal.get("toleranceMode", "exact")
        tolerance = f"{given:g}%" if mode == "relative" else given if mode == "absolute" else 0
        break

    def plain(number):
        return int(number) if isinstance(number, float) and number.is_integer() else number

    return {"value": plain(value), "tolerance": plain(tolerance)}


def _replace_with_text(element, text: str) -> None:
    """Take an element out of its tree, leaving `text` (and its tail) where it was."""
    parent, previous = element.getparent(), element.getprevious()
    joined = text + (element.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)
