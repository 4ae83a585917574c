"""An ROC curve whose shaded area equals the Mann-Whitney pair count from the same scores."""

import numpy as np

FIGSIZE = (4.8, 3.0)


def draw(fig):
    rng = np.random.default_rng(5)
    pos = np.round(rng.normal(1.0, 1.0, 60), 1)  # rounded, so there are ties to count as 1/2
    neg = np.round(rng.normal(0.0, 1.0, 80), 1)
    thresholds = np.r_[np.inf, np.unique(np.r_[pos, neg])[::-1]]
    tpr = np.array([(pos >= t).mean() for t in thresholds])
    fpr = np.array([(neg >= t).mean() for t in thresholds])
    area = np.trapz(tpr, fpr) if hasattr(np, "trapz") else np.trapezoid(tpr, fpr)
    pairs = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    assert abs(area - pairs) < 1e-12, (area, pairs)  # the AUC is the Mann-Whitney statistic
    ax = fig.subplots()
    ax.fill_between(fpr, tpr, color="#56B4E9", alpha=0.35, step=None, label=rf"AUC $={area:.3f}$")
    ax.plot(fpr, tpr, color="#0072B2", label="ROC curve")
    ax.plot([0, 1], [0, 1], color="#777777", linewidth=0.8, linestyle=":", label="random ranking")
    ax.text(0.3, 0.45, "pairs ranked correctly:\n" + rf"$P(\mathrm{{score}}^+ > \mathrm{{score}}^-) = {pairs:.3f}$", fontsize=8)
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_aspect("equal")
    ax.legend(loc="lower right")
