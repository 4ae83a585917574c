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
