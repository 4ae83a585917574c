"""Impose compiled pages for printing: a folded saddle-stitch booklet, or two pages per sheet."""

from __future__ import annotations

from pathlib import Path

from guidegen import latex

SHEET_CLASS_OPTION = {"a4": "a4paper", "letter": "letterpaper"}


def imposition_tex(source_pdf: str, paper: str, mode: str) -> str:
    # pdfpages' booklet=true orders pages into one signature padded with blank pages to a
    # multiple of four, two per landscape sheet: print duplex (short edge), fold, staple.
    options = "pages=-,booklet=true,landscape" if mode == "booklet" else "pages=-,nup=2x1,landscape"
    return (
        f"\\documentclass[{SHEET_CLASS_OPTION[paper]}]{{article}}\n"
        "\\usepackage{pdfpages}\n\\pdfsuppressptexinfo=-1\n\\pdftrailerid{}\n"
        f"\\begin{{document}}\n\\includepdf[{options}]{{{source_pdf}}}\n\\end{{document}}\n"
    )


def impose(work: Path, jobname: str, paper: str, mode: str) -> Path:
    """Write and compile `<jobname>-<mode>.tex` from `<jobname>.pdf`; returns the imposed PDF."""
    imposed = f"{jobname}-{mode}"
    (work / f"{imposed}.tex").write_text(imposition_tex(f"{jobname}.pdf", paper, mode), "utf-8")
    latex.wait(latex.compile_tex(work, imposed, [], passes="single"), work, imposed, [])
    return work / f"{imposed}.pdf"
