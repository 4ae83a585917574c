"""Draw figure scripts to vector PDFs, cached, in parallel worker processes.

matplotlib is imported only inside the workers, so a build whose figures are all
cached never pays for it.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from guidegen.errors import ContentError, problem


@dataclass(frozen=True)
class FigureJob:
    script: Path  # figures/<name>.py
    output: Path  # <build>/figures/<name>.pdf
    key: str  # hash of everything the drawing depends on


def style_source() -> bytes:
    return (Path(__file__).parent / "figstyle.py").read_bytes()


def _matplotlib_version() -> str:
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return "unknown"


def figure_key(script: Path) -> str:
    digest = hashlib.sha256()
    for part in (script.read_bytes(), style_source(), _matplotlib_version().encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def plan(scripts: list[tuple[Path, Path]]) -> list[FigureJob]:
    """Jobs for the figures whose PDF is missing or stale (its .key file differs)."""
    jobs = []
    for script, output in scripts:
        key = figure_key(script)
        stamp = output.with_suffix(".key")
        if output.is_file() and stamp.is_file() and stamp.read_text() == key:
            continue
        jobs.append(FigureJob(script, output, key))
    return jobs


def draw_one(job: FigureJob) -> tuple[int, str] | None:
    """Run one script in this process; returns (line, error message) or None."""
    import importlib.util
    import logging

    # fontTools, subsetting the fonts into the PDF, logs about cmr10's old timestamps.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure

        from guidegen import figstyle

        figstyle.apply()
        spec = importlib.util.spec_from_file_location(f"guidegen_figure_{job.script.stem.replace('-', '_')}", job.script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        draw = getattr(module, "draw", None)
        if not callable(draw):
            return 1, "figure script defines no draw(fig) function"
        fig = Figure(figsize=getattr(module, "FIGSIZE", figstyle.FIGSIZE))
        draw(fig)
        job.output.parent.mkdir(parents=True, exist_ok=True)
        partial = job.output.with_name(job.output.name + ".part")
        fig.savefig(partial, format="pdf", metadata={"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None})
        os.replace(partial, job.output)
        job.output.with_suffix(".key").write_text(job.key)
        return None
    except BaseException as exc:  # noqa: BLE001 - a script may raise anything; the user gets one line
        if isinstance(exc, KeyboardInterrupt):
            raise
        where = _script_line(exc, job.script)
        return where, f"figure script failed: {type(exc).__name__}: {exc}".replace("\n", " ")


def _script_line(exc: BaseException, script: Path) -> int:
    """The deepest line of the traceback that is inside the script (1 if none)."""
    line = 1
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == script.resolve():
            line = frame.lineno or line
    if isinstance(exc, SyntaxError) and exc.lineno:
        line = exc.lineno
    return line


def draw_all(jobs: list[FigureJob], workers: int | None = None, say=lambda message: None) -> None:
    """Draw every job, in parallel when there are several; raise GuideError listing failures."""
    if not jobs:
        return
    say(f"Drawing {len(jobs)} figure{'s' if len(jobs) != 1 else ''}...")
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1 or len(jobs) == 1:
        errors = [draw_one(job) for job in jobs]
    else:
        import multiprocessing

        # spawn, not fork: the parent may hold threads, and a clean interpreter per worker
        # keeps scripts from seeing each other's state.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            errors = list(pool.map(draw_one, jobs))
    failures = [problem(job.script, *error) for job, error in zip(jobs, errors) if error]
    if failures:
        raise ContentError(failures, "no PDF was written")
