"""Score how our events are anchored in time against the TLINKs of TempEval-3's training data.

Usage: ``python benchmarks/anchoring.py [--data DIR] [--json] [--limit N] [--shipped]``
(``--data``: the folder holding ``TimeBank/`` and ``AQUAINT/``, ``../shared/eval/te3-train``).

The gold anchoring set: an EVENT's *anchor* is the value of a time expression that a
TLINK puts the event inside: ``event IS_INCLUDED time``, ``DURING``, ``SIMULTANEOUS``
or ``IDENTITY`` (or ``time INCLUDES event``), where the time is a DATE or TIME with a
calendar value (``1998-01-08``, ``1998-01``, ``1998-W02``, ``1998``, ``1998-01-08T14:00``);
links to the document's creation time count, with its day as the value. An event with
several such links keeps the most precise value; one whose links disagree at that
precision is left out as ambiguous.

Each article goes through ``timeline.events.extract_from_doc`` with its DCT as the
publication date, as ``timeline extract`` runs it, but with event mentions nobody
trained on that article, so the figures are held out:

* **held-out mentions** ("TimeBank -> AQUAINT"): the mention model is trained on one
  corpus (``train_mentions.train``, deterministic, kept in memory, never written) and the
  other corpus is scored: what a user's unseen news meets;
* **gold mentions**: the gold EVENTs and their MAKEINSTANCE attributes stand in for the
  mention model, so only the parse and our rules play a part: anchoring on its own;
* ``--shipped`` adds the shipped model's figures, for comparison only: it was trained on
  both corpora, so they are *not* held out.

Our event *matches* a gold event when its
trigger's span overlaps the gold EVENT's span (one-to-one, greedy, in document order,
as TempEval-3 pairs spans). Then, over the matched pairs whose gold event has an anchor:

* **anchor accuracy**: of those our event dates, the share whose TIMEX ``value`` is the
  gold anchor's exactly, at the gold's precision (a day is right only as that day);
* **dated**: the share of them our event dates at all;
* **anchor recall**: correct anchors over every gold-anchored event, matched or not.

Each figure also says which step of ``anchoring.date_of`` set how many dates (all our
events, and the matched anchored ones with their accuracy). Rules are checked on
TimeBank only (the development side); AQUAINT is the side to report.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tempeval  # noqa: E402
import train_mentions  # noqa: E402

from timeline import nlp  # noqa: E402
from timeline.contents import Article, Event, EventMention, Extraction  # noqa: E402
from timeline.events import extract_from_doc  # noqa: E402
from timeline.mentions import find_event_mentions, model_from_dict  # noqa: E402
from timeline.readers import plain_text  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "te3-train"
#: Relations that put an event inside a time, read from the event's side.
INSIDE = frozenset({"IS_INCLUDED", "DURING", "SIMULTANEOUS", "IDENTITY"})
#: The same relations read from the time's side (``time INCLUDES event``).
INSIDE_FROM_TIME = frozenset({"INCLUDES", "DURING_INV", "SIMULTANEOUS", "IDENTITY"})
_CALENDAR = re.compile(r"\d{4}(?:-(?:\d\d(?:-\d\d(?:T[\d:]+)?)?|W\d\d|Q\d))?$")


@dataclass(frozen=True)
class GoldEvent:
    start: int
    end: int
    text: str
    anchor: str | None  # the most precise calendar value it lies in, or None


@dataclass(frozen=True)
class AnchoredDocument:
    name: str
    text: str
    published: object  # datetime.date
    events: tuple[GoldEvent, ...]

    def article(self) -> Article:
        return Article(id=self.name, path=self.name, title=None, body=self.text, published=self.published)


@dataclass(frozen=True)
class Corpus:
    """One corpus read and parsed once: every evaluation extracts from the same parses."""

    name: str
    documents: list[AnchoredDocument]
    golds: list[train_mentions.GoldDocument]  # the same articles' gold EVENTs, as mentions
    docs: list  # spaCy Docs of each article's text


def _precision(value: str) -> int:
    return len(value.replace("-W", "-").replace("T", ""))


def read_anchored(path: Path) -> AnchoredDocument:
    """A .tml article with every EVENT and the anchor its TLINKs give it."""
    document = tempeval.read_tml(path)
    source = path.read_text(encoding="utf-8")
    _, elements = tempeval.strip_tags(tempeval._TEXT.search(source).group(1))
    tags = [dict(tempeval._ATTR.findall(m.group(3))) | {"": m.group(2)} for m in tempeval._TAG.finditer(source)]
    values = {t["tid"]: t.get("value", "") for t in tags if t[""] == "TIMEX3" and t.get("type") in ("DATE", "TIME")}
    for tid, value in list(values.items()):
        if not _CALENDAR.match(value):
            del values[tid]
    event_of = {t["eiid"]: t["eventID"] for t in tags if t[""] == "MAKEINSTANCE"}
    anchors: dict[str, set[str]] = {}
    for link in (t for t in tags if t[""] == "TLINK"):
        relation = link.get("relType", "")
        if "eventInstanceID" in link and "relatedToTime" in link and relation in INSIDE:
            instance, tid = link["eventInstanceID"], link["relatedToTime"]
        elif "timeID" in link and "relatedToEventInstance" in link and relation in INSIDE_FROM_TIME:
            instance, tid = link["relatedToEventInstance"], link["timeID"]
        else:
            continue
        if instance in event_of and tid in values:
            anchors.setdefault(event_of[instance], set()).add(values[tid][:10] if "T" in values[tid] else values[tid])
    events = []
    for element in (e for e in elements if e.tag == "EVENT"):
        found = anchors.get(element.attrs.get("eid"), set())
        best = max((_precision(v) for v in found), default=0)
        finest = {v for v in found if _precision(v) == best}
        anchor = finest.pop() if len(finest) == 1 else None
        events.append(GoldEvent(element.start, element.end, document.text[element.start : element.end], anchor))
    return AnchoredDocument(document.name, document.text, document.dct, tuple(events))


def our_value(event: Event) -> str | None:
    """Our anchor as a TIMEX value: the day of a time, the value of a coarser date."""
    if event.value is None:
        return None
    return event.value[:10] if event.granularity == "time" else event.value


def pair(gold: tuple[GoldEvent, ...], ours: list[Event]) -> list[tuple[GoldEvent, Event]]:
    """Overlapping spans, one-to-one, greedy in document order (TempEval-3's pairing)."""
    free = sorted(ours, key=lambda e: (e.trigger.start, e.trigger.end))
    pairs = []
    for g in gold:
        match = next((e for e in free if e.trigger.start < g.end and g.start < e.trigger.end), None)
        if match is not None:
            free.remove(match)
            pairs.append((g, match))
    return pairs


def read_corpus(folder: Path, limit: int | None = None) -> Corpus:
    paths = sorted(folder.glob("*.tml"))[:limit]
    documents = [read_anchored(path) for path in paths]
    docs = list(nlp.parse(plain_text(d.article()) for d in documents))
    return Corpus(folder.name, documents, [train_mentions.read_gold(path) for path in paths], docs)


def extract(corpus: Corpus, mentions_of: Callable[[int], tuple[EventMention, ...]]) -> list[Extraction]:
    """Every article of ``corpus`` extracted with the event mentions ``mentions_of(n)`` gives its n-th."""
    return [extract_from_doc(d.article(), doc, event_mentions=mentions_of(n)) for n, (d, doc) in enumerate(zip(corpus.documents, corpus.docs))]


def with_gold_mentions(corpus: Corpus) -> list[Extraction]:
    return extract(corpus, lambda n: corpus.golds[n].events)


def with_model_trained_on(corpus: Corpus, training: Corpus) -> list[Extraction]:
    model = model_from_dict(train_mentions.train(training.docs, training.golds))
    return extract(corpus, lambda n: find_event_mentions(corpus.docs[n], model))


def score(documents: Sequence[AnchoredDocument], extractions: Sequence[Extraction]) -> dict:
    """The anchoring figures of the module docstring, and the dates each step set."""
    counts: Counter = Counter()
    wrong: Counter = Counter()
    steps: Counter = Counter()  # all our events' dates, by step
    matched_steps: Counter = Counter()  # dated matched anchored events, by step
    correct_steps: Counter = Counter()
    examples: list[str] = []
    for document, extraction in zip(documents, extractions):
        anchored = [g for g in document.events if g.anchor]
        counts["gold anchored"] += len(anchored)
        counts["ours"] += len(extraction.events)
        step_of = {id(event): why.date_step for event, why in zip(extraction.events, extraction.whys)}
        steps.update(step_of.values())
        for gold, event in pair(document.events, list(extraction.events)):
            counts["matched"] += 1
            if not gold.anchor:
                continue
            counts["matched anchored"] += 1
            value = our_value(event)
            if value is None:
                continue
            counts["dated"] += 1
            step = step_of[id(event)]
            matched_steps[step] += 1
            if value == gold.anchor:
                counts["correct"] += 1
                correct_steps[step] += 1
            else:
                kind = "coarser" if gold.anchor.startswith(value) else "finer" if value.startswith(gold.anchor) else "other"
                wrong[kind] += 1
                if len(examples) < 12:
                    examples.append(f"{document.name}: {event.trigger.text!r} ours {value} ({step}) gold {gold.anchor}")
    dated, matched = counts["dated"], counts["matched anchored"]
    return {
        "documents": len(documents),
        "counts": dict(counts),
        "anchor_accuracy": _percent(counts["correct"], dated),
        "dated_share": _percent(dated, matched),
        "anchor_recall": _percent(counts["correct"], counts["gold anchored"]),
        "dates_by_step": dict(sorted(steps.items())),
        "matched_by_step": {s: {"dated": n, "accuracy": _percent(correct_steps[s], n)} for s, n in sorted(matched_steps.items())},
        "wrong_by_kind": dict(sorted(wrong.items())),
        "examples": examples,
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def evaluate(data: Path, limit: int | None = None, shipped: bool = False) -> list[dict]:
    """Every evaluation of the module docstring, each corpus parsed once."""
    corpora = {name: read_corpus(data / name, limit) for name in train_mentions.CORPORA}
    results = []
    for name, corpus in corpora.items():
        (other,) = (c for n, c in corpora.items() if n != name)
        runs = [
            (f"{other.name} -> {name} (held-out mention model)", lambda: with_model_trained_on(corpus, other)),
            (f"{name}, gold mentions", lambda: with_gold_mentions(corpus)),
        ]
        if shipped:
            runs.append((f"{name}, shipped model (trained on both: NOT held out)", lambda: extract(corpus, lambda n: find_event_mentions(corpus.docs[n]))))
        results += [{"evaluation": label} | score(corpus.documents, run()) for label, run in runs]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding TimeBank/ and AQUAINT/")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents of each corpus")
    parser.add_argument("--shipped", action="store_true", help="also score with the shipped mention model (not held out)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    missing = [args.data / name for name in train_mentions.CORPORA if not (args.data / name).is_dir()]
    if missing:
        print(f"anchoring: {missing[0]}: not found; the TempEval-3 data lives in ../shared/eval/te3-train", file=sys.stderr)
        return 2
    results = evaluate(args.data, args.limit, args.shipped)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for result in results:
        c = result["counts"]
        print(f"== {result['evaluation']}: {result['documents']} documents, {c.get('gold anchored', 0)} gold-anchored events, {c.get('ours', 0)} of ours")
        print(f"   anchor accuracy {result['anchor_accuracy']}%  ({c.get('correct', 0)}/{c.get('dated', 0)} dated matches)")
        print(f"   dated {result['dated_share']}% of {c.get('matched anchored', 0)} matched anchored events; anchor recall {result['anchor_recall']}%")
        print(f"   dates set, by step: {result['dates_by_step']}")
        print("   matched, by step: " + ", ".join(f"{s} {m['dated']} ({m['accuracy']}%)" for s, m in result["matched_by_step"].items()))
        print(f"   wrong: {result['wrong_by_kind']}")
        for example in result["examples"]:
            print(f"     {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
