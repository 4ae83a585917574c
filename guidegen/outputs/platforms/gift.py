"""GIFT for the GIFT writer (writer.py): the selected questions as OUT/NAME.gift.txt, the text format Moodle
(and other platforms) import. Each topic is a $CATEGORY:, each question one line (its
HTML's line breaks as GIFT's \\n) under a comment with its id and tags, which Moodle
reads as the question's idnumber and tags. GIFT cannot carry an image, a question's
points, or the options' order; its check names each of those losses at its line. One
blank is a missing word ({=answer} in the text); several make an essay (check warns); a
numeric answer is {#value:tolerance}."""

from __future__ import annotations

from guidegen.model import Question
from guidegen.outputs.base import Job

# GIFT's special characters, each written after a backslash (the backslash first of all).
_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}


def escape(text: str) -> str:
    """Text as GIFT reads it back as itself: ~ = # { } : and the backslash escaped, line
    breaks as \\n (a blank line would end the question)."""
    return "".join(_SPECIAL.get(c, c) for c in text.replace("\r\n", "\n"))


def gift_text(job: Job, plan, parts: dict) -> str:
    """One booklet in GIFT: a $CATEGORY: per topic, then its questions, a blank line apart."""
    from guidegen.outputs.platforms.parts import source_order

    guide = (job.bank.guide.title or "guidegen").replace("/", "//")
    blocks = [f"// {job.bank.guide.title or 'guidegen'}: questions exported by guidegen"]
    for topic, questions in source_order(plan):
        blocks.append(f"$CATEGORY: $course$/top/{guide}/{topic.name.replace('/', '//')}")
        blocks += [question_text(q, parts[q.id]) for q in questions]
    return "\n\n".join(blocks) + "\n"


def question_text(q: Question, parts) -> str:
    """One question: its id and tags in a comment Moodle reads, then ::title::[html]text{answers}."""
    import html

    from guidegen.outputs import entries
    from guidegen.outputs.platforms.parts import fractions, percent

    tags = [f"topic::{t}" for t in q.topics] + [f"difficulty::{q.difficulty}"] + list(q.tags)
    comment = f"// [id:{q.id}] " + " ".join(f"[tag:{t}]" for t in tags)
    body = parts.body.html or f"<p>{parts.title.html}</p>"
    feedback = f"####{escape(parts.answer.html)}" if parts.answer.html.strip() else ""
    form = entries.kind(q)
    if form == entries.BLANKS:
        blanks = entries.blanks_of(q)
        if len(blanks) == 1:  # a missing word: the answer where the blank is, the rest of the text after it
            split = entries.pieces(body)
            answer = "{=" + escape(blanks[0].answer_text) + (feedback and "\n" + feedback) + "}"
            return f"{comment}\n::{escape(q.title)}::[html]{escape(split[0])}{answer}{escape(''.join(map(str, split[2:])))}"
        # Several blanks: an essay (check warns), each blank a line, the answers in the feedback.
        body = entries.fill_slots(body, lambda place: "_____")
        listed = "; ".join(f"{place}. {html.escape(b.answer_text)}" for place, b in enumerate(blanks, start=1))
        feedback = "####" + escape(f"<p>Blanks: {listed}</p>" + parts.answer.html)
    head = f"::{escape(q.title)}::[html]{escape(body)}"
    if form == entries.NUMERIC:
        numeric = f"#{entries.value_text(q.numeric.resolved)}:{entries.value_text(q.numeric.absolute_tolerance or 0.0)}"
        return f"{comment}\n{head}{{{numeric}{chr(10) + feedback if feedback else ''}}}"
    if not q.options:
        return f"{comment}\n{head}{{{feedback}}}"
    right = sum(o.correct for o in q.options)
    answers = []
    for text, option, fraction in zip(parts.options.items, q.options, fractions(q)):
        if right == 1:
            answers.append(("=" if option.correct else "~") + escape(text))
        else:
            answers.append(f"~%{percent(fraction)}%{escape(text)}")
    return f"{comment}\n{head}{{\n" + "\n".join(answers) + (f"\n{feedback}" if feedback else "") + "\n}"
