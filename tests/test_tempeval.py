"""Regression guard: the TempEval-3 harness on the training corpora (TimeBank + AQUAINT).

The floors are the levels reached when this test was written, minus one point of
value F1 (the ranking figure) and a little slack on the others: a change that
loses more than that must say why.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
TE3_TRAIN = REPO_ROOT / ".." / "shared" / "eval" / "te3-train"
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import tempeval  # noqa: E402

#: corpus -> (relaxed F1, strict F1, value F1) reached; the test allows one point less.
REACHED = {
    "TimeBank": (94.5, 90.7, 83.6),
    "AQUAINT": (94.8, 86.8, 79.5),
}

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    if not TE3_TRAIN.is_dir():
        pytest.skip(f"TempEval-3 training data not found at {TE3_TRAIN.resolve()} (see ../shared/eval/README.md)")
    return {name: tempeval.run_folder(TE3_TRAIN / name, speed=False) for name in REACHED}


@pytest.mark.parametrize("corpus", sorted(REACHED))
def test_figures_do_not_drop_more_than_a_point(results, corpus):
    figures = results[corpus]["tagger"]
    relaxed, strict, value = REACHED[corpus]
    assert figures["value_f1"] >= value - 1.0, figures
    assert figures["relaxed_f1"] >= relaxed - 1.0, figures
    assert figures["strict_f1"] >= strict - 1.0, figures


def test_every_gold_timex_is_read_with_its_span(results):
    """The harness itself: stripped text and gold offsets agree, and the DCT is read."""
    for name in REACHED:
        documents = tempeval.read_corpus(TE3_TRAIN / name)
        assert documents and all(d.dct.year >= 1989 for d in documents)
        for document in documents:
            for timex in document.gold:
                assert document.text[timex.start : timex.end] == timex.text
    assert results["TimeBank"]["tagger"]["gold"] == 1243
    assert results["AQUAINT"]["tagger"]["gold"] == 579


def test_scoring_pairs_overlaps_one_to_one_in_order():
    Timex = tempeval.Timex
    gold = [Timex(0, 6, "Friday", "DATE", "1998-08-07"), Timex(10, 19, "last week", "DATE", "1998-W32")]
    system = [
        Timex(0, 6, "Friday", "DATE", "1998-08-07"),
        Timex(2, 4, "id", "DATE", "x"),  # overlaps the first gold, which is already paired: spurious
        Timex(15, 25, "week later", "DURATION", "P1W"),  # overlaps the second: relaxed match, wrong extent
    ]
    scores = tempeval.Scores()
    tempeval.score_document(gold, system, scores)
    f = scores.figures()
    assert (scores.matched, scores.strict, scores.value_correct, scores.type_correct) == (2, 1, 1, 1)
    assert round(f["relaxed_p"], 2) == 66.67 and f["relaxed_r"] == 100.0
    assert round(f["value_f1"], 2) == round(0.5 * 80.0, 2)
    assert scores.errors[("spurious", "DATE/other")] == 1
