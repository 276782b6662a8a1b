"""What a reader sees: the built site in a real headless Chromium (Playwright)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str):
    """Skip on a developer machine; fail in CI, which installs Chromium."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(f"{reason}; install it to run the browser tests")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="module")
def site_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def search(page, text: str) -> None:
    """Type into the search box as a reader does (the theme listens to key events)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press("Control+A")
    page.keyboard.type(text)


def test_timeline_shows_dated_headings_in_order_and_undated_last(page, site_url):
    page.goto(f"{site_url}/timeline/")
    years = page.locator("article .tl-years td:first-child a")
    assert years.all_inner_texts() == ["2023", "2024", "Undated"]
    years.first.click()
    page.wait_for_url("**/timeline/2023/")
    days = page.locator("article h3[id]")
    assert days.evaluate_all("els => els.map(e => e.id)") == ["2023-09-13", "2023-09-14", "2023-09-15"]
    assert days.first.is_visible()
    assert days.first.inner_text().startswith("Wednesday 13 September 2023")
    page.locator(".tl-pager").first.get_by_role("link", name="2024 →").click()
    page.wait_for_url("**/timeline/2024/")
    page.locator(".tl-pager").first.get_by_role("link", name="Undated →").click()
    page.wait_for_url("**/timeline/undated/")
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == "Undated"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("#2023-09-13-talks-are-held-alongside-the-defence-ministers", "/timeline/2023/#2023-09-13-talks-are-held-alongside-the-defence-ministers"),
        ("#2023-09-14", "/timeline/2023/#2023-09-14"),
        ("#2024", "/timeline/2024/#2024"),
        ("#undated-putin-visits-north-korea", "/timeline/undated/#undated-putin-visits-north-korea"),
    ],
)
def test_an_old_one_page_link_lands_on_its_entry(page, site_url, old, new):
    page.goto(f"{site_url}/timeline/{old}")
    page.wait_for_url(site_url + new)
    target = page.locator(f"[id='{old[1:]}']")
    target.wait_for()
    assert target.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def test_planned_event_shows_a_planned_badge(page, site_url):
    page.goto(f"{site_url}/timeline/2023/#2023-09-14")
    card = page.locator(".tl-entry", has_text="Kim visits aviation factories")
    badge = card.locator(".tl-badge")
    assert badge.inner_text().strip().lower() == "planned"
    assert badge.is_visible()
    colour = badge.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # styled: the CSS is loaded


def test_source_link_opens_the_source_page(page, site_url):
    page.goto(f"{site_url}/timeline/2023/")
    card = page.locator(".tl-entry", has_text="Talks are held alongside the defence ministers")
    card.locator("li").get_by_role("link", name="Wire: Putin and Kim hold talks at cosmodrome").click()
    page.wait_for_url("**/timeline/sources/wire-0913/")
    assert page.locator("article h1").inner_text().startswith("Putin and Kim hold talks at cosmodrome")
    page.get_by_role("link", name="Talks are held alongside the defence ministers").click()
    page.wait_for_url("**/timeline/2023/#2023-09-13-talks-are-held-alongside-the-defence-ministers")


def test_an_old_actor_address_lands_on_the_actors_new_page(page, site_url):
    """Actors, places, sources and types moved under /timeline/: a bookmark of the old address still works,
    its #anchor too."""
    page.goto(f"{site_url}/actors/vladimir-putin/")
    page.wait_for_url(f"{site_url}/timeline/actors/vladimir-putin/")
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == "Vladimir Putin"
    page.goto(f"{site_url}/places/#named-komsomolsk-on-amur")
    page.wait_for_url(f"{site_url}/timeline/places/#named-komsomolsk-on-amur")
    assert page.locator("#named-komsomolsk-on-amur").count() == 1


def test_the_timeline_links_its_entries_as_a_spreadsheet(page, site_url):
    import csv

    page.goto(f"{site_url}/timeline/")
    href = page.get_by_role("link", name="spreadsheet (CSV)").get_attribute("href")
    response = page.request.get(f"{site_url}/timeline/{href}")
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(response.text().splitlines()))
    titles, cards = [], 0
    for period in page.locator("article .tl-years td:first-child a").evaluate_all("els => els.map(e => e.href)"):
        page.goto(period)
        titles += page.locator(".tl-entry strong").all_inner_texts()
        cards += page.locator(".tl-entry").count()
    assert rows and {r["title"] for r in rows} <= set(titles)
    assert len(rows) == cards


def test_search_finds_an_actor(page, site_url):
    page.goto(f"{site_url}/")
    search(page, "Komsomolsk")
    results = page.locator(".md-search-result__link")
    results.first.wait_for(state="attached", timeout=30_000)  # (see test_hostile_article_never_runs_script)
    hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("/timeline/2023/?h=komsomolsk#2023-09-14" in h for h in hrefs), hrefs  # named once: found by its entry
    search(page, "Vladimir Putin")
    page.locator(".md-search-result__link[href*='timeline/actors/vladimir-putin/']").first.wait_for(state="attached", timeout=30_000)


def test_hostile_article_never_runs_script(page, site_url):
    for path in ("/timeline/sources/", "/timeline/sources/hostile-script/", "/timeline/#2023-09-15"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
    page.wait_for_url("**/timeline/2023/#2023-09-15")
    text = page.locator("article").inner_text()
    assert "<script>window.__pwned = true; alert(1)</script>" in text  # shown as text, not run
    page.locator(".tl-entry", has_text="Mallory").get_by_role("link", name=re.compile("^Mallory")).click()
    page.wait_for_url("**/timeline/actors/#named-mallory-*")  # one entry of one source: listed on the index
    search(page, "pwned")
    # The theme sometimes renders the results into a list it leaves hidden when typing
    # follows a page load this fast; the results are there either way, and are what is checked.
    page.locator(".md-search-result__meta", has_text="matching document").wait_for(timeout=30_000)
    results = page.locator(".md-search-result__list")
    assert "Pwned" in results.text_content()
    assert results.locator("script, img, iframe, [onerror], [onclick]").count() == 0  # shown as text
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert page.locator("article img").count() == 0


# --- phones ----------------------------------------------------------------------------------

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def phone(browser):
    """A tab the size of a small phone's screen."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("path", "evidence"),
    [
        ("/timeline/sources/000-52d71b10ba252412/", "What the article says"),
        ("/timeline/actors/vladimir-putin/", "Sources"),
        ("/timeline/places/vostochny-cosmodrome/", "Sources"),
        ("/timeline/types/visit/", "Sources"),
    ],
)
def test_on_a_phone_event_tables_show_the_evidence_within_the_screen(phone, site_url, path, evidence):
    phone.goto(site_url + path)
    rows = phone.locator(".tl-events tbody tr")
    assert rows.count() > 0
    for row in rows.all():
        cells = row.locator("td")
        event, said = cells.nth(1), cells.nth(3)
        said.scroll_into_view_if_needed()
        assert said.is_visible() and said.inner_text().startswith(f"{evidence}:")
        box = said.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (path, box)
        # The event title gets the card's width, not a column a dozen characters wide.
        assert event.bounding_box()["width"] > PHONE["width"] * 0.7, path
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # On a wide screen the table keeps its header row, and the label is not repeated in it.
    phone.set_viewport_size({"width": 1280, "height": 900})
    assert phone.locator(".tl-events thead").is_visible()
    assert not phone.locator(".tl-events .tl-label").first.is_visible()


def test_the_tab_title_reads_like_the_heading_even_for_hostile_text(page, site_url):
    page.goto(f"{site_url}/timeline/sources/hostile-script/")
    heading = page.locator("article h1").inner_text().rstrip("¶").strip()
    assert heading.startswith("Hostile <script>")
    assert page.title() == f"{heading} - Timeline"
    assert page.evaluate("typeof window.__pwned") == "undefined" and page.dialogs == []


@pytest.mark.parametrize("path", ["/timeline/sources/", "/timeline/actors/", "/timeline/places/"])
def test_on_a_phone_index_tables_fit_the_screen(phone, site_url, path):
    phone.goto(site_url + path)
    cells = phone.locator("article table td, article table th")
    assert cells.count() > 0
    for box in cells.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
        assert box["left"] >= 0 and box["right"] <= PHONE["width"], (path, box)


@pytest.mark.parametrize("path", ["/timeline/sources/", "/timeline/actors/", "/timeline/places/"])
def test_on_a_phone_table_headings_break_only_between_words(phone, site_url, path):
    phone.goto(site_url + path)
    for heading in phone.locator("article table th").all():
        words = heading.inner_text().split()
        lines = heading.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }")
        assert lines <= len(words), (path, words, lines)  # a word is never cut: at most one line a word


@pytest.fixture(scope="module")
def long_month_url(tmp_path_factory):
    """A site whose October holds 250 entries known only to the month: cut in two parts mid-group,
    so old links to its second part are found through the hashed list, not by date."""
    import dataclasses

    from conftest import copy_site_project, make_sample_timeline
    from timeline.contents import Entry
    from timeline.site import build_site
    from timeline.writers import write_docs

    extractions, entries = make_sample_timeline()
    october = {"date": "2023-10-01", "end_date": "2023-10-31", "value": "2023-10", "granularity": "month"}
    many = [Entry(dataclasses.replace(entries[0].event, title=f"October event {n:03d}", **october), entries[0].sources) for n in range(250)]
    project = copy_site_project(tmp_path_factory.mktemp("long-month"))
    write_docs(project / "docs", extractions, [*entries, *many])
    site = build_site(project, strict=True)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize(("title", "part"), [("october-event-003", "2023-10"), ("october-event-240", "2023-10-part-2")])
def test_an_old_link_into_a_month_cut_in_parts_lands_on_its_part(page, long_month_url, title, part):
    anchor = f"2023-10-01-{title}"
    page.goto(f"{long_month_url}/timeline/#{anchor}")
    page.wait_for_url(f"{long_month_url}/timeline/{part}/#{anchor}")
    assert page.locator(f"[id='{anchor}']").count() == 1


# --- the home page -----------------------------------------------------------------------------

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "assets"


def test_the_home_page_shows_the_story_at_a_glance(page, site_url):
    page.goto(f"{site_url}/")
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == "Timeline"
    facts = page.locator(".tl-overview-facts").inner_text()
    assert facts.startswith("From September 2023 to 2024: 8 events from 3 sources, naming 5 actors.")
    chart = page.locator("svg.tl-chart")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    assert chart.locator("title").first.text_content().startswith("Events per month, September 2023 to September 2023: 6 events")
    assert chart.locator("rect").count() == 1 and chart.bounding_box()["height"] > 50
    page.locator(".tl-chart-table summary").click()
    assert page.locator(".tl-chart-table td").all_inner_texts() == ["September 2023", "6"]
    latest = page.locator("#latest + ul li")
    assert latest.count() == 7 and latest.first.inner_text().startswith("2024: Russia and North Korea sign a defence pact")
    assert "How to read it" in page.locator("article").inner_text()  # the hand-written text follows
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=False)
    latest.nth(1).get_by_role("link").click()
    page.wait_for_url("**/timeline/2023/#2023-09-15-pwned-*")


# --- filters -----------------------------------------------------------------------------------


def _shown_titles(page) -> list[str]:
    return page.locator(".tl-entry:visible > p:first-child strong").all_inner_texts()


def test_filters_narrow_the_list_and_live_in_the_address(page, site_url):
    page.goto(f"{site_url}/timeline/2023/")
    everything = _shown_titles(page)
    assert len(everything) == 6
    form = page.locator("form.tl-filters")
    assert form.is_visible()
    form.locator("select[name=status]").select_option("planned")
    assert _shown_titles(page) == ["Kim visits aviation factories in Komsomolsk-on-Amur"]
    assert page.url.endswith("/timeline/2023/?status=planned")
    assert form.locator(".tl-filter-count").inner_text() == "1 of 6 events shown"
    assert not page.locator("[id='2023-09-13']").is_visible() and page.locator("[id='2023-09-14']").is_visible()  # an emptied day goes
    form.locator("select[name=status]").select_option("")
    form.locator("select[name=actor]").select_option("vladimir-putin")
    putin = _shown_titles(page)
    assert putin and len(putin) < len(everything) and "Kim travels to Russia by armoured train" not in putin
    assert "actor=vladimir-putin" in page.url
    assert "actor=vladimir-putin" in page.locator(".tl-pager a[rel=next]").first.get_attribute("href")
    form.locator("button[type=reset]").click()
    page.wait_for_function("() => !location.search")
    assert _shown_titles(page) == everything


def test_a_shared_filtered_address_opens_filtered(page, site_url):
    page.goto(f"{site_url}/timeline/2023/?type=visit&from=2023-09-14&to=2023-09-30")
    form = page.locator("form.tl-filters")
    assert form.locator("select[name=type]").input_value() == "visit"
    assert form.locator("input[name=from]").input_value() == "2023-09-14"
    assert _shown_titles(page) == ["Kim visits aviation factories in Komsomolsk-on-Amur"]
    page.goto(f"{site_url}/timeline/2023/?status=denied")
    assert _shown_titles(page) == []


def test_without_javascript_the_full_list_shows(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/timeline/2023/?status=planned")
    assert not page.locator("form.tl-filters").is_visible()
    assert page.locator(".tl-entry:visible").count() == 6
    context.close()


# --- print -------------------------------------------------------------------------------------


def test_a_printed_timeline_page_is_the_chronology_alone(page, site_url):
    import re as regex

    page.goto(f"{site_url}/timeline/2023/")
    page.emulate_media(media="print")
    for chrome in ("header.md-header", ".md-tabs", ".md-sidebar--secondary", "form.tl-filters", ".tl-pager", "footer.md-footer", ".headerlink"):
        assert not page.locator(chrome).first.is_visible(), chrome
    card = page.locator(".tl-entry").first
    assert card.is_visible() and card.bounding_box()["width"] > 0.8 * page.viewport_size["width"]  # no sidebars left
    assert page.locator("[id='2023-09-13']").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(regex.findall(rb"/Type\s*/Page\b", pdf)) >= 1


# --- the whole site ----------------------------------------------------------------------------


def site_pages(built_site: Path) -> list[str]:
    """The address of every page of the built site ("/", "/timeline/2023/", ...)."""
    folders = (page.parent.relative_to(built_site).as_posix() for page in built_site.rglob("index.html"))
    return sorted("/" if folder == "." else f"/{folder}/" for folder in folders)


def refuse_outside(target, base: str) -> list[str]:
    """Let ``target`` (a page or a browser context) reach only ``base``; the list fills with
    every address it tried beyond it, each refused."""
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    target.route("**/*", only_local)
    return outside


def test_no_request_leaves_the_machine(page, site_url, built_site):
    outside = refuse_outside(page, site_url)
    pages = site_pages(built_site)
    for path in pages:
        page.goto(site_url + path, wait_until="networkidle")
    search(page, "Putin")
    page.locator(".md-search-result__item").first.wait_for(state="attached", timeout=30_000)  # the search ran (its worker and index are local)
    assert len(pages) > 10 and outside == []


def test_on_a_phone_no_page_scrolls_sideways(phone, site_url, built_site):
    wide = {}
    for path in site_pages(built_site):
        phone.goto(site_url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    assert wide == {}


#: axe-core, the accessibility engine browsers' own audits use; for the tests only, from npm.
AXE = "axe-core@4.14.1"
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="


def test_axe_finds_no_serious_accessibility_problem(page, site_url, built_site):
    from conftest import npm_package

    axe = npm_package(AXE, AXE_INTEGRITY) / "axe.min.js"
    found = {}
    for path in site_pages(built_site):
        page.goto(site_url + path)
        page.add_script_tag(path=str(axe))
        result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        serious = [
            f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[path] = serious
    assert found == {}
