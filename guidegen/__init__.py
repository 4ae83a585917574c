"""guidegen: typeset printable study guides from Markdown question files."""

__version__ = "0.1.0"


def run() -> None:
    """The `guidegen` command. Importing the command line (click and the rest) takes
    tens of milliseconds: a Ctrl-C in that time must end the program as one after it
    does, with one line and exit code 130, not a traceback from inside an import."""
    import sys

    try:
        from guidegen.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted; nothing was written\n")
        sys.exit(130)
    # The name the README and the shell completion scripts (_GUIDEGEN_COMPLETE) use, also
    # under "python -m guidegen".
    main(prog_name="guidegen")
