"""One print style for every figure: legible on paper, colour-blind safe, readable in
greyscale, and set in the document's Computer Modern.

Why these choices:

- Size. Figures are included at their natural size (4.8 in wide, inside the ~5.9 in
  text block), so the sizes here are the printed sizes: 9 pt labels, 8 pt ticks and
  legends against the 11 pt body text. Nothing is scaled down by LaTeX. No text is
  smaller than MIN_FONTSIZE: draw.py raises any smaller size a script sets (floor_fontsizes).
- Layout. Constrained layout fits labels, legends and colour bars inside the figure,
  so the PDF keeps exactly FIGSIZE (no bbox="tight" cropping) and nothing is clipped.
- Colour. The Okabe-Ito palette stays distinguishable under every common colour-vision
  deficiency. Its first three colours (blue, orange, green) also differ in lightness
  (L* 46, 71, 58), and every colour in the property cycle has its own line style, so
  series stay apart on a greyscale printer; MARKERS do the same for scatter and points.
  The default colour map, cividis, is colour-blind safe and monotone in lightness.
- Fonts. cmr10 (bundled with matplotlib) and the 'cm' math font set match the
  document's Computer Modern / Latin Modern text and math. cmr10 has no minus sign,
  so tick labels go through mathtext (axes.formatter.use_mathtext), which has one.
  cmr10 uses the old TeX text encoding: in plain (non-math) text the characters
  < > | { } " \\ _ print as other glyphs, so scripts put them inside $...$.
- PDF. Type 42 (TrueType) fonts keep the text as text: searchable and sharp. The math
  fonts' text maps are corrected after saving (tounicode.py), so a minus sign copies
  as "−" (it copied as "¡").
"""

from __future__ import annotations

from cycler import cycler

FIGSIZE = (4.8, 2.6)
MIN_FONTSIZE = 8.0  # points at print size; below this, text is hard to read on paper

# Okabe-Ito: blue, orange, green, vermillion, sky blue, reddish purple, black, yellow.
COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442"]
BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, BLACK, YELLOW = COLORS
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1))]
MARKERS = ["o", "s", "^", "D", "v", "P"]
GREY = "#777777"  # reference lines and background data, never a series
LIGHT = "#d9d9d9"  # shading, grids, contours
REFLINE = {"color": GREY, "linewidth": 0.8, "linestyle": ":"}  # e.g. ax.axhline(0.25, **REFLINE)

RC = {
    # Fonts: Computer Modern, as in the document.
    "font.family": "serif",
    "font.serif": ["cmr10", "DejaVu Serif"],  # DejaVu only if a glyph is missing
    "mathtext.fontset": "cm",
    "axes.formatter.use_mathtext": True,  # the minus sign comes from the math font
    "axes.unicode_minus": True,
    "font.size": 9,
    "axes.labelsize": 9,
    "axes.titlesize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    # Series: colour and line style change together, so greyscale still tells them apart.
    "axes.prop_cycle": cycler(color=COLORS[: len(LINESTYLES)]) + cycler(linestyle=LINESTYLES),
    "lines.linewidth": 1.4,
    "lines.markersize": 4,
    "legend.handlelength": 2.8,  # long enough to show a dash pattern
    "legend.frameon": True,
    "legend.framealpha": 0.85,
    "legend.edgecolor": "none",
    "legend.borderaxespad": 0.3,
    "hatch.linewidth": 0.6,
    # Quiet axes: thin spines, a light grid behind the data.
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": LIGHT,
    "grid.linewidth": 0.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 3,
    "ytick.major.size": 3,
    "image.cmap": "cividis",
    # Layout and output: exact figure size, everything inside it.
    "figure.constrained_layout.use": True,
    # 72: the resolution PDF and SVG draw text at, so constrained layout measures each
    # label at the size it is drawn and matplotlib's text cache serves the drawing. The
    # same PDF bytes as at 100, drawn in about a tenth less time (mostly mathtext).
    "figure.dpi": 72,
    "savefig.dpi": 300,  # only for rasters (heat maps); everything else is vector
    "savefig.bbox": None,
    "pdf.fonttype": 42,
}


def apply() -> None:
    """Set the style for every figure drawn after this call."""
    import matplotlib

    matplotlib.rcParams.update(RC)


def floor_fontsizes(fig) -> int:
    """Raise every visible text of `fig` set below MIN_FONTSIZE to MIN_FONTSIZE; returns how many.

    Print legibility: figures are printed at their natural size, so a script's
    fontsize=6, "x-small" or "small" (7.5 pt against font.size 9) would print that small.
    Called after the script has drawn and before saving, so constrained layout places
    the raised text. One walk over the artists, no drawing: cheap.

    Tick labels get their text only when the figure is drawn, so they are raised even
    while empty: ticks the axis adds at drawing time copy the first tick's font.
    """
    from matplotlib.text import Text

    raised = 0
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_fontsize() < MIN_FONTSIZE:
            text.set_fontsize(MIN_FONTSIZE)
            raised += 1
    return raised
