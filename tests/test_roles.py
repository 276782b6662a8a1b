"""Who did what to whom, read off the real spaCy parse of news sentences written for these tests.

Titles name their subject and keep the clause's direction and polarity; actors
come doers first; places are actors only where they act.
"""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.contents import Article
from timeline.events import extract, extract_all
from timeline.merge import merge_extractions


def events_of(body: str, published: dt.date = dt.date(2026, 3, 4)):
    return extract(Article(id="a", path="a.md", title="A", body=body, published=published)).events


def event(events, trigger: str):
    matches = [e for e in events if e.trigger.text == trigger]
    assert matches, f"no {trigger!r} event; got {[(e.trigger.text, e.title) for e in events]}"
    return matches[0]


# -- titles: subject, predicate, object, passive agent ---------------------------------


def test_a_rival_beaten_to_a_contract_did_not_win_it():
    """ "beat X to win": the subject wins, never the object (a title read "Boeing wins" for a contract Boeing lost)."""
    events = events_of("Northrop Grumman beat Lockheed Martin to win the bomber contract on Tuesday.")
    assert event(events, "win").title == "Northrop Grumman wins the bomber contract"
    assert not [e for e in events if e.title.startswith("Lockheed") and "win" in e.title]


def test_a_title_says_what_its_deed_was_for():
    overtook = event(events_of("Toyota overtook Volkswagen to become the world's biggest carmaker in 2020."), "overtook")
    assert overtook.title == "Toyota overtakes Volkswagen to become the world's biggest carmaker"
    assert overtook.actors == ("Toyota", "Volkswagen")


def test_what_an_order_asks_is_told_with_the_order_never_as_done():
    """ "ordered the relatives to surrender the boy" was shown as a surrender that happened."""
    events = events_of("The judge ordered the company to pay $5 million in damages on Tuesday.")
    assert [e.title for e in events] == ["The judge orders the company to pay $5 million in damages"]


def test_a_loss_keeps_its_direction_and_names_the_loser_first():
    lost = event(events_of("Boeing lost the tanker contract to Airbus on Tuesday."), "lost")
    assert lost.title == "Boeing loses the tanker contract to Airbus"
    assert lost.actors == ("Boeing", "Airbus")


@pytest.mark.parametrize(
    "sentence, trigger, title, actors",
    [
        ("The tanker contract was awarded to Airbus by the Air Force on Tuesday.", "awarded",
         "The tanker contract is awarded to Airbus by the Air Force", ("Air Force", "Airbus")),
        ("Ukraine was attacked by Russia on Tuesday.", "attacked", "Ukraine is attacked by Russia", ("Russia", "Ukraine")),
        ("Amazon was fined 746 million euros by Luxembourg's data regulator on Friday.", "fined",  # "by" hung on the object
         "Amazon is fined 746 million euros by Luxembourg's data regulator", ("Luxembourg", "Amazon")),
    ],
)
def test_a_passive_keeps_its_voice_and_its_agent_is_the_first_actor(sentence, trigger, title, actors):
    found = event(events_of(sentence), trigger)
    assert (found.title, found.actors) == (title, actors)


def test_neither_nor_keeps_its_denial_in_the_title():
    won = event(events_of("Neither Boeing nor Airbus won the tanker contract on Tuesday."), "won")
    assert won.title == "Neither Boeing nor Airbus wins the tanker contract" and won.negated
    assert won.status != "happened"


def test_a_relative_clause_says_what_its_that_stands_for():
    lost = event(events_of("Airbus won the tanker contract that Boeing lost in 2008."), "lost")
    assert lost.title == "Boeing loses the tanker contract" and lost.actors == ("Boeing",)


#: A quote in the first person -> its trigger and title, which name the speaker.
QUOTES = {
    '"We will appeal the decision," Boeing said on Tuesday.': ("appeal", "Boeing appeals the decision"),
    '"I will not resign," the prime minister told reporters on Tuesday.': ("resign", "The prime minister does not resign"),
    '"We are disappointed," said Boeing spokesman Dan Smith on Tuesday.': ("disappointed", "Dan Smith is disappointed"),
}


@pytest.mark.parametrize("quote", sorted(QUOTES))
def test_a_quote_in_the_first_person_is_titled_with_its_speaker(quote):
    trigger, title = QUOTES[quote]
    assert event(events_of(quote), trigger).title == title


# -- places and actors -----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, trigger, actor",
    [
        ("Russia said on Tuesday it had expelled two British diplomats.", "expelled", "Russia"),
        ("The summit was hosted by Indonesia on Tuesday.", "hosted", "Indonesia"),
        ("Europe warned Beijing on Tuesday against further trade curbs.", "warned", "Europe"),
    ],
)
def test_a_place_that_acts_is_an_actor(sentence, trigger, actor):
    found = event(events_of(sentence), trigger)
    assert found.actors[0] == actor and actor not in found.places


@pytest.mark.parametrize(
    "sentence, trigger, place",
    [
        ("Protesters clashed with police in Moscow on Tuesday.", "clashed", "Moscow"),
        ("A Moscow court sentenced the journalist to 16 years on Tuesday.", "sentenced", "Moscow"),
        ("Germany's foreign minister visited Kyiv on Tuesday.", "visited", "Kyiv"),  # the model tags Kyiv a person
        ("Thousands of people fled Khartoum on Saturday.", "fled", "Khartoum"),
        # round 2 of the person-read review: "rescued off the coast of Florida" listed Florida
        # as a rescuer, "the Miami relatives" Miami, "at Havana's Palace of Conventions" Havana
        ("The sailor was rescued off the coast of Maine by a fishing boat on Monday.", "rescued", "Maine"),
        ("The Boston relatives of the girl filed a lawsuit on Friday.", "filed", "Boston"),
        ("Macron spoke at Paris's Elysee Palace on Monday.", "spoke", "Paris"),
    ],
)
def test_a_place_where_something_happens_is_never_an_actor(sentence, trigger, place):
    found = event(events_of(sentence), trigger)
    assert place in found.places and place not in found.actors


@pytest.mark.parametrize(
    "sentence, trigger, actors",
    [
        ("Russian forces shelled Kharkiv on Tuesday.", "shelled", ("Russia",)),
        ("North Korean officials met Russian diplomats in Pyongyang on Tuesday.", "met", ("North Korea",)),
        ("Russian hackers attacked the network on Tuesday.", "attacked", ()),  # not the state's own
    ],
)
def test_a_country_named_by_its_forces_or_officials_acts(sentence, trigger, actors):
    assert event(events_of(sentence), trigger).actors == actors


def test_officials_of_a_country_act_for_it():
    met = event(events_of("U.S. officials met Chinese diplomats in Geneva on Tuesday."), "met")
    assert met.actors[0] == "United States" and met.places == ("Geneva",)


# -- one name per entity ----------------------------------------------------------------


def test_a_company_the_model_cuts_into_a_company_and_a_person_is_one_company():
    lost = event(events_of("Lockheed Martin lost the bomber contract to Northrop Grumman on Tuesday."), "lost")
    assert lost.title == "Lockheed Martin loses the bomber contract to Northrop Grumman"
    assert lost.actors == ("Lockheed Martin", "Northrop Grumman")



def test_within_an_article_a_person_takes_the_full_name_and_an_organisation_the_short_one():
    events = events_of(
        "President Vladimir Putin met Kim Jong Un on Tuesday. Putin praised the talks on Wednesday.\n"
        "The Air Force awarded Airbus the contract on Tuesday. The U.S. Air Force had rejected Boeing's bid in March.\n"
    )
    assert event(events, "praised").actors == ("Vladimir Putin",)
    assert event(events, "rejected").actors[0] == event(events, "awarded").actors[0] == "Air Force"


def test_across_articles_a_name_is_never_widened_and_one_air_force_is_one_actor(tmp_path):
    bodies = {
        "a.md": "Boeing lost the tanker contract to Airbus on Tuesday.\n",
        "b.md": "Boeing Commercial Airplanes opened a new plant in Charleston on Tuesday.\n",
        "c.md": "The US Air Force awarded the tanker contract to Airbus on Tuesday.\n",
        "d.md": "The U.S. Air Force grounded its tanker fleet on Wednesday.\n",
        "e.md": "The Air Force ordered a review of the tanker fleet on Thursday.\n",
    }
    articles = [
        Article(id=name, path=name, title=name, body=body, published=dt.date(2026, 3, 6)) for name, body in sorted(bodies.items())
    ]
    actors = {actor for entry in merge_extractions(extract_all(articles)) for actor in entry.event.actors}
    assert "Boeing" in actors and "Airbus" in actors
    assert {a for a in actors if "Air Force" in a} == {"Air Force"}


def test_the_company_is_the_one_company_the_last_clause_was_about():
    events = events_of("Boeing lost the tanker contract to Airbus on Tuesday. The company said it would not appeal the decision.")
    appeal = event(events, "appeal")
    assert appeal.title == "Boeing does not appeal the decision" and appeal.actors == ("Boeing",)
    assert appeal.attributed_to == "Boeing"


@pytest.mark.parametrize(
    "first",
    [
        "The Air Force awarded the contract to Airbus on Tuesday.",  # an institution is no company
        "Airbus and Boeing bid for the contract in 2025.",  # two companies: either may be meant
    ],
)
def test_the_company_stays_unnamed_when_no_one_company_is_meant(first):
    build = event(events_of(first + " The company will build the tankers in Alabama from 2028."), "build")
    assert build.title.startswith("The company builds") and build.actors == ()


# -- offices, places passed through, surnames and "he" (found reading real wire news) ------


def test_the_country_or_body_in_an_office_of_phrase_describes_the_person():
    signed = event(events_of("Secretary of State Colin Powell signed the treaty on Monday."), "treaty")
    assert signed.actors == ("Colin Powell",) and signed.title == "Colin Powell signs the treaty"


def test_a_city_an_army_moves_through_is_a_place_not_an_actor():
    marched = event(events_of("Rebel columns marched through Mogadishu on Sunday."), "marched")
    assert "Mogadishu" in marched.places and "Mogadishu" not in marched.actors


def test_a_surname_the_model_missed_or_took_for_a_place_is_the_person_named_in_full():
    events = events_of(
        "Dr. Mark Hollis was killed at his home in May. "
        "District Attorney Frank Whitfield said on Monday that the case was strong. "
        "Hollis, 61, and the father of two boys, was shot at 9 p.m. as he stood talking with his wife in the kitchen."
    )
    shot = event(events, "shot")
    assert shot.actors == ("Mark Hollis",) and shot.title == "Mark Hollis is shot"
    assert event(events, "stood").actors == ("Mark Hollis",)  # "he" is the sentence's subject, not the attorney
    events = events_of("Attorney General Janet Reno met the family on Friday. A second letter to Reno was published on Tuesday.")
    assert event(events, "published").actors == ("Janet Reno",)  # not the city


def test_when_no_person_heads_a_sentence_he_is_the_person_a_clause_of_it_is_about():
    events = events_of(
        "Dr. Owen Pratt testified against Thomas Keller in May. "
        "Keller denies the charges, and the cars he has rented were found in Ohio, the police said on Friday. "
        "He was arrested on Saturday."
    )
    assert event(events, "arrested").actors == ("Thomas Keller",)


def test_a_name_replaced_by_its_full_form_keeps_the_comma_after_it():
    events = events_of("Judge Mark Hollis was shot in May. Since 1995, two judges, including Hollis, four court clerks and a bailiff have been attacked.")
    assert "including Mark Hollis, four court clerks" in event(events, "attacked").title


def test_a_countrys_parliament_or_cabinet_named_by_its_nationality_acts_for_it():
    approved = event(events_of("The Polish parliament approved the budget on Friday."), "approved")
    assert approved.actors == ("Poland",)


# -- round 2 of the person-read review: genders and descriptions ----------------------------


def test_a_kinship_word_tells_a_gender():
    """ "the boy's father, Juan Miguel Gonzalez": "he" is never the one the article calls a wife."""
    events = events_of("Alex Ortega's wife, Robin Ortega, met the mayor on Monday. Robin Ortega said that he would resign on Friday.")
    assert event(events, "resign").actors == ("Alex Ortega",)


def test_she_is_never_a_man_the_first_name_tells():
    """ "she frowned" was read as the man the clause had just named."""
    events = events_of("Tom Berger said on Monday that the senator had met Greta Lindqvist. She resigned on Tuesday.")
    assert event(events, "resigned").actors == ("Greta Lindqvist",)


def test_a_role_a_person_owns_names_that_person_again():
    """ "Elian's father Juan Miguel Gonzalez ... the father would travel": the father was no actor."""
    events = events_of(
        "Senator Maria Lopez's husband, Carlos Lopez, arrived in Madrid on Monday. Maria Lopez said on Tuesday that the husband met the mayor."
    )
    met = event(events, "met")
    assert met.actors[0] == "Carlos Lopez" and met.title.startswith("Carlos Lopez meets the mayor")
