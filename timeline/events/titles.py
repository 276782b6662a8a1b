"""The one-line title: who does what, in the present tense, voice and polarity of the clause.

"Kim was not invited" is "Kim is not invited"; dates, asides, nested clauses
and attributions stay out; people get their full names ("showed Kim" ->
"shows Kim Jong Un"), and "they" or "him" the names they stand for.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from spacy.tokens import Token

from ..contents import TimeExpression
from ..tense import is_infinitive
from .cast import Cast
from .context import Reading
from .grammar import (
    as_text, is_participle_modifier, joins_with_and, phrase_core, subtree_outside, until_or_contrast, without_unpaired_quotes,
)
from .roles import named, resolve_reference, speaker_meant_by, subject as subject_of
from .wordlists import NEGATIVE_SUBJECTS, NUMBER_WORDS, PHRASE_LEFT_OUT, TITLE_LEFT_OUT, TITLE_PUNCTUATION, TITLE_WINDOW

#: Words a title cannot end on, left dangling when the clause after them stays out:
#: "Pine Hollow Fire is contained as".
_TRAILING_FUNCTION_WORDS = re.compile(r"(?:\s+(?:as|that|and|or|but|while|because|when|than|if|so))+$", re.I)  # not "dealt with"
_IRREGULAR_PRESENT = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def title(reading: Reading, cast: Cast, verb: Token, negation: str | None, modal: str | None = None) -> str:
    """One line in the present tense, voice and polarity of the clause: "Kim is not invited"."""
    when_at = reading.dates.when_at
    subject = subject_of(reading, verb)
    subject_text = ""
    subject_tokens: set[int] = set()
    names: Sequence[str] = []
    plural = False
    if subject is not None:
        subject_tokens = subtree_outside(subject, verb)
        subject_tokens |= {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON"}  # "it", read as the speaker
        # Without a date glued on by the parser: "(On) Friday officials", "a judge on Friday".
        words = [t for t in phrase_core(subject) if (t.i not in when_at or t.dep_ != "compound") and not _leads_to_date(t, when_at)]
        # "Apple's store and Amazon's service passed": the parse may give the verb two subjects.
        others = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > subject.i and c.pos_ != "PRON"]
        for other in others:
            subject_tokens |= {t.i for t in other.subtree}
            words += phrase_core(other)
        # "the union, whose members voted": "The union's members vote"; "Coastal announced
        # that its shareholders voted": "Coastal's shareholders vote".
        possessive = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in ("whose", "its", "their")), None)
        owner = None if possessive is None else _owner_by_whose(subject, verb) or speaker_meant_by(reading, possessive)
        if owner is not None:
            words = [t for t in words if t.i != possessive.i]
        names = named(reading, subject)
        if others or _denies_by_its_words(subject):
            names = []  # "Neither Boeing nor Airbus wins": the names alone would say both won
        elif names and not _said_by_names(reading, subject) and not _cuts_a_word(words):
            names = []  # its own words: "Apple's iTunes store passes Best Buy", not "Apple passes"
        elif not names:
            names = resolve_reference(reading, cast, subject)  # "they", "the two leaders"
        if names:
            subject_text = _listed(names)
        elif subject.pos_ != "PRON" or subject.lower_ in NEGATIVE_SUBJECTS:  # "Nobody is killed"
            subject_text = _with_full_names(reading, cast, words)
        if owner is not None and subject_text:
            owners = named(reading, owner) if owner.i in reading.mention_at else []  # "Senators Jones and Adams ... their"
            owner_text = _listed(owners) if owners else _with_full_names(reading, cast, phrase_core(owner))
            subject_text = f"{_possessive(owner_text)} {subject_text}"
        # Named doers count as names ("the United States is"), other subjects by their form.
        if subject_text:
            plural = len(names) > 1 if names else (
                bool(others) or subject.tag_ in ("NNS", "NNPS") or "Plur" in subject.morph.get("Number")
                or (subject.tag_ == "VBZ" and subject.lower_.endswith("s"))  # "Coalition talks", tagged a verb
                or subject.lower_ in NUMBER_WORDS or joins_with_and(subject)
            )
    relative, antecedent = _relative_object(reading, verb)
    body = [t for t in _title_words(reading, verb, subject_tokens) if t is not relative]
    predicate = _predicate(verb, plural, negation, has_subject=bool(subject_text), modal=modal)
    if (shared := object_sharing_conjunct(verb)) is not None:  # "approved and delivered six visas"
        conjunction = next(c.lower_ for c in verb.children if c.dep_ == "cc" and verb.i < c.i < shared.i)
        predicate = f"{predicate} {conjunction} {_predicate(shared, plural, None, has_subject=bool(subject_text))}"
        body = [t for t in _title_words(reading, shared, subject_tokens) if t is not relative]
    text = " ".join(filter(None, [
        subject_text, predicate, _with_full_names(reading, cast, antecedent), _with_full_names(reading, cast, body, doers=names),
    ]))
    text = _capitalised(text)
    return without_unpaired_quotes(_shorten(_TRAILING_FUNCTION_WORDS.sub("", text)))


def object_sharing_conjunct(verb: Token) -> Token | None:
    """The verb conjoined to ``verb`` that carries the object both share: "approved and delivered
    six visas", "to block or delay the vote"; the first verb alone would lose it."""
    conjunct = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i), None)
    if conjunct is None or any(o.dep_ in ("nsubj", "nsubjpass") for o in conjunct.children):
        return None
    between = [c.dep_ for c in verb.children if verb.i < c.i < conjunct.i]
    joined = between == ["cc"] and any(c.dep_ == "cc" and c.lower_ in ("and", "or") for c in verb.children)
    return conjunct if joined and any(o.dep_ == "dobj" for o in conjunct.children) else None


def noun_title(reading: Reading, cast: Cast, noun: Token) -> str:
    """A stand-alone event noun's own phrase: "the summit in Geneva on Tuesday" is
    "The summit in Geneva", never a verb made of the noun ("Cho and Wang pact")."""
    when_at = reading.dates.when_at
    words, stack = [noun], list(noun.children)
    while stack:
        token = stack.pop()
        if token.dep_ in PHRASE_LEFT_OUT or token.i in reading.bracketed or token.i in when_at or token.dep_ == "punct":
            continue
        if _introduces_date(token, when_at):
            continue
        words.append(token)
        stack.extend(token.children)
    text = _with_full_names(reading, cast, sorted(words, key=lambda t: t.i))
    return without_unpaired_quotes(_shorten(_capitalised(text)))


def _title_words(reading: Reading, verb: Token, subject_tokens: set[int]) -> list[Token]:
    """The words after the verb that belong in its title, found in one walk down its subtree.

    Nested clauses, time phrases and attributions stay out; a statement keeps
    what was said ("warn that the deal favours farmers").
    """
    when_at = reading.dates.when_at
    left_out = TITLE_LEFT_OUT - {"ccomp"} if verb.lemma_.lower() in reading.settings.event_types["statement"] else TITLE_LEFT_OUT
    words: list[Token] = []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    stack = [c for c in verb.children if c.i > verb.i and c not in objects[1:]]  # a second "object" is an apposition the parse missed
    contrast = next((c.i for c in verb.children if c.dep_ == "neg" and until_or_contrast(verb, c) and c.i > verb.i), None)
    while stack:
        token = stack.pop()
        if token.head.i == verb.i and (token.dep_ in left_out or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))):
            if not (token.dep_ == "advcl" and token.i > verb.i and is_infinitive(token)):
                continue  # but "beat Boeing to win the contract" says what the beating was for
        if contrast is not None and token.i >= contrast - 1:
            continue  # "arrived on Tuesday, not Monday as planned": the contrast is no part of what happened
        if (token.dep_ == "prep" and token.lower_ == "according") or _introduces_date(token, when_at):
            continue
        if token.i in reading.bracketed or (token.dep_ == "appos" and not _names_a_person(reading, token)):
            continue  # "800 km (500 miles)", "the meeting, the first such gathering since May"
        if token.dep_ == "npadvmod" and token.left_edge.i > 0 and reading.doc[token.left_edge.i - 1].text == ",":
            continue  # "opened a summit on Monday, their first since 2024": an aside
        if token.dep_ == "case" and token.head.i in when_at:
            continue  # the "'s" of "Tuesday's talks", whose date is left out
        if token.i not in subject_tokens and token.i not in when_at and token.i <= verb.i + TITLE_WINDOW:
            if token.dep_ != "punct" or token.text in TITLE_PUNCTUATION or _lists(token):
                words.append(token)
        stack.extend(token.children)
    return sorted(words, key=lambda t: t.i)


def _with_full_names(reading: Reading, cast: Cast, tokens: list[Token], doers: Sequence[str] | None = None) -> str:
    """Title words with people's canonical names: "showed Kim" -> "shows Kim Jong Un";
    given the clause's ``doers``, "invited him" -> "invites Shigeru Ishiba"."""
    pieces: list[str] = []
    run: list[Token] = []

    def flush(before_name: bool = True) -> None:
        # "Putin, Xi and Modi", "Lane, Marion and Jackson": a list's comma before a name stays.
        comma = "," if before_name and run and run[-1].text == "," else ""
        text = as_text(run)
        if text and pieces and run[0].text == ",":
            pieces[-1] += ","  # "including Slepian, three clinic employees": the comma after a name stays
        if text:
            pieces.append(text + comma)
        elif comma and pieces:
            pieces[-1] += comma
        run.clear()

    for token in tokens:
        meant = cast.person_meant_by_object(token, doers) if doers is not None else None
        if meant:
            flush()
            pieces.append(meant)
            continue
        mention = reading.mention_at.get(token.i)
        if mention and mention.label == "PERSON":
            if token.i == mention.start:
                mark = reading.doc[mention.end - 1].lower_
                possessive = {"'s": "'s", "\u2019s": "'s", "'": "'", "\u2019": "'"}.get(mark, "")  # "Greg Tamura's", "Hipkins'"
                flush()
                pieces.append(mention.name + possessive)
            continue
        run.append(token)
    flush(before_name=False)
    return re.sub(r" (['\u2019]s)\b", r"\1", " ".join(filter(None, pieces)))


def _relative_object(reading: Reading, verb: Token) -> tuple[Token | None, list[Token]]:
    """ "the contract that Boeing lost": a relative clause's "that" (or "which", "whom")
    as its object, and the phrase it stands for, so that its title says what was lost:
    "Boeing loses the tanker contract", not "Boeing loses"."""
    if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN") or verb.head.i in reading.dates.when_at:
        return None, []
    relative = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in ("that", "which", "whom")), None)
    return (relative, phrase_core(verb.head)) if relative is not None else (None, [])


def _denies_by_its_words(subject: Token) -> bool:
    """ "Neither Boeing nor Airbus", "no company": a subject that says the clause did not happen."""
    return any((c.dep_ == "det" and c.lower_ in ("no", "neither")) or (c.dep_ == "cc" and c.lower_ == "nor") for c in subject.children)


def _names_a_person(reading: Reading, phrase: Token) -> bool:
    """ "met Russia's defence minister, Sergei Shoigu": the apposition is the name."""
    return any((m := reading.mention_at.get(t.i)) and m.label == "PERSON" for t in phrase.subtree)


def _said_by_names(reading: Reading, phrase: Token) -> bool:
    """Whether a title says a phrase by its names: a name, or a person's description.

    "Russia's defence minister, Sergei Shoigu" is Sergei Shoigu.
    """
    return phrase.i in reading.mention_at or any(
        c.dep_ == "appos" and c.i in reading.mention_at and reading.mention_at[c.i].label == "PERSON" for c in phrase.children
    )


def _predicate(verb: Token, plural: bool, negation: str | None, has_subject: bool, modal: str | None = None) -> str:
    """The title's verb in the present, in the clause's voice and polarity.

    "were killed" -> "are killed" (not "kill", which makes the victims the
    killers), and "were disappointed" -> "are disappointed"; "will not attend" -> "does not attend"; "was never invited" ->
    "is never invited"; with no subject to show, a bare "released". A claim
    keeps its modal: "could not supply" stays a possibility, never "does not supply".
    """
    lemma = verb.lemma_.lower()
    if modal:
        main = f"be {verb.lower_}" if _is_passive(verb) else lemma
        return " ".join(filter(None, [modal, negation, main]))
    be = "are" if plural else "is"
    if _is_passive(verb) or verb.dep_ == "acomp":  # "We are disappointed": "Boeing is disappointed", never "disappoints"
        return " ".join(filter(None, [be if has_subject else "", negation, verb.lower_]))
    if lemma == "be":
        return " ".join(filter(None, [be, negation]))
    if negation == "not":
        return f"{'do' if plural else 'does'} not {lemma}"
    return " ".join(filter(None, [negation, _present(lemma, plural)]))


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


def _is_passive(verb: Token) -> bool:
    """ "was signed", "the deal was signed", "sanctions imposed by Washington", "resolutions passed in 2006"."""
    return is_participle_modifier(verb) or any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in verb.children)


def _listed(names: Sequence[str]) -> str:
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


def _leads_to_date(token: Token, when_at: Mapping[int, TimeExpression]) -> bool:
    """A date's own words, or the preposition that introduces it: "on Friday"."""
    if token.i in when_at and token.dep_ != "compound":
        return token.head.dep_ == "prep" or token.dep_ in ("npadvmod", "pobj")
    return _introduces_date(token, when_at)


def _introduces_date(token: Token, when_at: Mapping[int, TimeExpression]) -> bool:
    """The preposition of a date ("on" in "on Friday"), which a title leaves out with it."""
    return token.dep_ == "prep" and any(c.i in when_at for c in token.children)


def _lists(comma: Token) -> bool:
    """A comma between the items of a list: "Lane, Marion and Jackson counties", "with
    the Civic Alliance, the Liberal Centre and the Farmers' Union"."""
    following = comma.nbor(1) if comma.i + 1 < len(comma.doc) else None
    while following is not None and following.dep_ in ("det", "compound", "amod", "poss", "nummod") and following.head.i > following.i:
        following = following.head  # the item's head word, past its "the"
    return comma.text == "," and following is not None and following.dep_ == "conj" and following.head.i == comma.head.i


def _shorten(text: str, limit: int = 140) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def _capitalised(text: str) -> str:
    """A title's first letter in capitals, but never a name's own lower case: "iTunes", "eBay"."""
    if len(text) > 1 and text[0].islower() and text[1].isupper():
        return text
    return text[:1].upper() + text[1:]
