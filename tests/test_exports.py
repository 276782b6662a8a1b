"""The exports: TimelineJS3's JSON (loaded in the real TimelineJS in Chromium), the iCalendar
file (read back by two libraries) and the Atom feed (read back by feedparser)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import html
import http.server
import json
import threading
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import pytest
import vobject

from conftest import make_sample_timeline, npm_package
from test_browser import _QuietHandler, browser, refuse_outside  # noqa: F401 -- the shared Chromium fixture
from timeline.project import story_of
from timeline.contents import Article, Entry, Extraction, Source
from timeline.exports import EXPORTS, FEED_SIZE, TIMELINEJS_SIZE
from timeline.writers import Story, render_pages

#: The TimelineJS release the JSON is checked against, and the npm registry's integrity of its package.
TIMELINEJS = "@knight-lab/timelinejs@3.9.11"
TIMELINEJS_INTEGRITY = "sha512-+jUuY1OJ+9zSO5O3AfYSLd1yB0vQkm22zyIElz8BWT5DQ9mL0rsxlQkBKAqLbWpJjFuAAJeqzLY35xFIg6GW4g=="
STORY = Story("Putin meets Kim", "The 2023 Vostochny summit & what followed")
SITE = "https://user.github.io/repo/"


def _exports(extractions, entries, story: Story = STORY, min_confidence: float = 0.5) -> dict[str, str]:
    pages = render_pages(extractions, entries, min_confidence=min_confidence, story=story)
    return {name: pages[f"timeline/{file}"] for name, file in EXPORTS.items()}


# --------------------------------------------------------------------------- #
# TimelineJS3
# --------------------------------------------------------------------------- #


class _Tags(HTMLParser):
    """The tags and links of an HTML fragment, as a browser's parser sees them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]
        assert [name for name, _ in attrs] in ([], ["href"]), (tag, attrs)

    def handle_data(self, data):
        self.text += data


def test_timelinejs_has_a_title_slide_and_every_dated_entry_at_its_granularity(sample_timeline):
    data = json.loads(_exports(*sample_timeline)["timelinejs"])
    assert data["title"]["text"]["headline"] == "Putin meets Kim"
    assert "The 2023 Vostochny summit &amp; what followed" in data["title"]["text"]["text"]
    slides = {html.unescape(e["text"]["headline"]): e for e in data["events"]}
    # Undated ("Putin visits North Korea") has no place on TimelineJS's axis; below min_confidence is not shown.
    assert "Putin visits North Korea" not in slides and "Putin has a car" not in slides and len(slides) == 6
    assert slides["Talks are held alongside the defence ministers"]["start_date"] == {"year": "2023", "month": "9", "day": "13"}
    assert slides["Kim travels to Russia by armoured train"]["start_date"] == {"year": "2023", "month": "9"}  # a month
    assert slides["Kim travels to Russia by armoured train"]["display_date"] == "September 2023"
    assert slides["Russia and North Korea sign a defence pact"]["start_date"] == {"year": "2024"}  # a year
    assert all("end_date" not in slide for slide in slides.values())  # none spans more than its own unit
    assert slides["Talks are held alongside the defence ministers"]["group"] == "talks or meeting"
    ids = [e["unique_id"] for e in data["events"]]
    assert len(set(ids)) == len(ids) and "2023-09-13-talks-are-held-alongside-the-defence-ministers" in ids
    planned = _Tags(slides["Kim visits aviation factories in Komsomolsk-on-Amur"]["text"]["text"])
    assert planned.text.startswith("Planned · visit · Who: Kim Jong Un")
    assert planned.hrefs == ["https://news.sky.com/story/putin-kim-summit"]  # the source; no site address, no link to it
    assert "media" not in json.dumps(data)


def test_timelinejs_links_each_slide_to_its_entry_when_the_site_address_is_known(sample_timeline):
    data = json.loads(_exports(*sample_timeline, story=dataclasses.replace(STORY, site_url=SITE))["timelinejs"])
    talks = next(e for e in data["events"] if e["unique_id"].startswith("2023-09-13-talks"))
    assert _Tags(talks["text"]["text"]).hrefs[-1] == f"{SITE}timeline/2023/#{talks['unique_id']}"


def test_timelinejs_a_week_and_a_range_of_days_have_an_end_date(sample_timeline):
    extractions, entries = sample_timeline
    event = entries[0].event
    week = dataclasses.replace(event, title="Talks go on all week", date="2023-09-11", end_date="2023-09-17", value="2023-W37", granularity="week")
    data = json.loads(_exports(extractions, [Entry(week, entries[0].sources)])["timelinejs"])
    (slide,) = data["events"]
    assert slide["start_date"] == {"year": "2023", "month": "9", "day": "11"}
    assert slide["end_date"] == {"year": "2023", "month": "9", "day": "17"}


def test_timelinejs_of_a_long_story_keeps_the_most_reported_in_timeline_order(sample_timeline):
    extractions, entries = sample_timeline
    talks = entries[2]  # two sources
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(TIMELINEJS_SIZE + 50)]
    many = [dataclasses.replace(entries[0], event=dataclasses.replace(entries[0].event, title=f"Meeting {n}", date=day.isoformat(), end_date=None)) for n, day in enumerate(days)]
    reported = dataclasses.replace(talks, event=dataclasses.replace(talks.event, date="2023-12-31", end_date=None))
    data = json.loads(_exports(extractions, [*many, reported], min_confidence=0)["timelinejs"])
    headlines = [e["text"]["headline"] for e in data["events"]]
    assert len(headlines) == TIMELINEJS_SIZE and headlines[-1] == talks.event.title  # told twice: kept
    assert headlines[:-1] == [f"Meeting {n}" for n in range(TIMELINEJS_SIZE - 1)]  # then the most confident, earliest first
    assert f"{TIMELINEJS_SIZE + 51} dated events; here, the {TIMELINEJS_SIZE} told by the most sources" in data["title"]["text"]["text"]


def test_nothing_from_an_article_becomes_markup_in_timelinejs(hostile_timeline):
    data = json.loads(_exports(*hostile_timeline)["timelinejs"])
    (slide,) = data["events"]
    headline = _Tags(slide["text"]["headline"])
    assert headline.tags == [] and headline.text.startswith("Pwned <script>")  # shown as the article wrote it
    body = _Tags(slide["text"]["text"])
    assert set(body.tags) <= {"p", "blockquote", "a"} and body.hrefs == []  # javascript: is no link
    assert "<img src=x onerror=alert(1)>" in body.text and "Evil <b>Outlet</b>" in body.text
    # TimelineJS decodes these once (DOMParser's textContent) before setting them as HTML.
    for field in ("group", "display_date"):
        once = html.unescape(slide[field])
        assert "<" not in once and _Tags(once).text == html.unescape(once)
    assert html.unescape(html.unescape(slide["group"])) == "statement<script>"


# --------------------------------------------------------------------------- #
# iCalendar
# --------------------------------------------------------------------------- #


def _vevents(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_calendar_has_all_day_events_tentative_when_planned_with_source_and_evidence(sample_timeline):
    text = _exports(*sample_timeline)["calendar"]
    assert "\r\n" in text and "DTSTART;VALUE=DATE:20230913" in text
    events = _vevents(text)
    talks = events["Talks are held alongside the defence ministers"]
    assert talks.decoded("dtstart") == dt.date(2023, 9, 13) and talks.decoded("dtend") == dt.date(2023, 9, 14)
    assert str(talks["status"]) == "CONFIRMED"
    assert "Talks were held alongside the defence ministers." in str(talks["description"])
    assert "Wire: Putin and Kim hold talks at cosmodrome (2023-09-13)" in str(talks["description"])
    assert str(talks["url"]) == "https://news.sky.com/story/putin-kim-summit"  # the one source with an address
    planned = events["Planned: Kim visits aviation factories in Komsomolsk-on-Amur"]
    assert str(planned["status"]) == "TENTATIVE" and str(planned["location"]) == "Komsomolsk-on-Amur"
    # Known only to its month: the whole month, and the summary says so.
    month = events["Reported: Kim travels to Russia by armoured train (sometime in September 2023)"]
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (dt.date(2023, 9, 1), dt.date(2023, 10, 1))
    assert str(month["status"]) == "TENTATIVE"  # a claim, not a fact
    # A year would block a calendar for a year; undated has no day: neither is there.
    assert not any("defence pact" in s or "North Korea" == s[-11:] for s in events) and len(events) == 5
    # DTSTAMP comes from the data (the newest publication day), not from the clock.
    assert {e.decoded("dtstamp") for e in events.values()} == {dt.datetime(2023, 9, 14, tzinfo=dt.timezone.utc)}
    assert len({str(e["uid"]) for e in events.values()}) == 5


def test_a_second_reader_reads_the_calendar(sample_timeline):
    calendar = vobject.readOne(_exports(*sample_timeline)["calendar"])
    events = sorted(calendar.vevent_list, key=lambda e: (e.dtstart.value, e.summary.value))
    assert [e.dtstart.value for e in events] == [dt.date(2023, 9, 1), *[dt.date(2023, 9, 13)] * 3, dt.date(2023, 9, 14)]
    assert events[-1].status.value == "TENTATIVE" and events[-1].summary.value.startswith("Planned: ")


def _with_second_source(extractions, entries):
    """The sample with a later article reporting the talks again: the story moved on."""
    later = Article("later", "seeds/later.md", "Talks went on", "Talks went on.", dt.date(2023, 9, 20), "Later News", "https://later.example/talks")
    talks = entries[2]
    report = Source(later.id, later.title, "2023-09-20", later.url, "Talks went on.")
    entries = [*entries[:2], dataclasses.replace(talks, sources=(*talks.sources, report)), *entries[3:]]
    return [*extractions, Extraction(later, (), ())], entries


def test_calendar_ids_stay_when_the_story_grows_and_the_file_stays_byte_for_byte(sample_timeline):
    first = _exports(*make_sample_timeline())["calendar"]
    assert _exports(*sample_timeline)["calendar"] == first  # the same input, the same bytes
    grown = _exports(*_with_second_source(*sample_timeline))["calendar"]
    uids = lambda text: {s: str(e["uid"]) for s, e in _vevents(text).items()}  # noqa: E731
    assert uids(grown) == uids(first)  # a new source changes no event's identity
    assert "DTSTAMP:20230920T000000Z" in grown and "https://later.example/talks" in grown
    assert _exports(*sample_timeline, story=Story("Another story"))["calendar"] != first  # ids of one story only


def test_hostile_text_stays_text_in_the_calendar(hostile_timeline):
    (event,) = _vevents(_exports(*hostile_timeline)["calendar"]).values()
    assert str(event["summary"]).startswith("Reported: Pwned <script>")  # plain text, as written
    assert "url" not in event  # javascript: is no address
    assert "---\ntitle" not in str(event["description"])  # whitespace folded: one line per field


# --------------------------------------------------------------------------- #
# Atom
# --------------------------------------------------------------------------- #


def test_the_feed_lists_the_newest_reported_entries_linking_to_their_cards(sample_timeline):
    text = _exports(*_with_second_source(*sample_timeline))["feed"]
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Putin meets Kim" and feed.feed.updated == "2023-09-20T00:00:00+00:00"
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Talks are held alongside the defence ministers"  # its newest source is the newest
    assert "Planned: Putin visits North Korea" in titles  # undated, but reported on 14 September
    assert "Putin has a car" not in titles and len(titles) == 7
    talks = feed.entries[0]
    assert talks.link == "2023/#2023-09-13-talks-are-held-alongside-the-defence-ministers"  # from the feed's address
    assert talks.published.startswith("2023-09-13") and talks.updated.startswith("2023-09-20")
    assert "Later News: Talks went on (2023-09-20)" in talks.summary
    assert len({e.id for e in feed.entries}) == 7 and all(e.id.startswith("urn:uuid:") for e in feed.entries)


def test_the_feed_links_are_absolute_with_the_site_address_and_the_feed_is_byte_stable(sample_timeline):
    story = dataclasses.replace(STORY, site_url=SITE)
    text = _exports(*sample_timeline, story=story)["feed"]
    assert _exports(*make_sample_timeline(), story=story)["feed"] == text
    feed = feedparser.parse(text)
    assert {link.href for link in feed.feed.links} == {f"{SITE}timeline/", f"{SITE}timeline/atom.xml"}
    assert all(e.link.startswith(f"{SITE}timeline/20") or e.link.startswith(f"{SITE}timeline/undated/") for e in feed.entries)


def test_the_site_address_comes_from_site_url_and_a_bad_one_leaves_the_links_relative(monkeypatch, sample_timeline):
    monkeypatch.setenv("SITE_URL", SITE)  # as the Pages workflow sets it, and mkdocs.yml reads it
    assert story_of({"title": "Putin meets Kim"}) == Story("Putin meets Kim", "", SITE)
    exports = _exports(*sample_timeline, story=dataclasses.replace(STORY, site_url="javascript:alert(1)//"))
    assert feedparser.parse(exports["feed"]).entries[0].link.startswith("2023/#")
    assert "javascript" not in exports["feed"] + exports["calendar"] + exports["timelinejs"]


def test_the_feed_keeps_only_the_newest(sample_timeline):
    extractions, entries = sample_timeline
    template = entries[0]
    many = [
        dataclasses.replace(
            template,
            event=dataclasses.replace(template.event, title=f"Meeting number {n}", date=f"2023-10-{n % 28 + 1:02d}", end_date=None),
            sources=tuple(dataclasses.replace(s, published=f"2023-10-{n % 28 + 1:02d}") for s in template.sources),
        )
        for n in range(FEED_SIZE + 10)
    ]
    feed = feedparser.parse(_exports(extractions, [*entries, *many])["feed"])
    assert len(feed.entries) == FEED_SIZE and feed.entries[0].updated.startswith("2023-10-28")
    assert all("Meeting number" in e.title for e in feed.entries)  # September is older than every October report


def test_hostile_text_stays_text_in_the_feed(hostile_timeline):
    text = _exports(*hostile_timeline)["feed"]
    assert "<script" not in text and "<img" not in text  # escaped by the XML writer
    (entry,) = feedparser.parse(text).entries
    assert entry.title_detail.type == "text/plain" and entry.summary_detail.type == "text/plain"


def test_the_home_page_and_the_timeline_index_link_every_export(sample_timeline):
    pages = render_pages(*sample_timeline)
    for page, folder in (("timeline/index.md", ""), ("timeline/overview.snippet", "timeline/")):
        for file in ("timeline.csv", "timeline.json", *EXPORTS.values()):
            assert f"]({folder}{file})" in pages[page], (page, file)


# --------------------------------------------------------------------------- #
# The real TimelineJS in Chromium
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="session")
def timelinejs() -> Path:
    """TimelineJS's built files (``dist/``), from npm; nothing of it is committed."""
    return npm_package(TIMELINEJS, TIMELINEJS_INTEGRITY) / "dist"


#: A page that shows a TimelineJS file as its users do: the library's own files, from this server.
_VIEWER = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="/timelinejs/css/timeline.css"><script src="/timelinejs/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1200px; height: 700px"></div><script>
window.timeline = new TL.Timeline("timeline", new URLSearchParams(location.search).get("data"),
    // font: null, or TimelineJS's default font sheet fetches its fonts from Google.
    {script_path: new URL("/timelinejs/js/", location.href).href, hash_bookmark: false, font: null});
window.timeline.on("loaded", () => { window.__loaded = true; });
</script></body></html>
"""


@contextlib.contextmanager
def timelinejs_server(dist: Path, site: Path, folder: Path):
    """Serve TimelineJS at /timelinejs/, the built site at /site/ and the viewer at /view.html."""
    (folder / "timelinejs").symlink_to(dist, target_is_directory=True)
    (folder / "site").symlink_to(site, target_is_directory=True)
    (folder / "view.html").write_text(_VIEWER, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def open_in_timelinejs(browser, base: str, data: str) -> tuple:  # noqa: F811
    """Open ``data`` (a path on the server) in TimelineJS and wait until it has drawn; the tab,
    the console errors and page errors, and the requests that tried to leave 127.0.0.1 (refused)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    outside = refuse_outside(context, base)
    tab = context.new_page()
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.goto(f"{base}/view.html?data={data}")
    tab.wait_for_function("window.__loaded === true", timeout=20000)
    return context, tab, errors, outside


def test_timelinejs_draws_our_slides_from_the_built_site(browser, timelinejs, built_site, tmp_path):  # noqa: F811
    assert all((built_site / "timeline" / name).is_file() for name in EXPORTS.values())  # MkDocs publishes them
    data = json.loads((built_site / "timeline" / EXPORTS["timelinejs"]).read_text(encoding="utf-8"))
    expected = [html.unescape(e["text"]["headline"]) for e in data["events"]]
    assert any(h.startswith("Pwned <script>") for h in expected)  # the hostile article is in the built site
    with timelinejs_server(timelinejs, built_site, tmp_path) as base:
        context, tab, errors, outside = open_in_timelinejs(browser, base, f"/site/timeline/{EXPORTS['timelinejs']}")
        try:
            slides = tab.locator(".tl-slide-content .tl-headline").all_text_contents()
            assert slides[0] == "Timeline"  # the title slide (the site's story has no title of its own)
            assert sorted(slides[1:]) == sorted(expected)  # every event a slide, its headline as text
            markers = tab.locator(".tl-timemarker-text").all_text_contents()
            assert len(markers) == len(expected)
            groups = tab.locator(".tl-timegroup-message").all_text_contents()
            assert "statement<script>" in groups and "talks or meeting" in groups  # grouped by type, as text
            tab.locator(".tl-slidenav-next").first.click()  # a reader moves on to the first event
            tab.wait_for_timeout(1500)
            assert tab.evaluate("typeof window.__pwned") == "undefined"
            assert tab.locator(".tl-slide img, .tl-slide script, .tl-slide iframe").count() == 0
        finally:
            context.close()
    assert (errors, outside) == ([], [])
