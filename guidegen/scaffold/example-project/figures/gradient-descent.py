"""Gradient descent on f(x) = x^2 / 2 with a learning rate that converges and one that diverges."""

import numpy as np

FIGSIZE = (4.8, 2.4)


def draw(fig):
    ax = fig.subplots()
    x = np.linspace(-3, 3, 400)
    ax.plot(x, x**2 / 2, label=r"$f(x) = x^2/2$")
    for eta, start in ((0.6, -2.6), (2.4, 0.6)):
        steps = [start]
        for _ in range(5):
            steps.append(steps[-1] - eta * steps[-1])
        steps = np.clip(steps, -3, 3)
        ax.plot(steps, steps**2 / 2, marker="o", markersize=3, label=rf"$\eta = {eta}$")
    ax.set_xlim(-3, 3)
    ax.set_ylim(-0.2, 4.7)
    ax.set_xlabel(r"$x$")
    ax.set_ylabel(r"$f(x)$")
    ax.legend(loc="upper center")
