"""`make publish`: the directory Cloud Run deploys, its Dockerfile, and its CMD serving the release
exactly as `make serve` serves the site, with cache headers a CDN can use.

There is no Docker daemon here or in CI, so the CMD line is run as Docker runs it (`/bin/sh -c`,
from the directory, with $PORT set), with the project's venv standing in for the image's Python.
"""
from __future__ import annotations

import json
import re
import shlex
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import DB_NAME, ROOT

import build
from unrest import publish, serve
from unrest.release import make_release

CDN_CACHEABLE = f"public, max-age={serve.SETTINGS['default_cache_ttl']}"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return make_release(build.build, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def folder(release, tmp_path_factory) -> Path:
    return publish.make_publish(release, tmp_path_factory.mktemp("publish") / "publish")


@pytest.fixture(scope="module")
def site(folder):
    with publish.running_container_cmd(folder) as base:
        yield base


def get(url: str, headers: dict | None = None):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
        return response.status, response.headers, response.read()


def test_the_directory_holds_the_release_database_and_what_make_serve_uses(folder, release):
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["Dockerfile", "requirements.txt", "kazakhstan-unrest.db", "inspect-data.json"]
        + [p.name for p in serve.site_dirs(ROOT).values()])
    assert (folder / "kazakhstan-unrest.db").read_bytes() == (release / "kazakhstan-unrest.db").read_bytes()
    assert (folder / "requirements.txt").read_bytes() == (ROOT / "requirements.txt").read_bytes()
    assert (folder / "metadata.json").read_bytes() == (ROOT / "metadata.json").read_bytes()
    for name in ("templates", "plugins"):
        assert sorted(p.name for p in (folder / name).iterdir() if p.name != "__pycache__") == sorted(
            p.name for p in (ROOT / name).iterdir() if p.name != "__pycache__")


def test_the_dockerfile_pins_python_and_installs_the_pinned_requirements(folder):
    lines = (folder / "Dockerfile").read_text(encoding="utf-8").splitlines()
    (base,) = [line.split()[1] for line in lines if line.startswith("FROM ")]
    match = re.fullmatch(r"python:(\d+)\.(\d+)\.(\d+)-slim-bookworm", base)
    assert match, f"{base} must name an exact Python release"
    assert (int(match[1]), int(match[2])) == sys.version_info[:2], "the Python the tests run on"
    assert "RUN pip install --no-cache-dir -r requirements.txt" in lines
    assert all("==" in r for r in (folder / "requirements.txt").read_text().splitlines() if r and r[0].isalpha())


def test_the_cmd_is_make_serves_arguments_with_the_inspect_file(folder):
    cmd = publish.dockerfile_cmd(folder)
    assert cmd.startswith("exec datasette serve ") and cmd.endswith(" -p $PORT")
    words = shlex.split(cmd.removeprefix("exec ").removesuffix(" -p $PORT"))
    # make serve's arguments, with the repository's paths as the container sees them (relative to /app) …
    local = serve.serve_args(ROOT / serve.DATABASE_FILE, ROOT)
    as_in_container = [str(Path(w).relative_to(ROOT)) if w.startswith(str(ROOT)) else
                       w.replace(f"{ROOT}/", "") for w in local]
    as_in_container[2:2] = ["--inspect-file", publish.INSPECT_FILE]
    # … then what the host needs: https URLs behind Cloud Run's TLS, and all interfaces.
    assert words == ["datasette", "serve", *as_in_container, *publish.HOST_ARGS, "-h", "0.0.0.0"]


def test_the_inspect_file_counts_every_table(folder):
    import sqlite3

    conn = sqlite3.connect(folder / "kazakhstan-unrest.db")
    counts = publish.inspect_counts(folder)
    assert counts["figures"] == conn.execute("SELECT count(*) FROM figures").fetchone()[0]
    assert counts["dataset"] == 1
    data = json.loads((folder / publish.INSPECT_FILE).read_text(encoding="utf-8"))
    assert data[DB_NAME]["file"] == "kazakhstan-unrest.db", "no path of the machine that made it"


@pytest.mark.parametrize("path", [
    "/",
    f"/{DB_NAME}",
    f"/{DB_NAME}/figures?measure=killed",
    f"/{DB_NAME}/figures/forces-fly-in--security-force-deaths",
    f"/{DB_NAME}/figures_compared",
    f"/{DB_NAME}/figures.csv",
    "/-/static/app.css",
])
def test_the_container_command_serves_every_page_kind_cacheable_by_a_cdn(site, path):
    status, headers, body = get(site + path)
    assert status == 200 and body
    assert headers["Cache-Control"] == CDN_CACHEABLE, path


def test_the_container_serves_the_release_database_for_download(site, folder):
    status, headers, body = get(f"{site}/{DB_NAME}.db")
    assert status == 200 and headers["Cache-Control"] == CDN_CACHEABLE
    assert body == (folder / "kazakhstan-unrest.db").read_bytes()


def test_the_container_shows_the_version_and_the_precomputed_counts(site, folder, schema):
    _, _, body = get(f"{site}/{DB_NAME}/dataset.json?_shape=objects")
    assert json.loads(body)["rows"][0]["version"] == schema.dataset["version"]
    _, _, body = get(f"{site}/{DB_NAME}.json")
    tables = {t["name"]: t["count"] for t in json.loads(body)["tables"]}
    counts = publish.inspect_counts(folder)
    assert all(tables[name] == counts[name] for name in tables if name in counts)


def test_a_request_with_a_cookie_is_never_marked_cacheable(site):
    _, headers, _ = get(f"{site}/{DB_NAME}/figures", {"Cookie": "ds_actor=x"})
    assert "public" not in headers["Cache-Control"] and "private" in headers["Cache-Control"]


def test_absolute_urls_say_https_as_cloud_run_serves_them(site):
    _, _, body = get(f"{site}/{DB_NAME}/mentions.json?_size=5")
    assert json.loads(body)["next_url"].startswith("https://")
