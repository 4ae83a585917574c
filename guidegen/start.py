"""The `guidegen` command's entry point: the Ctrl-C handling that holds from the first
moment of start-up, then the command line (guidegen.cli)."""

import os as _os

from guidegen import pause_at


def run() -> None:
    """The `guidegen` command. Until a command installs its own handling (cli's
    friendly_errors), nothing has been written and nothing started, so a Ctrl-C ends
    the program at once with one line and exit code 130: the handler is the first thing
    installed, before click and the rest are imported, and it raises nothing, so no
    traceback can come from wherever the program was (an import, click's parsing)."""
    import signal

    signal.signal(signal.SIGINT, _interrupted_at_start)
    pause_at("run")
    import sys

    sys.unraisablehook = _unraisable
    pause_at("import-cli")
    from guidegen.cli import main

    pause_at("cli-imported")
    from guidegen import profile

    profile.begin()
    try:
        # The name the README and the shell completion scripts (_GUIDEGEN_COMPLETE) use,
        # also under "python -m guidegen".
        main(prog_name="guidegen")
    finally:
        profile.report()  # GUIDEGEN_PROFILE=1: where the time went
        # The command is over and its exit status decided: a Ctrl-C during Python's own
        # shutdown (its atexit handlers) would only print a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupted_at_start(signum, frame) -> None:
    # os.write and os._exit: whatever Python was doing (writing to sys.stderr included)
    # is left as it is, and no at-exit code runs that could be interrupted in turn.
    _os.write(2, b"Error: interrupted; nothing was written\n")
    _os._exit(130)


def _unraisable(info) -> None:
    """A Ctrl-C that Python cannot raise (it arrived in an at-fork callback or a
    finaliser) is not printed: the command's handler has already set errors.INTERRUPTED,
    which stops the build (see errors.py). Anything else is reported as Python would."""
    import sys

    if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
        return
    sys.__unraisablehook__(info)
