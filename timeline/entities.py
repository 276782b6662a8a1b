"""Names of people, organisations and places, resolved to one canonical form.

Within an article, "Mr Putin", "Putin" and "Vladimir Putin" are one person;
"DPRK" and "North Korea" are one country. Users add their own aliases in
``timeline.yml`` (see the README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from spacy.tokens import Doc, Span

#: Entity labels we keep, and what kind of name each is.
KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "LOC": "place", "FAC": "place"}

#: Honorifics and offices that precede a name but are not part of it.
TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady president premier prime minister chancellor king queen "
    "prince princess general gen. gen col. colonel senator sen. sen rep. rep governor gov. secretary "
    "mayor chairman chairwoman pope sheikh ambassador judge justice comrade leader".split()
)

#: Widely used alternative names; a user's aliases add to these and win over them.
BUILTIN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "North Korea": ("DPRK", "Democratic People's Republic of Korea", "D.P.R.K."),
    "South Korea": ("Republic of Korea", "ROK"),
    "United States": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "Russia": ("Russian Federation",),
    "China": ("People's Republic of China", "PRC"),
    "European Union": ("EU", "E.U."),
    "United Nations": ("UN", "U.N."),
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def _key(name: str) -> str:
    return " ".join(name.translate(_APOSTROPHES).lower().split())


@dataclass(frozen=True)
class Aliases:
    """Maps every known alias (case-insensitively) to its canonical name."""

    table: Mapping[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str:
        return self.table.get(_key(name), name)


def build_aliases(user_aliases: Mapping[str, list[str] | tuple[str, ...]] | None = None) -> Aliases:
    """Aliases from the built-in table plus a user's ``{canonical: [alias, ...]}``."""
    table: dict[str, str] = {}
    for source in (BUILTIN_ALIASES, user_aliases or {}):
        for canonical, names in source.items():
            for name in (canonical, *names):
                table[_key(str(name))] = str(canonical)
    return Aliases(table)


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


def clean_name(text: str) -> str:
    """Strip articles, honorifics and possessives: "the Kremlin's" -> "Kremlin", "Mr Putin" -> "Putin"."""
    text = " ".join(text.translate(_APOSTROPHES).split())
    text = re.sub(r"'s?$", "", text)
    words = text.split(" ")
    while len(words) > 1 and (words[0].lower() in TITLES or words[0].lower() == "the"):
        words.pop(0)
    return " ".join(words).strip(" -,.") if len(words) else text


def _extend_hyphenated(doc: Doc, ent: Span) -> Span:
    """Take in hyphen-joined parts of a place name: "Komsomolsk" -> "Komsomolsk-on-Amur"."""
    end = ent.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    return doc[ent.start:end] if end != ent.end else ent


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
    """ "Russia-DPRK" (as in "the Russia-DPRK friendship") is two known names, not one."""
    hyphens = [t.i - span.start for t in span if t.text == "-" and not t.whitespace_ and not span.doc[t.i - 1].whitespace_]
    if len(hyphens) == 1 and 0 < hyphens[0] < len(span) - 1:
        left, right = span[: hyphens[0]], span[hyphens[0] + 1 :]
        if all(_key(clean_name(part.text)) in aliases.table for part in (left, right)):
            return [(left, "GPE"), (right, "GPE")]
    return [(span, label)]


def find_mentions(doc: Doc, aliases: Aliases, source: str | None = None) -> list[Mention]:
    """Every kept name in ``doc``, canonicalised within the article.

    A short person name ("Putin", "Kim") becomes the one longer name in the same
    article that contains it ("Vladimir Putin", "Kim Jong Un"); when two longer
    names contain it, it is left as written rather than guessed.
    """
    raw: list[tuple[Span, str, str]] = []
    for ent in doc.ents:
        if ent.label_ not in KINDS:
            continue
        span = _split_source_prefix(ent, source)
        if span is None:
            continue
        if ent.label_ in ("GPE", "LOC", "FAC"):
            span = _extend_hyphenated(doc, span)
        for part, label in _split_pair(span, ent.label_, aliases):
            name = clean_name(part.text)
            if name and any(ch.isalpha() for ch in name):
                raw.append((part, label, aliases.canonical(name)))

    full_names = {name for _, _, name in raw if " " in name}
    by_part: dict[str, set[str]] = {}
    for name in full_names:
        parts = name.split()
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                if (i, j) != (0, len(parts)):
                    by_part.setdefault(" ".join(parts[i:j]), set()).add(name)

    mentions = []
    for span, label, name in raw:
        if label == "PERSON" and len(by_part.get(name, ())) == 1:
            name = next(iter(by_part[name]))
        mentions.append(Mention(span.text, span.start, span.end, label, name))
    return mentions


def name_variants(mentions: list[Mention]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each canonical name with the other forms it was written in, sorted for stable output."""
    variants: dict[str, set[str]] = {}
    for mention in mentions:
        form = clean_name(mention.text)
        forms = variants.setdefault(mention.name, set())
        if form and form != mention.name:
            forms.add(form)
    return tuple((name, tuple(sorted(forms))) for name, forms in sorted(variants.items()))
