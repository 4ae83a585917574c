"""Run pdflatex and lualatex safely (no shell escape, file access confined to the build
folder, a time limit, never through a shell), decide what is stale, and turn a failure
into one message naming the question that caused it."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from guidegen import profile
from guidegen.errors import LatexError, display_path
from guidegen.proc import kill, start

DEFAULT_TIMEOUT = 300  # seconds; a 1,000-question bank compiles in well under this


@dataclass(frozen=True)
class SourceSpan:
    """Which question produced which lines of the generated .tex."""

    first_line: int
    question_id: str
    path: Path


# Where to learn what to install: `guidegen doctor` checks the whole toolchain and names the
# package of each missing piece for the system it runs on (a pip user has no Makefile).
DOCTOR = "run 'guidegen doctor' to see what is missing and the packages to install on this system"


def find_tools(engine: str = "pdflatex") -> None:
    if shutil.which(engine) is None:
        raise LatexError(f"{engine} not found. Install TeX Live: {DOCTOR}")


def safe_environment() -> dict[str, str]:
    """TeX settings that confine a run: no shell escape, read and write only below the cwd."""
    env = dict(os.environ)
    env.update(
        {
            "shell_escape": "f",
            "openin_any": "p",
            "openout_any": "p",
            "max_print_line": "1000",  # one log line per message, so errors can be quoted whole
            "TEXINPUTS": ".:",
        }
    )
    # The PDFs are dated when they are made; SOURCE_DATE_EPOCH, when set, fixes the date
    # (and every byte with it) for reproducible builds.
    if env.get("SOURCE_DATE_EPOCH"):
        env["FORCE_SOURCE_DATE"] = "1"
    else:
        env.pop("FORCE_SOURCE_DATE", None)
    return env


# pdflatex is started directly, never through a shell (latexmk would run it through one),
# with arguments that hold no user text: job names are slugs.
OPTIONS = ["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
DUMP_MARKER = "\\csname endofdump\\endcsname"


def timeout() -> float:
    from guidegen.proc import env_seconds

    return env_seconds("GUIDEGEN_LATEX_TIMEOUT", DEFAULT_TIMEOUT)


def preamble_format(workdir: Path, jobname: str, tex: str, engine: str = "pdflatex") -> str | None:
    """A precompiled format of the preamble above DUMP_MARKER (mylatexformat), made once
    per preamble and TeX installation, and kept in the user's cache for every build folder
    of theirs; it saves most of the start-up of every pass. None when the .tex has no
    marker or the format cannot be made (then TeX loads the preamble as usual), and for
    LuaLaTeX, whose fonts a format cannot hold: trying would cost a failed pdflatex run
    on every build."""
    from guidegen import cache

    if engine != "pdflatex":
        return None
    head, marker, _ = tex.partition(DUMP_MARKER)
    installation = _installation()
    if not marker or not installation:
        return None
    # Named by an HMAC under the user's secret: a format that came with someone's build
    # folder never has the name of one of ours, so it is never loaded.
    key = cache.key("format", "pdflatex", head, installation)
    name = "gg-" + key.partition(":")[2][:16]
    if (workdir / f"{name}.fmt").is_file() or cache.fetch_file(key, workdir / f"{name}.fmt"):
        return name
    # Made under a name of its own, then renamed: a second build never sees half a format.
    temporary = f"{name}-{os.getpid()}"
    (workdir / f"{temporary}.tex").write_text(tex, "utf-8")
    process = start(["pdflatex", "-ini", "-no-shell-escape", "-interaction=batchmode", "-halt-on-error", f"-jobname={temporary}",
                     "&pdflatex", "mylatexformat.ltx", f"{temporary}.tex"], workdir, safe_environment(),
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=timeout())
    except BaseException:
        kill(process)
        raise
    for ext in (".log", ".tex"):
        (workdir / f"{temporary}{ext}").unlink(missing_ok=True)
    if process.returncode != 0 or not (workdir / f"{temporary}.fmt").is_file():
        (workdir / f"{temporary}.fmt").unlink(missing_ok=True)
        return None
    os.replace(workdir / f"{temporary}.fmt", workdir / f"{name}.fmt")
    cache.keep_file(key, workdir / f"{name}.fmt")
    return name


@functools.lru_cache(maxsize=1)
def _installation() -> str:
    """What a precompiled preamble depends on besides its text: TeX Live's pdflatex.fmt,
    the pdftex program and mylatexformat, each by path, size and time (an update of TeX
    Live changes them); looked up once per process (`guidegen watch` builds many times).
    Empty when pdflatex or one of them is missing."""
    program = shutil.which("pdftex") or shutil.which("pdflatex")
    if not program:
        return ""
    found = subprocess.run(["kpsewhich", "-engine=pdftex", "pdflatex.fmt", "mylatexformat.ltx"],
                           capture_output=True, text=True).stdout.split("\n")
    paths = {Path(line).name: line for line in found if line.strip()}
    if set(paths) != {"pdflatex.fmt", "mylatexformat.ltx"}:
        return ""
    parts = []
    for path in (os.path.realpath(program), paths["pdflatex.fmt"], paths["mylatexformat.ltx"]):
        stat = os.stat(path)
        parts.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\0".join(parts)


@dataclass(frozen=True)
class Job:
    """One document to compile in the work folder: <name>.tex from `tex`."""

    name: str  # a slug: the file names of the job
    tex: str
    spans: tuple[SourceSpan, ...] = ()  # which question made which .tex lines, for messages
    inputs: tuple[Path, ...] = ()  # files the .tex includes (figures): their bytes count too
    draft: bool = False  # one pass that writes the .aux and friends but no PDF
    seed: str | None = None  # before its first pass, start from this job's .aux, .toc and .out
    settle: bool = True  # rerun until references settle; False: a single pass
    # False: the document reads nothing back from its .aux (a deck of cards, whose every
    # page is placed by guidegen): a pass more only when it used a reference that was not
    # defined yet (a project's template that adds a \pageref), not because it wrote one.
    reads_back: bool = True
    engine: str = "pdflatex"  # or "lualatex", for scripts pdfLaTeX's fonts lack


def fingerprint(job: Job, fmt: str | None) -> str:
    """What a job's PDF is made from, by content: the one test of whether it is stale
    (never timestamps, which have whole-second resolution on some systems and tools)."""
    import hashlib

    digest = hashlib.sha256(job.tex.encode())
    for path in job.inputs:
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"missing")
    digest.update(f"\0{fmt}\0{job.draft}\0{job.engine}".encode())
    return digest.hexdigest()


def is_current(workdir: Path, job: Job, fmt: str | None, store) -> bool:
    """Whether the job's last complete compile in `workdir` was of exactly this input, and
    its PDF is the one that compile wrote."""
    from guidegen import cache

    recorded = store.get(cache.key("job", str(workdir), job.name, job.draft))
    if not isinstance(recorded, list) or len(recorded) != 2 or recorded[0] != fingerprint(job, fmt):
        return False
    if job.draft:
        return (workdir / f"{job.name}.aux").is_file()
    output = workdir / f"{job.name}.pdf"
    return output.is_file() and cache.file_digest(output) == recorded[1]


def mark_current(workdir: Path, job: Job, fmt: str | None, store) -> None:
    from guidegen import cache

    output = workdir / f"{job.name}.pdf"
    pdf = "" if job.draft else cache.file_digest(output)
    store.put(cache.key("job", str(workdir), job.name, job.draft), [fingerprint(job, fmt), pdf])


def forget(workdir: Path, job: Job, fmt: str | None, store, both: bool = False) -> None:
    """From now until its compile completes, the job is not current. The draft and the
    full compile of one name share their .aux and .heights: the other one stays current
    only if it was made from the same .tex (`both`: it does not stay current either)."""
    from dataclasses import replace

    from guidegen import cache

    store.delete(cache.key("job", str(workdir), job.name, job.draft))
    other = replace(job, draft=not job.draft)
    recorded = store.get(cache.key("job", str(workdir), other.name, other.draft))
    if both or not (isinstance(recorded, list) and recorded and recorded[0] == fingerprint(other, fmt)):
        store.delete(cache.key("job", str(workdir), other.name, other.draft))


def compile_jobs(workdir: Path, jobs: list[Job], store, fmt: str | None = None, one_pass: bool = False) -> None:
    """Bring every job's PDF up to date, side by side: pdflatex passes until each job's
    references settle (latexmk's rule: rerun while .aux, .toc or .out change). A job
    whose input is unchanged since its last complete compile is not run at all. On a
    failure, the job is tried once more from clean auxiliary files without the
    precompiled preamble (a run killed half-way can leave files that break every later
    run); a second failure raises LatexError naming the question. `one_pass`: a single
    pass of each stale job, which is left stale (a later compile_jobs goes on from it)."""
    for engine in sorted({job.engine for job in jobs}):
        find_tools(engine)
    stale = [job for job in jobs if not is_current(workdir, job, fmt, store)]
    for job in stale:
        forget(workdir, job, fmt, store)
        (workdir / f"{job.name}.tex").write_text(job.tex, "utf-8")
        if job.seed:
            for ext in (".aux", ".toc", ".out"):
                source = workdir / f"{job.seed}{ext}"
                if source.is_file():
                    shutil.copyfile(source, workdir / f"{job.name}{ext}")
    try:
        try:
            _passes(workdir, stale, fmt, max_passes=1 if one_pass else 5)
        except LatexError:
            for job in stale:
                clean(workdir, job.name)
            _passes(workdir, stale, None, final=True)
    except BaseException:
        for job in stale:  # its files may be half-written: neither kind of compile is current
            forget(workdir, job, fmt, store, both=True)
        raise
    if one_pass:
        return
    for job in stale:
        _check_glyphs(workdir, job)
    for job in stale:
        mark_current(workdir, job, fmt, store)


_MISSING = re.compile(r"Missing character: There is no (.+?) \(U\+([0-9A-F]+)\)")


def _check_glyphs(workdir: Path, job: Job) -> None:
    """A character no installed font has would print as nothing: an error, not a gap."""
    log = workdir / f"{job.name}.log"
    found = _MISSING.search(log.read_text("utf-8", "replace")) if log.is_file() else None
    if found:
        raise LatexError(f"no installed font has the character {found.group(1)} (U+{found.group(2)}) used in {job.name}.tex; "
                         f"install the fonts guidegen uses: {DOCTOR}")


def _passes(workdir: Path, jobs: list[Job], fmt: str | None, final: bool = False, max_passes: int = 5) -> None:
    from guidegen import progress  # here: not on the path of a no-op build

    if not jobs:
        return
    with progress.task(f"LaTeX pass {{done}}: {', '.join(job.name for job in jobs)}") as counter:
        _run_passes(workdir, jobs, fmt, final, max_passes, counter)


def _run_passes(workdir: Path, jobs: list[Job], fmt: str | None, final: bool, max_passes: int, counter) -> None:
    # How many passes a document needs is known only when its references settle (at most
    # max_passes): the count is of passes started, with no total.
    pending = list(jobs)
    for _ in range(max_passes):
        if not pending:
            return
        counter.advance()
        before = {job.name: _state(workdir, job.name) for job in pending}
        with profile.phase(_phase_name(pending)):
            running = [(job, _run_pass(workdir, job, fmt)) for job in pending]
            try:
                failures = [job for job, process in running if not _wait(process, workdir, job, raise_now=final)]
            except BaseException:
                for _, process in running:
                    kill(process)
                    process.terminal.close()
                raise
        if failures:
            raise LatexError(f"{failures[0].name} failed")  # retried from clean files by the caller
        pending = [job for job in pending if job.settle and not job.draft and _unsettled(workdir, job, before[job.name])]


def _phase_name(jobs: list[Job]) -> str:
    """GUIDEGEN_PROFILE's name for a pass of these jobs side by side: `tex key+sheet`."""
    kinds = {"answers": "key", "questions": "sheet", "grader": "grader"}
    names = dict.fromkeys(kinds.get(job.name.rsplit("-", 1)[-1], "other") + (" draft" if job.draft else "") for job in jobs)
    return "tex " + "+".join(names)


_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed")
_UNDEFINED = re.compile(r"There were undefined references|Reference `[^']*' on page \d+ undefined")


def _unsettled(workdir: Path, job: Job, before: list[bytes]) -> bool:
    """Whether the pass just run leaves `job` wanting another."""
    if job.reads_back and _state(workdir, job.name) != before:
        return True
    log = (workdir / f"{job.name}.log").read_text("utf-8", "replace")
    # A document that reads nothing back ignores LaTeX's "Label(s) may have changed" (every
    # first pass that writes a label says it) and asks for a pass only for a reference it used.
    return bool(_RERUN.search(log)) if job.reads_back else bool(_UNDEFINED.search(log))


def _run_pass(workdir: Path, job: Job, fmt: str | None) -> subprocess.Popen:
    import tempfile

    fmt = fmt if job.engine == "pdflatex" else None  # the precompiled preamble is pdfTeX's
    command = [job.engine, *OPTIONS] + ([f"-fmt={fmt}"] if fmt else []) + (["-draftmode"] if job.draft else []) + [f"{job.name}.tex"]
    # The terminal output goes to a file of no name (outside the build folder, which may
    # hold links), not to a pipe: passes run side by side are waited for one after the
    # other, and a pass whose pipe nobody drained stopped once it had written 64 KB (a
    # 10,000-question sheet waited for the whole of the key's pass, 61 s instead of 23).
    terminal = tempfile.TemporaryFile()
    try:
        process = start(command, workdir, safe_environment(), stdout=terminal, stderr=subprocess.STDOUT)
    except BaseException:
        terminal.close()
        raise
    process.terminal = terminal  # read and closed by _wait
    return process


def _wait(process: subprocess.Popen, workdir: Path, job: Job, raise_now: bool) -> bool:
    """Wait for one pass; False if it failed (or LatexError naming the question if
    `raise_now`); a pass past the time limit is stopped and always raises."""
    limit = timeout()
    try:
        process.wait(timeout=limit)
        process.terminal.seek(0)
        output = process.terminal.read()
    except subprocess.TimeoutExpired:
        kill(process)
        names = sorted({str(display_path(s.path)) for s in job.spans})
        which = f" (its questions come from {', '.join(names[:3])}{', ...' if len(names) > 3 else ''})" if names else ""
        raise LatexError(f"LaTeX did not finish {job.name}.tex within {limit:g} s and was stopped{which}; "
                         "set GUIDEGEN_LATEX_TIMEOUT to allow longer") from None
    finally:
        process.terminal.close()
    if process.returncode == 0 and (job.draft or (workdir / f"{job.name}.pdf").is_file()):
        return True
    if raise_now:
        raise LatexError(explain_failure(workdir, job.name, list(job.spans), output.decode("utf-8", "replace")))
    return False


AUXILIARY = (".aux", ".toc", ".out", ".log", ".heights", ".pdf")


def clean(workdir: Path, jobname: str) -> None:
    """Remove a job's auxiliary files: a run killed half-way or an older guidegen can
    leave ones that make every later run fail."""
    for ext in AUXILIARY:
        (workdir / f"{jobname}{ext}").unlink(missing_ok=True)


# Lines of the .aux the next pass does not read: a page count, and \@writefile lines, whose
# entries reach the next pass only through the files they are written to (.toc, .lof, .lot),
# compared on their own. (A sheet seeded with its key's .aux lacks the key's figure list
# entries, which no pass reads: that must not cost it a pass.)
_IGNORED_AUX = re.compile(rb"^(?:\\gdef \\@abspage@last\{\d+\}|\\@writefile\{[a-z]+\}.*)(?:\n|$)", re.MULTILINE)


def _state(workdir: Path, jobname: str) -> list[bytes]:
    """What the next pass of a job reads from its previous one."""
    import hashlib

    state = []
    for ext in (".aux", ".toc", ".lof", ".lot", ".out"):
        path = workdir / f"{jobname}{ext}"
        data = path.read_bytes() if path.is_file() else b""
        state.append(hashlib.sha256(_IGNORED_AUX.sub(b"", data)).digest())
    return state


_FILE_LINE_ERROR = re.compile(r"^(?:\./)?([^:\n]+\.(?:tex|aux|toc|out)):(\d+): (.*)$", re.MULTILINE)
_BANG_ERROR = re.compile(r"^! (.*)$", re.MULTILINE)
_LINE_NO = re.compile(r"^l\.(\d+) ?(.*)$", re.MULTILINE)


def explain_failure(workdir: Path, jobname: str, spans: list[SourceSpan], output: str) -> str:
    log_path = workdir / f"{jobname}.log"
    log = log_path.read_text("utf-8", "replace") if log_path.is_file() else output
    line, message = None, None
    match = _FILE_LINE_ERROR.search(log)
    if match and not match.group(1).endswith(".tex"):
        return f"LaTeX failed reading {match.group(1)} line {match.group(2)}: {match.group(3).strip()} (full log: {display_path(log_path)})"
    if match:
        line, message = int(match.group(2)), match.group(3).strip()
    bang = _BANG_ERROR.search(log)
    if bang and (match is None or bang.start() < match.start()):
        # A LaTeX error ("! LaTeX Error: File ... not found.") says more than the
        # "Emergency stop" that -file-line-error prints after it.
        message = bang.group(1).strip()
        if line is None:
            number = _LINE_NO.search(log, bang.end())
            line = int(number.group(1)) if number else None
    if message is None:
        tail = [l for l in output.strip().splitlines() if l.strip()][-1:] or ["no log"]
        return f"LaTeX failed on {jobname}.tex: {tail[0]} (full log: {display_path(log_path)})"
    where = ""
    if line is not None:
        span = next((s for s in reversed(spans) if s.first_line <= line), None)
        if span is not None:
            where = f"{display_path(span.path)}: question '{span.question_id}': "
    context = ""
    if line is not None:
        source = (workdir / f"{jobname}.tex").read_text("utf-8", "replace").splitlines()
        if 0 < line <= len(source):
            context = f" (at: {source[line - 1].strip()[:120]})"
    return f"{where}LaTeX error in {jobname}.tex line {line}: {message}{context} (full log: {display_path(log_path)})"


_QUESTION_PAGE = re.compile(r"\\newlabel\{gg:q:([a-z0-9-]+)\}\{\{[^{}]*\}\{(\d+)\}")


def question_pages(workdir: Path, jobname: str) -> dict[str, str]:
    """The page each question starts on, from the labels the template sets (gg:q:ID)."""
    aux = workdir / f"{jobname}.aux"
    return dict(_QUESTION_PAGE.findall(aux.read_text("utf-8", "replace"))) if aux.is_file() else {}


_OUTPUT_WRITTEN = re.compile(r"Output written on .*?\((\d+) pages?,", re.DOTALL)


def page_count(pdf: Path) -> int:
    """Pages of a PDF we compiled, from its LaTeX log (no PDF parsing on the fast path)."""
    log = pdf.with_suffix(".log")
    if log.is_file():
        match = _OUTPUT_WRITTEN.search(log.read_text("utf-8", "replace"))
        if match:
            return int(match.group(1))
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)
