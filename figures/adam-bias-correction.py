"""Adam's moment estimates over the first 50 steps of a noisy gradient near 1: raw versus bias-corrected."""

import numpy as np

from guidegen.figures.style import REFLINE

FIGSIZE = (4.8, 2.5)


def draw(fig):
    rng = np.random.default_rng(0)
    beta1, beta2, steps = 0.9, 0.999, 50
    t = np.arange(1, steps + 1)
    g = 1.0 + 0.1 * rng.standard_normal(steps)  # gradients with mean 1
    m = v = 0.0
    ms, vs = [], []
    for gt in g:  # Adam's moving averages, started at zero
        m = beta1 * m + (1 - beta1) * gt
        v = beta2 * v + (1 - beta2) * gt**2
        ms.append(m), vs.append(v)
    ms, vs = np.array(ms), np.array(vs)
    left, right = fig.subplots(1, 2, sharey=True)
    left.plot(t, ms, label=r"$m_t$")
    left.plot(t, ms / (1 - beta1**t), label=r"$\hat{m}_t = m_t/(1-\beta_1^t)$")
    right.plot(t, np.sqrt(vs), label=r"$\sqrt{v_t}$")
    right.plot(t, np.sqrt(vs / (1 - beta2**t)), label=r"$\sqrt{\hat{v}_t}$, $\hat{v}_t = v_t/(1-\beta_2^t)$")
    left.set_ylabel(r"first moment ($\beta_1=0.9$)")
    right.set_ylabel(r"root second moment ($\beta_2=0.999$)")
    for ax in (left, right):
        ax.axhline(1.0, **REFLINE)  # the true moments are both about 1
        ax.set_xlim(0, steps)
        ax.set_ylim(0, 1.35)
        ax.set_xlabel("step $t$")
    left.legend(loc="lower right")
    right.legend(loc="center right")
    right.tick_params(labelleft=True)
