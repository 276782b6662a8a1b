"""Who: a clause's subject, its actors and places, and the names that references stand for.

"They", "the two leaders", "him" and "the Russian president" are resolved
against the article's cast so far (``cast``); a name is an actor or a place by
its label and its role in the sentence.
"""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Token

from ..entities import FACILITY_WORDS, Mention
from ..names import COUNTRIES, NAME_QUALIFIERS
from .cast import Cast, company_meant_by, country_named_by, person_in_role
from .context import Reading, asked_once, is_place_name
from .grammar import as_text, is_participle_modifier, joins_with_and, mention_head, phrase_core, placed_by, without_unpaired_quotes
from .wordlists import (
    BUILDING_PREPS, CIRCUMSTANCE_PREPS, COUNTRY_WORDS, DEPARTURE_VERBS, DESCRIBING_DEPS, FIRST_PERSON_PRONOUNS, LOCATIVE_PREPS,
    NUMBER_WORDS, PHRASE_CLAUSES, PHRASE_LEFT_OUT, PLURAL_REFERENCES, SINGULAR_PRONOUNS, STATE_ACTORS, STATE_BODIES,
    SUBJECT_CONTROL_VERBS,
)


@asked_once
def subject(reading: Reading, verb: Token) -> Token | None:
    """The clause's subject, looked for up the clauses that pass theirs on."""
    if is_participle_modifier(verb):
        return verb.head  # "resolutions passed in 2006": the resolutions were passed
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and subjects[0].lower_ in ("which", "that", "who") and node.dep_ == "relcl":
            return node.head  # "The talks, which took place in Geneva": the talks
        if subjects:
            return speaker_meant_by(reading, subjects[0]) or subjects[0]
        swallowed = _subject_in_time_phrase(reading, node)
        if swallowed is not None:
            return swallowed
        if node.dep_ == "xcomp" and (doer := object_in_control(node.head)) is not None:
            return doer  # "invited Putin to visit": Putin visits
        if node.dep_ == "acl" and node.head.dep_ in ("dobj", "pobj"):  # "accepted an invitation to visit"
            node = node.head.head if node.head.dep_ == "dobj" else node.head.head.head
            continue
        if node.dep_ not in ("xcomp", "conj", "advcl", "acomp") or node.head.i == node.i:
            return None  # an acomp passes its copula's subject on: "He is due to meet Putin"
        node = node.head
    return None


def object_in_control(verb: Token) -> Token | None:
    """The object that does what ``verb``'s infinitive says: "ordered the company to pay".

    Not for the few verbs whose subject does it: "Airbus beat Boeing to win the
    contract" was won by Airbus, and "used the grant to build a school" built by
    whoever used it.
    """
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return objects[0] if objects and verb.lemma_.lower() not in SUBJECT_CONTROL_VERBS else None


@asked_once
def speaker_meant_by(reading: Reading, pronoun: Token) -> Token | None:
    """ "Russia said it would send troops": "it" (or "they") is whoever said so; so is
    "its" in "Coastal announced that its shareholders voted", and "we" or "I" in a
    quote: "“We will appeal,” Boeing said"."""
    clause = pronoun.head.head if pronoun.dep_ == "poss" else pronoun.head
    first_person = pronoun.lower_ in FIRST_PERSON_PRONOUNS
    if (
        (pronoun.lower_ not in ("it", "they", "its", "their") and not first_person)
        or clause.dep_ not in (("ccomp", "parataxis") if first_person else ("ccomp",))
        or clause.head.lemma_.lower() not in reading.speech_verbs
    ):
        return None
    speakers = [c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
    if not speakers:
        return None
    speaker = speakers[0]  # a name is one speaker whatever its form: "Coastal Air Holdings", "Meridian Airways"
    plural_speaker = joins_with_and(speaker) or (speaker.tag_ in ("NNS", "NNPS") and speaker.i not in reading.mention_at)
    if first_person:  # "we" may be one company speaking, or many; "I" is one
        return speaker if pronoun.lower_ in ("we", "our") or not plural_speaker else None
    return speaker if (pronoun.lower_ in ("they", "their")) == plural_speaker else None


def _subject_in_time_phrase(reading: Reading, verb: Token) -> Token | None:
    """ "On Friday Kim visited": the parser can read "Friday Kim" as one noun after "On".

    The noun that ends such a fronted time phrase, and is no time word itself,
    is the clause's subject.
    """
    timex_at = reading.dates.timex_at
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i > verb.i or prep.i + 1 not in timex_at:
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and noun.i not in timex_at and noun.pos_ in ("PROPN", "NOUN"):
                return noun
    return None


def name_of(reading: Reading, cast: Cast, token: Token) -> str:
    """A readable name for an argument: its entity's canonical name, else its words.

    The name must head the phrase: "Critics in Stockholm" are not Stockholm.
    """
    mention = reading.mention_at.get(token.i)
    if mention:
        return mention.name
    if token.lower_ in SINGULAR_PRONOUNS and (person := cast.person_meant_by_pronoun(token.lower_)):
        return person
    # "the prosecutor said", "the company said"
    return person_in_role(reading, cast, token) or company_meant_by(cast, token) or without_unpaired_quotes(as_text(token.subtree))


@asked_once
def named(reading: Reading, token: Token) -> tuple[str, ...]:
    """Canonical names of the doers a phrase names: its entities but places and a person's descriptions.

    A name's apposition describes it and names no one else: "Tobiah Wrenfield-Oduya,
    the former chair of the Harbour Board, was found guilty" convicts one person.
    """
    phrase = phrase_core(token, PHRASE_LEFT_OUT if token.i in reading.mention_at else PHRASE_CLAUSES)
    return _unique(
        m.name
        for t in phrase
        if (m := reading.mention_at.get(t.i)) and m.start == t.i and _role(reading, t, m) != "place" and not _describes_person(reading, m)
    )


def participants(reading: Reading, cast: Cast, trigger: Token, verb: Token) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The event's actors (its doers first) and its places."""
    actors: list[str] = []
    places: list[str] = []
    clause = _clause_tokens(reading, verb)
    if trigger.i != verb.i:
        clause |= {t.i for t in trigger.subtree}
    # The doers first: a passive's agent ("was awarded to Airbus by the Air Force"), then the
    # subject; either may name them by reference ("was signed by both leaders").
    doers = [d for d in (_agent(verb), subject(reading, verb)) if d is not None]
    doer_names = [
        name for doer in doers for name in (named(reading, doer) or resolve_reference(reading, cast, doer) or _nation_acting(reading, doer))
    ]
    for i in sorted(clause):
        mention = reading.mention_at.get(i)
        if mention is None:
            # "showed the North Korean leader around", "invited him"
            token = reading.doc[i]
            person = person_in_role(reading, cast, token) or cast.person_meant_by_object(token, doer_names)
            actors += [person] if person else []
            continue
        if i != mention.start or _describes_person(reading, mention):
            continue
        role = _role(reading, reading.doc[i], mention)
        (places if role == "place" else actors).append(mention.name)
    actors = doer_names + actors
    return _unique(actors), _unique(p for p in places if p not in actors)


def resolve_reference(reading: Reading, cast: Cast, phrase: Token) -> list[str]:
    """Actors for "they", "the two leaders" or "the three countries": that many of the
    article's people (or countries), those who have acted first, then the most mentioned."""
    # The phrase's own words: "the two leaders"; "the leaders of the two largest parties" say
    # which leaders they are, and need not be any the story has named.
    own_words = {phrase.lower_} | {c.lower_ for c in phrase.children if c.dep_ in ("nummod", "det", "amod", "predet", "quantmod", "compound")}
    owners = [o for c in phrase.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    if owners:  # "the leaders of both countries" are those countries' leaders
        return resolve_reference(reading, cast, owners[0])
    if own_words & PLURAL_REFERENCES:
        countries = bool(own_words & COUNTRY_WORDS)
        counts = cast.country_counts if countries else cast.person_counts
        # "The two countries" are countries, not the capitals, cities or "G7" a story also names.
        # Who has acted so far counts before who was merely mentioned, then who came first.
        ranked = sorted(
            (-cast.actor_counts.get(name, 0), -count, first, name)
            for first, (name, count) in enumerate(counts.items())
            if not countries or name in COUNTRIES
        )
        counted = [t.lower_ for t in (phrase, *phrase.children) if t.lower_ in NUMBER_WORDS and (t is phrase or t.dep_ == "nummod")]
        wanted = NUMBER_WORDS[counted[0]] if counted else 2  # "the three countries", "the three"; "they", "both": two
        return [name for *_, name in ranked[:wanted]] if len(ranked) >= wanted else []
    if phrase.lower_ in ("him", "her") and phrase.dep_ in ("dobj", "dative", "pobj"):
        # "Putin met Kim and invited him to visit Moscow": the visitor is who "him" is
        doers = [n for c in phrase.head.children if c.dep_ == "nsubj" for n in (named(reading, c) or resolve_reference(reading, cast, c))]
        person = cast.person_meant_by_object(phrase, doers)
        return [person] if person else []
    if phrase.lower_ in SINGULAR_PRONOUNS and (person := cast.person_meant_by_pronoun(phrase.lower_)):
        return [person]
    named_again = person_in_role(reading, cast, phrase) or company_meant_by(cast, phrase)  # "the North Korean leader", "the company"
    return [named_again] if named_again else []


def _nation_acting(reading: Reading, phrase: Token) -> list[str]:
    """ "Russian forces shelled Kharkiv", "North Korean officials said", "the Iranian
    government": a country's forces or officials, named by its nationality, act for it.
    One person ("the North Korean leader") is someone the article has not named, not
    the country."""
    if phrase.lemma_.lower() not in STATE_ACTORS or (phrase.tag_ != "NNS" and phrase.lemma_.lower() not in STATE_BODIES):
        return []
    return list(_unique(country for c in phrase.children if c.dep_ in ("amod", "compound") and (country := country_named_by(reading, c))))


def _describes_person(reading: Reading, mention: Mention) -> bool:
    """ "Russia's Defence Minister Sergei Shoigu", "Secretary of State Madeleine Albright": a
    country or office before a name says who the person is.

    Such a name modifies the person's name, directly when it is a country
    ("Russia's Shoigu"), else through a role noun ("Apple CEO Steve Jobs", also in
    apposition: "Shoigu, Russia's defence minister"); the person is the one who
    acts; so does a country or an organisation directly before an organisation
    ("Karsland's State Electoral Commission"). An organisation directly before a
    person's name is kept: the small model often takes products for people ("Apple's
    App Store").
    """
    node = mention_head(reading.doc, mention)
    through_role = False
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in ("NOUN", "PROPN"):
        node, through_role = node.head.head, True  # "Secretary of State Madeleine Albright": the office's "of"
    if node.dep_ not in DESCRIBING_DEPS:
        return False
    while node.dep_ in DESCRIBING_DEPS | {"appos"} and node.head.i != node.i:
        node = node.head
        other = reading.mention_at.get(node.i)
        if other is not None and other != mention:
            if mention.label in ("GPE", "ORG") and other.label == "ORG" and not through_role:
                return True  # "Karsland's State Electoral Commission", "Google's DeepMind": the second acts
            return other.label == "PERSON" and (through_role or mention.label == "GPE")
        through_role = True
        if any(c.dep_ == "appos" and (m := reading.mention_at.get(c.i)) and m.label == "PERSON" for c in node.children):
            return True
    return False


def _clause_tokens(reading: Reading, verb: Token) -> set[int]:
    """The verb's subtree without nested clauses that are events of their own."""
    tokens = {verb.i}
    stack = list(verb.children)
    while stack:
        token = stack.pop()
        if token.dep_ in ("ccomp", "advcl", "relcl", "parataxis") or (token.dep_ == "conj" and token.pos_ == "VERB"):
            continue
        if token.dep_ == "acl" and token.tag_ == "VBN":
            continue  # "the lawsuit, filed in the District Court, seeks": the filing is its own event
        if token.dep_ == "prep" and token.lower_ in CIRCUMSTANCE_PREPS:
            continue  # "met amid concern over North Korea's tests": North Korea did not meet
        if token.dep_ == "appos" and token.head.i in reading.mention_at:
            continue  # "Wrenfield-Oduya, the former chair of the Harbour Board": a description
        tokens.add(token.i)
        stack.extend(token.children)
    return tokens


def _role(reading: Reading, token: Token, mention: Mention) -> str:
    """Place or actor, from the mention's label and its role in the sentence.

    A country or region that does something is an actor: "Russia said", "Europe
    warned", "was hosted by Indonesia"; a building never is ("the bridge reopened").
    A country naming where a thing is ("a Moscow court") or a place a clause happens
    in ("in Moscow") is a place.
    """
    if mention.label == "FAC" or is_place_name(reading, mention):
        return "place"
    head = mention_head(reading.doc, mention)
    if head.dep_ == "nsubj" or (head.dep_ == "pobj" and head.head.dep_ == "agent"):
        return "actor"
    if mention.kind == "place":
        return "place"
    if mention.label == "ORG" and (
        (head.dep_ == "compound" and placed_by(head.head))
        or (head.dep_ == "pobj" and head.head.lower_ in BUILDING_PREPS)
        or (head.dep_ == "pobj" and head.head.lower_ == "in" and head.lower_ in FACILITY_WORDS)
    ):
        return "place"  # "at the Nurimaru APEC House", "outside the Diet", "in the District Court": a building
    if mention.label == "GPE" and head.dep_ == "compound" and _is_located(reading, head.head, mention):
        return "place"  # "the Busan summit", "a Moscow court": where it is; but "U.S. officials" act for it
    if mention.label == "GPE" and head.dep_ == "poss" and _is_building(reading, head.head):
        return "place"  # "at Havana's Palace of Conventions": whose the building is, not who acts
    if mention.label != "GPE":
        return "actor"
    if head.dep_ == "dobj" and head.head.lemma_.lower() in reading.settings.event_types["visit"] | DEPARTURE_VERBS:
        return "place"
    if head.dep_ == "pobj" and head.head.lower_ == "for" and head.head.head.lemma_.lower() in DEPARTURE_VERBS:
        return "place"  # "left Busan for Beijing"
    # A locative preposition up the noun chain: "in the Russian city of Komsomolsk-on-Amur",
    # "in Montevideo and Buenos Aires"; but "officials from Brazil and Chile" act for them.
    node = head
    while node.dep_ in ("pobj", "prep", "appos", "compound", "nmod", "conj") and node.head.i != node.i:
        node = node.head
        if node.dep_ == "prep" and node.lower_ in LOCATIVE_PREPS:
            return "actor" if node.lower_ == "from" and node.head.lemma_.lower() in STATE_ACTORS else "place"
    return "actor"


def _is_located(reading: Reading, noun: Token, mention: Mention) -> bool:
    """A happening or an institution that a place name before it locates: "the Busan
    summit", "a Moscow court", "Sydney police"; and anything a city or region names
    where it is or lives ("the Boston relatives", "the Maine coast"); not what a country
    has or does ("U.S. officials", "the Russia-DPRK friendship"), nor a region's own
    officials ("Texas officials")."""
    lemma = noun.lemma_.lower()
    return lemma in reading.lemma_types or (
        lemma not in STATE_ACTORS and (lemma in NAME_QUALIFIERS | FACILITY_WORDS or mention.name not in COUNTRIES)
    )


def _is_building(reading: Reading, noun: Token) -> bool:
    """A building or site a place's possessive names: "Paris's Elysee Palace", "the city's stadium"."""
    other = reading.mention_at.get(noun.i)
    return (other is not None and other.label == "FAC") or noun.lemma_.lower() in FACILITY_WORDS


def _agent(verb: Token) -> Token | None:
    """The doer of a passive clause: "Putin" in "Kim was welcomed by Putin".

    The parser may hang the "by" on the object ("was fined 746 million euros by
    Luxembourg's regulator"); a passive's "by" is its agent there too, unless it
    gives a time ("by Friday").
    """
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    objects = [c for c in verb.children if c.dep_ == "dobj"] if passive else []
    for head in (verb, *objects):
        for child in head.children:
            if child.dep_ == "agent" or (head is not verb and child.dep_ == "prep" and child.lower_ == "by"):
                doer = next((c for c in child.children if c.dep_ == "pobj"), None)
                if doer is not None and doer.ent_type_ not in ("DATE", "TIME"):
                    return doer
    return None


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
