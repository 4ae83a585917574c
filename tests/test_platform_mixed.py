"""An item on a learning platform is of one kind: whatever a question holds beside that
kind is named at its line by `check --for FORMAT`, never dropped in silence."""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest

GUIDE = "title: Mixed\ntopics:\n  - slug: a\n    name: A\n"
BOTH = """---
id: both
title: Options and a number
topics: [a]
difficulty: easy
answer: {value: 12.5, tolerance: 0.1}
---
Which is it?

- [x] Twelve and a half
- [ ] Three

## Answer

It is 12.5.
"""
BLANKED = """---
id: blanked
title: Options and a blank
topics: [a]
difficulty: easy
---
The mean is a {{c1::average}}.

- [x] Yes
- [ ] No

## Answer

Yes.
"""


@pytest.mark.parametrize("fmt", ["qti21", "qti12", "moodle", "gift"])
def test_what_an_item_cannot_hold_beside_its_kind_is_named(tmp_path: Path, fmt: str):
    project = conftest.make_project(tmp_path, {"both.md": BOTH, "blanked.md": BLANKED}, GUIDE)
    result = conftest.guidegen(project, "check", "--project", ".", "--for", fmt)
    said = result.stderr
    assert result.returncode == 0, said
    assert f"both.md:6: warning: [{fmt}] an item is of one kind" in said and "numeric answer is left out" in said
    assert f"blanked.md:7: warning: [{fmt}] a multiple-choice item has no blanks" in said
    strict = conftest.guidegen(project, "check", "--project", ".", "--for", fmt, "--strict")
    assert strict.returncode == 1


LESS = """---
id: less
title: Compare
topics: [a]
difficulty: easy
---
The condition is {{c1::a < b & c}}.

## Answer

Both hold.
"""


def test_a_blank_answer_with_html_characters_is_named_and_comes_back_from_moodle(tmp_path: Path):
    project = conftest.make_project(tmp_path / "p", {"less.md": LESS}, GUIDE)
    checked = conftest.guidegen(project, "check", "--project", ".", "--for", "moodle")
    assert checked.returncode == 0 and "less.md:7: warning: [moodle] the blank's answer 'a < b & c' holds < > or &" in checked.stderr
    exported = conftest.guidegen(project, "export", "--project", ".", "--format", "moodle")
    assert exported.returncode == 0, exported.stderr
    xml = (project / "build" / "guide-moodle.xml").read_text("utf-8")
    import xml.etree.ElementTree as ET

    text = ET.fromstring(xml).find(".//question[@type='cloze']/questiontext/text").text
    assert "{1:SHORTANSWER:=a &lt; b &amp; c}" in text  # the HTML stays HTML
    back = tmp_path / "back"
    imported = conftest.guidegen(tmp_path, "import", str(project / "build" / "guide-moodle.xml"), "--project", str(back))
    assert imported.returncode == 0, imported.stderr
    written = "".join(p.read_text("utf-8") for p in (back / "content").rglob("*.md"))
    assert "{{c1::a < b & c}}" in written, written
