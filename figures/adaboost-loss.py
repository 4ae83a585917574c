"""AdaBoost: the exponential loss bounds the 0-1 loss; the learner weight alpha as a function of its error."""

import numpy as np

from guidegen.figures.style import GREEN, REFLINE

FIGSIZE = (4.8, 2.4)


def draw(fig):
    left, right = fig.subplots(1, 2)
    m = np.linspace(-2, 2.5, 901)
    left.plot(m, np.exp(-m), label=r"exponential $e^{-m}$")
    left.plot(m, (m <= 0).astype(float), label="0-1 loss")  # 1 for a mistake (margin <= 0), else 0
    left.set_ylim(-0.1, 4)
    left.set_xlim(m[0], m[-1])
    left.set_xlabel(r"margin $m = y\,f(x)$")
    left.set_ylabel("loss")
    left.legend(loc="upper right")

    eps = np.linspace(0.005, 0.995, 599)
    right.plot(eps, 0.5 * np.log((1 - eps) / eps), color=GREEN)
    right.axhline(0, **REFLINE)
    right.axvline(0.5, **REFLINE)
    right.text(0.56, 1.4, r"$\alpha=\dfrac{1}{2}\ln\dfrac{1-\epsilon}{\epsilon}$")
    right.text(0.04, -0.45, "chance level:\n" + r"$\epsilon = 0.5$, $\alpha = 0$", va="top")
    right.set_xlim(0, 1)
    right.set_ylim(-2.5, 2.5)
    right.set_xlabel(r"weighted error $\epsilon$")
    right.set_ylabel(r"learner weight $\alpha$")
