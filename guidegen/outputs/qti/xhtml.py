"""HTML from the renderers (render.py) as QTI 2.1's XHTML: the elements QTI 2.1 takes,
in its namespace, with only the attributes it declares; MathML in its own namespace.

QTI 2.1 holds a subset of XHTML in its own namespace and no style attribute; anything
else the content may hold (raw HTML's <details>, an ordered list's start) becomes the
nearest element it takes, so an item always validates against the IMS schema."""

from __future__ import annotations

import re

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
MATHML = "http://www.w3.org/1998/Math/MathML"

_BLOCK = {"p", "div", "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
          "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl", "dt", "dd", "address", "caption"}
_INLINE = {"em", "strong", "code", "span", "a", "img", "br", "sub", "sup", "b", "i", "q", "kbd", "samp", "var",
           "abbr", "acronym", "cite", "dfn", "tt", "big", "small"}
_RENAMED = {"details": "div", "summary": "div", "figure": "div", "figcaption": "div", "section": "div", "s": "span",
            "del": "span", "ins": "span", "u": "span", "mark": "span", "article": "div", "aside": "div", "nav": "div"}
_ATTRIBUTES = {"img": ("src", "alt", "width", "height"), "a": ("href",), "td": ("colspan", "rowspan"),
               "th": ("colspan", "rowspan")}
_MATH = re.compile(r"<math\b.*?</math>", re.DOTALL)


def elements(fragment: str) -> list:
    """The HTML `fragment` as QTI 2.1 elements and text: a list whose first item may be a
    string (the text before the first element)."""
    from lxml import etree, html as lxml_html

    formulas: list[str] = []

    def hold(match: re.Match) -> str:
        formulas.append(match.group(0))
        return f'<span data-gg-math="{len(formulas) - 1}"></span>'

    source = _MATH.sub(hold, fragment)
    if not source.strip():
        return []
    wrapper = lxml_html.fragment_fromstring(source, create_parent="div")
    out = etree.Element(f"{{{QTI}}}div")
    _copy_children(wrapper, out, formulas)
    return ([out.text] if out.text else []) + list(out)


def _copy_children(source, target, formulas: list[str]) -> None:
    from lxml import etree

    target.text = (target.text or "") + (source.text or "")
    for child in source:
        if not isinstance(child.tag, str):  # a comment or processing instruction: dropped
            _append_text(target, child.tail)
            continue
        if child.tag == "span" and child.get("data-gg-math") is not None:
            target.append(_parse_math(formulas[int(child.get("data-gg-math"))]))
            target[-1].tail = child.tail
            continue
        if child.tag == "span" and (child.get("data-gg-blank") or "").isdigit():
            # A blank's place (outputs.entries.SLOT): the item's text entry for it
            etree.SubElement(target, f"{{{QTI}}}textEntryInteraction", responseIdentifier=blank_response(int(child.get("data-gg-blank"))))
            target[-1].tail = child.tail
            continue
        tag = _RENAMED.get(child.tag, child.tag)
        if tag not in _BLOCK and tag not in _INLINE:
            tag = "div" if _has_block(child) else "span"
        element = etree.SubElement(target, f"{{{QTI}}}{tag}")
        for name in _ATTRIBUTES.get(tag, ()):
            if child.get(name) is not None:
                element.set(name, child.get(name))
        if child.get("class") and re.fullmatch(r"[A-Za-z0-9_ -]+", child.get("class")):
            element.set("class", child.get("class"))
        if tag == "img" and element.get("alt") is None:
            element.set("alt", "")
        if tag == "table":
            _copy_table(child, element, formulas)
        else:
            _copy_children(child, element, formulas)
        element.tail = child.tail


def blank_response(place: int) -> str:
    """The response identifier of a question's K-th blank."""
    return f"RESPONSE_{place}"


def _copy_table(source, target, formulas: list[str]) -> None:
    """A table's rows, under a <tbody> where the HTML had none (QTI asks for one)."""
    from lxml import html as lxml_html

    body = None
    for child in list(source):
        if isinstance(child.tag, str) and child.tag == "tr":
            if body is None:
                body = lxml_html.Element("tbody")
                source.append(body)
            body.append(child)
    _copy_children(source, target, formulas)


def _has_block(element) -> bool:
    return any(isinstance(e.tag, str) and e.tag in _BLOCK for e in element.iter() if e is not element)


def _append_text(target, text: str | None) -> None:
    if not text:
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def _parse_math(mathml: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    element = etree.fromstring(mathml, parser)
    if element.nsmap.get(None) != MATHML:  # latex2mathml names its namespace; a guard all the same
        for node in element.iter():
            node.tag = f"{{{MATHML}}}{etree.QName(node).localname}"
    return element


def block(tag: str, fragment: str, **attributes: str):
    """A QTI element `tag` holding the HTML `fragment`."""
    from lxml import etree

    element = etree.Element(f"{{{QTI}}}{tag}", {k: v for k, v in attributes.items()})
    fill(element, fragment)
    return element


def fill(element, fragment: str) -> None:
    """Append the HTML `fragment` to `element`."""
    for item in elements(fragment):
        if isinstance(item, str):
            _append_text(element, item)
        else:
            element.append(item)
