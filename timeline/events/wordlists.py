"""The words event extraction reads the parse with: data, not logic.

Each list names what its words do in a clause; the code that asks is in the
stage modules beside this one. (The event taxonomy users extend is in
``timeline.settings``.)
"""

from __future__ import annotations

from .. import dates, tense

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
LOCATIVE_PREPS = frozenset("in at near to from into inside outside across around within on off through throughout along toward towards via".split())

#: Clause links a subordinate event takes its date from: "toasted ... after Mr Putin showed Kim".
DATE_INHERITING_DEPS = frozenset({"advcl", "conj", "xcomp", "acl", "pcomp"})

#: Adverbs that set what follows aside: "rather than in March", "instead of Monday".
CONTRAST_ADVERBS = frozenset({"rather", "instead"})

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
    "delegation envoy ambassador spokesman spokeswoman side counterpart state ministry regime media parliament legislature "
    "cabinet".split()
)
#: Those of them that are a body, not one person: "the Russian government" is Russia acting.
STATE_BODIES = frozenset(
    "government authority force army navy military delegation side state ministry regime media parliament legislature cabinet".split()
)
#: Nouns by which news names again a company it has named: "Boeing lost the contract. The company said".
COMPANY_NOUNS = frozenset(
    "company firm carrier airline bank lender insurer retailer carmaker automaker planemaker chipmaker manufacturer "
    "maker conglomerate group startup operator publisher broadcaster supplier contractor developer".split()
)
#: Organisations of one word that are no company, beside names with an institution's word
#: ("Air Force", "Justice Department"): "the company" never names them.
INSTITUTIONS = frozenset(
    "Senate Congress Parliament Pentagon Kremlin Treasury Fed Bundestag Duma Knesset Politburo NATO Interpol Europol "
    "Hamas Hezbollah Taliban".split()
)
#: Verbs whose subject, not their object, does what their infinitive says: "Airbus beat Boeing
#: to win the contract" (Airbus won), "promised voters to cut taxes", "used the grant to build".
SUBJECT_CONTROL_VERBS = frozenset("beat defeat outbid outpace outsell overtake edge pip promise use spend".split())
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
#: Verbs of leaving, whose "for" names where to ("left Busan for Beijing") and whose object is
#: a place ("fled Khartoum").
DEPARTURE_VERBS = frozenset({"leave", "depart", "head", "sail", "fly", "set", "return", "flee", "escape", "evacuate"})
#: Verbs that move a date: the date they move it to is not when they happened.
MOVING_VERBS = dates.DEADLINE_VERBS | {"bring", "move", "reschedule", "advance", "change"}
#: Conjunctions whose clause happens at another time than its main clause.
SHIFTING_MARKS = frozenset({"before", "until", "till", "since", "once"})
#: Conjunctions whose clause moves only when measured: "days after the vote".
MEASURED_MARKS = frozenset({"after", "when"})
SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})
#: Who speaks in a quote: the one its "said" names ("“We will appeal,” Boeing said").
FIRST_PERSON_PRONOUNS = frozenset({"i", "my", "we", "our"})
#: Words that tell a person's gender, for "he" and "she" to find the right one of two people.
GENDER_WORDS = {
    **dict.fromkeys(("he", "him", "his", "himself", "mr", "mr."), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss"), "f"),
}
#: Nouns for a person of one gender: "the boy's father, Juan Perez", "his wife Ana".
GENDERED_NOUNS = {
    **dict.fromkeys(
        "father son brother husband uncle nephew grandfather grandson boy man stepfather king prince duke "
        "chairman spokesman congressman businessman".split(), "m"),
    **dict.fromkeys(
        "mother daughter sister wife aunt niece grandmother granddaughter girl woman stepmother queen princess duchess "
        "chairwoman spokeswoman congresswoman businesswoman widow".split(), "f"),
}
#: Common first names of one gender, for "she" not to name a man when the article has not said
#: (a small general list across the languages of world news, not the names of any one story).
FIRST_NAME_GENDERS = {
    **dict.fromkeys(
        "john james robert michael william david richard joseph thomas charles christopher daniel paul mark george "
        "donald steven kenneth edward brian ronald anthony kevin jason jeffrey gary timothy larry frank scott eric "
        "stephen andrew raymond gregory joshua jerry dennis walter patrick peter harold douglas henry carl arthur "
        "ryan roger bill bob jim tom mike joe jack tony al newt ted dick fred harry boris vladimir dmitry sergei "
        "mikhail igor yuri ivan juan jose carlos luis jorge pedro manuel miguel francisco antonio fidel raul "
        "hugo mohammed muhammad ahmed ali hassan hussein omar yasser ehud benjamin ariel shimon yitzhak jacques "
        "francois nicolas pierre helmut gerhard klaus hans wolfgang giovanni giuseppe silvio romano "
        "gordon kofi nelson junichiro shinzo".split(), "m"),
    **dict.fromkeys(
        "mary patricia linda barbara elizabeth jennifer maria susan margaret dorothy lisa nancy karen betty helen "
        "sandra donna carol ruth sharon michelle laura sarah kimberly deborah jessica shirley cynthia angela "
        "melissa brenda amy anna rebecca virginia kathleen pamela martha debra amanda stephanie carolyn christine "
        "janet catherine frances ann joyce diane alice julie heather teresa doris gloria evelyn cheryl "
        "hillary madeleine condoleezza tipper golda indira benazir segolene theresa "
        "ana juana juanita rosa carmen lucia isabel elena dolores marta josefa mercedes pilar "
        "olga natalia tatiana irina svetlana yulia ingrid greta sonia fatima aisha leila".split(), "f"),
}
