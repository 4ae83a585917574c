"""Every character the text escaper accepts typesets under pdfLaTeX, and others are refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guidegen.texescape import GREEK, MATH_SYMBOLS, TEXT_SYMBOLS, UnsupportedCharacter, escape_text, is_direct

GUIDE = "title: Unicode\ntopics:\n  - slug: u\n    name: Unicode\n"


def accepted_characters() -> list[str]:
    chars = {c for c in map(chr, range(0xA0, 0x180)) if is_direct(c)}
    chars |= set(TEXT_SYMBOLS) | set(MATH_SYMBOLS)
    return sorted(chars - {"\u00ad"})  # the soft hyphen prints nothing by design


def test_every_accepted_character_typesets(tmp_path: Path):
    chars = accepted_characters()
    text = " ".join(f"[{c}]" for c in chars)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    (tmp_path / "content" / "u.md").write_text(
        f"---\nid: u\ntitle: Unicode é – α\ntopics: [u]\ndifficulty: easy\n---\n{text}\n\n## Answer\n\nOK.\n", "utf-8"
    )
    result = subprocess.run([sys.executable, "-m", "guidegen", "build", "--project", str(tmp_path), "--answer-space", "none"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "build" / ".work" / "guide-questions.log").read_text("utf-8", "replace")
    assert "Missing character" not in log
    # What a reader sees: a sample of letters and symbols, extracted back from the PDF.
    shown = subprocess.run(["pdftotext", str(tmp_path / "build" / "guide-questions.pdf"), "-"], capture_output=True, text=True).stdout
    for sample in ["é", "ß", "Ł", "ő", "€", "α", "Γ", "×", "≤", "→", "“", "—"]:
        assert f"[{sample}]" in shown, sample


@pytest.mark.parametrize("char", ["日", "😀", "\u0378", "ʃ", "\u0149"])
def test_unsupported_characters_are_refused(char: str):
    with pytest.raises(UnsupportedCharacter) as caught:
        escape_text(f"a{char}b")
    assert f"U+{ord(char):04X}" in str(caught.value)


def test_specials_escape_to_printable_latex():
    assert escape_text("# $ % & ~ _ ^ \\ { }") == (
        r"\# \$ \% \& \textasciitilde{} \_ \textasciicircum{} \textbackslash{} \{ \}"
    )
    assert escape_text("\\input{/etc/passwd}") == r"\textbackslash{}input\{/etc/passwd\}"


def test_greek_maps_to_math_commands():
    assert escape_text("α") == r"\ensuremath{\alpha}"
    assert all(name.isalpha() for name in GREEK.values())
