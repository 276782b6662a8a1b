"""Merge the events of many articles into one timeline of sourced entries.

Several articles report the same event in their own words and on their own
publication days; a reader wants it once, with every source and its quote, and
wants to see when the sources disagree about the date. Everything here is a pure
function of the extractions, so the same folder always gives the same entries.

Sameness (see ``_match``), in short: same event type and negation, different
articles, then by how well dates, actors and text agree:

* the actors of every pair of tellings must contain one another: "Putin met Xi" and
  "Putin met Modi" are two meetings, however alike the words;
* both dated to a week or finer, and compatible: text similarity 50 with actors on
  both sides, 85 without; the titles share a content word;
* compatible only at a month or a year: actors that contain one another, text
  similarity 80, and two shared content words in the titles;
* one side undated: the same, and the dated side within a month before the
  undated side's publication (after it, for a plan); the entry takes the date;
* both precise, incompatible, at most a week apart: the same actors, text
  similarity 85, two shared content words; the entry records a date ``Conflict``;
* events of type "other" say little by their type: they merge only on precise
  compatible dates with similarity 85 and two shared content words.

Text similarity is rapidfuzz's ``token_set_ratio`` (0-100) on the titles or on the
evidence sentences, whichever is higher, without the actors' names (they are
judged on their own, and would otherwise make any two events of one person alike).
Candidates are looked up per event type and month (and per type and actor for
undated events), so the cost grows with the events of one month, not with the
square of all events.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable

from rapidfuzz import fuzz, utils

from .contents import GRANULARITIES, Article, Conflict, Entry, Event, Extraction, Source
from .entities import canonical_names

#: Dates this far apart (in days) can still be one event whose sources disagree.
CONFLICT_WINDOW_DAYS = 7
#: Texts at least this long are also compared fuzzily when looking for duplicates.
NEAR_DUPLICATE_MIN_CHARS = 400
#: rapidfuzz ``ratio`` from which two long texts are the same article.
NEAR_DUPLICATE_RATIO = 97.0
#: A dated range longer than this is indexed for every event of its type, not by month.
_WIDE_RANGE_DAYS = 92


# --------------------------------------------------------------------------- duplicate articles


def _normalised_text(text: str) -> str:
    return " ".join(text.casefold().split())


def find_duplicate_articles(articles: Iterable[Article]) -> dict[str, str]:
    """Map each article that repeats an earlier one to the id of the one kept.

    Of a group, the copy that says most about itself (publication date, url,
    source) is kept, then the first by id: a bare paste of a dated article must
    not take its dates away. Texts are
    the same when equal after folding case and whitespace; long texts (at least
    ``NEAR_DUPLICATE_MIN_CHARS``) also when rapidfuzz's ``ratio`` reaches
    ``NEAR_DUPLICATE_RATIO`` (a fixed typo, a changed byline). Only texts of
    similar length are compared, so this stays cheap on large folders.
    """
    duplicates: dict[str, str] = {}
    kept_by_hash: dict[str, str] = {}
    kept_long: list[tuple[int, str, str]] = []  # (length, text, id), for the fuzzy pass
    seen: set[str] = set()
    for article in sorted(articles, key=lambda a: (a.published is None, a.url is None, a.source is None, a.id)):
        if article.id in seen:
            continue  # one article passed twice is not a duplicate of itself
        seen.add(article.id)
        text = _normalised_text(article.body)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        if digest in kept_by_hash:
            duplicates[article.id] = kept_by_hash[digest]
            continue
        if len(text) >= NEAR_DUPLICATE_MIN_CHARS:
            near = _near_duplicate_of(text, kept_long)
            if near is not None:
                duplicates[article.id] = near
                continue
            kept_long.append((len(text), text, article.id))
        kept_by_hash[digest] = article.id
    return duplicates


def _near_duplicate_of(text: str, kept: list[tuple[int, str, str]]) -> str | None:
    slack = 1 - NEAR_DUPLICATE_RATIO / 100
    for length, other, other_id in kept:
        if abs(length - len(text)) > slack * max(length, len(text)):
            continue
        if fuzz.ratio(text, other, score_cutoff=NEAR_DUPLICATE_RATIO):
            return other_id
    return None


# --------------------------------------------------------------------------- names across articles


def name_aliases(extractions: Iterable[Extraction]) -> dict[str, tuple[str, ...]]:
    """Every other form each canonical name is written in, across all articles.

    An actor's page says it once: "Vladimir Putin, also written Putin, Mr Putin".
    """
    extractions = list(extractions)
    canonical = canonical_names(name for x in extractions for name, _ in x.names)
    aliases: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        for name, forms in extraction.names:
            target = canonical[name]
            aliases[target].update(form for form in (name, *forms) if form != target)
    return {name: tuple(sorted(forms, key=str.casefold)) for name, forms in sorted(aliases.items()) if forms}


def _canonicalise(events: list[Event]) -> list[Event]:
    """Events with their actors and places renamed to their cross-article canonical names."""
    actors = canonical_names(a for e in events for a in e.actors)
    places = canonical_names(p for e in events for p in e.places)
    return [
        replace(
            e,
            actors=tuple(dict.fromkeys(actors[a] for a in e.actors)),
            places=tuple(dict.fromkeys(places[p] for p in e.places)),
        )
        for e in events
    ]


# --------------------------------------------------------------------------- clustering


@dataclass
class _Report:
    """One article's event, with what matching needs computed once."""

    event: Event
    article: Article
    first: dt.date | None
    last: dt.date | None
    rank: int  # position of the granularity in GRANULARITIES: lower is finer
    title: str  # title words without the actors' names
    sentence: str  # sentence words without the actors' names
    stems: frozenset[str]  # content-word stems of the title, for counting shared words

    @property
    def precise(self) -> bool:
        """Dated to a week or finer: a date that alone says much about sameness."""
        return self.first is not None and self.rank <= _WEEK


@dataclass
class _Cluster:
    reports: list[_Report] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


_WEEK = GRANULARITIES.index("week")
#: Words too common to show that two titles tell the same thing.
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for with by from as and or but his her its their our your this that these those "
    "is are was were be been has have had will would about after before over into than then "
    "do does did not never no".split()  # negated titles all say "does not"
)


def _report(event: Event, article: Article) -> _Report:
    first, last, granularity = _covered(event)
    rank = GRANULARITIES.index(granularity) if granularity in GRANULARITIES else len(GRANULARITIES)
    names = {word for actor in event.actors for word in utils.default_process(actor).split()}
    title = _content(event.title, names)
    stems = frozenset(w.rstrip("s")[:5] for w in title.split() if w not in _FUNCTION_WORDS and w.isalpha() and len(w) > 2)
    return _Report(event, article, first, last, rank, title, _content(event.sentence, names), stems)


def _covered(event: Event) -> tuple[dt.date | None, dt.date | None, str | None]:
    """First day, last day and granularity of an event's date; all None when undated.

    Read from ``date`` and ``end_date``, which the extractor derived from the value
    (so PRESENT_REF already is the publication day), not from the value again.
    """
    if not event.date:
        return None, None, None
    try:
        first = dt.date.fromisoformat(event.date[:10])
        last = dt.date.fromisoformat(event.end_date[:10]) if event.end_date else first
    except ValueError:
        return None, None, None
    return first, max(first, last), event.granularity or "day"


def _content(text: str, names: set[str]) -> str:
    """Lower-cased words of ``text`` without the actors' names, which are compared on their own."""
    return " ".join(w for w in utils.default_process(text).split() if w not in names)


def _gap_days(a: _Report, b: _Report) -> int:
    """Days between two dated ranges; 0 when they overlap (compatible dates)."""
    return max(0, (b.first - a.last).days, (a.first - b.last).days)


def _similarity(a: str, b: str) -> float:
    """token_set_ratio, except that a one-word text ("announces") must match word for word.

    token_set_ratio scores 100 whenever one text's words are a subset of the other's,
    which says nothing when the subset is a single verb.
    """
    if " " not in a or " " not in b:
        return fuzz.token_sort_ratio(a, b)
    return fuzz.token_set_ratio(a, b)


def _shared(a: _Report, b: _Report) -> int:
    """Content words two titles share, counting each shared actor after the first as one.

    "Apple launches the iTunes Music Store" and "Apple Computer launches the iTunes
    Music Store" share "launches" and, beyond Apple, the iTunes Music Store.
    """
    return len(a.stems & b.stems) + max(0, len(set(a.event.actors) & set(b.event.actors)) - 1)


def _text_similarity(report: _Report, cluster: _Cluster, min_shared: int) -> float:
    """Best similarity of titles or sentences to a report of the cluster that shares ``min_shared`` words with it."""
    scores = [
        max(_similarity(report.title, other.title), _similarity(report.sentence, other.sentence))
        for other in cluster.reports
        if _shared(report, other) >= min_shared
    ]
    return max(scores, default=0.0)


def _plausibly_recent(report: _Report, cluster: _Cluster) -> bool:
    """Whether an undated report can be the cluster's event, given when its article was published.

    News leaves recent events undated: something that happened (or was said) is on
    or before publication and within a month of it; a plan is on or after it; two
    undated reports must come from articles published within a month of each other.
    """
    published = report.article.published
    if published is None:
        return True
    month = dt.timedelta(days=31)
    dated = [r for r in cluster.reports if r.first is not None]
    if not dated:
        return all(r.article.published is None or abs(r.article.published - published) <= month for r in cluster.reports)
    first, last = min(r.first for r in dated), max(r.last for r in dated)
    if report.event.status == "planned":
        return last >= published
    return first <= published and last >= published - month


def _match(report: _Report, cluster: _Cluster) -> tuple[int, float] | None:
    """How well ``report`` fits ``cluster``: (2 compatible dates / 1 undated side / 0 conflict, similarity), or None.

    The less the dates say, the more the rest must agree: two precise compatible
    dates (a week or finer) need little text in common, a month, a year or no date
    needs the same actors, similar text and two shared content words, and an event
    of type "other" is only merged on precise dates.
    """
    lead = cluster.reports[0].event
    event = report.event
    if event.type != lead.type or event.negated != lead.negated or report.article.id in cluster.articles:
        return None
    mine = set(event.actors)
    theirs = [set(r.event.actors) for r in cluster.reports if r.event.actors]
    if mine and theirs:
        # Compared with each telling, not their union, so the order of files cannot matter.
        if not all(mine <= other or other <= mine for other in theirs):
            return None
        actors = "same"
    else:
        actors = "unknown"
    vague_type = event.type == "other"
    dated = [r for r in cluster.reports if r.first is not None]
    if report.first is None or not dated:
        if actors != "same" or vague_type or not _plausibly_recent(report, cluster):
            return None
        similarity = _text_similarity(report, cluster, min_shared=2)
        return (1, similarity) if similarity >= 80 else None
    gap = max(_gap_days(report, other) for other in dated)
    precise = report.precise and all(r.precise for r in dated)
    if gap == 0 and precise:
        needed = 85 if vague_type else {"same": 50, "unknown": 85}[actors]
        similarity = _text_similarity(report, cluster, min_shared=2 if vague_type else 1)
        return (2, similarity) if similarity >= needed else None
    if actors != "same" or vague_type:
        return None
    if gap == 0:  # compatible, but only at a month or a year
        similarity = _text_similarity(report, cluster, min_shared=2)
        return (2, similarity) if similarity >= 80 else None
    if gap <= CONFLICT_WINDOW_DAYS and precise:
        similarity = _text_similarity(report, cluster, min_shared=2)
        return (0, similarity) if similarity >= 85 else None
    return None


class _ClusterIndex:
    """Clusters looked up by event type and month, and by type and actor for undated events."""

    def __init__(self) -> None:
        self.clusters: list[_Cluster] = []
        self.by_month: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.wide: dict[str, set[int]] = defaultdict(set)  # dated over a long range
        self.by_actor: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_type: dict[str, set[int]] = defaultdict(set)

    @staticmethod
    def _months(report: _Report) -> list[str] | None:
        """Months a report's range touches, widened by the conflict window; None when too wide."""
        if (report.last - report.first).days > _WIDE_RANGE_DAYS:
            return None
        window = dt.timedelta(days=CONFLICT_WINDOW_DAYS)
        start, end = report.first - window, report.last + window
        months, day = [], start.replace(day=1)
        while day <= end:
            months.append(f"{day.year:04d}-{day.month:02d}")
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return months

    def candidates(self, report: _Report) -> list[int]:
        kind = report.event.type
        found: set[int] = set()
        if report.first is None:
            # An undated report only ever matches clusters that share an actor (see _match).
            for actor in report.event.actors:
                found.update(self.by_actor[(kind, actor)])
            return sorted(found)
        months = self._months(report)
        if months is None:
            return sorted(self.by_type[kind])
        for month in months:
            found.update(self.by_month[(kind, month)])
        found.update(self.wide[kind])
        return sorted(found)

    def add(self, report: _Report, index: int | None) -> None:
        if index is None:
            index = len(self.clusters)
            self.clusters.append(_Cluster())
        cluster = self.clusters[index]
        cluster.reports.append(report)
        cluster.articles.add(report.article.id)
        kind = report.event.type
        self.by_type[kind].add(index)
        for actor in report.event.actors:
            self.by_actor[(kind, actor)].add(index)
        if report.first is None:
            return
        months = self._months(report)
        if months is None:
            self.wide[kind].add(index)
        for month in months or ():
            self.by_month[(kind, month)].add(index)


@functools.lru_cache(maxsize=4096)
def _text_digest(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _article_key(article: Article) -> tuple:
    """Earliest published first, then by text: never by file name, so renaming files
    cannot change which events merge or which source's date an entry takes."""
    return (article.published or dt.date.max, _text_digest(article.body))


def _order_key(report: _Report) -> tuple:
    return (report.first is None, *_article_key(report.article), report.event.trigger.start, report.event.title)


def _cluster(reports: list[_Report]) -> list[_Cluster]:
    """Greedy clustering: each report joins its best-fitting cluster or starts one.

    Dated reports come first (see ``_order_key``), so an undated report meets every
    dated cluster it could join, and a dated one never needs undated clusters.
    """
    index = _ClusterIndex()
    for report in sorted(reports, key=_order_key):
        best: tuple[tuple[int, float], int] | None = None
        for i in index.candidates(report):
            fit = _match(report, index.clusters[i])
            if fit is not None and (best is None or fit > best[0]):
                best = (fit, i)
        index.add(report, best[1] if best else None)
    return index.clusters


# --------------------------------------------------------------------------- entries


def _source_key(report: _Report) -> tuple:
    return (*_article_key(report.article), report.article.id)


def _chosen_date(dated: list[_Report]) -> tuple[_Report, tuple[Conflict, ...]]:
    """The report whose date the entry takes, and the date conflict if sources disagree.

    Without a conflict the finest date wins. With one, the value that the most
    sources agree with (compatible at their granularity) wins, then the finest,
    then the earliest published source's.
    """
    def support(r: _Report) -> int:
        return sum(1 for other in dated if _gap_days(r, other) == 0)

    best = min(dated, key=lambda r: (-support(r), r.rank, _source_key(r)))
    if all(_gap_days(a, b) == 0 for a in dated for b in dated):
        return best, ()
    by_value: dict[str, list[str]] = defaultdict(list)
    for r in sorted(dated, key=_source_key):
        by_value[r.event.value].append(r.article.id)
    values = tuple((value, tuple(ids)) for value, ids in sorted(by_value.items()))
    return best, (Conflict(field="date", values=values),)


def _status(reports: list[_Report], lead: Event) -> str:
    """Happened if any source says so; otherwise the majority of planned/reported, ties to the lead's."""
    statuses = Counter(r.event.status for r in reports)
    if statuses["happened"]:
        return "happened"
    if statuses["planned"] != statuses["reported"]:
        return "planned" if statuses["planned"] > statuses["reported"] else "reported"
    return lead.status


def _entry(cluster: _Cluster) -> Entry:
    reports = sorted(cluster.reports, key=_source_key)
    dated = [r for r in reports if r.first is not None]
    conflicts: tuple[Conflict, ...] = ()
    if dated:
        lead_report, conflicts = _chosen_date(dated)
    else:
        lead_report = reports[0]
    lead = lead_report.event
    event = replace(
        lead,
        status=_status(reports, lead),
        actors=tuple(dict.fromkeys(a for r in [lead_report, *reports] for a in r.event.actors)),
        places=tuple(dict.fromkeys(p for r in [lead_report, *reports] for p in r.event.places)),
        confidence=max(r.event.confidence for r in reports),
    )
    sources = tuple(
        Source(
            article_id=r.article.id,
            title=r.article.title,
            published=r.article.published.isoformat() if r.article.published else None,
            url=r.article.url,
            quote=r.event.sentence,
        )
        for r in reports
    )
    return Entry(event=event, sources=sources, conflicts=conflicts)


def entry_order(entry: Entry) -> tuple:
    """The one timeline order: dated before undated, by first day, coarser dates first
    (a month-only event opens its month), then as the article tells them (a day
    reads as a story, not A to Z)."""
    e = entry.event
    granularity = e.granularity or "day"
    coarseness = len(GRANULARITIES) - GRANULARITIES.index(granularity) if granularity in GRANULARITIES else 0
    return (
        e.date is None,
        e.date or "",
        coarseness,
        e.value or "",
        e.article_id,
        e.trigger.start,
        e.title.casefold(),
        repr(entry),  # frozen dataclasses: a deterministic last resort
    )


def merge_extractions(extractions: list[Extraction]) -> list[Entry]:
    """One entry per event, with every article that reports it, in timeline order.

    Duplicate articles (see ``find_duplicate_articles``) count once. Actor and
    place names are made canonical across articles first (see ``canonical_names``).
    An entry has one source per article (its quote is that article's sentence),
    earliest published first, and takes:

    * its date from the finest dated source; when sources disagree, the date most
      sources agree with, then the finest, then the earliest published source's,
      with a ``Conflict`` listing every value and the articles that give it;
    * status happened if any source says so, else planned or reported by majority
      (a tie keeps the status of the source whose date was taken);
    * the union of actors and places, and the highest confidence.

    The result does not depend on the order of ``extractions``.
    """
    duplicates = find_duplicate_articles(x.article for x in extractions)
    kept: dict[str, Extraction] = {}
    for extraction in sorted(extractions, key=lambda x: (_article_key(x.article), x.article.id)):
        if extraction.article.id not in duplicates:
            kept.setdefault(extraction.article.id, extraction)
    pairs = [(event, x.article) for x in kept.values() for event in x.events]
    events = _canonicalise([event for event, _ in pairs])
    reports = [_report(event, article) for event, (_, article) in zip(events, pairs)]
    return sorted((_entry(c) for c in _cluster(reports)), key=entry_order)


# --------------------------------------------------------------------------- entity timelines


@dataclass(frozen=True)
class EntityTimelines:
    """For each actor and each place, its entries in timeline order (undated last)."""

    actors: dict[str, list[Entry]]
    places: dict[str, list[Entry]]


def entity_timelines(entries: Iterable[Entry]) -> EntityTimelines:
    """Index merged entries by actor and by place, names sorted, entries in timeline order."""
    actors: dict[str, list[Entry]] = defaultdict(list)
    places: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=entry_order):
        for actor in entry.event.actors:
            actors[actor].append(entry)
        for place in entry.event.places:
            places[place].append(entry)
    return EntityTimelines(
        actors={name: actors[name] for name in sorted(actors, key=str.casefold)},
        places={name: places[name] for name in sorted(places, key=str.casefold)},
    )
