"""Draw the person-read review samples and print what the timeline shows for them.

Usage: ``python benchmarks/review/sample.py A|B|C [--min-confidence 0.6]``

Three fixed, disjoint, seeded random samples of 10 AQUAINT documents (real 1990s and
2000 wire news from ``../shared/eval/te3-train/AQUAINT``). Round 1: sample A is read to
find failures and fix them, sample B is read only after the fixes, as the held-out
figure. Round 2: B is read to find failures and fix them, and C is the held-out figure.
Each document goes through the product's code path with its DCT as publication date;
the entries at or above the site's threshold are printed, sentence by sentence, for
a person to judge (the judgments live in the ``*.tsv`` tables next to this script,
read by ``figures.py``).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tempeval import TimeMLDocument, read_corpus  # noqa: E402

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "te3-train" / "AQUAINT"
SEED = 20261208
SAMPLE_SIZE = 10


def samples(folder: Path = CORPUS) -> dict[str, list[TimeMLDocument]]:
    """Samples A and B: one seeded draw of 20 sorted documents, split in two; sample C: a
    draw of its own seed from the documents A and B left (so A and B never change)."""
    documents = read_corpus(folder)
    drawn = random.Random(SEED).sample(documents, 2 * SAMPLE_SIZE)
    drawn_names = {d.name for d in drawn}
    left = [d for d in documents if d.name not in drawn_names]
    sample_c = random.Random(SEED + 1).sample(left, SAMPLE_SIZE)
    by_name = lambda d: d.name  # noqa: E731
    return {"A": sorted(drawn[:SAMPLE_SIZE], key=by_name), "B": sorted(drawn[SAMPLE_SIZE:], key=by_name), "C": sorted(sample_c, key=by_name)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", choices=["A", "B", "C"])
    parser.add_argument("--min-confidence", type=float, default=0.6)
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"{CORPUS}: no such folder (the AQUAINT corpus is needed)", file=sys.stderr)
        return 1
    from timeline.contents import Article
    from timeline.events import extract

    for document in samples()[args.sample]:
        article = Article(id=document.name, path=document.name, title="", body=document.text, published=document.dct)
        shown = [e for e in extract(article).events if e.confidence >= args.min_confidence]
        print("\n".join([f"=== {document.name}  DCT {document.dct}", *(line for e in shown for line in _described(e))]))
    return 0


def _described(event) -> list[str]:
    """An entry as a reader judges it: date, status, type, title, actors, places, sentence."""
    return [
        f"  [{event.date} {event.value} {event.status} {event.type} conf={event.confidence:.2f}] {event.title!r}",
        f"      actors={list(event.actors)} places={list(event.places)} date_text={event.date_text!r}",
        f"      S: {event.sentence.strip()}",
    ]


if __name__ == "__main__":
    sys.exit(main())
