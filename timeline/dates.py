"""Find time expressions in an article and normalise them to TIMEX3 values.

Finding spans and anchoring them are ours: compiled patterns over the text find
every expression with TimeML extents (modifiers such as "last" and "the" inside,
governing prepositions such as "on" outside), and each one is normalised in text
order so that "the day before" can lean on the last date the story anchored.
dateparser parses the written calendar dates ("Sept. 14, 1998", "9/14/2023"); it
is only ever called on a short span we already matched, and its answers are
cached, so its traps ("may", "a", "now", "100M", slow calls on odd input) never
reach it. spaCy's DATE/TIME entities are not used: on TimeBank and AQUAINT the
ones these patterns miss are gold only one time in four.

Anchoring relative expressions to the publication date (DCT):
- a weekday in a past-tense clause is the one on or before the DCT, in a future
  or planned clause the one on or after it; in a present-tense clause it is the
  nearest one (ties go to the coming one): news in the present tense ("says
  Friday", "is on Monday") talks about the days around publication, and on the
  training data "nearest" beats "on or before" for present-tense clauses;
- "until Tuesday" takes the nearest Tuesday whatever the tense ("extended the
  deadline until Tuesday"), "the previous Friday" counts from the story's day;
- a month, day or holiday without a year gets the year that puts it on the
  tense's side of the DCT, with a measured slack (a past-tense clause often
  reports a plan: "said it would vote Nov. 16");
- "a year earlier" in a story about a quarter is that quarter a year before;
- a weekday with a part of day ("Wednesday morning") is a TIME, "2023-09-13TMO",
  as TimeML and the issue ask (some AQUAINT annotators wrote a DATE instead);
- without a DCT, relative expressions keep their text and get value ``None``:
  a guessed date would be worse than none. Absolute dates, durations, sets and
  PRESENT_REF-like values keep their values.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from spacy.tokens import Doc, Token

from .contents import TimeExpression
from .tense import FUTURE, PAST, PRESENT, clause_head, clause_tense, is_infinitive

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"

# --- vocabulary --------------------------------------------------------------------------

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTHS = {**{name: number for number, name in enumerate(_MONTH_NAMES, 1)}, **_MONTH_ABBREVIATIONS}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "overnight": "TNI"}
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}
_UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "weekend": "WE",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
}
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "couple": 2,
    "a couple of": 2, "a dozen": 12, "dozen": 12, "half a": 0.5, "half an": 0.5, "a half": 0.5,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

# --- pattern pieces (spaces stand for "spaces or tabs, never a line break") -------------



def _capitalised(words: Iterable[str]) -> str:
    """A case-sensitive alternation of ``words`` as Title and UPPER case, longest first
    ("Sept" before "Sep"): "may" and "march" in lower case are ordinary words."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?-i:" + "|".join([w.title() for w in ordered] + [w.upper() for w in ordered]) + ")"


_MONTH_NAME = _capitalised(_MONTH_NAMES)
_MONTH_ABBR = _capitalised(_MONTH_ABBREVIATIONS) + r"\.?"
_MONTH = rf"(?:{_MONTH_NAME}|{_MONTH_ABBR})"
_WEEKDAY = _capitalised(_WEEKDAYS)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_SHORT_YEAR = r"(?:'\d\d)"
_UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORD = rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]{_UNITS_WORD})?)"
#: Years read aloud in broadcast transcripts: "nineteen ninety-six", "two thousand and one".
_SPELLED_YEAR = rf"(?:(?:nineteen|eighteen) (?:hundred|oh {_UNITS_WORD}|{_TEENS_WORD}|{_TENS_WORD})|two thousand(?:(?: and)? (?:{_UNITS_WORD}|{_TEENS_WORD}))?)"
_NUMBER_WORD = rf"(?:{_TENS_WORD}|{_UNITS_WORD}|{_TEENS_WORD}|a hundred|hundred|a dozen|dozen)"
_COUNT = (
    rf"(?:\d+(?:\.\d+)?(?: \d/\d)?|{_NUMBER_WORD}(?: and a half)?|a couple of|a few|a number of|several|many|few|numerous"
    rf"|some|half an|half a|an?)"
)
_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|quarters?|years?|decades?|centuries|century)"
#: Quantity modifiers TimeML keeps inside a duration ("more than 20 years"); "about", "only",
#: "for" and "within" stay outside, and "over" is inside only right before the count.
_QUANTIFIER = r"(?:nearly|almost|some|more than|less than|fewer than|at least|at most|up to|no more than|no less than|close to)"
_DIRECT_QUANTIFIER = r"(?:over|under|well over|just over|just under)"
_DURATION_DETERMINER = (
    r"(?:an additional|another|the first|the last|the past|the next|the coming|the final|the previous|the following|"
    r"the entire|the full|the latest|the|first|last|past|next|final|previous|following|coming|"
    r"each of the past|each of the last)"
)
_CLOCK = r"(?:(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)? ?(?:a\.m\.?|p\.m\.?|am\b|pm\b|AM\b|PM\b|o'clock)|(?:[01]?\d|2[0-3]):[0-5]\d|noon|midnight|midday)"
_ZONE = r"(?-i:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|MSK)"
_PART = r"(?:morning|afternoon|evening|night)"

_FOLLOWING_NOUN_STOP = re.compile(r"^[^\S\n]*(?:%|percent|per cent|-\d|\d)", re.I)


def _compile(pattern: str) -> re.Pattern:
    """Compile case-insensitively with word edges; a space means any run of spaces/tabs."""
    pattern = pattern.replace("[- ]", "(?:-| )").replace(" ?", r"[^\S\n]*").replace(" ", r"[^\S\n]+")
    return re.compile(r"(?<![\w$£€'’-])" + pattern + r"(?![\w%-]|['’](?!s\b)\w|[.,]\d)", re.I)


# --- context carried through the story ----------------------------------------------------


@dataclass
class _Story:
    """What normalisation needs: the DCT, the parse, and the story's last anchors."""

    dct: dt.date | None
    doc: Doc
    text: str  # doc.text, kept: spaCy rebuilds it from every token on each access
    last_day: dt.date | None = None
    last_month: tuple[int, int] | None = None
    last_year: int | None = None
    last_quarter: tuple[int, int] | None = None
    #: "03/04/2023" is 3 April (see ``reads_day_first``).
    day_first: bool = False
    #: The year of the last day or month written with its year ("September 25 2026",
    #: "2026-09-25", "September 2026"): without a DCT, the year of a year-less date. Not
    #: any year: "delaying the tax until 2028" is no such anchor.
    written_year: int | None = None
    #: The first day of the last anchor, whatever its granularity, and that granularity.
    latest: tuple[dt.date, str] | None = None
    #: Where in the text that anchor ends.
    latest_end: int | None = None
    tenses: dict = field(default_factory=dict)

    def _root(self, start: int, end: int) -> Token | None:
        """The token the expression at [start, end) hangs from in the parse."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def tense(self, start: int, end: int) -> str:
        """Tense of the clause around the expression at [start, end)."""
        if (start, end) not in self.tenses:
            root = self._root(start, end)
            self.tenses[(start, end)] = clause_tense(root) if root is not None else PRESENT
        return self.tenses[(start, end)]

    def slack(self, start: int, end: int, days: int) -> int:
        """Days a past-tense year-less date may lie after the DCT.

        None for the plain time of a past event ("met Xi on October 18" cannot be next
        month); ``days`` where the clause may report a plan or a deadline ("extended
        the offer until Nov. 9", "said the vote is set for May", "payable Dec. 7").
        """
        root = self._root(start, end)
        if root is None:
            return days
        if root.dep_ == "pobj" and root.head.lower_ in ("on", "in", "at", "during"):
            verb = root.head.head
        elif root.dep_ in ("npadvmod", "tmod"):
            verb = root.head
        else:
            return days
        return 0 if verb.tag_ == "VBD" and verb.lemma_.lower() not in _PLAN_VERBS else days

    def starts_an_infinitive(self, start: int, end: int) -> bool:
        """ "to close from Monday": a start ("from", not a range "from Monday to Friday") of
        what an infinitive tells, which lies ahead of the clause that governs it."""
        if not re.search(r"\bfrom\s+$", self.text[max(0, start - 6) : start], re.I) or re.match(r"\s*(?:to|until|till|through|-|–)\b", self.text[end : end + 9], re.I):
            return False
        root = self._root(start, end)
        head = clause_head(root) if root is not None else None
        return head is not None and is_infinitive(head)

    def governor(self, start: int, end: int) -> str:
        """Lemma of the verb heading the clause around the expression at [start, end)."""
        root = self._root(start, end)
        return clause_head(root).lemma_.lower() if root is not None else ""

    def remember(self, value: str | None) -> None:
        """Let later anaphoric expressions ("the day before") lean on this value."""
        if not value or value[:1] in "PX":
            return
        m = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q(\d))?", value)
        if not m:
            return
        year = int(m.group(1))
        self.last_year = year
        self.latest = (dt.date(year, 1, 1), "year")
        if m.group(4):
            self.last_quarter = (year, int(m.group(4)))
            self.latest = (dt.date(year, 3 * int(m.group(4)) - 2, 1), "quarter")
        if m.group(2):
            self.last_month = (year, int(m.group(2)))
            self.latest = (dt.date(year, int(m.group(2)), 1), "month")
        if m.group(3):
            self.last_day = dt.date(year, int(m.group(2)), int(m.group(3)))
            self.latest = (self.last_day, "day")

    @property
    def month_is_latest(self) -> bool:
        """The last anchor named a month, not a day ("last October"): "that same day" is a day in it."""
        return self.latest is not None and self.latest[1] == "month"

    @property
    def reference_day(self) -> dt.date | None:
        return self.last_day or self.dct


#: A normaliser gives (type, value), or (type, value, False) for a value later expressions
#: must not lean on ("a year earlier" is not the story's new quarter), or None to drop the match.
Normaliser = Callable[[re.Match, _Story], "tuple | None"]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern
    normalise: Normaliser
    accept: Callable[[re.Match, str], bool] | None = None


# --- value helpers ------------------------------------------------------------------------


def _day(d: dt.date) -> str:
    return d.isoformat()


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _week_value(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _shift_quarter(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + delta
    return index // 4, index % 4 + 1


def _number(text: str) -> float | None:
    """The count in "three", "twenty-four", "2 1/2", "a"; None when vague ("several")."""
    text = text.lower().strip()
    half = 0.0
    if text.endswith(" and a half"):
        text, half = text[: -len(" and a half")], 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text) + half
    m = re.fullmatch(r"(\d+) (\d)/(\d)", re.sub(r"\s+", " ", text))
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    text = re.sub(r"\s+", " ", text)
    if text in _SMALL_NUMBERS:
        return _SMALL_NUMBERS[text] + half
    if text in ("hundred", "a hundred"):
        return 100 + half
    parts = re.split(r"[- ]", text)
    if parts[0] in _TENS:
        ones = _SMALL_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0
        return _TENS[parts[0]] + ones + half
    return None


def _duration(count: float | None, unit: str) -> str:
    """ISO 8601 duration: P3D, PT5H, P2Y, P9M for three quarters; PXY when the count is vague."""
    code = _UNITS[unit.lower().rstrip("s")]
    # ISO 8601 has no quarters, weekends, decades or centuries: count them in its units.
    code, factor = {"Q": ("M", 3), "WE": ("D", 2), "DE": ("Y", 10), "CE": ("Y", 100)}.get(code, (code, 1))
    timed = unit.lower().startswith(("hour", "minute", "second"))
    if count is None:
        return f"PTX{code}" if timed else f"PX{code}"
    count *= factor
    if count != int(count):
        # "2 1/2 years" -> P2Y6M, "1 1/2 hours" -> PT1H30M
        whole = int(count)
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}
        if timed and code == "M":
            smaller["M"] = ("S", 60)  # minutes, not months: "a minute and a half" is PT1M30S
        if code in smaller:
            sub, sub_factor = smaller[code]
            rest = f"{_fmt((count - whole) * sub_factor)}{sub}"
            if timed or code == "D":
                head = f"{whole}{code}" if whole else ""
                return f"PT{head}{rest}" if timed else f"P{head}T{rest}"
            return f"P{whole}{code}{rest}" if whole else f"P{rest}"
    return f"PT{_fmt(count)}{code}" if timed else f"P{_fmt(count)}{code}"


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def _closest_weekday(weekday: int, dct: dt.date, tense: str) -> dt.date:
    """Past: on or before the DCT; future: on or after; present: nearest, ties to the coming one."""
    back = (dct.weekday() - weekday) % 7
    ahead = (weekday - dct.weekday()) % 7
    if tense == PAST:
        return dct - dt.timedelta(days=back)
    if tense == FUTURE:
        return dct + dt.timedelta(days=ahead)
    return dct + dt.timedelta(days=ahead) if ahead <= back else dct - dt.timedelta(days=back)


def _year_for(span_of: Callable[[int], tuple[dt.date, dt.date]], dct: dt.date, tense: str, slack_days: int) -> int:
    """Year that puts a year-less date ("Nov. 16", "May", "Thanksgiving") on the tense's side of the DCT.

    ``span_of(year)`` gives the first and last day the expression covers in that year.
    Past: the latest one starting before the DCT plus some slack (a past-tense clause
    often reports a plan: "said it would vote Nov. 16"); future: the earliest one ending
    after the DCT minus the slack; present: the nearest.
    """
    years = (dct.year - 1, dct.year, dct.year + 1)
    slack = dt.timedelta(days=slack_days)
    if tense == PAST:
        return max(y for y in years if span_of(y)[0] <= dct + slack)
    if tense == FUTURE:
        return min(y for y in years if span_of(y)[1] >= dct - slack)

    def distance(year: int) -> int:
        first, last = span_of(year)
        return 0 if first <= dct <= last else min(abs((first - dct).days), abs((last - dct).days))

    return min(years, key=lambda y: (distance(y), -y))


def _month_span(month: int, day: int | None = None) -> Callable[[int], tuple[dt.date, dt.date]]:
    def span_of(year: int) -> tuple[dt.date, dt.date]:
        last = calendar.monthrange(year, month)[1]
        if day:
            single = dt.date(year, month, min(day, last))
            return single, single
        return dt.date(year, month, 1), dt.date(year, month, last)

    return span_of


#: Verbs that move something to a later deadline: "postponed until Tuesday", "gave them until noon Friday".
DEADLINE_VERBS = frozenset({"postpone", "extend", "delay", "defer", "adjourn", "give", "grant", "allow", "suspend", "push", "recess", "put"})

#: Slack (days) past the DCT for a past-tense year-less day or month, measured on the training data.
_DAY_SLACK, _MONTH_SLACK = 60, 31
#: Past-tense verbs whose dates may be later than the report: plans, deadlines, speech.
_PLAN_VERBS = DEADLINE_VERBS | {
    "set", "schedule", "plan", "slate", "expect", "say", "tell", "announce", "report", "add", "state",
    "invite", "promise", "propose", "agree", "offer", "pledge", "vow", "threaten", "urge", "ask",
}


@functools.lru_cache(maxsize=4096)
def _parse_calendar_date(text: str, order: str = "MDY") -> tuple[int, int, int] | None:
    """Year, month and day of a written calendar date, read by dateparser (input is bounded)."""
    data = _date_parser(order).get_date_data(text[:40])
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.year, data.date_obj.month, data.date_obj.day


@functools.lru_cache(maxsize=2)
def _date_parser(order: str):
    """An English DateDataParser per numeric order, built on first use (each takes a quarter of a second)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": dt.datetime(2000, 1, 1), "DATE_ORDER": order}
    return DateDataParser(languages=["en"], settings=settings)


def _month_of(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _day_of(text: str) -> int:
    return int(re.match(r"\d+", text).group())


# --- normalisers --------------------------------------------------------------------------


def _calendar(m: re.Match, story: _Story):
    """A written calendar date: "Sept. 14, 1998", "14 September", "Friday, Oct. 23".

    A range of days ("13-14 September") is one expression valued at its first day:
    a timeline places the event where it starts.
    """
    month_text = m.group("month") or m.group("month2")
    month = _month_of(month_text)
    day = _day_of(m.group("day") or m.group("day2"))
    if day > calendar.monthrange(2000, month)[1]:
        return None
    # "Nov. 5 or 6, 2024": the year written after the paired day is this one's too.
    paired = _PAIRED_DAY_YEAR.match(story.text, m.end())
    year_text = m.group("year") or (paired.group("year") if paired else None)
    if year_text:
        parsed = _parse_calendar_date(f"{month_text} {day}, {year_text}")
        if parsed is None:
            return None
        year, month, day = parsed
    elif story.dct is None:
        if story.written_year is None:
            return (DATE, None) if m.group("weekof") else _with_clock(m, None)
        year = story.written_year  # no publication date: "September 25 2026 ... September 14"
    else:
        year = _year_for(_month_span(month, day), story.dct, story.tense(m.start(), m.end()), story.slack(m.start(), m.end(), _DAY_SLACK))
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if m.group("weekof"):
        return DATE, _week_value(value)
    return _with_clock(m, _day(value))


_PAIRED_DAY_YEAR = re.compile(rf" (?:and|or|&) {_DAY},? (?P<year>{_YEAR})\b".replace(" ", r"[^\S\n]+"), re.I)
_PAIRED_DAY_LEAD = re.compile(rf"(?P<month>{_MONTH}) {_DAY} (?:and|or|&) $".replace(" ", r"[^\S\n]+"), re.I)
_PAIRED_DAY_TRAIL = re.compile(
    rf"(?:to|and|or|&|until|till|through) {_DAY} (?:of )?(?P<month>{_MONTH})(?:,? (?P<year>{_YEAR}))?".replace(" ", r"[^\S\n]+"), re.I
)


def _pair_of(m: re.Match, text: str) -> re.Match | None:
    """The other half of "April 24 and 25" (before the day) or "from 12 to 14 September" (after it)."""
    return _PAIRED_DAY_LEAD.search(text[max(0, m.start() - 24) : m.start()]) or _PAIRED_DAY_TRAIL.match(
        text[m.end() : m.end() + 48].lstrip()
    )


def _paired_day(m: re.Match, story: _Story):
    """The bare day of "April 24 and 25" or "12 to 14 September": its own date, in the other's month and year."""
    pair = _pair_of(m, story.text)
    month, day = _month_of(pair.group("month")), _day_of(m.group(0))
    pair_year = pair.groupdict().get("year")
    if m.group("pyear") or pair_year:
        year = int(m.group("pyear") or pair_year)
    elif story.dct is None:
        return DATE, None
    elif story.last_day and story.last_day.month == month:
        year = story.last_day.year
    else:
        year = _year_for(_month_span(month, day), story.dct, story.tense(m.start(), m.end()), story.slack(m.start(), m.end(), _DAY_SLACK))
    try:
        return DATE, _day(dt.date(year, month, day))
    except ValueError:
        return None


#: What may follow "on the 13th" that names a day: the end of a phrase, or a clause going on
#: ("On the 13th they signed"); never "and 20th", "floor" or "final day".
_ORDINAL_DAY_END = re.compile(r"[^\S\n]*(?:[.,;:)!?]|$|\n|(?:when|as|after|before|at|he|she|they|it|we|the|a|an)\b)", re.I)


def _accept_ordinal_day(m: re.Match, text: str) -> bool:
    """ "on the 13th" names a day; "the 13th floor" or "the 20th anniversary" does not."""
    before = text[max(0, m.start() - 7) : m.start()].lower().split()
    return before[-1:] in (["on"], ["by"], ["until"], ["since"]) and bool(m.group("omonth") or _ORDINAL_DAY_END.match(text, m.end()))


def _ordinal_day(m: re.Match, story: _Story):
    """ "on the 13th": that day of the month the story is in, on the tense's side of the DCT."""
    day = int(re.match(r"\d+", m.group("oday")).group())
    if story.dct is None:
        return DATE, None
    shift = {"last": -1, "next": 1}.get((m.group("omonth") or "").lower(), 0)
    latest, granularity = story.latest or (story.dct, "day")
    # The month of the paragraph's last date ("began on 3 March. Kim left on the 5th"),
    # else the DCT's: an older date further up is background, not the story's month.
    in_paragraph = story.latest_end is not None and "\n" not in story.text[story.latest_end : m.start()]
    if granularity in ("day", "month") and in_paragraph and not m.group("omonth"):
        year, month = latest.year, latest.month
    else:
        year, month = _shift_month(story.dct.year, story.dct.month, shift)
    tense = story.tense(m.start(), m.end())
    if not m.group("omonth") and (year, month) == (story.dct.year, story.dct.month):
        if tense == PAST and day > story.dct.day:
            year, month = _shift_month(year, month, -1)
        elif tense == FUTURE and day < story.dct.day:
            year, month = _shift_month(year, month, 1)
    if day > calendar.monthrange(year, month)[1]:  # "will leave on the 31st", in September
        year, month = _shift_month(year, month, -1 if tense == PAST else 1)
    try:
        return DATE, _day(dt.date(year, month, day))
    except ValueError:
        return None


def _with_clock(m: re.Match, day_value: str | None):
    """Add a clock time or part of day written around a date: "3 p.m. Tuesday", "Friday morning"."""
    groups = m.groupdict()
    if groups.get("clock"):
        clock = _clock_value(groups["clock"])
        return TIME, (f"{day_value}T{clock}" if day_value and clock else None)
    if groups.get("part"):
        return TIME, (f"{day_value}{_PARTS_OF_DAY[groups['part'].lower()]}" if day_value else None)
    return DATE, day_value


def _clock_value(text: str) -> str | None:
    text = text.lower().replace(" ", "")
    if text in ("noon", "midday"):
        return "12:00"
    if text == "midnight":
        return "24:00"
    m = re.match(r"(\d{1,2})(?:[:.](\d\d))?(a\.?m\.?|p\.?m\.?|o'clock)?", text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) and m.group(3).startswith("p") and hour < 12:
        hour += 12
    if m.group(3) and m.group(3).startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _iso(m: re.Match, story: _Story):
    year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if m.group("hh"):
        return TIME, f"{value}T{m.group('hh')}:{m.group('mm')}"
    return DATE, _day(value)


def _numeric(m: re.Match, story: _Story):
    """"9/14/2023", "14/09/2023", "13.09.2023": dotted dates are day first, slashed ones as the article writes them."""
    parsed = _parse_calendar_date(m.group(0), "DMY" if m.group("sep") == "." or story.day_first else "MDY")
    if parsed is None:
        return None
    return DATE, _day(dt.date(*parsed))


_NUMERIC = _compile(r"(?P<n1>[0-3]?\d)(?P<sep>[/.])(?P<n2>[0-3]?\d)(?P=sep)(?P<ny>\d{4}|\d\d)")


def reads_day_first(text: str, default: bool = False) -> bool:
    """Whether the slashed dates of ``text`` put the day first.

    "25/12/2023" in an article says they do and "12/25/2023" says they do not, so
    its "03/04/2023" is read the same way; with no such clue, ``default`` decides.
    """
    day_first = month_first = False
    for m in _NUMERIC.finditer(text):
        first, second = int(m.group("n1")), int(m.group("n2"))
        day_first |= first > 12 >= second
        month_first |= second > 12 >= first
    return day_first if day_first != month_first else default


def _month_year(m: re.Match, story: _Story):
    value = _month_value(_year_number(m.group("year")), _month_of(m.group("month")))
    return DATE, value


def _year_number(text: str) -> int:
    """1998 from "1998", "'98" or "nineteen ninety-eight"."""
    text = re.sub(r"\s+", " ", text.strip().lstrip("'").lower())
    if text.isdigit():
        if len(text) == 2:
            return 1900 + int(text) if int(text) > 30 else 2000 + int(text)
        return int(text)
    if text.startswith("two thousand"):
        rest = text[len("two thousand") :].replace(" and", "").strip()
        return 2000 + int(_number(rest) or 0)
    century, rest = text.split(" ", 1)
    rest = rest.replace("oh ", "")
    return int(_number(century)) * 100 + (0 if rest == "hundred" else int(_number(rest)))


def _bare_month(m: re.Match, story: _Story):
    """"September", "last May", "early next month"'s cousin "late November"."""
    month = _month_of(m.group("month"))
    mod = (m.group("rel") or "").lower()
    if story.dct is None:
        plain = not mod and not m.group("relyear") and story.written_year is not None
        return DATE, _month_value(story.written_year, month) if plain else None  # as a year-less day, above
    if mod in ("last", "this past", "past"):
        year = story.dct.year if month < story.dct.month else story.dct.year - 1
    elif mod in ("next", "this coming", "coming"):
        year = story.dct.year if month > story.dct.month else story.dct.year + 1
    elif mod == "this":
        year = story.dct.year
    elif m.group("relyear"):
        year = story.dct.year + {"last": -1, "next": 1, "this": 0}[m.group("relyear").lower()]
    else:
        year = _year_for(_month_span(month), story.dct, story.tense(m.start(), m.end()), story.slack(m.start(), m.end(), _MONTH_SLACK))
    return DATE, _month_value(year, month)


def _accept_bare_month(m: re.Match, text: str) -> bool:
    """"May", "March", "June" and "August" are also words and names: require a temporal cue."""
    if m.group("rel") or m.group("mod") or m.group("mod2") or m.group("relyear"):
        return True
    name = m.group("month").lower().rstrip(".")
    if name not in ("may", "march", "mar", "june", "jun", "august", "aug"):
        return True
    before = text[max(0, m.start() - 12) : m.start()].lower().split()
    if before[-1:] == ["the"] and _MONTH_AS_MODIFIER.match(text, m.end()):
        return True  # "the March accession", "the May elections"; not "the March of Dimes"
    return bool(before) and before[-1] in ("in", "since", "until", "till", "by", "through", "from", "to", "during", "before", "after", "of", "and", "or", "between", "early", "late", "mid", "each", "every", "last", "next", "this")


#: A month before a common noun is its date; before "of" or "government" it is a name.
_MONTH_AS_MODIFIER = re.compile(
    r"[^\S\n]+(?!(?:of|on|to|for|through|against|past|in|and|government|administration|cabinet|ministry|era|years|family|premiership)\b)[a-z]{3,}\b"
)


def _year(m: re.Match, story: _Story):
    return DATE, str(_year_number(m.group("year")))


def _accept_year(m: re.Match, text: str) -> bool:
    """A 4-digit number is a year unless it is money, a quantity of something, or an index level."""
    if m.group("lead"):
        return True
    before = text[max(0, m.start() - 3) : m.start()]
    after = text[m.end() : m.end() + 14]
    if re.search(r"(?<![\d,.])(?:1[5-9]|20)\d\d,[^\S\n]*$", text[max(0, m.start() - 8) : m.start()]):
        return True  # a list of years: "in 1994, 1995 and 1997"
    if re.search(r"[\d,.$£€#]\s*$", before) or re.match(r"\s*(?:%|percent\b|per\b|points?\b|[a-z]*-?(?:ton|share|people|barrel|unit|car|mile|feet|foot|meter|metre|pound|dollar|yen|mark|troop|soldier|member|worker|job|employee|student|vote|seat|home|house|copie|case|kilometer|acre|room)s?\b)", after, re.I):
        return False
    return int(m.group("year")) >= 1500 or _after_year_cue(m, text)


def _after_year_cue(m: re.Match, text: str) -> bool:
    return bool(re.search(r"\b(?:in|since|until|by|from|of|to|during|before|after)\s+$", text[max(0, m.start() - 8) : m.start()], re.I))


def _the_year(m: re.Match, story: _Story):
    """"the year", "the full year", "the fiscal year": a duration when it ends somewhere ("the year ended
    Sept. 30") or lasts ("throughout the year"), else the year of publication."""
    after = story.text[m.end() : m.end() + 12].lower()
    before = story.text[max(0, m.start() - 12) : m.start()].lower()
    if re.match(r"\s+(?:ended|ending|to date)\b", after) or re.search(r"\b(?:throughout|during|over)\s+$", before):
        return DURATION, "P1Y"
    return DATE, (str(story.dct.year) if story.dct else None)


def _decade(m: re.Match, story: _Story):
    text = re.sub(r"['’]", "", m.group("decade").lower())
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}
    if text.rstrip("s").isdigit():
        digits = text.rstrip("s")
        if len(digits) == 4:
            return DATE, digits[:3]
        return DATE, ("19" if int(digits) > 30 else "20") + digits[0]
    return DATE, f"19{words[text]}"


def _century(m: re.Match, story: _Story):
    rel = (m.group("crel") or "").lower()
    if rel:
        if story.dct is None:
            return DATE, None
        return DATE, f"{story.dct.year // 100 + {'this': 0, 'last': -1, 'next': 1, 'the last': -1, 'the next': 1, 'the current': 0}[rel]:02d}"
    ordinal = m.group("cnum").lower()
    number = _ORDINALS.get(ordinal) or int(re.match(r"\d+", ordinal).group())
    return DATE, f"{number - 1:02d}"


def _quarter(m: re.Match, story: _Story):
    """"the third quarter", "fourth-quarter", "the first half of 1990", "the latest quarter"."""
    ordinal = (m.group("qnum") or "").lower()
    letter = "H" if m.group("qunit").lower() == "half" else "Q"
    year_text = m.group("qyear") or m.group("qyear2") or m.group("qyear0")
    det = (m.group("qdet") or "").lower()
    rel = (m.group("qrel") or "").lower()
    year_ago = rel in ("year-ago", "year-earlier", "year ago", "comparable", "corresponding") or det == "last year's"
    if year_text:
        year = int(year_text)
    elif story.dct is None:
        return DATE, None
    elif det == "next year's":
        year = story.dct.year + 1
    elif year_ago:
        year = (story.last_quarter[0] if story.last_quarter else story.dct.year) - 1
    elif det == "this year's":
        year = story.dct.year
    else:
        year = story.dct.year
    if ordinal:
        number = _ORDINALS[ordinal]
        if letter == "Q" and number > 4 or letter == "H" and number > 2:
            return None
        if not year_text and not det and not rel and letter == "Q" and story.dct and (year, number) > _quarter_of(story.dct) and story.tense(m.start(), m.end()) == PAST:
            year -= 1
        return DATE, f"{year}-{letter}{number}", not year_ago
    if story.dct is None:
        return DATE, None
    if letter == "H":
        return DATE, f"{story.dct.year}-H{1 if story.dct.month <= 6 else 2}"
    # "the quarter", "the latest quarter", "the year-ago period": the story's quarter, else the last complete one.
    current = _quarter_of(story.dct)
    if year_text:
        # "the 1988 quarter": the story's quarter of that year; "the 1988 period" outside a
        # story about a quarter is that year.
        if m.group("qunit").lower() == "period" and not story.last_quarter:
            return DATE, str(int(year_text)), False
        return DATE, f"{int(year_text)}-Q{(story.last_quarter or _shift_quarter(*current, -1))[1]}", False
    if rel in ("this", "current"):
        y, q = current
    elif rel == "latest":
        y, q = _shift_quarter(*current, -1)
    elif rel in ("next", "coming", "following"):
        y, q = _shift_quarter(*current, 1)
    elif rel in ("last", "previous", "prior", "preceding"):
        y, q = _shift_quarter(*(story.last_quarter or current), -1)
    else:
        y, q = story.last_quarter or _shift_quarter(*current, -1)
        if year_ago:
            y -= 1
    return DATE, f"{y}-Q{q}", not year_ago


def _quarter_code(m: re.Match, story: _Story):
    """Financial shorthand: "Q3", "Q3 2023", "H1 FY24"."""
    code = m.group("code").upper()
    if m.group("cyear"):
        year = _year_number(re.sub(r"(?i)fy\s*", "", m.group("cyear")))
    elif story.dct is None:
        return DATE, None
    else:
        year = story.dct.year
        if code[0] == "Q" and (year, int(code[1])) > _quarter_of(story.dct) and story.tense(m.start(), m.end()) == PAST:
            year -= 1
    return DATE, f"{year}-{code}"


def _accept_quarter(m: re.Match, text: str) -> bool:
    """"the third quarter", "the quarter", "the year-ago period"; not "a period" or "half"."""
    unit = m.group("qunit").lower()
    if m.group("qnum") or m.group("qyear") or m.group("qyear2") or m.group("qyear0"):
        # "the 1988 period" is a results period; "a 1988 period" or "first period" is not.
        return unit != "period" or bool(m.group("qyear0") and (m.group("qdet") or "").lower() == "the" and not m.group("qnum"))
    if m.group("qrel"):
        return True
    return unit == "quarter" and bool(m.group("qdet"))


def _season(m: re.Match, story: _Story):
    """"this summer", "last winter", "the summer of 2019"; winter 2022 runs from December 2022."""
    season = _SEASONS[m.group("season").lower()]
    rel = (m.group("srel") or "").lower()
    if m.group("syear"):
        return DATE, f"{_year_number(m.group('syear'))}-{season}"
    if story.dct is None:
        return DATE, None
    dct = story.dct

    def span_of(year: int) -> tuple[dt.date, dt.date]:
        first, last, _ = value_range(f"{year}-{season}")
        return first, last

    years = (dct.year - 2, dct.year - 1, dct.year, dct.year + 1)
    if rel in ("last", "this past", "past"):
        year = max(y for y in years if span_of(y)[1] < dct)
    elif rel in ("next", "this coming", "coming"):
        year = min(y for y in years if span_of(y)[0] > dct)
    elif rel == "this":
        year = next((y for y in years if span_of(y)[0] <= dct <= span_of(y)[1]), dct.year)
    else:
        year = _year_for(span_of, dct, story.tense(m.start(), m.end()), 0)
    return DATE, f"{year}-{season}"


def _weekend(m: re.Match, story: _Story):
    """"the weekend": the one before a past-tense clause, after a future one."""
    if story.dct is None:
        return DATE, None
    saturday = _closest_weekday(5, story.dct, story.tense(m.start(), m.end()))
    return DATE, _week_value(saturday) + "-WE"


def _weekday(m: re.Match, story: _Story):
    """"Wednesday", "last Friday", "Sunday night": anchored by the clause's tense."""
    weekday = _WEEKDAYS[m.group("weekday").lower()]
    rel = (m.group("wrel") or "").lower()
    if story.dct is None:
        return _with_clock(m, None)
    if m.group("wweek"):
        # "as of Tuesday last week": that weekday of the week named
        monday = story.dct - dt.timedelta(days=story.dct.weekday())
        day = monday + dt.timedelta(days=weekday + 7 * {"last": -1, "this": 0, "next": 1}[m.group("wweek").lower()])
    elif rel in ("the previous", "the following"):
        # Anaphoric: "down 4.5% from the previous Friday" counts from the story's last day.
        base = story.reference_day
        step = -((base.weekday() - weekday) % 7 or 7) if rel == "the previous" else (weekday - base.weekday()) % 7 or 7
        day = base + dt.timedelta(days=step)
    elif rel in ("last", "this past"):
        day = story.dct - dt.timedelta(days=(story.dct.weekday() - weekday) % 7 or 7)
    elif rel in ("next", "this coming"):
        day = story.dct + dt.timedelta(days=(weekday - story.dct.weekday()) % 7 or 7)
    elif re.search(r"\b(?:until|till)\s+$", story.text[max(0, m.start() - 7) : m.start()], re.I):
        # "extended its deadline until Tuesday": the clause's tense says when the extending
        # happened, not when the deadline falls; a deadline moved ("postponed", "gave them until")
        # is still ahead, any other "until" takes the nearest such day ("Until Thursday, they had not").
        day = _closest_weekday(weekday, story.dct, FUTURE if story.governor(m.start(), m.end()) in DEADLINE_VERBS else PRESENT)
    else:
        tense = story.tense(m.start(), m.end())
        if story.starts_an_infinitive(m.start(), m.end()):
            tense = FUTURE  # "ordered all schools to close from Monday": the closing is ahead of the order
        if tense == PRESENT and re.match(r"['’]s\b", story.text[m.end() : m.end() + 3]):
            # "a premium over Thursday's closing price", "the GM move follows Tuesday's declaration":
            # a day named as the owner of a reported event is behind us (all 20 in the training data).
            tense = PAST
        day = _closest_weekday(weekday, story.dct, tense)
    return _with_clock(m, _day(day))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return dt.date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month; n = -1 is the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


#: Named days, each a function from a year to its date.
_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "st. patrick's day": lambda y: dt.date(y, 3, 17),
    "may day": lambda y: dt.date(y, 5, 1),
    "independence day": lambda y: dt.date(y, 7, 4),
    "bastille day": lambda y: dt.date(y, 7, 14),
    "halloween": lambda y: dt.date(y, 10, 31),
    "veterans day": lambda y: dt.date(y, 11, 11),
    "armistice day": lambda y: dt.date(y, 11, 11),
    "remembrance day": lambda y: dt.date(y, 11, 11),
    "easter": _easter,
    "easter sunday": _easter,
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 0, 3),
    "presidents day": lambda y: _nth_weekday(y, 2, 0, 3),
    "presidents' day": lambda y: _nth_weekday(y, 2, 0, 3),
    "columbus day": lambda y: _nth_weekday(y, 10, 0, 2),
    "mother's day": lambda y: _nth_weekday(y, 5, 6, 2),
    "father's day": lambda y: _nth_weekday(y, 6, 6, 3),
}
_HOLIDAY_NAMES = "|".join(
    re.escape(name).replace("\\ ", " ").replace("'", "['’]").replace(r"\.", r"\.") for name in sorted(_HOLIDAYS, key=len, reverse=True)
)


def _holiday(m: re.Match, story: _Story):
    """"Thanksgiving Day", "last Christmas", "Easter week", "Christmas 1998"."""
    name = re.sub(r"\s+", " ", m.group("holiday").lower()).replace("’", "'")
    rel = (m.group("hrel") or "").lower()
    date_of = _HOLIDAYS[name]
    if m.group("hyear"):
        year = int(m.group("hyear"))
    elif story.dct is None:
        return DATE, None
    else:
        tense = PAST if rel in ("last", "this past") else FUTURE if rel in ("next", "this coming") else story.tense(m.start(), m.end())
        year = _year_for(lambda y: (date_of(y), date_of(y)), story.dct, tense, 0 if rel else story.slack(m.start(), m.end(), _DAY_SLACK))
    day = date_of(year)
    if m.group("hweek"):
        return DATE, _week_value(day)
    return DATE, _day(day)


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}


#: "today's world", "many of today's computers": today as "nowadays", which news annotators leave out.
_GENERIC_TODAY = re.compile(
    r"today['’]s[^\S\n]+(?:world|society|youth|young|generation|generations|children|kids|standards|economy|consumers|families|teenagers|students)\b",
    re.I,
)


def _is_title(m: re.Match, text: str) -> bool:
    """A programme or paper named like a time: ABC's "This Week", "VOA Today", "USA Today"."""
    words = m.group(0).split()
    if not all(w[:1].isupper() for w in words):
        return False
    before = text[max(0, m.start() - 30) : m.start()]
    # One capitalised word after a quote opens a sentence (``Today, I'm here''); two name something.
    if len(words) > 1 and re.search(r"[\"“`‘][^\S\n]*$", before) or re.search(r"(?-i:\b[A-Z]{2,}(?:['’]s)?)[^\S\n]+$", before):
        return True
    # "told Karsland Today", "said in an interview with Karsland Today": a name one speaks to
    # runs into it (not "talks resume in Geneva Tomorrow").
    name = re.search(r"(?-i:\b(?:told|to|with|by|from)[^\S\n]+([A-Z][a-z]+))[^\S\n]+$", before)
    return bool(name) and not re.fullmatch(rf"(?i:{_WEEKDAY}|{_MONTH})", name.group(1))


def _of_tomorrow(m: re.Match, text: str) -> bool:
    """ "the people of tomorrow", "the youth of today": the age, not the day."""
    return (
        m.group(0).lower() in ("today", "tomorrow")
        and bool(re.search(r"\bof[^\S\n]+$", text[max(0, m.start() - 4) : m.start()], re.I))
        and not re.match(r"['’]s\b", text[m.end() : m.end() + 3])
    )


def _relative_day(m: re.Match, story: _Story):
    """"yesterday", "today", "late yesterday", "tomorrow morning", "last night", "this morning"."""
    word = re.sub(r"\s+", " ", m.group("rday").lower())
    if story.dct is None:
        return (TIME if m.groupdict().get("part") or m.groupdict().get("clock") else DATE), None
    if word in ("last night",):
        return TIME, _day(story.dct - dt.timedelta(days=1)) + "TNI"
    if word.startswith(("this ", "early this ", "late this ", "later this ", "earlier this ")) and word.split()[-1] in _PARTS_OF_DAY:
        return TIME, _day(story.dct) + _PARTS_OF_DAY[word.split()[-1]]
    day = story.dct + dt.timedelta(days=_RELATIVE_DAYS[word])
    if m.group("lpart") and not m.group("clock"):
        # "mid-afternoon yesterday"
        return TIME, _day(day) + _PARTS_OF_DAY[m.group("lpart").lower()]
    return _with_clock(m, _day(day))


def _anaphoric_day(m: re.Match, story: _Story):
    """"the day before", "the next day", "that night": relative to the last day the story anchored."""
    phrase = re.sub(r"\s+", " ", m.group(0).lower())
    base = story.reference_day
    if base is None:
        return DATE, None
    if phrase in ("that day", "that same day", "the same day") and story.month_is_latest:
        # "killed last October ... crossed out that same day": a day of that month, which one unsaid.
        return DATE, _month_value(*story.last_month) + "-XX", False
    if phrase == "the day":
        # "the day before the plunge": TimeML tags "the day"; after a date and a comma it is
        # that date ("Oct. 12, the day before the plunge"), else a day from the story's day.
        apposition = re.search(r",[^\S\n]*$", story.text[max(0, m.start() - 3) : m.start()])
        step = 0 if apposition else (-1 if story.text[m.end() :].lstrip().lower().startswith("before") else 1)
        day = base + dt.timedelta(days=step)
    elif re.search(r"before|previous|prior|earlier", phrase) and not phrase.startswith("earlier"):
        day = base - dt.timedelta(days=1)
    elif re.search(r"next|following|after|later", phrase) and not phrase.startswith("later"):
        day = base + dt.timedelta(days=1)
    else:
        day = base
    part = next((code for word, code in _PARTS_OF_DAY.items() if phrase.endswith(word)), None)
    if part:
        return TIME, _day(day) + part
    return DATE, _day(day)


def _relative_period(m: re.Match, story: _Story):
    """"last week", "this year", "next month", "earlier this year", "the following year", "year-end"."""
    rel = re.sub(r"\s+", " ", m.group("prel").lower())
    unit = m.group("punit").lower().replace("fiscal ", "")
    if story.dct is None:
        return DATE, None
    offset = 0
    if re.search(r"\b(last|past|previous|prior|preceding)\b", rel):
        offset = -1
    elif re.search(r"\b(next|coming|following)\b", rel):
        offset = 1
    anaphoric = re.search(r"\b(that|the following|the previous|the preceding|the prior|the same)\b", rel)
    if unit == "year":
        if rel == "last" and story.last_quarter and _compares_figures(m, story.text):
            # "earnings of $24 million, compared with a loss of $3 million last year": in a
            # story about a quarter, the figure compared is that quarter's a year before.
            return DATE, f"{story.last_quarter[0] - 1}-Q{story.last_quarter[1]}", False
        base = story.last_year if anaphoric and story.last_year else story.dct.year
        return DATE, str(base + offset)
    if unit == "month":
        base = story.last_month if anaphoric and story.last_month else (story.dct.year, story.dct.month)
        return DATE, _month_value(*_shift_month(*base, offset))
    if unit in ("week", "weekend"):
        base = story.last_day if anaphoric and story.last_day else story.dct
        day = base + dt.timedelta(weeks=offset)
        return DATE, _week_value(day) + ("-WE" if unit == "weekend" else "")
    if unit == "decade":
        return DATE, str(story.dct.year // 10 + offset)
    return None


def _compares_figures(m: re.Match, text: str) -> bool:
    """ "compared with $3 million last year", "from last year's $1.55 billion": a result set against its past."""
    before = text[max(0, m.start() - 60) : m.start()]
    after = text[m.end() : m.end() + 8]
    if re.match(r"['’]s[^\S\n]+(?:[$£€]|\d)", after):
        return bool(re.search(r"\b(?:from|with|against|versus|over)[^\S\n]+$", before))
    return bool(re.search(r"\b(?:compared with|compared to|from|versus|against)\b[^.;]*(?:[$£€]\d|\d%|\d[^\S\n]+(?:cents|million|billion))[^.;]*$", before))


def _ago(m: re.Match, story: _Story):
    """"two years ago", "a year earlier", "three days later": shifted from the DCT (or the story)."""
    count = _number(m.groupdict().get("acount") or "one")
    unit = m.group("aunit").lower().rstrip("s")
    direction = m.group("adir").lower().replace("ago", "earlier") if m.group(0).lower().startswith("year-") else m.group("adir").lower()
    if story.dct is None:
        return DATE, None
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    base = story.dct
    if direction not in ("ago", "from now", "hence"):
        # "One year later" counts from the story's last year ("in 1984"), even when an older
        # day ("born on February 24, 1955") is the last day it named; days count from that day.
        base = story.reference_day or story.dct
        latest, granularity = story.latest or (base, "day")
        if unit in ("month", "quarter") and granularity == "year":
            return DATE, str(latest.year), False  # "in 1984 ... two months later": some time in 1984
        if unit in ("year", "decade", "centurie", "century", "month", "quarter"):
            base = latest
    if count is None:
        return DATE, "PAST_REF" if sign < 0 else "FUTURE_REF"
    if count != int(count):
        return DATE, "PAST_REF" if sign < 0 else "FUTURE_REF"
    n = int(count) * sign
    if unit == "day":
        return DATE, _day(base + dt.timedelta(days=n))
    if unit in ("week", "weekend"):
        return DATE, _week_value(base + dt.timedelta(weeks=n))
    if unit == "month":
        return DATE, _month_value(*_shift_month(base.year, base.month, n))
    if unit == "quarter":
        return DATE, "{}-Q{}".format(*_shift_quarter(*_quarter_of(base), n))
    if unit == "year":
        # In a story about a quarter, "a year earlier" is that quarter a year before.
        if story.last_quarter and direction in ("earlier", "ago", "before") and abs(n) == 1:
            return DATE, f"{story.last_quarter[0] - 1}-Q{story.last_quarter[1]}", False
        return DATE, str(base.year + n)
    if unit == "decade":
        return DATE, str((base.year + 10 * n) // 10)
    if unit in ("centurie", "century"):
        return DATE, str((base.year + 100 * n) // 100)
    if unit in ("hour", "minute", "second"):
        return TIME, None
    return None


def _period_edge(m: re.Match, story: _Story):
    """"year-end", "the end of the year", "the end of the month": the period itself."""
    unit = (m.group("eunit") or "year").lower()
    if story.dct is None:
        return DATE, None
    if "year" in unit:
        return DATE, str(story.dct.year)
    if "month" in unit:
        return DATE, _month_value(story.dct.year, story.dct.month)
    return DATE, _week_value(story.dct)


def _vague(m: re.Match, story: _Story):
    phrase = re.sub(r"\s+", " ", m.group(0).lower())
    if phrase == "soon" and story.tense(m.start(), m.end()) == PAST:
        # "he was soon released": soon after a past event, no future of the publication.
        return None
    if re.search(r"future|coming|soon|ahead|later date|near term|short term|long term|years to come", phrase):
        return DATE, "FUTURE_REF"
    if re.search(r"past|recent|previous|formerly|earlier|once|ago|history", phrase):
        return DATE, "PAST_REF"
    return DATE, "PRESENT_REF"


def _accept_vague(m: re.Match, text: str) -> bool:
    """Not "the past three months" (a duration), "as soon as" or "soon after" (a relation)."""
    phrase = m.group(0).lower()
    after = text[m.end() : m.end() + 30]
    if phrase == "the past":
        return not re.match(r"[^\S\n]+(?:\d|[a-z]+ (?:years?|months?|weeks?|days?|decades?|quarters?|hours?|century|summers?|winters?)\b)", after, re.I)
    if phrase == "soon":
        return not re.match(r"[^\S\n]+(?:after|as|before)\b", after, re.I) and not text[max(0, m.start() - 3) : m.start()].lower().endswith("as ")
    before = text[max(0, m.start() - 6) : m.start()]
    if phrase == "now" and after.startswith(",") and re.search(r"(?:^|[.!?:;]['\"`’”]*[^\S\n]+|\n|['\"`“‘]+)$", before):
        # "Now, he says, ...": a discourse marker opening a sentence, not a time.
        return False
    if phrase == "recently" and before.lower().endswith("most "):
        # "most recently last October": the latest of several occasions, dated by what follows.
        return False
    if phrase == "the future":
        # "the future of our peoples": a fate, not a time.
        return not re.match(r"[^\S\n]+of\b", after)
    return True


def _duration_rule(m: re.Match, story: _Story):
    """"three days", "more than 20 years", "two to three weeks" (a range: the count is vague),
    "a minute and a half"."""
    count = None if m.group("drange") else _number(m.group("dcount"))
    if count is not None and m.group("dhalf"):
        count += 0.5
    return DURATION, _duration(count, m.group("dunit"))


def _plural_duration(m: re.Match, story: _Story):
    return DURATION, _duration(None, m.group("vunit"))


def _set_rule(m: re.Match, story: _Story):
    word = re.sub(r"\s+", " ", m.group(0).lower())
    simple = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
              "hourly": "PT1H", "biweekly": "P2W", "semiannually": "P6M"}
    if word in simple:
        return SET, simple[word]
    target = word.split()[-1].rstrip("s")
    if word.split()[0] in _WEEKDAYS and target in _PARTS_OF_DAY:
        # "Tuesday nights"
        return SET, f"XXXX-WXX-{_WEEKDAYS[word.split()[0]] + 1}{_PARTS_OF_DAY[target]}"
    if target in _WEEKDAYS:
        return SET, f"XXXX-WXX-{_WEEKDAYS[target] + 1}"
    if target.rstrip(".") in _MONTHS:
        return SET, f"XXXX-{_MONTHS[target.rstrip('.')]:02d}"
    if target in _PARTS_OF_DAY:
        return SET, f"XXXX-XX-XX{_PARTS_OF_DAY[target]}"
    if target in _SEASONS:
        return SET, f"XXXX-{_SEASONS[target]}"
    count = 2 if " other " in f" {word} " else 1
    return SET, _duration(count, target)


def _clock_rule(m: re.Match, story: _Story):
    """"3 p.m.", "10:35 a.m. EDT", "noon Saturday": the day is the DCT's unless written."""
    clock = _clock_value(m.group("clock"))
    if clock is None:
        return None
    if story.dct is None:
        return TIME, None
    return TIME, f"{_day(story.reference_day or story.dct)}T{clock}"


_CLOCK_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _hour_in_part(m: re.Match, story: _Story):
    """"4 in the morning", "eight in the evening", "11 at night": a clock time read with its part of day."""
    hour_text = m.group("hour").lower()
    hour = _CLOCK_WORDS.get(hour_text) or int(hour_text)
    part = (m.group("hpart") or m.group("hpart2")).lower()
    if hour < 12 and (part in ("afternoon", "evening") or (part == "night" and hour >= 6)):
        hour += 12
    if part == "morning" and hour == 12:
        hour = 0
    if story.dct is None:
        return TIME, None
    return TIME, f"{_day(story.reference_day or story.dct)}T{hour:02d}:{m.group('minute') or '00'}"


def _part_of_day(m: re.Match, story: _Story):
    """"Wednesday morning" is handled with weekdays; this is "that morning", "the evening", "overnight"."""
    if story.dct is None:
        return TIME, None
    part = _PARTS_OF_DAY[m.group("opart").lower()]
    return TIME, _day(story.reference_day or story.dct) + part


#: What a rate is counted in: "four flights a week", "$500 million a year", "$55 a night".
_RATE_AMOUNT = re.compile(
    rf"(?:[\d$£€#][\d,.]*|\b{_NUMBER_WORD}|\b(?:thousand|million|billion))(?:[^\S\n]+(?:thousand|million|billion|trillion))?(?:[^\S\n]+[a-z]+)?[^\S\n]+$",
    re.I,
)


def _accept_duration(m: re.Match, text: str) -> bool:
    """Not an age ("52 years old"), a rate ("$2 million a year"), "a second time" or a fraction ("three-quarters of")."""
    after = text[m.end() : m.end() + 6].lower()
    if _FOLLOWING_NOUN_STOP.match(after) or re.match(r"[^\S\n]*[- ]old\b", after):
        return False
    count, unit = m.group("dcount").lower(), m.group("dunit").lower()
    if m.group("drange") and re.fullmatch(r"(?:1[5-9]|20)\d\d", count):
        return False  # "sentenced in 2021 to a year in prison": a year, then a duration
    fraction = count in ("a", "an") or "-" in m.group(0)
    if unit.startswith("quarter") and fraction and after.lstrip().startswith("of"):
        return False
    if count in ("a", "an") and (unit == "second" or _RATE_AMOUNT.search(text, max(0, m.start() - 40), m.start())):
        # A rate is left out, as news annotators do; "three times a week" is a set (see set-rate).
        return False
    if count in ("a", "an") and (unit.endswith("s") or m.group(0).lower().endswith("long")):
        # "a decades-long battle", "a day-long meeting": the article is the noun's; "day-long" alone is the timex.
        return False
    return True


def _accept_plural_duration(m: re.Match, text: str) -> bool:
    """Bare "years" is a duration after "for", "in", "over", "within" ("for years"); "recent days"
    is a vague duration anywhere, as TimeBank mostly has it (bare "days" and "quarters" are too vague)."""
    phrase = re.sub(r"\s+", " ", m.group(0).lower())
    if phrase.split()[0] in ("the", "recent") and len(phrase.split()) > 1 and phrase.split()[-1] not in ("ahead", "come"):
        return phrase.startswith(("the past", "the last", "the next", "the coming", "recent"))
    if m.group("vunit").lower() in ("days", "quarters"):
        return False
    before = text[max(0, m.start() - 10) : m.start()].lower().split()
    return bool(before) and before[-1] in ("in", "over", "within", "for") and not re.match(r"[^\S\n]+(?:of|ago|old|earlier|later)\b", text[m.end() : m.end() + 9])


# --- the rules ----------------------------------------------------------------------------

_CLOCK_LEAD = rf"(?:(?P<clock>{_CLOCK})(?: {_ZONE})?,? )?"
_PART_TAIL = rf"(?: (?P<part>{_PART}))?"

_RULES: tuple[_Rule, ...] = (
    _Rule("iso", _compile(r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<hh>[0-2]\d):(?P<mm>[0-5]\d)(?::\d\d)?Z?)?"), _iso),
    _Rule("numeric", _NUMERIC, _numeric, lambda m, text: m.group("sep") == "/" or len(m.group("ny")) == 4),
    _Rule(
        "calendar",
        _compile(
            rf"(?:(?P<weekof>the week of) )?{_CLOCK_LEAD}(?:{_WEEKDAY},? )?(?:(?:the )?(?P<day2>{_DAY})(?:[-–]{_DAY})? (?:of )?(?P<month2>{_MONTH})|(?P<month>{_MONTH}) (?:the )?(?P<day>{_DAY})(?:[-–]{_DAY})?(?![:.,]?\d))(?:,? (?P<year>{_YEAR}))?{_PART_TAIL}"
        ),
        _calendar,
    ),
    _Rule("ordinal-day", _compile(r"the (?P<oday>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))(?: of (?P<omonth>this|last|next) month)?"), _ordinal_day, _accept_ordinal_day),
    _Rule("paired-day", _compile(rf"{_DAY}(?:,? (?P<pyear>{_YEAR}))?"), _paired_day, lambda m, text: _pair_of(m, text) is not None),
    _Rule("month-year", _compile(rf"(?:(?:early|late|mid-?|the end of|the beginning of|the middle of|the start of) )?(?P<month>{_MONTH}),? (?:of )?(?P<year>{_YEAR}|{_SHORT_YEAR}|{_SPELLED_YEAR})"), _month_year),
    _Rule(
        "month",
        _compile(rf"(?:(?P<mod>early|late|mid)[- ]|(?P<mod2>the end of|the beginning of|the middle of|the start of|around|the first week of) )?(?:(?P<rel>last|next|this|this past|this coming|past|coming) )?(?P<month>{_MONTH_NAME}|(?-i:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.)(?! ?\d)(?: (?:of )?(?P<relyear>last|this|next) year)?"),
        _bare_month,
        _accept_bare_month,
    ),
    _Rule(
        "spelled-year",
        _compile(rf"(?P<lead>the year )?(?P<year>{_SPELLED_YEAR})"),
        _year,
        lambda m, text: bool(m.group("lead")) or not m.group("year").lower().startswith("two thousand") or _after_year_cue(m, text),
    ),
    _Rule(
        "the-year",
        _compile(r"the (?:full |fiscal |calendar )?year(?! (?:ago|earlier|before|after|later|to come))"),
        _the_year,
    ),
    _Rule(
        "year",
        _compile(rf"(?:(?P<lead>(?:the )?(?:fiscal|calendar|early|late|mid-?|the end of|the start of|the beginning of|the middle of|the year|post-|pre-)) ?)?(?P<year>{_YEAR})(?: and beyond| or later)?"),
        _year,
        _accept_year,
    ),
    _Rule(
        "decade",
        _compile(r"(?:the )?(?:(?:early|mid-?|late) ?)?(?P<decade>(?:1[0-9]|20)\d0['’]?s|['’]\d0s|\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"),
        _decade,
        lambda m, text: not re.search(r"\b(?:his|her|their|my|our|your|its)(?:\s+(?:early|mid|late))?[\s-]*$", text[max(0, m.start() - 16) : m.start()], re.I),
    ),
    _Rule("century", _compile(r"(?:the )?(?:(?P<cnum>(?:1\d|2[01]|[1-9])(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)|(?P<crel>this|last|next|the last|the next|the current)) century"), _century),
    _Rule(
        "quarter",
        _compile(
            rf"(?:(?P<qdet>the|this year's|last year's|next year's) (?![a-z0-9]+-(?:fiscal-)?(?:quarter|half)))?(?:(?P<qrel>latest|current|same|comparable|year-ago|year-earlier|year ago|previous|prior|preceding|this|last|next|coming|following|corresponding)[- ]?)?(?:(?:(?P<qyear0>{_YEAR})|fiscal|calendar|year-ago|year-earlier) )*(?:(?P<qnum>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal )?)?(?P<qunit>quarter|half|period)(?: (?:of|in) (?:fiscal )?(?P<qyear>{_YEAR}))?(?:,? (?P<qyear2>{_YEAR}))?"
        ),
        _quarter,
        _accept_quarter,
    ),
    _Rule(
        "quarter-code",
        _compile(rf"(?P<code>(?-i:Q[1-4]|H[12]))(?:[- ]?(?P<cyear>{_YEAR}|'\d\d|(?-i:FY) ?\d\d))?"),
        _quarter_code,
    ),
    _Rule("fiscal-code", _compile(rf"(?-i:FY) ?(?P<fyear>{_YEAR}|'?\d\d)"), lambda m, s: (DATE, str(_year_number(m.group("fyear").replace("'", ""))))),
    _Rule(
        "season",
        _compile(rf"(?:(?P<srel>this|last|next|this past|this coming|the|early|late|the early|the late|mid-?) )?(?P<season>spring|summer|fall|autumn|winter)(?: (?:of )?(?P<syear>{_YEAR}|{_SPELLED_YEAR}))?"),
        _season,
        lambda m, text: bool(m.group("syear") or (m.group("srel") and (m.group("srel").lower() != "the" or m.group("season").lower() in ("summer", "winter", "autumn")))),
    ),
    _Rule(
        "holiday",
        _compile(rf"(?:(?P<hrel>last|next|this|this past|this coming) )?(?P<holiday>{_HOLIDAY_NAMES})(?P<hweek> week)?(?:,? (?P<hyear>{_YEAR}))?"),
        _holiday,
        lambda m, text: m.group("holiday")[0].isupper(),
    ),
    _Rule(
        "weekday",
        _compile(rf"{_CLOCK_LEAD}(?:(?P<wrel>last|next|this|this past|this coming|the previous|the following) )?(?P<weekday>{_WEEKDAY}){_PART_TAIL}(?: (?:of )?(?P<wweek>last|next|this) week\b)?"),
        _weekday,
    ),
    _Rule(
        "relative-day",
        _compile(rf"{_CLOCK_LEAD}(?:(?:early |late |mid-?)?(?P<lpart>morning|afternoon|evening) (?=yesterday|today|tomorrow))?(?:(?:early|late|earlier|later) )?(?P<rday>the day before yesterday|the day after tomorrow|yesterday|today|tonight|tomorrow|last night|(?:early |late |later |earlier )?this (?:morning|afternoon|evening))(?! night){_PART_TAIL}"),
        _relative_day,
        lambda m, text: not _GENERIC_TODAY.match(text, m.start()) and not _is_title(m, text) and not _of_tomorrow(m, text),
    ),
    _Rule(
        "anaphoric-day",
        _compile(r"(?:(?:earlier|later) )?(?:the day(?=[^\S\n]+(?:before|after)[^\S\n]+[a-z])(?![^\S\n]+(?:before|after)[^\S\n]+[a-z]+ing\b)|(?:the day before|the day after)(?![^\S\n]+[a-z])|the previous day|the next day|the following day|the prior day|that day|that same day|the same day|that night|that morning|that afternoon|that evening|the night before|the next morning|the following morning|the previous night|the previous evening|the next night)"),
        _anaphoric_day,
    ),
    _Rule(
        "relative-period",
        _compile(r"(?P<prel>(?:(?:early|late|earlier|later|mid|sometime|at the end of|the end of) )?(?:this past|this coming|last|next|this|the past|the coming|the previous|the following|the current|the same|that|the last|the preceding|the prior|the latest|the next|earlier in the|later in the)) (?P<punit>(?:fiscal )?year|month|week|weekend|decade)(?! (?:or|and) \w)"),
        _relative_period,
        lambda m, text: not (re.match(r"[^\S\n]+of\b", text[m.end() : m.end() + 4]) and m.group("prel").lower().startswith(("the", "that"))) and not _is_title(m, text),
    ),
    _Rule("period-edge", _compile(r"(?:the end of (?P<eunit>the year|the month|this year|this month|the week|this week)|year[- ]end|year's end)"), _period_edge),
    _Rule(
        "ago",
        _compile(rf"(?:(?:nearly|almost|some|more than|less than|at least) )?(?P<acount>{_COUNT}) (?P<aunit>{_UNIT})(?: or so)? (?P<adir>ago|earlier|later|before|after|from now|hence)"),
        _ago,
        lambda m, text: m.group("adir").lower() not in ("before", "after") or not re.match(r"[^\S\n]+\w", text[m.end() : m.end() + 3]),
    ),
    _Rule("year-ago", _compile(r"(?P<aunit>year)-(?P<adir>ago|earlier)"), _ago),
    _Rule(
        "vague",
        _compile(r"(?:right now|just now|now|currently|nowadays|these days|at present|the present|recently|more recently|lately|formerly|the past|the future|the near future|the distant future|soon|a later date|the near term|the short term|the long term|(?:the )?coming (?:days|weeks|months|years|decades|quarters)|future quarters|past years|the years to come|as soon as possible)"),
        _vague,
        _accept_vague,
    ),
    _Rule(
        "set-rate",
        _compile(r"(?:a|an|per) (?:second|minute|hour|day|week|month|quarter|year)"),
        lambda m, s: (SET, _duration(1, m.group(0).split()[-1])),
        lambda m, text: m.group(0).lower().startswith("per") or text[max(0, m.start() - 7) : m.start()].lower().split()[-1:] in (["times"], ["twice"], ["once"]),
    ),
    _Rule("weekend", _compile(r"the weekend"), _weekend),
    _Rule(
        "duration",
        _compile(rf"(?:{_QUANTIFIER} (?:{_DURATION_DETERMINER} )?|{_DIRECT_QUANTIFIER} |{_DURATION_DETERMINER} (?!\S+-{_UNIT}\b))?(?P<dcount>{_COUNT})(?P<drange> (?:to|or) {_COUNT})?[- ](?:(?:more|additional|full|straight|consecutive|trading|business|working|calendar|fiscal)[- ])?(?P<dunit>{_UNIT})(?P<dhalf> and a half)?(?:[- ]long)?(?: or so)?"),
        _duration_rule,
        _accept_duration,
    ),
    _Rule(
        "long-duration",
        _compile(r"(?P<lunit>minute|hour|day|week|month|year|decade|century|minutes|hours|days|weeks|months|years|decades|centuries)-long"),
        lambda m, story: (DURATION, _duration(None if m.group("lunit").lower().endswith("s") else 1, m.group("lunit"))),
    ),
    _Rule("plural-duration", _compile(r"(?:(?:the|recent|the past|the last|the next|the coming) )?(?P<vunit>years|months|weeks|decades|centuries|days|quarters)(?: (?:ahead|to come))?"), _plural_duration, lambda m, text: _accept_plural_duration(m, text)),
    _Rule(
        "set",
        _compile(rf"(?:(?:every|each|per) (?:other )?(?:{_UNIT}|{_WEEKDAY}|{_MONTH_NAME}|{_PART}|spring|summer|fall|autumn|winter)|daily|nightly|weekly|biweekly|monthly|annually|yearly|hourly|semiannually|{_WEEKDAY} {_PART}s|{_WEEKDAY}s)"),
        _set_rule,
        lambda m, text: m.group(0).lower() not in ("daily", "weekly", "monthly") or not re.match(r"[^\S\n]+(?-i:[A-Z])", text[m.end() : m.end() + 3]),
    ),
    _Rule(
        "clock",
        _compile(rf"(?P<clock>{_CLOCK})(?: {_ZONE})?(?: (?:today|tonight|yesterday|tomorrow))?"),
        _clock_rule,
        lambda m, text: not re.search(r"\bhigh[^\S\n]+$", text[max(0, m.start() - 6) : m.start()], re.I),
    ),
    _Rule(
        "hour-in-part",
        _compile(r"(?P<hour>1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?::(?P<minute>[0-5]\d))?(?: o'clock)? (?:in the (?P<hpart>morning|afternoon|evening)|at (?P<hpart2>night))"),
        _hour_in_part,
        lambda m, text: bool(re.search(r"\b(?:at|by|until|till|around|about|before|after|from|to|since)[^\S\n]+$", text[max(0, m.start() - 8) : m.start()], re.I)),
    ),
    _Rule("part-of-day", _compile(r"(?:(?:early|late|mid-?) )?(?:the )?(?P<opart>overnight)"), _part_of_day),
)


# --- public API ---------------------------------------------------------------------------


def _candidates(text: str) -> list[tuple[int, int, _Rule, re.Match]]:
    """Every accepted match, longest first at each position, then overlaps removed left to right."""
    found = []
    for order, rule in enumerate(_RULES):
        for m in rule.pattern.finditer(text):
            if m.end() > m.start() and (rule.accept is None or rule.accept(m, text)):
                found.append((m.start(), -(m.end() - m.start()), order, rule, m))
    found.sort(key=lambda f: f[:3])
    chosen, cursor = [], 0
    for start, negative_length, _, rule, m in found:
        if start >= cursor:
            chosen.append((start, start - negative_length, rule, m))
            cursor = start - negative_length
    return chosen


#: "the day before", "two weeks after": an offset that a following dated expression anchors.
_OFFSET = _compile(rf"(?:the|(?P<count>{_COUNT})) (?P<unit>day|week)s?")
_OFFSET_LINK = re.compile(r"[^\S\n]+(?P<direction>before|after)[^\S\n]+", re.I)
_DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")


def _offset_from(offset: TimeExpression, anchor: TimeExpression, text: str) -> TimeExpression | None:
    """ "the day before last Tuesday's hearing" is one date: last Tuesday, less a day.

    The offset alone would be read from the story's last date, and the anchor alone would
    put the wrong day on the timeline, so the two become one expression.
    """
    shape = _OFFSET.fullmatch(offset.text)
    link = _OFFSET_LINK.fullmatch(text, offset.end, anchor.start)
    day = _DAY_VALUE.match(anchor.value or "")
    if shape is None or link is None or day is None:
        return None
    count = _number(shape.group("count")) if shape.group("count") else 1
    if count is None or count != int(count):
        return None
    days = int(count) * (7 if shape.group("unit").lower() == "week" else 1)
    sign = -1 if link.group("direction").lower() == "before" else 1
    when = dt.date(*(int(g) for g in day.groups())) + dt.timedelta(days=sign * days)
    return TimeExpression(text=text[offset.start : anchor.end], start=offset.start, end=anchor.end, type=DATE, value=_day(when))


def find_time_expressions(doc: Doc, published: dt.date | None, day_first: bool = False) -> list[TimeExpression]:
    """Every time expression in ``doc``, in text order, normalised against ``published``.

    ``day_first`` reads "03/04/2023" as 3 April when the article itself does not say.
    """
    text = doc.text
    story = _Story(dct=published, doc=doc, text=text, day_first=reads_day_first(text, day_first))
    expressions: list[TimeExpression] = []
    for start, end, rule, m in _candidates(text):
        try:
            result = rule.normalise(m, story)
        except (OverflowError, ValueError):  # "800000 days ago": no calendar date to give
            continue
        if result is None:
            continue
        kind, value, *anchors = result
        expression = TimeExpression(text=text[start:end], start=start, end=end, type=kind, value=value)
        combined = expressions and _offset_from(expressions[-1], expression, text)
        if combined:
            expressions[-1] = expression = combined
        else:
            expressions.append(expression)
        if expression.type in (DATE, TIME) and all(anchors):
            story.remember(expression.value)
            story.latest_end = expression.end
        if expression.value and re.match(r"\d{4}-\d\d", expression.value) and expression.value[:4] in expression.text:
            story.written_year = int(expression.value[:4])  # "September 25 2026", "2026-09-25", "September 2026"
    return expressions


_VALUE = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d)(?P<time>T.*)?)?|W(?P<week>\d\d?)(?P<we>-WE)?|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?"
)


@functools.lru_cache(maxsize=4096)
def value_range(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """First day, last day and granularity covered by a TIMEX3 date value, or None.

    None for values that name no calendar span: PRESENT_REF and its kin,
    durations, sets and values with unknown parts ("1998-XX"). Kept for the
    next asking: dating each event asks it of the same few values again and again.
    """
    try:
        return _value_range(value)
    except ValueError:
        return None  # a day that does not exist, or a year outside 1-9999 ("the first century" has no year 0)


def _value_range(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    if not value:
        return None
    if re.fullmatch(r"\d{3}", value):
        return dt.date(max(1, int(value) * 10), 1, 1), dt.date(int(value) * 10 + 9, 12, 31), "decade"
    if re.fullmatch(r"\d{2}", value):
        return dt.date(max(1, int(value) * 100), 1, 1), dt.date(int(value) * 100 + 99, 12, 31), "century"
    m = _VALUE.fullmatch(value)
    if not m:
        return None
    year = int(m.group("year"))
    if m.group("day"):
        day = dt.date(year, int(m.group("month")), int(m.group("day")))
        return day, day, "time" if m.group("time") else "day"
    if m.group("month"):
        month = int(m.group("month"))
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
    if m.group("week"):
        monday = dt.date.fromisocalendar(year, int(m.group("week")), 1)
        if m.group("we"):
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
        return monday, monday + dt.timedelta(days=6), "week"
    if m.group("quarter"):
        q = int(m.group("quarter"))
        last = 3 * q
        return dt.date(year, last - 2, 1), dt.date(year, last, calendar.monthrange(year, last)[1]), "quarter"
    if m.group("half"):
        h = int(m.group("half"))
        return (dt.date(year, 1, 1), dt.date(year, 6, 30), "half") if h == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31), "half")
    if m.group("season"):
        # Meteorological seasons; winter runs from December into the next year.
        first, last = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}[m.group("season")]
        end_year = year + 1 if m.group("season") == "WI" else year
        return dt.date(year, first, 1), dt.date(end_year, last, calendar.monthrange(end_year, last)[1]), "season"
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
