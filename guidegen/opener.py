"""Open a PDF in the system's viewer (build --open, watch --open): one opener, which
says when it could not, once, instead of leaving the opener's own errors to appear
after the shell's prompt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# How long the opener may take to say it failed. xdg-open (and open on macOS) hand the
# file to the viewer and end; one that is still running after this is taken to be the
# viewer itself (some desktops' xdg-open waits for it), and left running.
WAIT_SECONDS = 3.0


def open_pdf(pdf: Path) -> str | None:
    """Start the system's viewer on `pdf`: None when it was started, else why not, as
    one line that names the file to open by hand."""
    from guidegen.errors import display_path, printable

    shown = display_path(pdf)
    if sys.platform == "win32":
        try:
            os.startfile(str(pdf))  # noqa: S606 - the PDF just built, by the user's own association
            return None
        except OSError as exc:
            return f"--open: could not open {shown} ({exc.strerror or exc}); open it yourself"
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        return f"--open: could not start a PDF viewer ({opener} not found); open {shown} yourself"
    with tempfile.TemporaryFile() as said:
        try:
            # Its own session: Ctrl-C in this terminal stops guidegen (or the watching), not the viewer.
            process = subprocess.Popen([opener, str(pdf)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=said,
                                       start_new_session=True)
        except OSError as exc:
            return f"--open: could not start {opener} ({exc.strerror or exc}); open {shown} yourself"
        try:
            code = process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            return None  # the viewer itself, running
        if code == 0:
            return None
        said.seek(0)
        lines = [line.strip() for line in said.read(4096).decode("utf-8", errors="replace").splitlines() if line.strip()]
    why = f": {printable(lines[0])}" if lines else ""
    return f"--open: could not open {shown} ({opener} failed with exit code {code}{why}); open it yourself"
