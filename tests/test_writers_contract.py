"""The writer contract, held by tests: a registry, declared capabilities, no state on a
writer, every node the checker lets through printed by every writer (or declared
unprintable), files published only under the names a writer owns. No TeX runs here."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pytest

from guidegen.content.check import Checker
from guidegen.outputs import WRITERS
from guidegen.outputs.base import Checked, Made, Writer


def renderer_of(writer: type[Writer]):
    module, name = writer.renderer.split(":")
    return getattr(importlib.import_module(module), name)


def checker_nodes() -> set[str]:
    """The node types the content checker accepts (it reports every other one)."""
    return {name.removeprefix("visit_") for name in dir(Checker) if name.startswith("visit_") and name != "visit_unknown"}


def test_the_registry_names_every_writer_and_each_declares_its_contract():
    assert list(WRITERS) == ["pdf", "anki", "cards", "html", "moodle", "gift", "qti21", "qti12"]
    for name, cls in WRITERS.items():
        assert cls.name == name
        assert cls.figure_format in ("pdf", "svg")
        assert cls.image_types and all(t.startswith(".") and t == t.lower() for t in cls.image_types)
        assert dataclasses.is_dataclass(cls.Options)
        assert cls().publishes("guide") and all("guide" in p for p in cls().publishes("guide"))
        assert set(cls.depends) <= set(WRITERS) - {name}
        assert cls.renderer, f"{name} declares no renderer"


def test_no_two_writers_publish_the_same_name():
    from fnmatch import fnmatchcase

    every = [cls() for cls in WRITERS.values()]
    for a in every:
        for b in every:
            if a.name != b.name:
                clash = [(x, y) for x in a.publishes("guide") for y in b.publishes("guide")
                         if fnmatchcase(x, y) or fnmatchcase(y, x)]
                assert clash == [], f"{a.name} and {b.name}"


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_writer_holds_no_state(name: str):
    cls = WRITERS[name]
    first, second = cls(), cls()
    assert first == second and hash(first) == hash(second)
    assert [f.name for f in dataclasses.fields(first)] == ["options"]  # its options are its only field
    values = [getattr(first.options, f.name) for f in dataclasses.fields(first.options)]
    assert not any(isinstance(v, (list, dict, set, bytearray)) for v in values)
    assert first.identity() == second.identity() and "object at 0x" not in repr(first.identity())
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.options = None


def test_the_identity_is_declared_not_a_repr():
    from guidegen.outputs.cards.writer import CardsOptions, CardsWriter

    assert CardsWriter(CardsOptions(per_page=4)).identity() != CardsWriter().identity()
    assert CardsWriter(CardsOptions(per_page=4)).identity() == ("cards", (("per_page", 4), ("flip", None), ("back_offset", None)))


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_writer_prints_every_node_the_checker_lets_through(name: str):
    writer = WRITERS[name]
    renderer = renderer_of(writer)
    missing = {node for node in checker_nodes() if not hasattr(renderer, f"visit_{node}")} - writer.cannot_print
    assert missing == set(), f"{name}'s renderer has no visitor for {sorted(missing)}: print them, or declare them in cannot_print"


def test_a_writer_meeting_a_node_it_has_no_visitor_for_raises():
    """Never dropped with exit 0, as a writer's `visit_unknown` returning "" did."""
    fake = type("Node", (), {"type": "mystery_block", "map": None, "children": []})()
    for cls in {renderer_of(w) for w in WRITERS.values()}:
        renderer = cls.__new__(cls)  # no state is needed to dispatch
        renderer.first_line = renderer.line = 1
        with pytest.raises(NotImplementedError, match="has no visit_mystery_block"):
            renderer.block(fake)


def test_a_construct_a_writer_declares_it_cannot_print_is_reported_by_its_check(tmp_path: Path):
    from guidegen.load import load
    from guidegen.outputs.anki.writer import AnkiWriter

    from conftest import make_project, question_file

    @dataclasses.dataclass(frozen=True)
    class NoTables(AnkiWriter):
        name = "notables"
        cannot_print = frozenset({"table"})

    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What?\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "This.")},
                           "title: T\ntopics:\n  - slug: a\n    name: A\n")
    bank = load(project)
    found = NoTables().check(project, bank, list(bank.questions)).problems
    assert [(Path(p.path).name, p.line, p.message) for p in found] == [("q.md", 9, "notables cannot print a table")]
    assert AnkiWriter().check(project, bank, list(bank.questions)).problems == []


def test_a_writer_cannot_publish_a_name_it_does_not_own():
    from guidegen.errors import GuideError
    from guidegen.outputs.base import Plan
    from guidegen.pipeline import owned
    from guidegen.requests import Request

    plans = [Plan(Request(), [], [])]
    owned(WRITERS["cards"](), plans, [Made(Path("x"), "guide-cards.pdf", 1), Made(Path("y"), "guide-cards-key.pdf", 1)])
    with pytest.raises(GuideError, match="guide-answers.pdf, which is not among the files it publishes"):
        owned(WRITERS["cards"](), plans, [Made(Path("y"), "guide-answers.pdf", 1)])


def test_check_returns_what_it_learned_for_write(tmp_path: Path):
    from guidegen.load import load

    from conftest import make_project, question_file

    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[a]", "easy", "What is $x$?", "This.")},
                           "title: T\ntopics:\n  - slug: a\n    name: A\n")
    bank = load(project)
    checked = WRITERS["pdf"]().check(project, bank, list(bank.questions))
    assert isinstance(checked, Checked) and checked.problems == []
    assert checked.learned["q"].question_tex == "What is \\(x\\)?"


def test_the_content_layer_checks_math_without_converting_it_to_latex(monkeypatch):
    from guidegen.content import mathcheck
    from guidegen.content.check import Checker
    from guidegen.outputs.latex import mathlatex

    def refused(source: str) -> str:
        raise AssertionError("the checker converted a formula to LaTeX")

    assert not hasattr(mathcheck, "display_to_latex")  # the conversion is the LaTeX writer's
    monkeypatch.setattr(mathlatex, "display_to_latex", refused)
    monkeypatch.setattr(mathlatex, "math_to_latex", refused)
    checker = Checker(Path("q.md"), 1, None)
    checker.walk("$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$\n\n$$\n\\input{x}\n$$\n")
    assert [p.line for p in checker.problems] == [5] and "\\input is not allowed" in checker.problems[0].message
