"""guidegen import: split a Markdown Q&A document into one content file per question,
declare its sections as topics in content/guide.yaml, and report what was not placed.

The splitting (split.py) reads the document's block structure; this module plans the
files and validates them as `guidegen check` would. It is best effort: a question that
would not check is left out and reported, the others are written. An earlier import of
the same document (previous.py) is updated in place, never copied.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from guidegen.errors import ContentError, GuideError, Problem, problem
from guidegen.importer import images
from guidegen.importer import diagnose, formats, guidefile, patterns, previous
from guidegen.importer.found import Found, Section
from guidegen.importer.split import split_document
from guidegen.importer.titles import clip, slugify
from guidegen.paths import write_atomic

DIFFICULTY = "medium"
_GENERIC_STEMS = {"readme", "index", "notes", "questions", "document", "doc", "main"}
_FRONT_ID = re.compile(r"^id:\s*['\"]?([A-Za-z0-9-]+)", re.MULTILINE)


@dataclass(frozen=True)
class SectionCount:
    name: str
    topic: str
    count: int


@dataclass(frozen=True)
class Row:
    """One line of --dry-run's table: a question as it was found."""

    number: int
    line: int  # 1-based source line
    title: str
    question: str  # first words
    answer: str  # first words ('' when it has none)
    shape: str  # how it was found
    file: Path


def first_words(text: str, limit: int = 28) -> str:
    """`text`'s first words, cut at a word and ending in "…" (see titles.clip)."""
    return clip(text, limit)


@dataclass(frozen=True)
class ImportReport:
    """What `import_document` found and wrote (or, with dry_run, would write)."""

    source: Path
    written: tuple[Path, ...]
    sections: tuple[SectionCount, ...]
    unplaced: tuple[tuple[int, int, str], ...]  # first line, last line (1-based), first line's text
    guide: Path
    guide_created: bool
    new_topics: tuple[str, ...]
    difficulty: str
    remote_images: tuple[Problem, ...] = ()  # left as they are: `build` will ask for a local copy
    skipped: tuple[Problem, ...] = ()  # questions found but not imported, and why
    updated: tuple[Path, ...] = ()  # files of an earlier import of this document, rewritten
    removed: tuple[Path, ...] = ()  # files of an earlier import whose question is gone from the source
    previews: tuple[tuple[Path, str, str], ...] = ()  # (file, section name, the question's first words), in document order
    dry_run: bool = False
    rows: tuple[Row, ...] = ()
    unchanged: tuple[Path, ...] = ()  # files an earlier import wrote exactly as they would be now (not rewritten)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Every warning, in the order of the lines they name."""
        return tuple(sorted(self.skipped + self.remote_images, key=lambda p: (p.path, p.line)))


@dataclass(frozen=True)
class _Planned:
    found: Found
    qid: str
    topics: tuple[str, ...]
    target: Path
    text: str


def read_source(source: Path) -> str:
    from guidegen.errors import display_path

    shown = display_path(source)
    if source.is_symlink() and not source.exists():
        raise GuideError(f"{shown}: a broken link (to {display_path(os.readlink(source))}); import reads an ordinary file")
    if not source.exists():
        raise GuideError(f"{shown}: no such file")
    if source.is_dir():
        raise GuideError(f"{shown}: a folder, not a file; import reads one Markdown file")
    if not source.is_file():
        raise GuideError(f"{shown}: not a regular file (a device, FIFO or socket); import reads an ordinary Markdown file")
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([problem(source, data[: exc.start].count(b"\n") + 1, "not valid UTF-8; save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def import_document(source: Path, project: Path, topics: tuple[str, ...] = (), force: bool = False,
                    difficulty: str = DIFFICULTY, download_images: bool = False, dry_run: bool = False,
                    strict: bool = False, questions: str | None = None, answers: str | None = None) -> ImportReport:
    """Write one content file per question of `source` into `project`, declaring the
    topics it needs. Best effort: a question that cannot be imported is left out and
    reported; nothing is written when no question can be (or, with `strict`, when any
    question is left out)."""
    from guidegen.load.schema import SLUG
    from guidegen.model import DIFFICULTIES

    if difficulty not in DIFFICULTIES:
        raise GuideError(f"--difficulty must be one of {', '.join(DIFFICULTIES)}, got {difficulty!r}")
    for slug in topics:
        if not SLUG.fullmatch(slug):
            raise GuideError(f"--topic {slug!r} is not a slug (lowercase letters, digits and hyphens)")
    from guidegen.importer import qti

    if qti.detect(source):  # a QTI package, whatever its name: its own reader
        from guidegen.importer.qti.write import import_package

        return import_package(source, project, topics, force, difficulty, dry_run, strict)
    told_questions, told_answers = patterns.parse(questions, "--questions"), patterns.parse(answers, "--answers")
    reader = formats.detect(source)  # a learning platform's file, Anki's, or flashcards; None: a Markdown document
    media: dict[str, bytes] = {}
    if reader is not None:
        if told_questions is not None or told_answers is not None:
            raise GuideError(f"--questions and --answers are for Markdown documents; {source} is {reader.KIND}")
        text, (split, media) = "", reader.read(source)
    else:
        text = read_source(source)
        split = split_document(text, told_questions, told_answers)
    # What import leaves out or imports with a loss: warnings, since the import goes on.
    skipped = [problem(source, line, message, warning=True) for line, message in split.problems]
    if not split.questions and skipped:
        raise ContentError(skipped, "nothing was written")
    verdict = diagnose.judge(split, split.lines, told=told_questions is not None) if reader is None else None
    if verdict is not None:
        # Not sure what the questions are: nothing is better than a sheet of the wrong ones.
        raise ContentError([problem(source, verdict[0], verdict[1])], "nothing was written")

    document = split.title or " ".join(re.split(r"[-_\s]+", source.stem)).strip().capitalize() or "Imported questions"
    default = Section(document, 1)
    default_slug = slugify(source.stem) if source.stem.lower() not in _GENERIC_STEMS else slugify(document, 40)
    names: dict[str, str] = {}  # topic slug -> name, in the order the document needs them
    chosen: dict[tuple, str] = {}  # each section's (name, line, slug) -> its slug, once chosen

    def topic_of(section: Section | None) -> str:
        if topics:
            return topics[0]
        section = section or default
        key = (section.name, section.line, section.slug)
        if key in chosen:
            return chosen[key]
        slug = (section.slug or (slugify(section.name, 40) if section is not default else default_slug)
                or f"section-{section.line}")
        if slug in names and names[slug] != section.name and not section.slug:
            # "### Fundamentals of machine learning: regression" and "...: classification"
            # cut to one slug: the words after the colon, else a number, keep them apart.
            tail = slugify(section.name.rsplit(":", 1)[-1], 40) if ":" in section.name else ""
            head = slug[: 40 - len(tail)].rsplit("-", 1)[0]  # whole words only
            candidates = [f"{head}-{tail}" if head else tail] if tail else []
            candidates += [f"{slug}-{n}" for n in range(2, 100)]
            slug = next(c for c in candidates if c not in names)
        names.setdefault(slug, section.name)
        chosen[key] = slug
        return slug

    for slug in topics:
        names.setdefault(slug, slug.replace("-", " ").capitalize())
    for item in split.questions:  # topics a platform's file gives beyond a question's category, after the categories
        topic_of(item.section)
    for item in split.questions:
        for slug in () if topics else item.topics:
            names.setdefault(slug, slug.replace("-", " ").capitalize())
    earlier = previous.load(project, source)
    edited: set[str] = set()  # ids of earlier imports the user has changed since: kept as they are
    planned = _plan_files(split.questions, project, topics, topic_of, difficulty, force, source, skipped, earlier, edited)
    planned = [p for p in planned if p is not None]
    fatal: list[Problem] = []
    guide = guidefile.plan(project, document, names, fatal)
    remote: list[Problem] = []
    # Images the file carries (a Moodle file's base64, an Anki package's media), by their name in figures/.
    downloads: dict[Path, bytes] = {project / "figures" / name: data for name, data in media.items()}
    if download_images and not fatal and not dry_run:
        planned, downloads = images.download(planned, project, source, skipped)
    if not fatal:
        planned, copies = images.copy_local(planned, project, source, skipped, downloads)
        downloads.update(copies)
    if not fatal:
        planned, remote = _validate(planned, project, guide, source, downloads, skipped)
    if not planned and not fatal:  # what was a warning while others imported stops the import
        raise ContentError([replace(p, warning=False) for p in skipped], "no question could be imported, so nothing was written")
    used = {t for entry in planned for t in entry.topics}
    if not fatal and set(names) - used - set(topics):
        # A section whose every question was left out is not declared as a topic.
        names = {slug: name for slug, name in names.items() if slug in used or slug in topics}
        guide = guidefile.plan(project, document, names, fatal)
    if fatal:
        raise ContentError(fatal)
    if strict and skipped + remote:
        raise ContentError([replace(p, warning=False) for p in skipped + remote],
                           "nothing was written (--strict: every question must import cleanly)")
    counts: dict[tuple[str, str], int] = {}
    for entry in planned:
        key = ((entry.found.section or default).name, topic_of(entry.found.section))
        counts[key] = counts.get(key, 0) + 1
    kept = {entry.qid for entry in planned} | edited
    removed = tuple(project / path for qid, path in earlier.files.items() if qid not in kept)
    unchanged = tuple(e.target for e in planned if e.target.is_file() and _same(e.target, e.text))
    updated = tuple(e.target for e in planned if earlier.owns(e.qid, e.target, project) and e.target not in unchanged)
    if not dry_run:
        guide.write()
        for path, data in downloads.items():
            write_atomic(path, data)
        for entry in planned:
            if entry.target not in unchanged:
                write_atomic(entry.target, entry.text)
        # Questions gone from the source stay recorded (their files are the user's to delete).
        record = {qid: entry for qid, entry in earlier.entries.items() if qid not in kept or qid in edited}
        record.update({e.qid: (e.target.relative_to(project).as_posix(), previous.digest_of(e.text))
                       for e in planned if e.qid not in edited})
        previous.save(project, source, record)
    lines = text.split("\n")
    unplaced = tuple((first, last, lines[first - 1].strip()) for first, last in split.unplaced)
    return ImportReport(
        source, tuple(p.target for p in planned), tuple(SectionCount(n, t, c) for (n, t), c in counts.items()),
        unplaced, guide.path, guide.created, guide.new_topics, difficulty, tuple(remote), tuple(sorted(set(skipped))),
        updated, removed, tuple((p.target, (p.found.section or default).name, " ".join(p.found.words.split()[:8])) for p in planned), dry_run,
        tuple(Row(n, p.found.line, p.found.title, first_words(p.found.question.text), first_words(p.found.answer.text), p.found.shape, p.target)
              for n, p in enumerate(planned, start=1)),
        unchanged,
    )


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _plan_files(found: list[Found], project: Path, forced: tuple[str, ...], topic_of, difficulty: str, force: bool,
                source: Path, skipped: list[Problem], earlier: previous.Previous, edited: set[str]) -> list[_Planned | None]:
    content = project / "content"
    existing = _existing_ids(project)
    used: set[str] = set()
    planned = []
    for order, item in enumerate(found, start=1):
        topic = topic_of(item.section)
        qid = base = item.qid or slugify(item.words) or "question"
        suffix = 2

        def mine(qid: str) -> bool:
            target = content / topic / f"{qid}.md"
            return earlier.owns(qid, target, project) or (force and existing.get(qid) == target)

        while qid in used or (qid in existing and not mine(qid)):
            qid, suffix = f"{base}-{suffix}", suffix + 1
        used.add(qid)
        target = content / topic / f"{qid}.md"
        if target.exists() and not mine(qid):
            skipped.append(problem(source, item.line, f"{target} already exists (use --force to overwrite it); question not imported", warning=True))
            planned.append(None)
            continue
        if target.exists() and earlier.owns(qid, target, project) and not force and earlier.edited(qid, project):
            skipped.append(problem(source, item.line, f"{target} was edited since it was imported; kept as it is (use --force to replace it)", warning=True))
            edited.add(qid)
            planned.append(None)
            continue
        topics = forced or tuple(dict.fromkeys((topic, *item.topics)))
        planned.append(_Planned(item, qid, topics, target, render_file(item, qid, topics, item.difficulty or difficulty, order)))
    return planned


def numeric_answer(value: float, tolerance: float) -> dict:
    """A numeric answer as the front matter writes it (guidegen.params.spec): answer: {value, tolerance}."""
    def plain(number: float):
        return int(number) if float(number).is_integer() else number

    return {"value": plain(value), "tolerance": plain(tolerance)}


def render_file(item: Found, qid: str, topics: tuple[str, ...], difficulty: str, order: int) -> str:
    import yaml

    meta = {"id": qid, "title": item.title, "topics": list(topics), "difficulty": difficulty, "order": order}
    if item.points is not None:
        meta["points"] = int(item.points) if item.points.is_integer() else item.points
    if item.tags:
        meta["tags"] = list(item.tags)
    if not item.shuffle:
        meta["shuffle"] = False
    if item.numeric is not None:
        meta["answer"] = numeric_answer(*item.numeric)
    front = "".join(f"{k}: {yaml.safe_dump(v, allow_unicode=True, width=1_000_000, default_flow_style=True, sort_keys=False).removesuffix(chr(10) + '...' + chr(10)).strip()}\n"
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


def _validate(planned: list[_Planned], project: Path, guide: guidefile.GuidePlan, source: Path,
              downloads: dict[Path, bytes], skipped: list[Problem]) -> tuple[list[_Planned], list[Problem]]:
    """Each planned file must read back as a question, and its title, question and answer
    must pass the content layer's checks: (the files that do, the warnings). A file that
    does not is left out, its problems reported at their lines in the source document.
    What only one output cannot make (a character no TeX font has, an image a card cannot
    show) is a warning labelled with that output: the question is imported."""
    from guidegen.content.images import MISSING, REMOTE
    from guidegen.errors import errors_of, warnings_of
    from guidegen.load.reader import read_question

    from guidegen.content.images import short

    fetched = {f"image '{short('figures/' + path.name)}' does not exist" for path in downloads}  # as the message quotes it
    good, remote = [], []
    for entry in planned:
        found, problems = entry.found, []
        question = read_question(entry.target, entry.text.encode("utf-8"), guide.guide, problems)
        if question is not None:
            problems += _checked(question, found, source, project, guide.guide)
        # Downloaded images are not in figures/ yet (nothing is written before all is
        # checked); remote ones are imported as they are, for the user to save a copy.
        problems = [p for p in problems if not (p.code == MISSING and any(f in p.message for f in fetched))]
        # Warnings (a remote image, an unknown HTML tag, what one output cannot make) do not
        # stop a question: they are told at their lines in the source (the file's own, such
        # as no answer, are told there already).
        warned = [p for p in warnings_of(problems) if p.path == str(source.resolve()) or p.code == REMOTE]
        warned = [replace(p, message=p.message + ", or import again with --download-images") if p.code == REMOTE else p
                  for p in warned]
        problems = errors_of(problems)
        if problems:
            skipped += [replace(p, warning=True) for p in problems]
            skipped.append(problem(source, found.line, f"question '{clip(found.words)}' not imported (its problems are "
                                                       "listed at their lines)", warning=True))
        else:
            good.append(entry)
            remote += warned
    return good, remote


def _checked(question, found: Found, source: Path, project: Path, guide) -> list[Problem]:
    """The content layer's problems with a question read back from its planned file, and
    every output's (as warnings labelled with it), at their lines in the source document."""
    from guidegen.content.check import check_question
    from guidegen.errors import errors_of
    from guidegen.model import Bank, Guide
    from guidegen.outputs import writers
    from guidegen.outputs.base import labelled

    # The planned file holds the question's text at its body's first line and the answer's
    # a blank line under '## Answer' (render_file); the options are in the question's part.
    shift = found.question.line - question.question_line
    q = replace(question, path=source, title_line=found.line, question_line=found.question.line,
                answer_line=found.answer.line - 1, options=tuple(replace(o, line=o.line + shift) for o in question.options))
    checked = check_question(q, project)
    problems = list(checked.problems)
    if errors_of(problems):
        return problems
    bank = Bank(guide or Guide(title="", topics=()), (q,), {q.id: checked.figures})
    for writer in writers():
        for p in labelled(writer, writer.check(project, bank, [q]).problems):
            if p.path == str(source.resolve()) and not any(p.message.endswith(k.message) for k in problems if k.line == p.line):
                problems.append(replace(p, warning=True))
    return problems
