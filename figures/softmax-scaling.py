"""Attention softmax over 16 random keys: raw dot products saturate towards one-hot, scaling by 1/sqrt(d_k) does not."""

import numpy as np

from guidegen.figures.style import BLACK, BLUE, ORANGE, REFLINE

FIGSIZE = (4.8, 2.5)
KEYS = 16


def largest_weight(scores):
    """The largest softmax weight in each row (one query against its keys)."""
    scores = scores - scores.max(axis=-1, keepdims=True)  # same softmax, no overflow
    weights = np.exp(scores)
    return (weights / weights.sum(axis=-1, keepdims=True)).max(axis=-1)


def scores(rng, d_k, queries):
    """q.k for unit-variance q and k: each score has variance d_k."""
    q = rng.standard_normal((queries, 1, d_k))
    k = rng.standard_normal((queries, KEYS, d_k))
    return (q * k).sum(axis=-1)


def draw(fig):
    rng = np.random.default_rng(4)
    left, right = fig.subplots(1, 2, width_ratios=[1.15, 1])
    s = scores(rng, 64, 5000)
    bins = np.linspace(0, 1, 41)
    left.hist(largest_weight(s), bins=bins, histtype="stepfilled", color=BLUE, alpha=0.8, label=r"raw $q \cdot k$")
    left.hist(largest_weight(s / np.sqrt(64)), bins=bins, histtype="stepfilled", color=ORANGE, alpha=0.6, hatch="////",
              edgecolor=BLACK, linewidth=0.4, label=r"scaled $q \cdot k/\sqrt{d_k}$")
    left.set_xlabel(r"largest weight ($d_k=64$)")
    left.set_ylabel("queries (of 5000)")
    left.legend(loc="upper center")

    dims = 2 ** np.arange(0, 11)  # d_k = 1 ... 1024
    raw, scaled = [], []
    for d_k in dims:
        s = scores(rng, d_k, 500)  # the mean over 500 queries is as smooth at this size, in a quarter of the time
        raw.append(largest_weight(s).mean())
        scaled.append(largest_weight(s / np.sqrt(d_k)).mean())
    right.plot(dims, raw, marker="o", label="raw")
    right.plot(dims, scaled, marker="s", label="scaled")
    right.axhline(1 / KEYS, **REFLINE)
    right.text(1, 1 / KEYS + 0.03, "uniform: 1/16")
    right.set_xscale("log", base=2)
    right.set_xticks([1, 8, 64, 512])
    right.set_ylim(0, 1.05)
    right.set_xlabel(r"key dimension $d_k$")
    right.set_ylabel("mean largest weight")
    right.legend(loc="center right")
