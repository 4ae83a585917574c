"""Where a long code line wraps, read back from the PDFs of both engines: at a space
before anywhere else, never at a hyphen the code holds (`gzip -9` stays whole), and every
continuation line, in every language, starts with the hook."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import make_project, question_file, shared_build

GUIDE = "title: Shell\ntopics:\n  - slug: t\n    name: T\n"
SHELL = """```bash
tar --create --file=- --directory=/var/lib/postgresql/data . | gzip -9 --rsyncable > /backups/nightly-database-dump.tar.gz && echo done
tar --create --file=- --directory=/var/lib/postgres . | gzip --best --rsyncable --keep > /backups/nightly-database-dump.tar.gz
rsync --archive --compress --delete --exclude=.cache --exclude=node_modules ./project/ user@backup-host.example.org:/srv/backups/project/
```

```python
result = compute_something(first_argument_value, second_argument_value, third_value - 9, fourth)
```
"""
# The first word of each line as written (any other line of the blocks is a continuation).
LINE_STARTS = ("tar", "rsync", "result")
ENGINES = {
    "pdflatex": "",
    # A word in Cyrillic makes the document LuaLaTeX's, whose discretionaries and fonts differ.
    "lualatex": "\n\nПривет мир.",
}


def lualatex_question(order: int | None = None) -> str:
    """The question whose Cyrillic word makes the document LuaLaTeX's."""
    return _question("lualatex", order)


def _question(engine: str, order: int | None = None) -> str:
    answer = "Pipe it:\n\n" + SHELL + ENGINES[engine]
    return question_file("a", "Compress a backup", "[t]", "easy", "How do you compress the backup?", answer,
                         extra="" if order is None else f"order: {order}\n")


@pytest.fixture(scope="module", params=sorted(ENGINES))
@shared_build("plain-lua-build")
def key(request, tmp_path_factory, built) -> tuple[str, Path]:
    if request.param == "lualatex":
        # The question comes first in test_unicode.py's LuaLaTeX bank without the CJK font
        # (one build for its tests, test_cjk_fallback.py's and these): its code is on page 1.
        from test_unicode import PLAIN_LUA_ARGS, plain_lua_project

        out = built(plain_lua_project(tmp_path_factory.mktemp("plain-lua")), *PLAIN_LUA_ARGS)
    else:
        questions = {"a.md": _question(request.param)}
        out = built(make_project(tmp_path_factory.mktemp(f"wrap-{request.param}"), questions, GUIDE), "-q")
    engine = (out / ".work" / "guide-answers.log").read_text("utf-8", "replace").split("\n", 1)[0]
    assert ("LuaHBTeX" in engine or "LuaTeX" in engine) == (request.param == "lualatex"), engine
    return request.param, out


def code_lines(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """The code blocks' lines on page 1, each a list of (word, xMin, yMin, xMax, yMax)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [(w, float(a), float(b), float(c), float(d))
             for a, b, c, d, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)]
    lines: list[list[tuple[str, float, float, float, float]]] = []
    for word in words:
        if lines and abs(lines[-1][0][2] - word[2]) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    first = next(i for i, line in enumerate(lines) if line[0][0] == "tar")
    last = next(i for i, line in enumerate(lines) if line[0][0] == "result")
    return lines[first : last + 2]  # "result = ..." wraps once


@pytest.mark.tex
def test_a_wrapped_shell_line_keeps_its_options_whole(key):
    engine, out = key
    text = subprocess.run(["pdftotext", "-layout", str(out / "guide-answers.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "gzip -9 --rsyncable" in text, text  # not "gzip -" and "9" on the next line
    assert not re.search(r"\S-\s*$", text, re.M), text  # no line ends inside a word at its hyphen ("gzip -")
    lines = code_lines(out / "guide-answers.pdf")
    assert len(lines) >= 7, lines  # every long line did wrap
    # Spaces first: the rsync line wraps at the space before "./project/", not after "./".
    assert any(word[0] == "./project/" for line in lines for word in line), lines
    assert not any(line[-1][0].endswith("--director") for line in lines), lines  # nor inside a word


@pytest.mark.tex
def test_every_continuation_line_starts_with_the_hook(key):
    from PIL import Image

    engine, out = key
    pdf = out / "guide-answers.pdf"
    dpi = 150
    prefix = out / f"hook-{engine}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(pdf), str(prefix)], check=True)
    image = Image.open(next(out.glob(f"hook-{engine}*.png"))).convert("L")
    scale = dpi / 72
    continuations = [line for line in code_lines(pdf) if line[0][0] not in LINE_STARTS]
    assert len(continuations) >= 4, continuations  # three wrapped shell lines, one Python line
    for line in continuations:
        word, x0, y0, _, y1 = line[0]
        column = (line[0][3] - x0) / len(word)
        # The two columns before the line's first character hold the hook (mid grey, on
        # the code's light grey ground); without it they hold the ground alone.
        box = (int((x0 - 2 * column) * scale), int(y0 * scale), int((x0 - 0.2 * column) * scale), int(y1 * scale))
        darkest = image.crop(box).getextrema()[0]
        assert darkest < 180, (engine, line[0], darkest)
    # ...and no line of code as written has one.
    for line in code_lines(pdf):
        if line[0][0] in LINE_STARTS:
            word, x0, y0, _, y1 = line[0]
            column = (line[0][3] - x0) / len(word)
            box = (int((x0 - 2 * column) * scale), int(y0 * scale), int((x0 - 0.2 * column) * scale), int(y1 * scale))
            assert image.crop(box).getextrema()[0] > 200, (engine, line[0])
