"""The expression language of `params`/`compute`/`require` refuses what could run code,
take long or grow large, within a bounded time, and `check` says so at path:line."""

from __future__ import annotations

import time

import pytest

from conftest import guidegen, make_project, question_file
from guidegen.params.evaluate import ExpressionError, Failure, evaluate, parse

GUIDE = "title: T\ntopics:\n  - slug: stats\n    name: Statistics\n"


def _outcome(source: str, values: dict | None = None) -> Failure:
    started = time.monotonic()
    try:
        evaluate(parse(source), values or {"n": 20, "p": 0.25})
    except ExpressionError as exc:
        assert time.monotonic() - started < 1.0, f"{source!r} took {time.monotonic() - started:.2f} s to refuse"
        return exc.failure
    raise AssertionError(f"{source!r} was accepted")


@pytest.mark.parametrize("source", [
    "__import__('os').system('true')",
    "__import__",
    "(1).real",
    "n.__class__",
    "lambda: 1",
    "[x for x in range(10**9)]",
    "sum(x for x in range(10**9))",
    "{x: 1 for x in range(10)}",
    "'a' * 10**9",
    "open('/etc/passwd')",
    "(n := 3)",
    "[1, 2][0]",
    "max(*[1, 2])",
    "round(n, ndigits=2)",
    "(" * 60 + "1" + ")" * 60,
    "+".join(["n"] * 200),
])
def test_disallowed_constructs_are_refused_before_anything_runs(source):
    started = time.monotonic()
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert caught.value.failure is Failure.REFUSED
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("source, failure", [
    ("10**10**10", Failure.TOO_LARGE),
    ("2**100000", Failure.TOO_LARGE),
    ("9**9**9", Failure.TOO_LARGE),
    ("10.0**400", Failure.TOO_LARGE),
    ("factorial(10**6)", Failure.DOMAIN),
    ("comb(10**9, 5)", Failure.DOMAIN),
    ("n * 10**300 * 10**300 * 10**300 * 10**300", Failure.TOO_LARGE),
    ("1 / (n - 20)", Failure.DIVISION_BY_ZERO),
    ("sqrt(-n)", Failure.DOMAIN),
    ("log(0)", Failure.DOMAIN),
    ("(-8) ** (1 / 3)", Failure.DOMAIN),
    ("m + 1", Failure.UNKNOWN_NAME),
])
def test_huge_or_failing_values_are_refused_quickly(source, failure):
    assert _outcome(source) is failure


def test_the_language_computes_what_a_statistics_question_needs():
    values = {"n": 20, "p": 0.25}
    assert evaluate(parse("n * p"), values) == 5.0
    assert evaluate(parse("sqrt(n * p * (1 - p))"), values) == pytest.approx(1.9364916731)
    assert evaluate(parse("comb(n, 2) * p**2 * (1 - p)**18"), values) == pytest.approx(190 * 0.0625 * 0.75**18)
    assert evaluate(parse("round(exp(log(n)), 3)"), values) == 20
    assert evaluate(parse("max(n, 3) if p < 0.5 else min(n, 3)"), values) == 20
    assert evaluate(parse("n >= 10 and p != 0"), values) is True


@pytest.mark.parametrize("compute, message", [
    ("__import__('os').system('touch pwned')", "compute 'bad': '__import__' is not allowed"),
    ("n.real", "compute 'bad': attribute access is not allowed"),
    ("(lambda: n)()", "compute 'bad': a lambda is not allowed"),
    ("[n for n in range(10**9)]", "compute 'bad': a comprehension is not allowed"),
    ("10**10**10", "compute 'bad': an exponent of 1e+10 is too large"),
])
def test_check_refuses_at_the_line_of_the_formula(tmp_path, compute, message):
    extra = f"params:\n  n: {{int: [1, 5]}}\ncompute:\n  bad: \"{compute}\"\n"
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[stats]", "easy", "With {{n}} and {{bad}}.", "Yes.", extra)}, GUIDE)
    started = time.monotonic()
    result = guidegen(project, "check")
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert f"content/q.md:9: error: {message}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "pwned").exists()


def test_names_and_require_are_checked_at_their_lines(tmp_path):
    extra = "params:\n  n: {int: [1, 5]}\ncompute:\n  mean: n * q\n"
    bad_compute = question_file("a", "A", "[stats]", "easy", "n is {{n}} and {{mean}}.", "Yes.", extra)
    extra = "params:\n  n: {int: [1, 5]}\n  unused: {choice: [1, 2]}\n"
    bad_text = question_file("b", "B", "[stats]", "easy", "n is {{n}}, {{n + m}}, x^{{k}}.", "Yes.", extra)
    project = make_project(tmp_path, {"a.md": bad_compute, "b.md": bad_text}, GUIDE)
    result = guidegen(project, "check")
    assert result.returncode == 1
    assert "content/a.md:9: error: compute 'mean': unknown name 'q' (declared before it: n)" in result.stderr
    # {{k}} names nothing declared: it is TeX's, left alone; {{n + m}} mixes both.
    assert "content/b.md:10: error: unknown name 'm' in {{n + m}}" in result.stderr
    assert "'k'" not in result.stderr
    assert "content/b.md:8: warning: 'unused' is declared but never used" in result.stderr

    extra = "params:\n  n: {int: [1, 5]}\nrequire: n > 100\n"
    (tmp_path / "content" / "b.md").unlink()
    (tmp_path / "content" / "a.md").write_text(question_file("q", "Q", "[stats]", "easy", "n is {{n}}.", "Yes.", extra))
    result = guidegen(project, "check")
    assert result.returncode == 1
    assert "content/a.md:8: error: require 'n > 100' was not met by any of 100 draws" in result.stderr


def test_computed_options_alike_are_a_check_error(tmp_path):
    extra = "params:\n  n: {int: [2, 4]}\ncompute:\n  twice: 2 * n\n  plus: n + n\n"
    body = "Twice {{n}}?\n\n- [x] {{twice}}\n- [ ] {{plus}}\n- [ ] {{n}}"
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[stats]", "easy", body, "", extra)}, GUIDE)
    result = guidegen(project, "check")
    assert result.returncode == 1
    assert "content/q.md:15: error: options 1 and 2 both print" in result.stderr, result.stderr


def test_a_format_that_could_be_markup_is_refused_and_braces_for_tex_are_left(tmp_path):
    from guidegen.params.substitute import substitute

    text, _ = substitute("$x^{{2}}$, $x^{{k}}$, {{c1::{{n}}}}, {{n:.2f}}, {{n:05d}}", {"n"}, {"n": 7})
    assert text == "$x^{{2}}$, $x^{{k}}$, {{c1::7}}, 7.00, 00007"
    extra = "params:\n  n: {int: [1, 5]}\n"
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[stats]", "easy", "n is\n{{n:*^9}}.", "Yes.", extra)}, GUIDE)
    result = guidegen(project, "check")
    assert result.returncode == 1
    assert "content/q.md:10: error: {{n:*^9}}: the format '*^9' is not allowed" in result.stderr, result.stderr
    assert "never used" not in result.stderr
