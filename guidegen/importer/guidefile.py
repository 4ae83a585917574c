"""content/guide.yaml for an import: created when missing, or given the topics it lacks
by adding entries to its `topics:` list as text, so the user's comments and layout stay."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from guidegen.errors import Problem, problem
from guidegen.guideid import deck_line, id_line, new_id
from guidegen.load.settings import guide_path, load_guide
from guidegen.model import Guide
from guidegen.paths import write_atomic

_TOPICS_KEY = re.compile(r"^topics[ \t]*:[ \t]*(?:#.*)?$")


@dataclass
class GuidePlan:
    path: Path
    text: str | None  # the new file, or None when it stays as it is
    created: bool
    new_topics: tuple[str, ...]
    guide: Guide | None  # the settings as they will be, to validate the questions against

    def write(self) -> None:
        if self.text is None:
            return
        write_atomic(self.path, self.text)


def _scalar(value: str) -> str:
    return yaml.safe_dump({"k": value}, allow_unicode=True, width=1_000_000)[3:].strip()


def plan(project: Path, title: str, topics: dict[str, str], problems: list[Problem]) -> GuidePlan:
    """The guide settings an import needs: `topics` maps slug to name."""
    path = guide_path(project)
    if not path.exists() and not path.is_symlink():
        lines = [f"title: {_scalar(title)}", id_line(new_id()), deck_line(title), "topics:"]
        lines += [f"  - slug: {slug}\n    name: {_scalar(name)}" for slug, name in topics.items()]
        text = "\n".join(lines) + "\n"
        return GuidePlan(path, text, True, tuple(topics), _check(text, path, tuple(topics), problems))
    found: list[Problem] = []
    guide = load_guide(project, found)
    if guide is None:
        problems += found
        problems.append(problem(path, 1, "guide settings have problems (above); fix them before importing"))
        return GuidePlan(path, None, False, (), None)
    declared = {t.slug for t in guide.topics}
    missing = {slug: name for slug, name in topics.items() if slug not in declared}
    if not missing:
        return GuidePlan(path, None, False, (), guide)
    text = _add_topics(path.read_text("utf-8"), missing)
    if text is None:
        entries = ", ".join(missing)
        problems.append(problem(path, 1, f"cannot add the topics {entries} to this file's 'topics:' list; declare them yourself"))
        return GuidePlan(path, None, False, (), None)
    return GuidePlan(path, text, False, tuple(missing), _check(text, path, tuple(missing), problems))


def _add_topics(text: str, missing: dict[str, str]) -> str | None:
    """`text` with entries for `missing` appended to its block-style `topics:` list."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if _TOPICS_KEY.match(line)), None)
    if at is None:
        return None  # a flow-style list (topics: [...]) or no list at all
    last, indent = at, None
    for i in range(at + 1, len(lines)):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t" or line.startswith("-"):
            last = i
            bullet = re.match(r"^([ \t]*)- ", line)
            if indent is None and bullet:
                indent = bullet.group(1)
            continue
        break
    indent = "  " if indent is None else indent
    entries = [f"{indent}- slug: {slug}\n{indent}  name: {_scalar(name)}" for slug, name in missing.items()]
    return "\n".join(lines[: last + 1] + entries + lines[last + 1 :])


def _check(text: str, path: Path, slugs: tuple[str, ...], problems: list[Problem]) -> Guide | None:
    """Load `text` as guide.yaml would be loaded; every new topic must be declared."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "content").mkdir()
        (Path(folder) / "content" / "guide.yaml").write_text(text, "utf-8")
        found: list[Problem] = []
        guide = load_guide(Path(folder), found)
    declared = {t.slug for t in guide.topics} if guide else set()
    if guide is None or not set(slugs) <= declared:
        messages = "; ".join(p.message for p in found) or "the topics were not added"
        problems.append(problem(path, 1, f"could not declare the topics {', '.join(slugs)}: {messages}"))
        return None
    return guide
