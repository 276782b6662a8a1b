"""The timeline in the formats other tools read: TimelineJS3's JSON, an iCalendar file and an Atom feed.

Pure functions from the entries the site shows to text; :mod:`timeline.writers` puts the
files next to the CSV and JSON downloads. Each output is byte-identical for the same input:
no clock is read, every order is sorted, and every id comes from the data.

Article text is untrusted here too. TimelineJS renders ``headline`` and ``text`` as HTML,
and fields it strips of markup (``group``, ``display_date``) it decodes once and then renders
as HTML as well, so each field is escaped for what TimelineJS does with it. The calendar and
the feed carry plain text only, which their libraries escape.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from .contents import Entry, Event, Source, is_web_address

#: The export files, by format, in the same folder as the CSV and JSON downloads. (The
#: TimelineJS file is not "timeline.json": that name is the entries' own JSON.)
EXPORTS = {"timelinejs": "timelinejs.json", "calendar": "events.ics", "feed": "atom.xml"}

#: How many entries the feed carries: the newest by their sources' publication days.
FEED_SIZE = 50
#: How many slides the TimelineJS file holds at most: TimelineJS draws every slide up front, and
#: takes seconds for a few hundred (see :func:`most_reported`).
TIMELINEJS_SIZE = 200

#: Granularities TimelineJS is given a day, a month, or only a year for.
_DAY_FIELDS = frozenset({"time", "day", "week"})
_MONTH_FIELDS = frozenset({"month", "quarter", "season", "half"})
#: Granularities the calendar shows: days (and ranges of days) as they are; a month as an
#: all-day span over the month. A year or more would block a calendar for that long: left out.
_CALENDAR_GRANULARITIES = frozenset({"time", "day", "week", "month"})
#: Statuses that are not facts: a calendar marks them TENTATIVE.
_TENTATIVE = frozenset({"planned", "reported"})

_WHITESPACE = re.compile(r"\s+")
#: What XML 1.0 cannot hold (control characters, lone surrogates): feedgen refuses the whole
#: feed over one, and no reader would show it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: Where the ids of one story's entries live: uuid5 of the story title and the entry's anchor.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:timeline:entries")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class ExportItem:
    """One entry with what the site decided for it, so every format names it the same way."""

    entry: Entry
    anchor: str  # its card's anchor on the site, also the stable key of its id in every export
    page: str  # the Markdown link to its card, relative to the exports' folder ("2023.md#…")
    when: str  # its date as the site writes it ("September 2023", "the 2010s")
    kind: str  # its type as the site writes it ("talks or meeting")


@dataclass(frozen=True)
class ExportStory:
    """The story the files are of; ``site_url`` makes their links absolute (else they are relative)."""

    title: str
    description: str = ""
    site_url: str = ""
    folder: str = "timeline/"  # the exports' folder inside the site


# --------------------------------------------------------------------------- #
# Shared pieces
# --------------------------------------------------------------------------- #


def _flat(text: str | None) -> str:
    """One line of text, with nothing a feed or calendar could not carry."""
    return _WHITESPACE.sub(" ", _NOT_XML.sub("", text or "")).strip()


def _html(text: str | None) -> str:
    """Untrusted text as HTML text: it can only ever render as itself."""
    return html.escape(_flat(text), quote=True)


def _html_after_strip(text: str | None) -> str:
    """Untrusted text for a field TimelineJS strips of markup (DOMParser's textContent, which
    decodes entities once) and then sets as innerHTML: escaped twice, so it still shows as text."""
    return html.escape(_html(text), quote=True)


def built_address(page: str) -> str:
    """The address MkDocs gives a Markdown link (directory URLs), for files MkDocs does not
    rewrite: "../timeline/2023.md#x" -> "../timeline/2023/#x", "index.md" -> "./"."""
    path, hash_mark, fragment = page.partition("#")
    if path == "index.md" or path.endswith("/index.md"):
        path = path[: -len("index.md")] or "./"
    elif path.endswith(".md"):
        path = path[:-3] + "/"
    return path + hash_mark + fragment


def _base_url(story: ExportStory) -> str:
    """The absolute address of the exports' folder, or "" without a usable ``site_url``."""
    site = story.site_url.strip()
    return urljoin(site.rstrip("/") + "/", story.folder) if site and is_web_address(site) else ""


def _entry_address(item: ExportItem, base: str) -> str:
    """Its card's address: absolute with a site address, else relative to the exports' folder."""
    return urljoin(base, built_address(item.page)) if base else built_address(item.page)


def stable_id(story: ExportStory, anchor: str = "") -> str:
    """A UUID for the story (or one of its entries) that stays the same across runs and rebuilds."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{_flat(story.title)}\n{anchor}"))


def _sources(entry: Entry) -> list[Source]:
    return sorted(entry.sources, key=lambda s: (s.published or "", s.article_id, s.quote))


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _status_words(event: Event) -> list[str]:
    """The site's badges as words ("Planned", "Reported", "Denied"); a plain happening has none."""
    words = [event.status.capitalize()] if event.status in _TENTATIVE else []
    return words + ["Denied"] if event.negated else words


def _source_line(source: Source, outlets: Mapping[str, str]) -> str:
    """ "Sky News: Putin accepts … (2023-09-14)": a source as plain text."""
    outlet = outlets.get(source.article_id)
    title = _flat(source.title) or _flat(source.article_id)
    return f"{_flat(outlet) + ': ' if outlet else ''}{title} ({_flat(source.published) or 'no date'})"


def _published_days(entry: Entry) -> list[dt.date]:
    return sorted(day for day in (_day(s.published) for s in entry.sources) if day)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


# --------------------------------------------------------------------------- #
# TimelineJS3
# --------------------------------------------------------------------------- #


def _timelinejs_date(day: dt.date, granularity: str) -> dict[str, str]:
    if granularity in _DAY_FIELDS:
        return {"year": str(day.year), "month": str(day.month), "day": str(day.day)}
    if granularity in _MONTH_FIELDS:
        return {"year": str(day.year), "month": str(day.month)}
    return {"year": str(day.year)}


def _timelinejs_text(item: ExportItem, outlets: Mapping[str, str], base: str) -> str:
    """The slide's body: status and type, who and where, the evidence, the sources as links."""
    event = item.entry.event
    facts = [*_status_words(event), item.kind]
    facts += [f"Who: {'; '.join(event.actors)}"] if event.actors else []
    facts += [f"Where: {'; '.join(event.places)}"] if event.places else []
    parts = [f"<p>{' · '.join(_html(fact) for fact in facts if _flat(fact))}</p>", f"<blockquote>{_html(event.sentence)}</blockquote>"]
    if event.attributed_to:
        parts.append(f"<p>According to: {_html(event.attributed_to)}</p>")
    if item.entry.conflicts:
        parts.append("<p>Sources disagree on the date.</p>")
    links = []
    for source in _sources(item.entry):
        label = _html(_source_line(source, outlets))
        url = (source.url or "").strip()
        links.append(f'<a href="{html.escape(url, quote=True)}">{label}</a>' if is_web_address(url) else label)
    parts.append(f"<p>Sources: {'; '.join(links)}</p>")
    if base:
        parts.append(f'<p><a href="{html.escape(_entry_address(item, base), quote=True)}">On the timeline</a></p>')
    return "".join(parts)


def _timelinejs_event(item: ExportItem, start: dt.date, outlets: Mapping[str, str], base: str) -> dict:
    """The slide of a dated entry, beginning on ``start``."""
    event = item.entry.event
    end = _day(event.end_date)
    granularity = event.granularity or "day"
    slide = {
        "unique_id": item.anchor,
        "start_date": _timelinejs_date(start, granularity),
        "display_date": _html_after_strip(item.when),
        "group": _html_after_strip(item.kind),
        "text": {"headline": _html(event.title) or "Untitled event", "text": _timelinejs_text(item, outlets, base)},
    }
    if end and _timelinejs_date(end, granularity) != slide["start_date"]:
        slide["end_date"] = _timelinejs_date(end, granularity)
    return slide


def most_reported(items: Sequence[ExportItem], limit: int = TIMELINEJS_SIZE) -> list[ExportItem]:
    """The ``limit`` entries told by the most sources (then the most confident, then the earliest),
    in their timeline order: a long story's main events, for a slideshow."""
    if len(items) <= limit:
        return list(items)
    rank = {item.anchor: n for n, item in enumerate(items)}
    kept = sorted(items, key=lambda i: (-len({s.article_id for s in i.entry.sources}), -i.entry.event.confidence, rank[i.anchor]))[:limit]
    return sorted(kept, key=lambda i: rank[i.anchor])


def timelinejs_json(items: Sequence[ExportItem], story: ExportStory, outlets: Mapping[str, str]) -> str:
    """The dated entries in TimelineJS3's JSON format, after a title slide of the story; of a long
    story, the :data:`TIMELINEJS_SIZE` most reported (the title slide says so).

    No ``media``: a source is a news page, which TimelineJS would embed from its site; the
    sources are links in the slide's text instead.
    """
    base = _base_url(story)
    starts = {item.anchor: _day(item.entry.event.date) for item in items}
    dated = [item for item in items if starts[item.anchor]]  # TimelineJS places every slide on its axis
    events = [_timelinejs_event(item, starts[item.anchor], outlets, base) for item in most_reported(dated)]
    intro = f"<p>{_html(story.description)}</p>" if _flat(story.description) else ""
    shown = f"; here, the {len(events)} told by the most sources" if len(events) < len(dated) else ""
    count = f"<p>{len(dated)} dated event{'' if len(dated) == 1 else 's'}{shown}.</p>"
    data = {
        "title": {"unique_id": "title", "text": {"headline": _html(story.title) or "Timeline", "text": intro + count}},
        "events": events,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --------------------------------------------------------------------------- #
# iCalendar
# --------------------------------------------------------------------------- #


def _calendar_days(event: Event) -> tuple[dt.date, dt.date] | None:
    """First day and the day after the last (DTEND of an all-day event is exclusive), or None
    for what a calendar cannot show: undated, or known only to a quarter, a year or coarser."""
    start = _day(event.date)
    if start is None or (event.granularity or "day") not in _CALENDAR_GRANULARITIES:
        return None
    end = max(_day(event.end_date) or start, start)
    return start, end + dt.timedelta(days=1)


def _calendar_description(item: ExportItem, outlets: Mapping[str, str], base: str) -> str:
    event = item.entry.event
    lines = [f"“{_flat(event.sentence)}”"]
    if event.attributed_to:
        lines.append(f"According to: {_flat(event.attributed_to)}")
    lines += ["", "Sources:"]
    for source in _sources(item.entry):
        url = (source.url or "").strip()
        lines.append(f"- {_source_line(source, outlets)}{' ' + url if is_web_address(url) else ''}")
    if base:
        lines += ["", f"On the timeline: {_entry_address(item, base)}"]
    return "\n".join(lines)


def _calendar_event(item: ExportItem, outlets: Mapping[str, str], story: ExportStory, stamp: dt.datetime, base: str) -> list[str] | None:
    """The VEVENT's content lines, or None when the entry has no days a calendar can place."""
    event = item.entry.event
    days = _calendar_days(event)
    if days is None:
        return None
    title = _flat(event.title) or "Untitled event"
    if (event.granularity or "day") not in ("time", "day"):  # a week or a month: say what is known
        title = f"{title} (sometime in {item.when})"
    words = _status_words(event)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_ics_text(stable_id(story, item.anchor))}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{days[0]:%Y%m%d}",
        f"DTEND;VALUE=DATE:{days[1]:%Y%m%d}",
        f"SUMMARY:{_ics_text(', '.join(words) + ': ' + title if words else title)}",
        f"DESCRIPTION:{_ics_text(_calendar_description(item, outlets, base))}",
        f"STATUS:{'TENTATIVE' if event.status in _TENTATIVE else 'CONFIRMED'}",
        "TRANSP:TRANSPARENT",  # news, not the subscriber's busy time
    ]
    if _flat(item.kind):
        lines.append(f"CATEGORIES:{_ics_text(_flat(item.kind))}")
    if places := [_flat(p) for p in event.places if _flat(p)]:
        lines.append(f"LOCATION:{_ics_text('; '.join(places))}")
    url = next((s.url.strip() for s in _sources(item.entry) if s.url and is_web_address(s.url.strip())), None)
    if url:
        lines.append(f"URL:{url}")
    return [*lines, "END:VEVENT"]


def data_stamp(items: Iterable[ExportItem]) -> dt.datetime:
    """When the data last changed, from the data itself: the newest source's publication day
    (midnight UTC), so a file made again from the same articles is the same file."""
    days = [day for item in items for day in _published_days(item.entry)]
    return _midnight(max(days)) if days else _EPOCH


def calendar_ics(items: Sequence[ExportItem], story: ExportStory, outlets: Mapping[str, str]) -> str:
    """The entries a calendar can place, as all-day events (see :func:`_calendar_days`)."""
    name = _ics_text(_flat(story.title) or "Timeline")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//timeline//events//EN", "CALSCALE:GREGORIAN", f"NAME:{name}", f"X-WR-CALNAME:{name}"]
    if _flat(story.description):
        lines.append(f"X-WR-CALDESC:{_ics_text(_flat(story.description))}")
    stamp, base = data_stamp(items), _base_url(story)
    for item in items:
        lines += _calendar_event(item, outlets, story, stamp, base) or []
    lines.append("END:VCALENDAR")
    return "".join(_ics_line(line) for line in lines)


# iCalendar (RFC 5545) is written here, not with a library: the format is these few rules,
# and a general library's machinery took a third of a whole generate at 15,000 events.
# The tests read the file back with two readers, icalendar and vobject.


def _ics_text(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslashes, semicolons, commas and newlines escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")


def _ics_line(content: str) -> str:
    """One content line, folded at 75 octets (3.1) without splitting a UTF-8 character, ending in CRLF."""
    if len(content.encode("utf-8")) <= 75:
        return content + "\r\n"
    parts, part, size, limit = [], [], 0, 75
    for char in content:
        width = len(char.encode("utf-8"))
        if size + width > limit:  # a folded line starts with a space, so it holds 74 octets more
            parts.append("".join(part))
            part, size, limit = [], 0, 74
        part.append(char)
        size += width
    parts.append("".join(part))
    return "\r\n ".join(parts) + "\r\n"


# --------------------------------------------------------------------------- #
# Atom
# --------------------------------------------------------------------------- #


def newest_items(items: Iterable[ExportItem], limit: int = FEED_SIZE) -> list[tuple[ExportItem, dt.date, dt.date]]:
    """(item, first reported, last reported) of the ``limit`` entries most recently reported,
    newest first: what a reader following the story has not seen yet. An entry none of whose
    sources has a publication day counts from its own date; one with neither is left out."""
    dated = []
    for item in items:
        days = _published_days(item.entry) or [d for d in (_day(item.entry.event.date),) if d]
        if days:
            dated.append((item, days[0], days[-1]))
    dated.sort(key=lambda found: (-found[2].toordinal(), -found[1].toordinal(), found[0].anchor))
    return dated[:limit]


def _feed_summary(item: ExportItem, outlets: Mapping[str, str]) -> str:
    event = item.entry.event
    head = " · ".join([item.when, *_status_words(event), item.kind])
    sources = "; ".join(_source_line(s, outlets) for s in _sources(item.entry))
    return f"{_flat(head)}. “{_flat(event.sentence)}” Sources: {sources}"


def atom_feed(items: Sequence[ExportItem], story: ExportStory, outlets: Mapping[str, str]) -> str:
    """The :data:`FEED_SIZE` most recently reported entries as an Atom feed, each linking to its
    card. Links are absolute with a ``site_url``; without one they are relative to the feed's
    own address, which Atom allows and feed readers resolve."""
    base = _base_url(story)
    newest = newest_items(items)
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{stable_id(story)}")
    feed.title(_flat(story.title) or "Timeline")
    if _flat(story.description):
        feed.subtitle(_flat(story.description))
    feed.author({"name": _flat(story.title) or "Timeline"})
    feed.link(href=base or "./", rel="alternate")
    if base:
        feed.link(href=urljoin(base, EXPORTS["feed"]), rel="self")
    feed.language("en")
    feed.updated(_midnight(newest[0][2]) if newest else _EPOCH)
    for item, first, last in newest:
        event = item.entry.event
        words = _status_words(event)
        title = _flat(event.title) or "Untitled event"
        entry = feed.add_entry(order="append")
        entry.id(f"urn:uuid:{stable_id(story, item.anchor)}")
        entry.title(f"{', '.join(words)}: {title}" if words else title)
        entry.link(href=_entry_address(item, base), rel="alternate")
        entry.published(_midnight(first))
        entry.updated(_midnight(last))
        entry.summary(_feed_summary(item, outlets))
        if _flat(item.kind):
            entry.category(term=_flat(item.kind))
    return feed.atom_str(pretty=True).decode("utf-8")


def export_files(items: Sequence[ExportItem], story: ExportStory, outlets: Mapping[str, str]) -> dict[str, str]:
    """Every export, by file name (:data:`EXPORTS`); ``outlets`` maps an article id to its outlet."""
    return {
        EXPORTS["timelinejs"]: timelinejs_json(items, story, outlets),
        EXPORTS["calendar"]: calendar_ics(items, story, outlets),
        EXPORTS["feed"]: atom_feed(items, story, outlets),
    }
