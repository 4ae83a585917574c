"""Where things live: a project's folders, the build folder's work area, the templates."""

from __future__ import annotations

import os
from pathlib import Path

WORK = ".work"  # inside the output folder: LaTeX's working directory, figures and the cache
SETTINGS = Path("content") / "guide.yaml"  # what makes a folder a project


def find_project(given: Path | None, start: Path | None = None, new_ok: bool = False) -> Path:
    """The project a command works on: `given` (--project), else the nearest folder from
    `start` (the working directory) upwards that holds content/guide.yaml, as git finds
    its repository. GuideError, naming `guidegen new`, when there is none; with `new_ok`
    (import, which creates the project) `given` or the working directory instead."""
    from guidegen.errors import GuideError, display_path

    try:
        start = start or Path.cwd()
    except OSError:  # the folder guidegen was started in was deleted
        raise GuideError("the current folder no longer exists; cd to a project, or name one with --project DIR") from None
    if given is not None:
        # Taken as given, never a folder above it: `--project typo` inside one project must
        # not quietly build another. A content/ without guide.yaml is a project whose
        # settings are missing, which loading reports with its line.
        if new_ok or (given / "content").is_dir():
            return given
        shown = display_path(given)
        if not given.is_dir():
            raise GuideError(f"{shown}: no such folder, so not a guidegen project; create one with: guidegen new {shown}")
        around = _nearest_project(given.resolve().parent)
        named = os.path.relpath(around, start) if around else ""  # as it would be typed: ".." from content/
        hint = f"it is inside the project '{named}': use --project {named}" if around else f"create one with: guidegen new {shown}"
        raise GuideError(f"{shown} is not a guidegen project (no {SETTINGS} in it); {hint}")
    # The working directory itself needs only content/ (its guide.yaml may be still to write).
    found = start if (start / "content").is_dir() else _nearest_project(start)
    if found is not None:
        return found
    if new_ok:
        return start
    raise GuideError(f"not a guidegen project (no {SETTINGS} here or above); "
                     "create one with: guidegen new DIR, or name one with --project DIR")


def _nearest_project(folder: Path) -> Path | None:
    """`folder` or the nearest folder above it that holds content/guide.yaml."""
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / SETTINGS).exists():
                return candidate
        except OSError:  # a folder above that cannot be read
            return None
    return None


def work_dir(out: Path) -> Path:
    return out / WORK


def cache_path(out: Path) -> Path:
    return work_dir(out) / "cache.sqlite"


def default_template_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("guidegen.templates")))


def template_dirs(project: Path) -> tuple[Path, ...]:
    """The project's templates/ first, the packaged defaults last."""
    user = project / "templates"
    default = default_template_dir()
    dirs = [user] if user.is_dir() and user.resolve() != default.resolve() else []
    return tuple(dirs + [default])


def inside(project: Path, path: Path) -> bool:
    """Whether `path`, with every link followed, is inside the project folder."""
    try:
        return path.resolve().is_relative_to(project.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def project_files(root: Path, project: Path, suffixes: tuple[str, ...], problems: list) -> list[Path]:
    """The files under `root` with one of `suffixes`, in a stable order, never leaving the
    project: a link that leads outside it, an unreadable folder, and a name that is not
    UTF-8 are each reported in `problems` and skipped. Links inside the project are followed."""
    from guidegen.errors import problem

    found: list[Path] = []
    if not root.exists() and not root.is_symlink():
        return found
    if not inside(project, root):
        problems.append(problem(root, 1, "is a link to a folder outside the project; guidegen reads only files inside the project"))
        return found
    seen: set[Path] = set()
    pending = [root]
    while pending:
        folder = pending.pop()
        real = folder.resolve()
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(problem(folder, 1, f"cannot read this folder ({exc.strerror or exc}); its files were not checked"))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir and not entry.name.endswith(suffixes):
                continue
            if entry.name != entry.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"):
                problems.append(problem(path, 1, "the file name is not valid UTF-8; rename it"))
                continue
            if entry.is_symlink() and not inside(project, path):
                problems.append(problem(path, 1, "is a link to outside the project; guidegen reads only files inside the project"))
                continue
            if is_dir:
                pending.append(path)
            else:
                found.append(path)
    return sorted(found)


def read_regular(path: Path, limit: int, what: str = "a file") -> bytes:
    """The bytes of an ordinary file of at most `limit` bytes; ValueError saying why not
    (a device, FIFO or socket is never opened: reading one could block or never end)."""
    import stat

    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not an ordinary file (a device, FIFO or socket); only ordinary files are read")
    if info.st_size > limit:
        raise ValueError(f"file is too large ({info.st_size / 1e6:.1f} MB; {what} may be at most {limit / 1e6:g} MB)")
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise ValueError(f"file is too large ({what} may be at most {limit / 1e6:g} MB)")
    return data
