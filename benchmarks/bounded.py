"""Seconds and peak memory of extracting the article shapes that could make work grow
faster than the text (issue #15), at the issue's full sizes.

Each shape is a function of a size ``n`` giving a text about ``n`` times a unit long;
``tests/test_bounded.py`` runs the same shapes at small sizes and checks that the time
grows no faster than the text. Time is CPU time, the best of ``--repeat`` runs: on a
shared machine other processes stretch the wall clock, not the work done. Peak memory is
what Python and spaCy allocate during one more run (``tracemalloc``, which slows a run,
so it is not timed).

    python benchmarks/bounded.py [--repeat 1] [--shape NAME] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.contents import Article  # noqa: E402
from timeline.events import extract  # noqa: E402

SENTENCE = "Putin met Kim on 13 September 2023 at the Vostochny Cosmodrome."


@dataclass(frozen=True)
class Shape:
    """A text that grows with ``n``; ``full`` is the size the issue names, ``small`` a test's."""

    make: Callable[[int], str]
    full: int
    small: int


SHAPES = {
    # No sentence end in 400 KB: one sentence, as long as the parser's piece.
    "giant sentence": Shape(lambda n: "Putin met Kim and " * n + "they talked.", full=22_000, small=100),
    "400 KB line": Shape(lambda n: f"{SENTENCE} " * n, full=6_200, small=40),
    "giant word": Shape(lambda n: "Putin met Kim. " + "x" * n, full=400_000, small=20_000),
    "dates in a row": Shape(lambda n: "13 September 2023, " * n + "Putin met Kim.", full=10_000, small=100),
    "nested lists": Shape(lambda n: ("- " * n + "Putin met Kim.\n") * 40, full=1_000, small=50),
    "nested quotes": Shape(lambda n: ("> " * n + "Putin met Kim.\n") * 40, full=1_000, small=50),
    "markdown table": Shape(
        lambda n: "| Date | Who | What |\n|---|---|---|\n" + "| 13 September 2023 | Putin | met Kim at the cosmodrome |\n" * n,
        full=6_000, small=60,
    ),
}


def article(text: str) -> Article:
    """A Markdown article, so its Markdown is read as Markdown."""
    return Article(id="shape", path="shape.md", title="Shape", body=text, published=None)


def seconds(text: str, repeat: int) -> float:
    """CPU seconds of the best of ``repeat`` extractions of ``text``: noise only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        extract(article(text))
        best = min(best, time.process_time() - started)
    return best


def peak_bytes(text: str) -> int:
    tracemalloc.start()
    try:
        extract(article(text))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="time each shape this many times, keep the best")
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append", help="only this shape (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    extract(article(SENTENCE))  # load the model outside the timings
    figures = []
    for name in args.shape or SHAPES:
        text = SHAPES[name].make(SHAPES[name].full)
        row = {"shape": name, "chars": len(text), "seconds": round(seconds(text, args.repeat), 2), "peak_mb": round(peak_bytes(text) / 1e6, 1)}
        figures.append(row)
        if not args.json:
            print(f"{name:16} {row['chars']:>9,} chars {row['seconds']:>8.2f} CPU s {row['peak_mb']:>8.1f} MB peak", flush=True)
    if args.json:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
