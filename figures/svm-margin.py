"""Hard-margin linear SVM on separable 2-D data, solved from its dual: boundary, margin and support vectors."""

import numpy as np
from scipy.optimize import minimize

from guidegen.figures.style import BLACK, BLUE, ORANGE

FIGSIZE = (4.8, 2.8)


def draw(fig):
    rng = np.random.default_rng(17)
    X = np.vstack([rng.normal([2.0, 2.0], 0.6, (20, 2)), rng.normal([-0.3, -0.2], 0.6, (20, 2))])
    y = np.r_[np.ones(20), -np.ones(20)]
    # Dual: maximise sum(a) - 1/2 a^T Q a with Q_ij = y_i y_j x_i.x_j, subject to a >= 0, a.y = 0.
    Q = (X @ X.T) * np.outer(y, y)
    result = minimize(lambda a: 0.5 * a @ Q @ a - a.sum(), np.zeros(len(y)), jac=lambda a: Q @ a - 1,
                     bounds=[(0, None)] * len(y), constraints={"type": "eq", "fun": lambda a: a @ y, "jac": lambda a: y},
                     method="SLSQP", options={"ftol": 1e-12, "maxiter": 500})
    assert result.success, result.message
    alpha = result.x
    w = (alpha * y) @ X  # the primal weights combine the support vectors only
    support = alpha > 1e-6
    b = np.mean(y[support] - X[support] @ w)
    margins = y * (X @ w + b)
    assert margins.min() > 1 - 1e-4 and np.allclose(margins[support], 1, atol=1e-4)  # KKT: support vectors on the margin

    ax = fig.subplots()
    ax.scatter(*X[y > 0].T, marker="o", s=14, color=BLUE, label=r"$y=+1$", zorder=3)
    ax.scatter(*X[y < 0].T, marker="s", s=14, color=ORANGE, label=r"$y=-1$", zorder=3)
    ax.scatter(*X[support].T, s=110, facecolors="none", edgecolors=BLACK, linewidths=0.9, label="support vectors", zorder=3)
    x1 = np.array([-3.0, 5.0])
    ax.plot(x1, -(b + w[0] * x1) / w[1], "-", color=BLACK, linewidth=1.3, label=r"boundary $w^T x + b = 0$")
    width = 2 / np.linalg.norm(w)
    for side in (1, -1):  # the margin edges w.x + b = +1 and -1
        ax.plot(x1, (side - b - w[0] * x1) / w[1], "--", color=BLACK, linewidth=0.8,
                label=r"margin $w^T x + b = \pm 1$," + "\n" + rf"width $2/\|w\| = {width:.2f}$" if side > 0 else None)
    # The margin's width, drawn across it along w between the two edges.
    unit = w / np.linalg.norm(w)
    foot = -b * w / (w @ w) - 1.8 * np.array([-unit[1], unit[0]])  # a point on the boundary, moved along it
    ax.annotate("", xy=foot + unit * width / 2, xytext=foot - unit * width / 2,
                arrowprops={"arrowstyle": "<->", "linewidth": 0.7, "shrinkA": 0, "shrinkB": 0})
    ax.set_xlim(X[:, 0].min() - 0.4, X[:, 0].max() + 0.4)
    ax.set_ylim(X[:, 1].min() - 0.4, X[:, 1].max() + 0.4)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$x_1$")
    ax.set_ylabel(r"$x_2$")
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
