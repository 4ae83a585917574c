"""Write guidegen/outputs/latex/cmu-coverage.txt: the characters LuaLaTeX prints without DejaVu.

LuaLaTeX sets text in Latin Modern, and a character Latin Modern lacks in CMU (the first
fallback), then DejaVu Serif and DejaVu Sans. Loading the two DejaVu fonts costs about
1.7 s of CPU in every pass, so a document loads them only when it holds a character
outside this table (guidegen/outputs/latex/scriptfonts.py). A character is listed when,
in every Latin Modern face TeX may pick (any size, weight, shape), either that face has
it or every CMU face the fallbacks use has it. The table errs on the side of loading
DejaVu; a character that no loaded font has is an error anyway (engine._check_glyphs).

Run it after the fonts change (needs fonttools, which matplotlib brings):

    .venv/bin/python tools/fallback_coverage.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

TABLE = Path(__file__).resolve().parent.parent / "guidegen" / "outputs" / "latex" / "cmu-coverage.txt"
# Every CMU face a fallback chain of the LuaLaTeX preamble names, and those fontspec may
# pick for bold italic and the sans and typewriter shapes.
CMU_FACES = ("CMU Serif", "CMU Serif:bold", "CMU Serif:italic", "CMU Serif:bold:italic",
             "CMU Sans Serif", "CMU Sans Serif:bold", "CMU Sans Serif:oblique",
             "CMU Typewriter Text", "CMU Typewriter Text:bold")


def charset(path: str) -> set[int]:
    return set(TTFont(path, lazy=True).getBestCmap())


def font_file(pattern: str) -> str:
    found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True).stdout
    if "/cmun" not in found:  # fc-match answers with its nearest font when CMU is missing
        sys.exit(f"error: {pattern} is not installed (fonts-cmu); fc-match offers {found}")
    return found


def coverage() -> set[int]:
    cmu = set.intersection(*(charset(font_file(face)) for face in CMU_FACES))
    lm_dir = Path(subprocess.run(["kpsewhich", "lmroman10-regular.otf"], capture_output=True, text=True,
                                 check=True).stdout.strip()).parent
    lm_faces = sorted(p for p in lm_dir.glob("lm*.otf") if p.name.startswith(("lmroman", "lmsans", "lmmono")))
    return set.intersection(*(charset(str(p)) | cmu for p in lm_faces))


def ranges(codes: set[int]) -> list[str]:
    out, ordered = [], sorted(c for c in codes if c >= 0x20)
    start = prev = ordered[0]
    for code in ordered[1:] + [None]:
        if code is not None and code == prev + 1:
            prev = code
            continue
        out.append(f"{start:04X}" if start == prev else f"{start:04X}-{prev:04X}")
        if code is not None:
            start = prev = code
    return out


def main() -> int:
    lines = ["# Characters LuaLaTeX prints with Latin Modern and CMU alone (tools/fallback_coverage.py).",
             *ranges(coverage())]
    TABLE.write_text("\n".join(lines) + "\n")
    print(f"{TABLE}: {len(lines) - 1} ranges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
