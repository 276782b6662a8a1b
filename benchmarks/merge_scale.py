"""How merging scales with the number of articles, against the merge before blocking.

The extractions are synthetic but shaped like what ``timeline/events.py`` gives (see
tests/conftest.py): stories of a few happenings each (talks, a signing, a visit, a
strike...) told by several articles in their own words ("holds talks with", "meets",
"Putin" or "Vladimir Putin"), dated to the day, a day off (a date conflict), the week,
the month, the year or not at all (left to the publication day); each article also
recalls older stories at a month or a year, and carries the chatter every wire story
has: statements of very common actors ("United States", "European Union"), untyped
remarks and plans. One article in ``REPRINT_EVERY`` is another's reprint with a line
reworded, which the near-duplicate check must find. The generator is seeded, so every run
merges the same events.

Each size runs in a fresh process, once with the current ``timeline.merge`` and once
with ``timeline/merge.py`` as of ``--baseline`` (read with ``git show`` and imported
from a temporary file), and reports merge CPU time, peak RSS of that process (the
growth of the maximum resident set during the merge is given too) and the pairs of
reports each scored; and, of that, the CPU time of the near-duplicate check
(``find_duplicate_articles``) and the texts it compared.

    python benchmarks/merge_scale.py [--sizes 1000 3000 10000] [--baseline-max 3000]
        [--articles-per-day 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from timeline import merge  # noqa: E402
from timeline.contents import Article, Event, Extraction, Span  # noqa: E402
from timeline.dates import value_range  # noqa: E402

#: ``timeline/merge.py`` before blocking: every pair of one type within two days, a month- or
#: year-long report with every report of its type in that month or year, and an undated one
#: with every report sharing any actor.
BASELINE = "42f8174^"

COMMON_ACTORS = ("United States", "European Union", "Russia", "China", "United Nations", "Ukraine")
FIRST_NAMES = (
    "Anna Marek Olaf Zoe Tomas Dora Jonas Ines Pavel Lena Rafael Mina Hugo Selma Viktor Clara Emil Nadia Oskar "
    "Irene Bruno Alma Felix Greta Ivan Lucia Milan Sofia Karl Elena"
).split()
LAST_NAMES = (
    "Lindqvist Novak Berg Falk Brandt Pell Reiter Ferri Kowalski Dumont Haas Morales Petrov Silva Okafor Tanaka "
    "Jensen Moreau Varga Keller Rossi Nilsen Horvat Weber Costa Laine Dahl Becker Sato Ortiz Lund Marin Vogel "
    "Kaur Mendes Stark Bauer Hale Quinn Ward"
).split()
PLACES = (
    "Geneva Vienna Salzburg Busan Oslo Bergen Tokyo Seoul Brussels Nairobi Lagos Lima Quito Hanoi Manila Jakarta "
    "Ankara Tbilisi Baku Riga Vilnius Tallinn Warsaw Prague Lisbon Madrid Dublin Cairo Tunis Doha Muscat Amman "
    "Kyiv Odesa Minsk Helsinki Reykjavik Ottawa Havana Bogota Santiago Montevideo Accra Dakar Kigali Lusaka"
).split()
TOPIC_WORDS = (
    "grain fishery tariff ceasefire energy nuclear water border vaccine chip shipping pipeline drought refugee "
    "fertiliser pension railway harbour satellite uranium cobalt lithium wheat timber salmon dairy steel aluminium "
    "visa customs airspace election census forest glacier flood wildfire cholera malaria hydrogen cable"
).split()
QUALIFIERS = "regional joint emergency bilateral coastal northern southern maritime rural urban".split()

#: Per type, title templates: {a} the actor, {b} the counterpart, {t} the topic, {p} the place.
TEMPLATES = {
    "talks": ("{a} holds talks with {b} on {t} in {p}", "{a} meets {b} to discuss {t}", "{a} and {b} meet in {p} over {t}",
              "{a} confers with {b} about {t}"),
    "agreement": ("{a} signs a {t} agreement with {b}", "{a} and {b} conclude a {t} pact in {p}",
                  "{a} agrees a {t} deal with {b}", "{a} and {b} sign a {t} accord"),
    "visit": ("{a} visits {p} for {t} talks", "{a} arrives in {p} to inspect {t} sites", "{a} tours the {t} works in {p}"),
    "military": ("{a} strikes {t} depots in {p}", "{a} launches missile attacks on {t} sites near {p}",
                 "{a} shells the {t} depot outside {p}"),
    "accusation": ("{a} accuses {b} of breaking the {t} rules", "{a} condemns {b} over {t}", "{a} blames {b} for the {t} crisis"),
    "legal": ("{a} is charged over the {t} scheme", "{a} goes on trial in {p} over {t}", "{a} is indicted over the {t} scheme"),
    "release": ("{a} unveils the {t} plan", "{a} launches the {t} programme in {p}", "{a} introduces the {t} plan"),
}
#: What common actors say in every story: (type, template); the same few verbs each time.
CHATTER = (
    ("statement", "{c} urges restraint over {t}"), ("statement", "{c} warns of {t} risks"),
    ("statement", "{c} calls for talks on {t}"), ("statement", "{c} announces {t} aid for {p}"),
    ("claim", "{c} could raise {t} output"), ("other", "{c} has a {t} plan"), ("other", "{c} watches the {t} market"),
)
#: Every this many articles, one is a reprint of an earlier one with a line reworded.
REPRINT_EVERY = 25
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _day_fields(day: dt.date, granularity: str) -> dict:
    value = {"day": day.isoformat(), "week": day.strftime("%G-W%V"), "month": day.strftime("%Y-%m"), "year": str(day.year)}[granularity]
    first, last, _ = value_range(value)
    text = {"day": f"on {WEEKDAYS[day.weekday()]}", "week": "last week", "month": f"in {day:%B}", "year": f"in {day.year}"}[granularity]
    return {"date": first.isoformat(), "end_date": last.isoformat(), "value": value, "granularity": granularity, "date_text": text}


class _Story:
    """A few happenings of some actors over a few days, which several articles tell."""

    def __init__(self, rng: random.Random, day: dt.date):
        self.day = day
        people = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(2)]
        self.actors = people[:1] + ([rng.choice(COMMON_ACTORS)] if rng.random() < 0.5 else [people[1]])
        self.topic = f"{rng.choice(QUALIFIERS)} {rng.choice(TOPIC_WORDS)}" if rng.random() < 0.5 else rng.choice(TOPIC_WORDS)
        self.place = rng.choice(PLACES)
        kinds = rng.sample(sorted(TEMPLATES), 3)
        self.happenings = [(kind, day + dt.timedelta(days=offset)) for kind, offset in zip(kinds, (0, 1, rng.randint(2, 9)))]


def _title(template: str, actors: list[str], topic: str, place: str, short: bool) -> str:
    a = actors[0].split()[-1] if short and " " in actors[0] else actors[0]
    return template.format(a=a, b=actors[1], t=topic, p=place, c=actors[0])


def synthetic_extractions(n_articles: int, articles_per_day: float = 8.0, seed: int = 14) -> list[Extraction]:
    """``n_articles`` extractions of about 14 events each, published ``articles_per_day`` a day."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    days = max(1, round(n_articles / articles_per_day))
    stories = [_Story(rng, start + dt.timedelta(days=rng.randrange(days))) for _ in range(max(1, n_articles // 5))]
    extractions = []
    for number in range(n_articles):
        story = rng.choice(stories)
        published = story.day + dt.timedelta(days=rng.randint(0, 3))
        told: list[tuple[str, str, dict, tuple[str, ...], tuple[str, ...], str]] = []  # type, title, date, actors, places, status
        for kind, day in story.happenings:
            if rng.random() < 0.2:
                continue
            actors = story.actors[::-1] if rng.random() < 0.3 else story.actors
            title = _title(rng.choice(TEMPLATES[kind]), actors, story.topic, story.place, short=rng.random() < 0.4)
            status = "planned" if day > published else "happened"
            style = rng.random()
            if style < 0.55:
                when = _day_fields(day, "day")
            elif style < 0.62:
                when = _day_fields(day + dt.timedelta(days=rng.choice((-1, 1))), "day")  # a source a day off
            elif style < 0.70:
                when = _day_fields(day, "week")
            elif style < 0.76:
                when = _day_fields(day, "month")
            elif style < 0.80:
                when = _day_fields(day, "year")
            else:
                when = {}  # "recently": left to the publication day
            places = (story.place,) if story.place in title or rng.random() < 0.3 else ()
            told.append((kind, title, when, tuple(actors), places, status))
        for old in rng.sample(stories, 3):  # background: older stories recalled at a month or a year
            kind, day = old.happenings[0]
            if day >= published:
                continue
            when = _day_fields(day, rng.choice(("month", "month", "year"))) if rng.random() < 0.7 else {}
            title = _title(TEMPLATES[kind][0], old.actors, old.topic, old.place, short=False)
            told.append((kind, title, when, tuple(old.actors), (), "happened"))
        for _ in range(rng.randint(5, 8)):  # chatter of common actors, mostly undated or on the day
            kind, template = rng.choice(CHATTER)
            speaker = rng.choice(COMMON_ACTORS)
            topic = story.topic if rng.random() < 0.5 else rng.choice(TOPIC_WORDS)
            title = template.format(c=speaker, t=topic, p=story.place)
            when = _day_fields(published, "day") if rng.random() < 0.4 else {}
            told.append((kind, title, when, (speaker,), (), "reported" if kind == "claim" else "happened"))
        extractions.append(_extraction(f"wire-{number:05d}", published, told, rng))
    reprints = random.Random(seed + 1)
    for number in range(REPRINT_EVERY - 1, n_articles, REPRINT_EVERY):
        extractions[number] = _reprint(extractions[reprints.randrange(number)], f"wire-{number:05d}")
    return extractions


def _reprint(original: Extraction, article_id: str) -> Extraction:
    """``original`` published again under another id, one of its lines reworded."""
    body = original.article.body.replace(", officials said,", ", an official said,", 1)
    article = replace(original.article, id=article_id, path=f"{article_id}.md", body=body, source="Reprint")
    return replace(original, article=article, events=tuple(replace(e, article_id=article_id) for e in original.events))


def _extraction(article_id: str, published: dt.date, told: list, rng: random.Random) -> Extraction:
    sentences = [f"{title} {when.get('date_text', 'recently')}, officials said, citing {rng.choice(TOPIC_WORDS)} figures."
                 for _, title, when, *_ in told]
    background = " ".join(  # what an article says besides its events: wire stories run from 150 to 1,500 words
        f"The {rng.choice(TOPIC_WORDS)} question has divided {rng.choice(PLACES)} for {rng.randint(2, 40)} years."
        for _ in range(rng.randint(0, 60))
    )
    body = "\n".join(sentences) + "\n" + background + "\n"
    article = Article(id=article_id, path=f"{article_id}.md", title=told[0][1] if told else article_id, body=body,
                      published=published, source="Wire")
    events, offset = [], 0
    for (kind, title, when, actors, places, status), sentence in zip(told, sentences):
        trigger = sentence.split()[0]
        events.append(Event(title=title, type=kind, status=status, sentence=sentence,
                            trigger=Span(trigger, offset, offset + len(trigger)), article_id=article_id,
                            actors=actors, places=places, confidence=0.8, **when))
        offset += len(sentence) + 1
    return Extraction(article=article, timexes=(), events=tuple(events))


def _baseline_merge(revision: str) -> ModuleType:
    """``timeline/merge.py`` at ``revision``, imported as a module of the current package."""
    source = subprocess.run(["git", "show", f"{revision}:timeline/merge.py"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "merge_baseline.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("timeline.merge_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _measure(implementation: str, size: int, articles_per_day: float, baseline: str) -> dict:
    """Merge CPU time, peak RSS and pairs scored of one implementation at one size (run in a child process)."""
    module = merge if implementation == "blocked" else _baseline_merge(baseline)
    extractions = synthetic_extractions(size, articles_per_day)
    scored: list[int] = []
    candidate_pairs = module._candidate_pairs

    def counted(reports):
        pairs = candidate_pairs(reports)
        scored.append(len(pairs))
        return pairs

    module._candidate_pairs = counted  # each candidate pair is scored once by ``_fit``
    deduplication = {"seconds": 0.0, "compared": 0, "duplicates": 0}
    find_duplicates = module.find_duplicate_articles

    def timed(articles):
        started = time.process_time()
        found = find_duplicates(articles)
        deduplication["seconds"] += time.process_time() - started
        deduplication["duplicates"] += len(found)
        return found

    module.find_duplicate_articles = timed
    if hasattr(module, "is_near_duplicate"):  # not in the baseline: count the texts the blocked check compares
        near = module.is_near_duplicate

        def compared(text, other):
            deduplication["compared"] += 1
            return near(text, other)

        module.is_near_duplicate = compared
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    entries = module.merge_extractions(extractions)
    seconds = time.process_time() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    digest = hashlib.sha1(json.dumps([e.to_dict() for e in entries], sort_keys=True).encode()).hexdigest()
    return {"implementation": implementation, "articles": size, "reports": sum(len(x.events) for x in extractions),
            "entries": len(entries), "seconds": round(seconds, 2), "peak_rss_mb": round(rss_after / 1024),
            "rss_growth_mb": round((rss_after - rss_before) / 1024), "pairs": sum(scored),
            "dedup_seconds": round(deduplication["seconds"], 2), "dedup_compared": deduplication["compared"],
            "duplicates": deduplication["duplicates"], "digest": digest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--baseline-max", type=int, default=3000, help="largest size to run the baseline at")
    parser.add_argument("--articles-per-day", type=float, default=8.0)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the merge to compare against")
    parser.add_argument("--child", nargs=2, metavar=("IMPLEMENTATION", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.child[0], int(args.child[1]), args.articles_per_day, args.baseline)))
        return
    rows = []
    for size in args.sizes:
        for implementation in ("blocked", "baseline") if size <= args.baseline_max else ("blocked",):
            command = [sys.executable, __file__, "--child", implementation, str(size),
                       "--articles-per-day", str(args.articles_per_day), "--baseline", args.baseline]
            row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            rows.append(row)
            print(json.dumps(row), flush=True)
    by = {(r["implementation"], r["articles"]): r for r in rows}
    print(f"\n{'articles':>8} {'reports':>8} {'impl':>9} {'CPU s':>8} {'peak MB':>8} {'+MB':>6} {'pairs':>11} "
          f"{'dedup s':>8} {'dups':>5} {'same':>5}")
    for r in rows:
        other = by.get(("baseline", r["articles"]))
        same = "" if other is None or other is r else ("yes" if other["digest"] == r["digest"] else "NO")
        print(f"{r['articles']:>8} {r['reports']:>8} {r['implementation']:>9} {r['seconds']:>8} {r['peak_rss_mb']:>8} "
              f"{r['rss_growth_mb']:>6} {r['pairs']:>11} {r['dedup_seconds']:>8} {r['duplicates']:>5} {same:>5}")
    sizes = sorted({r["articles"] for r in rows})
    for implementation in ("blocked", "baseline"):
        for small, large in zip(sizes, sizes[1:]):
            if (implementation, small) in by and (implementation, large) in by:
                for what, field in (("merge", "seconds"), ("the duplicate check", "dedup_seconds")):
                    ratio = by[(implementation, large)][field] / max(by[(implementation, small)][field], 1e-9)
                    print(f"{implementation}: at {large} articles {what} takes {ratio:.2f}x its time at {small}")


if __name__ == "__main__":
    main()
