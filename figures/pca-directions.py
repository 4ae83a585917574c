"""Principal directions of correlated 2-D data: covariance eigenvectors drawn with length 2 sqrt(eigenvalue)."""

import numpy as np

from guidegen.figures.style import BLUE, GREY, ORANGE

FIGSIZE = (4.8, 2.8)


def draw(fig):
    rng = np.random.default_rng(2)
    X = rng.multivariate_normal([0, 0], [[3.0, 1.6], [1.6, 1.4]], 500)
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))  # sample covariance, ascending eigenvalues
    values, vectors = values[::-1], vectors[:, ::-1]
    vectors *= np.sign(vectors[0])  # an eigenvector's sign is arbitrary: point both to the right
    ax = fig.subplots()
    ax.scatter(*Xc.T, s=4, color=GREY, alpha=0.5, linewidths=0, label="centred data")
    for i, colour in enumerate((BLUE, ORANGE)):
        end = 2 * np.sqrt(values[i]) * vectors[:, i]  # two standard deviations along u_i
        ax.annotate("", xy=end, xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.8, "shrinkA": 0, "shrinkB": 0})
        ax.plot([], [], color=colour, linewidth=1.8, linestyle="-",
                label=rf"$2\sqrt{{\lambda_{i + 1}}}\,u_{i + 1}$, $\lambda_{i + 1} = {values[i]:.2f}$")
    ax.set_aspect("equal")
    ax.set_xlabel(r"$x_1$ (centred)")
    ax.set_ylabel(r"$x_2$ (centred)")
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), markerscale=2)
