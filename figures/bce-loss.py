"""Binary cross-entropy: the loss for y=1 and for y=0 as the predicted probability moves."""

import numpy as np


def draw(fig):
    ax = fig.subplots()
    p = np.linspace(1e-3, 1 - 1e-3, 500)  # the open interval (0, 1): the loss is infinite at the ends
    ax.plot(p, -np.log(p), label=r"$y=1$: $\;-\log\hat{y}$")
    ax.plot(p, -np.log(1 - p), label=r"$y=0$: $\;-\log(1-\hat{y})$")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 5)
    ax.set_xlabel(r"predicted probability $\hat{y}$")
    ax.set_ylabel(r"loss $J$")
    ax.legend(loc="upper center")
