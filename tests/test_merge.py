"""Cross-article merge: one entry per event with every source, date conflicts, duplicates, names.

The summit fixtures (tests/fixtures/summit/) are three short articles about one
round of talks, published on three different days, plus a verbatim copy of the
third under another file name. They run through the real pipeline once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import itertools
import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from timeline import merge
from timeline.contents import Article, Event, Extraction, Span
from timeline.events import extract_all
from timeline.names import canonical_names, name_parts
from timeline.merge import entity_timelines, merge_extractions
from timeline.readers import read_articles
from timeline.settings import DEFAULT_MIN_CONFIDENCE

def all_pair_fits(reports) -> dict:
    """The oracle blocking must agree with: every pair of reports scored, as before blocking."""
    pairs = itertools.combinations(range(len(reports)), 2)
    return {(i, j): fit for i, j in pairs if (fit := merge._fit(reports[i], reports[j])) is not None}


def all_pairs_duplicates(articles) -> dict[str, str]:
    """The oracle the near-duplicate check must agree with: each text against every text kept
    before it, the first kept first, with rapidfuzz's ``ratio`` on long texts."""
    ordered: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: (a.published is None, a.url is None, a.source is None, a.id)):
        ordered.setdefault(article.id, " ".join(article.body.casefold().split()))
    duplicates: dict[str, str] = {}
    kept: list[tuple[str, str]] = []

    def long(text: str) -> bool:
        return len(text) >= merge.NEAR_DUPLICATE_MIN_CHARS

    for article_id, text in ordered.items():
        same = next((kept_id for other, kept_id in kept if other == text), None)
        near = next((kept_id for other, kept_id in kept if long(text) and long(other)
                     and fuzz.ratio(text, other) >= merge.NEAR_DUPLICATE_RATIO), None)
        if same or near:
            duplicates[article_id] = same or near
        else:
            kept.append((text, article_id))
    return duplicates


@pytest.fixture(autouse=True)
def blocking_loses_no_fit(monkeypatch):
    """Every merge in this file also scores all pairs of its reports, and compares every pair of
    its articles for duplicates: blocking must find each pair that fits, with the same fit, so the
    links and entries are those of all-pairs scoring, and each duplicate all-pairs finds."""
    blocked = merge._fits
    blocked_duplicates = merge.find_duplicate_articles

    def checked(reports):
        fits = blocked(reports)
        assert fits == all_pair_fits(reports)
        return fits

    def checked_duplicates(articles):
        articles = list(articles)
        found = blocked_duplicates(articles)
        assert found == all_pairs_duplicates(articles)
        return found

    monkeypatch.setattr(merge, "_fits", checked)
    monkeypatch.setattr(merge, "find_duplicate_articles", checked_duplicates)


SUMMIT = Path(__file__).resolve().parent / "fixtures" / "summit"
OPEN, DAY_AFTER, WEEKLY, COPY = "01-geneva-talks-open", "02-geneva-talks-day-after", "03-geneva-talks-weekly", "04-river-diplomacy-copy"


@pytest.fixture(scope="module")
def summit_extractions() -> list[Extraction]:
    articles, problems = read_articles(SUMMIT)
    assert not [p for p in problems if p.fatal]
    return extract_all(articles)


@pytest.fixture(scope="module")
def summit_entries(summit_extractions) -> list:
    return merge_extractions(summit_extractions)


def _entry_with(entries, word: str):
    found = [e for e in entries if word in e.event.title.lower()]
    assert len(found) == 1, [e.event.title for e in entries]
    return found[0]


# --------------------------------------------------------------------------- the real pipeline


def test_three_reports_of_the_talks_merge_into_one_entry(summit_entries):
    talks = _entry_with(summit_entries, "hold talks")
    assert talks.event.date == "2024-03-12"  # "on Tuesday", "yesterday" and "on Tuesday" on three publication days
    assert talks.event.status == "happened"
    assert [s.article_id for s in talks.sources] == [OPEN, DAY_AFTER, WEEKLY]
    assert [s.published for s in talks.sources] == ["2024-03-12", "2024-03-13", "2024-03-15"]
    assert all("talks" in s.quote for s in talks.sources)
    assert talks.sources[1].quote.startswith("Lindqvist and Novak held talks in Geneva yesterday")
    assert talks.sources[0].url == "https://example.org/alpine-wire/geneva-talks-open"
    assert not talks.conflicts


def test_contradicting_dates_are_one_entry_with_a_conflict(summit_entries):
    arrival = _entry_with(summit_entries, "arrives in geneva")
    assert {s.article_id for s in arrival.sources} == {OPEN, WEEKLY}
    [conflict] = arrival.conflicts
    assert conflict.field == "date"
    assert dict(conflict.values) == {"2024-03-10": (OPEN,), "2024-03-11": (WEEKLY,)}
    # One source each: the earliest published source's date wins.
    assert arrival.event.date == "2024-03-10"


def test_a_planned_event_reported_twice_stays_planned(summit_entries):
    signing = _entry_with(summit_entries, "sign a water-sharing agreement")
    assert signing.event.status == "planned"
    assert signing.event.date == "2024-03-14"
    assert {s.article_id for s in signing.sources} == {OPEN, DAY_AFTER}


def test_duplicate_article_is_found_and_counted_once(summit_extractions, summit_entries):
    assert merge.find_duplicate_articles(x.article for x in summit_extractions) == {COPY: WEEKLY}
    sources = [s.article_id for entry in summit_entries for s in entry.sources]
    assert COPY not in sources
    without_copy = merge_extractions([x for x in summit_extractions if x.article.id != COPY])
    assert _dump(without_copy) == _dump(summit_entries)


def test_short_names_take_the_full_name_from_other_articles(summit_extractions, summit_entries):
    day_after_actors = {a for x in summit_extractions if x.article.id == DAY_AFTER for e in x.events for a in e.actors}
    assert day_after_actors & {"Novak", "Lindqvist"}, "the fixture must leave short names to resolve across articles"
    actors = {a for entry in summit_entries for a in entry.event.actors}
    assert {"Anna Lindqvist", "Marek Novak"} <= actors
    assert not actors & {"Novak", "Lindqvist"}


def test_entity_timelines_list_each_actor_and_place_in_order(summit_entries):
    timelines = entity_timelines(summit_entries)
    novak = [e.event.date for e in timelines.actors["Marek Novak"]]
    assert novak == sorted(novak)
    assert "2024-03-12" in novak and "2024-03-10" in novak
    assert "Geneva" in timelines.places and "Geneva" not in timelines.actors
    assert [e.event.title for e in timelines.places["Geneva"]][:2] == [
        _entry_with(summit_entries, "arrives in geneva").event.title,
        _entry_with(summit_entries, "hold talks").event.title,
    ]


def test_merge_does_not_depend_on_input_order(summit_extractions, summit_entries):
    assert _dump(merge_extractions(list(reversed(summit_extractions)))) == _dump(summit_entries)


def _dump(entries) -> str:
    return json.dumps([e.to_dict() for e in entries], sort_keys=True)


# --------------------------------------------------------------------------- hand-built events


def _article(article_id: str, published: str, body: str = "") -> Article:
    return Article(id=article_id, path=f"{article_id}.md", title=article_id.title(), body=body or article_id,
                   published=dt.date.fromisoformat(published))


def _event(article: Article, title: str, value: str | None, type_: str = "talks", actors=("Anna Lindqvist",),
           status: str = "happened", sentence: str | None = None, places=()) -> Event:
    from timeline.dates import value_range

    covered = value_range(value) if value else None
    return Event(
        title=title, type=type_, status=status, sentence=sentence or title + ".", trigger=Span("x", 0, 1),
        article_id=article.id, value=value, date=covered[0].isoformat() if covered else None,
        end_date=covered[1].isoformat() if covered else None, granularity=covered[2] if covered else None,
        actors=tuple(actors), places=tuple(places),
    )


def _merge(*pairs: tuple[Article, Event]):
    by_article: dict[str, list[Event]] = {}
    articles = {}
    for article, event in pairs:
        articles[article.id] = article
        by_article.setdefault(article.id, []).append(event)
    return merge_extractions([Extraction(articles[i], (), tuple(evs)) for i, evs in by_article.items()])


A, B, C = _article("a", "2024-03-12"), _article("b", "2024-03-13"), _article("c", "2024-03-20")


def test_undated_report_joins_the_dated_one_and_takes_its_date():
    [entry] = _merge(
        (A, _event(A, "Anna Lindqvist holds talks with Marek Novak in Geneva", "2024-03-12", actors=("Anna Lindqvist", "Marek Novak"))),
        (B, _event(B, "Anna Lindqvist holds talks with Marek Novak", None, actors=("Anna Lindqvist", "Marek Novak"))),
    )
    assert entry.event.date == "2024-03-12" and len(entry.sources) == 2 and not entry.conflicts


def test_month_and_day_are_compatible_and_the_day_wins():
    [entry] = _merge(
        (A, _event(A, "Lindqvist holds talks in Geneva", "2024-03")),
        (B, _event(B, "Anna Lindqvist holds talks in Geneva", "2024-03-12")),
    )
    assert (entry.event.value, entry.event.granularity) == ("2024-03-12", "day")
    assert entry.event.actors == ("Anna Lindqvist",)
    assert not entry.conflicts


@pytest.mark.parametrize(
    "other",
    [
        _event(B, "Anna Lindqvist holds talks in Geneva", "2024-03-12", type_="visit"),  # another type
        _event(B, "Anna Lindqvist holds talks in Geneva", "2024-03-12", actors=("Olaf Berg",)),  # other actors
        _event(B, "Anna Lindqvist opens a bridge over the Rhone", "2024-03-12"),  # other text
        _event(B, "Anna Lindqvist holds talks in Geneva", "2024-02-12"),  # a month apart: another round
        _event(B, "Anna Lindqvist holds talks in Geneva", None, actors=()),  # undated, nobody named
    ],
)
def test_different_events_stay_apart(other):
    entries = _merge((A, _event(A, "Anna Lindqvist holds talks in Geneva", "2024-03-12")), (B, other))
    assert len(entries) == 2


def test_different_things_not_done_stay_apart():
    """Negated titles all say "does not": those words show nothing about sameness."""
    snub = dict(type_="talks", actors=("Vladimir Putin",))
    entries = _merge(
        (A, replace(_event(A, "Vladimir Putin does not meet the envoy", "2024-03-12", **snub), negated=True)),
        (B, replace(_event(B, "Vladimir Putin does not attend the summit", "2024-03-12", **snub), negated=True)),
    )
    assert len(entries) == 2


def test_weak_dates_need_more_than_one_shared_word():
    """Seen on the trial data: "Apple launches 3G iPhone" joined the 2003 iTunes launch; two "iPod releases" a year."""
    late = _article("late", "2008-06-09")
    launch = _event(A, "Apple launches the iTunes Music Store", "2003-04-28", type_="release", actors=("Apple",))
    assert len(_merge((A, launch), (late, _event(late, "Apple launches 3G iPhone", None, type_="release", actors=("Apple",))))) == 2
    assert len(_merge(
        (A, _event(A, "iPod releases", "2002", type_="release", actors=("iPod",))),
        (B, _event(B, "iPod releases", "2002", type_="release", actors=("iPod",))),
    )) == 2
    assert len(_merge(  # "4" is no shared word
        (A, _event(A, "iOS 4 introduces by Apple", "2010-04", type_="release", actors=("Apple",))),
        (B, _event(B, "The newest iPhone, iPhone 4 introduces by Apple CEO Steve Jobs", "2010", type_="release", actors=("Apple", "Steve Jobs"))),
    )) == 2
    [entry] = _merge(
        (A, _event(A, "Apple opens its first store in Tokyo", "2003", type_="release", actors=("Apple",))),
        (B, _event(B, "Apple opens a store in Tokyo", "2003", type_="release", actors=("Apple",))),
    )
    assert len(entry.sources) == 2


def test_an_undated_report_only_joins_events_near_its_publication():
    title = "Anna Lindqvist holds talks with Marek Novak in Geneva"
    actors = ("Anna Lindqvist", "Marek Novak")
    years_later = _article("years-later", "2026-03-12")
    dated = _event(A, title, "2024-03-12", actors=actors)
    assert len(_merge((A, dated), (years_later, _event(years_later, title, None, actors=actors)))) == 2
    assert len(_merge((A, dated), (B, _event(B, title, None, actors=actors)))) == 1
    # A plan reported after the day it was planned for is another event.
    assert len(_merge((A, dated), (C, _event(C, title, None, actors=actors, status="planned")))) == 2


def test_vague_other_events_merge_only_on_precise_dates():
    def other(article, value):
        return _event(article, "Anna Lindqvist resigns from her post as prime minister", value, type_="other")

    assert len(_merge((A, other(A, "2024-03-12")), (B, other(B, "2024-03-12")))) == 1
    assert len(_merge((A, other(A, "2024-03-12")), (B, other(B, None)))) == 2
    assert len(_merge((A, other(A, "2024-03")), (B, other(B, "2024-03")))) == 2


def test_two_events_of_one_article_are_never_merged():
    first = _event(A, "Anna Lindqvist holds talks in Geneva", "2024-03-12")
    second = _event(A, "Anna Lindqvist holds talks in Geneva again", "2024-03-12")
    assert len(_merge((A, first), (A, second))) == 2


def test_status_happened_wins_then_the_majority():
    title = "Anna Lindqvist holds talks in Geneva"
    [entry] = _merge((A, _event(A, title, "2024-03-12", status="planned")), (B, _event(B, title, "2024-03-12", status="happened")))
    assert entry.event.status == "happened"
    [entry] = _merge(
        (A, _event(A, title, "2024-03-12", status="planned")),
        (B, _event(B, title, "2024-03-12", status="reported")),
        (C, _event(C, title, "2024-03-12", status="reported")),
    )
    assert entry.event.status == "reported"


def test_the_date_most_sources_give_wins_a_conflict():
    title = "Anna Lindqvist holds talks in Geneva"
    [entry] = _merge(
        (A, _event(A, title, "2024-03-11")),
        (B, _event(B, title, "2024-03-12")),
        (C, _event(C, title, "2024-03-12")),
    )
    assert entry.event.date == "2024-03-12"
    [conflict] = entry.conflicts
    assert conflict.values == (("2024-03-11", ("a",)), ("2024-03-12", ("b", "c")))


def test_entries_come_by_date_then_title_with_undated_last():
    entries = _merge(
        (A, _event(A, "Zoe Falk opens a bridge", "2024-03-12", type_="ceremony", actors=("Zoe Falk",))),
        (A, _event(A, "Anna Lindqvist holds talks", "2024-03-12")),
        (B, _event(B, "Olaf Berg visits Oslo", None, type_="visit", actors=("Olaf Berg",), places=("Oslo",))),
        (B, _event(B, "Olaf Berg visits Bergen", "2024-01", type_="visit", actors=("Olaf Berg",), places=("Bergen",))),
    )
    assert [e.event.title for e in entries] == [
        "Olaf Berg visits Bergen", "Anna Lindqvist holds talks", "Zoe Falk opens a bridge", "Olaf Berg visits Oslo",
    ]
    timelines = entity_timelines(entries)
    assert [e.event.title for e in timelines.actors["Olaf Berg"]] == ["Olaf Berg visits Bergen", "Olaf Berg visits Oslo"]
    assert list(timelines.places) == ["Bergen", "Oslo"]
    assert list(timelines.actors) == ["Anna Lindqvist", "Olaf Berg", "Zoe Falk"]


# --------------------------------------------------------------------------- names and duplicates


def test_canonical_names_take_the_one_longer_name():
    names = canonical_names(["Putin", "Vladimir Putin", "Mr Putin", "Kim", "Kim Jong Un", "Kim Yo Jong", "Korea", "North Korea"])
    assert names["Putin"] == names["Mr Putin"] == "Vladimir Putin"
    assert names["Kim"] == "Kim"  # two Kims: left as written
    assert names["Korea"] == "Korea"  # "North" is not a first name
    assert canonical_names(["KIM JONG UN", "Kim Jong Un", "Jong Un"])["Jong Un"] == "Kim Jong Un"


def test_a_hyphen_inside_a_name_is_a_spelling_not_another_person():
    names = canonical_names(["Kim Jong-un", "Kim Jong Un", "Kim Jong Un", "Kim", "Komsomolsk-on-Amur", "Amur"], people=True)
    assert names["Kim Jong-un"] == names["Kim"] == "Kim Jong Un"
    assert names["Amur"] == "Amur"  # a hyphenated place name is not a list of parts


def test_name_parts_keep_names_not_numbers_or_qualifiers():
    assert name_parts("Vladimir Putin") == ["Vladimir", "Putin"]
    assert name_parts("iPhone 4") == ["iPhone"]
    assert name_parts("North Korea") == []


def test_duplicates_ignore_case_and_whitespace_and_keep_the_first_id():
    body = "Anna Lindqvist and Marek Novak held talks in Geneva on Tuesday."
    articles = [
        _article("b-copy", "2024-03-13", "  " + body.upper().replace(" ", "\n ") + "\n"),
        _article("a-original", "2024-03-12", body),
        _article("c-other", "2024-03-12", "Something else entirely."),
    ]
    assert merge.find_duplicate_articles(articles) == {"b-copy": "a-original"}


def test_near_identical_long_articles_are_duplicates():
    body = " ".join(f"Paragraph {i} of the report on the Geneva talks says little that is new." for i in range(12))
    fixed_typo = body.replace("Paragraph 7 of", "Paragraph 7 in")
    other = " ".join(f"Section {i} covers the harvest and the price of grain in the valley." for i in range(12))
    articles = [_article("a", "2024-03-12", body), _article("b", "2024-03-12", fixed_typo), _article("c", "2024-03-12", other)]
    assert merge.find_duplicate_articles(articles) == {"b": "a"}


def test_name_aliases_gather_every_form_across_articles():
    from timeline.contents import Article, Extraction
    from timeline.merge import name_aliases

    def extraction(article_id, names):
        article = Article(id=article_id, path=f"{article_id}.md", title=article_id, body="x")
        return Extraction(article, (), (), names)

    aliases = name_aliases([
        extraction("a", (("Putin", ()), ("North Korea", ("DPRK",)))),
        extraction("b", (("Vladimir Putin", ("Putin",)),)),
    ])
    assert aliases == {"North Korea": ("DPRK",), "Vladimir Putin": ("Putin",)}


def _article_file(folder, name, body, published="2023-09-14", url=None):
    lines = ["---", f"title: {name}", f"published: {published}"] + ([f"url: {url}"] if url else []) + ["---", body]
    (folder / name).write_text("\n".join(lines) + "\n")


def test_meetings_with_different_counterparts_stay_apart_whatever_the_file_names(tmp_path):
    from timeline.events import extract_all
    from timeline.merge import merge_extractions
    from timeline.readers import read_articles

    guests = {"a.md": "Xi Jinping", "b.md": "Narendra Modi", "c.md": "Recep Tayyip Erdogan"}
    for name, guest in guests.items():
        _article_file(tmp_path, name, f"Vladimir Putin met {guest} in Moscow on Wednesday.")
    entries = merge_extractions(extract_all(read_articles(tmp_path)[0]))
    meetings = [e for e in entries if e.event.type == "talks"]
    assert len(meetings) == 3 and all(len(e.sources) == 1 for e in meetings)
    assert sorted(len(e.event.actors) for e in meetings) == [2, 2, 2]


def test_the_duplicate_kept_is_the_copy_with_a_date(tmp_path):
    from timeline.readers import read_articles

    body = "The two leaders met in Vladivostok on Wednesday and signed a deal."
    (tmp_path / "000_raw.txt").write_text(body + "\n")
    _article_file(tmp_path, "zz-dated.md", body, url="https://example.com/a")
    articles, _ = read_articles(tmp_path)
    assert merge.find_duplicate_articles(articles) == {"000-raw": "zz-dated"}


def test_renaming_the_files_does_not_change_what_merges(tmp_path):
    """The review's case: three reports of the talks, two of them on one day, under two sets of names."""
    from timeline.events import extract_all
    from timeline.readers import read_articles

    texts = {
        "sky": (Path(__file__).resolve().parents[1] / "seeds" / "000_52d71b10ba252412.md").read_text(),
        "ap": "---\npublished: 2023-09-14\n---\nRussian President Vladimir Putin and North Korean leader Kim Jong Un held talks at the Vostochny Cosmodrome on Wednesday.\n",
        "tass": "---\npublished: 2023-09-14\n---\nVladimir Putin and Kim Jong Un held talks at the Vostochny Cosmodrome on Tuesday, September 12.\n",
    }
    results = []
    for order in (["sky", "ap", "tass"], ["tass", "ap", "sky"]):
        folder = tmp_path / "-".join(order)
        folder.mkdir()
        for number, name in enumerate(order, 1):
            (folder / f"{number}_{name}.md").write_text(texts[name])
        entries = merge_extractions(extract_all(read_articles(folder)[0]))
        results.append(sorted((e.event.title, e.event.date, len(e.sources), len(e.conflicts)) for e in entries))
    assert results[0] == results[1]


# --------------------------------------------------------------------------- one happening in other words
#
# tests/fixtures/merge-wording/: two reports of a ministers' meeting in Vienna that name
# different actors and disagree by a day (01, 02), four reports of a water pact signed in
# Salzburg told with a noun, a verb and a passive (03-06; 06 gives another day, and 03 also
# tells a pledge in the same sentence), and a second meeting a week later plus one in
# Munich (07), which must stay apart.

WORDING = Path(__file__).resolve().parent / "fixtures" / "merge-wording"
MINISTERS, HERALD, PACT, ANALYSIS, BLOG, LATE, NEXT_WEEK = (
    "01-ministers-wire", "02-ministers-herald", "03-water-pact-wire", "04-water-pact-analysis",
    "05-water-pact-blog", "06-water-pact-late-wire", "07-ministers-next-week",
)


@pytest.fixture(scope="module")
def wording_extractions() -> list[Extraction]:
    articles, problems = read_articles(WORDING)
    assert not [p for p in problems if p.fatal]
    return extract_all(articles)


def _merge_only(extractions, *ids: str):
    return merge_extractions([x for x in extractions if x.article.id in ids])


def _entry_of(entries, article_id: str, word: str):
    """The one entry with a source from ``article_id`` whose title says ``word``."""
    found = [e for e in entries if word in e.event.title.lower() and article_id in {s.article_id for s in e.sources}]
    assert len(found) == 1, [(e.event.title, [s.article_id for s in e.sources]) for e in entries]
    return found[0]


def _groups(entries, left_out: set[str] = frozenset()) -> set[frozenset]:
    """Which quotes of which articles share an entry, leaving some articles' sources out."""
    groups = {frozenset((s.article_id, s.quote) for s in e.sources if s.article_id not in left_out) for e in entries}
    return groups - {frozenset()}


def test_one_meeting_told_with_other_names_is_one_entry_whose_sources_disagree(wording_extractions):
    """ "The ministers of Italy, Germany and Spain met ... on Tuesday" and "Ferri met her German and Spanish counterparts ... on May 15"."""
    meeting = _entry_of(_merge_only(wording_extractions, MINISTERS, HERALD), MINISTERS, "meet")
    assert [s.article_id for s in meeting.sources] == [MINISTERS, HERALD]
    [conflict] = meeting.conflicts
    assert dict(conflict.values) == {"2024-05-14": (MINISTERS,), "2024-05-15": (HERALD,)}
    assert "Vienna" in meeting.event.places


def test_a_signing_told_as_a_noun_and_as_a_passive_is_one_entry(wording_extractions):
    """ "signed a water-sharing agreement ... in Salzburg" and "The water pact was signed in Salzburg"."""
    signing = _entry_of(_merge_only(wording_extractions, PACT, BLOG), PACT, "sign")
    assert [s.article_id for s in signing.sources] == [PACT, BLOG]
    assert signing.event.date == "2024-06-18" and not signing.conflicts


def test_every_report_of_the_signing_is_one_entry_with_the_late_date_flagged(wording_extractions):
    entries = merge_extractions(wording_extractions)
    signing = _entry_of(entries, PACT, "sign a water-sharing agreement")
    assert {s.article_id for s in signing.sources} == {PACT, ANALYSIS, BLOG, LATE}
    assert signing.event.date == "2024-06-18"  # three sources against one
    [conflict] = signing.conflicts
    assert dict(conflict.values) == {"2024-06-18": (PACT, BLOG, ANALYSIS), "2024-06-19": (LATE,)}
    pledge = _entry_of(entries, PACT, "pledge")
    assert [s.article_id for s in pledge.sources] == [PACT]  # the analysis says nothing of data on river levels


def test_adding_an_article_does_not_move_a_source(wording_extractions):
    """The review's case: with a third report of the signing on another day, the analysis's
    "signed their water pact last Tuesday" moved to "pledge to share data" and out of the conflict."""
    before = _merge_only(wording_extractions, PACT, ANALYSIS)
    after = _merge_only(wording_extractions, PACT, ANALYSIS, LATE)
    assert _groups(after, {LATE}) == _groups(before)
    signing = _entry_of(after, ANALYSIS, "sign")
    assert {s.article_id for s in signing.sources} == {PACT, ANALYSIS, LATE} and signing.conflicts


def test_an_added_article_joins_entries_but_never_splits_or_moves_them(wording_extractions):
    """Another report may bring two entries together (it tells what both tell); it never takes a source from its entry.

    Checked for every set of the fixture's articles and every article added to it. Sources are
    told apart by their quotes, so the two events of one sentence count as one here; the test
    above tells them apart by title.
    """
    for size in range(len(wording_extractions)):
        for chosen in itertools.combinations(wording_extractions, size):
            before = _groups(merge_extractions(list(chosen)))
            for added in (x for x in wording_extractions if x not in chosen):
                after = _groups(merge_extractions([*chosen, added]), {added.article.id})
                assert all(any(group <= other for other in after) for group in before), (added.article.id, before, after)


def test_wording_merge_does_not_depend_on_input_order(wording_extractions):
    expected = _dump(merge_extractions(wording_extractions))
    for shift in range(1, len(wording_extractions)):
        rotated = wording_extractions[shift:] + wording_extractions[:shift]
        assert _dump(merge_extractions(rotated)) == expected
    assert _dump(merge_extractions(list(reversed(wording_extractions)))) == expected


def test_a_meeting_a_week_later_or_in_another_city_stays_apart(wording_extractions):
    entries = merge_extractions(wording_extractions)
    assert [s.article_id for s in _entry_of(entries, NEXT_WEEK, "second round").sources] == [NEXT_WEEK]
    munich = _entry_of(entries, NEXT_WEEK, "munich")
    assert [s.article_id for s in munich.sources] == [NEXT_WEEK]  # the same people on the same day, but in Munich
    assert {s.article_id for s in _entry_of(entries, HERALD, "vienna").sources} == {MINISTERS, HERALD}


_MINISTERS_MET = "The foreign ministers of Italy, Germany and Spain met in Vienna on Tuesday to prepare the summit."


@pytest.mark.parametrize(
    "other",
    [
        # Other names and another city: another meeting.
        _event(B, "Lucia Ferri meets her German and Spanish counterparts in Munich", "2024-03-13", actors=("Lucia Ferri",),
               places=("Munich",), sentence="Foreign Minister Lucia Ferri met her German and Spanish counterparts in Munich to prepare the summit."),
        # Other names and no place to show it is the same meeting.
        _event(B, "Lucia Ferri meets her German and Spanish counterparts", "2024-03-13", actors=("Lucia Ferri",),
               sentence="Foreign Minister Lucia Ferri met her German and Spanish counterparts to prepare the summit."),
        # Other names, and countries that are not among the first report's.
        _event(B, "Lucia Ferri meets her French counterpart in Vienna", "2024-03-13", actors=("Lucia Ferri",), places=("Vienna",),
               sentence="Foreign Minister Lucia Ferri met her French counterpart in Vienna to prepare the summit."),
        # The same names and words, a week later: another round.
        _event(B, "Italy, Germany and Spain meet in Vienna", "2024-03-19", actors=("Italy", "Germany", "Spain"),
               places=("Vienna",), sentence=_MINISTERS_MET),
    ],
)
def test_meetings_that_differ_in_place_names_or_week_stay_apart(other):
    first = _event(A, "The foreign ministers of Italy, Germany and Spain meet in Vienna", "2024-03-12",
                   actors=("Italy", "Germany", "Spain"), places=("Vienna",), sentence=_MINISTERS_MET)
    assert len(_merge((A, first), (B, other))) == 2


def test_two_people_meeting_are_not_two_other_people_meeting_in_the_same_city():
    """Countries may stand for a person; one person never stands for another."""
    sentence = "Chinese and Russian foreign ministers {} met in Moscow on Tuesday to prepare the summit."
    leaders = _event(A, "Xi Jinping meets Vladimir Putin in Moscow", "2024-03-12", actors=("Xi Jinping", "Vladimir Putin"),
                     places=("Moscow",), sentence=sentence.format("Xi Jinping and Vladimir Putin"))
    ministers = _event(B, "Wang Yi meets Sergei Lavrov in Moscow", "2024-03-12", actors=("Wang Yi", "Sergei Lavrov"),
                       places=("Moscow",), sentence=sentence.format("Wang Yi and Sergei Lavrov"))
    assert len(_merge((A, leaders), (B, ministers))) == 2


def test_a_week_that_a_day_narrows_down_does_not_give_the_date():
    """ "Last week" agrees with every day of its week; the day most sources give wins."""
    title, actors = "Anna Lindqvist holds talks in Geneva", ("Anna Lindqvist",)
    week = _article("week", "2024-03-18")
    [entry] = _merge(
        (A, _event(A, title, "2024-03-12", actors=actors)),
        (B, _event(B, title, "2024-03-13", actors=actors)),
        (C, _event(C, title, "2024-03-12", actors=actors)),
        (week, _event(week, title, "2024-W11", actors=actors)),
    )
    assert entry.event.date == "2024-03-12" and entry.event.granularity == "day"
    assert len(entry.sources) == 4 and entry.conflicts
    [conflict] = entry.conflicts
    assert conflict.values == (("2024-03-12", ("a", "c")), ("2024-03-13", ("b",)))  # the week disagrees with nobody


def test_sources_that_disagree_on_the_day_must_name_the_same_countries():
    """Seen on AQUAINT: the parse gave both condemnations the actor Tanzania; Cuba's is not Iran's."""
    cuba = _event(A, "The Cuban government condemns the two bomb attacks in Kenya and Tanzania", "2024-03-12",
                  type_="accusation", actors=("Tanzania",),
                  sentence="The Cuban government on Tuesday condemned the two bomb attacks in Kenya and Tanzania.")
    iran = _event(B, "Iran condemns the two bomb attacks in Kenya and Tanzania", "2024-03-13", type_="accusation",
                  actors=("Iran", "Tanzania"), sentence="Iran on Wednesday condemned the two bomb attacks in Kenya and Tanzania.")
    assert len(_merge((A, cuba), (B, iran))) == 2
    [entry] = _merge((A, cuba), (B, replace(iran, title=cuba.title, actors=cuba.actors, sentence=cuba.sentence)))
    assert entry.conflicts


def test_vague_events_without_shared_actors_or_place_stay_apart():
    """Seen on TimeBank: "the quarter ended Sept. 30" of six companies was one entry."""
    def quarter(article, actors=(), places=()):
        return _event(article, "The quarter ends to $747.8 million", "1989-09-30", type_="other", actors=actors, places=places)

    assert len(_merge((A, quarter(A)), (B, quarter(B)))) == 2
    assert len(_merge((A, quarter(A, actors=("Delta",))), (B, quarter(B)))) == 2
    assert len(_merge((A, quarter(A, actors=("Delta",))), (B, quarter(B, actors=("Delta",))))) == 1
    assert len(_merge((A, quarter(A, places=("Atlanta",))), (B, quarter(B, places=("Atlanta",))))) == 1


def test_two_undated_reports_are_one_only_from_articles_published_within_a_week():
    """Seen on AQUAINT: Cuba's call for Elian's return and former guerrillas' call three weeks later were one entry."""
    actors = ("Cuba", "Elian Gonzalez")

    def call(article):
        return _event(article, "Cuba's government calls for the return of Elian Gonzalez", None, type_="statement", actors=actors)

    weeks_later = _article("weeks-later", "2024-04-02")
    assert len(_merge((A, call(A)), (weeks_later, call(weeks_later)))) == 2
    assert len(_merge((A, call(A)), (B, call(B)))) == 1


def test_a_shorter_name_is_never_folded_into_an_institution_or_street_named_after_it():
    from timeline.names import canonical_names

    names = ["Deschutes County", "Deschutes County Circuit Court", "Tollgate", "Tollgate Loop", "Washington", "Washington Post",
             "Putin", "Vladimir Putin", "Apple", "Apple Inc", "Sheriff Ray Holloway", "Ray Holloway"]
    canonical = canonical_names(names)
    assert canonical["Deschutes County"] == "Deschutes County" and canonical["Tollgate"] == "Tollgate"
    assert canonical["Washington"] == "Washington"
    assert canonical["Putin"] == "Vladimir Putin" and canonical["Apple"] == canonical["Apple Inc"] == "Apple"  # a legal form is no name
    assert canonical["Sheriff Ray Holloway"] == canonical["Ray Holloway"] == "Ray Holloway"


def test_an_untyped_event_told_in_the_same_words_a_day_apart_is_one_entry_with_a_conflict(tmp_path):
    from timeline.events import extract_all
    from timeline.readers import read_articles

    for name, published, day in (("a.md", "2025-07-17", "Wednesday"), ("b.md", "2025-07-18", "Thursday")):
        (tmp_path / name).write_text(
            f"---\npublished: {published}\n---\nGov. Tina Kotek invoked the Emergency Conflagration Act on {day} for the Pine Hollow Fire.\n"
        )
    [entry] = merge_extractions(extract_all(read_articles(tmp_path)[0]))
    assert entry.event.type == "other" and len(entry.sources) == 2
    assert [value for value, _ in entry.conflicts[0].values] == ["2025-07-16", "2025-07-17"]


def test_an_acronym_of_three_or_more_words_is_its_full_name():
    from timeline.names import canonical_names

    canonical = canonical_names(["FEMA", "Federal Emergency Management Agency", "KC", "NATO", "North Atlantic Treaty Organization"])
    assert canonical["FEMA"] == "Federal Emergency Management Agency" and canonical["NATO"] == "North Atlantic Treaty Organization"
    assert canonical["KC"] == "KC"


def test_an_undated_report_still_meets_one_dated_to_last_month(tmp_path):
    from timeline.events import extract_all
    from timeline.readers import read_articles

    (tmp_path / "a.md").write_text("---\npublished: 2023-09-20\n---\nKim Jong Un visited the Vostochny Cosmodrome in August.\n")
    (tmp_path / "b.md").write_text("---\npublished: 2023-09-20\n---\nKim Jong Un visited the Vostochny Cosmodrome, where he inspected rockets.\n")
    entries = merge_extractions(extract_all(read_articles(tmp_path)[0]))
    visit = next(e for e in entries if "visits the Vostochny Cosmodrome" in e.event.title)
    assert len(visit.sources) == 2


def test_untyped_reports_with_other_numbers_are_two_days_news(tmp_path):
    from timeline.events import extract_all
    from timeline.readers import read_articles

    (tmp_path / "a.md").write_text("---\npublished: 2025-08-05\n---\nCrews contained 10% of the Pine Hollow Fire on Monday.\n")
    (tmp_path / "b.md").write_text("---\npublished: 2025-08-06\n---\nCrews contained 20% of the Pine Hollow Fire on Tuesday.\n")
    entries = merge_extractions(extract_all(read_articles(tmp_path)[0]))
    assert len([e for e in entries if "contain" in e.event.title]) == 2 and not any(e.conflicts for e in entries)


def test_only_a_name_in_capitals_is_an_acronym():
    from timeline.names import canonical_names

    canonical = canonical_names(["Ira", "IRS", "Inflation Reduction Act", "Internal Revenue Service"])
    assert canonical["Ira"] == "Ira" and canonical["IRS"] == "Internal Revenue Service"


def test_a_pact_is_an_agreement_and_met_is_meet():
    pact = dict(type_="agreement", actors=("Japan", "South Korea"))
    [entry] = _merge(
        (A, _event(A, "Japan and South Korea conclude a pact", "2024-03-12", **pact)),
        (B, _event(B, "Japan and South Korea sign an agreement", "2024-03-12", **pact)),
    )
    assert len(entry.sources) == 2
    # At a month, titles must share two content words: "met" and "meets" are one.
    [entry] = _merge(
        (A, _event(A, "Anna Lindqvist met Novak", "2024-03")),
        (B, _event(B, "Anna Lindqvist meets Novak", "2024-03")),
    )
    assert len(entry.sources) == 2
    # A shared word is not enough on its own: another pact that month stays apart.
    assert len(_merge(
        (A, _event(A, "Japan and South Korea sign a fisheries pact", "2024-03", **pact)),
        (B, _event(B, "Japan and South Korea end a trade agreement", "2024-03", **pact)),
    )) == 2


def test_a_capital_standing_for_its_country_is_that_country(tmp_path):
    from timeline.events import extract_all
    from timeline.readers import read_articles

    (tmp_path / "a.md").write_text("---\npublished: 2023-09-14\n---\nJapan and South Korea signed a fisheries pact in Busan on Tuesday.\n")
    (tmp_path / "b.md").write_text("---\npublished: 2023-09-15\n---\nTokyo and Seoul concluded a fisheries agreement in Busan on September 12.\n")
    [entry] = [e for e in merge_extractions(extract_all(read_articles(tmp_path)[0])) if e.event.type == "agreement"]
    assert len(entry.sources) == 2 and not entry.conflicts
    assert entry.event.actors == ("Japan", "South Korea")


def test_a_plan_does_not_lend_its_date_or_its_source_to_the_happening():
    """Merger review: "is expected to meet ... next week, a person briefed said" and "met union leaders in late May"."""
    late = _article("late", "2024-06-10")
    plan = replace(_event(A, "Anna Lindqvist meets union leaders in Chicago", "2024-W12", status="planned", places=("Chicago",)),
                   attributed_to="a person briefed on the schedule", date_text="next week")
    done = replace(_event(late, "Anna Lindqvist meets union leaders in Chicago", "2024-03", places=("Chicago",)), date_text="in March")
    [entry] = _merge((A, plan), (late, done))
    assert entry.event.status == "happened" and len(entry.sources) == 2
    assert (entry.event.value, entry.event.date_text, entry.event.attributed_to) == ("2024-03", "in March", None)


def test_a_company_is_one_name_with_or_without_its_legal_form_or_its_second_word():
    """Merger review: "Coastal", "Coastal Air" and "Coastal Air Holdings, Inc" were three actors beside the pilots' union."""
    canonical = canonical_names(["Coastal", "Coastal Air", "Coastal Air Holdings, Inc", "Coastal Air Pilots Association",
                                 "Meridian", "Meridian Airways, Inc.", "Kim", "Kim Jong Un", "Kim Yo Jong"])
    assert canonical["Coastal Air Holdings, Inc"] == canonical["Coastal Air"] == "Coastal Air"  # a corporate word is no other company
    assert canonical["Coastal"] == "Coastal" and canonical["Meridian"] == "Meridian"  # never widened, as "Boeing" beside "Boeing Commercial Airplanes"
    assert canonical["Coastal Air Pilots Association"] == "Coastal Air Pilots Association"
    assert canonical["Meridian Airways, Inc."] == "Meridian Airways"
    assert canonical["Kim"] == "Kim"  # two people, and no name between


def test_an_abbreviation_keeps_its_last_dot_and_a_dotted_title_goes():
    """Merger review: "U.S." was listed as "U.S", which no alias of the United States matched."""
    canonical = canonical_names(["U.S.", "the U.S.", "Mr. Putin", "Vladimir Putin", "Washington, D.C."])
    assert canonical["U.S."] == canonical["the U.S."] == "U.S."
    assert canonical["Mr. Putin"] == "Vladimir Putin" and canonical["Washington, D.C."] == "Washington, D.C."


def test_the_dots_of_initials_are_one_spelling():
    """Merger review: "Justice Department", "U.S. Justice Department" and "US Justice Department" were three actors."""
    canonical = canonical_names(["U.S. Justice Department", "U.S. Justice Department", "US Justice Department", "Justice Department", "St. Louis"])
    assert canonical["US Justice Department"] == canonical["U.S. Justice Department"] == canonical["Justice Department"] == "Justice Department"
    assert canonical["St. Louis"] == "St. Louis"


def test_dates_at_the_ends_of_the_calendar_are_merged_without_overflow():
    """Robustness review: an article published 0001-01-01 or 9999-12-31 stopped the build with OverflowError."""
    first, last = _article("first", "0001-01-01"), _article("last", "9999-12-31")
    entries = _merge(
        (first, _event(first, "Anna Lindqvist holds talks", None)),
        (last, _event(last, "Anna Lindqvist holds talks", None)),
        (A, _event(A, "Anna Lindqvist holds talks", "9999-12-31")),
        (B, _event(B, "Anna Lindqvist holds talks", "0001-01-01")),
    )
    assert sum(len(e.sources) for e in entries) == 4


def test_a_city_is_not_folded_into_the_short_name_of_its_airport():
    """Merger review: "A federal judge in Boston" was placed at "Boston Logan", beside "Boston Logan International Airport"."""
    canonical = canonical_names(["Boston", "Boston Logan", "Boston Logan International Airport"], places=True)
    assert canonical["Boston"] == "Boston"
    people = canonical_names(["Mandela", "Nelson Mandela", "Nelson Mandela Foundation", "Putin", "Vladimir Putin"])
    assert people["Mandela"] == people["Nelson Mandela"] == "Nelson Mandela" and people["Putin"] == "Vladimir Putin"


def test_a_share_run_into_a_party_name_is_not_part_of_it():
    """Election review: "the Liberal Centre 6.3 per cent and 7 seats" renamed the party everywhere."""
    canonical = canonical_names(["Liberal Centre 6.3 per cent", "Liberal Centre", "iPhone 4"])
    assert canonical["Liberal Centre 6.3 per cent"] == "Liberal Centre" and canonical["iPhone 4"] == "iPhone 4"


def test_titles_of_two_words_go_and_names_without_a_longest_form_stay_put():
    """Code review: "Attorney General Garland" became "General Garland", "Justice Alito" stayed
    apart from "Samuel Alito", and "Smith" went to Ann or Bob Smith by hash order."""
    from timeline.names import clean_name

    assert [clean_name(t) for t in ("Attorney General Garland", "Secretary General Guterres", "Chief Justice Roberts", "Morgan Stanley & Co.")] == [
        "Garland", "Guterres", "Roberts", "Morgan Stanley"]
    assert set(canonical_names(["Justice Samuel Alito", "Justice Alito", "Alito"]).values()) == {"Samuel Alito"}
    smith = canonical_names(["Smith", "Ann Smith", "Bob Smith", "Ann Smith Trust", "Bob Smith Trust"])
    assert smith["Smith"] == "Smith" and smith["Ann Smith"] == "Ann Smith"


def test_an_undated_report_of_the_happening_gives_the_words_and_the_plan_the_date():
    """Code review: "will sign ... on March 5, officials said" and an undated "signed" kept the plan's words and attribution."""
    plan = replace(_event(A, "Kim Jong Un signs a fisheries agreement with Vladimir Putin in Busan", "2024-03-13", type_="agreement",
                          actors=("Kim Jong Un", "Vladimir Putin"), status="planned", places=("Busan",)), attributed_to="officials", date_text="on March 13")
    done = _event(C, "Kim Jong Un and Vladimir Putin sign a fisheries agreement in Busan", None, type_="agreement",
                  actors=("Kim Jong Un", "Vladimir Putin"), places=("Busan",))
    [entry] = _merge((A, plan), (C, done))
    assert (entry.event.status, entry.event.date, entry.event.date_text) == ("happened", "2024-03-13", "on March 13")
    assert entry.event.title == done.title and entry.event.attributed_to is None


def test_two_counts_are_two_entries():
    """Outbreak review: "96 cases are confirmed" and "103 cases are confirmed" on one day were one entry, with no flag."""
    count = dict(type_="statement", actors=("Ministry of Health",))
    assert len(_merge((A, _event(A, "96 cases are confirmed", "2024-03-12", **count)),
                      (B, _event(B, "103 cases are confirmed", "2024-03-12", **count)))) == 2
    assert len(_merge((A, _event(A, "96 cases are confirmed", "2024-03-12", **count)),
                      (B, _event(B, "96 cases are confirmed in the province", "2024-03-12", **count)))) == 1


def test_parties_and_their_named_leaders_are_one_signing_whose_sources_disagree(tmp_path):
    """Election review: the Observer's "signed with the Civic Alliance, the Liberal Centre and the
    Farmers' Union" (14 April) and KRT's party leaders signing (15 April) were two entries."""
    from timeline.events import extract_all
    from timeline.readers import read_articles

    (tmp_path / "a.md").write_text(
        "---\npublished: 2026-04-21\n---\nThe Civic Alliance, the Liberal Centre and the Farmers' Union signed the coalition agreement in Velmar on April 14.\n"
    )
    (tmp_path / "b.md").write_text(
        "---\npublished: 2026-04-16\n---\nCivic Alliance leader Tomas Brandt, Liberal Centre leader Jonas Reiter and Farmers' Union leader Dora Pell "
        "signed the coalition agreement in Velmar on Wednesday.\n"
    )
    signings = [e for e in merge_extractions(extract_all(read_articles(tmp_path)[0])) if e.event.type == "agreement"]
    assert len(signings) == 1 and len(signings[0].sources) == 2
    assert [value for value, _ in signings[0].conflicts[0].values] == ["2026-04-14", "2026-04-15"]


def test_a_near_duplicate_goes_to_the_first_kept_of_its_length_band_not_the_shortest():
    """The fuzzy pass looks only at texts of about the same length (sorted by length); of two kept
    texts that the copy nearly repeats, it still goes to the one kept first."""
    import random

    rng = random.Random(3)
    copy = "".join(rng.choice("abcdefghijklmnopqrstuvw ") for _ in range(10000))
    longer = copy[:1000] + "x" * 152 + copy[1151:]  # kept first ("a" sorts first), one character longer
    shorter = copy[:5000] + "y" * 151 + copy[5151:]  # too far from "a" to be its copy
    articles = [Article(id=i, path=i, title=i, body=body) for i, body in (("c-copy", copy), ("b", shorter), ("a", longer))]
    assert merge.find_duplicate_articles(articles) == {"c-copy": "a"}


# --------------------------------------------------------------------------- blocking against all-pairs scoring


def _synthetic_wire(articles: int) -> list[Extraction]:
    """The benchmark's generated wire (benchmarks/merge_scale.py): common actors, month- and
    year-long reports, undated chatter and plans, one story told by several articles."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "merge_scale.py"
    spec = importlib.util.spec_from_file_location("merge_scale", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_extractions(articles)


def test_blocking_finds_every_fit_across_the_seeds_and_the_fixtures(summit_extractions, wording_extractions):
    seeds = extract_all(read_articles(Path(__file__).resolve().parents[1] / "seeds")[0])
    reports = merge._reports(seeds + summit_extractions + wording_extractions)
    fits = merge._fits(reports)  # checked against every pair by blocking_loses_no_fit
    assert fits and len(merge._candidate_pairs(reports)) < len(reports) * (len(reports) - 1) // 2


def test_blocking_finds_every_fit_on_a_generated_wire_even_when_every_block_is_split(monkeypatch):
    reports = merge._reports(_synthetic_wire(40))
    fits = merge._fits(reports)
    assert {fit[0] for fit in fits.values()} == {0, 1, 2}  # conflicts, undated sides and compatible dates all met
    monkeypatch.setattr(merge, "BLOCK_CAP", 1)  # months, years and undated reports meet only through two shared units
    assert merge._fits(reports) == fits
    assert len(merge._candidate_pairs(reports)) * 10 < len(reports) * (len(reports) - 1) // 2


def test_a_generated_wire_merges_the_same_in_any_order():
    extractions = _synthetic_wire(40)
    assert _dump(merge_extractions(list(reversed(extractions)))) == _dump(merge_extractions(extractions))


@pytest.mark.parametrize(
    ("dated_value", "published", "status", "merged"),
    [
        ("2024-02-25", "2024-03-27", "happened", True),  # a day a month before the undated report's article
        ("2024-02-24", "2024-03-27", "happened", False),  # a day more
        ("2024-W08", "2024-03-27", "happened", True),  # a week whose last day is a month before
        ("2024-02", "2024-03-31", "happened", True),  # a month whose last day is a month before
        ("2024-W13", "2024-03-31", "planned", True),  # a plan meets a week ending on its publication day
        ("2024-03", "2024-03-31", "planned", True),  # and a month ending on it
        ("2024-03-30", "2024-03-31", "planned", False),  # but not a day before it
        (None, "2024-03-19", "happened", True),  # two undated reports a week apart
        (None, "2024-03-20", "happened", False),  # eight days apart
    ],
)
def test_an_undated_report_meets_the_reports_at_the_edges_of_its_window(dated_value, published, status, merged):
    """Blocking files reports by day: the last day ``_plausibly_recent`` accepts must still be compared."""
    actors = ("Anna Lindqvist", "Marek Novak")
    title = "Anna Lindqvist holds water talks with Marek Novak"
    dated, undated = _article("dated", "2024-03-12"), _article("undated", published)
    entries = _merge((dated, _event(dated, title, dated_value, actors=actors)),
                     (undated, _event(undated, title, None, actors=actors, status=status)))
    assert len(entries) == (1 if merged else 2)


# --------------------------------------------------------------------------- near duplicates against all-pairs comparison


def _edited_copies(rng, text: str) -> list[str]:
    """What a newsroom's folder holds of one article: a fixed typo, a new byline, curly quotes,
    a cut or added tail, a word changed every few words; some stay near duplicates, some do not."""
    words = text.split()
    at = rng.randrange(len(text))
    copies = [
        text[:at] + "q" + text[at + 1:],
        " ".join(["By", "Staff", "Reporter", "in", "Velmar"] + words[5:]),
        text.replace("'", "\u2019"),
        text[: int(len(text) * rng.uniform(0.95, 0.995))],
        text + " " + " ".join(words[: max(1, len(words) // rng.choice((15, 25, 40)))]),
    ]
    for every in (6, 9, 15, 40):
        copies.append(" ".join(w[:-1] if i % every == 3 and len(w) > 2 else w for i, w in enumerate(words)))
    return copies


def _newsroom_folder(seed: int) -> list[Article]:
    """Long articles made of a small vocabulary and stock phrases (so shingles repeat across
    stories), their edited copies, copies of copies, unspaced (Japanese-like) texts, and
    articles sharing a long boilerplate paragraph, shuffled and with mixed metadata."""
    import random

    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghiklmnoprstuvy") for _ in range(rng.randint(2, 9))) for _ in range(400)]
    stock = ["officials said on", "the prime minister's office", "according to figures released", "it's not clear whether"]
    boilerplate = " ".join(rng.choice(vocabulary) for _ in range(60))

    def body() -> str:
        parts = []
        while sum(len(p) for p in parts) < rng.randint(450, 2500):
            parts.append(rng.choice(stock) if rng.random() < 0.15 else " ".join(rng.choices(vocabulary, k=rng.randint(4, 14))) + ".")
        return " ".join(parts)

    texts = [body() for _ in range(60)]
    texts += [boilerplate + " " + body() for _ in range(10)]
    texts += ["".join(rng.choice("\u3042\u3044\u3046\u3048\u304a\u304b\u304d\u304f\u3051\u3053\u3002") for _ in range(rng.randint(420, 900)))
              for _ in range(6)]
    folder = list(texts)
    for text in texts[:25] + texts[60:64]:
        copies = _edited_copies(rng, text) if " " in text else [text[:100] + "\u3093" + text[101:], text[:-5]]
        folder += rng.sample(copies, min(4, len(copies)))
        folder += _edited_copies(rng, folder[-1])[:2] if " " in text else []
    rng.shuffle(folder)
    return [
        Article(id=f"n{number:03d}", path=f"n{number:03d}.md", title="t", body=text,
                published=dt.date(2024, 3, 1 + number % 28) if rng.random() < 0.7 else None,
                url=f"https://example.org/{number}" if rng.random() < 0.5 else None)
        for number, text in enumerate(folder)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_near_duplicates_are_those_every_pair_finds_with_a_fraction_of_the_comparisons(seed, monkeypatch):
    """Filing texts under their rarest shingles finds every near duplicate that comparing each
    text with every kept one finds (checked by ``blocking_loses_no_fit``): typos, bylines,
    quotes, cut or added tails, a word changed every six words or more, chains of copies,
    unspaced texts, while texts that only share boilerplate or stock phrases are not compared."""
    articles = _newsroom_folder(seed)
    compared = []
    check = merge.is_near_duplicate
    monkeypatch.setattr(merge, "is_near_duplicate", lambda a, b: compared.append((a, b)) or check(a, b))
    found = merge.find_duplicate_articles(articles)
    assert len(found) >= 60  # most copies are near duplicates...
    assert len(found) < len(articles) - 76  # ...but not every one of them
    long_texts = sum(len(a.body) >= merge.NEAR_DUPLICATE_MIN_CHARS for a in articles)
    assert len(compared) * 10 < long_texts * (long_texts - 1) // 2


# --------------------------------------------------------------------------- real stories: other words, other names, the mention layer


def test_one_meeting_told_four_ways_is_one_entry_with_every_source(tmp_path):
    """"held talks", "met" and "held a meeting"; "Vladimir Putin", "Putin" and "the Russian
    president"; a date given as a weekday, as a date, after a visit's first day, and as "today"."""
    tellings = {
        "a.md": ("2024-05-16", "Vladimir Putin held talks with Xi Jinping in Beijing on Thursday, the Kremlin said. "
                 "The two leaders discussed energy and trade."),
        # An article that never gives "Xi Jinping" in full keeps its "Xi": across articles a name
        # widens only by its surname, and Chinese names put it first (see canonical_names).
        "b.md": ("2024-05-17", "Putin met Xi Jinping in Beijing on May 16, according to Chinese state media. "
                 "Analysts said the meeting showed how close the two countries have become."),
        "c.md": ("2024-05-16", "Russian President Vladimir Putin arrived in Beijing on Wednesday for a two-day state visit. "
                 "The Russian president held a meeting with Xi Jinping on Thursday."),
        "d.md": ("2024-05-16", "Putin held a meeting with Chinese President Xi Jinping in Beijing today. "
                 "Trade between the two countries reached a record last year."),
    }
    [meeting] = [e for e in _merged_tellings(tmp_path, tellings) if e.event.type == "talks" and "discuss" not in e.event.title]
    assert sorted(s.article_id for s in meeting.sources) == ["a", "b", "c", "d"]
    assert meeting.event.date == "2024-05-16" and not meeting.conflicts


def _merged_tellings(folder: Path, tellings: dict[str, tuple[str, str]]) -> list:
    """The merged entries of articles written to ``folder``: file name -> (published, body)."""
    for name, (published, body) in tellings.items():
        _article_file(folder, name, body, published=published)
    return merge_extractions(extract_all(read_articles(folder)[0]))


def _told(article: Article, title: str, value: str | None, word: str, mention: str | None = "OCCURRENCE", **fields) -> Extraction:
    """One article telling one event whose trigger is ``word``, with the mention layer's class there (or none)."""
    from timeline.contents import EventMention

    start = title.index(word)
    event = replace(_event(article, title, value, **fields), trigger=Span(word, start, start + len(word)))
    mentions = (EventMention(word, start, start + len(word), mention, "POS", "", "PRESENT", "NONE"),) if mention else ()
    return Extraction(article, (), (event,), event_mentions=mentions)


def test_talks_in_two_places_that_only_the_titles_name_stay_apart():
    """The extractor found no place, but each title names one the other report never mentions."""
    entries = merge_extractions([
        _told(A, "Russia holds talks with Kim Jong Un in Khabarovsk", "2024-03-12", "talks", actors=("Russia", "Kim Jong Un")),
        _told(B, "Russia holds talks with the North Korean leader in the Vostochny Cosmodrome", "2024-03-12", "talks",
              actors=("Russia",)),
    ])
    assert len(entries) == 2


def test_a_place_one_title_names_and_the_other_sentence_mentions_is_no_clash():
    entries = merge_extractions([
        _told(A, "Putin meets Kim in Vladivostok", "2024-03-12", "meets", actors=("Putin", "Kim")),
        _told(B, "Putin meets Kim at the Vostochny Cosmodrome", "2024-03-12", "meets", actors=("Putin", "Kim"),
              sentence="Putin met Kim at the Vostochny Cosmodrome near Vladivostok on Tuesday."),
    ])
    assert len(entries) == 1


@pytest.mark.parametrize(("mention", "merged"), [("OCCURRENCE", True), (None, False)])
def test_an_untyped_event_without_actors_merges_when_the_mention_layer_tells_the_same_event(mention, merged):
    """"Diallo" and "the health minister", neither found as an actor: the same word ("sends") of the
    same TimeML class, on the same day, in like words, stands in for the type "other" lacks."""
    entries = merge_extractions([
        _told(A, "The health minister sends a team of doctors to Mamou", "2024-03-12", "sends", mention, type_="other", actors=()),
        _told(B, "Diallo sends a team of doctors to Mamou", "2024-03-12", "sends", mention, type_="other", actors=()),
    ])
    assert len(entries) == (1 if merged else 2)


@pytest.mark.parametrize(("word", "merged"), [("opens", True), ("ends", False)])
def test_sources_a_day_apart_that_name_nobody_are_one_event_with_a_conflict_when_told_by_the_same_word(word, merged):
    later = "The prime minister opens coalition talks with the commission".replace("opens", word)
    entries = merge_extractions([
        _told(A, "The prime minister opens coalition talks with the commission", "2024-03-12", "opens", actors=()),
        _told(B, later, "2024-03-13", word, actors=()),
    ])
    assert len(entries) == (1 if merged else 2)
    if merged:
        assert [value for value, _ in entries[0].conflicts[0].values] == ["2024-03-12", "2024-03-13"]


def test_three_articles_of_one_state_visit_pass_the_six_reader_checks(tmp_path):
    """The cross-story check a reader makes on one story told by three articles: the arrival
    happened, the talks are one entry from all three, a plan is planned, a denial is denied,
    and neither "might supply" nor "could send" is shown as happened."""
    tellings = {
        "a.md": ("2024-06-19", "Russian President Vladimir Putin arrived in Pyongyang on Tuesday for a two-day state visit. "
                 "Putin held talks with Kim Jong Un on Wednesday. Officials said Russia might supply weapons to North Korea."),
        "b.md": ("2024-06-19", "Vladimir Putin held talks with North Korean leader Kim Jong Un in Pyongyang on Wednesday. "
                 "The two leaders did not sign a trade pact. Kim will visit Moscow next year."),
        "c.md": ("2024-06-20", "Putin met Kim Jong Un in Pyongyang on June 19, state media said. "
                 "Analysts said North Korea could send workers to Russia."),
    }
    merged = _merged_tellings(tmp_path, tellings)
    entry = lambda word: next(e for e in merged if word in e.event.title)  # noqa: E731
    shown = lambda e: e.event.confidence >= DEFAULT_MIN_CONFIDENCE  # noqa: E731
    arrival, talks, plan, pact = entry("arrives"), entry("talks"), entry("visits Moscow"), entry("pact")
    assert arrival.event.status == "happened" and arrival.event.date == "2024-06-18" and shown(arrival)
    assert sorted(s.article_id for s in talks.sources) == ["a", "b", "c"] and talks.event.date == "2024-06-19"
    assert plan.event.status == "planned" and plan.event.date == "2025-01-01"
    assert pact.event.negated and pact.event.status != "happened" and not shown(pact)
    for possible in (entry("supply"), entry("send")):
        assert possible.event.status != "happened" and not shown(possible)
