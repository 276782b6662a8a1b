"""Score the temporal tagger on TimeML corpora the way TempEval-3 Task A does.

Usage: ``python benchmarks/tempeval.py DIR [DIR...] [--json] [--baseline] [--no-speed]``

Each DIR is a folder of ``.tml`` files (e.g. ``../shared/eval/te3-train/TimeBank``).
The tags are stripped to get the plain article, the DCT is read from ``<DCT>``,
and the article goes through the same code path as ``timeline extract``.
Scoring (see ``../shared/eval/README.md``): spans match when they overlap, paired
one-to-one, greedily, in document order; strict matches need the same span;
value/type F1 = value/type accuracy over matches x relaxed F1.

``--baseline`` also scores plain ``dateparser.search.search_dates`` with the DCT as
``RELATIVE_BASE`` so a report can give before/after ratios from one run.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import html
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DCT>.*?value=\"(\d{4})-?(\d\d)-?(\d\d)", re.S)


@dataclass(frozen=True)
class Timex:
    """One time expression, gold or system, with offsets into the stripped text."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True)
class TimeMLDocument:
    name: str
    text: str
    dct: dt.date
    gold: tuple[Timex, ...]


@dataclass(frozen=True)
class Tagged:
    """One TimeML element of ``<TEXT>`` (TIMEX3, EVENT, SIGNAL): offsets into the stripped text."""

    tag: str
    attrs: dict[str, str]
    start: int
    end: int


def strip_tags(raw: str) -> tuple[str, list[Tagged]]:
    """The plain text of a ``<TEXT>`` body (tags stripped, entities decoded) and its elements."""
    pieces: list[str] = []
    length, position = 0, 0
    opened: dict[str, tuple[int, dict[str, str]]] = {}
    elements: list[Tagged] = []
    for tag in _TAG.finditer(raw):
        chunk = html.unescape(raw[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        name = tag.group(2)
        if tag.group(1):
            start, attrs = opened.pop(name)
            elements.append(Tagged(name, attrs, start, length))
        elif not tag.group(3).rstrip().endswith("/"):
            opened[name] = (length, dict(_ATTR.findall(tag.group(3))))
    pieces.append(html.unescape(raw[position:]))
    return "".join(pieces), sorted(elements, key=lambda e: (e.start, e.end))


def read_tml(path: Path) -> TimeMLDocument:
    """Plain text of ``<TEXT>`` (tags stripped, entities decoded), its DCT and gold TIMEX3s."""
    source = path.read_text(encoding="utf-8")
    body = _TEXT.search(source)
    dct = _DCT.search(source)
    if body is None or dct is None:
        raise ValueError("no <TEXT> or no <DCT> value")
    text, elements = strip_tags(body.group(1))
    gold = [
        Timex(e.start, e.end, text[e.start : e.end], e.attrs.get("type", ""), e.attrs.get("value"))
        for e in elements
        if e.tag == "TIMEX3"
    ]
    year, month, day = (int(g) for g in dct.groups())
    return TimeMLDocument(path.stem, text, dt.date(year, month, day), tuple(gold))


def read_corpus(folder: Path) -> list[TimeMLDocument]:
    """Every readable .tml file of ``folder``; a broken one is named on stderr and skipped."""
    documents = []
    for path in sorted(folder.glob("*.tml")):
        try:
            documents.append(read_tml(path))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            print(f"{path}: skipped: {error}", file=sys.stderr)
    return documents


# --- scoring -----------------------------------------------------------------------------


@dataclass
class Scores:
    """Counts summed over documents; figures are derived, in percent."""

    gold: int = 0
    system: int = 0
    matched: int = 0
    strict: int = 0
    type_correct: int = 0
    value_correct: int = 0
    #: Matches and right types by gold type, for the accuracy of each type.
    type_matched: collections.Counter = field(default_factory=collections.Counter)
    type_right: collections.Counter = field(default_factory=collections.Counter)
    errors: collections.Counter = field(default_factory=collections.Counter)
    examples: dict = field(default_factory=lambda: collections.defaultdict(list))

    def figures(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        p = self.matched / self.system if self.system else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        sp = self.strict / self.system if self.system else 0.0
        sr = self.strict / self.gold if self.gold else 0.0
        relaxed = f1(p, r)
        type_acc = self.type_correct / self.matched if self.matched else 0.0
        value_acc = self.value_correct / self.matched if self.matched else 0.0
        return {
            "relaxed_p": 100 * p, "relaxed_r": 100 * r, "relaxed_f1": 100 * relaxed,
            "strict_p": 100 * sp, "strict_r": 100 * sr, "strict_f1": 100 * f1(sp, sr),
            "type_acc": 100 * type_acc, "type_f1": 100 * type_acc * relaxed,
            "value_acc": 100 * value_acc, "value_f1": 100 * value_acc * relaxed,
            "gold": self.gold, "system": self.system,
        }

    def type_accuracies(self) -> dict[str, float]:
        """Each gold type's accuracy on its matches, in percent, by type name."""
        return {t: 100 * self.type_right[t] / n for t, n in sorted(self.type_matched.items())}


def expression_kind(timex: Timex) -> str:
    """A coarse shape of the expression, so the error breakdown says which rule to improve."""
    text = timex.text.lower()
    if re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", text):
        shape = "weekday"
    elif re.search(r"\d\d?:\d\d|a\.?m\b|p\.?m\b|noon|midnight|morning|afternoon|evening|night", text):
        shape = "clock/part-of-day"
    elif re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", text):
        shape = "month"
    elif re.search(r"quarter|half|period", text):
        shape = "quarter/half/period"
    elif re.search(r"\b(now|current|currently|recent|recently|past|future|soon|once|then|previously|already)\b", text) and not re.search(r"\d|year|month|week|day", text):
        shape = "vague"
    elif re.search(r"ago|earlier|later|last|next|this|yesterday|today|tomorrow|tonight|before|after|following|previous|coming", text):
        shape = "relative"
    elif re.search(r"\b\d{4}s?\b|'\d\ds|century|decade", text):
        shape = "year/decade"
    else:
        shape = "other"
    return f"{timex.type or '?'}/{shape}"


def score_document(gold: list[Timex] | tuple[Timex, ...], system: list[Timex], scores: Scores, name: str = "") -> None:
    """Add one document's counts: greedy one-to-one pairing of overlapping spans in text order."""
    scores.gold += len(gold)
    scores.system += len(system)
    unpaired = sorted(system, key=lambda t: (t.start, t.end))
    paired_system: set[int] = set()
    for g in sorted(gold, key=lambda t: (t.start, t.end)):
        match = next(
            (i for i, s in enumerate(unpaired) if i not in paired_system and s.start < g.end and g.start < s.end),
            None,
        )
        if match is None:
            _error(scores, "missed", g, f"{g.text!r} {g.type} {g.value}  [{name}]")
            continue
        paired_system.add(match)
        s = unpaired[match]
        scores.matched += 1
        if (s.start, s.end) == (g.start, g.end):
            scores.strict += 1
        else:
            _error(scores, "wrong extent", g, f"gold {g.text!r} system {s.text!r}  [{name}]")
        scores.type_matched[g.type] += 1
        if s.type == g.type:
            scores.type_correct += 1
            scores.type_right[g.type] += 1
        else:
            _error(scores, "wrong type", g, f"{g.text!r} gold {g.type} system {s.type}  [{name}]")
        if s.value == g.value:
            scores.value_correct += 1
        else:
            _error(scores, "wrong value", g, f"{g.text!r} gold {g.value} system {s.value} ({s.text!r})  [{name}]")
    for i, s in enumerate(unpaired):
        if i not in paired_system:
            _error(scores, "spurious", s, f"{s.text!r} {s.type} {s.value}  [{name}]")


def _error(scores: Scores, error: str, timex: Timex, example: str) -> None:
    key = (error, expression_kind(timex))
    scores.errors[key] += 1
    scores.examples[key].append(example)


# --- running the taggers -------------------------------------------------------------------


def tag_with_product(document: TimeMLDocument) -> list[Timex]:
    """Our tagger through the product's code path (the one ``timeline extract`` uses)."""
    from timeline.contents import Article
    from timeline.events import extract

    article = Article(id=document.name, path=document.name, title="", body=document.text, published=document.dct)
    return [Timex(t.start, t.end, t.text, t.type, t.value) for t in extract(article).timexes]


def tag_with_dateparser(document: TimeMLDocument) -> list[Timex]:
    """The baseline: plain ``search_dates`` with the DCT as relative base, day values only."""
    from dateparser.search import search_dates

    base = dt.datetime.combine(document.dct, dt.time())
    found = search_dates(document.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    timexes, cursor = [], 0
    for text, when in found:
        start = document.text.find(text, cursor)
        if start < 0:
            continue
        cursor = start + len(text)
        timexes.append(Timex(start, cursor, text, "DATE", when.date().isoformat()))
    return timexes


def evaluate(documents: list[TimeMLDocument], tagger) -> tuple[Scores, float]:
    """Scores of ``tagger`` on ``documents`` and the seconds it took end to end."""
    scores = Scores()
    began = time.perf_counter()
    for document in documents:
        score_document(document.gold, tagger(document), scores, document.name)
    return scores, time.perf_counter() - began


def measure_speed(documents: list[TimeMLDocument]) -> dict[str, float]:
    """Throughput of the spaCy parse and of tagging alone on already-parsed documents."""
    from timeline.dates import find_time_expressions
    from timeline.nlp import load, parse

    nlp = load()
    began = time.perf_counter()
    docs = list(parse((d.text for d in documents), nlp))
    parsed = time.perf_counter()
    for doc, document in zip(docs, documents):
        find_time_expressions(doc, document.dct)
    tagged = time.perf_counter()
    tokens = sum(len(doc) for doc in docs)
    return {
        "documents": len(documents),
        "tokens": tokens,
        "tagging_docs_per_s": len(documents) / (tagged - parsed),
        "tagging_tokens_per_s": tokens / (tagged - parsed),
        "parse_docs_per_s": len(documents) / (parsed - began),
        "parse_plus_tagging_docs_per_s": len(documents) / (tagged - began),
        "parse_plus_tagging_tokens_per_s": tokens / (tagged - began),
    }


def run_folder(folder: Path, baseline: bool = False, speed: bool = True) -> dict:
    """All figures for one corpus folder, as a JSON-ready dict (also the regression test's entry)."""
    documents = read_corpus(folder)
    tokens = sum(len(d.text.split()) for d in documents)
    # Timed first, so that no cache is warm from the scored run.
    speed_figures = measure_speed(documents) if speed and documents else None
    scores, seconds = evaluate(documents, tag_with_product)
    result = {
        "corpus": folder.name,
        "documents": len(documents),
        "tagger": scores.figures(),
        "end_to_end_docs_per_s": len(documents) / seconds,
        "end_to_end_words_per_s": tokens / seconds,
        "errors": {f"{error} {kind}": n for (error, kind), n in scores.errors.most_common()},
        "_scores": scores,
    }
    if speed_figures:
        result["speed"] = speed_figures
    if baseline:
        base_scores, base_seconds = evaluate(documents, tag_with_dateparser)
        result["baseline"] = base_scores.figures()
        result["baseline_docs_per_s"] = len(documents) / base_seconds
    return result


def print_report(result: dict, examples: int) -> None:
    print(f"\n== {result['corpus']}: {result['documents']} documents")
    rows = [("tagger", result["tagger"])] + ([("dateparser", result["baseline"])] if "baseline" in result else [])
    print(f"{'':12} {'relaxed P/R/F1':>22} {'strict P/R/F1':>22} {'type acc/F1':>14} {'value acc/F1':>14}  gold/system")
    for label, f in rows:
        print(
            f"{label:12} {f['relaxed_p']:6.2f} {f['relaxed_r']:6.2f} {f['relaxed_f1']:6.2f}  "
            f"{f['strict_p']:6.2f} {f['strict_r']:6.2f} {f['strict_f1']:6.2f}  "
            f"{f['type_acc']:6.2f} {f['type_f1']:6.2f}  {f['value_acc']:6.2f} {f['value_f1']:6.2f}  "
            f"{f['gold']}/{f['system']}"
        )
    print(f"end to end (product path, parse included): {result['end_to_end_docs_per_s']:.1f} docs/s, "
          f"{result['end_to_end_words_per_s']:.0f} words/s")
    if "speed" in result:
        s = result["speed"]
        print(f"tagging alone: {s['tagging_docs_per_s']:.1f} docs/s, {s['tagging_tokens_per_s']:.0f} tokens/s; "
              f"parse + tagging: {s['parse_plus_tagging_docs_per_s']:.1f} docs/s, "
              f"{s['parse_plus_tagging_tokens_per_s']:.0f} tokens/s")
    if "baseline_docs_per_s" in result:
        print(f"dateparser baseline: {result['baseline_docs_per_s']:.1f} docs/s")
    scores: Scores = result["_scores"]
    print("errors by kind:")
    for (error, kind), n in scores.errors.most_common():
        print(f"  {n:4d}  {error:13} {kind}")
        for example in scores.examples[(error, kind)][:examples]:
            print(f"          {example}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of TimeML .tml files")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--baseline", action="store_true", help="also score plain dateparser search_dates")
    parser.add_argument("--no-speed", dest="speed", action="store_false", help="skip the tagging-alone timing")
    parser.add_argument("--examples", type=int, default=3, help="examples shown per error kind")
    args = parser.parse_args(argv)
    results = []
    for folder in args.folders:
        if not folder.is_dir():
            print(f"{folder}: not a folder of .tml files", file=sys.stderr)
            return 2
        results.append(run_folder(folder, baseline=args.baseline, speed=args.speed))
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if not k.startswith("_")} for r in results], indent=2))
    else:
        for result in results:
            print_report(result, args.examples)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
