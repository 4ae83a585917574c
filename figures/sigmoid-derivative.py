"""The sigmoid and its derivative sigma(1 - sigma), which never exceeds 0.25."""

import numpy as np

from guidegen.figures.style import BLACK, REFLINE


def draw(fig):
    ax = fig.subplots()
    z = np.linspace(-8, 8, 801)
    s = 1 / (1 + np.exp(-z))
    ds = s * (1 - s)
    ax.plot(z, s, label=r"$\sigma(z)$")
    ax.plot(z, ds, label=r"$\sigma'(z)=\sigma(z)\,(1-\sigma(z))$")
    ax.axhline(0.25, **REFLINE)
    ax.plot(z[ds.argmax()], ds.max(), "o", color=BLACK, markersize=4)
    ax.annotate(r"$\sigma'(0)=0.25$, the largest it gets", xy=(0, 0.25), xytext=(-7.7, 0.36),
                arrowprops={"arrowstyle": "->", "linewidth": 0.6})
    ax.set_xlim(-8, 8)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(r"pre-activation $z$")
    ax.set_ylabel("value")
    ax.legend(loc="center right")
