"""Hostile articles (issue #15): a corpus of XSS payloads, placed in every field that
reaches the site, is built into one real site, and every page of it is opened in
headless Chromium. No payload may run, open a dialog, or leave a live link or handler.

Every payload sets ``window.__pwned`` (or calls ``alert``) if it ever runs, and carries
a marker ("x017x") so that the test can also see it arrived on the site as plain text.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from test_browser import _QuietHandler, browser, page  # noqa: F401 -- the shared Chromium fixtures
from test_exports import open_in_timelinejs, timelinejs, timelinejs_server  # noqa: F401 -- TimelineJS, fetched once
from timeline.cli import main
from timeline.visual import ACTOR_ROWS

pytestmark = pytest.mark.browser

#: Payload shapes; "{m}" is the placement's marker.
PAYLOADS = (
    "<script>window.__pwned='{m}'; alert('{m}')</script>",
    "<SCRIPT>window.__pwned='{m}'</SCRIPT>",
    "<scr<script>ipt>window.__pwned='{m}'</script>",
    "<img src=x onerror=\"window.__pwned='{m}'\">",
    "<IMG SRC=x ONERROR=alert('{m}')>",
    "<svg onload=\"window.__pwned='{m}'\"></svg>",
    "<svg><script>window.__pwned='{m}'</script></svg>",
    "<iframe srcdoc=\"<script>parent.__pwned='{m}'</script>\"></iframe>",
    "<iframe src=\"javascript:parent.__pwned='{m}'\"></iframe>",
    "<a href=\"javascript:window.__pwned='{m}'\">click {m}</a>",
    "<a href=\"jav&#x09;ascript:window.__pwned='{m}'\">click {m}</a>",
    "[click {m}](javascript:window.__pwned='{m}')",
    "[click {m}](  JaVaScRiPt:window.__pwned='{m}'  )",
    "[click {m}](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+)",
    "![img {m}](x){{: onerror=\"window.__pwned='{m}'\" }}",
    "{m} {{: onclick=\"window.__pwned='{m}'\" }}",
    "**{m}**{{: onmouseover=\"window.__pwned='{m}'\" }}",
    "{{{{ config }}}} {{% raw %}} {m}",
    "</title><script>window.__pwned='{m}'</script>",
    "\"><script>window.__pwned='{m}'</script>",
    "'><img src=x onerror=window.__pwned='{m}'>",
    "&lt;script&gt;window.__pwned='{m}'&lt;/script&gt;",
    "&#60;img src=x onerror=window.__pwned='{m}'&#62;",
    "\uff1cscript\uff1ewindow.__pwned='{m}'\uff1c/script\uff1e",
    "<scr\u200bipt>window.__pwned='{m}'</script> \u202e{m}",
    "<details open ontoggle=\"window.__pwned='{m}'\">{m}</details>",
    "<div style=\"background:url(javascript:window.__pwned='{m}')\">{m}</div>",
    "<style>body{{x:expression(window.__pwned='{m}')}}</style>{m}",
    "<object data=\"javascript:window.__pwned='{m}'\"></object>{m}",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned='{m}'\">{m}",
    "<math><a xlink:href=\"javascript:window.__pwned='{m}'\">{m}</a></math>",
    "<https://x.example/\"onmouseover=\"window.__pwned='{m}'>",
    "--8<-- \"/etc/passwd\" {m}",
    "<div markdown=\"1\" onclick=\"window.__pwned='{m}'\">{m}</div>",
)

MARKER = re.compile(r"x\d{3}x")

#: People and places the small spaCy model knows, one pair per payload: the configuration
#: renames each to a hostile actor or place name.
PEOPLE = (
    "Joe Biden", "Emmanuel Macron", "Olaf Scholz", "Xi Jinping", "Narendra Modi", "Rishi Sunak", "Justin Trudeau",
    "Fumio Kishida", "Giorgia Meloni", "Pedro Sanchez", "Anthony Albanese", "Cyril Ramaphosa", "Volodymyr Zelensky",
    "Antonio Guterres", "Jens Stoltenberg", "Benjamin Netanyahu", "Recep Tayyip Erdogan", "Angela Merkel",
    "Boris Johnson", "Donald Trump", "Barack Obama", "Keir Starmer", "Jacinda Ardern", "Shinzo Abe", "Moon Jae-in",
    "Hillary Clinton", "Gordon Brown", "Tony Blair", "Nicolas Sarkozy", "Francois Hollande", "Silvio Berlusconi",
    "Mario Draghi", "Kamala Harris", "Mike Pence",
)  # fmt: skip
PLACES = (
    "Berlin", "Paris", "Tokyo", "Madrid", "Rome", "Ottawa", "Canberra", "Seoul", "Beijing", "New Delhi", "Ankara",
    "Brasilia", "Pretoria", "Kyiv", "Geneva", "Brussels", "Vienna", "Warsaw", "Prague", "Lisbon", "Athens", "Cairo",
    "Nairobi", "Lagos", "Jakarta", "Manila", "Hanoi", "Bangkok", "Lima", "Santiago", "Bogota", "Havana", "Oslo",
    "Helsinki",
)  # fmt: skip
#: Fields of an article file that take a payload, and the config entries that name things.
FIELDS = ("body", "title", "source", "url", "author", "language", "front matter key", "actor", "place")
#: Verbs whose event type the configuration renames to a hostile type.
TYPED_VERBS = ("visit", "meet")


def _placements() -> list[tuple[str, str]]:
    """(field, payload) for every placement, each payload with its own marker."""
    placements = []
    for shape in PAYLOADS:
        for field in FIELDS:
            placements.append((field, shape.format(m=f"x{len(placements):03d}x")))
    for shape in PAYLOADS:
        name = shape.format(m=f"x{len(placements):03d}x")
        if "/" not in name:  # a file name cannot hold a slash
            placements.append(("file name", name))
    for _ in TYPED_VERBS:
        placements.append(("event type", PAYLOADS[0].format(m=f"x{len(placements):03d}x")))
    return placements


PLACEMENTS = _placements()


def _project_files(placements: list[tuple[str, str]]) -> tuple[dict[str, str], dict]:
    """The seeds/ files (name -> text) and the timeline.yml settings that hold every placement."""
    by_field: dict[str, list[str]] = {}
    for field, payload in placements:
        by_field.setdefault(field, []).append(payload)
    files, aliases = {}, {}
    for number in range(len(PAYLOADS)):
        person, place = PEOPLE[number], PLACES[number]
        front = {
            "title": f"Summit {by_field['title'][number]}",
            "published": dt.date(2023, 9, 14),
            "source": by_field["source"][number],
            "url": f"https://news.example/{by_field['url'][number]}" if number % 2 else by_field["url"][number],
            "author": by_field["author"][number],
            "language": by_field["language"][number],
            by_field["front matter key"][number]: "value",
        }
        body = (
            f"On 13 September 2023 {by_field['body'][number]} Putin met Kim at the Vostochny Cosmodrome.\n"
            f"On 12 September 2023 {person} visited {place} for talks with Kim.\n"
        )
        files[f"article-{number:03d}.md"] = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
        aliases[f"{person} {by_field['actor'][number]}"] = [person]
        aliases[f"{place} {by_field['place'][number]}"] = [place]
    for number, name in enumerate(by_field["file name"], start=1):  # different texts: a copy is read once
        files[f"{name}.md"] = f"---\npublished: 2023-09-15\n---\nOn 15 September 2023 Putin met Kim in Vladivostok for {number} hours.\n"
    event_types = {f"summit {payload}": [verb] for verb, payload in zip(TYPED_VERBS, by_field["event type"])}
    return files, {"aliases": aliases, "event_types": event_types, "min_confidence": 0}


def test_the_corpus_places_over_a_hundred_payloads_in_every_field():
    fields = {field for field, _ in PLACEMENTS}
    assert len(PLACEMENTS) >= 100 and fields == set(FIELDS) | {"file name", "event type"}
    assert len(PAYLOADS) <= min(len(PEOPLE), len(PLACES))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """One project from ``timeline init``, its seeds/ and timeline.yml full of payloads,
    built by ``timeline build`` (a strict MkDocs build)."""
    project = tmp_path_factory.mktemp("xss")
    assert main(["init", str(project)]) == 0
    files, config = _project_files(PLACEMENTS)
    for name, text in files.items():
        (project / "seeds" / name).write_text(text, encoding="utf-8")
    (project / "timeline.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    folders = {option: project / option.strip("-") for option in ("--seeds", "--docs", "--site")}
    arguments = [str(part) for pair in folders.items() for part in pair]
    code = main(["build", *arguments, "--config", str(project / "timeline.yml"), "--mkdocs-config", str(project / "mkdocs.yml"), "--no-cache", "-q"])
    assert code == 0
    return project / "site"


#: What a page shows of the attack: dangerous links and handlers left in the DOM.
_INSPECT = """() => {
    const all = [...document.querySelectorAll('*')];
    const handlers = all.flatMap(e => [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
        .map(a => `${e.tagName} ${a.name}=${a.value}`));
    const links = all.flatMap(e => ['href', 'src', 'action', 'formaction', 'data', 'xlink:href']
        .map(n => e.getAttribute(n)).filter(v => v && /^\\s*(javascript|data|vbscript):/i.test(v.replace(/[\\s\\x00-\\x1f]/g, '')))
        .map(v => `${e.tagName} ${v}`));
    const embedded = all.filter(e => ['IFRAME', 'OBJECT', 'EMBED', 'IMG', 'DETAILS'].includes(e.tagName) && /x\\d{3}x/.test(e.outerHTML))
        .map(e => e.outerHTML);
    const scripts = [...document.scripts].filter(s => /__pwned|x\\d{3}x/.test(s.textContent)).map(s => s.outerHTML);
    return {pwned: typeof window.__pwned, handlers, links, embedded, scripts, text: document.body.innerText};
}"""


def _redirects(site: Path) -> set[Path]:
    """The pages at the old addresses of sources, actors, places and types: opened from file://,
    they would send the tab on to a folder listing, so they are checked as markup instead."""
    return {page for folder in ("sources", "actors", "places", "types") for page in (site / folder).rglob("*.html")}


def _harmless_text(tab, where) -> str:
    """The text of the page open in ``tab``, once it is checked that no payload ran or lives on in it."""
    found = tab.evaluate(_INSPECT)
    assert found["pwned"] == "undefined", where
    assert not (found["handlers"] or found["links"] or found["embedded"] or found["scripts"]), (where, found)
    assert len(tab.frames) == 1, where  # no injected frame
    assert "root:x:0:0" not in found["text"], where  # no "--8<--" snippet of a local file
    return found["text"]


def test_no_payload_runs_on_any_page(browser, hostile_site):  # noqa: F811 -- the imported fixture
    pages = sorted(set(hostile_site.rglob("*.html")) - _redirects(hostile_site))
    assert len(pages) > len(PAYLOADS)  # a source page for each article, and the rest
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    shown = ""
    try:
        for page in pages:
            tab.goto(page.as_uri())
            shown += _harmless_text(tab, page.relative_to(hostile_site))
    finally:
        context.close()
    assert dialogs == []
    # The payloads did reach the site, as text. (A body's tags are no words of the article,
    # and an invalid url, an author or a language is not shown: those prove nothing here.)
    for field, payload in PLACEMENTS:
        if field in ("title", "source", "actor", "place", "file name", "event type"):
            assert MARKER.search(payload).group() in shown, (field, payload)


def test_no_payload_runs_in_the_timelinejs_view(browser, timelinejs, hostile_site, tmp_path):  # noqa: F811
    """The site's TimelineJS file, opened in the real TimelineJS: it renders ``headline`` and
    ``text`` as HTML, and decodes ``group`` once before doing the same."""
    with timelinejs_server(timelinejs, hostile_site, tmp_path) as base:
        context, tab, errors, outside = open_in_timelinejs(browser, base, "/site/timeline/timelinejs.json")
        try:
            slides = tab.evaluate("window.timeline.config.events.length")
            assert slides > len(PAYLOADS)
            tab.evaluate(f"window.timeline.goTo({slides})")  # the last slide: every one drawn on the way
            tab.wait_for_timeout(1500)
            found = tab.evaluate(_INSPECT)
            assert found["pwned"] == "undefined"
            # TimelineJS's own menu links carry onclick="void(0)": only what came from the payloads counts.
            handlers = [h for h in found["handlers"] if MARKER.search(h) or "__pwned" in h]
            assert not (handlers or found["links"] or found["embedded"] or found["scripts"]), found
            assert len(tab.frames) == 1  # no injected frame
            shown = tab.evaluate("document.body.textContent")
        finally:
            context.close()
    assert (errors, outside) == ([], [])
    for field, payload in PLACEMENTS:
        if field in ("title", "source", "actor", "place", "event type"):
            assert MARKER.search(payload).group() in shown, (field, payload)


class _Markup(HTMLParser):
    """Every tag, attribute and script text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_the_pages_at_old_addresses_carry_no_payload(hostile_site):
    redirects = sorted(_redirects(hostile_site))
    assert len(redirects) > len(PAYLOADS)  # one per source, actor, place and type page
    scripts = set()
    for page in redirects:
        markup = _Markup()
        markup.feed(page.read_text())
        assert {tag for tag, _ in markup.tags} <= {"html", "head", "meta", "title", "link", "script", "body", "p", "a"}, page
        targets = {attrs.get("href") for tag, attrs in markup.tags if tag in ("a", "link")}
        assert len(targets) == 1 and re.fullmatch(r"(\.\./)+timeline/[a-z0-9/._-]+", targets.pop()), page
        scripts.update(markup.scripts)
    assert len(scripts) == 1 and not MARKER.search(scripts.pop())  # one fixed script, no name in it


def test_no_payload_runs_on_the_visual_timeline_in_any_grouping(page, hostile_site):  # noqa: F811
    """vis-timeline renders titles and row names as HTML: served over HTTP (so the page can fetch
    its data), drawn ungrouped, by type and by actor, with a title's tooltip shown."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shown = ""
    try:
        for group in ("", "type", "actor"):
            page.goto(f"http://127.0.0.1:{server.server_port}/timeline/visual/?group={group}")
            page.locator(".tl-visual[data-drawn]").wait_for()
            if group:  # drawn ungrouped first, then in rows
                page.wait_for_function("document.querySelectorAll('.vis-labelset .vis-label').length >= 2")
            page.locator(".vis-item-content").first.hover()
            shown += _harmless_text(page, group) + page.locator(".vis-tooltip").inner_text()
    finally:
        server.shutdown()
    assert page.dialogs == []
    drawn = {field: [MARKER.search(p).group() in shown for f, p in PLACEMENTS if f == field] for field in ("actor", "event type")}
    assert all(drawn["event type"]) and sum(drawn["actor"]) >= ACTOR_ROWS  # as text: rows of types, of the most-named actors
