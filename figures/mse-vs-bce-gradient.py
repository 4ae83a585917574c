"""Gradient size with respect to the logit for y=1: MSE's vanishes when the prediction is confidently wrong."""

import numpy as np

from guidegen.figures.style import LIGHT


def draw(fig):
    ax = fig.subplots()
    z = np.linspace(-6, 6, 601)
    s, y = 1 / (1 + np.exp(-z)), 1.0
    ax.plot(z, np.abs((s - y) * s * (1 - s)), label=r"MSE: $|(\hat{y}-y)\,\sigma'(z)|$")  # chain rule through sigma
    ax.plot(z, np.abs(s - y), label=r"cross-entropy: $|\hat{y}-y|$")  # sigma' cancels against the log
    ax.axvspan(-6, -3, color=LIGHT, alpha=0.6, linewidth=0)
    ax.text(-5.8, 0.5, "confidently\nwrong:\n" + r"$\hat{y}<0.05$")
    ax.set_xlim(-6, 6)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(r"logit $z$, prediction $\hat{y}=\sigma(z)$, true label $y=1$")
    ax.set_ylabel(r"$|\partial J/\partial z|$")
    ax.legend(loc="upper right")
