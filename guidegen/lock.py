"""One build per output folder at a time, on every platform (filelock: flock on POSIX,
LockFileEx on Windows, where fcntl does not exist)."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("guidegen")


@contextmanager
def build_lock(work: Path):
    """Hold the work area's lock; a second build of the same output folder waits (and
    says so) instead of clobbering the first's files."""
    from filelock import FileLock, Timeout

    work.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(work / "lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.info("Waiting for another build of this output folder to finish...")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
