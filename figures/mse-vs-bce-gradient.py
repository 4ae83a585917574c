"""Gradient size with respect to the logit for y=1: MSE vanishes exactly when the prediction is badly wrong."""

import numpy as np


def draw(fig):
    ax = fig.subplots()
    z = np.linspace(-8, 8, 600)
    s = 1 / (1 + np.exp(-z))
    ax.plot(z, np.abs((s - 1) * s * (1 - s)), label=r"MSE: $|(\hat{y}-y)\,\sigma'(z)|$")
    ax.plot(z, np.abs(s - 1), label=r"cross-entropy: $|\hat{y}-y|$")
    ax.axvspan(-8, -3, color="#dddddd", alpha=0.6, linewidth=0)
    ax.text(-7.7, 0.55, "confidently\nwrong", fontsize=8)
    ax.set_xlabel(r"logit $z$ (true label $y=1$)")
    ax.set_ylabel(r"$|\partial J/\partial z|$")
    ax.legend(loc="upper right")
