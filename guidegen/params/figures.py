"""Figure scripts drawn with a version's values: `draw(fig, params)` gets them as a
mapping of name to number. Each set of values is drawn into a folder of its own
(`figures/params-DIGEST/NAME.pdf`), which the LaTeX of that version's question names,
so versions never share a drawing they should not."""

from __future__ import annotations

import hashlib
import json


def values_json(drawn: tuple[tuple[str, float], ...]) -> str:
    """A drawn question's values as the figure worker receives them (and as its cache key holds them)."""
    return json.dumps(dict(drawn), sort_keys=True)


def folder(question) -> str:
    """The folder (under figures/) a drawn question's figures are drawn into: "" for a
    question drawn with no values, else `params-DIGEST/`."""
    if not question.drawn:
        return ""
    return "params-" + hashlib.sha256(values_json(question.drawn).encode()).hexdigest()[:16] + "/"


def drawing(question, source: str) -> str:
    """The Job.drawn key of a figure script or image a question shows: a drawn question's
    figure scripts are drawn in its values' folder; an image, or a script of a question
    drawn with no values, is named as it is."""
    return folder(question) + source if source.endswith(".py") else source


def drawn_figures(plans, figure_scripts: dict) -> list[tuple[str, str, str]]:
    """(script, folder, values as JSON) of every figure a drawn question of any version of
    `plans` shows, once each, in a stable order."""
    found = {}
    for plan in plans:
        for _, sections in plan.orders:
            for _, questions in sections:
                for q in questions:
                    if q.drawn:
                        for script in figure_scripts.get(q.id, ()):
                            found[(script, folder(q))] = values_json(q.drawn)
    return sorted((script, where, values) for (script, where), values in found.items())
