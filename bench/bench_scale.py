"""Scale benchmark (issue 8): the build, the draft and every page as the dataset grows.

    make bench-scale                                  # everything, on a 1,000,000-figure database
    .venv/bin/python bench/bench_scale.py --scale 0.01 --requests 5    # a quick run (10,000 figures)
    .venv/bin/python bench/bench_scale.py --parts pages --pages 'figures'  # only some pages
    .venv/bin/python bench/bench_scale.py --explain   # EXPLAIN QUERY PLAN of every facet query

Parts (--parts, default all of them):
  build        corpora of 30, 300 and 3,000 drafted synthetic articles beside the 3 real ones
               (whose notes the shared files quote): `build.py` on each
               against sqlite-utils' insert_all of the same rows in one transaction (ratio),
               and the growth exponent (log-log least squares of time against N)
  draft        `build.py draft` of one article beside the 3 real articles and beside 3,003
  pages        the real database grown to ~1,000,000 figures (foreign keys valid), served as
               `make serve` serves it and by plain Datasette; every page kind timed against
               the same page on plain Datasette and against /-/versions.json, interleaved, one
               client; status and timed-out facets
  explain      the SQL Datasette runs for each page (captured in-process), planned by SQLite:
               facet and suggested-facet queries that scan a large table
  concurrency  the real database: a mix of every page from 20 clients against /-/versions.json
               from 20 clients, in the same run
Then a summary of the issue's targets, met or not. Everything is printed; the figures are
also written as JSON under the cache folder. It reports and never asserts on time.

Generated data (corpora, the grown database, server logs, results) lives in the cache
folder (--cache-dir, default $BENCH_SCALE_CACHE or ~/.cache/kazakhstan-unrest-bench) and is
reused while its inputs are unchanged. The grown database at full scale takes ~6 GiB; a full
run takes ~45 minutes on 2 cores (~12 more the first time, drafting the corpus and growing).
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scale_corpus, scale_explain, scale_grow, scale_http  # noqa: E402
from unrest import precompute, workers  # noqa: E402
from unrest.schema import load_schema  # noqa: E402

PARTS = ("build", "draft", "pages", "explain", "concurrency")
FULL_SCALE_FIGURES = 1_000_000
DATABASE_FILE = "kazakhstan-unrest.db"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


def section(title: str) -> float:
    print(f"\n=== {title} — {time.strftime('%H:%M:%S')}, {load_average()}", flush=True)
    return time.perf_counter()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds == seconds else "-"


def ratio(a: float, b: float) -> float:
    return a / b if b and b == b and a == a else float("nan")


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}×" if value == value else "-"


def statuses(counter) -> str:
    return " ".join(f"{k}" if len(counter) == 1 else f"{k}:{v}" for k, v in sorted(counter.items())) or "-"


# --------------------------------------------------------------------------- the real database

def build_real(cache: Path) -> Path:
    """The real database, built from sources/ by `build.py --out` (as `make build`, in the cache)."""
    out = cache / "real" / DATABASE_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    scale_corpus.run_timed(scale_corpus.build_command(ROOT / "sources", out))
    return out


def row_digests(db: Path) -> dict[str, str]:
    """A digest of each table's rows in primary-key order, to tell whether a change altered any row."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    digests = {}
    for table in scale_grow.content_tables(conn):
        order = ", ".join(scale_grow.quote(c) for c in scale_grow.primary_key(conn, table)) or "rowid"
        digest = hashlib.sha256()
        for row in conn.execute(f"SELECT * FROM {scale_grow.quote(table)} ORDER BY {order}"):
            digest.update(json.dumps(row, ensure_ascii=False).encode())
        digests[table] = digest.hexdigest()[:16]
    conn.close()
    return digests


# --------------------------------------------------------------------------- (1) build

def part_build(args, cache: Path) -> dict:
    sizes = ", ".join(f"{n:,}" for n in args.sizes)
    started = section(f"build: corpora of {sizes} drafted articles, each beside the 3 real ones")
    corpus = scale_corpus.generate(cache, max(args.sizes), args.seed)
    work = cache / "build-work"
    startup = min(scale_corpus.run_timed([sys.executable, "build.py", "--help"]) for _ in range(3))
    print(f"  python build.py --help (interpreter and imports): {startup:.2f} s")
    print(f"  {'articles':>8} {'figures':>8} {'rows':>9} {'processes':>9} {'build.py s':>11} {'raw insert s':>13} "
          f"{'ratio':>7} {'in one process s':>16} {'ratio':>7}")
    results = []
    for n in args.sizes:
        # The real articles too: the shared files' notes quote them, and the build checks that they do.
        sources = scale_corpus.subset(corpus, n, work / f"n{n}", extra=ROOT / "sources")
        out = work / f"n{n}.db"
        # As a user runs it (its articles split between the cores: unrest/workers.py), and in one process.
        processes = workers.processes_for(n + 3)
        seconds = [scale_corpus.run_timed(scale_corpus.build_command(sources, out)) for _ in range(args.build_repeats)]
        one = [scale_corpus.run_timed(scale_corpus.build_command(sources, out), {workers.PROCESSES_VARIABLE: "1"})
               for _ in range(args.build_repeats)]
        rows = scale_corpus.rows_of(out)
        raw = [scale_corpus.raw_insert_seconds(rows, work / "raw.db") for _ in range(args.build_repeats)]
        n_rows = sum(len(r) for r in rows.values())
        entry = {"articles": n, "figures": len(rows.get("figures", [])), "rows": n_rows, "processes": processes,
                 "build_s": min(seconds), "build_all_s": seconds, "raw_s": min(raw), "raw_all_s": raw,
                 "ratio": min(seconds) / min(raw), "one_process_s": min(one), "one_process_all_s": one,
                 "one_process_ratio": min(one) / min(raw)}
        results.append(entry)
        print(f"  {n:>8,} {entry['figures']:>8,} {n_rows:>9,} {processes:>9} {entry['build_s']:>11.2f} "
              f"{entry['raw_s']:>13.3f} {entry['ratio']:>6.1f}× {entry['one_process_s']:>16.2f} "
              f"{entry['one_process_ratio']:>6.1f}×", flush=True)
        shutil.rmtree(work / f"n{n}")
    sizes = [r["articles"] for r in results]
    exponent = scale_corpus.growth_exponent(sizes, [r["build_s"] for r in results])
    marginal = scale_corpus.growth_exponent(sizes, [max(r["build_s"] - startup, 1e-3) for r in results])
    # The fixed cost (schema, shared files, indexes) flattens the fit over small corpora: the slope
    # between the two largest sizes says more about how the build grows.
    local = scale_corpus.growth_exponent(sizes[-2:], [r["build_s"] for r in results[-2:]])
    per_article = (results[-1]["build_s"] - results[0]["build_s"]) / (sizes[-1] - sizes[0]) if len(sizes) > 1 else 0
    print(f"  growth exponent of build time vs articles (log-log least squares): {exponent:.3f} "
          f"(after subtracting the {startup:.2f} s start-up: {marginal:.3f}; between the two largest: {local:.3f}); "
          f"{per_article * 1000:.1f} ms per added article")
    print(f"  (build and raw insert: the fastest of {args.build_repeats} runs; {time.perf_counter() - started:.0f} s)")
    return {"sizes": results, "exponent": exponent, "exponent_after_startup": marginal, "exponent_largest": local,
            "startup_s": startup,
            "ms_per_article": per_article * 1000, "load_end": load_average()}


# --------------------------------------------------------------------------- (1b) draft

def part_draft(args, cache: Path) -> dict:
    n = max(args.sizes)
    section(f"draft: `build.py draft` of one article beside 3 and beside {n + 3:,} articles")
    corpus = scale_corpus.generate(cache, n, args.seed)
    pool = scale_corpus.bench_extract.sentence_pool(scale_corpus.bench_extract.article_texts())
    new_text = next(scale_corpus.bench_extract.synthetic_articles(pool, 1, args.seed + 1))
    rooms = {}
    for label, count in (("beside 3", 0), (f"beside {n + 3:,}", n)):
        sources = scale_corpus.subset(corpus, count, cache / "draft-work" / f"beside-{count + 3}",
                                      extra=ROOT / "sources")
        folder = sources / "new-article"
        folder.mkdir()
        (folder / "article.txt").write_text(new_text, encoding="utf-8")
        articles = sum(1 for p in sources.iterdir() if p.is_dir()) - 1
        rooms[label] = (scale_corpus.draft_command(folder / "article.txt", sources), articles, [])
    for _ in range(args.draft_repeats):  # interleaved
        for command, _, seconds in rooms.values():
            seconds.append(scale_corpus.run_timed(command))
    results = {}
    for label, (_, articles, seconds) in rooms.items():
        results[label] = {"articles_beside": articles, "median_s": statistics.median(seconds), "all_s": seconds}
        print(f"  {label:>14}: median {statistics.median(seconds):.2f} s of {len(seconds)} "
              f"({', '.join(f'{s:.2f}' for s in seconds)})")
    small, large = (results[k]["median_s"] for k in rooms)
    print(f"  ratio: {large / small:.2f}× (target: within ±20%, i.e. 0.80–1.20×)")
    shutil.rmtree(cache / "draft-work")
    return {"rooms": results, "ratio": large / small, "load_end": load_average()}


# --------------------------------------------------------------------------- (2) pages

def grown_database(args, cache: Path, real_db: Path) -> tuple[Path, dict]:
    if args.db:
        return Path(args.db), {"copies": None, "counts": None, "given": str(args.db)}
    target = round(FULL_SCALE_FIGURES * args.scale)
    print(f"  growing {real_db.name} to ≥ {target:,} figures (cached while the real database is unchanged)")
    computed, recompute = recomputing(load_schema(ROOT / "schema.yaml"))
    used = [ROOT / "unrest" / "precompute.py", *sorted((ROOT / "sql" / "tables").glob("*.sql"))]
    key = hashlib.sha256(b"".join(p.read_bytes() for p in used)).hexdigest()
    return scale_grow.cached_grown(real_db, cache, "figures", target, computed=computed,
                                   recompute=recompute, recompute_key=key)


def recomputing(schema) -> tuple[set[str], Callable[[sqlite3.Connection], object]]:
    """The tables the build computes, and what fills them again from grown rows: the build's own SQL."""
    def recompute(conn: sqlite3.Connection) -> None:
        precompute.fill(sqlite_utils.Database(conn), schema, indexes=False)
    return precompute.computed_names(schema), recompute


def discover(args, real_db: Path) -> list[scale_http.Page]:
    schema = load_schema(ROOT / "schema.yaml")
    filters = dict(args.filter)
    return scale_http.discover_pages(real_db, schema, filters, args.search, args.csv_table, dict(args.param))


def with_search_fetches(pages: list[scale_http.Page], base: str, search: str) -> list[scale_http.Page]:
    """The search page's own JSON fetches, read from the page the site serves, after the search page."""
    out = []
    for page in pages:
        out.append(page)
        if page.kind == "search":
            html = scale_http.Client(base).get(page.path).body.decode("utf-8", "replace")
            out += scale_http.search_fetches(html, search, scale_http.default_facets(load_schema(ROOT / "schema.yaml")))
    return out


def selected(pages: list[scale_http.Page], pattern: str | None) -> list[scale_http.Page]:
    return [p for p in pages if not pattern or re.search(pattern, p.name)]


def timed_out_summary(t: scale_http.PageTiming) -> dict[str, str]:
    found = {}
    for facet, k in t.site.timed_out.items():
        found[facet] = f"{k}/{len(t.site.seconds)}"
    for facet, k in t.json_timed_out.items():
        found.setdefault(facet, f"{k}/{t.json_checks} json")
    return found


def part_pages(args, cache: Path, real_db: Path, grown: Path, manifest: dict) -> dict:
    started = section(f"pages: {grown} served as `make serve` serves it, and by plain Datasette")
    counts = manifest.get("counts") or {}
    if counts:
        print("  rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items() if not t.startswith("vocab_")))
    pages = discover(args, real_db)
    logs = cache / "logs"
    results = []
    with scale_http.serving(scale_http.site_command, grown, logs / "site.log") as site_base, \
            scale_http.serving(scale_http.plain_command, grown, logs / "plain.log") as plain_base:
        plain_plugins = scale_http.Client(plain_base).get("/-/plugins.json").body.decode()
        print(f"  site {site_base} (unrest.serve.serve_command); plain {plain_base} (plugins: {plain_plugins})")
        pages = selected(with_search_fetches(pages, site_base, args.search), args.pages)
        # Every page drawn each time (Cache-Control: no-cache), never sent from the site's response cache:
        # what a page costs the first time it is asked for. The concurrency part measures the cache.
        site = scale_http.Client(site_base, args.timeout, uncached=True)
        plain = scale_http.Client(plain_base, args.timeout, uncached=True)
        as_served = scale_http.Client(site_base, args.timeout)  # then the page asked again: the response cache
        print(f"  {len(pages)} pages x {args.requests} requests each on the site, on plain Datasette and of "
              f"/-/versions.json, interleaved, each page drawn again (no-cache); ms, p95 ratios (× plain, × versions)")
        print(f"  {'page':<58} {'site med':>9} {'p95':>9} {'plain med':>9} {'p95':>9} {'×plain':>7} "
              f"{'versions p95':>12} {'×vers':>7} {'cached p95':>10} {'×plain':>7}  {'status':<9}  "
              "notes, timed-out facets (in k of n responses)")
        print("  (status: the site's / plain Datasette's; ×plain and ×vers: the site's p95 over theirs; cached: the "
              "same page asked again, sent from the site's response cache)")
        # Datasette 0.65 streams the whole file for a HEAD of the download and keeps streaming after a
        # client stops reading (measured: ~1 CPU for minutes per request at 6 GiB), so the download pages
        # come last and get fewer requests: each leaves the server busy for the requests after it.
        pages = [p for p in pages if p.kind != "download"] + [p for p in pages if p.kind == "download"]
        for page in pages:
            requests = min(args.requests, args.download_requests) if page.kind == "download" else args.requests
            t = scale_http.time_page(page, site, plain, requests, args.json_checks,
                                     as_served if page.kind != "download" else None)
            vs_plain = ratio(t.site.p95, t.plain.p95) if t.plain else float("nan")
            vs_versions = ratio(t.site.p95, t.versions.p95)
            cached_vs_plain = ratio(t.cached.p95, t.plain.p95) if t.cached and t.plain else float("nan")
            timed_out = timed_out_summary(t)
            cold = t.site.first_seconds or 0
            note = f"first request {ms(cold)} ms; " if cold > max(0.1, 3 * t.site.p95) else ""
            print(f"  {page.name[:58]:<58} {ms(t.site.median):>9} {ms(t.site.p95):>9} "
                  f"{ms(t.plain.median) if t.plain else '-':>9} {ms(t.plain.p95) if t.plain else '-':>9} "
                  f"{fmt_ratio(vs_plain):>7} {ms(t.versions.p95):>12} {fmt_ratio(vs_versions):>7} "
                  f"{ms(t.cached.p95) if t.cached else '-':>10} {fmt_ratio(cached_vs_plain):>7}  "
                  f"{statuses(t.site.statuses) + '/' + (statuses(t.plain.statuses) if t.plain else '-'):<9}  "
                  f"{note}{', '.join(f'{k} {v}' for k, v in timed_out.items())}",
                  flush=True)
            results.append({
                "kind": page.kind, "name": page.name, "path": page.path, "plain_path": page.plain_path,
                "site_status": page.site_status,
                "site": t.site.summary(), "plain": t.plain.summary() if t.plain else None,
                "versions": t.versions.summary(), "vs_plain_p95": vs_plain, "vs_versions_p95": vs_versions,
                "vs_plain_median": ratio(t.site.median, t.plain.median) if t.plain else None,
                "vs_versions_median": ratio(t.site.median, t.versions.median),
                "timed_out": timed_out, "plain_statuses": dict(t.plain.statuses) if t.plain else None,
                "cached": t.cached.summary() if t.cached else None, "cached_vs_plain_p95": cached_vs_plain,
                "cached_vs_versions_p95": ratio(t.cached.p95, t.versions.p95) if t.cached else None,
            })
    print(f"  ({time.perf_counter() - started:.0f} s)")
    return {"db": str(grown), "counts": counts, "requests": args.requests, "pages": results,
            "load_end": load_average()}


# --------------------------------------------------------------------------- explain

def facet_column(sql: str) -> str:
    match = re.match(r"(?is)\s*select\s+(?:distinct\s+)?(?:date\(|json_type\()?\[?(\w+)", sql)
    return match.group(1) if match else "?"


def part_explain(args, cache: Path, real_db: Path, grown: Path) -> dict:
    started = section(f"explain: the SQL Datasette runs for each page of {grown}, planned by SQLite")
    pages = []
    for page in discover(args, real_db):
        if page.kind == "search":  # not the page itself (no SQL), the fetches its script makes
            pages += scale_http.search_fetches(scale_explain.page_text(grown, page.path), args.search)
        elif page.kind not in ("download", "index"):
            pages.append(page)
    pages = selected(pages, args.pages)
    planned, counts = scale_explain.explain_pages(grown, [p.path for p in pages], args.large_rows,
                                                  time_limit_ms=args.explain_time_ms)
    names = {p.path: p.name for p in pages}
    results = []
    for page in planned:
        for s in page.statements:
            results.append({"page": names[page.path], "status": page.status, "kind": s.kind,
                            "column": facet_column(s.sql) if s.kind in ("facet", "suggest") else None,
                            "sql": s.sql, "plan": s.plan,
                            "scans": [f"{x.table}: {x.how} ({x.detail})" for x in s.scans], "reads": s.reads,
                            "ms": s.milliseconds, "interrupted": s.interrupted})
    verbose = args.explain
    print(f"  large tables (≥ {args.large_rows:,} rows): "
          + ", ".join(f"{t} {n:,}" for t, n in counts.items() if n >= args.large_rows))
    by_page: dict[str, list[dict]] = {}
    for r in results:
        by_page.setdefault(r["page"], []).append(r)
    for page_name, statements in by_page.items():
        kinds = {k: sum(1 for s in statements if s["kind"] == k) for k in ("facet", "suggest", "count", "query")}
        scanning = {k: sum(1 for s in statements if s["kind"] == k and s["scans"]) for k in kinds}
        reading = sum(1 for s in statements if s["reads"] and not s["scans"])
        print(f"  {page_name}: " + ", ".join(f"{k} {kinds[k]} ({scanning[k]} scan)" for k in kinds if kinds[k])
              + (f"; {reading} read ≥ {args.large_rows:,} rows through an index" if reading else ""))
        for s in statements:
            flagged = bool(s["scans"])
            if not verbose and not ((flagged or s["reads"]) and s["kind"] in ("facet", "count", "query")):
                continue
            timing = "" if s["ms"] is None else (f" {s['ms']:,.0f} ms" + (" (stopped)" if s["interrupted"] else ""))
            label = f"{s['kind']} {s['column']}" if s["column"] else s["kind"]
            mark = "SCAN  " if flagged else "READS " if s["reads"] else "ok    "
            print(f"    {mark}{label:<28}{timing:>18}  {' | '.join(s['plan'])}")
            for read in s["reads"] if not flagged else []:
                print(f"         reads {read}")
            if verbose or s["kind"] == "query":
                print(f"         {' '.join(s['sql'].split())[:300]}")
    suggest_scans = sorted({f"{r['page']}: {r['column']}" for r in results if r["kind"] == "suggest" and r["scans"]})
    print(f"  suggested-facet queries that scan a large table: {len(suggest_scans)}"
          + (f" (on {len({s.split(':')[0] for s in suggest_scans})} pages)" if suggest_scans else ""))
    print(f"  ({time.perf_counter() - started:.0f} s)")
    return {"db": str(grown), "large_rows": args.large_rows, "counts": counts, "statements": results,
            "suggest_scans": suggest_scans, "load_end": load_average()}


# --------------------------------------------------------------------------- (3) concurrency

def share(ratio: float) -> str:
    """A throughput against /-/versions.json's: '1/7.6' below it, '2.9×' above it."""
    return f"{ratio:.1f}×" if ratio >= 1 else f"1/{1 / ratio:.1f}"


def part_concurrency(args, cache: Path, real_db: Path) -> dict:
    section(f"concurrency: {args.clients} clients on the real database, mixed pages against /-/versions.json")
    pages = discover(args, real_db)
    logs = cache / "logs"
    with scale_http.serving(scale_http.site_command, real_db, logs / "site-real.log") as base, \
            scale_http.serving(scale_http.plain_command, real_db, logs / "plain-real.log") as plain_base:
        pages = with_search_fetches(pages, base, args.search)
        # the download whole (the real file is small), once, not as HEAD and first bytes
        mixed = [p for p in pages if p.kind != "download"]
        download = next(p.path for p in pages if p.kind == "download")
        mixed.append(scale_http.Page("download", "download", download, download))
        warm = scale_http.Client(base, args.timeout)
        for page in mixed:
            warm.get(page.path, page.method, page.max_bytes)
        versions = [scale_http.Page("versions", "versions", scale_http.VERSIONS, scale_http.VERSIONS)]
        # The floor: plain Datasette (`datasette -i`, no metadata, plugins or templates) drawing the same
        # mix, on the pages it has (a canned query as its SQL; not /-/search), each answered as it
        # answers it (its status on a first request); and the site drawn fresh on exactly those URLs.
        common = [p for p in mixed if p.plain_path]
        plain_warm = scale_http.Client(plain_base, args.timeout)
        plain_mix = [dataclasses.replace(p, path=p.plain_path, site_status=plain_warm.get(
            p.plain_path, p.method, p.max_bytes).status) for p in common]
        # mixed: the same URLs again and again, as readers ask them, so that after the warm-up the site's
        # response cache sends most; uncached: the same mix, each page drawn again (Cache-Control: no-cache).
        total = {label: scale_http.LoadResult(label, args.clients)
                 for label in ("mixed", "uncached", "versions", "uncached-common", "plain")}
        for _ in range(args.load_rounds):  # alternated, so all see the same machine
            total["mixed"].merge(scale_http.load(base, mixed, args.clients, args.load_seconds, "mixed", args.timeout))
            total["uncached"].merge(scale_http.load(base, mixed, args.clients, args.load_seconds, "uncached",
                                                    args.timeout, uncached=True))
            total["versions"].merge(scale_http.load(base, versions, args.clients, args.load_seconds, "versions",
                                                    args.timeout))
            total["uncached-common"].merge(scale_http.load(base, common, args.clients, args.load_seconds,
                                                           "uncached-common", args.timeout, uncached=True))
            total["plain"].merge(scale_http.load(plain_base, plain_mix, args.clients, args.load_seconds, "plain",
                                                 args.timeout, uncached=True))
    out = {}
    for label, r in total.items():
        p95 = scale_http.percentile(r.latencies, 95)
        out[label] = {"requests": len(r.latencies), "seconds": r.seconds, "rps": r.requests_per_second,
                      "p95_ms": p95 * 1000, "median_ms": statistics.median(r.latencies) * 1000,
                      "errors": r.error_count, "statuses": dict(r.statuses), "error_pages": dict(r.errors)}
        print(f"  {label:>15}: {r.requests_per_second:8.1f} req/s ({len(r.latencies):,} requests in "
              f"{r.seconds:.0f} s), median {ms(statistics.median(r.latencies))} ms, p95 {ms(p95)} ms, "
              f"errors {r.error_count} ({statuses(r.statuses)})")
    out["ratio"] = ratio(out["mixed"]["rps"], out["versions"]["rps"])
    out["uncached_ratio"] = ratio(out["uncached"]["rps"], out["versions"]["rps"])
    out["plain_ratio"] = ratio(out["plain"]["rps"], out["versions"]["rps"])
    out["uncached_vs_plain"] = ratio(out["uncached-common"]["rps"], out["plain"]["rps"])
    print(f"  mixed / versions: {out['ratio']:.3f} ({share(out['ratio'])}; target ≥ 1/5 with zero errors); "
          f"uncached / versions: {out['uncached_ratio']:.3f} ({share(out['uncached_ratio'])}); "
          f"{len(mixed)} page kinds in the mix; {args.load_rounds} rounds of {args.load_seconds:.0f} s each")
    print(f"  plain Datasette, the same mix drawn fresh ({len(plain_mix)} of its pages): "
          f"plain / versions {out['plain_ratio']:.3f} ({share(out['plain_ratio'])}); the site drawn fresh on "
          f"those URLs / plain: {out['uncached_vs_plain']:.2f}×")
    out["pages_in_mix"] = len(mixed)
    out["pages_in_plain_mix"] = len(plain_mix)
    out["load_end"] = load_average()
    return out


# --------------------------------------------------------------------------- (4) summary

def targets(results: dict, args) -> list[tuple[str, str, str]]:
    """(target, measured, met) for each of the issue's targets this run measured."""
    rows = []
    pages = (results.get("pages") or {}).get("pages") or []
    by_name = {p["name"]: p for p in pages}

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT MET"

    if pages:
        scale = f"{(results['pages']['counts'] or {}).get('figures', 0):,} figures"
        bad = [p["name"] for p in pages if set(p["site"]["statuses"]) != {p.get("site_status", 200)}]
        rows.append((f"every page 200 ({scale}; / its 302 to the dataset)",
                     f"{len(bad)} of {len(pages)} pages not always as expected"
                     + (f": {', '.join(bad[:6])}{' …' if len(bad) > 6 else ''}" if bad else ""), verdict(not bad)))
        timed = [f"{p['name']} [{', '.join(p['timed_out'])}]" for p in pages if p["timed_out"]]
        rows.append((f"no facet times out ({scale})", f"{len(timed)} pages with timed-out facets"
                     + (f": {'; '.join(timed[:4])}{' …' if len(timed) > 4 else ''}" if timed else ""),
                     verdict(not timed)))
    explain = results.get("explain")
    if explain:
        scans = explain["suggest_scans"]
        rows.append(("no suggested-facet query scans a large table",
                     f"{len(scans)} suggested-facet queries scan a table of ≥ {explain['large_rows']:,} rows",
                     verdict(not scans)))
    concurrency = results.get("concurrency")
    if concurrency:
        c = concurrency
        rows.append((f"mixed load ≥ 1/5 of /-/versions.json req/s, 0 errors ({args.clients} clients, real db)",
                     f"{c['mixed']['rps']:.0f} vs {c['versions']['rps']:.0f} req/s = {share(c['ratio'])}, "
                     f"{c['mixed']['errors']} errors, p95 {c['mixed']['p95_ms']:.0f} ms (uncached: "
                     f"{c['uncached']['rps']:.0f} req/s = {share(c['uncached_ratio'])}, "
                     f"{c['uncached']['errors']} errors, p95 {c['uncached']['p95_ms']:.0f} ms; plain Datasette "
                     f"drawing the same mix: {c['plain']['rps']:.0f} req/s = {share(c['plain_ratio'])}, the site "
                     f"drawn fresh on its URLs {c['uncached_vs_plain']:.2f}× its req/s)",
                     verdict(c["ratio"] >= 0.2 and c["mixed"]["errors"] == 0)))
    if pages:
        # A page that fails is not fast, however quickly it fails: speed targets need all-200 answers.
        def ok(p: dict) -> bool:
            return set(p["site"]["statuses"]) == {p.get("site_status", 200)}

        compared = [p for p in pages if p["kind"] in ("table", "filtered", "query") and p["plain"]]
        worse = sorted((p for p in compared if not ok(p) or not p["vs_plain_p95"] <= 1.0),
                       key=lambda p: -(p["vs_plain_p95"] if p["vs_plain_p95"] == p["vs_plain_p95"] else 0))
        failing = [p for p in compared if not ok(p)]
        plain_failing = [p for p in compared if set(p["plain"]["statuses"]) != {200}]
        worst = next((f"; worst {p['name']} {p['vs_plain_p95']:.1f}×" for p in worse if ok(p)), "")
        rows.append(("table pages and canned queries p95 ≤ 1.0× plain Datasette (drawn each time)",
                     f"{len(worse)} of {len(compared)} slower or failing ({len(failing)} not 200; plain Datasette "
                     f"itself fails {len(plain_failing)}){worst}", verdict(not worse)))
        served = [p for p in compared if p.get("cached")]
        if served:
            worse_served = [p for p in served if not ok(p) or not p["cached_vs_plain_p95"] <= 1.0]
            rows.append(("… the same, asked again (the site's response cache)",
                         f"{len(worse_served)} of {len(served)} slower or failing; worst "
                         f"{max(p['cached_vs_plain_p95'] for p in served):.2f}×", verdict(not worse_served)))
        floor = by_name.get("table figures")
        if floor and floor["plain"]:
            floor_p95 = floor["plain"]["p95_ms"]
            for name in ("home /" + Path(DATABASE_FILE).stem, f"query {args.comparison_query}"):
                page = by_name.get(name)
                if page:
                    r = page["site"]["p95_ms"] / floor_p95
                    answer = "" if ok(page) else f", but answers {statuses(page['site']['statuses'])}"
                    rows.append((f"{name} p95 ≤ 2× plain figures table page",
                                 f"{page['site']['p95_ms']:,.0f} ms vs {floor_p95:,.0f} ms = {r:.1f}×{answer}",
                                 verdict(r <= 2 and ok(page))))
        row_pages = [p for p in pages if p["kind"] == "row"]
        if row_pages:
            worst_row = max(row_pages, key=lambda p: p["vs_versions_p95"])
            over = [p for p in row_pages if not p["vs_versions_p95"] <= 5 or not ok(p)]
            rows.append(("row pages p95 ≤ 5× /-/versions.json (drawn each time)",
                         f"{len(over)} of {len(row_pages)} over or failing; worst {worst_row['name']} "
                         f"{worst_row['vs_versions_p95']:.1f}×", verdict(not over)))
            served_rows = [p for p in row_pages if p.get("cached_vs_versions_p95") is not None]
            if served_rows:
                over_served = [p for p in served_rows if not p["cached_vs_versions_p95"] <= 5 or not ok(p)]
                rows.append(("… the same, asked again (the site's response cache)",
                             f"{len(over_served)} of {len(served_rows)} over or failing; worst "
                             f"{max(p['cached_vs_versions_p95'] for p in served_rows):.1f}×", verdict(not over_served)))
    build = results.get("build")
    if build:
        last = build["sizes"][-1]
        rows.append((f"build of {last['articles']:,} articles ≤ 5× raw insert",
                     f"{last['build_s']:.1f} s vs {last['raw_s']:.2f} s = {last['ratio']:.1f}× ({last['processes']} "
                     f"processes; in one: {last['one_process_s']:.1f} s = {last['one_process_ratio']:.1f}×)",
                     verdict(last["ratio"] <= 5)))
        rows.append(("build growth exponent ≤ 1.05", f"{build['exponent']:.3f} "
                     f"({build['exponent_after_startup']:.3f} without start-up, "
                     f"{build['exponent_largest']:.3f} between the two largest)", verdict(build["exponent"] <= 1.05)))
    draft = results.get("draft")
    if draft:
        rooms = list(draft["rooms"].items())
        rows.append(("`build.py draft` time independent of corpus size (±20%)",
                     f"{rooms[0][1]['median_s']:.2f} s {rooms[0][0]}, {rooms[1][1]['median_s']:.2f} s {rooms[1][0]} "
                     f"= {draft['ratio']:.2f}×", verdict(0.8 <= draft["ratio"] <= 1.2)))
    digests = results.get("row_digests")
    if digests:
        baseline = results.get("baseline_row_digests")
        if baseline:
            changed = [t for t in baseline if baseline[t] != digests.get(t)]
            rows.append(("speed-ups change no row of the real database",
                         f"{len(changed)} of {len(baseline)} tables differ from the baseline"
                         + (f": {', '.join(changed)}" if changed else ""), verdict(not changed)))
        else:
            overall = hashlib.sha256(json.dumps(digests, sort_keys=True).encode()).hexdigest()[:16]
            rows.append(("speed-ups change no row of the real database",
                         f"row digest {overall} recorded (compare with --baseline RESULTS.json)", "reference"))
    return rows


def print_summary(rows: list[tuple[str, str, str]]) -> None:
    section("summary: the issue's targets")
    width = max((len(r[0]) for r in rows), default=10)
    for target, measured, met in rows:
        print(f"  {target:<{width}}  {met:<9}  {measured}")


# --------------------------------------------------------------------------- command line

def pair(text: str) -> tuple[str, str | None]:
    key, _, value = text.partition("=")
    return key, (value or None)


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)} (default all)")
    p.add_argument("--explain", action="store_true",
                   help="only the explain part, printing the plan of every query of every page")
    default_cache = Path.home() / ".cache" / "kazakhstan-unrest-bench"
    p.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("BENCH_SCALE_CACHE", default_cache)),
                   help="where generated data is kept (default $BENCH_SCALE_CACHE or ~/.cache/kazakhstan-unrest-bench)")
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[30, 300, 3000],
                   help="corpus sizes in articles (default 30,300,3000)")
    p.add_argument("--seed", type=int, default=2022)
    p.add_argument("--build-repeats", type=int, default=3, help="builds per corpus; the fastest counts (default 3)")
    p.add_argument("--draft-repeats", type=int, default=5, help="drafts per corpus, interleaved (default 5)")
    p.add_argument("--scale", type=float, default=1.0, help="fraction of 1,000,000 figures to grow to (default 1)")
    p.add_argument("--db", type=Path, help="time and explain this database instead of growing one")
    p.add_argument("--requests", type=int, default=20, help="timed requests per page and server (default 20)")
    p.add_argument("--download-requests", type=int, default=3,
                   help="timed requests of each download page (HEAD, first bytes), at most --requests (default 3)")
    p.add_argument("--json-checks", type=int, default=3,
                   help="fetches of each table page's .json to read its timed-out facets (default 3)")
    p.add_argument("--pages", help="only pages whose name matches this regular expression")
    p.add_argument("--timeout", type=float, default=120, help="seconds before a request counts as failed")
    p.add_argument("--filter", type=pair, action="append", default=None,
                   help="a common filter column[=value] for table pages (default measure=killed, source_id, "
                        "quantity_id; without a value, each table's most common one)")
    p.add_argument("--param", type=pair, action="append", default=[],
                   help="a canned query parameter name=value (default: the most common value of a like-named column)")
    p.add_argument("--search", default="killed", help="the search term for /-/search (default killed)")
    p.add_argument("--csv-table", default="figures", help="the table whose CSV export is timed (default figures)")
    p.add_argument("--comparison-query", default="figures_compared", help="the comparison page's canned query")
    p.add_argument("--large-rows", type=int, default=10_000,
                   help="a table with at least this many rows is large: scanning it is flagged (default 10000)")
    p.add_argument("--explain-time-ms", type=float, default=1000,
                   help="time each facet query on its own up to this limit (0: do not; default 1000)")
    p.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    p.add_argument("--load-seconds", type=float, default=10, help="seconds per load phase (default 10)")
    p.add_argument("--load-rounds", type=int, default=2, help="alternating mixed/versions rounds (default 2)")
    p.add_argument("--baseline", type=Path, help="an earlier results JSON: compare the real database's rows with it")
    args = p.parse_args(argv)
    args.filter = args.filter or [("measure", "killed"), ("source_id", None), ("quantity_id", None)]
    args.parts = ["explain"] if args.explain else [x for x in args.parts.split(",") if x]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        p.error(f"unknown parts: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    cache = args.cache_dir
    cache.mkdir(parents=True, exist_ok=True)
    print(f"bench-scale: parts {', '.join(args.parts)}; cache {cache}; {load_average()}")
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "parts": args.parts, "load_start": load_average(),
                     "argv": sys.argv[1:]}
    real_db = build_real(cache)
    results["row_digests"] = row_digests(real_db)
    if args.baseline:
        results["baseline_row_digests"] = json.loads(args.baseline.read_text()).get("row_digests")
    out = cache / "results" / f"bench-scale-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every part, so an interrupted run keeps what it measured
        out.write_text(json.dumps(results, indent=1, default=str))

    if "build" in args.parts:
        results["build"] = part_build(args, cache)
        save()
    if "draft" in args.parts:
        results["draft"] = part_draft(args, cache)
        save()
    if "pages" in args.parts or "explain" in args.parts:
        section("grown database")
        grown, manifest = grown_database(args, cache, real_db)
        results["grown"] = {k: v for k, v in manifest.items()}
        if "pages" in args.parts:
            results["pages"] = part_pages(args, cache, real_db, grown, manifest)
            save()
        if "explain" in args.parts:
            results["explain"] = part_explain(args, cache, real_db, grown)
            save()
    if "concurrency" in args.parts:
        results["concurrency"] = part_concurrency(args, cache, real_db)
    results["targets"] = targets(results, args)
    print_summary(results["targets"])
    results["load_end"] = load_average()
    save()
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
