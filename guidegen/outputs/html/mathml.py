"""Checked TeX math to MathML, when the page is built: browsers draw MathML natively, so
the page needs no script and no network for its formulas. The conversion is
latex2mathml's, after a few spellings it does not know are given in ones it does; a
formula it cannot convert (it raises, or its MathML holds an <merror>) is shown as its
TeX source in a <code>, and the writer's check says so."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from guidegen.content.mathcheck import normal_math

# Commands of the allow-list latex2mathml lacks -> what it knows that prints alike.
_SPELLINGS = [
    (re.compile(r"\\nolimits(?![A-Za-z])|\\!"), ""),  # (latex2mathml: a name it prints; a width MathML lacks)
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
    (re.compile(r"\\(begin|end)\{dcases\}"), r"\\\1{cases}"),
    # Environments it prints on one line -> the table it draws (align* is numbered by nothing).
    (re.compile(r"\\(begin|end)\{(?:aligned|alignedat|align|flalign)\*?\}(?:\{\d+\})?"), r"\\\1{align*}"),
    (re.compile(r"\\begin\{(?:gather|gathered|multline)\*?\}"), r"\\begin{array}{c}"),
    (re.compile(r"\\end\{(?:gather|gathered|multline)\*?\}"), r"\\end{array}"),
    (re.compile(r"\\(begin|end)\{equation\*?\}"), ""),
]
# What latex2mathml writes for what it did not understand, without saying so.
_NOT_UNDERSTOOD = re.compile(r"<m[io]>(?:\\[A-Za-z]+|&amp;|&)</m[io]>")
# MathML elements and attributes latex2mathml writes: anything else would be a bug of it,
# and is not let through (the page's safety does not rest on a converter's good behaviour).
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+=\"[^\"<>]*\")*)\s*(/?)>")
_ALLOWED = frozenset("math semantics annotation mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot "
                     "mover munder munderover mtable mtr mtd mstyle mpadded mphantom menclose mmultiscripts "
                     "mprescripts none mlabeledtr mfenced merror".split())
_ATTRIBUTE = re.compile(r"([a-zA-Z-]+)=\"([^\"<>]*)\"")
_SAFE_ATTRIBUTES = frozenset("display xmlns mathvariant stretchy fence separator form lspace rspace movablelimits "
                             "largeop accent accentunder columnalign rowalign columnspacing rowspacing columnlines "
                             "rowlines frame displaystyle scriptlevel width height depth linethickness notation "
                             "minsize maxsize symmetric align columnspan rowspan encoding".split())


class Unconvertible(Exception):
    """A formula latex2mathml cannot convert (or converts to an <merror>)."""


def spelled(source: str) -> str:
    """The formula as latex2mathml reads it: the checker's normal form, then its spellings."""
    text = normal_math(source.strip())
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    return text


# A cache (guidegen.cache.Cache) that keeps each formula's conversion while a writer
# converts with it (see remembered): an edited question's unchanged formulas are not
# converted again, and latex2mathml (a twentieth of a second to import) is not loaded.
_store: list = []


@contextmanager
def remembered(store) -> Iterator[None]:
    """Conversions inside are looked up in `store` first, and kept there."""
    _store.append(store)
    try:
        yield
    finally:
        _store.pop()


@lru_cache(maxsize=4096)
def to_mathml(source: str, display: bool) -> str:
    """The formula (the inside of $...$ or $$...$$, checked) as a <math> element; raises Unconvertible."""
    if not _store or _store[-1] is None:
        return _to_mathml(source, display)
    from guidegen import cache as caching

    store, k = _store[-1], caching.key("mathml", source, display)
    kept = store.get(k)
    if isinstance(kept, list) and len(kept) == 2 and isinstance(kept[1], str):
        if kept[0] == "error":
            raise Unconvertible(kept[1])
        if kept[0] == "mathml":
            return _only_mathml(kept[1])  # held to MathML's own again: a cache is not trusted more than the converter
    try:
        converted = _to_mathml(source, display)
    except Unconvertible as error:
        store.put(k, ["error", str(error)])
        raise
    store.put(k, ["mathml", converted])
    return converted


def _to_mathml(source: str, display: bool) -> str:
    from latex2mathml.converter import convert

    try:
        mathml = convert(spelled(source), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many kinds (and bare ones) on what it does not know
        raise Unconvertible(str(error) or type(error).__name__) from None
    unknown = _NOT_UNDERSTOOD.search(mathml)
    if unknown:
        raise Unconvertible(f"it does not know {html.unescape(unknown.group(0)[4:-5])}")
    if "<merror" in mathml:
        found = re.search(r"<mtext>(.*?)</mtext>", mathml.split("<merror", 1)[1])
        raise Unconvertible(html.unescape(found.group(1)) if found else "not understood")
    return _only_mathml(mathml)


def checked(source: str, display: bool, report, label: str, shown_as: str) -> str | None:
    """A formula as MathML for a renderer: "" when the content checker refused it (it said
    why), None when it cannot be converted (told through `report` as a warning, `label`
    and `shown_as` naming the output and what it shows instead)."""
    from guidegen.content import mathcheck

    try:
        (mathcheck.check_display if display else mathcheck.check_math)(source)
    except mathcheck.MathError:
        return ""
    try:
        return to_mathml(source, display)
    except Unconvertible as error:
        shown = " ".join(source.split())
        report(f"{label} the formula '{shown[:60]}{'...' if len(shown) > 60 else ''}' cannot be converted to "
               f"MathML ({error}); {shown_as}", warning=True)
        return None


def _only_mathml(mathml: str) -> str:
    """The MathML with its tags and attributes held to MathML's own; raises Unconvertible otherwise."""
    def tag(match: re.Match) -> str:
        closing, name, attributes, empty = match.groups()
        if name not in _ALLOWED:
            raise Unconvertible(f"unexpected element <{name}>")
        kept = "".join(f' {a}="{v}"' for a, v in _ATTRIBUTE.findall(attributes) if a in _SAFE_ATTRIBUTES)
        return f"<{closing}{name}{kept}{' /' if empty else ''}>"

    rest = _TAG.sub("", mathml)
    if "<" in rest or ">" in rest:
        raise Unconvertible("unexpected markup")
    return _TAG.sub(tag, mathml)


def fallback(source: str, display: bool) -> str:
    """What stands for a formula that could not be converted: its TeX source, readable."""
    tex = html.escape(("$$" if display else "$") + source.strip() + ("$$" if display else "$"), quote=False)
    return f'<code class="tex{" display" if display else ""}">{tex}</code>'
