"""`guidegen watch`: build once, then rebuild whenever an input of the build changes.

The rebuilds run in this one process, so Python's imports are done once; what each
change affects is left to the build's own caches (a changed answer is converted
again, a changed figure script redrawn, a document whose .tex is unchanged not
compiled). A bad edit is reported and the watching goes on, with the PDFs of the last
good build in place: they are only ever replaced by a build that succeeded whole."""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from guidegen.outputs import WRITERS
from guidegen.pipeline import Output, run
from guidegen.requests import Options
from guidegen.errors import INTERRUPTED, ContentError, GuideError, display_path, printable

log = logging.getLogger("guidegen")

WATCHED = ("content", "figures", "templates")  # what a build reads (guide.yaml is in content/)
STEP_MS = 50  # a burst of saves (editors write, rename, chmod) is one change once quiet this long
MAX_WAIT_MS = 1600  # however long a burst lasts, build after this


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild did, for its one line of report."""

    outputs: list[Output]
    changed: list[Output]  # the PDFs whose bytes differ from before
    figures: int  # figures drawn
    seconds: float


def watch_project(project: Path, out: Path | None, options: Options, *, open_viewer: bool = False, quiet: bool = False,
                  echo: Callable[[str], None] | None = None, stop_event=None, html: bool = False) -> int:
    """Build, then rebuild on every change until Ctrl-C (or SIGTERM, or `stop_event`); 0 on a clean stop.
    With `html`, each build makes the self-study page of the same selection too."""
    import watchfiles

    echo = echo or (lambda line: print(line, flush=True))
    project = project.resolve()
    out = (out or project / "build").resolve()
    if not (project / "content").is_dir():
        raise GuideError(f"{display_path(project)} has no content/ folder: it is not a guidegen project (see --project)")
    progress = _Progress(quiet)
    # Ctrl-C and SIGTERM raise KeyboardInterrupt and set INTERRUPTED (cli.friendly_errors):
    # the flag also stops the watching when Python dropped the exception (see errors.py).
    stop = stop_event if stop_event is not None else INTERRUPTED
    opened = building = False
    first = True
    pending: set = set()  # changes seen since the last build started
    burst_began = 0.0
    try:
        # The project folder itself, so that a figures/ or templates/ made later is seen.
        # Watching starts before the first build, so a save during it is not lost; every
        # STEP_MS without a change yields an empty set: that quiet ends a burst. (watchfiles'
        # own step ends it as soon as no *new kind* of change comes, so repeated saves of
        # one file would be built mid-burst, each build racing the next save.) So its
        # debounce is one step too: the grouping, and MAX_WAIT_MS, are done here.
        for changes in watchfiles.watch(project, watch_filter=_Inputs(project, out), debounce=STEP_MS, step=STEP_MS,
                                        rust_timeout=STEP_MS, yield_on_timeout=True, stop_event=stop):
            if stop.is_set():
                break
            if first:  # changes before the first build starts reading are in it
                first, building = False, True
                good = _rebuild(project, out, options, progress, echo, first=True, html=html)
                building = False
                if good and open_viewer:
                    opened = _open(_key_pdf(good.outputs), echo)
                echo(f"Watching {', '.join(name + '/' for name in WATCHED)} for changes (Ctrl-C to stop)")
                continue
            if changes:
                burst_began = burst_began if pending else time.monotonic()
                pending |= changes
                if time.monotonic() - burst_began < MAX_WAIT_MS / 1000:
                    continue  # not quiet yet
            if not pending:
                continue
            what = _list(_changed_paths(project, pending))
            pending = set()  # what changes from here on is not in this build: it comes next
            building = True
            good = _rebuild(project, out, options, progress, echo, first=False, what=what, html=html)
            building = False
            if stop.is_set():
                break
            if good and open_viewer and not opened:
                opened = _open(_key_pdf(good.outputs), echo)
        echo("Stopped watching.")
    except KeyboardInterrupt:
        echo("Stopped watching" + ("; a rebuild was cut short, the PDFs of the last good build are unchanged."
                                   if building else "."))
    return 0


class _Inputs:
    """watchfiles' filter: what a build reads (content/, figures/, templates/, those
    folders themselves included, since one may be made or moved in whole), never the
    output folder (which may be inside content/), nor editors' swap and backup files."""

    def __init__(self, project: Path, out: Path):
        import watchfiles

        self.project, self.out = project, out
        self.usual = watchfiles.DefaultFilter()

    def __call__(self, change, name: str) -> bool:
        path = Path(name)
        if path.is_relative_to(self.out) or not path.is_relative_to(self.project):
            return False
        relative = path.relative_to(self.project)
        # Judged by the path inside the project: a project kept under, say, a .venv is not ignored whole.
        return relative.parts[:1] in {(root,) for root in WATCHED} and self.usual(change, str(relative))


def _changed_paths(project: Path, changes) -> list[str]:
    """The changed files, relative to the project, a deleted one marked so; an editor's
    temporary file, made and removed within the burst, is left out, and so is a folder
    whose files are listed."""
    from watchfiles import Change

    kinds: dict[Path, set] = {}
    for change, name in changes:
        kinds.setdefault(Path(name), set()).add(change)
    shown = [path for path, seen in kinds.items() if path.exists() or Change.added not in seen]
    folders = {folder for path in shown for folder in path.parents}
    shown = [path for path in shown if path not in folders]
    names = []
    for path in sorted(shown):
        name = printable(str(path.relative_to(project))) + ("/" if path.is_dir() else "")
        names.append(name if path.exists() else f"{name} (deleted)")
    return names or ["a file"]


def _rebuild(project: Path, out: Path, options: Options, progress: "_Progress", echo, *, first: bool, what: str = "",
             html: bool = False) -> Rebuild | None:
    """One build; its report, or the problems of a bad edit (then None: keep watching)."""
    before = _digests(out)
    started = time.perf_counter()
    progress.start(verbose=first)
    try:
        outputs = run(project, out, options, WRITERS["pdf"]())
        if html:  # the page of the same selection, after the PDFs (a reload of the tab shows the edit)
            outputs += run(project, out, options, WRITERS["html"]())
    except ContentError as error:
        for item in error.problems:
            echo(str(item))
        echo(_stamp(f"{what + ': ' if what else ''}{error.message} {_kept(before)}; waiting for the next save."))
        return None
    except (GuideError, OSError) as error:  # a LaTeX error names its question; a file vanished mid-read
        message = error.message if isinstance(error, GuideError) else f"{display_path(error.filename or '')}: {error.strerror or error}"
        echo(_stamp(f"{what + ': ' if what else ''}Error: {message}"))
        echo(f"{_kept(before)}; waiting for the next save.")
        return None
    finally:
        progress.verbose = False
    seconds = time.perf_counter() - started
    changed = [o for o in outputs if before.get(o.path) != _digest(o.path)]
    result = Rebuild(outputs, changed, progress.figures, seconds)
    if not first:
        echo(_stamp(f"{what}: {_summary(result)}"))
    elif not progress.quiet:
        for output in outputs:
            shown = f"{output.count} question{'s' if output.count != 1 else ''}" if output.path.suffix == ".html" else _pages(output.pages)
            echo(f"Wrote {display_path(output.path)} ({shown})")
    return result


def _kept(before: dict) -> str:
    """What a failed build left: the last good build's PDFs, or none yet (a watch whose
    first build failed has no last good build to speak of)."""
    return "The PDFs of the last good build are unchanged" if before else "No PDF has been built yet"


def _summary(result: Rebuild) -> str:
    """'rebuilt the key and the sheet in 0.84 s (28 + 28 pages)', or 'nothing to rebuild'."""
    drawn = f"drew {result.figures} figure{'s' if result.figures != 1 else ''}, " if result.figures else ""
    if not result.changed:
        return f"{drawn}nothing to rebuild, the PDFs are the same ({result.seconds:.2f} s)"
    kinds = [_kind(o.path.name) for o in result.changed]
    stems = {o.path.name.rsplit("-", 1)[0] for o in result.changed}
    if len(stems) == 1 and all(kinds):  # one booklet: say which of its two PDFs
        names = " and ".join(dict.fromkeys(k for k in ("the key", "the sheet") if k in kinds))
    else:
        names = _list([o.path.name for o in result.changed])
    counts = [o.pages for o in result.changed if o.path.suffix == ".pdf"]
    pages = " + ".join(map(str, counts)) or "no"
    return f"{drawn}rebuilt {names} in {result.seconds:.2f} s ({pages} page{'' if counts == [1] else 's'})"


def _kind(name: str) -> str:
    return "the key" if name.endswith("-answers.pdf") else "the sheet" if name.endswith("-questions.pdf") else ""


def _list(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _stamp(line: str) -> str:
    return f"[{time.strftime('%H:%M:%S')}] {line}"


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"


def _digests(out: Path) -> dict[Path, str]:
    return {path: _digest(path) for path in out.glob("*.pdf")} if out.is_dir() else {}


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _key_pdf(outputs: list[Output]) -> Path:
    keys = [o.path for o in outputs if o.path.name.endswith("-answers.pdf")]
    return (keys or [o.path for o in outputs])[0]


def _open(pdf: Path, echo) -> bool:
    """Open the PDF in the system's viewer, once: viewers that reload a changed file follow
    along. One that could not be opened is said once, on stderr."""
    from guidegen.opener import open_pdf

    failed = open_pdf(pdf)
    if failed:
        print(failed.replace("yourself", "in a PDF viewer that reloads on change"), file=sys.stderr, flush=True)
    return True


class _Progress(logging.Handler):
    """The build's log during a watch: progress for the first build (unless quiet), only
    warnings for rebuilds, which get one line each; counts the figures drawn."""

    def __init__(self, quiet: bool):
        super().__init__()
        self.quiet = quiet
        self.verbose = False
        self.figures = 0
        log.handlers[:] = [self]
        log.setLevel(logging.INFO)
        log.propagate = False

    def start(self, verbose: bool) -> None:
        self.verbose, self.figures = verbose and not self.quiet, 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.figures += getattr(record, "figures_drawn", 0)  # set by figures.draw, with its "Drawing N figures"
        if self.verbose or record.levelno >= logging.WARNING:
            print(message, file=sys.stderr, flush=True)
