"""The names a project declares (topics, booklets, tags, question ids), read quickly and
forgivingly for shell completion: only guide.yaml and each question file's front matter
are parsed, nothing is converted, and whatever cannot be read is skipped, not reported
(`check` reports it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guidegen.load.reader import FENCE, MAX_FILE_BYTES, content_files
from guidegen.load.schema import load_mapping
from guidegen.load.settings import MAX_SETTINGS_BYTES, guide_path
from guidegen.paths import inside, read_regular


@dataclass(frozen=True)
class Names:
    """Each kind of name with a description for shells that show one (zsh, fish)."""

    topics: dict[str, str] = field(default_factory=dict)  # slug -> display name
    booklets: dict[str, str] = field(default_factory=dict)  # name -> title
    tags: dict[str, str] = field(default_factory=dict)  # tag -> ""
    ids: dict[str, str] = field(default_factory=dict)  # id -> title


def project_names(project: Path, questions: bool = True) -> Names:
    """The names declared in `project`; with `questions`, also the tags and ids of its
    question files (which means reading every one)."""
    names = Names()
    settings = _mapping(guide_path(project), project, MAX_SETTINGS_BYTES, front_matter=False)
    for key, target, label in (("topics", names.topics, "slug"), ("booklets", names.booklets, "name")):
        entries = settings.get(key)
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get(label), str):
                description = entry.get("name" if key == "topics" else "title")
                target[entry[label]] = description if isinstance(description, str) else ""
    if not questions:
        return names
    for path in content_files(project, []):
        meta = _mapping(path, project, MAX_FILE_BYTES, front_matter=True)
        if isinstance(meta.get("id"), str):
            title = meta.get("title")
            names.ids[meta["id"]] = title if isinstance(title, str) else ""
        tags = meta.get("tags")
        for tag in [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []:
            if isinstance(tag, str):
                names.tags.setdefault(tag, "")
    return names


def _mapping(path: Path, project: Path, limit: int, front_matter: bool) -> dict:
    """The YAML mapping of a file (or of its front matter); empty if it cannot be read.
    Parsed as loading parses it, so anchors and aliases are refused here too."""
    try:
        if not inside(project, path):
            return {}
        text = read_regular(path, limit).decode("utf-8")
    except (OSError, ValueError):  # missing, unreadable, not a file, too large, not UTF-8
        return {}
    first = 1
    if front_matter:
        lines = text.removeprefix("\ufeff").splitlines()
        end = next((i for i in range(1, len(lines)) if FENCE.match(lines[i])), None)
        if not lines or not FENCE.match(lines[0]) or end is None:
            return {}
        text, first = "\n".join(lines[1:end]), 2
    mapping = load_mapping(text, path, first, [])
    return mapping.data if mapping is not None else {}
