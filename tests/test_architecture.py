"""The structure the design promises, held by tests: loading and the content layer use no
output, one Markdown parser setup and one HTML reader, no private names borrowed across
modules, small modules. No TeX runs here."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "guidegen"
MAX_LINES = 450


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "example-project" not in p.parts and "templates" not in p.parts)


@functools.lru_cache(maxsize=None)
def tree_of(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for all the tests here."""
    return ast.parse(path.read_text("utf-8"))


@functools.lru_cache(maxsize=None)
def nodes_of(path: Path) -> tuple[ast.AST, ...]:
    return tuple(ast.walk(tree_of(path)))


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
        for node in nodes_of(path):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("guidegen"):
                borrowed += [f"{path.relative_to(PACKAGE)}: {node.module}.{a.name}" for a in node.names
                             if a.name.startswith("_") and a.name != "__version__"]
    assert borrowed == []


def test_no_module_is_over_450_lines():
    long = {p.relative_to(PACKAGE).as_posix(): n for p in modules() if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def called_name(call: ast.Call) -> str:
    """The name a call calls, bare (`MarkdownIt(...)`) or qualified (`markdown_it.MarkdownIt(...)`)."""
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def test_qualified_calls_are_caught_too():
    tree = ast.parse("import markdown_it\nmd = markdown_it.MarkdownIt('commonmark')\nx = MarkdownIt()\n")
    assert [called_name(n) for n in ast.walk(tree) if isinstance(n, ast.Call)] == ["MarkdownIt", "MarkdownIt"]


def test_one_markdown_parser_setup_however_it_is_called():
    parsers = [p.relative_to(PACKAGE).as_posix() for p in modules()
               for node in nodes_of(p)
               if isinstance(node, ast.Call) and called_name(node) in ("MarkdownIt", "HTMLParser")]
    assert parsers == ["content/parse.py"]


@functools.lru_cache(maxsize=None)
def imported_modules(path: Path) -> list[tuple[str, bool]]:
    """Each guidegen module `path` imports, and whether at module level (not inside a function)."""
    tree = tree_of(path)
    package = ".".join(("guidegen",) + path.relative_to(PACKAGE).with_suffix("").parts)
    if path.name == "__init__.py":
        package = package.removesuffix(".__init__") + ".__init__"
    top = {id(n) for n in tree.body} | {id(c) for n in tree.body if isinstance(n, (ast.If, ast.Try)) for c in ast.walk(n)}
    typing_only = {id(c) for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test) for c in ast.walk(n)}
    found = []
    for node in nodes_of(path):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: -node.level] + ([base] if base else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        found += [(n, id(node) in top and id(node) not in typing_only) for n in names if n.startswith("guidegen")]
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("guidegen",) + (parts[:-1] if parts[-1] == "__init__" else parts))


def test_a_writer_package_is_imported_only_by_itself_the_registry_its_command_and_writers_that_declare_it():
    from guidegen.outputs import WRITERS

    packages = {"latex": "pdf", "anki": "anki", "cards": "cards", "html": "html", "platforms": "moodle", "qti": "qti21"}
    depends = {folder: {f for f, name in packages.items() if name in WRITERS[packages[folder]].depends} for folder in packages}
    crossing = []
    for path in modules():
        here = module_name(path)
        for name, _ in imported_modules(path):
            for folder in packages:
                target = f"guidegen.outputs.{folder}"
                if not (name == target or name.startswith(target + ".")) or here.startswith(target):
                    continue
                inside_dependant = any(here.startswith(f"guidegen.outputs.{f}") for f in packages if folder in depends[f])
                registry_or_command = here in ("guidegen.outputs", "guidegen.cli.outputs") and name.startswith((target + ".writer", target + ".options"))
                if not (inside_dependant or registry_or_command):
                    crossing.append(f"{here} imports {name}")
    assert crossing == []
    # The LaTeX writer in particular: only the registry and the writers that declare they build on it (cards, html).
    latex = {module_name(p) for p in modules() for name, _ in imported_modules(p)
             if name.startswith("guidegen.outputs.latex") and not module_name(p).startswith("guidegen.outputs.latex")}
    assert {f for f in packages if "latex" in depends[f]} == {"cards", "html"}
    assert latex <= {"guidegen.outputs"} | {m for m in latex if m.startswith(("guidegen.outputs.cards", "guidegen.outputs.html"))}


def test_no_arrow_back_up_to_the_pipeline_or_the_command_line():
    lower = ("guidegen.outputs", "guidegen.load", "guidegen.content", "guidegen.figures", "guidegen.select",
             "guidegen.model", "guidegen.requests", "guidegen.guideid", "guidegen.incremental", "guidegen.cache")
    upward = [f"{module_name(p)} imports {name}" for p in modules() if module_name(p).startswith(lower)
              for name, _ in imported_modules(p) if name.startswith(("guidegen.pipeline", "guidegen.cli", "guidegen.watch"))]
    assert upward == []


def test_no_import_cycle_at_module_level():
    """Imports run when a module is loaded (not those inside functions) form no circle."""
    known = {module_name(p) for p in modules()}
    graph: dict[str, set[str]] = {}
    for path in modules():
        here = module_name(path)
        graph[here] = set()
        for name, top in imported_modules(path):
            while name and name not in known:
                name = name.rpartition(".")[0]
            if top and name and name != here:
                graph[here].add(name)
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # A package's __init__ importing its own submodules is how Python packages work, not a circle.
    cycles = [c for c in cycles if not all(m.startswith(c[0]) or c[0].startswith(m) for m in c)]
    assert cycles == []


def test_the_guide_id_and_settings_form_no_circle():
    assert not any(name.startswith("guidegen.guideid") for name, _ in imported_modules(PACKAGE / "load" / "settings.py"))


def test_latex_concepts_stay_in_the_latex_writer():
    """Page geometry, body font size and the kinds of document are the LaTeX writer's own:
    the neutral model every writer gets holds none of them."""
    import guidegen.model as model
    from guidegen.model import Layout

    assert not hasattr(model, "DocKind")
    assert not any(hasattr(Layout(), name) for name in ("geometry", "font_size", "figure_scale", "text_height_cm"))
    from guidegen.outputs.latex.page import PageLayout

    assert PageLayout(Layout(paper="a4", large_print=True)).font_size == "14pt"
    assert PageLayout(Layout(paper="a4")).key == Layout().key  # the templates still see the layout's fields
