"""Small questions to the parse that every stage asks, and how a phrase reads as text.

Pure functions of spaCy tokens: none knows the article beyond the parse.
"""

from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from ..entities import Mention
from .wordlists import CLOSING_DOUBLE_QUOTE, END_PREPOSITIONS, PHRASE_LEFT_OUT, QUOTE_PAIRS


def mention_head(doc: Doc, mention: Mention) -> Token:
    """The token of a multi-word name that the rest of the sentence attaches to."""
    head = doc[mention.end - 1]
    while head.head.i != head.i and head.head.i in range(mention.start, mention.end):
        head = head.head
    return head


def placed_by(head: Token) -> bool:
    """ "in Vladivostok", "at Vostochny": a name that something happens in or at is a place."""
    return head.dep_ == "pobj" and head.head.lower_ in ("in", "at")


def phrase_core(phrase: Token, left_out: frozenset[str] = PHRASE_LEFT_OUT) -> list[Token]:
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


def subtree_outside(phrase: Token, other: Token) -> set[int]:
    """Indexes of ``phrase``'s subtree that are not in ``other``'s.

    Mostly the phrase is inside the other (a verb's subject), so the answer is
    known without walking either subtree: a clause's subtree may be its whole sentence.
    """
    if phrase.i == other.i or other.is_ancestor(phrase):
        return set()
    inside = {t.i for t in other.subtree} if phrase.is_ancestor(other) else set()
    return {t.i for t in phrase.subtree} - inside


def joins_with_and(phrase: Token) -> bool:
    """ "My family and I" are plural; "the president or anyone else" is not."""
    return any(c.dep_ == "cc" and c.lower_ == "and" for c in phrase.children) and any(c.dep_ == "conj" for c in phrase.children)


def is_participle_modifier(verb: Token) -> bool:
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


def until_or_contrast(verb: Token, neg: Token) -> bool:
    """A "not" that does not deny the clause: "did not arrive until Tuesday" (he arrived,
    on Tuesday) and "arrived on Tuesday, not Monday" (he arrived)."""
    if any(c.dep_ == "prep" and c.lower_ in END_PREPOSITIONS for c in verb.children):
        return True
    return neg.i > verb.i and neg.i > 0 and neg.doc[neg.i - 1].text == ","


def in_brackets(tokens: Span) -> set[int]:
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


def as_text(tokens: Iterable[Token]) -> str:
    """Tokens as text, keeping the original spacing except across left-out tokens."""
    tokens = list(tokens)
    text = "".join(
        t.text + (t.whitespace_ if i + 1 < len(tokens) and tokens[i + 1].i == t.i + 1 else " ") for i, t in enumerate(tokens)
    )
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)  # brackets whose words were left out
    return re.sub(r",(\s*,)+", ",", " ".join(text.split())).strip(" ,;:")


_QUOTE_MARKS = frozenset({*QUOTE_PAIRS, *"".join(QUOTE_PAIRS.values()), CLOSING_DOUBLE_QUOTE})


def without_unpaired_quotes(text: str) -> str:
    """The text without quotation marks whose partner was cut off.

    A pair that still encloses words stays: in "the Kremlin's “sacred war”" the
    words are the Kremlin's, and dropping the marks would make them the site's.
    """
    if _QUOTE_MARKS.isdisjoint(text):
        return " ".join(text.split())  # most titles quote nothing: no pair to look for
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
