"""Jensen's inequality for the concave log: the chord lies below the curve, so log E[Y] >= E[log Y]."""

import numpy as np


def draw(fig):
    ax = fig.subplots()
    y = np.linspace(0.3, 6, 400)
    a, b, p = 0.8, 5.0, 0.5  # a two-point distribution
    mean = p * a + (1 - p) * b
    ax.plot(y, np.log(y), label=r"$\log y$")
    ax.plot([a, b], np.log([a, b]), "--", marker="o", markersize=4, label="chord")
    ax.plot([mean, mean], [p * np.log(a) + (1 - p) * np.log(b), np.log(mean)], color="black", linewidth=1.2)
    ax.plot(mean, np.log(mean), "o", color="#009E73", label=r"$\log \mathbb{E}[Y]$")
    ax.plot(mean, p * np.log(a) + (1 - p) * np.log(b), "s", color="#D55E00", label=r"$\mathbb{E}[\log Y]$")
    ax.set_xlabel("$y$")
    ax.set_ylabel(r"$\log y$")
    ax.legend(loc="lower right")
