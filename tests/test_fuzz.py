"""A short fuzz run in every `make test`: single random mutations of a copy of sources/, each
ending in a clean problem message or a valid build (`make fuzz` runs hundreds and prints the tally)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_random_single_mutations_end_in_a_clean_message_or_a_valid_build():
    # A child process: the fuzzer forks one build per run under a time and memory limit.
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "fuzz_sources.py"), "--runs", "16", "--seed", "14",
                           "--json"], capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout)
    assert report["failures"] == [], json.dumps(report["failures"], indent=1, ensure_ascii=False)
    assert done.returncode == 0
    tally = report["tally"]
    assert sum(tally.values()) == report["runs"] == 16
    assert tally.get("clean problem", 0) > 0 and tally.get("valid build", 0) > 0  # both endings were exercised
