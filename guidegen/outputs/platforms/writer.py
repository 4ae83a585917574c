"""The writers for learning platforms: Moodle XML (OUT/NAME-moodle.xml, made by moodle.py)
and GIFT (OUT/NAME.gift.txt, made by gift.py), both from the parts every platform shares
(parts.py). Each check names what its format cannot carry, at the line of the content
file: `guidegen export` prints it as a warning, `check --for NAME` lists it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from guidegen.model import Question
from guidegen.outputs.base import Checked, Job, Made, Writer
from guidegen.outputs.platforms.parts import PLATFORM_IMAGE_SUFFIXES


@dataclass(frozen=True)
class _PlatformWriter(Writer):
    """What the two formats share: SVG figures, the images a platform shows (a PDF image
    prints in the guide only), made by `export`, version A's drawings."""

    figure_format: ClassVar[str] = "svg"
    image_types: ClassVar[tuple[str, ...]] = PLATFORM_IMAGE_SUFFIXES
    printer: ClassVar[str] = "guidegen.outputs.platforms.parts:PlatformPrinter"
    exports: ClassVar[bool] = True
    figures_with_values: ClassVar[bool] = True  # version A's drawing (GIFT: its caption), as its text has version A's numbers


@dataclass(frozen=True)
class MoodleWriter(_PlatformWriter):
    name: ClassVar[str] = "moodle"
    makes: ClassVar[str] = "Moodle"
    renderer: ClassVar[str] = "guidegen.outputs.platforms.parts:PlatformHtml"

    def publishes(self, name: str) -> tuple[str, ...]:
        return (f"{name}-moodle.xml",)

    def check(self, project: Path, bank, questions: list[Question], store=None, thorough: bool = False) -> Checked:
        """Every question as Moodle's HTML, and what Moodle cannot hold: a pinned option."""
        from guidegen.content.assembly import assemble
        from guidegen.errors import problem
        from guidegen.outputs.platforms.moodle import PLUGINFILE
        from guidegen.outputs.entries import blanks_of, hint_losses, mixed_losses
        from guidegen.outputs.platforms.parts import PlatformPrinter, pinned, plugin_name

        problems = self.unprintable(bank, questions)
        parts = {}
        for q in questions:
            parts[q.id] = assemble(q, PlatformPrinter(project, lambda source: PLUGINFILE + plugin_name(source)))
            problems += hint_losses(q, self.name, "Moodle's cloze question") + mixed_losses(q, self.name)
            problems += [problem(q.path, b.line, f"[moodle] the blank's answer '{b.answer_text}' holds < > or &, which "
                                                 "Moodle's cloze question keeps as HTML (&lt; &gt; &amp;): try it in "
                                                 "Moodle's preview", warning=True)
                         for b in blanks_of(q) if set(b.answer_text) & set("<>&")]
            held = pinned(q)
            if held:
                option = q.options[held[0]]
                problems.append(problem(q.path, option.line, "[moodle] Moodle cannot keep an option in its place while "
                                                             "it shuffles the others: this question's options are not "
                                                             "shuffled in Moodle (shuffleanswers 0)", warning=True))
        return Checked(problems, parts)

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen.outputs.platforms.moodle import moodle_xml
        from guidegen.requests import default_name

        made = []
        for plan in job.plans:
            target = job.work / "moodle" / f"{default_name(plan.request)}-moodle.xml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(moodle_xml(job, plan, checked.learned))
            made.append(Made(target, target.name, len(plan.chosen)))
        return made


@dataclass(frozen=True)
class GiftWriter(_PlatformWriter):
    # No image travels in GIFT (check says so), but a PDF image is refused as by the others.
    name: ClassVar[str] = "gift"
    makes: ClassVar[str] = "GIFT"
    renderer: ClassVar[str] = "guidegen.outputs.platforms.parts:TextOnlyHtml"

    def publishes(self, name: str) -> tuple[str, ...]:
        return (f"{name}.gift.txt",)

    def check(self, project: Path, bank, questions: list[Question], store=None, thorough: bool = False) -> Checked:
        """Every question as GIFT's HTML, and what GIFT cannot carry: images, points, the
        options' order."""
        from guidegen.content.assembly import assemble
        from guidegen.content.images import short
        from guidegen.errors import problem
        from guidegen.outputs.entries import blanks_of, hint_losses, mixed_losses
        from guidegen.outputs.platforms.parts import PlatformPrinter, TextOnlyHtml, pinned

        problems = self.unprintable(bank, questions)  # what it declares it cannot print (cannot_print)
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
            blanks = blanks_of(q)
            if len(blanks) > 1:
                problems.append(problem(q.path, blanks[0].line, f"[gift] GIFT has a blank only as one missing word: "
                                                                f"this question's {len(blanks)} blanks are exported as an "
                                                                "essay (each blank a line, the answers in the feedback); "
                                                                "export --format moodle keeps them", warning=True))
            else:
                problems += hint_losses(q, self.name, "GIFT")
            problems += mixed_losses(q, self.name)
            held = pinned(q)
            if held or (q.options and not q.shuffle):
                line = q.options[held[0]].line if held else q.options[0].line
                problems.append(problem(q.path, line, "[gift] GIFT cannot keep the options in their order: the quiz's "
                                                      "own shuffle setting decides it; export --format moodle keeps it",
                                        warning=True))
        return Checked(problems, parts)

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen.outputs.platforms.gift import gift_text
        from guidegen.requests import default_name

        made = []
        for plan in job.plans:
            target = job.work / "gift" / f"{default_name(plan.request)}.gift.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(gift_text(job, plan, checked.learned).encode("utf-8"))
            made.append(Made(target, target.name, len(plan.chosen)))
        return made
