"""Benchmark guidegen against pandoc, side by side on this machine, in one run.

    make bench                      # or: .venv/bin/python bench/run.py [--runs 5] [--quick] [--only CASE]

Cases (medians of several runs; peak memory is guidegen's own Python process):
  cold      fresh output folder, the ML guide, both PDFs, all figures drawn
  edit      one answer changed, rebuild both PDFs
  noop      rebuild with nothing changed
  scale     a synthetic bank of 1,000 questions (bench/synth.py), both PDFs, cold
  booklet   a 30-question topic booklet cut from that bank into the folder of its full
            build (as a study group does: build the bank, then cut booklets), new name
  bank30    the same 30 questions as a bank of their own, measured the same way
  pandoc    pandoc --toc with pdflatex, one PDF of the ML guide (the figures guidegen drew)
  pandoc1k  the same for the 1,000-question bank
Results also go to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.synth import generate  # noqa: E402

BARS = {  # ratio or seconds, from the issue
    "edit / pandoc": 1.0,
    "scale / pandoc1k": 1.0,
    "booklet / bank30": 1.3,
    "noop seconds": 0.3,
    "peak MB": 300,
}


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of the command's own process (os.wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def guidegen(*args: str) -> list[str]:
    return [sys.executable, "-m", "guidegen", *args]


def bank_markdown(project: Path, figure_dir: Path | None) -> str:
    """The bank as one Markdown document for pandoc: a section per topic, a subsection per
    question, the answer after a bold label; figures as the PDFs guidegen drew."""
    import yaml

    from guidegen.texescape import MATH_SYMBOLS

    guide = yaml.safe_load((project / "content" / "guide.yaml").read_text())
    questions = {}
    for path in sorted((project / "content").rglob("*.md")):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        questions.setdefault(meta["topics"][0], []).append((meta.get("order", 0), path.name, meta["title"], body))
    out = [f"---\ntitle: \"{guide['title']}\"\n---\n"]
    for topic in guide["topics"]:
        out.append(f"# {topic['name']}\n")
        for _, _, title, body in sorted(questions.get(topic["slug"], [])):
            body = body.replace("\n## Answer\n", "\n**Answer.**\n")
            if figure_dir is not None:
                body = re.sub(r"!\[([^\]]*)\]\(([^)]+)\.py\)", lambda m: f"![{m.group(1)}]({figure_dir}/{m.group(2)}.pdf)", body)
            out.append(f"## {title}\n\n{body}\n")
    text = "\n".join(out)
    # pdflatex through pandoc's template has no mapping for symbols like ≈: give it math.
    return "".join(f"${MATH_SYMBOLS[c]}$" if c in MATH_SYMBOLS and ord(c) > 255 else c for c in text)


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    memory = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "0")
    first_line = lambda cmd: (subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines() or ["missing"])[0]
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(memory) / 2**20, 1),
        "python": platform.python_version(), "pdflatex": first_line(["pdflatex", "--version"]),
        "pandoc": first_line(["pandoc", "--version"]) if shutil.which("pandoc") else "missing",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run per case")
    parser.add_argument("--only", action="append", help="run only these cases")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    wanted = lambda case: not args.only or case in args.only
    tmp = Path(tempfile.mkdtemp(prefix="guidegen-bench-"))
    results: dict[str, list[tuple[float, float]]] = {}

    def measure(case: str, command: list[str], prepare=None, cwd=None) -> None:
        if not wanted(case):
            return
        for run in range(runs):
            if prepare:
                prepare(run)
            results.setdefault(case, []).append(timed(command, cwd))
        print(f"  {case:9s} {statistics.median(t for t, _ in results[case]):7.2f} s", flush=True)

    print(f"Benchmarking in {tmp} ({runs} run{'s' if runs > 1 else ''} per case)", flush=True)
    ml = tmp / "ml"
    for folder in ("content", "figures"):
        shutil.copytree(REPO / folder, ml / folder)
    out = ml / "out"
    measure("cold", guidegen("build", "-q", "--project", str(ml), "--out", str(out)), lambda _: shutil.rmtree(out, ignore_errors=True))
    if not (out / "guide-answers.pdf").exists():
        timed(guidegen("build", "-q", "--project", str(ml), "--out", str(out)))
    edited = ml / "content" / "evaluation" / "f1-harmonic-mean.md"
    original = edited.read_text("utf-8")

    def edit(run: int) -> None:  # a new sentence each time, so every run really rebuilds
        edited.write_text(original.rstrip("\n") + f" Every extra sentence, like number {run + 1}, makes the answer longer.\n", "utf-8")

    measure("edit", guidegen("build", "-q", "--project", str(ml), "--out", str(out)), edit)
    measure("noop", guidegen("build", "-q", "--project", str(ml), "--out", str(out)))

    big = generate(tmp / "big", 1000, seed=1)
    small = tmp / "bank30"
    (small / "content").mkdir(parents=True)
    shutil.copy(big / "content" / "guide.yaml", small / "content" / "guide.yaml")
    shutil.copytree(big / "content" / "booklet-30", small / "content" / "booklet-30")
    fresh = lambda folder: (lambda _: shutil.rmtree(folder, ignore_errors=True))
    measure("scale", guidegen("build", "-q", "--project", str(big), "--out", str(big / "out")), fresh(big / "out"))
    # A booklet is cut from a bank built before, into the same build folder, as a study
    # group does; a new name each run, so its LaTeX starts from nothing. bank30 is the
    # same 30 questions as a bank of their own, measured the same way.
    if wanted("booklet") and not (big / "out").exists():
        timed(guidegen("build", "-q", "--project", str(big), "--out", str(big / "out")))
    timed(guidegen("build", "-q", "--project", str(small), "--out", str(small / "out")))
    booklet = [guidegen("build", "-q", "--project", str(big), "--out", str(big / "out"), "--topic", "booklet-30", "--name", f"b{run}") for run in range(runs)]
    single = [guidegen("build", "-q", "--project", str(small), "--out", str(small / "out"), "--name", f"b{run}") for run in range(runs)]
    if wanted("booklet"):
        results["booklet"] = [timed(command) for command in booklet]
    if wanted("bank30"):
        results["bank30"] = [timed(command) for command in single]

    if shutil.which("pandoc"):
        for case, project, figures in (("pandoc", ml, out / ".work" / "figures"), ("pandoc1k", big, None)):
            if wanted(case):
                (tmp / f"{case}.md").write_text(bank_markdown(project, figures), "utf-8")
                measure(case, ["pandoc", f"{case}.md", "--toc", "--pdf-engine=pdflatex", "-o", f"{case}.pdf"], cwd=tmp)
    else:
        print("pandoc is missing (apt-get install pandoc): no baseline ratios")

    median = {case: statistics.median(t for t, _ in values) for case, values in results.items()}
    print("\n{:<10} {:>8} {:>8} {:>8} {:>9}".format("case", "median s", "min s", "max s", "peak MB"))
    for case, values in results.items():
        times = [t for t, _ in values]
        peak = max(m for _, m in values)
        print(f"{case:<10} {median[case]:8.2f} {min(times):8.2f} {max(times):8.2f} {peak:9.0f}" + ("" if case.startswith("pandoc") else ""))
    ratios = {}
    for name, (a, b) in {"edit / pandoc": ("edit", "pandoc"), "scale / pandoc1k": ("scale", "pandoc1k"), "booklet / bank30": ("booklet", "bank30")}.items():
        if a in median and b in median:
            ratios[name] = median[a] / median[b]
    if "noop" in median:
        ratios["noop seconds"] = median["noop"]
    guidegen_peaks = [m for case, values in results.items() if not case.startswith("pandoc") for _, m in values]
    if guidegen_peaks:
        ratios["peak MB"] = max(guidegen_peaks)
    print()
    for name, value in ratios.items():
        verdict = "PASS" if value <= BARS[name] else "FAIL"
        print(f"{name:<18} {value:7.2f}   (bar <= {BARS[name]:g})  {verdict}")
    info = machine()
    print(f"\nMachine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; Python {info['python']}; {info['pdflatex']}; {info['pandoc']}")
    target = REPO / "bench" / "out"
    target.mkdir(exist_ok=True)
    (target / "results.json").write_text(json.dumps({"machine": info, "runs": runs, "median_s": median, "ratios": ratios,
                                                      "raw": results}, indent=1))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
