"""Passes run side by side (engine.compile_jobs, as the key and the sheet are): a pass
that writes much to the terminal is not held up by the pass guidegen waits for first.
(Its terminal was a pipe that nobody read until the first pass ended: once 64 KB were
written, the pass stopped, and a 10,000-question sheet took 61 s instead of 23.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from guidegen import cache
from guidegen.outputs.latex import engine

# A pass that counts to four million before it sets its one line: a second or so of pdfLaTeX.
SLOW = (r"\documentclass{article}\begin{document}\count255=0 "
        r"\loop\advance\count255 by 1 \ifnum\count255<4000000 \repeat Slow.\end{document}")
# 400 KB of messages on the terminal, and one line on its page: a fraction of a second.
LOUD = (r"\documentclass{article}\begin{document}\count255=0 "
        r"\loop\message{" + "a message of a loud document, written to the terminal and the log " * 2 + r"}"
        r"\advance\count255 by 1 \ifnum\count255<3000 \repeat Done.\end{document}")


@pytest.mark.tex
def test_a_loud_pass_finishes_while_the_pass_waited_for_first_still_runs(tmp_path: Path):
    jobs = [engine.Job("slow", SLOW, settle=False), engine.Job("loud", LOUD, settle=False)]
    engine.compile_jobs(tmp_path, jobs, cache.Cache(None))
    assert len((tmp_path / "loud.log").read_bytes()) > 300_000  # it did write that much
    assert (tmp_path / "loud.pdf").stat().st_mtime_ns < (tmp_path / "slow.pdf").stat().st_mtime_ns
