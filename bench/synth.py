"""Generate a synthetic question bank for the benchmark, deterministic from the seed.

    python bench/synth.py OUT_DIR --questions 1000 --seed 1

The project has 8 topics and no figures. Answers are 100-250 words of prose with
inline and display math (fractions, sums, roots, expectations, matrices, aligned
equations), bullet and numbered lists, emphasis and the odd table, so LaTeX does
the kind of work the real guide asks of it. Topic `booklet-30` is the home of
exactly 30 questions and no other question names it, so `--topic booklet-30` cuts
a 30-question booklet from the big bank.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TOPICS = [
    ("booklet-30", "A Booklet of Thirty"),
    ("probability", "Probability & Statistics"),
    ("linear-models", "Linear Models"),
    ("optimisation", "Optimisation"),
    ("deep-learning", "Deep Learning"),
    ("kernels", "Kernels & Margins"),
    ("unsupervised", "Unsupervised Learning"),
    ("evaluation", "Evaluation & Metrics"),
]
NOUNS = ("the gradient", "the loss", "the estimator", "the posterior", "the kernel", "the learning rate",
         "the covariance matrix", "the hidden layer", "the margin", "the regulariser", "the likelihood",
         "each mini-batch", "the softmax output", "the eigenvector", "the validation error", "the prior")
VERBS = ("shrinks", "dominates", "bounds", "controls", "stabilises", "depends on", "scales with",
         "is independent of", "approximates", "reweights", "cancels", "smooths")
ADVERBS = ("in expectation", "for large $n$", "at the optimum", "near convergence", "when the data are centred",
           "under mild assumptions", "on every step", "in high dimensions")
OPENERS = ("Note that", "In practice,", "Intuitively,", "Formally,", "As a consequence,", "By symmetry,", "Recall that")
INLINE = (r"$\frac{1}{n}\sum_{i=1}^{n} x_i$", r"$\sqrt{d_k}$", r"$\mathbb{E}[X^2]$", r"$\sigma^2$",
          r"$\lambda \|w\|_2^2$", r"$O(n \log n)$", r"$\hat{\theta}_{\mathrm{MLE}}$", r"$p(y \mid x)$",
          r"$\nabla_\theta L$", r"$x^\top \Sigma^{-1} x$", r"$\alpha \in (0, 1)$", r"$\operatorname{tr}(A)$")
DISPLAY = (
    r"\mathbb{E}\left[(y - \hat{f}(x))^2\right] = \mathrm{Bias}^2 + \mathrm{Var} + \sigma^2",
    r"\frac{\partial L}{\partial w_j} = \frac{1}{N} \sum_{i=1}^{N} \left(\hat{y}_i - y_i\right) x_{ij}",
    r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}",
    r"\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right) V",
    r"R(\theta) = \begin{bmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{bmatrix}",
    r"\Sigma = \begin{pmatrix} \sigma_1^2 & \rho\sigma_1\sigma_2 \\ \rho\sigma_1\sigma_2 & \sigma_2^2 \end{pmatrix}",
    r"\begin{aligned} m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ \hat{m}_t &= \frac{m_t}{1 - \beta_1^t} \end{aligned}",
    r"\hat{w} = \left(X^\top X + \lambda I\right)^{-1} X^\top y",
    r"D_{\mathrm{KL}}(P \,\|\, Q) = \sum_{x} P(x) \log \frac{P(x)}{Q(x)} \ge 0",
    r"f(x) = \begin{cases} 1 & \text{if } w^\top x + b \ge 0 \\ 0 & \text{otherwise} \end{cases}",
)
QUESTIONS = ("Why does {a} {v} {b}?", "Show that {a} {v} {b} {adv}.", "When does {a} fail to {v0} {b}?",
             "Derive how {a} {v} {b}, and explain what changes {adv}.")


def generate(out_dir: Path | str, n: int = 1000, seed: int = 1) -> Path:
    """Write the project into out_dir (content/guide.yaml and content/<topic>/qNNNN.md); return it."""
    rng = random.Random(seed)
    out = Path(out_dir)
    content = out / "content"
    content.mkdir(parents=True, exist_ok=True)
    guide = "title: Synthetic Bank\nsubtitle: A benchmark bank from bench/synth.py\nauthor: guidegen bench\ntopics:\n"
    (content / "guide.yaml").write_text(guide + "".join(f"  - slug: {s}\n    name: {name}\n" for s, name in TOPICS))  # names hold no YAML specials

    def sentence() -> str:
        words = [rng.choice(OPENERS), rng.choice(NOUNS), rng.choice(VERBS), rng.choice(NOUNS)]
        if rng.random() < 0.5:
            words.append(rng.choice(ADVERBS))
        if rng.random() < 0.4:
            words.append(f"since {rng.choice(INLINE)} {rng.choice(VERBS)} {rng.choice(NOUNS)}")
        if rng.random() < 0.2:
            words[2] = f"*{words[2]}*"
        return " ".join(words) + "."

    def paragraph(k: int) -> str:
        return " ".join(sentence() for _ in range(k))

    def answer() -> str:
        blocks = [paragraph(rng.randint(2, 3)), f"$$ {rng.choice(DISPLAY)} $$", paragraph(rng.randint(1, 3))]
        shape = rng.random()
        if shape < 0.45:
            blocks.append("\n".join(f"- **Case {i + 1}.** {sentence()}" for i in range(rng.randint(2, 4))))
        elif shape < 0.8:
            blocks.append("\n".join(f"{i + 1}. {sentence()}" for i in range(rng.randint(2, 4))))
        else:
            rows = [f"| {rng.choice(NOUNS)} | {rng.choice(INLINE)} | {rng.randint(1, 99)}% |" for _ in range(3)]
            blocks.append("| quantity | formula | share |\n|---|---|---|\n" + "\n".join(rows))
        if rng.random() < 0.5:
            blocks.append(f"$$ {rng.choice(DISPLAY)} $$")
        blocks.append(paragraph(rng.randint(1, 2)))
        return "\n\n".join(blocks)

    for q in range(n):
        # The first 30 questions live in booklet-30; the rest cycle over the other topics,
        # a quarter of them cross-listed in a second topic (never booklet-30).
        home = 0 if q < 30 else 1 + q % (len(TOPICS) - 1)
        topics = [TOPICS[home][0]]
        if home and rng.random() < 0.25:
            topics.append(rng.choice([s for s, _ in TOPICS[1:] if s != topics[0]]))
        text = answer()
        while not 100 <= len(text.split()) <= 250:  # resample until the answer is 100-250 words
            text = answer()
        nouns = rng.sample(NOUNS, 2)
        question = rng.choice(QUESTIONS).format(a=nouns[0], b=nouns[1], v=rng.choice(VERBS), v0="bound",
                                                adv=rng.choice(ADVERBS))
        title = f"{nouns[0][4:].capitalize() if nouns[0].startswith('the ') else nouns[0].capitalize()} and {nouns[1].removeprefix('the ')}"
        folder = content / topics[0]
        folder.mkdir(exist_ok=True)
        (folder / f"q{q:04d}.md").write_text(
            f"---\nid: q{q:04d}\ntitle: \"{title} ({q})\"\ntopics: [{', '.join(topics)}]\n"
            f"difficulty: {rng.choice(['easy', 'medium', 'hard'])}\norder: {q}\n---\n"
            f"{question[0].upper()}{question[1:]} Consider {rng.choice(INLINE)} in your answer.\n\n## Answer\n\n{text}\n",
            "utf-8",
        )
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="project folder to write (content/ goes inside)")
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.questions, args.seed)
    print(f"wrote {args.questions} questions to {args.out}/content")
