"""guidegen import: split a Markdown Q&A document into one content file per question,
declare its sections as topics in content/guide.yaml, and report what was not placed.

The splitting (split.py) reads the document's block structure; this module plans the
files, validates them as `guidegen check` would, and writes nothing unless all is well.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from guidegen.errors import ContentError, GuideError, Problem, problem
from guidegen.importer import images
from guidegen.importer import guidefile
from guidegen.importer.split import Found, Section, split_document
from guidegen.importer.titles import slugify

DIFFICULTY = "medium"
_GENERIC_STEMS = {"readme", "index", "notes", "questions", "document", "doc", "main"}
_FRONT_ID = re.compile(r"^id:\s*['\"]?([A-Za-z0-9-]+)", re.MULTILINE)


@dataclass(frozen=True)
class SectionCount:
    name: str
    topic: str
    count: int


@dataclass(frozen=True)
class ImportReport:
    """What `import_document` found and wrote."""

    source: Path
    written: tuple[Path, ...]
    sections: tuple[SectionCount, ...]
    unplaced: tuple[tuple[int, int, str], ...]  # first line, last line (1-based), first line's text
    guide: Path
    guide_created: bool
    new_topics: tuple[str, ...]
    difficulty: str
    remote_images: tuple[Problem, ...] = ()  # left as they are: `build` will ask for a local copy


@dataclass(frozen=True)
class _Planned:
    found: Found
    qid: str
    topics: tuple[str, ...]
    target: Path
    text: str


def read_source(source: Path) -> str:
    if not source.is_file():
        raise GuideError(f"{source}: no such file")
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([problem(source, data[: exc.start].count(b"\n") + 1, "not valid UTF-8; save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def import_document(source: Path, project: Path, topics: tuple[str, ...] = (), force: bool = False,
                    difficulty: str = DIFFICULTY, download_images: bool = False) -> ImportReport:
    """Write one content file per question of `source` into `project`, declaring the
    topics it needs; nothing is written if anything is wrong."""
    from guidegen.load.schema import SLUG
    from guidegen.model import DIFFICULTIES

    if difficulty not in DIFFICULTIES:
        raise GuideError(f"--difficulty must be one of {', '.join(DIFFICULTIES)}, got {difficulty!r}")
    for slug in topics:
        if not SLUG.fullmatch(slug):
            raise GuideError(f"--topic {slug!r} is not a slug (lowercase letters, digits and hyphens)")
    text = read_source(source)
    split = split_document(text)
    problems = [problem(source, line, message) for line, message in split.problems]

    document = split.title or " ".join(re.split(r"[-_\s]+", source.stem)).strip().capitalize() or "Imported questions"
    default = Section(document, 1)
    default_slug = slugify(source.stem) if source.stem.lower() not in _GENERIC_STEMS else slugify(document, 40)
    names: dict[str, str] = {}  # topic slug -> name, in the order the document needs them

    def topic_of(section: Section | None) -> str:
        if topics:
            return topics[0]
        section = section or default
        slug = (slugify(section.name, 40) if section is not default else default_slug) or f"section-{section.line}"
        names.setdefault(slug, section.name)
        return slug

    for slug in topics:
        names.setdefault(slug, slug.replace("-", " ").capitalize())
    found = split.questions
    counts: dict[tuple[str, str], int] = {}
    for item in found:
        key = ((item.section or default).name, topic_of(item.section))
        counts[key] = counts.get(key, 0) + 1

    guide = guidefile.plan(project, document, names, problems)
    planned = _plan_files(found, project, topics, topic_of, difficulty, force, source, problems)
    remote: list[Problem] = []
    downloads: dict[Path, bytes] = {}
    if download_images and not problems:
        planned, downloads = images.download(planned, project, source, problems)
    if not problems:
        _validate(planned, project, guide, source, problems)
        # The downloaded images are not in figures/ yet: nothing is written before all is checked.
        problems[:] = [p for p in problems if not any(f"image 'figures/{path.name}' does not exist" in p.message for path in downloads)]
        # Remote images are imported as they are; the user saves a copy before building.
        remote = [p for p in problems if "never fetched" in p.message]
        problems = [p for p in problems if p not in remote]
    if problems:
        raise ContentError(problems)
    guide.write()
    for path, data in downloads.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_bytes(path, data)
    for entry in planned:
        entry.target.parent.mkdir(parents=True, exist_ok=True)
        _write(entry.target, entry.text)
    lines = text.split("\n")
    unplaced = tuple((first, last, lines[first - 1].strip()) for first, last in split.unplaced)
    return ImportReport(
        source, tuple(p.target for p in planned), tuple(SectionCount(n, t, c) for (n, t), c in counts.items()),
        unplaced, guide.path, guide.created, guide.new_topics, difficulty, tuple(remote),
    )


def _plan_files(found: list[Found], project: Path, forced: tuple[str, ...], topic_of, difficulty: str, force: bool,
                source: Path, problems: list[Problem]) -> list[_Planned]:
    content = project / "content"
    existing = _existing_ids(project)
    used: set[str] = set()
    planned = []
    for order, item in enumerate(found, start=1):
        topic = topic_of(item.section)
        qid = base = slugify(item.words) or "question"
        suffix = 2
        while qid in used or (qid in existing and not (force and existing[qid] == content / topic / f"{qid}.md")):
            qid, suffix = f"{base}-{suffix}", suffix + 1
        used.add(qid)
        target = content / topic / f"{qid}.md"
        if target.exists() and not force:
            problems.append(problem(source, item.line, f"{target} already exists (use --force to overwrite it)"))
        topics = forced or (topic,)
        planned.append(_Planned(item, qid, topics, target, render_file(item, qid, topics, difficulty, order)))
    return planned


def render_file(item: Found, qid: str, topics: tuple[str, ...], difficulty: str, order: int) -> str:
    import yaml

    meta = {"id": qid, "title": item.title, "topics": list(topics), "difficulty": difficulty, "order": order}
    front = "".join(f"{k}: {yaml.safe_dump(v, allow_unicode=True, width=1_000_000, default_flow_style=True).removesuffix(chr(10) + '...' + chr(10)).strip()}\n"
                    for k, v in meta.items())
    return f"---\n{front}---\n{item.question.text.rstrip()}\n\n## Answer\n\n{item.answer.text.rstrip()}\n"


def _existing_ids(project: Path) -> dict[str, Path]:
    """Ids of the question files already in the project (read from their front matter)."""
    from guidegen.load.reader import content_files

    ids: dict[str, Path] = {}
    for path in content_files(project, []):
        try:
            head = path.read_bytes()[:4000].decode("utf-8", "replace")
        except OSError:
            continue
        front = head.split("\n---", 1)[0]
        match = _FRONT_ID.search(front)
        if match:
            ids.setdefault(match.group(1), path)
    return ids


def _validate(planned: list[_Planned], project: Path, guide: guidefile.GuidePlan, source: Path, problems: list[Problem]) -> None:
    """Each planned file must read back as a question, and its title, question and answer
    must convert: problems are reported at their lines in the source document."""
    from guidegen.load.reader import read_question
    from guidegen.markdown.convert import convert, convert_inline

    figures = project / "figures"
    for entry in planned:
        read_question(entry.target, entry.text.encode("utf-8"), guide.guide, problems)
        found = entry.found
        problems += convert_inline(found.title, source, found.line).problems
        problems += convert(found.question.text, source, found.question.line, figures).problems
        problems += convert(found.answer.text, source, found.answer.line, figures).problems


def _write_bytes(target: Path, data: bytes) -> None:
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(data)
    os.replace(partial, target)


def _write(target: Path, text: str) -> None:
    partial = target.with_name(f".{target.name}.part")
    partial.write_text(text, "utf-8")
    os.replace(partial, target)
