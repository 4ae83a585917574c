#!/usr/bin/env bash
# Make sure the tools only the tests use are installed: Debian's chromium, which the
# page's browser tests drive with Playwright (Playwright's own browser download is not
# used). Not a tool guidegen needs, so not in guidegen/toolchain.txt (`guidegen doctor`).
# Installs it with apt-get (as root, or through sudo); otherwise says what to install.
set -euo pipefail

command -v chromium >/dev/null 2>&1 && exit 0

. "$(dirname "$0")/privilege.sh"
if ! can_install; then
  echo "chromium is missing (the browser tests drive it). Install it, then run make again:" >&2
  echo "  sudo apt-get install chromium" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and this is not a Debian/Ubuntu system: install Chromium so that 'chromium'" >&2
  echo "is on the PATH, or run the tests without the browser ones: pytest -m 'not browser'" >&2
  exit 1
fi

echo "Installing chromium with apt-get, for the browser tests (once)..." >&2
export DEBIAN_FRONTEND=noninteractive
# Another install may hold apt's lock: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "chromium was installed but is not on the PATH" >&2; exit 1; }
