"""Import's second round: a question that is only its title prints once (on the sheet
and on an Anki card), footnotes print in parentheses after their references, numbered
lists of bold questions asked as requests too ("2. **Explique …**"), and `<details>`
summaries numbered "#1".

The documents in tests/fixtures/import/shapes/ are written for these tests, in the shapes
of published ones: pt-lista.md (a Portuguese interview README), ko-details.md (a Korean
blog post of `<details>` questions), es-notas.md (footnotes), en-repeats.md (headings
that are the whole question)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import pdftotext, squash
from guidegen.cli import main
from guidegen.importer.footnotes import move_footnotes
from guidegen.importer.split import split_document

SHAPES = Path(__file__).parent / "fixtures" / "import" / "shapes"
DOCUMENTS = ("pt-lista.md", "ko-details.md", "es-notas.md", "en-repeats.md")


def run_import(*args: str):
    return CliRunner().invoke(main, ["import", *args])


# -- the split -------------------------------------------------------------------------

def test_a_numbered_list_of_bold_lines_is_a_list_of_questions_requests_included():
    split = split_document((SHAPES / "pt-lista.md").read_text("utf-8"))
    assert [(f.line, f.question.text.strip()) for f in split.questions] == [
        (2, "O que é a média?"), (5, "Explique a diferença entre média e mediana."), (8, "Quando usar a moda?"),
        (12, "Defina um evento independente."), (15, "O que diz a lei dos grandes números?")]
    assert [f.answer.text.strip() for f in split.questions][1] == "- A mediana é o valor central; a média sofre com valores extremos."
    assert [s.name for s in split.sections] == ["Perguntas sobre Estatística", "Perguntas sobre Probabilidade"]
    assert [line for line, _ in split.unplaced] == [20]  # the footer, listed


def test_a_list_of_bold_statements_is_not_read_as_questions():
    statements = "".join(f"{n}. **Point number {n} holds.**\n   - Because of reason {n}.\n\n" for n in (1, 2, 3))
    text = "# Notes\n\n## What is a mean?\n\nThe sum over the count.\n\n## Summary\n\n" + statements
    split = split_document(text)
    assert not any(f.line in (11, 14, 17) for f in split.questions)


def test_a_details_summary_numbered_with_a_hash_loses_its_number():
    found = split_document((SHAPES / "ko-details.md").read_text("utf-8")).questions
    assert [f.title for f in found] == ["표준편차란 무엇인가요?", "중앙값은 이상치에 민감한가요?", "표본이 커지면 표준오차는 어떻게 되나요?"]
    assert "Answer" in found[0].answer.text and "답변 Tip" in found[0].answer.text


# -- footnotes ------------------------------------------------------------------------

def test_footnotes_print_in_parentheses_after_their_reference_with_a_warning(tmp_path: Path):
    project = tmp_path / "p"
    result = run_import(str(SHAPES / "es-notas.md"), "--project", str(project))
    assert result.exit_code == 0, result.output
    texts = {p.name: p.read_text("utf-8") for p in (project / "content").rglob("*.md")}
    variance = texts["que-es-la-varianza.md"]
    assert "La varianza mide la dispersión (Alrededor de la media, en unidades al cuadrado) de los datos." in variance
    assert "desviaciones (Término de Fisher, 1918)." in variance
    assert not any("[^" in text for text in texts.values())
    assert "es-notas.md:5: warning: footnote [^var] printed in parentheses after its reference (its note at line 15)" in result.output
    assert result.output.count("warning: footnote") == 3
    strict = run_import(str(SHAPES / "es-notas.md"), "--project", str(tmp_path / "q"), "--strict")
    assert strict.exit_code == 1 and not (tmp_path / "q").exists()


def test_a_footnote_without_its_note_or_a_note_without_its_footnote_is_named():
    lines = ["Text[^a] and[^b], `code[^a]`.", "", "```", "[^a]: in code", "```", "", "[^a]: The note.", "[^c]: Unused.",
             "## Next", "", "[^d]: Lazy", "goes on."]
    messages = move_footnotes(lines)
    assert lines[0] == "Text (The note) and[^b], `code[^a]`."
    assert lines[3] == "[^a]: in code" and lines[6:9] == ["", "", "## Next"]  # a heading ends a note
    assert messages == [
        (1, "footnote [^a] printed in parentheses after its reference (its note at line 7): guidegen prints no footnotes"),
        (1, "footnote [^b] has no note ([^b]: …); left as written"),
        (8, "footnote [^c] is never referenced; its note is left out"),
        (11, "footnote [^d] is never referenced; its note is left out"),
    ]
    assert lines[10:] == ["", ""]


# -- a question that is only its title, in every writer -----------------------------------

@pytest.fixture(scope="module")
def repeats_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("repeats")
    for name in DOCUMENTS:
        result = run_import(str(SHAPES / name), "--project", str(project))
        assert result.exit_code == 0, (name, result.output)
    return project


def test_an_anki_card_shows_a_question_that_is_its_title_once(repeats_project: Path):
    from guidegen.load import load
    from guidegen.outputs.anki.writer import render_card

    bank = load(repeats_project)
    assert len(bank.questions) == 12
    cards = {q.id: render_card(repeats_project, q)[0] for q in bank.questions}
    distinct = {"que-es-la-varianza", "que-es-la-mediana"}  # a text besides the title: printed
    for q in bank.questions:
        card = cards[q.id]
        assert squash(q.title) in squash(card.title), q.id
        if q.id in distinct:
            assert squash(q.question_md) in squash(card.front), q.id
        else:  # the heading, bold line or summary was the whole question: the title says it
            assert card.front == "", (q.id, card.front)
        assert card.back.strip(), q.id


@pytest.mark.tex
@pytest.mark.xdist_group("imported-build")  # the shared build's tests, on one worker (test_import_shapes.py)
def test_the_sheet_never_prints_a_title_again_as_its_question(tmp_path: Path, build_once):
    # These documents are built in one project with the other imported cases (one
    # LuaLaTeX build for all: test_import_shapes.import_every_case); each phrase looked for
    # is held by the files of one of these documents only.
    from test_import_shapes import import_every_case

    every = import_every_case(tmp_path)
    assert set(DOCUMENTS) <= set(every.files)
    owned = {"¿Qué es la varianza?": "es-notas.md", "Why prune a decision tree?": "en-repeats.md",
             "What does a decision tree split on?": "en-repeats.md", "Explique a diferença entre média e mediana.": "pt-lista.md",
             "표준편차란 무엇인가요?": "ko-details.md", "O que é a média?": "pt-lista.md",
             "La varianza mide la dispersión (Alrededor de la media, en unidades al cuadrado) de los datos.": "es-notas.md",
             "Pruning removes branches": "en-repeats.md", "분산의 제곱근으로": "ko-details.md"}
    for phrase, document in owned.items():
        assert every.owners(phrase) == {document}, phrase
    out = every.build(build_once, DOCUMENTS)
    sheet = squash(pdftotext(out / "guide-questions.pdf"))
    key = squash(pdftotext(out / "guide-answers.pdf"))
    # A title over a text of its own shows the sheet's count of each title (2 when the contents list it).
    once = sheet.count(squash("¿Qué es la varianza?"))
    assert once in (1, 2)
    for title in ("Why prune a decision tree?", "What does a decision tree split on?", "Explique a diferença entre média e mediana.",
                  "표준편차란 무엇인가요?", "O que é a média?"):
        assert sheet.count(squash(title)) == once, title
    assert squash("La varianza mide la dispersión (Alrededor de la media, en unidades al cuadrado) de los datos.") in sheet
    assert squash("Pruning removes branches") in key and squash("Pruning removes branches") not in sheet
    assert squash("분산의 제곱근으로") in key and squash("분산의 제곱근으로") not in sheet
    logs = list((out / ".work").glob("guide-*.log"))
    assert len(logs) >= 2
    for log in logs:
        assert "Overfull" not in log.read_text("utf-8", "replace")


def test_details_blocks_back_to_back_are_one_question_each():
    """`</details>` right above the next `<details>`: Markdown reads both as one HTML
    block, and the next question was merged into this one's answer without a word."""
    found = split_document((SHAPES / "tr-details.md").read_text("utf-8")).questions
    # The fourth follows a code fence: its <details> tag moves onto its summary's line (26).
    assert [(f.line, f.title) for f in found] == [(7, "Ortalama nedir?"), (13, "Medyan nedir?"),
                                                  (17, "Mod ne zaman kullanılır?"), (26, "Varyans neyi ölçer?")]
    answers = [f.answer.text.strip() for f in found]
    assert answers[0] == "- **Ortalama:** Değerlerin toplamının değer sayısına bölümüdür."
    assert answers[1] == "Sıralı verinin ortasındaki değerdir."
    assert answers[2].startswith("```python") and answers[2].endswith("```") and "</details>" not in answers[2]
    assert answers[3] == "Verinin ortalama etrafındaki yayılımını ölçer."


def test_a_title_made_from_the_first_sentence_of_a_longer_question_is_cut():
    """"JDK, JRE ve JVM nedir?" over "JDK, JRE ve JVM nedir? Farkları nelerdir?" printed
    the first sentence twice; a summary or bold line that is the whole question keeps it
    whole (the writers print it once)."""
    text = ("<details>\n<summary><strong>1. JDK, JRE ve JVM nedir? Farkları nelerdir?</strong></summary>\n\nCevap bir.\n</details>\n\n"
            "<details>\n<summary><strong>2. Medyan nedir?</strong></summary>\n\nCevap iki.\n</details>\n")
    found = split_document(text).questions
    assert [f.title for f in found] == ["JDK, JRE ve JVM…", "Medyan nedir?"]
    assert [f.question.text.strip() for f in found] == ["JDK, JRE ve JVM nedir? Farkları nelerdir?", "Medyan nedir?"]
    bold = "**8. Você já trabalhou em equipe? Como foi?**\n\nSim.\n\n**9. O que é a média?**\n\nA soma.\n"
    assert [f.title for f in split_document(bold).questions] == ["Você já trabalhou em…", "O que é a média?"]


def test_a_first_sentence_is_not_cut_where_a_cut_would_read_worse():
    """With math in it, or too long for a title (then cut to length already), the first
    sentence stays; a bold term inside a longer question does not become its title."""
    text = ("**1. Let $f(x) = x^2$. Find its minimum.**\n\nZero.\n\n"
            "**2. You are a lead engineer at **Stark**. Which matrix is singular?**\n\nThe second.\n\n"
            "**3. A fair die is rolled. What is the chance of a six?**\n\nOne sixth.\n")
    assert [f.title for f in split_document(text).questions] == ["Let $f(x) = x^2$.", "You are a lead engineer at…",
                                                                 "A fair die is…"]
