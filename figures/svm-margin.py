"""Hard-margin linear SVM on separable data, solved from the dual: margin and support vectors."""

import numpy as np
from scipy.optimize import minimize

FIGSIZE = (4.8, 3.0)


def draw(fig):
    rng = np.random.default_rng(7)
    pos = rng.normal([2.0, 2.0], 0.55, (20, 2))
    neg = rng.normal([-0.3, -0.2], 0.55, (20, 2))
    X = np.vstack([pos, neg])
    y = np.r_[np.ones(20), -np.ones(20)]
    K = (X @ X.T) * np.outer(y, y)
    # Dual: maximise sum(a) - 1/2 a^T K a  subject to a >= 0 and sum(a y) = 0.
    result = minimize(lambda a: 0.5 * a @ K @ a - a.sum(), np.zeros(len(y)), jac=lambda a: K @ a - 1,
                      bounds=[(0, None)] * len(y), constraints={"type": "eq", "fun": lambda a: a @ y}, method="SLSQP")
    alpha = result.x
    w = (alpha * y) @ X
    support = alpha > 1e-5 * alpha.max()
    b = np.mean(y[support] - X[support] @ w)
    ax = fig.subplots()
    ax.scatter(*pos.T, marker="o", s=14, label=r"$y=+1$", color="#0072B2")
    ax.scatter(*neg.T, marker="s", s=14, label=r"$y=-1$", color="#E69F00")
    ax.scatter(*X[support].T, s=90, facecolors="none", edgecolors="black", linewidths=0.9, label="support vectors")
    xs = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 2)
    for offset, style in ((0, "-"), (1, "--"), (-1, "--")):
        ax.plot(xs, (offset - b - w[0] * xs) / w[1], style, color="black", linewidth=1.0 if offset else 1.4)
    ax.set_xlabel(r"$x_1$")
    ax.set_ylabel(r"$x_2$")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_title(rf"margin $2/\|w\| = {2 / np.linalg.norm(w):.2f}$", fontsize=8)
    ax.legend(loc="upper left", fontsize=7)
