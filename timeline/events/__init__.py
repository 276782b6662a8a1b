"""Find what happened in each sentence: the event, who, where, when, and the evidence.

Events come from spaCy's dependency parse. A trigger is a clause's main verb,
or the event noun a light verb carries ("held talks"). Its arguments, status
and date are read off the parse; nothing here does I/O.

The stages, each a module: ``triggers`` (which words tell an event, of which
type), ``status`` (happened, planned or reported; denied or possible),
``roles`` and ``cast`` (who, and whom "he" or "the two leaders" name),
``anchoring`` (when), ``titles`` (the one-line title) and ``entries`` (the walk
through the article that puts them together, one entry per real event, each
with why it is as it is). ``context`` indexes the parse
once; ``grammar`` and ``wordlists`` are what they all read it with.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .. import dates, nlp as nlp_loader
from ..contents import Article, EventMention, Extraction
from ..entities import find_mentions, name_variants
from ..mentions import find_event_mentions
from ..readers import plain_text
from ..settings import DEFAULT_SETTINGS, Settings
from .entries import find_events


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
    """Extract many articles (see :func:`extract_each`), as a list."""
    return list(extract_each(articles, nlp, settings, progress, on_error))


def extract_each(
    articles: Iterable[Article],
    nlp: Language | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[Article], None] | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> Iterator[Extraction]:
    """Extract many articles, parsing them as a stream (see ``nlp.parse``), and give each
    extraction as soon as it is done: a build caches it then, so a run stopped halfway keeps that half.

    With ``on_error``, an article whose extraction fails is reported there and left
    out, so one bad article cannot stop a build; without it, the error propagates.
    """
    articles = list(articles)
    for article, doc in zip(articles, nlp_loader.parse((plain_text(a) for a in articles), nlp)):
        try:
            extraction = extract_from_doc(article, doc, settings)
        except Exception as error:  # noqa: BLE001 -- reported to the caller, who names the file
            if on_error is None:
                raise
            on_error(article, error)
        else:
            yield extraction
        if progress:
            progress(article)


def extract_from_doc(
    article: Article, doc: Doc, settings: Settings = DEFAULT_SETTINGS, event_mentions: tuple[EventMention, ...] | None = None
) -> Extraction:
    """Events of an already-parsed article: the pure core of extraction.

    ``event_mentions`` replaces the shipped model's: a benchmark passes a held-out
    model's mentions, or the gold ones, so what it scores was not trained on.
    """
    timexes = dates.find_time_expressions(doc, article.published, settings.day_first)
    mentions = find_mentions(doc, settings.aliases, article.source)
    event_mentions = find_event_mentions(doc) if event_mentions is None else event_mentions
    explained = find_events(article, doc, timexes, mentions, settings, event_mentions)
    return Extraction(
        article, tuple(timexes), tuple(event for event, _ in explained), name_variants(mentions), event_mentions,
        whys=tuple(why for _, why in explained),
    )
