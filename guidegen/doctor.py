"""`guidegen doctor`: check the tools guidegen runs (Python, TeX Live and the LaTeX files
the templates load, the fallback fonts, rsvg-convert, poppler) and say exactly what to
install for what is missing, on this platform or on every one.

What is needed is read from toolchain.txt beside this module, the list that
tools/ensure-system.sh installs from too.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

MIN_PYTHON = (3, 10)  # pyproject's requires-python
PLATFORMS = {"debian": "Debian/Ubuntu", "fedora": "Fedora", "macos": "macOS", "windows": "Windows"}
TEX_MAC = "MacTeX has it (brew install --cask mactex-no-gui); with BasicTeX: sudo tlmgr install"
TEX_WINDOWS = "TeX Live has it (scheme full, https://tug.org/texlive/windows.html); MiKTeX: miktex packages install"


@dataclass(frozen=True)
class Requirement:
    """One line of toolchain.txt: something to find, and where each platform gets it."""

    kind: str  # command, texfile or font
    name: str
    apt: str
    dnf: str
    texlive: str  # "" when it is not part of TeX Live
    brew: str
    windows: str
    why: str

    def install(self, system: str) -> str:
        """What to install on `system` (a key of PLATFORMS) to have this."""
        if system == "debian":
            return self.apt
        if system == "fedora":
            return self.dnf
        if self.texlive:
            return f"{TEX_MAC if system == 'macos' else TEX_WINDOWS} {self.texlive}"
        return f"brew install {self.brew}" if system == "macos" else self.windows


@dataclass(frozen=True)
class Finding:
    requirement: Requirement
    found: bool
    detail: str  # where it was found, or why it was not


def requirements(text: str | None = None) -> list[Requirement]:
    """The requirements listed in toolchain.txt (or in `text`)."""
    text = text if text is not None else (files("guidegen") / "toolchain.txt").read_text("utf-8")
    found = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("|")]
        kind, name, apt, dnf, texlive, brew, windows, why = fields
        found.append(Requirement(kind, name, apt, dnf, "" if texlive == "-" else texlive, brew, windows, why))
    return found


def this_platform() -> str | None:
    """The key in PLATFORMS for the system this runs on; None for another Linux or Unix."""
    if sys.platform == "darwin":
        return "macos"
    if sys.platform == "win32":
        return "windows"
    try:
        release = platform.freedesktop_os_release()
    except OSError:
        return None
    family = {release.get("ID", "")} | set(release.get("ID_LIKE", "").split())
    if family & {"debian", "ubuntu"}:
        return "debian"
    if family & {"fedora", "rhel", "centos"}:
        return "fedora"
    return None


def check(needed: list[Requirement] | None = None) -> list[Finding]:
    """Look for every requirement: commands on PATH, LaTeX files with kpsewhich (one run
    for all of them), fonts with fc-list. A tool that does not answer within
    GUIDEGEN_TOOL_TIMEOUT seconds is stopped, with everything it started, and named."""
    from guidegen.proc import env_seconds

    limit = env_seconds("GUIDEGEN_TOOL_TIMEOUT", DEFAULT_TIMEOUT)
    needed = needed if needed is not None else requirements()
    commands = {r.name: shutil.which(r.name) for r in needed if r.kind == "command"}
    kpsewhich = commands.get("kpsewhich") or shutil.which("kpsewhich")
    texfiles = _texfiles([r.name for r in needed if r.kind == "texfile"], kpsewhich, limit)
    fc_list = commands.get("fc-list") or shutil.which("fc-list")
    fc_list_failed = "" if fc_list else "not checked: fc-list is missing"
    findings = []
    for r in needed:
        if r.kind == "command":
            path = commands[r.name]
            findings.append(Finding(r, path is not None, path or "not found on PATH"))
        elif r.kind == "texfile":
            if isinstance(texfiles, str):
                findings.append(Finding(r, False, texfiles))
                continue
            path = texfiles.get(r.name)
            findings.append(Finding(r, bool(path), path or "not found by kpsewhich"))
        elif fc_list_failed:  # missing, or it did not answer: asking again would only wait again
            findings.append(Finding(r, False, fc_list_failed))
        else:
            found = _font(r.name, fc_list, limit)
            if isinstance(found, ToolFailure):
                fc_list_failed = f"not checked: {found}"
                findings.append(Finding(r, False, fc_list_failed))
            else:
                findings.append(Finding(r, bool(found), found or "not found by fc-list"))
    return findings


# Seconds a tool may take to answer (fc-list builds its cache on a first run).
DEFAULT_TIMEOUT = 30.0


class ToolFailure(str):
    """Why a tool gave no answer (it did not start, or did not answer in time)."""


def _run(command: list[str], limit: float) -> str | ToolFailure:
    """The tool's output, read as UTF-8 whatever it is (a byte that is not UTF-8 is
    replaced); the tool and everything it started are killed when it takes longer than
    `limit` seconds."""
    from guidegen.errors import printable
    from guidegen.proc import kill, start

    name = Path(command[0]).name
    try:
        process = start(command, Path.cwd(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError as exc:
        return ToolFailure(f"{name} could not be started ({exc.strerror or exc})")
    try:
        out, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        kill(process)  # its whole process group: a child it started must not hold the pipe open
        process.stdout.close()  # one that left the group may still hold it: do not read on
        return ToolFailure(f"{name} did not answer within {limit:g} s (GUIDEGEN_TOOL_TIMEOUT), and was stopped")
    finally:
        if process.poll() is None:  # interrupted: leave nothing running
            kill(process)
    return "\n".join(printable(line) for line in out.decode("utf-8", errors="replace").splitlines())


def _texfiles(names: list[str], kpsewhich: str | None, limit: float = DEFAULT_TIMEOUT) -> dict[str, str] | ToolFailure:
    """Each file's path, for the files kpsewhich finds; why not, without an answer."""
    if kpsewhich is None:
        return ToolFailure("not checked: kpsewhich is missing")
    out = _run([kpsewhich, *names], limit)
    if isinstance(out, ToolFailure):
        return ToolFailure(f"not checked: {out}")
    return {Path(path).name: path for path in out.splitlines() if path.strip()}


def _font(family: str, fc_list: str, limit: float = DEFAULT_TIMEOUT) -> str | ToolFailure:
    """The first file of `family`, "" when fc-list knows no such font, or why fc-list
    gave no answer."""
    out = _run([fc_list, family, "file"], limit)
    if isinstance(out, ToolFailure):
        return out
    lines = out.splitlines()
    return lines[0].strip().rstrip(":") if lines else ""


def install_commands(missing: list[Requirement], system: str) -> list[str]:
    """Commands (or, where there is none, directions) that install everything `missing`."""
    unique = lambda values: list(dict.fromkeys(v for v in values if v and v != "-"))  # noqa: E731
    if system == "debian":
        return [f"sudo apt-get install {' '.join(unique(r.apt for r in missing))}"]
    if system == "fedora":
        quoted = [f"'{p}'" if "(" in p else p for p in unique(r.dnf for r in missing)]
        return [f"sudo dnf install {' '.join(quoted)}"]
    tex = unique(r.texlive for r in missing)
    other = [r for r in missing if not r.texlive]
    lines = [f"{TEX_MAC if system == 'macos' else TEX_WINDOWS} {' '.join(tex)}"] if tex else []
    if system == "macos":
        formulas = unique(r.brew for r in other if not r.brew.startswith("--cask"))
        casks = unique(r.brew.split()[-1] for r in other if r.brew.startswith("--cask"))
        lines += [f"brew install {' '.join(formulas)}"] if formulas else []
        lines += [f"brew install --cask {' '.join(casks)}"] if casks else []
    else:
        lines += unique(f"{r.name}: {r.windows}" for r in other)
    return lines


def python_finding() -> tuple[bool, str]:
    version = platform.python_version()
    ok = sys.version_info[:2] >= MIN_PYTHON
    return ok, f"Python {version} ({'.'.join(map(str, MIN_PYTHON))} or newer needed) at {sys.executable}"


def report(echo, all_platforms: bool = False) -> int:
    """Print a tick or a cross for each requirement, and for each cross what to install
    (here, or on every platform); return the exit status: 0 when nothing is missing."""
    from guidegen import __version__

    system = this_platform()
    shown = list(PLATFORMS) if all_platforms or system is None else [system]
    ok, cross = _marks()
    echo(f"guidegen {__version__} on {PLATFORMS.get(system, platform.system() or sys.platform)} "
         f"({platform.platform(terse=True)})")
    python_ok, python_detail = python_finding()
    echo(f"{ok if python_ok else cross} {python_detail}")
    findings = check()
    width = max(len(f.requirement.name) for f in findings)
    for finding in findings:
        r = finding.requirement
        if finding.found:
            echo(f"{ok} {r.name:<{width}}  {finding.detail}")
            continue
        echo(f"{cross} {r.name:<{width}}  {finding.detail}: {r.why}")
        for key in shown:
            echo(f"  {'':<{width}}  {PLATFORMS[key]}: {r.install(key)}")
    missing = [f.requirement for f in findings if not f.found]
    if not missing and python_ok:
        echo("Everything guidegen uses is installed.")
        return 0
    if missing:
        echo(f"{len(missing)} missing. To install {'it' if len(missing) == 1 else 'them'}:")
        for key in shown:
            echo(f"  {PLATFORMS[key]}:")
            for line in install_commands(missing, key):
                echo(f"    {line}")
        if len(shown) == 1:
            echo("Other systems: guidegen doctor --all-platforms")
    return 1


def _marks() -> tuple[str, str]:
    """A tick and a cross, or plain words where the terminal's encoding has no such signs."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗".encode(encoding)
        return "✓", "✗"
    except (UnicodeEncodeError, LookupError):
        return "ok", "MISSING"
