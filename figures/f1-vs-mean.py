"""F1 against the arithmetic mean of precision and recall as precision sweeps [0, 1] at recall 0.2."""

import numpy as np

from guidegen.figures.style import REFLINE


def draw(fig):
    ax = fig.subplots()
    P, R = np.linspace(0, 1, 501), 0.2
    ax.plot(P, 2 * P * R / (P + R), label=r"$F_1 = 2PR/(P+R)$, the harmonic mean")
    ax.plot(P, (P + R) / 2, label=r"arithmetic mean $(P+R)/2$")
    ax.plot(P, np.minimum(P, R), label=r"$\min(P, R)$")
    bound = 2 * R / (1 + R)  # F1 at P = 1: the best it can do with R = 0.2
    ax.axhline(bound, **REFLINE)
    ax.annotate(r"$F_1 \leq 2R/(1+R) = 1/3$, however large $P$ is", xy=(0.9, bound), xytext=(0.42, 0.235),
                arrowprops={"arrowstyle": "->", "linewidth": 0.6})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 0.62)
    ax.set_xlabel(r"precision $P$ (recall fixed at $R=0.2$)")
    ax.set_ylabel("score")
    ax.legend(loc="upper left")
