"""AdaBoost: the exponential loss bounds the 0-1 loss, and the learner weight alpha(epsilon)."""

import numpy as np

FIGSIZE = (4.8, 2.4)


def draw(fig):
    left, right = fig.subplots(1, 2)
    m = np.linspace(-2, 2.5, 500)
    left.plot(m, np.exp(-m), label=r"exponential $e^{-yf(x)}$")
    left.step(m, (m <= 0).astype(float), where="post", label="0-1 loss")
    left.set_xlabel(r"margin $y f(x)$")
    left.set_ylabel("loss")
    left.set_ylim(0, 4)
    left.legend(loc="upper right", fontsize=7)
    eps = np.linspace(0.01, 0.99, 400)
    right.plot(eps, 0.5 * np.log((1 - eps) / eps), color="#009E73")
    right.axhline(0, color="#777777", linewidth=0.8)
    right.axvline(0.5, color="#777777", linewidth=0.8, linestyle=":")
    right.set_xlabel(r"weighted error $\epsilon_t$")
    right.set_ylabel(r"learner weight $\alpha_t$")
    right.text(0.04, -1.9, r"$\alpha_t=\frac{1}{2}\ln\frac{1-\epsilon_t}{\epsilon_t}$", fontsize=9)
