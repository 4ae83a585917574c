"""Sinusoidal positional encodings: each pair of dimensions rotates at its own frequency."""

import numpy as np

FIGSIZE = (4.8, 2.6)


def draw(fig):
    positions, d = 100, 64
    pos = np.arange(positions)[:, None]
    i = np.arange(d // 2)[None, :]
    angle = pos / 10000 ** (2 * i / d)
    pe = np.empty((positions, d))
    pe[:, 0::2], pe[:, 1::2] = np.sin(angle), np.cos(angle)
    ax = fig.subplots()
    image = ax.imshow(pe.T, aspect="auto", origin="lower", cmap="cividis", vmin=-1, vmax=1, interpolation="nearest")
    ax.grid(False)
    ax.set_xlabel("position $pos$")
    ax.set_ylabel("dimension")
    fig.colorbar(image, ax=ax, label="$PE$ value", shrink=0.9)
