"""guidegen: typeset printable study guides from Markdown question files."""

__version__ = "0.1.0"


def run() -> None:
    """The `guidegen` command. Importing the command line (click and the rest) takes
    tens of milliseconds: a Ctrl-C in that time must end the program as one after it
    does, with one line and exit code 130, not a traceback from inside an import."""
    import signal
    import sys

    sys.unraisablehook = _unraisable
    try:
        from guidegen.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted; nothing was written\n")
        sys.exit(130)
    try:
        # The name the README and the shell completion scripts (_GUIDEGEN_COMPLETE) use,
        # also under "python -m guidegen".
        main(prog_name="guidegen")
    finally:
        # The command is over and its exit status decided: a Ctrl-C during Python's own
        # shutdown (its atexit handlers) would only print a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _unraisable(info) -> None:
    """A Ctrl-C that Python cannot raise (it arrived in an at-fork callback or a
    finaliser) is not printed: the command's handler has already set errors.INTERRUPTED,
    which stops the build (see errors.py). Anything else is reported as Python would."""
    import sys

    if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
        return
    sys.__unraisablehook__(info)
