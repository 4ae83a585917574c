"""Lloyd's k-means (K=3) from five random starts: J never increases, yet the runs end at different local optima."""

import numpy as np

from guidegen.figures.style import MARKERS


def lloyd(X, centres, iterations):
    """The objective J after each assignment step of Lloyd's algorithm."""
    history = []
    for _ in range(iterations):
        labels = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)  # assign to the nearest centre
        history.append(((X - centres[labels]) ** 2).sum())
        centres = np.array([X[labels == j].mean(0) if np.any(labels == j) else centres[j] for j in range(len(centres))])
    return np.array(history)


def draw(fig):
    rng = np.random.default_rng(4)
    blobs = [(0, 0), (4, 0), (8, 0), (4, 5)]  # four blobs for K = 3: several ways to pair them up
    X = np.vstack([rng.normal(c, 0.6, (60, 2)) for c in blobs])
    ax = fig.subplots()
    iterations = 12
    for start in range(5):
        init = X[rng.choice(len(X), 3, replace=False)]  # Forgy initialisation: three data points
        J = lloyd(X, init, iterations)
        assert np.all(np.diff(J) <= 1e-9)  # each step can only lower J
        ax.plot(range(1, iterations + 1), J, marker=MARKERS[start], label=f"start {start + 1}, final $J = {J[-1]:.0f}$")
    ax.set_xlim(0.5, iterations + 0.5)
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"objective $J=\sum_n \|x_n - \mu_{k(n)}\|^2$")
    ax.legend(loc="upper right")
