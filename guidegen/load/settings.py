"""Load and validate the guide settings, content/guide.yaml."""

from __future__ import annotations

from pathlib import Path

from guidegen.errors import Problem, problem
from guidegen.model import GUIDE_ID, PAPERS, Booklet, BuildSettings, Filters, Guide, Topic, filter_fields, setting_fields
from guidegen.paths import inside, read_regular
from guidegen.load.schema import Fields, Mapping, check_keys, load_mapping, to_nfc

MAX_SETTINGS_BYTES = 5_000_000

GUIDE_KEYS = ("id", "deck", "title", "subtitle", "author", "paper", "topics", "booklets", "defaults")
TOPIC_KEYS = ("slug", "name")
SETTING_KEYS = tuple(field.name for field, _ in setting_fields())
BOOKLET_KEYS = ("name", "title") + tuple(spec.key for _, spec in filter_fields()) + SETTING_KEYS


def guide_path(project: Path) -> Path:
    return project / "content" / "guide.yaml"


def load_guide(project: Path, problems: list[Problem]) -> Guide | None:
    """Read guide.yaml; every problem found is appended to `problems`."""
    path = guide_path(project)
    if not path.exists() and not path.is_symlink():
        problems.append(problem(path, 1, "missing guide settings: create content/guide.yaml with a title and a list of topics"))
        return None
    if not inside(project, path):
        problems.append(problem(path, 1, "is a link to outside the project; guidegen reads only files inside the project"))
        return None
    try:
        data = read_regular(path, MAX_SETTINGS_BYTES, "guide.yaml")
        text = data.decode("utf-8")
    except ValueError as exc:
        if isinstance(exc, UnicodeDecodeError):
            problems.append(problem(path, data[: exc.start].count(b"\n") + 1, "not valid UTF-8 text; save the file as UTF-8"))
        else:
            problems.append(problem(path, 1, str(exc)))
        return None
    return _parse(text, path, problems)


def read_guide_text(text: str, path: Path) -> tuple[Guide | None, list[Problem]]:
    """Guide settings from `text` as if read from `path`, and the problems found."""
    problems: list[Problem] = []
    return _parse(text, path, problems), problems


def _parse(text: str, path: Path, problems: list[Problem]) -> Guide | None:
    """Guide settings from the text of guide.yaml; problems are appended to `problems`."""
    before = len(problems)
    m = load_mapping(to_nfc(text), path, 1, problems)
    if m is None:
        return None
    check_keys(m, path, GUIDE_KEYS, ("title", "topics"), problems)
    printed: list[tuple[str, str, int]] = []
    f = Fields(m, path, problems, printed)
    title = f.printable("title")
    topics = _topics(m, path, problems, printed)
    booklets = _booklets(m, path, problems, printed)
    guide_id = f.matching("id", GUIDE_ID, "a lowercase UUID such as 0f8d6c2e-5b1a-4c3e-9a7d-2e4b6f8a1c3d",
                          "it is the identity of the guide's Anki notes: put back the one you had, "
                          "or delete the line and `guidegen anki` writes a new one")
    defaults = _defaults(m, path, problems).over(BuildSettings(paper=f.choice("paper", PAPERS)))
    guide = Guide(
        id=guide_id,
        deck=f.text("deck", "") or "",
        title=title or "",
        subtitle=f.printable("subtitle", "") or "",
        author=f.printable("author", "") or "",
        paper=defaults.paper or "a4",
        topics=tuple(topics),
        booklets=tuple(booklets),
        path=path,
        defaults=defaults,
        output_defaults=_output_defaults(m, path, problems),
        printed=tuple(printed),
    )
    return guide if len(problems) == before else None


def _items(m: Mapping, key: str, path: Path, problems: list[Problem], keys: tuple[str, ...], required: tuple[str, ...],
           printed: list | None = None):
    """Yield (Fields, Mapping) for each entry of a list-of-mappings setting."""
    raw = m.data.get(key)
    if raw is None:
        return
    if not isinstance(raw, list):
        problems.append(problem(path, m.line_of(key), f"'{key}' must be a list of entries, each starting with '- '"))
        return
    item_lines = (m.item_lines or {}).get(key, [])
    for index, entry in enumerate(raw, start=1):
        line = item_lines[index - 1] if index <= len(item_lines) else m.line_of(key)
        if not isinstance(entry, dict):
            problems.append(problem(path, line, f"{key} entry {index} must be a mapping such as `- slug: ...`"))
            continue
        sub = Mapping({str(k): v for k, v in entry.items()}, {}, line)
        check_keys(sub, path, keys, required, problems)
        yield Fields(sub, path, problems, printed), sub


def _topics(m: Mapping, path: Path, problems: list[Problem], printed: list) -> list[Topic]:
    topics: dict[str, Topic] = {}
    raw = m.data.get("topics")
    if raw is not None and isinstance(raw, list) and not raw:
        problems.append(problem(path, m.line_of("topics"), "'topics' is empty: declare at least one topic"))
    for f, sub in _items(m, "topics", path, problems, TOPIC_KEYS, TOPIC_KEYS, printed):
        slug, name = f.slug("slug", "topic slug"), f.printable("name")
        if slug and slug in topics:
            problems.append(problem(path, sub.line, f"topic '{slug}' is declared twice"))
        elif slug and name:
            topics[slug] = Topic(slug, name)
    return list(topics.values())


def _settings(f: Fields) -> BuildSettings:
    """The build options a mapping gives (guide.yaml's `defaults:` or a booklet's entry)."""
    values = {}
    for field, spec in setting_fields():
        if spec.kind == "choice":
            values[field.name] = f.choice(field.name, spec.choices)
        elif spec.kind == "flag":
            values[field.name] = f.flag(field.name, None)
        elif spec.kind == "length":
            values[field.name] = f.length_cm(field.name)
        else:
            values[field.name] = f.integer(field.name, None, minimum=1, maximum=spec.maximum)
    return BuildSettings(**values)


def _output_defaults(m: Mapping, path: Path, problems: list[Problem]) -> tuple:
    """The mappings under `defaults:` named after an output (`cards:`): that output's own
    options, as (output, key, value, line); each output checks its own."""
    sub = m.child("defaults") if m.data.get("defaults") is not None else None
    found = []
    for output, value in (sub.data.items() if sub is not None else ()):
        if not isinstance(value, dict) or output in SETTING_KEYS:
            continue
        for key, item in value.items():
            if isinstance(item, (dict, list)) or item is None:
                problems.append(problem(path, sub.line_of(output), f"'defaults: {output}: {key}' must be one value"))
                continue
            found.append((str(output), str(key), item, sub.line_of(output)))
    return tuple(found)


def _defaults(m: Mapping, path: Path, problems: list[Problem]) -> BuildSettings:
    """`defaults:`, the build options this guide is usually built with (an output's own,
    under its name, are _output_defaults')."""
    if m.data.get("defaults") is None:
        return BuildSettings()
    sub = m.child("defaults")
    if sub is None:
        problems.append(problem(path, m.line_of("defaults"), "'defaults' must be a mapping of build options, "
                                                             "e.g. `defaults:` then an indented `paper: letter`"))
        return BuildSettings()
    sub = Mapping({k: v for k, v in sub.data.items() if k in SETTING_KEYS or not isinstance(v, dict)}, sub.lines, sub.line)
    check_keys(sub, path, SETTING_KEYS, (), problems)
    if "paper" in sub.data and "paper" in m.data:
        problems.append(problem(path, sub.line_of("paper"), f"'paper' is also given on line {m.line_of('paper')}; keep one"))
    return _settings(Fields(sub, path, problems))


def _filter_value(f: Fields, spec):
    if spec.kind == "values":
        return f.slug_list(spec.key) or ()
    if spec.kind == "count":
        return f.integer(spec.key, None, minimum=1)
    if spec.kind == "seed":
        return f.integer(spec.key, 0) or 0
    return f.flag(spec.key)


def _booklets(m: Mapping, path: Path, problems: list[Problem], printed: list) -> list[Booklet]:
    booklets: list[Booklet] = []
    names: set[str] = set()
    for f, sub in _items(m, "booklets", path, problems, BOOKLET_KEYS, ("name",), printed):
        name = f.slug("name", "booklet name")
        # Values are checked against the bank (unknown topics, tags, ids) once it is read:
        # bank.load reports them at this line.
        filters = Filters(**{field.name: _filter_value(f, spec) for field, spec in filter_fields()})
        settings = _settings(f)
        if name and name in names:
            problems.append(problem(path, sub.line, f"booklet '{name}' is declared twice"))
        elif name:
            names.add(name)
            booklets.append(Booklet(name, f.printable("title", name) or name, filters, sub.line, settings))
    return booklets
