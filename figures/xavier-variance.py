"""Activation variance through a deep linear network: only Var(w) = 1/n_in keeps it steady."""

import numpy as np


def draw(fig):
    rng = np.random.default_rng(1)
    width, layers = 256, 12
    x0 = rng.standard_normal((2000, width))  # unit-variance inputs
    ax = fig.subplots()
    for label, var in ((r"Xavier: $\mathrm{Var}(w)=1/n_{\mathrm{in}}$", 1.0),
                       (r"too small: $\mathrm{Var}(w)=0.5/n_{\mathrm{in}}$", 0.5),
                       (r"too large: $\mathrm{Var}(w)=2/n_{\mathrm{in}}$", 2.0)):
        x, variances = x0, []
        for _ in range(layers):
            x = x @ (np.sqrt(var / width) * rng.standard_normal((width, width)))  # Var(y) = n_in Var(w) Var(x)
            variances.append(x.var())
        ax.plot(range(1, layers + 1), variances, marker="o", markersize=3, label=label)
    ax.set_yscale("log", base=2)
    ax.set_xlabel("layer")
    ax.set_ylabel("activation variance")
    ax.legend(loc="upper left", fontsize=7)
