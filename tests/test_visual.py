"""The visual timeline (issue #13, point 4): its data and page as written, and the page as a
reader uses it in Chromium, from a real ``mkdocs build --strict``."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from conftest import make_hostile_timeline, make_sample_timeline
from test_browser import SCREENSHOTS, browser, page, site_url  # noqa: F401 -- the shared Chromium fixtures
from timeline.writers import render_pages
from timeline.visual import ACTOR_ROWS, FIRST_VIEW, OTHERS


def visual_data(extractions, entries) -> dict:
    """The drawing's data as the generator writes it (``timeline/visual.json``)."""
    return json.loads(render_pages(extractions, entries, min_confidence=0.5)["timeline/visual.json"])


@pytest.fixture
def sample_data():
    return visual_data(*make_sample_timeline())


def _by_title(data: dict) -> dict[str, dict]:
    return {item["content"]: item for item in data["items"]}


def test_dated_entries_are_drawn_in_timeline_order_points_for_days_and_ranges_for_periods(sample_data):
    items = sample_data["items"]
    assert [item["id"] for item in items] == list(range(6))  # the undated one has nothing to draw
    assert [item["start"] for item in items] == sorted(item["start"] for item in items)
    by_title = _by_title(sample_data)
    assert "end" not in by_title["Kim visits aviation factories in Komsomolsk-on-Amur"]  # a day: a point
    month = by_title["Kim travels to Russia by armoured train"]
    assert (month["start"], month["end"]) == ("2023-09-01", "2023-10-01")  # vis-timeline's end is exclusive
    year = by_title["Russia and North Korea sign a defence pact"]
    assert (year["start"], year["end"], year["when"]) == ("2024-01-01", "2025-01-01", "2024")


def test_each_item_carries_its_status_and_its_entry_s_address(sample_data):
    by_title = _by_title(sample_data)
    planned = by_title["Kim visits aviation factories in Komsomolsk-on-Amur"]
    assert (planned["className"], planned["status"]) == ("tl-vis--planned", "Planned")
    assert by_title["Kim travels to Russia by armoured train"]["className"] == "tl-vis--reported"
    assert by_title["Talks are held alongside the defence ministers"]["className"] == "tl-vis--happened"
    # Relative to timeline/visual.json: the period page's address and the card's anchor.
    assert planned["link"] == "2023/#2023-09-14-kim-visits-aviation-factories-in-komsomolsk-on-amur"
    extractions, entries = make_sample_timeline()
    denied = dataclasses.replace(entries[0], event=dataclasses.replace(entries[0].event, negated=True))
    item = _by_title(visual_data(extractions, [denied]))[entries[0].event.title]
    assert (item["className"], item["status"]) == ("tl-vis--happened tl-vis--denied", "Happened, denied")


def test_items_name_their_rows_by_type_and_by_actor(sample_data):
    groups = sample_data["groups"]
    assert [g["content"] for g in groups["type"]] == ["agreement", "talks or meeting", "toast or ceremony", "visit"]
    assert [g["id"] for g in groups["actor"]] == ["kim-jong-un", "vladimir-putin", "north-korea", "russia"]  # most named first
    talks = _by_title(sample_data)["Talks are held alongside the defence ministers"]
    assert (talks["type"], talks["actors"]) == ("talks-or-meeting", ["kim-jong-un", "vladimir-putin"])


def test_grouped_by_actor_the_most_named_get_rows_and_the_others_share_one():
    extractions, entries = make_sample_timeline()
    crowd = [
        dataclasses.replace(entries[0], event=dataclasses.replace(entries[0].event, title=f"Meeting {n}", actors=(f"Envoy {n:02d}",) * (1 + (n < ACTOR_ROWS))))
        for n in range(ACTOR_ROWS + 5)
    ]
    data = visual_data(extractions, [*crowd, *crowd[:ACTOR_ROWS]])
    rows = [g["id"] for g in data["groups"]["actor"]]
    assert len(rows) == ACTOR_ROWS + 1 and rows[-1] == OTHERS and "envoy-24" not in rows
    assert _by_title(data)["Meeting 24"]["actors"] == [OTHERS]


def test_article_text_reaches_the_drawing_only_as_escaped_text():
    data = visual_data(*make_hostile_timeline())
    text = json.dumps(data)
    item = data["items"][0]
    assert item["content"].startswith("Pwned &lt;script&gt;window.__pwned = true; alert(1)&lt;/script&gt; &lt;img src=x onerror=&quot;")
    assert "&amp;lt;b&amp;gt;" in item["content"]  # an entity in the article is text too
    assert data["groups"]["type"][0]["content"] == "statement&lt;script&gt;"
    assert data["groups"]["actor"][0]["content"].startswith("Mallory &lt;script&gt;")
    assert not re.search(r"<|>", text)


def test_the_page_links_the_list_pages_as_its_text_alternative_and_the_data():
    pages = render_pages(*make_sample_timeline(), min_confidence=0.5)
    page_text = pages["timeline/visual.md"]
    assert "[the timeline by year](index.md) · [by actor](actors/index.md) · [by type](types/index.md)" in page_text
    assert "This drawing needs JavaScript" in page_text and "{ .tl-visual-fallback }" in page_text
    assert "6 events on a time axis" in page_text and "1 undated event cannot be drawn: see [Undated](undated.md)." in page_text
    assert "[JSON](visual.json)" in page_text
    assert json.loads(pages["timeline/visual.json"])["items"]
    empty = render_pages([], [])
    assert "No dated events yet" in empty["timeline/visual.md"] and 'class="tl-visual"' not in empty["timeline/visual.md"]
    assert json.loads(empty["timeline/visual.json"]) == {"first_view": FIRST_VIEW, "groups": {"actor": [], "type": []}, "items": []}


# --- in Chromium -------------------------------------------------------------------------------

def _open(page, url: str):
    """Open the visual page and wait until vis-timeline has drawn it; JavaScript errors are collected."""
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.goto(url)
    page.locator(".tl-visual[data-drawn]").wait_for()
    return page


def _item(page, title: str):
    return page.locator(".vis-item.vis-box, .vis-item.vis-range").filter(has_text=title)


@pytest.mark.browser
def test_the_page_draws_every_dated_entry_with_its_status_and_no_error(page, site_url):
    _open(page, f"{site_url}/timeline/visual/")
    assert page.locator(".tl-visual").get_attribute("data-drawn") == "7"
    assert page.locator(".vis-item-content").count() == 7
    assert not page.locator(".tl-visual-fallback").is_visible()
    planned = _item(page, "Kim visits aviation factories")
    reported = _item(page, "Kim travels to Russia by armoured train")
    happened = _item(page, "Talks are held alongside the defence ministers")
    assert planned.is_visible() and reported.is_visible() and happened.is_visible()
    style = "e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopColor, s.backgroundColor]; }"
    looks = [planned.evaluate(style), reported.evaluate(style), happened.evaluate(style)]
    assert [look[0] for look in looks] == ["dashed", "dotted", "solid"]
    assert len({look[2] for look in looks}) == 3  # three different fills
    page.screenshot(path=str(SCREENSHOTS / "visual.png"))
    assert page.errors == []


@pytest.mark.browser
def test_clicking_an_item_opens_its_entry(page, site_url):
    _open(page, f"{site_url}/timeline/visual/")
    _item(page, "Kim visits aviation factories").click()
    page.wait_for_url("**/timeline/2023/#2023-09-14-kim-visits-aviation-factories-in-komsomolsk-on-amur")
    assert page.locator("[id='2023-09-14-kim-visits-aviation-factories-in-komsomolsk-on-amur']").is_visible()


@pytest.mark.browser
def test_the_keyboard_moves_between_events_zooms_and_opens_one(page, site_url):
    _open(page, f"{site_url}/timeline/visual/")
    page.keyboard.press("Tab")
    for _ in range(20):  # through the links and controls to the drawing
        if page.evaluate("document.activeElement.classList.contains('tl-visual-canvas')"):
            break
        page.keyboard.press("Tab")
    canvas = page.locator(".tl-visual-canvas")
    assert canvas.evaluate("e => e === document.activeElement")
    status = page.locator(".tl-visual-status")
    page.keyboard.press("ArrowRight")
    assert status.inner_text() == "1 of 7: September 2023, Reported: Kim travels to Russia by armoured train. Enter opens it."
    assert page.locator(".vis-item.vis-selected").filter(has_text="Kim travels to Russia").count() == 1
    page.keyboard.press("End")
    assert status.inner_text().startswith("7 of 7: 2024, Planned: Russia and North Korea sign a defence pact")
    page.keyboard.press("ArrowLeft")
    assert status.inner_text().startswith("6 of 7: 15 September 2023, Reported: Pwned <script>")  # as text
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert status.inner_text().startswith("2 of 7: 13 September 2023, Happened: ")
    month = _item(page, "Kim travels to Russia by armoured train").element_handle()  # September 2023, around the chosen day
    before = month.bounding_box()["width"]
    page.keyboard.press("+")  # zooms in by half, drawn at the next frame
    page.wait_for_function("([e, w]) => e.getBoundingClientRect().width > 1.4 * w", arg=[month, before])
    page.keyboard.press("-")
    page.wait_for_function("([e, w]) => Math.abs(e.getBoundingClientRect().width - w) < 0.05 * w", arg=[month, before])
    page.keyboard.press("Enter")
    page.wait_for_url("**/timeline/2023/#2023-09-13-*")


@pytest.mark.browser
def test_grouping_switches_between_actors_types_and_none_and_lives_in_the_address(page, site_url):
    from playwright.sync_api import expect

    _open(page, f"{site_url}/timeline/visual/")
    named = page.locator(".vis-labelset .vis-label").filter(has_text=re.compile(r"\S"))  # rows with a name
    items = page.locator(".vis-item-content")
    expect(named).to_have_count(0)
    select = page.locator("select[name=group]")
    select.select_option("actor")
    expect(named).to_have_count(5)
    assert named.all_inner_texts()[:2] == ["Kim Jong Un", "Vladimir Putin"]  # the most named first
    assert page.url.endswith("/timeline/visual/?group=actor")
    expect(items).to_have_count(11)  # an event is in the row of each of its actors
    select.select_option("type")
    expect(named).to_have_text(["agreement", "statement<script>", "talks or meeting", "toast or ceremony", "visit"])
    expect(items).to_have_count(7)
    assert page.url.endswith("?group=type")
    select.select_option("")
    expect(named).to_have_count(0)
    assert page.url.endswith("/timeline/visual/")
    _open(page, f"{site_url}/timeline/visual/?group=type")  # a shared address opens grouped
    assert select.input_value() == "type"
    expect(named).to_have_count(5)
    assert page.errors == []


@pytest.mark.browser
def test_every_request_stays_on_the_site(page, site_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    _open(page, f"{site_url}/timeline/visual/")
    page.locator("select[name=group]").select_option("actor")
    assert any(url.endswith("/assets/vendor/vis-timeline/vis-timeline-graph2d.min.js") for url in requests)
    assert any(url.endswith("/timeline/visual.json") for url in requests)
    assert [url for url in requests if not url.startswith(site_url + "/")] == []


@pytest.mark.browser
def test_without_javascript_the_page_says_so_and_links_the_lists(browser, site_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/timeline/visual/")
    assert tab.locator(".tl-visual-fallback").is_visible() and not tab.locator(".tl-visual").is_visible()
    assert "needs JavaScript" in tab.locator(".tl-visual-fallback").inner_text()
    tab.get_by_role("link", name="by actor").click()
    tab.wait_for_url("**/timeline/actors/")
    context.close()


@pytest.fixture(scope="module")
def long_story_url(tmp_path_factory):
    """A site of 300 entries over two months: more than the first view shows."""
    import datetime as dt
    import functools
    import http.server
    import threading

    from conftest import copy_site_project
    from test_browser import _QuietHandler
    from timeline.site import build_site
    from timeline.writers import write_docs

    extractions, entries = make_sample_timeline()
    days = [dt.date(2023, 10, 1) + dt.timedelta(days=n % 60) for n in range(300)]
    many = [
        dataclasses.replace(entries[0], event=dataclasses.replace(
            entries[0].event, title=f"Long story event {n:03d}", date=day.isoformat(), end_date=day.isoformat(), value=day.isoformat()))
        for n, day in enumerate(days)
    ]  # fmt: skip
    project = copy_site_project(tmp_path_factory.mktemp("long-story"))
    write_docs(project / "docs", extractions, many)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(build_site(project, strict=True))))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.browser
def test_a_long_story_opens_on_its_newest_events_and_the_rest_is_a_key_or_a_click_away(page, long_story_url):
    _open(page, f"{long_story_url}/timeline/visual/")
    assert page.locator(".tl-visual").get_attribute("data-drawn") == "300"
    oldest, newest = _item(page, "Long story event 000"), _item(page, "Long story event 299")
    assert newest.is_visible() and not oldest.is_visible()  # the newest events fill the first view
    assert f"It opens on the newest {FIRST_VIEW}; Show all fits the whole story." in page.locator(".tl-visual-intro").inner_text()
    assert page.locator(".vis-item.vis-box").count() < 300  # the oldest are not drawn yet
    page.locator(".tl-visual-canvas").focus()
    page.keyboard.press("Home")
    assert page.locator(".tl-visual-status").inner_text().startswith("1 of 300: 1 October 2023, Happened: Long story event 000")
    assert page.locator(".vis-item.vis-selected").filter(has_text="Long story event 000").is_visible()
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function("document.querySelectorAll('.vis-item.vis-box').length === 300")
    assert page.errors == []


@pytest.mark.browser
def test_on_a_phone_the_page_does_not_scroll_sideways(browser, site_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = context.new_page()
    _open(tab, f"{site_url}/timeline/visual/")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    assert tab.locator(".tl-visual-canvas").bounding_box()["width"] <= 375
    context.close()
