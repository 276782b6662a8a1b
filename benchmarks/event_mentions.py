"""Score the learned event-mention layer the way TempEval-3 Task B does, on unseen articles.

Usage: ``python benchmarks/event_mentions.py [--data ../shared/eval/te3-train] [--json] [--limit N] [--validate]``

Three evaluations, none scored on what it was trained on:

- TimeBank -> AQUAINT and AQUAINT -> TimeBank: train on one corpus, score the other.
  The harder, honest figures: the corpora were annotated years apart and disagree.
- TBAQ split: train on the rest of TimeBank + AQUAINT, score the fixed test part, as
  the shipped model (trained on all of TBAQ) meets unseen news. The rule was fixed
  before any score was seen: a document is test when the sha256 of its file name
  (without ``.tml``) is 0 mod 5 (49 of 256 articles), validation when it is 1 mod 5.
  Tune on ``--validate`` only (train on the remaining 3/5, score validation); never
  on the test part.

Spans match when they overlap, one-to-one, greedily in document order
(``tempeval.score_document``); P = matches / system, R = matches / gold; class F1 =
class accuracy on matches x F1, with each gold class's accuracy on its matches (the rare
classes are where the corpora disagree most); tense, aspect, modality and polarity are
accuracies on matches, polarity only on documents whose polarity labels are sound.
The speed figure is the layer's time as a share of a bare spaCy parse of the same texts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
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
                class_accuracies=scores.type_accuracies(),
            )
        figures[f"{attribute}_acc"] = f["value_acc"]
    return figures


def split_of(name: str) -> str:
    """``"test"``, ``"validation"`` or ``"train"``: the fixed split of the module docstring."""
    return {0: "test", 1: "validation"}.get(int(hashlib.sha256(name.encode()).hexdigest(), 16) % 5, "train")


def evaluations(validate: bool = False) -> list[tuple[str, Callable[[str, str], bool], Callable[[str, str], bool]]]:
    """(name, is a training document, is a test document), each deciding on (corpus, document name)."""
    if validate:
        return [("TBAQ train -> validation", lambda _, n: split_of(n) == "train", lambda _, n: split_of(n) == "validation")]
    return [
        ("TimeBank -> AQUAINT", lambda c, _: c == "TimeBank", lambda c, _: c == "AQUAINT"),
        ("AQUAINT -> TimeBank", lambda c, _: c == "AQUAINT", lambda c, _: c == "TimeBank"),
        ("TBAQ split", lambda _, n: split_of(n) != "test", lambda _, n: split_of(n) == "test"),
    ]


def evaluate(data: Path, limit: int | None = None, validate: bool = False) -> tuple[list[dict], dict]:
    """Every evaluation's figures and the speed; ``limit`` keeps the first N documents of each corpus."""
    from timeline.nlp import load

    load()  # loaded before the clock starts
    golds = [(corpus, gold) for corpus in train_mentions.CORPORA for gold in train_mentions.read_gold_corpus(data / corpus)[:limit]]
    began = time.perf_counter()
    docs = train_mentions.parse_corpus([gold for _, gold in golds])
    parse_seconds = time.perf_counter() - began
    return score_evaluations([(corpus, gold, doc) for (corpus, gold), doc in zip(golds, docs)], parse_seconds, validate)


def score_evaluations(documents: Sequence[tuple], parse_seconds: float, validate: bool = False) -> tuple[list[dict], dict]:
    """``evaluate`` on documents already parsed, (corpus, gold, Doc) each, in ``parse_seconds``.

    Speed: the last evaluation's model run over every document, against their parse.
    """
    results = []
    for name, is_train, is_test in evaluations(validate):
        train = [(gold, doc) for corpus, gold, doc in documents if is_train(corpus, gold.name)]
        test = [(gold, doc) for corpus, gold, doc in documents if is_test(corpus, gold.name)]
        model = model_from_dict(train_mentions.train([doc for _, doc in train], [gold for gold, _ in train]))
        result = {"evaluation": name, "train_documents": len(train), "documents": len(test)}
        result.update(score([gold for gold, _ in test], [find_event_mentions(doc, model) for _, doc in test]))
        results.append(result)
    began = time.perf_counter()
    for _, _, doc in documents:
        find_event_mentions(doc, model)
    layer_seconds = time.perf_counter() - began
    return results, {"layer_seconds": layer_seconds, "parse_seconds": parse_seconds, "ratio": layer_seconds / parse_seconds}


def print_table(results: list[dict], speed: dict) -> None:
    print(f"{'train -> test':24} {'P':>6} {'R':>6} {'F1':>6} {'strict':>6} {'class':>6} "
          f"{'tense':>6} {'aspect':>6} {'modal':>6} {'polar':>6}  gold/system")
    for r in results:
        print(f"{r['evaluation']:24} {r['p']:6.1f} {r['r']:6.1f} {r['f1']:6.1f} {r['strict_f1']:6.1f} "
              f"{r['class_f1']:6.1f} {r['tense_acc']:6.1f} {r['aspect_acc']:6.1f} {r['modality_acc']:6.1f} "
              f"{r['polarity_acc']:6.1f}  {r['gold']}/{r['system']}")
        print(" " * 25 + "class accuracy: " + ", ".join(f"{c} {a:.1f}" for c, a in r["class_accuracies"].items()))
    print(f"speed: mention layer {speed['layer_seconds']:.2f} s, bare parse {speed['parse_seconds']:.2f} s, "
          f"ratio {speed['ratio']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=train_mentions.TE3_TRAIN)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, help="only the first N documents of each corpus")
    parser.add_argument("--validate", action="store_true", help="train on the training part, score validation (for tuning)")
    args = parser.parse_args(argv)
    if not all((args.data / name).is_dir() for name in train_mentions.CORPORA):
        print(f"{args.data}: no TimeBank/ and AQUAINT/ folders", file=sys.stderr)
        return 2
    results, speed = evaluate(args.data, args.limit, args.validate)
    if args.json:
        print(json.dumps({"evaluations": results, "speed": speed}, indent=2))
    else:
        print_table(results, speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
