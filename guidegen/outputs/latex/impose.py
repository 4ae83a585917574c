"""Impose compiled pages for printing: a folded saddle-stitch booklet, or two pages per sheet."""

from __future__ import annotations

from pathlib import Path

from guidegen.outputs.latex import engine

SHEET_PAPER = {"a4": "a4paper", "letter": "letterpaper"}


def booklet_order(pages: int) -> list[int | None]:
    """Saddle-stitch order, two pages per side: padded with blanks (None) to a multiple of
    four, sheet s carries [N-2s, 2s+1] on the front and [2s+2, N-2s-1] on the back. The
    outside back cover (the last page) is always blank: a booklet's text never ends on
    its outside."""
    total = -(-(pages + 1) // 4) * 4
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


def sheet_side(page: int, pages: int, mode: str) -> int:
    """The side of paper (0-based page of the imposed PDF) that carries page `page`."""
    if mode == "booklet":
        return booklet_order(pages).index(page) // 2
    return (page - 1) // 2


def impose(work: Path, jobname: str, paper: str, mode: str, store) -> Path:
    """Compile `<jobname>-<mode>.tex`, the pages of `<jobname>.pdf` imposed; returns its PDF,
    with the source's bookmarks, each pointing at the side that carries its page."""
    source = work / f"{jobname}.pdf"
    pages = engine.page_count(source)
    tex = imposition_tex(source.name, pages, paper, mode)
    job = engine.Job(f"{jobname}-{mode}", tex, inputs=(source,), settle=False)
    engine.compile_jobs(work, [job], store)
    marked = work / f"{job.name}-marked.pdf"
    _copy_bookmarks(source, work / f"{job.name}.pdf", marked, lambda page: sheet_side(page, pages, mode))
    return marked


def _copy_bookmarks(source: Path, imposed: Path, target: Path, side) -> None:
    import os

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(source)
    writer = PdfWriter(clone_from=PdfReader(imposed))

    def copy(items, parent) -> None:
        last = parent
        for item in items:
            if isinstance(item, list):
                copy(item, last)
                continue
            page = reader.get_destination_page_number(item)
            if page is not None and page >= 0:
                last = writer.add_outline_item(title=item.title, page_number=side(page + 1), parent=parent)

    copy(reader.outline, None)
    writer.page_mode = "/UseOutlines"
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    with open(partial, "wb") as handle:
        writer.write(handle)
    os.replace(partial, target)
