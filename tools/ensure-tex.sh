#!/usr/bin/env bash
# Make sure TeX Live, latexmk and the LaTeX packages the templates use are installed.
# Installs them with apt-get when missing (as root, or through sudo); otherwise says
# exactly what to install and fails.
set -euo pipefail

PACKAGES="texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended lmodern latexmk"
# Style files the templates load that live outside texlive-latex-base.
STYLES="lastpage.sty enumitem.sty tabularx.sty mathtools.sty microtype.sty lmodern.sty fancyhdr.sty caption.sty pdfpages.sty"

have_tex() {
  command -v latexmk >/dev/null 2>&1 && command -v pdflatex >/dev/null 2>&1 && command -v kpsewhich >/dev/null 2>&1 || return 1
  for style in $STYLES; do
    [ -n "$(kpsewhich "$style")" ] || return 1
  done
}

if have_tex; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "TeX Live is missing or incomplete. Install it, then run make again:" >&2
  echo "  sudo apt-get install $PACKAGES" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "TeX Live is missing and this is not a Debian/Ubuntu system. Install TeX Live with latexmk and" >&2
  echo "the LaTeX packages: $STYLES" >&2
  exit 1
fi

echo "Installing TeX Live with apt-get (a few minutes, once)..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
have_tex || { echo "TeX Live was installed but some LaTeX packages are still missing: $STYLES" >&2; exit 1; }
