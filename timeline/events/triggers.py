"""Which words tell an event, and of which type.

A trigger is a clause's main verb (not one that only reports speech: the
learned layer's REPORTING class, or a speech word), the event noun a light verb carries ("held
talks"), the happening a verb only tells of ("the trial began"), or an event
noun with its own date ("the summit on Tuesday"). Its type comes from the
taxonomy in the settings, read off the trigger or the words around it.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .context import Reading
from .roles import subject
from .wordlists import (
    ASPECTUAL_VERBS, COURT_NOUNS, HAPPENING_OBJECTS, INFINITIVE_DENIAL_VERBS, LIGHT_VERBS, NON_TRIGGER_VERBS, OBJECT_TYPED_VERBS, PART_NOUNS,
    REPORTING_VERBS, SUPPORT_VERBS,
)


def triggers(reading: Reading, sent: Span) -> list[Token]:
    """Clause heads that are events, or the event nouns their light verbs carry."""
    found = []
    for token in sent:
        # A subject tagged as a verb ("Coalition talks will start") is a noun; a present
        # participle after a noun describes it ("an advisory urging citizens to stay away").
        describes = token.dep_ == "acl" and token.tag_ == "VBG"
        if token.pos_ == "VERB" and token.dep_ not in ("amod", "compound", "nmod", "nsubj", "nsubjpass") and not describes and not _in_hyphenated_word(token):
            lemma = token.lemma_.lower()
            noun = _event_noun_object(reading, token)
            if noun is not None and lemma in SUPPORT_VERBS:
                found.append(noun)
            elif lemma in INFINITIVE_DENIAL_VERBS and any(c.dep_ == "xcomp" for c in token.children):
                continue
            elif _reports_only(reading, token):
                continue  # "the mayor insisted", "told reporters": attribution, not an event
            elif lemma not in NON_TRIGGER_VERBS or (lemma in reading.lemma_types and lemma not in REPORTING_VERBS):
                found.append(token)  # a word a user gave an event type is an event, light or not
            elif lemma == "take" and any(c.dep_ == "dobj" and c.lemma_.lower() in HAPPENING_OBJECTS for c in token.children):
                found.append(token)  # "the curfew took effect", "the summit will take place"
            elif _happening_told(reading, token) is not None:
                found.append(token)  # "the trial began", "the case went to trial"
        elif token.pos_ == "NOUN" and _is_dated_event_noun(reading, token):
            found.append(token)
    return found


def event_type(reading: Reading, trigger: Token, verb: Token) -> str:
    """The trigger's type in the taxonomy, or "other"."""
    types = reading.lemma_types
    lemma = trigger.lemma_.lower()
    if lemma == "show" and not any(c.lower_ == "around" for c in trigger.children):
        return "other"
    if lemma == "swear" and any(c.dep_ == "prt" and c.lower_ == "in" for c in trigger.children):
        return types.get("inaugurate", "other")  # "was sworn in as prime minister"
    if (happening := _happening_told(reading, trigger)) is not None:
        return types[happening.lemma_.lower()]
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.lemma_.lower() in types:
        return types[trigger.head.lemma_.lower()]  # "the lawsuit, filed on June 10": the lawsuit's
    own = next((types[c] for c in (lemma, trigger.lower_) if c in types), None)
    if own in (None, "statement") and "trial" in types:
        doer = subject(reading, verb)
        if doer is not None and doer.lemma_.lower() in COURT_NOUNS:
            return types["trial"]  # "the Constitutional Court rejected the appeal": a ruling
    if own is not None:
        return own
    for child in trigger.children:  # "filed a lawsuit", "launch a missile", "call for talks"
        if child.dep_ == "dobj" and lemma in OBJECT_TYPED_VERBS and child.lemma_.lower() in types:
            return types[child.lemma_.lower()]
        if child.dep_ in ("prep", "pobj") and child.lemma_.lower() in types.keys() & {"missile", "talks"}:
            return types[child.lemma_.lower()]
        if child.dep_ in ("oprd", "acomp", "ccomp") and child.pos_ == "ADJ" and child.lemma_.lower() in types:
            return types[child.lemma_.lower()]  # "was found guilty": what it was found to be
    return "other"


def _reports_only(reading: Reading, verb: Token) -> bool:
    """A verb the learned layer classes REPORTING that no event type names: it says who
    said something ("insisted", "stressed"), and what was said is the event, if any."""
    mention = reading.event_at.get(verb.i)
    return mention is not None and mention.cls == "REPORTING" and verb.lemma_.lower() not in reading.lemma_types


def _event_noun_object(reading: Reading, verb: Token) -> Token | None:
    """The event a light verb carries: a noun of the taxonomy ("held talks"), or one the learned
    layer reads as a happening ("made its first test flight"), whatever the story's field."""
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and child.lemma_.lower() in reading.lemma_types:
            return child
    if verb.lemma_.lower() not in LIGHT_VERBS:
        return None  # "launched an investigation": the verb tells the event itself
    for child in verb.children:
        mention = reading.event_at.get(child.i)
        if child.dep_ == "dobj" and child.pos_ == "NOUN" and mention is not None and mention.cls == "OCCURRENCE":
            return child
    return None


def _is_dated_event_noun(reading: Reading, noun: Token) -> bool:
    """A stand-alone event noun with its own date: "the summit on Tuesday", "Tuesday's talks";
    not a length ("arrived for a three-day visit": the arrival's visit, no date of its own)."""
    if noun.lemma_.lower() not in reading.lemma_types or noun.head.pos_ == "VERB" and noun.dep_ in ("dobj", "attr"):
        return False
    return any(t.i in reading.dates.when_at for t in noun.subtree if t.i != noun.i)


def _happening_told(reading: Reading, verb: Token) -> Token | None:
    """The event noun a verb only tells of: "the summit took place", "the trial began",
    "the talks, which ended on Monday", "the challenge went to trial"."""
    lemma = verb.lemma_.lower()
    if lemma == "go":
        nouns = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for o in c.children if o.dep_ == "pobj"]
    elif _takes_place(verb) or (lemma in ASPECTUAL_VERBS and not any(c.dep_ == "dobj" for c in verb.children)):
        nouns = [s] if (s := subject(reading, verb)) is not None else []
        # "the first round of coalition talks will start": the talks
        nouns += [o for n in nouns if n.lemma_.lower() in PART_NOUNS for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    else:
        return None
    # A subject is a noun, whatever the tagger says ("Coalition talks will start": "talks" as a verb).
    return next((n for n in nouns if (n.pos_ == "NOUN" or n.dep_ in ("nsubj", "nsubjpass")) and n.lemma_.lower() in reading.lemma_types), None)


def _takes_place(verb: Token) -> bool:
    """ "The summit took place": the happening is its subject. ("took effect" is not the signing.)"""
    return verb.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lemma_.lower() == "place" for c in verb.children)


def _in_hyphenated_word(token: Token) -> bool:
    """ "water-sharing": a verb inside a hyphenated word is a modifier, not a clause."""
    doc = token.doc
    before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return before or after
