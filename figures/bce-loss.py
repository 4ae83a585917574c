"""Binary cross-entropy: the loss for y=1 and y=0 as the predicted probability moves."""

import numpy as np


def draw(fig):
    ax = fig.subplots()
    p = np.linspace(0.005, 0.995, 400)
    ax.plot(p, -np.log(p), label=r"$y=1$: $-\log\hat{y}$")
    ax.plot(p, -np.log(1 - p), label=r"$y=0$: $-\log(1-\hat{y})$")
    ax.set_xlabel(r"predicted probability $\hat{y}$")
    ax.set_ylabel("loss")
    ax.set_ylim(0, 5)
    ax.legend(loc="upper center")
