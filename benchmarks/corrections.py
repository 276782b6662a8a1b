"""What stable ids and corrections.yml add to a build, against the merge measured in the same run.

On the synthetic extractions of ``merge_scale.py`` (stories told by several articles,
with the chatter of wire copy), it times, in CPU seconds: the merge; giving every
entry its id (``with_ids``); and applying a corrections file of ``--fixes`` field
fixes, hides, merges and splits keyed by real ids plus one stale id (``apply_corrections``).
Ids and corrections are reported as a ratio of the merge time.

    python benchmarks/corrections.py [--sizes 1000 3000] [--fixes 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from merge_scale import synthetic_extractions  # noqa: E402

from timeline.corrections import apply_corrections, parse_corrections, with_ids  # noqa: E402
from timeline.merge import merge_extractions  # noqa: E402
from timeline.settings import EVENT_TYPES  # noqa: E402


def corrections_text(entries, count: int) -> str:
    """A file a busy editor might keep: every kind, on entries spread over the timeline, and one stale id."""
    step = max(1, len(entries) // count)
    chosen = entries[::step][:count]
    blocks = []
    for n, entry in enumerate(chosen):
        kind = n % 5
        if kind == 0:
            blocks.append(f"{entry.id}:\n  date: 2023-09-13\n  title: Corrected title {n}\n")
        elif kind == 1:
            blocks.append(f"{entry.id}:\n  hide: true\n")
        elif kind == 2:
            blocks.append(f"{entry.id}:\n  actors: [Someone Else]\n  status: reported\n")
        elif kind == 3 and n + 1 < len(chosen):
            blocks.append(f"{entry.id}:\n  merge: [{chosen[n + 1].id}]\n")
        elif kind == 4 and len(entry.sources) > 1:
            blocks.append(f"{entry.id}:\n  split: [{entry.sources[-1].mention_id}]\n")
    return "".join(blocks) + "zzzzzzzz:\n  hide: true\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--fixes", type=int, default=200)
    args = parser.parse_args()
    print(f"{'articles':>8} {'entries':>8} {'merge s':>8} {'ids s':>7} {'ids/merge':>9} {'apply s':>8} {'apply/merge':>11} {'problems':>8}")
    for size in args.sizes:
        extractions = synthetic_extractions(size)
        start = time.process_time()
        merged = merge_extractions(extractions)
        merge_time = time.process_time() - start
        start = time.process_time()
        entries = with_ids(merged, extractions)
        ids_time = time.process_time() - start
        assert len({e.id for e in entries}) == len(entries), "two entries share an id"
        corrections, _ = parse_corrections(corrections_text(entries, args.fixes), "corrections.yml", EVENT_TYPES)
        start = time.process_time()
        _, problems = apply_corrections(entries, extractions, corrections)
        apply_time = time.process_time() - start
        print(
            f"{size:>8} {len(entries):>8} {merge_time:>8.2f} {ids_time:>7.2f} {ids_time / merge_time:>9.3f}"
            f" {apply_time:>8.2f} {apply_time / merge_time:>11.3f} {len(problems):>8}"
        )


if __name__ == "__main__":
    main()
