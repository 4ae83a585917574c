"""guidegen: typeset printable study guides from Markdown question files."""

__version__ = "0.1.0"

import os as _os

# Tests only: the name of a start-up moment at which guidegen says "paused at NAME" on
# stderr and waits, so that a test can interrupt it there rather than race the clock.
_PAUSE_AT = _os.environ.get("GUIDEGEN_TEST_PAUSE_AT", "")


def pause_at(point: str) -> None:
    """For tests (GUIDEGEN_TEST_PAUSE_AT=point): say so on stderr and wait at `point`
    of start-up, for a signal; go on after a minute. Nothing otherwise."""
    if point != _PAUSE_AT:
        return
    import time

    _os.write(2, f"paused at {point}\n".encode())
    end = time.monotonic() + 60
    while time.monotonic() < end:
        time.sleep(0.05)
