"""Generate a synthetic question bank for benchmarks: N questions with math, seeded.

    python bench/synth.py OUT_DIR --questions 1000 --seed 1

Topic `booklet-30` holds exactly 30 questions, so a 30-question booklet can be cut
from the big bank and compared with the same 30 questions as a bank of their own.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "gradient loss model data variance bias estimator sample feature weight layer network prior posterior "
    "likelihood margin kernel entropy softmax attention vector matrix eigenvalue projection regularisation "
    "convex optimum step momentum batch dropout residual encoder decoder token sequence cluster mixture"
).split()
FORMULAS = [
    r"\sum_{i=1}^{n} w_i x_i + b",
    r"\frac{\partial L}{\partial w} = \frac{1}{N} \sum_{i=1}^{N} (\hat{y}_i - y_i) x_i",
    r"\mathbb{E}[(y - \hat{f}(x))^2] = \mathrm{Bias}^2 + \mathrm{Var} + \sigma^2",
    r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
    r"\begin{bmatrix} \cos k & \sin k \\ -\sin k & \cos k \end{bmatrix}",
    r"\|w\|_2^2 = \sum_j w_j^2",
    r"\theta_{t+1} = \theta_t - \alpha \nabla J(\theta_t)",
]


def generate(out: Path, n: int = 1000, seed: int = 1, topics: int = 8) -> Path:
    """Write the project into `out` and return it."""
    rng = random.Random(seed)
    slugs = ["booklet-30"] + [f"topic-{i}" for i in range(1, topics)]
    content = out / "content"
    content.mkdir(parents=True, exist_ok=True)
    guide = "title: Synthetic Bank\nsubtitle: Benchmark\nauthor: bench/synth.py\ntopics:\n"
    guide += "".join(f"  - slug: {s}\n    name: Topic {s}\n" for s in slugs)
    (content / "guide.yaml").write_text(guide)

    def sentence(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."

    def paragraph() -> str:
        return " ".join(sentence(rng.randint(8, 16)) for _ in range(rng.randint(2, 4)))

    for q in range(n):
        topic = slugs[0] if q < 30 else slugs[1 + q % (topics - 1)]
        folder = content / topic
        folder.mkdir(exist_ok=True)
        answer = [
            paragraph(),
            f"$$ {rng.choice(FORMULAS)} $$",
            paragraph() + f" Here $x_{{{q % 97}}}^2 \\le {rng.randint(1, 9)}$ holds.",
            "\n".join(f"- {sentence(rng.randint(5, 9))}" for _ in range(rng.randint(2, 4))),
            paragraph(),
        ]
        (folder / f"q{q:04d}.md").write_text(
            f"---\nid: q{q:04d}\ntitle: \"Question {q}: {rng.choice(WORDS)} and {rng.choice(WORDS)}\"\n"
            f"topics: [{topic}]\ndifficulty: {rng.choice(['easy', 'medium', 'hard'])}\n---\n"
            f"{sentence(rng.randint(10, 20))} Why is ${rng.choice(FORMULAS)}$ true?\n\n## Answer\n\n" + "\n\n".join(answer) + "\n"
        )
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.questions, args.seed)
    print(f"wrote {args.questions} questions to {args.out}")
