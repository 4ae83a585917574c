"""The guide's identity: a random `id` in content/guide.yaml, made once and never derived
from the title, so that renaming a guide keeps its Anki notes, deck and note type; and
its deck's name, `deck:`, the title it was first given (Anki matches decks by name, so a
deck named after the title would split in two when the guide is renamed).

`guidegen new` and `guidegen import` write both; an Anki export that finds either missing
appends it before the state of its inputs is taken.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from guidegen.model import GUIDE_ID
from guidegen.paths import write_atomic

__all__ = ["GUIDE_ID", "add_identity", "deck_line", "id_line", "new_id"]

COMMENT = "# the guide's identity in Anki: keep it when you rename the guide"
DECK_COMMENT = "# the Anki deck's name: renaming the guide keeps it; change it to rename the deck"


def new_id() -> str:
    return str(uuid.uuid4())


def id_line(guide_id: str) -> str:
    """The line guide.yaml holds the id in, with a comment saying what it is for."""
    return f"id: {guide_id}  {COMMENT}"


def deck_line(title: str) -> str:
    """The line guide.yaml names the Anki deck in, the guide's title when it was made."""
    import yaml

    value = yaml.safe_dump({"k": title}, allow_unicode=True, width=1_000_000)[3:].strip()
    return f"deck: {value}  {DECK_COMMENT}"


def add_identity(path: Path) -> list[str]:
    """Append what the guide settings at `path` lack of an `id` and a `deck` name, every
    byte before kept; the lines added ([] when none were missing, or when the settings do
    not read: loading reports that). GuideError (nothing written) if the file would not
    read back with them."""
    from guidegen.errors import GuideError, display_path
    from guidegen.load.settings import read_guide_text

    data = path.read_bytes()
    try:
        guide, _ = read_guide_text(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        return []
    if guide is None or (guide.id and guide.deck):
        return []
    lines = ([] if guide.id else [id_line(new_id())]) + ([] if guide.deck else [deck_line(guide.title)])
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    separator = newline if data and not data.endswith(newline) and not data.endswith(b"\n") else b""
    updated = data + separator + b"".join(line.encode() + newline for line in lines)
    # A flow mapping ({title: ...}), an indented one or a document end marker would take a
    # line appended at the end as something else: read the result back before writing it.
    found, problems = read_guide_text(updated.decode("utf-8"), path)
    if found is None or not found.id or found.deck != (guide.deck or guide.title):
        shown = "; ".join(p.message for p in problems)
        raise GuideError(f"{display_path(path)}: could not add {' and '.join(repr(line.split('  #')[0]) for line in lines)} "
                         f"at the end{f' ({shown})' if shown else ''}; add them to the settings yourself")
    target = path.resolve()  # a link to the settings stays a link
    write_atomic(target, updated, like=target)
    return [line.split("  #")[0] for line in lines]
