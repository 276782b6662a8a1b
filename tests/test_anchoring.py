"""Anchoring: the date of each event, step by step, on real sentences through real spaCy;
and a regression guard against the TLINKs of TempEval-3's training data
(benchmarks/anchoring.py).

The TLINK floors are the levels reached on the first 30 articles of each corpus, with
the gold event mentions standing in for the mention model, when this test was
written, less two points: a change that loses more must say why.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from timeline.contents import Article, Event, Why
from timeline.events import extract
from timeline.events.anchoring import DATE_STEPS

REPO_ROOT = Path(__file__).resolve().parents[1]
TE3_TRAIN = REPO_ROOT / ".." / "shared" / "eval" / "te3-train"
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import anchoring  # noqa: E402

ARTICLES = 30
PUBLISHED = dt.date(2024, 3, 6)  # a Wednesday


def dated(text: str) -> dict[str, tuple[str | None, str, Why]]:
    """Each event's trigger -> (its date's value, the step that set it, its why)."""
    extraction = extract(Article(id="a", path="a.txt", title=None, body=text, published=PUBLISHED))
    return {event.trigger.text: (event.value, why.date_step, why) for event, why in zip(extraction.events, extraction.whys)}


# -- the steps, in the order --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "value", "step"),
    [
        ("The army attacked the village on Sunday.", "attacked", "2024-03-03", "own"),
        ("The president arrived in Paris on Monday and met the prime minister.", "met", "2024-03-04", "inherited"),
        ("Nordbank agreed to acquire Harbor Savings for $2 billion on Friday.", "agreed", "2024-03-01", "governed"),
        ("Nordbank agreed to acquire Harbor Savings on Friday, the bank said.", "agreed", "2024-03-01", "governed"),  # reported, not a plan
        ("The leaders met in Vladivostok on Tuesday. They also toured the cosmodrome.", "toured", "2024-03-05", "scene"),
        ("Boeing has signed a contract with the Air Force.", "signed", "2024-03-06", "published"),
    ],
)
def test_each_step_dates_its_event_and_the_why_names_it(text, trigger, value, step):
    found, how, why = dated(text)[trigger]
    assert (found, how) == (value, step)
    assert why.date_because == DATE_STEPS[step]


def test_the_dependency_path_wins_over_a_nearer_date_in_another_clause():
    events = dated("In 2015, the president, who took office in 2010, resigned.")
    assert events["resigned"][:2] == ("2015", "own")  # "2010" is nearer, but it is the relative clause's
    assert events["took"][:2] == ("2010", "own")
    events = dated("On Monday, the rebels, who had seized the bridge in May, attacked the village.")
    assert events["attacked"][:2] == ("2024-03-04", "own")


def test_a_start_since_a_date_is_not_inherited_by_the_next_clause():
    events = dated("Rebels have held the town since May and attacked the airport.")
    assert events["held"][:2] == ("2023-05", "own")  # a verb's "since" dates the start of what it tells
    assert events["attacked"][:2] == (None, "none")


def test_the_path_wins_over_the_scene_and_the_publication_day():
    events = dated("The leaders met in Vladivostok on Tuesday. They also signed a treaty in 2019.")
    assert events["treaty"][:2] == ("2019", "own")  # the scene's Tuesday is no day of 2019


def test_a_present_perfect_lead_is_dated_to_publication_but_a_past_perfect_is_not():
    assert dated("Boeing has signed a contract with the Air Force.")["signed"][:2] == ("2024-03-06", "published")
    assert dated("Boeing had signed a contract with the Air Force.")["signed"][:2] == (None, "none")


def test_explain_names_the_step_and_the_expression_that_set_each_date(tmp_path, capsys):
    from timeline.cli import main

    article = tmp_path / "deal.md"
    article.write_text("---\npublished: 2024-03-06\n---\nBoeing has signed a contract with the Air Force. The company signed the deal not in 2015 but in 2016.\n")
    assert main(["extract", "--explain", str(article)]) == 0
    out = capsys.readouterr().out
    assert f"(published): {DATE_STEPS['published']}" in out
    assert f"\"2016\" at 96-100 = 2016 (own): {DATE_STEPS['own']}" in out and "= 2015" not in out


# -- negated and contrasted expressions never anchor -------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        ("The company signed the deal not in 2015 but in 2016.", "deal", "2016"),
        ("The ministers signed the treaty in Geneva in 2016, not in 2015.", "treaty", "2016"),
        ("The vote was held not on Sunday but on Monday.", "held", "2024-03-04"),
        ("The strike began on Monday, not Tuesday as planned.", "began", "2024-03-04"),
        ("The film was not released in March, but in April.", "released", "2024-04"),
        ("Police arrested the suspect on Tuesday rather than on Monday.", "arrested", "2024-03-05"),
        ("Rather than in March, the union held the vote in February.", "vote", "2024-02"),
        ("The board approved the merger on Tuesday instead of Monday.", "approved", "2024-03-05"),
        ("Instead of Monday, the board approved the merger on Tuesday.", "approved", "2024-03-05"),
    ],
)
def test_a_negated_or_contrasted_date_gives_way_to_the_date_the_sentence_keeps(text, trigger, value):
    assert dated(text)[trigger][0] == value


def test_a_negated_date_alone_leaves_the_event_undated():
    found, how, why = dated("It was not 2015 when the company opened its first store.")["opened"]
    assert (found, how, why.timex) == (None, "none", None)


def test_a_deadline_and_a_negated_event_keep_their_dates():
    # "no later than" negates "later", not the date; "did not rise in May" tells May.
    assert dated("The council ordered the rebels to withdraw no later than March 1.")["withdraw"][0] == "2024-03-01"
    assert dated("He never met the minister in 2015.")["met"][0] == "2015"


# -- TLINK anchoring, TempEval-3 training data ----------------------------------------------------


@pytest.fixture(scope="module")
def corpora() -> dict[str, anchoring.Corpus]:
    if not TE3_TRAIN.is_dir():
        pytest.skip(f"TempEval-3 training data not found at {TE3_TRAIN.resolve()} (see ../shared/eval/README.md)")
    return {name: anchoring.read_corpus(TE3_TRAIN / name, ARTICLES) for name in ("TimeBank", "AQUAINT")}


@pytest.mark.eval
def test_gold_anchors_come_from_tlinks_that_put_an_event_inside_a_date(corpora):
    first = corpora["TimeBank"].documents[0]  # ABC19980108.1830.0711: "t85" is 1998-01-08, the DCT
    anchored = [e for e in first.events if e.anchor]
    assert anchored and all(first.text[e.start : e.end] == e.text for e in first.events)
    assert {e.anchor for e in anchored} == {"1998-01-08", "1997-10"}  # the DCT, and "October"
    total = sum(1 for corpus in corpora.values() for d in corpus.documents for e in d.events if e.anchor)
    assert total > 300


def test_pairing_is_one_to_one_in_document_order():
    from timeline.contents import Span

    gold = (anchoring.GoldEvent(0, 4, "said", "1998-01-08"), anchoring.GoldEvent(10, 15, "visit", None))
    ours = [
        Event(title="a", type="other", status="happened", sentence="", trigger=Span("aid", 1, 4), article_id="x"),
        Event(title="b", type="other", status="happened", sentence="", trigger=Span("sai", 0, 3), article_id="x"),
        Event(title="c", type="other", status="happened", sentence="", trigger=Span("visit", 10, 15), article_id="x"),
    ]
    pairs = anchoring.pair(gold, ours)
    assert [(g.text, e.title) for g, e in pairs] == [("said", "b"), ("visit", "c")]


@pytest.mark.eval
@pytest.mark.parametrize(("corpus", "accuracy", "dated_share"), [("TimeBank", 85.9, 66.2), ("AQUAINT", 79.5, 49.3)])
def test_anchor_accuracy_with_the_gold_mentions_does_not_drop(corpora, corpus, accuracy, dated_share):
    result = anchoring.score(corpora[corpus].documents, anchoring.with_gold_mentions(corpora[corpus]))
    assert result["anchor_accuracy"] >= accuracy, result
    assert result["dated_share"] >= dated_share, result
    assert sum(result["dates_by_step"].values()) == result["counts"]["ours"]
