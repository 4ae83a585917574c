"""The structure the design promises, held by tests: loading and the content layer use no
output, one Markdown parser setup and one HTML reader, no private names borrowed across
modules, small modules. No TeX runs here."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "guidegen"
MAX_LINES = 450


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "example-project" not in p.parts and "templates" not in p.parts)


def test_loading_and_the_content_layer_import_no_output():
    code = ("import sys; import guidegen.load, guidegen.content.check, guidegen.content.tree; "
            "from guidegen.load import load_checked; "
            "print(sorted(m for m in sys.modules if m.startswith('guidegen.outputs')))")
    # Loading a project imports the checker lazily: load one for real.
    example = PACKAGE / "scaffold" / "example-project"
    code += f"; load_checked(__import__('pathlib').Path({str(example)!r})); "
    code += "print(sorted(m for m in sys.modules if m.startswith('guidegen.outputs') or m in ('pylatex', 'jinja2', 'genanki')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "[]"]


def named(node: ast.expr) -> str:
    """The name a call or a base class is reached by, bare (MarkdownIt) or qualified
    (markdown_it.MarkdownIt, html.parser.HTMLParser): its last part."""
    return getattr(node, "id", None) or getattr(node, "attr", "")


def parsers_and_readers(source: str) -> tuple[int, int]:
    """How many MarkdownIt(...) calls and HTMLParser subclasses `source` holds."""
    nodes = list(ast.walk(ast.parse(source)))
    return (sum(isinstance(n, ast.Call) and named(n.func) == "MarkdownIt" for n in nodes),
            sum(isinstance(n, ast.ClassDef) and any(named(b) == "HTMLParser" for b in n.bases) for n in nodes))


def test_one_markdown_parser_setup_and_one_html_reader():
    # The check sees both spellings, so a second setup cannot hide behind a module name.
    assert parsers_and_readers("import markdown_it, html.parser\nmarkdown_it.MarkdownIt('zero')\n"
                               "class R(html.parser.HTMLParser): pass\n") == (1, 1)
    assert parsers_and_readers("from markdown_it import MarkdownIt\nfrom html.parser import HTMLParser\n"
                               "MarkdownIt()\nclass R(HTMLParser): pass\n") == (1, 1)
    parsers, readers = [], []
    for path in modules():
        found_parsers, found_readers = parsers_and_readers(path.read_text("utf-8"))
        parsers += [path.relative_to(PACKAGE).as_posix()] * found_parsers
        readers += [path.relative_to(PACKAGE).as_posix()] * found_readers
    assert parsers == ["content/parse.py"]
    assert readers == ["content/rawhtml.py"]


def test_no_private_name_is_imported_from_another_module():
    borrowed = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("guidegen"):
                borrowed += [f"{path.relative_to(PACKAGE)}: {node.module}.{a.name}" for a in node.names
                             if a.name.startswith("_") and a.name != "__version__"]
    assert borrowed == []


def test_no_module_is_over_450_lines():
    long = {p.relative_to(PACKAGE).as_posix(): n for p in modules() if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}
