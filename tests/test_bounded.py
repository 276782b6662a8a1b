"""Bounded work per article (issue #15): no text makes extraction grow faster than the text.

Speed itself is benchmarks/bounded.py's to measure, at the full sizes; here each shape
is extracted at a small size and at four times it, and the time may grow at most as
the text's length to the power 1.5 (8 times for 4 times the text, where quadratic work
would take 16). Each time is CPU time, the best of a few runs, so the noise of a shared
machine, which only ever adds time, does not fail a linear shape.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parents[1]


#: The shapes and the timing of benchmarks/bounded.py, which runs them at full size.
bench = SimpleNamespace(**runpy.run_path(str(REPO / "benchmarks" / "bounded.py")))

#: Growth allowed: time ratio <= length ratio ** GROWTH. Linear is 1, quadratic 2.
GROWTH = 1.5
#: Runs of each size at most, two at least.
RUNS = 3


def growth(shape) -> tuple[float, float]:
    """(time ratio, length ratio) of the shape at 4 times its small size, the best of RUNS."""
    small, large = shape.make(shape.small), shape.make(4 * shape.small)
    best_small = best_large = float("inf")
    for run in range(RUNS):
        best_small = min(best_small, bench.seconds(small, 1))
        best_large = min(best_large, bench.seconds(large, 1))
        if run and best_large / best_small <= (len(large) / len(small)) ** GROWTH:
            break  # within bounds on the best of two: a slow small run alone could not pass a quadratic shape
    return best_large / best_small, len(large) / len(small)


@pytest.fixture(scope="module", autouse=True)
def warm_model():
    """The model loads once, outside every timing."""
    bench.extract(bench.article(bench.SENTENCE))


@pytest.mark.parametrize("name", list(bench.SHAPES))
def test_extraction_time_grows_no_faster_than_the_text(name):
    time_ratio, length_ratio = growth(bench.SHAPES[name])
    assert length_ratio > 2.5  # the shape really grew
    assert time_ratio <= length_ratio**GROWTH, f"{name}: {length_ratio:.1f}x the text took {time_ratio:.1f}x the time"


def test_dates_in_a_row_are_each_read_once():
    """A count of the dates stage's work: one expression per date, none dropped or merged
    (the full 10,000 are benchmarks/bounded.py's)."""
    n = 2_000
    text = "13 September 2023, " * n + "Putin met Kim."
    extraction = bench.extract(bench.article(text))
    assert len(extraction.timexes) == n
    assert {t.value for t in extraction.timexes} == {"2023-09-13"}
