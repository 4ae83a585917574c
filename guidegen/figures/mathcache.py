"""One cache of parsed math for all the figures a worker draws.

matplotlib parses every math string (here every tick label too: the style sets
axes.formatter.use_mathtext) with pyparsing, and keeps 50 results per parser object.
But each savefig makes new renderers, each with a parser of its own, and constrained
layout draws a figure several times: the ML guide's 19 figures parsed 165 strings 999
times, about half the time of saving them. A parse depends on the parser only through
its output type ("vector" or "raster"; the font sets and the pyparsing grammar are the
class's) and the mathtext settings it reads when it parses, so one parser of each type
stands for all of them here, the settings are part of the key (a script may change
them, and a worker draws one script after another), and the figures come out byte for
byte as they did.
"""

from __future__ import annotations

import functools

SIZE = 2048  # parsed strings kept per worker (a tick label is a few hundred bytes of glyphs)


def install() -> None:
    """Share matplotlib's mathtext parses between parsers of the same output type, in
    this process. Nothing happens where matplotlib's internals are not as expected (the
    figures are then drawn as fast as matplotlib draws them)."""
    import matplotlib
    from matplotlib.mathtext import MathTextParser

    method = getattr(MathTextParser, "_parse_cached", None)
    if method is None or getattr(method, "guidegen_shared", False):
        return
    unwrapped = getattr(method, "__wrapped__", method)
    import inspect

    try:
        names = list(inspect.signature(unwrapped).parameters)
    except (TypeError, ValueError):
        return
    if names != ["self", "s", "dpi", "prop", "antialiased", "load_glyph_flags"]:
        return  # another matplotlib: its own cache serves
    # (the settings ride along in the key only: the parse reads them from rcParams itself)
    parse = functools.lru_cache(SIZE)(lambda parser, s, dpi, prop, antialiased, flags, _settings:
                                      unwrapped(parser, s, dpi, prop, antialiased, flags))
    standing_for: dict[str, MathTextParser] = {}
    settings = sorted(name for name in matplotlib.rcParams if name.startswith("mathtext."))

    def shared(self, s, dpi, prop, antialiased, load_glyph_flags):
        # matplotlib passes its own copy of the font properties (parse() copies them), so
        # a caller that changes its properties later cannot change a key kept here.
        parser = standing_for.setdefault(getattr(self, "_output_type", None), self)
        return parse(parser, s, dpi, prop, antialiased, load_glyph_flags,
                     tuple(str(matplotlib.rcParams[name]) for name in settings))

    shared.guidegen_shared = True
    MathTextParser._parse_cached = shared
