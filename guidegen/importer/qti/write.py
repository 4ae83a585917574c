"""A QTI package's questions as content files: each given an id (the item's identifier
where it is one), a topic (the package's, else the section's), points and its options;
checked as `guidegen check` would before anything is written; images copied into
figures/. An earlier import of the same package is updated in place (importer.previous)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from guidegen.errors import ContentError, Problem, problem
from guidegen.importer import ImportReport, Row, SectionCount, first_words, previous
from guidegen.importer.qti.model import Imported
from guidegen.importer.titles import clip, slugify

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 60


def import_package(source: Path, project: Path, forced_topics: tuple[str, ...] = (), force: bool = False,
                   difficulty: str = "medium", dry_run: bool = False, strict: bool = False) -> ImportReport:
    from guidegen.importer import guidefile
    from guidegen.importer.qti import read12, read21
    from guidegen.importer.qti.package import open_package
    from guidegen.paths import write_atomic

    package = open_package(source)
    try:
        found = read21.read(package) if read21.is_qti21(package) else read12.read(package)
        skipped = [problem(package.shown(member), line, message, warning=True) for member, line, message in found.losses]
        document = found.title or source.stem.replace("-", " ").replace("_", " ").capitalize() or "Imported questions"
        default_topic = slugify(document, 40) or "imported"
        names: dict[str, str] = {}
        planned = []
        earlier = previous.load(project, source)
        used_ids: set[str] = set()
        edited: set[str] = set()  # files of an earlier import the user has changed: kept as they are
        existing = _existing_ids(project)
        every = [list(forced_topics) or _topics(item, default_topic) for item in found.questions]
        for item, topics in zip(found.questions, every):  # a section names its topic; then the rest
            if item.section and not forced_topics:
                names.setdefault(topics[0], item.section)
        for slug in (t for topics in every for t in topics):
            names.setdefault(slug, document if slug == default_topic else slug.replace("-", " ").capitalize())
        for order, (item, topics) in enumerate(zip(found.questions, every), start=1):
            qid = _unique(_id_of(item), used_ids)
            target = project / "content" / topics[0] / f"{qid}.md"
            where = package.shown(item.where[0]), item.where[1]
            mine = earlier.owns(qid, target, project)
            if (target.exists() or qid in existing) and not mine and not force:
                shown = target if target.exists() else existing[qid]
                skipped.append(problem(*where, f"{shown} already holds the question id '{qid}' (use --force to overwrite "
                                              "it); question not imported", warning=True))
                continue
            if target.exists() and mine and not force and earlier.edited(qid, project):
                edited.add(qid)
                skipped.append(problem(*where, f"{target} was edited since it was imported; kept as it is (use --force "
                                              "to replace it)", warning=True))
                continue
            planned.append((item, qid, tuple(topics), target, render(item, qid, topics, difficulty, order, skipped, where)))
        for slug in forced_topics:
            names.setdefault(slug, slug.replace("-", " ").capitalize())
        fatal: list[Problem] = []
        guide = guidefile.plan(project, document, names, fatal)
        if fatal:
            raise ContentError(fatal)
        good = [p for p in planned if _valid(p, project, guide.guide, skipped, package)]
        if not good:
            raise ContentError([replace(p, warning=False) for p in skipped] or
                               [problem(source, 1, "no question in this package could be imported")],
                               "no question could be imported, so nothing was written")
        if strict and skipped:
            raise ContentError([replace(p, warning=False) for p in skipped],
                               "nothing was written (--strict: every question must import cleanly)")
        media = {name: member for item, *_ in good for name, member in item.media.items()}
        unchanged = tuple(t for _, _, _, t, text in good if t.is_file() and t.read_bytes() == text.encode("utf-8"))
        updated = tuple(t for _, qid, _, t, _ in good if earlier.owns(qid, t, project) and t not in unchanged)
        kept = {qid for _, qid, *_ in planned} | edited
        removed = tuple(project / path for qid, path in earlier.files.items() if qid not in kept)  # told, never deleted
        if not dry_run:
            guide.write()
            for name, member in sorted(media.items()):
                target = project / "figures" / name
                data = package.read(member)
                if not (target.is_file() and target.read_bytes() == data):
                    write_atomic(target, data)
            for _, _, _, target, text in good:
                if target not in unchanged:
                    write_atomic(target, text)
            record = dict(earlier.entries)
            record.update({qid: (t.relative_to(project).as_posix(), previous.digest_of(text)) for _, qid, _, t, text in good})
            previous.save(project, source, record)
    finally:
        package.archive.close()
    counts: dict[tuple[str, str], int] = {}
    for item, _, topics, _, _ in good:
        key = (names.get(topics[0], item.section or document), topics[0])
        counts[key] = counts.get(key, 0) + 1
    return ImportReport(
        source, tuple(t for *_, t, _ in good), tuple(SectionCount(n, t, c) for (n, t), c in counts.items()), (),
        guide.path, guide.created, guide.new_topics, difficulty, (), tuple(sorted(set(skipped))), updated, removed,
        tuple((t, names.get(topics[0], ""), first_words(item.question)) for item, _, topics, t, _ in good), dry_run,
        tuple(Row(n, item.where[1], item.title, first_words(item.question), first_words(item.answer), "QTI item", t)
              for n, (item, _, _, t, _) in enumerate(good, start=1)),
        unchanged)


def _topics(item: Imported, default: str) -> list[str]:
    """The item's topic slugs: those the package names (guidegen's own export), else one
    from its section's name, else the package's."""
    section_slug = slugify(item.section, 40) if item.section else ""
    return [t for t in item.topics if _SLUG.fullmatch(t)] or [section_slug or default]


def _id_of(item: Imported) -> str:
    # An XML identifier cannot start with a digit: guidegen's export prefixed such an id with "q-".
    rest = item.identifier.removeprefix("q-")
    qid = rest if item.identifier.startswith("q-") and rest[:1].isdigit() else item.identifier
    if _SLUG.fullmatch(qid) and len(qid) <= MAX_ID:
        return qid
    made = slugify(qid, MAX_ID)
    return made if made and len(qid) <= 40 else slugify(item.title or item.question, MAX_ID) or "question"


def _unique(qid: str, used: set[str]) -> str:
    base, number = qid, 2
    while qid in used:
        qid, number = f"{base}-{number}", number + 1
    used.add(qid)
    return qid


_FRONT_ID = re.compile(r"^id:\s*['\"]?([A-Za-z0-9-]+)", re.MULTILINE)


def _existing_ids(project: Path) -> dict[str, Path]:
    """Ids of the question files already in the project (read from their front matter)."""
    from guidegen.load.reader import content_files

    ids: dict[str, Path] = {}
    for path in content_files(project, []):
        try:
            front = path.read_bytes()[:4000].decode("utf-8", "replace").split("\n---", 1)[0]
        except OSError:
            continue
        match = _FRONT_ID.search(front)
        if match:
            ids.setdefault(match.group(1), path)
    return ids


def render(item: Imported, qid: str, topics: list[str], difficulty: str, order: int, skipped: list, where) -> str:
    """The content file: front matter, the question and its options, '## Answer' and the answer."""
    import yaml

    title = " ".join((item.title or clip(item.question, 60) or qid).split())
    meta: dict = {"id": qid, "title": title, "topics": list(topics), "difficulty": difficulty, "order": order}
    if item.points is not None:
        points = round(item.points * 2) / 2
        if points != item.points or points <= 0:
            skipped.append(problem(*where, f"{item.points:g} points is not a whole or half number; "
                                          f"imported as {max(points, 0.5):g}", warning=True))
        points = max(points, 0.5)
        meta["points"] = int(points) if points.is_integer() else points
    if item.options and not item.shuffle:
        meta["shuffle"] = False
    if item.numeric is not None:
        meta["answer"] = item.numeric
    front = "".join(f"{k}: {yaml.safe_dump(v, allow_unicode=True, width=1_000_000, default_flow_style=True, sort_keys=False).removesuffix(chr(10) + '...' + chr(10)).strip()}\n"
                    for k, v in meta.items())
    body = item.question.strip()
    if item.options:
        lines = [f"- [{'x' if o.correct else ' '}] " + (o.markdown.strip() or "(empty)").replace("\n", "\n  ")
                 for o in item.options]
        body = (body + "\n\n" if body else "") + "\n".join(lines)
    text = f"---\n{front}---\n{body}\n\n## Answer\n\n{item.answer.strip()}\n".replace("\n\n\n", "\n\n")
    return re.sub(r"[ \t]+\n", "\n", text)  # (no line ends in spaces: a hard break is written as a backslash)


def _valid(entry, project: Path, guide, skipped: list, package) -> bool:
    """Whether the planned file reads back as a question that passes the content checks
    (its images count as there: they are copied with it)."""
    from guidegen.content.check import check_question
    from guidegen.content.images import MISSING
    from guidegen.errors import errors_of
    from guidegen.load.reader import read_question

    item, qid, _, target, text = entry
    where = package.shown(item.where[0]), item.where[1]
    problems: list[Problem] = []
    question = read_question(target, text.encode("utf-8"), guide, problems)
    if question is not None:
        problems += check_question(question, project).problems
    problems = [p for p in problems if not (p.code == MISSING and any(f"'figures/{n}'" in p.message or f"'{n}'" in p.message
                                                                      for n in item.media))]
    errors = errors_of(problems)
    if errors:
        skipped += [problem(*where, f"question '{qid}': {p.message}", warning=True) for p in errors]
        skipped.append(problem(*where, f"question '{qid}' not imported (its problems are listed above)", warning=True))
        return False
    return True
