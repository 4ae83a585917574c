"""Import in any language and the common note formats, and a clear "I can't tell" (exit
1, nothing written, the flag that would work) instead of a wrong split with exit 0.

The documents in tests/fixtures/import/shapes/ are written for these tests, one per
shape, in Spanish, German, Chinese, French, Russian, English and Dutch."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import guidegen, pdftotext, squash
from guidegen.cli import main
from guidegen.errors import ContentError
from guidegen.importer import import_document
from guidegen.importer.patterns import parse
from guidegen.importer.split import split_document

SHAPES = Path(__file__).parent / "fixtures" / "import" / "shapes"


def imported(project: Path) -> list[tuple[dict, str, str]]:
    """(front matter, question, answer) of every imported file, in document order."""
    out = []
    for path in (project / "content").rglob("*.md"):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        question, answer = body.split("\n## Answer\n")
        out.append((yaml.safe_load(front), question.strip(), answer.strip()))
    return sorted(out, key=lambda entry: (entry[0]["topics"], entry[0]["order"]))


def run_import(*args: str):
    return CliRunner().invoke(main, ["import", *args])


# -- fast: the split ---------------------------------------------------------------------

LANGUAGES = {
    "en": ("Exercise", "Answer"), "es": ("Ejercicio", "Solución"), "fr": ("Exercice", "Réponse"),
    "de": ("Aufgabe", "Lösung"), "it": ("Esercizio", "Soluzione"), "pt": ("Exercício", "Resposta"),
    "ru": ("Задача", "Ответ"), "zh": ("问题", "答案"), "ja": ("問題", "解答"), "ko": ("문제", "정답"),
    "vi": ("Bài tập", "Lời giải"), "tr": ("Soru", "Cevap"),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_exercise_headings_and_answer_markers_in_twelve_languages(language: str):
    label, answer = LANGUAGES[language]
    text = "".join(f"## {label} {n}\n\nStatement number {n} asks something.\n\n**{answer}:** Reply number {n}.\n\n"
                   for n in (1, 2, 3))
    found = split_document(text).questions
    assert [f.question.text.strip() for f in found] == [f"Statement number {n} asks something." for n in (1, 2, 3)]
    assert [f.answer.text.strip() for f in found] == [f"Reply number {n}." for n in (1, 2, 3)]


@pytest.mark.parametrize("summary", ["答案", "Lösung", "Respuesta", "Réponse", "Ответ", "解答", "정답", "Cevap"])
def test_a_details_summary_names_the_answer_in_any_language(summary: str):
    text = "".join(f"## {n}. Question {n}?\n\n<details>\n<summary>{summary}</summary>\n\nReply {n}.\n</details>\n\n" for n in (1, 2))
    found = split_document(text).questions
    assert [(f.question.text.strip(), f.answer.text.strip()) for f in found] == \
        [("Question 1?", "Reply 1."), ("Question 2?", "Reply 2.")]


def test_lecture_notes_without_questions_write_nothing(tmp_path: Path):
    project = tmp_path / "p"
    with pytest.raises(ContentError) as caught:
        import_document(SHAPES / "notes-only.md", project)
    assert [p.message for p in caught.value.problems] == ["found no questions: 4 headings, none reads as a question"]
    assert not project.exists()
    result = run_import(str(SHAPES / "notes-only.md"), "--project", str(project))
    assert result.exit_code == 1 and "found no questions" in result.output and not project.exists()


def test_an_unknown_shape_names_the_flag_that_would_work(tmp_path: Path):
    project = tmp_path / "p"
    result = run_import(str(SHAPES / "nl-opgaven.md"), "--project", str(project))
    assert result.exit_code == 1, result.output
    assert "nl-opgaven.md:1: error: found no questions: 5 headings, none reads as a question; " \
           "3 '### Opgave N' headings look like questions (the first at line 7) — use --questions '### Opgave'" in result.output
    assert not project.exists()
    result = run_import(str(SHAPES / "nl-opgaven.md"), "--project", str(project), "--questions", "### Opgave")
    assert result.exit_code == 0, result.output
    found = imported(project)
    # Each title is its question's first sentence, cut: the sheet prints the question after it.
    assert [meta["title"] for meta, _, _ in found] == ["Gooi een…", "Gooi twee…", "Trek een…"]
    assert [answer for _, _, answer in found] == ["Een zesde.", "Een kwart.", "Een dertiende."]
    assert "Kansrekening gaat over toeval." in result.output  # the theory is listed as unplaced


def test_theory_sections_are_not_questions_and_most_text_unplaced_is_refused(tmp_path: Path):
    theory = "".join(f"## Topic {n}\n\n" + "".join(f"Line {k} of the theory of topic {n}.\n\n" for k in range(8)) for n in range(4))
    source = tmp_path / "notes.md"
    source.write_text(theory + "## 1. What is one plus one?\n\nTwo.\n", "utf-8")
    with pytest.raises(ContentError) as caught:
        import_document(source, tmp_path / "p")
    message = caught.value.problems[0].message
    assert "only 2 of 34 lines of text are in the 1 question found" in message and "in 4 sections with no question" in message
    assert not (tmp_path / "p").exists()


def test_questions_and_answers_patterns_for_paragraphs():
    text = "Frage 1: Wie viele Seiten hat ein Würfel?\n\nAntwort Sechs.\n\nFrage 2: Wie viele Ecken?\n\nAntwort Acht.\n"
    found = split_document(text, parse("Frage", "--questions"), parse("Antwort", "--answers")).questions
    assert [(f.question.text.strip(), f.answer.text.strip()) for f in found] == \
        [("Wie viele Seiten hat ein Würfel?", "Sechs."), ("Wie viele Ecken?", "Acht.")]


def test_a_heading_level_pattern_makes_those_headings_questions():
    text = "# Notes\n\n## Part one\n\n### Limits\n\nWhat is a limit?\n\nThe value approached.\n\n### Series\n\nWhen does it converge?\n\nWhen partial sums do.\n"
    found = split_document(text, parse("###", "--questions")).questions
    assert [f.title for f in found] == ["Limits", "Series"]
    assert [f.section.name for f in found] == ["Part one", "Part one"]


def test_spaced_repetition_cards():
    found = split_document((SHAPES / "ru-cards.md").read_text("utf-8")).questions
    assert [f.question.text.strip() for f in found] == ["Что такое медиана?", "Что такое мода?", "Что такое дисперсия?", "Что такое выброс?"]
    assert found[1].answer.text.strip() == "Самое частое значение выборки."  # Q:::A is one question
    assert found[2].answer.text.strip() == "Средний квадрат отклонения от среднего.\nОна измеряет разброс."
    assert {f.section.name for f in found} == {"opredeleniya"}
    assert all(f.title != f.question.text.strip() for f in found)  # never the same sentence twice


def test_a_heading_without_words_takes_its_title_from_the_question():
    found = split_document((SHAPES / "en-wordless.md").read_text("utf-8")).questions
    # Each question is one sentence: its title is its first words, cut at a word with "…".
    assert [f.title for f in found] == ["Explain in one sentence why…", "Why is the…", "Name a sorting algorithm that runs…"]
    assert [f.question.text.strip()[:20] for f in found] == ["Explain in one sente", "Why is the sky blue?", "Name a sorting algor"]


def test_callouts_wikilinks_and_info_boxes():
    split = split_document((SHAPES / "fr-obsidian.md").read_text("utf-8"))
    assert [f.question.text.strip() for f in split.questions] == \
        ["Que relie le théorème de Bayes ?", "Pourquoi la moyenne empirique est-elle sans biais ?"]
    assert split.questions[0].answer.text.strip().startswith("La probabilité d'une cause")
    assert split.unplaced == [(3, 4)]  # the info box is no question, and is listed


def test_html_headings_with_hint_and_solution_details():
    found = split_document((SHAPES / "en-html.md").read_text("utf-8")).questions
    assert [f.title for f in found] == ["What is the derivative of $x^3$?", "What is the integral of …"]
    assert found[1].question.text.strip() == "What is the integral of $2x$ from $0$ to $1$?"
    assert "*Hint:* Use the power rule." in found[0].question.text
    assert found[0].answer.text.strip() == "It is $3x^2$, by the power rule."


def test_guidegen_multiple_choice_keeps_its_options_right_answers_and_points(tmp_path: Path):
    from guidegen.load.reader import read_question

    result = run_import(str(SHAPES / "en-choices.md"), "--project", str(tmp_path))
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "content").rglob("*.md"))
    questions = [read_question(path, path.read_bytes(), None, []) for path in files]
    by_title = {q.title: q for q in questions if q is not None}
    prime, even = by_title["Which of these numbers is prime?"], by_title["Which of these are even?"]
    assert [(o.markdown, o.correct) for o in prime.options] == [("4", False), ("7", True), ("9", False)]
    assert [(o.markdown, o.correct) for o in even.options] == [("2", True), ("3", False), ("8", True)]
    assert (prime.points, even.points) == (2, 1.5)
    assert "Seven has no divisor" in prime.answer_md and "[x]" not in prime.answer_md


def test_footer_after_the_last_rule_is_listed_not_appended():
    split = split_document((SHAPES / "es-ejercicios.md").read_text("utf-8"))
    assert len(split.questions) == 3
    assert "actualización" not in split.questions[-1].answer.text
    assert (37, 37) in split.unplaced


def test_ids_read_like_titles_in_any_script(tmp_path: Path):
    report = import_document(SHAPES / "ru-cards.md", tmp_path, dry_run=True)
    names = [path.stem for path in report.written]
    assert names == ["chto-takoe-mediana", "chto-takoe-moda", "chto-takoe-dispersiya", "chto-takoe-vybros"]


def test_images_beside_the_document_are_copied_and_a_missing_one_keeps_its_question(tmp_path: Path):
    result = run_import(str(SHAPES / "zh-details.md"), "--project", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "zh-details.md:15: warning: image 'zh-figures/missing.png' does not exist beside the document; " \
           "a placeholder is printed in its place" in result.output
    (copy,) = (tmp_path / "figures").glob("bars-*.png")
    assert copy.read_bytes() == (SHAPES / "zh-figures" / "bars.png").read_bytes()
    found = imported(tmp_path)
    assert len(found) == 2
    assert f"figures/{copy.name}" in found[0][1] and "*(image not found: 缺失的图)*" in found[1][1]


def test_an_image_outside_the_documents_folder_is_not_copied(tmp_path: Path):
    (tmp_path / "secret.png").write_bytes((SHAPES / "zh-figures" / "bars.png").read_bytes())
    notes = tmp_path / "notes" / "n.md"
    notes.parent.mkdir()
    notes.write_text("## 1. What is shown?\n\n![plot](../secret.png)\n\n**Answer:** A plot.\n", "utf-8")
    result = run_import(str(notes), "--project", str(tmp_path / "p"))
    assert result.exit_code == 0, result.output
    assert "lies outside the document's folder" in result.output
    assert not (tmp_path / "p" / "figures").exists()


def test_dry_run_table_and_nothing_written(tmp_path: Path):
    result = run_import(str(SHAPES / "de-aufgaben.md"), "--project", str(tmp_path / "p"), "--dry-run")
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines() if re.match(r"^\s+\d+\s+\d+\s", line)]
    assert [row[:2] for row in rows] == [["1", "3"], ["2", "9"], ["3", "15"]]
    assert "Wann ist eine quadratische Matrix…" in result.output and "Genau dann, wenn ihre…" in result.output
    assert "## heading + markers" in result.output
    assert not (tmp_path / "p").exists()


# -- end to end: every shape, check, one build ------------------------------------------

DOCUMENTS = {  # file -> (questions, a phrase of an answer, a phrase of a question)
    "es-ejercicios.md": (3, "probabilidad es un sexto", "Lanzo un dado equilibrado"),
    "de-aufgaben.md": (3, "Determinante nicht null", "Wann ist eine quadratische Matrix"),
    "zh-details.md": (2, "方差衡量数据围绕均值的离散程度", "中位数对异常值敏感吗"),
    "fr-obsidian.md": (2, "Son espérance est la moyenne", "Pourquoi la moyenne empirique"),
    "ru-cards.md": (4, "Наблюдение, далёкое от остальных", "Что такое выброс?"),
    "en-html.md": (2, "the area of a triangle", "What is the integral of"),
    "en-choices.md": (2, "Seven has no divisor", "Which of these numbers is prime?"),  # a title: the options ask
    "en-wordless.md": (3, "Counting sort", "Why is the sky blue?"),
}


@pytest.fixture(scope="module")
def shapes_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("shapes")
    for name in DOCUMENTS:
        result = run_import(str(SHAPES / name), "--project", str(project))
        assert result.exit_code == 0, (name, result.output)
    return project


def test_every_shape_imports_and_checks(shapes_project: Path):
    found = imported(shapes_project)
    assert len(found) == sum(count for count, _, _ in DOCUMENTS.values())
    result = CliRunner().invoke(main, ["check", "--project", str(shapes_project)])
    assert result.exit_code == 0, result.output
    for _, (_, answer, question) in DOCUMENTS.items():
        assert any(question in q or question in meta["title"] for meta, q, _ in found), question
        assert any(answer in a for _, _, a in found) and not any(answer in q for _, q, _ in found), answer
    assert not any(re.fullmatch(r"question(-\d+)?", meta["id"]) for meta, _, _ in found)


# -- one build of every imported document -------------------------------------------------
#
# The build tests of import (here, test_import_repeats.py and test_qti.py) share ONE build
# of one project holding every case: each document, and the QTI 2.1 package of the
# platform quiz, imported into it one after the other, each under topics of its own. All
# three need LuaLaTeX with the CJK fallback font (Chinese, Korean and the quiz's 你好), whose
# loading dominates a pass of a few pages: three builds cost nearly three times one. The
# project's files are the same in every test that makes it (guide.yaml's random Anki id
# aside, fixed below), so build_once builds it once a session, for every xdist worker.
# Each test asserts on its own cases: by phrases that only their files hold (owners(),
# checked before any is looked for in the PDFs), and on the build's stderr, which names
# the file of a case that fails the build or draws a warning (EveryCase.build).

QUIZ = Path(__file__).parent / "fixtures" / "platforms" / "qti-quiz"
REPEATS = ("pt-lista.md", "ko-details.md", "es-notas.md", "en-repeats.md")  # test_import_repeats.DOCUMENTS
QTI_CASE = "qti-quiz/guide-qti21.zip"  # the platform quiz exported as QTI 2.1 (test_qti.py)
GUIDE_ID = "id: 00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class EveryCase:
    project: Path
    files: dict[str, tuple[Path, ...]]  # case (a document's name, or QTI_CASE) -> the question files its import wrote

    def owners(self, phrase: str) -> set[str]:
        """The cases whose imported files hold `phrase` (whitespace aside)."""
        import unicodedata

        wanted = squash(unicodedata.normalize("NFKC", phrase))
        return {case for case, paths in self.files.items()
                if any(wanted in squash(unicodedata.normalize("NFKC", path.read_text("utf-8"))) for path in paths)}

    def build(self, build_once, cases) -> Path:
        """The output folder of the shared build, which succeeded and said nothing (no
        warning) of a file of these cases."""
        result = build_once(self.project)
        assert result.returncode == 0, f"guidegen build failed:\n{result.stderr}"
        names = [path.relative_to(self.project).as_posix() for case in cases for path in self.files[case]]
        assert [line for line in result.stderr.splitlines() if any(name in line for name in names)] == [], result.stderr
        return result.out


def import_every_case(root: Path) -> EveryCase:
    """Import every document of DOCUMENTS and REPEATS, then the QTI 2.1 package of the
    platform quiz, into one project (root/imported), as a user would, one after another."""
    project = root / "imported"
    files: dict[str, tuple[Path, ...]] = {}
    written: dict[Path, bytes] = {}

    def record(case: str) -> None:
        new = sorted(set((project / "content").rglob("*.md")) - set(written))
        assert new, case
        files[case] = tuple(new)
        written.update({path: path.read_bytes() for path in new})

    for name in (*DOCUMENTS, *REPEATS):
        result = run_import(str(SHAPES / name), "--project", str(project))
        assert result.exit_code == 0, (name, result.output)
        record(name)
    quiz = root / "qti-quiz"
    shutil.copytree(QUIZ, quiz)
    exported = guidegen(quiz, "export", "--format", "qti21", "--project", ".", "--out", "out")
    assert exported.returncode == 0, exported.stderr
    result = guidegen(root, "import", str(quiz / "out" / "guide-qti21.zip"), "--project", str(project))
    assert result.returncode == 0, result.stderr
    record(QTI_CASE)
    # No import changed what an earlier one wrote: each case is built as it was imported.
    assert {path: path.read_bytes() for path in written} == written
    guide = project / "content" / "guide.yaml"
    text, count = re.subn(r"^id: [0-9a-f-]{36}(?=  #)", GUIDE_ID, guide.read_text("utf-8"), count=1, flags=re.M)
    assert count == 1, text
    guide.write_text(text, "utf-8")
    return EveryCase(project, files)


@pytest.mark.tex
@pytest.mark.xdist_group("imported-build")  # the three tests of the shared build, on one worker: none waits for it
def test_every_shape_builds_answers_in_the_key_only(tmp_path: Path, build_once):
    import unicodedata

    every = import_every_case(tmp_path)
    for name, (_, answer, question) in DOCUMENTS.items():
        assert every.owners(answer) == {name} and every.owners(question) == {name}, name
    assert every.owners("Why is the sky blue?") == {"en-wordless.md"}
    out = every.build(build_once, DOCUMENTS)
    # NFKC: the CJK font maps some characters to their compatibility forms (量 as U+F97E).
    key, sheet = (squash(unicodedata.normalize("NFKC", pdftotext(out / f"guide-{kind}.pdf"))) for kind in ("answers", "questions"))
    for name, (_, answer, question) in DOCUMENTS.items():
        assert squash(answer) in key, name
        assert squash(answer) not in sheet, name
        assert squash(question) in sheet, name
    assert squash("Why is the sky blue?") in sheet and sheet.count(squash("Why is the sky blue?")) == 1
    logs = list((out / ".work").glob("guide-*.log"))
    assert len(logs) >= 2
    for log in logs:
        assert "Overfull" not in log.read_text("utf-8", "replace")


def test_one_question_holding_the_others_is_refused(tmp_path: Path):
    body = "".join(f"### Opgave {n}\n\n" + "".join(f"Een regel over opgave {n}, de {k}e.\n\n" for k in range(9)) for n in (1, 2, 3))
    source = tmp_path / "notes.md"
    source.write_text("# Oefeningen\n\n## 1. Wat is kans?\n\nEen getal tussen nul en een.\n\n" + body, "utf-8")
    with pytest.raises(ContentError) as caught:
        import_document(source, tmp_path / "p")
    (found,) = caught.value.problems
    assert found.line == 3 and found.message.startswith("question 'Wat is kans?' holds 32 of the 32 lines of text")
    assert found.message.endswith("3 '### Opgave N' headings look like questions (the first at line 7) — use --questions '### Opgave'")
    assert not (tmp_path / "p").exists()


def test_bold_numbers_open_questions_and_a_restarted_number_stays_inside():
    text = ("**1.** A rover carries rocks of three kinds.\n\nEach weighs a whole number of grams.\n\n"
            "**Which system of equations holds?**\n- [ ] (A)\n- [x] (B)\n\n"
            "**2. Pick the sequence of graphs that shows:**\n\n**1. no solution, 2. one solution.**\n- [x] (A)\n- [ ] (B)\n")
    found = split_document(text).questions
    assert [f.title for f in found] == ["A rover carries rocks of three kinds.", "Pick the sequence of graphs that shows:"]
    assert "**Which system of equations holds?**" in found[0].question.text and "- [x] (B)" in found[0].question.text
    assert "**1. no solution, 2. one solution.**" in found[1].question.text and "- [x] (A)" in found[1].question.text


def test_a_chapter_of_theory_with_exercises_suggests_the_flag_and_the_flag_imports_them(tmp_path: Path):
    theory = "".join(f"### 4.{n} Abschnitt\n\n" + "".join(f"Satz {chr(97 + k)} der Theorie im Abschnitt.\n" for k in range(8)) + "\n"
                     for n in range(1, 5))
    exercises = "".join(f"**Übung {n}:** Was ist die Aufgabe {n}?\n\n<details>\n<summary>Lösung</summary>\n\nDie Antwort {n}.\n\n</details>\n\n"
                        for n in (1, 2, 3))
    source = tmp_path / "kapitel.md"
    source.write_text("# Skript\n\n## 4. Kapitel\n\n" + theory + "### Übungen\n\n" + exercises, "utf-8")
    with pytest.raises(ContentError) as caught:
        import_document(source, tmp_path / "p")
    (found,) = caught.value.problems
    assert found.message.startswith("only 6 of 38 lines of text are in the 3 questions found; the rest is in 4 sections with no question")
    assert found.message.endswith("3 paragraphs starting '**Übung N' look like questions (the first at line 51) — use --questions '**Übung'"), found.message
    report = import_document(source, tmp_path / "p", questions="**Übung")
    assert len(report.written) == 3
    texts = [path.read_text("utf-8") for path in report.written]
    assert all(f"Was ist die Aufgabe {n}?" in t and f"Die Antwort {n}." in t.split("## Answer")[1] for n, t in zip((1, 2, 3), texts))


def test_a_reimport_counts_only_the_files_that_change(tmp_path: Path):
    source = tmp_path / "de.md"
    source.write_text((SHAPES / "de-aufgaben.md").read_text("utf-8"), "utf-8")
    project = tmp_path / "p"
    assert run_import(str(source), "--project", str(project)).exit_code == 0
    source.write_text(source.read_text("utf-8").replace("Die Spur ist drei", "Die Spur ist genau drei"), "utf-8")
    result = run_import(str(source), "--project", str(project))
    assert result.exit_code == 0, result.output
    assert "Wrote 1 file, 1 of them updating an earlier import; 2 unchanged (difficulty: medium)" in result.output
    result = run_import(str(source), "--project", str(project))
    assert "Wrote 0 files; 3 unchanged" in result.output


def test_a_question_over_consecutive_heading_lines_is_one_question():
    text = "# T\n\n### What is the difference between\n### a process and\n### a thread?\n\nA thread shares memory.\n\n### Why cache?\n\nSpeed.\n"
    found = split_document(text).questions
    assert [(f.title, f.answer.text.strip()) for f in found] == \
        [("What is the difference between a process and a thread?", "A thread shares memory."), ("Why cache?", "Speed.")]


def test_a_bold_line_with_the_legends_difficulty_emoji_is_a_question():
    text = "Legend: 👶 easy ⭐️ medium 🚀 expert\n\n**What is bagging? 👶**\n\nAveraging resampled models.\n\n" \
           "**Bagging versus boosting ⭐️**\n\nBoosting fits the errors.\n"
    found = split_document(text).questions
    assert [(f.title, f.difficulty, f.answer.text.strip()) for f in found] == \
        [("What is bagging?", "easy", "Averaging resampled models."), ("Bagging versus boosting", "medium", "Boosting fits the errors.")]


def test_a_code_block_left_open_in_an_admonition_ends_with_it():
    text = ('## 1. What does this print?\n\n??? success "Answer"\n    ```python\n    print(1)\n\n'
            '## 2. And this?\n\n??? success "Answer"\n    Two.\n')
    found = split_document(text).questions
    assert [f.title for f in found] == ["What does this print?", "And this?"]
    assert found[0].answer.text.strip() == "```python\nprint(1)\n```" and found[1].answer.text.strip() == "Two."


def test_an_answer_without_the_documents_marker_is_still_the_answer():
    text = "1. What is X?\n\nAns. X is a thing.\n\n2. What is Y?\n\nY is another thing.\n\n3. What is Z?\n\nAns. Z.\n"
    split = split_document(text)
    assert [(f.question.text.strip(), f.answer.text.strip()) for f in split.questions] == \
        [("What is X?", "X is a thing."), ("What is Y?", "Y is another thing."), ("What is Z?", "Z.")]
    assert split.problems == [(7, "question 'What is Y?' has no answer marker; the paragraphs after it are taken as its answer")]


def test_sections_whose_names_cut_to_one_slug_stay_apart(tmp_path: Path):
    source = tmp_path / "topics.md"
    source.write_text("# Notes\n\n" + "".join(f"### Fundamentals of statistical machine learning: {name}\n\n**1. What is {name}?**\n\nIt is {name}.\n\n"
                                            for name in ("regression", "classification", "clustering")), "utf-8")
    report = import_document(source, tmp_path / "p", dry_run=True)
    assert [s.topic for s in report.sections] == \
        ["fundamentals-of-statistical-machine", "fundamentals-of-classification", "fundamentals-of-statistical-clustering"]


def test_warnings_come_in_line_order_with_titles_cut_at_a_word(tmp_path: Path):
    source = tmp_path / "n.md"
    source.write_text("## 1. Why does the determinant of a matrix with two equal rows vanish entirely?\n\n$\\badcommand x$\n\n"
                      "**Answer:** It changes sign.\n\n## 2. What is shown?\n\n![plot](https://example.org/p.png)\n\n**Answer:** A plot.\n", "utf-8")
    report = import_document(source, tmp_path / "p", dry_run=True)
    lines = [w.line for w in report.warnings]
    assert lines == sorted(lines) and len(lines) >= 3
    assert any(w.message.startswith("question 'Why does the determinant of a matrix with two…' not imported") for w in report.warnings), \
        [w.message for w in report.warnings]
    assert any("--download-images" in w.message for w in report.warnings)
