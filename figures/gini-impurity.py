"""Gini impurity of a two-class node against the class probability, with entropy for scale."""

import numpy as np


def draw(fig):
    ax = fig.subplots()
    p = np.linspace(0, 1, 401)
    gini = 1 - p**2 - (1 - p) ** 2  # = 2p(1-p)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -(np.nan_to_num(p * np.log2(p)) + np.nan_to_num((1 - p) * np.log2(1 - p)))
    ax.plot(p, gini, label=r"Gini $1-\sum_i p_i^2$")
    ax.plot(p, entropy / 2, label="entropy (bits) / 2")
    ax.axvline(0.5, color="#777777", linewidth=0.8, linestyle=":")
    ax.annotate("purest split: 0\nmost mixed: 0.5", xy=(0.5, 0.5), xytext=(0.62, 0.16), fontsize=8,
                arrowprops={"arrowstyle": "->", "linewidth": 0.6})
    ax.set_xlabel(r"probability of class 1, $p$")
    ax.set_ylabel("impurity")
    ax.set_ylim(0, 0.56)
    ax.legend(loc="upper left")
