"""Run the fuzz suite (tests/test_fuzz.py) under its "bench" profile, 10,000 inputs per
property, and say in one summary how many inputs were tried and how many tracebacks found.

The suite runs in a pytest subprocess with TIMELINE_FUZZ_PROFILE=bench; the figures
come from Hypothesis's own statistics and pytest's JUnit report, so they count what
really ran. Not derandomized: each run explores new inputs.

    python benchmarks/fuzz.py [-k EXPRESSION] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUITE = "tests/test_fuzz.py"

_TEST = re.compile(r"^(tests/test_fuzz\.py::\S+):$")
_PHASE = re.compile(r"during (\w+) phase \(([\d.]+) seconds\)")
_COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def parse_statistics(output: str) -> dict[str, dict]:
    """Per test: valid inputs tried (passing + failing), invalid ones, and seconds, over all phases."""
    tests: dict[str, dict] = {}
    current = None
    for line in output.splitlines():
        if header := _TEST.match(line.strip()):
            current = tests.setdefault(header.group(1).split("::", 1)[1], {"inputs": 0, "invalid": 0, "seconds": 0.0})
        elif current is not None and (phase := _PHASE.search(line)):
            current["seconds"] += float(phase.group(2))
        elif current is not None and (counts := _COUNTS.search(line)):
            passing, failing, invalid = map(int, counts.groups())
            current["inputs"] += passing + failing
            current["invalid"] += invalid
    return tests


def parse_failures(junit: Path) -> list[dict]:
    """Every test that ended in a traceback (xfails, the known bugs, are not counted)."""
    failures = []
    for case in ET.parse(junit).iter("testcase"):
        for outcome in list(case.findall("failure")) + list(case.findall("error")):
            first_line = (outcome.get("message") or "").strip().splitlines()[:1]
            failures.append({"test": case.get("name"), "error": first_line[0] if first_line else ""})
    return failures


def run(keyword: str | None) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        junit = Path(scratch) / "junit.xml"
        command = [sys.executable, "-m", "pytest", SUITE, "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", f"--junitxml={junit}"]
        if keyword:
            command += ["-k", keyword]
        started = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, env={**os.environ, "TIMELINE_FUZZ_PROFILE": "bench"}, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if not junit.exists():
            sys.exit(f"pytest did not run the suite:\n{result.stdout}{result.stderr}")
        failures = parse_failures(junit)
    tests = parse_statistics(result.stdout)
    return {
        "profile": "bench",
        "seconds": round(seconds, 1),
        "inputs": sum(t["inputs"] for t in tests.values()),
        "tracebacks": len(failures),
        "tests": tests,
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="keyword", help="only the tests pytest -k selects")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    summary = run(args.keyword)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for name, test in summary["tests"].items():
            rate = test["inputs"] / test["seconds"] if test["seconds"] else 0
            print(f"{name:72} {test['inputs']:>7,} inputs {test['seconds']:>7.1f} s {rate:>8,.0f}/s")
        for failure in summary["failures"]:
            print(f"TRACEBACK {failure['test']}: {failure['error']}")
        print(f"{summary['inputs']:,} inputs tried, {summary['tracebacks']} tracebacks found, in {summary['seconds']} s")
    sys.exit(1 if summary["tracebacks"] else 0)


if __name__ == "__main__":
    main()
