"""Impose compiled pages for printing: a folded saddle-stitch booklet, or two pages per sheet."""

from __future__ import annotations

from pathlib import Path

from guidegen.latex import engine

SHEET_PAPER = {"a4": "a4paper", "letter": "letterpaper"}


def booklet_order(pages: int) -> list[int | None]:
    """Saddle-stitch order, two pages per side: padded with blanks (None) to a multiple of
    four, sheet s carries [N-2s, 2s+1] on the front and [2s+2, N-2s-1] on the back."""
    total = -(-pages // 4) * 4
    order: list[int | None] = []
    for s in range(total // 4):
        order += [total - 2 * s, 2 * s + 1, 2 * s + 2, total - 2 * s - 1]
    return [p if p <= pages else None for p in order]


def imposition_tex(source_pdf: str, pages: int, paper: str, mode: str) -> str:
    if mode == "booklet":
        # Our own order instead of pdfpages' booklet=true, which turns alternate sides
        # upside down; print duplex flipping on the short edge, fold, staple.
        selection = ",".join("{}" if p is None else str(p) for p in booklet_order(pages))
    else:
        selection = "-"
    return (
        "\\documentclass{article}\n"
        f"\\usepackage[{SHEET_PAPER[paper]},landscape]{{geometry}}\n"
        "\\usepackage{pdfpages}\n\\pdfsuppressptexinfo=-1\n\\pdftrailerid{}\n"
        f"\\begin{{document}}\n\\includepdf[pages={{{selection}}},nup=2x1]{{{source_pdf}}}\n\\end{{document}}\n"
    )


def impose(work: Path, jobname: str, paper: str, mode: str, store) -> Path:
    """Compile `<jobname>-<mode>.tex`, the pages of `<jobname>.pdf` imposed; returns its PDF."""
    source = work / f"{jobname}.pdf"
    tex = imposition_tex(source.name, engine.page_count(source), paper, mode)
    job = engine.Job(f"{jobname}-{mode}", tex, inputs=(source,), settle=False)
    engine.compile_jobs(work, [job], store)
    return work / f"{job.name}.pdf"
