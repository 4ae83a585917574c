"""The guide's identity: a random `id` in content/guide.yaml, made once and never derived
from the title, so that renaming a guide keeps its Anki notes, deck and note type.

`guidegen new` and `guidegen import` write it; an export that finds none appends one.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from guidegen.paths import write_atomic

# A UUID's canonical form: its hyphens keep YAML from reading it as a number, however many
# of its hex digits happen to be decimal ones.
GUIDE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
COMMENT = "# the guide's identity in Anki: keep it when you rename the guide"


def new_id() -> str:
    return str(uuid.uuid4())


def id_line(guide_id: str) -> str:
    """The line guide.yaml holds the id in, with a comment saying what it is for."""
    return f"id: {guide_id}  {COMMENT}"


def add_id(path: Path) -> str:
    """Append a new id line to the guide settings at `path`, every byte before it kept, and
    return the id; GuideError (nothing written) if the file would not read back with it."""
    from guidegen.errors import GuideError, display_path
    from guidegen.load.settings import read_guide_text

    data = path.read_bytes()
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    guide_id = new_id()
    separator = newline if data and not data.endswith(newline) and not data.endswith(b"\n") else b""
    updated = data + separator + id_line(guide_id).encode() + newline
    # A flow mapping ({title: ...}), an indented one or a document end marker would take a
    # line appended at the end as something else: read the result back before writing it.
    guide, problems = read_guide_text(updated.decode("utf-8"), path)
    if guide is None or guide.id != guide_id:
        found = "; ".join(p.message for p in problems)
        raise GuideError(f"{display_path(path)}: could not add the line 'id: {guide_id}' at the end"
                         f"{f' ({found})' if found else ''}; add it to the settings yourself")
    target = path.resolve()  # a link to the settings stays a link
    write_atomic(target, updated, like=target)
    return guide_id
