"""F1 against the arithmetic mean of precision and recall, with recall fixed at 0.2."""

import numpy as np


def draw(fig):
    ax = fig.subplots()
    P = np.linspace(0.001, 1, 400)
    R = 0.2
    ax.plot(P, 2 * P * R / (P + R), label=r"$F_1 = \frac{2PR}{P+R}$")
    ax.plot(P, (P + R) / 2, label=r"arithmetic mean $\frac{P+R}{2}$")
    ax.axhline(2 * R / (1 + R), color="#777777", linewidth=0.8, linestyle=":")
    ax.text(0.02, 2 * R / (1 + R) + 0.02, r"$F_1 \leq 2R/(1+R) = 1/3$ whatever $P$ is", fontsize=8)
    ax.set_xlabel(r"precision $P$ (recall $R=0.2$)")
    ax.set_ylabel("score")
    ax.set_ylim(0, 0.65)
    ax.legend(loc="upper left")
