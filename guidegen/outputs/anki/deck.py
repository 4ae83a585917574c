"""The Anki package: one note per question in one deck per guide, with identities
that stay the same from export to export, written with genanki's collection schema.

Identity is stable so that importing a new export updates cards instead of adding new
ones: a note's GUID comes from the guide's `id` in guide.yaml (random, written once, so a
renamed guide keeps its notes) and the question's `id` (not its file name); the deck's and
the note type's ids come from the guide's `id` alone. Booklets are tags, not decks: Anki
never moves a card it already has to another deck, so a booklet deck imported after the
whole guide would stay empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from guidegen.content.cloze import has_blanks
from guidegen.model import FigureRef, Guide, Question
from guidegen.paths import shared_mode

FIELDS = ("Title", "Question", "Answer", "Id")
FRONT = '<div class="title">{{Title}}</div>\n<div class="question">{{Question}}</div>'
BACK = '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>'
# A question with blanks is a Cloze note: one card per blank number, the blank hidden on
# its card. Its own note type (Anki's cloze kind), with an id of its own from the guide's.
CLOZE_FIELDS = ("Title", "Text", "Back Extra", "Id")
CLOZE_FRONT = '<div class="title">{{Title}}</div>\n<div class="question">{{cloze:Text}}</div>'
CLOZE_BACK = ('<div class="title">{{Title}}</div>\n<div class="question">{{cloze:Text}}</div>\n'
              '<hr id="answer">\n<div class="answer">{{Back Extra}}</div>')
CLOZE_CSS = ".cloze { font-weight: bold; color: #0072B2; }\n.nightMode .cloze { color: #56b4e9; }\n"
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


def note_guid(guide_id: str, question_id: str, cloze: bool = False) -> str:
    """A note's GUID: the guide's id and the question's id, nothing else; and for a Cloze
    note (a question with blanks) that it is one: Anki never changes the type of a note it
    has (it skips the import as a conflict), so a question that gains blanks is a new note."""
    import genanki

    return genanki.guid_for(guide_id, question_id, "cloze") if cloze else genanki.guid_for(guide_id, question_id)


def tags(question: Question, booklets: dict[str, set[str]]) -> list[str]:
    """A note's tags, hierarchical where Anki's browser can fold them: topic::, difficulty::,
    booklet:: for every booklet that holds the question, and the question's own tags. They
    depend on the note alone, never on what was exported, so every export agrees."""
    named = [f"topic::{t}" for t in question.topics] + [f"difficulty::{question.difficulty}"]
    named += [f"booklet::{name}" for name, ids in sorted(booklets.items()) if question.id in ids]
    return list(dict.fromkeys(named + list(question.tags)))


def make_deck(guide: Guide, guide_id: str, booklets: dict[str, set[str]], cards: list[Card]):
    import genanki

    from guidegen.outputs.anki.choices import CSS as CHOICES_CSS

    model = genanki.Model(
        stable_id("model", guide_id), f"guidegen: {guide.title}",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS + CHOICES_CSS,
    )
    cloze_model = genanki.Model(
        stable_id("cloze-model", guide_id), f"guidegen: {guide.title} (blanks)",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[{"name": "Cloze", "qfmt": CLOZE_FRONT, "afmt": CLOZE_BACK}],
        css=CSS + CHOICES_CSS + CLOZE_CSS, model_type=genanki.Model.CLOZE,
    )
    # One deck per guide, whatever was selected: "::" would nest it under another deck.
    deck = genanki.Deck(stable_id("deck", guide_id), (guide.deck or guide.title).replace("::", ":"), description=guide.subtitle)
    for card in cards:
        q = card.question
        cloze = has_blanks(q.question_md)  # its blanks are in the front's HTML as {{c1::...}}
        deck.add_note(genanki.Note(model=cloze_model if cloze else model, fields=[card.title, card.front, card.back, q.id],
                                   tags=tags(q, booklets), guid=note_guid(guide_id, q.id, cloze)))
    return deck


def note_times(notes: list[tuple[str, str, str]], store, now: float) -> dict[str, int]:
    """Each note's modification time (guid -> seconds): the time its content (fields and
    tags) was first exported into this output folder, so a note Anki already has is
    updated on import only when it changed (Anki updates a note whose imported time is
    newer). A changed note's time is after any time its guid had before."""
    from guidegen import cache

    keys = {guid: cache.key("anki-note", guid, fields, tags) for guid, fields, tags in notes}
    last = {guid: cache.key("anki-guid", guid) for guid, _, _ in notes}
    known = store.get_many(list(keys.values()) + list(last.values())) if store else {}
    times, fresh = {}, {}
    for guid, k in keys.items():
        recorded = known.get(k)
        if isinstance(recorded, int):
            times[guid] = recorded
            continue
        before = known.get(last[guid])
        times[guid] = max(int(now), before + 1 if isinstance(before, int) else 0)
        fresh[k] = fresh[last[guid]] = times[guid]
    if store and fresh:
        store.put_many(fresh)
    return times


def write_package(deck, media: list[tuple[str, Path]], target: Path, work: Path, store=None) -> None:
    """The package, written under a temporary name and renamed: never half a file. It is
    genanki's collection (its schema), zipped with the media as Anki expects. A note's
    time is when its content last changed (note_times), never the export's: a re-import
    of unchanged notes updates nothing."""
    import itertools
    import sqlite3
    import tempfile
    import zipfile

    import genanki

    notes = [(n.guid, "\x1f".join(n.fields), " ".join(n.tags)) for n in deck.notes]
    times = note_times(notes, store, time.time())
    timestamp = max(times.values(), default=0)
    work.mkdir(parents=True, exist_ok=True)
    handle, collection = tempfile.mkstemp(prefix="anki-", suffix=".anki2", dir=work)
    os.close(handle)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        db = sqlite3.connect(collection)
        try:
            # Note and card ids count up from the deck's own id: the same every export.
            genanki.Package(deck).write_to_db(db.cursor(), timestamp, itertools.count(deck.deck_id * 1000))
            db.executemany("UPDATE notes SET mod = ? WHERE guid = ?", [(t, guid) for guid, t in times.items()])
            db.executemany("UPDATE cards SET mod = ? WHERE nid IN (SELECT id FROM notes WHERE guid = ?)",
                           [(t, guid) for guid, t in times.items()])
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
