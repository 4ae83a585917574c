#!/usr/bin/env bash
# Make sure every system tool the build and the tests use is installed: TeX Live with the
# LaTeX packages the templates load (LuaLaTeX and its fallback fonts too, for scripts that
# pdfLaTeX cannot print), and poppler-utils (pdftotext, pdfinfo, pdftoppm) that the tests
# read PDFs back with. Installs what is missing with apt-get (as root, or through
# sudo); otherwise says exactly what to install and fails.
set -euo pipefail

# What to check and install comes from guidegen's own list, the one `guidegen doctor` reads.
LIST="$(dirname "$0")/../guidegen/toolchain.txt"
column() {  # column N of the requirements of kind $1 (N: 2 name, 3 apt package)
  awk -F'|' -v kind="$1" -v n="$2" '!/^#/ && NF > 2 { gsub(/^ +| +$/, "", $1); gsub(/^ +| +$/, "", $n); if ($1 == kind) print $n }' "$LIST"
}
# texlive-fonts-recommended: installed since the start, though no file of it is checked.
PACKAGES="$( { column command 3; column texfile 3; column font 3; } | awk '!seen[$0]++' | tr '\n' ' ')texlive-fonts-recommended"
STYLES="$(column texfile 2 | tr '\n' ' ')"
COMMANDS="$(column command 2 | tr '\n' ' ')"
FONTS="$(column font 2 | paste -sd'|')"

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

. "$(dirname "$0")/privilege.sh"
if ! can_install; then
  echo "$first is missing. Install the system tools, then run make again:" >&2
  echo "  sudo apt-get install $PACKAGES" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$first is missing and this is not a Debian/Ubuntu system. Install TeX Live (pdflatex with" >&2
  echo "the LaTeX packages: $STYLES) and poppler's command-line tools ($COMMANDS);" >&2
  echo "'.venv/bin/guidegen doctor' names the package of each for this system." >&2
  exit 1
fi

echo "Installing TeX Live and poppler-utils with apt-get ($first is missing; a few minutes, once)..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
still=$(missing)
[ -z "$still" ] || { echo "The system tools were installed but $still is still missing" >&2; exit 1; }
