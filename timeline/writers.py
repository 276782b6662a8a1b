"""Render the timeline as Markdown pages for MkDocs, and write them into ``docs/``.

Every page is rendered by a pure function to a string, so the same input always
gives byte-identical pages; only :func:`write_docs` touches the disk. The
generator owns one folder of ``docs/`` (:data:`OWNED_FOLDER`) and nothing else,
so hand-written pages next to it survive every run, and it is replaced in one step.

Article text is untrusted. Everything taken from an article goes through
:func:`escape_text` (inline Markdown that can only ever render as plain text),
:func:`plain_title` (page titles, which MkDocs themes print unescaped) or
:func:`safe_url` (http and https links only).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

import yaml

from .contents import Article, Entry, Event, Extraction, is_web_address
from .exports import EXPORTS, ExportItem, ExportStory, export_files
from .guards import OWNED_MARKER, GuardError, check_output_folder, clean_stale_staging, is_owned, marker_text, never_written, owned_files, staging_prefix, swap_folder
from .merge import entity_timelines, entry_order, name_aliases
from .slugs import slugify
from .visual import OTHERS, Drawn, Rows, render_visual

#: The folder of ``docs/`` the generator writes: the timeline's pages, and the sources,
#: actors, places and types in folders of their own inside it. It touches nothing else.
OWNED_FOLDER = "timeline"
#: Where earlier versions wrote the sources, actors, places and types: folders of ``docs/``
#: beside the timeline. What timeline wrote there is removed (see :func:`retire_former_folders`).
FORMER_FOLDERS = ("sources", "actors", "places", "types")

#: The most entries one list page shows: a longer period is split (a year by month, a month
#: in parts), so no page grows with the story.
PAGE_LIMIT = 200

#: An actor, place or type gets a page of its own with at least this many entries or
#: sources; the others are listed, with their entries, on their index page.
MIN_PAGE_ENTRIES = 2

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Badges shown next to an entry. A happened event needs none: it is the default reading.
STATUS_BADGES = {"planned": "Planned", "reported": "Reported"}

#: What search covers is each entry once, on its timeline page: its type, title, who, where
#: and who says so; and each source, actor, place and type page by its name. Everything
#: else carries this attribute, which Material's search skips: the quoted sentences, the
#: tables that repeat entries or names (on source, actor, place and type pages and their
#: indexes), an entry's id and its date as written (its day is the section's heading), a
#: source's file and link, and each page's legend, pager and filters. So the index grows
#: by about a title and a few names per entry, not with every quote and every page an
#: entry appears on.
SEARCH_EXCLUDE = "data-search-exclude"


def unsearched(markdown: str, css: str = "") -> str:
    """A block of Markdown that search leaves out (see :data:`SEARCH_EXCLUDE`), in a div of class ``css``."""
    css = f' class="{css}"' if css else ""
    return f"<div{css} {SEARCH_EXCLUDE} markdown>\n\n{markdown}\n</div>\n"


def _unsearched_text(markdown: str) -> str:
    """Words within a line that search leaves out."""
    return f"<span {SEARCH_EXCLUDE}>{markdown}</span>"

#: Shown for an event dated by its article's publication day because the text gives no date.
PUBLICATION_DAY_NOTE = "Date: day of publication (no date in the text)"

#: Placement of an entry by the granularity of its date: under its day, at the
#: start of its month, or at the start of its year.
DAY_GRANULARITIES = frozenset({"time", "day"})
MONTH_GRANULARITIES = frozenset({"month"})

# Characters that mean something to Markdown, its extensions (attr_list "{ }",
# tables "|") or HTML. They become numeric character references, which every
# Markdown processor passes through as literal text.
_ALWAYS_ESCAPED = frozenset("\\`*_{}[]<>&\"#|~^=$")
# Characters that only matter at the start of a block (lists, quotes,
# admonitions, definition lists): escaped when the text starts with them.
_LEADING_ESCAPED = frozenset("-+:>!.")
_ORDERED_LIST_START = re.compile(r"\d+[.)]")
_ENTITIES = str.maketrans({char: f"&#{ord(char)};" for char in _ALWAYS_ESCAPED})
_TITLE_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_WHITESPACE = re.compile(r"\s+")
_RESERVED_SLUGS = frozenset({"index"})


# --------------------------------------------------------------------------- #
# Untrusted text
# --------------------------------------------------------------------------- #


def escape_text(text: str | None) -> str:
    """Untrusted text as inline Markdown that renders exactly as the text, never as markup.

    Whitespace (newlines included) collapses to single spaces so the text can
    never start a block of its own: no headings, lists or front matter.
    """
    flat = _WHITESPACE.sub(" ", text or "").strip()
    if not flat:
        return ""
    numbered = _ORDERED_LIST_START.match(flat)
    if numbered:  # "1." or "2023)": escape the list marker
        marker = numbered.end() - 1
        return flat[:marker].translate(_ENTITIES) + _entity(flat[marker]) + flat[marker + 1 :].translate(_ENTITIES)
    head = _entity(flat[0]) if flat[0] in _LEADING_ESCAPED else flat[0].translate(_ENTITIES)
    return head + flat[1:].translate(_ENTITIES)


def _entity(char: str) -> str:
    return f"&#{ord(char)};"


def plain_title(text: str | None) -> str:
    """Untrusted text as a page title (front matter ``title``): one line of HTML text.

    mkdocs-material prints ``page.meta.title`` unescaped into ``<title>`` and the
    header, so ``< > &`` become entities: the tab reads exactly like the heading.
    (Its ``striptags`` filter, which would turn entities back into tags, only
    applies to pages without a front matter title, which this generator never writes.)
    """
    flat = _WHITESPACE.sub(" ", text or "").strip()
    return flat.translate(_TITLE_ENTITIES) or "Untitled"


def safe_url(url: str | None) -> str | None:
    """An http(s) URL safe inside a Markdown link, or None for anything else.

    ``javascript:``, ``data:`` and relative URLs are dropped; characters that
    could end the link or add a title are percent-encoded.
    """
    candidate = (url or "").strip()
    if not candidate or not is_web_address(candidate):
        return None
    return quote(candidate, safe=":/?#@!$&*+,;=%-._~")


def _front_matter(title: str) -> str:
    """YAML front matter; the left sidebar is hidden because the nav lives in the tabs."""
    meta = {"title": title, "hide": ["navigation"]}
    return "---\n" + yaml.safe_dump(meta, sort_keys=True, allow_unicode=True, width=1000) + "---\n\n"


# --------------------------------------------------------------------------- #
# Slugs
# --------------------------------------------------------------------------- #


def unique_slugs(keys: list, base_slug) -> dict:
    """A distinct slug per key, from ``base_slug(key)``; collisions get -2, -3… in key order.

    Callers pass keys in a deterministic order, so the same input always gives
    the same slugs. ``index`` is reserved for the folder's index page.
    """
    taken: set[str] = set(_RESERVED_SLUGS)
    slugs: dict = {}
    for key in keys:
        base = base_slug(key)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs[key] = slug
    return slugs


# --------------------------------------------------------------------------- #
# Dates and ordering
# --------------------------------------------------------------------------- #


def _parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def format_day(day: dt.date) -> str:
    """'Wednesday 13 September 2023' (fixed English names: independent of the locale)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def format_short_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_event_date(event: Event) -> str:
    """The date of an event at its own granularity, for a reader."""
    start, end = _parse_date(event.date), _parse_date(event.end_date)
    if start is None:
        return "Undated"
    granularity = event.granularity or "day"
    if granularity in DAY_GRANULARITIES and not (end and end > start):
        return format_short_day(start)
    if granularity == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    if granularity == "year":
        return str(start.year)
    if granularity == "decade":
        return f"the {start.year}s"
    if granularity == "century":
        return _century(start.year)
    if end and end != start:
        return f"{format_short_day(start)} – {format_short_day(end)}"
    return format_short_day(start)


def _coarse_label(event: Event, year: int, month: int) -> str:
    """What an entry placed at the start of a month or a year is known to: "March 2024",
    "2024", or, for a decade or a century, "the 2010s"."""
    return format_event_date(event) if month or event.granularity in ("decade", "century") else str(year)


def _century(first_year: int) -> str:
    """ "the 19th century" for 1800: never "the 1800s", which is also a decade."""
    n = first_year // 100 + 1
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"the {n}{suffix} century"


def format_value(value: str) -> str:
    """A conflicting date value as a reader's date when it is an ISO day, else as given."""
    day = _parse_date(value)
    return format_short_day(day) if day else value


def _placement(event: Event) -> tuple[int, int, tuple[int, int]] | None:
    """(year, month, (day, 1)) bucket of an event: month 0 for a year or coarser, (0, 0) for
    a month or coarser, (day, 0) for a week.

    A week goes before the day it starts, (day, 0), not to the top of its month: "next
    week" in an article of 3 February is read after what happened on 1 February.
    """
    start = _parse_date(event.date)
    if start is None:
        return None
    granularity = event.granularity or "day"
    if granularity in DAY_GRANULARITIES:
        return (start.year, start.month, (start.day, 1))
    if granularity == "week":
        return (start.year, start.month, (start.day, 0))
    if granularity in MONTH_GRANULARITIES:
        return (start.year, start.month, (0, 0))
    return (start.year, 0, (0, 0))


# --------------------------------------------------------------------------- #
# The site model: what the pages show, with every slug decided once
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Period:
    """One page of a chronology: a year, a month of a long year, a part of a long month, or the undated."""

    key: str  # page name: "2023", "2023-09", "2023-09-part-2", "undated"
    label: str  # its heading: "2023", "September 2023", "September 2023 (part 2)", "Undated"
    entries: tuple[Entry, ...]
    months: bool  # whether the page has month headings (a whole year) or not (a month, a part, the undated)
    parent: str | None = None  # the year page that lists this month


def paginate(entries: Iterable[Entry]) -> tuple[Period, ...]:
    """The pages of a chronology, in order: one a year; a year of over :data:`PAGE_LIMIT` entries
    is split by month (its page keeps what is known only to the year and lists the months),
    and a month or the undated over the limit in parts, cut between days where it can."""
    tree, undated = _timeline_tree(tuple(entries))
    periods: list[Period] = []
    for year in sorted(tree):
        months = {m: [tree[year][m][d] for d in sorted(tree[year][m])] for m in sorted(tree[year])}
        if sum(len(e) for groups in months.values() for e in groups) <= PAGE_LIMIT:
            periods.append(Period(str(year), str(year), tuple(e for g in months.values() for es in g for e in es), True))
            continue
        periods += _parts(str(year), str(year), months.pop(0, []), months=True)
        for month, groups in months.items():
            periods += _parts(f"{year}-{month:02d}", f"{MONTHS[month - 1]} {year}", groups, parent=str(year))
    if undated:
        periods += _parts("undated", "Undated", [undated])
    return tuple(periods)


def _parts(key: str, label: str, groups: list[list[Entry]], *, months: bool = False, parent: str | None = None) -> list[Period]:
    """``groups`` (the entries of each day) on pages of at most :data:`PAGE_LIMIT` entries;
    only a day longer than that is cut. The first page keeps ``key``; always one page at least."""
    pages: list[list[Entry]] = []
    current: list[Entry] = []
    for group in groups:
        if current and len(current) + len(group) > PAGE_LIMIT:
            pages.append(current)
            current = []
        current.extend(group)
        while len(current) > PAGE_LIMIT:
            pages.append(current[:PAGE_LIMIT])
            current = current[PAGE_LIMIT:]
    if current or not pages:
        pages.append(current)
    return [
        Period(key if n == 1 else f"{key}-part-{n}", label if n == 1 else f"{label} (part {n})", tuple(page), months, parent)
        for n, page in enumerate(pages, 1)
    ]


#: The kinds of entity with pages of their own, by folder.
ENTITY_KINDS = ("actors", "places", "types")


@dataclass(frozen=True)
class SiteModel:
    """Entries to show, in order, with the pages and slugs every page links by."""

    entries: tuple[Entry, ...]
    hidden: int
    articles: dict[str, Article]
    events_by_article: dict[str, tuple[Entry, ...]]
    entry_slugs: dict[Entry, str]  # anchor id of each entry's card on its timeline page
    periods: tuple[Period, ...]  # the timeline's pages, in order
    entry_pages: dict[Entry, str]  # the key of the period page each entry's card is on
    source_slugs: dict[str, str]  # article id -> page name
    entities: dict[str, dict[str, tuple[Entry, ...]]]  # kind -> name -> entries, for every name
    entity_slugs: dict[str, dict[str, str]]  # kind -> name -> page name (or anchor on the index)
    with_page: dict[str, frozenset[str]]  # kind -> the names with a page of their own (see has_own_page)
    aliases: dict[str, tuple[str, ...]]  # canonical name -> the other forms articles use


def _named(timelines: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
    """Entity timelines without blank names, each entry once per name."""
    return {name: tuple(dict.fromkeys(entries)) for name, entries in timelines.items() if name.strip()}


def has_own_page(entries: tuple[Entry, ...]) -> bool:
    """Whether a name is worth a page: :data:`MIN_PAGE_ENTRIES` entries, or as many sources."""
    sources = {s.article_id for entry in entries for s in entry.sources}
    return len(entries) >= MIN_PAGE_ENTRIES or len(sources) >= MIN_PAGE_ENTRIES


def type_label(event_type: str) -> str:
    return event_type.replace("_", " ")


def build_model(extractions: list[Extraction], entries: list[Entry], min_confidence: float = 0.0) -> SiteModel:
    """Decide what is shown and how every page and entry is named."""
    # Identical entries would be identical cards with one anchor: show each once.
    shown = tuple(sorted({e for e in entries if e.event.confidence >= min_confidence}, key=entry_order))
    articles = {x.article.id: x.article for x in sorted(extractions, key=lambda x: (x.article.id, repr(x.article)))}
    by_article: dict[str, list[Entry]] = defaultdict(list)
    by_type: dict[str, list[Entry]] = defaultdict(list)
    for entry in shown:
        for article_id in sorted({s.article_id for s in entry.sources}):
            by_article[article_id].append(entry)
        by_type[entry.event.type].append(entry)
    timelines = entity_timelines(shown)
    entities = {
        "actors": _named(timelines.actors),
        "places": _named(timelines.places),
        "types": _named(dict(sorted(by_type.items()))),
    }
    periods = paginate(shown)
    return SiteModel(
        entries=shown,
        hidden=sum(1 for e in entries if e.event.confidence < min_confidence),
        articles=articles,
        events_by_article={a: tuple(v) for a, v in sorted(by_article.items())},
        entry_slugs=unique_slugs(list(shown), _entry_slug),
        periods=periods,
        entry_pages={entry: period.key for period in periods for entry in period.entries},
        source_slugs=unique_slugs(sorted(articles), slugify),
        entities=entities,
        entity_slugs={kind: unique_slugs(list(names), slugify) for kind, names in entities.items()},
        with_page={kind: frozenset(n for n, es in names.items() if has_own_page(es)) for kind, names in entities.items()},
        aliases=name_aliases(extractions),
    )


# --------------------------------------------------------------------------- #
# Page fragments
# --------------------------------------------------------------------------- #


def _entry_slug(entry: Entry) -> str:
    """Date then title words: never a bare date or "undated", which are the section anchors."""
    start = _parse_date(entry.event.date)
    return f"{start.isoformat() if start else 'undated'}-{slugify(entry.event.title)}"


#: Double quotation marks inside a quoted sentence, and whether each opens: at the start or
#: after a space, a bracket, a colon or a dash it opens; after a digit it is inches ("a 65"
#: screen") and stays; otherwise it closes.
_INNER_QUOTE = re.compile(r'(^|[\s(\[:—–-])["“]|(?<!\d)["”]')


def _quoted(sentence: str) -> str:
    """A source's sentence in quotation marks, its own quotations single: “‘If ...,’ Volk said.”"""
    inner = _INNER_QUOTE.sub(lambda m: m.group(1) + "‘" if m.group(1) is not None else "’", sentence)
    return f"“{escape_text(inner)}”"


def _badge(event: Event) -> str:
    badges = []
    if event.status in STATUS_BADGES:
        badges.append(f'<span class="tl-badge tl-badge--{event.status}">{STATUS_BADGES[event.status]}</span>')
    if event.negated:
        badges.append('<span class="tl-badge tl-badge--denied">Denied</span>')
    return " ".join(badges)


def _entity_links(model: SiteModel, names: tuple[str, ...], kind: str, up: str = "") -> str:
    """Names linked to their pages; a name without a page of its own links to its index, where it is listed."""
    return ", ".join(f"[{escape_text(n)}]({_entity_target(model, kind, n, up)})" for n in sorted(set(names)) if n.strip())


def _entity_target(model: SiteModel, kind: str, name: str, up: str = "") -> str:
    """The address of a name's page, or of its line on the index, from a page ``up`` below the timeline folder."""
    slug = model.entity_slugs[kind][name]
    return f"{up}{kind}/{slug}.md" if name in model.with_page[kind] else f"{up}{kind}/index.md#{minor_anchor(slug)}"


def minor_anchor(slug: str) -> str:
    """The anchor of a name listed on its index page, having no page of its own."""
    return f"named-{slug}"


def entry_link(model: SiteModel, entry: Entry, up: str) -> str:
    """The address of an entry's card, from a page ``up`` below the timeline folder ("../" from
    ``timeline/actors/``, "timeline/" from the home page)."""
    return f"{up}{model.entry_pages[entry]}.md#{model.entry_slugs[entry]}"


def _source_link(model: SiteModel, article_id: str, fallback_title: str, up: str = "") -> str:
    """A link to a source page, labelled 'Outlet: title' ('title' alone when no outlet)."""
    article = model.articles.get(article_id)
    title = escape_text(article.title if article else fallback_title) or "Untitled"
    label = f"**{escape_text(article.source)}**: {title}" if article and article.source else title
    if article_id not in model.source_slugs:
        return label
    return f"[{label}]({up}sources/{model.source_slugs[article_id]}.md)"


def _source_published(model: SiteModel, article_id: str, fallback: str | None) -> str:
    article = model.articles.get(article_id)
    day = article.published if article else _parse_date(fallback)
    return format_short_day(day) if day else "no publication date"


def _render_conflicts(model: SiteModel, entry: Entry) -> list[str]:
    lines = []
    for conflict in sorted(entry.conflicts, key=lambda c: (c.field, c.values)):
        readings = []
        for value, article_ids in sorted(conflict.values):
            titles = ", ".join(_source_link(model, a, a) for a in sorted(article_ids))
            readings.append(f"**{escape_text(format_value(value))}** according to {titles}")
        field = "date" if conflict.field in ("date", "value") else escape_text(conflict.field)
        lines += [f"Sources disagree on the {field}: " + "; ".join(readings) + ".", "{ .tl-conflict }", ""]
    return lines


def _type_link(model: SiteModel, event_type: str, up: str = "") -> str:
    """The event's type, linked to its page; a blank type (no page, no name) shows nothing."""
    if event_type not in model.entity_slugs["types"]:
        return ""
    return f"[{escape_text(type_label(event_type))}]({_entity_target(model, 'types', event_type, up)}){{ .tl-type }}"


#: The statuses a reader can filter by: an entry's own, and "denied" for a negated event.
FILTER_STATUSES = ("happened", "planned", "reported", "denied")


def _statuses(event: Event) -> list[str]:
    status = event.status if event.status in STATUS_BADGES else "happened"
    return [status, "denied"] if event.negated else [status]


def _filter_data(model: SiteModel, entry: Entry) -> str:
    """What the filters of ``assets/timeline.js`` match a card by, as data attributes: statuses,
    the type's and the actors' slugs (ASCII, from slugify) and the first day."""
    event = entry.event
    actors = sorted({model.entity_slugs["actors"][n] for n in event.actors if n in model.entity_slugs["actors"]})
    data = {
        "status": " ".join(_statuses(event)),
        "type": model.entity_slugs["types"].get(event.type, ""),
        "actors": " ".join(actors),
        "date": event.date if _parse_date(event.date) else "",
    }
    return " ".join(f'data-{key}="{value}"' for key, value in data.items())


def _filter_form(model: SiteModel, entries: tuple[Entry, ...]) -> str:
    """The filters of a period page: status, type, actor and dates, offered from its own entries.
    Hidden: ``assets/timeline.js`` shows it, so without JavaScript the page is the full list."""
    types = sorted({e.event.type for e in entries if e.event.type in model.entity_slugs["types"]}, key=type_label)
    actors = sorted({n for e in entries for n in e.event.actors if n in model.entity_slugs["actors"]}, key=lambda n: (n.casefold(), n))
    days = sorted(e.event.date for e in entries if _parse_date(e.event.date))

    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        items = "".join(f'<option value="{value}">{escape_text(text)}</option>' for value, text in options)
        return f'<label>{label} <select name="{name}"><option value="">all</option>{items}</select></label>'

    fields = [
        select("status", "Status", [(s, s.capitalize()) for s in FILTER_STATUSES]),
        select("type", "Type", [(model.entity_slugs["types"][t], type_label(t)) for t in types]),
        select("actor", "Actor", [(model.entity_slugs["actors"][n], n) for n in actors]),
    ]
    if days:
        bounds = f'min="{days[0]}" max="{days[-1]}"'
        fields.append(f'<label>From <input type="date" name="from" {bounds}></label>')
        fields.append(f'<label>to <input type="date" name="to" {bounds}></label>')
    return (
        f'<form class="tl-filters" hidden role="search" aria-label="Filter the events" {SEARCH_EXCLUDE}>'
        + "".join(fields)
        + '<button type="reset">Show all</button><output class="tl-filter-count" aria-live="polite"></output></form>\n\n'
    )


def render_entry(model: SiteModel, entry: Entry) -> str:
    """One timeline card: badges, title, what the article said, who, where, and every source."""
    event = entry.event
    status = _statuses(event)[0]
    head = " ".join(
        part
        for part in (
            _entry_id(entry),  # first, so that it floats right on the title's line
            _badge(event),
            _type_link(model, event.type),
            f"**{escape_text(event.title) or 'Untitled event'}**",
            _corrected_mark(entry),
        )
        if part
    )
    facts = []  # (Markdown, whether search covers it)
    if event.date_text:
        given = f"Date given: “{escape_text(event.date_text)}”"
        if event.granularity == "week" or (event.granularity in DAY_GRANULARITIES and (event.end_date or "") > (event.date or "")):
            given += f", {format_event_date(event)}"  # "next week", 8 – 14 September: more than its heading says
        if " ".join(event.date_text.split()) not in event.sentence:  # a scene's day ("They also held talks"): say where it is from
            given += " (earlier in the article)"
        facts.append((given, False))  # the day is the section's heading
    elif event.date and not {"date", "added"} & set(entry.corrected):  # "has signed", no date in the text: the extractor used the publication day
        facts.append((PUBLICATION_DAY_NOTE, False))
    if event.attributed_to:
        facts.append((f"According to: {escape_text(event.attributed_to)}", True))
    if actors := _entity_links(model, event.actors, "actors"):
        facts.append((f"Who: {actors}", not _all_in_title(event.actors, event.title)))
    if places := _entity_links(model, event.places, "places"):
        facts.append((f"Where: {places}", not _all_in_title(event.places, event.title)))
    lines = [f'<div class="tl-entry tl-entry--{status}" id="{model.entry_slugs[entry]}" {_filter_data(model, entry)} markdown>', "", head, ""]
    if facts:
        unsearched_line = "" if any(searched for _, searched in facts) else f' {SEARCH_EXCLUDE}=""'
        lines += [_facts_line(facts), f"{{ .tl-facts{unsearched_line} }}", ""]
    lines += _render_conflicts(model, entry)
    sources = "".join(
        f"- {_source_link(model, source.article_id, source.title)}"
        f" ({_source_published(model, source.article_id, source.published)}):"
        f" {_quoted(source.quote)}\n"
        for source in sorted(entry.sources, key=lambda s: (s.published or "", s.article_id, s.quote))
    )
    lines += [unsearched(sources, "tl-sources"), "</div>", ""]
    return "\n".join(lines)


def _all_in_title(names: tuple[str, ...], title: str) -> bool:
    """Search finds these names by the title already."""
    return all(name in title for name in names)


def _facts_line(facts: list[tuple[str, bool]]) -> str:
    """The facts joined by " · ", each separator inside the span of a fact search leaves out, if any."""
    texts = [text for text, _ in facts]
    for n in range(1, len(facts)):
        if facts[n][1] and not facts[n - 1][1]:
            texts[n - 1] += " · "
        else:
            texts[n] = " · " + texts[n]
    return "".join(text if searched else _unsearched_text(text) for text, (_, searched) in zip(texts, facts))


def _entry_id(entry: Entry) -> str:
    """The id by which corrections.yml names the entry (base32: nothing to escape)."""
    return f'<span class="tl-id" title="This entry\'s id in corrections.yml" {SEARCH_EXCLUDE}>id {entry.id}</span>' if entry.id else ""


def _corrected_mark(entry: Entry) -> str:
    """A mark on an entry corrections.yml changed, naming what (our own words: nothing to escape)."""
    if not entry.corrected:
        return ""
    return f'<span class="tl-badge tl-badge--corrected" title="Corrected by hand: {", ".join(entry.corrected)}">Corrected</span>'


_LEGEND = (
    '<span class="tl-badge tl-badge--planned">Planned</span> announced for later ·'
    ' <span class="tl-badge tl-badge--reported">Reported</span> someone\'s claim, not confirmed ·'
    ' <span class="tl-badge tl-badge--denied">Denied</span> the article says it did not happen ·'
    " no badge: happened, according to the sources listed under it."
    " “Date: day of publication”: the article says it has happened but not when, so it is placed"
    f' on the day the article was published.\n{{ .tl-legend {SEARCH_EXCLUDE}="" }}\n\n'
)


def _heading(level: int, text: str, anchor: str, css: str = "") -> str:
    return f"{'#' * level} {text} {{ #{anchor}{' .' + css if css else ''} }}\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _summary(model: SiteModel) -> str:
    events = len(model.entries)
    sources = len(model.articles)
    hidden = f" {_count(model.hidden, 'low-confidence event')} not shown." if model.hidden else ""
    return (
        f"{_count(events, 'event')} from {_count(sources, 'source')},"
        f" oldest first.{hidden}\n"
    )


def _timeline_tree(entries: tuple[Entry, ...]) -> tuple[dict, list[Entry]]:
    """Entries grouped year -> month -> (day, whole day?) as :func:`_placement` places them, and the undated ones."""
    tree: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    undated = []
    for entry in entries:
        place = _placement(entry.event)
        if place is None:
            undated.append(entry)
        else:
            year, month, day = place
            tree[year][month][day].append(entry)
    return tree, undated


# --------------------------------------------------------------------------- #
# Pages
# --------------------------------------------------------------------------- #


def _chronology(model: SiteModel, entries: tuple[Entry, ...], months: bool) -> list[str]:
    """Entry cards under their month (when ``months``), day and week headings; undated ones last."""
    tree, undated = _timeline_tree(entries)
    day_level = 3 if months else 2
    out = []
    for year in sorted(tree):
        for month in sorted(tree[year]):
            if month and months:
                out.append(_heading(2, f"{MONTHS[month - 1]} {year}", f"{year}-{month:02d}", "tl-month") + "\n")
            for day, whole_day in sorted(tree[year][month]):
                bucket = tree[year][month][(day, whole_day)]
                if whole_day:
                    date = dt.date(year, month, day)
                    out.append(_heading(day_level, format_day(date), date.isoformat(), "tl-day") + "\n")
                    out.extend(render_entry(model, entry) + "\n" for entry in bucket)
                    continue
                if day:  # weeks and weekends that start that day, each under a heading of its own
                    by_week: dict[str, list[Entry]] = defaultdict(list)
                    for entry in bucket:
                        by_week[entry.event.value or ""].append(entry)
                    for value, week in sorted(by_week.items()):
                        kind = "Weekend" if value.endswith("-WE") else "Week"
                        out.append(_heading(day_level, f"{kind} of {format_event_date(week[0].event)}", value or f"{year}-{month:02d}-{day:02d}-week", "tl-day") + "\n")
                        out.extend(render_entry(model, entry) + "\n" for entry in week)
                    continue
                # A decade or century opens its first year, but is said as what it is: "the 2010s".
                by_label: dict[str, list[Entry]] = defaultdict(list)
                for entry in bucket:
                    by_label[_coarse_label(entry.event, year, month)].append(entry)
                for label, coarse in sorted(by_label.items(), key=lambda item: item[0].startswith("the ")):  # the year first
                    out.append(f"Sometime in {label}\n{{ .tl-coarse }}\n\n")
                    out.extend(render_entry(model, entry) + "\n" for entry in coarse)
    out.extend(render_entry(model, entry) + "\n" for entry in undated)
    return out


def _pager(periods: tuple[Period, ...], index: int, up_label: str, up_target: str = "index.md") -> str:
    """Links to the previous and next period pages and up to the index, above and below a period."""
    links = []
    if index > 0:
        links.append(f"[← {periods[index - 1].label}]({periods[index - 1].key}.md){{ rel=prev }}")
    links.append(f"[{up_label}]({up_target})")
    if index + 1 < len(periods):
        links.append(f"[{periods[index + 1].label} →]({periods[index + 1].key}.md){{ rel=next }}")
    return " · ".join(links) + f'\n{{ .tl-pager {SEARCH_EXCLUDE}="" }}\n\n'


def _children(periods: tuple[Period, ...], year: str) -> list[Period]:
    return [p for p in periods if p.parent == year]


def _month_links(periods: tuple[Period, ...], year: str, prefix: str = "") -> str:
    return " · ".join(f"[{p.label}]({prefix}{p.key}.md) ({len(p.entries)})" for p in _children(periods, year))


def render_period_page(model: SiteModel, index: int) -> str:
    """``timeline/<period>.md``: a year (or a month, or a part) of the timeline, with the way
    to the neighbouring periods; a year split by month lists its months first."""
    period = model.periods[index]
    pager = _pager(model.periods, index, "All years")
    out = [_front_matter(f"{period.label} · Timeline"), f"# {period.label} {{ #{period.key} }}\n\n", pager]
    if period.key == "undated":
        out.append(
            "The articles give no date for these events, or give one that cannot be placed"
            " (for example a weekday in an article with no publication date).\n\n"
        )
    if months := _month_links(model.periods, period.key):
        out.append(f"{_count(sum(len(p.entries) for p in _children(model.periods, period.key)), 'event')} by month: {months}\n{{ .tl-jump }}\n\n")
    out.append(_LEGEND)
    if period.entries:
        out.append(_filter_form(model, period.entries))
    out.extend(_chronology(model, period.entries, period.months))
    out.append("\n" + pager)
    return "".join(out).rstrip("\n") + "\n"


def render_timeline_index(model: SiteModel, period_pages: dict[str, str]) -> str:
    """``timeline/index.md``: the years with their counts (months of the long ones), the
    downloads, and the data by which the site script sends an old single-page link
    (``timeline/#2023-09-13``) to the period page now holding that anchor; without
    JavaScript the year list is there."""
    out = [_front_matter("Timeline"), "# Timeline\n\n", _summary(model), "\n"]
    if not model.periods:
        return "".join(out) + "No events yet: add articles to `seeds/` and run `timeline build`.\n"
    out.append('<div class="tl-years" markdown>\n\n| Period | Events | Months |\n|---|---|---|\n')
    for period in model.periods:
        if period.parent is None and "-part-" not in period.key:
            total = len(period.entries) + sum(len(p.entries) for p in _children(model.periods, period.key))
            parts = [p for p in model.periods if p.key.startswith(period.key + "-part-")]
            more = " · ".join(f"[part {n}]({p.key}.md)" for n, p in enumerate(parts, 2))
            out.append(f"| [{period.label}]({period.key}.md) | {total} | {_month_links(model.periods, period.key) or more} |\n")
    out.append("\n</div>\n\n")
    out.append(_download_links(""))
    out.append(_LEGEND)
    out.append(_old_anchors(model, period_pages))
    return "".join(out)


_ANCHOR_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def guess_period(anchor: str, keys: frozenset[str], parts: dict[str, list[list[str]]]) -> str | None:
    """The period page an anchor of the old single page is on, from its date alone: its month's
    page, else its year's, then the last part of it that starts on or before that day ("undated…"
    on the undated page). ``parts`` gives each split period's later parts as [first day, key].

    The site script (``assets/timeline.js``) does the same in JavaScript; the anchors it would
    place wrong are listed for it (:func:`_old_anchors`).
    """
    if anchor.startswith("undated"):
        return "undated" if "undated" in keys else None
    match = _ANCHOR_DATE.match(anchor)
    if not match:
        return None
    year, month = match.groups()
    page = f"{year}-{month}" if month and f"{year}-{month}" in keys else year if year in keys else None
    for first, part in parts.get(page, ()):
        if anchor[:10] >= first:
            page = part
    return page


def anchor_hash(anchor: str) -> str:
    """32-bit FNV-1a of an anchor, in hex: the site script computes the same to look an old anchor up."""
    value = 0x811C9DC5
    for byte in anchor.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return format(value, "x")


_CARD_ID = re.compile(r'id="([^"]+)"|\{ #([^ }]+)')


def _old_anchors(model: SiteModel, period_pages: dict[str, str]) -> str:
    """What the site script needs to send an old link to its period page, as data attributes:
    the pages, where the parts of a split period start, and the anchors :func:`guess_period`
    would place wrong (a heading cut between two parts is on the first), by page, as hashes:
    a month of many entries known only to the month moves hundreds of them."""
    parts: dict[str, list[list[str]]] = defaultdict(list)
    for period in model.periods:
        first = period.entries[0].event.date if period.entries else None
        if "-part-" in period.key and first:
            parts[period.key.split("-part-")[0]].append([first, period.key])
    pages: dict[str, str] = {}
    for period in model.periods:
        for match in _CARD_ID.finditer(period_pages[period.key]):
            pages.setdefault(match.group(1) or match.group(2), period.key)
    keys = frozenset(p.key for p in model.periods)
    moved: dict[str, list[str]] = defaultdict(list)
    for anchor, key in sorted(pages.items()):
        if anchor not in keys and guess_period(anchor, keys, parts) != key:  # a page's own heading is no old anchor
            moved[key].append(anchor_hash(anchor))
    moved_text = json.dumps({key: " ".join(hashes) for key, hashes in moved.items()}, sort_keys=True)
    data = {"pages": " ".join(sorted(keys)), "parts": json.dumps(parts, sort_keys=True), "moved": moved_text}
    return '<div class="tl-old-anchors" hidden' + "".join(f' data-{k}="{html.escape(v)}"' for k, v in data.items()) + "></div>\n"


def _entries_table(model: SiteModel, entries: tuple[Entry, ...], last_header: str, last_cell, up: str = "../") -> str:
    """Date, event (linking to its card on the timeline), type, and one page-specific column.

    On a phone the stylesheet stacks each row into a card (``.tl-events``) and
    hides the header row, so the last cell also carries its header as a label
    that only shows there.
    """
    label = f'<span class="tl-label">{last_header}:</span> '
    rows = [f"| Date | Event | Type | {last_header} |", "|---|---|---|---|"]
    for entry in entries:
        event = entry.event
        title = f"[{escape_text(event.title)}]({entry_link(model, entry, up)})"
        cells = [
            escape_text(format_event_date(event)),
            f"{title} {_badge(event)}".rstrip(),
            escape_text(type_label(event.type)),
            label + last_cell(entry, up),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return unsearched("\n".join(rows) + "\n", "tl-events")


def _all_sources_cell(model: SiteModel):
    return lambda entry, up: "<br>".join(_source_link(model, a, a, up) for a in sorted({s.article_id for s in entry.sources}))


def _quote_cell(article_id: str):
    """The sentence this article gives for the entry."""
    return lambda entry, up: "<br>".join(
        _quoted(s.quote) for s in sorted(entry.sources, key=lambda s: s.quote) if s.article_id == article_id
    )


def render_source_page(model: SiteModel, article: Article) -> str:
    """``timeline/sources/<id>.md``: the article's metadata, a link to it, and the events it reports."""
    url = safe_url(article.url)
    facts = [  # search covers the outlet; the title is the page's
        ("Outlet", escape_text(article.source) if article.source else "not given", True),
        ("Published", format_short_day(article.published) if article.published else "not given", False),
        ("Original", f"[{escape_text(url)}]({url})" if url else "no link", False),
        ("File", escape_text(article.path), False),
    ]
    entries = model.events_by_article.get(article.id, ())
    out = [
        _front_matter(plain_title(article.title)),
        f"# {escape_text(article.title) or 'Untitled'}\n\n",
        "\n".join(f"**{name}:** {value}  " if searched else _unsearched_text(f"**{name}:** {value}") + "  " for name, value, searched in facts).rstrip()
        + "\n{ .tl-source-facts }\n\n",
        f'## Events in this article ({len(entries)}) {{ #events {SEARCH_EXCLUDE}="" }}\n\n',
    ]
    if not article.published:
        out.append(
            "This article has no publication date, so relative dates in it"
            " (“on Wednesday”) are left undated. Add `published:` to its front matter.\n"
            "{ .tl-warning }\n\n"
        )
    table = _entries_table(model, entries, "What the article says", _quote_cell(article.id))
    out.append(table if entries else "No events found.\n")
    return "".join(out)


def render_sources_pages(model: SiteModel) -> dict[str, str]:
    """``sources/index.md`` of the timeline folder (the keys are relative to it): every article,
    newest first; over :data:`PAGE_LIMIT` articles, the months of publication, newest first,
    each listing its articles on ``sources/published/<month>.md``."""
    articles = sorted(
        model.articles.values(),
        key=lambda a: (a.published is None, -(a.published.toordinal() if a.published else 0), a.title.casefold(), a.id),
    )
    out = [_front_matter("Sources"), "# Sources\n\n", f"{_count(len(articles), 'article')}, newest first.\n\n"]
    if len(articles) <= PAGE_LIMIT:
        return {"sources/index.md": "".join(out) + _sources_table(model, articles, "")}
    months: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        months[article.published.strftime("%Y-%m") if article.published else "undated"].append(article)
    pages = {}
    out.append("| Published | Articles |\n|---|---|\n")
    for key, listed in months.items():
        label = f"{MONTHS[listed[0].published.month - 1]} {listed[0].published.year}" if listed[0].published else "No date"
        out.append(f"| [{label}](published/{key}.md) | {len(listed)} |\n")
        title = f"Sources published in {label}" if listed[0].published else "Sources without a publication date"
        pages[f"sources/published/{key}.md"] = "".join(
            [_front_matter(title), f"# {title}\n\n", f"{_count(len(listed), 'article')}. [All sources](../index.md)\n\n",
             _sources_table(model, listed, "../")]
        )  # fmt: skip
    return {"sources/index.md": "".join(out), **pages}


def _sources_table(model: SiteModel, articles: list[Article], up: str) -> str:
    if not articles:
        return ""
    rows = ["| Published | Article | Outlet | Events |\n|---|---|---|---|\n"]
    for article in articles:
        rows.append(
            f"| {format_short_day(article.published) if article.published else 'no date'}"
            f" | [{escape_text(article.title) or 'Untitled'}]({up}{model.source_slugs[article.id]}.md)"
            f" | {escape_text(article.source) if article.source else ''}"
            f" | {len(model.events_by_article.get(article.id, ()))} |\n"
        )
    return unsearched("".join(rows))  # each source's own page is searched, by its title


def _span(entries: tuple[Entry, ...]) -> str:
    """", from March 2023 to 2024": the dates of the first and last dated entries."""
    dated = [e for e in entries if _placement(e.event) is not None]
    return f", from {format_event_date(dated[0].event)} to {format_event_date(dated[-1].event)}" if dated else ""


def entity_label(kind: str, name: str) -> str:
    """How a name is shown: event types are written with spaces ("talks or meeting")."""
    return type_label(name) if kind == "types" else name


def render_entity_pages(model: SiteModel, kind: str, name: str) -> dict[str, str]:
    """``actors/<slug>.md`` (or places, types) of the timeline folder (the keys are relative to it):
    the entity's own timeline, one page; one of over :data:`PAGE_LIMIT` entries lists its periods,
    each on a page of its own in ``<slug>/``."""
    entries, slug = model.entities[kind][name], model.entity_slugs[kind][name]
    label = entity_label(kind, name)
    head = [
        _front_matter(plain_title(label)),
        f"# {escape_text(label)}\n\n",
        _also_written(model.aliases.get(name, ())),
        f"{_count(len(entries), 'event')}{escape_text(_span(entries))}. [All {kind}](index.md)\n\n",
    ]
    if len(entries) <= PAGE_LIMIT:
        return {f"{kind}/{slug}.md": "".join(head + [_entries_table(model, entries, "Sources", _all_sources_cell(model))])}
    periods = paginate(entries)
    links = " · ".join(f"[{p.label}]({slug}/{p.key}.md) ({len(p.entries)})" for p in periods)
    pages = {f"{kind}/{slug}.md": "".join(head + [f"By period: {links}\n{{ .tl-jump }}\n"])}
    for index, period in enumerate(periods):
        pager = _pager(periods, index, f"All of {escape_text(label)}", f"../{slug}.md")
        pages[f"{kind}/{slug}/{period.key}.md"] = "".join([
            _front_matter(plain_title(f"{label}: {period.label}")),
            f"# {escape_text(label)}: {period.label}\n\n",
            pager,
            _entries_table(model, period.entries, "Sources", _all_sources_cell(model), up="../../"),
            "\n" + pager,
        ])  # fmt: skip
    return pages


def _also_written(aliases: tuple[str, ...]) -> str:
    return f"Also written: {', '.join(escape_text(a) for a in aliases)}\n{{ .tl-facts }}\n\n" if aliases else ""


#: What each kind of entity is, for its index page.
ENTITY_INTROS = {
    "actors": "People, organisations and countries named in the events",
    "places": "Places named in the events",
    "types": "Kinds of event",
}


def render_entity_index(model: SiteModel, kind: str) -> str:
    """``timeline/actors/index.md`` (or places, types): every name with a page, how often and when;
    then the names of a single entry from a single source, each with that entry."""
    names, slugs = model.entities[kind], model.entity_slugs[kind]
    title = kind.capitalize()
    out = [_front_matter(title), f"# {title}\n\n"]
    out.append(f"{ENTITY_INTROS[kind]}, A to Z, each with its own timeline.\n\n")
    if not names:
        return "".join(out) + f"No {kind} yet.\n"
    paged = [n for n in names if n in model.with_page[kind]]
    if paged:  # each name's own page is searched, by the name
        rows = [f"| {title[:-1]} | Events | First | Last |\n|---|---|---|---|\n"]
        for name in paged:
            dated = [e for e in names[name] if _placement(e.event) is not None]
            first = escape_text(format_event_date(dated[0].event)) if dated else "undated"
            last = escape_text(format_event_date(dated[-1].event)) if dated else "undated"
            rows.append(f"| [{escape_text(entity_label(kind, name))}]({slugs[name]}.md) | {len(names[name])} | {first} | {last} |\n")
        out.append(unsearched("".join(rows)))
    minor = [n for n in names if n not in model.with_page[kind]]
    if minor:
        out.append("\n## Named once { #named-once }\n\nIn one event of one source each.\n\n")
        rows = [f"| {title[:-1]} | Date | Event |\n|---|---|---|\n"]
        for name in minor:
            (entry,) = names[name]
            rows.append(
                f'| <span id="{minor_anchor(slugs[name])}"></span>{escape_text(entity_label(kind, name))}'
                f" | {escape_text(format_event_date(entry.event))}"
                f" | [{escape_text(entry.event.title) or 'Untitled event'}]({entry_link(model, entry, '../')}) {_badge(entry.event)} |\n"
            )
        out.append(unsearched("".join(rows), "tl-named-once"))
    return "".join(out)


# --------------------------------------------------------------------------- #
# The story's overview, included at the top of the hand-written home page
# --------------------------------------------------------------------------- #

#: The generated overview, a Markdown fragment without front matter: the hand-written
#: ``docs/index.md`` includes it with ``--8<-- "timeline/overview.snippet"`` (pymdownx.snippets),
#: so the generator never writes the home page itself. Its links are relative to ``docs/``.
OVERVIEW = "overview.snippet"
#: How many of the newest events and of the most-named actors the overview lists.
OVERVIEW_LATEST = 10
OVERVIEW_ACTORS = 10


@dataclass(frozen=True)
class Story:
    """What the story is called and is about: ``title`` and ``description`` in ``timeline.yml``."""

    title: str = "Timeline"
    description: str = ""
    site_url: str = ""  # where the site is published (SITE_URL): makes the exports' links absolute


def events_per_month(entries: tuple[Entry, ...]) -> list[tuple[str, int]]:
    """("2023-09", count) for every month from the first dated to the last, empty months too;
    events known only to a year or coarser are not in any month."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for entry in entries:
        place = _placement(entry.event)
        if place and place[1]:
            counts[place[:2]] += 1
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    months = []
    while (year, month) <= last:
        months.append((f"{year}-{month:02d}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def render_chart(months: list[tuple[str, int]]) -> str:
    """Events per month as an inline SVG bar chart (no script), titled for screen readers,
    followed by the same figures as a table."""
    if not months:
        return ""
    width, height, top = 640, 160, max(count for _, count in months)
    bar = width / len(months)
    total = sum(count for _, count in months)
    title = (
        f"Events per month, {_month_label(months[0][0])} to {_month_label(months[-1][0])}:"
        f" {total} events dated to a day or a month, at most {top} in a month"
    )
    bars = "".join(
        f'<rect x="{n * bar:.1f}" y="{height - 20 - (height - 30) * count / top:.1f}" width="{max(bar - 2, 1):.1f}"'
        f' height="{(height - 30) * count / top:.1f}"><title>{_month_label(key)}: {count}</title></rect>'
        for n, (key, count) in enumerate(months)
    )
    labels = "".join(
        f'<text x="{n * bar:.1f}" y="{height - 4}">{_month_label(key)}</text>'
        for n, (key, _) in enumerate(months)
        if n == 0 or key.endswith("-01") or n == len(months) - 1
    )
    svg = (
        f'<svg class="tl-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="tl-chart-title"'
        f' preserveAspectRatio="none"><title id="tl-chart-title">{title}</title>'
        f'<text x="0" y="10">{top}</text>{bars}{labels}</svg>'
    )
    rows = "".join(f"<tr><td>{_month_label(key)}</td><td>{count}</td></tr>" for key, count in months)
    table = (
        '<details class="tl-chart-table"><summary>The figures as a table</summary>'
        f"<table><thead><tr><th>Month</th><th>Events</th></tr></thead><tbody>{rows}</tbody></table></details>"
    )
    return f'<figure class="tl-chart-figure">\n{svg}\n{table}\n</figure>\n\n'


def render_overview(model: SiteModel, story: Story) -> str:
    """The story at a glance: title, description, dates and counts, events per month, the
    newest events and the most-named actors, with links into the site."""
    out = [f"# {escape_text(story.title) or 'Timeline'} {{ #story }}\n\n"]
    if story.description.strip():
        out.append(f"{escape_text(story.description)}\n{{ .tl-description }}\n\n")
    if not model.entries:
        return "".join(out) + "No events yet: add articles to `seeds/` and run `timeline build`.\n"
    dated = [e for e in model.entries if _placement(e.event) is not None]
    actors = model.entities["actors"]
    span = f"From {escape_text(format_event_date(dated[0].event))} to {escape_text(format_event_date(dated[-1].event))}: " if dated else ""
    out.append(
        f"{span}**{_count(len(model.entries), 'event')}** from **{_count(len(model.articles), 'source')}**,"
        f" naming **{_count(len(actors), 'actor')}**. [Read the timeline]({OWNED_FOLDER}/index.md)\n{{ .tl-overview-facts }}\n\n"
    )
    out.append(render_chart(events_per_month(model.entries)))
    if dated:
        out.append("## Latest events { #latest }\n\n")
        for entry in reversed(dated[-OVERVIEW_LATEST:]):
            event = entry.event
            out.append(
                f"- {escape_text(format_event_date(event))}: [{escape_text(event.title) or 'Untitled event'}]"
                f"({entry_link(model, entry, OWNED_FOLDER + '/')}) {_badge(event)}".rstrip() + "\n"
            )
        out.append("\n")
    if actors:
        named = sorted(actors, key=lambda n: (-len(actors[n]), n.casefold(), n))[:OVERVIEW_ACTORS]
        out.append("## Most named { #actors }\n\n")
        out.extend(f"- [{escape_text(n)}]({_entity_target(model, 'actors', n, OWNED_FOLDER + '/')}): {_count(len(actors[n]), 'event')}\n" for n in named)
        out.append("\n")
    out.append(_download_links("timeline/"))
    return "".join(out)


# --------------------------------------------------------------------------- #
# Downloads: the entries as data, for a spreadsheet or a script
# --------------------------------------------------------------------------- #

#: The data files next to the timeline page, by format.
DOWNLOADS = {"csv": "timeline.csv", "json": "timeline.json"}

#: Columns of the CSV, one row per entry in timeline order.
CSV_COLUMNS = (
    "date", "end_date", "date_value", "granularity", "date_given", "status", "denied", "type", "title",
    "who", "where", "according_to", "evidence", "sources", "source_urls", "sources_disagree", "confidence",
    "id", "corrected",
)  # fmt: skip
#: A cell a spreadsheet would run as a formula ("=HYPERLINK(...)" in an article) gets a leading
#: apostrophe, as OWASP advises for CSV: article text is untrusted.
_FORMULA_START = tuple("=+-@\t\r")


def _download_links(folder: str) -> str:
    """The downloads and the exports, linked from a page ``folder`` above them."""
    data = f"[spreadsheet (CSV)]({folder}{DOWNLOADS['csv']}) · [JSON]({folder}{DOWNLOADS['json']})"
    views = f"[TimelineJS]({folder}{EXPORTS['timelinejs']}) · [calendar (iCalendar)]({folder}{EXPORTS['calendar']})"
    return f"Download the entries: {data} · {views} · follow the story: [Atom feed]({folder}{EXPORTS['feed']})\n{{ .tl-downloads }}\n\n"


def _visual(model: SiteModel) -> dict[str, str]:
    """The visual timeline (:mod:`timeline.visual`), handed the dated entries as the pages show them."""
    types = model.entity_slugs["types"]
    dated = [
        Drawn(entry, entry_link(model, entry, ""), format_event_date(entry.event), _parse_date(entry.event.end_date), types.get(entry.event.type, OTHERS))
        for entry in model.entries if _parse_date(entry.event.date)
    ]
    rows = Rows(
        types=tuple((types[t], type_label(t)) for t in sorted((t for t in model.entities["types"] if t in types), key=type_label)),
        actors=tuple((name, model.entity_slugs["actors"][name], len(entries)) for name, entries in model.entities["actors"].items()),
    )
    return render_visual(dated, rows, undated=len(model.entries) - len(dated))


def _exports(model: SiteModel, story: Story) -> dict[str, str]:
    """The TimelineJS, calendar and feed files next to the downloads (:mod:`timeline.exports`)."""
    items = [ExportItem(e, model.entry_slugs[e], entry_link(model, e, ""), format_event_date(e.event), type_label(e.event.type)) for e in model.entries]
    outlets = {a.id: a.source for a in model.articles.values() if a.source}
    files = export_files(items, ExportStory(story.title, story.description, story.site_url, "timeline/"), outlets)
    return dict(files)


def entries_json(entries) -> str:
    """The entries as JSON: what ``timeline events --json`` prints."""
    return json.dumps([entry.to_dict() for entry in entries], ensure_ascii=False, indent=2) + "\n"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_row(entry: Entry, outlets: dict[str, str]) -> dict[str, str]:
    event = entry.event
    sources = sorted(entry.sources, key=lambda s: (s.published or "", s.article_id, s.quote))
    titles = {s.article_id: s.title or s.article_id for s in sources}
    disagree = "; ".join(
        f"{value} ({', '.join(titles.get(a, a) for a in sorted(ids))})" for c in entry.conflicts for value, ids in sorted(c.values)
    )
    row = {
        "date": event.date, "end_date": event.end_date, "date_value": event.value, "granularity": event.granularity,
        "date_given": event.date_text, "status": event.status, "denied": "yes" if event.negated else "", "type": event.type,
        "title": event.title, "who": "; ".join(event.actors), "where": "; ".join(event.places),
        "according_to": event.attributed_to, "evidence": event.sentence,
        "sources": " | ".join(
            f"{outlets[s.article_id] + ': ' if s.article_id in outlets else ''}{s.title or s.article_id} ({s.published or 'no date'})"
            for s in sources
        ),
        "source_urls": " ".join(s.url for s in sources if s.url), "sources_disagree": disagree,
        "confidence": f"{event.confidence:.2f}", "id": entry.id, "corrected": "; ".join(entry.corrected),
    }  # fmt: skip
    return {column: _cell(value) for column, value in row.items()}


def entries_csv(entries, articles: Iterable[Article] = ()) -> str:
    """The entries as CSV for a spreadsheet, one row each (see :data:`CSV_COLUMNS`);
    ``articles`` give each source its outlet ("Sky News: Putin accepts ...")."""
    outlets = {article.id: article.source for article in articles if article.source}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_csv_row(entry, outlets) for entry in entries)
    return out.getvalue()


def render_pages(
    extractions: list[Extraction], entries: list[Entry], *, min_confidence: float = 0.0, story: Story = Story()
) -> dict[str, str]:
    """Every generated file: path relative to ``docs/`` (POSIX) -> text (Markdown pages, the downloads and the exports).

    All are in :data:`OWNED_FOLDER`: the periods, index, overview, downloads and exports at its
    top, then ``sources/``, ``actors/``, ``places/`` and ``types/`` inside it.
    """
    model = build_model(extractions, entries, min_confidence)
    periods = {period.key: render_period_page(model, index) for index, period in enumerate(model.periods)}
    pages = {
        "index.md": render_timeline_index(model, periods),
        OVERVIEW: render_overview(model, story),
        # With a byte-order mark, by which Excel knows the file is UTF-8 ("Kraków", "…").
        DOWNLOADS["csv"]: "\ufeff" + entries_csv(model.entries, model.articles.values()),
        DOWNLOADS["json"]: entries_json(model.entries),
    }
    pages.update(_exports(model, story))
    pages.update(render_sources_pages(model))
    pages.update(_visual(model))
    pages.update((f"{key}.md", text) for key, text in periods.items())
    for article_id, article in model.articles.items():
        pages[f"sources/{model.source_slugs[article_id]}.md"] = render_source_page(model, article)
    for kind in ENTITY_KINDS:
        pages[f"{kind}/index.md"] = render_entity_index(model, kind)
        for name in (n for n in model.entities[kind] if n in model.with_page[kind]):
            pages.update(render_entity_pages(model, kind, name))
    return {f"{OWNED_FOLDER}/{name}": text for name, text in sorted(pages.items())}


# --------------------------------------------------------------------------- #
# Writing: the only I/O in this module
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class WriteReport:
    """What :func:`write_docs` did, for the CLI to print."""

    docs_dir: Path
    pages: tuple[str, ...]  # every generated file (pages and downloads), relative to docs_dir
    changed: tuple[str, ...]  # new pages and pages whose content changed
    removed: tuple[str, ...]  # stale generated pages that were deleted
    events_shown: int
    events_hidden: int  # below min_confidence
    kept: tuple[str, ...] = ()  # files in the owned folder that timeline did not write, left in place
    cleaned: tuple[str, ...] = ()  # staging folders of runs that died before swapping (or after an exchange), removed
    finished: tuple[str, ...] = ()  # staging folders of runs killed during a journaled swap, whose swap was completed
    retired: tuple[str, ...] = ()  # files timeline wrote into the former folders (FORMER_FOLDERS), removed
    left: tuple[str, ...] = ()  # other files in those folders, left where they are

    def __str__(self) -> str:
        pages = sum(1 for path in self.pages if path.endswith((".md", OVERVIEW)))  # the overview: part of the home page
        return (
            f"{_count(pages, 'page')} and {_count(len(self.pages) - pages, 'download')}"
            f" ({len(self.changed)} changed, {len(self.removed)} removed),"
            f" {_count(self.events_shown, 'event')} shown, {self.events_hidden} below min_confidence"
        )


#: The start of a staging folder's name in docs/; MkDocs skips dot-folders.
STAGING = ".timeline-generating-"


def _existing_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    files = (p for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink())
    return {p.relative_to(folder).as_posix(): p for p in files if p.name != OWNED_MARKER}


def _same_content(path: Path, data: bytes) -> bool:
    return not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data


def check_docs_folders(docs_dir: Path, *, force: bool = False) -> None:
    """Raise :class:`~timeline.guards.GuardError` unless the generator may write its folder of ``docs_dir``."""
    reason = never_written(docs_dir)
    if reason:
        raise GuardError(f"--docs {docs_dir}: refused, {reason}; give the project's docs folder")
    check_output_folder(docs_dir / OWNED_FOLDER, option="generated folder", force=force)


def write_docs(
    docs_dir: Path, extractions: list[Extraction], entries: list[Entry], *, min_confidence: float = 0.0,
    force: bool = False, story: Story = Story(),
) -> WriteReport:
    """Write the generated pages into the owned folder of ``docs_dir``, ``docs/timeline``.

    When a page changed, the whole folder is first built in a staging directory inside
    ``docs_dir`` (unchanged pages hard-linked, so they keep their bytes and mtime), then
    swapped in by :func:`~timeline.guards.swap_folder`: one system call where the system
    has one, so a run killed at any moment leaves the old output or the new one. When no
    page changed nothing is touched (``mkdocs serve`` does not rebuild).

    The folder's marker lists the files timeline wrote; any other file found there
    was put there by someone else, and is carried over and reported, never deleted.
    A folder without a marker is only written with ``force`` (see :mod:`timeline.guards`).
    Then what earlier versions wrote beside it is removed (:func:`retire_former_folders`).
    """
    docs_dir = Path(docs_dir)
    check_docs_folders(docs_dir, force=force)
    pages = render_pages(extractions, entries, min_confidence=min_confidence, story=story)
    shown = sum(1 for e in entries if e.event.confidence >= min_confidence)
    docs_dir.mkdir(parents=True, exist_ok=True)
    interrupted = clean_stale_staging(docs_dir, STAGING)
    plan = _plan_folder(docs_dir / OWNED_FOLDER, pages, force)
    if plan.changed or plan.removed or not is_owned(plan.folder):
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(STAGING), dir=docs_dir))
        try:
            _stage_folder(plan, staging / "new" / OWNED_FOLDER)
            swap_folder(staging, docs_dir, OWNED_FOLDER)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    retired, left = retire_former_folders(docs_dir)
    return WriteReport(
        docs_dir=docs_dir,
        pages=tuple(pages),
        changed=tuple(f"{OWNED_FOLDER}/{name}" for name in plan.changed),
        removed=tuple(f"{OWNED_FOLDER}/{name}" for name in plan.removed),
        events_shown=shown,
        events_hidden=len(entries) - shown,
        kept=tuple(f"{OWNED_FOLDER}/{name}" for name in plan.kept),
        cleaned=tuple(folder.name for folder, finished in interrupted if not finished),
        finished=tuple(folder.name for folder, finished in interrupted if finished),
        retired=retired,
        left=left,
    )


def retire_former_folders(docs_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Remove what timeline wrote into the folders earlier versions generated beside the timeline.

    Only a folder with timeline's marker is looked at, and only the files its marker
    lists are deleted, the marker last (a run killed halfway is finished by the next).
    Any other file stays, with its folder. Returns the files removed and the files left,
    relative to ``docs_dir``.
    """
    removed, left = [], []
    for name in FORMER_FOLDERS:
        folder = docs_dir / name
        if not is_owned(folder):
            continue
        ours = owned_files(folder)
        for relative, path in _existing_files(folder).items():
            if relative in ours:
                path.unlink()
                removed.append(f"{name}/{relative}")
            else:
                left.append(f"{name}/{relative}")
        (folder / OWNED_MARKER).unlink()
        for sub in sorted((p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink()), reverse=True) + [folder]:
            if not any(sub.iterdir()):
                sub.rmdir()
    return tuple(removed), tuple(left)


@dataclass(frozen=True)
class _FolderPlan:
    folder: Path
    wanted: dict[str, bytes]  # name inside the folder -> content
    existing: dict[str, Path]
    changed: tuple[str, ...]
    removed: tuple[str, ...]  # files timeline wrote last time and no longer generates
    kept: tuple[str, ...]  # files someone else put there


def _plan_folder(folder: Path, pages: dict[str, str], force: bool) -> _FolderPlan:
    prefix = folder.name + "/"  # the pages' paths are relative to docs/
    wanted = {path[len(prefix) :]: text.encode("utf-8") for path, text in pages.items() if path.startswith(prefix)}
    existing = _existing_files(folder)
    ours = owned_files(folder)
    foreign = sorted(name for name in existing if name not in ours)
    clash = next((name for name in foreign if name in wanted), None)
    if clash and not force:
        raise GuardError(
            f"{folder / clash}: not written by timeline, and a generated page takes this name;"
            " move it elsewhere, or add --force to replace it"
        )
    changed = tuple(n for n, data in wanted.items() if n not in existing or not _same_content(existing[n], data))
    removed = tuple(sorted(name for name in existing if name in ours and name not in wanted))
    kept = tuple(name for name in foreign if name not in wanted)
    return _FolderPlan(folder, wanted, existing, changed, removed, kept)


def _stage_folder(plan: _FolderPlan, target: Path) -> None:
    """Write the folder's changed pages under ``target``, and carry the rest over unchanged."""
    target.mkdir(parents=True)
    for name, data in plan.wanted.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name in plan.changed:
            path.write_bytes(data)
        else:
            _carry_over(plan.existing[name], path)
    for name in plan.kept:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        _carry_over(plan.existing[name], target / name)
    (target / OWNED_MARKER).write_text(marker_text(list(plan.wanted)), encoding="utf-8")


def _carry_over(source: Path, target: Path) -> None:
    """The same file under a new name: a hard link, so 10,000 unchanged pages cost no copying
    and keep their mtime (``mkdocs serve`` rebuilds nothing for them); a copy where links fail."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
