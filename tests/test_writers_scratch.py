"""The scratch experiment, as a test: a self-study HTML page is a writer of some seventy
lines, one registry line and one command; and a writer that forgets a part of a question
(the options of a multiple-choice one) fails the test suite, not the user."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import click
import pytest
from click.testing import CliRunner

from conftest import make_project, question_file
from guidegen.content.assembly import Printer, assemble, missing_parts
from guidegen.outputs.base import Checked, Job, Made, Writer

GUIDE = "title: Self study\ntopics:\n  - slug: a\n    name: A\n"
CHOICE = "Which are prime?\n\n- [ ] 4\n- [x] 5\n- [x] 7\n"


# -- the writer: its folder would hold this module --------------------------------------------
class PagePrinter(Printer):
    def __init__(self, project: Path):
        self.project = project

    def title(self, question):
        from guidegen.content.html import inline_to_html

        return inline_to_html(question.title, question.path, question.title_line)

    def block(self, question, markdown: str, line: int):
        from guidegen.content.html import to_html

        return to_html(markdown, question.path, line, self.project)

    def options(self, question, printed):
        from guidegen.content.html import HtmlFragment

        items = "".join(f"<li>{o.html}</li>" for o in printed)
        return HtmlFragment(f'<ol type="A">{items}</ol>', [f for o in printed for f in o.figures],
                            [p for o in printed for p in o.problems])

    def no_answer(self, question, printed):
        printed.html = "<p>No model answer yet.</p>"
        return printed

    def is_blank(self, piece) -> bool:
        return not piece.html.strip()


@dataclass(frozen=True)
class PageWriter(Writer):
    name: ClassVar[str] = "html"
    figure_format: ClassVar[str] = "svg"
    image_types: ClassVar[tuple[str, ...]] = (".png", ".jpg", ".jpeg", ".svg")
    makes: ClassVar[str] = "a web page"
    renderer: ClassVar[str] = "guidegen.content.html:HtmlRenderer"
    printer: ClassVar[str] = f"{__name__}:PagePrinter"

    def publishes(self, name: str) -> tuple[str, ...]:
        return (f"{name}.html",)

    def write(self, job: Job, checked: Checked) -> list[Made]:
        from guidegen.requests import default_name

        made = []
        for plan in job.plans:
            body = []
            for q in plan.chosen:
                parts = assemble(q, PagePrinter(job.project))
                options = parts.options.html if parts.options else ""
                body.append(f"<section><h2>{parts.title.html}</h2>{parts.body.html}{options}"
                            f"<details><summary>Answer</summary>{parts.answer.html}</details></section>")
            target = job.work / "html" / f"{default_name(plan.request)}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            title = html.escape(job.bank.guide.title)
            target.write_text(f"<!doctype html><title>{title}</title><h1>{title}</h1>" + "".join(body), "utf-8")
            made.append(Made(target, target.name, len(plan.chosen)))
        return made


# -- its command ---------------------------------------------------------------------------------
@click.command("html")
@click.option("--project", type=click.Path(path_type=Path), required=True)
def html_command(project: Path) -> None:
    from guidegen.outputs import WRITERS
    from guidegen.pipeline import run
    from guidegen.requests import Options

    [made] = run(project, None, Options(), WRITERS["html"]())
    click.echo(f"Wrote {made.path.name} ({made.count} questions)")


@pytest.fixture
def registered(monkeypatch):
    from guidegen.cli import main
    from guidegen.outputs import WRITERS

    monkeypatch.setitem(WRITERS, "html", PageWriter)  # the one registry line
    real = main.commands.get("html")  # guidegen's own page writer's command, put back after
    main.add_command(html_command)
    yield
    main.commands.pop("html")
    if real is not None:
        main.add_command(real)


def test_an_html_writer_is_its_module_one_registry_line_and_its_command(tmp_path: Path, registered):
    from guidegen.cli import main

    project = make_project(tmp_path, {"q1.md": question_file("q1", "Primes", "[a]", "easy", CHOICE, "5 and 7: each has two divisors."),
                                      "q2.md": question_file("q2", "Open", "[a]", "easy", "Why $x^2$?", "Because.")}, GUIDE)
    result = CliRunner().invoke(main, ["html", "--project", str(project)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = (project / "build" / "guide.html").read_text("utf-8")
    assert '<ol type="A"><li><p>4</p></li><li><p>5</p></li><li><p>7</p></li></ol>' in page  # every option, none dropped
    assert "[x]" not in page and "\\(x^2\\)" in page and "two divisors" in page
    # `check` speaks for it too, and `--for` knows it.
    checked = CliRunner().invoke(main, ["check", "--for", "html", "--project", str(project)], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    # Its module is small: the experiment's seventy lines.
    source = Path(__file__).read_text("utf-8")
    writer_lines = source.split("# -- the writer")[1].split("@pytest.fixture")[0].count("\n")
    assert writer_lines < 90


def contract_gaps(writer: type[Writer]) -> list[str]:
    """What a writer would drop: the parts its printer does not print."""
    import importlib

    module, name = writer.printer.split(":")
    return missing_parts(getattr(importlib.import_module(module), name))


def test_every_registered_writer_prints_every_part_of_a_question():
    from guidegen.outputs import WRITERS

    assert {name: contract_gaps(cls) for name, cls in WRITERS.items()} == {name: [] for name in WRITERS}


def test_a_writer_without_an_options_printer_fails_the_suite(registered):
    """The registered-writers test above, with a writer that forgot the options of a
    multiple-choice question: the suite fails, naming the part."""
    from guidegen.outputs import WRITERS

    class Forgetful(PagePrinter):
        options = Printer.options  # as if never written

    @dataclass(frozen=True)
    class ForgetfulWriter(PageWriter):
        printer: ClassVar[str] = f"{__name__}:Forgetful"

    globals()["Forgetful"] = Forgetful
    try:
        WRITERS["html"] = ForgetfulWriter
        with pytest.raises(AssertionError, match="options"):
            test_every_registered_writer_prints_every_part_of_a_question()
    finally:
        del globals()["Forgetful"]
