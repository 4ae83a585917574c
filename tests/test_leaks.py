"""A question sheet never reveals an answer: over the whole ML bank, in every build mode,
no answer sentence is in the sheet's .tex or in the text a reader can extract from its PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from test_print_economy import MODES as ECONOMY

# Every mode but the grid room with the answers at the end is one of test_print_economy's
# layouts, under its name and with its arguments: the session builds each once, for every
# file that reads it.
MODES = {
    "default": ECONOMY["default"],  # ruled answer space as tall as the key's answers
    # No answer space (with it, --no-page-match changes nothing: the sheet has no room to match).
    "compact": ECONOMY["compact"],
    "grid-key-at-end": ("--answer-space", "grid", "--key", "end"),
    "versions": ECONOMY["versions"],  # three versions, each its own order
    "topic": ECONOMY["topic"],  # one topic's questions, some of them filed under other topics' folders
    "booklet": ECONOMY["booklet"],  # A5 pages imposed two to a side of A4
    "a4-duplex": ECONOMY["a4-duplex"],  # two-sided: twoside, a binding offset, topics on a new page
}


def normalise(text: str) -> str:
    """Letters and digits only, lower case: immune to hyphenation, ligatures and spacing."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("ﬁ", "fi").replace("ﬂ", "fl").replace("ﬀ", "ff"))


def answer_sentences(project: Path) -> list[tuple[str, str]]:
    """(file, words) for every run of five or more prose words in every answer: sentences
    cut at math and figures, whose typeset form text extraction cannot reproduce."""
    out = []
    for path in sorted((project / "content").rglob("*.md")):
        answer = path.read_text("utf-8").split("\n## Answer\n", 1)[1]
        prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|!\[[^\]]*\]\([^)]*\)", "\n\n", answer, flags=re.DOTALL)
        prose = re.sub(r"[*_`#>|]|^\s*(?:[-+]|\d+\.)\s", " ", prose, flags=re.MULTILINE)
        for fragment in re.split(r"(?<=[.?!:;,)(])\s+|\n\s*\n", prose):
            words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", fragment)
            if len(words) >= 5:
                out.append((path.name, " ".join(words)))
    return out




@pytest.mark.tex
@pytest.mark.parametrize("mode", sorted(MODES))
def test_no_answer_sentence_in_any_question_sheet(bank: Path, built, mode: str):
    out = built(bank, "-q", "--out", f"build-{mode}", *MODES[mode])  # shared with the other files that build it so
    sentences = answer_sentences(bank)
    assert len(sentences) > 60  # the bank's answers really were read
    sheets = sorted(out.glob("*-questions.pdf"))
    keys = sorted(out.glob("*-answers.pdf"))
    assert sheets and len(sheets) == len(keys)
    key_text = normalise(" ".join(subprocess.run(["pdftotext", str(k), "-"], capture_output=True, text=True).stdout for k in keys))
    for sheet in sheets:
        pdf_text = normalise(subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True).stdout)
        tex_text = normalise((out / ".work" / sheet.with_suffix(".tex").name).read_text("utf-8"))
        for name, sentence in sentences:
            assert normalise(sentence) not in pdf_text, f"{sheet.name} shows the answer of {name}: {sentence}"
            assert normalise(sentence) not in tex_text, f"{sheet.name}'s .tex holds the answer of {name}: {sentence}"
    if mode != "topic":
        # The check can fail: the keys do contain the answer sentences.
        found = sum(normalise(s) in key_text for _, s in sentences)
        assert found >= 0.9 * len(sentences)
