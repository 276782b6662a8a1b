"""One article's parse, indexed once: what every stage of event extraction looks up.

A ``Reading`` never changes while the article is walked; what the walk learns
as it goes (who was named, the scene) is kept by the stages that need it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Mapping, TypeVar

from spacy.tokens import Doc, Span, Token

from ..contents import Article, EventMention, TimeExpression
from ..entities import Mention
from ..settings import Settings
from .anchoring import DateIndex, index_dates
from .grammar import in_brackets, mention_head, placed_by
from .wordlists import REPORTING_VERBS


@dataclass(frozen=True)
class Reading:
    article: Article
    doc: Doc
    settings: Settings
    lemma_types: Mapping[str, str]  # trigger lemma -> event type
    #: Verbs whose clause says what someone said: they attribute what they govern.
    speech_verbs: frozenset[str]
    mention_at: Mapping[int, Mention]  # token -> the name it is part of
    nationality_at: Mapping[int, Span]  # token -> the nationality word it is part of ("North Korean")
    #: Names the article places things in or at, or names as places: the small model
    #: sometimes takes the same city for a person ("to visit Vladivostok").
    place_names: frozenset[str]
    bracketed: set[int]  # tokens inside brackets: asides
    dates: DateIndex
    #: token -> the TimeML event mention the learned layer found there ("flight", "talks")
    event_at: Mapping[int, EventMention]
    #: (question, token) -> answer, for the questions of ``asked_once``
    answers: dict[tuple[str, int], object] = field(default_factory=dict, init=False, compare=False, repr=False)


def read(
    article: Article, doc: Doc, timexes: list[TimeExpression], mentions: list[Mention], settings: Settings,
    event_mentions: tuple[EventMention, ...] = (),
) -> Reading:
    return Reading(
        article,
        doc,
        settings,
        lemma_types={lemma: name for name, lemmas in settings.event_types.items() for lemma in lemmas},
        speech_verbs=REPORTING_VERBS | settings.event_types["statement"] | settings.event_types["accusation"],
        mention_at={i: m for m in mentions for i in range(m.start, m.end)},
        nationality_at={i: e for e in doc.ents if e.label_ == "NORP" for i in range(e.start, e.end)},
        place_names=frozenset(m.name for m in mentions if m.kind == "place" or m.label == "GPE" or placed_by(mention_head(doc, m))),
        bracketed=in_brackets(doc[:]),
        dates=index_dates(article, doc, timexes),
        event_at={span.root.i: m for m in event_mentions if (span := doc.char_span(m.start, m.end)) is not None},
    )


_Answer = TypeVar("_Answer")


def asked_once(question: Callable[[Reading, Token], _Answer]) -> Callable[[Reading, Token], _Answer]:
    """Answer a question about one token once per article.

    The stages ask the same questions of the same words (a verb's subject is wanted
    for its type, its status, its actors, its date and its title), and the answer
    depends on the parse alone, so it is kept in the ``Reading``.
    """

    @functools.wraps(question)
    def answer(reading: Reading, token: Token) -> _Answer:
        key = (question.__name__, token.i)
        if key not in reading.answers:
            reading.answers[key] = question(reading, token)
        return reading.answers[key]  # type: ignore[return-value]

    return answer


def is_place_name(reading: Reading, mention: Mention) -> bool:
    """A "person" the article also names as a place: the model's mistake, not a person."""
    return mention.label == "PERSON" and mention.name in reading.place_names
