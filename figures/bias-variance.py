"""Bias-variance trade-off measured by simulation: polynomial fits of rising degree to noisy sine data."""

import numpy as np


def draw(fig):
    rng = np.random.default_rng(12)
    f = lambda x: np.sin(2 * np.pi * x)
    sigma, n, sets = 0.3, 25, 300
    x_test = np.linspace(0.1, 0.9, 60)  # inside the data: no extrapolation
    degrees = np.arange(0, 9)
    bias2, variance = [], []
    for degree in degrees:
        preds = np.empty((sets, len(x_test)))
        for s in range(sets):
            x = rng.uniform(0, 1, n)
            y = f(x) + sigma * rng.standard_normal(n)
            preds[s] = np.polynomial.polynomial.polyval(x_test, np.polynomial.polynomial.polyfit(x, y, degree))
        bias2.append(((preds.mean(0) - f(x_test)) ** 2).mean())
        variance.append(preds.var(0).mean())
    bias2, variance = np.array(bias2), np.array(variance)
    ax = fig.subplots()
    ax.plot(degrees, bias2, marker="o", markersize=3, label=r"bias$^2$")
    ax.plot(degrees, variance, marker="s", markersize=3, label="variance")
    ax.plot(degrees, bias2 + variance + sigma**2, marker="^", markersize=3, label=r"expected MSE $=$ bias$^2+$var$+\sigma^2$")
    ax.axhline(sigma**2, color="#777777", linewidth=0.8, linestyle=":")
    ax.set_yscale("log")
    ax.set_xlabel("model complexity (polynomial degree)")
    ax.set_ylabel("error")
    ax.legend(loc="lower left", fontsize=7)
