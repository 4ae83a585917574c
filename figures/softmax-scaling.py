"""Attention weights with and without the 1/sqrt(d_k) scale: raw dot products saturate the softmax."""

import numpy as np


def draw(fig):
    rng = np.random.default_rng(4)
    d_k, keys, trials = 64, 16, 4000
    q = rng.standard_normal((trials, 1, d_k))
    k = rng.standard_normal((trials, keys, d_k))
    scores = (q * k).sum(axis=-1)  # variance d_k per score

    def largest_weight(s):
        s = s - s.max(axis=1, keepdims=True)  # shift invariance: same softmax, no overflow
        w = np.exp(s)
        return (w / w.sum(axis=1, keepdims=True)).max(axis=1)

    ax = fig.subplots()
    bins = np.linspace(0, 1, 41)
    ax.hist(largest_weight(scores), bins=bins, alpha=0.75, label=r"raw $q^\top k$ (variance $d_k=64$)")
    ax.hist(largest_weight(scores / np.sqrt(d_k)), bins=bins, alpha=0.75, hatch="//", label=r"scaled $q^\top k/\sqrt{d_k}$")
    ax.set_xlabel(f"largest softmax weight among {keys} keys")
    ax.set_ylabel("queries")
    ax.legend(loc="upper center")
