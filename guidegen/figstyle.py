"""One style for every figure: print-legible, colour-blind safe, readable in greyscale,
in the document's Computer Modern look.

Why these choices: figures are included at their natural size (4.8 in wide fits the
text block), so the 9 pt labels print at 9 pt next to the 11 pt body text; the
Okabe-Ito colours are distinguishable with every common colour-vision deficiency, and
pairing each with its own line style keeps series apart on a greyscale printer;
matplotlib's bundled cmr10 and mathtext 'cm' match the Latin Modern text and math.
"""

from __future__ import annotations

FIGSIZE = (4.8, 2.6)

# Okabe-Ito, ordered so neighbours also differ in lightness (blue, orange, green, ...).
COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442"]
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 1)), "-", "--"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
GREY = "#777777"


def rc() -> dict:
    from cycler import cycler

    return {
        "font.family": "serif",
        "font.serif": ["cmr10", "DejaVu Serif"],
        "mathtext.fontset": "cm",
        "axes.formatter.use_mathtext": True,  # cmr10 has no minus glyph; mathtext does
        "axes.unicode_minus": True,
        "font.size": 9,
        "axes.labelsize": 9,
        "axes.titlesize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "legend.fontsize": 8,
        "legend.frameon": False,
        "axes.prop_cycle": cycler(color=COLORS[:6]) + cycler(linestyle=LINESTYLES[:6]),
        "lines.linewidth": 1.5,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.5,
        "figure.constrained_layout.use": True,
        "figure.dpi": 100,
        "savefig.dpi": 300,  # only rasters (heat maps) use it; everything else is vector
        "pdf.fonttype": 42,
        "image.cmap": "cividis",  # perceptually uniform and colour-blind safe, monotone in grey
    }


def apply() -> None:
    import matplotlib

    matplotlib.rcParams.update(rc())
