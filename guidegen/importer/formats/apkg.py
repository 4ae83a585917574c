"""An Anki package (.apkg, as Anki and genanki write it): a zip with the collection as
SQLite (collection.anki21 or collection.anki2) and numbered media files. Each basic note
is a question: its first field the front, its second the back (or the Title, Question,
Answer and Id fields of guidegen's own decks); a Cloze note is a question whose deletions
are blanks ({{c1::answer::hint}}, its Text the question, its Back Extra the answer); its tags give topics (topic::SLUG, else
the note's deck) and difficulty. The zip's member names are never used as paths: the
collection is copied to a temporary file of our own and opened read-only, and media
are read into memory under names made here."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from guidegen.importer.formats import common, head
from guidegen.importer.found import Section

KIND = "an Anki package"
COLLECTIONS = ("collection.anki21", "collection.anki2")  # the newest readable first
MAX_MEMBER_BYTES = 200_000_000
MAX_MEMBERS = 20_000
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_ANKI_MATH = [(re.compile(r"\[\$\$\](.*?)\[/\$\$\]", re.DOTALL), r"\\[\1\\]"), (re.compile(r"\[\$\](.*?)\[/\$\]", re.DOTALL), r"\\(\1\\)")]


def detect(path: Path) -> bool:
    if not head(path, 4).startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return bool(names & {*COLLECTIONS, "collection.anki21b"})


def read(path: Path):
    import shutil
    import sqlite3
    import tempfile

    from guidegen.errors import ContentError, problem

    def refuse(message: str):
        raise ContentError([problem(path, 1, message)], "nothing was written")

    with zipfile.ZipFile(path) as package:
        infos = {info.filename: info for info in package.infolist()}
        if len(infos) > MAX_MEMBERS:
            refuse(f"the package holds {len(infos)} files; an Anki package of questions holds far fewer")
        name = next((n for n in COLLECTIONS if n in infos), None)
        # A new Anki's package keeps its notes in collection.anki21b (compressed with zstd); its
        # collection.anki2 then holds one note that asks to update Anki.
        if name is None or (name == "collection.anki2" and "collection.anki21b" in infos):
            refuse("this package is in Anki's newest format (collection.anki21b); export it again from Anki with "
                   "'Support older Anki versions' ticked")
        if infos[name].file_size > MAX_MEMBER_BYTES:
            refuse(f"its collection is over {MAX_MEMBER_BYTES // 1_000_000} MB")
        media = _media_names(package, infos)
        with tempfile.TemporaryDirectory(prefix="guidegen-apkg-") as folder:
            copy = Path(folder) / "collection.sqlite"
            with package.open(infos[name]) as source, open(copy, "wb") as target:
                shutil.copyfileobj(source, target)
            try:
                connection = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
                try:
                    return _notes(connection, package, infos, media, path)
                finally:
                    connection.close()
            except sqlite3.DatabaseError as error:
                refuse(f"its collection cannot be read ({error})")


def _media_names(package, infos) -> dict[str, str]:
    """The media map: the file name a note's <img> names -> the zip member that holds it."""
    if "media" not in infos or infos["media"].file_size > 10_000_000:
        return {}
    try:
        mapping = json.loads(package.read("media").decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}
    return {str(value): str(key) for key, value in mapping.items() if isinstance(key, str) and key in infos}


def _notes(connection, package, infos, media: dict[str, str], path: Path):
    bank = common.Bank()
    models = _json(connection, "models")
    decks = {str(k): v.get("name", "") for k, v in _json(connection, "decks").items()}
    deck_of = dict(connection.execute("SELECT nid, did FROM cards GROUP BY nid").fetchall())
    sections: dict[str, Section] = {}
    for number, (nid, mid, tags, fields) in enumerate(connection.execute("SELECT id, mid, tags, flds FROM notes ORDER BY id"), 1):
        model = models.get(str(mid), {})
        names = [f.get("name", "") for f in model.get("flds", [])]
        values = fields.split("\x1f")
        line = number  # a note's place in the collection stands in for a line
        cloze = model.get("type") == 1  # a Cloze note: its deletions are blanks
        named = {n.lower(): v for n, v in zip(names, values)}
        if {"question", "answer"} <= set(named):  # guidegen's own deck
            title, front, back, qid = named.get("title", ""), named["question"], named["answer"], named.get("id")
            extra = []
        elif cloze and "text" in named:  # Anki's Cloze (Text, Back Extra), and guidegen's with a Title and an Id
            title, front, back, qid = named.get("title", ""), named["text"], named.get("back extra", ""), named.get("id")
            extra = []
        else:
            front, back = (values + ["", ""])[:2]
            title, qid, extra = "", None, [(n, v) for n, v in zip(names[2:], values[2:]) if v.strip()]
        deck = decks.get(str(deck_of.get(nid)), "")
        section_name = deck.split("::")[-1].strip() or "Anki"
        section = sections.setdefault(section_name, Section(section_name, line))
        tag_list = tuple(t for t in tags.split() if t)

        def convert(html: str) -> str:
            return _markdown(html, package, infos, media, bank, line)

        answer = convert(back)
        for field_name, value in extra:
            answer += f"\n\n**{field_name}:** {convert(value)}"
        if extra:
            bank.problems.append((line, f"note {number}: its fields after the second ({', '.join(n for n, _ in extra)}) "
                                        "are added to the answer"))
        blanks: dict[int, str] = {}
        if cloze:
            front = _CLOZE.sub(lambda m: _blank(m, blanks, convert), front)
            if not blanks:
                bank.problems.append((line, f"note {number} is a cloze note without a deletion; imported without blanks"))
        converted = convert(front)
        question_md = common.put_blanks(converted, blanks)
        title_md = common.plain_title(convert(title)) if title else common.plain_title(common.put_blanks(converted, {}, "…"))
        bank.questions.append(common.question(title_md, question_md, answer, line, section, "anki cloze note" if cloze else "anki note", qid=qid, tags=tag_list))
    return bank.result()


# An Anki cloze deletion: {{c1::answer}} or {{c1::answer::hint}}, as it stands in a field's HTML.
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::((?:(?!\}\}).)*))?\}\}", re.DOTALL)


def _blank(match: re.Match, blanks: dict[int, str], convert) -> str:
    """Where a deletion stands (common.BLANK_MARK), its blank kept in `blanks` by place."""
    import html

    place = len(blanks) + 1
    answer = " ".join(convert(match.group(2)).split())
    hint = html.unescape(re.sub(r"<[^>]*>", "", match.group(3) or ""))
    blanks[place] = common.blank(int(match.group(1)), answer, hint)
    return common.BLANK_MARK.format(place)


def _json(connection, column: str) -> dict:
    try:
        row = connection.execute(f"SELECT {column} FROM col").fetchone()  # noqa: S608 - a column name of ours
        return json.loads(row[0]) if row and row[0] else {}
    except (ValueError, TypeError):
        return {}


def _markdown(html: str, package, infos, media: dict[str, str], bank: common.Bank, line: int) -> str:
    from guidegen.importer.formats.htmltext import to_markdown

    if _SOUND.search(html):
        bank.problems.append((line, "a sound ([sound:...]) cannot be printed; left out"))
        html = _SOUND.sub("", html)
    for pattern, replacement in _ANKI_MATH:
        html = pattern.sub(replacement, html)

    def image(src: str, alt: str) -> str:
        if src.startswith(("https://", "http://")):
            return f"![{alt}]({src})"
        member = media.get(src)
        if member is None or infos[member].file_size > common.MAX_IMAGE_BYTES:
            bank.problems.append((line, f"image '{src}' is not in the package; a placeholder is printed in its place"))
            return common.placeholder(src)
        flat = bank.add_image(src, package.read(member), line)
        return f"![{alt}](figures/{flat})" if flat else common.placeholder(src)

    return to_markdown(html, image)
