"""One page: the guide's questions of one booklet (and version) with their style and
script inline (page.css, page.js), numbered as the PDFs of the same selection number them.
A Content-Security-Policy lets the page load nothing and run no script but its own."""

from __future__ import annotations

import base64
import hashlib
import html
from functools import lru_cache
from importlib import resources

from guidegen.outputs.html.render import PLACEHOLDER

_DIFFICULTIES = ("easy", "medium", "hard")


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The page's style sheet or script, shipped with the package."""
    return resources.files("guidegen.outputs.html").joinpath(name).read_text("utf-8")


def policy(script: str) -> str:
    """The page's Content-Security-Policy: nothing from any network, no script but `script`."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def e(text) -> str:
    return html.escape(str(text), quote=True)


def page(bank, plan, letter: str, sections, parts: dict, media: dict[str, str], lang: str) -> str:
    """The whole page of one version (`letter`, "" without versions) of a booklet."""
    from guidegen import choices_order

    guide = bank.guide
    orders = choices_order.orders_for(sections, plan.request.filters.seed, letter)
    script = asset("page.js")
    title = plan.request.booklet_title or guide.title
    heading = guide.title + (f": {plan.request.booklet_title}" if plan.request.booklet_title else "")
    heading += f" (version {letter})" if letter else ""
    questions = [q for _, qs in sections for q in qs]
    out = [f'<!doctype html>\n<html lang="{e(lang)}" dir="auto">\n<head>\n<meta charset="utf-8">\n'
           f'<meta http-equiv="Content-Security-Policy" content="{e(policy(script))}">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           '<meta name="referrer" content="no-referrer">\n'
           f'<meta name="generator" content="guidegen">\n<title>{e(title if not letter else f"{title} ({letter})")}</title>\n'
           f"<style>\n{asset('page.css')}</style>\n</head>\n"
           f'<body data-guide="{e(guide.id or "title:" + guide.title)}" data-print="sheet">\n'
           f'<header>\n<h1 dir="auto">{e(heading)}</h1>\n']
    if guide.subtitle:
        out.append(f'<p class="subtitle" dir="auto">{e(guide.subtitle)}</p>\n')
    out.append(toolbar(bank, questions))
    out.append("</header>\n<main>\n")
    number = 0
    for topic, qs in sections:
        out.append(f'<section class="topic" data-topic="{e(topic.slug)}">\n<h2 dir="auto">{e(topic.name)}</h2>\n')
        for q in qs:
            number += 1
            out.append(article(q, number, parts[q.id], orders.get(q.id), bank))
        out.append("</section>\n")
    out.append('<p class="empty" hidden>No question matches.</p>\n</main>\n')
    out.append(f"<script>{script}</script>\n</body>\n</html>\n")
    text = "".join(out)
    return PLACEHOLDER.sub(lambda m: f"src='{media[m.group(1)]}'", text)


def toolbar(bank, questions) -> str:
    """The controls: search, filters, show all / hide all, the count, printing."""
    names = {t.slug: t.name for t in bank.guide.topics}
    topics = list(dict.fromkeys(t for q in questions for t in q.topics))
    present = {q.difficulty for q in questions}
    difficulties = [d for d in _DIFFICULTIES if d in present] + sorted(present - set(_DIFFICULTIES))
    tags = sorted({t for q in questions for t in q.tags})

    def select(name: str, label: str, values) -> str:
        choices = "".join(f'<option value="{e(v)}">{e(shown)}</option>' for v, shown in values)
        return (f'<label>{label} <select data-filter="{name}"><option value="">all</option>{choices}</select></label>\n')

    return ('<nav class="toolbar" aria-label="Filters and controls">\n'
            '<label class="search">Search <input type="search" data-filter="text" placeholder="words in a question"></label>\n'
            + select("topic", "Topic", [(t, names.get(t, t)) for t in topics])
            + select("difficulty", "Difficulty", [(d, d) for d in difficulties])
            + (select("tag", "Tag", [(t, t) for t in tags]) if tags else "")
            + '<label><input type="checkbox" data-filter="missed"> Missed only</label>\n'
            '<span class="buttons"><button type="button" data-action="show-all">Show all answers</button>\n'
            '<button type="button" data-action="hide-all">Hide all answers</button>\n'
            '<button type="button" data-action="print-sheet">Print sheet</button>\n'
            '<button type="button" data-action="print-key">Print key</button>\n'
            '<button type="button" data-action="forget">Forget my marks</button></span>\n'
            f'<output class="count" aria-live="polite">{len(questions)} of {len(questions)} questions shown</output>\n'
            "</nav>\n")


def article(q, number: int, parts, order, bank) -> str:
    """One question: number, title, what it is about, the question, its options to pick
    from (multiple choice), the answer behind a button, and the self-marking."""
    names = {t.slug: t.name for t in bank.guide.topics}
    meta = [", ".join(names.get(t, t) for t in q.topics), q.difficulty] + [f"#{t}" for t in q.tags]
    if q.points is not None:
        meta.append(f"{q.points:g} point{'s' if q.points != 1 else ''}")
    qid = e(q.id)
    out = [f'<article class="question" id="q-{qid}" data-id="{qid}" data-topics="{e(" ".join(q.topics))}" '
           f'data-difficulty="{e(q.difficulty)}" data-tags="{e(" ".join(q.tags))}" data-kind="{"choice" if q.options else "open"}">\n'
           f'<h3 dir="auto"><span class="number">{number}.</span> {parts.title.html}</h3>\n'
           f'<p class="meta">{" · ".join(e(m) for m in meta)}</p>\n'
           f'<div class="body" dir="auto">{parts.body.html}</div>\n']
    right = ""
    if q.options:
        order = order or tuple(range(len(q.options)))
        items = []
        for place, index in enumerate(order):
            letter = chr(ord("A") + place)
            items.append(f'<li data-right="{"yes" if q.options[index].correct else "no"}"><label>'
                         f'<input type="checkbox" aria-describedby="v-{qid}-{place}"><span class="letter">{letter}.</span> '
                         f'<span class="option" dir="auto">{parts.options.items[index]}</span></label>'
                         f'<span class="verdict" id="v-{qid}-{place}"></span></li>\n')
        out.append(f'<fieldset class="options"><legend>Pick every right option</legend>\n<ol>\n{"".join(items)}</ol>\n'
                   '<button type="button" data-action="check">Check</button> <span class="result" aria-live="polite"></span>'
                   "</fieldset>\n")
        from guidegen.choices_order import right_letters

        right = f'<p class="right-letters">Right: {right_letters(q, order)}</p>\n'
    out.append(f'<div class="controls"><button type="button" class="reveal" aria-expanded="false" aria-controls="a-{qid}">'
               'Show answer</button>\n<span class="self" role="group" aria-label="How did it go?">'
               '<button type="button" data-mark="knew" aria-pressed="false">I knew it</button>'
               '<button type="button" data-mark="missed" aria-pressed="false">I missed it</button></span></div>\n'
               f'<div class="answer" id="a-{qid}" hidden dir="auto">\n<h4>Answer</h4>\n{right}{parts.answer.html}\n</div>\n'
               "</article>\n")
    return "".join(out)
