"""One function over many articles, in worker processes on a large corpus, results in order.

The build reads and normalizes each article on its own (its rows depend on the article and on
the shared files alone), so a corpus of thousands of articles is split between the machine's
cores. Whatever the number of processes, the results come back in the order of the items and
are the same: the database is byte-identical (tests/test_workers.py builds a corpus both ways).

Worker processes are forked, so they start with everything the build has read so far, the items
included: only the results of the workers' chunks cross between processes (this process takes
chunks too, and what it computes stays where it is). On a small corpus, or where fork is not
available, everything runs in this process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from .problems import LocatedError, internal_error

ITEMS_PER_PROCESS = 200  # below this many articles per process, starting the processes costs more than it saves
CHUNK = 32               # items a process takes at a time, at most: few messages, yet the cores stay evenly busy
PROCESSES_VARIABLE = "UNREST_BUILD_PROCESSES"  # set it to fix the number (1: no worker processes)

_task: _Task | None = None  # what to compute: set before the workers are forked, so they inherit it


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
    """[function(shared, item) for item in items], computed by `processes` processes (processes_for by default):
    this one and processes - 1 forked workers, each taking the next chunk of items whenever it is free.

    `shared` is what every call reads (the schema, the shared files): the workers inherit it when
    they are forked instead of receiving a copy with each item.
    """
    global _task
    processes = processes_for(len(items)) if processes is None else processes
    if processes <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(shared, item) for item in items]
    size = max(1, min(CHUNK, len(items) // (processes * 4)))  # a few chunks per process even on a small corpus
    chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    processes = min(processes, len(chunks))  # fork launches every worker at once: none without a chunk
    fork = multiprocessing.get_context("fork")
    _task = _Task(function, shared, items, chunks, fork.Value("i", 0))
    try:
        # A worker that dies (killed, out of memory) fails its future rather than leaving this one waiting.
        with ProcessPoolExecutor(processes - 1, mp_context=fork) as pool:
            theirs = [pool.submit(_take_chunks) for _ in range(processes - 1)]
            done = _take_chunks()  # what this process computes never has to cross back
            for future in theirs:
                done.update(future.result())
    finally:
        _task = None
    return [result for i in range(len(chunks)) for result in done[i]]


@dataclass
class _Task:
    function: Callable[[Any, Any], Any]
    shared: Any
    items: Sequence
    chunks: list[tuple[int, int]]  # (start, end) of each chunk of items
    next_chunk: Any                # a multiprocessing.Value: the number of the next chunk to take


def _take_chunks() -> dict[int, list]:
    """{chunk number: results} of the chunks this process takes, one at a time, until none is left."""
    assert _task is not None  # set before the pool forked this worker
    done: dict[int, list] = {}
    while True:
        with _task.next_chunk.get_lock():
            number = _task.next_chunk.value
            _task.next_chunk.value += 1
        if number >= len(_task.chunks):
            return done
        start, end = _task.chunks[number]
        try:
            done[number] = [_task.function(_task.shared, _task.items[i]) for i in range(start, end)]
        except Exception as err:  # its line now, while the traceback still shows the entry being read
            raise LocatedError(internal_error(err)) from err
