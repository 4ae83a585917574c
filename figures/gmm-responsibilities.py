"""A two-component GMM fitted by EM: soft responsibilities against k-means' hard assignment."""

import numpy as np


def normal(x, mu, var):
    return np.exp(-((x - mu) ** 2) / (2 * var)) / np.sqrt(2 * np.pi * var)


def draw(fig):
    rng = np.random.default_rng(8)
    x = np.r_[rng.normal(-1.0, 0.8, 300), rng.normal(1.5, 1.1, 200)]
    pi, mu, var = np.array([0.5, 0.5]), np.array([-2.0, 2.0]), np.array([1.0, 1.0])
    for _ in range(100):
        weighted = pi * normal(x[:, None], mu, var)
        gamma = weighted / weighted.sum(1, keepdims=True)  # E-step: responsibilities
        nk = gamma.sum(0)  # M-step
        pi, mu = nk / len(x), (gamma * x[:, None]).sum(0) / nk
        var = (gamma * (x[:, None] - mu) ** 2).sum(0) / nk
    centres = np.array([-2.0, 2.0])
    for _ in range(50):  # 1-D k-means on the same data
        labels = np.abs(x[:, None] - centres).argmin(1)
        centres = np.array([x[labels == j].mean() for j in range(2)])
    grid = np.linspace(x.min(), x.max(), 500)
    weighted = pi * normal(grid[:, None], mu, var)
    ax = fig.subplots()
    ax.plot(grid, weighted[:, 1] / weighted.sum(1), label=r"GMM responsibility $\gamma(z_{n2})$")
    ax.plot(grid, (np.abs(grid[:, None] - centres).argmin(1) == 1).astype(float), label="k-means assignment to cluster 2")
    ax.plot(x, np.full_like(x, -0.06), "|", color="#777777", markersize=6, alpha=0.5)
    ax.set_xlabel(r"$x$ (ticks: the data)")
    ax.set_ylabel("probability of cluster 2")
    ax.set_ylim(-0.12, 1.08)
    ax.legend(loc="upper left")
