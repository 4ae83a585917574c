"""Parsed math shared between the figures a worker draws (guidegen/figures/mathcache.py):
the same bytes as matplotlib draws without the sharing, whatever the scripts before
changed, and a label parsed once however often the figure is drawn."""

from __future__ import annotations

from pathlib import Path

from guidegen import cache
from guidegen.figures.draw import draw_all, draw_one, plan

LABELS = "    ax = fig.subplots()\n    ax.set_xlabel(r'$x^2 + \\alpha$')\n    ax.set_ylabel(r'$\\sqrt{y}$')\n"
PLAIN = "def draw(fig):\n" + LABELS
# mathtext.default is not part of the style guidegen sets before each script, and the
# parse reads it: a parse kept from the script before must not be given to this one.
REGULAR = "import matplotlib\n\n\ndef draw(fig):\n    matplotlib.rcParams['mathtext.default'] = 'regular'\n" + LABELS


def scripts(folder: Path, **sources: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, source in sources.items():
        (folder / f"{name}.py").write_text(source)
        paths.append(folder / f"{name}.py")
    return paths


def test_a_script_that_changes_a_math_setting_draws_as_it_would_in_a_worker_of_its_own(tmp_path: Path):
    store = cache.Cache(None)
    # One worker draws the plain script, then the one that changes the setting...
    after = scripts(tmp_path / "after", plain=PLAIN, regular=REGULAR)
    draw_all(plan([(s, tmp_path / "out-after" / f"{s.stem}.svg") for s in after], store), store, workers=1)
    # ...another worker draws only the latter (a comment apart, so nothing is copied from the cache).
    alone = scripts(tmp_path / "alone", regular=REGULAR + "# drawn alone\n")
    draw_all(plan([(alone[0], tmp_path / "out-alone" / "regular.svg")], store), store, workers=1)
    plain = (tmp_path / "out-after" / "plain.svg").read_bytes()
    regular = (tmp_path / "out-after" / "regular.svg").read_bytes()
    assert regular != plain  # the setting shows: upright letters where the plain script has italic ones
    assert regular == (tmp_path / "out-alone" / "regular.svg").read_bytes()


def test_a_figure_drawn_again_parses_no_label_again(tmp_path: Path, monkeypatch):
    from matplotlib import _mathtext

    parsed: list[str] = []
    parse = _mathtext.Parser.parse
    monkeypatch.setattr(_mathtext.Parser, "parse", lambda self, s, *rest: parsed.append(s) or parse(self, s, *rest))
    script = scripts(tmp_path, labels=PLAIN + "    ax.set_title(r'$\\beta_{17}$ once')\n")[0]
    assert draw_one(script, tmp_path / "first.pdf") is None
    assert r"$\beta_{17}$ once" in parsed  # (the check below would pass if the parser were never reached)
    parsed.clear()
    assert draw_one(script, tmp_path / "again.pdf") is None
    assert parsed == []
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "again.pdf").read_bytes()


def test_a_matplotlib_whose_parse_takes_other_arguments_keeps_its_own_cache(monkeypatch):
    from matplotlib.mathtext import MathTextParser

    from guidegen.figures import mathcache

    def other(self, s, dpi, prop, antialiased):  # what a later matplotlib might have
        return None

    monkeypatch.setattr(MathTextParser, "_parse_cached", other)
    mathcache.install()
    assert MathTextParser._parse_cached is other
