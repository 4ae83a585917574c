"""A QTI item's (X)HTML as guidegen's Markdown: paragraphs, emphasis, code (a fence keeps
its language), lists, tables, images (copied from the package into figures/), and math
back as $...$: from the TeX annotation guidegen's QTI 2.1 export puts beside its MathML,
from \\(...\\) and \\[...\\] in QTI 1.2's HTML, or from Canvas's equation images. What has
no Markdown form is said as a problem (a warning at the member's line)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from guidegen.importer.qti.package import Package, localname, member_name

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg")
_ESCAPED = re.compile(r"([\\`*_$\[\]<&])")
_LINE_START = re.compile(r"^([#>+|-]|\d+[.)])", re.MULTILINE)
_TEX = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
_SKIPPED = {"script", "style", "object", "iframe", "audio", "video", "input", "textarea", "select", "button", "form"}
CANVAS_FILEBASE = "$IMS-CC-FILEBASE$/"


@dataclass
class Converter:
    """Turns elements of one member of `package` into Markdown; the images it meets are
    collected in `media` (the file name in figures/ -> the member), what it cannot carry
    in `losses` (line, message)."""

    package: Package
    member: str
    media: dict[str, str] = field(default_factory=dict)
    losses: list[tuple[int, str]] = field(default_factory=list)

    # -- blocks ----------------------------------------------------------------------------
    def blocks(self, element) -> str:
        """The children of `element` (and its text) as Markdown blocks."""
        out, inline = [], []

        def flush():
            text = re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", "".join(inline)).strip()  # (display math splits a paragraph)
            if text:
                out.append(text)
            inline.clear()

        if element.text:
            inline.append(self.text(element.text))
        for child in element:
            name = localname(child)
            if name in _BLOCKS or (name == "math" and child.get("display") == "block"):
                flush()
                block = _BLOCKS[name](self, child) if name in _BLOCKS else self.math(child)
                if block.strip():
                    out.append(block.strip("\n"))
            elif name:
                inline.append(self.inline(child))
            if child.tail:
                inline.append(self.text(child.tail))
        flush()
        return "\n\n".join(out)

    def paragraph(self, element) -> str:
        return self.inline_children(element).strip()

    def division(self, element) -> str:
        classes = (element.get("class") or "").split()
        if "caption" in classes:
            return ""  # a figure's caption: the figure's image holds it (below)
        if "figure" in classes:  # guidegen's figure: an image, and its caption with its math and emphasis
            image = next((e for e in element.iter() if localname(e) == "img"), None)
            caption = next((e for e in element.iter() if "caption" in (e.get("class") or "").split()), None)
            if image is not None and caption is not None:
                shown = self.image(image)
                return re.sub(r"^!\[.*\]", lambda _: "![" + self.inline_children(caption).strip() + "]", shown, flags=re.DOTALL)
        return self.blocks(element)

    def heading(self, element) -> str:
        return "#" * int(localname(element)[1]) + " " + self.inline_children(element).strip()

    def pre(self, element) -> str:
        code = next((c for c in element if localname(c) == "code"), None)
        classes = (code.get("class") if code is not None else element.get("class")) or ""
        language = next((c[len("language-"):] for c in classes.split() if c.startswith("language-")), "")
        text = "".join(element.itertext()).rstrip("\n")
        fence = "```" if "```" not in text else "~~~~"
        return f"{fence}{language}\n{text}\n{fence}"

    def listing(self, element) -> str:
        ordered = localname(element) == "ol"
        items = []
        for number, item in enumerate((c for c in element if localname(c) == "li"), start=1):
            marker = f"{number}. " if ordered else "- "
            body = self.blocks(item)
            items.append(marker + body.replace("\n", "\n" + " " * len(marker)))
        return "\n".join(items)

    def quote(self, element) -> str:
        return "\n".join("> " + line if line else ">" for line in self.blocks(element).split("\n"))

    def table(self, element) -> str:
        rows = [r for r in element.iter() if localname(r) == "tr"]
        cells = [[self.inline_children(c).replace("|", "\\|").replace("\n", " ").strip() for c in r
                  if localname(c) in ("td", "th")] for r in rows]
        if not cells or not cells[0]:
            return ""
        width = max(len(r) for r in cells)
        cells = [r + [""] * (width - len(r)) for r in cells]
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
        return "\n".join(lines)

    def rule(self, element) -> str:
        return "---"

    def skipped(self, element) -> str:
        self.losses.append((element.sourceline or 1, f"a <{localname(element)}> has no Markdown form; left out"))
        return ""

    # -- inline ----------------------------------------------------------------------------
    def inline_children(self, element) -> str:
        out = [self.text(element.text or "")]
        for child in element:
            name = localname(child)
            if name in _BLOCKS and name not in ("math",):
                out.append(" " + self.blocks(child).replace("\n\n", " ") + " ")
            elif name:
                out.append(self.inline(child))
            out.append(self.text(child.tail or ""))
        return "".join(out)

    def inline(self, element) -> str:
        name = localname(element)
        if name in ("em", "i"):
            return _wrap("*", self.inline_children(element))
        if name in ("strong", "b"):
            return _wrap("**", self.inline_children(element))
        if name in ("code", "tt", "kbd", "samp"):
            text = "".join(element.itertext())
            tick = "``" if "`" in text else "`"
            return f"{tick}{' ' if tick == '``' else ''}{text}{' ' if tick == '``' else ''}{tick}"
        if name == "br":
            return "\\\n"
        if name == "math":
            return self.math(element)
        if name == "img":
            return self.image(element)
        if name == "a":
            label = self.inline_children(element)
            href = element.get("href") or ""
            return f"[{label}](<{href}>)" if href.startswith(("https://", "http://", "mailto:")) else label
        if name in ("sub", "sup"):
            return f"<{name}>{self.inline_children(element)}</{name}>"
        if name in _SKIPPED:
            return self.skipped(element)
        return self.inline_children(element)  # span, and the rest: their text

    def text(self, text: str) -> str:
        """Text as Markdown, white space as HTML reads it; QTI 1.2's \\(...\\) is math."""
        text = re.sub(r"\s+", " ", text)
        out, last = [], 0
        for match in _TEX.finditer(text):
            out.append(_escape(text[last:match.start()]))
            inner, display = (match.group(1), False) if match.group(1) is not None else (match.group(2), True)
            out.append(f"\n\n{_math(inner, True)}\n\n" if display else _math(inner, False))  # a display is a block
            last = match.end()
        out.append(_escape(text[last:]))
        return "".join(out)

    def math(self, element) -> str:
        display = element.get("display") == "block"
        for node in element.iter():
            if localname(node) == "annotation" and node.get("encoding") in ("application/x-tex", "TeX", "LaTeX"):
                return _math(node.text or "", display)
        text = " ".join("".join(element.itertext()).split())
        self.losses.append((element.sourceline or 1, f"a MathML formula without its TeX source; imported as its text "
                                                     f"'{text[:40]}'"))
        return _escape(text)

    def image(self, element) -> str:
        equation = element.get("data-equation-content")
        if equation:  # Canvas's own export: an image of a formula, with its TeX
            return _math(equation, False)
        src = element.get("src") or ""
        alt = " ".join((element.get("alt") or "").split())
        from urllib.parse import unquote

        local = unquote(src)
        member = local[len(CANVAS_FILEBASE):] if local.startswith(CANVAS_FILEBASE) else member_name(self.member, src)
        if member and self.package.has(member) and PurePosixPath(member).suffix.lower() in IMAGE_SUFFIXES:
            name = _file_name(member)
            self.media[name] = member
            return f"![{_escape(alt)}]({name})"
        self.losses.append((element.sourceline or 1, f"image '{src[:60]}' is not a picture file inside the package; "
                                                     "left out" + (f" (its text: {alt})" if alt else "")))
        return _escape(alt)


def _file_name(member: str) -> str:
    """The name an image gets in figures/: its own, made safe."""
    path = PurePosixPath(member)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "image"
    return stem[:80] + path.suffix.lower()


def _escape(text: str) -> str:
    text = _ESCAPED.sub(r"\\\1", text)
    return _LINE_START.sub(r"\\\1", text) if text.lstrip() == text else text


def _math(tex: str, display: bool) -> str:
    tex = tex.strip()
    return f"$${tex}$$" if display else f"${tex}$"


def _wrap(mark: str, inner: str) -> str:
    stripped = inner.strip()
    if not stripped:
        return inner
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
    return f"{lead}{mark}{stripped}{mark}{trail}"


_BLOCKS = {"p": Converter.paragraph, "div": Converter.division, "pre": Converter.pre, "ul": Converter.listing,
           "ol": Converter.listing, "blockquote": Converter.quote, "table": Converter.table, "hr": Converter.rule,
           **{f"h{n}": Converter.heading for n in range(1, 7)}, **{name: Converter.skipped for name in _SKIPPED}}


def html_root(fragment: str):
    """An HTML fragment (QTI 1.2's mattext) as an element to convert: parsed as HTML,
    never fetching or resolving anything."""
    from lxml import html

    if not fragment.strip():
        return html.fragment_fromstring("<div></div>")
    return html.fragment_fromstring(fragment, create_parent="div")
