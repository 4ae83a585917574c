"""The walk over a question's parsed tree that the checker and every writer share:
dispatch by node type, the file line of what is being visited, runs of text joined,
and raw HTML read (rawhtml) a sequence at a time. A subclass says what each construct
becomes: nothing but problems (content.check), LaTeX, or HTML."""

from __future__ import annotations

from pathlib import Path

from guidegen.content import rawhtml
from guidegen.errors import Problem, problem


class Walker:
    def __init__(self, path: Path, first_line: int):
        self.path = path
        self.first_line = first_line
        self.line = first_line
        self.problems: list[Problem] = []
        self.nesting = 0  # lists and block quotes around the current block
        self.plain = False  # inside a title, caption, heading, table cell or emphasis: no blocks
        self.html: rawhtml.Stream | None = None  # raw HTML of the inline sequence being walked

    def report(self, message: str, line: int | None = None, code: str = "", warning: bool = False) -> None:
        self.problems.append(problem(self.path, line or self.line, message, code, warning))

    # -- what a subclass gives -------------------------------------------------------------
    def text(self, text: str) -> str:
        """A run of text as written (neighbouring pieces joined: a long word is seen whole)."""
        raise NotImplementedError

    def html_pieces(self, pieces: list[rawhtml.Piece], problems: list[str]) -> str:
        """What a fragment of raw HTML holds; `problems` are the HTML reader's."""
        raise NotImplementedError

    def visit_unknown(self, node) -> str:
        """A node without a visitor: never dropped. The checker reports it to the user; in a
        writer it is a gap the tests catch (every writer prints every node the checker
        lets through, or declares it cannot, and then its check says so)."""
        raise NotImplementedError(f"{type(self).__module__}.{type(self).__name__} has no visit_{node.type}: "
                                  "it cannot print this construct")

    # -- blocks ------------------------------------------------------------------------------
    def blocks(self, nodes) -> str:
        return "".join(self.block(node) for node in nodes)

    def block(self, node) -> str:
        """A block node: dispatched to visit_<node type>, one method per construct."""
        if node.map:
            self.line = self.first_line + node.map[0]
        return getattr(self, f"visit_{node.type}", self.visit_unknown)(node)

    def items(self, node, item_text) -> list[str]:
        """Each item of a list as `item_text` makes it, at the item's own line."""
        out = []
        for item in node.children:
            if item.map:
                self.line = self.first_line + item.map[0]
            out.append(item_text(item))
        return out

    def visit_html_block(self, node) -> str:
        stream = rawhtml.Stream(block=True, links=not self.plain)
        return self.html_pieces(*stream.take(node.content)) + self.html_pieces(*stream.finish())

    # -- inline ------------------------------------------------------------------------------
    def plain_inline(self, node) -> str:
        """Inline content that must stay one piece (a title, caption, heading, cell, emphasis)."""
        saved, self.plain = self.plain, True
        try:
            return self.inline_children(node)
        finally:
            self.plain = saved

    def inline_children(self, node) -> str:
        return self.inline_nodes(node.children).strip()

    def inline_nodes(self, nodes) -> str:
        """Inline nodes in order. Neighbouring pieces of text (which the parser splits at
        every backslash escape) are given as one."""
        out: list[str] = []
        text: list[str] = []
        outer, self.html = self.html, None  # raw HTML tags pair up within one sequence
        for node in nodes:
            if node.type in ("text", "text_special"):
                if node.type == "text" and "$$" in node.content:  # a lone $ is money; $$ opens display math
                    self.unclosed_display_math()
                text.append(node.content)
                continue
            if text:
                out.append(self.text("".join(text)))
                text = []
            out.append(self.inline(node))
        if text:
            out.append(self.text("".join(text)))
        if self.html is not None:
            out.append(self.html_pieces(*self.html.finish()))
        self.html = outer
        return "".join(out)

    def unclosed_display_math(self) -> None:
        """Text holding '$$': display math that was never closed (the checker says so)."""

    def inline(self, node) -> str:
        """An inline node: dispatched to visit_<node type> like blocks."""
        return getattr(self, f"visit_{node.type}", self.visit_unknown)(node)

    def visit_inline(self, node) -> str:
        return self.inline_nodes(node.children)

    def visit_text(self, node) -> str:
        return self.inline_nodes([node])

    visit_text_special = visit_text

    def visit_html_inline(self, node) -> str:
        if self.html is None:  # outside inline_nodes (cannot happen with markdown-it's tree)
            self.html = rawhtml.Stream(block=False, links=not self.plain)
        return self.html_pieces(*self.html.take(node.content))
