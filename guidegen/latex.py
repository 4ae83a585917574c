"""Run latexmk safely (no shell escape, file access confined to the build folder, a time limit)
and turn a failure into one message naming the question that caused it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from guidegen.errors import LatexError, display_path

DEFAULT_TIMEOUT = 300  # seconds; a 1,000-question bank compiles in well under this


@dataclass(frozen=True)
class SourceSpan:
    """Which question produced which lines of the generated .tex."""

    first_line: int
    question_id: str
    path: Path


def find_tools() -> None:
    missing = [tool for tool in ("latexmk", "pdflatex") if shutil.which(tool) is None]
    if missing:
        raise LatexError(
            f"{' and '.join(missing)} not found. Install TeX Live: run 'make guide' (it installs it on Debian/Ubuntu), "
            "or: apt-get install texlive-latex-base texlive-latex-recommended texlive-latex-extra "
            "texlive-fonts-recommended lmodern latexmk"
        )


def safe_environment() -> dict[str, str]:
    """TeX settings that confine a run: no shell escape, read and write only below the cwd."""
    env = dict(os.environ)
    env.update(
        {
            "shell_escape": "f",
            "openin_any": "p",
            "openout_any": "p",
            "max_print_line": "1000",  # one log line per message, so errors can be quoted whole
            "SOURCE_DATE_EPOCH": env.get("SOURCE_DATE_EPOCH", "1700000000"),
            "FORCE_SOURCE_DATE": "1",
            "TEXINPUTS": ".:",
        }
    )
    return env


PDFLATEX = ["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
DUMP_MARKER = "\\csname endofdump\\endcsname"


def latexmk_command(jobname: str, passes: str = "auto", fmt: str | None = None) -> list[str]:
    engine = PDFLATEX + ([f"-fmt={fmt}"] if fmt else [])
    if passes in ("single", "draft"):
        draft = ["-draftmode"] if passes == "draft" else []  # draft: .aux and friends, no PDF
        return [*engine, *draft, f"{jobname}.tex"]
    return ["latexmk", "-norc", "-pdf", "-silent", "-interaction=nonstopmode", "-halt-on-error",
            f"-pdflatex={' '.join(engine)} %O %S", f"{jobname}.tex"]


def preamble_format(workdir: Path, jobname: str, tex: str) -> str | None:
    """A precompiled format of the preamble above DUMP_MARKER (mylatexformat), made once
    per preamble and TeX installation; it saves most of the start-up of every pass.
    None when the .tex has no marker or the format cannot be made (then TeX loads the
    preamble as usual)."""
    import hashlib

    head, marker, _ = tex.partition(DUMP_MARKER)
    system_format = shutil.which("pdflatex") and subprocess.run(["kpsewhich", "-engine=pdftex", "pdflatex.fmt"], capture_output=True, text=True).stdout.strip()
    if not marker or not system_format:
        return None
    stat = Path(system_format).stat()
    name = "gg-" + hashlib.sha256(f"{head}\0{system_format}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    if (workdir / f"{name}.fmt").is_file():
        return name
    made = subprocess.run(
        ["pdflatex", "-ini", "-no-shell-escape", "-interaction=batchmode", "-halt-on-error", f"-jobname={name}",
         "&pdflatex", "mylatexformat.ltx", f"{jobname}.tex"],
        cwd=workdir, env=safe_environment(), stdin=subprocess.DEVNULL, capture_output=True,
        timeout=float(os.environ.get("GUIDEGEN_LATEX_TIMEOUT", DEFAULT_TIMEOUT)),
    )
    if made.returncode != 0 or not (workdir / f"{name}.fmt").is_file():
        (workdir / f"{name}.fmt").unlink(missing_ok=True)
        return None
    return name


def compile_tex(workdir: Path, jobname: str, passes: str = "auto", fmt: str | None = None) -> subprocess.Popen:
    """Start compiling workdir/jobname.tex ("auto": latexmk, as many passes as needed;
    "single": one pdflatex pass; "draft": one pass writing no PDF), with the precompiled
    preamble `fmt` if given; returns the process for `wait`."""
    find_tools()
    return subprocess.Popen(
        latexmk_command(jobname, passes, fmt),
        cwd=workdir,
        env=safe_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so a time-out kills pdflatex too
    )


def wait(process: subprocess.Popen, workdir: Path, jobname: str, spans: list[SourceSpan], retry: bool = True) -> None:
    """Wait for a compile; raise LatexError naming the question on failure or time-out.

    A failure is retried once from clean auxiliary files first: a run killed half-way,
    or an older guidegen, can leave .aux files that make every later run fail."""
    limit = float(os.environ.get("GUIDEGEN_LATEX_TIMEOUT", DEFAULT_TIMEOUT))
    try:
        output, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        kill(process)
        raise LatexError(f"LaTeX did not finish {jobname}.tex within {limit:g} s and was stopped (set GUIDEGEN_LATEX_TIMEOUT to allow longer)") from None
    except BaseException:
        kill(process)
        raise
    draft = "-draftmode" in process.args
    if process.returncode != 0 or not (draft or (workdir / f"{jobname}.pdf").is_file()):
        if retry:  # again from scratch: no auxiliary files, no precompiled preamble
            clean(workdir, jobname)
            return wait(compile_tex(workdir, jobname, "draft" if draft else "auto"), workdir, jobname, spans, retry=False)
        raise LatexError(explain_failure(workdir, jobname, spans, output.decode("utf-8", "replace")))


AUXILIARY = (".aux", ".toc", ".out", ".fdb_latexmk", ".fls", ".log", ".heights", ".stamp")


def _digest(source: str | bytes) -> str:
    import hashlib

    return hashlib.sha256(source.encode() if isinstance(source, str) else source).hexdigest()


def is_current(workdir: Path, jobname: str, source: str | bytes) -> bool:
    """Whether <jobname>.pdf was compiled to the end from exactly this source (for the
    single-pass runs latexmk does not track; a run killed half-way leaves no stamp)."""
    stamp = workdir / f"{jobname}.stamp"
    return (workdir / f"{jobname}.pdf").is_file() and stamp.is_file() and stamp.read_text() == _digest(source)


def mark_current(workdir: Path, jobname: str, source: str | bytes) -> None:
    (workdir / f"{jobname}.stamp").write_text(_digest(source))


def clean(workdir: Path, jobname: str) -> None:
    """Remove a job's auxiliary files: a run killed half-way or an older guidegen can
    leave ones that make every later run fail."""
    for ext in AUXILIARY:
        (workdir / f"{jobname}{ext}").unlink(missing_ok=True)


_IGNORED_AUX = re.compile(rb"^\\gdef \\@abspage@last\{\d+\}$", re.MULTILINE)  # a page count, no reference


def _state(workdir: Path, jobname: str) -> list[bytes]:
    import hashlib

    state = []
    for ext in (".aux", ".toc", ".out"):
        path = workdir / f"{jobname}{ext}"
        data = path.read_bytes() if path.is_file() else b""
        state.append(hashlib.sha256(_IGNORED_AUX.sub(b"", data)).digest())
    return state


def converge(workdir: Path, jobs: list[tuple[str, list[SourceSpan]]], fmt: str | None = None, max_passes: int = 4) -> None:
    """pdflatex passes, the jobs side by side, until each one's references settle:
    latexmk's rule (rerun while .aux, .toc or .out change), for documents that start
    from a draft pass's files, which latexmk would not trust and would compile again."""
    pending = list(jobs)
    for _ in range(max_passes):
        before = {job: _state(workdir, job) for job, _ in pending}
        running = [(job, spans, compile_tex(workdir, job, "single", fmt)) for job, spans in pending]
        try:
            for job, spans, process in running:
                wait(process, workdir, job, spans)
        except BaseException:
            for _, _, process in running:
                kill(process)
            raise
        pending = [(job, spans) for job, spans in pending if _state(workdir, job) != before[job]
                   or re.search(r"Rerun to get|Label\(s\) may have changed", (workdir / f"{job}.log").read_text("utf-8", "replace"))]
        if not pending:
            return


def kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


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


def spans_of(tex: str, questions: dict[str, Path]) -> list[SourceSpan]:
    """Map generated .tex lines back to questions by the \\ggquestion markers."""
    spans = []
    for number, text in enumerate(tex.splitlines(), start=1):
        if text.startswith("\\ggquestion{"):
            match = re.match(r"\\ggquestion\{\d+\}\{.*\}\{[a-z]+\}\{([a-z0-9-]+)\}", text)
            if match and match.group(1) in questions:
                spans.append(SourceSpan(number, match.group(1), questions[match.group(1)]))
    return spans


_HEIGHT = re.compile(r"^([a-z0-9-]+) ([0-9.]+pt|unmatched)$", re.MULTILINE)


def answer_heights(workdir: Path, jobname: str) -> dict[str, str]:
    """The answer-block heights the key wrote to <jobname>.heights (page-matched mode)."""
    path = workdir / f"{jobname}.heights"
    return dict(_HEIGHT.findall(path.read_text("utf-8", "replace"))) if path.is_file() else {}


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
