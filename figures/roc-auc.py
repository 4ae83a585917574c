"""ROC curve of simulated scores; its trapezoid area equals the Mann-Whitney fraction of correctly ranked pairs."""

import numpy as np

from guidegen.figures.style import BLUE, REFLINE, SKY

FIGSIZE = (4.8, 2.8)


def draw(fig):
    rng = np.random.default_rng(5)
    pos = np.round(rng.normal(1.0, 1.0, 60), 1)  # rounded, so some scores tie (within and across classes)
    neg = np.round(rng.normal(0.0, 1.0, 80), 1)
    # Sweep the threshold down through every distinct score: "predict positive if score >= t".
    thresholds = np.r_[np.inf, np.unique(np.r_[pos, neg])[::-1]]
    tpr = (pos[None, :] >= thresholds[:, None]).mean(axis=1)
    fpr = (neg[None, :] >= thresholds[:, None]).mean(axis=1)
    trapezoid = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)  # a tie moves diagonally: half a pair
    mann_whitney = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    assert abs(trapezoid - mann_whitney) < 1e-12, (trapezoid, mann_whitney)
    ax = fig.subplots()
    ax.fill_between(fpr, tpr, color=SKY, alpha=0.35, linewidth=0, label=f"area: AUC = {trapezoid:.3f}")
    ax.plot(fpr, tpr, color=BLUE, label="ROC curve")
    ax.plot([0, 1], [0, 1], **REFLINE, label="random ranking")
    # The note beside the square axes, where there is room; the legend inside, below the diagonal.
    ax.text(1.05, 0.5, "Mann-Whitney: fraction\nof (positive, negative)\npairs ranked correctly,\n"
            + rf"ties 1/2: ${mann_whitney:.3f}$", transform=ax.transAxes, ha="left", va="center")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.legend(loc="lower right", handlelength=2.0, title=f"{len(pos)} positives, {len(neg)} negatives")
