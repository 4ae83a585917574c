"""Skip a build whose inputs have not changed. Deliberately light: no YAML, Jinja,
Markdown, PDF or matplotlib imports, so a no-op rebuild costs a few file reads."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from guidegen import cache
from guidegen.paths import cache_path


def _tree_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(project: Path) -> str:
    """A hash of everything a build reads: content, figure scripts, templates, and the
    matplotlib that draws the figures (the guidegen code is in every cache key)."""
    digest = hashlib.sha256()
    for root in (project / "content", project / "figures", project / "templates"):
        for path in _tree_files(root):
            # Bytes, not text: a file name that is not UTF-8 is reported by loading.
            digest.update(os.fsencode(path.relative_to(root)) + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")  # loading reports it; here it only means "not a no-op"
    digest.update(cache.matplotlib_version().encode())
    return digest.hexdigest()


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def inputs_key(project: Path, request: object) -> str:
    """The state of a build's inputs, taken ONCE, before anything is read. The build is
    recorded under this key: a file saved while the build runs then makes the next
    build's key differ, so that build is not skipped (taken after the build, the key
    would already include the save the build never saw, and call the stale PDF current)."""
    return cache.key("noop", str(project), repr(request), fingerprint(project))


def up_to_date(out: Path, key: str) -> list[tuple[Path, int]] | None:
    """The outputs of the last build under the same inputs key, if they are all still there untouched."""
    path = cache_path(out)
    store = cache.Cache(path) if path.is_file() and not path.is_symlink() else None
    recorded = store.get(key) if store else None
    if store:
        store.close()
    if not isinstance(recorded, list) or not recorded:
        return None
    outputs = []
    try:
        for item in recorded:
            path = Path(item["path"])
            if not path.is_file() or _stat(path) != item["stat"]:
                return None
            outputs.append((path, int(item["pages"])))
    except (KeyError, TypeError, ValueError, OSError):
        return None
    return outputs


def record(out: Path, key: str, outputs: list[tuple[Path, int]]) -> None:
    entry = [{"path": str(p), "pages": pages, "stat": _stat(p)} for p, pages in outputs]
    store = cache.Cache(cache_path(out))
    try:
        store.put(key, entry)
    finally:
        store.close()
