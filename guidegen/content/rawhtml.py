"""Raw HTML as it appears in real Markdown READMEs, read with the standard library's
HTML parser (never regular expressions) into pieces that every writer turns into its
own format: formatting that opens and closes, text, links, images and breaks.

Formatting tags keep what they mean, lists and tables are lists and tables, wrappers
that only style keep their content, and comments are dropped. What cannot be printed
(scripts, styles, frames, forms, media) is left out, and an unknown tag is dropped with
its content kept, as GitHub shows them: each a warning. Tags left open are closed, so
whatever the HTML, every writer's output is balanced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Tags that format their content, each printed by every writer as what it means.
FORMATTING = {"b", "strong", "i", "em", "cite", "var", "code", "tt", "samp", "kbd", "sub", "sup", "small", "summary"}
# Tags that only style or group: their content is kept, the tag itself prints nothing
# (a block wrapper ends the paragraph where the HTML would).
WRAPPERS = {"span", "font", "u", "ins", "mark", "abbr", "a", "details"}
BLOCK_WRAPPERS = {"p", "div", "center", "section", "article", "blockquote", "figure", "figcaption", "summary", "details"}
BREAKS = {"br", "wbr", "hr"}
LISTS = {"ul", "ol"}
# A table's own tags: the rows and cells are read; the sections and caption only group.
TABLE_PARTS = {"thead", "tbody", "tfoot", "caption", "colgroup", "col"}
MAX_LIST_NESTING = 4  # as content.check.MAX_NESTING: deeper is no outline a reader follows
MAX_TABLE_COLUMNS = 20  # as content.check.MAX_TABLE_COLUMNS
# Formatting tags and links inside one another: each is a TeX group, and TeX allows 255
# at once (500 nested <b> stopped it); real HTML nests three or four, and Markdown's
# emphasis (convert.MAX_INLINE_NESTING) and math take their own share.
MAX_NESTING = 10
# Cannot be printed: left out, content and all, each with its reason (a warning).
REFUSED = {
    "script": "a script cannot run on paper", "style": "a style sheet cannot be printed",
    "iframe": "an embedded page cannot be printed", "object": "an embedded object cannot be printed",
    "embed": "an embedded object cannot be printed", "form": "a form cannot be printed",
    "input": "a form field cannot be printed", "button": "a button cannot be printed",
    "select": "a form field cannot be printed", "textarea": "a form field cannot be printed",
    "video": "a video cannot be printed", "audio": "a sound cannot be printed", "canvas": "a canvas cannot be printed",
}


@dataclass
class Piece:
    """What the HTML holds, in order. `kind` is one of
    - "open" / "close": a formatting tag (`value`, one of FORMATTING) around content;
    - "block-open" / "block-close": a block wrapper (`value` its tag), which ends the
      paragraph where the HTML would (in an HTML block only);
    - "text": text as written; "break": `value` is br, wbr or hr;
    - "image": an <img>, with its attributes; "link" / "link-end": around a link's label,
      `value` its address;
    - in an HTML block, "list-open" / "list-close" (`value` ul or ol), "item-open" /
      "item-close"; "table-open" / "table-close", "row-open" / "row-close", "cell-open" /
      "cell-close" (`value` th or td). Inside a table's cell, lists and tables only group."""

    kind: str
    value: str
    attrs: dict = field(default_factory=dict)


class Stream(HTMLParser):
    """HTML fed in pieces (one tag at a time, as Markdown's inline HTML comes), turned into
    Pieces; `finish` closes whatever is still open."""

    def __init__(self, block: bool, links: bool = True):
        super().__init__(convert_charrefs=True)
        self.block = block  # a whole HTML block: wrappers end paragraphs
        self.links = links  # <a href> may become a link (not inside titles and the like)
        self.pieces: list[Piece] = []
        self.problems: list[tuple[str, bool]] = []  # (message, whether it is a warning)
        self.lists = 0  # lists open around what comes next
        self.tables = 0  # tables open (one is read as a table; one inside it only groups)
        self.cells = 0  # cells of the current row
        self.open: list[tuple[str, Piece | None]] = []  # (tag, the piece that closes it, if any)
        self.skip = 0  # inside a refused element: its content is not printed either
        self.groups = 0  # TeX groups the open tags hold: formatting ({...}) and links (\\href{..}{..})
        self.too_deep = False  # reported once (the question is not built then)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        link = tag == "a" and self.links and attrs.get("href", "").startswith(("https://", "http://", "mailto:"))
        if tag in REFUSED:
            self.problems.append((f"HTML <{tag}> is left out: {REFUSED[tag]}", True))
            self.skip += tag not in ("input", "embed", "col")
            return
        if self.skip:
            return  # inside a refused element: nothing of it prints
        if tag == "img":
            if any(isinstance(after, Piece) and after.kind == "link-end" for _, after in self.open):
                attrs["in link"] = "1"  # a picture inside a link: on paper, its alt text
            self.pieces.append(Piece("image", attrs.get("src", ""), attrs))
        elif tag in BREAKS:
            self.pieces.append(Piece("break", tag))
        elif (tag in FORMATTING or link) and self.groups >= MAX_NESTING:
            if not self.too_deep:
                self.problems.append((f"HTML formatting tags and links are nested more than {MAX_NESTING} deep; "
                                      "remove some of the tags", False))
            self.too_deep = True
            self.open.append((tag, None))  # its end tag closes nothing that was opened
        elif tag in FORMATTING:
            self.pieces.append(Piece("open", tag))
            self.open.append((tag, Piece("close", tag)))
            self.groups += 1
        elif link:
            self.pieces.append(Piece("link", attrs["href"]))
            self.open.append((tag, Piece("link-end", attrs["href"])))
            self.groups += 1
        elif self.block and tag in LISTS and not self.tables:
            self.lists += 1
            if self.lists > MAX_LIST_NESTING:
                self.problems.append((f"HTML lists are nested more than {MAX_LIST_NESTING} deep; flatten them", False))
            self.pieces.append(Piece("list-open", tag))
            self.open.append((tag, Piece("list-close", tag)))
        elif self.block and tag == "li" and self.lists and not self.tables:
            self.pieces.append(Piece("item-open", tag))
            self.open.append((tag, Piece("item-close", tag)))
        elif self.block and tag == "table" and not self.tables and not self.lists:
            self.tables += 1
            self.pieces.append(Piece("table-open", tag))
            self.open.append((tag, Piece("table-close", tag)))
        elif self.block and tag == "tr" and self.tables == 1:
            self.cells = 0
            self.pieces.append(Piece("row-open", tag))
            self.open.append((tag, Piece("row-close", tag)))
        elif self.block and tag in ("td", "th") and self.tables == 1:
            self.cells += 1
            if self.cells == MAX_TABLE_COLUMNS + 1:
                self.problems.append((f"the HTML table has more than {MAX_TABLE_COLUMNS} columns; at most "
                                      f"{MAX_TABLE_COLUMNS} fit across a page: split it into narrower tables", False))
            self.pieces.append(Piece("cell-open", tag))
            self.open.append((tag, Piece("cell-close", tag)))
        elif tag in WRAPPERS or tag in BLOCK_WRAPPERS or tag in TABLE_PARTS or tag in LISTS or tag in ("li", "table", "tr", "td", "th"):
            if tag == "table":
                self.tables += 1  # a table inside a table: its cells run on as text
            if self.block and tag in BLOCK_WRAPPERS:
                self.pieces.append(Piece("block-open", tag))
            self.open.append((tag, Piece("block-close", tag) if self.block and tag in BLOCK_WRAPPERS else None))
        else:
            # As GitHub does: the tag is dropped, what it holds is kept.
            self.problems.append((f"HTML <{tag}> is not a tag guidegen knows: it is left out and its content kept", True))
            self.open.append((tag, None))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in BREAKS and tag != "img" and tag not in REFUSED:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in REFUSED:
            self.skip = max(self.skip - 1, 0)
            return
        if not any(name == tag for name, _ in self.open):
            return  # a stray end tag closes nothing
        while self.open:
            name, after = self.open.pop()
            self._close(after)
            if name == tag:
                if tag == "table" and after is None:
                    self.tables -= 1  # the inner table of a table
                break

    def _close(self, after: Piece | None) -> None:
        if after is not None:
            self.groups -= after.kind in ("close", "link-end")
            self.lists -= after.kind == "list-close"
            self.tables -= after.kind == "table-close"
            self.pieces.append(after)

    def handle_data(self, data):
        if not self.skip and data:
            self.pieces.append(Piece("text", data))

    def handle_comment(self, data):
        pass  # <!-- ... --> prints nothing

    def take(self, html: str) -> tuple[list[Piece], list[tuple[str, bool]]]:
        """The pieces and problems of the next fragment."""
        self.feed(html)
        return self._drain()

    def finish(self) -> tuple[list[Piece], list[tuple[str, bool]]]:
        self.close()
        while self.open:
            self._close(self.open.pop()[1])
        return self._drain()

    def _drain(self) -> tuple[list[Piece], list[tuple[str, bool]]]:
        pieces, problems = self.pieces, self.problems
        self.pieces, self.problems = [], []
        return pieces, problems
