"""Gradient descent and momentum (gamma = 0.9) for 40 steps from the same start in a narrow quadratic valley."""

import numpy as np

from guidegen.figures.style import BLACK, LIGHT, MARKERS

FIGSIZE = (4.8, 2.7)


def descend(A, start, lr, gamma, steps):
    """Iterates of theta <- theta - v with v <- gamma v + lr grad f(theta), grad f = A theta."""
    theta, v, path = start, np.zeros(2), [start]
    for _ in range(steps):
        v = gamma * v + lr * A @ theta
        theta = theta - v
        path.append(theta)
    return np.array(path)


def draw(fig):
    A = np.diag([1.0, 50.0])  # f = 1/2 (x^2 + 50 y^2): curvature 50 times larger across the valley
    start, steps = np.array([-9.0, 1.2]), 40
    # Each method at a step size that suits it: GD near its stability limit 2/50 (any larger diverges),
    # momentum smaller, since its velocity accumulates about 1/(1-gamma) = 10 gradients.
    runs = (("gradient descent", 0.038, 0.0), (r"momentum $\gamma=0.9$", 0.006, 0.9))
    X, Y = np.meshgrid(np.linspace(-10, 1.5, 300), np.linspace(-1.6, 1.6, 200))
    ax = fig.subplots()
    ax.contour(X, Y, 0.5 * (X**2 + 50 * Y**2), levels=np.geomspace(0.3, 80, 9), colors=LIGHT, linewidths=0.6)
    for (name, lr, gamma), marker in zip(runs, MARKERS):
        path = descend(A, start, lr, gamma, steps)
        ax.plot(*path.T, marker=marker, markersize=2.5, linewidth=1.0,
                label=rf"{name}, $\eta={lr}$: $f = {0.5 * path[-1] @ A @ path[-1]:.2f}$ after {steps} steps")
    ax.plot(0, 0, "*", color=BLACK, markersize=8)
    # The valley's level sets run on past the view (the minimum is near the right edge): a closed
    # frame shows where the view ends, instead of contours stopping in mid-air.
    ax.spines[["top", "right"]].set_visible(True)
    ax.set_xlabel(r"$\theta_1$ (along the valley: curvature 1)")
    ax.set_ylabel(r"$\theta_2$ (across: 50)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0))
