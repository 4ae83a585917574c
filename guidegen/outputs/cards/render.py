"""The cards' LaTeX: templates/cards.tex.j2 (a project's templates/ may override it),
rendered in the same sandboxed Jinja as the sheet and key, and held to its contract."""

from __future__ import annotations

import re
from pathlib import Path

from guidegen.model import Guide
from guidegen.outputs.cards import tex as latex_parts
from guidegen.outputs.cards.model import Deck

TEMPLATE = "cards.tex.j2"
CONTRACT = ("cards.tex.j2 must start each card's front with a line of its own \\ggcardfront{id}, and its back with "
            "\\ggcardback{id}, one of each per card: guidegen traces a LaTeX error to its question by them")
SIDE_LINE = re.compile(r"^\\ggcard(front|back)\{([a-z0-9-]+)\}\s*$", re.MULTILINE)


def render(project: Path, deck: Deck, doc, layout, guide: Guide) -> str:
    """The deck's LaTeX; a template's fault is one `path:line` problem."""
    dirs = latex_parts.template_dirs(project)
    try:
        tex = latex_parts.template_environment(project).get_template(TEMPLATE).render(deck=deck, doc=doc, layout=latex_parts.PageLayout(layout),
                                                                                      guide=guide)
    except Exception as exc:  # noqa: BLE001 - Jinja and template code raise many kinds; each is the template's fault
        error = latex_parts.template_error(exc, dirs)
        if error is None:
            raise
        raise error from None
    ids = [placed.card.question.id for sheet in deck.sheets for placed in sheet.fronts]
    sides = SIDE_LINE.findall(tex)
    if [i for kind, i in sides if kind == "front"] != ids or sorted(i for kind, i in sides if kind == "back") != sorted(ids):
        raise latex_parts.contract_error(_owner(dirs), CONTRACT)
    return tex


def _owner(dirs: tuple[Path, ...]) -> Path:
    """The template the broken contract is in: the project's override, else guidegen's own."""
    return next((d / TEMPLATE for d in dirs if (d / TEMPLATE).is_file()), dirs[-1] / TEMPLATE)


def spans(tex: str, paths: dict[str, Path]) -> tuple:
    """Which question made which lines of the .tex, from the \\ggcardfront/\\ggcardback lines."""
    found = []
    line, counted = 1, 0
    for match in SIDE_LINE.finditer(tex):
        line += tex.count("\n", counted, match.start())
        counted = match.start()
        if match.group(2) in paths:
            found.append(latex_parts.source_span(line, match.group(2), paths[match.group(2)]))
    return tuple(found)
