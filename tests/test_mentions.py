"""The learned TimeML event-mention layer on sentences nobody tuned it for, and its harness."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.contents import EventMention
from timeline.mentions import MODEL_PATH, find_event_mentions, load_model
from timeline.nlp import load, parse

REPO_ROOT = Path(__file__).resolve().parents[1]
TE3_TRAIN = REPO_ROOT / ".." / "shared" / "eval" / "te3-train"

#: On the first 25 articles of each corpus this reached F1 85.3 / 82.3 and class F1
#: 67.9 / 60.4 (TimeBank -> AQUAINT / AQUAINT -> TimeBank); the floors leave about 3 points.
FLOOR_F1 = 79.0
FLOOR_CLASS_F1 = 57.0


def mentions(text: str) -> dict[str, EventMention]:
    (doc,) = parse([text], load())
    return {m.text: m for m in find_event_mentions(doc)}


def test_model_file_loads_and_is_small():
    assert MODEL_PATH.stat().st_size <= 5_000_000
    model = load_model()
    assert [head for head, *_ in model.heads] == ["event", "cls", "polarity", "tense", "aspect", "modality"]
    assert "REPORTING" in model.heads[1][1] and "PERFECTIVE" in model.heads[4][1]


def test_event_noun_after_a_light_verb():
    found = mentions("The plane made its first test flight on Tuesday.")
    assert found["flight"].cls == "OCCURRENCE"
    assert "plane" not in found and "Tuesday" not in found


def test_reporting_verb_and_what_it_reports():
    found = mentions("The minister said the talks had failed.")
    assert found["said"].cls == "REPORTING" and found["said"].tense == "PAST"
    assert "talks" in found and "failed" in found
    assert found["failed"].aspect == "PERFECTIVE" and found["failed"].tense == "PAST"
    assert "minister" not in found


def test_negation_sets_polarity():
    found = mentions("Boeing did not win the contract.")
    assert found["win"].polarity == "NEG"
    assert mentions("Boeing won the contract.")["won"].polarity == "POS"


def test_modal_word_is_the_modality():
    assert mentions("Russia might supply weapons.")["supply"].modality == "might"
    assert mentions("Russia supplied weapons.")["supplied"].modality == ""


def test_present_perfect():
    signed = mentions("The president has signed the treaty.")["signed"]
    assert (signed.tense, signed.aspect) == ("PRESENT", "PERFECTIVE")


def test_offsets_index_the_text_and_shift():
    text = "MOSCOW, Sept 13 (Reuters) - Kim arrived on Wednesday.\n\nPutin will visit North Korea.\n"
    (doc,) = parse([text], load())
    found = find_event_mentions(doc)
    assert {m.text for m in found} >= {"arrived", "visit"}
    assert all(text[m.start : m.end] == m.text for m in found)
    assert [m.start for m in found] == sorted(m.start for m in found)
    moved = found[0].shifted(10)
    assert (moved.start, moved.end) == (found[0].start + 10, found[0].end + 10)
    assert list(found[0].to_dict()) == ["text", "start", "end", "class", "polarity", "modality", "tense", "aspect"]


def test_no_mentions_in_empty_text():
    (doc,) = parse([""], load())
    assert find_event_mentions(doc) == ()


@pytest.mark.eval
def test_cross_corpus_floor_on_a_small_subset():
    """Trained on 25 TimeBank articles, scored on 25 AQUAINT ones, and the other way round."""
    if not (TE3_TRAIN / "TimeBank").is_dir():
        pytest.skip(f"TempEval-3 training data not found at {TE3_TRAIN.resolve()} (see ../shared/eval/README.md)")
    pytest.importorskip("sklearn", reason="training needs the train extra: pip install -e .[train]")
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    import event_mentions

    results, _ = event_mentions.evaluate(TE3_TRAIN, limit=25)
    for result in results[:2]:  # the cross-corpus ones: the split's test part is a handful of articles here
        assert result["f1"] >= FLOOR_F1, result
        assert result["class_f1"] >= FLOOR_CLASS_F1, result


@pytest.mark.eval
def test_training_writes_the_same_bytes_twice(tmp_path):
    """Two runs of the training script, in fresh processes with different hash seeds, agree byte for byte."""
    if not (TE3_TRAIN / "TimeBank").is_dir():
        pytest.skip(f"TempEval-3 training data not found at {TE3_TRAIN.resolve()} (see ../shared/eval/README.md)")
    pytest.importorskip("sklearn", reason="training needs the train extra: pip install -e .[train]")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"model-{seed}.json"
        subprocess.run(
            [sys.executable, str(REPO_ROOT / "benchmarks" / "train_mentions.py"), "--limit", "3", "--out", str(out)],
            check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b'"REPORTING"' in outputs[0]
