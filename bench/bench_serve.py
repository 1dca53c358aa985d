"""How many requests per second one instance of the published site answers.

    .venv/bin/python bench/bench_serve.py [--seconds 10] [--clients 8]

Builds the release and the publish directory in a temporary folder, runs its Dockerfile's CMD
as the tests do (unrest/publish.py: the same `datasette serve` arguments, the venv's Python),
and loads it from N client threads, each on its own keep-alive connection, for S seconds: first
Datasette's floor (/-/versions.json), then a mix of every page kind a reader or a CDN's origin
fetch asks for. Prints requests per second, median and p95 latency, and errors. The clients run
on the same machine as the server, so on a 2-core machine they take CPU from it: the figure is
a floor for one instance with a core of its own.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import build  # noqa: E402
from unrest import publish  # noqa: E402
from unrest.release import make_release  # noqa: E402

DB = "kazakhstan-unrest"
MIX = [
    "/",
    f"/{DB}",
    f"/{DB}/figures",
    f"/{DB}/figures?measure=killed",
    f"/{DB}/claims",
    f"/{DB}/figures/forces-fly-in--security-force-deaths",
    f"/{DB}/sources/forces-fly-in",
    f"/{DB}/figures_compared",
    f"/{DB}/figures.json",
    f"/{DB}/claims.csv",
    f"/{DB}.db",
]
FLOOR = ["/-/versions.json"]


def load(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    """Every client walks `paths` in turn (each from a different start) until the time is up."""
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        i = offset
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((path, time.perf_counter() - start, status))
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies = sorted(r[1] for r in results)
    return {
        "requests": len(results),
        "rps": len(results) / elapsed,
        "median_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "errors": sum(1 for r in results if r[2] != 200),
        "per_page": {p: 1000 * statistics.median([r[1] for r in results if r[0] == p] or [0]) for p in paths},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with contextlib.redirect_stdout(io.StringIO()):
            release = make_release(build.build, Path(tmp) / "dist")
        folder = publish.make_publish(release, Path(tmp) / "publish")
        port = publish.serve.free_port()
        with publish.running_container_cmd(folder, port):
            load(port, MIX, args.clients, 2)  # warm up: templates compiled, pages cached by SQLite
            print(f"one instance, the publish CMD, {args.clients} keep-alive clients, {args.seconds:g} s each; "
                  f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the run")
            for label, paths in (("floor /-/versions.json", FLOOR), ("page mix", MIX)):
                r = load(port, paths, args.clients, args.seconds)
                print(f"{label:24} {r['rps']:8.1f} req/s  median {r['median_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms"
                      f"  {r['requests']} requests, {r['errors']} errors")
                if paths is MIX:
                    for path, ms in r["per_page"].items():
                        print(f"    {ms:7.1f} ms  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
