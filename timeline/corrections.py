"""Stable entry ids, and ``corrections.yml``: the user's fixes, applied after every merge.

A story is kept for months and rebuilt each time an article comes in, so a fix made
to the generated pages would be lost at the next build. Fixes live instead in
``corrections.yml``, keyed by ids that survive regeneration, and are applied to the
merged entries as a pure function, after extraction: the extraction cache never
holds a correction, so editing the file re-extracts nothing yet changes the output.

An id names one *mention*: one article's sentence telling the event. It is a hash of
the article's id (its file name in ``seeds/``), the sentence, the trigger word and,
for the rare sentence an article repeats, which repetition it is. Offsets are left
out on purpose: a typo fixed in another paragraph, or an article refreshed with a
new paragraph, moves every offset after it but changes no id. Articles about
something else never touch an id. An id changes when its sentence is edited, its
file is renamed, or a new version of the extractor picks another trigger word;
the correction that used it is then reported as matching nothing.

An entry's id is the mention id of its earliest published source. A correction
finds its entry by the entry's id *or* any of its sources' mention ids, so when an
earlier report of the same happening arrives and the entry is shown under a new
id, the corrections keyed by the old one still apply.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from .contents import Conflict, Entry, Event, Extraction, Source, Span
from .merge import entry_order
from .names import canonical_names
from .readers import Problem
from .slugs import slugify

CORRECTIONS_NAME = "corrections.yml"
#: Ids are 8 characters of base32 (a-z, 2-7): 40 bits, short enough to type.
ID_PATTERN = re.compile(r"[a-z2-7]{8}")
STATUSES = ("happened", "planned", "reported", "denied")
#: The key of the list of entries the extractor missed.
ADDITIONS = "add"
#: What a fix may set, in the order ``timeline correct`` writes them.
FIELDS = ("date", "end_date", "title", "type", "status", "actors", "places", "hide", "merge", "split")
_ADDITION_FIELDS = ("article", "sentence", "date", "end_date", "title", "type", "status", "actors", "places")
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})


# --------------------------------------------------------------------------- ids


def short_id(*parts: str) -> str:
    """8 base32 characters of a hash of ``parts``."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:8].lower()


def _plain(text: str) -> str:
    return " ".join(text.split())


def mention_ids(extraction: Extraction) -> dict[Event, str]:
    """The id of each of an article's events: article id, sentence, trigger word, repetition."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    ids = {}
    for event in sorted(extraction.events, key=lambda e: (e.trigger.start, e.trigger.end, e.title)):
        key = (_plain(event.sentence), event.trigger.text)
        ids[event] = short_id(extraction.article.id, *key, str(seen[key]))
        seen[key] += 1
    return ids


def _first_mention(sources: Iterable[Source]) -> str:
    """The mention id of the earliest published source: the entry's id."""
    first = min(sources, key=lambda s: (s.published is None, s.published or "", s.article_id, s.mention_id), default=None)
    return first.mention_id if first else ""


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def with_ids(entries: list[Entry], extractions: list[Extraction]) -> list[Entry]:
    """The entries with an id, and each source with its mention id.

    A source gives its article and sentence but not which of that sentence's events
    it is ("met Kim and signed a deal" tells two); the entry's own event settles it
    for its article, and for the others the event of the entry's type, negation and
    title words that no other entry took.
    """
    by_sentence: dict[tuple[str, str], list[tuple[Event, str]]] = defaultdict(list)
    for extraction in extractions:
        for event, mid in mention_ids(extraction).items():
            by_sentence[(event.article_id, event.sentence)].append((event, mid))
    taken: set[str] = set()
    chosen: dict[tuple[int, int], str] = {}

    def claim(i: int, j: int, mid: str) -> None:
        chosen[(i, j)] = mid
        taken.add(mid)

    for i, entry in enumerate(entries):  # the entry's own event is known exactly
        for j, source in enumerate(entry.sources):
            for event, mid in by_sentence.get((source.article_id, source.quote), ()):
                if source.article_id == entry.event.article_id and event.trigger == entry.event.trigger and mid not in taken:
                    claim(i, j, mid)
                    break
    for i, entry in enumerate(entries):
        title = _words(entry.event.title)
        for j, source in enumerate(entry.sources):
            if (i, j) in chosen:
                continue
            free = [(e, mid) for e, mid in by_sentence.get((source.article_id, source.quote), ()) if mid not in taken]
            if free:
                best = max(free, key=lambda c: (c[0].type == entry.event.type, c[0].negated == entry.event.negated, len(_words(c[0].title) & title), -c[0].trigger.start))
                claim(i, j, best[1])
            else:  # no such event: merge made this source's quote itself
                chosen[(i, j)] = short_id(source.article_id, _plain(source.quote), "", str(j))
    result = []
    for i, entry in enumerate(entries):
        sources = tuple(replace(s, mention_id=chosen[(i, j)]) for j, s in enumerate(entry.sources))
        result.append(replace(entry, sources=sources, id=_first_mention(sources)))
    return result


# --------------------------------------------------------------------------- the file


@dataclass(frozen=True)
class When:
    """A corrected date: a day, a month or a year, or a range of days."""

    date: str
    end_date: str
    value: str
    granularity: str


@dataclass(frozen=True)
class Fix:
    """What ``corrections.yml`` says about one entry; ``None`` leaves a field as extracted."""

    id: str
    line: int
    when: When | None = None
    title: str | None = None
    type: str | None = None
    status: str | None = None
    actors: tuple[str, ...] | None = None
    places: tuple[str, ...] | None = None
    hide: bool = False
    merge: tuple[tuple[str, int], ...] = ()  # (id, line) of each entry that joins this one
    split: tuple[tuple[str, int], ...] = ()  # (source, line): article file, article id or mention id

    def changed(self) -> tuple[str, ...]:
        """The fields this fix sets, as the "corrected" mark names them."""
        named = {"date": self.when, "title": self.title, "type": self.type, "status": self.status, "actors": self.actors, "places": self.places}
        return tuple(name for name, value in named.items() if value is not None)


@dataclass(frozen=True)
class Addition:
    """An entry the articles tell but the extractor missed, with the sentence that tells it."""

    line: int
    article: str
    sentence: str
    title: str
    when: When | None = None
    type: str = "other"
    status: str = "happened"
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corrections:
    path: str = CORRECTIONS_NAME
    fixes: tuple[Fix, ...] = ()
    additions: tuple[Addition, ...] = ()


NO_CORRECTIONS = Corrections()


class CorrectionError(ValueError):
    """One correction, or one value of it, that cannot be used; the message says why."""


def read_corrections(path: Path, event_types: Iterable[str]) -> tuple[Corrections, list[Problem]]:
    """``corrections.yml`` checked, with a problem for each part that cannot be used; no file, no corrections."""
    if not path.exists():
        return Corrections(str(path)), []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        return Corrections(str(path)), [Problem(str(path), f"cannot read the corrections ({reason}); none applied", False)]
    return parse_corrections(text, str(path), event_types)


def parse_corrections(text: str, path: str, event_types: Iterable[str]) -> tuple[Corrections, list[Problem]]:
    """The fixes and additions of a ``corrections.yml`` text, each checked on its own.

    Values are read as the text they are, never as YAML guesses them (a title
    "no" stays "no", 2023-02-30 is a bad date of one fix, not an unreadable file).
    """
    types = frozenset(event_types) | {"other"}
    problems: list[Problem] = []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return Corrections(path), [Problem(where, f"not valid YAML ({reason}); no corrections applied", False)]
    if root is None or _is_null(root):
        return Corrections(path), []
    if not isinstance(root, yaml.MappingNode):
        return Corrections(path), [Problem(f"{path}:{_line(root)}", "expected entry ids, each with what to change (see the comments timeline init writes)", False)]
    fixes: dict[str, Fix] = {}
    additions: list[Addition] = []
    for key_node, value in root.value:
        key = str(key_node.value).strip()
        where = f"{path}:{_line(key_node)}"
        try:
            if key == ADDITIONS:
                additions += _additions(value, path, types, problems)
                continue
            entry_id = _entry_id(key)
            if entry_id in fixes:
                raise CorrectionError(f"{entry_id} is already corrected at line {fixes[entry_id].line}; write each id once (this one is ignored)")
            fixes[entry_id] = _fix(entry_id, _line(key_node), value, path, types, problems)
        except CorrectionError as error:
            problems.append(Problem(where, str(error), False))
    return Corrections(path, tuple(fixes.values()), tuple(additions)), problems


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _entry_id(text: str) -> str:
    entry_id = text.strip().lower()
    if not ID_PATTERN.fullmatch(entry_id):
        raise CorrectionError(f"{text!r} is no entry id (an id is 8 letters and digits, shown by each entry on the site, or {ADDITIONS}:)")
    return entry_id


def _fields(node: yaml.Node, allowed: tuple[str, ...], path: str, problems: list[Problem]) -> Iterator[tuple[str, yaml.Node]]:
    """The known keys of a mapping with their value nodes; an unknown key is a problem, and skipped."""
    if _is_null(node):
        return
    if not isinstance(node, yaml.MappingNode):
        raise CorrectionError(f"expected what to change ({', '.join(allowed)}), one a line")
    for key_node, value in node.value:
        key = str(key_node.value)
        if key in allowed:
            yield key, value
        else:
            problems.append(Problem(f"{path}:{_line(key_node)}", f"unknown field {key!r} ignored (known: {', '.join(allowed)})", False))


def _fix(entry_id: str, line: int, node: yaml.Node, path: str, types: frozenset[str], problems: list[Problem]) -> Fix:
    values: dict[str, object] = {}
    when = None
    dated = isinstance(node, yaml.MappingNode) and any(str(k.value) == "date" for k, _ in node.value)
    for key, value in _fields(node, FIELDS, path, problems):
        try:
            if key == ("date" if dated else "end_date"):
                when = _when(node, path, entry_id, problems)
            elif key in ("merge", "split"):
                items = [(_text(item, key).strip(), _line(item)) for item in _items(value, key)]
                values[key] = tuple((_entry_id(text), at) for text, at in items) if key == "merge" else tuple(items)
            elif key == "hide":
                values[key] = _boolean(value, key)
            elif key not in ("date", "end_date"):
                values[key] = _value(key, value, types)
        except CorrectionError as error:
            problems.append(Problem(f"{path}:{_line(value)}", f"{entry_id}: {error}; this field is ignored", False))
    return Fix(entry_id, line, when, **values)


def _when(node: yaml.Node, path: str, label: str, problems: list[Problem]) -> When | None:
    """The ``date`` (and ``end_date``) of a mapping node, or None when it gives none or a bad one."""
    found = {str(k.value): v for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
    if "date" not in found:
        if "end_date" in found:
            problems.append(Problem(f"{path}:{_line(found['end_date'])}", f"{label}: end_date needs a date to start from; ignored", False))
        return None
    try:
        return parse_when(_text(found["date"], "date"), _text(found["end_date"], "end_date") if "end_date" in found else None)
    except CorrectionError as error:
        problems.append(Problem(f"{path}:{_line(found['date'])}", f"{label}: {error}; the date is left as extracted", False))
        return None


def parse_when(text: str, end: str | None = None) -> When:
    """``2023-09-13``, ``2023-09`` or ``2023``, and an optional last day for a range."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            first = dt.date.fromisoformat(text)
            last = dt.date.fromisoformat(end.strip()) if end else first
            if last < first:
                raise CorrectionError(f"end_date {end} is before the date {text}")
            return When(first.isoformat(), last.isoformat(), text, "day")
        if end:
            raise CorrectionError("end_date goes with a day (2023-09-12), not a month or a year")
        if re.fullmatch(r"\d{4}-\d{2}", text):
            first = dt.date.fromisoformat(f"{text}-01")
            last = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1)
            return When(first.isoformat(), last.isoformat(), text, "month")
        if re.fullmatch(r"\d{4}", text) and int(text) >= 1:
            return When(f"{text}-01-01", f"{text}-12-31", text, "year")
    except ValueError:
        raise CorrectionError(f"{text if not end else f'{text} to {end}'} is not a real date") from None
    raise CorrectionError(f"{text!r} is not a date: write a day (2023-09-13), a month (2023-09) or a year (2023)")


def _text(node: yaml.Node, key: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or _is_null(node):
        raise CorrectionError(f"{key} must be a line of text")
    return str(node.value)


def _items(node: yaml.Node, key: str) -> list[yaml.ScalarNode]:
    """A list of names or ids; one alone counts as a list of one."""
    if _is_null(node):
        return []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not all(isinstance(item, yaml.ScalarNode) for item in items):
        raise CorrectionError(f"{key} must be a list of names, such as [Vladimir Putin, Kim Jong Un], with no blank one")
    return items


def _boolean(node: yaml.Node, key: str) -> bool:
    text = _text(node, key).strip().lower()
    if text not in _TRUE | _FALSE:
        raise CorrectionError(f"{key} must be true or false, not {text!r}")
    return text in _TRUE


def _value(key: str, node: yaml.Node, types: frozenset[str]) -> object:
    """A checked title, type, status, or list of actors or places, from the file."""
    return check_value(key, [str(item.value) for item in _items(node, key)] if key in ("actors", "places") else _text(node, key), types)


def check_value(key: str, value: str | list[str], types: Iterable[str]) -> str | tuple[str, ...]:
    """A title, type, status, or list of actors or places, checked: what the file or a command gives."""
    types = frozenset(types) | {"other"}
    if isinstance(value, list):
        if not all(item.strip() for item in value):
            raise CorrectionError(f"{key} must be a list of names, such as [Vladimir Putin, Kim Jong Un], with no blank one")
        return tuple(dict.fromkeys(" ".join(item.split()) for item in value))
    text = " ".join(value.split())
    if key == "title" and not text:
        raise CorrectionError("title must not be blank")
    if key == "type" and text not in types:
        raise CorrectionError(f"unknown type {text!r} (known: {', '.join(sorted(types))}; add types under event_types in timeline.yml)")
    if key == "status" and text not in STATUSES:
        raise CorrectionError(f"status must be {', '.join(STATUSES[:-1])} or {STATUSES[-1]}, not {text!r}")
    return text


def _additions(node: yaml.Node, path: str, types: frozenset[str], problems: list[Problem]) -> list[Addition]:
    if _is_null(node):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise CorrectionError(f"{ADDITIONS}: expected a list of entries, each starting with '- article:'")
    additions = []
    for item in node.value:
        try:
            values = {key: value for key, value in _fields(item, _ADDITION_FIELDS, path, problems)}
            missing = [key for key in ("article", "sentence", "title") if key not in values]
            if missing:
                raise CorrectionError(f"{ADDITIONS}: an added entry needs {', '.join(missing)} (article: its file in seeds/, sentence: copied from it)")
            checked = {key: _value(key, values[key], types) for key in ("title", "type", "status", "actors", "places") if key in values}
            when = _when(item, path, f"{ADDITIONS}", problems)
            if "date" in values and when is None:
                continue  # said by _when: an entry placed on a wrong day would mislead
            additions.append(Addition(_line(item), _text(values["article"], "article").strip(), _plain(_text(values["sentence"], "sentence")), when=when, **checked))
        except CorrectionError as error:
            problems.append(Problem(f"{path}:{_line(item)}", f"{error}; this entry is not added", False))
    return additions


# --------------------------------------------------------------------------- applying


@dataclass
class _Timeline:
    """The entries being corrected, found by entry id or by any of their mention ids."""

    entries: list[Entry]
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.index = {s.mention_id: i for i, e in enumerate(self.entries) for s in e.sources}
        self.index.update((e.id, i) for i, e in enumerate(self.entries))

    def find(self, entry_id: str) -> int | None:
        return self.index.get(entry_id)


def apply_corrections(entries: list[Entry], extractions: list[Extraction], corrections: Corrections) -> tuple[list[Entry], list[Problem]]:
    """The entries (with ids, see ``with_ids``) as ``corrections`` fix them, in timeline order,
    and a problem for every correction that matches nothing.

    Splits go first, then merges, then field fixes and hiding, then additions, so a
    fix keyed by a merged entry's id applies to the entry it joined. A corrected
    entry has confidence 1: a person vouched for it, so ``min_confidence`` never hides it.
    """
    path = corrections.path
    problems: list[Problem] = []
    timeline = _Timeline(list(entries))
    live = []
    for fix in corrections.fixes:
        if timeline.find(fix.id) is None:
            problems.append(Problem(
                f"{path}:{fix.line}", f"no entry has id {fix.id} (its article or sentence changed or is gone);"
                " this correction does nothing: give the entry's new id, or remove it", False,
            ))
        else:
            live.append(fix)
    mentions = _MentionEvents(extractions) if any(fix.split for fix in live) else None
    for fix in live:
        if fix.split and mentions is not None:
            problems += _split(timeline, fix, mentions, path)
    for fix in live:
        if fix.merge:
            problems += _merge(timeline, fix, path)
    hidden: set[int] = set()
    for fix in live:
        i = timeline.find(fix.id)
        if i is None:
            continue
        if fix.hide:
            hidden.add(i)
        if fix.changed():
            timeline.entries[i] = _fixed(timeline.entries[i], fix)
    result = [e for i, e in enumerate(timeline.entries) if i not in hidden]
    added, add_problems = _added(corrections.additions, extractions, path)
    return sorted(result + added, key=entry_order), problems + add_problems


def _marked(entry: Entry, *changes: str) -> Entry:
    corrected = tuple(sorted(set(entry.corrected) | set(changes)))
    return replace(entry, corrected=corrected, event=replace(entry.event, confidence=1.0))


def status_fields(status: str) -> dict[str, object]:
    """An event's fields for a corrected status: "denied" is a report of what did not happen
    (as the extractor writes it), and every other status clears a denial."""
    return {"status": "reported", "negated": True} if status == "denied" else {"status": status, "negated": False}


def _fixed(entry: Entry, fix: Fix) -> Entry:
    fields: dict[str, object] = {name: getattr(fix, name) for name in ("title", "type", "actors", "places") if getattr(fix, name) is not None}
    if fix.status is not None:
        fields.update(status_fields(fix.status))
    if fix.when:
        # The article's words for the date ("on Wednesday") no longer date the entry.
        fields.update(date=fix.when.date, end_date=fix.when.end_date, value=fix.when.value, granularity=fix.when.granularity, date_text=None)
    return _marked(replace(entry, event=replace(entry.event, **fields)), *fix.changed())


def _merge(timeline: _Timeline, fix: Fix, path: str) -> list[Problem]:
    problems = []
    for other_id, line in fix.merge:
        i, j = timeline.find(fix.id), timeline.find(other_id)
        if j is None:
            problems.append(Problem(f"{path}:{line}", f"{fix.id}: merge: no entry has id {other_id}; nothing merged", False))
            continue
        if i == j:
            problems.append(Problem(f"{path}:{line}", f"{fix.id}: merge: {other_id} is already this entry", False))
            continue
        kept, joining = timeline.entries[i], timeline.entries[j]
        event = replace(
            kept.event,
            actors=tuple(dict.fromkeys(kept.event.actors + joining.event.actors)),
            places=tuple(dict.fromkeys(kept.event.places + joining.event.places)),
        )
        sources = kept.sources + joining.sources
        merged = replace(kept, event=event, sources=sources, conflicts=kept.conflicts + joining.conflicts, id=_first_mention(sources))
        timeline.entries[i] = _marked(merged, "merged", *joining.corrected)
        del timeline.entries[j]
        timeline.reindex()
    return problems


class _MentionEvents:
    """Each mention id's event, with actors and places under their canonical names as merge gives them."""

    def __init__(self, extractions: list[Extraction]):
        events = {mid: event for x in extractions for event, mid in mention_ids(x).items()}
        actors = canonical_names(a for e in events.values() for a in e.actors)
        places = canonical_names((p for e in events.values() for p in e.places), places=True)
        self.events = {
            mid: replace(e, actors=tuple(dict.fromkeys(actors[a] for a in e.actors)), places=tuple(dict.fromkeys(places[p] for p in e.places)))
            for mid, e in events.items()
        }


def _split(timeline: _Timeline, fix: Fix, mentions: _MentionEvents, path: str) -> list[Problem]:
    """Take the named sources out of the entry, as an entry of their own.

    Each part keeps the entry's words and date when it holds the source they came
    from; the other takes its earliest source's own event. Both are shown under
    their earliest source's mention id.
    """
    i = timeline.find(fix.id)
    entry = timeline.entries[i]
    leaving: set[int] = set()
    problems = []
    for item, line in fix.split:
        found = [j for j, s in enumerate(entry.sources) if names_source(item, s)]
        if not found:
            problems.append(Problem(f"{path}:{line}", f"{fix.id}: split: {item!r} is no source of this entry (give its article file in seeds/, its article id or its mention id)", False))
        leaving.update(found)
    if not leaving:
        return problems
    if len(leaving) == len(entry.sources):
        return problems + [Problem(f"{path}:{fix.line}", f"{fix.id}: split: that is every source of the entry; nothing split (hide it instead?)", False)]
    parts = [tuple(s for j, s in enumerate(entry.sources) if j not in leaving), tuple(entry.sources[j] for j in sorted(leaving))]
    timeline.entries[i : i + 1] = [_part(entry, sources, mentions) for sources in parts]
    timeline.reindex()
    return problems


def names_source(item: str, source: Source) -> bool:
    """Whether a ``split:`` item is this source: its mention id, its article's id or its file in seeds/."""
    return item in (source.mention_id, source.article_id) or _names_file(item, source.article_id)


def _names_file(item: str, article_id: str) -> bool:
    """Whether ``item`` is the file in seeds/ of the article ``article_id`` ("seeds/x.md", "x.md"), whose id is its slug."""
    name = item.removeprefix("./").removeprefix("seeds/")
    return slugify(Path(name).with_suffix("").as_posix()) == article_id


def _part(entry: Entry, sources: tuple[Source, ...], mentions: _MentionEvents) -> Entry:
    events = [mentions.events[s.mention_id] for s in sorted(sources, key=lambda s: (s.published is None, s.published or "", s.article_id)) if s.mention_id in mentions.events]
    holds_lead = any(e.article_id == entry.event.article_id and e.trigger == entry.event.trigger for e in events)
    lead = entry.event if holds_lead or not events else events[0]
    event = replace(
        lead,
        actors=tuple(dict.fromkeys(a for e in [lead, *events] for a in e.actors)) if events else lead.actors,
        places=tuple(dict.fromkeys(p for e in [lead, *events] for p in e.places)) if events else lead.places,
    )
    ids = {s.article_id for s in sources}
    conflicts = []
    for conflict in entry.conflicts:
        values = tuple((v, kept) for v, articles in conflict.values if (kept := tuple(a for a in articles if a in ids)))
        if len(values) > 1:
            conflicts.append(Conflict(conflict.field, values))
    return _marked(replace(entry, event=event, sources=sources, conflicts=tuple(conflicts), id=_first_mention(sources)), "split")


def _added(additions: tuple[Addition, ...], extractions: list[Extraction], path: str) -> tuple[list[Entry], list[Problem]]:
    """The entries the user added, each tied to its article's sentence."""
    entries, problems = [], []
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for addition in additions:
        where = f"{path}:{addition.line}"
        matches = [x.article for x in extractions if addition.article in (x.article.id, x.article.path) or _names_file(addition.article, x.article.id)]
        if len(matches) != 1:
            why = "no article" if not matches else f"{len(matches)} articles (a feed: give the article id from the downloads)"
            problems.append(Problem(where, f"{ADDITIONS}: {addition.article!r} names {why} in seeds/; this entry is not added", False))
            continue
        article = matches[0]
        found = re.search(r"\s+".join(map(re.escape, addition.sentence.split())), article.body)
        if not found:
            problems.append(Problem(where, f"{ADDITIONS}: the sentence is not in {article.path} (copy it from the article as it is); this entry is not added", False))
            continue
        key = (article.id, addition.sentence)
        mid = short_id("added", *key, str(seen[key]))
        seen[key] += 1
        when = addition.when
        event = Event(
            title=addition.title, type=addition.type, sentence=addition.sentence, **status_fields(addition.status),
            trigger=Span(found.group(), found.start(), found.end()), article_id=article.id,
            date=when.date if when else None, end_date=when.end_date if when else None,
            value=when.value if when else None, granularity=when.granularity if when else None,
            actors=addition.actors, places=addition.places, confidence=1.0,
        )  # fmt: skip
        published = article.published.isoformat() if article.published else None
        source = Source(article.id, article.title, published, article.url, addition.sentence, mid)
        entries.append(Entry(event, (source,), id=mid, corrected=("added",)))
    return entries, problems


# --------------------------------------------------------------------------- writing, for ``timeline correct``


def yaml_value(value: str | bool | list[str]) -> str:
    """``value`` as one line of YAML, quoted only where YAML needs it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        return value  # a date, written as the comments show it
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30).removesuffix("\n...\n").strip()


def update_corrections(text: str, entry_id: str, changes: dict[str, str]) -> str:
    """``text`` with the fields ``changes`` (field -> one line of YAML) set under ``entry_id``.

    Edits are made in the text, not by dumping the YAML again, so every comment and
    the order of what the user wrote stay: a field already there has its value
    replaced, a new one goes after the block's last line, a new id at the end.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise CorrectionError(f"not valid YAML ({getattr(error, 'problem', None) or error}); fix it first") from None
    block = next(
        (value for key, value in (root.value if isinstance(root, yaml.MappingNode) else ()) if str(key.value).strip().lower() == entry_id),
        None,
    )
    if root is not None and not _is_null(root) and not isinstance(root, yaml.MappingNode):
        raise CorrectionError("expected entry ids, each with what to change; fix the file first")
    if block is None:
        lines = "".join(f"  {name}: {value}\n" for name, value in changes.items())
        gap = "" if not text.strip() else "\n" if text.endswith("\n") else "\n\n"
        return f"{text}{gap}{entry_id}:\n{lines}"
    if isinstance(block, yaml.MappingNode) and block.flow_style:
        raise CorrectionError(f"{entry_id} is written on one line ({{...}}); write its fields one a line, then run this again")
    if not (_is_null(block) or isinstance(block, yaml.MappingNode)):
        raise CorrectionError(f"{entry_id}: expected its fields, one a line")
    edits: list[tuple[int, int, str]] = []  # (start, end, new text)
    present = {str(k.value): v for k, v in block.value} if isinstance(block, yaml.MappingNode) else {}
    missing = {name: value for name, value in changes.items() if name not in present}
    for name, value in changes.items():
        if name in present:
            node = present[name]
            edits.append((node.start_mark.index, _end(node), value))
    if missing:
        if present:
            indent = block.value[0][0].start_mark.column
            after = _end(block.value[-1][1])
        else:
            indent, after = 2, _end(block)
        line_end = text.find("\n", after)
        at = len(text) if line_end < 0 else line_end + 1
        lines = "".join(f"{' ' * indent}{name}: {value}\n" for name, value in missing.items())
        edits.append((at, at, lines if line_end >= 0 else "\n" + lines))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _end(node: yaml.Node) -> int:
    """Where a value's own text ends: a block list ends with its last item, not at the next key."""
    if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _end(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.index
