"""Bias-variance trade-off by simulation: polynomial fits of degree 0-12 to many noisy samples of sin(2 pi x)."""

import numpy as np

from guidegen.figures.style import MARKERS, REFLINE


def draw(fig):
    rng = np.random.default_rng(12)
    f = lambda x: np.sin(2 * np.pi * x)
    sigma, n, sets = 0.3, 25, 500
    degrees = np.arange(0, 13)
    x_test = np.linspace(0, 1, 101)
    xs, ys = np.empty((sets, n)), np.empty((sets, n))
    for s in range(sets):  # a fresh training set each time
        # One x in each of n equal strips: random, but with no wide gaps for a degree-12 fit to blow up in.
        xs[s] = (np.arange(n) + rng.uniform(0, 1, n)) / n
        ys[s] = f(xs[s]) + sigma * rng.standard_normal(n)
    preds = np.empty((len(degrees), sets, len(x_test)))
    for k, degree in enumerate(degrees):  # every set fitted at once (a stack of pseudo-inverses)
        # Least squares in the Legendre basis on [-1, 1]: the same fit as a power series, well conditioned.
        coef = np.linalg.pinv(np.polynomial.legendre.legvander(2 * xs - 1, degree)) @ ys[..., None]
        preds[k] = np.polynomial.legendre.legval(2 * x_test - 1, coef[..., 0].T)
    bias2 = ((preds.mean(axis=1) - f(x_test)) ** 2).mean(axis=1)  # averaged over the test grid
    variance = preds.var(axis=1).mean(axis=1)
    total = bias2 + variance + sigma**2
    ax = fig.subplots()
    ax.plot(degrees, bias2, marker=MARKERS[0], label=r"bias$^2$")
    ax.plot(degrees, variance, marker=MARKERS[1], label="variance")
    ax.plot(degrees, total, marker=MARKERS[2], label=r"expected test error: bias$^2$ + variance + $\sigma^2$")
    ax.axhline(sigma**2, **REFLINE)
    ax.text(0.1, sigma**2 + 0.01, r"noise $\sigma^2$", va="bottom")
    best = degrees[total.argmin()]
    ax.annotate(f"lowest at degree {best}", xy=(best, total.min()), xytext=(best + 1.5, 0.3),
                arrowprops={"arrowstyle": "->", "linewidth": 0.6})
    ax.set_xticks(degrees)
    ax.set_ylim(0, 0.75)
    ax.set_xlabel("model complexity: polynomial degree")
    ax.set_ylabel("error (mean over $x$)")
    ax.legend(loc="upper center")
