"""Canonical names: a name is shortened to its entity's shorter name, never widened into another's."""

from __future__ import annotations

from timeline.names import canonical_names, name_parts


def test_a_company_is_not_widened_into_its_division():
    canonical = canonical_names(["Boeing", "Boeing Commercial Airplanes", "Boeing Co.", "The Boeing Company"])
    assert canonical["Boeing"] == canonical["Boeing Co."] == canonical["The Boeing Company"] == "Boeing"
    assert canonical["Boeing Commercial Airplanes"] == "Boeing Commercial Airplanes"


def test_one_air_force_however_it_is_written():
    forms = ["the Air Force", "U.S. Air Force", "US Air Force", "United States Air Force", "Air Force"]
    assert set(canonical_names(forms).values()) == {"Air Force"}


def test_two_countries_air_forces_are_not_folded_into_one():
    canonical = canonical_names(["Air Force", "U.S. Air Force", "UK Air Force"])
    assert canonical["U.S. Air Force"] == "U.S. Air Force" and canonical["UK Air Force"] == "UK Air Force"


def test_a_person_named_after_a_country_keeps_the_first_name():
    canonical = canonical_names(["Jordan Peterson", "Peterson", "Jordan"])
    assert canonical["Peterson"] == "Jordan Peterson" and canonical["Jordan"] == "Jordan"


def test_a_surname_takes_the_full_name_but_a_leading_word_only_among_people():
    canonical = canonical_names(["President Vladimir Putin", "Putin", "Xi", "Xi Jinping"])
    assert canonical["President Vladimir Putin"] == canonical["Putin"] == "Vladimir Putin"
    assert canonical["Xi"] == "Xi"  # unknown to be a person: as "Boeing" of "Boeing Commercial Airplanes"
    assert canonical_names(["Xi", "Xi Jinping"], people=True)["Xi"] == "Xi Jinping"


def test_trailing_parts_are_the_ends_of_a_name():
    assert name_parts("Kim Jong Un", trailing_only=True) == ["Jong Un", "Un"]
    assert name_parts("Boeing Commercial Airplanes", trailing_only=True) == ["Commercial Airplanes", "Airplanes"]


def test_names_known_to_be_no_persons_are_never_widened():
    canonical = canonical_names(["Grumman", "Northrop Grumman", "U.S. Air Force", "Air Force"], places=True)
    assert canonical["Grumman"] == "Grumman" and canonical["U.S. Air Force"] == "Air Force"


def test_a_capitalised_verb_the_model_took_for_a_name_is_no_mention():
    """ "Rescued on Nov. 25 by fishermen, Elian ...": the model tagged "Rescued" an organisation,
    which became an actor of the rescue. Its mistake is forced here on a real parse."""
    from spacy.tokens import Span

    from timeline.entities import find_mentions
    from timeline.names import Aliases
    from timeline.nlp import load

    doc = load()("Rescued on Monday by fishermen off the coast of Maine, Tomas Ortega has become famous.")
    assert doc[0].tag_ == "VBN"
    doc.ents = [Span(doc, 0, 1, label="ORG"), *(e for e in doc.ents if e.start > 0)]
    names = [m.name for m in find_mentions(doc, Aliases())]
    assert "Rescued" not in names and "Tomas Ortega" in names
