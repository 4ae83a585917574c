"""A project's templates are untrusted: whatever they ask of the sandbox, `check` answers
with one line at the template's file and line, quickly and in modest memory. The hostile
templates run in one child process whose address space is limited to 1.5 GB: a template
that makes what it asks for fails with MemoryError there, instead of swapping the machine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import make_project, question_file

GUIDE = "title: Untrusted\ntopics:\n  - slug: t\n    name: Topic\n"

# Each asks for gigabytes, or for a loop without end, in one of the ways Jinja allows.
HOSTILE = [
    '((( range(200000000)|length )))',
    '((( ("x" * 3000000000)|length )))',
    '((( (["x"] * 3000000000)|length )))',
    '((( ("x" + "y") * 2000000000 )))',
    '((( 10 ** 1000000000 )))',
    '((( "x".ljust(3000000000)|length )))',
    '((( "x".center(3000000000)|length )))',
    '((( "x".zfill(3000000000)|length )))',
    '((( ("\\t" * 1000).expandtabs(3000000)|length )))',
    '((( ("x" * 1000).replace("x", "y" * 1000000)|length )))',
    '((( ("y" * 100000).join(["x"] * 100000)|length )))',
    '((( "{:3000000000}".format(1)|length )))',
    '((( "{0}{0}{0}{0}{0}{0}{0}{0}".format("x" * 1000000)|length )))',
    '((( ("%3000000000d" % 1)|length )))',
    '((( (1).to_bytes(3000000000, "big")|length )))',
    '((( "x"|center(3000000000)|length )))',
    '((( ("x\\n" * 1000000)|indent(1000)|length )))',
    '((( ("x " * 1000000)|wordwrap(1, wrapstring="y" * 1000)|length )))',
    '((( (["x" * 4000000] * 4000000)|join|length )))',
    '((( ["x"]|join("y" * 4000000)|length ~ (["x"] * 100)|join("y" * 4000000)|length )))',
    '((( ("x" * 1000)|replace("x", "y" * 100000)|length )))',
    '((( "%s%s%s%s%s%s%s%s"|format(*(["x" * 1000000] * 8))|length )))',
    '((( ["x"]|batch(3000000000, "y")|list|length )))',
    '((( [1]|slice(3000000000)|list|length )))',
    '((( ([["x"] * 1000000] * 1000)|sum(start=[])|length )))',
    '((( lipsum(100000, max=100000)|length )))',
    '((( ("\\\\" * 4000000)|tex|length )))',
    '((( ["x" * 4000000] * 4000000 )))',
    '((( (["x" * 4000000] * 4000000)|string|length )))',
    '((* set ns = namespace(s="x") *))((* for i in range(40) *))((* set ns.s = ns.s ~ ns.s *))((* endfor *))((( ns.s|length )))',
    '((* macro f(s) *))((( f(s ~ s) )))((* endmacro *))((( f("x") )))',
    '((* for i in range(100000) *))((* for j in range(100000) *))x((* endfor *))((* endfor *))',
    '((* for i in range(100000) *))((* for j in range(100000) *))((( "x" * 1000 )))((* endfor *))((* endfor *))',
    '((* for i in "x" * 4000000 *))((* for j in "x" * 4000000 *))((* endfor *))((* endfor *))',
    # Plain mistakes: each one line too, never a traceback.
    '((( undefined_thing )))',
    '((( [1, 2] + 3 )))',
    '((( 1 / 0 )))',
    '((( {}["missing"] )))',
    '((* macro f() *))((( f() )))((* endmacro *))((( f() )))',
]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
from click.testing import CliRunner
from guidegen.cli import main

root, cases = Path(sys.argv[1]), json.loads(sys.argv[2])
results = []
for case in cases:
    (root / "templates" / "cover.tex.j2").write_text("Cover\n" + case + "\n")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    results.append({"case": case, "code": result.exit_code, "output": result.output,
                    "exception": repr(result.exception) if result.exception and not isinstance(result.exception, SystemExit) else None,
                    "seconds": time.monotonic() - started})
print(json.dumps(results))
"""


def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p", {"q.md": question_file("q", "Fine", "[t]", "easy", "Why?", "Because.")}, GUIDE)
    (root / "templates").mkdir()
    return root


def run_cases(root: Path, cases: list[str]) -> list[dict]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(root), json.dumps(cases)], cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_hostile_templates_fail_fast_with_one_line_in_modest_memory(tmp_path: Path):
    root = project(tmp_path)
    wrong = []
    for result in run_cases(root, HOSTILE):
        lines = result["output"].splitlines()
        fine = (result["code"] == 1 and result["exception"] is None and len(lines) == 2 and "Traceback" not in result["output"]
                and lines[0].startswith("templates/cover.tex.j2:2: error: ")
                and "MemoryError" not in lines[0] and len(lines[0]) < 400
                and lines[1] == "Error: 1 problem found; nothing was written." and result["seconds"] < 30)
        if not fine:
            wrong.append(result)
    assert not wrong, json.dumps(wrong, indent=1)[:6000]


def test_limits_name_what_was_asked(tmp_path: Path):
    root = project(tmp_path)
    results = run_cases(root, ['((( ("x" * 3000000000)|length )))', '((( range(200000000)|length )))',
                               '((( "x".ljust(3000000000) )))'])
    first = [r["output"].splitlines()[0] for r in results]
    assert first[0] == ("templates/cover.tex.j2:2: error: template error: '*' would make 3,000,000,000 characters or items; "
                        "a template may make at most 5,000,000"), first[0]
    assert first[1].startswith("templates/cover.tex.j2:2: error: template error: Range too big."), first[1]
    assert "ljust() would make 3,000,000,000" in first[2], first[2]


def test_what_ordinary_templates_do_still_works(tmp_path: Path):
    root = project(tmp_path)
    ordinary = ('((( "x" * 3 ~ "y" )))((( [1, 2]|sum )))((( "%s-%d" % ("a", 3) )))((( "{}!".format("ok") )))'
                '((( "ab"|center(6) )))((( ["a", "b"]|join(", ") )))((( "a b c"|wordwrap(2) )))((( 2 ** 10 )))'
                '((( [1] + [2] )))((( "a".ljust(3) )))((( "a\nb"|indent(2) )))((* for i in range(1000) *))((( i )))((* endfor *))'
                '((( lipsum(1)|length > 0 )))((( "x\\\\y"|tex )))')
    [result] = run_cases(root, [ordinary])
    assert result["code"] == 0, result
    assert result["output"].startswith("OK: "), result
