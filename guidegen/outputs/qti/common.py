"""What the two QTI writers share: a question's identifier, its score and how it is split
among the options, the media file names, and the parts of each question as HTML, printed
once in the check and kept for the write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from guidegen.content.assembly import Printer
from guidegen.content.html import HtmlFragment
from guidegen.model import Question

DEFAULT_POINTS = 1.0  # a question without `points:` scores one point, as the platforms default
# An XML name's first character: a question id may start with a digit, an identifier may not.
_NCNAME_START = re.compile(r"^[A-Za-z_]")
_PREFIX = "q-"  # what an id that starts with a digit gets, and what import takes off again


def identifier(question_id: str) -> str:
    """The item identifier for a question id: the id itself, stable from export to export
    (an id that starts with a digit is prefixed, since an XML identifier cannot)."""
    return question_id if _NCNAME_START.match(question_id) else _PREFIX + question_id


def question_id(identifier_: str) -> str:
    """The question id an identifier written by `identifier` stands for."""
    rest = identifier_.removeprefix(_PREFIX)
    return rest if identifier_.startswith(_PREFIX) and rest[:1].isdigit() else identifier_


def points_of(question: Question) -> float:
    return question.points if question.points is not None else DEFAULT_POINTS


def number(value: float) -> str:
    """A score as the XML holds it: 2, 0.5, 0.333333."""
    return f"{value:.6g}"


@dataclass(frozen=True)
class Scores:
    """What picking each option scores: a right one its share of the points, a wrong one
    (in a multiple-response question) minus the points over the wrong ones, so that picking
    every option scores nothing; the total is kept between 0 and the points."""

    points: float
    per_option: tuple[float, ...]


def scores(question: Question) -> Scores:
    points = points_of(question)
    right = [o.correct for o in question.options]
    count_right = sum(right)
    count_wrong = len(right) - count_right
    if count_right <= 1:
        per = tuple(points if r else 0.0 for r in right)
    else:
        per = tuple(points / count_right if r else (-points / count_wrong if count_wrong else 0.0) for r in right)
    return Scores(points, per)


def media_name(source: str) -> str:
    """The file name in the package's media/ folder for a figure script (drawn to SVG) or
    an image file: flat, from its path, so two figures never share a name."""
    path = PurePosixPath(source)
    suffix = ".svg" if path.suffix == ".py" else path.suffix.lower()
    return "--".join(path.parent.parts + (path.stem,)) + suffix


def media_files(job) -> dict[str, Path]:
    """Each figure's and image's media name -> the file to put in the package."""
    from guidegen.params.figures import drawing

    # A question drawn with values is version A's draw, and shows the drawing made with them.
    sources = {**{drawing(q, s): job.drawn[drawing(q, s)] for p in job.plans for q in p.chosen
                  for s in job.bank.figure_scripts[q.id]},
               **{s: job.project / s for p in job.plans for q in p.chosen for s in job.bank.images[q.id]}}
    return {media_name(source): path for source, path in sorted(sources.items())}


@dataclass
class OptionsFragment(HtmlFragment):
    """The options of a multiple-choice question, each one's HTML, in the source's order."""

    items: tuple[str, ...] = ()


class QtiPrinter(Printer):
    """The parts of a question as HTML, by the renderer the format's writer gives."""

    def __init__(self, project: Path | None, renderer, media_prefix: str):
        self.project, self.renderer, self.media_prefix = project, renderer, media_prefix


    def title(self, question: Question):
        from guidegen.content.html import inline_to_html

        return inline_to_html(question.title, question.path, question.title_line, self.renderer)

    def block(self, question: Question, markdown: str, line: int):
        from guidegen.content.html import to_html
        from guidegen.params.figures import drawing

        return to_html(markdown, question.path, line, self.project,
                       lambda source: self.media_prefix + media_name(drawing(question, source)), self.renderer)

    def options(self, question: Question, printed: list):
        return OptionsFragment("", [f for o in printed for f in o.figures], [p for o in printed for p in o.problems],
                               tuple(o.html for o in printed))

    def no_answer(self, question: Question, printed):
        return printed or HtmlFragment("")

    def is_blank(self, piece) -> bool:
        return not piece.html.strip()


def sections_of(plan) -> list:
    """The booklet's questions under their topics, in the order of its first version."""
    return plan.orders[0][1] if plan.orders else []


def output_name(plan, suffix: str) -> str:
    from guidegen.requests import default_name

    return f"{default_name(plan.request)}-{suffix}.zip"


def write_zip(target: Path, members: dict[str, bytes | Path]) -> None:
    """A zip of `members` (name -> bytes or a file), the same bytes for the same input: fixed
    times and order, so an unchanged export is an unchanged file."""
    import zipfile

    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(members, key=lambda n: (n != "imsmanifest.xml", n)):
            data = members[name]
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            package.writestr(info, data if isinstance(data, bytes) else data.read_bytes())
