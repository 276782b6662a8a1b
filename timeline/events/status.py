"""What a clause asserts: happened, planned or reported; denied, possible or only a condition.

A plan or a claim is never shown as fact: "will visit" is planned, "could
attack" a claim, "denied meeting Brandt" a denial, "..., Mr Putin said" a report
attributed to its speaker. The parse decides first; the learned mention layer
(``timeline.mentions``) adds what the parse cannot see: a reporting verb no word
list names, a negation or a modal the parse attached elsewhere, a future tense.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span, Token

from .. import tense
from ..contents import EventMention
from .cast import Cast
from .context import Reading
from .grammar import is_participle_modifier, until_or_contrast
from .roles import name_of, subject
from .wordlists import AIM_VERBS, CONDITION_MARKS, DENIAL_VERBS, EVIDENCE_NOUNS, FUTURE_WORDS, HYPOTHETICAL_MODALS, NEGATIVE_SUBJECTS, REPORTING_VERBS


class Stance(NamedTuple):
    """How a clause tells its event."""

    type: str  # the event's type, "claim" for a possibility or a condition
    status: str  # happened, planned or reported
    tense: str  # the clause's tense (see ``tense.verb_tense``)
    negation: str | None  # how its title says "not" ("not", "never", "" when the subject says it), None when asserted
    hypothetical: bool  # "could supply"
    modal: str | None  # the modal word of a possibility ("could"), for its title
    conditional: bool  # "will table a motion if the government raises duty"
    reporter: str | None  # who says so, "" for someone unnamed
    doubted: bool  # the learned layer reads a negation the parse does not find: never shown
    because: str  # what set the status, in words (``timeline extract --explain``)


def stance(reading: Reading, cast: Cast, verb: Token, event_type: str, told_by: str | None) -> Stance | None:
    """The clause's stance, or None when it tells no event (an infinitive or a bare participle).

    ``told_by`` is whom the sentence is attributed to when no verb of it says so
    ("according to KCNA", or the speaker of the quotation it goes on with).
    """
    mention = reading.event_at.get(verb.i)
    negation = _negation(reading, verb)
    doubted = negation is None and _learned_negation(mention, verb)
    said_as = modal(verb) or _learned_modal(mention, verb)
    hypothetical = _hypothetical(reading, verb, said_as)
    reporter = _reporter(reading, cast, verb, told_by)
    clause_tense = tense.verb_tense(verb)
    # The learned future where the parse reads no tense of its own (never against its past).
    learned_future = clause_tense not in (tense.FUTURE, tense.PAST) and mention is not None and (
        mention.tense == "FUTURE" or mention.modality in tense.FUTURE_AUX
    )
    planned = clause_tense == tense.FUTURE or _governed_by_future(verb) or learned_future
    conditional = any(c.dep_ == "advcl" and _is_condition(c) for c in verb.children)  # weak, below
    if (hypothetical or conditional) and not planned:
        event_type, status = "claim", "reported"
        because = f'a possibility ("{said_as}"), never a fact' if hypothetical else "a condition (if, unless) governs it"
    elif negation is not None:
        status, because = "reported", "denied: the parse reads the clause as negated"
        if mention is not None and mention.polarity == "NEG":
            because += " (so does the learned layer: polarity NEG)"
    elif doubted:
        status, because = "reported", "the learned layer reads it as negated (polarity NEG) where the parse finds no negation: not shown"
    elif planned:
        status = "planned"
        because = "learned tense FUTURE" if learned_future and not _governed_by_future(verb) else "future: told as ahead (will, plans to, is due to)"
    elif reporter is not None:
        status = "reported"
        because = f"reported by {reporter}, not asserted by the article" if reporter else "reported by an unnamed source, not asserted by the article"
    elif clause_tense == tense.PAST or verb.tag_ in ("VBD", "VBN"):
        status, because = "happened", "told as done (past tense), in the article's own voice"
    elif verb.tag_ == "VBZ" or verb.tag_ == "VBP":
        status, because = "happened", "told in the present tense, in the article's own voice"
    elif verb.tag_ == "VBG" and event_type != "other" and verb.dep_ in ("advcl", "pcomp", "acl", "conj"):
        status = "happened"  # "with Washington accusing North Korea": an -ing clause of a known kind
        because = "an -ing clause of a known kind of event, in the article's own voice"
    else:
        return None
    return Stance(event_type, status, clause_tense, negation, hypothetical, said_as, conditional, reporter, doubted, because)


def condition_or_aim(verb: Token) -> bool:
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


def modal(verb: Token) -> str | None:
    """The modal of a possibility: "could" in "could supply", "can" in "can't supply"."""
    for child in verb.children:
        if child.dep_ == "aux" and child.tag_ == "MD":
            word = {"ca": "can", "wo": "will", "sha": "shall"}.get(child.lower_, child.lower_)
            if word in HYPOTHETICAL_MODALS:
                return word
    return None


def reports(reading: Reading, verb: Token) -> bool:
    """A verb that says what someone said: a speech word, or one the learned layer classes
    REPORTING ("told reporters", "posted on its website") whatever the story's field."""
    mention = reading.event_at.get(verb.i)
    return verb.lemma_.lower() in reading.speech_verbs or (mention is not None and mention.cls == "REPORTING")


def reporting_verb(reading: Reading, verb: Token) -> Token | None:
    """The verb that reports this clause ("..., officials said"), if one does."""
    node = verb
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "parataxis") and reports(reading, node.head) and not _comparative(node.head):
            return node.head
        node = node.head
    return None


def according_to(reading: Reading, cast: Cast, sent: Span, text: str) -> str | None:
    """The source a sentence names with "according to", read once per sentence.

    ``text`` is the sentence's text: most sentences have no "according", and need no walk.
    """
    if "according" not in text.lower():
        return None
    doc = reading.doc
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            objects = [t for t in doc[token.i + 1].children if t.dep_ == "pobj"]
            return name_of(reading, cast, objects[0]) if objects else ""
    return None


def root_reporter(reading: Reading, cast: Cast, sent: Span) -> str | None:
    """Who speaks, when the sentence's main verb reports speech: "..., KCNA reports"."""
    root = sent.root
    mention = reading.event_at.get(root.i)
    if root.lemma_.lower() not in REPORTING_VERBS and (mention is None or mention.cls != "REPORTING"):
        return None
    speakers = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return name_of(reading, cast, speakers[0]) if speakers else ""


def _reporter(reading: Reading, cast: Cast, verb: Token, told_by: str | None) -> str | None:
    """Who reports this event, when the article attributes it: "..., Mr Putin said".

    Statements and accusations attribute what they govern too: in "critics
    warned that the deal favours farmers", the favouring is the critics' claim.
    """
    reporting = reporting_verb(reading, verb)
    if reporting is None:
        return told_by
    speakers = [c for c in reporting.children if c.dep_ in ("nsubj", "nsubjpass")]
    return name_of(reading, cast, speakers[0]) if speakers else ""


def _negation(reading: Reading, verb: Token) -> str | None:
    """How a denied clause says "not" in its title, or None when it is asserted.

    "did not attend" and "denied attacking" need "not" ("never" for "never
    visited"), else the title asserts the opposite; "neither side spoke" needs
    nothing more ("") because its subject already says it.
    """
    for child in verb.children:
        if child.dep_ == "neg" and not until_or_contrast(verb, child):
            return "never" if child.lower_ == "never" else "not"
    doer = subject(reading, verb)
    if doer is not None and (doer.lower_ in NEGATIVE_SUBJECTS or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in doer.children)):
        return ""
    if verb.dep_ in ("xcomp", "ccomp", "pcomp") and verb.head.lemma_.lower() in DENIAL_VERBS:
        return "not"
    if verb.dep_ == "xcomp" and any(c.dep_ == "neg" and not until_or_contrast(verb.head, c) for c in verb.head.children):
        return "not"  # "does not expect to resume flights": what is not expected is not planned
    return "not" if _denied_from_above(verb) else None


def _denied_from_above(verb: Token) -> bool:
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


def _learned_negation(mention: EventMention | None, verb: Token) -> bool:
    """The learned layer's NEG where the parse has no "not" at all: a negation the parse
    attached elsewhere. A "not" the parse saw and set aside ("did not arrive until
    Tuesday": he arrived) stays set aside."""
    return mention is not None and mention.polarity == "NEG" and not any(c.dep_ == "neg" for c in verb.children)


def _learned_modal(mention: EventMention | None, verb: Token) -> str | None:
    """The learned layer's modal word for a verb the parse gives none ("could build and
    supply": "supply" has no auxiliary of its own), when it makes a possibility. Not
    "would", which is as often a plan told in the past ("said it would close and sell")."""
    if mention is None or mention.modality in ("", "would") or mention.modality not in HYPOTHETICAL_MODALS:
        return None
    if any(c.tag_ == "MD" for c in verb.children):
        return None
    return mention.modality


def _hypothetical(reading: Reading, verb: Token, found: str | None) -> bool:
    """ "could supply", "might attack", "can't attend": a possibility, never a fact.

    "Li said China would host the next summit" is no possibility but a reported
    plan: "will" told in the past."""
    if found == "would" and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in reading.speech_verbs and verb.head.tag_ == "VBD":
        return any(c.lower_ in ("if", "unless") for c in verb.subtree)  # "would host if Japan agreed"
    return found is not None


def _governed_by_future(verb: Token) -> bool:
    """ "plans to visit", "a deal to supply": a plan's words govern it; "the deal signed
    on Monday" is no plan (a participle describing the deal)."""
    node = verb
    while node.dep_ in ("xcomp", "advcl", "conj", "acl") and node.head.i != node.i and not is_participle_modifier(node):
        node = node.head
        if node.lemma_.lower() in FUTURE_WORDS:
            return True
        if node.pos_ in ("VERB", "AUX") and tense.verb_tense(node) == tense.FUTURE:
            return True
    return False


def _is_condition(clause: Token) -> bool:
    """ "if the government raises fuel duty", "unless both companies agree", "whether he would attend";
    and "once the minister arrives, talks will begin": a present under a future is its condition
    (but "once the storm passed, crews began" tells what happened)."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if marks & CONDITION_MARKS:
        return True
    once = any(c.dep_ in ("mark", "advmod") and c.lower_ == "once" and c.i < clause.i for c in clause.children)  # parsed either way
    return once and clause.tag_ in ("VBZ", "VBP") and tense.verb_tense(clause.head) == tense.FUTURE


def _comparative(verb: Token) -> bool:
    """ "later than his office had announced": a comparison, not a report."""
    return any(c.dep_ == "mark" and c.lower_ in ("than", "as") for c in verb.children)
