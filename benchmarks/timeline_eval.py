"""Score our events against the SemEval-2015 Task 4 "TimeLine" trial data.

    python benchmarks/timeline_eval.py [--data DIR] [--limit N] [--json] [--no-timing]

Reads ``../shared/eval/timeline-trial`` at run time (see its README). Each CAT
document is rebuilt as text from its tokens -- one line per sentence, so the
sentence numbers of the gold survive our newline-sentence rule -- with a map from
token id to character offsets, and its DCT as the publication date. We run
``timeline.events`` on it and map each event's trigger back to token ids.

What is computed (over the gold lines with position > 0 and documents present;
gold anchors ``YYYY-MM-XX`` count as months, ``XXXX-XX-XX`` as unanchored):

* a *gold mention* is ``doc-sentence-word`` with its token ids; our event *matches*
  it when its trigger shares a token with it (same document, same sentence);
* **anchor accuracy**: of our dated events matching a gold mention with a dated
  anchor, the share whose date equals the gold anchor at the gold's granularity
  (see ``anchor_agrees``); also given counting our undated events there as wrong;
* **day recall**: of the distinct gold mentions anchored to a day, the share that
  one of our events matches (and, separately, matches with the right anchor);
* **entity-timeline P/R/F1** (micro over entities): gold tuples are
  (doc, sentence, word, anchor) of each entity's timeline; ours are the same tuples
  for our events that involve the entity (see ``involves``), with our anchor. A
  tuple is right when doc, sentence and word match a gold tuple of that entity and
  the anchors agree as for anchor accuracy (both unanchored counts too).
  This is not the official scorer: that one builds a graph of BEFORE/SIMULTANEOUS
  relations between events and anchors and scores temporal awareness over its
  closure, so ordering among events also counts. Ours scores each tuple on its
  own; a wrong anchor is one false positive and one false negative.

An event *involves* an entity when the entity's name, or an unambiguous part of it
(see ``entity_aliases``), is one of the event's actors or appears in its title
(its own clause) as a whole word; a part counts only where it is not itself part
of another capitalised name ("Steve" in "Steve Wozniak" is not Steve Jobs).

Timing (unless ``--no-timing``): the bare spaCy parse of the same texts against
our full extraction plus merge, measured in the same run (issue 4: at most 1.3x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from timeline import events as event_extraction
from timeline import nlp as nlp_loader
from timeline.contents import GRANULARITIES, Article, Event, Extraction
from timeline.dates import value_range
from timeline.events.wordlists import LIGHT_VERBS, REPORTING_VERBS
from timeline.names import name_parts
from timeline.merge import merge_extractions
from timeline.readers import plain_text
from timeline.settings import EVENT_TYPES

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "eval" / "timeline-trial"

#: Tokens written without a space before them when the text is rebuilt.
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "''"})
#: Tokens written without a space after them.
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``"})


# --------------------------------------------------------------------------- reading the corpus


@dataclass
class Document:
    """One CAT document rebuilt as text, with the way back from characters to tokens."""

    id: str
    path: Path
    text: str
    published: dt.date
    token_span: dict[str, tuple[int, int]]  # t_id -> (start, end) in text
    token_sentence: dict[str, int]
    token_text: dict[str, str]
    event_mentions: list[tuple[str, ...]] = field(default_factory=list)  # token ids of each gold EVENT_MENTION

    def article(self) -> Article:
        title = self.text.split("\n", 1)[0]
        return Article(id=self.id, path=str(self.path), title=title, body=self.text, published=self.published, source="Wikinews")

    def tokens_in(self, start: int, end: int) -> list[str]:
        """Token ids whose characters overlap [start, end)."""
        return [t for t, (s, e) in self.token_span.items() if s < end and start < e]


def read_document(path: Path) -> Document:
    root = ET.parse(path).getroot()
    doc_id = root.get("doc_id") or re.match(r"\d+", path.name).group(0)
    pieces: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    sentences: dict[str, int] = {}
    texts: dict[str, str] = {}
    length, previous, sentence = 0, None, None
    for token in root.iter("token"):
        word, t_id, number = token.text or "", token.get("t_id"), int(token.get("sentence"))
        if sentence is not None and number != sentence:
            pieces.append("\n")
            length += 1
        elif previous is not None and word not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            pieces.append(" ")
            length += 1
        spans[t_id] = (length, length + len(word))
        pieces.append(word)
        length += len(word)
        sentences[t_id], texts[t_id] = number, word
        previous, sentence = word, number
    dct = next(
        (t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None
    )
    if dct is None:
        raise ValueError(f"{path.name}: no CREATION_TIME TIMEX3 (DCT)")
    mentions = [
        tuple(a.get("t_id") for a in m.iter("token_anchor")) for m in root.iter("EVENT_MENTION")
    ]
    return Document(doc_id, path, "".join(pieces), dt.date.fromisoformat(dct[:10]), spans, sentences, texts, mentions)


@dataclass(frozen=True)
class GoldLine:
    entity: str
    position: int
    anchor: str | None  # "2010-06-07", "2010-06", "2010"; None when unanchored
    mention: str  # doc-sentence-word


def gold_anchor(raw: str) -> str | None:
    """The gold anchor as a TIMEX3 date value: "2008-03-XX" -> "2008-03"; "XXXX-XX-XX" -> None."""
    parts = []
    for part in raw.strip().split("-"):
        if not part.isdigit():
            break
        parts.append(part)
    return "-".join(parts) if parts and len(parts[0]) == 4 else None


def read_gold(folder: Path) -> dict[str, list[GoldLine]]:
    """Entity name -> its scored gold lines (position 0 is not scored), one line per mention."""
    timelines: dict[str, list[GoldLine]] = {}
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        entity = lines[0].strip()
        rows = []
        for line in lines[1:]:
            cells = line.split("\t")
            if len(cells) < 3 or not cells[0].strip().isdigit() or int(cells[0]) == 0:
                continue
            rows.extend(GoldLine(entity, int(cells[0]), gold_anchor(cells[1]), m.strip()) for m in cells[2:] if m.strip())
        timelines[entity] = rows
    return timelines


def mention_tokens(doc: Document, sentence: int, word: str) -> tuple[str, ...] | None:
    """Token ids of the gold mention ``word`` ("court_case") in ``sentence``: a gold EVENT_MENTION first."""
    words = word.casefold().split("_")

    def spelled(tokens) -> list[str]:
        return [doc.token_text[t].casefold() for t in tokens]

    for tokens in doc.event_mentions:
        if tokens and doc.token_sentence.get(tokens[0]) == sentence and spelled(tokens) == words:
            return tokens
    in_sentence = [t for t, s in doc.token_sentence.items() if s == sentence]
    for i in range(len(in_sentence) - len(words) + 1):
        if spelled(in_sentence[i : i + len(words)]) == words:
            return tuple(in_sentence[i : i + len(words)])
    return None


# --------------------------------------------------------------------------- entities


def entity_aliases(entity: str, others: list[str]) -> tuple[str, ...]:
    """The entity's name and its name parts that look like names and no other target entity shares.

    "Steve Jobs" -> ("Steve Jobs", "Steve", "Jobs"); "iPhone 4" -> ("iPhone 4",)
    because "iPhone" also names "iPhone 3G"; "iTunes store" -> ("iTunes store", "iTunes").
    """
    shared = {p.casefold() for o in others if o != entity for p in [o, *name_parts(o)]}
    parts = [p for p in name_parts(entity) if p.casefold() not in shared and any(c.isupper() for c in p)]
    return (entity, *parts)


def involves(event: Event, entity: str, aliases: tuple[str, ...]) -> bool:
    """Whether ``event`` involves the entity: one of its actors, or named in its title.

    The title is the event's own clause (who did what to whom); the whole sentence
    would also credit the entity with every other clause around it (on the trial
    data: tuple F1 11.1 with sentences against 13.9 with titles).
    """
    folded = {a.casefold() for a in aliases}
    if any(actor.casefold() in folded for actor in event.actors):
        return True
    if re.search(rf"(?<!\w){re.escape(entity)}(?!\w)", event.title, re.IGNORECASE):
        return True
    for part in aliases[1:]:
        for found in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", event.title):
            if not _inside_other_name(event.title, found.start(), found.end()):
                return True
    return False


_QUOTES = "\"'“”‘’"


def _inside_other_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is glued to a capitalised word (not the sentence's first) on either side.

    Quotation marks do not part names: 'iTunes “App Store”' is not the name iTunes alone.
    """
    before = re.search(r"(\S+)\s+$", text[:start])
    after = re.match(r"\s+(\S+)", text[end:])
    glued_before = before is not None and before.start() > 0 and before.group(1).lstrip(_QUOTES)[:1].isupper()
    glued_after = after is not None and after.group(1).lstrip(_QUOTES)[:1].isupper()
    return glued_before or glued_after


# --------------------------------------------------------------------------- scoring


def anchor_agrees(event: Event, anchor: str | None) -> bool:
    """Our date equals the gold anchor at the gold's granularity; unanchored agrees with undated.

    Our ISO start date, cut to the gold's length, must equal the gold anchor, and our
    granularity must be no coarser than the gold's: "this week" (2006-W13, from
    2006-03-27) agrees with gold 2006-03; "2003" never agrees with gold 2003-04-28.
    """
    if anchor is None:
        return event.date is None
    period = value_range(anchor)
    if event.date is None or period is None or event.granularity not in GRANULARITIES:
        return False
    return event.date[: len(anchor)] == anchor and GRANULARITIES.index(event.granularity) <= GRANULARITIES.index(period[2])


@dataclass(frozen=True)
class Mapped:
    """One of our events as a timeline tuple."""

    event: Event
    doc: str
    sentence: int
    tokens: tuple[str, ...]
    word: str

    @property
    def mention(self) -> str:
        return f"{self.doc}-{self.sentence}-{self.word}"


def map_event(event: Event, doc: Document) -> Mapped | None:
    tokens = doc.tokens_in(event.trigger.start, event.trigger.end)
    if not tokens:
        return None
    return Mapped(event, doc.id, doc.token_sentence[tokens[0]], tuple(tokens), "_".join(doc.token_text[t] for t in tokens))


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def _ratio(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def score(docs: dict[str, Document], extractions: list[Extraction], timelines: dict[str, list[GoldLine]], parsed: dict[str, object] | None = None) -> dict:
    """Every figure of the module docstring, plus the misses and wrong anchors to read."""
    mapped = [m for x in extractions for e in x.events if (m := map_event(e, docs[x.article.id])) is not None]
    by_token: dict[tuple[str, str], list[Mapped]] = defaultdict(list)
    for m in mapped:
        for t in m.tokens:
            by_token[(m.doc, t)].append(m)

    # Gold mentions, resolved to tokens once.
    gold_tokens: dict[str, tuple[str, ...]] = {}
    unresolved: set[str] = set()
    gold_anchor_of: dict[str, str | None] = {}
    for lines in timelines.values():
        for line in lines:
            doc_id, sentence, word = _split_mention(line.mention)
            doc = docs.get(doc_id)
            tokens = mention_tokens(doc, sentence, word) if doc is not None else None
            if tokens is None:
                unresolved.add(line.mention)
                continue
            gold_tokens[line.mention] = tokens
            gold_anchor_of.setdefault(line.mention, line.anchor)

    def matches(mention: str) -> list[Mapped]:
        doc_id = _split_mention(mention)[0]
        found = {id(m): m for t in gold_tokens[mention] for m in by_token.get((doc_id, t), [])}
        return list(found.values())

    # Anchor accuracy: our events matching a dated gold mention.
    judged, judged_dated, right, wrong_anchors = 0, 0, 0, []
    for mention, anchor in sorted(gold_anchor_of.items()):
        if anchor is None:
            continue
        for m in matches(mention):
            judged += 1
            judged_dated += m.event.date is not None
            if anchor_agrees(m.event, anchor):
                right += 1
            else:
                wrong_anchors.append({
                    "mention": mention, "gold": anchor, "ours": m.event.value, "date_text": m.event.date_text,
                    "title": m.event.title, "why": _why_wrong(m.event, anchor, docs[m.doc].published),
                })

    # Recall of day-anchored gold mentions.
    day_mentions = sorted(m for m, a in gold_anchor_of.items() if a and len(a) == 10)
    found_day = [m for m in day_mentions if matches(m)]
    right_day = [m for m in found_day if any(anchor_agrees(x.event, gold_anchor_of[m]) for x in matches(m))]
    misses = [m for m in day_mentions if m not in set(found_day)]

    # Entity timelines.
    entities = sorted(timelines)
    per_entity, totals = {}, Counter()
    for entity in entities:
        aliases = entity_aliases(entity, entities)
        gold = {(l.mention, l.anchor) for l in timelines[entity] if l.mention in gold_tokens}
        gold_by_mention = {mention: anchor for mention, anchor in gold}
        ours = [m for m in mapped if involves(m.event, entity, aliases)]
        true_ours = 0
        recalled: set[str] = set()
        for m in ours:
            hit = next(
                (g for g in gold_by_mention if _split_mention(g)[0] == m.doc and set(gold_tokens[g]) & set(m.tokens)
                 and anchor_agrees(m.event, gold_by_mention[g])),
                None,
            )
            if hit is not None:
                true_ours += 1
                recalled.add(hit)
        counts = {"system": len(ours), "gold": len(gold), "true_system": true_ours, "true_gold": len(recalled)}
        per_entity[entity] = {**counts, **_prf(true_ours, len(ours), len(recalled), len(gold)), "aliases": list(aliases)}
        totals.update(counts)

    return {
        "documents": len(docs),
        "events": len(mapped),
        "gold_mentions": len(gold_tokens),
        "gold_mentions_unresolved": sorted(unresolved),
        "anchor_accuracy": _ratio(right, judged_dated),
        "anchor_accuracy_with_undated": _ratio(right, judged),
        "anchor_judged": judged_dated,
        "anchor_judged_with_undated": judged,
        "anchor_right": right,
        "wrong_anchor_breakdown": dict(Counter(w["why"] for w in wrong_anchors).most_common()),
        "day_mentions": len(day_mentions),
        "day_recall": _ratio(len(found_day), len(day_mentions)),
        "day_recall_right_anchor": _ratio(len(right_day), len(day_mentions)),
        "entity_timelines": {**_prf(totals["true_system"], totals["system"], totals["true_gold"], totals["gold"]), **dict(totals)},
        "per_entity": per_entity,
        "wrong_anchors": wrong_anchors,
        "misses": [_describe_miss(m, docs, gold_tokens, mapped, parsed) for m in misses],
    }


def _why_wrong(event: Event, anchor: str, published: dt.date) -> str:
    if event.date is None:
        return "undated; the gold anchor is the DCT" if anchor == published.isoformat() else "undated; the gold anchor is not the DCT"
    period = value_range(anchor)
    if period and event.granularity in GRANULARITIES and GRANULARITIES.index(event.granularity) > GRANULARITIES.index(period[2]):
        return "dated coarser than the gold anchor"
    if anchor == published.isoformat():
        return "dated elsewhere; the gold anchor is the DCT"
    return "dated elsewhere"


def _split_mention(mention: str) -> tuple[str, int, str]:
    doc_id, sentence, word = mention.split("-", 2)
    return doc_id, int(sentence), word


def _describe_miss(mention: str, docs: dict[str, Document], gold_tokens: dict, mapped: list[Mapped], parsed: dict | None) -> dict:
    """A missed gold mention, with what the parse says of its word and what we found in its sentence."""
    doc_id, sentence, _ = _split_mention(mention)
    doc = docs[doc_id]
    info = {"mention": mention, "ours_in_sentence": sorted({m.word for m in mapped if m.doc == doc_id and m.sentence == sentence})}
    spacy_doc = (parsed or {}).get(doc_id)
    if spacy_doc is not None:
        start, end = doc.token_span[gold_tokens[mention][0]]
        span = spacy_doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            token = span[0]
            info.update(pos=token.pos_, lemma=token.lemma_.lower(), dep=token.dep_)
    return info


def miss_breakdown(misses: list[dict]) -> dict:
    """Why gold mentions are missed, in counts the extractor's author can act on."""
    reasons = Counter()
    for miss in misses:
        lemma, pos = miss.get("lemma", ""), miss.get("pos", "?")
        if lemma in REPORTING_VERBS:
            reasons["reporting verb (by design not an event)"] += 1
        elif lemma in LIGHT_VERBS:
            reasons["light/stative verb (by design not an event)"] += 1
        elif pos == "NOUN":
            reasons["nominal event" + (" in taxonomy" if lemma in _taxonomy_lemmas() else " not in taxonomy")] += 1
        elif pos in ("VERB", "AUX"):
            reasons["verb " + ("in a sentence with other events of ours" if miss["ours_in_sentence"] else "in a sentence with none of ours")] += 1
        else:
            reasons[f"other part of speech ({pos})"] += 1
    return dict(reasons.most_common())


def _taxonomy_lemmas() -> frozenset[str]:
    return frozenset().union(*EVENT_TYPES.values())


# --------------------------------------------------------------------------- running


def load(data: Path, limit: int | None = None) -> tuple[dict[str, Document], dict[str, list[GoldLine]]]:
    paths = sorted((data / "docs-cat").glob("*.xml"))[:limit]
    docs = {}
    for path in paths:
        try:
            doc = read_document(path)
        except (ET.ParseError, ValueError) as err:
            print(f"skipping {path.name}: {err}", file=sys.stderr)
            continue
        docs[doc.id] = doc
    timelines = read_gold(data / "gold-timelines")
    if limit is not None:  # score only the documents read
        timelines = {e: [l for l in lines if _split_mention(l.mention)[0] in docs] for e, lines in timelines.items()}
    return docs, timelines


def evaluate(data: Path = DEFAULT_DATA, limit: int | None = None) -> dict:
    """Run our extractor on the trial documents and score it."""
    docs, timelines = load(data, limit)
    nlp = nlp_loader.load()
    articles = [d.article() for d in docs.values()]
    parsed = dict(zip(docs, nlp_loader.parse((plain_text(a) for a in articles), nlp)))  # as events.extract does
    extractions = [event_extraction.extract_from_doc(a, parsed[a.id]) for a in articles]
    result = score(docs, extractions, timelines, parsed)
    result["miss_breakdown"] = miss_breakdown(result["misses"])
    result["merged_entries"] = len(merge_extractions(extractions))
    return result


def measure_cost(data: Path = DEFAULT_DATA, limit: int | None = None, repeat: int = 3) -> dict:
    """Seconds for the bare spaCy parse and for extraction plus merge of the same texts (best of ``repeat``)."""
    docs, _ = load(data, limit)
    articles = [d.article() for d in docs.values()]
    nlp = nlp_loader.load()
    list(nlp_loader.parse((a.body for a in articles[:2]), nlp))  # warm up: model load, first-call costs
    event_extraction.extract_all(articles[:2], nlp)
    bare, full, merge = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        list(nlp_loader.parse((a.body for a in articles), nlp))
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        extractions = event_extraction.extract_all(articles, nlp)
        merged_at = time.perf_counter()
        merge_extractions(extractions)
        full.append(time.perf_counter() - start)
        merge.append(time.perf_counter() - merged_at)
    return {
        "bare_parse_s": round(min(bare), 3),
        "extract_merge_s": round(min(full), 3),
        "merge_s": round(min(merge), 3),
        "ratio": round(min(full) / min(bare), 3),
    }


def _print_report(result: dict) -> None:
    et = result["entity_timelines"]
    print(f"timeline-trial: {result['documents']} documents, {result['events']} events of ours, {result['gold_mentions']} gold mentions scored"
          f" ({len(result['gold_mentions_unresolved'])} unresolved: {', '.join(result['gold_mentions_unresolved']) or '-'})")
    print(f"anchor accuracy     {result['anchor_accuracy']:6.2f}%  ({result['anchor_right']}/{result['anchor_judged']} of our dated events on dated gold mentions; target >= 80)")
    print(f"  counting undated  {result['anchor_accuracy_with_undated']:6.2f}%  ({result['anchor_right']}/{result['anchor_judged_with_undated']}: an undated event on a dated gold mention is wrong)")
    print(f"day-anchored recall {result['day_recall']:6.2f}%  of {result['day_mentions']} (with the right anchor: {result['day_recall_right_anchor']:.2f}%; target >= 40)")
    print(f"entity-timeline P/R/F1 {et['precision']:.2f} / {et['recall']:.2f} / {et['f1']:.2f}  (tuple-level, not the official graph scorer; published best from raw text 7.85)")
    for entity, figures in result["per_entity"].items():
        print(f"  {entity:22s} P {figures['precision']:6.2f}  R {figures['recall']:6.2f}  F1 {figures['f1']:6.2f}  ours {figures['system']:4d}  gold {figures['gold']:4d}  aliases {figures['aliases']}")
    print(f"merged entries: {result['merged_entries']}")
    if "timing" in result:
        t = result["timing"]
        print(f"cost: bare parse {t['bare_parse_s']:.2f}s, extraction + merge {t['extract_merge_s']:.2f}s (merge alone {t['merge_s']:.3f}s), ratio {t['ratio']:.2f}x (target <= 1.3x)")
    print("\nwhy day-anchored gold mentions are missed:")
    for reason, count in result["miss_breakdown"].items():
        print(f"  {count:4d}  {reason}")
    print("\nwhy anchors are wrong:")
    for reason, count in result["wrong_anchor_breakdown"].items():
        print(f"  {count:4d}  {reason}")
    print("\nwrong anchors (mention: gold vs ours [date text] title):")
    for w in result["wrong_anchors"]:
        print(f"  {w['mention']}: {w['gold']} vs {w['ours']} [{w['date_text']}] {w['title']}")
    print("\nmissed day-anchored gold mentions (mention: pos lemma; our triggers in that sentence):")
    for m in result["misses"]:
        print(f"  {m['mention']}: {m.get('pos', '?')} {m.get('lemma', '?')}; {', '.join(m['ours_in_sentence']) or '-'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the timeline-trial folder")
    parser.add_argument("--limit", type=int, help="only the first N documents (while iterating)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-timing", action="store_true", help="skip the cost measurement")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best is kept")
    args = parser.parse_args(argv)
    if not (args.data / "docs-cat").is_dir() or not (args.data / "gold-timelines").is_dir():
        print(f"error: {args.data} has no docs-cat/ and gold-timelines/ (see ../shared/eval/README.md)", file=sys.stderr)
        return 2
    result = evaluate(args.data, args.limit)
    if not args.no_timing:
        result["timing"] = measure_cost(args.data, args.limit, args.repeat)
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        _print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
