"""What earlier imports wrote, so importing a document again updates its files instead
of adding copies: content/.imported.json maps each source document's name to the ids,
files and content hashes of the questions taken from it. The hash tells a file the
user has edited since (kept, unless --force) from one still as imported (updated)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.paths import write_atomic

RECORD = ".imported.json"


@dataclass
class Previous:
    """The questions one document gave last time: id -> (file relative to the project,
    hash of the text written)."""

    source: str
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def files(self) -> dict[str, str]:
        return {qid: path for qid, (path, _) in self.entries.items()}

    def owns(self, qid: str, target: Path, project: Path) -> bool:
        return qid in self.entries and self.entries[qid][0] == target.relative_to(project).as_posix()

    def edited(self, qid: str, project: Path) -> bool:
        path, digest = self.entries[qid]
        try:
            return digest_of((project / path).read_text("utf-8")) != digest
        except (OSError, UnicodeDecodeError):
            return True


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _path(project: Path) -> Path:
    return project / "content" / RECORD


def _read_all(project: Path) -> dict:
    # A damaged or hand-edited record is treated as empty: the worst outcome is a copy
    # with a -2 id, never a lost question.
    try:
        data = json.loads(_path(project).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load(project: Path, source: Path) -> Previous:
    entry = _read_all(project).get(source.name, {})
    entries = {k: (v[0], v[1]) for k, v in entry.items()
               if isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)} if isinstance(entry, dict) else {}
    # Only files still there count: one the user deleted is imported afresh.
    return Previous(source.name, {k: v for k, v in entries.items() if (project / v[0]).is_file()})


def save(project: Path, source: Path, entries: dict[str, tuple[str, str]]) -> None:
    data = _read_all(project)
    data[source.name] = {qid: list(entry) for qid, entry in sorted(entries.items())}
    path = _path(project)
    write_atomic(path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
