"""Sinusoidal positional encodings for d=64 and positions 0-99: each dimension pair oscillates at its own frequency."""

import numpy as np


def draw(fig):
    positions, d = 100, 64
    pos = np.arange(positions)[:, None]
    i = np.arange(d // 2)[None, :]
    angle = pos / 10000 ** (2 * i / d)  # frequency falls geometrically with the dimension
    pe = np.empty((positions, d))
    pe[:, 0::2], pe[:, 1::2] = np.sin(angle), np.cos(angle)
    ax = fig.subplots()
    image = ax.imshow(pe.T, aspect="auto", origin="lower", cmap="cividis", vmin=-1, vmax=1, interpolation="nearest",
                      extent=(-0.5, positions - 0.5, -0.5, d - 0.5))
    ax.grid(False)
    ax.set_xlabel(r"position $pos$")
    ax.set_ylabel(r"dimension $j$ (even: sin, odd: cos)")
    fig.colorbar(image, ax=ax, label=r"$PE_{pos,\,j}$", ticks=[-1, -0.5, 0, 0.5, 1])
