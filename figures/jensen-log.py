"""Jensen's inequality for the concave log: for a two-point Y, log E[Y] lies above E[log Y] on the chord."""

import numpy as np

from guidegen.figures.style import BLACK, GREEN, VERMILLION, REFLINE


def draw(fig):
    ax = fig.subplots()
    a, b, p = 0.6, 5.0, 0.5  # Y = a or b with probability p and 1 - p
    mean = p * a + (1 - p) * b
    mean_log = p * np.log(a) + (1 - p) * np.log(b)
    y = np.linspace(0.25, 6, 500)
    ax.plot(y, np.log(y), label=r"$\log y$")
    ax.plot([a, b], np.log([a, b]), marker="o", label="chord")
    ax.vlines(mean, -1.6, np.log(mean), **REFLINE)
    ax.plot([mean, mean], [mean_log, np.log(mean)], color=BLACK, linewidth=1.0)  # the Jensen gap
    ax.plot(mean, np.log(mean), "o", color=GREEN, markersize=5, label=r"$\log \mathbb{E}[Y]$")
    ax.plot(mean, mean_log, "s", color=VERMILLION, markersize=5, label=r"$\mathbb{E}[\log Y]$")
    ax.text(mean + 0.1, (mean_log + np.log(mean)) / 2, "Jensen gap", va="center")
    ax.set_xticks([a, mean, b], [r"$a$", r"$\mathbb{E}[Y]$", r"$b$"])
    ax.set_xlim(0, 6)
    ax.set_ylim(-1.6, 2.0)
    ax.set_xlabel(r"$y$")
    ax.set_ylabel(r"$\log y$")
    ax.legend(loc="lower right")
