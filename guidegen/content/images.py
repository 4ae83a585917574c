"""What an image reference names, decided once for every output: a figure script in
figures/, an image file of the project, or something that is neither (with the reason).

`![Caption](target)` and `<img src=target>` both come here; the checker reports the
reason, and each writer asks again for the source it must show (a cheap question)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".pdf", ".svg")
MAX_IMAGE_BYTES = 20_000_000
REMOTE = "remote-image"
MISSING = "missing-file"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")


@dataclass(frozen=True)
class ImageRef:
    """What an image reference resolved to. `source` is the figure script relative to
    figures/ (NAME.py) or the image file relative to the project; empty when `error`
    says why there is none."""

    source: str = ""
    error: str = ""
    code: str = ""  # errors.Problem.code: "remote-image" or "missing-file" (what can be fixed by saving a file)

    @property
    def is_script(self) -> bool:
        return self.source.endswith(".py")


def short(text: str, limit: int = 40) -> str:
    """A piece of the source quoted in a message: one line, at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def media_state(project: Path) -> str:
    """A digest of what `resolve` finds in the project, for the keys of the work cached per question
    (its check, its conversions): every figure script under figures/ and every image file
    under content/ and figures/, each with its size (an image over MAX_IMAGE_BYTES is
    refused) and, for a link, where it points (one out of the project is refused). A
    file saved, removed, grown or linked elsewhere changes it, so nothing reports a
    file missing that is there, or the other way round."""
    import hashlib
    import json

    from guidegen.paths import tree_state

    kinds = {"content": IMAGE_SUFFIXES, "figures": IMAGE_SUFFIXES + (".py",)}
    found = [entry for folder, suffixes in kinds.items()
             for entry in tree_state(project / folder, project, lambda name, suffixes=suffixes: Path(name).suffix.lower() in suffixes)]
    return hashlib.sha256(json.dumps(found).encode()).hexdigest()


def figure_name(target: str) -> str | None:
    """The script path relative to figures/, or None when the target is not a safe script name."""
    target = target.removeprefix("./").removeprefix("figures/")
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.py", target):
        return None
    return target


def resolve(target: str, question: Path, project: Path | None) -> ImageRef:
    """The figure script or project image `target` names, for a question file at
    `question`. Without a project (a unit test), files are not looked for."""
    if _SCHEME.match(target):
        return ImageRef(error=f"image '{short(target)}' is not a file of the project, and is never fetched: it prints as "
                              "a framed placeholder with its address; to print the image, save it beside the question "
                              "or in figures/ and name that file", code=REMOTE)
    if PurePosixPath(target).suffix.lower() in IMAGE_SUFFIXES:
        return _image_file(target, question, project)
    name = figure_name(target)
    if name is None:
        return ImageRef(error=f"image '{short(target)}' must name a figure script in figures/ (e.g. "
                              "![Caption](my-figure.py)) or a PNG, JPG, PDF or SVG file of the project")
    if project is not None and not (project / "figures" / name).is_file():
        return ImageRef(error=f"figure script 'figures/{name}' does not exist", code=MISSING)
    return ImageRef(name)


def _image_file(target: str, question: Path, project: Path | None) -> ImageRef:
    """An image file named beside the question or in figures/; refused when it is not a
    safe, ordinary file inside the project."""
    from guidegen.paths import inside

    clean = target.removeprefix("./")
    if not _SAFE_NAME.fullmatch(clean) or ".." in clean.split("/"):
        return ImageRef(error=f"image '{short(target)}': name a file inside the project with letters, digits, '-', '_' "
                              "and '.' (no spaces, no '..'), relative to the question's folder or to figures/")
    if project is None:
        return ImageRef(clean)
    for candidate in (question.parent / clean, project / "figures" / clean.removeprefix("figures/")):
        if candidate.is_file() and inside(project, candidate):
            if candidate.stat().st_size > MAX_IMAGE_BYTES:
                return ImageRef(error=f"image '{short(target)}' is over {MAX_IMAGE_BYTES // 1_000_000} MB; make it smaller")
            return ImageRef(candidate.resolve().relative_to(project.resolve()).as_posix())
    return ImageRef(error=f"image '{short(target)}' does not exist beside the question or in figures/ "
                          "(or lies outside the project)", code=MISSING)
