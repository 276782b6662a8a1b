"""Merge the events of many articles into one timeline of sourced entries.

Several articles report the same event in their own words and on their own
publication days; a reader wants it once, with every source and its quote, and
wants to see when the sources disagree about the date. Everything here is a pure
function of the extractions, so the same folder always gives the same entries.

Sameness of two reports (see ``_may_be_one`` and ``_fit``), in short: other
articles, same event type and negation, places that do not differ when both give
one, then by how well dates, actors and text agree:

* actors: the same when one side's contain the other's ("Putin met Xi" and "Putin
  met Modi" are two meetings, however alike the words); unknown when one side names
  none; related when the names differ but do not clash: the same people or people
  on one side only, and countries (as actors, or in the sentence by name or
  nationality) that contain one another ("The ministers of Japan, China and South
  Korea met" and "Cho met his Japanese and Chinese counterparts");
* both dated to a week or finer, and compatible: text similarity 50 with the same
  actors, 70 without actors but at the same place, 85 otherwise; the titles share a
  content word;
* compatible only at a month or a year: the same actors, text similarity 80, and
  two shared content words in the titles;
* one side undated: the same, and the dated side within a month before the
  undated side's publication (after it, for a plan); the entry takes the date;
  both undated: articles published at most a week apart;
* both precise, incompatible, at most two days apart: the same actors, the same
  countries named in the sentences, text similarity 85, two shared content words;
  the entry records a date ``Conflict``. When one side names no actor, the same
  event (below) told with text similarity 90 will do;
* related actors: both precise, at most two days apart, at the same place, and
  three content words (not names) shared by the sentences;
* events of type "other" say little by their type: they merge only with the same
  actors or place, or as the same event, on precise compatible dates, with
  similarity 85 and two shared content words;
* titles that each name something (a capitalised word beside actors and countries:
  a place the extractor missed) that the other report's sentence never mentions are
  two happenings, as two places are: "talks in Khabarovsk" and "talks at the
  Vostochny Cosmodrome" are two meetings.

The same event: both triggers have one stem ("met", "talks" and "a meeting" are
"meet") and the learned mention layer (``Extraction.event_mentions``) gives both
the same TimeML class.

Text similarity is rapidfuzz's ``token_set_ratio`` (0-100) on the titles or on the
evidence sentences, whichever is higher, on crudely stemmed words ("signed" is
"sign") without the actors' names (they are judged on their own, and would
otherwise make any two events of one person alike). Irregular verbs are read as
their base ("met" is "meet"), and the few names news gives one happening as one
word ("pact", "accord" and "deal" are "agreement"; "acquisition" is "takeover").

Each report is then linked to its best fit in every other article, when that one's
best fit is it too, and links join reports into entries, best first, as long as
every two reports of an entry may be one happening. So a report goes to the event
it tells best, not the first that fits, and neither the order of the input nor an
article about something else can move it.

Only reports that could fit are compared (``_candidate_pairs``): of one type and
negation, sharing a content word of the titles (or two actors) and an actor or a
place (or naming no actor, on precise dates), dated at most two days apart or near an
undated one's publication; a month, a year or no date also needs a second shared word
in a crowded block. A common actor alone ("United States") never makes two reports
compared, so the cost grows with the reports of a few days that share words and names,
not with the square of all reports.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import heapq
import itertools
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

import numpy as np
from rapidfuzz import fuzz, utils
from rapidfuzz.distance import Levenshtein

from .contents import GRANULARITIES, Article, Conflict, Entry, Event, Extraction, Source
from .names import BUILTIN_ALIASES, CAPITALS, COUNTRIES, DEMONYMS, canonical_names

#: Dates this far apart (in days) can still be one event whose sources disagree ("on Tuesday"
#: against "on Sept. 10"); a week apart is another round, however alike the words.
CONFLICT_WINDOW_DAYS = 2
#: How alike two reports of an untyped event must be to disagree on the day rather than be two events.
OTHER_CONFLICT_SIMILARITY = 90
#: Two undated reports ("recently", each of its own publication day) are one happening only from
#: articles published this close: calls for Elian's return three weeks apart were two calls.
UNDATED_WINDOW_DAYS = 7
#: An undated report of something done is at most this many days before its article ("recently").
RECENT_DAYS = 31
#: Reports whose actors differ but do not clash (see ``_actors``) must share this many content words
#: of their sentences besides names ("foreign", "minister", "summit").
RELATED_MIN_SHARED_WORDS = 3
#: Texts at least this long are also compared fuzzily when looking for duplicates.
NEAR_DUPLICATE_MIN_CHARS = 400
#: rapidfuzz ``ratio`` from which two long texts are the same article.
NEAR_DUPLICATE_RATIO = 97.0


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
    ``NEAR_DUPLICATE_RATIO`` (a fixed typo, a changed byline). A long text is
    compared only with the kept texts that share one of a few of its runs of words
    (see ``_LongTexts``), so the cost grows with the folder, not with its square.
    """
    ordered: dict[str, tuple[Article, str]] = {}  # one article passed twice is not a duplicate of itself
    for article in sorted(articles, key=lambda a: (a.published is None, a.url is None, a.source is None, a.id)):
        ordered.setdefault(article.id, (article, _normalised_text(article.body)))
    duplicates: dict[str, str] = {}
    kept_by_hash: dict[str, str] = {}
    kept_long = _LongTexts({text for _, text in ordered.values() if len(text) >= NEAR_DUPLICATE_MIN_CHARS})
    for article, text in ordered.values():
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        if digest in kept_by_hash:
            duplicates[article.id] = kept_by_hash[digest]
            continue
        if len(text) >= NEAR_DUPLICATE_MIN_CHARS:
            near = kept_long.near_duplicate_of(text)
            if near is not None:
                duplicates[article.id] = near
                continue
            kept_long.add(text, article.id)
        kept_by_hash[digest] = article.id
    return duplicates


def is_near_duplicate(text: str, other: str) -> bool:
    """Whether two normalised long texts are one article: ``ratio`` at least ``NEAR_DUPLICATE_RATIO``.

    ``ratio`` reaches it only within d = (1 - ratio / 100) * (both lengths) insertions and
    deletions, so only for lengths at most d apart, and the Levenshtein distance (a
    substitution is one edit, not two) is never more: rapidfuzz bounds it to a band of d
    diagonals, a third of the cost of ``ratio``, and rules most pairs out first.
    """
    edits = (1 - NEAR_DUPLICATE_RATIO / 100) * (len(text) + len(other))
    if abs(len(other) - len(text)) > edits:
        return False
    edits = int(edits) + 1
    return Levenshtein.distance(text, other, score_cutoff=edits) <= edits and bool(
        fuzz.ratio(text, other, score_cutoff=NEAR_DUPLICATE_RATIO)
    )


#: Words in a row that make one shingle: long enough that a run of them is rare across a folder
#: even where stories share their stock phrases, short enough that an edit spoils few.
SHINGLE_WORDS = 5
#: How many of its rarest shingles file a long text in ``_LongTexts``.
ANCHOR_SHINGLES = 12
#: Texts whose whitespace-separated words average more characters than this are written without
#: spaces (Chinese, Japanese, Thai): they are compared with every kept text of their length.
UNSPACED_WORD_CHARS = 20
#: A shingle held by more texts than this is a stock phrase: an anchor only of a text that has too few others.
COMMON_SHINGLE_TEXTS = 32


class _WordIds(dict):
    """Each word's CRC-32, computed once: the same in every run, unlike ``hash``."""

    def __missing__(self, word: str) -> int:
        self[word] = found = zlib.crc32(word.encode("utf-8"))
        return found


_WORD = re.compile(r"\w+")


class _LongTexts:
    """Long texts kept so far, filed under ``ANCHOR_SHINGLES`` of their shingles (prefix filtering).

    A shingle is a run of ``SHINGLE_WORDS`` words (punctuation aside, so that curly quotes
    against straight ones change nothing), hashed from the words' CRC-32 so that the order is
    the same in every run. A shingle of one text only can join no pair and is never an anchor;
    nor is a stock phrase (held by more than ``COMMON_SHINGLE_TEXTS`` texts) while a text has
    others. The anchors are the first of the rest by hash, one order for all texts, so of two
    near duplicates the first shingle both hold is an anchor of each unless ``ANCHOR_SHINGLES``
    of one's other shingles come before it. Edits bring in shingles of that text alone, which
    do not count, so what can come before are shingles shared with a third text only: with
    half of a text's shingles such, a pair is missed about once in 4,000 (0.5 ** 12). Ranking
    by rarity instead would fail whole families of copies: what two copies share, the other
    copies hold too, and what only one other copy holds would always come first.

    A text meets the kept texts that share an anchor, the first kept first, instead of every
    text of its length: the cost grows with the folder, not with its square.
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, texts: Iterable[str]):
        """``texts``: every distinct long text that will be added or looked up, to rank the shingles."""
        word_ids = _WordIds()
        shingles = {text: self._shingles(text, word_ids) for text in sorted(texts)}
        spaced = {text: found for text, found in shingles.items() if found is not None}
        ranked, held_by = np.unique(np.concatenate([*spaced.values(), np.zeros(0, np.uint64)]), return_counts=True)
        self.anchors: dict[str, list[int]] = {}
        for text, found in spaced.items():
            held = held_by[np.searchsorted(ranked, found)]
            shared = held > 1
            found, held = found[shared], held[shared]
            self.anchors[text] = found[np.lexsort((found, held > COMMON_SHINGLE_TEXTS))[:ANCHOR_SHINGLES]].tolist()
        self.filed: dict[int, list[tuple[int, str, str]]] = defaultdict(list)  # anchor: (order kept, text, id)
        self.unspaced: list[tuple[int, str, str]] = []
        self.count = 0

    @classmethod
    def _shingles(cls, text: str, word_ids: _WordIds) -> np.ndarray | None:
        """The distinct shingles of a text, or None for a text written without spaces."""
        words = _WORD.findall(text)
        if len(text) > UNSPACED_WORD_CHARS * len(words) or len(words) < SHINGLE_WORDS:
            return None
        ids = np.fromiter(map(word_ids.__getitem__, words), dtype=np.uint64, count=len(words))
        runs = len(words) - SHINGLE_WORDS + 1
        shingles = ids[:runs].copy()
        with np.errstate(over="ignore"):  # arithmetic modulo 2**64
            for k in range(1, SHINGLE_WORDS):
                shingles = shingles * cls._MULTIPLIER + ids[k:k + runs]
        return np.unique(shingles)

    def add(self, text: str, article_id: str) -> None:
        anchors = self.anchors.get(text)
        for anchor in anchors if anchors is not None else ():
            self.filed[anchor].append((self.count, text, article_id))
        if anchors is None:
            self.unspaced.append((self.count, text, article_id))
        self.count += 1

    def near_duplicate_of(self, text: str) -> str | None:
        anchors = self.anchors.get(text)
        if anchors is None:
            met = set(itertools.chain(self.unspaced, *self.filed.values()))
        else:
            met = {kept for anchor in anchors for kept in self.filed.get(anchor, ())} | set(self.unspaced)
        return next((other_id for _, other, other_id in sorted(met) if is_near_duplicate(text, other)), None)


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
    return {name: tuple(sorted(forms, key=lambda form: (form.casefold(), form))) for name, forms in sorted(aliases.items()) if forms}


def _canonicalise(events: list[Event]) -> list[Event]:
    """Events with their actors and places renamed to their cross-article canonical names."""
    actors = canonical_names(a for e in events for a in e.actors)
    places = canonical_names((p for e in events for p in e.places), places=True)
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
    title: str  # stemmed title words without the actors' names
    sentence: str  # stemmed sentence words without the actors' names
    stems: frozenset[str]  # content-word stems of the title, for counting shared words
    words: frozenset[str]  # content-word stems of the sentence without any names, for "related" actors
    actors: frozenset[str]
    places: frozenset[str]
    people: frozenset[str]  # actors that are not countries
    nations: frozenset[str]  # countries the report names: as actors, or in its sentence by name or nationality
    numbers: frozenset[str]  # the numbers its title gives: "96 cases" and "103 cases" are two counts
    names: frozenset[str]  # words of the names its title gives besides actors and countries ("Khabarovsk")
    said: str  # its sentence's words, lower-cased and space-padded, to see whether it names what another title does
    word: str  # the stem of its trigger ("met", "talks", "a meeting": "meet")
    mention: str | None  # the TimeML class of the event mention at its trigger, when the mention layer found one
    key: tuple  # a total order that depends on the article's text and date, never on file names or input order
    uid: int = -1  # its number in a ``MergeMemo``, the same in every run while its inputs are

    @property
    def precise(self) -> bool:
        """Dated to a week or finer: a date that alone says much about sameness."""
        return self.first is not None and self.rank <= _WEEK


_WEEK = GRANULARITIES.index("week")
#: Words too common to show that two titles tell the same thing.
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for with by from as and or but his her its their our your this that these those "
    "is are was were be been has have had will would about after before over into than then "
    "do does did not never no".split()  # negated titles all say "does not"
)
#: Suffixes stripped so that "signed", "signs" and "signing" are one word, and "fisheries" is "fishery".
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
#: Words read as another before stemming: irregular past forms, so that "met" is "meet", and the
#: few names news gives one happening, so that a "pact" is an "agreement". Whole words, never
#: stems: "according to" is no accord.
_SAME_WORD: dict[str, str] = {
    form: word
    for word, forms in {
        "agreement": "pact pacts accord accords treaty treaties deal deals",
        "meet": "met meeting meetings talk talks talked",
        "takeover": "takeovers acquisition acquisitions buyout buyouts",
        "arrest": "arrests detain detains detained detention",
        "kill": "slay slays slew slain",
        "arise": "arose arisen", "begin": "began begun", "bring": "brought", "build": "built", "buy": "bought",
        "catch": "caught", "choose": "chose chosen", "come": "came", "draw": "drew drawn",
        "drive": "drove driven", "fall": "fell fallen", "feel": "felt", "fight": "fought", "find": "found",
        "flee": "fled", "fly": "flew flown", "forget": "forgot forgotten", "freeze": "froze frozen",
        "give": "gave given", "go": "went gone", "grow": "grew grown", "hear": "heard", "hold": "held",
        "keep": "kept", "lead": "led", "leave": "left", "lose": "lost", "make": "made", "mean": "meant",
        "overthrow": "overthrew overthrown", "pay": "paid", "rise": "rose risen", "run": "ran", "say": "said",
        "see": "saw seen", "seek": "sought", "sell": "sold", "send": "sent", "shake": "shook shaken",
        "shoot": "shot", "speak": "spoke spoken", "spend": "spent", "stand": "stood", "steal": "stole stolen",
        "strike": "struck", "swear": "swore sworn", "take": "took taken", "teach": "taught", "tell": "told",
        "throw": "threw thrown", "undertake": "undertook undertaken", "uphold": "upheld", "win": "won",
        "withdraw": "withdrew withdrawn", "write": "wrote written",
    }.items()
    for form in forms.split()
}
#: Country names, their common other names and nationality words, as written in a sentence.
_NATION_NAMES: dict[str, str] = {
    **{name: name for name in COUNTRIES},
    **DEMONYMS,
    **{alias: name for name, aliases in BUILTIN_ALIASES.items() if name in COUNTRIES for alias in aliases},
}
_NATION_PATTERN = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(_NATION_NAMES, key=len, reverse=True))) + r")\b")


@functools.lru_cache(maxsize=65536)  # news repeats its words
def _stem(word: str) -> str:
    """A crude English stem: enough to match a title's "signs" with a sentence's "signed", not a lemmatiser."""
    word = _SAME_WORD.get(word, word)
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


_FUNCTION_STEMS = frozenset(map(_stem, _FUNCTION_WORDS))


def _report(event: Event, article: Article, mention: str | None = None, uid: int = -1) -> _Report:
    first, last, granularity = _covered(event)
    rank = GRANULARITIES.index(granularity) if granularity in GRANULARITIES else len(GRANULARITIES)
    names = _words(*event.actors)
    title = _content(event.title, names)
    sentence = _content(event.sentence, names)
    written = _NATION_PATTERN.findall(event.sentence)  # "Japanese", "South Korea"
    actors = frozenset(CAPITALS.get(a, a) for a in event.actors)  # "Tokyo signed": Japan did
    nations = frozenset(a for a in actors if a in COUNTRIES) | {_NATION_NAMES[n] for n in written}
    other_names = {_stem(w) for w in _words(*event.places, *written, *nations)}
    key = (first is None, *_article_key(article), event.trigger.start, event.title)
    return _Report(
        event, article, first, last, rank, title, sentence, _content_stems(title), _content_stems(sentence) - other_names,
        actors, frozenset(event.places), frozenset(a for a in actors if a not in COUNTRIES), nations,
        frozenset(re.findall(r"\d+(?:[.,]\d+)*", event.title)),
        frozenset(_title_names(event.title) - names - _words(*written, *nations)),
        f" {utils.default_process(event.sentence)} ",
        _stem(utils.default_process(event.trigger.text).rpartition(" ")[2]),
        mention, key, uid,
    )


def _title_names(title: str) -> set[str]:
    """Lower-cased words of the names a title writes (capitalised words after its first), such as
    the place it gives when the extractor found none: "holds talks in Khabarovsk"."""
    return _words(*re.findall(r"(?<=\s)[A-Z][\w-]*", title))


def _words(*names: str) -> set[str]:
    return {word for name in names for word in utils.default_process(name).split()}


def _content_stems(text: str) -> frozenset[str]:
    """Stems of a stemmed text's content words: no function words, numbers or scraps."""
    return frozenset(w for w in text.split() if w.isalpha() and len(w) > 2 and w not in _FUNCTION_STEMS)


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
    """Lower-cased, stemmed words of ``text`` without the actors' names, which are compared on their own."""
    return " ".join(_stem(w) for w in utils.default_process(text).split() if w not in names)


def _shifted(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, kept within the calendar: an article of 9999-12-31 is still read."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


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
    return len(a.stems & b.stems) + max(0, len(a.actors & b.actors) - 1)


def _text_similarity(a: _Report, b: _Report, min_shared: int) -> tuple[float, float]:
    """(best of title and sentence similarity, title similarity); zero unless the titles share ``min_shared`` words.

    The title breaks ties: one sentence that tells two events ("signed a pact, pledging
    to share data") is as like another article's sentence for both of them.
    """
    if _shared(a, b) < min_shared:
        return 0.0, 0.0
    title = _similarity(a.title, b.title)
    return max(title, _similarity(a.sentence, b.sentence)), title


def _nested(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    return a <= b or b <= a


def _actors(a: _Report, b: _Report) -> str | None:
    """How the actors of two reports relate: "same", "unknown", "related" or None (other actors).

    "Same" when one's actors contain the other's: "Putin met Xi" and "Putin met Modi"
    are two meetings. "Related" when one sentence names all of the other's actors
    ("the parties' leaders, Civic Alliance leader Tomas Brandt, ...") or the names
    differ but do not clash: the people named (not countries) are the same or only on
    one side, and the countries each names, as actors or in its sentence ("his
    Japanese and Chinese counterparts"), contain one another ("The ministers of Japan,
    China and South Korea met" and "Cho met his Japanese and Chinese counterparts").
    """
    if not a.actors or not b.actors:
        return "unknown"
    if _nested(a.actors, b.actors):
        return "same"
    if _all_named_in(a.actors, b.event.sentence) or _all_named_in(b.actors, a.event.sentence):
        return "related"  # "the Civic Alliance ... signed" and "Civic Alliance leader Tomas Brandt ... signed"
    if a.people and b.people and not _nested(a.people, b.people):
        return None
    if a.nations and b.nations and _nested(a.nations, b.nations):
        return "related"
    return None


def _all_named_in(actors: frozenset[str], sentence: str) -> bool:
    """Whether a sentence names every one of these actors: then its own actors (their leaders,
    say) may stand for them."""
    return all(actor in sentence and re.search(rf"(?<!\w){re.escape(actor)}(?!\w)", sentence) for actor in actors)


def _plausibly_recent(a: _Report, b: _Report) -> bool:
    """Whether an undated report can be the same event as another, given when its article was published.

    News leaves recent events undated: something that happened (or was said) is on
    or before publication and within a month of it; a plan is on or after it; two
    undated reports must come from articles published within ``UNDATED_WINDOW_DAYS``
    of each other.
    """
    undated_window = dt.timedelta(days=UNDATED_WINDOW_DAYS)
    for undated, other in ((a, b), (b, a)):
        published = undated.article.published
        if undated.first is not None or published is None:
            continue
        if other.first is None:
            if other.article.published is not None and abs(other.article.published - published) > undated_window:
                return False
        elif undated.event.status == "planned":
            if other.last < published:
                return False
        elif not (other.first <= published and other.last >= _shifted(published, -RECENT_DAYS)):
            return False
    return True


def _may_be_one(a: _Report, b: _Report) -> str | None:
    """How the actors relate if nothing rules out that two reports tell one happening, else None.

    What an entry's reports must all satisfy, two by two: other articles, the same
    type and negation, actors, places and the names titles give that do not clash, dates that agree or are
    at most ``CONFLICT_WINDOW_DAYS`` apart (both precise), and an undated side
    published near the other's date.
    """
    if a.article.id == b.article.id or a.event.type != b.event.type or a.event.negated != b.event.negated:
        return None
    gap = _gap_days(a, b) if a.first is not None and b.first is not None else None
    if gap is None:
        if not _plausibly_recent(a, b):
            return None
    elif gap and not (gap <= CONFLICT_WINDOW_DAYS and a.precise and b.precise and _nested(a.nations, b.nations)):
        # Sources that disagree on the day must agree on the rest: Cuba's condemnation is not Iran's.
        return None
    if a.places and b.places and not a.places & b.places:
        return None  # Tokyo and Busan: two meetings, however alike the words
    if _unmentioned(a, b) and _unmentioned(b, a):
        return None  # the same where the extractor found no place: "in Khabarovsk", "at the Vostochny Cosmodrome"
    actors = _actors(a, b)
    if actors == "related" and not (a.precise and b.precise and a.places and b.places):
        return None  # only a place and a day both sides give make up for the names they do not share
    return actors


def _fit(a: _Report, b: _Report) -> tuple[int, float, float] | None:
    """How well two reports fit as one happening: (2 compatible dates / 1 undated side / 0 conflict, similarity, title similarity), or None.

    The less the dates say, the more the rest must agree: two precise compatible
    dates (a week or finer) need little text in common, a month, a year or no date
    needs the same actors, similar text and two shared content words, and an event
    of type "other" is only merged with the same actors or place, or the same event
    (see ``_same_event``), on a precise day.
    Symmetric, and a function of the two reports only, so no third article can change it.
    """
    actors = _may_be_one(a, b)
    if actors is None:
        return None
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return None  # "96 cases are confirmed" and "103 cases": two counts, never one silently
    dated = a.first is not None and b.first is not None
    gap = _gap_days(a, b) if dated else None
    precise = a.precise and b.precise
    same_place = bool(a.places & b.places)
    if a.event.type == "other":
        # The type says little, so only the same actors (or place, or event word and class) on the
        # same precise day in like words do ("the quarter ended Sept. 30" of six companies is not
        # one happening); the same actors in nearly the same words a day or two apart are one
        # happening told two ways.
        if not (actors == "same" or same_place or _same_event(a, b)) or gap is None or not precise:
            return None
        similarity = _text_similarity(a, b, min_shared=2)
        if gap == 0:
            return (2, *similarity) if similarity[0] >= 85 else None
        if a.numbers != b.numbers:
            return None  # "contained 10% of the fire" on Monday, nothing said of it on Tuesday
        return (0, *similarity) if actors == "same" and similarity[0] >= OTHER_CONFLICT_SIMILARITY else None
    if not dated:
        if actors != "same":
            return None
        similarity = _text_similarity(a, b, min_shared=2)
        return (1, *similarity) if similarity[0] >= 80 else None
    if actors == "related":
        if len(a.words & b.words) < RELATED_MIN_SHARED_WORDS:
            return None
        similarity = _text_similarity(a, b, min_shared=1)
        return (0 if gap else 2, *similarity) if similarity[0] >= 50 else None
    if gap == 0 and precise:
        needed = {"same": 50, "unknown": 70 if same_place else 85}[actors]
        similarity = _text_similarity(a, b, min_shared=1)
        return (2, *similarity) if similarity[0] >= needed else None
    if gap and precise and actors == "unknown" and _same_event(a, b):
        # One side names nobody ("the prime minister" the extractor did not resolve), the other a
        # day off: one event whose sources disagree when both tell it in nearly the same words.
        similarity = _text_similarity(a, b, min_shared=2)
        return (0, *similarity) if similarity[0] >= OTHER_CONFLICT_SIMILARITY else None
    if actors != "same":
        return None
    if gap == 0:  # compatible, but only at a month or a year
        similarity = _text_similarity(a, b, min_shared=2)
        return (2, *similarity) if similarity[0] >= 80 else None
    similarity = _text_similarity(a, b, min_shared=2)  # precise and in the window: see _may_be_one
    return (0, *similarity) if similarity[0] >= 85 else None


def _unmentioned(a: _Report, b: _Report) -> bool:
    """Whether ``a``'s title names something that ``b``'s sentence never mentions."""
    return any(f" {word} " not in b.said for word in a.names)


def _same_event(a: _Report, b: _Report) -> bool:
    """Whether two reports tell their event by the same word ("met", "talks" and "a meeting" are
    "meet") and the mention layer gives it the same TimeML class: then an untyped event says as
    much about sameness as a type does."""
    return a.mention is not None and a.mention == b.mention and a.word == b.word


#: A block (reports sharing a type, a word and an actor or place) larger than this meets a month,
#: a year or no date only through a second shared word: see ``_block_pairs``.
BLOCK_CAP = 64


def _units(report: _Report) -> frozenset[tuple[str, ...]]:
    """What two reports must share for ``_text_similarity`` to score them above zero: a content
    word of the titles, or two actors (``_shared`` counts each shared actor after the first).

    ``_shared`` never counts more than the units two reports share: two shared actors are one
    pair, three are three pairs.
    """
    actor_pairs = itertools.combinations(sorted(report.actors), 2)
    return frozenset({("word", stem) for stem in report.stems} | {("actors", *pair) for pair in actor_pairs})


def _candidate_pairs(reports: list[_Report]) -> set[tuple[int, int]]:
    """Pairs of reports of other articles that ``_fit`` might accept; no other pair is scored.

    ``_fit`` accepts only reports of one type and negation that share a unit (see ``_units``:
    every accepting branch asks ``_text_similarity`` for a shared word) and whose actors are
    the same (so share one), unknown (one side names none; precise dates only) or related
    (both give places, which then must share one). So reports meet in blocks of one type,
    one unit and one actor or place, plus, for the precise reports that name no actor, one
    type and one unit. A common actor alone ("United States") never makes a block. Within
    a block, dated reports meet only those at most ``CONFLICT_WINDOW_DAYS`` away (a sweep in
    date order) and undated ones those near their publication (``_PublicationIndex``).
    """
    return _Blocks(reports).pairs()


class _Blocks:
    """The reports filed in blocks by what ``_fit`` needs two of them to share, each block in
    date order (undated last), with their days as ordinals for cheap arithmetic."""

    def __init__(self, reports: list[_Report]):
        self.reports = reports
        self.units = [_units(r) for r in reports]
        self.first = [r.first.toordinal() if r.first else None for r in reports]
        self.last = [r.last.toordinal() if r.last else None for r in reports]
        self.published = [r.article.published.toordinal() if r.article.published else None for r in reports]
        self.article = [r.article.id for r in reports]

    def pairs(self) -> set[tuple[int, int]]:
        reports = self.reports
        anchored: dict[tuple, list[int]] = defaultdict(list)  # (type, negated, unit, actor or place)
        open_: dict[tuple, list[int]] = defaultdict(list)  # (type, negated, unit): precise reports, for those naming nobody
        for i in sorted(range(len(reports)), key=lambda i: (self.first[i] is None, self.first[i] or 0, i)):
            report = reports[i]
            if not report.actors and not report.precise:
                continue  # a month, a year or no date needs the same actors
            kind = (report.event.type, report.event.negated)
            anchors = [("actor", a) for a in sorted(report.actors)] + [("place", p) for p in sorted(report.places)]
            for unit in sorted(self.units[i]):
                for anchor in anchors:
                    anchored[(*kind, unit, anchor)].append(i)
                if report.precise:
                    open_[(*kind, unit)].append(i)
        pairs: set[tuple[int, int]] = set()
        for (*_, unit, _anchor), members in anchored.items():
            pairs.update(self._block_pairs(members, unit))
        for members in open_.values():
            if any(not reports[i].actors for i in members):
                pairs.update(self._swept(members, CONFLICT_WINDOW_DAYS, lambda i: not reports[i].actors))
        article = self.article
        return {(i, j) if i < j else (j, i) for i, j in pairs if article[i] != article[j]}

    def _block_pairs(self, members: list[int], unit: tuple) -> list[tuple[int, int]]:
        """Pairs of a block that may be one happening: precise reports within the window, and
        those with a month, a year or no date on one side.

        The latter need the same actors and two shared units (``_fit`` asks for two shared words
        there), so in a block larger than ``BLOCK_CAP`` ("United States" and "say") they meet
        only within sub-blocks of a second shared unit: nothing ``_fit`` accepts is lost. Precise
        reports are not split further: one shared word is enough for them, and the window bounds them.
        """
        precise = [i for i in members if self.reports[i].precise]
        found = self._swept(precise, CONFLICT_WINDOW_DAYS, lambda i: True)
        if len(precise) == len(members):
            return found
        if len(members) <= BLOCK_CAP:
            return found + self._vague_pairs(members)
        second: dict[tuple, list[int]] = defaultdict(list)
        for i in members:
            for other in sorted(self.units[i] - {unit}):
                second[other].append(i)
        for sub in second.values():
            found += self._vague_pairs(sub)
        return found

    def _vague_pairs(self, members: list[int]) -> list[tuple[int, int]]:
        """Pairs of ``members`` with a side dated only to a month or coarser (their dates must
        overlap) or undated (near its publication, see ``_PublicationIndex``)."""
        reports = self.reports
        found = self._swept([i for i in members if self.first[i] is not None], 0, lambda i: not reports[i].precise)
        undated = [i for i in members if self.first[i] is None]
        if undated:
            near = _PublicationIndex(self, members)
            for i in undated:
                found.extend((i, j) for j in near.around(self.published[i], reports[i].event.status == "planned") if i != j)
        return found

    def _swept(self, dated: list[int], window: int, seeking: Callable[[int], bool]) -> list[tuple[int, int]]:
        """Pairs of dated reports (in date order) at most ``window`` days apart of which one is ``seeking``.

        Each report meets only those whose range (widened by the window) reaches its first
        day, so the cost grows with the reports of a few days, not with their square.
        """
        found: list[tuple[int, int]] = []
        seekers: list[tuple[int, int]] = []  # (last day + window, report), soonest first
        others: list[tuple[int, int]] = []
        for i in dated:
            first = self.first[i]
            for reaching in (seekers, others):
                while reaching and reaching[0][0] < first:
                    heapq.heappop(reaching)
            found.extend((j, i) for _, j in seekers)
            if seeking(i):
                found.extend((j, i) for _, j in others)
            heapq.heappush(seekers if seeking(i) else others, (self.last[i] + window, i))
        return found


class _PublicationIndex:
    """The reports an undated one may tell (see ``_plausibly_recent``), found by bisection:
    dated ones by their first day, from a month (plus their own span) before its article to
    its publication or, for a plan, any later; undated ones by their article's publication,
    within ``UNDATED_WINDOW_DAYS`` of its own. ``_plausibly_recent`` then applies the exact limits."""

    def __init__(self, blocks: _Blocks, members: list[int]):
        self.members = members
        self.always: list[int] = []  # no day at all, or a span longer than a month
        dated: dict[int, list[tuple[int, int]]] = {span: [] for span in _INDEXED_SPANS}
        undated: list[tuple[int, int]] = []
        for j in members:
            first, published = blocks.first[j], blocks.published[j]
            if first is None:
                if published is None:
                    self.always.append(j)
                else:
                    undated.append((published, j))
                continue
            span = next((s for s in _INDEXED_SPANS if blocks.last[j] - first <= s), None)
            if span is None:
                self.always.append(j)
            else:
                dated[span].append((first, j))
        self.dated = {span: _DayIndex(anchored) for span, anchored in dated.items()}
        self.undated = _DayIndex(undated)

    def around(self, published: int | None, planned: bool) -> list[int]:
        if published is None:
            return self.members
        found = self.always + self.undated.between(published - UNDATED_WINDOW_DAYS, published + UNDATED_WINDOW_DAYS)
        for span, index in self.dated.items():  # the last day on or after publication, or within the month before
            found += index.between(published - span, None) if planned else index.between(published - RECENT_DAYS - span, published)
        return found


#: Longest spans (last day minus first) of the dated reports ``_PublicationIndex`` files by first day: a week, a month.
_INDEXED_SPANS = (6, 30)


class _DayIndex:
    """Reports sorted by a day (an ordinal), for the ones between two days (both included; no end: all later)."""

    def __init__(self, anchored: list[tuple[int, int]]):
        anchored.sort()
        self.days = [day for day, _ in anchored]
        self.ids = [j for _, j in anchored]

    def between(self, lo: int, hi: int | None) -> list[int]:
        return self.ids[bisect.bisect_left(self.days, lo):len(self.days) if hi is None else bisect.bisect_right(self.days, hi)]


def _fits(reports: list[_Report]) -> dict[tuple[int, int], tuple[int, float, float]]:
    """Every pair of reports that ``_fit`` accepts, with its fit; only candidate pairs are scored."""
    return {(i, j): fit for i, j in sorted(_candidate_pairs(reports)) if (fit := _fit(reports[i], reports[j])) is not None}


def _remembered_fits(reports: list[_Report], memo: MergeMemo) -> dict[tuple[int, int], tuple[int, float, float]]:
    """``_fits``, scoring only the candidate pairs ``memo`` does not know (see ``MergeMemo``)."""
    known, memo.fits = memo.fits, {}
    found = {}
    for i, j in sorted(_candidate_pairs(reports)):
        pair = (reports[i].uid, reports[j].uid)
        fit = known[pair] if pair in known else _fit(reports[i], reports[j])
        memo.fits[pair] = fit
        if fit is not None:
            found[(i, j)] = fit
    return found


def _links(reports: list[_Report], fits: dict[tuple[int, int], tuple[int, float, float]]) -> list[tuple[tuple[int, float, float], int, int]]:
    """Pairs that are each other's best fit in the other's article, best first.

    Each report is matched to its best counterpart in every other article, not the
    first that fits: "signed their pact last Tuesday" goes with "sign a fisheries
    agreement", not with "pledge to share data" told in the same sentence.
    """
    best: dict[tuple[int, str], tuple] = {}
    for (i, j), fit in fits.items():
        for mine, other in ((i, j), (j, i)):
            rank = (tuple(-x for x in fit), reports[other].key)
            slot = (mine, reports[other].article.id)
            if slot not in best or rank < best[slot][0]:
                best[slot] = (rank, other)
    links = [
        (fit, i, j) for (i, j), fit in fits.items()
        if best[(i, reports[j].article.id)][1] == j and best[(j, reports[i].article.id)][1] == i
    ]
    return sorted(links, key=lambda link: (tuple(-x for x in link[0]), *sorted((reports[link[1]].key, reports[link[2]].key))))


def _cluster(reports: list[_Report], memo: MergeMemo | None = None) -> list[list[_Report]]:
    """Reports joined along their links, best first, whenever every report of the two groups may be one happening.

    A group never holds two reports of one article; the order comes from the
    reports' texts and dates, so input order, file names and articles that report
    other things cannot change which reports go together.
    """
    group = list(range(len(reports)))
    members = {i: [i] for i in range(len(reports))}
    for _, i, j in _links(reports, _fits(reports) if memo is None else _remembered_fits(reports, memo)):
        gi, gj = group[i], group[j]
        if gi == gj or not all(_may_be_one(reports[x], reports[y]) for x in members[gi] for y in members[gj]):
            continue
        for x in members[gj]:
            group[x] = gi
        members[gi].extend(members.pop(gj))
    return [[reports[i] for i in sorted(m, key=lambda i: reports[i].key)] for m in members.values()]


@functools.lru_cache(maxsize=4096)
def _text_digest(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _article_key(article: Article) -> tuple:
    """Earliest published first, then by text: never by file name, so renaming files
    cannot change which events merge or which source's date an entry takes."""
    return (article.published or dt.date.max, _text_digest(article.body))


# --------------------------------------------------------------------------- entries


def _source_key(report: _Report) -> tuple:
    return (*_article_key(report.article), report.article.id)


def _chosen_date(dated: list[_Report]) -> tuple[_Report, tuple[Conflict, ...]]:
    """The report whose date the entry takes, and the date conflict if sources disagree.

    When a source tells the event as having happened, only such sources are
    candidates: a plan's "next week" is not when it happened, nor is its source the
    happening's. Among them the value that the most sources agree with (compatible
    at their granularity) wins, then the finest, then the earliest published
    source's. A date that a finer one narrows down ("last week" beside "on Tuesday")
    is no candidate: it agrees with every day of its week. The conflict lists the
    values that disagree with some other source's, and the articles that give each.
    """
    def support(r: _Report) -> int:
        return sum(1 for other in dated if _gap_days(r, other) == 0)

    pool = [r for r in dated if r.event.status == "happened"] or dated
    candidates = [r for r in pool if not any(o.rank < r.rank and _gap_days(r, o) == 0 for o in pool)]
    best = min(candidates, key=lambda r: (-support(r), r.rank, _source_key(r)))
    if all(_gap_days(a, b) == 0 for a in dated for b in dated):
        return best, ()
    by_value: dict[str, list[str]] = defaultdict(list)
    for r in sorted(dated, key=_source_key):
        if support(r) < len(dated):  # "last week" sides with both days: it disagrees with nobody
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


def _entry(reports: list[_Report]) -> Entry:
    reports = sorted(reports, key=_source_key)
    dated = [r for r in reports if r.first is not None]
    conflicts: tuple[Conflict, ...] = ()
    if dated:
        lead_report, conflicts = _chosen_date(dated)
    else:
        lead_report = reports[0]
    lead = lead_report.event
    status = _status(reports, lead)
    if status == "happened" and lead.status != "happened":
        # "will sign on March 5, officials said" beside an undated "signed": the words and
        # attribution of the source that tells it done, the date of the one that gives it.
        told = next(r.event for r in reports if r.event.status == "happened")
        lead = replace(told, **{f: getattr(lead, f) for f in ("date", "end_date", "value", "granularity", "date_text")})
    actors = tuple(dict.fromkeys(a for r in [lead_report, *reports] for a in r.event.actors))
    event = replace(
        lead,
        status=status,
        actors=tuple(a for a in actors if CAPITALS.get(a) not in actors),  # "Japan", not also "Tokyo"
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


def merge_extractions(extractions: list[Extraction], memo: MergeMemo | None = None) -> list[Entry]:
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

    With a ``memo`` (see ``MergeMemo``) what depends only on the reports involved is taken
    from the last run instead of worked out again, and the memo is updated to this run.
    """
    if memo is None:
        return sorted((_entry(c) for c in _cluster(_reports(extractions))), key=entry_order)
    clusters = _cluster(_reports(extractions, memo), memo)
    known, memo.entries = memo.entries, {}
    entries = []
    for cluster in clusters:
        group = tuple(r.uid for r in cluster)
        entries.append(known[group] if group in known else _entry(cluster))
        memo.entries[group] = entries[-1]
    return sorted(entries, key=entry_order)


@dataclass
class MergeMemo:
    """What one merge worked out that depends only on the reports involved, for the next merge.

    The caller names each article's content (``contents``: article id -> a key that
    changes whenever the article or its extraction could, such as the cache's key). A
    report is then known by that key, its event's place in the extraction and its
    canonical actors and places, which together fix everything ``_report`` reads, and is
    numbered once (``_Report.uid``) so that pairs and groups are cheap to look up. A fit
    is a function of its two reports and an entry of its group's, so what is found here
    is exactly what working it out again would give. Adding one article then scores only
    the pairs its reports make; a change of canonical names changes the reports it
    renames, and only those are worked out again. An article without a named content is
    worked out every time.
    """

    contents: dict[str, str] = field(default_factory=dict)
    uids: dict[tuple[str, int, tuple[str, ...], tuple[str, ...]], int] = field(default_factory=dict)
    fits: dict[tuple[int, int], tuple[int, float, float] | None] = field(default_factory=dict)  # by uids
    entries: dict[tuple[int, ...], Entry] = field(default_factory=dict)  # by the uids of the group
    next_uid: int = 0


def _reports(extractions: list[Extraction], memo: MergeMemo | None = None) -> list[_Report]:
    """The events of the articles kept (one of each duplicate), with canonical names, in a
    fixed order: earliest published article first, then by text."""
    duplicates = find_duplicate_articles(x.article for x in extractions)
    kept: dict[str, Extraction] = {}
    for extraction in sorted(extractions, key=lambda x: (_article_key(x.article), x.article.id)):
        if extraction.article.id not in duplicates:
            kept.setdefault(extraction.article.id, extraction)
    classes = {x.article.id: {m.start: m.cls for m in x.event_mentions} for x in kept.values()}  # once per article
    pairs = [(event, x.article) for x in kept.values() for event in x.events]
    events = _canonicalise([event for event, _ in pairs])
    inputs = [(event, article, classes[article.id].get(event.trigger.start)) for event, (_, article) in zip(events, pairs)]
    if memo is None:
        return [_report(*given) for given in inputs]
    places = [(x.article.id, n) for x in kept.values() for n in range(len(x.events))]
    known, memo.uids = memo.uids, {}
    reports = []
    for (article_id, n), given in zip(places, inputs):
        content = memo.contents.get(article_id)
        ident = (content, n, given[0].actors, given[0].places)
        uid = known.get(ident) if content is not None else None
        if uid is None:
            uid, memo.next_uid = memo.next_uid, memo.next_uid + 1
        if content is not None:
            memo.uids[ident] = uid
        reports.append(_report(*given, uid=uid))
    return reports


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
