"""Drawn with a computed size."""

from guidegen.figures.style import FIGSIZE as SIZE

FIGSIZE = SIZE


def draw(fig, color="C0"):
    fig.subplots().plot([0, 1], [0, 1], color=color)
