"""Activation variance through a 10-layer linear network of width 256 under three weight scales."""

import numpy as np

from guidegen.figures.style import MARKERS


def draw(fig):
    rng = np.random.default_rng(1)
    width, layers = 256, 10
    x0 = rng.standard_normal((1000, width))  # unit-variance inputs
    scales = ((r"Xavier $\mathcal{N}(0, 1/n_{\mathrm{in}})$", 1 / np.sqrt(width)),
              (r"$\mathcal{N}(0, 1)$: too large", 1.0),
              (r"$\mathcal{N}(0, 0.01^2)$: too small", 0.01))
    ax = fig.subplots()
    for (label, std), marker in zip(scales, MARKERS):
        x, variances = x0, [x0.var()]
        for _ in range(layers):
            x = x @ (std * rng.standard_normal((width, width)))  # Var(out) = n_in Var(w) Var(in) per layer
            variances.append(x.var())
        ax.plot(range(layers + 1), variances, marker=marker, label=label)
    ax.set_yscale("log")
    ax.set_yticks(10.0 ** np.arange(-16, 25, 8))
    ax.set_xticks(range(0, layers + 1, 2))
    ax.set_xlabel("layer (0 = input)")
    ax.set_ylabel("activation variance")
    ax.legend(loc="upper left")
