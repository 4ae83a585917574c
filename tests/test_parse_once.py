"""Each fragment of a question (title, question, answer) is parsed once per load: the
multiple-choice split and the checker share the question's tree."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project, question_file


def test_loading_parses_each_fragment_once(tmp_path: Path, monkeypatch):
    from markdown_it import MarkdownIt

    from guidegen.content.tree import parse_blocks, parse_inline
    from guidegen.load import load_checked

    parse_blocks.cache_clear()
    parse_inline.cache_clear()
    calls = {"parse": 0, "parseInline": 0}
    for name in calls:
        original = getattr(MarkdownIt, name)

        def counted(self, *args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(MarkdownIt, name, counted)
    questions = {f"q{n}.md": question_file(f"q{n}", f"Question {n}", "[a]", "easy",
                                           f"What is $x_{n}$, see [the notes](https://example.org/{n})?" if n % 2 else f"What is {n}?",
                                           f"Answer {n}.") for n in range(30)}
    project = make_project(tmp_path, questions, "title: T\ntopics:\n  - slug: a\n    name: A\n")
    bank, problems = load_checked(project)
    assert bank is not None and len(bank.questions) == 30 and problems == []
    assert calls == {"parse": 60, "parseInline": 30}  # question and answer, and the title: once each
