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
    with the source's bookmarks, each pointing at the side that carries its page, and the
    source's labels (title, subject, author, keywords, dates, language)."""
    source = work / f"{jobname}.pdf"
    pages = engine.page_count(source)
    tex = imposition_tex(source.name, pages, paper, mode)
    job = engine.Job(f"{jobname}-{mode}", tex, inputs=(source,), settle=False)
    engine.compile_jobs(work, [job], store)
    marked = work / f"{job.name}-marked.pdf"
    _copy_bookmarks(source, work / f"{job.name}.pdf", marked, lambda page: sheet_side(page, pages, mode), mode)
    return marked


# What the imposed PDF says it is, after the source's subject.
IMPOSED_AS = {"booklet": "imposed as a booklet to fold", "2up": "two pages a side"}
# The source's labels that the imposed PDF carries too (pdfpages' document has none of them).
LABELS = ("/Title", "/Subject", "/Author", "/Keywords", "/Creator", "/Producer", "/CreationDate", "/ModDate")


def _copy_bookmarks(source: Path, imposed: Path, target: Path, side, mode: str) -> None:
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
    _copy_labels(reader, writer, mode)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    with open(partial, "wb") as handle:
        writer.write(handle)
    os.replace(partial, target)


def _copy_labels(reader, writer, mode: str) -> None:
    """The source's document information and language on the imposed PDF, its subject
    saying how it is imposed; the dates are the source's (SOURCE_DATE_EPOCH's, when set)."""
    from pypdf.generic import NameObject, TextStringObject

    info = reader.metadata or {}
    labels = {key: str(info[key]) for key in LABELS if key in info}
    if "/Subject" in labels:
        labels["/Subject"] = f"{labels['/Subject']} ({IMPOSED_AS[mode]})"
    # The imposing run's own entries (Creator "TeX", its date) give way to the source's.
    writer.metadata = labels
    language = reader.trailer["/Root"].get("/Lang")
    if language is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(language))
