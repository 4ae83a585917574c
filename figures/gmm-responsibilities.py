"""1-D two-component GMM fitted by EM: the soft responsibility against k-means' hard assignment on the same data."""

import numpy as np

from guidegen.figures.style import LIGHT


def normal(x, mu, var):
    return np.exp(-((x - mu) ** 2) / (2 * var)) / np.sqrt(2 * np.pi * var)


def draw(fig):
    rng = np.random.default_rng(8)
    x = np.r_[rng.normal(-1.0, 0.8, 300), rng.normal(1.5, 1.1, 200)]  # two overlapping clusters
    pi, mu, var = np.array([0.5, 0.5]), np.array([1.0, -1.0]), np.array([1.0, 1.0])  # component 1 starts on the right
    for _ in range(50):  # EM
        weighted = pi * normal(x[:, None], mu, var)
        gamma = weighted / weighted.sum(axis=1, keepdims=True)  # E-step: gamma(z_nk) = P(component k | x_n)
        nk = gamma.sum(axis=0)  # M-step: weighted proportions, means and variances
        pi, mu = nk / len(x), (gamma * x[:, None]).sum(axis=0) / nk
        var = (gamma * (x[:, None] - mu) ** 2).sum(axis=0) / nk
    centres = np.array([1.0, -1.0])
    for _ in range(50):  # k-means (K = 2) on the same data, from the same start
        labels = np.abs(x[:, None] - centres).argmin(axis=1)
        centres = np.array([x[labels == k].mean() for k in range(2)])
    grid = np.linspace(-4, 5.5, 600)
    weighted = pi * normal(grid[:, None], mu, var)
    ax = fig.subplots()
    hist = ax.twinx()  # the data, behind the curves, on its own scale
    hist.hist(x, bins=30, density=True, color=LIGHT, linewidth=0)
    hist.set_ylim(0, 0.45)  # bars below the legend
    hist.set_ylabel("data density", color="#555555")
    hist.grid(False)
    hist.spines["right"].set_visible(True)
    ax.set_zorder(hist.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot(grid, weighted[:, 0] / weighted.sum(axis=1), label=r"GMM responsibility $\gamma(z_{n1})$")
    ax.plot(grid, (np.abs(grid[:, None] - centres).argmin(axis=1) == 0).astype(float), label="k-means: in cluster 1")
    ax.set_xlim(grid[0], grid[-1])
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(r"$x$")
    ax.set_ylabel("assignment to cluster 1")
    ax.legend(loc="upper left", handlelength=2.0)  # short handles: the legend ends left of the k-means step
