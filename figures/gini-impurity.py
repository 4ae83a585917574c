"""Gini impurity 2p(1-p) of a two-class node against p, with half the entropy in bits for scale."""

import numpy as np

from guidegen.figures.style import BLACK


def draw(fig):
    ax = fig.subplots()
    p = np.linspace(0, 1, 401)
    gini = 1 - p**2 - (1 - p) ** 2  # 1 - sum_i p_i^2, which for two classes is 2p(1-p)
    q = p[1:-1]  # entropy at the end points is the limit 0 (0 log 0 = 0)
    entropy = np.r_[0, -(q * np.log2(q) + (1 - q) * np.log2(1 - q)), 0]
    ax.plot(p, gini, label=r"Gini $2p(1-p)$")
    ax.plot(p, entropy / 2, label=r"entropy in bits, halved")
    top = p[gini.argmax()]
    ax.plot(top, gini.max(), "o", color=BLACK, markersize=4)
    ax.annotate(rf"maximum at $p={top:.1f}$" + "\n(most mixed node)", xy=(top, gini.max()), xytext=(0.56, 0.1),
                arrowprops={"arrowstyle": "->", "linewidth": 0.6})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 0.6)
    ax.set_xlabel(r"fraction of class 1 in the node, $p$")
    ax.set_ylabel("impurity")
    ax.legend(loc="upper left")
