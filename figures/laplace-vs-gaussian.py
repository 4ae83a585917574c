"""L1 vs L2: the Laplace prior's peak at zero, and why the L1 ball's corners give sparse solutions."""

import numpy as np
from scipy.optimize import minimize

FIGSIZE = (4.8, 2.4)


def draw(fig):
    left, right = fig.subplots(1, 2)
    w = np.linspace(-4, 4, 801)
    b, tau = 1 / np.sqrt(2), 1.0  # equal variance: 2 b^2 = tau^2
    left.plot(w, np.exp(-np.abs(w) / b) / (2 * b), label="Laplace (L1)")
    left.plot(w, np.exp(-(w**2) / (2 * tau**2)) / np.sqrt(2 * np.pi * tau**2), label="Gaussian (L2)")
    left.set_xlabel(r"weight $w$")
    left.set_ylabel(r"prior density $P(w)$")
    left.legend(loc="upper left", fontsize=7)
    left.set_ylim(0, 0.95)

    centre, A = np.array([2.0, 0.55]), np.array([[1.0, 0.3], [0.3, 1.2]])  # quadratic loss around centre
    loss = lambda v: (v - centre) @ A @ (v - centre)
    grid = np.linspace(-1.6, 2.6, 200)
    G1, G2 = np.meshgrid(grid, grid)
    D = np.stack([G1 - centre[0], G2 - centre[1]], -1)
    right.contour(G1, G2, np.einsum("...i,ij,...j", D, A, D), levels=[0.3, 1.0, 2.0, 3.2], colors="#777777", linewidths=0.6)
    t = np.linspace(0, 2 * np.pi, 400)
    right.plot(np.cos(t), np.sin(t), color="#E69F00", linestyle="--", label=r"$\|w\|_2 \leq 1$")
    right.plot([1, 0, -1, 0, 1], [0, 1, 0, -1, 0], color="#0072B2", label=r"$\|w\|_1 \leq 1$")
    l1 = minimize(loss, [0.3, 0.3], constraints={"type": "ineq", "fun": lambda v: 1 - np.abs(v).sum()}, method="SLSQP").x
    l2 = minimize(loss, [0.3, 0.3], constraints={"type": "ineq", "fun": lambda v: 1 - v @ v}, method="SLSQP").x
    right.plot(*l1, "o", color="#0072B2", markersize=5)
    right.plot(*l2, "s", color="#E69F00", markersize=5)
    right.annotate(rf"L1: $w_2={abs(l1[1]):.2f}$", xy=l1, xytext=(0.9, -1.3), fontsize=7, arrowprops={"arrowstyle": "->", "linewidth": 0.5})
    right.set_aspect("equal")
    right.set_xlabel(r"$w_1$")
    right.set_ylabel(r"$w_2$")
    right.legend(loc="upper left", fontsize=7)
