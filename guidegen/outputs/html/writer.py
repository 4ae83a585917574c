"""The self-study page writer: each booklet (and version) as one self-contained HTML file,
OUT/NAME.html, that opens offline: its style and script inline, math as MathML, figures
drawn to SVG and images put in as data: URIs. Its check converts every question (math
that will not convert is said under [html]); its write puts the page together (page.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from guidegen.content.assembly import Printer
from guidegen.content.html import HtmlFragment
from guidegen.model import Question
from guidegen.outputs.base import Checked, Job, Made, Writer
from guidegen.outputs.html.options import HtmlOptions

@dataclass
class OptionsFragment(HtmlFragment):
    """A multiple-choice question's options: each option's HTML, in the source's order
    (each version of the page puts them in its own order)."""

    items: list[str] = field(default_factory=list)


class PagePrinter(Printer):
    """The parts of a question as the page's HTML (content.assembly puts them together)."""

    def __init__(self, project: Path | None):
        self.project = project

    def title(self, question: Question):
        from guidegen.outputs.html.render import inline_to_html

        return inline_to_html(question.title, question.path, question.title_line)

    def block(self, question: Question, markdown: str, line: int):
        from guidegen.outputs.html.render import media_key, to_html
        from guidegen.params.figures import drawing

        # A question drawn with values names its own version's drawing of each figure.
        return to_html(markdown, question.path, line, self.project, lambda source: media_key(drawing(question, source)))

    def options(self, question: Question, printed: list):
        items = [_one_line(o.html) for o in printed]
        return OptionsFragment("".join(f"<li>{i}</li>" for i in items), [f for o in printed for f in o.figures],
                               [p for o in printed for p in o.problems], items)

    def no_answer(self, question: Question, printed):
        printed = printed or HtmlFragment("")
        printed.html = '<p class="none">No model answer yet.</p>'
        return printed

    def is_blank(self, piece) -> bool:
        return not piece.html.strip()


_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def _one_line(fragment: str) -> str:
    """An option of one paragraph without its <p>: it sits beside its letter and box."""
    match = _ONE_PARAGRAPH.match(fragment.strip())
    return match.group(1) if match and "<p>" not in match.group(1) else fragment


@dataclass(frozen=True)
class HtmlWriter(Writer):
    name: ClassVar[str] = "html"
    figure_format: ClassVar[str] = "svg"
    image_types: ClassVar[tuple[str, ...]] = (".png", ".jpg", ".jpeg", ".svg")  # a PDF image prints in the guide, not on a page
    makes: ClassVar[str] = "a web page"
    Options: ClassVar[type] = HtmlOptions
    depends: ClassVar[tuple[str, ...]] = ("pdf",)  # code is highlighted as the PDF highlights it
    renderer: ClassVar[str] = "guidegen.outputs.html.render:PageHtml"
    printer: ClassVar[str] = "guidegen.outputs.html.writer:PagePrinter"
    figures_with_values: ClassVar[bool] = True  # each version's page shows its own drawing

    def publishes(self, name: str) -> tuple[str, ...]:
        return (f"{name}.html", f"{name}-[A-Z].html")

    def check(self, project: Path, bank, questions: list[Question], store=None, thorough: bool = False) -> Checked:
        """Every question as the page's HTML (math that will not convert is a warning), and
        what the page cannot show: the page's parts of each question are what it learned."""
        from guidegen.outputs.base import resolve_options

        options, problems = resolve_options(self, bank.guide)
        problems += self.unprintable(bank, questions)
        parts = page_parts(questions, project, store)
        for q in questions:
            problems += [p for p in parts[q.id].problems if p.message.startswith("[html]")]
        return Checked(problems, (options, parts))

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen.outputs.html.page import page
        from guidegen.requests import default_name

        options, parts = checked.learned
        media = media_uris(job)
        made = []
        for plan in job.plans:
            name = default_name(plan.request)
            for letter, sections in plan.orders:
                target = job.work / "html" / (f"{name}-{letter}.html" if letter else f"{name}.html")
                target.parent.mkdir(parents=True, exist_ok=True)
                text = page(job.bank, plan, letter, sections, version_parts(parts, sections, job), media, options.lang)
                target.write_bytes(text.encode("utf-8"))
                made.append(Made(target, target.name, sum(len(qs) for _, qs in sections)))
        return made


def page_parts(questions: list[Question], project: Path, store=None) -> dict:
    """Each question assembled as the page's HTML, by id. With a `store`, kept per question
    (keyed by its text and place and the figure scripts and image files of the project,
    as its LaTeX is), so an unchanged question is not converted again."""
    from guidegen.content.assembly import assemble

    if store is None:
        return {q.id: assemble(q, PagePrinter(project)) for q in questions}
    from guidegen import cache as caching
    from guidegen.content.images import media_state
    from guidegen.modeljson import to_json

    media = media_state(project)
    keys = [caching.key("page", media, to_json(q)) for q in questions]
    stored = store.get_many(keys)
    parts, fresh = {}, {}
    for k, q in zip(keys, questions):
        kept = _from_entry(q, stored.get(k))
        if kept is None:
            from guidegen.outputs.html.mathml import remembered

            with remembered(store):  # an edited question's unchanged formulas: not converted again
                kept = assemble(q, PagePrinter(project))
            entry = _entry(kept)
            if entry is not None:
                fresh[k] = entry
        parts[q.id] = kept
    store.put_many(fresh)
    return parts


def _entry(assembled) -> dict | None:
    """An assembly as plain data for the cache; None when a part is of a kind it does not keep."""
    from guidegen.modeljson import to_json

    pieces = {"title": assembled.title, "body": assembled.body, "answer": assembled.answer}
    if any(type(piece) is not HtmlFragment for piece in pieces.values()) or \
            (assembled.options is not None and type(assembled.options) is not OptionsFragment) or assembled.figures:
        return None
    return {**{name: to_json(piece) for name, piece in pieces.items()},
            "options": None if assembled.options is None else to_json(assembled.options)}


def _from_entry(question: Question, entry):
    """The assembly a cache entry keeps; None (a miss) when it has not that shape."""
    from guidegen.content.assembly import assembled
    from guidegen.modeljson import from_json

    if not isinstance(entry, dict):
        return None
    try:
        title, body, answer = (from_json(HtmlFragment, entry[name]) for name in ("title", "body", "answer"))
        options = None if entry["options"] is None else from_json(OptionsFragment, entry["options"])
        if not all(isinstance(piece.html, str) for piece in (title, body, answer)):
            return None
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
    return assembled(question, title, body, options, answer)


def version_parts(parts: dict, sections, job: Job) -> dict:
    """`parts` (the check's: each question as version A draws it) with the questions a
    version draws other numbers for (guidegen.params) assembled again."""
    from guidegen.content.assembly import assemble

    checked = {q.id: q for plan in job.plans for q in plan.chosen}
    other = {q.id: assemble(q, PagePrinter(job.project)) for _, qs in sections for q in qs if q != checked.get(q.id)}
    return {**parts, **other} if other else parts


def media_uris(job: Job) -> dict[str, str]:
    """Each figure's and image's placeholder digest (render.media_key) -> its data: URI
    (an SVG as its text, made small; the rest in base64), to stand in a src='...'."""
    import base64

    from guidegen.outputs.html.render import media_key
    from guidegen.params.figures import drawing

    types = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
    # Every version's questions: a question drawn with values has a drawing per version.
    shown = [q for p in job.plans for _, sections in p.orders for _, qs in sections for q in qs] + \
        [q for p in job.plans for q in p.chosen]
    sources = {**{drawing(q, s): job.drawn[drawing(q, s)] for q in shown for s in job.bank.figure_scripts[q.id]},
               **{s: job.project / s for q in shown for s in job.bank.images[q.id]}}
    uris = {}
    for source, path in sorted(sources.items()):
        data = path.read_bytes()
        if path.suffix.lower() == ".svg":
            uri = "data:image/svg+xml," + svg_text(data.decode("utf-8", "replace"))
        else:
            uri = f"data:{types[path.suffix.lower()]};base64,{base64.b64encode(data).decode('ascii')}"
        uris[media_key(source).removeprefix("gg-media:")] = uri
    return uris


_SVG_NOISE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->|<metadata>.*?</metadata>", re.DOTALL)
_ESCAPES = {"%": "%25", "#": "%23", "'": "%27", "&": "%26", "\n": " ", "\r": " ", "\t": " "}


def svg_text(svg: str) -> str:
    """An SVG as the text of a data: URI in a single-quoted attribute: without its
    prologue and metadata, its runs of white space one space, and the characters that
    would end the attribute or the URI percent-escaped. (In an <img>, an SVG runs no
    script and loads nothing, and its ids cannot meet another figure's.)"""
    text = re.sub(r">\s+<", "><", _SVG_NOISE.sub("", svg).strip())
    text = re.sub(r"\s+", " ", text)
    return "".join(_ESCAPES.get(c, c) for c in text)
