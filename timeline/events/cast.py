"""The article's cast so far: who it named, how often, with which role and gender.

The entries stage notes each sentence before reading its events, so that "he",
"him", "the Russian president", "the company" and "the two countries" can name
people, companies and countries met earlier.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..entities import Mention
from ..names import DEMONYMS, NAME_QUALIFIERS
from .context import Reading, is_place_name
from .grammar import mention_head
from .wordlists import (
    COMPANY_NOUNS, FIRST_NAME_GENDERS, GENDER_WORDS, GENDERED_NOUNS, INSTITUTIONS, ROLE_ABBREVIATIONS, SINGULAR_PRONOUNS, STATE_ACTORS,
)


#: What a title ("Mr") or a kinship word ("his wife, Robin Ortega") says of a person's gender
#: outweighs a pronoun in the same sentence, which may be someone else's.
EXPLICIT_VOTES = 2


@dataclass
class Cast:
    person_counts: dict[str, int] = field(default_factory=dict)
    country_counts: dict[str, int] = field(default_factory=dict)
    #: Who the last main clause was about ("he" next time).
    last_person: str | None = None
    #: What the article's own words say of each person's gender ("Volk said her party"), as votes.
    gender_votes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    #: People in the order the article last mentioned them, most recent last ("invited him").
    recent_people: list[str] = field(default_factory=list)
    #: The company the last main clause that named one was about ("the company" next time), if one.
    last_company: str | None = None
    #: How many events so far each name was an actor of: "the two countries" are the ones acting.
    actor_counts: dict[str, int] = field(default_factory=dict)
    #: Roles the article gave people, for "the Russian president" later on:
    #: role words ("leader", "defence minister") -> person -> the countries qualifying it.
    roles: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def gender(self, name: str) -> str | None:
        """The gender most of the article's words give a person ("Volk said her party"; one
        "his" may be another's), else the one a common first name tells ("Juanita Castro")."""
        ranked = (self.gender_votes.get(name) or Counter()).most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        words = name.split()
        return FIRST_NAME_GENDERS.get(words[0].casefold()) if len(words) > 1 else None

    def person_meant_by_pronoun(self, pronoun: str) -> str | None:
        """Who "he", "she", "him" or "her" is: the main clause's last person, unless the
        article says that person is of the other gender; then the latest one who is not."""
        wanted = GENDER_WORDS[pronoun]
        if self.last_person and self.gender(self.last_person) in (None, wanted):
            return self.last_person
        candidates = [p for p in reversed(self.recent_people) if self.gender(p) in (None, wanted)]
        return next((p for p in candidates if self.gender(p) == wanted), candidates[0] if candidates else None)

    def person_meant_by_object(self, token: Token, doers: Sequence[str]) -> str | None:
        """ "Lee spoke with Ishiba and invited him": an object "him" or "her" is the person
        last mentioned who is not the clause's own subject."""
        if token.lower_ not in ("him", "her") or token.dep_ not in ("dobj", "dative", "pobj"):
            return None
        return next((name for name in reversed(self.recent_people) if name not in doers), None)

    def note_actors(self, names: list[str]) -> None:
        for name in names:
            self.actor_counts[name] = self.actor_counts.get(name, 0) + 1


def note_people(reading: Reading, cast: Cast, sent: Span) -> None:
    """Count who is mentioned, and remember who the main clause is about ("he" next time)."""
    names = _names_in(reading, sent)
    for mention in names:
        if mention.label in ("PERSON", "GPE") and not is_place_name(reading, mention):
            counts = cast.person_counts if mention.label == "PERSON" else cast.country_counts
            counts[mention.name] = counts.get(mention.name, 0) + 1
            if cast.last_person is None and mention.label == "PERSON":
                cast.last_person = mention.name
            if mention.label == "PERSON":
                cast.recent_people = [p for p in cast.recent_people if p != mention.name] + [mention.name]
    # Not sent.ents: it walks every entity of the whole article, for each sentence.
    nationalities = {e.start: e for i in range(sent.start, sent.end) if (e := reading.nationality_at.get(i)) is not None}
    for ent in nationalities.values():  # "North Korean leader" speaks of North Korea too; "Iranian drones" do not
        country = DEMONYMS.get(ent.text)
        if country and ent.root.head.lemma_.lower() in STATE_ACTORS:
            cast.country_counts[country] = cast.country_counts.get(country, 0) + 1
    for subject in (c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")):
        named = [m for t in subject.subtree if (m := reading.mention_at.get(t.i))]
        people = [m for m in named if m.label == "PERSON"]
        if people:
            cast.last_person = people[0].name
        organisations = {m.name for m in named if m.label == "ORG"}
        companies = {name for name in organisations if not _is_institution(name)}
        if organisations:  # "Airbus and Boeing said": which one "the company" is, nobody knows
            cast.last_company = companies.pop() if len(companies) == 1 else None
    root_subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if root_subjects and not any(
        t.pos_ == "PRON" or ((m := reading.mention_at.get(t.i)) and m.label == "PERSON") for c in root_subjects for t in c.subtree
    ):
        # "Kopp purports to be a devout Catholic, the department said": no person heads the
        # sentence (nor "he", who goes on), so "he" next is the first person a clause is about
        clause_people = [m for t in sent if t.dep_ in ("nsubj", "nsubjpass") and (m := reading.mention_at.get(t.i)) and m.label == "PERSON"]
        cast.last_person = clause_people[0].name if clause_people else cast.last_person
    _note_genders(reading, cast, sent, names)
    _note_roles(reading, cast, names)


def _names_in(reading: Reading, sent: Span) -> list[Mention]:
    """The names that start in the sentence, in order (looked up by index: the sentence's
    tokens need not be built for it)."""
    return [m for i in range(sent.start, sent.end) if (m := reading.mention_at.get(i)) is not None and m.start == i]


def _note_genders(reading: Reading, cast: Cast, sent: Span, names: list[Mention]) -> None:
    """ "Mr Brandt", or one person named in a sentence and then "his" or "her": a vote for
    that person's gender, so that "he" later skips a woman named since."""
    doc = reading.doc
    people = [m for m in names if m.label == "PERSON" and not is_place_name(reading, m)]
    for mention in people:
        before = doc[mention.start - 1].lower_ if mention.start > 0 else ""
        if before in GENDER_WORDS and before not in SINGULAR_PRONOUNS:
            cast.gender_votes[mention.name][GENDER_WORDS[before]] += EXPLICIT_VOTES
    if len({m.name for m in people}) == 1:
        # A possessive or a subject ("Volk said her party", "she said"), never an object:
        # "Putin thanked her" is about someone else.
        after = (t.lower_ for t in doc[people[0].end : sent.end] if t.dep_ in ("poss", "nsubj", "nsubjpass"))
        for gender in {GENDER_WORDS[w] for w in after if w in GENDER_WORDS}:
            cast.gender_votes[people[0].name][gender] += 1


def _note_roles(reading: Reading, cast: Cast, names: list[Mention]) -> None:
    """Remember the role a name is given ("Russian President Vladimir Putin", "Shoigu,
    Russia's defence minister"), so that "the Russian president" can name him later."""
    for mention in names:
        if mention.label != "PERSON" or is_place_name(reading, mention):
            continue
        head = mention_head(reading.doc, mention)
        inside = range(mention.start, mention.end)
        roles = [  # "Russian President Vladimir Putin"; the parse may hang the title on any part of the name
            c for t in reading.doc[mention.start:mention.end] for c in t.children
            if c.dep_ in ("compound", "appos") and c.pos_ in ("NOUN", "PROPN") and c.i not in inside
        ]
        if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i not in reading.mention_at:
            roles.append(head.head)  # "Russia's defence minister, Sergei Shoigu"
        for role in roles:
            if (gender := GENDERED_NOUNS.get(role.lemma_.lower())) is not None:
                cast.gender_votes[mention.name][gender] += EXPLICIT_VOTES  # "the boy's father, Juan Perez"
            words, countries = _role_words(reading, role)
            if words is None:
                continue
            for key in {words, role.lemma_.lower()}:  # "the defence minister" and "the minister"
                cast.roles.setdefault(key, {}).setdefault(mention.name, set()).update(countries)


def person_in_role(reading: Reading, cast: Cast, phrase: Token) -> str | None:
    """The one person the article gave the role that "the Russian president" names, if any."""
    if phrase.pos_ not in ("NOUN", "PROPN") or phrase.tag_ in ("NNS", "NNPS") or not any(
        (c.dep_ == "det" and c.lower_ == "the") or (c.dep_ == "poss" and c.i in reading.mention_at) for c in phrase.children
    ):
        return None  # "the prosecutors" are more than the one prosecutor named; "Elian's father" is one
    words, countries = _role_words(reading, phrase)
    people = cast.roles.get(words or "", {})
    matches = [name for name, qualified in people.items() if not countries or countries & qualified]
    return matches[0] if len(matches) == 1 else None


def company_meant_by(cast: Cast, phrase: Token) -> str | None:
    """The company that "the company" (or "the carmaker") names: the one the last main
    clause that named an organisation was about, if that was one company."""
    if phrase.lemma_.lower() not in COMPANY_NOUNS or [c.lower_ for c in phrase.children] != ["the"]:
        return None  # "a company", "the company's shareholders", "the two companies"
    return cast.last_company


def _is_institution(name: str) -> bool:
    """ "U.S. Air Force", "Justice Department", "Senate": an organisation that is no company."""
    return any(word.casefold() in NAME_QUALIFIERS for word in name.split()) or name in INSTITUTIONS


def _role_words(reading: Reading, role: Token) -> tuple[str | None, set[str]]:
    """A role noun's words ("defence minister") and the countries or people that qualify
    it ("Russian", "Russia's", "Elian's"); no words when anything else modifies it ("former",
    "of the opposition"). Other words after it are the parser's attachments
    ("showed the leader around the site"), not the role's."""
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in role.rights):
        return None, set()
    words = [ROLE_ABBREVIATIONS.get(role.lower_, role.lemma_.lower())]  # "Gov. Tina Kotek" is "the governor"
    countries: set[str] = set()
    owners = [m for left in role.lefts if left.dep_ == "poss" and (m := reading.mention_at.get(left.i)) and m.label == "PERSON"]
    countries.update(m.name for m in owners)  # "Senator Maria Lopez's husband": whose husband, as a country qualifies a president
    for child in (t for left in role.lefts if not owners or left.dep_ != "poss" for t in left.subtree):
        if child.dep_ in ("det", "case", "punct"):
            continue
        country = country_named_by(reading, child)
        if country is not None:
            countries.add(country)
        elif child.dep_ == "compound" and child.head.i == role.i and child.pos_ in ("NOUN", "PROPN") and child.i not in reading.mention_at:
            words.insert(-1, child.lemma_.lower())
        else:
            return None, set()
    return " ".join(words), countries


def country_named_by(reading: Reading, token: Token) -> str | None:
    """The country a word of a demonym or country name stands for ("North Korean" -> North Korea)."""
    mention = reading.mention_at.get(token.i)
    if mention is not None and mention.label == "GPE":
        return mention.name
    nationality = reading.nationality_at.get(token.i)
    return DEMONYMS.get(nationality.text) if nationality is not None else None
