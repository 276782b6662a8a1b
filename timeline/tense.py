"""Read the tense of the clause around a token from spaCy's parse.

Relative dates ("on Wednesday") and event statuses both depend on whether a
clause talks about the past or the future, so both stages ask this module.
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

PAST, PRESENT, FUTURE = "past", "present", "future"

#: Words that put what follows them in the future: "is due to", "plans to", "is expected to",
#: "ordered the rebels to withdraw".
FUTURE_GOVERNORS = frozenset(
    {"due", "invite", "ask", "urge", "plan", "expect", "schedule", "set", "intend", "hope", "aim", "prepare", "going", "seek", "want", "vow", "promise", "pledge", "agree", "decide", "threaten", "propose", "offer",
     "order", "tell", "instruct", "direct", "command"}
)
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
#: Conjunctions after which a present tense is the future: "before Seoul hosts". Not
#: "after" or "when", whose present is as often a habit ("every year after parliament approves").
FUTURE_MARKS = frozenset({"before", "until", "till", "once"})

_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "pcomp", "csubj", "parataxis"})


def clause_head(token: Token) -> Token:
    """The verb (or predicative adjective) heading the clause that contains ``token``."""
    node = token
    while True:
        if node.pos_ in ("VERB", "AUX") or (node.pos_ == "ADJ" and node.dep_ in _CLAUSE_DEPS):
            return node
        if node.head.i == node.i:
            return node
        node = node.head


def _under_past_perfect(verb: Token) -> bool:
    """ "had been due to expire Friday", "had been scheduled to expire": a plan seen as over."""
    node = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ == "had" for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


def is_infinitive(verb: Token) -> bool:
    """ "to close", "to be heard": a clause head with the infinitive's "to"."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


#: An event's status and its date both ask the tense of the same verb, one after the other:
#: the last few answers are kept (a token is equal to another of the same Doc at the same place).
@functools.lru_cache(maxsize=256)
def verb_tense(verb: Token) -> str:
    """Tense of one clause head, from its auxiliaries, morphology and governor."""
    children = list(verb.children)
    if _under_past_perfect(verb):
        return PAST
    lemmas = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if lemmas & FUTURE_AUX:
        return FUTURE
    # "said he would visit on Monday": the future seen from the past; "would have" is a past.
    if "would" in lemmas and "have" not in lemmas:
        return FUTURE
    if any(c.lower_ == "going" and c.dep_ == "aux" for c in children):
        return FUTURE
    # "fired a missile on Saturday, days before Seoul hosts the leaders": a present tense
    # after "before", "until" or "once" is that clause's future.
    if verb.dep_ == "advcl" and verb.tag_ in ("VBZ", "VBP") and any(c.dep_ == "mark" and c.lower_ in FUTURE_MARKS for c in children):
        return FUTURE
    # "is due on Thursday to visit", "is set to visit", "is scheduled for Friday": the predicate
    # itself governs the future (but "set Friday as the deadline" is a plain past).
    # "a special meeting expected in May" too (but not "its record high set on Aug. 6" or
    # "the meeting, scheduled for last Monday").
    if verb.lemma_.lower() in ("due", "set", "schedule", "scheduled", "slate", "slated", "expect", "expected") and verb.dep_ != "amod" and (
        verb.tag_ == "JJ" or any(c.dep_ in ("xcomp", "auxpass") for c in children) or (verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_.lower() == "expect")
    ):
        return FUTURE
    # "planned a demonstration on Saturday", "has scheduled a news conference Thursday":
    # the date is the planned thing's.
    if verb.lemma_.lower() in ("plan", "schedule") and any(c.dep_ == "dobj" for c in children):
        return FUTURE
    # "is to resume trading Tuesday"
    if verb.dep_ == "xcomp" and verb.head.lemma_ == "be" and is_infinitive(verb):
        return FUTURE
    if any(c.dep_ in ("acomp", "xcomp") and c.lower_ in ("due", "set", "scheduled", "slated", "expected") for c in children):
        return FUTURE
    # "plans to visit", "is expected to arrive": an infinitive under a future governor.
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in FUTURE_GOVERNORS:
        return FUTURE
    if any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in children):
        return PAST
    # "has been searching since Oct. 23": a present perfect looks back, whatever the head's form.
    if any(c.lemma_ == "have" and c.dep_ == "aux" for c in children):
        return PAST
    # "when the case is heard in May", "is being held": a present passive; its participle is no past.
    if any(c.tag_ in ("VBZ", "VBP") and c.lemma_ == "be" and c.dep_ in ("aux", "auxpass") for c in children):
        return PRESENT
    # "would ask for the case to be heard in September": an infinitive has no tense of its
    # own, so its participle is no past; it happens when its governor says.
    if is_infinitive(verb) and verb.head.i != verb.i:
        return verb_tense(verb.head)
    if "Past" in verb.morph.get("Tense") and verb.tag_ in ("VBD", "VBN"):
        return PAST
    if verb.tag_ in ("VB", "VBG") and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return verb_tense(verb.head)
    # "has fluctuated, rising to $42 in June from $29 in March": a participle clause
    # without auxiliary or subject happens when its main clause does.
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and not any(c.dep_ in ("aux", "nsubj", "mark") for c in children):
        return verb_tense(verb.head)
    return PRESENT


def clause_tense(token: Token) -> str:
    """Tense ("past", "present" or "future") of the clause that contains ``token``."""
    return verb_tense(clause_head(token))
