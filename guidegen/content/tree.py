"""A question's Markdown parsed once into markdown-it's syntax tree: the format-neutral
content every writer turns into its format. Parses are kept for the run (a build checks
a question, then writes it: one parse)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from guidegen.content.parse import markdown_parser

# Emphasis, bold, links and images inside one another: real text needs three or four
# levels; hundreds would overflow Python's stack (and TeX's grouping levels).
MAX_INLINE_NESTING = 10


@dataclass(frozen=True)
class Parsed:
    """A fragment's tree (its root's children are the blocks, or for a title the inline
    nodes), and the lines (relative to the fragment) where inline content nested too deep
    was flattened to its text."""

    root: object  # markdown_it.tree.SyntaxTreeNode
    too_deep: tuple[int, ...] = ()


@lru_cache(maxsize=4096)
def parse_blocks(markdown: str) -> Parsed:
    """A question's or answer's Markdown as a tree of blocks."""
    from markdown_it.tree import SyntaxTreeNode

    tokens = markdown_parser().parse(markdown)
    too_deep = _limit_inline_nesting(tokens)
    return Parsed(SyntaxTreeNode(tokens), too_deep)


@lru_cache(maxsize=4096)
def parse_inline(text: str) -> Parsed:
    """One line of inline Markdown (a title): emphasis, code, $math$; no blocks."""
    from markdown_it.tree import SyntaxTreeNode

    tokens = markdown_parser().parseInline(" ".join(text.split()))
    too_deep = _limit_inline_nesting(tokens)
    return Parsed(SyntaxTreeNode(tokens), too_deep)


def _limit_inline_nesting(tokens) -> tuple[int, ...]:
    """Flatten to its text the inline content (of a paragraph, heading, cell or title)
    whose emphasis, links and images nest more than MAX_INLINE_NESTING deep, so that
    neither the syntax tree nor any walk over it recurses that deep; the lines where
    that was done (relative to the fragment), for the checker to report."""
    found = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        stack = [(token, 0)]  # token whose children to scan, depth of those children
        while stack:
            parent, depth = stack.pop()
            for child in parent.children:
                if parent is token and child.type in ("softbreak", "hardbreak"):
                    line += 1
                depth += child.nesting
                if depth > MAX_INLINE_NESTING or (child.children and depth + 1 > MAX_INLINE_NESTING):
                    found.append(line)
                    token.children = _flat_text(token)
                    stack.clear()
                    break
                if child.children:
                    stack.append((child, depth + 1))
    return tuple(found)


def _flat_text(token) -> list:
    """The text tokens of `token`'s children, at any depth, without the markup."""
    out, stack = [], [iter(token.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.children:
            stack.append(iter(child.children))
        elif child.nesting == 0 and child.type not in ("image", "html_inline"):
            out.append(child)
    return out


def node_lines(question) -> list[tuple[str, int]]:
    """Every node of a question's question, answer and options, by type, with its file
    line (that of the block it is in): what a writer that cannot print a construct reports."""
    found = []
    parts = [(question.question_md, question.question_line), (question.answer_md, question.answer_line)]
    for markdown, first in parts + [(o.markdown, o.line) for o in question.options]:
        stack = [(node, first) for node in reversed(parse_blocks(markdown).root.children)]
        while stack:
            node, line = stack.pop()
            line = first + node.map[0] if node.map else line
            found.append((node.type, line))
            stack.extend((child, line) for child in reversed(node.children))
    return found
