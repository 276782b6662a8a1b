"""The SemEval-2015 TimeLine harness (benchmarks/timeline_eval.py) on ../shared/eval/timeline-trial.

Reading and scoring are checked on hand-made events first, so a failure says
whether the harness or the extractor moved; then the whole harness runs once and
its figures must stay above the floors reached so far.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from timeline.contents import Event, Extraction, Span
from timeline.dates import value_range

REPO = Path(__file__).resolve().parents[1]
TRIAL = REPO / ".." / "shared" / "eval" / "timeline-trial"

pytestmark = [
    pytest.mark.eval,
    pytest.mark.skipif(
        not (TRIAL / "docs-cat").is_dir() or not (TRIAL / "gold-timelines").is_dir(),
        reason=f"SemEval-2015 TimeLine trial data not found at {TRIAL} (see ../shared/eval/README.md)",
    ),
]


def _load_harness():
    spec = importlib.util.spec_from_file_location("timeline_eval", REPO / "benchmarks" / "timeline_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


harness = _load_harness()
CORPS = "4954-Apple_Corps_loses.xml"


@pytest.fixture(scope="module")
def corps():
    return harness.read_document(TRIAL / "docs-cat" / CORPS)


def test_text_is_rebuilt_from_tokens_one_sentence_a_line(corps):
    assert corps.id == "4954" and str(corps.published) == "2006-05-08"
    assert all(corps.text[start:end] == corps.token_text[t] for t, (start, end) in corps.token_span.items())
    lines = corps.text.split("\n")
    assert len(lines) == max(corps.token_sentence.values()) + 1
    assert lines[1] == "May 8, 2006"  # punctuation glued back for the date tagger
    assert lines[2].startswith("The Beatles ' label Apple Corps lost its court case against Apple Computer today")


def test_gold_mentions_resolve_to_tokens(corps):
    court_case = harness.mention_tokens(corps, 2, "court_case")
    assert [corps.token_text[t] for t in court_case] == ["court", "case"]
    assert harness.mention_tokens(corps, 2, "nonexistent") is None


def test_gold_anchors_and_our_dates_compare_at_the_gold_granularity():
    assert harness.gold_anchor("2008-03-XX") == "2008-03"
    assert harness.gold_anchor("XXXX-XX-XX") is None
    assert harness.gold_anchor("XXX-XX-XX") is None

    def dated(value: str | None) -> Event:
        covered = value_range(value) if value else None
        return Event("t", "other", "happened", "s", Span("x", 0, 1), "d", value=value,
                     date=covered[0].isoformat() if covered else None, granularity=covered[2] if covered else None)

    assert harness.anchor_agrees(dated("2008-03-06"), "2008-03")
    assert harness.anchor_agrees(dated("2006-W13"), "2006-03")  # starts on 2006-03-27
    assert not harness.anchor_agrees(dated("2008"), "2008-03")  # ours coarser
    assert not harness.anchor_agrees(dated("2008-04-01"), "2008-03")
    assert not harness.anchor_agrees(dated(None), "2008-03")
    assert harness.anchor_agrees(dated(None), None)
    assert not harness.anchor_agrees(dated("2008-03-06"), None)


def test_entity_aliases_and_involvement():
    entities = ["Steve Jobs", "iPhone 4", "iPhone 3G", "iTunes store"]
    assert harness.entity_aliases("Steve Jobs", entities) == ("Steve Jobs", "Steve", "Jobs")
    assert harness.entity_aliases("iPhone 4", entities) == ("iPhone 4",)  # "iPhone" names two entities
    store = harness.entity_aliases("iTunes store", entities)
    assert store == ("iTunes store", "iTunes")  # "store" does not look like a name

    def event(title: str, actors=()) -> Event:
        return Event(title, "other", "happened", "The whole sentence names Steve Jobs and iTunes.", Span("x", 0, 1), "d", actors=tuple(actors))

    assert harness.involves(event("Apple opened the iTunes Store in 2003."), "iTunes store", store)
    assert harness.involves(event("Sales on iTunes rose."), "iTunes store", store)
    assert harness.involves(event("Nobody named.", actors=["Steve Jobs"]), "Steve Jobs", ("Steve Jobs", "Steve", "Jobs"))
    assert not harness.involves(event("Apple cut 300 jobs."), "Steve Jobs", ("Steve Jobs", "Steve", "Jobs"))
    assert not harness.involves(event("In 1976 Steve Wozniak built a computer."), "Steve Jobs", ("Steve Jobs", "Steve", "Jobs"))


def test_scoring_of_hand_placed_events(corps):
    """An event on the gold "lost" with the gold day, and one on "argued" (unanchored gold) with a date."""
    docs = {corps.id: corps}
    article = corps.article()
    lines = corps.text.split("\n")

    def event_on(word: str, sentence: int, value: str | None) -> Event:
        start = corps.text.index(lines[sentence]) + lines[sentence].index(word)
        return Event(
            title=word, type="other", status="happened", sentence=lines[sentence], trigger=Span(word, start, start + len(word)),
            article_id=corps.id, value=value, date=value, end_date=value, granularity="day" if value else None,
            actors=("Apple Corps",),
        )

    extraction = Extraction(article, (), (event_on("lost", 2, "2006-05-08"), event_on("argued", 3, "2006-05-08")))
    timelines = harness.read_gold(TRIAL / "gold-timelines")
    timelines = {e: [l for l in lines_ if l.mention.startswith("4954-")] for e, lines_ in timelines.items()}
    result = harness.score(docs, [extraction], timelines)
    assert (result["anchor_right"], result["anchor_judged"], result["anchor_accuracy"]) == (1, 1, 100.0)
    beatles = result["per_entity"]["Beatles Apple Corps"]
    # Ours: lost (right), argued (dated, but the gold leaves it unanchored). Gold 4954 lines: argued, showed, court_case, lost, invitation.
    assert (beatles["system"], beatles["true_system"], beatles["gold"], beatles["true_gold"]) == (2, 1, 5, 1)
    assert "4954-2-court_case" in {m["mention"] for m in result["misses"]}


@pytest.fixture(scope="module")
def trial_result():
    return harness.evaluate(TRIAL)


def test_whole_trial_set_stays_above_the_floors(trial_result):
    """Floors a little under the level reached (78.6-80.9% / 51.2% / F1 18.8-20.6 while events.py moves); raise them as events.py improves."""
    assert trial_result["documents"] == 30
    assert trial_result["gold_mentions"] >= 160
    assert trial_result["anchor_accuracy"] >= 75.0
    assert trial_result["day_recall"] >= 45.0
    assert trial_result["entity_timelines"]["f1"] >= 16.0
    assert trial_result["miss_breakdown"], "misses are explained"


def test_harness_prints_json(capsys):
    import json

    assert harness.main(["--data", str(TRIAL), "--limit", "3", "--json", "--no-timing"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["documents"] == 3
    assert {"anchor_accuracy", "day_recall", "entity_timelines", "misses", "wrong_anchors"} <= result.keys()


def test_missing_data_folder_is_a_clear_error(tmp_path, capsys):
    assert harness.main(["--data", str(tmp_path), "--no-timing"]) == 2
    assert "docs-cat" in capsys.readouterr().err
