"""Where templates are found: the project's templates/ first, the packaged defaults last."""

from __future__ import annotations

from pathlib import Path


def default_template_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("guidegen.templates")))


def template_dirs(project: Path) -> tuple[Path, ...]:
    user = project / "templates"
    default = default_template_dir()
    dirs = [user] if user.is_dir() and user.resolve() != default.resolve() else []
    return tuple(dirs + [default])
