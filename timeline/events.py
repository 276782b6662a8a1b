"""Find what happened in each sentence: the event, who, where, when, and the evidence.

Events come from spaCy's dependency parse. A trigger is a clause's main verb,
or the event noun a light verb carries ("held talks"). Its arguments, status
and date are read off the parse; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Callable, Iterable, Mapping, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import dates, nlp as nlp_loader, tense
from .contents import GRANULARITIES, Article, Event, Extraction, Span as TextSpan, TimeExpression
from .entities import FACILITY_WORDS, Mention, find_mentions, name_variants
from .names import COUNTRIES, DEMONYMS
from .readers import plain_text
from .settings import DEFAULT_SETTINGS, Settings

#: Invisible format characters: bidi marks and embeddings, zero-width spaces, BOMs.

#: Verbs that report speech: they attribute what they govern, and are not events themselves.
REPORTING_VERBS = frozenset("say tell report add accord according state claim note write explain quote reply ask suggest cite".split())

#: Verbs too light or stative to be a reader's event on their own.
LIGHT_VERBS = frozenset(
    "be have do get seem appear become remain need want know think believe feel see look include use make take give "
    "keep let go come try begin continue start mean hope wish like expect plan refer raise concern focus bet help".split()
)

#: Light verbs that turn an event-noun object into the event: "held talks", "paid a visit".
SUPPORT_VERBS = frozenset("hold have make pay give host conduct stage attend deliver sign launch open begin start resume end close conclude".split())

#: Modals that make an event hypothetical: a claim, never a fact.
HYPOTHETICAL_MODALS = frozenset("could would might may can should must".split())

#: Nouns whose infinitive complement is a plan: "an invitation to visit".
FUTURE_NOUNS = frozenset("invitation plan offer proposal bid pledge promise intention decision agreement deal".split())

#: Words whose complement lies ahead: "plans to visit", "an invitation to visit".
FUTURE_WORDS = tense.FUTURE_GOVERNORS | FUTURE_NOUNS

#: Verbs whose complement is denied or refused rather than asserted.
DENIAL_VERBS = frozenset("deny refuse reject dismiss decline fail".split())

#: Verbs that are never triggers themselves ("deny" is: a denial is a statement).
NON_TRIGGER_VERBS = REPORTING_VERBS | LIGHT_VERBS | {"refuse"}  # "refused to attend" is the attending, denied
#: Verbs that are no triggers when they govern an infinitive: "declined to comment" is the
#: comment, denied; but "shares declined 3%" and "the talks failed" are events.
INFINITIVE_DENIAL_VERBS = frozenset({"decline", "fail"})

#: Conjunctions that make a clause a condition or a question, never a fact:
#: "unless both companies agree", "if the court approves", "asked whether he would attend".
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
#: Verbs whose infinitive is an aim, not an outcome: "sued to block the merger" blocked nothing.
AIM_VERBS = frozenset("sue move act fight work campaign lobby push rush race scramble struggle strive try attempt appeal petition leave want wish hope".split())

#: Prepositions that put a place name in the role of location.
LOCATIVE_PREPS = frozenset("in at near to from into inside outside across around within on".split())

#: Clause links a subordinate event takes its date from: "toasted ... after Mr Putin showed Kim".
DATE_INHERITING_DEPS = frozenset({"advcl", "conj", "xcomp", "acl", "pcomp"})

QUOTE_MARKS = ('"', "\u201c", "'", "\u2018")

#: Quotation marks a title keeps in pairs ("sacred war" in quotes is someone else's wording):
#: each opening mark with the marks that close it. A lone "\u2019" is an apostrophe.
QUOTE_PAIRS = {"\u201c": "\u201d\"", '"': '"\u201d', "\u2018": "\u2019"}
CLOSING_DOUBLE_QUOTE = "\u201d"

#: Punctuation inside a title's phrase that it keeps.
TITLE_PUNCTUATION = frozenset({"-", "'", CLOSING_DOUBLE_QUOTE, "\u2019", *QUOTE_PAIRS})

#: Subjects that deny their clause: "nobody was hurt".
NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "nothing", "neither", "no-one"})

#: How many tokens after its verb a title may reach: it is cut to one line anyway.
TITLE_WINDOW = 40

#: Dependents of the trigger left out of its one-line title.
TITLE_LEFT_OUT = frozenset({"advcl", "ccomp", "relcl", "parataxis", "punct", "cc", "neg", "aux", "mark"})

#: Parts of a subject left out of its one-line title: clauses and appositions.
PHRASE_LEFT_OUT = frozenset({"relcl", "acl", "advcl", "appos"})
#: What a phrase tells in a clause of its own: "the lawsuit, filed in the District Court," is no court's doing.
PHRASE_CLAUSES = frozenset({"relcl", "acl", "advcl"})

#: Links by which a name modifies the noun after it: "Russia's", "Defence (Minister)".
DESCRIBING_DEPS = frozenset({"poss", "compound", "amod", "nmod"})

#: Subjects that pick up the actors of the scene so far.
PLURAL_REFERENCES = frozenset({"they", "both", "leaders", "sides", "states", "nations", "countries", "men"})
#: How many "the three countries" are.
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
COUNTRY_WORDS = frozenset({"states", "nations", "countries"})
#: Nouns through which a nationality word names a country acting: "North Korean leader".
STATE_ACTORS = frozenset(
    "leader president premier minister official government authority force troop army navy military soldier diplomat "
    "delegation envoy ambassador spokesman spokeswoman side counterpart state ministry regime media".split()
)
#: Prepositions whose date ends what the clause tells, rather than dating it.
END_PREPOSITIONS = frozenset({"until", "till", "til", "untill"})
#: What "take" takes when it tells a happening: "took effect", "take place", "took office".
HAPPENING_OBJECTS = frozenset({"effect", "place", "office", "power", "control", "hold"})
#: Words that open a start date as a preposition would: "closed starting Monday", "effective June 1".
STARTING_WORDS = frozenset({"starting", "beginning", "effective"})
#: Verbs whose event is of their object's type: "filed a lawsuit", "won the election", "ordered an
#: inquiry" (but "blocked the deal" is no agreement).
OBJECT_TYPED_VERBS = frozenset("file win lose order".split())
#: Verbs that give their object a date with "for": "set the vote for Sunday, March 15".
SCHEDULING_VERBS = frozenset({"set", "schedule", "call", "fix", "book", "slate", "reschedule"})
#: Who acts for a court: what they do is a legal event ("the court rejected the appeal").
COURT_NOUNS = frozenset({"court", "judge", "jury", "tribunal", "magistrate"})
#: Nouns for a part of a happening: "the first round of talks" is the talks.
PART_NOUNS = frozenset({"round", "series", "session", "stage", "phase"})
#: Verbs that tell a phase of their subject: "the trial began", "the talks ended" are the
#: trial and the talks, of their type ("the trial opened" is no product launch).
ASPECTUAL_VERBS = frozenset("begin start open end close conclude resume continue adjourn".split())
#: Nouns whose "no ..." says a clause did not happen: "no evidence that he received cash",
#: "no plan to downsize Charlotte".
EVIDENCE_NOUNS = frozenset({"evidence", "sign", "indication", "proof", "record", "suggestion", "trace", "plan", "intention"})
#: Titles written short before a name, and the role a later "the governor" names.
ROLE_ABBREVIATIONS = {
    "gov.": "governor", "sen.": "senator", "rep.": "representative", "gen.": "general", "lt.": "lieutenant",
    "sgt.": "sergeant", "capt.": "captain", "pres.": "president", "supt.": "superintendent", "det.": "detective",
    "insp.": "inspector", "prof.": "professor", "adm.": "admiral", "col.": "colonel", "cmdr.": "commander",
}
#: Prepositions that set a scene around a clause, or name its source ("according to"); the
#: names in them do not take part.
CIRCUMSTANCE_PREPS = frozenset({"amid", "amidst", "despite", "following", "after", "before", "ahead", "over", "according"})
#: Prepositions that put something at an organisation's building: "protest outside the Diet".
BUILDING_PREPS = frozenset({"at", "outside", "inside", "near"})
#: Verbs of leaving, whose "for" names where to: "left Busan for Beijing".
DEPARTURE_VERBS = frozenset({"leave", "depart", "head", "sail", "fly", "set", "return"})
#: Verbs that move a date: the date they move it to is not when they happened.
MOVING_VERBS = dates.DEADLINE_VERBS | {"bring", "move", "reschedule", "advance", "change"}
#: Conjunctions whose clause happens at another time than its main clause.
SHIFTING_MARKS = frozenset({"before", "until", "till", "since", "once"})
#: Conjunctions whose clause moves only when measured: "days after the vote".
MEASURED_MARKS = frozenset({"after", "when"})
SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})
#: Words that tell a person's gender, for "he" and "she" to find the right one of two people.
GENDER_WORDS = {
    **dict.fromkeys(("he", "him", "his", "himself", "mr", "mr."), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss"), "f"),
}




def extract(article: Article, nlp: Language | None = None, settings: Settings = DEFAULT_SETTINGS) -> Extraction:
    """Time expressions and events of one article."""
    (doc,) = nlp_loader.parse([plain_text(article)], nlp)
    return extract_from_doc(article, doc, settings)


def extract_all(
    articles: Iterable[Article],
    nlp: Language | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[Article], None] | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> list[Extraction]:
    """Extract many articles, parsing them as a stream (see ``nlp.parse``).

    With ``on_error``, an article whose extraction fails is reported there and left
    out, so one bad article cannot stop a build; without it, the error propagates.
    """
    articles = list(articles)
    results = []
    for article, doc in zip(articles, nlp_loader.parse((plain_text(a) for a in articles), nlp)):
        try:
            results.append(extract_from_doc(article, doc, settings))
        except Exception as error:  # noqa: BLE001 -- reported to the caller, who names the file
            if on_error is None:
                raise
            on_error(article, error)
        if progress:
            progress(article)
    return results


def extract_from_doc(article: Article, doc: Doc, settings: Settings = DEFAULT_SETTINGS) -> Extraction:
    """Events of an already-parsed article: the pure core of extraction."""
    timexes = dates.find_time_expressions(doc, article.published, settings.day_first)
    mentions = find_mentions(doc, settings.aliases, article.source)
    events = _EventFinder(article, doc, timexes, mentions, settings).find()
    return Extraction(article, tuple(timexes), tuple(events), name_variants(mentions))


class _EventFinder:
    """Walks an article's sentences once, keeping the scene (who, when) as it goes."""

    def __init__(self, article: Article, doc: Doc, timexes: list[TimeExpression], mentions: list[Mention], settings: Settings):
        self.article = article
        self.doc = doc
        self.text = doc.text  # spaCy rebuilds it from every token on each access
        self.bracketed = _in_brackets(doc[:])
        self.settings = settings
        self.lemma_types = {lemma: name for name, lemmas in settings.event_types.items() for lemma in lemmas}
        self.speech_verbs = REPORTING_VERBS | settings.event_types["statement"] | settings.event_types["accusation"]
        self.mention_at: dict[int, Mention] = {i: m for m in mentions for i in range(m.start, m.end)}
        self.nationality_at: dict[int, Span] = {i: e for e in doc.ents if e.label_ == "NORP" for i in range(e.start, e.end)}
        #: Names the article places things in or at, or names as places: the small model
        #: sometimes takes the same city for a person ("to visit Vladivostok").
        self.place_names = {m.name for m in mentions if m.kind == "place" or m.label == "GPE" or _placed_by(self._mention_head(m))}
        self.timex_at: dict[int, TimeExpression] = {}
        #: Tokens of dates after "until": the end of what a clause tells (see ``_own_timex``).
        self.end_bounds: set[int] = set()
        #: Tokens of dates after "to": where a moved date goes ("brought forward to 8 May").
        self.new_dates: set[int] = set()
        #: Tokens of dates after a noun's "since" ("the first gathering since May"): they
        #: say which gathering, not when the clause happened. A verb's "since" ("fighting
        #: cancer since 2004") dates the start of what it tells, as the gold timelines do.
        self.start_bounds: set[int] = set()
        for timex in timexes:
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    self.timex_at[token.i] = timex
                if span.root.dep_ == "pobj" and span.root.head.lower_ in END_PREPOSITIONS:
                    self.end_bounds.update(token.i for token in span)
                if span.root.dep_ == "pobj" and span.root.head.lower_ == "to":
                    self.new_dates.update(token.i for token in span)
                if span.root.dep_ == "pobj" and span.root.head.lower_ == "since" and span.root.head.head.pos_ in ("NOUN", "PROPN"):
                    self.start_bounds.update(token.i for token in span)
        self.timex_starting_at = {timex.start: timex for timex in timexes}
        #: The words of dates and times, which titles leave out; a duration ("a 24-hour curfew") stays.
        self.when_at = {i: t for i, t in self.timex_at.items() if t.type in ("DATE", "TIME")}
        # "from March 7 to 12": the words up to a range's last day are the date's too.
        for timex in timexes:
            through = self._through(timex)
            if isinstance(through, tuple) and through[1].end > timex.end:
                tail = doc.char_span(timex.end, through[1].end, alignment_mode="expand")
                self.when_at.update((token.i, timex) for token in tail or () if token.i not in self.when_at)
        self.timexes_by_head: dict[int, list[int]] = {}  # clause head -> its time expression tokens
        for i in self.timex_at:
            head = tense.clause_head(doc[i])
            if head.lower_ in STARTING_WORDS and head.dep_ in ("advcl", "prep", "acl") and head.head.i != head.i:
                head = tense.clause_head(head.head)  # "will shut its doors starting next Monday": the shutting's date
            self.timexes_by_head.setdefault(head.i, []).append(i)
        self.person_counts: dict[str, int] = {}
        self.country_counts: dict[str, int] = {}
        self.scene_date: TimeExpression | None = None
        self.scene_actors: set[str] = set()
        self.last_person: str | None = None
        #: What the article's own words say of each person's gender ("Volk said her party"), as votes.
        self.gender_votes: dict[str, Counter] = defaultdict(Counter)
        #: People in the order the article last mentioned them, most recent last ("invited him").
        self.recent_people: list[str] = []
        #: How many events so far each name was an actor of: "the two countries" are the ones acting.
        self.actor_counts: dict[str, int] = {}
        #: Roles the article gave people, for "the Russian president" later on:
        #: role words ("leader", "defence minister") -> person -> the countries qualifying it.
        self.roles: dict[str, dict[str, set[str]]] = {}
        self.previous_reporter: str | None = None
        self.quote_reporter: str | None = None
        self.according_to: str | None = None

    # -- walking the article -------------------------------------------------

    def find(self) -> list[Event]:
        """Every event of the article, sentence by sentence, repeats folded."""
        events: list[_Found] = []
        for sent in self.doc.sents:
            asserted = not sent.text.rstrip(" \n\"'\u201d").endswith("?")  # a question asserts nothing
            own_reporter = self._root_reporter(sent)
            if own_reporter is None and sent.text.lstrip().startswith(QUOTE_MARKS):
                self.quote_reporter = self.previous_reporter  # a quotation that goes on from the last one
            else:
                self.quote_reporter = None
            self.according_to = self._according_to(sent)
            self._note_people(sent)
            found = [f for f in (self._event(t, sent) for t in self._triggers(sent)) if f] if asserted else []
            self.previous_reporter = own_reporter if own_reporter is not None else self.quote_reporter
            self._update_scene(found)
            for name in (name for f in found for name in f.event.actors):
                self.actor_counts[name] = self.actor_counts.get(name, 0) + 1
            events.extend(found)
        return [found.event for found in _drop_repeats(events)]

    def _update_scene(self, found: list[_Found]) -> None:
        """A happened event dated to the day by its own words sets the scene later clauses continue."""
        for event, _, how in found:
            if event.status == "happened" and event.granularity in ("day", "time") and how in ("own", "inherited"):
                self.scene_date = TimeExpression(event.date_text or "", -1, -1, "DATE", event.value)
                self.scene_actors = set(event.actors)

    def _note_people(self, sent: Span) -> None:
        """Count who is mentioned, and remember who the main clause is about ("he" next time)."""
        for token in sent:
            mention = self.mention_at.get(token.i)
            if mention and token.i == mention.start and mention.label in ("PERSON", "GPE") and not self._is_place_name(mention):
                counts = self.person_counts if mention.label == "PERSON" else self.country_counts
                counts[mention.name] = counts.get(mention.name, 0) + 1
                if self.last_person is None and mention.label == "PERSON":
                    self.last_person = mention.name
                if mention.label == "PERSON":
                    self.recent_people = [p for p in self.recent_people if p != mention.name] + [mention.name]
        # Not sent.ents: it walks every entity of the whole article, for each sentence.
        nationalities = {e.start: e for i in range(sent.start, sent.end) if (e := self.nationality_at.get(i)) is not None}
        for ent in nationalities.values():  # "North Korean leader" speaks of North Korea too; "Iranian drones" do not
            country = DEMONYMS.get(ent.text)
            if country and ent.root.head.lemma_.lower() in STATE_ACTORS:
                self.country_counts[country] = self.country_counts.get(country, 0) + 1
        for subject in (c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")):
            people = [m for t in subject.subtree if (m := self.mention_at.get(t.i)) and m.label == "PERSON"]
            if people:
                self.last_person = people[0].name
        self._note_genders(sent)
        self._note_roles(sent)

    def _note_genders(self, sent: Span) -> None:
        """ "Mr Brandt", or one person named in a sentence and then "his" or "her": a vote for
        that person's gender, so that "he" later skips a woman named since."""
        people = [m for t in sent if (m := self.mention_at.get(t.i)) and t.i == m.start and m.label == "PERSON" and not self._is_place_name(m)]
        for mention in people:
            before = self.doc[mention.start - 1].lower_ if mention.start > 0 else ""
            if before in GENDER_WORDS and before not in SINGULAR_PRONOUNS:
                self.gender_votes[mention.name][GENDER_WORDS[before]] += 1
        if len({m.name for m in people}) == 1:
            # A possessive or a subject ("Volk said her party", "she said"), never an object:
            # "Putin thanked her" is about someone else.
            after = (t.lower_ for t in self.doc[people[0].end : sent.end] if t.dep_ in ("poss", "nsubj", "nsubjpass"))
            for gender in {GENDER_WORDS[w] for w in after if w in GENDER_WORDS}:
                self.gender_votes[people[0].name][gender] += 1

    def _gender(self, name: str) -> str | None:
        votes = self.gender_votes.get(name)
        return votes.most_common(1)[0][0] if votes and len(votes) == 1 else None

    def _person_meant_by_pronoun(self, pronoun: str) -> str | None:
        """Who "he", "she", "him" or "her" is: the main clause's last person, unless the
        article says that person is of the other gender; then the latest one who is not."""
        wanted = GENDER_WORDS[pronoun]
        if self.last_person and self._gender(self.last_person) in (None, wanted):
            return self.last_person
        candidates = [p for p in reversed(self.recent_people) if self._gender(p) in (None, wanted)]
        return next((p for p in candidates if self._gender(p) == wanted), candidates[0] if candidates else None)

    def _note_roles(self, sent: Span) -> None:
        """Remember the role a name is given ("Russian President Vladimir Putin", "Shoigu,
        Russia's defence minister"), so that "the Russian president" can name him later."""
        for token in sent:
            mention = self.mention_at.get(token.i)
            if mention is None or token.i != mention.start or mention.label != "PERSON" or self._is_place_name(mention):
                continue
            head = self._mention_head(mention)
            inside = range(mention.start, mention.end)
            roles = [  # "Russian President Vladimir Putin"; the parse may hang the title on any part of the name
                c for t in self.doc[mention.start:mention.end] for c in t.children
                if c.dep_ in ("compound", "appos") and c.pos_ in ("NOUN", "PROPN") and c.i not in inside
            ]
            if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i not in self.mention_at:
                roles.append(head.head)  # "Russia's defence minister, Sergei Shoigu"
            for role in roles:
                words, countries = self._role_words(role)
                if words is None:
                    continue
                for key in {words, role.lemma_.lower()}:  # "the defence minister" and "the minister"
                    self.roles.setdefault(key, {}).setdefault(mention.name, set()).update(countries)

    def _role_words(self, role: Token) -> tuple[str | None, set[str]]:
        """A role noun's words ("defence minister") and the countries that qualify it
        ("Russian", "Russia's"); no words when anything else modifies it ("former",
        "of the opposition"). Other words after it are the parser's attachments
        ("showed the leader around the site"), not the role's."""
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in role.rights):
            return None, set()
        words = [ROLE_ABBREVIATIONS.get(role.lower_, role.lemma_.lower())]  # "Gov. Tina Kotek" is "the governor"
        countries: set[str] = set()
        for child in (t for left in role.lefts for t in left.subtree):
            if child.dep_ in ("det", "case", "punct"):
                continue
            country = self._country_named_by(child)
            if country is not None:
                countries.add(country)
            elif child.dep_ == "compound" and child.head.i == role.i and child.pos_ in ("NOUN", "PROPN") and child.i not in self.mention_at:
                words.insert(-1, child.lemma_.lower())
            else:
                return None, set()
        return " ".join(words), countries

    def _country_named_by(self, token: Token) -> str | None:
        """The country a word of a demonym or country name stands for ("North Korean" -> North Korea)."""
        mention = self.mention_at.get(token.i)
        if mention is not None and mention.label == "GPE":
            return mention.name
        nationality = self.nationality_at.get(token.i)
        return DEMONYMS.get(nationality.text) if nationality is not None else None

    def _person_in_role(self, phrase: Token) -> str | None:
        """The one person the article gave the role that "the Russian president" names, if any."""
        if phrase.pos_ not in ("NOUN", "PROPN") or phrase.tag_ in ("NNS", "NNPS") or not any(c.dep_ == "det" and c.lower_ == "the" for c in phrase.children):
            return None  # "the prosecutors" are more than the one prosecutor named
        words, countries = self._role_words(phrase)
        people = self.roles.get(words or "", {})
        matches = [name for name, qualified in people.items() if not countries or countries & qualified]
        return matches[0] if len(matches) == 1 else None

    # -- triggers ------------------------------------------------------------

    def _triggers(self, sent: Span) -> list[Token]:
        """Clause heads that are events, or the event nouns their light verbs carry."""
        triggers = []
        for token in sent:
            # A subject tagged as a verb ("Coalition talks will start") is a noun; a present
            # participle after a noun describes it ("an advisory urging citizens to stay away").
            describes = token.dep_ == "acl" and token.tag_ == "VBG"
            if token.pos_ == "VERB" and token.dep_ not in ("amod", "compound", "nmod", "nsubj", "nsubjpass") and not describes and not _in_hyphenated_word(token):
                lemma = token.lemma_.lower()
                noun = self._event_noun_object(token)
                if noun is not None and lemma in SUPPORT_VERBS:
                    triggers.append(noun)
                elif lemma in INFINITIVE_DENIAL_VERBS and any(c.dep_ == "xcomp" for c in token.children):
                    continue
                elif lemma not in NON_TRIGGER_VERBS or (lemma in self.lemma_types and lemma not in REPORTING_VERBS):
                    triggers.append(token)  # a word a user gave an event type is an event, light or not
                elif lemma == "take" and any(c.dep_ == "dobj" and c.lemma_.lower() in HAPPENING_OBJECTS for c in token.children):
                    triggers.append(token)  # "the curfew took effect", "the summit will take place"
                elif self._happening_told(token) is not None:
                    triggers.append(token)  # "the trial began", "the case went to trial"
            elif token.pos_ == "NOUN" and self._is_dated_event_noun(token):
                triggers.append(token)
        return triggers

    def _event_noun_object(self, verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ in ("dobj", "attr") and child.lemma_.lower() in self.lemma_types:
                return child
        return None

    def _is_dated_event_noun(self, noun: Token) -> bool:
        """A stand-alone event noun with its own date: "the summit on Tuesday", "Tuesday's talks"."""
        if noun.lemma_.lower() not in self.lemma_types or noun.head.pos_ == "VERB" and noun.dep_ in ("dobj", "attr"):
            return False
        return any(t.i in self.timex_at for t in noun.subtree if t.i != noun.i)

    # -- one event -------------------------------------------------------------

    def _event(self, trigger: Token, sent: Span) -> _Found | None:
        """The event a trigger stands for, with how it was dated, or None."""
        verb = trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "attr") else trigger
        if _condition_or_aim(verb):
            return None
        if (subject := self._subject(verb)) is not None and subject.i in self.when_at:
            return None  # "its fiscal second quarter, which ends on June 30": the calendar, not news
        event_type = self._type(trigger, verb)
        negation = self._negation(verb)
        negated = negation is not None
        hypothetical = self._hypothetical(verb)
        reporter = self._reporter(verb)
        clause_tense = tense.verb_tense(verb)
        planned = clause_tense == tense.FUTURE or self._governed_by_future(verb)

        conditional = _conditional(verb)  # "will table a motion if the government raises duty": weak, below
        if (hypothetical or conditional) and not planned:
            event_type, status = "claim", "reported"
        elif negated:
            status = "reported"
        elif planned:
            status = "planned"
        elif reporter is not None:
            status = "reported"
        elif clause_tense == tense.PAST or verb.tag_ in ("VBD", "VBN"):
            status = "happened"
        elif verb.tag_ == "VBZ" or verb.tag_ == "VBP":
            status = "happened"
        elif verb.tag_ == "VBG" and event_type != "other" and verb.dep_ in ("advcl", "pcomp", "acl", "conj"):
            status = "happened"  # "with Washington accusing North Korea": an -ing clause of a known kind
        else:
            return None

        actors, places = self._participants(trigger, verb, sent)
        timex, how = self._date(trigger, verb, status, event_type)
        moved = verb.lemma_.lower() in MOVING_VERBS  # "pushed back from 2024 to 2025" is no range
        date_fields = _date_fields(timex if moved else self._through(timex), self.article.published) if timex else {}
        if timex is not None and date_fields.get("date_text") and self._after_since(timex):
            date_fields["date_text"] = "since " + date_fields["date_text"]  # "187 cases since January": a start, said so
        if status == "happened" and self._after_publication(date_fields.get("date")) and (
            (clause_tense == tense.PRESENT and not _BARE_WEEKDAY.fullmatch(date_fields.get("date_text") or ""))
            or tense.is_infinitive(verb)
        ):
            status = "planned"  # "opens next Monday": a timetable ("arrives on Friday" may be a caption of
            # the past); "ordered schools to close from Monday": what was ordered is ahead
        modal = _modal(verb) if event_type == "claim" else None
        title = self._noun_title(verb) if verb.pos_ in ("NOUN", "PROPN") else self._title(verb, negation, modal)
        if not title:
            return None
        # What the event is done to or where ("met Putin", "met in Vladivostok"): a preposition
        # counts with its object, so "In his keynote, Jobs announced" and "In another move,
        # Jobs announced" are not one happening because both open with "In".
        head_word = lambda t: self.mention_at[t.i].name if t.i in self.mention_at else t.lemma_.lower()  # noqa: E731
        objects = [
            head_word(c) if c.dep_ != "prep" else " ".join([c.lower_, *(head_word(o) for o in c.children if o.dep_ == "pobj")])
            for dep in ("dobj", "attr", "prep")
            for c in trigger.children
            if c.dep_ == dep and c.i > trigger.i
        ]
        repeat_key = (event_type, trigger.lemma_.lower(), objects[0]) if objects else None
        event = Event(
            title=title,
            type=event_type,
            status=status,
            sentence=" ".join(sent.text.split()),  # Markdown masked to spaces leaves runs of them
            trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger.text)),
            article_id=self.article.id,
            actors=actors,
            places=places,
            confidence=_confidence(
                event_type, how, actors,
                weak=(negated and not _telling_denial(event_type, how)) or hypothetical or conditional
                or _thin(title, event_type, self._says_who(verb, actors)) or _says_nothing(verb, event_type),
            ),
            attributed_to=reporter or None,
            negated=negated,
            **date_fields,
        )
        return _Found(event, repeat_key, how)

    def _type(self, trigger: Token, verb: Token) -> str:
        lemma = trigger.lemma_.lower()
        if lemma == "show" and not any(c.lower_ == "around" for c in trigger.children):
            return "other"
        if lemma == "swear" and any(c.dep_ == "prt" and c.lower_ == "in" for c in trigger.children):
            return self.lemma_types.get("inaugurate", "other")  # "was sworn in as prime minister"
        if (happening := self._happening_told(trigger)) is not None:
            return self.lemma_types[happening.lemma_.lower()]
        if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.lemma_.lower() in self.lemma_types:
            return self.lemma_types[trigger.head.lemma_.lower()]  # "the lawsuit, filed on June 10": the lawsuit's
        own = next((self.lemma_types[c] for c in (lemma, trigger.lower_) if c in self.lemma_types), None)
        if own in (None, "statement") and "trial" in self.lemma_types:
            subject = self._subject(verb)
            if subject is not None and subject.lemma_.lower() in COURT_NOUNS:
                return self.lemma_types["trial"]  # "the Constitutional Court rejected the appeal": a ruling
        if own is not None:
            return own
        for child in trigger.children:  # "filed a lawsuit", "launch a missile", "call for talks"
            if child.dep_ == "dobj" and lemma in OBJECT_TYPED_VERBS and child.lemma_.lower() in self.lemma_types:
                return self.lemma_types[child.lemma_.lower()]
            if child.dep_ in ("prep", "pobj") and child.lemma_.lower() in self.lemma_types.keys() & {"missile", "talks"}:
                return self.lemma_types[child.lemma_.lower()]
            if child.dep_ in ("oprd", "acomp", "ccomp") and child.pos_ == "ADJ" and child.lemma_.lower() in self.lemma_types:
                return self.lemma_types[child.lemma_.lower()]  # "was found guilty": what it was found to be
        return "other"

    def _says_who(self, verb: Token, actors: tuple[str, ...]) -> bool:
        """Whether the title has a subject: a name, or words of its own ("Talks"), not an
        unresolved "they" or none at all."""
        subject = self._subject(verb)
        return bool(actors) if subject is None or subject.pos_ == "PRON" else True

    def _happening_told(self, verb: Token) -> Token | None:
        """The event noun a verb only tells of: "the summit took place", "the trial began",
        "the talks, which ended on Monday", "the challenge went to trial"."""
        lemma = verb.lemma_.lower()
        if lemma == "go":
            nouns = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for o in c.children if o.dep_ == "pobj"]
        elif _takes_place(verb) or (lemma in ASPECTUAL_VERBS and not any(c.dep_ == "dobj" for c in verb.children)):
            nouns = [s] if (s := self._subject(verb)) is not None else []
            # "the first round of coalition talks will start": the talks
            nouns += [o for n in nouns if n.lemma_.lower() in PART_NOUNS for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
        else:
            return None
        # A subject is a noun, whatever the tagger says ("Coalition talks will start": "talks" as a verb).
        return next((n for n in nouns if (n.pos_ == "NOUN" or n.dep_ in ("nsubj", "nsubjpass")) and n.lemma_.lower() in self.lemma_types), None)

    def _negation(self, verb: Token) -> str | None:
        """How a denied clause says "not" in its title, or None when it is asserted.

        "did not attend" and "denied attacking" need "not" ("never" for "never
        visited"), else the title asserts the opposite; "neither side spoke" needs
        nothing more ("") because its subject already says it.
        """
        for child in verb.children:
            if child.dep_ == "neg" and not _until_or_contrast(verb, child):
                return "never" if child.lower_ == "never" else "not"
        subject = self._subject(verb)
        if subject is not None and (subject.lower_ in NEGATIVE_SUBJECTS or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subject.children)):
            return ""
        if verb.dep_ in ("xcomp", "ccomp", "pcomp") and verb.head.lemma_.lower() in DENIAL_VERBS:
            return "not"
        return "not" if self._denied_from_above(verb) else None

    def _denied_from_above(self, verb: Token) -> bool:
        """ "denies three counts of accepting bribes", "rejected suggestions that it bribed
        officials", "no evidence that he received cash": a clause inside what is denied,
        rejected or said not to exist is no fact."""
        node = verb
        for _ in range(5):
            # "a report that he had held talks": a clause with "that" as its mark says what the
            # report says, even where the parser takes it for a relative clause.
            content = node.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)
            if (node.dep_ not in ("xcomp", "ccomp", "pcomp", "acl", "pobj", "prep", "dobj") and not content) or node.head.i == node.i:
                return False
            # "rejected the offer at a meeting": the meeting is not what was rejected; but "denied a
            # report in the weekly Tribuna that he met Brandt" is still the report's
            if node.dep_ == "prep" and node.lower_ != "of" and node.head.pos_ in ("VERB", "AUX"):
                return False
            node = node.head
            if node.pos_ == "VERB" and node.lemma_.lower() in DENIAL_VERBS:
                return True
            if node.lemma_.lower() in EVIDENCE_NOUNS and any(c.dep_ == "det" and c.lower_ == "no" for c in node.children):
                return True  # "no evidence that he received cash"; not "made no secret that he met"
            if node.pos_ == "VERB":
                return False  # another clause's verb: what it says is its own
        return False

    def _hypothetical(self, verb: Token) -> bool:
        """ "could supply", "might attack", "can't attend": a possibility, never a fact.

        "Li said China would host the next summit" is no possibility but a reported
        plan: "will" told in the past."""
        modal = _modal(verb)
        if modal == "would" and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.speech_verbs and verb.head.tag_ == "VBD":
            return any(c.lower_ in ("if", "unless") for c in verb.subtree)  # "would host if Japan agreed"
        return modal is not None

    def _governed_by_future(self, verb: Token) -> bool:
        """ "plans to visit", "a deal to supply": a plan's words govern it; "the deal signed
        on Monday" is no plan (a participle describing the deal)."""
        node = verb
        while node.dep_ in ("xcomp", "advcl", "conj", "acl") and node.head.i != node.i and not _is_participle_modifier(node):
            node = node.head
            if node.lemma_.lower() in FUTURE_WORDS:
                return True
            if node.pos_ in ("VERB", "AUX") and tense.verb_tense(node) == tense.FUTURE:
                return True
        return False

    def _reporter(self, verb: Token) -> str | None:
        """Who reports this event, when the article attributes it: "..., Mr Putin said".

        Statements and accusations attribute what they govern too: in "critics
        warned that the deal favours farmers", the favouring is the critics' claim.
        """
        node = verb
        while node.head.i != node.i:
            if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in self.speech_verbs and not _comparative(node.head):
                subject = [c for c in node.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                return self._name_of(subject[0]) if subject else ""
            node = node.head
        return self.according_to if self.according_to is not None else self.quote_reporter

    def _according_to(self, sent: Span) -> str | None:
        """The source a sentence names with "according to", read once per sentence."""
        for token in sent:
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                objects = [t for t in self.doc[token.i + 1].children if t.dep_ == "pobj"]
                return self._name_of(objects[0]) if objects else ""
        return None

    def _root_reporter(self, sent: Span) -> str | None:
        """Who speaks, when the sentence's main verb reports speech: "..., KCNA reports"."""
        root = sent.root
        if root.lemma_.lower() not in REPORTING_VERBS:
            return None
        subject = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        return self._name_of(subject[0]) if subject else ""

    def _name_of(self, token: Token) -> str:
        """A readable name for an argument: its entity's canonical name, else its words.

        The name must head the phrase: "Critics in Stockholm" are not Stockholm.
        """
        mention = self.mention_at.get(token.i)
        if mention:
            return mention.name
        if token.lower_ in SINGULAR_PRONOUNS and (person := self._person_meant_by_pronoun(token.lower_)):
            return person
        return self._person_in_role(token) or _without_unpaired_quotes(_words(token.subtree))  # "the prosecutor said"

    def _named(self, token: Token) -> list[str]:
        """Canonical names of the doers a phrase names: its entities but places and a person's descriptions.

        A name's apposition describes it and names no one else: "Tobiah Wrenfield-Oduya,
        the former chair of the Harbour Board, was found guilty" convicts one person.
        """
        words = _phrase_core(token, PHRASE_LEFT_OUT if token.i in self.mention_at else PHRASE_CLAUSES)
        return list(_unique(
            m.name
            for t in words
            if (m := self.mention_at.get(t.i)) and m.start == t.i and self._role(t, m) != "place" and not self._describes_person(m)
        ))

    def _describes_person(self, mention: Mention) -> bool:
        """ "Russia's Defence Minister Sergei Shoigu": a country or office before a name says who the person is.

        Such a name modifies the person's name, directly when it is a country
        ("Russia's Shoigu"), else through a role noun ("Apple CEO Steve Jobs", also in
        apposition: "Shoigu, Russia's defence minister"); the person is the one who
        acts; so does a country or an organisation directly before an organisation
        ("Karsland's State Electoral Commission"). An organisation directly before a
        person's name is kept: the small model often takes products for people ("Apple's
        App Store").
        """
        node = self._mention_head(mention)
        if node.dep_ not in DESCRIBING_DEPS:
            return False
        through_role = False
        while node.dep_ in DESCRIBING_DEPS | {"appos"} and node.head.i != node.i:
            node = node.head
            other = self.mention_at.get(node.i)
            if other is not None and other != mention:
                if mention.label in ("GPE", "ORG") and other.label == "ORG" and not through_role:
                    return True  # "Karsland's State Electoral Commission", "Google's DeepMind": the second acts
                return other.label == "PERSON" and (through_role or mention.label == "GPE")
            through_role = True
            if any(c.dep_ == "appos" and (m := self.mention_at.get(c.i)) and m.label == "PERSON" for c in node.children):
                return True
        return False

    def _is_place_name(self, mention: Mention) -> bool:
        """A "person" the article also names as a place: the model's mistake, not a person."""
        return mention.label == "PERSON" and mention.name in self.place_names

    def _mention_head(self, mention: Mention) -> Token:
        """The token of a multi-word name that the rest of the sentence attaches to."""
        head = self.doc[mention.end - 1]
        while head.head.i != head.i and head.head.i in range(mention.start, mention.end):
            head = head.head
        return head

    # -- who and where ---------------------------------------------------------

    def _participants(self, trigger: Token, verb: Token, sent: Span) -> tuple[tuple[str, ...], tuple[str, ...]]:
        actors: list[str] = []
        places: list[str] = []
        clause = self._clause_tokens(verb)
        if trigger.i != verb.i:
            clause |= {t.i for t in trigger.subtree}
        # The subject, and a passive's agent ("was signed by both leaders"), may name the doers by reference.
        doers = [d for d in (self._subject(verb), _agent(verb)) if d is not None]
        doer_names = [name for doer in doers for name in (self._named(doer) or self._resolve_reference(doer))]
        for i in sorted(clause):
            mention = self.mention_at.get(i)
            if mention is None:
                # "showed the North Korean leader around", "invited him"
                person = self._person_in_role(self.doc[i]) or self._person_meant_by_object(self.doc[i], doer_names)
                actors += [person] if person else []
                continue
            if i != mention.start or self._describes_person(mention):
                continue
            role = self._role(self.doc[i], mention)
            (places if role == "place" else actors).append(mention.name)
        actors = doer_names + actors
        return _unique(actors), _unique(p for p in places if p not in actors)

    def _person_meant_by_object(self, token: Token, doers: list[str]) -> str | None:
        """ "Lee spoke with Ishiba and invited him": an object "him" or "her" is the person
        last mentioned who is not the clause's own subject."""
        if token.lower_ not in ("him", "her") or token.dep_ not in ("dobj", "dative", "pobj"):
            return None
        return next((name for name in reversed(self.recent_people) if name not in doers), None)

    def _clause_tokens(self, verb: Token) -> set[int]:
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
            if token.dep_ == "appos" and token.head.i in self.mention_at:
                continue  # "Wrenfield-Oduya, the former chair of the Harbour Board": a description
            tokens.add(token.i)
            stack.extend(token.children)
        return tokens

    def _role(self, token: Token, mention: Mention) -> str:
        """Place or actor, from the mention's label and its role in the sentence."""
        if mention.kind == "place" or self._is_place_name(mention):
            return "place"
        head = self._mention_head(mention)
        if mention.label == "ORG" and (
            (head.dep_ == "compound" and _placed_by(head.head))
            or (head.dep_ == "pobj" and head.head.lower_ in BUILDING_PREPS)
            or (head.dep_ == "pobj" and head.head.lower_ == "in" and head.lower_ in FACILITY_WORDS)
        ):
            return "place"  # "at the Nurimaru APEC House", "outside the Diet", "in the District Court": a building
        if mention.label == "GPE" and head.dep_ == "compound" and head.head.lemma_.lower() in self.lemma_types:
            return "place"  # "the Busan summit": where it is held
        if mention.label != "GPE":
            return "actor"
        if head.dep_ == "dobj" and head.head.lemma_.lower() in self.settings.event_types["visit"] | DEPARTURE_VERBS:
            return "place"
        if head.dep_ == "pobj" and head.head.lower_ == "for" and head.head.head.lemma_.lower() in DEPARTURE_VERBS:
            return "place"  # "left Busan for Beijing"
        node = head  # "in the Russian city of Komsomolsk-on-Amur": a locative preposition up the noun chain
        while node.dep_ in ("pobj", "prep", "appos", "compound", "nmod") and node.head.i != node.i:
            node = node.head
            if node.dep_ == "prep" and node.lower_ in LOCATIVE_PREPS:
                return "place"
        return "actor"

    def _subject(self, verb: Token) -> Token | None:
        if _is_participle_modifier(verb):
            return verb.head  # "resolutions passed in 2006": the resolutions were passed
        node = verb
        for _ in range(4):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and subjects[0].lower_ in ("which", "that", "who") and node.dep_ == "relcl":
                return node.head  # "The talks, which took place in Geneva": the talks
            if subjects:
                return self._speaker_meant_by(subjects[0]) or subjects[0]
            swallowed = self._subject_in_time_phrase(node)
            if swallowed is not None:
                return swallowed
            if node.dep_ == "xcomp":  # object control: "invited Putin to visit"
                objects = [c for c in node.head.children if c.dep_ == "dobj"]
                if objects:
                    return objects[0]
            if node.dep_ == "acl" and node.head.dep_ in ("dobj", "pobj"):  # "accepted an invitation to visit"
                node = node.head.head if node.head.dep_ == "dobj" else node.head.head.head
                continue
            if node.dep_ not in ("xcomp", "conj", "advcl", "acomp") or node.head.i == node.i:
                return None  # an acomp passes its copula's subject on: "He is due to meet Putin"
            node = node.head
        return None

    def _speaker_meant_by(self, pronoun: Token) -> Token | None:
        """ "Russia said it would send troops": "it" (or "they") is whoever said so; so is
        "its" in "Coastal announced that its shareholders voted"."""
        clause = pronoun.head.head if pronoun.dep_ == "poss" else pronoun.head
        if pronoun.lower_ not in ("it", "they", "its", "their") or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in self.speech_verbs:
            return None
        speakers = [c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if not speakers:
            return None
        speaker = speakers[0]  # a name is one speaker whatever its form: "Coastal Air Holdings", "Meridian Airways"
        plural_speaker = _joins_with_and(speaker) or (speaker.tag_ in ("NNS", "NNPS") and speaker.i not in self.mention_at)
        return speaker if (pronoun.lower_ in ("they", "their")) == plural_speaker else None

    def _subject_in_time_phrase(self, verb: Token) -> Token | None:
        """ "On Friday Kim visited": the parser can read "Friday Kim" as one noun after "On".

        The noun that ends such a fronted time phrase, and is no time word itself,
        is the clause's subject.
        """
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.i > verb.i or prep.i + 1 not in self.timex_at:
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.i not in self.timex_at and noun.pos_ in ("PROPN", "NOUN"):
                    return noun
        return None

    def _resolve_reference(self, subject: Token) -> list[str]:
        """Actors for "they", "the two leaders" or "the three countries": that many of the
        article's people (or countries), those who have acted first, then the most mentioned."""
        # The phrase's own words: "the two leaders"; "the leaders of the two largest parties" say
        # which leaders they are, and need not be any the story has named.
        words = {subject.lower_} | {c.lower_ for c in subject.children if c.dep_ in ("nummod", "det", "amod", "predet", "quantmod", "compound")}
        owners = [o for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
        if owners:  # "the leaders of both countries" are those countries' leaders
            return self._resolve_reference(owners[0])
        if words & PLURAL_REFERENCES:
            countries = bool(words & COUNTRY_WORDS)
            counts = self.country_counts if countries else self.person_counts
            # "The two countries" are countries, not the capitals, cities or "G7" a story also names.
            # Who has acted so far counts before who was merely mentioned, then who came first.
            ranked = sorted(
                (-self.actor_counts.get(name, 0), -count, first, name)
                for first, (name, count) in enumerate(counts.items())
                if not countries or name in COUNTRIES
            )
            counted = [t.lower_ for t in (subject, *subject.children) if t.lower_ in NUMBER_WORDS and (t is subject or t.dep_ == "nummod")]
            wanted = NUMBER_WORDS[counted[0]] if counted else 2  # "the three countries", "the three"; "they", "both": two
            return [name for *_, name in ranked[:wanted]] if len(ranked) >= wanted else []
        if subject.lower_ in ("him", "her") and subject.dep_ in ("dobj", "dative", "pobj"):
            # "Putin met Kim and invited him to visit Moscow": the visitor is who "him" is
            doers = [n for c in subject.head.children if c.dep_ == "nsubj" for n in (self._named(c) or self._resolve_reference(c))]
            person = self._person_meant_by_object(subject, doers)
            return [person] if person else []
        if subject.lower_ in SINGULAR_PRONOUNS and (person := self._person_meant_by_pronoun(subject.lower_)):
            return [person]
        person = self._person_in_role(subject)  # "the North Korean leader"
        return [person] if person else []

    # -- when ----------------------------------------------------------------------

    def _date(self, trigger: Token, verb: Token, status: str, event_type: str) -> tuple[TimeExpression | None, str]:
        """The time expression that dates this event, and how it was found."""
        # "stay until Friday" (a plan) or "extended the offer until Nov. 9" (a new deadline):
        # the date ends the clause and does not date it; "lasted until Tuesday" it may.
        skip_ends = status == "planned" or verb.lemma_.lower() in dates.DEADLINE_VERBS or tense.verb_tense(verb) == tense.PRESENT
        found, how = self._own_timex(trigger, verb, skip_ends), "own"
        if found is None and verb.dep_ == "relcl" and verb.head.i in self.timex_at:
            found = self.timex_at[verb.head.i]  # "until Tuesday, when rebels attacked": on Tuesday
            found = found if found.type in ("DATE", "TIME") else None
        if found is not None and found.value == "PRESENT_REF" and (status == "planned" or tense.verb_tense(verb) == tense.PAST):
            found = None  # "announced ... now on sale", "the hearing would now take place later": "now" is no date of it
        node = verb
        while found is None and node.dep_ in DATE_INHERITING_DEPS and node.head.i != node.i and not _shifted_in_time(node):
            node = node.head
            # "adjourned sentencing until 15 May and released him": an end is no other clause's date.
            found, how = self._own_timex(node, node, skip_ends=True), "inherited"
        if found is None and status == "happened":
            # "ordered residents to leave on Monday": the order came that day too, unless the
            # infinitive is a plan ("invited Putin to visit on Wednesday" next week).
            for child in (c for c in verb.children if c.dep_ == "xcomp"):
                dated = self._own_timex(child, child, skip_ends=True)
                span = dates.value_range(dated.value) if dated is not None else None
                if span is not None and not self._after_publication(span[0].isoformat()) and self._dates_verb_itself(dated, child):
                    found, how = dated, "inherited"
                    break
        continues = status == "happened" and self.scene_date is not None and self._continues_scene(verb)
        if found is not None:
            # "unveiled this year", told within a scene dated to the day: the day is the better anchor.
            if continues and _within(self.scene_date.value, found.value):
                return self.scene_date, "scene"
            return found, how
        if continues:
            return self.scene_date, "scene"
        if self.article.published and (recent := self._past_hours(verb)) is not None:
            # "received more than 200 calls in the past 24 hours": by the day it was published
            return TimeExpression(recent.text, recent.start, recent.end, "DATE", self.article.published.isoformat()), "published"
        # "has accepted ..., according to KCNA", "has opened an investigation": reported or told as
        # done by the day it was published. Only the present perfect ("had invented" is a past
        # before some other past), and only a known kind of event ("has built the most valuable
        # company" tells a state of things, not a happening of that day).
        if self.article.published and (status == "reported" or (status == "happened" and event_type != "other")) and any(
            c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ != "VBD" for c in verb.children
        ):
            return TimeExpression("", -1, -1, "DATE", self.article.published.isoformat()), "published"
        return None, "none"

    def _dates_verb_itself(self, timex: TimeExpression, verb: Token) -> bool:
        """ "to leave on Monday", not "to pay the fine by Monday" (a deadline) or "to discuss
        Monday's meeting" (the meeting's day)."""
        span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.dep_ == "npadvmod" and root.head.i == verb.i:
            return True
        return root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.i == verb.i and root.head.lower_ in ("on", "at", "in")

    def _past_hours(self, verb: Token) -> TimeExpression | None:
        """ "in the past 24 hours", "over the last 48 hours" in the clause: up to publication."""
        for i in self.timexes_by_head.get(verb.i, ()):
            timex = self.timex_at[i]
            hours = re.fullmatch(r"PT(\d+)H", timex.value or "")
            if timex.type == "DURATION" and hours and int(hours.group(1)) <= 48 and re.search(r"\b(?:past|last)\b", timex.text, re.I):
                return timex
        return None

    def _after_since(self, timex: TimeExpression) -> bool:
        span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand") if timex.start >= 0 else None
        return span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ == "since"

    def _after_publication(self, day: str | None) -> bool:
        return bool(day and self.article.published and day > self.article.published.isoformat())

    def _through(self, timex: TimeExpression) -> TimeExpression | tuple[TimeExpression, TimeExpression]:
        """A date and the date a range it opens ends on: "Sept. 22-23", "from Sept. 22 to
        Sept. 24", "from March 10 to 12", "between 2021 and 2023". Anything else stays
        one expression. Read from the text: the parse often splits "from 20 to 24 April"."""
        first = dates.value_range(timex.value) if timex.start >= 0 else None
        if first is None:
            return timex
        written = _DAY_RANGE.search(timex.text) if first[2] == "day" else None
        if written:
            return timex, TimeExpression(timex.text, timex.start, timex.end, "DATE", timex.value[:-2] + written.group(2).zfill(2))
        text = self.text
        opener = re.search(r"\b(from|between)\s+$", text[max(0, timex.start - 9):timex.start], re.I)
        link = _RANGE_LINK.match(text, timex.end)
        joint = link.group().strip().lower() if link else ""
        if link is None or (opener is None and joint != "through") or (joint == "and") != bool(opener and opener.group(1).lower() == "between"):
            return timex  # "from X to Y", "between X and Y", or "X through Y" ("Sunday through Tuesday")
        end = self.timex_starting_at.get(link.end())
        if end is None and first[2] == "day" and (day := _BARE_DAY.match(text, link.end())):
            last = TimeExpression(day.group(1), day.start(1), day.end(1), "DATE", timex.value[:-2] + day.group(1).zfill(2))
            last_range = dates.value_range(last.value)
            if last_range is None or last_range[0] <= first[0]:
                return timex  # "from March 20 to 5" is no range
            return TimeExpression(self.article.body[timex.start:last.end], timex.start, last.end, "DATE", timex.value), last
        last_range = dates.value_range(end.value) if end is not None else None
        if last_range is not None and last_range[0] <= first[0] and _BARE_WEEKDAY.fullmatch(end.text):
            # "Monday through Friday": the Friday after that Monday, however the tagger placed it
            later = first[0] + dt.timedelta(days=(last_range[0].weekday() - first[0].weekday()) % 7 or 7)
            end = TimeExpression(end.text, end.start, end.end, end.type, later.isoformat())
            last_range = dates.value_range(end.value)
        if last_range is None or last_range[2] != first[2] or end.value <= timex.value:
            return timex
        return TimeExpression(self.article.body[timex.start:end.end], timex.start, end.end, "DATE", timex.value), end

    def _own_timex(self, trigger: Token, verb: Token, skip_ends: bool = False) -> TimeExpression | None:
        """The clause's own date: the most precise of its time expressions, then the nearest.

        "Yesterday, at this year's conference, Jobs unveiled": "yesterday" dates the
        unveiling; "this year" only says which conference.
        """
        tokens = set(self.timexes_by_head.get(verb.i, ())) | set(self.timexes_by_head.get(trigger.i, ()))
        if trigger.i != verb.i:
            tokens |= {t.i for t in trigger.subtree if t.i in self.timex_at}
        candidates = [
            (_precision(timex.value) if not _BARE_CLOCK.fullmatch(timex.text) else len(GRANULARITIES) - 1, abs(i - trigger.i), timex.start, timex)
            for i in tokens
            if (timex := self.timex_at[i]).type in ("DATE", "TIME")
            and not (skip_ends and i in self.end_bounds)
            and not (i in self.new_dates and verb.lemma_.lower() in MOVING_VERBS)
            and i not in self.start_bounds
            and not _dates_something_else(self.doc[i], {trigger.i, verb.i})
        ]
        return min(candidates, key=lambda c: c[:3])[3] if candidates else None

    def _continues_scene(self, verb: Token) -> bool:
        """ "They also held talks": a simple-past clause that goes on with the scene's date.

        The scene's people, a pronoun, or "also"/"then" mark a narrative that
        continues; the perfect ("has sold") and other tenses never do.
        """
        if tense.verb_tense(verb) != tense.PAST or verb.tag_ != "VBD" or any(c.dep_ == "aux" for c in verb.children):
            return False
        subject = self._subject(verb)
        if subject is None:
            return False
        pronoun_subject = subject.lower_ in ("they", "he", "she", "both")
        same_people = bool(set(self._named(subject)) & self.scene_actors)
        continuing = any(c.lower_ in ("also", "then", "later", "afterwards", "there") for c in verb.children)
        return pronoun_subject or same_people or continuing

    # -- the one-line title ------------------------------------------------------

    def _title(self, verb: Token, negation: str | None, modal: str | None = None) -> str:
        """One line in the present tense, voice and polarity of the clause: "Kim is not invited"."""
        subject = self._subject(verb)
        subject_text = ""
        subject_tokens: set[int] = set()
        named: list[str] = []
        plural = False
        if subject is not None:
            subject_tokens = {t.i for t in subject.subtree} - {t.i for t in verb.subtree}
            subject_tokens |= {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON"}  # "it", read as the speaker
            # Without a date glued on by the parser: "(On) Friday officials", "a judge on Friday".
            words = [
                t for t in _phrase_core(subject)
                if (t.i not in self.when_at or t.dep_ != "compound") and not _leads_to_date(t, self.when_at)
            ]
            # "Apple's store and Amazon's service passed": the parse may give the verb two subjects.
            others = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > subject.i and c.pos_ != "PRON"]
            for other in others:
                subject_tokens |= {t.i for t in other.subtree}
                words += _phrase_core(other)
            # "the union, whose members voted": "The union's members vote"; "Coastal announced
            # that its shareholders voted": "Coastal's shareholders vote".
            possessive = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in ("whose", "its", "their")), None)
            owner = None if possessive is None else _owner_by_whose(subject, verb) or self._speaker_meant_by(possessive)
            if owner is not None:
                words = [t for t in words if t.i != possessive.i]
            named = self._named(subject)
            if others:
                named = []
            elif named and not self._said_by_names(subject) and not _cuts_a_word(words):
                named = []  # its own words: "Apple's iTunes store passes Best Buy", not "Apple passes"
            elif not named:
                named = self._resolve_reference(subject)  # "they", "the two leaders"
            if named:
                subject_text = _listed(named)
            elif subject.pos_ != "PRON" or subject.lower_ in NEGATIVE_SUBJECTS:  # "Nobody is killed"
                subject_text = self._with_full_names(words)
            if owner is not None and subject_text:
                owners = self._named(owner) if owner.i in self.mention_at else []  # "Senators Jones and Adams ... their"
                owner_text = _listed(owners) if owners else self._with_full_names(_phrase_core(owner))
                subject_text = f"{_possessive(owner_text)} {subject_text}"
            # Named doers count as names ("the United States is"), other subjects by their form.
            if subject_text:
                plural = len(named) > 1 if named else (
                    bool(others) or subject.tag_ in ("NNS", "NNPS") or "Plur" in subject.morph.get("Number")
                    or (subject.tag_ == "VBZ" and subject.lower_.endswith("s"))  # "Coalition talks", tagged a verb
                    or subject.lower_ in NUMBER_WORDS or _joins_with_and(subject)
                )
        body = self._title_words(verb, subject_tokens)
        predicate = _predicate(verb, plural, negation, has_subject=bool(subject_text), modal=modal)
        text = " ".join(filter(None, [subject_text, predicate, self._with_full_names(body, doers=named)]))
        text = _capitalised(text)
        return _without_unpaired_quotes(_shorten(_TRAILING_FUNCTION_WORDS.sub("", text)))

    def _noun_title(self, noun: Token) -> str:
        """A stand-alone event noun's own phrase: "the summit in Geneva on Tuesday" is
        "The summit in Geneva", never a verb made of the noun ("Cho and Wang pact")."""
        bracketed = self.bracketed
        words, stack = [noun], list(noun.children)
        while stack:
            token = stack.pop()
            if token.dep_ in PHRASE_LEFT_OUT or token.i in bracketed or token.i in self.when_at or token.dep_ == "punct":
                continue
            if _introduces_date(token, self.when_at):
                continue
            words.append(token)
            stack.extend(token.children)
        text = self._with_full_names(sorted(words, key=lambda t: t.i))
        return _without_unpaired_quotes(_shorten(_capitalised(text)))

    def _names_a_person(self, phrase: Token) -> bool:
        """ "met Russia's defence minister, Sergei Shoigu": the apposition is the name."""
        return any((m := self.mention_at.get(t.i)) and m.label == "PERSON" for t in phrase.subtree)

    def _said_by_names(self, phrase: Token) -> bool:
        """Whether a title says a phrase by its names: a name, or a person's description.

        "Russia's defence minister, Sergei Shoigu" is Sergei Shoigu.
        """
        return phrase.i in self.mention_at or any(
            c.dep_ == "appos" and c.i in self.mention_at and self.mention_at[c.i].label == "PERSON" for c in phrase.children
        )

    def _with_full_names(self, tokens: list[Token], doers: list[str] | None = None) -> str:
        """Title words with people's canonical names: "showed Kim" -> "shows Kim Jong Un";
        given the clause's ``doers``, "invited him" -> "invites Shigeru Ishiba"."""
        pieces: list[str] = []
        run: list[Token] = []

        def flush(before_name: bool = True) -> None:
            # "Putin, Xi and Modi", "Lane, Marion and Jackson": a list's comma before a name stays.
            comma = "," if before_name and run and run[-1].text == "," else ""
            text = _words(run)
            if text:
                pieces.append(text + comma)
            elif comma and pieces:
                pieces[-1] += comma
            run.clear()

        for token in tokens:
            meant = self._person_meant_by_object(token, doers) if doers is not None else None
            if meant:
                flush()
                pieces.append(meant)
                continue
            mention = self.mention_at.get(token.i)
            if mention and mention.label == "PERSON":
                if token.i == mention.start:
                    mark = self.doc[mention.end - 1].lower_
                    possessive = {"'s": "'s", "\u2019s": "'s", "'": "'", "\u2019": "'"}.get(mark, "")  # "Greg Tamura's", "Hipkins'"
                    flush()
                    pieces.append(mention.name + possessive)
                continue
            run.append(token)
        flush(before_name=False)
        return re.sub(r" (['\u2019]s)\b", r"\1", " ".join(filter(None, pieces)))

    def _title_words(self, verb: Token, subject_tokens: set[int]) -> list[Token]:
        """The words after the verb that belong in its title, found in one walk down its subtree.

        Nested clauses, time phrases and attributions stay out; a statement keeps
        what was said ("warn that the deal favours farmers").
        """
        left_out = TITLE_LEFT_OUT - {"ccomp"} if verb.lemma_.lower() in self.settings.event_types["statement"] else TITLE_LEFT_OUT
        words: list[Token] = []
        bracketed = self.bracketed
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        stack = [c for c in verb.children if c.i > verb.i and c not in objects[1:]]  # a second "object" is an apposition the parse missed
        contrast = next((c.i for c in verb.children if c.dep_ == "neg" and _until_or_contrast(verb, c) and c.i > verb.i), None)
        while stack:
            token = stack.pop()
            if token.head.i == verb.i and (token.dep_ in left_out or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))):
                continue
            if contrast is not None and token.i >= contrast - 1:
                continue  # "arrived on Tuesday, not Monday as planned": the contrast is no part of what happened
            if (token.dep_ == "prep" and token.lower_ == "according") or _introduces_date(token, self.when_at):
                continue
            if token.i in bracketed or (token.dep_ == "appos" and not self._names_a_person(token)):
                continue  # "800 km (500 miles)", "the meeting, the first such gathering since May"
            if token.dep_ == "npadvmod" and token.left_edge.i > 0 and self.doc[token.left_edge.i - 1].text == ",":
                continue  # "opened a summit on Monday, their first since 2024": an aside
            if token.dep_ == "case" and token.head.i in self.when_at:
                continue  # the "'s" of "Tuesday's talks", whose date is left out
            if token.i not in subject_tokens and token.i not in self.when_at and token.i <= verb.i + TITLE_WINDOW:
                if token.dep_ != "punct" or token.text in TITLE_PUNCTUATION or _lists(token):
                    words.append(token)
            stack.extend(token.children)
        return sorted(words, key=lambda t: t.i)


def _phrase_core(phrase: Token, left_out: frozenset[str] = PHRASE_LEFT_OUT) -> list[Token]:
    """A noun phrase without its clauses and appositions, for a title's subject.

    "Apple's response to the issue, dubbed “Antennagate” by the media," is, in a
    one-line title, "Apple's response to the issue".
    """
    tokens, stack = [], [phrase]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(c for c in token.children if c.dep_ not in left_out)
    return sorted(tokens, key=lambda t: t.i)


def _cuts_a_word(tokens: list[Token]) -> bool:
    """Whether a phrase stops inside a written word: a broken parse, like "Apple Inc. co" of "co-founder"."""
    if not tokens:
        return False
    inside = {t.i for t in tokens}
    doc = tokens[0].doc
    for token in tokens:
        for left, right in ((token.i - 1, token.i), (token.i, token.i + 1)):
            if 0 <= left and right < len(doc) and (left in inside) != (right in inside) and not doc[left].whitespace_:
                if _word_piece(doc[left]) and _word_piece(doc[right]):
                    return True
    return False


def _word_piece(token: Token) -> bool:
    return token.is_alpha or token.like_num or token.text == "-"


def _joins_with_and(phrase: Token) -> bool:
    """ "My family and I" are plural; "the president or anyone else" is not."""
    return any(c.dep_ == "cc" and c.lower_ == "and" for c in phrase.children) and any(c.dep_ == "conj" for c in phrase.children)


def _placed_by(head: Token) -> bool:
    """ "in Vladivostok", "at Vostochny": a name that something happens in or at is a place."""
    return head.dep_ == "pobj" and head.head.lower_ in ("in", "at")


def _until_or_contrast(verb: Token, neg: Token) -> bool:
    """A "not" that does not deny the clause: "did not arrive until Tuesday" (he arrived,
    on Tuesday) and "arrived on Tuesday, not Monday" (he arrived)."""
    if any(c.dep_ == "prep" and c.lower_ in END_PREPOSITIONS for c in verb.children):
        return True
    return neg.i > verb.i and neg.i > 0 and neg.doc[neg.i - 1].text == ","


def _leads_to_date(token: Token, timex_at: Mapping[int, TimeExpression]) -> bool:
    """A date's own words, or the preposition that introduces it: "on Friday"."""
    if token.i in timex_at and token.dep_ != "compound":
        return token.head.dep_ == "prep" or token.dep_ in ("npadvmod", "pobj")
    return _introduces_date(token, timex_at)


def _introduces_date(token: Token, timex_at: Mapping[int, TimeExpression]) -> bool:
    """The preposition of a date ("on" in "on Friday"), which a title leaves out with it."""
    return token.dep_ == "prep" and any(c.i in timex_at for c in token.children)


def _dates_something_else(token: Token, clause: set[int]) -> bool:
    """Whether the date at ``token`` is another thing's, checked up to the clause's head.

    "arrived ahead of the summit on Tuesday": Tuesday is the summit's day, and the
    arrival came before it; likewise "before", "prior to". "will pay $18.50 a share, a
    premium to the closing price on Friday": an apposition describes, and its date is
    the price's, not the payment's. "set the vote for Sunday": the vote's day.
    """
    node = token
    while node.head.i != node.i and node.i not in clause:
        if node.dep_ == "appos":
            return True
        node = node.head
        if node.dep_ in ("prep", "advmod") and node.lower_ in ("ahead", "before", "prior", "pending"):
            return True
        if node.dep_ == "prep" and node.lower_ == "for" and node.head.lemma_.lower() in SCHEDULING_VERBS and any(c.dep_ == "dobj" for c in node.head.children):
            return True  # "set the vote for Sunday": Sunday is the vote's day, not the setting's
    return False


def _capitalised(text: str) -> str:
    """A title's first letter in capitals, but never a name's own lower case: "iTunes", "eBay"."""
    if len(text) > 1 and text[0].islower() and text[1].isupper():
        return text
    return text[:1].upper() + text[1:]


def _takes_place(verb: Token) -> bool:
    """ "The summit took place": the happening is its subject. ("took effect" is not the signing.)"""
    return verb.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lemma_.lower() == "place" for c in verb.children)


def _lists(comma: Token) -> bool:
    """A comma between the items of a list: "Lane, Marion and Jackson counties", "with
    the Civic Alliance, the Liberal Centre and the Farmers' Union"."""
    following = comma.nbor(1) if comma.i + 1 < len(comma.doc) else None
    while following is not None and following.dep_ in ("det", "compound", "amod", "poss", "nummod") and following.head.i > following.i:
        following = following.head  # the item's head word, past its "the"
    return comma.text == "," and following is not None and following.dep_ == "conj" and following.head.i == comma.head.i


def _in_brackets(tokens: Span) -> set[int]:
    """Indexes of the tokens inside parentheses or square brackets: asides, not what happened.
    A bracket left open closes with its sentence."""
    inside, depth = set(), 0
    for token in tokens:
        if token.is_sent_start:
            depth = 0
        if token.text in ("(", "["):
            depth += 1
        if depth:
            inside.add(token.i)
        if token.text in (")", "]") and depth:
            depth -= 1
    return inside


def _shifted_in_time(clause: Token) -> bool:
    """A clause set apart in time from the one it hangs on: "before Seoul hosts", "since it
    opened", "days after the vote". "After Putin showed Kim around" stays the same day."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    measured = any(c.dep_ == "npadvmod" for c in clause.children)
    # "after the outbreak had been declared over": a past perfect says it came first, by how much unsaid
    earlier = "after" in marks and any(c.dep_ == "aux" and c.lower_ == "had" for c in clause.children)
    return bool(marks & SHIFTING_MARKS) or (measured and bool(marks & MEASURED_MARKS)) or earlier


def _comparative(verb: Token) -> bool:
    """ "later than his office had announced": a comparison, not a report."""
    return any(c.dep_ == "mark" and c.lower_ in ("than", "as") for c in verb.children)


def _in_hyphenated_word(token: Token) -> bool:
    """ "water-sharing": a verb inside a hyphenated word is a modifier, not a clause."""
    doc = token.doc
    before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return before or after


def _words(tokens: Iterable[Token]) -> str:
    """Tokens as text, keeping the original spacing except across left-out tokens."""
    tokens = list(tokens)
    text = "".join(
        t.text + (t.whitespace_ if i + 1 < len(tokens) and tokens[i + 1].i == t.i + 1 else " ") for i, t in enumerate(tokens)
    )
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)  # brackets whose words were left out
    return re.sub(r",(\s*,)+", ",", " ".join(text.split())).strip(" ,;:")


def _without_unpaired_quotes(text: str) -> str:
    """The text without quotation marks whose partner was cut off.

    A pair that still encloses words stays: in "the Kremlin's “sacred war”" the
    words are the Kremlin's, and dropping the marks would make them the site's.
    """
    opened: list[int] = []
    unpaired: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i, mark in enumerate(text):
        if opened and mark in QUOTE_PAIRS[text[opened[-1]]] and not text[i + 1 : i + 2].isalpha():
            pairs.append((opened.pop(), i))
        elif mark in QUOTE_PAIRS:
            opened.append(i)
        elif mark == CLOSING_DOUBLE_QUOTE:
            unpaired.add(i)
    unpaired.update(opened)
    inner_spaces = {j for start, end in pairs for j in (*_spaces_from(text, start + 1, 1), *_spaces_from(text, end - 1, -1))}
    kept = "".join(ch for i, ch in enumerate(text) if i not in unpaired and i not in inner_spaces)
    return " ".join(kept.split())


def _spaces_from(text: str, start: int, step: int) -> list[int]:
    """Positions of the run of spaces at ``start`` going in direction ``step``: '" App Store "' has two."""
    found = []
    while 0 <= start < len(text) and text[start] == " ":
        found.append(start)
        start += step
    return found


def _predicate(verb: Token, plural: bool, negation: str | None, has_subject: bool, modal: str | None = None) -> str:
    """The title's verb in the present, in the clause's voice and polarity.

    "were killed" -> "are killed" (not "kill", which makes the victims the
    killers); "will not attend" -> "does not attend"; "was never invited" ->
    "is never invited"; with no subject to show, a bare "released". A claim
    keeps its modal: "could not supply" stays a possibility, never "does not supply".
    """
    lemma = verb.lemma_.lower()
    if modal:
        main = f"be {verb.lower_}" if _is_passive(verb) else lemma
        return " ".join(filter(None, [modal, negation, main]))
    be = "are" if plural else "is"
    if _is_passive(verb):
        return " ".join(filter(None, [be if has_subject else "", negation, verb.lower_]))
    if lemma == "be":
        return " ".join(filter(None, [be, negation]))
    if negation == "not":
        return f"{'do' if plural else 'does'} not {lemma}"
    return " ".join(filter(None, [negation, _present(lemma, plural)]))


def _listed(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def _possessive(name: str) -> str:
    """ "The union's", "Coastal Air Holdings'"."""
    return name + ("'" if name.endswith("s") else "'s")


def _owner_by_whose(subject: Token, verb: Token) -> Token | None:
    """The noun a "whose" subject belongs to: "the union" of "the union, whose members voted"."""
    if verb.dep_ == "relcl" and any(c.dep_ == "poss" and c.lower_ == "whose" for c in subject.children):
        return verb.head
    return None


def _is_condition(clause: Token) -> bool:
    """ "if the government raises fuel duty", "unless both companies agree", "whether he would attend"."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in clause.children)


def _conditional(verb: Token) -> bool:
    """ "We will table a motion if the government raises fuel duty": what happens only on a condition."""
    return any(c.dep_ == "advcl" and _is_condition(c) for c in verb.children)


def _condition_or_aim(verb: Token) -> bool:
    """A clause that tells a condition or an aim, which no timeline should show as an event.

    "expires unless both companies agree to extend it", "if the court approves the
    deal", "sued on Tuesday to block the merger", "travelled to Moscow to sign a deal".
    An aim of a plan stays a plan: "will travel to Moscow to sign a deal".
    """
    node = verb
    while True:
        if _is_condition(node):
            return True
        if tense.is_infinitive(node) and node.head.i != node.i:
            head = node.head
            if node.dep_ == "xcomp" and head.lemma_.lower() in AIM_VERBS and not any(c.dep_ == "prt" for c in head.children):
                return True  # but "moved on to talk about podcasting" did talk
            if node.dep_ == "advcl" and head.lemma_.lower() not in FUTURE_WORDS and tense.verb_tense(head) != tense.FUTURE:
                return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head


def _modal(verb: Token) -> str | None:
    """The modal of a possibility: "could" in "could supply", "can" in "can't supply"."""
    for child in verb.children:
        if child.dep_ == "aux" and child.tag_ == "MD":
            word = {"ca": "can", "wo": "will", "sha": "shall"}.get(child.lower_, child.lower_)
            if word in HYPOTHETICAL_MODALS:
                return word
    return None


def _agent(verb: Token) -> Token | None:
    """The doer of a passive clause: "Putin" in "Kim was welcomed by Putin"."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _is_passive(verb: Token) -> bool:
    """ "was signed", "the deal was signed", "sanctions imposed by Washington", "resolutions passed in 2006"."""
    return _is_participle_modifier(verb) or any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in verb.children)


def _is_participle_modifier(verb: Token) -> bool:
    """A past participle describing a noun: "resolutions passed in 2006", "the deal signed on Monday"."""
    # The small model often tags such a participle VBD; an acl has no tense of its own.
    # Not when the parse made the noun the root ("The ceasefire held on Tuesday") or the
    # verb has its own object ("The speech angered Brussels"): those are main clauses.
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and verb.head.pos_ in ("NOUN", "PROPN")
        and verb.head.dep_ != "ROOT"
        and not any(c.dep_ in ("nsubj", "aux", "dobj") for c in verb.children)
    )


def _shorten(text: str, limit: int = 140) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


_IRREGULAR_PRESENT = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def _present(lemma: str, plural: bool) -> str:
    """Present-tense form of a verb for a title: "toast" -> "toasts" (or "toast" when plural)."""
    if plural:
        return "are" if lemma == "be" else lemma
    if lemma in _IRREGULAR_PRESENT:
        return _IRREGULAR_PRESENT[lemma]
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _precision(value: str | None) -> int:
    """Rank of a value's granularity, finest first; vague references and unknowns last."""
    found = dates.value_range(value)
    return GRANULARITIES.index(found[2]) if found and found[2] in GRANULARITIES else len(GRANULARITIES)


def _within(day_value: str | None, coarse_value: str | None) -> bool:
    """Whether a day-precise value falls inside a strictly coarser one ("2010-06-07" in "2010")."""
    day, coarse = dates.value_range(day_value), dates.value_range(coarse_value)
    if not day or not coarse or (coarse[0], coarse[1]) == (day[0], day[1]):
        return False
    return coarse[0] <= day[0] and day[1] <= coarse[1]


#: The last day of "from March 10 to 12": a number ending the sentence or followed by
#: punctuation or a preposition, never a count ("to 31 cities").
_BARE_DAY = re.compile(r"(\d{1,2})(?![\d:/])(?=\.?\s*$|[.,;)]|\s+(?:in|at|on|and|for|with|before|after|during)\b)", re.M)
#: A weekday alone, which the tagger places either side of publication by tense.
_BARE_WEEKDAY = re.compile(r"(?:on )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", re.I)
#: Words a title cannot end on, left dangling when the clause after them stays out:
#: "Pine Hollow Fire is contained as".
_TRAILING_FUNCTION_WORDS = re.compile(r"(?:\s+(?:as|that|and|or|but|while|because|when|than|if|so))+$", re.I)  # not "dealt with"
#: A clock time with no day of its own ("6 a.m."): it takes the document's day, so a day
#: the clause names ("at 6 a.m. on Monday") says more.
_BARE_CLOCK = re.compile(
    r"(?:about |around |at )?(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?|\d{1,2}:\d{2})(?:\s+[A-Z]{2,4})?|noon|midnight", re.I
)
#: What joins the two ends of a range: "from X to Y", "X-Y", "between X and Y".
_RANGE_LINK = re.compile(r"\s*(?:-|\u2013|\u2014|to|through|until|till|and)\s*", re.I)
#: A range of days written in one expression: "Sept. 22-23", "22 to 23 September".
_DAY_RANGE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*(?:-|\u2013|\u2014|to|through|until)\s*(\d{1,2})(?![\d/.-])")


def _is_day(value: str | None) -> bool:
    found = dates.value_range(value)
    return found is not None and found[2] == "day"


def _date_fields(dating: TimeExpression | tuple[TimeExpression, TimeExpression], published: dt.date | None) -> dict:
    """The Event date fields for an anchoring time expression, or for a range's first
    and last days (its ``end_date`` is then the last day's)."""
    timex, last = dating if isinstance(dating, tuple) else (dating, None)
    value = timex.value
    if value == "PRESENT_REF" and published:
        value_range = (published, published, "day")
    else:
        value_range = dates.value_range(value)
    fields = {"value": value, "date_text": timex.text or None}
    if value_range:
        first, end, granularity = value_range
        last_range = dates.value_range(last.value) if last is not None else None
        if last_range and last_range[1] > end:
            end = last_range[1]
        fields.update(date=first.isoformat(), end_date=end.isoformat(), granularity=granularity)
    return fields


def _says_nothing(verb: Token, event_type: str) -> bool:
    """ "The Ministry of Health declared": a statement whose words came before it, in a quote
    the title leaves out, says nothing on its own."""
    if event_type != "statement" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return False  # "187 cases are confirmed": a passive's subject is what was said
    said = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "ccomp", "xcomp", "prep", "attr", "dative")]
    return not [c for c in said if not any(o.ent_type_ in ("DATE", "TIME") for o in c.subtree)]  # "on Tuesday" says no more


def _telling_denial(event_type: str, how: str) -> bool:
    """A non-event worth a timeline entry with its Denied badge: a known kind of happening,
    dated ("Putin does not attend the G20 summit in September"); not "does not comment"."""
    return event_type not in ("other", "statement", "claim") and how != "none"


def _thin(title: str, event_type: str, says_who: bool) -> bool:
    """Too little to read as news: "His office announces", "Prices rise", or a title that
    says nobody ("Meets", "Signs it"). A short title of a known kind of happening that
    says who says enough: "Brennan testifies", "Talks resume"."""
    return len(title.split()) <= 3 and (event_type in ("other", "claim", "statement") or not says_who)


def _confidence(event_type: str, how: str, actors: tuple[str, ...], *, weak: bool) -> float:
    """How sure we are that this is a reader's timeline event, from what backs it.

    ``weak`` events (denied, hypothetical, or too thin to read, like "His office
    announces") stay below the site's default threshold.
    """
    score = 0.35
    score += {"own": 0.3, "inherited": 0.25, "scene": 0.2, "published": 0.15}.get(how, 0.0)
    score += 0.2 if event_type not in ("other", "claim") else 0.0
    score += 0.1 if actors else 0.0
    if weak:
        score = min(score, 0.4)
    return round(min(score, 1.0), 2)


class _Found(NamedTuple):
    """An event as found, with what the article walk still needs to know about it."""

    event: Event
    repeat_key: tuple | None  # (type, trigger lemma, object): tellings that may be one happening
    how: str  # how it was dated: own, inherited, scene, published or none


def _drop_repeats(found: list[_Found]) -> list[_Found]:
    """One event per happening within an article: a quote often repeats the lede, and one
    sentence often tells a happening twice ("met Putin ..., where the two leaders held talks")."""
    kept: list[_Found] = []
    by_key: dict[tuple, list[int]] = {}  # repeat key, or (type, sentence) -> positions in kept
    for item in found:
        keys = [k for k in (item.repeat_key, (item.event.type, item.event.sentence)) if k]
        candidates = [i for k in keys for i in by_key.get(k, [])]
        twin = next((i for i in candidates if _same_happening(kept[i].event, item.event)), None)
        if twin is None:
            for key in keys:
                by_key.setdefault(key, []).append(len(kept))
            kept.append(item)
        elif item.event.date and not kept[twin].event.date:
            kept[twin] = item  # keep the telling that gives the date
    return kept


def _same_happening(a: Event, b: Event) -> bool:
    """Same kind, same doer, compatible dates: with the same trigger and object, one happening."""
    return (
        a.type == b.type != "other"
        and a.status == b.status
        and (a.date == b.date or not a.date or not b.date)
        and bool(set(a.actors) & set(b.actors))
        and (not a.places or not b.places or bool(set(a.places) & set(b.places)))
    )
