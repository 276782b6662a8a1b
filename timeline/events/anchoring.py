"""When: the date an event is anchored to, and the Event fields it gives.

``date_of`` tries the steps of ``DATE_STEPS`` in the order of the evidence, each a
small function: first the dependency path (the clause's own time expression, the
most precise then the nearest; else the one of the clause it hangs on; else the
one of what it governs), then the article's narrative (the scene's day the entries
stage passes on), then the publication day for what is told as done by then. A
time expression the sentence negates or contrasts ("not in 2015", "rather than in
March") never dates anything (``set_aside``). Ranges ("Sept. 22-23", "from March
10 to 12") are read off the text, since the parse often splits them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .. import dates, tense
from ..contents import GRANULARITIES, Article, TimeExpression
from .wordlists import CONTRAST_ADVERBS, DATE_INHERITING_DEPS, END_PREPOSITIONS, MEASURED_MARKS, MOVING_VERBS, SCHEDULING_VERBS, SHIFTING_MARKS, STARTING_WORDS

#: The last day of "from March 10 to 12": a number ending the sentence or followed by
#: punctuation or a preposition, never a count ("to 31 cities").
_BARE_DAY = re.compile(r"(\d{1,2})(?![\d:/])(?=\.?\s*$|[.,;)]|\s+(?:in|at|on|and|for|with|before|after|during)\b)", re.M)
#: A weekday alone, which the tagger places either side of publication by tense.
BARE_WEEKDAY = re.compile(r"(?:on )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", re.I)
#: A clock time with no day of its own ("6 a.m."): it takes the document's day, so a day
#: the clause names ("at 6 a.m. on Monday") says more.
_BARE_CLOCK = re.compile(
    r"(?:about |around |at )?(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?|\d{1,2}:\d{2})(?:\s+[A-Z]{2,4})?|noon|midnight", re.I
)
#: How ``date_of`` found a date, in words (``timeline extract --explain``), in the order it tries the steps.
DATE_STEPS = {
    "own": "the time expression of its own clause (the most precise, then the nearest)",
    "inherited": "the time expression of the clause it hangs on",
    "governed": "the time expression of what it governs (\"agreed to buy ... on Friday\"), a weekday read in the governing verb's tense",
    "scene": "the scene's day: the clause goes on with the last event the article dated to the day",
    "published": "the publication day: told as done by then (present perfect, \"in the past 24 hours\")",
    "none": "no time expression governs it, and it is not told as done by publication",
}
#: What joins the two ends of a range: "from X to Y", "X-Y", "between X and Y".
_RANGE_LINK = re.compile(r"\s*(?:-|\u2013|\u2014|to|through|until|till|and)\s*", re.I)
#: A range of days written in one expression: "Sept. 22-23", "22 to 23 September".
_DAY_RANGE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*(?:-|\u2013|\u2014|to|through|until)\s*(\d{1,2})(?![\d/.-])")


@dataclass(frozen=True)
class DateIndex:
    """An article's time expressions by token, read once: what every clause's dating looks up."""

    doc: Doc
    text: str  # spaCy rebuilds doc.text from every token on each access
    body: str
    published: dt.date | None
    timex_at: dict[int, TimeExpression]
    #: Tokens of dates after "until": the end of what a clause tells (see ``own_timex``).
    end_bounds: set[int]
    #: Tokens of dates after "to": where a moved date goes ("brought forward to 8 May").
    new_dates: set[int]
    #: Tokens of dates after a noun's "since" ("the first gathering since May"): they
    #: say which gathering, not when the clause happened. A verb's "since" ("fighting
    #: cancer since 2004") dates the start of what it tells, as the gold timelines do.
    start_bounds: set[int]
    starting_at: dict[int, TimeExpression]  # character offset -> the expression starting there
    #: The words of dates and times, which titles leave out; a duration ("a 24-hour curfew") stays.
    when_at: dict[int, TimeExpression]
    by_head: dict[int, list[int]]  # clause head -> its time expression tokens
    #: Tokens of dates the sentence sets aside, which never date anything: "not in 2015",
    #: "rather than in March", "instead of Monday" (``set_aside``).
    set_aside: set[int]


def index_dates(article: Article, doc: Doc, timexes: list[TimeExpression]) -> DateIndex:
    timex_at: dict[int, TimeExpression] = {}
    end_bounds: set[int] = set()
    new_dates: set[int] = set()
    start_bounds: set[int] = set()
    spans: list[Span] = []
    for timex in timexes:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None:
            spans.append(span)
            for token in span:
                timex_at[token.i] = timex
            if span.root.dep_ == "pobj" and span.root.head.lower_ in END_PREPOSITIONS:
                end_bounds.update(token.i for token in span)
            if span.root.dep_ == "pobj" and span.root.head.lower_ == "to":
                new_dates.update(token.i for token in span)
            if span.root.dep_ == "pobj" and span.root.head.lower_ == "since" and span.root.head.head.pos_ in ("NOUN", "PROPN"):
                start_bounds.update(token.i for token in span)
    index = DateIndex(
        doc, doc.text, article.body, article.published, timex_at, end_bounds, new_dates, start_bounds,
        starting_at={timex.start: timex for timex in timexes},
        when_at={i: t for i, t in timex_at.items() if t.type in ("DATE", "TIME")},
        by_head={},
        set_aside={token.i for span in spans if set_aside(span, timex_at.keys()) for token in span},
    )
    # "from March 7 to 12": the words up to a range's last day are the date's too.
    for timex in timexes:
        ends = through(index, timex)
        if isinstance(ends, tuple) and ends[1].end > timex.end:
            tail = doc.char_span(timex.end, ends[1].end, alignment_mode="expand")
            index.when_at.update((token.i, timex) for token in tail or () if token.i not in index.when_at)
    for i in timex_at:
        head = tense.clause_head(doc[i])
        if head.lower_ in STARTING_WORDS and head.dep_ in ("advcl", "prep", "acl") and head.head.i != head.i:
            head = tense.clause_head(head.head)  # "will shut its doors starting next Monday": the shutting's date
        index.by_head.setdefault(head.i, []).append(i)
    return index


@dataclass(frozen=True)
class _Clause:
    """The event being dated, as every dating step reads it."""

    index: DateIndex
    trigger: Token
    verb: Token
    status: str
    event_type: str
    scene: TimeExpression | None  # the scene's date when the clause continues the scene
    #: "stay until Friday" (a plan) or "extended the offer until Nov. 9" (a new deadline):
    #: a date after "until" ends the clause and does not date it; "lasted until Tuesday" it may.
    skip_ends: bool


def date_of(
    index: DateIndex, trigger: Token, verb: Token, status: str, event_type: str, scene: TimeExpression | None
) -> tuple[TimeExpression | None, str]:
    """The time expression that dates this event, and the step of ``DATE_STEPS`` that found it.

    The steps are tried in the order of the evidence: the dependency path first (the
    clause's own time expression, the one of the clause it hangs on, the one of what it
    governs), then the article's narrative (the scene), then the publication day for
    what is told as done by then. A negated or contrasted expression ("not in 2015",
    "rather than in March") is never a candidate (``DateIndex.set_aside``).
    ``scene`` is the scene's date when the clause continues the scene, else None.
    """
    skip_ends = status == "planned" or verb.lemma_.lower() in dates.DEADLINE_VERBS or tense.verb_tense(verb) == tense.PRESENT
    clause = _Clause(index, trigger, verb, status, event_type, scene, skip_ends)
    for step, find in _STEP_ORDER:
        found = find(clause)
        if found is None:
            continue
        # "unveiled this year", told within a scene dated to the day: the day is the better anchor.
        if step in _PATH_STEPS and scene is not None and _within(scene.value, found.value):
            return scene, "scene"
        return found, step
    return None, "none"


def _own_step(clause: _Clause) -> TimeExpression | None:
    """The clause's own time expression, or the one a relative clause hangs on
    ("until Tuesday, when rebels attacked": on Tuesday)."""
    index, verb = clause.index, clause.verb
    found = own_timex(index, clause.trigger, verb, clause.skip_ends)
    if found is None and verb.dep_ == "relcl" and verb.head.i in index.timex_at and verb.head.i not in index.set_aside:
        found = index.timex_at[verb.head.i]
        found = found if found.type in ("DATE", "TIME") else None
    if found is not None and found.value == "PRESENT_REF" and (clause.status == "planned" or tense.verb_tense(verb) == tense.PAST):
        return None  # "announced ... now on sale", "the hearing would now take place later": "now" is no date of it
    return found


def _inherited_step(clause: _Clause) -> TimeExpression | None:
    """The time expression of the clause this one hangs on ("toasted ... after Putin showed Kim
    around"), up the chain of such clauses, unless a clause is set apart in time ("before")."""
    node = clause.verb
    while node.dep_ in DATE_INHERITING_DEPS and node.head.i != node.i and not _shifted_in_time(node):
        node = node.head
        # "adjourned sentencing until 15 May and released him": an end is no other clause's
        # date; nor is a start ("has been independent since 1901, but still recognizes").
        found = own_timex(clause.index, node, node, skip_ends=True)
        if found is not None and not after_since(clause.index, found):
            return found
    return None


def _governed_step(clause: _Clause) -> TimeExpression | None:
    """ "ordered residents to leave on Monday": the order came that day too, unless the
    infinitive is a plan ("invited Putin to visit on Wednesday" next week). So too when it
    is reported ("agreed to acquire it on Friday, the bank said")."""
    if clause.status not in ("happened", "reported"):
        return None
    index, verb = clause.index, clause.verb
    for child in (c for c in verb.children if c.dep_ == "xcomp"):
        dated = own_timex(index, child, child, skip_ends=True)
        if dated is not None and tense.verb_tense(verb) == tense.PAST:
            dated = _weekday_in_the_past(index, dated)
        span = dates.value_range(dated.value) if dated is not None else None
        if span is not None and not after_publication(index, span[0].isoformat()) and _dates_verb_itself(index, dated, child):
            return dated
    return None


def _scene_step(clause: _Clause) -> TimeExpression | None:
    """The narrative: the day of the scene this clause goes on with (``entries._Scene``)."""
    return clause.scene


def _published_step(clause: _Clause) -> TimeExpression | None:
    """The publication day, for what is told as done by then.

    "received more than 200 calls in the past 24 hours"; "has accepted ..., according to
    KCNA", "has opened an investigation": reported or told as done by the day it was
    published. Only the present perfect ("had invented" is a past before some other
    past), and only a known kind of event ("has built the most valuable company" tells a
    state of things, not a happening of that day).
    """
    index, verb = clause.index, clause.verb
    if index.published is None:
        return None
    if (recent := _past_hours(index, verb)) is not None:
        return TimeExpression(recent.text, recent.start, recent.end, "DATE", index.published.isoformat())
    told_as_done = clause.status == "reported" or (clause.status == "happened" and clause.event_type != "other")
    if told_as_done and any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ != "VBD" for c in verb.children):
        return TimeExpression("", -1, -1, "DATE", index.published.isoformat())
    return None


#: The steps ``date_of`` tries, in the order of the evidence.
_STEP_ORDER = (
    ("own", _own_step), ("inherited", _inherited_step), ("governed", _governed_step), ("scene", _scene_step), ("published", _published_step)
)
#: The steps that follow the dependency path: a coarse date they find yields to the scene's day within it.
_PATH_STEPS = frozenset({"own", "inherited", "governed"})


def own_timex(index: DateIndex, trigger: Token, verb: Token, skip_ends: bool = False) -> TimeExpression | None:
    """The clause's own date: the most precise of its time expressions, then the nearest.

    "Yesterday, at this year's conference, Jobs unveiled": "yesterday" dates the
    unveiling; "this year" only says which conference.
    """
    tokens = set(index.by_head.get(verb.i, ())) | set(index.by_head.get(trigger.i, ()))
    if trigger.i != verb.i:
        tokens |= {t.i for t in trigger.subtree if t.i in index.timex_at}
    candidates = [
        (_precision(timex.value) if not _BARE_CLOCK.fullmatch(timex.text) else len(GRANULARITIES) - 1, abs(i - trigger.i), timex.start, timex)
        for i in tokens
        if (timex := index.timex_at[i]).type in ("DATE", "TIME")
        and not (skip_ends and i in index.end_bounds)
        and not (i in index.new_dates and verb.lemma_.lower() in MOVING_VERBS)
        and i not in index.start_bounds
        and i not in index.set_aside
        and not _dates_something_else(index.doc[i], {trigger.i, verb.i})
    ]
    return min(candidates, key=lambda c: c[:3])[3] if candidates else None


def set_aside(span: Span, dated: Collection[int]) -> bool:
    """Whether the sentence sets this time expression aside: negated or contrasted.

    Read off the parse, for the expression's phrase (the preposition heading it, or the
    expression itself), ``dated`` being the tokens of every time expression:

    - a negation (the parser's ``neg``: "not", "never") attached to the phrase before
      the expression, or standing just before the phrase: "not in 2015 but in 2016",
      "in 2016, not in 2015", "It was not 2015 when ...";
    - a negated clause whose "but" brings the date it keeps: "was not released in March,
      but in April" ("did not rise in May but fell" has no other date: May stays);
    - a contrast: "rather" or "instead" carried by the phrase's preposition or by the
      word just before the phrase: "instead of Monday", "rather than in March".

    What the sentence keeps ("but in April") is not set aside; nor is "no later than
    March 1", which negates "later", not the date: a deadline.
    """
    doc, root = span.doc, span.root
    phrase = root.head if root.dep_ == "pobj" and root.head.dep_ in ("prep", "cc") else root
    opening = min(phrase.i, span.start)
    before = doc[opening - 1] if opening > 0 else None
    if any(c.dep_ == "neg" and c.i < span.start for t in (root, phrase) for c in t.children) or (before is not None and before.dep_ == "neg"):
        return True
    if any(c.dep_ == "neg" and c.i < span.start for c in phrase.head.children) and _kept_instead(phrase, dated):
        return True
    for link in (phrase, before):  # "of" in "instead of Monday", "than" in "rather than in March"
        adverb = doc[link.i - 1] if link is not None and link.i > 0 else None
        if adverb is not None and adverb.lower_ in CONTRAST_ADVERBS and link.i < span.start and link.i in (adverb.head.i, *(c.i for c in adverb.children)):
            return True
    return False


def _kept_instead(phrase: Token, dated: Collection[int]) -> bool:
    """ "... in March, but in April": a "but" right after the phrase brings another date."""
    doc = phrase.doc
    after = phrase.right_edge.i + 1
    if after < len(doc) and doc[after].is_punct:
        after += 1
    if after + 1 >= len(doc) or doc[after].dep_ != "cc" or doc[after].lower_ != "but":
        return False
    kept = doc[after + 1]
    return kept.i in dated or (kept.pos_ == "ADP" and any(t.i in dated for t in kept.subtree))


def through(index: DateIndex, timex: TimeExpression) -> TimeExpression | tuple[TimeExpression, TimeExpression]:
    """A date and the date a range it opens ends on: "Sept. 22-23", "from Sept. 22 to
    Sept. 24", "from March 10 to 12", "between 2021 and 2023". Anything else stays
    one expression. Read from the text: the parse often splits "from 20 to 24 April"."""
    first = dates.value_range(timex.value) if timex.start >= 0 else None
    if first is None:
        return timex
    written = _DAY_RANGE.search(timex.text) if first[2] == "day" else None
    if written:
        return timex, TimeExpression(timex.text, timex.start, timex.end, "DATE", timex.value[:-2] + written.group(2).zfill(2))
    text = index.text
    opener = re.search(r"\b(from|between)\s+$", text[max(0, timex.start - 9):timex.start], re.I)
    link = _RANGE_LINK.match(text, timex.end)
    joint = link.group().strip().lower() if link else ""
    if link is None or (opener is None and joint != "through") or (joint == "and") != bool(opener and opener.group(1).lower() == "between"):
        return timex  # "from X to Y", "between X and Y", or "X through Y" ("Sunday through Tuesday")
    end = index.starting_at.get(link.end())
    if end is None and first[2] == "day" and (day := _BARE_DAY.match(text, link.end())):
        last = TimeExpression(day.group(1), day.start(1), day.end(1), "DATE", timex.value[:-2] + day.group(1).zfill(2))
        last_range = dates.value_range(last.value)
        if last_range is None or last_range[0] <= first[0]:
            return timex  # "from March 20 to 5" is no range
        return TimeExpression(index.body[timex.start:last.end], timex.start, last.end, "DATE", timex.value), last
    last_range = dates.value_range(end.value) if end is not None else None
    if last_range is not None and last_range[0] <= first[0] and BARE_WEEKDAY.fullmatch(end.text):
        # "Monday through Friday": the Friday after that Monday, however the tagger placed it
        later = first[0] + dt.timedelta(days=(last_range[0].weekday() - first[0].weekday()) % 7 or 7)
        end = TimeExpression(end.text, end.start, end.end, end.type, later.isoformat())
        last_range = dates.value_range(end.value)
    if last_range is None or last_range[2] != first[2] or end.value <= timex.value:
        return timex
    return TimeExpression(index.body[timex.start:end.end], timex.start, end.end, "DATE", timex.value), end


def date_fields(dating: TimeExpression | tuple[TimeExpression, TimeExpression], published: dt.date | None) -> dict:
    """The Event date fields for an anchoring time expression, or for a range's first
    and last days (its ``end_date`` is then the last day's)."""
    timex, last = dating if isinstance(dating, tuple) else (dating, None)
    value = timex.value
    if value == "PRESENT_REF" and published:
        value_range = (published, published, "day")
    else:
        value_range = dates.value_range(value)
    fields = {"value": value, "date_text": timex.text or None}
    if value_range:
        first, end, granularity = value_range
        last_range = dates.value_range(last.value) if last is not None else None
        if last_range and last_range[1] > end:
            end = last_range[1]
        fields.update(date=first.isoformat(), end_date=end.isoformat(), granularity=granularity)
    return fields


def after_since(index: DateIndex, timex: TimeExpression) -> bool:
    """ "187 cases since January": the date a count starts from."""
    span = index.doc.char_span(timex.start, timex.end, alignment_mode="expand") if timex.start >= 0 else None
    return span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ == "since"


def after_publication(index: DateIndex, day: str | None) -> bool:
    return bool(day and index.published and day > index.published.isoformat())


def _weekday_in_the_past(index: DateIndex, timex: TimeExpression) -> TimeExpression:
    """ "Nordbank agreed to buy Harbor Savings on Friday": the tagger read "Friday" in the
    infinitive's future, but told by a past-tense verb it is the agreeing's day, the Friday
    on or before publication. Only a weekday alone: "on March 20" stays where it is."""
    if index.published is None or not BARE_WEEKDAY.fullmatch(timex.text) or not re.match(r"\d{4}-\d{2}-\d{2}", timex.value or ""):
        return timex
    weekday = dt.date.fromisoformat(timex.value[:10]).weekday()
    day = index.published - dt.timedelta(days=(index.published.weekday() - weekday) % 7)
    return TimeExpression(timex.text, timex.start, timex.end, timex.type, day.isoformat() + timex.value[10:])


def _dates_verb_itself(index: DateIndex, timex: TimeExpression, verb: Token) -> bool:
    """ "to leave on Monday", not "to pay the fine by Monday" (a deadline) or "to discuss
    Monday's meeting" (the meeting's day)."""
    span = index.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "npadvmod" and root.head.i == verb.i:
        return True
    return root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.i == verb.i and root.head.lower_ in ("on", "at", "in")


def _past_hours(index: DateIndex, verb: Token) -> TimeExpression | None:
    """ "in the past 24 hours", "over the last 48 hours" in the clause: up to publication."""
    for i in index.by_head.get(verb.i, ()):
        timex = index.timex_at[i]
        if i in index.set_aside:
            continue
        hours = re.fullmatch(r"PT(\d+)H", timex.value or "")
        if timex.type == "DURATION" and hours and int(hours.group(1)) <= 48 and re.search(r"\b(?:past|last)\b", timex.text, re.I):
            return timex
    return None


def _dates_something_else(token: Token, clause: set[int]) -> bool:
    """Whether the date at ``token`` is another thing's, checked up to the clause's head.

    "arrived ahead of the summit on Tuesday": Tuesday is the summit's day, and the
    arrival came before it; likewise "before", "prior to". "will pay $18.50 a share, a
    premium to the closing price on Friday": an apposition describes, and its date is
    the price's, not the payment's. "set the vote for Sunday": the vote's day.
    """
    node = token
    while node.head.i != node.i and node.i not in clause:
        if node.dep_ == "appos":
            return True
        node = node.head
        if node.dep_ in ("prep", "advmod") and node.lower_ in ("ahead", "before", "prior", "pending"):
            return True
        if node.dep_ == "prep" and node.lower_ == "for" and node.head.lemma_.lower() in SCHEDULING_VERBS and any(c.dep_ == "dobj" for c in node.head.children):
            return True  # "set the vote for Sunday": Sunday is the vote's day, not the setting's
    return False


def _shifted_in_time(clause: Token) -> bool:
    """A clause set apart in time from the one it hangs on: "before Seoul hosts", "since it
    opened", "days after the vote". "After Putin showed Kim around" stays the same day."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    measured = any(c.dep_ == "npadvmod" for c in clause.children)
    # "after the outbreak had been declared over": a past perfect says it came first, by how much unsaid
    earlier = "after" in marks and any(c.dep_ == "aux" and c.lower_ == "had" for c in clause.children)
    return bool(marks & SHIFTING_MARKS) or (measured and bool(marks & MEASURED_MARKS)) or earlier


def _precision(value: str | None) -> int:
    """Rank of a value's granularity, finest first; vague references and unknowns last."""
    found = dates.value_range(value)
    return GRANULARITIES.index(found[2]) if found and found[2] in GRANULARITIES else len(GRANULARITIES)


def _within(day_value: str | None, coarse_value: str | None) -> bool:
    """Whether a day-precise value falls inside a strictly coarser one ("2010-06-07" in "2010")."""
    day, coarse = dates.value_range(day_value), dates.value_range(coarse_value)
    if not day or not coarse or (coarse[0], coarse[1]) == (day[0], day[1]):
        return False
    return coarse[0] <= day[0] and day[1] <= coarse[1]
