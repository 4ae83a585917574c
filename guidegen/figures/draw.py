"""Draw figure scripts to vector PDFs, cached, in worker processes with a time limit.

Scripts are project code, run in workers of their own: a script that hangs is stopped
at the time limit, one that crashes or calls os._exit takes down only its worker, and
no worker outlives guidegen. matplotlib is imported only inside the workers, so a build
whose figures are all cached never pays for it.
"""

from __future__ import annotations


import json
import logging
import os
import selectors
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from guidegen import cache, progress
from guidegen.errors import ContentError, problem

DEFAULT_TIMEOUT = 60  # seconds per figure; GUIDEGEN_FIGURE_TIMEOUT changes it
# savefig options per output format: no dates or tool names, so the same script draws the
# same bytes (an SVG's element ids are salted with a fixed string instead of a random one).
SAVE_OPTIONS = {
    "pdf": {"metadata": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}},
    "svg": {"metadata": {"Date": None, "Creator": None}},
    "png": {"metadata": {"Software": None}, "dpi": 200},
}


@dataclass(frozen=True)
class FigureJob:
    script: Path  # figures/<name>.py
    output: Path  # <build>/.work/figures/<name>.pdf
    key: str  # what the drawing depends on
    # The script as it was read when the key was made: the worker runs these bytes, not
    # the file, which may have been saved again since (the figure would be cached under
    # the old script's key). Text with its undecodable bytes escaped, for the JSON pipe.
    source: str = ""
    params: str | None = None  # a drawn question's values, as JSON: the script's draw(fig, params) gets them


def _shared(key: str, suffix: str = ".pdf") -> Path:
    """Where this user keeps a drawn figure for every project and build folder: the same
    script, guidegen and matplotlib draw the same PDF (or SVG, PNG), so it is drawn once."""
    return cache.user_dir() / "figures" / (key.replace(":", "-") + suffix)


def plan(scripts: list[tuple[Path, Path] | tuple[Path, Path, str | None]], store: cache.Cache) -> list[FigureJob]:
    """Jobs for the figures whose PDF is missing or was drawn from something else; a
    figure this user has drawn before (in any build folder) is copied instead. Each entry
    is (script, output) or (script, output, values as JSON for draw(fig, params))."""
    jobs = []
    import hashlib

    for script, output, *rest in scripts:
        params = rest[0] if rest else None
        data = script.read_bytes()
        key = cache.key("figure", hashlib.sha256(data).hexdigest(), cache.matplotlib_version(), *([params] if params else []))
        job = FigureJob(script, output, key, data.decode("utf-8", "surrogateescape"), params)
        recorded = store.get(cache.key("figure-output", str(output)))
        if output.is_file() and recorded == [key, cache.file_digest(output)]:
            continue
        if _copy(_shared(key, output.suffix), output):
            _record(store, job)
            continue
        jobs.append(job)
    return jobs


def _copy(source: Path, target: Path) -> bool:
    """Copy a file under a temporary name, then rename: never half a PDF. False if it cannot."""
    import shutil

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        return True
    except OSError:
        return False


def _record(store: cache.Cache, job: FigureJob) -> None:
    store.put(cache.key("figure-output", str(job.output)), [job.key, cache.file_digest(job.output)])


def timeout() -> float:
    from guidegen.proc import env_seconds

    return env_seconds("GUIDEGEN_FIGURE_TIMEOUT", DEFAULT_TIMEOUT)


def draw_all(jobs: list[FigureJob], store: cache.Cache, workers: int | None = None) -> None:
    """Draw every job, on up to `workers` worker processes; raise ContentError listing
    every script that failed, hung or crashed."""
    if not jobs:
        return
    # The count rides on the record too (`figures_drawn`): watch reports it without reading the text.
    logging.getLogger("guidegen").info("Drawing %d figure%s...", len(jobs), "s" if len(jobs) != 1 else "",
                                       extra={"figures_drawn": len(jobs)})
    with progress.task("drew {done}/{total} figures", len(jobs)) as counter:
        errors = _Pool(min(workers or os.cpu_count() or 1, len(jobs))).run(jobs, counter)
    for job in jobs:
        if job not in errors:
            _record(store, job)
            _copy(job.output, _shared(job.key, job.output.suffix))
    if errors:
        raise ContentError([problem(job.script, line, message) for job, (line, message) in errors.items()], "no PDF was written")


class _Pool:
    """Worker processes fed one job at a time over a pipe, so each job can be timed."""

    def __init__(self, size: int):
        self.size = max(size, 1)

    def run(self, jobs: list[FigureJob], counter: progress.Counter | None = None) -> dict[FigureJob, tuple[int, str]]:
        from guidegen.proc import kill, start

        pending = list(jobs)
        errors: dict[FigureJob, tuple[int, str]] = {}
        busy: dict[subprocess.Popen, tuple[FigureJob, float]] = {}
        idle: list[subprocess.Popen] = []
        selector = selectors.DefaultSelector()
        limit = timeout()
        command = [sys.executable, "-c", "from guidegen.figures.draw import serve; serve()"]
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH")])))
        try:
            while pending or busy:
                while pending and (idle or len(busy) < self.size):
                    if idle:
                        worker = idle.pop()
                    else:
                        worker = start(command, Path.cwd(), env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                        selector.register(worker.stdout, selectors.EVENT_READ, worker)
                    job = pending.pop(0)
                    try:
                        worker.stdin.write((json.dumps([str(job.script), str(job.output), job.source, job.params]) + "\n").encode())
                        worker.stdin.flush()
                    except OSError:
                        pass  # it died already: its end of file below says so
                    busy[worker] = (job, time.monotonic())
                now = time.monotonic()
                wait = min(started + limit for _, started in busy.values()) - now
                for key, _ in selector.select(timeout=max(wait, 0)):
                    worker = key.data
                    job, _ = busy.pop(worker)
                    line = worker.stdout.readline()
                    if line:
                        result = json.loads(line)
                        if result:
                            errors[job] = (int(result[0]), str(result[1]))
                        idle.append(worker)
                        continue
                    selector.unregister(worker.stdout)
                    status = worker.wait()
                    how = f"was killed by signal {-status}" if status < 0 else f"ended the process (exit status {status})"
                    errors[job] = (1, f"figure script {how} before drawing its figure")
                now = time.monotonic()
                for worker, (job, started) in list(busy.items()):
                    if now - started >= limit:
                        busy.pop(worker)
                        selector.unregister(worker.stdout)
                        kill(worker)
                        errors[job] = (1, f"figure script did not finish within {limit:g} s and was stopped "
                                          "(set GUIDEGEN_FIGURE_TIMEOUT to allow longer)")
                if counter is not None:
                    counter.reach(len(jobs) - len(pending) - len(busy))
        finally:
            for worker in list(busy) + idle:
                kill(worker)
            selector.close()
        return errors


def serve() -> None:
    """A worker: read one job a line, draw it, answer one line (null, or [line, message]).
    The answers go to a copy of stdout; the scripts' own prints go nowhere."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops its workers itself
    answers = os.fdopen(os.dup(1), "w")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    for line in sys.stdin:
        script, output, source, params = json.loads(line)
        answers.write(json.dumps(draw_one(Path(script), Path(output), source.encode("utf-8", "surrogateescape"),
                                          None if params is None else json.loads(params))) + "\n")
        answers.flush()


def draw_one(script: Path, output: Path, source: bytes | None = None, params: dict | None = None) -> tuple[int, str] | None:
    """Run one script (`source`: its bytes as planned, else the file's) in this process,
    its draw(fig, params) given a drawn question's values when `params` is given;
    returns (line, error message) or None."""
    import logging
    import types

    # fontTools, subsetting the fonts into the PDF, logs about cmr10's old timestamps.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure

        from guidegen.figures import mathcache, style

        mathcache.install()
        style.apply()
        matplotlib.rcParams["svg.hashsalt"] = "guidegen"
        module = types.ModuleType(f"guidegen_figure_{script.stem.replace('-', '_')}")
        module.__file__ = str(script)
        code = compile(script.read_bytes() if source is None else source, str(script), "exec")
        exec(code, module.__dict__)  # noqa: S102 - figure scripts are project code, run in this worker on purpose
        draw = getattr(module, "draw", None)
        if not callable(draw):
            return 1, "figure script defines no draw(fig) function"
        fig = Figure(figsize=getattr(module, "FIGSIZE", style.FIGSIZE))
        if params is None and _takes_params(draw, required=True):
            return draw.__code__.co_firstlineno if hasattr(draw, "__code__") else 1, (
                "draw(fig, params) takes a question's values, but a question without params shows this figure")
        if params is None:
            draw(fig)
        elif _takes_params(draw):
            draw(fig, dict(params))
        else:
            draw(fig)  # a figure that does not change with the values
        style.floor_fontsizes(fig)  # print legibility: no text below 8 pt, whatever the script set
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f"{output.name}.{os.getpid()}.part")
        kind = output.suffix.lower().lstrip(".")  # pdf for the guide; svg or png for cards
        fig.savefig(partial, format=kind, **SAVE_OPTIONS[kind])
        if kind == "pdf":
            from guidegen.figures.tounicode import fix_pdf

            fix_pdf(partial)  # math (a tick label's minus sign) copies as what it shows
        os.replace(partial, output)
        return None
    except BaseException as exc:  # noqa: BLE001 - a script may raise anything (SystemExit too); the user gets one line
        return _script_line(exc, script), f"figure script failed: {type(exc).__name__}: {exc}".replace("\n", " ")[:300]


def _takes_params(draw, required: bool = False) -> bool:
    """Whether a script's draw takes the values, draw(fig, params) (`required`: must be given them)."""
    import inspect

    try:
        parameters = list(inspect.signature(draw).parameters.values())
    except (TypeError, ValueError):
        return False
    if required:
        return sum(p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                   for p in parameters) >= 2
    return len(parameters) >= 2


def _script_line(exc: BaseException, script: Path) -> int:
    """The deepest line of the traceback that is inside the script (1 if none)."""
    line = 1
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == script.resolve():
            line = frame.lineno or line
    if isinstance(exc, SyntaxError) and exc.lineno:
        line = exc.lineno
    return line
