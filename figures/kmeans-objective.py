"""Lloyd's k-means from several random starts: J never increases, but the starts end at different local optima."""

import numpy as np


def lloyd(X, centres, steps=15):
    history = []
    for _ in range(steps):
        labels = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)  # assignment step
        history.append(((X - centres[labels]) ** 2).sum())
        centres = np.array([X[labels == j].mean(0) if np.any(labels == j) else centres[j] for j in range(len(centres))])
    return history


def draw(fig):
    rng = np.random.default_rng(3)
    blobs = [(0, 0), (4, 0.5), (2, 3.5), (6, 3.8)]
    X = np.vstack([rng.normal(c, 0.55, (60, 2)) for c in blobs])
    ax = fig.subplots()
    for start in range(5):
        init = X[np.random.default_rng(100 + start).choice(len(X), 3, replace=False)]
        ax.plot(range(1, 16), lloyd(X, init), marker="os^Dv"[start], markersize=3, label=f"start {start + 1}")
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"objective $J$")
    ax.legend(ncols=2, loc="upper right")
