"""Score the learned event-mention layer the way TempEval-3 Task B does, across corpora.

Usage: ``python benchmarks/event_mentions.py [--data ../shared/eval/te3-train] [--json] [--limit N]``

Never scored on what it was trained on: a model trained on TimeBank scores AQUAINT,
one trained on AQUAINT scores TimeBank (the shipped model, trained on both, is not
scored here). Spans match when they overlap, one-to-one, greedily in document order
(``tempeval.score_document``); P = matches / system, R = matches / gold; class F1 =
class accuracy on matches x F1; tense, aspect, modality and polarity are accuracies on
matches, polarity only on documents whose polarity labels are sound.
The speed figure is the layer's time as a share of a bare spaCy parse of the same texts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tempeval  # noqa: E402
import train_mentions  # noqa: E402

from timeline.contents import EventMention  # noqa: E402
from timeline.mentions import find_event_mentions, model_from_dict  # noqa: E402

ATTRIBUTES = ("tense", "aspect", "modality", "polarity")


def _as_timex(mention: EventMention, attribute: str) -> tempeval.Timex:
    """A mention in the shape ``tempeval.score_document`` pairs: class as type, ``attribute`` as value."""
    return tempeval.Timex(mention.start, mention.end, mention.text, mention.cls, getattr(mention, attribute))


def score(golds: Sequence[train_mentions.GoldDocument], systems: Sequence[Sequence[EventMention]]) -> dict[str, float]:
    """Task B figures in percent, summed over documents."""
    figures: dict[str, float] = {}
    for attribute in ATTRIBUTES:
        scores = tempeval.Scores()
        for gold, system in zip(golds, systems):
            if attribute == "polarity" and not gold.polarity_ok:
                continue
            tempeval.score_document(
                [_as_timex(e, attribute) for e in gold.events], [_as_timex(m, attribute) for m in system], scores
            )
        f = scores.figures()
        if attribute == "tense":  # spans and classes are the same in every pass
            figures.update(
                p=f["relaxed_p"], r=f["relaxed_r"], f1=f["relaxed_f1"], strict_f1=f["strict_f1"],
                class_acc=f["type_acc"], class_f1=f["type_f1"], gold=f["gold"], system=f["system"],
            )
        figures[f"{attribute}_acc"] = f["value_acc"]
    return figures


def cross_corpus(data: Path, limit: int | None = None) -> list[dict]:
    """Train on each corpus and score the other; ``limit`` keeps the first N documents of each."""
    from timeline.nlp import load

    load()  # loaded before the clock starts
    corpora = {name: train_mentions.read_gold_corpus(data / name)[:limit] for name in train_mentions.CORPORA}
    parsed, parse_seconds = {}, {}
    for name, golds in corpora.items():
        began = time.perf_counter()
        parsed[name] = train_mentions.parse_corpus(golds)
        parse_seconds[name] = time.perf_counter() - began
    results = []
    for train_on, test_on in (("TimeBank", "AQUAINT"), ("AQUAINT", "TimeBank")):
        model = model_from_dict(train_mentions.train(parsed[train_on], corpora[train_on]))
        began = time.perf_counter()
        systems = [find_event_mentions(doc, model) for doc in parsed[test_on]]
        layer_seconds = time.perf_counter() - began
        result = {"train": train_on, "test": test_on, "documents": len(corpora[test_on])}
        result.update(score(corpora[test_on], systems))
        result.update(layer_seconds=layer_seconds, parse_seconds=parse_seconds[test_on])
        result["speed_ratio"] = layer_seconds / parse_seconds[test_on]
        results.append(result)
    return results


def print_table(results: list[dict]) -> None:
    print(f"{'train -> test':22} {'P':>6} {'R':>6} {'F1':>6} {'strict':>6} {'class':>6} "
          f"{'tense':>6} {'aspect':>6} {'modal':>6} {'polar':>6}  gold/system")
    for r in results:
        print(f"{r['train'] + ' -> ' + r['test']:22} {r['p']:6.1f} {r['r']:6.1f} {r['f1']:6.1f} {r['strict_f1']:6.1f} "
              f"{r['class_f1']:6.1f} {r['tense_acc']:6.1f} {r['aspect_acc']:6.1f} {r['modality_acc']:6.1f} "
              f"{r['polarity_acc']:6.1f}  {r['gold']}/{r['system']}")
    for r in results:
        print(f"speed on {r['test']}: mention layer {r['layer_seconds']:.2f} s, bare parse {r['parse_seconds']:.2f} s, "
              f"ratio {r['speed_ratio']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=train_mentions.TE3_TRAIN)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, help="only the first N documents of each corpus")
    args = parser.parse_args(argv)
    if not all((args.data / name).is_dir() for name in train_mentions.CORPORA):
        print(f"{args.data}: no TimeBank/ and AQUAINT/ folders", file=sys.stderr)
        return 2
    results = cross_corpus(args.data, args.limit)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
