"""L1 vs L2: Laplace and Gaussian priors of equal variance, and loss contours meeting the L1 and L2 balls."""

import numpy as np
from scipy.optimize import minimize

from guidegen.figures.style import BLUE, LIGHT, ORANGE

FIGSIZE = (4.8, 2.5)


def draw(fig):
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.2])
    w = np.linspace(-3.5, 3.5, 701)  # odd count: w = 0 is on the grid, so the Laplace peak is drawn sharp
    tau = 1.0
    b = tau / np.sqrt(2)  # Var(Laplace(0, b)) = 2 b^2 = tau^2
    left.plot(w, np.exp(-np.abs(w) / b) / (2 * b), label="Laplace (L1)")
    left.plot(w, np.exp(-(w**2) / (2 * tau**2)) / np.sqrt(2 * np.pi * tau**2), label="Gaussian (L2)")
    left.set_xlim(w[0], w[-1])
    left.set_ylim(0, 0.8)
    left.set_xlabel(r"weight $w$ (both variance 1)")
    left.set_ylabel(r"prior density $p(w)$")
    left.legend(loc="upper right")

    centre, A = np.array([2.0, 0.45]), np.array([[1.0, 0.35], [0.35, 1.3]])  # loss (w-c)^T A (w-c)
    loss = lambda v: (v - centre) @ A @ (v - centre)
    # L1 ball as a smooth problem: w = u - v with u, v >= 0 and sum(u + v) <= 1.
    split = minimize(lambda uv: loss(uv[:2] - uv[2:]), np.full(4, 0.1), bounds=[(0, None)] * 4, method="SLSQP",
                     constraints={"type": "ineq", "fun": lambda uv: 1 - uv.sum()}, options={"ftol": 1e-12}).x
    l1 = split[:2] - split[2:]
    assert abs(l1[1]) < 1e-6  # the L1 optimum is the corner (1, 0): w_2 is exactly zero
    l2 = minimize(loss, np.zeros(2), method="SLSQP", constraints={"type": "ineq", "fun": lambda v: 1 - v @ v},
                  options={"ftol": 1e-12}).x
    xlim, ylim = (-1.3, 3.7), (-1.6, 2.1)
    g1, g2 = np.meshgrid(np.linspace(*xlim, 300), np.linspace(*ylim, 300))
    d1, d2 = g1 - centre[0], g2 - centre[1]
    L = A[0, 0] * d1**2 + 2 * A[0, 1] * d1 * d2 + A[1, 1] * d2**2
    # Only whole ellipses, none cut by the panel's edge: the level set L reaches sqrt(L (A^-1)_ii)
    # from the centre along w_i.
    levels = np.array([0.15, 0.5, 1.0, 2.2])
    reach = np.sqrt(np.outer(levels, np.diag(np.linalg.inv(A))))
    assert np.all(centre - reach > [xlim[0], ylim[0]]) and np.all(centre + reach < [xlim[1], ylim[1]])
    right.contour(g1, g2, L, levels=levels, colors=LIGHT, linewidths=0.6)
    # The contour through each constrained optimum is the one that just touches the ball.
    right.contour(g1, g2, L, levels=[loss(l2)], colors=ORANGE, linewidths=0.8, linestyles="--")
    right.contour(g1, g2, L, levels=[loss(l1)], colors=BLUE, linewidths=0.8)
    t = np.linspace(0, 2 * np.pi, 400)
    right.fill([1, 0, -1, 0], [0, 1, 0, -1], color=BLUE, alpha=0.15, linewidth=0)
    right.plot([1, 0, -1, 0, 1], [0, 1, 0, -1, 0], color=BLUE)
    right.plot(np.cos(t), np.sin(t), color=ORANGE, linestyle="--")
    right.text(0, 0, r"$\|w\|_1 \leq 1$", ha="center", va="center")
    right.text(0, -1.08, r"$\|w\|_2 \leq 1$", ha="center", va="top")
    right.plot(*l1, "o", color=BLUE, markersize=5)
    right.plot(*l2, "s", color=ORANGE, markersize=5)
    right.plot(*centre, "+", color="black", markersize=6)
    right.annotate(rf"$({l1[0]:.0f}, {abs(l1[1]):.0f})$: sparse", xy=l1, xytext=(1.2, -1.3), arrowprops={"arrowstyle": "->", "linewidth": 0.6})
    right.annotate(rf"$({l2[0]:.2f}, {l2[1]:.2f})$", xy=l2, xytext=(-1.2, 1.6), arrowprops={"arrowstyle": "->", "linewidth": 0.6})
    right.set_aspect("equal")
    right.set_xlim(*xlim)
    right.set_ylim(*ylim)
    right.set_xlabel(r"$w_1$")
    right.set_ylabel(r"$w_2$")
