"""Project images for the LaTeX writer: copied into the work folder, where LaTeX (which
reads nothing outside it) finds them; SVG converted to PDF by rsvg-convert."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from guidegen.errors import GuideError
from guidegen.proc import kill, start
from guidegen.paths import write_atomic


def copy_image(source: Path, target: Path) -> Path:
    """A project image, copied into the work folder where LaTeX (confined to it) can read
    it; an SVG is converted to PDF there (rsvg-convert, which reads nothing beside it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    copy = target.with_suffix(".svg") if source.suffix.lower() == ".svg" else target
    if not copy.is_file() or copy.read_bytes() != data or not target.is_file():
        write_atomic(copy, data)
        if copy != target:
            _svg_to_pdf(source, copy, target)
    return target


def _svg_to_pdf(source: Path, svg: Path, pdf: Path) -> None:
    from guidegen.errors import ContentError, problem

    if shutil.which("rsvg-convert") is None:
        raise GuideError("rsvg-convert is needed for SVG images: install librsvg2-bin (Debian/Ubuntu) or librsvg (others); guidegen doctor says what is missing")
    partial = pdf.with_name(f"{pdf.name}.{os.getpid()}.part")
    process = start(["rsvg-convert", "-f", "pdf", "-o", partial.name, svg.name], svg.parent,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, error = process.communicate(timeout=60)
    except BaseException:
        kill(process)
        partial.unlink(missing_ok=True)
        raise
    if process.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        svg.unlink(missing_ok=True)  # so the next build tries again
        reason = (error or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise ContentError([problem(source, 1, f"this SVG image cannot be converted: {reason[0][:200]}")], "no PDF was written")
    os.replace(partial, pdf)


