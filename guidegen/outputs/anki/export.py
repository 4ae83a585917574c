"""Export selected questions as an Anki package: load and validate the bank as a build
does, select, render each question to HTML, draw the figures to SVG (cached), then
write OUT/NAME.apkg atomically with genanki.

Identity is stable so that importing a new export updates cards instead of adding new
ones: a note's GUID comes from the guide's `id` in guide.yaml (random, written once, so a
renamed guide keeps its notes) and the question's `id` (not its file name); the deck's and
the note type's ids come from the guide's `id` alone. Booklets are tags, not decks: Anki
never moves a card it already has to another deck, so a booklet deck imported after the
whole guide would stay empty. Heavy imports (genanki, the Markdown stack) happen after the
no-op check.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from guidegen import cache, incremental
from guidegen.model import Filters, FigureRef, Guide, Question
from guidegen.paths import cache_path, output_dir, secure_work_dir, shared_mode, work_dir

log = logging.getLogger("guidegen")

FIELDS = ("Title", "Question", "Answer", "Id")
FRONT = '<div class="title">{{Title}}</div>\n<div class="question">{{Question}}</div>'
BACK = '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>'
CSS = """\
.card { font-family: "Latin Modern Roman", "Computer Modern Serif", Georgia, serif; font-size: 19px;
        line-height: 1.45; text-align: left; max-width: 42em; margin: 0 auto; }
.title { font-weight: bold; font-size: 1.1em; margin-bottom: .6em; }
.figure { text-align: center; margin: .8em 0; }
.figure img { max-width: 100%; height: auto; }
.nightMode .figure img { background: white; }
.caption { font-size: .85em; opacity: .75; }
table { border-collapse: collapse; margin: .6em auto; }
th, td { border: 1px solid #999; padding: .2em .6em; }
pre { padding: .5em; overflow-x: auto; border: 1px solid #999; }
code { font-size: .9em; }
"""


@dataclass(frozen=True)
class AnkiOptions:
    """What `guidegen anki` was asked for: the filters, or a named booklet."""

    filters: Filters = Filters()
    booklet: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Exported:
    path: Path
    notes: int
    rebuilt: bool = True  # False: the inputs had not changed, and the last export stands


@dataclass(frozen=True)
class Card:
    """One question as the HTML of a note's fields, and the figures and images it shows."""

    question: Question
    title: str
    front: str
    back: str
    figures: tuple[FigureRef, ...]


def stable_id(*parts: str) -> int:
    """An id in the range Anki's deck and note type ids use, the same for the same parts."""
    digest = hashlib.sha256("\0".join(("guidegen",) + parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(guide_id: str, question_id: str) -> str:
    """A note's GUID: the guide's id and the question's id, nothing else."""
    import genanki

    return genanki.guid_for(guide_id, question_id)


def export_deck(project: Path, out: Path | None, options: AnkiOptions) -> Exported:
    """What `guidegen anki` does: nothing when no input changed since the same export,
    else load and select as `build` does, render, draw the figures and write the package."""
    project = project.resolve()
    out = output_dir(project, out)
    secure_work_dir(out)  # before the cache in it is opened
    inputs = incremental.inputs_key(project, options)  # before anything is read (see there)
    ready = incremental.up_to_date(out, inputs)
    if ready:
        return Exported(*ready[0], rebuilt=False)
    from guidegen import select
    from guidegen.build import Options, build_lock, check_name, default_name
    from guidegen.load import load

    if options.name is not None:
        check_name(options.name)

    bank = load(project, cache_path(out))
    request = Options(options.filters, name=options.name, booklets=(options.booklet,) if options.booklet else ()).requests(bank)[0]
    chosen = select.select(bank, request.filters)
    cards = render_cards(project, chosen)  # validated before anything is drawn or written
    target = out / f"{default_name(request)}.apkg"
    guide_id = bank.guide.id or _add_guide_id(bank.guide.path)
    booklets = {b.name: {q.id for q in select.select(bank, b.filters)} for b in bank.guide.booklets}
    with build_lock(work_dir(out)):
        sources = _media_sources(project, out, cards)
        names = {source: _media_name(source, path) for source, path in sources.items()}
        cards = render_cards(project, chosen, names.__getitem__)
        deck = _deck(bank.guide, guide_id, booklets, cards)
        _write(deck, [(names[s], p) for s, p in sorted(sources.items())], target, work_dir(out))
    incremental.record(out, inputs, [(target, len(cards))])
    return Exported(target, len(cards))


def _add_guide_id(path: Path) -> str:
    """A guide written before guides had ids gets one, once, at the end of guide.yaml."""
    from guidegen.errors import display_path
    from guidegen.guideid import add_id

    guide_id = add_id(path)
    log.warning(f"Added 'id: {guide_id}' to {display_path(path)}: the identity of this guide's Anki notes "
                "and deck. Keep it when you rename the guide (commit it with the rest).")
    return guide_id


def tags(question: Question, booklets: dict[str, set[str]]) -> list[str]:
    """A note's tags, hierarchical where Anki's browser can fold them: topic::, difficulty::,
    booklet:: for every booklet that holds the question, and the question's own tags. They
    depend on the note alone, never on what was exported, so every export agrees."""
    named = [f"topic::{t}" for t in question.topics] + [f"difficulty::{question.difficulty}"]
    named += [f"booklet::{name}" for name, ids in sorted(booklets.items()) if question.id in ids]
    return list(dict.fromkeys(named + list(question.tags)))


def render_cards(project: Path, chosen: list[Question], media=None) -> list[Card]:
    """Each question's title, question and answer as HTML; ContentError listing every
    problem (as `path:line`) if one cannot be shown on a card."""
    from guidegen.errors import ContentError
    from guidegen.outputs.anki.choices import options_html, right_html
    from guidegen.outputs.anki.html import default_media_name, inline_to_html, to_html

    media = media or default_media_name
    cards, problems = [], []
    for q in chosen:
        title = inline_to_html(q.title, q.path, q.title_line)
        front = to_html(q.question_md, q.path, q.question_line, project, media)
        back = to_html(q.answer_md, q.path, q.answer_line, project, media)
        options = options_html(q, project, media)  # issue 22: multiple choice, lettered on the front
        problems += title.problems + front.problems + options.problems + back.problems
        cards.append(Card(q, title.html, front.html + options.html, right_html(q) + back.html,
                          tuple(front.figures + options.figures + back.figures)))
    if problems:
        raise ContentError(problems)
    return cards


def _media_sources(project: Path, out: Path, cards: list[Card]) -> dict[str, Path]:
    """The file each figure and image comes from: figure scripts drawn to SVG by the same
    workers and cache as the PDFs' figures (nothing is drawn when all are cached)."""
    from guidegen.figures.draw import draw_all, plan

    refs = sorted({f.script for card in cards for f in card.figures})
    scripts = [s for s in refs if s.endswith(".py")]
    drawn = {s: work_dir(out) / "figures" / PurePosixPath(s).with_suffix(".svg") for s in scripts}
    store = cache.Cache(cache_path(out))
    try:
        draw_all(plan([(project / "figures" / s, drawn[s]) for s in scripts], store), store)
    finally:
        store.close()
    return {**drawn, **{s: project / s for s in refs if not s.endswith(".py")}}


def _media_name(source: str, path: Path) -> str:
    """A media file's name: a redrawn figure or changed image gets a new name, since Anki
    keeps a file it already has under the same name."""
    from guidegen.outputs.anki.html import default_media_name

    flat = PurePosixPath(default_media_name(source) if source.endswith(".py") else PurePosixPath(source).name.lower())
    return f"{flat.stem}-{cache.file_digest(path)[:12]}{flat.suffix}"


def _deck(guide: Guide, guide_id: str, booklets: dict[str, set[str]], cards: list[Card]):
    import genanki

    from guidegen.outputs.anki.choices import CSS as CHOICES_CSS

    model = genanki.Model(
        stable_id("model", guide_id), f"guidegen: {guide.title}",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS + CHOICES_CSS,
    )
    # One deck per guide, whatever was selected: "::" would nest it under another deck.
    deck = genanki.Deck(stable_id("deck", guide_id), guide.title.replace("::", ":"), description=guide.subtitle)
    for card in cards:
        q = card.question
        deck.add_note(genanki.Note(model=model, fields=[card.title, card.front, card.back, q.id],
                                   tags=tags(q, booklets), guid=note_guid(guide_id, q.id)))
    return deck


def _write(deck, media: list[tuple[str, Path]], target: Path, work: Path) -> None:
    """The package, written under a temporary name and renamed: never half a file. It is
    genanki's collection (its schema), zipped with the media as Anki expects. The notes
    carry the export time: Anki updates a note it has when the imported one is newer."""
    import itertools
    import sqlite3
    import tempfile
    import zipfile

    import genanki

    timestamp = time.time()
    work.mkdir(parents=True, exist_ok=True)
    handle, collection = tempfile.mkstemp(prefix="anki-", suffix=".anki2", dir=work)
    os.close(handle)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        db = sqlite3.connect(collection)
        try:
            genanki.Package(deck).write_to_db(db.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            db.commit()
        finally:
            db.close()
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as package:
            package.write(collection, "collection.anki2")
            package.writestr("media", json.dumps({str(i): name for i, (name, _) in enumerate(media)}))
            for i, (_, path) in enumerate(media):
                package.write(path, str(i))
        os.chmod(partial, shared_mode())
        os.replace(partial, target)
    finally:
        Path(collection).unlink(missing_ok=True)
        Path(partial).unlink(missing_ok=True)
