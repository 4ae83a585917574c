"""The GIFT writer: the selected questions as OUT/NAME.gift.txt, the text format Moodle
(and other platforms) import. Each topic is a $CATEGORY:, each question one line (its
HTML's line breaks as GIFT's \\n) under a comment with its id and tags, which Moodle
reads as the question's idnumber and tags. GIFT cannot carry an image, a question's
points, or the options' order; its check names each of those losses at its line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from guidegen.model import Question
from guidegen.outputs.base import Checked, Job, Made, Writer
from guidegen.outputs.platforms.parts import PLATFORM_IMAGE_SUFFIXES

# GIFT's special characters, each written after a backslash (the backslash first of all).
_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}


def escape(text: str) -> str:
    """Text as GIFT reads it back as itself: ~ = # { } : and the backslash escaped, line
    breaks as \\n (a blank line would end the question)."""
    return "".join(_SPECIAL.get(c, c) for c in text.replace("\r\n", "\n"))


@dataclass(frozen=True)
class GiftWriter(Writer):
    name: ClassVar[str] = "gift"
    figure_format: ClassVar[str] = "svg"
    image_types: ClassVar[tuple[str, ...]] = PLATFORM_IMAGE_SUFFIXES  # none travels (check says so), but a PDF image is refused as by the others
    makes: ClassVar[str] = "GIFT"
    renderer: ClassVar[str] = "guidegen.outputs.platforms.parts:TextOnlyHtml"
    printer: ClassVar[str] = "guidegen.outputs.platforms.parts:PlatformPrinter"
    exports: ClassVar[bool] = True

    def publishes(self, name: str) -> tuple[str, ...]:
        return (f"{name}.gift.txt",)

    def check(self, project: Path, bank, questions: list[Question], store=None, thorough: bool = False) -> Checked:
        """Every question as GIFT's HTML, and what GIFT cannot carry: images, points, the
        options' order."""
        from guidegen.content.assembly import assemble
        from guidegen.content.images import short
        from guidegen.errors import problem
        from guidegen.outputs.platforms.parts import PlatformPrinter, TextOnlyHtml, pinned

        problems = []
        parts = {}
        for q in questions:
            parts[q.id] = assemble(q, PlatformPrinter(project, lambda source: source, TextOnlyHtml))
            for ref in bank.figures.get(q.id, ()):
                problems.append(problem(q.path, ref.line, f"[gift] GIFT carries no image: '{short(ref.script)}' is left "
                                                          "out (its caption stands in its place); export --format moodle "
                                                          "carries it", warning=True))
            if q.points is not None and q.points != 1:
                problems.append(problem(q.path, q.title_line, f"[gift] GIFT has no points per question: this question's "
                                                              f"{q.points:g} points become the platform's default mark (1)",
                                        warning=True))
            held = pinned(q)
            if held or (q.options and not q.shuffle):
                line = q.options[held[0]].line if held else q.options[0].line
                problems.append(problem(q.path, line, "[gift] GIFT cannot keep the options in their order: the quiz's "
                                                      "own shuffle setting decides it; export --format moodle keeps it",
                                        warning=True))
        return Checked(problems, parts)

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen.requests import default_name

        made = []
        for plan in job.plans:
            target = job.work / "gift" / f"{default_name(plan.request)}.gift.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(gift_text(job, plan, checked.learned).encode("utf-8"))
            made.append(Made(target, target.name, len(plan.chosen)))
        return made


def gift_text(job: Job, plan, parts: dict) -> str:
    """One booklet in GIFT: a $CATEGORY: per topic, then its questions, a blank line apart."""
    from guidegen.outputs.platforms.parts import source_order

    guide = (job.bank.guide.title or "guidegen").replace("/", "//")
    blocks = [f"// {job.bank.guide.title or 'guidegen'}: questions exported by guidegen"]
    for topic, questions in source_order(plan):
        blocks.append(f"$CATEGORY: $course$/top/{guide}/{topic.name.replace('/', '//')}")
        blocks += [question_text(q, parts[q.id]) for q in questions]
    return "\n\n".join(blocks) + "\n"


def question_text(q: Question, parts) -> str:
    """One question: its id and tags in a comment Moodle reads, then ::title::[html]text{answers}."""
    from guidegen.outputs.platforms.parts import fractions, percent

    tags = [f"topic::{t}" for t in q.topics] + [f"difficulty::{q.difficulty}"] + list(q.tags)
    comment = f"// [id:{q.id}] " + " ".join(f"[tag:{t}]" for t in tags)
    body = parts.body.html or f"<p>{parts.title.html}</p>"
    head = f"::{escape(q.title)}::[html]{escape(body)}"
    feedback = f"####{escape(parts.answer.html)}" if parts.answer.html.strip() else ""
    if not q.options:
        return f"{comment}\n{head}{{{feedback}}}"
    right = sum(o.correct for o in q.options)
    answers = []
    for html, option, fraction in zip(parts.options.items, q.options, fractions(q)):
        if right == 1:
            answers.append(("=" if option.correct else "~") + escape(html))
        else:
            answers.append(f"~%{percent(fraction)}%{escape(html)}")
    return f"{comment}\n{head}{{\n" + "\n".join(answers) + (f"\n{feedback}" if feedback else "") + "\n}"
