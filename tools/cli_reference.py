"""Write docs/cli.md, the command-line reference, from the `--help` of every command.

Run it after changing a command's options or help text:

    .venv/bin/python tools/cli_reference.py

tests/test_docs.py fails while docs/cli.md differs from what this script writes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from click.testing import CliRunner

PAGE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
WIDTH = 100  # the help is wrapped at this width whatever the terminal, so the page is the same everywhere

HEADER = """\
# CLI reference

This page is generated from the `--help` of every command by
`tools/cli_reference.py`; do not edit it by hand. After changing a command's options
or help text, run `.venv/bin/python tools/cli_reference.py` (`tests/test_docs.py`
fails until the page is current).

Every option can also be set in the environment as `GUIDEGEN_COMMAND_OPTION`
(`GUIDEGEN_BUILD_PAPER=letter`); the command line wins.
"""


def help_text(args: list[str]) -> str:
    """What `guidegen ARGS --help` prints, at a fixed width and without the caller's
    GUIDEGEN_* variables."""
    from guidegen.cli import main

    env = {name: None for name in os.environ if name.startswith("GUIDEGEN_")}
    result = CliRunner(env=env).invoke(main, [*args, "--help"], prog_name="guidegen", terminal_width=WIDTH,
                                       max_content_width=WIDTH)
    if result.exit_code != 0:
        raise SystemExit(f"guidegen {' '.join(args)} --help exited {result.exit_code}:\n{result.output}")
    return result.output.rstrip() + "\n"


def commands(group: click.Group, path: list[str]) -> list[list[str]]:
    """Every command and subcommand under `group`, as the words that name it, in the
    order `--help` lists them."""
    found = []
    ctx = click.Context(group, info_name="guidegen")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        found.append([*path, name])
        if isinstance(command, click.Group):
            found += commands(command, [*path, name])
    return found


def page() -> str:
    """The whole of docs/cli.md."""
    from guidegen.cli import main

    parts = [HEADER, "## guidegen\n", "```\n" + help_text([]) + "```\n"]
    for words in commands(main, []):
        level = "#" * min(2 + len(words) - 1, 4)
        parts.append(f"{level} guidegen {' '.join(words)}\n")
        parts.append("```\n" + help_text(words) + "```\n")
    return "\n".join(parts)


def main() -> int:
    text = page()
    if PAGE.exists() and PAGE.read_text(encoding="utf-8") == text:
        print(f"{PAGE.relative_to(Path.cwd()) if PAGE.is_relative_to(Path.cwd()) else PAGE} is current")
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
