"""Names of people, organisations and places found in a parsed article.

Within an article, "Mr Putin", "Putin" and "Vladimir Putin" are one person;
"DPRK" and "North Korea" are one country (the tables and the rules of canonical
names are in ``names``). Users add their own aliases in ``timeline.yml`` (see the README).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .names import CAPITALS, COUNTRIES, Aliases, canonical_names, clean_name, name_parts
from .nlp import dateline_ends

#: Entity labels we keep, and what kind of name each is.
KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "LOC": "place", "FAC": "place"}


@dataclass(frozen=True)
class Mention:
    """One name in the text, with its canonical form."""

    text: str
    start: int  # token index
    end: int  # token index, exclusive
    label: str
    name: str

    @property
    def kind(self) -> str:
        return KINDS[self.label]


def _extend_hyphenated(doc: Doc, ent: Span) -> Span:
    """Take in hyphen-joined parts of a place name: "Komsomolsk" -> "Komsomolsk-on-Amur"."""
    end = ent.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    return doc[ent.start:end] if end != ent.end else ent


def _joined_company_names(doc: Doc) -> list[Span]:
    """The model's names, with a company it cut in two joined again: "Lockheed Martin"
    read as the company "Lockheed" and a person "Martin" is one company. Only a person
    of one word that the company's name modifies, directly after it."""
    ents = list(doc.ents)
    joined: list[Span] = []
    for ent in ents:
        previous = joined[-1] if joined else None
        if (
            previous is not None and previous.label_ == "ORG" and ent.label_ == "PERSON" and len(ent) == 1
            and previous.end == ent.start and doc[previous.end - 1].head.i == ent.start and doc[previous.end - 1].dep_ == "compound"
        ):
            joined[-1] = Span(doc, previous.start, ent.end, label="ORG")
            continue
        joined.append(ent)
    return joined


def _split_source_prefix(ent: Span, source: str | None) -> Span | None:
    """Drop the publisher's own name glued onto an entity ("told Sky News North Korea can")."""
    if not source:
        return ent
    words = source.split()
    if [t.text for t in ent[: len(words)]] == words:
        rest = ent[len(words):]
        return rest if len(rest) else None
    return ent


def _split_pair(span: Span, label: str, aliases: Aliases) -> list[tuple[Span, str]]:
    """ "Russia-DPRK" (as in "the Russia-DPRK friendship") is two known names, not one;
    so is "Cho, Iwaya" when the model runs a list of names a user listed into one."""
    hyphens = [t.i - span.start for t in span if t.text == "-" and not t.whitespace_ and not span.doc[t.i - 1].whitespace_]
    commas = [t.i - span.start for t in span if t.text == ","]
    for cuts, part_label in ((hyphens, "GPE"), (commas, label)):
        if len(cuts) == 1 and 0 < cuts[0] < len(span) - 1:
            left, right = span[: cuts[0]], span[cuts[0] + 1 :]
            if all(aliases.knows(clean_name(part.text)) for part in (left, right)):
                return [(left, part_label), (right, part_label)]
    return [(span, label)]


def find_mentions(doc: Doc, aliases: Aliases, source: str | None = None) -> list[Mention]:
    """Every kept name in ``doc``, canonicalised within the article.

    A short person name ("Putin", "Kim") becomes the one longer name in the same
    article it stands for ("Vladimir Putin", "Kim Jong Un"); an organisation's name
    is only ever shortened ("U.S. Air Force" is "Air Force" where the article also
    writes that), by the rules that join names across articles (:func:`canonical_names`).
    """
    raw: list[tuple[Span, str, str]] = []
    text = doc.text  # rebuilt from every token on each access
    datelines = [(text.rfind("\n", 0, end) + 1, end) for end in dateline_ends(text)]
    for ent in _joined_company_names(doc):
        if ent.label_ not in KINDS or any(start <= ent.start_char < end for start, end in datelines):
            continue  # "SEOUL, Sept 13 (Reuters) -" says where the copy was filed, not who did what
        span = _split_source_prefix(ent, source)
        if span is None or (len(span) == 1 and span[0].tag_ in ("VBN", "VBD", "VBG")):
            continue  # "Rescued on Monday by a ship, ...": a capitalised verb opening a sentence is no name
        if ent.label_ in ("GPE", "LOC", "FAC"):
            span = _extend_hyphenated(doc, span)
        for part, label in _split_pair(span, ent.label_, aliases):
            name = clean_name(part.text)
            if name and any(ch.isalpha() for ch in name):
                raw.append((part, label, aliases.canonical(name)))

    listed = _listed_names(doc, text, aliases, raw)
    covered = {i for span, _, _ in listed for i in range(span.start, span.end)}
    raw = [found for found in raw if found[0].start not in covered]  # "Kestrel Amankwah KC", listed, beats "Kestrel Amankwah" + "KC"
    raw = sorted(raw + listed, key=lambda found: found[0].start)
    # The model may tag one name a person in one sentence and a building in the next
    # ("the trial of Tobiah Wrenfield-Oduya"): each name takes the label it is given most,
    # and a name it also saw as a person counts its "buildings" without a building word
    # as person votes (Camp David, never a person here, stays a place). A tie goes to
    # the person, but never for a country ("Jordan", "Georgia").
    votes: dict[str, Counter] = defaultdict(Counter)
    for _, label, name in raw:
        votes[name][label] += 1
    for name, counts in votes.items():
        if counts["PERSON"] and counts["FAC"] and _reads_as_person(name):
            counts["PERSON"] += counts.pop("FAC")
    labels = {
        name: max(counts, key=lambda label: (counts[label], label == "PERSON" and name not in COUNTRIES))
        for name, counts in votes.items()
    }
    # "visited Kyiv": the small model may take a country or a capital for a person. It is
    # the place, unless the article names a person by it ("Michael Jordan" ... "Jordan").
    people_parts = {part for name, label in labels.items() if label == "PERSON" for part in name_parts(name)}
    surnames = _surnames_of_people(labels)
    for name, label in labels.items():
        if label == "PERSON" and (name in COUNTRIES or name in CAPITALS) and name not in people_parts:
            labels[name] = "GPE"
        elif label in ("GPE", "LOC", "ORG") and name in surnames:
            # "Attorney General Janet Reno" ... "a letter to Reno": her, not the city; the small
            # model often takes a lone surname for an organisation ("Geller denies the charges")
            labels[name] = "PERSON"
    raw = [(span, labels[name], name) for span, _, name in raw]
    # People by the full name the article gives them; organisations, like places, are only ever
    # shortened: "the U.S. Air Force" and "the Air Force" are one, "Boeing" is never "Boeing Commercial Airplanes".
    canonical = {
        **canonical_names((name for _, label, name in raw if label == "ORG"), places=True),
        **canonical_names((name for _, label, name in raw if label == "PERSON"), people=True),
    }
    return [Mention(span.text, span.start, span.end, label, canonical.get(name, name)) for span, label, name in raw]


#: Words that name a building or a site: a "facility" without one is the model's mistake.
FACILITY_WORDS = frozenset(
    "airport avenue base bridge building castle cathedral centre center church cosmodrome court dam embassy factory "
    "gate hall harbour harbor highway hospital hotel house mosque museum palace park pier plant port prison road school "
    "square stadium station street temple terminal tower tunnel university wall".split()
)


def _surnames_of_people(labels: dict[str, str]) -> set[str]:
    """The surnames of the people an article names in full ("Reno" of "Janet Reno"), but a
    country's or a capital's name ("Jordan" of "Michael Jordan" may still be the country)."""
    return {
        surname
        for name, label in labels.items()
        if label == "PERSON" and len(name.split()) >= 2
        for surname in name_parts(name, trailing_only=True)[-1:]
        if surname not in COUNTRIES and surname not in CAPITALS
    }


def _reads_as_person(name: str) -> bool:
    """ "Tobiah Wrenfield-Oduya" tagged a facility: two or three capitalised words, none a building's."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not any(w.lower() in FACILITY_WORDS for w in words)


def _listed_names(doc: Doc, text: str, aliases: Aliases, found: list[tuple[Span, str, str]]) -> list[tuple[Span, str, str]]:
    """Known names the model did not tag, longest first: the user's listed names ("Cho,
    Iwaya and Wang"), a name of two or more words the model tagged elsewhere in the
    article ("Meridian Airways agreed to buy", where it saw only "Coastal Air"), and the
    surname of a person it names in full.

    Also the surname of a person the article names in full, where the model missed it
    ("Hollis, 61, and the father of two boys, was shot").
    Each takes the label the model gave the same name elsewhere in the article (a surname a
    person's), else that of an organisation: an actor either way.
    """
    seen = {form for span, _, _ in found if len((form := clean_name(span.text)).split()) >= 2 and form.istitle()}
    labels = {name: label for _, label, name in found}
    # "Dr. Mark Hollis ... Hollis, 61, was shot": a person's surname the model missed elsewhere
    surnames = _surnames_of_people(labels)
    forms = tuple(sorted(set(aliases.listed) | seen | surnames, key=lambda f: (-len(f), f)))
    if not forms:
        return []
    # A listed name may swallow the model's names it covers whole, never cut one in two.
    inside = {i: (span.start, span.end) for span, _, _ in found for i in range(span.start, span.end)}
    taken: set[int] = set()
    extra = []
    for match in _listed_pattern(forms).finditer(text):  # text: doc.text, taken once
        span = doc.char_span(match.start(), match.end())
        if span is None or taken & set(range(span.start, span.end)) or any(t.ent_type_ in ("DATE", "TIME") for t in span):
            continue  # "since May" is no Theresa May
        if any(not (span.start <= inside[i][0] and inside[i][1] <= span.end) for i in range(span.start, span.end) if i in inside):
            continue  # it would cut one of the model's names
        if inside.get(span.start) == (span.start, span.end):
            continue  # the model found it here too, with a label of its own
        name = aliases.canonical(match.group())
        if match.group() in surnames:
            if span[0].tag_ != "NNP":
                continue  # "Young people gathered": a word at a sentence's start, not Neil Young
            labels[name] = "PERSON"
        extra.append((span, labels.get(name, "GPE" if name in COUNTRIES else "ORG"), name))
        taken.update(range(span.start, span.end))
    return extra


@functools.lru_cache(maxsize=64)
def _listed_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """One pattern for all known names, longest first, so a text is scanned once."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(form) for form in forms) + r")(?!\w)")


def name_variants(mentions: list[Mention]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each canonical name with the other forms it was written in, sorted for stable output."""
    variants: dict[str, set[str]] = {}
    for mention in mentions:
        form = clean_name(mention.text)
        forms = variants.setdefault(mention.name, set())
        if form and form != mention.name:
            forms.add(form)
    return tuple((name, tuple(sorted(forms))) for name, forms in sorted(variants.items()))
