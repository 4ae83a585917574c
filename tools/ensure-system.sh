#!/usr/bin/env bash
# Make sure every system tool the build and the tests use is installed: TeX Live with the
# LaTeX packages the templates load (LuaLaTeX and its fallback fonts too, for scripts that
# pdfLaTeX cannot print), and poppler-utils (pdftotext, pdfinfo, pdftoppm) that the tests
# read PDFs back with. Installs what is missing with apt-get (as root, or through
# sudo); otherwise says exactly what to install and fails.
set -euo pipefail

PACKAGES="texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-pictures lmodern
texlive-luatex fonts-lmodern fonts-dejavu-core fonts-noto-cjk fontconfig librsvg2-bin poppler-utils"
# Style files the templates load that live outside texlive-latex-base.
STYLES="truncate.sty fontspec.sty luaotfload.sty luatex85.sty twemojis.sty accsupp.sty lastpage.sty enumitem.sty tabularx.sty mathtools.sty microtype.sty lmodern.sty fancyhdr.sty caption.sty pdfpages.sty mylatexformat.ltx"
COMMANDS="pdflatex lualatex kpsewhich fc-list rsvg-convert pdftotext pdfinfo pdftoppm"
# Fonts LuaLaTeX falls back to for scripts Latin Modern lacks (Cyrillic, Chinese, Japanese, Korean).
FONTS="DejaVu Serif|Noto Serif CJK SC"

missing() {
  for tool in $COMMANDS; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool"; return; }
  done
  for style in $STYLES; do
    [ -n "$(kpsewhich "$style")" ] || { echo "$style"; return; }
  done
  local IFS="|"
  for font in $FONTS; do
    [ -n "$(fc-list "$font")" ] || { echo "the font $font"; return; }
  done
}

first=$(missing)
[ -z "$first" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "$first is missing. Install the system tools, then run make again:" >&2
  echo "  sudo apt-get install $PACKAGES" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$first is missing and this is not a Debian/Ubuntu system. Install TeX Live (pdflatex with" >&2
  echo "the LaTeX packages: $STYLES) and poppler's command-line tools ($COMMANDS)." >&2
  exit 1
fi

echo "Installing TeX Live and poppler-utils with apt-get ($first is missing; a few minutes, once)..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
still=$(missing)
[ -z "$still" ] || { echo "The system tools were installed but $still is still missing" >&2; exit 1; }
