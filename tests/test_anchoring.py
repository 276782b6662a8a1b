"""Regression guard: anchoring against the TLINKs of TempEval-3's training data (benchmarks/anchoring.py).

The floors are the levels reached on the first 30 articles of each corpus when this
test was written, less two points: a change that loses more must say why.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
TE3_TRAIN = REPO_ROOT / ".." / "shared" / "eval" / "te3-train"
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import anchoring  # noqa: E402

pytestmark = pytest.mark.eval

ARTICLES = 30


@pytest.fixture(scope="module")
def documents() -> dict[str, list[anchoring.AnchoredDocument]]:
    if not TE3_TRAIN.is_dir():
        pytest.skip(f"TempEval-3 training data not found at {TE3_TRAIN.resolve()} (see ../shared/eval/README.md)")
    return {
        name: [anchoring.read_anchored(p) for p in sorted((TE3_TRAIN / name).glob("*.tml"))[:ARTICLES]]
        for name in ("TimeBank", "AQUAINT")
    }


def test_gold_anchors_come_from_tlinks_that_put_an_event_inside_a_date(documents):
    first = documents["TimeBank"][0]  # ABC19980108.1830.0711: "t85" is 1998-01-08, the DCT
    anchored = [e for e in first.events if e.anchor]
    assert anchored and all(first.text[e.start : e.end] == e.text for e in first.events)
    assert {e.anchor for e in anchored} == {"1998-01-08", "1997-10"}  # the DCT, and "October"
    total = sum(1 for docs in documents.values() for d in docs for e in d.events if e.anchor)
    assert total > 300


def test_pairing_is_one_to_one_in_document_order():
    from timeline.contents import Event, Span

    gold = (anchoring.GoldEvent(0, 4, "said", "1998-01-08"), anchoring.GoldEvent(10, 15, "visit", None))
    ours = [
        Event(title="a", type="other", status="happened", sentence="", trigger=Span("aid", 1, 4), article_id="x"),
        Event(title="b", type="other", status="happened", sentence="", trigger=Span("sai", 0, 3), article_id="x"),
        Event(title="c", type="other", status="happened", sentence="", trigger=Span("visit", 10, 15), article_id="x"),
    ]
    pairs = anchoring.pair(gold, ours)
    assert [(g.text, e.title) for g, e in pairs] == [("said", "b"), ("visit", "c")]


@pytest.mark.parametrize(("corpus", "accuracy", "dated"), [("TimeBank", 84.5, 66.0), ("AQUAINT", 79.0, 49.5)])
def test_anchor_accuracy_does_not_drop(documents, corpus, accuracy, dated):
    result = anchoring.score(documents[corpus])
    assert result["anchor_accuracy"] >= accuracy, result
    assert result["dated_share"] >= dated, result
