"""How the site is served, defined once: `make serve`, the tests, the screenshots and the
publish container all take their Datasette options from here."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_FILE = "kazakhstan-unrest.db"
# Datasette settings of the site, wherever it is served.
SETTINGS = {
    # The database never changes while it is served, so a response may be reused for an hour, by
    # a browser or by a CDN in front of the published site: `Cache-Control: max-age=3600` on
    # Datasette's data pages, and plugins/cache_headers.py puts the same, marked public, on the rest.
    # An hour bounds how long a CDN shows the previous release after a new one is deployed.
    "default_cache_ttl": 3600,
    # Table and query pages cut a long cell (an article's text) to its first 300 characters (the
    # record page always shows the whole value), and a facet lists its 10 most common values
    # before a "…" link to the rest, so a table's rows start on the first screens.
    "truncate_cells_html": 300,
    "default_facet_size": 10,
    # No suggested facets: Datasette would run one query per column over the page's rows on every
    # table page to suggest some ("Suggested facets: …"), which at a million figures is two-thirds
    # of the page's time, scanning the table again and again. The default facets (schema.yaml) are
    # shown, and a reader adds any other from a column's menu (⚙ → Facet by this).
    "suggest_facets": False,
}
# `datasette inspect` data of a database, kept beside it (kazakhstan-unrest.db.inspect.json).
INSPECT_SUFFIX = ".inspect.json"


# The browser the tests and the screenshots drive: Debian's chromium through Playwright, never a
# browser Playwright downloads. Headless, sandbox off (root in CI), no calls home.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def launch_chromium(playwright):
    """Debian's chromium, launched the one way tests and screenshots use it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def site_dirs(root: Path = ROOT) -> dict[str, Path]:
    """The repository folders Datasette is given, where they exist."""
    found = {"metadata": root / "metadata.json"}
    for name in ("templates", "plugins", "static"):
        if (root / name).is_dir():
            found[name] = root / name
    return found


def serve_args(db: Path, root: Path = ROOT, inspect_file: Path | None = None, relative: bool = False) -> list[str]:
    """The arguments after `datasette serve`: the database immutable, with metadata, templates, plugins
    and settings. `inspect_file`: the database's `datasette inspect` data (the published site has it).
    `relative`: paths relative to `root`, for a command run from there (the publish container's CMD)."""
    dirs = site_dirs(root)

    def path(p: Path) -> str:
        return str(Path(p).relative_to(root)) if relative else str(p)

    args = ["-i", path(db)]
    if inspect_file is not None:
        args += ["--inspect-file", path(inspect_file)]
    args += ["-m", path(dirs["metadata"])]
    if "templates" in dirs:
        args += ["--template-dir", path(dirs["templates"])]
    if "plugins" in dirs:
        args += ["--plugins-dir", path(dirs["plugins"])]
    if "static" in dirs:
        args += ["--static", f"static:{path(dirs['static'])}"]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value)]
    return args


def serve_command(db: Path, host: str = "127.0.0.1", port: int = 8001, root: Path = ROOT) -> list[str]:
    """The whole command line, with the venv's datasette, and the database's inspect data."""
    datasette = Path(sys.executable).parent / "datasette"
    return [str(datasette), "serve", *serve_args(db, root, inspect_file(db)), "-h", host, "-p", str(port)]


def inspect_data(db: Path) -> dict:
    """Datasette's own `datasette inspect` data of an immutable database: the row count of every
    table, so that a table page shows its count without counting (three million claims take
    ~0.1 s to count), and the file's size and hash, so that the first download or
    /-/databases.json after a start does not read the whole file to hash it."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from datasette.cli import inspect_

    with ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever loop the caller runs in
        return pool.submit(asyncio.run, inspect_([str(db)], None)).result()


def write_inspect_file(db: Path, out: Path, file_as: str | None = None) -> Path:
    """Write `db`'s inspect data to `out`; `file_as`: the database's path as the server will see it."""
    data = inspect_data(db)
    if file_as is not None:
        for entry in data.values():
            entry["file"] = file_as
    Path(out).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return Path(out)


def inspect_file(db: Path) -> Path:
    """The inspect data file beside `db`, written again whenever the database is newer or another size.
    The database is immutable while it is served; a build replaces the file (a new modification time)."""
    db = Path(db)
    path = db.with_name(db.name + INSPECT_SUFFIX)
    try:
        built = db.stat()
        fresh = path.stat().st_mtime_ns >= built.st_mtime_ns and all(
            entry.get("size") == built.st_size for entry in json.loads(path.read_text(encoding="utf-8")).values())
    except (OSError, ValueError, AttributeError):
        fresh = False
    return path if fresh else write_inspect_file(db, path)


def datasette_kwargs(db: Path, root: Path = ROOT) -> dict:
    """The same site as keyword arguments of datasette.app.Datasette, for in-process tests."""
    dirs = site_dirs(root)
    kwargs: dict = {"immutables": [str(db)],
                    "metadata": json.loads(dirs["metadata"].read_text(encoding="utf-8")),
                    "settings": dict(SETTINGS),
                    "inspect_data": inspect_data(db)}
    if "templates" in dirs:
        kwargs["template_dir"] = str(dirs["templates"])
    if "plugins" in dirs:
        kwargs["plugins_dir"] = str(dirs["plugins"])
    if "static" in dirs:
        kwargs["static_mounts"] = [("static", str(dirs["static"]))]
    return kwargs


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(db: Path, port: int | None = None, root: Path = ROOT, extra_args: list[str] | None = None):
    """Serve `db` with `make serve`'s command in a child process; yields the base URL once it answers."""
    port = port or free_port()
    command = serve_command(db, port=port, root=root) + list(extra_args or [])
    # Output to a file, not a pipe nobody reads: Datasette logs every SQL error, and a full pipe would block it.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        with answering(proc, port, log) as base:
            yield base


@contextmanager
def answering(proc: subprocess.Popen, port: int, log=None, ready_seconds: float = 60):
    """A started Datasette process: yields its base URL once it answers, and stops it afterwards.
    `log`: the file its output goes to, when not a pipe (a pipe nobody reads stalls a long run);
    `ready_seconds`: how long it may take to start (a database of many GiB takes minutes)."""
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + ready_seconds
    try:
        while time.monotonic() < deadline:  # readiness, not timing: wait until it answers or dies
            if proc.poll() is not None:
                if log is not None:
                    log.seek(0)
                output = log.read() if log is not None else proc.stdout.read() if proc.stdout else b""
                raise RuntimeError(f"datasette exited: {output.decode(errors='replace')}")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"datasette did not start within {ready_seconds:.0f} s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
