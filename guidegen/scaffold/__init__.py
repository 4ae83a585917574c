"""`guidegen new`: write a small example project that checks and builds as it is.

The example files ship in `example-project/` beside this module; guide.yaml is written from the
title given. The project is written to a temporary folder and loaded there first, so a
title that cannot be typeset is reported and nothing is written.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from importlib.resources import files
from pathlib import Path

from guidegen.errors import ContentError, GuideError, problem

DEFAULT_TITLE = "Study Guide"
TOPICS = [
    {"slug": "linear-models", "name": "Linear Models"},
    {"slug": "optimisation", "name": "Optimisation"},
]


def guide_yaml(title: str, guide_id: str) -> str:
    import yaml

    from guidegen.guideid import deck_line, id_line

    settings = {"title": title, "subtitle": "Questions with model answers", "topics": TOPICS}
    return (yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=100) + id_line(guide_id) + "\n"
            + deck_line(title) + "\n")


def _template_files(root=None, prefix: Path = Path()) -> list[tuple[Path, bytes]]:
    """(path relative to the project, bytes) of every example file shipped with guidegen."""
    root = root or files("guidegen.scaffold") / "example-project"
    found = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found += _template_files(entry, prefix / entry.name)
        else:
            found.append((prefix / entry.name, entry.read_bytes()))
    return found


def project_files(title: str, guide_id: str) -> list[tuple[Path, bytes]]:
    """Every file of the example project, guide.yaml written for `title` and `guide_id`."""
    settings = guide_yaml(title, guide_id).encode()
    return _template_files() + [(Path("content/guide.yaml"), settings), (Path(".gitignore"), b"build/\n")]


def new_project(folder: Path, title: str = DEFAULT_TITLE, force: bool = False) -> list[Path]:
    """Write the example project into `folder` (made if missing); refuse a folder that
    holds anything unless `force`, and then replace only the files of the same names."""
    from guidegen.outputs import writers
    from guidegen.pipeline import check_project

    title = " ".join(title.split())
    if not title:
        raise GuideError("--title must not be empty")
    control = next((c for c in title if unicodedata.category(c) == "Cc"), None)
    if control is not None:  # YAML would write it as an escape, which loading refuses as a mangled one
        raise ContentError([problem(folder / "content" / "guide.yaml", 1,
                                    f"'title' contains the control character U+{ord(control):04X}; remove it")])
    if folder.exists() and not folder.is_dir():
        raise GuideError(f"{folder} is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise GuideError(f"{folder} is not empty; choose a new folder, or add --force to write the example project into it")
    from guidegen.guideid import new_id

    example_files = project_files(title, new_id())
    staging = Path(tempfile.mkdtemp(prefix="guidegen-new-"))
    try:
        for relative, data in example_files:
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(data)
        try:
            check_project(staging, writers())  # as `guidegen check` would
        except ContentError as exc:  # the title cannot be typeset: say where it would have been
            raise ContentError([problem(folder / Path(p.path).relative_to(staging.resolve()), p.line, p.message)
                                for p in exc.problems]) from None
        written = []
        for relative, _ in example_files:
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / relative, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
