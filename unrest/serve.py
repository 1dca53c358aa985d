"""How the site is served, defined once: `make serve`, the tests, the screenshots and the
publish container all take their Datasette options from here."""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_FILE = "kazakhstan-unrest.db"


def site_dirs(root: Path = ROOT) -> dict[str, Path]:
    """The repository folders Datasette is given, where they exist."""
    found = {"metadata": root / "metadata.json"}
    for name in ("templates", "plugins", "static"):
        if (root / name).is_dir():
            found[name] = root / name
    return found


def serve_args(db: Path, root: Path = ROOT) -> list[str]:
    """The arguments after `datasette serve`: the database immutable, with metadata, templates and plugins."""
    dirs = site_dirs(root)
    args = ["-i", str(db), "-m", str(dirs["metadata"])]
    if "templates" in dirs:
        args += ["--template-dir", str(dirs["templates"])]
    if "plugins" in dirs:
        args += ["--plugins-dir", str(dirs["plugins"])]
    if "static" in dirs:
        args += ["--static", f"static:{dirs['static']}"]
    return args


def serve_command(db: Path, host: str = "127.0.0.1", port: int = 8001, root: Path = ROOT) -> list[str]:
    """The whole command line, with the venv's datasette."""
    datasette = Path(sys.executable).parent / "datasette"
    return [str(datasette), "serve", *serve_args(db, root), "-h", host, "-p", str(port)]


def datasette_kwargs(db: Path, root: Path = ROOT) -> dict:
    """The same site as keyword arguments of datasette.app.Datasette, for in-process tests."""
    import json

    dirs = site_dirs(root)
    kwargs: dict = {"immutables": [str(db)],
                    "metadata": json.loads(dirs["metadata"].read_text(encoding="utf-8"))}
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
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below, after the server
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # readiness, not timing: wait until it answers or dies
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"datasette exited: {log.read().decode(errors='replace')}")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("datasette did not start within a minute")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
