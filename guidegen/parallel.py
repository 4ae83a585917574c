"""Work on many questions at once: a large bank is split over the cores by forked
workers, which inherit the loaded parser and so start at once. Small banks stay in this
process, where starting workers would cost more than it saves."""

from __future__ import annotations

import os

from guidegen import progress

SMALL = 200  # questions: below this, one process is faster


def _quiet_worker() -> None:
    """Workers leave signals to the parent: it stops them itself."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(work, items: list, counter: progress.Counter) -> list:
    """`work(item)` for every item, in order, each counted as it is done."""
    cores = os.cpu_count() or 1
    if len(items) < SMALL or cores < 2:
        return [_counted(work(item), counter) for item in items]
    import multiprocessing  # here: importing it costs every small rebuild 4 ms

    if "fork" not in multiprocessing.get_all_start_methods():
        return [_counted(work(item), counter) for item in items]
    from guidegen.content.parse import markdown_parser

    markdown_parser()  # loaded before forking, so no worker loads it again
    with multiprocessing.get_context("fork").Pool(min(cores, 4), initializer=_quiet_worker) as pool:
        # imap, not map: results arrive in order as they are done, so they can be counted
        results = pool.imap(work, items, chunksize=max(1, len(items) // (4 * cores)))
        return [_counted(result, counter) for result in results]


def _counted(result, counter: progress.Counter):
    counter.advance()
    return result
