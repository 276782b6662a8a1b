"""The data model every stage shares: articles in, time expressions and events out.

Like Pelican's ``contents.py``, this module holds plain data and no I/O, so each
stage can be a pure function from one of these types to the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import urlsplit

#: Granularities of a TIMEX3 value, finest first.
GRANULARITIES = ("time", "day", "week", "month", "quarter", "season", "half", "year", "decade", "century")


@dataclass(frozen=True)
class Article:
    """One news article as read from ``seeds/``.

    ``body`` is the text exactly as read (after any front matter); every offset
    reported elsewhere is a character position in it.
    """

    id: str
    path: str
    title: str
    body: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    language: str = "en"

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("body")
        data["published"] = self.published.isoformat() if self.published else None
        return data


def is_web_address(url: str) -> bool:
    """An http(s) address with a host and no spaces or control characters; ``javascript:``,
    ``data:``, relative and malformed ones ("http://[oops") are not."""
    if any(ord(c) < 32 or ord(c) == 127 or c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class TimeExpression:
    """A TIMEX3 found in an article body.

    ``value`` is ``None`` when the expression is relative and the article has no
    publication date to anchor it: we keep the text rather than guess.
    """

    text: str
    start: int
    end: int
    type: str  # DATE, TIME, DURATION or SET
    value: str | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Span:
    """A piece of the article body with its character offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class EventMention:
    """One TimeML event mention (a word TimeBank would tag EVENT) with its MAKEINSTANCE attributes.

    Finer than ``Event``: every eventive verb, noun and adjective, the layer other stages
    can build on. ``cls`` is TimeML's ``class`` (a Python keyword, hence the name).
    """

    text: str
    start: int
    end: int
    cls: str  # OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL or PERCEPTION
    polarity: str  # POS or NEG
    modality: str  # the modal word ("might", "would") or ""
    tense: str  # PAST, PRESENT, FUTURE, NONE, INFINITIVE, PRESPART or PASTPART
    aspect: str  # PROGRESSIVE, PERFECTIVE, PERFECTIVE_PROGRESSIVE or NONE

    def shifted(self, offset: int) -> "EventMention":
        return replace(self, start=self.start + offset, end=self.end + offset)

    @classmethod
    def from_dict(cls, data: dict) -> "EventMention":
        """The inverse of ``to_dict``."""
        return cls(**{("cls" if key == "class" else key): value for key, value in data.items()})

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "class": self.cls,
            "polarity": self.polarity,
            "modality": self.modality,
            "tense": self.tense,
            "aspect": self.aspect,
        }


@dataclass(frozen=True)
class Event:
    """Something that happened, is planned, or is claimed, with its evidence.

    ``date``/``end_date`` are the ISO first and last day covered by ``value``
    at its ``granularity``; all four are ``None`` for an undated event.
    """

    title: str
    type: str
    status: str  # happened, planned or reported: a plan or a claim is never shown as fact
    sentence: str
    trigger: Span
    article_id: str
    date: str | None = None
    end_date: str | None = None
    value: str | None = None
    granularity: str | None = None
    date_text: str | None = None
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    confidence: float = 1.0
    attributed_to: str | None = None
    negated: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data["actors"] = list(self.actors)
        data["places"] = list(self.places)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Event":
        """The inverse of ``to_dict``."""
        fields = dict(data, trigger=Span(**data["trigger"]), actors=tuple(data["actors"]), places=tuple(data["places"]))
        return cls(**fields)


@dataclass(frozen=True)
class Why:
    """Why an event is on the timeline as it is: the evidence ``timeline extract --explain``
    prints, so a reader who doubts an entry sees its cause in one command.

    ``mention`` is the learned event mention at the trigger (None where the layer found
    none); ``linked`` the other mentions folded into this one entry, each with its role
    ("attribution": the verb that reports it; "complement": the event it governs and
    tells with it; "governor": the event that governs it; "part": its occasion, or
    another outcome of it; "repeat": another telling of the same happening). ``date_step`` is
    how the date was found (own, inherited, governed, scene, published or none), from ``timex``.
    """

    mention: EventMention | None
    date_step: str
    date_because: str
    status: str
    status_because: str
    confidence: float
    confidence_because: tuple[str, ...]
    evidence: float  # the score the confidence is calibrated from (``timeline.calibration``)
    timex: TimeExpression | None = None
    linked: tuple[tuple[str, EventMention], ...] = ()

    def shifted(self, offset: int) -> "Why":
        timex = self.timex
        if timex is not None and timex.start >= 0:
            timex = replace(timex, start=timex.start + offset, end=timex.end + offset)
        return replace(
            self,
            mention=self.mention.shifted(offset) if self.mention else None,
            timex=timex,
            linked=tuple((role, m.shifted(offset)) for role, m in self.linked),
        )

    def to_dict(self) -> dict:
        return {
            "mention": self.mention.to_dict() if self.mention else None,
            "linked": [dict(m.to_dict(), role=role) for role, m in self.linked],
            "date": {"step": self.date_step, "timex": self.timex.to_dict() if self.timex else None, "because": self.date_because},
            "status": {"value": self.status, "because": self.status_because},
            "confidence": {"value": self.confidence, "evidence": self.evidence, "because": list(self.confidence_because)},
        }


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    timexes: tuple[TimeExpression, ...]
    events: tuple[Event, ...]
    #: Each canonical name with the other ways the article writes it ("Putin", "Mr Putin").
    names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Every TimeML event mention, the finer layer the events are chosen from.
    event_mentions: tuple[EventMention, ...] = ()
    #: Why each event is as it is, in the order of ``events`` (see ``Why``); only
    #: ``timeline extract`` shows it, so neither the cache nor the site carries it.
    whys: tuple[Why, ...] = field(default=(), compare=False)

    def shifted(self, offset: int) -> "Extraction":
        """The same extraction with every offset moved, e.g. to count front matter too."""
        return replace(
            self,
            timexes=tuple(replace(t, start=t.start + offset, end=t.end + offset) for t in self.timexes),
            events=tuple(
                replace(e, trigger=replace(e.trigger, start=e.trigger.start + offset, end=e.trigger.end + offset))
                for e in self.events
            ),
            event_mentions=tuple(m.shifted(offset) for m in self.event_mentions),
            whys=tuple(w.shifted(offset) for w in self.whys),
        )

    @classmethod
    def from_dict(cls, article: Article, data: dict) -> "Extraction":
        """The inverse of ``to_dict``, given back the article (whose body ``to_dict`` leaves out)."""
        return cls(
            article,
            tuple(TimeExpression(**t) for t in data["timexes"]),
            tuple(Event.from_dict(e) for e in data["events"]),
            tuple((name, tuple(aliases)) for name, aliases in data["names"].items()),
            tuple(EventMention.from_dict(m) for m in data["event_mentions"]),
        )

    def to_dict(self) -> dict:
        return {
            "article": self.article.to_dict(),
            "timexes": [t.to_dict() for t in self.timexes],
            "events": [e.to_dict() for e in self.events],
            "names": {name: list(aliases) for name, aliases in self.names},
            "event_mentions": [m.to_dict() for m in self.event_mentions],
        }

    def to_explained_dict(self) -> dict:
        """``to_dict`` with each event's ``why``: what ``timeline extract --json`` prints."""
        data = self.to_dict()
        for event, why in zip(data["events"], self.whys):
            event["why"] = why.to_dict()
        return data


@dataclass(frozen=True)
class Source:
    """One article's report of a timeline entry, with its own quote."""

    article_id: str
    title: str
    published: str | None
    url: str | None
    quote: str
    #: The id of this article's mention of the event (see ``corrections.mention_id``); "" before ids are given.
    mention_id: str = ""


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree about an entry's date."""

    field: str
    values: tuple[tuple[str, tuple[str, ...]], ...]  # (value, article ids that give it)


@dataclass(frozen=True)
class Entry:
    """One timeline entry: an event merged from every article that reports it."""

    event: Event
    sources: tuple[Source, ...]
    conflicts: tuple[Conflict, ...] = field(default=())
    #: The id ``corrections.yml`` names the entry by: its earliest source's ``mention_id``.
    id: str = ""
    #: What ``corrections.yml`` changed ("date", "title", "merged", "added", ...), sorted; empty when nothing.
    corrected: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = self.event.to_dict()
        data["sources"] = [asdict(s) for s in self.sources]
        data["conflicts"] = [
            {"field": c.field, "values": [{"value": v, "sources": list(ids)} for v, ids in c.values]}
            for c in self.conflicts
        ]
        data["id"] = self.id
        data["corrected"] = list(self.corrected)
        return data
