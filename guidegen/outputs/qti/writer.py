"""The two QTI writers: `qti21` (OUT/NAME-qti21.zip, an IMS content package of QTI 2.1
items and a test) and `qti12` (OUT/NAME-qti12.zip, QTI 1.2 as Canvas Classic Quizzes
imports it). Their check prints every question as HTML once (common.QtiPrinter) and names
what the format cannot carry at its line; their write puts the package together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from guidegen.content.html import HTML_IMAGE_SUFFIXES
from guidegen.model import Question
from guidegen.outputs.base import Checked, Job, Made, Writer


@dataclass(frozen=True)
class QtiWriter(Writer):
    """What both versions share: SVG figures, the images a browser shows, one package per booklet."""

    figure_format: ClassVar[str] = "svg"
    image_types: ClassVar[tuple[str, ...]] = HTML_IMAGE_SUFFIXES  # a PDF image prints in the guide, not in a browser
    makes: ClassVar[str] = "a QTI package"
    printer: ClassVar[str] = "guidegen.outputs.qti.common:QtiPrinter"
    suffix: ClassVar[str] = ""
    media_prefix: ClassVar[str] = ""
    exports: ClassVar[bool] = True  # `export --format`; its losses are told by `check --for` and by the export
    figures_with_values: ClassVar[bool] = True  # version A's drawing, as its text has version A's numbers

    def publishes(self, name: str) -> tuple[str, ...]:
        return (f"{name}-{self.suffix}.zip",)

    def renderer_class(self):
        raise NotImplementedError

    def losses(self, question: Question) -> list:
        """What this format cannot carry of a question (warnings at their lines)."""
        return []

    def check(self, project: Path, bank, questions: list[Question], store=None, thorough: bool = False) -> Checked:
        from guidegen.content.assembly import assemble
        from guidegen.outputs.entries import mixed_losses
        from guidegen.outputs.qti.common import QtiPrinter

        problems = self.unprintable(bank, questions)
        parts = {}
        for q in questions:
            parts[q.id] = assemble(q, QtiPrinter(project, self.renderer_class(), self.media_prefix))
            problems += [p for p in parts[q.id].problems if p.message.startswith(f"[{self.name}]")]
            problems += self.losses(q) + mixed_losses(q, self.name)
        return Checked(problems, parts)

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen.outputs.qti.common import media_files, output_name, write_zip

        media = media_files(job)
        made = []
        for plan in job.plans:
            members = self.members(job, plan, checked.learned, media)
            target = job.work / "qti" / output_name(plan, self.suffix)
            write_zip(target, members)
            made.append(Made(target, target.name, len(plan.chosen)))
        return made

    def members(self, job: Job, plan, parts: dict, media: dict[str, Path]) -> dict[str, bytes | Path]:
        raise NotImplementedError


def xml_bytes(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def shown_media(parts, question: Question) -> list[str]:
    """The media names a question's parts show, in order, once each (a question drawn with
    values shows the drawing made with them)."""
    from guidegen.outputs.qti.common import media_name
    from guidegen.params.figures import drawing

    figures = [f for piece in (parts.body, parts.options, parts.answer) if piece is not None for f in piece.figures]
    return list(dict.fromkeys(media_name(drawing(question, f.script)) for f in figures))


@dataclass(frozen=True)
class Qti21Writer(QtiWriter):
    name: ClassVar[str] = "qti21"
    depends: ClassVar[tuple[str, ...]] = ("html",)  # formulas become MathML as the page's do (html/mathml.py)
    renderer: ClassVar[str] = "guidegen.outputs.qti.render:Qti21Html"
    suffix: ClassVar[str] = "qti21"
    media_prefix: ClassVar[str] = "../media/"  # an item is in items/, its media in media/

    def renderer_class(self):
        from guidegen.outputs.qti.render import Qti21Html

        return Qti21Html

    def members(self, job: Job, plan, parts: dict, media: dict[str, Path]) -> dict[str, bytes | Path]:
        from guidegen.outputs.qti import v21
        from guidegen.outputs.qti.common import identifier, sections_of
        from guidegen.requests import default_name

        members: dict[str, bytes | Path] = {}
        shown: dict[str, list[str]] = {}
        for q in plan.chosen:
            members[v21.item_path(q.id)] = xml_bytes(v21.item(parts[q.id]))
            shown[q.id] = shown_media(parts[q.id], q)
        used = sorted({name for names in shown.values() for name in names})
        for name in used:
            members[f"media/{name}"] = media[name]
        test_id = identifier(default_name(plan.request).replace("+", "-")) + "-test"
        title = plan.request.booklet_title or job.bank.guide.title
        members["test.xml"] = xml_bytes(v21.test(title, test_id, sections_of(plan)))
        members["imsmanifest.xml"] = xml_bytes(v21.manifest(test_id, title, shown, used))
        return members


@dataclass(frozen=True)
class Qti12Writer(QtiWriter):
    name: ClassVar[str] = "qti12"
    renderer: ClassVar[str] = "guidegen.outputs.qti.render:Qti12Html"
    suffix: ClassVar[str] = "qti12"
    # Canvas's name for the package's own folder, and the folder text2qti puts images in
    media_prefix: ClassVar[str] = "%24IMS-CC-FILEBASE%24/images/"

    def renderer_class(self):
        from guidegen.outputs.qti.render import Qti12Html

        return Qti12Html

    def losses(self, question: Question) -> list:
        from guidegen.choices_order import refers_to_others
        from guidegen.errors import problem
        from guidegen.outputs.entries import hint_losses

        if not question.options:
            return hint_losses(question, self.name, "Canvas (QTI 1.2)")

        pinned = [o for o in question.options if refers_to_others(o.markdown)]
        if question.shuffle and pinned and len(question.options) > 1:
            return [problem(question.path, pinned[0].line, "[qti12] QTI 1.2 cannot keep one option last while the "
                                                           "others are shuffled; the options are exported unshuffled",
                            warning=True)]
        return []

    def members(self, job: Job, plan, parts: dict, media: dict[str, Path]) -> dict[str, bytes | Path]:
        from guidegen.outputs.qti import v12
        from guidegen.outputs.qti.common import identifier, sections_of
        from guidegen.requests import default_name

        quiz_id = identifier(default_name(plan.request).replace("+", "-")) + "-quiz"
        title = plan.request.booklet_title or job.bank.guide.title
        used = sorted({name for q in plan.chosen for name in shown_media(parts[q.id], q)})
        members: dict[str, bytes | Path] = {f"images/{name}": media[name] for name in used}
        members[f"{quiz_id}/{quiz_id}.xml"] = xml_bytes(v12.assessment(quiz_id, title, sections_of(plan), parts))
        members[f"{quiz_id}/assessment_meta.xml"] = xml_bytes(v12.canvas_meta(quiz_id, title, plan.chosen))
        members["imsmanifest.xml"] = xml_bytes(v12.manifest(quiz_id, used))
        return members
