# Sourced by the install scripts: can_install sets SUDO to how this user runs apt-get
# ("" as root, "sudo -n" with password-less sudo), or fails when it cannot.
can_install() {
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    return 1
  fi
}
