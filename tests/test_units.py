"""Fast unit tests of pure logic: no LaTeX, no subprocess."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guidegen import cache, select
from guidegen.requests import Request, check_name, default_name
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
    orders = select.version_orders(sections(3), 6, 0)
    assert [letter for letter, _ in orders] == list("ABCDEF")
    assert len({flat(o) for _, o in orders}) == 6
    assert {frozenset(flat(o)) for _, o in orders} == {frozenset({"q0-0", "q0-1", "q0-2"})}
    assert flat(orders[0][1]) == ("q0-0", "q0-1", "q0-2")  # A keeps the guide's order


def test_more_versions_than_orders_is_an_error_not_a_repeat():
    # Two topics of one question each: questions stay in their section, so one order.
    with pytest.raises(select.SelectionError, match="can be put in only 1 different order"):
        select.version_orders(sections(1, 1), 3, 0)
    with pytest.raises(select.SelectionError, match="only 6 different orders"):
        select.version_orders(sections(3), 7, 0)


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
    assert str(Problem("/nowhere/x\x1b.md", 3, "bad \x07")) == "/nowhere/x\\x1b.md:3: error: bad \\x07"


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


def test_a_file_that_grows_after_its_stat_is_read_whole_up_to_the_limit(tmp_path: Path, monkeypatch):
    path = tmp_path / "f.md"
    path.write_bytes(b"x" * 600)
    real = os.stat

    def stale(target, *args, **kwargs):  # the size the file had a moment before
        info = real(target, *args, **kwargs)
        return os.stat_result((info.st_mode, *info[1:6], 100, *info[7:]))

    monkeypatch.setattr(os, "stat", stale)
    assert read_regular(path, 1000) == b"x" * 600
    with pytest.raises(ValueError, match="too large"):
        read_regular(path, 500)


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


# -- selection -------------------------------------------------------------------------------

def bank_of(*questions: Question):
    from guidegen.model import Bank, Guide

    topics = tuple(Topic(t, t.upper()) for t in dict.fromkeys(t for x in questions for t in x.topics))
    return Bank(Guide("G", topics), questions, {})


def tagged(qid: str, topics: tuple[str, ...], difficulty: str = "easy", tags: tuple[str, ...] = (), order=None) -> Question:
    return Question(qid, qid, topics, difficulty, "Q?", "A.", Path(f"/p/content/{qid}.md"), 7, 9, tags, order)


def test_filters_are_any_of_within_and_all_of_across():
    bank = bank_of(tagged("a", ("x",), "easy", ("t1",)), tagged("b", ("y",), "hard", ("t2",)),
                   tagged("c", ("x", "y"), "hard", ("t1", "t2")), tagged("d", ("y",), "easy"))
    ids = lambda f: [q.id for q in select.select(bank, f)]  # noqa: E731
    assert ids(Filters(topics=("x",))) == ["a", "c"]
    assert ids(Filters(topics=("x", "y"))) == ["a", "b", "c", "d"]
    assert ids(Filters(topics=("y",), difficulties=("hard",))) == ["b", "c"]
    assert ids(Filters(tags=("t1",), exclude_ids=("a",))) == ["c"]
    assert ids(Filters(ids=("d", "a"))) == ["a", "d"]  # guide order, not the order asked
    with pytest.raises(select.SelectionError, match="unknown tag 't3' \\(known tags: t1, t2\\)"):
        select.select(bank, Filters(tags=("t3",)))
    with pytest.raises(select.SelectionError, match="no question matches \\(topic x, difficulty medium\\)"):
        select.select(bank, Filters(topics=("x",), difficulties=("medium",)))


def test_guide_order_is_order_then_file():
    bank = bank_of(tagged("b", ("x",), order=2), tagged("a", ("x",)), tagged("c", ("x",), order=1))
    assert [q.id for q in select.select(bank, Filters())] == ["c", "b", "a"]


def test_a_draw_is_reproducible_and_the_seed_matters():
    bank = bank_of(*[tagged(f"q{i:02d}", ("x",)) for i in range(30)])
    draw = lambda seed: [q.id for q in select.select(bank, Filters(count=5, seed=seed))]  # noqa: E731
    assert draw(1) == draw(1) and len(draw(1)) == 5
    assert draw(1) != draw(2)
    assert draw(1) == sorted(draw(1))  # drawn questions keep guide order
    with pytest.raises(select.SelectionError, match="--count 31 is more than the 30 questions that match"):
        select.select(bank, Filters(count=31))


def test_a_balanced_draw_spreads_over_topics():
    bank = bank_of(*[tagged(f"x{i}", ("x",)) for i in range(10)], *[tagged(f"y{i}", ("y",)) for i in range(10)],
                   *[tagged(f"z{i}", ("z",)) for i in range(2)])
    for seed in range(5):
        chosen = select.select(bank, Filters(count=7, seed=seed, balanced=True))
        per_topic = sorted(sum(1 for q in chosen if q.topics[0] == t) for t in "xyz")
        assert per_topic == [2, 2, 3]


def test_shuffled_keeps_sections_and_version_zero():
    parts = sections(4, 3)
    assert select.shuffled(parts, 0, 0) is parts
    moved = select.shuffled(parts, 0, 1)
    assert [t.slug for t, _ in moved] == ["t0", "t1"]
    assert [sorted(x.id for x in qs) for _, qs in moved] == [sorted(x.id for x in qs) for _, qs in parts]
    assert select.shuffled(parts, 0, 1) == moved and select.shuffled(parts, 5, 1) != moved


# -- lengths and links -----------------------------------------------------------------------

@pytest.mark.parametrize("value, cm", [("5cm", 5.0), ("40mm", 4.0), ("2in", 5.08), (3, 3.0), (" 7.5 cm ", 7.5), ("72.27pt", 2.54)])
def test_lengths_in_centimetres(value, cm):
    from guidegen.load.schema import parse_length_cm

    assert parse_length_cm(value) == pytest.approx(cm)


@pytest.mark.parametrize("value", ["5 furlongs", "-1cm", "31cm", True, "", "1e3cm"])
def test_lengths_that_are_not(value):
    from guidegen.load.schema import parse_length_cm

    assert parse_length_cm(value) is None


def convert_md(text: str):
    from guidegen.outputs.latex.convert import convert

    return convert(text, Path("/p/content/q.md"), 10, None)


def test_links_print_their_address_as_a_footnote_and_relative_links_as_text():
    out = convert_md("See [the docs](https://example.com/a_b#x%20y) and [here](other.md).").latex
    assert "\\href{https://example.com/a_b\\#x\\%20y}{the docs}\\ggfootnote{\\nolinkurl{https://example.com/a_b\\#x\\%20y}}" in out
    assert "and here." in out
    bare = convert_md("<https://example.com/x>").latex
    assert "\\href{https://example.com/x}{\\nolinkurl{https://example.com/x}}" in bare


def test_only_web_and_mail_links_become_links():
    for href in ("javascript:alert(1)", "file:///etc/passwd", "ftp://x", "data:text/html,x"):
        out = convert_md(f"[label]({href})")
        assert "\\href" not in out.latex and "label" in out.latex and not out.problems


# -- scale: work per question, not per question times the bank -----------------------------

class CountingDict(dict):
    """A figures map that counts how often it is walked."""

    walks = 0

    def items(self):
        self.walks += 1
        return super().items()


def test_a_banks_per_question_maps_are_made_once_however_often_they_are_asked():
    from guidegen.model import Bank, FigureRef, Guide

    figures = (FigureRef("curve.py", "A curve", 3), FigureRef("photo.png", "A photo", 4))
    typeset = CountingDict({"a": figures, "b": ()})
    bank = Bank(Guide("G", (Topic("a", "A"),)), (q("a"), q("b")), typeset)
    for _ in range(50):  # a build asks once per question
        assert bank.figure_scripts["a"] == ("curve.py",) and bank.images["a"] == ("photo.png",)
        assert bank.figure_scripts["b"] == () == bank.images["b"]
    assert typeset.walks == 2  # one walk per map, not one per question asked
    assert bank == Bank(bank.guide, bank.questions, dict(typeset))  # the maps are not fields


def test_spans_name_the_line_each_question_starts_on():
    from guidegen.outputs.latex.render import spans_of

    tex = "\\documentclass{article}\n\n" + "".join(
        f"\\ggquestion{{{n}}}{{T{n}}}{{easy}}{{q{n}}}{{T{n}}}\nText\n\nmore {n}\n" for n in range(1, 4)) + "\\end{document}\n"
    paths = {"q1": Path("content/q1.md"), "q3": Path("content/q3.md")}  # q2 is not the caller's: skipped
    spans = spans_of(tex, paths)
    lines = tex.splitlines()
    assert [(s.first_line, s.question_id, s.path) for s in spans] == [(3, "q1", paths["q1"]), (11, "q3", paths["q3"])]
    assert all(lines[s.first_line - 1].startswith(f"\\ggquestion{{{s.question_id[1:]}}}") for s in spans)
