"""Mutation fuzzing of the build: one mutation of a copy of the real sources/ per run.

    python tests/fuzz_sources.py [--runs 300] [--seed 1] [--timeout 30] [--memory-mb 1536]
    python tests/fuzz_sources.py --replay 17 --seed 1     # one run again, with its mutation and output
    make fuzz                                              # 300 runs, the tally

Each run copies sources/ and a previously built database into a temporary folder, applies
one mutation (the classes of issue 14 that the build must refuse, and random byte, line and
YAML-structure mutations that it may accept or refuse), and runs `build.py --sources S --out O`
in a child process under a time limit and an address-space limit. A run passes when the
build ends in a clean problem message (exit 1, every line a problem, no traceback, no
"internal error") with the previous database byte-identical and no temporary file left, or
in a valid build (exit 0, a database whose integrity and foreign keys check out); a mutation
of a must-refuse class that builds is "silently accepted", a failure too.

Children are forked from this process after it has imported and warmed the build once, so
a run costs a build, not an interpreter start. Exit status 1 when any run failed.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.set_int_max_str_digits(0)  # the fuzzer writes 5,000-digit numbers; the build must refuse them itself

OUTCOMES = ("clean problem", "valid build", "silently accepted", "internal error", "traceback", "hang",
            "out of memory", "crash", "previous db damaged", "temporary file left")
PASSING = {"clean problem", "valid build"}
TRICKY = "ıİßẞﬁſσςΣµΩÅé\u0301\u200b\u200e\u202e\u00a0\u2028\ufeff😀\t\"'`:#&*!|>%@[]{},-?"

# --------------------------------------------------------------------------- mutations
# Each takes (sources, rng, scratch) and returns a description; MUST_REFUSE names those the
# build has to refuse (issue 14's classes), the others it may accept.

Mutation = Callable[[Path, random.Random, Path], str]
MUTATIONS: dict[str, Mutation] = {}
MUST_REFUSE: set[str] = set()


def mutation(must_refuse: bool = False):
    def register(fn: Mutation) -> Mutation:
        MUTATIONS[fn.__name__] = fn
        if must_refuse:
            MUST_REFUSE.add(fn.__name__)
        return fn
    return register


def yaml_files(sources: Path) -> list[Path]:
    return sorted(sources.glob("*.yaml")) + sorted(sources.glob("*/annotations.yaml"))


def any_file(sources: Path, rng: random.Random) -> Path:
    return rng.choice(yaml_files(sources) + sorted(sources.glob("*/article.txt")))


def rel(path: Path, sources: Path) -> str:
    return str(path.relative_to(sources.parent))


def replace_line(path: Path, rng: random.Random, pattern: str, make: Callable[[re.Match], str]) -> str:
    """Replace one random line matching `pattern` by make(match) (which may hold several lines)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [i for i, line in enumerate(lines) if re.match(pattern, line)]
    i = rng.choice(found)
    old = lines[i]
    lines[i] = make(re.match(pattern, old))
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{path.name}:{i + 1}: {old.strip()[:60]!r} → {lines[i].strip()[:80]!r}"


@mutation(must_refuse=True)
def duplicate_key(sources, rng, scratch):
    path = rng.choice(yaml_files(sources))
    return replace_line(path, rng, r"^(\s+)([a-z_]+): \S", lambda m: m.group(0) + "\n" + m.string)


@mutation(must_refuse=True)
def alias_bomb(sources, rng, scratch):
    depth, width = rng.randint(3, 9), rng.randint(2, 9)
    levels = ["- &a0 [" + ", ".join(["lol"] * width) + "]"]
    levels += [f"- &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, depth)]
    path = rng.choice(sorted(sources.glob("*.yaml")))
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    return f"{path.name}: billion laughs, {depth} levels of {width}"


@mutation(must_refuse=True)
def anchor_and_alias(sources, rng, scratch):
    path = rng.choice(yaml_files(sources))
    return replace_line(path, rng, r"^(\s+)(name|text|description|statement|reason): (.+)$",
                        lambda m: f"{m.group(1)}{m.group(2)}: &x {m.group(3)}\n{m.group(1)}note: *x")


@mutation(must_refuse=True)
def deep_nesting(sources, rng, scratch):
    n = rng.choice([4, 10, 1000, 100_000])
    path = rng.choice(yaml_files(sources))
    brackets = rng.choice(["[]", "{}"])
    nested = brackets[0] * n + brackets[1] * n if brackets == "[]" else "{a: " * n + "}" * n
    return replace_line(path, rng, r"^(\s+)(name|text|description|statement|reason): ",
                        lambda m: f"{m.group(1)}{m.group(2)}: {nested}")


@mutation(must_refuse=True)
def surrogate_escape(sources, rng, scratch):
    path = rng.choice(yaml_files(sources))
    code = rng.choice(["\\udc80", "\\ud800", "\\udfff", "\\ud83d\\ude00"])
    return replace_line(path, rng, r"^(\s+)(name|text|description|statement|reason|note): ",
                        lambda m: f'{m.group(1)}{m.group(2)}: "x{code}y"')


@mutation(must_refuse=True)
def special_file(sources, rng, scratch):
    path = any_file(sources, rng)
    path.unlink()
    kind = rng.choice(["fifo", "folder", "symlink to a large file outside", "symlink to /dev/zero",
                       "dangling symlink", "symlink loop"])
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "symlink to a large file outside":
        path.symlink_to(scratch / "large.bin")
    elif kind == "symlink to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "dangling symlink":
        path.symlink_to(path.with_name("nothing-here"))
    else:
        path.symlink_to(path)
    return f"{rel(path, sources)}: {kind}"


@mutation(must_refuse=True)
def coordinate_out_of_range(sources, rng, scratch):
    value = rng.choice(["123", "-90.5", "180.01", "-9223372036854775809", "9223372036854775808", "1e5",
                        "99999999999999999999999999", "-400"])
    key = rng.choice(["latitude", "longitude"])
    if key == "latitude" and value in ("180.01", "-400"):
        value = "91"
    if key == "longitude" and value == "-90.5":
        value = "-180.5"
    return replace_line(sources / "places.yaml", rng, rf"^(\s+){key}: ", lambda m: f"{m.group(1)}{key}: {value}")


@mutation(must_refuse=True)
def coordinate_without_its_pair(sources, rng, scratch):
    return replace_line(sources / "places.yaml", rng, r"^\s+(latitude|longitude): ", lambda m: "")


@mutation(must_refuse=True)
def parent_cycle(sources, rng, scratch):
    """An entry becomes its own parent, or the root above it becomes its child."""
    path = rng.choice([sources / "actors.yaml", sources / "places.yaml"])
    entries = {e["id"]: e for e in yaml.safe_load(path.read_text(encoding="utf-8"))}
    child = rng.choice([e for e in entries.values() if e.get("parent_id")])
    if rng.random() < 0.5:
        return set_parent(path, child["id"], child["id"])
    root = child["parent_id"]
    while entries[root].get("parent_id"):
        root = entries[root]["parent_id"]
    return set_parent(path, root, child["id"])


def set_parent(path: Path, ident: str, parent: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {ident}\n")
    end = text.find("\n- ", start + 1)
    entry = text[start:end if end > 0 else len(text)]
    if "\n  parent_id: " in entry:
        entry = re.sub(r"\n  parent_id: .*", f"\n  parent_id: {parent}", entry)
    else:
        entry = entry.replace(f"- id: {ident}\n", f"- id: {ident}\n  parent_id: {parent}\n", 1)
    path.write_text(text[:start] + entry + (text[end:] if end > 0 else ""), encoding="utf-8")
    return f"{path.name}: {ident}.parent_id → {parent}"


@mutation(must_refuse=True)
def empty_section(sources, rng, scratch):
    path = rng.choice(sorted(sources.glob("*/annotations.yaml")))
    section = rng.choice(["claims", "figures", "exclusions"])
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{section}:") + 1
    following = [m.start() for m in re.finditer(r"^[a-z]+:", text[start + 1:], re.M)]
    end = start + 1 + following[0] if following else len(text)
    path.write_text(text[:start] + f"{section}:\n" + text[end:], encoding="utf-8")
    return f"{rel(path, sources)}: section {section} emptied"


@mutation(must_refuse=True)
def bad_occurrence(sources, rng, scratch):
    path = rng.choice(sorted(sources.glob("*/annotations.yaml")))
    value = rng.choice(["1.0", "2.5", "true", "false", "0", "-1", "99999999999999999999999", "'1'", "[1]", "null1"])
    return replace_line(path, rng, r"^    text: ", lambda m: f"{m.string}\n    occurrence: {value}")


@mutation(must_refuse=True)
def id_not_a_text(sources, rng, scratch):
    path = rng.choice(yaml_files(sources))
    value = rng.choice(["5", "null", "{a: 1}", "[x]", "true", "1.5", "2022-01-06T10:00:00"])
    return replace_line(path, rng, r"^(\s*- |  )id: ", lambda m: f"{m.group(1)}id: {value}")


@mutation(must_refuse=True)
def id_removed(sources, rng, scratch):
    path = rng.choice([sources / "actors.yaml", sources / "places.yaml", sources / "propositions.yaml",
                       sources / "quantities.yaml"])
    return replace_line(path, rng, r"^- id: \S+$", lambda m: "-")


@mutation(must_refuse=True)
def key_not_a_text(sources, rng, scratch):
    path = rng.choice(yaml_files(sources))
    key = rng.choice(["1", "yes", "null", "~", "1.5", "[a]", "{a: b}", "2022-01-06"])
    return replace_line(path, rng, r"^(\s+)([a-z_]+): \S", lambda m: f"{m.string}\n{m.group(1)}{key}: x")


@mutation(must_refuse=True)
def absurd_number(sources, rng, scratch):
    value = rng.choice(["1" + "0" * 30, "9" * 5000, "-" + "9" * 25, ".inf", ".nan", "1.0e+400"])
    if rng.random() < 0.5:
        return replace_line(sources / "places.yaml", rng, r"^(\s+)geonames_id: ",
                            lambda m: f"{m.group(1)}geonames_id: {value}")
    path = rng.choice(sorted(sources.glob("*/annotations.yaml")))
    return replace_line(path, rng, r"^  - id: ", lambda m: f"{m.string}\n    value: {value}") \
        if "\nfigures:" not in path.read_text() else _figure_value(path, rng, value)


def _figure_value(path: Path, rng: random.Random, value: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index("\nfigures:")
    end = text.find("\nexclusions:", start)
    ids = [m for m in re.finditer(r"^  - id: .+$", text[start:end if end > 0 else len(text)], re.M)]
    m = rng.choice(ids)
    at = start + m.end()
    path.write_text(text[:at] + f"\n    value: {value}" + text[at:], encoding="utf-8")
    return f"{rel(path, path.parent.parent)}: figure {m.group(0).strip()} value: {value[:20]}"


# --- mutations the build may accept ---------------------------------------------------------

@mutation()
def unicode_article(sources, rng, scratch):
    """A new source whose text is full of letters case folding changes (ı, İ, ß, ﬁ …) around known aliases."""
    words = ["Presıdent", "PRESİDENT", "Tokayev", "İstanbul", "STRAẞE", "ﬁnance", "Almaty", "the", "said",
             "Kazakhstan", "KAZAKHSTAN", "Ⅻ", "ǅ", "σς", "Ὀδυσσεύς", "a\u0301", "🙂", "\u202eevil", "and", "in"]
    text = " ".join(rng.choice(words) + rng.choice(["", "", ",", ".", "’s"]) for _ in range(rng.randint(5, 400)))
    raw = text.encode("utf-8")
    folder = sources / "fuzz-unicode"
    folder.mkdir()
    (folder / "article.txt").write_bytes(raw)
    (folder / "annotations.yaml").write_text(yaml.safe_dump({
        "source": {"id": "fuzz-unicode", "title": "Fuzz", "language": "en", "original_file": "fuzz.txt",
                   "sha256": hashlib.sha256(raw).hexdigest()},
        "claims": [], "figures": [], "exclusions": [],
    }, allow_unicode=True), encoding="utf-8")
    return f"new article of {len(text)} characters"


@mutation()
def random_bytes(sources, rng, scratch):
    path = any_file(sources, rng)
    data = bytearray(path.read_bytes())
    kind = rng.choice(["flip", "insert", "delete", "truncate", "control", "invalid utf-8"])
    i = rng.randrange(len(data) + 1)
    if kind == "flip" and data:
        i = min(i, len(data) - 1)
        data[i] ^= 1 << rng.randrange(8)
    elif kind == "insert":
        data[i:i] = rng.choice([b":", b"- ", b"[", b"{", b"&", b"*", b"!", b"%", b"@", b"`", b"'", b'"', b"\t",
                                b"\n", b"#", b"|", b">", b"? ", b"---\n", b"...\n", TRICKY.encode()])
    elif kind == "delete":
        del data[i:i + rng.randint(1, 40)]
    elif kind == "truncate":
        del data[i:]
    elif kind == "control":
        data[i:i] = bytes([rng.choice([0, 1, 7, 8, 0x0b, 0x0c, 0x1b, 0x7f])])
    else:
        data[i:i] = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"])
    path.write_bytes(bytes(data))
    return f"{rel(path, sources)}: bytes {kind} at {i}"


@mutation()
def random_lines(sources, rng, scratch):
    path = rng.choice(yaml_files(sources))
    lines = path.read_text(encoding="utf-8").split("\n")
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines))
    kind = rng.choice(["delete", "duplicate", "swap", "indent", "dedent", "move"])
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = "  " + lines[i]
    elif kind == "dedent":
        lines[i] = lines[i][2:]
    else:
        lines.insert(j, lines.pop(i))
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{rel(path, sources)}: line {kind} {i + 1} ({j + 1})"


def random_value(rng: random.Random, depth: int = 0):
    choices = [
        lambda: None, lambda: True, lambda: False, lambda: 0, lambda: -1, lambda: 1.0, lambda: 2.5,
        lambda: 10**19, lambda: -(2**63) - 1, lambda: 2**63, lambda: 10**rng.randint(20, 5000),
        lambda: float("inf"), lambda: float("nan"), lambda: "", lambda: " ", lambda: "x" * rng.randint(1, 200_000),
        lambda: "".join(rng.choice(TRICKY) for _ in range(rng.randint(1, 30))),
        lambda: "\udc80", lambda: "2022-02-30", lambda: "kassym-jomart-tokayev", lambda: "almaty",
        lambda: [], lambda: {}, lambda: {1: "x"}, lambda: {None: 1}, lambda: {(1, 2): "tuple key"},
        lambda: [random_value(rng, depth + 1) for _ in range(rng.randint(1, 3))] if depth < 4 else [],
        lambda: {rng.choice(["id", "text", "aliases", "x", "actor_id"]): random_value(rng, depth + 1)}
        if depth < 4 else {},
        lambda: _nested(rng.randint(5, 60)),
    ]
    return rng.choice(choices)()


def _nested(n: int):
    value: object = "deep"
    for _ in range(n):
        value = [value]
    return value


@mutation()
def yaml_structure(sources, rng, scratch):
    """Load a YAML file, change one node of it (replace, delete, duplicate, move), dump it again."""
    path = rng.choice(yaml_files(sources))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    slots = []  # (container, key) of every node

    def walk(node, depth=0):
        if isinstance(node, dict):
            for k in list(node):
                slots.append((node, k))
                walk(node[k], depth + 1)
        elif isinstance(node, list):
            for i in range(len(node)):
                slots.append((node, i))
                walk(node[i], depth + 1)

    walk(data)
    container, key = rng.choice(slots)
    kind = rng.choice(["replace", "replace", "replace", "delete", "duplicate", "copy from elsewhere"])
    if kind == "replace":
        container[key] = random_value(rng)
    elif kind == "delete":
        del container[key]
    elif kind == "duplicate" and isinstance(container, list):
        container.insert(key, container[key])
    else:
        other, okey = rng.choice(slots)
        container[key] = other[okey] if other is not container or okey != key else None
    try:
        text = yaml.safe_dump(data, allow_unicode=rng.random() < 0.5, sort_keys=False, width=rng.choice([80, 10**6]))
    except (yaml.YAMLError, ValueError, RecursionError) as err:  # a value PyYAML cannot write: write a note
        text = f"# could not dump: {err}\n" + path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return f"{rel(path, sources)}: {kind} at {str(key)[:30]!r}"


# --------------------------------------------------------------------------- running one build

def limited_child(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def build_in_child(sources: Path, out: Path, log: Path, timeout: float, memory_bytes: int) -> tuple[str, int | None]:
    """Fork, limit, run `build.py --sources S --out O` in the child; ('exit', status), ('signal', n) or ('hang', None)."""
    pid = os.fork()
    if pid == 0:  # the child: nothing of the parent's state but the imported, warmed modules
        status = 98
        try:
            limited_child(memory_bytes, int(timeout) + 1)
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - the child's whole life
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            import build
            from unrest.cli import main
            status = main(["--sources", str(sources), "--out", str(out)], build.build)
        except BaseException:  # what escaped the build: the traceback the curator would have seen
            import traceback
            traceback.print_exc()
            status = 99
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(status if isinstance(status, int) else 97)
    deadline = time.monotonic() + timeout
    while True:
        done, wait_status = os.waitpid(pid, os.WNOHANG)
        if done:
            if os.WIFSIGNALED(wait_status):
                return "signal", os.WTERMSIG(wait_status)
            return "exit", os.WEXITSTATUS(wait_status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "hang", None
        time.sleep(0.01)


def valid_database(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ok = ok and not conn.execute("PRAGMA foreign_key_check").fetchall()
        ok = ok and conn.execute("SELECT count(*) FROM sources").fetchone()[0] >= 1
        conn.close()
        return ok
    except sqlite3.Error:
        return False


def classify(kind: str, code: int | None, output: str, name: str, out: Path, before: bytes) -> list[str]:
    """The outcomes of one run (one, plus 'previous db damaged' / 'temporary file left' when they happen)."""
    outcomes = []
    if kind == "hang" or kind == "signal" and code == signal.SIGXCPU:
        outcomes.append("hang")
    elif "MemoryError" in output or kind == "signal" and code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
        outcomes.append("out of memory" if "MemoryError" in output or code == signal.SIGKILL else "crash")
    elif "Traceback" in output or code == 99:
        outcomes.append("traceback")
    elif "internal error" in output:
        outcomes.append("internal error")
    elif code == 1 and output.startswith("build failed: ") and all(
            line.startswith("  ") for line in output.splitlines()[2:] if line):
        outcomes.append("clean problem")
    elif code == 0:
        outcomes.append("silently accepted" if name in MUST_REFUSE else
                        "valid build" if valid_database(out) else "crash")
    else:
        outcomes.append("crash")
    if code != 0 and out.exists() and out.read_bytes() != before:
        outcomes.append("previous db damaged")
    if list(out.parent.glob(".*.building")):
        outcomes.append("temporary file left")
    return outcomes


def one_run(index: int, seed: int, workdir: Path, template_db: bytes, timeout: float, memory_bytes: int,
            names: list[str]) -> dict:
    rng = random.Random(f"{seed}:{index}")
    # half the runs from the classes the build must refuse, half random byte/line/structure mutations
    refuse, other = [n for n in names if n in MUST_REFUSE], [n for n in names if n not in MUST_REFUSE]
    name = rng.choice(refuse if refuse and (not other or rng.random() < 0.5) else other)
    run_dir = workdir / f"run-{index}"
    sources, out = run_dir / "sources", run_dir / "kazakhstan-unrest.db"
    shutil.copytree(ROOT / "sources", sources, symlinks=True)
    out.write_bytes(template_db)
    try:
        description = MUTATIONS[name](sources, rng, workdir)
    except Exception as err:  # the mutation found nothing to change: the run is a plain build, not of its class
        description, name = f"(mutation {name} not applied: {err!r})", "none"
    log = run_dir / "build.log"
    started = time.monotonic()
    kind, code = build_in_child(sources, out, log, timeout, memory_bytes)
    output = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    outcomes = classify(kind, code, output, name, out, template_db)
    result = {"run": index, "mutation": name, "description": description, "outcomes": outcomes,
              "seconds": round(time.monotonic() - started, 2), "output": output[-3000:]}
    shutil.rmtree(run_dir, ignore_errors=True)
    return result


def warm_up(template: Path) -> bytes:
    """Import and run the build once here, so each forked child starts warm; the previous database."""
    import build
    with contextlib.redirect_stdout(sys.stderr):
        assert build.build(template) == 0, "the real sources must build"
    return template.read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a build may take (a hang beyond)")
    parser.add_argument("--memory-mb", type=int, default=1536, help="address space a build may add (MiB)")
    parser.add_argument("--replay", type=int, help="run this one run again and print its output")
    parser.add_argument("--only", action="append", choices=sorted(MUTATIONS), help="only these mutations")
    parser.add_argument("--json", action="store_true", help="print the tally as JSON (for the test)")
    args = parser.parse_args(argv)
    names = sorted(args.only or MUTATIONS)
    with tempfile.TemporaryDirectory(prefix="fuzz-sources-") as tmp:
        workdir = Path(tmp)
        with open(workdir / "large.bin", "wb") as f:  # outside any sources/: a symlink to it must be refused
            f.truncate(64 * 2**20)
        template = warm_up(workdir / "template.db")
        memory = _address_space() + args.memory_mb * 2**20
        indexes = [args.replay] if args.replay is not None else range(args.runs)
        tally: Counter = Counter()
        by_mutation: dict[str, Counter] = {}
        failures = []
        started = time.monotonic()
        for index in indexes:
            result = one_run(index, args.seed, workdir, template, args.timeout, memory, names)
            for outcome in result["outcomes"]:
                tally[outcome] += 1
                by_mutation.setdefault(result["mutation"], Counter())[outcome] += 1
            if set(result["outcomes"]) - PASSING or args.replay is not None:
                failures.append(result)
        elapsed = time.monotonic() - started
    runs = len(indexes)
    if args.json:
        print(json.dumps({"runs": runs, "tally": dict(tally), "failures": failures}))
    else:
        print(f"fuzz: {runs} runs of single mutations of sources/ (seed {args.seed}) in {elapsed:.0f} s; "
              f"limits {args.timeout:g} s and +{args.memory_mb} MiB per build")
        print(f"  {'runs':<22}{runs:>6}")
        for outcome in OUTCOMES:
            print(f"  {outcome:<22}{tally[outcome]:>6}")
        print("  by mutation (clean problem / valid build / other):")
        for name in sorted(by_mutation):
            c = by_mutation[name]
            other = sum(c.values()) - c["clean problem"] - c["valid build"]
            refuse = " (must refuse)" if name in MUST_REFUSE else ""
            print(f"    {name:<30}{c['clean problem']:>5} {c['valid build']:>5} {other:>5}{refuse}")
        for result in failures:
            print(f"\nrun {result['run']} ({result['mutation']}: {result['description']}) → "
                  f"{', '.join(result['outcomes'])} in {result['seconds']} s\n{result['output']}")
    return 1 if any(set(r["outcomes"]) - PASSING for r in failures) else 0


def _address_space() -> int:
    """This process's current virtual size: the child inherits it, so its limit is this plus the allowance."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


if __name__ == "__main__":
    sys.exit(main())
