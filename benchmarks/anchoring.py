"""Score how our events are anchored in time against the TLINKs of TempEval-3's training data.

Usage: ``python benchmarks/anchoring.py [DIR ...] [--json] [--limit N]``
(default: ``../shared/eval/te3-train/TimeBank`` and ``.../AQUAINT``, scored apart).

The gold anchoring set: an EVENT's *anchor* is the value of a time expression that a
TLINK puts the event inside: ``event IS_INCLUDED time``, ``DURING``, ``SIMULTANEOUS``
or ``IDENTITY`` (or ``time INCLUDES event``), where the time is a DATE or TIME with a
calendar value (``1998-01-08``, ``1998-01``, ``1998-W02``, ``1998``, ``1998-01-08T14:00``);
links to the document's creation time count, with its day as the value. An event with
several such links keeps the most precise value; one whose links disagree at that
precision is left out as ambiguous.

Each article goes through ``timeline.events.extract`` with its DCT as the publication
date, exactly as ``timeline extract`` runs. Our event *matches* a gold event when its
trigger's span overlaps the gold EVENT's span (one-to-one, greedy, in document order,
as TempEval-3 pairs spans). Then, over the matched pairs whose gold event has an anchor:

* **anchor accuracy**: of those our event dates, the share whose TIMEX ``value`` is the
  gold anchor's exactly, at the gold's precision (a day is right only as that day);
* **dated**: the share of them our event dates at all;
* **anchor recall**: correct anchors over every gold-anchored event, matched or not.

No rule was written against these files: both corpora are held out from the event
layer's rules (which were grown on other stories). They are scored apart so a change
can be checked on one and reported on the other.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tempeval  # noqa: E402

from timeline.contents import Article, Event  # noqa: E402
from timeline.events import extract_all  # noqa: E402

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


def score(documents: list[AnchoredDocument]) -> dict:
    articles = [Article(id=d.name, path=d.name, title=None, body=d.text, published=d.published) for d in documents]
    counts: Counter = Counter()
    wrong: Counter = Counter()
    examples: list[str] = []
    for document, extraction in zip(documents, extract_all(articles)):
        anchored = [g for g in document.events if g.anchor]
        counts["gold anchored"] += len(anchored)
        counts["ours"] += len(extraction.events)
        for gold, event in pair(document.events, list(extraction.events)):
            counts["matched"] += 1
            if not gold.anchor:
                continue
            counts["matched anchored"] += 1
            value = our_value(event)
            if value is None:
                continue
            counts["dated"] += 1
            if value == gold.anchor:
                counts["correct"] += 1
            else:
                kind = "coarser" if gold.anchor.startswith(value) else "finer" if value.startswith(gold.anchor) else "other"
                wrong[kind] += 1
                if len(examples) < 12:
                    examples.append(f"{document.name}: {event.trigger.text!r} ours {value} gold {gold.anchor}")
    dated, matched = counts["dated"], counts["matched anchored"]
    return {
        "documents": len(documents),
        "counts": dict(counts),
        "anchor_accuracy": round(100 * counts["correct"] / dated, 2) if dated else None,
        "dated_share": round(100 * dated / matched, 2) if matched else None,
        "anchor_recall": round(100 * counts["correct"] / counts["gold anchored"], 2) if counts["gold anchored"] else None,
        "wrong_by_kind": dict(wrong),
        "examples": examples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DATA / "TimeBank", DATA / "AQUAINT"])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents of each folder")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    missing = [f for f in args.folders if not f.is_dir()]
    if missing:
        print(f"anchoring: {missing[0]}: not found; the TempEval-3 data lives in ../shared/eval/te3-train", file=sys.stderr)
        return 2
    results = {}
    for folder in args.folders:
        documents = [read_anchored(path) for path in sorted(folder.glob("*.tml"))[: args.limit]]
        results[folder.name] = score(documents)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, result in results.items():
        c = result["counts"]
        print(f"== {name}: {result['documents']} documents, {c.get('gold anchored', 0)} gold-anchored events, {c.get('ours', 0)} of ours")
        print(f"   anchor accuracy {result['anchor_accuracy']}%  ({c.get('correct', 0)}/{c.get('dated', 0)} dated matches)")
        print(f"   dated {result['dated_share']}% of {c.get('matched anchored', 0)} matched anchored events; anchor recall {result['anchor_recall']}%")
        print(f"   wrong: {result['wrong_by_kind']}")
        for example in result["examples"]:
            print(f"     {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
