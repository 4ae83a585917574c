"""guidegen: typeset printable study guides from Markdown question files."""

__version__ = "0.1.0"
