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
    except SystemExit as done:
        _leave(done)
        raise
    finally:
        profile.report()  # GUIDEGEN_PROFILE=1: where the time went
        # The command is over and its exit status decided: a Ctrl-C during Python's own
        # shutdown (its atexit handlers) would only print a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _leave(done: SystemExit) -> None:
    """End the process now that the command is over, without Python's tearing down of
    every module it imported (a tenth of a second after a build, longer than the rest of
    a no-op): the profile line is printed, the at-exit handlers run (logging's flush,
    temporary folders), stdout and stderr are flushed, then os._exit. Anything unusual
    (a thread still running, a status that is not a number, an output that cannot be
    flushed, as a closed pipe) leaves by Python's ordinary exit instead."""
    import atexit
    import sys
    import threading

    from guidegen import profile

    code = 0 if done.code is None else done.code
    if not isinstance(code, int) or threading.active_count() > 1:
        return
    signal_module = sys.modules["signal"]
    try:
        profile.report()  # once: the caller's `finally` then prints nothing
        signal_module.signal(signal_module.SIGINT, signal_module.SIG_IGN)
        atexit._run_exitfuncs()  # (they run once: Python's exit finds none left)
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    _os._exit(code)


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
