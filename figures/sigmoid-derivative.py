"""The sigmoid and its derivative, which never exceeds 0.25."""

import numpy as np


def draw(fig):
    ax = fig.subplots()
    z = np.linspace(-8, 8, 600)
    s = 1 / (1 + np.exp(-z))
    ax.plot(z, s, label=r"$\sigma(z)$")
    ax.plot(z, s * (1 - s), label=r"$\sigma'(z)=\sigma(z)(1-\sigma(z))$")
    ax.axhline(0.25, color="#777777", linewidth=0.8, linestyle=":")
    ax.text(-7.8, 0.27, "0.25: the largest the derivative gets", fontsize=8, color="#444444")
    ax.set_xlabel(r"pre-activation $z$")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="center right")
