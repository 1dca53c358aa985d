"""One function over many articles, in worker processes on a large corpus, results in order.

The build reads and normalizes each article on its own (its rows depend on the article and on
the shared files alone), so a corpus of thousands of articles is split between the machine's
cores. Whatever the number of processes, the results come back in the order of the items and
are the same: the database is byte-identical (tests/test_workers.py builds a corpus both ways).

Worker processes are forked, so they start with everything the build has read so far, the items
included: only item numbers and results cross between processes. On a small corpus, or where fork is not
available, everything runs in this process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

ITEMS_PER_PROCESS = 200  # below this many articles per process, starting the processes costs more than it saves
CHUNK = 32               # items sent to a worker at a time, at most: few messages, yet the cores stay evenly busy
PROCESSES_VARIABLE = "UNREST_BUILD_PROCESSES"  # set it to fix the number (1: no worker processes)

_task: tuple[Callable[[Any, Any], Any], Any, Sequence] | None = None  # (function, shared, items), inherited


def processes_for(items: int) -> int:
    """How many processes share `items` items: UNREST_BUILD_PROCESSES if set, else one per core
    the machine lets this process use, each with at least ITEMS_PER_PROCESS items."""
    given = os.environ.get(PROCESSES_VARIABLE, "").strip()
    if given.isdigit() and int(given) > 0:
        return int(given)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, items // ITEMS_PER_PROCESS))


def map_in_order(function: Callable[[Any, Any], Any], shared: Any, items: Sequence,
                 processes: int | None = None) -> list:
    """[function(shared, item) for item in items], computed by `processes` processes (processes_for by default).

    `shared` is what every call reads (the schema, the shared files): the workers inherit it when
    they are forked instead of receiving a copy with each item.
    """
    global _task
    processes = processes_for(len(items)) if processes is None else processes
    if processes <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(shared, item) for item in items]
    size = max(1, min(CHUNK, len(items) // (processes * 4)))  # a few chunks per process even on a small corpus
    chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _task = (function, shared, items)
    try:
        with multiprocessing.get_context("fork").Pool(min(processes, len(chunks))) as pool:
            return [result for done in pool.imap(_run_chunk, chunks) for result in done]
    finally:
        _task = None


def _run_chunk(chunk: tuple[int, int]) -> list:
    """The results of items[start:end]: only the two numbers cross to the worker, which has the items."""
    assert _task is not None  # set before the pool forked this worker
    function, shared, items = _task
    return [function(shared, items[i]) for i in range(*chunk)]
