"""The walk through an article: each sentence's triggers become Events, repeats folded.

The walk keeps what the article has told so far: its cast (``cast``), the
scene (the day and people of the last event dated by its own words), and who
spoke last, for a quotation that goes on. Each trigger's event takes its type
(``triggers``), stance (``status``), people (``roles``), date (``anchoring``)
and title (``titles``), and a confidence from what backs it.

A sentence's events are then folded so that one real event gives one entry
(``_one_per_event``): a verb that reports ("officials announced that ...") is
the attribution of what it reports, and a verb that governs another event
("agreed to buy", "decided to restore") tells it with it. Each event keeps a
``Why``: the mention it came from, what dated it, what set its status and its
confidence, for ``timeline extract --explain``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from spacy.tokens import Doc, Token

from .. import tense
from ..calibration import load_calibration
from ..contents import Article, Event, EventMention, Span as TextSpan, TimeExpression, Why
from ..entities import Mention
from ..settings import Settings
from .anchoring import BARE_WEEKDAY, DATE_STEPS, after_publication, after_since, date_fields, date_of, through
from .cast import Cast, note_people
from .context import Reading, read
from .roles import named, object_in_control, participants, subject
from .status import according_to, condition_or_aim, reporting_verb, root_reporter, stance
from .titles import noun_title, object_sharing_conjunct, title
from .triggers import event_type, triggers
from .wordlists import MOVING_VERBS, QUOTE_MARKS


#: Longer than any sentence a reporter writes (a table or a list run into one): each of its
#: verbs would walk the whole sentence, so its cost would grow as the square of its length.
MAX_SENTENCE_TOKENS = 150


def find_events(
    article: Article, doc: Doc, timexes: list[TimeExpression], mentions: list[Mention], settings: Settings,
    event_mentions: tuple[EventMention, ...] = (),
) -> list[tuple[Event, Why]]:
    """Every event of the article with why it is as it is, sentence by sentence, one per
    real event, repeats folded."""
    reading = read(article, doc, timexes, mentions, settings, event_mentions)
    cast, scene = Cast(), _Scene()
    previous_reporter: str | None = None
    events: list[_Found] = []
    for sent in doc.sents:
        text = reading.dates.text[sent.start_char : sent.end_char]  # sent.text, without building its tokens again
        asserted = not text.rstrip(" \n\"'\u201d").endswith("?")  # a question asserts nothing
        own_reporter = root_reporter(reading, cast, sent)
        # A quotation that goes on from the last one is the last speaker's.
        quote_reporter = previous_reporter if own_reporter is None and text.lstrip().startswith(QUOTE_MARKS) else None
        according = according_to(reading, cast, sent, text)
        told_by = according if according is not None else quote_reporter
        note_people(reading, cast, sent)
        readable = asserted and len(sent) <= MAX_SENTENCE_TOKENS
        sentence = " ".join(text.split())  # Markdown masked to spaces leaves runs of them
        found = [f for f in (_event(reading, cast, scene, t, sentence, told_by) for t in triggers(reading, sent)) if f] if readable else []
        found = _one_per_event(reading, found)
        previous_reporter = own_reporter if own_reporter is not None else quote_reporter
        scene.update(found)
        cast.note_actors([name for f in found for name in f.event.actors])
        events.extend(found)
    return [(found.event, found.why) for found in _drop_repeats(events)]


class _Found(NamedTuple):
    """An event as found, with what the article walk still needs to know about it."""

    event: Event
    repeat_key: tuple | None  # (type, trigger lemma, object): tellings that may be one happening
    how: str  # how it was dated: own, inherited, governed, scene, published or none (``DATE_STEPS``)
    verb: Token  # the clause's verb: the trigger, or the light verb carrying an event noun
    why: Why
    weak_because: tuple[str, ...] = ()  # why it is weak, for its confidence if its date changes


@dataclass
class _Scene:
    """The day and the people of the last happened event its own words dated to the day."""

    date: TimeExpression | None = None
    actors: set[str] = field(default_factory=set)

    def update(self, found: list[_Found]) -> None:
        for event, how in ((f.event, f.how) for f in found):
            if event.status == "happened" and event.granularity in ("day", "time") and how in ("own", "inherited", "governed"):
                self.date = TimeExpression(event.date_text or "", -1, -1, "DATE", event.value)
                self.actors = set(event.actors)

    def continued_by(self, reading: Reading, verb: Token) -> bool:
        """ "They also held talks": a simple-past clause that goes on with the scene's date.

        The scene's people, a pronoun, or "also"/"then" mark a narrative that
        continues; the perfect ("has sold") and other tenses never do.
        """
        if tense.verb_tense(verb) != tense.PAST or verb.tag_ != "VBD" or any(c.dep_ == "aux" for c in verb.children):
            return False
        doer = subject(reading, verb)
        if doer is None:
            return False
        pronoun_subject = doer.lower_ in ("they", "he", "she", "both")
        same_people = bool(set(named(reading, doer)) & self.actors)
        continuing = any(c.lower_ in ("also", "then", "later", "afterwards", "there") for c in verb.children)
        return pronoun_subject or same_people or continuing


def _event(reading: Reading, cast: Cast, scene: _Scene, trigger: Token, sentence: str, told_by: str | None) -> _Found | None:
    """The event a trigger stands for (in ``sentence``, the text of its sentence), with how it was dated, or None."""
    verb = trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "attr") else trigger
    if condition_or_aim(verb):
        return None
    if (doer := subject(reading, verb)) is not None and doer.i in reading.dates.when_at:
        return None  # "its fiscal second quarter, which ends on June 30": the calendar, not news
    told = stance(reading, cast, verb, event_type(reading, trigger, verb), told_by)
    if told is None:
        return None
    kind, status, negation = told.type, told.status, told.negation

    actors, places = participants(reading, cast, trigger, verb)
    continues = status == "happened" and scene.date is not None and scene.continued_by(reading, verb)
    timex, how = date_of(reading.dates, trigger, verb, status, kind, scene.date if continues else None)
    moved = verb.lemma_.lower() in MOVING_VERBS  # "pushed back from 2024 to 2025" is no range
    fields = date_fields(timex if moved else through(reading.dates, timex), reading.article.published) if timex else {}
    if timex is not None and fields.get("date_text") and after_since(reading.dates, timex):
        fields["date_text"] = "since " + fields["date_text"]  # "187 cases since January": a start, said so
    if status == "happened" and after_publication(reading.dates, fields.get("date")) and (
        (told.tense == tense.PRESENT and not BARE_WEEKDAY.fullmatch(fields.get("date_text") or ""))
        or tense.is_infinitive(verb)
    ):
        status = "planned"  # "opens next Monday": a timetable ("arrives on Friday" may be a caption of
        # the past); "ordered schools to close from Monday": what was ordered is ahead
    said_as = told.modal if kind == "claim" else None
    headline = noun_title(reading, cast, verb) if verb.pos_ in ("NOUN", "PROPN") else title(reading, cast, verb, negation, said_as)
    if not headline:
        return None
    # What the event is done to or where ("met Putin", "met in Vladivostok"): a preposition
    # counts with its object, so "In his keynote, Jobs announced" and "In another move,
    # Jobs announced" are not one happening because both open with "In".
    # The first object, else attribute, else preposition after the trigger is the key.
    head_word = lambda t: reading.mention_at[t.i].name if t.i in reading.mention_at else t.lemma_.lower()  # noqa: E731
    after = [c for c in trigger.children if c.i > trigger.i]
    done_to = next((c for dep in ("dobj", "attr", "prep") for c in after if c.dep_ == dep), None)
    if done_to is None:
        repeat_key = None
    elif done_to.dep_ == "prep":
        repeat_key = (kind, trigger.lemma_.lower(), " ".join([done_to.lower_, *(head_word(o) for o in done_to.children if o.dep_ == "pobj")]))
    else:
        repeat_key = (kind, trigger.lemma_.lower(), head_word(done_to))
    negated = negation is not None
    weak_because = tuple(
        reason
        for reason, weak in (
            ("denied, and no dated happening of a known kind", negated and not _telling_denial(kind, how)),
            ("a possibility", told.hypothetical),
            ("under a condition", told.conditional),
            ("negated by the learned layer only", told.doubted),
            ("no learned event mention at its words: the parse alone chose it", not {trigger.i, verb.i} & reading.event_at.keys()),
            ("too thin to read: a short title of no known kind, or naming nobody", _thin(headline, kind, _says_who(reading, verb, actors))),
            ("a statement whose words the title leaves out", _says_nothing(verb, kind)),
            ("a habit or a state: a bare present that its own words do not date", status != "planned" and _habitual(verb, how)),
        )
        if weak
    )
    confidence, evidence, confidence_because = _confidence(kind, how, actors, weak_because)
    status_because = told.because
    if status != told.status:
        status_because = "a happening told as done whose date is after publication: ahead, so planned"
    event = Event(
        title=headline,
        type=kind,
        status=status,
        sentence=sentence,
        trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger.text)),
        article_id=reading.article.id,
        actors=actors,
        places=places,
        confidence=confidence,
        attributed_to=told.reporter or None,
        negated=negated,
        **fields,
    )
    why = Why(
        mention=reading.event_at.get(trigger.i),
        date_step=how,
        date_because=DATE_STEPS[how],
        status=status,
        status_because=status_because,
        confidence=confidence,
        confidence_because=confidence_because,
        evidence=evidence,
        timex=timex,
    )
    return _Found(event, repeat_key, how, verb, why, weak_because)


def _one_per_event(reading: Reading, found: list[_Found]) -> list[_Found]:
    """One entry per real event in a sentence: the others fold into it, noted in its ``why``.

    - "Officials announced on Monday that the factory would close in June": the
      announcing reports the closing and is its attribution; the closing is the entry.
      So is a denial's: "denied that troops attacked the village on Tuesday" is the
      attack, denied, on Tuesday, by whom the article says denied it. But what a
      report says may be no event of its own date: "critics warned on Monday that
      the deal favours farmers" (a state, or undated where the report is dated) is
      the warning, whose title says what it warned of.
    - "Nordbank agreed to acquire Harbor Savings on Friday": the agreeing governs the
      acquiring (TimeML's I_ACTION over an OCCURRENCE), one entry, the agreeing's. But
      an undated governor gives way to the plan it governs when only the plan is dated
      ahead ("agreed to visit Moscow in May" is the visit, planned for May).
    - An event noun inside another event's clause, and the outcomes of one event
      told by conjoined verbs, are parts of that event (``_whole_event``).
    """
    by_verb: dict[int, int] = {}
    for n, item in enumerate(found):
        by_verb.setdefault(item.verb.i, n)
    into: dict[int, tuple[int, str]] = {}  # folded item -> (item it folds into, its role there)
    for n, item in enumerate(found):
        reporting = reporting_verb(reading, item.verb)
        if reporting is not None and (r := by_verb.get(reporting.i)) is not None and r != n:
            if _tells_a_state(item) or (found[r].event.date and not item.event.date):
                into.setdefault(n, (r, "complement"))  # "warned on Monday that the deal favours farmers"
            else:
                into.setdefault(r, (n, "attribution"))
        complement = _first_conjunct(item.verb)  # "vowed to find the bombers and bring them to justice"
        governor = complement.head
        if complement.dep_ == "xcomp" and (g := by_verb.get(governor.i)) is not None and g != n and _intends(reading, governor):
            plan_only = found[g].how == "none" and item.event.status == "planned" and item.event.date is not None
            if plan_only and complement is item.verb:
                into.setdefault(g, (n, "governor"))
            else:
                into.setdefault(n, (g, "complement"))
        if (whole := _whole_event(reading, found, by_verb, n)) is not None:
            into.setdefault(n, (whole, "part"))
    linked: dict[int, list[tuple[str, EventMention]]] = {}
    dated = list(found)
    for n, (_, role) in sorted(into.items()):
        target, mention = _where_it_folds(into, n), found[n].why.mention
        if mention is not None and target != n:
            linked.setdefault(target, []).append((role, mention))
        if role == "part" and target != n:  # "killed a guard and wounded a nurse in March": the bombing's date
            dated[target] = _dated_by(dated[target], found[n], "in another part of it")
    return [
        item._replace(why=replace(item.why, linked=tuple(linked.get(n, ())))) if n in linked else item
        for n, item in enumerate(dated)
        if _where_it_folds(into, n) == n
    ]


def _first_conjunct(verb: Token) -> Token:
    """The first of a run of conjoined verbs: its role in the clause is theirs."""
    while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _whole_event(reading: Reading, found: list[_Found], by_verb: dict[int, int], n: int) -> int | None:
    """The event that ``found[n]`` is a part of, told in one entry with it, if any; never one
    its own words date to another day:

    - an event noun inside another event's clause is its occasion: "a ceremony will be
      held at the NATO summit on April 24" is the ceremony;
    - a verb conjoined to another whose subject is an event is another outcome of that
      one event: "the bombing killed a guard and wounded a nurse" is one bombing;
    - a participle of no subject, and of no known type, of its own tells how its verb's
      event went: "filed a brief on Monday arguing that the agency erred" is the filing,
      "stood chatting" the standing; and "was greeted on arriving in Rome" is the greeting,
      whose time the arriving gives;
    - verbs joined by "or" are one event told as alternatives: "will try to block or delay
      the vote"; so are two verbs of one object, which the first one's title tells: "approved
      and delivered six visas";
    - a conjoined verb of no subject, no object and no type of its own tells how its first
      conjunct's event went: "the fans cheered and danced", "arrived and is being examined".
    """
    item = found[n]
    if item.verb.tag_ == "VBG" and item.event.type != "other" and not _on_doing(item.verb):
        return None  # "signed the pact, pledging to share data": a pledge of its own kind is news of its own
    whole = _containing_event(reading, item.verb, by_verb, of_no_type=item.event.type == "other")
    if whole is None or whole == n:
        return None
    dates = {item.event.date, found[whole].event.date} - {None}
    return whole if len(dates) <= 1 else None


def _containing_event(reading: Reading, verb: Token, by_verb: dict[int, int], of_no_type: bool = False) -> int | None:
    """The found event whose clause holds ``verb`` as a part (see ``_whole_event``), if any;
    ``of_no_type``: the verb's event has no known type of its own."""
    if verb.pos_ == "NOUN":
        return next((by_verb[above.i] for above in verb.ancestors if above.i in by_verb), None)
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None  # its own subject: "the army attacked and the rebels fled" are two events
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp"):
        return by_verb.get(verb.head.i)
    if _on_doing(verb):
        return by_verb.get(verb.head.head.i)
    first = _first_conjunct(verb)
    if first is verb:
        return None
    if (
        any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in verb.head.children)
        or (of_no_type and _bare(verb))
        or ((shared := object_sharing_conjunct(verb.head)) is not None and shared.i == verb.i)  # "approved and delivered six visas"
    ):
        return by_verb.get(first.i)
    doer = subject(reading, first)
    event_subject = doer is not None and doer.pos_ == "NOUN" and (
        doer.lemma_.lower() in reading.lemma_types or (m := reading.event_at.get(doer.i)) is not None and m.cls == "OCCURRENCE"
    )
    return by_verb.get(first.i) if event_subject else None


def _on_doing(verb: Token) -> bool:
    """ "on arriving", "upon landing": a participle that gives the time of its clause's event."""
    return verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ in ("on", "upon") and verb.head.head.i != verb.head.i


def _bare(verb: Token) -> bool:
    """A verb with nothing done to anyone or anywhere: no object, complement or place ("wept")."""
    return not any(c.dep_ in ("dobj", "attr", "dative", "ccomp", "xcomp", "prep", "agent", "acomp", "oprd") for c in verb.children)


def _tells_a_state(item: _Found) -> bool:
    """A state of things, no event of its own, so the verb that reports it is the news: what the
    learned layer classes STATE, or a bare simple present under a report ("warned that the
    deal favours farmers"; not "said troops are advancing" nor "said it will close")."""
    if item.why.mention is not None and item.why.mention.cls == "STATE":
        return True
    verb = item.verb
    return verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _intends(reading: Reading, verb: Token) -> bool:
    """A verb whose infinitive is its own content, TimeML's I_ACTION or I_STATE ("agreed to
    buy", "invited him to visit"), or one the parse knows to look ahead ("decided to"), or
    one whose object is to do it ("ordered the company to pay": what was ordered, not done)."""
    mention = reading.event_at.get(verb.i)
    return (
        (mention is not None and mention.cls in ("I_ACTION", "I_STATE"))
        or verb.lemma_.lower() in tense.FUTURE_GOVERNORS
        or object_in_control(verb) is not None
    )


def _where_it_folds(into: dict[int, tuple[int, str]], n: int) -> int:
    """The event that ``n`` ends up told in: its folds followed to one that stays. A cycle of
    folds ("A reports B, B governs A") ends in its first member, so one entry remains."""
    path = [n]
    while path[-1] in into:
        target = into[path[-1]][0]
        if target in path:
            return min(path[path.index(target):])
        path.append(target)
    return path[-1]


def _says_who(reading: Reading, verb: Token, actors: tuple[str, ...]) -> bool:
    """Whether the title has a subject: a name, or words of its own ("Talks"), not an
    unresolved "they" or none at all."""
    doer = subject(reading, verb)
    return bool(actors) if doer is None or doer.pos_ == "PRON" else True


def _says_nothing(verb: Token, kind: str) -> bool:
    """ "The Ministry of Health declared": a statement whose words came before it, in a quote
    the title leaves out, says nothing on its own."""
    if kind != "statement" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return False  # "187 cases are confirmed": a passive's subject is what was said
    said = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "ccomp", "xcomp", "prep", "attr", "dative")]
    return not [c for c in said if not any(o.ent_type_ in ("DATE", "TIME") for o in c.subtree)]  # "on Tuesday" says no more


def _habitual(verb: Token, how: str) -> bool:
    """ "She sometimes talks to her family", "he decides", "maintains a distance": a story's
    simple present tells what someone does as a rule, not what happened; unless its own
    words give the day ("opens on Monday")."""
    return verb.tag_ in ("VBZ", "VBP") and how != "own" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _telling_denial(kind: str, how: str) -> bool:
    """A non-event worth a timeline entry with its Denied badge: a known kind of happening,
    dated ("Putin does not attend the G20 summit in September"); not "does not comment"."""
    return kind not in ("other", "statement", "claim") and how != "none"


def _thin(headline: str, kind: str, says_who: bool) -> bool:
    """Too little to read as news: "His office announces", "Prices rise", or a title that
    says nobody ("Meets", "Signs it"). A short title of a known kind of happening that
    says who says enough: "Brennan testifies", "Talks resume"."""
    return len(headline.split()) <= 3 and (kind in ("other", "claim", "statement") or not says_who)


def _confidence(kind: str, how: str, actors: tuple[str, ...], weak_because: tuple[str, ...]) -> tuple[float, float, tuple[str, ...]]:
    """How likely this is a right timeline entry: the evidence that backs it, added up,
    then calibrated to the share of entries with that evidence that were right on
    annotated news (``timeline.calibration``). Returns the probability, the evidence and why.

    Weak events (denied, hypothetical, or too thin to read, like "His office
    announces"; ``weak_because`` says which) have their evidence capped, so they stay
    below the site's default threshold.
    """
    score, because = 0.35, ["0.35 for any event"]
    parts = (
        ({"own": 0.3, "inherited": 0.25, "governed": 0.25, "scene": 0.2, "published": 0.15}.get(how, 0.0), f"dated ({how})"),
        (0.2 if kind not in ("other", "claim") else 0.0, f"a known type ({kind})"),
        (0.1 if actors else 0.0, "names who took part"),
    )
    for points, reason in parts:
        if points:
            score += points
            because.append(f"+{points:.2f} {reason}")
    if weak_because:
        score = min(score, 0.4)
        because.append("at most 0.40: " + "; ".join(weak_because))
    evidence = round(min(score, 1.0), 2)
    probability = load_calibration()(evidence)
    because.append(f"calibrated: {probability:.2f}")
    return probability, evidence, tuple(because)


def _drop_repeats(found: list[_Found]) -> list[_Found]:
    """One event per happening within an article: a quote often repeats the lede, and one
    sentence often tells a happening twice ("met Putin ..., where the two leaders held talks")."""
    kept: list[_Found] = []
    by_key: dict[tuple, list[int]] = {}  # repeat key, or (type, sentence) -> positions in kept
    for item in found:
        keys = [k for k in (item.repeat_key, (item.event.type, item.event.sentence)) if k]
        candidates = [i for k in keys for i in by_key.get(k, [])]
        twin = next((i for i in candidates if _same_happening(kept[i].event, item.event)), None)
        if twin is None:
            for key in keys:
                by_key.setdefault(key, []).append(len(kept))
            kept.append(item)
        else:
            kept[twin] = _one_telling(kept[twin], item)
    return kept


def _one_telling(first: _Found, other: _Found) -> _Found:
    """Two tellings of one happening as one: the one the article asserts in its own voice
    (one source's report of what the article also tells as fact is that fact), else the
    first; with the date of the other when only that one gives it."""
    asserted = other.event.status == "happened" != first.event.status
    keep, drop = (other, first) if asserted or (other.event.date and not first.event.date) else (first, other)
    why = keep.why
    if drop.why.mention is not None:
        why = replace(why, linked=(*why.linked, ("repeat", drop.why.mention)))
    if asserted:
        why = replace(why, status_because=why.status_because + "; another sentence reports it, and the article tells it as fact")
    return _dated_by(keep._replace(why=why), drop, "in another telling of it")


def _dated_by(keep: _Found, other: _Found, told: str) -> _Found:
    """``keep`` with the date of ``other`` when only that one gives it; ``told`` says where."""
    if not other.event.date or keep.event.date:
        return keep
    confidence, evidence, because = _confidence(keep.event.type, other.how, keep.event.actors, keep.weak_because)
    event = replace(
        keep.event, confidence=confidence, **{f: getattr(other.event, f) for f in ("date", "end_date", "value", "granularity", "date_text")}
    )
    why = replace(
        keep.why, date_step=other.why.date_step, date_because=f"{other.why.date_because} ({told})", timex=other.why.timex,
        confidence=confidence, evidence=evidence, confidence_because=because,
    )
    return keep._replace(event=event, why=why, how=other.how)


def _same_happening(a: Event, b: Event) -> bool:
    """Same kind, same doer, compatible dates: with the same trigger and object, one happening."""
    told = {a.status, b.status}
    return (
        a.type == b.type != "other"
        and (len(told) == 1 or (told == {"happened", "reported"} and not a.negated and not b.negated))
        and (a.date == b.date or not a.date or not b.date)
        and bool(set(a.actors) & set(b.actors))
        and (not a.places or not b.places or bool(set(a.places) & set(b.places)))
    )
