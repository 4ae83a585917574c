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
        if given.is_symlink() and not given.exists():
            shown = display_path(given)
            raise GuideError(f"{shown}: the project folder does not exist: {shown} is a broken link (to "
                             f"{display_path(os.readlink(given))}); fix the link, or name the folder itself with --project")
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
    found = _discover(start)
    if found is not None:
        return found
    if new_ok:
        return start
    raise GuideError(f"not a guidegen project (no {SETTINGS} here or above); "
                     "create one with: guidegen new DIR, or name one with --project DIR")


def _discover(start: Path) -> Path | None:
    """The project `start` is in, found as git finds a repository, and as safely: the
    walk upwards stops at a folder owned by another user (root aside), and a project
    whose folder, content/ or guide.yaml is another user's is not used unasked. Someone
    else's project above you (a shared /tmp, a colleague's folder) would otherwise be
    built, and its figure scripts run as you. GuideError naming it, and --project."""
    from guidegen.errors import GuideError, display_path

    for candidate in (start, *start.parents):
        owner = _foreign_owner(candidate)
        if owner is None:
            try:
                # The working directory itself needs only content/ (its guide.yaml may be still to write).
                is_project = (candidate / "content").is_dir() if candidate == start else (candidate / SETTINGS).exists()
            except OSError:  # a folder above that cannot be read
                return None
            if not is_project:
                continue
            owner = _foreign_owner(candidate / "content") or _foreign_owner(candidate / SETTINGS)
            if owner is None:
                return candidate
            unused, folder = candidate, candidate / "content"
        else:
            unused, folder = _nearest_project(candidate), candidate
            if unused is None:
                return None
        named = os.path.relpath(unused, start)
        raise GuideError(f"not using the guidegen project '{display_path(named)}': {display_path(folder)} belongs to another "
                         f"user (uid {owner}), and its figure scripts would run as you; if you trust it, name it with "
                         f"--project {display_path(named)}")
    return None


def _foreign_owner(path: Path) -> int | None:
    """The owner of `path` when it is neither the user nor root (None otherwise, and
    where the system has no owners to compare)."""
    if not hasattr(os, "getuid"):
        return None
    try:
        owner = os.stat(path).st_uid
    except OSError:
        return None
    return None if owner in (0, os.getuid()) else owner


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


def output_dir(project: Path, out: Path | None) -> Path:
    """Where a command writes: --out as given, else the project's build/ folder, which
    must not be a link that leads out of the project (it could come with the project)."""
    if out is not None:
        return out.resolve()
    default = project / "build"
    if default.is_symlink() and not inside(project, default):
        from guidegen.errors import GuideError

        raise GuideError(f"{default} is a link to a folder outside the project; remove it, or name the folder to write to with --out")
    return default.resolve()


def shared_mode() -> int:
    """The permissions of a published file: what the user's umask gives any new file
    (0644 under the usual 022), as other tools' output has. A temporary file is made
    0600, and renaming it into place would keep that: a study group sharing or serving
    the output folder could not read the PDFs."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def secure_work_dir(out: Path) -> Path:
    """The output folder's work area, made safe to write in: a real folder holding only
    real files and folders. A build folder can come with someone's project (a zip, a
    repository with build/ committed), and LaTeX, SQLite and Python all follow a link
    when they open a file for writing: a planted `guide-answers.log -> ~/.bashrc` would
    be overwritten. So every link, FIFO, socket or device in it is removed before
    anything in it is opened (what it held is rebuilt: the work area is only a cache)."""
    import stat

    work = work_dir(out)
    try:
        info = os.lstat(work)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        os.unlink(work)  # a link (to a folder or not) or a file where the folder should be
    work.mkdir(parents=True, exist_ok=True)
    for folder, folders, files in os.walk(work):  # never descends through a link
        for name in folders + files:
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
                # A second hard link to a file is a way to write into it from here, too.
                if not (stat.S_ISDIR(info.st_mode) or (stat.S_ISREG(info.st_mode) and info.st_nlink == 1)):
                    os.unlink(path)
            except FileNotFoundError:  # a build running beside this one removed it
                continue
        folders[:] = [d for d in folders if os.path.isdir(os.path.join(folder, d)) and not os.path.islink(os.path.join(folder, d))]
    return work


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


def tree_state(root: Path, base: Path, keep=None, contents: bool = False) -> list[list[str]]:
    """What a folder holds, for a cache key: for each file under `root` whose name `keep`
    accepts (every file without it), [its path relative to `base`, where it links to ("" if
    it is no link), its size, or with `contents` the digest of its bytes]; for each linked
    folder, which os.walk does not enter, [its path, where it links to, "folder"]. What
    cannot be read is "?". A file saved, removed, grown or linked elsewhere changes it;
    bytecode (__pycache__) does not."""
    import hashlib

    found = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(names):
            if keep is not None and not keep(name):
                continue
            path = os.path.join(directory, name)
            try:
                link = os.readlink(path) if os.path.islink(path) else ""
                if contents:
                    with open(path, "rb") as file:
                        state = hashlib.sha256(file.read()).hexdigest()
                else:
                    state = str(os.stat(path).st_size)
            except OSError:
                link, state = "?", "?"
            found.append([os.path.relpath(path, base), link, state])
        for name in subdirs:
            path = os.path.join(directory, name)
            try:
                if os.path.islink(path):
                    found.append([os.path.relpath(path, base), os.readlink(path), "folder"])
            except OSError:
                found.append([os.path.relpath(path, base), "?", "?"])
    return found


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
            if not is_dir and not _is_regular(path):
                # A FIFO would block whoever opens it (Jinja, Python, LaTeX), a device never end.
                problems.append(problem(path, 1, NOT_ORDINARY))
                continue
            if is_dir:
                pending.append(path)
            else:
                found.append(path)
    return sorted(found)


NOT_ORDINARY = "not an ordinary file (a device, FIFO or socket); only ordinary files are read"


def _is_regular(path: Path) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # gone or unreadable: whoever reads it says so


def read_regular(path: Path, limit: int, what: str = "a file") -> bytes:
    """The bytes of an ordinary file of at most `limit` bytes; ValueError saying why not
    (a device, FIFO or socket is never opened: reading one could block or never end)."""
    import stat

    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(NOT_ORDINARY)
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


def write_atomic(target: Path, data: bytes | str, like: Path | None = None) -> None:
    """Write `target` under a temporary name beside it, then rename: a reader never sees
    half a file, and a failure leaves the old one. The temporary name holds the process
    id, so two processes writing the same file do not share one. `like`: copy its mode."""
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        if isinstance(data, str):
            partial.write_text(data, "utf-8")
        else:
            partial.write_bytes(data)
        if like is not None:
            shutil.copymode(like, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
