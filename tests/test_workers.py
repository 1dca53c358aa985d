"""The build gives the same database, and the same problems, whether its articles are read and
normalized in this process or split between worker processes (unrest/workers.py)."""
from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool

import pytest
from building import edit, run_build
from conftest import ROOT

from unrest import normalize, workers
from unrest.problems import LocatedError


def _square_plus(shared: int, item: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough for the workers to have started before this process takes every chunk
    return item * item + shared, os.getpid()


def test_results_come_back_in_the_order_of_the_items_whatever_the_number_of_processes():
    items = list(range(101))
    expected = [i * i + 7 for i in items]
    for processes in (1, 2, 3):
        results = workers.map_in_order(_square_plus, 7, items, processes=processes)
        assert [value for value, _ in results] == expected
        pids = {pid for _, pid in results}
        # This process takes chunks too; with more than one, the workers took some of them.
        assert pids == {os.getpid()} if processes == 1 else os.getpid() in pids and 1 < len(pids) <= processes


def _dies_in_a_worker(parent: int, item: int) -> int:
    time.sleep(0.005)
    if os.getpid() != parent:
        os._exit(3)  # as a worker the kernel kills for memory would end: no exception, no result
    return item


def test_a_worker_that_dies_fails_the_map_instead_of_leaving_it_waiting():
    with pytest.raises(BrokenProcessPool):
        workers.map_in_order(_dies_in_a_worker, os.getpid(), list(range(101)), processes=2)


def _fails_at_seven(shared: None, item: int) -> int:
    if item == 7:
        raise ValueError("item 7")
    return item


def test_an_exception_in_any_process_reaches_the_caller():
    with pytest.raises(ValueError, match="item 7"):
        workers.map_in_order(_fails_at_seven, None, list(range(50)), processes=1)
    with pytest.raises(LocatedError, match="ValueError: item 7"):  # as its problem line (see the next test)
        workers.map_in_order(_fails_at_seven, None, list(range(50)), processes=2)


def test_an_unexpected_exception_names_the_entry_being_read_in_a_worker_as_in_one_process(
        sources_copy, monkeypatch, tmp_path):
    sources, _ = sources_copy

    def broken(ctx, art, entry, origin, start, end):
        raise ZeroDivisionError("a bug")
    monkeypatch.setitem(normalize.SECTION_ROWS, "figures", broken)
    lines = {}
    for processes in ("1", "3"):  # three articles, one per process
        monkeypatch.setenv(workers.PROCESSES_VARIABLE, processes)
        status, stderr = run_build(sources, tmp_path / f"{processes}.db")
        assert status == 1
        lines[processes] = stderr.splitlines()[2:]
    assert lines["1"] == lines["3"] and len(lines["1"]) == 1
    assert lines["1"][0].startswith("  internal error while reading sources/forces-fly-in/annotations.yaml:")


def _workers_alive(shared: None, item: int) -> int:
    """How many worker processes this one has (in a worker: none of its own)."""
    return len(multiprocessing.active_children())


def test_no_more_processes_than_chunks_however_many_are_asked_for():
    # Three items make three chunks: this process and at most two workers, not 98.
    assert max(workers.map_in_order(_workers_alive, None, [1, 2, 3], processes=99)) <= 2
    assert multiprocessing.active_children() == []  # and none left behind


def test_a_small_corpus_stays_in_this_process_and_the_variable_fixes_the_number(monkeypatch):
    monkeypatch.delenv(workers.PROCESSES_VARIABLE, raising=False)
    assert workers.processes_for(3) == 1
    assert workers.processes_for(100_000) == min(100_000 // workers.ITEMS_PER_PROCESS,
                                                 len(os.sched_getaffinity(0)))
    monkeypatch.setenv(workers.PROCESSES_VARIABLE, "2")
    assert workers.processes_for(3) == 2


def _build(sources, out, processes: int) -> subprocess.CompletedProcess:
    """`python build.py` in a new process (a fork in this one, beside the test's threads, is not what
    users run), with the articles split between `processes` processes."""
    env = {**os.environ, workers.PROCESSES_VARIABLE: str(processes)}
    return subprocess.run([sys.executable, "build.py", "--sources", str(sources), "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture
def corpus(tmp_path):
    """The three articles and six copies of them under other ids: enough for several chunks."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    for article in [p for p in sorted(sources.iterdir()) if p.is_dir()]:
        for n in (1, 2):
            copy = sources / f"{article.name}-copy-{n}"
            shutil.copytree(article, copy)
            edit(copy / "annotations.yaml", f"id: {article.name}\n", f"id: {copy.name}\n")
    return sources


def test_the_database_is_byte_identical_built_in_one_process_or_three(corpus, tmp_path):
    one, three = _build(corpus, tmp_path / "one.db", 1), _build(corpus, tmp_path / "three.db", 3)
    assert one.returncode == 0 and three.returncode == 0, one.stderr + three.stderr
    assert "9 sources" in one.stdout and one.stdout.replace("one.db", "") == three.stdout.replace("three.db", "")
    assert (tmp_path / "one.db").read_bytes() == (tmp_path / "three.db").read_bytes()


def test_problems_are_the_same_built_in_one_process_or_three(corpus, tmp_path):
    edit(corpus / "forces-fly-in-copy-1" / "annotations.yaml", "claims:\n", "claims:\n- id: [\n")  # malformed YAML
    edit(corpus / "internet-shut-off-copy-2" / "annotations.yaml", "  language: en\n", "  langauge: en\n")
    one, three = _build(corpus, tmp_path / "one.db", 1), _build(corpus, tmp_path / "three.db", 3)
    assert one.returncode == three.returncode == 1
    assert "forces-fly-in-copy-1/annotations.yaml" in one.stderr and "langauge" in one.stderr, one.stderr
    assert one.stderr.replace("one.db", "") == three.stderr.replace("three.db", "")
    assert not (tmp_path / "one.db").exists() and not (tmp_path / "three.db").exists()
