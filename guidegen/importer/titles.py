"""Titles and slugs for imported questions, made from markdown-it's inline tokens so that
math stays whole, a shortened title never ends inside $...$, and words keep their underscores."""

from __future__ import annotations

import re
import unicodedata

from guidegen.importer.blocks import NUMBERING, marker

MAX_TITLE = 80  # characters a reader sees; longer titles are cut at a word
MAX_SLUG = 60
_SENTENCE_END = re.compile(r"[?!？！。]|\.(?=\s+[A-Z(]|\s*$)")
_MD_SPECIAL = re.compile(r"[\\*`\[\]<>$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)")


def atoms(node) -> list[tuple[str, str]]:
    """An inline node as ("text" | "math" | "code", content) pieces, emphasis and links
    reduced to their words, raw HTML dropped."""
    out: list[tuple[str, str]] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            out.append(("text", child.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(("text", " "))
        elif kind in ("math_inline", "math_inline_double"):
            out.append(("math", " ".join(child.content.split())))
        elif kind == "code_inline":
            out.append(("code", child.content))
        elif kind == "html_inline":
            continue
        else:  # strong, em, link, image (its alt text)
            out.extend(atoms(child))
    merged: list[tuple[str, str]] = []
    for kind, text in out:
        if kind == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def strip_numbering(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Without a leading "1. " or "Q1:" numbering or "Q:" marker."""
    if pieces and pieces[0][0] == "text":
        text = pieces[0][1].lstrip()
        found = marker(text, "q")
        text = text[found.end:] if found else NUMBERING.sub("", text, count=1)
        pieces = ([("text", text)] if text else []) + pieces[1:]
    return pieces


def clip(text: str, limit: int = 50) -> str:
    """`text`'s first words, at most `limit` characters, cut at a word (or, in a script
    without spaces, at a character) and then ending in "…"."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    if " " in cut and words[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def strip_label(pieces: list[tuple[str, str]], label: str) -> list[tuple[str, str]]:
    """Without a leading label the user named (--questions '### Opgave') and its number."""
    if pieces and pieces[0][0] == "text" and pieces[0][1].lstrip().casefold().startswith(label.casefold()):
        text = pieces[0][1].lstrip()[len(label):]
        text = re.sub(r"^[ \t]*(?:\d{1,4}(?:\.\d{1,4})*)?[ \t]*[.):：]?[ \t]*(?:[-–—][ \t]+)?", "", text)
        pieces = ([("text", text)] if text else []) + pieces[1:]
    return pieces


def distinct(pieces: list[tuple[str, str]], question: str, whole: bool = True) -> list[tuple[str, str]]:
    """A title that is not the whole question, or its first sentence, again: the question's
    bold term ("What is **Nominal Data**?" gives "Nominal Data"), else its first words,
    ending in "…"."""
    from markdown_it.tree import SyntaxTreeNode

    from guidegen.content.parse import markdown_parser
    from guidegen.importer.blocks import inline_of

    nodes = [n for n in SyntaxTreeNode(markdown_parser(typographer=False).parse(question)).children if n.map]
    inline = inline_of(nodes[0]) if nodes else None
    if inline is None:
        return pieces
    title, first = words(pieces), words(strip_numbering(atoms(inline)))
    # The whole question, or its first sentence with more after it (the sheet prints the
    # title, then the whole question: that sentence would print twice).
    # (`whole`: also where it is the whole question; else the writers print such a title once.)
    again = whole and first == title and len(nodes) == 1
    if not again and not (first.startswith(title) and len(first) > len(title)):
        return pieces
    if not again and (any(kind != "text" for kind, _ in pieces) or shorten(pieces) != pieces):
        # A first sentence with math or code: no cut leaves a title worth reading; one
        # too long for a title: it is cut to its length already, and ends in "…".
        return pieces
    strong = [atoms(child) for child in inline.children if child.type == "strong"]
    if again and len(strong) == 1 and words(strong[0]):
        return strong[0]  # the question's one bold term names it (not so in a longer question)
    text = words(pieces)
    if " " in text:
        keep = text.split(" ")
        # A first sentence with more after it loses at least its last word; the whole
        # question, at least two (its title is then plainly not all of it).
        cut = " ".join(keep[: max(2, min(6, len(keep) - (2 if again else 1)))])
    else:  # a script written without spaces
        cut = text[: max(2, len(text) // 2)]
    if len(cut) >= len(text) or any(kind != "text" for kind, _ in pieces):
        return pieces if len(cut) >= len(text) else shorten(pieces, len(cut))
    return [("text", cut.rstrip(" ,;:-")), ("text", "…")]


def first_sentence(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for kind, text in pieces:
        if kind == "text":
            end = _SENTENCE_END.search(text)
            if end and (out or text[: end.start()].strip()):
                out.append((kind, text[: end.end()]))
                return out
        out.append((kind, text))
    return out


def shorten(pieces: list[tuple[str, str]], limit: int = MAX_TITLE) -> list[tuple[str, str]]:
    """At most about `limit` visible characters, cut between words and never inside math or code."""
    out, used = [], 0
    for kind, text in pieces:
        size = len(text) + (2 if kind != "text" else 0)
        if used + size <= limit:
            out.append((kind, text))
            used += size
            continue
        if kind == "text":
            room = text[: max(limit - used, 0)]
            cut = room.rsplit(" ", 1)[0] if " " in room else ""
            if cut.strip():
                out.append((kind, cut.rstrip(" ,;:-")))
        out.append(("text", "…"))
        break
    return out


def render(pieces: list[tuple[str, str]]) -> str:
    """Inline Markdown that reads back as `pieces`: text escaped, math and code kept whole."""
    parts = []
    for kind, text in pieces:
        if kind == "text":
            parts.append(_MD_SPECIAL.sub(lambda m: "\\" + m.group(), text))
        elif kind == "math":
            parts.append(f"${text}$")
        else:
            fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
            pad = " " if text.startswith("`") or text.endswith("`") else ""
            parts.append(f"{fence}{pad}{text}{pad}{fence}")
    return " ".join("".join(parts).split())


def words(pieces: list[tuple[str, str]]) -> str:
    return " ".join("".join(text for _, text in pieces).split())


def slug_words(pieces: list[tuple[str, str]]) -> str:
    """The words an id is made of: math without its markup, so $L_2$ gives l2, not l-2."""
    return words([(kind, re.sub(r"[\\_^{}]", "", text) if kind == "math" else text) for kind, text in pieces])


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """Lowercase ASCII words joined by hyphens; other scripts transliterated ("决策树" gives
    "jueceshu", "Ответ" gives "otvet"), so an id reads like its title."""
    from anyascii import anyascii

    text = anyascii(unicodedata.normalize("NFKC", text))
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") if len(slug) > limit and "-" not in slug[:limit] else _cut(slug, limit)


def _cut(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rsplit("-", 1)[0]
