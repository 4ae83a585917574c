"""Skip a build whose inputs have not changed. Deliberately light: no YAML, Jinja,
Markdown, PDF or matplotlib imports, so a no-op rebuild costs a few file reads."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MANIFESTS = Path(".work") / "manifests"


def _tree_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(project: Path, command_key: str) -> str:
    """A hash of everything a build reads: content, figure scripts, templates, the
    guidegen code itself (templates and figure style included), and the command."""
    package = Path(__file__).resolve().parent
    from guidegen.render_paths import default_template_dir

    roots = [project / "content", project / "figures", project / "templates", package, default_template_dir()]
    digest = hashlib.sha256(command_key.encode())
    for root in roots:
        for path in _tree_files(root):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    try:
        from importlib.metadata import version

        digest.update(version("matplotlib").encode())
    except Exception:  # noqa: BLE001 - no matplotlib means no figure can be drawn anyway
        pass
    return digest.hexdigest()


def _manifest_path(out: Path, command_key: str) -> Path:
    return out / MANIFESTS / (hashlib.sha256(command_key.encode()).hexdigest()[:20] + ".json")


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def up_to_date(project: Path, out: Path, command_key: str) -> list[tuple[Path, int]] | None:
    """The outputs of the last identical build, if they are all still there untouched."""
    manifest = _manifest_path(out, command_key)
    try:
        recorded = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return None
    if recorded.get("fingerprint") != fingerprint(project, command_key):
        return None
    outputs = []
    for item in recorded.get("outputs", []):
        path = Path(item["path"])
        if not path.is_file() or _stat(path) != item["stat"]:
            return None
        outputs.append((path, int(item["pages"])))
    return outputs or None


def record(project: Path, out: Path, command_key: str, outputs: list[tuple[Path, int]]) -> None:
    manifest = _manifest_path(out, command_key)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "fingerprint": fingerprint(project, command_key),
        "outputs": [{"path": str(p), "pages": pages, "stat": _stat(p)} for p, pages in outputs],
    }
    partial = manifest.with_suffix(".part")
    partial.write_text(json.dumps(data, indent=1))
    os.replace(partial, manifest)
