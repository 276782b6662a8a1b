"""Parsing long and many texts: pieces joined back must read exactly like one parse."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.contents import Article
from timeline.events import extract
from timeline.nlp import CHUNK_CHARS, load, parse, split_text

PARAGRAPH = "Vladimir Putin met Kim Jong Un at the Vostochny cosmodrome on Wednesday. Mr. Putin said the talks went well.\n\n"


def test_split_text_keeps_every_character_and_cuts_at_line_ends():
    text = PARAGRAPH * 300
    pieces = split_text(text)
    assert "".join(pieces) == text
    assert len(pieces) > 1
    assert all(len(piece) <= CHUNK_CHARS for piece in pieces)
    assert all(piece.endswith("\n") for piece in pieces)


def test_split_text_cuts_a_long_paragraph_after_a_sentence_not_an_abbreviation():
    paragraph = "Mr. Putin met Kim on Sept. 14 at the base. Then they left for Khabarovsk. " * 10
    pieces = split_text(paragraph, limit=100)
    assert "".join(pieces) == paragraph
    assert all(piece.endswith(("base. ", "Khabarovsk. ")) for piece in pieces[:-1])


def test_split_text_of_empty_and_unbroken_text():
    assert split_text("") == [""]
    assert split_text("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_a_long_text_parses_into_one_doc_with_the_same_text_and_sentences():
    text = PARAGRAPH * 300
    assert len(text) > 3 * CHUNK_CHARS
    (doc,) = parse([text])
    assert doc.text == text
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert len(sentences) == 600
    assert sentences[-1] == "Mr. Putin said the talks went well."
    assert [e.text for e in doc.ents if e.label_ == "PERSON"][-2:] == ["Kim Jong Un", "Putin"]


def test_parse_keeps_the_order_of_many_texts_of_mixed_lengths():
    texts = ["", "Kim left.", PARAGRAPH * 200, "Putin stayed.", *(f"Text {n}." for n in range(20))]
    docs = list(parse(texts, load()))
    assert [d.text for d in docs] == texts


def test_events_at_the_end_of_a_long_article_keep_their_offsets():
    body = PARAGRAPH * 200 + "On Friday, Kim Jong Un inspected the Pacific fleet in Vladivostok.\n"
    article = Article(id="long", path="long.md", title="Long", body=body, published=dt.date(2023, 9, 16))
    extraction = extract(article)
    inspect = [e for e in extraction.events if e.trigger.text == "inspected"]
    assert len(inspect) == 1
    event = inspect[0]
    assert body[event.trigger.start : event.trigger.end] == "inspected"
    assert event.trigger.start > len(PARAGRAPH) * 200
    assert event.sentence.startswith("On Friday, Kim Jong Un inspected")
    assert event.date == "2023-09-15"
    assert "Vladivostok" in event.places


@pytest.mark.parametrize(
    ("line", "story"),
    [
        ("MOSCOW, Sept 13 (Reuters) - North Korean leader Kim Jong Un arrived on Wednesday.", "North Korean leader"),
        ("WASHINGTON (AP) _ The president spoke.", "The president"),
        ("WASHINGTON, March 12 (Xinhua) -- Poland joined NATO.", "Poland"),
        ("LONDON — The prime minister resigned.", "The prime minister"),
        ("NEW YORK, Jan. 5, 2024 (AP) — Stocks fell.", "Stocks"),
        ("MOSCOW—North Korean leader Kim Jong Un met Vladimir Putin on Wednesday.", "North Korean"),
        ("WILMINGTON, Del. - The challenge went to trial on Monday.", "The challenge"),
    ],
)
def test_the_story_after_a_dateline_is_its_own_sentence(line, story):
    (doc,) = parse([line])
    sentences = [s.text for s in doc.sents]
    assert len(sentences) == 2 and sentences[1].startswith(story)


@pytest.mark.parametrize("line", ["US - China talks began in Geneva.", "EU, US - The two sides agreed on Monday.", "NATO allies met in Brussels on Monday.", "BBC - The talks began.", "FIFA – football's governing body – banned Russian teams on Monday."])
def test_lines_that_only_look_like_datelines_stay_whole(line):
    (doc,) = parse([line])
    assert len(list(doc.sents)) == 1


def test_a_dateline_city_is_not_the_one_who_acted():
    body = "MOSCOW, Sept 13 (Reuters) - North Korean leader Kim Jong Un arrived at the Vostochny Cosmodrome on Wednesday.\n"
    article = Article(id="wire", path="wire.md", title="Kim arrives", body=body, published=dt.date(2023, 9, 13))
    (arrival,) = [e for e in extract(article).events if e.trigger.text == "arrived"]
    assert arrival.actors == ("Kim Jong Un",)
    assert arrival.date == "2023-09-13"


@pytest.mark.parametrize(
    ("sentence", "word", "lemma"),
    [
        ("Lee told reporters he hoped the pact would last.", "hoped", "hope"),
        ("China hopes to sign the deal.", "hopes", "hope"),
        ("They taped the talks.", "taped", "tape"),
        ("The ministers shopped for allies.", "shopped", "shop"),
        ("Kim visited the plant.", "visited", "visit"),
        ("Rebels fixed the date.", "fixed", "fix"),
        ("The city bused students to the polls.", "bused", "bus"),
    ],
)
def test_lemmas_keep_their_silent_e(sentence, word, lemma):
    [token] = [t for t in load()(sentence) if t.text == word]
    assert token.lemma_ == lemma


def test_a_giant_word_is_parsed_as_spaces_and_the_offsets_stay():
    """Robustness review: 60,000 characters of "<a<a<a..." took 41 s and 1.2 GB in spaCy's tokenizer."""
    text = "Putin met Kim in Moscow on Monday.\n" + "<a" * 5000 + "\nKim left on Tuesday.\n"
    (doc,) = parse([text])
    assert len(doc.text) == len(text) and doc.text.endswith("\nKim left on Tuesday.\n")
    assert len(doc) < 40  # the blob is whitespace, not 5,000 tokens
    assert [t.text for t in doc if t.text in ("Putin", "Kim")] == ["Putin", "Kim", "Kim"]
