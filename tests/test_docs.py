"""The manual in docs/: it builds with `mkdocs build --strict` (a broken link or anchor
fails it), its CLI reference is what the commands' --help says now, its architecture
page names only modules that exist, every command's help has an example, and the README
stays an overview."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
sys.path.insert(0, str(REPO / "tools"))
import cli_reference  # noqa: E402  (tools/ is not a package)

pytestmark = pytest.mark.docs

UPDATE = ".venv/bin/python tools/cli_reference.py"


def test_mkdocs_build_strict_passes(tmp_path: Path):
    """Offline: Material's fonts are off (theme.font: false) and no page loads outside JS."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=REPO, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert {p.parent.name for p in pages} >= {"cli", "architecture", "content-format", "benchmarks", "changelog"}
    for page in pages:
        html = page.read_text("utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert not re.search(r"<script[^>]+src=\"https?://", html), page
    changelog = (tmp_path / "site" / "changelog" / "index.html").read_text("utf-8")
    assert "Unreleased" in changelog and "--8&lt;--" not in changelog  # CHANGELOG.md is included, not quoted


def test_cli_reference_is_current():
    written = (DOCS / "cli.md").read_text("utf-8")
    assert written == cli_reference.page(), f"docs/cli.md is out of date with the commands' --help; run: {UPDATE}"


def test_cli_reference_names_every_command():
    from guidegen.cli import main

    page = (DOCS / "cli.md").read_text("utf-8")
    for words in cli_reference.commands(main, []):
        assert f"guidegen {' '.join(words)}\n" in page, words


def test_every_command_help_has_an_example():
    """As sqlite-utils does: each command's --help shows at least one command line."""
    from guidegen.cli import main

    for words in [[], *cli_reference.commands(main, [])]:
        text = cli_reference.help_text(words)
        assert re.search(r"^\s+Examples?:\n\s+guidegen \S", text, re.MULTILINE), f"guidegen {' '.join(words)} --help has no example"


# A module path as the architecture page writes it: from the repository root.
PATH = re.compile(r"`((?:guidegen|tools|tests|bench|templates)/[\w./-]*)`")
DOTTED = re.compile(r"`(guidegen(?:\.\w+)+)`")


def test_every_module_the_architecture_page_names_exists():
    page = (DOCS / "architecture.md").read_text("utf-8")
    named = PATH.findall(page)
    assert len(named) > 80  # the page names the modules; a change to how it writes them must not empty this test
    missing = [path for path in named if not (REPO / path).exists()]
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"
    for dotted in DOTTED.findall(page):
        assert importlib.util.find_spec(dotted) is not None, f"docs/architecture.md names {dotted}, which does not exist"
    # A bare file name (`writer.py`) cannot be checked: the page names modules by their path.
    bare = [name for name in re.findall(r"`([\w-]+\.py)`", page)]
    assert not bare, f"docs/architecture.md names modules without their path: {bare}"


def test_architecture_page_names_every_package():
    page = (DOCS / "architecture.md").read_text("utf-8")
    packages = sorted(str(p.parent.relative_to(REPO)) for p in (REPO / "guidegen").rglob("__init__.py")
                      if "example-project" not in p.parts)
    unnamed = [p for p in packages if f"`{p}/" not in page and f"`{p}`" not in page]
    assert not unnamed, f"docs/architecture.md does not describe these packages: {unnamed}"


def test_readme_is_an_overview():
    readme = (REPO / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 150
    image = REPO / "docs" / "images" / "sheet-and-key.png"
    assert "(docs/images/sheet-and-key.png)" in readme and image.stat().st_size < 150_000
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (REPO / link).exists(), link
