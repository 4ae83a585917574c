"""Versions of one booklet put each question at a different number as far as the topics
allow (issue 31, item 12): read back from the ML guide's three question sheets, and the
ordering itself over many seeds and topic sizes."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from guidegen import select
from guidegen.model import Question, Topic


def numbered_titles(pdf: Path) -> dict[int, str]:
    """Question number -> title, from the sheet's bookmarks ("N Title" under each topic)."""
    found: dict[int, str] = {}

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1)
            elif depth == 1:
                number, title = re.match(r"(\d+) (.*)", node.title).groups()
                found[int(number)] = title

    walk(PdfReader(pdf).outline, 0)
    return found


def shared(a: dict[int, str], b: dict[int, str]) -> int:
    return sum(1 for number, title in a.items() if b.get(number) == title)


@pytest.mark.tex
def test_three_versions_of_the_ml_guide_share_almost_no_number(bank: Path, built):
    # The same arguments as test_print_economy's "versions" layout: one build for both.
    out = built(bank, "-q", "--out", "build-versions", "--versions", "3", "--seed", "1")
    a, b, c = (numbered_titles(out / f"guide-{v}-questions.pdf") for v in "ABC")
    assert len(a) == 30 and sorted(a.values()) == sorted(b.values()) == sorted(c.values())
    # Every topic but Evaluation has three or more questions: three orders of it can share
    # no place pairwise. Evaluation's two questions have two orders, so one pair of
    # versions has them at the same two numbers. Before, B and C shared 12 of 30.
    assert shared(a, b) + shared(b, c) + shared(a, c) <= 2, (shared(a, b), shared(b, c), shared(a, c))
    assert shared(a, b) == 0


def _question(qid: str, topic: str) -> Question:
    return Question(id=qid, title=qid, topics=(topic,), difficulty="easy", question_md="?", answer_md="!",
                    path=Path(f"{qid}.md"), question_line=5, answer_line=7)


def _sections(*sizes: int) -> list[tuple[Topic, list[Question]]]:
    return [(Topic(f"t{i}", f"T{i}"), [_question(f"q{i}-{j}", f"t{i}") for j in range(n)]) for i, n in enumerate(sizes)]


def _places(ordered) -> dict[str, int]:
    return {q.id: place for place, q in enumerate(q for _, qs in ordered for q in qs)}


@pytest.mark.parametrize("sizes, versions", [((4, 3, 3, 4, 6, 4, 4, 2), 3), ((5, 7), 5), ((7,), 7), ((12,), 8), ((30,), 4), ((400,), 5)])
def test_no_two_versions_share_a_number_while_every_topic_has_enough_questions(sizes, versions):
    """A topic of n questions has n orders that pairwise share no place (a Latin square's
    rows): with no more versions than that, no question keeps its number in two versions,
    for any seed. Below that, only the topics too small for it share places."""
    for seed in range(12):
        orders = [_places(o) for _, o in select.version_orders(_sections(*sizes), versions, seed)]
        too_small = sum(n for n in sizes if n < versions)
        for x, y in itertools.combinations(orders, 2):
            assert sum(1 for qid, place in x.items() if y[qid] == place) <= too_small, (seed, sizes)


def test_the_orders_stay_different_when_a_topic_runs_out_of_spread_orders():
    # Three questions have six orders; versions 4-6 must each share a place with earlier ones.
    orders = select.version_orders(_sections(3), 6, 0)
    assert len({tuple(_places(o).items()) for _, o in orders}) == 6
