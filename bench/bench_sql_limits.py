"""Benchmark: the SQL memory bombs against the site as `make serve` serves it, and another client meanwhile.

    python bench/bench_sql_limits.py [--rounds 5] [--page /kazakhstan-unrest/figures?measure=killed]

Builds the database into a temporary folder, serves it with unrest/serve.py's command (the
plugins, so the limits of plugins/unrest_limits.py, included) and prints:
1. each bomb alone: its status and median / max time over --rounds requests;
2. another client's ordinary page: alone (the baseline); while six bombs are sent at once
   (repeated); while six clients send bombs without pause; and, as the control, while six
   clients send /-/versions.json (Datasette's cheapest page) without pause: a flood of any
   requests slows a 2-core server, the question is whether bombs slow it more;
3. the server's resident memory (VmRSS, VmHWM) after it all.
It reports; it never asserts on time (the test suite checks the statuses).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from unrest import serve  # noqa: E402

DB = "kazakhstan-unrest"
BOMBS = {
    "zeroblob(900000000)": "select zeroblob(900000000)",
    "1,000 rows × 1 MB printf": "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000) "
                                "select printf('%.*c', 1000000, 'x') from n",
    "length(randomblob(999999999))": "select length(randomblob(999999999))",
    "hex(zeroblob(499999999))": "select hex(zeroblob(499999999))",
    "fts3_tokenizer('simple')": "select fts3_tokenizer('simple')",
    "pragma_database_list": "select * from pragma_database_list",
}


def fetch(url: str) -> tuple[int, float, int]:
    """(status, seconds, bytes) of one GET."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        body, status = err.read(), err.code
    return status, time.perf_counter() - started, len(body)


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(ordered)})"


def server_memory(db: Path) -> str:
    """Resident and peak memory of the datasette process serving `db`."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if str(db).encode() in cmdline and any(b"datasette" in part for part in cmdline):
                fields = dict(line.split(":", 1) for line in (proc / "status").read_text().splitlines() if ":" in line)
                return f"VmRSS {fields['VmRSS'].strip()}, peak VmHWM {fields['VmHWM'].strip()}"
        except OSError:
            continue
    return "(server process not found)"


def flood(urls: list[str], page: str, clients: int, requests: int) -> tuple[list[float], list[float], set[int]]:
    """`clients` threads sending `urls` in turn without pause while one more client fetches `page`
    `requests` times: (page times, flood times, flood statuses)."""
    stop = threading.Event()
    flood_times: list[float] = []
    statuses: set[int] = set()

    def client(offset: int) -> None:
        i = offset
        while not stop.is_set():
            status, seconds, _ = fetch(urls[i % len(urls)])
            flood_times.append(seconds)
            statuses.add(status)
            i += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    page_times = [fetch(page)[1] for _ in range(requests)]
    stop.set()
    for t in threads:
        t.join()
    return page_times, flood_times, statuses


def burst(urls: list[str], page: str, rounds: int) -> tuple[list[float], list[float], set[int]]:
    """All `urls` at once, `rounds` times (a pause between), with one more client fetching `page`
    during each burst: (page times, burst wall times, statuses)."""
    page_times, walls, statuses = [], [], set()
    for _ in range(rounds):
        results: list = []
        threads = [threading.Thread(target=lambda u=u, found=results: found.append(fetch(u))) for u in urls]
        started = time.perf_counter()
        for t in threads:
            t.start()
        page_times.append(fetch(page)[1])
        for t in threads:
            t.join()
        walls.append(time.perf_counter() - started)
        statuses |= {status for status, _, _ in results}
        time.sleep(0.2)
    return page_times, walls, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--page", default=f"/{DB}/figures?measure=killed")
    parser.add_argument("--page-requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / f"{DB}.db"
        assert build.build(db) == 0
        port = serve.free_port()
        with serve.running(db, port=port) as base:
            def url(sql: str) -> str:
                return f"{base}/{DB}.json?{urlencode({'sql': sql})}"

            print(f"SQL memory bombs, each alone ({args.rounds} requests):")
            for name, sql in BOMBS.items():
                results = [fetch(url(sql)) for _ in range(args.rounds)]
                statuses = sorted({s for s, _, _ in results})
                times = [t for _, t, _ in results]
                print(f"  {name:<32} status {statuses}   median {statistics.median(times) * 1000:6.1f} ms   "
                      f"max {max(times) * 1000:6.1f} ms   response {results[0][2]:,} bytes")

            page = base + args.page
            fetch(page)  # warm
            alone = [fetch(page)[1] for _ in range(args.page_requests)]
            print(f"\nanother client's page, {args.page}:")
            print(f"  alone                                    {summary(alone)}")
            bombs = [url(sql) for sql in BOMBS.values()]
            page_times, walls, statuses = burst(bombs, page, args.page_requests)
            print(f"  during six bombs sent at once            {summary(page_times)}")
            print(f"      (each burst of six: status {sorted(statuses)}, {summary(walls)})")
            page_times, flood_times, statuses = flood(bombs, page, 6, args.page_requests)
            print(f"  during 6 clients sending bombs nonstop   {summary(page_times)}")
            print(f"      ({len(flood_times)} bombs, status {sorted(statuses)}, {summary(flood_times)})")
            control = [f"{base}/-/versions.json"]
            page_times, flood_times, statuses = flood(control, page, 6, args.page_requests)
            print(f"  control: 6 clients sending /-/versions.json nonstop  {summary(page_times)}")
            print(f"      ({len(flood_times)} requests, status {sorted(statuses)}, {summary(flood_times)})")
            print(f"\nserver memory afterwards: {server_memory(db)}")


if __name__ == "__main__":
    main()
