"""Precision and recall of merging, on parallel generated articles whose truth is known.

``benchmarks/newsgen.py`` has several articles lead with each happening of a story (the
same clause and place, a day that half of them give one day off, said as a date, a
weekday, "yesterday" or "last week"). It draws each article's lead actors anew, so this
benchmark rewrites every lead to the actors of the first article telling that happening,
each named by any of its forms ("Vladimir Putin", "Putin", "the Russian president"), and
tells a meeting as "met", "held talks with" or "held a meeting with". The truth is
synthetic: two articles whose leads tell the same happening (story and happening number)
tell one event.

Articles are extracted for real (spaCy and the event layer), then merged. Only the
articles' lead reports are scored: two are merged when they are in one entry. Pairwise
precision = right merged pairs / merged pairs, recall = right merged pairs / true pairs.
A lead whose event the extractor did not find counts as not merged, and is listed; so are
the true pairs not merged, and the wrong merges. Reports other than leads have no truth,
but an entry of a lead that holds a report whose sentence does not name the lead's place
is mixed with another happening: those are counted and listed too.

The same extractions are also merged by ``timeline/merge.py`` as of ``--baseline`` (read
with ``git show``), so the two merges are compared on one run's extractions.

    python benchmarks/merge_quality.py [--articles 150] [--seed 1] [--baseline main] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import newsgen  # noqa: E402
from merge_scale import _baseline_merge  # noqa: E402
from timeline import merge  # noqa: E402
from timeline.events import extract_all  # noqa: E402
from timeline.readers import read_articles  # noqa: E402


@dataclass(frozen=True)
class Lead:
    story: str
    happening: int
    template: str
    place: str
    actors: tuple[tuple[str, ...], ...]  # each actor's forms, as newsgen drew them for this article

    def clause(self, names: tuple[str, ...]) -> str:
        return self.template.format(a=names[0], b=names[1], place=self.place)


def drawn_lead(n: int, seed: int) -> Lead:
    """The lead of article ``n``, drawn as ``newsgen.article`` draws it."""
    rng = random.Random(f"{seed}-{n}")
    story = newsgen.STORIES[n % len(newsgen.STORIES)]
    happening = (n // len(newsgen.STORIES)) // 3
    rng.randint(0, 1)  # the day
    rng.choice((0, 0, 1, 1, 2, 5, 9))  # the publication day
    lead_a, lead_b = rng.choice(story.actors), rng.choice(story.actors)
    lead_b = lead_b if lead_b != lead_a else story.actors[-1]
    lead_rng = random.Random(f"{story.name}-{happening}")
    template = story.happenings[lead_rng.randrange(len(story.happenings))]
    return Lead(story.name, happening, template, story.places[lead_rng.randrange(len(story.places))], (lead_a, lead_b))


#: Other ways to tell a meeting, drawn per article.
MEETINGS = ("{a} met {b}", "{a} held talks with {b}", "{a} held a meeting with {b}")


def retell(text: str, lead: Lead, cast: tuple[tuple[str, ...], ...], rng: random.Random) -> str:
    """``text`` with its lead told by ``cast`` (each by one of its forms), a meeting in one of ``MEETINGS``."""
    template = rng.choice(MEETINGS) + lead.template[len("{a} met {b}"):] if lead.template.startswith("{a} met {b}") else lead.template
    old = newsgen.capitalised(lead.clause(tuple(forms[0] for forms in lead.actors)))
    new = newsgen.capitalised(template.format(a=rng.choice(cast[0]), b=rng.choice(cast[1]), place=lead.place))
    assert old in text, "newsgen draws its leads otherwise"
    return text.replace(old, new)


def score(groups: dict[str, int | None], truth: dict[str, tuple]) -> dict:
    """Pairwise precision and recall of ``groups`` (article: entry of its lead, None if not found)."""
    ids = sorted(truth)
    true_pairs = {(a, b) for a, b in itertools.combinations(ids, 2) if truth[a] == truth[b]}
    merged = {(a, b) for a, b in itertools.combinations(ids, 2) if groups[a] is not None and groups[a] == groups[b]}
    hits = len(true_pairs & merged)
    precision = hits / len(merged) if merged else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    return {"true_pairs": len(true_pairs), "merged_pairs": len(merged), "correct": hits,
            "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0}


def measure(count: int, seed: int, baseline: str) -> dict:
    """Both merges' scores on one extraction of ``count`` retold articles."""
    extractions, articles, leads = _extracted(count, seed)
    return {"articles": count, "seed": seed, "synthetic": True,
            "current": _scored(merge, extractions, articles, leads),
            "baseline": {"revision": baseline, **_scored(_baseline_merge(baseline), extractions, articles, leads)}}


def _extracted(count: int, seed: int) -> tuple[list, list, dict]:
    with tempfile.TemporaryDirectory() as folder:
        paths = newsgen.generate(count, Path(folder), seed)
        leads = {p.name: drawn_lead(int(p.stem.rsplit("-", 1)[1]), seed) for p in paths}
        cast: dict[tuple[str, int], tuple] = {}
        for path in sorted(paths, key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            lead = leads[path.name]
            told = cast.setdefault((lead.story, lead.happening), lead.actors)
            path.write_text(retell(path.read_text(encoding="utf-8"), lead, told, random.Random(path.name)), encoding="utf-8")
        articles, _ = read_articles(Path(folder))
        return extract_all(articles), articles, leads


def _scored(module, extractions: list, articles: list, leads: dict) -> dict:
    truth = {a.id: (leads[Path(a.path).name].story, leads[Path(a.path).name].happening) for a in articles}
    found: dict[str, tuple[str, int]] = {}  # article: (its id, trigger start) of its lead report
    missed = []
    for x in extractions:
        end = x.article.body.find(", officials said.")
        events = sorted((e for e in x.events if e.trigger.start < end), key=lambda e: e.trigger.start)
        if events:
            found[x.article.id] = (x.article.id, events[0].trigger.start)
        else:
            missed.append(x.article.body[:end])
    clusters = module._cluster(module._reports(extractions))
    entry_of = {(r.article.id, r.event.trigger.start): number for number, cluster in enumerate(clusters) for r in cluster}
    groups = {a: entry_of.get(found[a]) if a in found else None for a in truth}
    lead_of = {x.article.id: next((e for e in x.events if (x.article.id, e.trigger.start) == found.get(x.article.id)), None)
               for x in extractions}

    def told(article_id: str) -> str:
        event = lead_of[article_id]
        return f"{event.title} [{event.value}, {', '.join(event.actors)}]" if event else "(no event)"

    result = score(groups, truth)
    ids = sorted(truth)
    place = {a.id: leads[Path(a.path).name].place for a in articles if "{place}" in leads[Path(a.path).name].template}
    mixed = sorted({(told(a), r.event.title) for a in ids if groups[a] is not None
                    for r in clusters[groups[a]] if a in place and place[a] not in r.event.sentence})
    return {
        "leads_found": len(found), "leads_missed": missed,
        **result, "entries": len(clusters),
        "not_merged": [(told(a), told(b)) for a, b in itertools.combinations(ids, 2)
                       if truth[a] == truth[b] and (groups[a] is None or groups[a] != groups[b])],
        "lead_entries": len({groups[a] for a in ids if groups[a] is not None and a in place}),
        "mixed_entries": len({groups[a] for a in ids if groups[a] is not None and any(m[0] == told(a) for m in mixed)}),
        "mixed": mixed,
        "wrongly_merged": [(told(a), told(b)) for a, b in itertools.combinations(ids, 2)
                           if truth[a] != truth[b] and groups[a] is not None and groups[a] == groups[b]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", default="main", help="git revision of the merge to compare against")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.articles, args.seed, args.baseline)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['articles']} generated articles (synthetic truth), seed {result['seed']}")
    for name in ("baseline", "current"):
        r = result[name]
        print(f"{name:>8}: lead event found in {r['leads_found']}; precision {r['precision']:.3f}, recall {r['recall']:.3f}, "
              f"F1 {r['f1']:.3f} ({r['correct']} of {r['merged_pairs']} merged pairs right, {r['true_pairs']} true pairs); "
              f"entries of leads told at a place: {r['lead_entries']}, mixed with a report not naming it: {r['mixed_entries']}")
    r = result["current"]
    for clause in r["leads_missed"]:
        print(f"  no event found in the lead: {clause}")
    for a, b in r["not_merged"]:
        print(f"  not merged: {a}  //  {b}")
    for a, b in r["wrongly_merged"]:
        print(f"  wrongly merged: {a}  //  {b}")
    for a, b in r["mixed"]:
        print(f"  mixed: {a}  //  {b}")


if __name__ == "__main__":
    main()
