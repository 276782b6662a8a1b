"""Print the person-read review's figures from the judgment tables next to this script.

Usage: ``python benchmarks/review/figures.py``

``entries-<sample>-<run>.tsv``: one row per entry the site shows (min_confidence 0.6)
for a document of the sample, with the code of that run (round 1: ``before`` and ``after``
its fixes; round 2: ``round2``, after the second round's fixes), judged by a careful
reader on four criteria, each 1 or 0:
``event`` (a real event, shown with the right status: a plan is not shown as happened,
and one event is not shown twice), ``date``, ``title_ok`` (names its subject, keeps the
meaning) and ``actors``; ``failure`` names the failure class of a wrong row.
``readers-<sample>.tsv``: the events a reader would put on each document's timeline,
and for each run whether it appears ``correct``ly (an entry right in all four),
in ``some form``, or is ``missing``.
"""

from __future__ import annotations

import collections
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRITERIA = ("event", "date", "title_ok", "actors")


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def entry_figures(rows: list[dict[str, str]]) -> dict[str, float]:
    """Shares of shown entries right in all four criteria and in each one."""
    count = len(rows)
    figures = {"entries": count, "all four": sum(all(r[c] == "1" for c in CRITERIA) for r in rows) / count}
    figures.update({c: sum(r[c] == "1" for r in rows) / count for c in CRITERIA})
    return figures


def failure_counts(rows: list[dict[str, str]]) -> list[tuple[str, int]]:
    """Wrong entries per failure class, most common first (ties by name)."""
    counts = collections.Counter(r["failure"] for r in rows if r["failure"])
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def recall_figures(rows: list[dict[str, str]], run: str) -> tuple[int, float, float]:
    """Reader-worthy events, and the shares found correctly and in some form."""
    found = [r[run] for r in rows]
    return len(found), found.count("correct") / len(found), sum(f != "missing" for f in found) / len(found)


def main() -> int:
    runs = ("before", "after", "round2")
    tables = sorted(HERE.glob("entries-*.tsv"), key=lambda t: (t.stem.split("-")[1], runs.index(t.stem.split("-")[2])))
    if not tables:
        print(f"{HERE}: no entries-*.tsv judgment tables", file=sys.stderr)
        return 1
    print(f"{'sample/run':<12} {'entries':>7} {'all four':>8} {'event':>6} {'date':>6} {'title':>6} {'actors':>6} {'reader events':>13} {'correct':>8} {'some form':>9}")
    for table in tables:
        sample, run = table.stem.split("-")[1:]
        figures = entry_figures(read_table(table))
        events, correct, some = recall_figures(read_table(HERE / f"readers-{sample}.tsv"), run)
        shares = " ".join(f"{figures[c]:>6.0%}" for c in CRITERIA)
        print(f"{sample + ' ' + run:<12} {figures['entries']:>7} {figures['all four']:>8.0%} {shares} {events:>13} {correct:>8.0%} {some:>9.0%}")
    for table in tables:
        classes = ", ".join(f"{name} {count}" for name, count in failure_counts(read_table(table)))
        print(f"{table.stem}: {classes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
