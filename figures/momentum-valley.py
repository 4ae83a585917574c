"""Plain gradient descent against momentum on a narrow quadratic valley, same step size and steps."""

import numpy as np

FIGSIZE = (4.8, 2.8)


def draw(fig):
    A = np.diag([1.0, 25.0])  # f(x) = 1/2 x^T A x: steep across, shallow along the valley
    grad = lambda x: A @ x
    start, lr, steps = np.array([-9.0, 1.5]), 0.07, 30
    plain, fast = [start], [start]
    velocity = np.zeros(2)
    for _ in range(steps):
        plain.append(plain[-1] - lr * grad(plain[-1]))
        velocity = 0.6 * velocity + lr * grad(fast[-1])
        fast.append(fast[-1] - velocity)
    plain, fast = np.array(plain), np.array(fast)
    X, Y = np.meshgrid(np.linspace(-10, 2, 200), np.linspace(-2.2, 2.2, 200))
    ax = fig.subplots()
    ax.contour(X, Y, 0.5 * (X**2 + 25 * Y**2), levels=12, colors="#bbbbbb", linewidths=0.5)
    ax.plot(*plain.T, marker="o", markersize=2.5, linewidth=1, label="gradient descent")
    ax.plot(*fast.T, marker="s", markersize=2.5, linewidth=1, label=r"momentum $\gamma=0.6$")
    ax.plot(0, 0, "*", color="black", markersize=8)
    ax.set_xlabel(r"$\theta_1$ (shallow)")
    ax.set_ylabel(r"$\theta_2$ (steep)")
    ax.legend(loc="lower right")
