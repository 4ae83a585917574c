"""Principal directions of correlated 2-D data: eigenvectors of the covariance, scaled by sqrt(eigenvalue)."""

import numpy as np

FIGSIZE = (4.8, 3.0)


def draw(fig):
    rng = np.random.default_rng(2)
    cov = np.array([[3.0, 1.6], [1.6, 1.4]])
    X = rng.multivariate_normal([0, 0], cov, 400)
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(Xc.T))
    ax = fig.subplots()
    ax.scatter(*Xc.T, s=5, alpha=0.45, color="#777777", label="centred data")
    for rank, (value, vector, colour) in enumerate(zip(values[::-1], vectors.T[::-1], ("#0072B2", "#D55E00")), start=1):
        end = 2 * np.sqrt(value) * vector
        ax.annotate("", xy=end, xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2})
        ax.plot([], [], color=colour, linewidth=2, label=rf"$u_{rank}$, $\lambda_{rank}={value:.2f}$")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel(r"$x_1$")
    ax.set_ylabel(r"$x_2$")
    ax.legend(loc="upper left")
