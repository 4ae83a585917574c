"""Fast unit tests of pure logic: no LaTeX, no subprocess."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guidegen import cache, select
from guidegen.build import Request, _version_orders, check_name, default_name
from guidegen.errors import GuideError, Problem, printable, shorten
from guidegen.model import Filters, Question, Topic
from guidegen.paths import project_files, read_regular
from guidegen.load.schema import load_mapping


def q(qid: str, topic: str = "a") -> Question:
    return Question(qid, qid.upper(), (topic,), "easy", "Q?", "A.", Path(f"/p/content/{qid}.md"), 7, 9)


def sections(*sizes: int) -> list:
    return [(Topic(f"t{i}", f"T{i}"), [q(f"q{i}-{j}", f"t{i}") for j in range(n)]) for i, n in enumerate(sizes)]


def flat(ordered) -> tuple[str, ...]:
    return tuple(x.id for _, qs in ordered for x in qs)


def test_versions_are_all_different_orders_of_the_same_questions():
    orders = _version_orders(sections(3), Request(versions=6))
    assert [letter for letter, _ in orders] == list("ABCDEF")
    assert len({flat(o) for _, o in orders}) == 6
    assert {frozenset(flat(o)) for _, o in orders} == {frozenset({"q0-0", "q0-1", "q0-2"})}
    assert flat(orders[0][1]) == ("q0-0", "q0-1", "q0-2")  # A keeps the guide's order


def test_more_versions_than_orders_is_an_error_not_a_repeat():
    # Two topics of one question each: questions stay in their section, so one order.
    with pytest.raises(select.SelectionError, match="can be put in only 1 different order"):
        _version_orders(sections(1, 1), Request(versions=3))
    with pytest.raises(select.SelectionError, match="only 6 different orders"):
        _version_orders(sections(3), Request(versions=7))


def test_default_names():
    assert default_name(Request()) == "guide"
    assert default_name(Request(Filters(topics=("a", "b")))) == "a+b"
    assert default_name(Request(Filters(tags=("x",), count=3, seed=2, balanced=True))) == "x+3-balanced-seed2"
    assert default_name(Request(Filters(ids=("q",)))) == "selection"
    assert default_name(Request(name="mine")) == "mine"


@pytest.mark.parametrize("name", ["z`id>IDOUT`", "../x", "a/b", "A", "a b", "", "-a", "a;b", "$(x)"])
def test_output_names_are_slugs(name: str):
    with pytest.raises(GuideError):
        check_name(name)


def test_a_good_output_name_passes():
    assert check_name("week-1+extra") == "week-1+extra"


def test_messages_never_carry_terminal_controls():
    assert printable("a\x1b[31mb\x07c\x9b") == "a\\x1b[31mb\\x07c\\x9b"
    name = os.fsdecode(b"caf\xe9.md")
    assert printable(name) == "caf\\xe9.md"
    assert str(Problem("/nowhere/x\x1b.md", 3, "bad \x07")) == "/nowhere/x\\x1b.md:3: bad \\x07"


def test_quoted_values_are_cut_to_a_readable_length():
    assert len(shorten("x" * 100_000)) <= 60
    assert len(shorten([[1] * 1000] * 1000)) <= 60
    assert shorten("short") == "'short'"


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path: Path, monkeypatch):
    (tmp_path / "content" / "locked").mkdir(parents=True)
    (tmp_path / "content" / "a.md").write_text("x")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    problems: list = []
    files = project_files(tmp_path / "content", tmp_path, (".md",), problems)
    assert [f.name for f in files] == ["a.md"]
    assert [(p.line, p.message) for p in problems] == [(1, "cannot read this folder (Permission denied); its files were not checked")]
    assert problems[0].path.endswith("content/locked")


def test_a_fifo_is_never_opened(tmp_path: Path):
    os.mkfifo(tmp_path / "f.md")
    with pytest.raises(ValueError, match="not an ordinary file"):
        read_regular(tmp_path / "f.md", 1000)


def test_yaml_keys_given_twice_are_reported_at_any_depth():
    problems: list = []
    text = "a: 1\nb:\n  - c: 1\n    c: 2\na: 3\n"
    assert load_mapping(text, Path("/p/g.yaml"), 1, problems) is None
    assert [(p.line, p.message) for p in problems] == [
        (4, "'c' is given twice (also on line 3); keep one"),
        (5, "'a' is given twice (also on line 1); keep one"),
    ] or [(p.line, p.message) for p in problems] == [
        (5, "'a' is given twice (also on line 1); keep one"),
        (4, "'c' is given twice (also on line 3); keep one"),
    ]


def test_yaml_aliases_are_refused_before_they_expand():
    problems: list = []
    assert load_mapping("a: &x [1, 2]\nb: *x\n", Path("/p/g.yaml"), 2, problems) is None
    assert [(p.line, p.message) for p in problems] == [(2, "YAML anchors and aliases (&name, *name) are not allowed here; write the value out")]


def test_cache_round_trip_and_damage(tmp_path: Path):
    store = cache.Cache(tmp_path / "c.sqlite")
    k = cache.key("convert", "abc", [1, 2])
    assert k == cache.key("convert", "abc", [1, 2]) and k != cache.key("convert", "abd", [1, 2])
    store.put(k, {"x": [1, "é"]})
    assert store.get(k) == {"x": [1, "é"]}
    store.close()
    (tmp_path / "c.sqlite").write_bytes(b"garbage" * 1000)
    again = cache.Cache(tmp_path / "c.sqlite")
    assert again.get(k) is None  # a damaged file is a miss, and is replaced
    again.put(k, 1)
    assert again.get(k) == 1


def test_a_cache_without_a_file_keeps_nothing():
    store = cache.Cache(None)
    store.put("k", 1)
    assert store.get("k") is None
