"""Benchmark guidegen against pandoc, side by side on this machine, in one run.

    make bench        # or: .venv/bin/python bench/run.py [--runs N] [--quick] [--no-10k] [--only CASE]... [--keep] [--timeout S]

Cases (each the median of --runs runs, default 3):
  cold          ML guide (a copy of this repository's content/, figures/, templates/), fresh
                output folder, both PDFs, every figure drawn
  edit-mid      a sentence added to the answer of a question in the middle of the bank, so the
                pages after it move; rebuild (each run from a build of the unedited bank)
  edit-last     one word appended to the last sentence of the last question's answer, rebuild
  watch         `guidegen watch` on the ML guide: from saving the edit-mid edit (or undoing it,
                turn about, so pages move every time) to the rebuild's line, PDFs published
  noop          rebuild with nothing changed
  check-noop    `guidegen check` of the ML guide, nothing changed since the last check
  check-edit    `guidegen check` after one question file was edited (a new word each run)
  noop1k        rebuild of the 1,000-question bank with nothing changed
  scale         the synthetic 1,000-question bank (bench/synth.py, seed 1), fresh folder, both PDFs
  booklet       `--topic booklet-30` (30 questions) cut from that bank, fresh output folder
  bank30        the same 30 questions as a bank of their own, fresh output folder
  booklet-warm  the booklet cut into the folder that holds the bank's build (new name each run)
  bank30-warm   the 30-question bank the same way
  scale10k      the synthetic 10,000-question bank, fresh folder, both PDFs: how a build grows
                from 1,000 questions (scale); linear would be 10x, a little less for start-up
  booklet10k-warm  `--topic booklet-30` cut into the folder of the 10,000 bank's build, as
                booklet-warm is from the 1,000 bank: the same LaTeX, only the bank around it
                (read, hashed and validated from the cache) is 10x larger
                (the 10,000 cases take several minutes; --no-10k leaves them out)
  pandoc        pandoc --toc --pdf-engine=pdflatex, the ML guide as one Markdown file, one PDF
                (figures included as the PDFs guidegen drew)
  pandoc1k      the same for the 1,000-question bank
Peak memory: `self` is guidegen's own Python process (its RUSAGE_SELF, written on exit);
`tree` is the largest single process of the build, pdflatex and figure workers included
(ru_maxrss from os.wait4). Results also go to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from synth import generate

CASES = ["cold", "edit-mid", "edit-last", "watch", "noop", "check-noop", "check-edit", "scale", "noop1k", "booklet", "bank30", "booklet-warm", "bank30-warm",
         "scale10k", "booklet10k-warm", "pandoc", "pandoc1k"]
BIG_CASES = ("scale10k", "booklet10k-warm")
# name: (numerator, denominator or None for an absolute value, bar)
RATIOS = {
    "edit-mid / pandoc": ("edit-mid", "pandoc", 0.5),  # a mid-bank edit that moves every later page
    "edit-last / pandoc": ("edit-last", "pandoc", 0.5),
    "watch save-to-PDF / pandoc": ("watch", "pandoc", 0.35),
    "noop seconds": ("noop", None, 0.15),
    "check unchanged seconds": ("check-noop", None, 0.15),
    "check one edited file seconds": ("check-edit", None, 0.2),
    "noop 1,000 questions seconds": ("noop1k", None, 0.5),
    "scale / pandoc1k": ("scale", "pandoc1k", 0.6),
    "booklet / cold (full 30-q ML guide)": ("booklet", "cold", 1.3),
    "booklet / bank30 (same 30 questions)": ("booklet", "bank30", 1.3),
    "booklet-warm / bank30-warm": ("booklet-warm", "bank30-warm", 1.3),
    # Growth from 1,000 to 10,000 questions: a build no worse than linear; a booklet pays
    # only for reading and validating the bigger bank (for information).
    "scale10k / scale (10x the questions)": ("scale10k", "scale", 9.0),
    "booklet10k-warm / booklet-warm": ("booklet10k-warm", "booklet-warm", None),
}
MEMORY_BAR_MB = 300

# Runs guidegen in this very process and, however it exits, writes the process's own
# peak RSS (KiB) to $BENCH_RSS: wait4's ru_maxrss would be the largest process of the
# whole tree (pdflatex, figure workers), not guidegen's. An at-exit handler, not a
# `finally`: guidegen ends with os._exit once its own at-exit handlers have run.
PROBE = (
    "import atexit, os, resource, runpy\n"
    "def _rss():\n    if 'BENCH_RSS' in os.environ:\n"
    "        open(os.environ['BENCH_RSS'], 'w').write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "atexit.register(_rss)\n"
    "runpy.run_module('guidegen', run_name='__main__', alter_sys=True)\n"
)


TIMEOUT_S = 300  # a build that hangs is killed, with its whole process group, and reported


def timed(command: list[str], cwd: Path, rss_file: Path | None = None, limit: float | None = None) -> dict:
    """Wall seconds, and peak MB of the process itself and of the largest process in its tree
    (killed after `limit` seconds, default TIMEOUT_S)."""
    limit = limit or TIMEOUT_S
    env = dict(os.environ, BENCH_RSS=str(rss_file)) if rss_file else None
    if rss_file:
        rss_file.unlink(missing_ok=True)  # never read a previous run's number
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: a long error cannot block the child
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        watchdog = threading.Timer(limit, os.killpg, (process.pid, signal.SIGKILL))
        watchdog.start()
        _, status, usage = os.wait4(process.pid, 0)  # wait4, not wait: we want its rusage
        watchdog.cancel()
        seconds = time.perf_counter() - started
        stderr.seek(0)
        error = stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        shown = " ".join(["guidegen", *command[3:]] if command[1] == "-c" else command)
        hung = f"killed after {limit:g} s (hung), " if seconds >= limit else ""
        raise RuntimeError(f"{hung}exit {os.waitstatus_to_exitcode(status)}: {shown}\n{error[-3000:]}")
    tree = usage.ru_maxrss / 1024
    if rss_file and not rss_file.exists():  # never the tree's peak passed off as guidegen's own
        raise RuntimeError(f"guidegen ended without writing its peak memory to {rss_file}")
    own = int(rss_file.read_text()) / 1024 if rss_file else tree
    return {"s": seconds, "self_mb": own, "tree_mb": tree, "stderr": error}


def bank_markdown(project: Path, figure_dir: Path | None) -> str:
    """The bank as one Markdown file for pandoc: `# Topic` per topic, `## N. Title` per question,
    the question, **Answer.**, the answer; front matter stripped; figures as guidegen's PDFs
    (or dropped when figure_dir is None)."""
    import yaml

    try:  # pandoc's pdflatex template cannot print ≈, ≤, α … as text: give them as math
        from guidegen.outputs.latex.texescape import MATH_SYMBOLS
    except ImportError:
        MATH_SYMBOLS = {"≈": r"\approx", "≤": r"\le", "≥": r"\ge", "→": r"\to", "×": r"\times"}
    guide = yaml.safe_load((project / "content" / "guide.yaml").read_text("utf-8"))
    homes: dict[str, list] = {}
    for path in sorted((project / "content").rglob("*.md")):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        homes.setdefault(meta["topics"][0], []).append((meta.get("order", 0), str(path), meta["title"], body))
    out, number = [f"---\ntitle: \"{guide['title']}\"\n---\n"], 0
    for topic in guide["topics"]:
        out.append(f"# {topic['name']}\n")
        for _, _, title, body in sorted(homes.get(topic["slug"], [])):
            number += 1
            body = body.replace("\n## Answer\n", "\n**Answer.**\n")
            figure = lambda m: f"![{m[1]}]({figure_dir}/{m[2]}.pdf)" if figure_dir else ""
            body = re.sub(r"!\[([^\]]*)\]\(([^)]+)\.py\)", figure, body)
            out.append(f"## {number}. {title}\n\n{body}\n")
    text = "\n".join(out)
    return "".join(f"${MATH_SYMBOLS[c]}$" if c in MATH_SYMBOLS and ord(c) > 255 else c for c in text)


def question_places(heights: Path) -> dict[str, str]:
    """Where each question starts in the key (page and height), from the marks its
    compile writes: answers break across pages, so an edit moves the page breaks (and
    every later question down) long before it moves a question to another page."""
    text = heights.read_text("utf-8", "replace") if heights.is_file() else ""
    return {qid: place for qid, place in re.findall(r"^q ([a-z0-9-]+) (\d+ -?\d+)$", text, re.MULTILINE)}


def measure_watch(project: Path, out: Path, edited: Path, unedited: str, add_sentence, runs: int, results: dict, failed: dict) -> None:
    """Save-to-PDF under `guidegen watch`: the edit-mid edit, saved and undone turn about,
    timed from the write to the watcher's line for that rebuild (printed once the PDFs
    are published); the watcher's peak memory from /proc."""
    import queue

    command = [sys.executable, "-m", "guidegen", "watch", "-q", "--project", str(project), "--out", str(out)]
    watcher = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), l.rstrip())) for l in watcher.stdout], daemon=True).start()

    def next_line(pattern: str) -> float:
        deadline = time.perf_counter() + TIMEOUT_S
        while time.perf_counter() < deadline:
            try:
                when, line = lines.get(timeout=1)
            except queue.Empty:
                if watcher.poll() is not None:
                    break
                continue
            if re.search(pattern, line):
                return when
            if "Error" in line or re.match(r"^\S+:\d+: ", line):
                raise RuntimeError(f"watch reported: {line}")
        raise RuntimeError(f"watch gave no line matching {pattern!r}")

    try:
        next_line(r"^Watching ")
        for run in range(runs):
            time.sleep(0.3)  # the previous rebuild's files have settled
            saved = time.perf_counter()
            if run % 2 == 0:
                add_sentence(run)
            else:
                edited.write_text(unedited, "utf-8")
            done = next_line(r": rebuilt ")
            results.setdefault("watch", []).append({"s": done - saved, "self_mb": _peak_mb(watcher.pid), "tree_mb": 0.0})
        print(f"  {'watch':<15} {statistics.median(r['s'] for r in results['watch']):7.2f} s", flush=True)
    except RuntimeError as failure:
        print(f"  watch FAILED, {failure}", flush=True)
        failed["watch"] = str(failure)
        results.pop("watch", None)
    finally:
        watcher.send_signal(signal.SIGINT)
        try:
            watcher.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(watcher.pid, signal.SIGKILL)
            watcher.wait()
        edited.write_text(unedited, "utf-8")


def _peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status")
    found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.MULTILINE) if status.exists() else None
    return int(found.group(1)) / 1024 if found else 0.0


def machine() -> dict:
    def first(path: str, key: str) -> str:
        return next((l.split(":", 1)[1].strip() for l in Path(path).read_text().splitlines() if l.startswith(key)), "?")

    def version(tool: str) -> str:
        if not shutil.which(tool):
            return "missing"
        return (subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout.splitlines() or ["?"])[0]

    return {"cpu": first("/proc/cpuinfo", "model name"), "nproc": os.cpu_count(),
            "memory_gb": round(int(first("/proc/meminfo", "MemTotal").split()[0]) / 2**20, 1),
            "python": platform.python_version(), "pdflatex": version("pdflatex"), "pandoc": version("pandoc")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case (default 3); the median is reported")
    parser.add_argument("--quick", action="store_true", help="one run per case")
    parser.add_argument("--only", action="append", choices=CASES, metavar="CASE", help=f"run only this case (repeatable): {', '.join(CASES)}")
    parser.add_argument("--no-10k", dest="big", action="store_false",
                        help=f"leave out the 10,000-question cases ({', '.join(BIG_CASES)}), which take several minutes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a hung command is killed (default 300)")
    args = parser.parse_args()
    global TIMEOUT_S
    TIMEOUT_S = args.timeout
    runs = 1 if args.quick else args.runs
    wanted = lambda case: (not args.only or case in args.only) and (args.big or case not in BIG_CASES)
    tmp = Path(tempfile.mkdtemp(prefix="guidegen-bench-"))
    # Every edit of this run says this run's own word: guidegen keeps conversions and check
    # reports in the user's cache, and an edit a run before made must not be served from it.
    token = "run" + "".join(random.SystemRandom().choice("abcdefghijkmnpqrstuvwxyz") for _ in range(6))
    # guidegen's modules compiled once, as an installed package has them (pip compiles
    # them; an editable install where PYTHONDONTWRITEBYTECODE is set would compile every
    # module at every start, which no user's command pays).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "guidegen")], check=True, stdout=subprocess.DEVNULL)
    if not args.keep:  # atexit: also when a set-up build fails or on Ctrl-C
        atexit.register(shutil.rmtree, tmp, True)
    results: dict[str, list[dict]] = {}
    failed: dict[str, str] = {}
    info = machine()
    print(f"Machine: {info['cpu']}, nproc {info['nproc']}, {info['memory_gb']} GB RAM; Python {info['python']}\n"
          f"         {info['pdflatex']}; {info['pandoc']}")
    print(f"Working in {tmp}, {runs} run{'s' * (runs > 1)} per case", flush=True)

    def gg(project: Path, out: Path, *extra: str) -> list[str]:
        return [sys.executable, "-c", PROBE, "build", "-q", "--project", str(project), "--out", str(out), *extra]

    def once(command: list[str], limit: float | None = None) -> dict:  # an untimed set-up build
        try:
            return timed(command, tmp, limit=limit)
        except RuntimeError as failure:
            raise SystemExit(f"set-up build failed, {failure}") from None

    def measure(case: str, command, prepare=None, limit: float | None = None) -> None:
        """command: a list, or a function of the run number giving one; limit: seconds
        before a run is taken for hung (default --timeout)."""
        if not wanted(case):
            return
        for run in range(runs):
            if prepare:
                prepare(run)
            argv = command(run) if callable(command) else command
            try:
                result = timed(argv, tmp, tmp / "rss" if argv[0] == sys.executable else None, limit)
            except RuntimeError as failure:  # report it and go on with the other cases
                print(f"  {case} FAILED, {failure}", flush=True)
                failed[case] = str(failure)
                results.pop(case, None)
                return
            said = result.pop("stderr").strip()
            if said and argv[0] == sys.executable:  # a quiet build that succeeds should say nothing
                print(f"  {case}, run {run + 1}: exit 0 but stderr has {len(said.splitlines())} lines: {said.splitlines()[0][:120]}")
            results.setdefault(case, []).append(result)
        times = [r["s"] for r in results[case]]
        print(f"  {case:<15} {statistics.median(times):7.2f} s", flush=True)

    fresh = lambda folder: (lambda _: shutil.rmtree(folder, ignore_errors=True))

    # 1-3: the ML guide, copied so the edits never touch the repository.
    ml = tmp / "ml"
    for folder in ("content", "figures", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, ml / folder, ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"))
    ml_out = ml / "out"
    measure("cold", gg(ml, ml_out), fresh(ml_out))
    if not (ml_out / "guide-answers.pdf").exists() and {"edit-mid", "edit-last", "watch", "noop", "pandoc"} & set(args.only or CASES):
        once(gg(ml, ml_out))
    # Edit in the middle: a sentence added to the answer of a question half-way through the
    # guide, long enough to move the pages after it. Each run starts from a build of the
    # unedited bank and adds a sentence of its own.
    middle = ml / "content" / "deep-learning" / "batch-normalization-backpropagation.md"
    if not middle.exists():
        middle = sorted((ml / "content").rglob("*.md"))[len(list((ml / "content").rglob("*.md"))) // 2]
    unedited = middle.read_text("utf-8")

    def add_sentence(run: int) -> None:
        middle.write_text(unedited.rstrip("\n") + f"\n\nEdit {run + 1} of {token}: a sentence added in the middle of the bank, long "
                          "enough to take two more lines of the key, so every page after it moves down.\n", "utf-8")

    def mid_edit(run: int) -> None:
        middle.write_text(unedited, "utf-8")
        once(gg(ml, ml_out))
        before = question_places(ml_out / ".work" / "guide-answers.heights")
        add_sentence(run)
        moved.append(before)

    moved: list[dict] = []
    measure("edit-mid", gg(ml, ml_out), mid_edit)
    if moved and moved[-1] == question_places(ml_out / ".work" / "guide-answers.heights"):
        print("  (edit-mid moved no later question on its page: make its sentence longer)")
    middle.write_text(unedited, "utf-8")
    # Edit at the end: a word appended to the last plain-prose line of the last question's
    # answer (a new word each run, so every run really has something to rebuild).
    edited = ml / "content" / "evaluation" / "f1-harmonic-mean.md"
    if not edited.exists():
        edited = min((ml / "content").rglob("*.md"))
    lines = edited.read_text("utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if line[:1].isalpha())

    def edit(run: int) -> None:
        edited.write_text("\n".join(lines[:last] + [f"{lines[last]} edit{run + 1}{token}"] + lines[last + 1:]) + "\n", "utf-8")

    measure("edit-last", gg(ml, ml_out), edit)
    if wanted("watch"):
        measure_watch(ml, ml_out, middle, unedited, add_sentence, runs, results, failed)
    measure("noop", gg(ml, ml_out))
    checking = [sys.executable, "-c", PROBE, "check", "--project", str(ml)]
    if wanted("check-noop") or wanted("check-edit"):
        once(checking)  # the report to give again
    measure("check-noop", checking)
    measure("check-edit", checking, lambda run: edited.write_text(
        "\n".join(lines[:last] + [f"{lines[last]} checked{run + 1}{token}"] + lines[last + 1:]) + "\n", "utf-8"))

    # 4: the 1,000-question bank, and 30-question booklets cut from it vs the same 30 as a bank.
    big = generate(tmp / "big", 1000, seed=1)
    small = tmp / "bank30"
    (small / "content").mkdir(parents=True)
    shutil.copy(big / "content" / "guide.yaml", small / "content" / "guide.yaml")
    shutil.copytree(big / "content" / "booklet-30", small / "content" / "booklet-30")
    measure("scale", gg(big, big / "out"), fresh(big / "out"))
    if wanted("noop1k") and not (big / "out" / "guide-answers.pdf").exists():
        once(gg(big, big / "out"))
    measure("noop1k", gg(big, big / "out"))
    measure("booklet", gg(big, tmp / "booklet-out", "--topic", "booklet-30"), fresh(tmp / "booklet-out"))
    measure("bank30", gg(small, small / "out"), fresh(small / "out"))
    # Warm: as a study group cuts booklets, into the folder of an earlier build of the bank;
    # a new name each run so the booklet's LaTeX starts from nothing.
    if wanted("booklet-warm") and not (big / "out" / "guide-answers.pdf").exists():
        once(gg(big, big / "out"))
    if wanted("bank30-warm") and not (small / "out" / "guide-answers.pdf").exists():
        once(gg(small, small / "out"))
    measure("booklet-warm", lambda run: gg(big, big / "out", "--topic", "booklet-30", "--name", f"warm{run}"))
    measure("bank30-warm", lambda run: gg(small, small / "out", "--name", f"warm{run}"))

    # 5: ten times the bank: the build, and the booklet cut into the folder of its build.
    if wanted("scale10k") or wanted("booklet10k-warm"):
        huge = generate(tmp / "huge", 10_000, seed=1)
        limit = 4 * TIMEOUT_S  # ten times the work; a hang is still caught
        measure("scale10k", gg(huge, huge / "out"), fresh(huge / "out"), limit)
        if wanted("booklet10k-warm") and not (huge / "out" / "guide-answers.pdf").exists():
            once(gg(huge, huge / "out"), limit)
        measure("booklet10k-warm", lambda run: gg(huge, huge / "out", "--topic", "booklet-30", "--name", f"warm{run}"), limit=limit)

    # 6: the baseline.
    if shutil.which("pandoc"):
        for case, project, figures in (("pandoc", ml, ml_out / ".work" / "figures"), ("pandoc1k", big, None)):
            if wanted(case):
                if figures and not figures.is_dir():
                    print(f"  ({figures} is missing: the pandoc ML guide has no figures)")
                    figures = None
                (tmp / f"{case}.md").write_text(bank_markdown(project, figures), "utf-8")
                measure(case, ["pandoc", f"{case}.md", "--toc", "--pdf-engine=pdflatex", "-o", f"{case}.pdf"])
    else:
        print("pandoc is missing: install it with `apt-get install pandoc`; skipping the baseline ratios")

    stats = {}
    for case, values in results.items():
        times = [v["s"] for v in values]
        stats[case] = {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
                       "peak_self_mb": max(v["self_mb"] for v in values), "peak_tree_mb": max(v["tree_mb"] for v in values)}
    print(f"\n{'case':<15} {'median s':>9} {'min s':>7} {'max s':>7} {'self MB':>8} {'tree MB':>8}")
    for case, s in stats.items():
        own = "" if case.startswith("pandoc") else f"{s['peak_self_mb']:8.0f}"  # pandoc has no "self" to probe
        print(f"{case:<15} {s['median_s']:9.2f} {s['min_s']:7.2f} {s['max_s']:7.2f} {own:>8} {s['peak_tree_mb']:8.0f}")

    checks = {}
    for name, (a, b, bar) in RATIOS.items():
        if a in stats and (b is None or b in stats):
            value = stats[a]["median_s"] / (stats[b]["median_s"] if b else 1)
            checks[name] = {"value": value, "bar": bar, "pass": bar is None or value <= bar}
    peaks = [s["peak_self_mb"] for case, s in stats.items() if not case.startswith("pandoc") and case not in BIG_CASES]
    if peaks:
        checks["peak MB (guidegen process)"] = {"value": max(peaks), "bar": MEMORY_BAR_MB, "pass": max(peaks) <= MEMORY_BAR_MB}
    big = [s["peak_self_mb"] for case, s in stats.items() if case in BIG_CASES]
    if big:  # the bar is for the 1,000-question bank; ten times the bank, for information
        checks["peak MB at 10,000 questions"] = {"value": max(big), "bar": None, "pass": True}
    print()
    for name, c in checks.items():
        verdict = "(for information)" if c["bar"] is None else f"bar <= {c['bar']:<5g} {'PASS' if c['pass'] else 'FAIL'}"
        print(f"{name:<38} {c['value']:8.2f}  {verdict}")

    for case in failed:
        print(f"{case}: FAILED (see above); its ratios are left out")
    target = REPO / "bench" / "out"
    target.mkdir(exist_ok=True)
    (target / "results.json").write_text(json.dumps(
        {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": info, "runs": runs, "cases": stats, "checks": checks, "failed": failed, "raw": results}, indent=1))
    print(f"\nwrote {target / 'results.json'}")
    if args.keep:
        print(f"kept {tmp}")


if __name__ == "__main__":
    main()
