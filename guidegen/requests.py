"""What a command asks to be made: the filters or named booklets, the layout options
and the output name, resolved against guide.yaml into one Request per booklet."""

from __future__ import annotations

import re
from dataclasses import dataclass

from guidegen.errors import GuideError
from guidegen.model import Bank, Booklet, BuildSettings, Filters, Layout

NAME = re.compile(r"[a-z0-9]+(?:[-+][a-z0-9]+)*")  # output names: no path, no shell or TeX specials


@dataclass(frozen=True)
class Request:
    """One booklet to build: which questions, how laid out, under which name."""

    filters: Filters = Filters()
    layout: Layout = Layout()
    name: str | None = None
    booklet_title: str = ""
    versions: int = 0  # 0: one unversioned pair; N: versions A, B, ...


@dataclass(frozen=True)
class Options:
    """Everything `guidegen build` was asked for: the filters, or named booklets, and the
    layout options given (the rest come from guide.yaml, read after the no-op check: its
    bytes are part of what decides that check, so the options given are enough)."""

    filters: Filters = Filters()
    settings: BuildSettings = BuildSettings()
    name: str | None = None
    booklets: tuple[str, ...] = ()
    all_booklets: bool = False
    strict: bool = False  # warnings stop the run as errors do

    def requests(self, bank: Bank) -> list[Request]:
        named = list(bank.guide.booklets) if self.all_booklets else [_booklet(bank, b) for b in self.booklets]
        if self.all_booklets and not named:
            raise GuideError("--all-booklets: guide.yaml declares no booklets (add a 'booklets:' list)")
        if named and not self.filters.is_empty:
            raise GuideError("--booklet/--all-booklets take their filters from guide.yaml; drop the filter options")
        if named:
            return [self._request(bank, b.filters, b.name, b.title, b.settings) for b in named]
        return [self._request(bank, self.filters, self.name, selection_title(bank, self.filters), BuildSettings())]

    def _request(self, bank: Bank, filters: Filters, name: str | None, title: str, booklet: BuildSettings) -> Request:
        """The command line first, then the booklet's entry, then guide.yaml's defaults."""
        settings = self.settings.over(booklet).over(bank.guide.defaults)
        return Request(filters, settings.layout(), name, title, settings.versions or 0)


def selection_title(bank: Bank, filters: Filters) -> str:
    """What a booklet cut with filters is about, for its cover and running head: its
    topics by name, and the difficulties asked for ("" for the whole bank, or ids alone)."""
    names = {t.slug: t.name for t in bank.guide.topics}
    parts = [" and ".join(names.get(slug, slug) for slug in filters.topics)] if filters.topics else []
    if filters.difficulties:
        parts.append(" or ".join(filters.difficulties) + " questions")
    return ", ".join(parts)


def _booklet(bank: Bank, name: str) -> Booklet:
    for booklet in bank.guide.booklets:
        if booklet.name == name:
            return booklet
    known = ", ".join(b.name for b in bank.guide.booklets) or "none declared"
    raise GuideError(f"unknown booklet '{name}' (booklets in guide.yaml: {known})")


def check_name(name: str) -> str:
    """An output name given by the user: a slug, so it can only name files in OUT."""
    if not NAME.fullmatch(name):
        raise GuideError(f"--name must be lowercase letters, digits and hyphens (it names files in the output folder), got {name!r}")
    return name


def default_name(request: Request) -> str:
    """guide for the whole bank, topic slugs joined by '+', else the filters in words."""
    if request.name:
        return request.name
    f = request.filters
    if f.is_empty:
        return "guide"
    # The values of the filters, except ids: a list of ids is "a selection".
    parts = [v for _, spec, values in f.values() if spec.attribute != "id" for v in values]
    if any(values for _, spec, values in f.values() if spec.attribute == "id"):
        parts.append("selection")
    if f.count is not None:
        parts.append(f"{f.count}{'-balanced' if f.balanced else ''}-seed{f.seed}")
    return "+".join(parts)


