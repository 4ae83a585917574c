"""`guidegen check --stress 1000` on a bank of parameterised questions: quick, and it
finds what a handful of draws misses."""

from __future__ import annotations

import re
import time

from conftest import guidegen, make_project, question_file

GUIDE = "title: T\ntopics:\n  - slug: stats\n    name: Statistics\n"
# k = 0 in about 1 draw in 100 (a division by zero); m = 50 in 1 in 100 (two options
# print 50); u > 3 rejects 3 of every 10 candidates (u is 1 to 10).
PLANTED = question_file("planted", "Planted", "[stats]", "easy",
                        "Ratio {{ratio:.2f}}, u {{u}}, m {{m}}.\n\n- [x] {{m}}\n- [ ] {{100 - m}}\n- [ ] {{m + 1000}}", "Yes.",
                        "params:\n  k: {int: [0, 99]}\n  u: {int: [1, 10]}\n  m: {int: [1, 100]}\n"
                        "compute:\n  ratio: 10 / k\nrequire: u > 3\n")
LONG = question_file("long", "Long", "[stats]", "easy", "Rate {{x * 1e6:f}} per second?", "Yes.",
                     "params:\n  x: {float: [1, 2]}\n")
BINOMIAL = question_file("binomial", "Binomial", "[stats]", "easy", "n = {{n}}, p = {{p}}: mean?", "{{mean}}",
                         "params:\n  n: {int: [20, 60]}\n  p: {choice: [0.1, 0.2, 0.25]}\ncompute:\n  mean: n * p\n")


def test_stress_reports_the_planted_problems_in_seconds(tmp_path):
    project = make_project(tmp_path, {"planted.md": PLANTED, "binomial.md": BINOMIAL, "long.md": LONG}, GUIDE)
    assert guidegen(project, "check").returncode == 0  # a handful of draws misses all three
    started = time.monotonic()
    result = guidegen(project, "check", "--stress", "1000")
    took = time.monotonic() - started
    assert took < 15, f"--stress 1000 took {took:.1f} s"
    assert result.returncode == 1
    rate = re.search(r"content/planted\.md:12: require rejected ([\d,]+) of ([\d,]+) candidate draws \((\d+)%\)", result.stdout)
    assert rate, result.stdout
    assert 25 <= int(rate.group(3)) <= 35
    zero = re.search(r"content/planted\.md:11: error: --stress: division by zero in (\d+) of 1,000 draws", result.stderr)
    assert zero and 3 <= int(zero.group(1)) <= 30, result.stderr
    same = re.search(r"content/planted\.md:17: error: --stress: in (\d+) of 1,000 draws options 1 and 2 both print '50'", result.stderr)
    assert same and 3 <= int(same.group(1)) <= 30, result.stderr
    # The spread a student could guess from: n * p over n 20..60 and three p's.
    assert re.search(r"content/binomial\.md: mean: 2 to 15, \d+ distinct values", result.stdout), result.stdout
    # A number that breaks the line: a warning with its line and an example.
    assert re.search(r"content/long\.md:9: warning: --stress: in 1,000 of 1,000 draws a value prints as '\d{7}\.\d{6}' "
                     r"\(14 characters\), which may not fit its line", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_stress_passes_a_sound_bank_and_check_alone_draws_a_handful(tmp_path):
    project = make_project(tmp_path, {"binomial.md": BINOMIAL}, GUIDE)
    result = guidegen(project, "check", "--stress")
    assert result.returncode == 0, result.stderr
    assert "content/binomial.md: 1,000 draws" in result.stdout
    assert "draws" not in guidegen(project, "check").stdout
