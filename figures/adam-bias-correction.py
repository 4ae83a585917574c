"""Adam's moment estimates over the first steps: raw m_t starts near zero, the corrected estimate does not."""

import numpy as np


def draw(fig):
    rng = np.random.default_rng(0)
    steps = np.arange(1, 61)
    g = 1.0 + 0.2 * rng.standard_normal(len(steps))  # gradients with true mean 1
    b1, b2 = 0.9, 0.999
    m = v = 0.0
    m_raw, m_hat, v_raw, v_hat = [], [], [], []
    for t, gt in zip(steps, g):
        m = b1 * m + (1 - b1) * gt
        v = b2 * v + (1 - b2) * gt**2
        m_raw.append(m), m_hat.append(m / (1 - b1**t))
        v_raw.append(np.sqrt(v)), v_hat.append(np.sqrt(v / (1 - b2**t)))
    left, right = fig.subplots(1, 2, sharex=True)
    left.plot(steps, m_raw, label=r"$m_t$")
    left.plot(steps, m_hat, label=r"$\hat{m}_t = m_t/(1-\beta_1^t)$")
    left.axhline(1.0, color="#777777", linewidth=0.8, linestyle=":")
    left.set_ylabel("first moment")
    left.legend(loc="lower right", fontsize=7)
    right.plot(steps, v_raw, label=r"$\sqrt{v_t}$")
    right.plot(steps, v_hat, label=r"$\sqrt{\hat{v}_t}$")
    right.axhline(1.0, color="#777777", linewidth=0.8, linestyle=":")
    right.set_ylabel("second moment (root)")
    right.legend(loc="center right", fontsize=7)
    for ax in (left, right):
        ax.set_xlabel("step $t$")
        ax.set_ylim(0, 1.4)
