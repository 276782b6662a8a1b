"""Calibrated confidence: the shipped map, a real extraction's score and why, and the benchmark
that fits the map (benchmarks/calibration.py) on a small slice of TempEval-3's training data."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from timeline.calibration import MODEL_PATH, Calibration, load_calibration
from timeline.contents import Article
from timeline.events import extract
from timeline.settings import DEFAULT_MIN_CONFIDENCE

REPO_ROOT = Path(__file__).resolve().parents[1]
TE3_TRAIN = REPO_ROOT / ".." / "shared" / "eval" / "te3-train"


def test_the_shipped_map_loads_and_never_goes_down():
    calibration = load_calibration()
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["entries"] > 1000 and 0 < data["right"] < data["entries"]  # fitted on real labelled entries
    assert list(calibration.evidence) == data["evidence"] and len(calibration.evidence) >= 2
    grid = [calibration(x / 100) for x in range(0, 101)]
    assert grid == sorted(grid) and all(0 <= p <= 1 for p in grid)
    assert grid[0] < DEFAULT_MIN_CONFIDENCE <= grid[-1]  # the default threshold separates something


def test_a_map_that_goes_down_is_refused():
    with pytest.raises(ValueError, match="never decrease"):
        Calibration((0.3, 0.6), (0.8, 0.5))
    with pytest.raises(ValueError, match="must increase"):
        Calibration((0.6, 0.3), (0.5, 0.8))


def test_between_points_the_map_is_linear_and_outside_it_holds():
    calibration = Calibration((0.4, 0.8), (0.5, 0.9))
    assert (calibration(0.2), calibration(0.6), calibration(1.0)) == (0.5, 0.7, 0.9)


def test_a_real_extraction_is_calibrated_and_its_why_says_so():
    article = Article("wire", "wire.md", "Wire", "Nordbank agreed to acquire Harbor Savings for $2 billion on Friday.", dt.date(2024, 3, 6), "Wire")
    extraction = extract(article)
    (event,), (why,) = extraction.events, extraction.whys
    assert event.confidence == why.confidence == load_calibration()(why.evidence)
    assert why.confidence_because[0] == "0.35 for any event"
    assert why.confidence_because[-1] == f"calibrated: {event.confidence:.2f}"
    assert why.evidence == 0.9  # 0.35 + dated (governed) 0.25 + a known type 0.20 + who 0.10
    assert why.to_dict()["confidence"] == {"value": event.confidence, "evidence": 0.9, "because": list(why.confidence_because)}


@pytest.mark.eval
def test_the_benchmark_labels_fits_and_reports_across_corpora_on_a_slice(tmp_path, capsys):
    if not TE3_TRAIN.is_dir():
        pytest.skip(f"TempEval-3 training data not found at {TE3_TRAIN.resolve()} (see ../shared/eval/README.md)")
    pytest.importorskip("sklearn", reason="fitting needs the train extra: pip install -e .[train]")
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    import calibration as benchmark

    out = tmp_path / "confidence.json"
    assert benchmark.main(["--data", str(TE3_TRAIN), "--limit", "10", "--json", "--write", "--out", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    for name in ("TimeBank", "AQUAINT"):
        labelled = result["labelled"][name]
        assert labelled["entries"] > 50 and 0 < labelled["right"] < labelled["entries"]
    for direction in ("TimeBank -> AQUAINT", "AQUAINT -> TimeBank"):
        report = result[direction]
        assert report["held out, all entries"]["of"] == result["labelled"][direction.split(" -> ")[1]]["entries"]
        bins = report["reliability (held out)"]
        assert sum(b["entries"] for b in bins) == report["held out, all entries"]["of"]
    written = json.loads(out.read_text(encoding="utf-8"))
    Calibration.from_dict(written)  # monotone, or it raises
    assert written["entries"] == sum(c["entries"] for c in result["labelled"].values())


def test_an_entry_is_right_only_on_a_gold_event_and_with_its_gold_date():
    if not TE3_TRAIN.is_dir():
        pytest.skip(f"TempEval-3 training data not found at {TE3_TRAIN.resolve()} (see ../shared/eval/README.md)")
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    import anchoring
    import calibration as benchmark

    document = anchoring.read_anchored(TE3_TRAIN / "TimeBank" / "ABC19980108.1830.0711.tml")
    extraction = extract(Article(document.name, document.name, None, document.text, document.published))
    rows = benchmark.label(document, extraction.events, extraction.whys)
    assert len(rows) == len(extraction.events) and any(r.right for r in rows)
    gold_spans = [(g.start, g.end, g.anchor) for g in document.events]
    for row, event in zip(rows, extraction.events):
        under = [g for g in gold_spans if g[0] < event.trigger.end and event.trigger.start < g[1]]
        if not under:
            assert not row.right and row.why_wrong == "no gold event"
        elif row.why_wrong.startswith("date"):
            assert under[0][2] is not None and anchoring.our_value(event) != under[0][2]
