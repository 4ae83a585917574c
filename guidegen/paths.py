"""Where things live: a project's folders, the build folder's work area, the templates."""

from __future__ import annotations

import os
from pathlib import Path

WORK = ".work"  # inside the output folder: LaTeX's working directory, figures and the cache


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
        # As much as the file holds, not the limit: asking for limit + 1 bytes made Python
        # set aside a buffer that large for every file, most of the cost of reading a bank.
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:  # it grew since the stat: read on, up to the limit
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:  # it grew while being read
        raise ValueError(f"file is too large ({what} may be at most {limit / 1e6:g} MB)")
    return data
