"""`guidegen doctor`: every tool guidegen runs is checked, found on this machine, and a
missing one is named with the package that provides it; the list it checks is the one
tools/ensure-system.sh installs from, and holds what the templates load."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import guidegen

from guidegen.doctor import install_commands, requirements

ROOT = Path(__file__).resolve().parent.parent


def doctor(*args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", **({"PATH": path} if path is not None else {}))
    return guidegen(ROOT, "doctor", *args, env=env)


def path_without(tmp_path: Path, hidden: str) -> str:
    """A PATH of one folder holding a link to every command on the real PATH but `hidden`."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in sorted(os.listdir(directory)):
            link, target = folder / entry, Path(directory) / entry
            if entry != hidden and not link.exists() and os.access(target, os.X_OK) and target.is_file():
                link.symlink_to(target)
    assert shutil.which(hidden, path=str(folder)) is None and shutil.which("pdflatex", path=str(folder))
    return str(folder)


@pytest.mark.tex
def test_everything_is_found_on_this_machine():
    result = doctor()
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[-1] == "Everything guidegen uses is installed."
    assert re.fullmatch(r"✓ Python 3\.\d+\.\d+ .*", lines[1])
    checked = [line.split()[1] for line in lines[2:-1]]
    named = [r.name.split()[0] for r in requirements()]
    assert checked == named and {"pdflatex", "lualatex", "truncate.sty", "DejaVu", "rsvg-convert", "pdftotext"} <= set(named)
    assert all(line.startswith("✓ ") for line in lines[1:-1])


@pytest.mark.tex
def test_a_missing_lualatex_fails_and_names_its_package(tmp_path: Path):
    result = doctor("--all-platforms", path=path_without(tmp_path, "lualatex"))
    assert result.returncode == 1
    crossed = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert len(crossed) == 1 and re.match(r"✗ lualatex +not found on PATH", crossed[0])
    for hint in ("Debian/Ubuntu: texlive-luatex", "Fedora: texlive-collection-luatex", "sudo tlmgr install luatex",
                 "miktex packages install luatex", "sudo apt-get install texlive-luatex"):
        assert hint in result.stdout, hint
    assert "Traceback" not in result.stderr


def test_install_commands_quote_and_group_what_each_system_needs():
    listed = {r.name: r for r in requirements()}
    missing = [listed[name] for name in ("truncate.sty", "Noto Serif CJK SC", "rsvg-convert", "pdftotext", "pdfinfo")]
    assert install_commands(missing, "debian") == ["sudo apt-get install texlive-latex-extra fonts-noto-cjk librsvg2-bin poppler-utils"]
    assert install_commands(missing, "fedora") == ["sudo dnf install 'tex(truncate.sty)' 'font(notoserifcjksc)' librsvg2-tools poppler-utils"]
    mac = install_commands(missing, "macos")
    assert mac[0].endswith("sudo tlmgr install truncate")
    assert mac[1:] == ["brew install librsvg poppler", "brew install --cask font-noto-serif-cjk-sc"]


def test_the_list_is_what_the_templates_load_and_what_set_up_installs():
    loaded = set()
    for template in (ROOT / "templates").glob("*.j2"):
        for group in re.findall(r"\\usepackage(?:\[[^\]]*\])?\{([^}]*)\}", template.read_text()):
            loaded |= {name.strip() for name in group.split(",")}
    texfiles = {r.name for r in requirements() if r.kind == "texfile"}
    # Every listed .sty is loaded (no stale entry): pdfpages by impose.py, luaotfload by
    # fontspec and the preamble's \directlua.
    assert {name[:-4] for name in texfiles if name.endswith(".sty")} <= loaded | {"pdfpages", "luaotfload"}
    assert {"truncate", "twemojis", "enumitem", "lastpage", "fontspec"} <= {name[:-4] for name in texfiles}
    script = (ROOT / "tools" / "ensure-system.sh").read_text()
    assert "guidegen/toolchain.txt" in script and "truncate.sty" not in script  # one list, not two


def test_help_has_an_example():
    result = guidegen(ROOT, "doctor", "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout and re.search(r"^\s+guidegen doctor --all-platforms$", result.stdout, re.MULTILINE)
