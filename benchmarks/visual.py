"""Time the visual timeline's first drawing in Chromium: 2,000 items, against a 20-item baseline.

Usage: ``python benchmarks/visual.py [--items 2000] [--runs 5] [--json]``, or
``--project PROJECT`` to time the visual page of a site already built by ``timeline build``.

Two stories are generated from the data model (deterministic: days, weeks, months and
multi-day spans over two years, every status, 12 types, 60 actors), written by
``write_docs`` and built by a strict MkDocs build. Each visual page is served from
127.0.0.1 and opened in Debian's Chromium, in a fresh browser context every run (so the
library and the data are fetched each time), in alternating order. Reported, as the median of the
runs: *draw*, from the vis-timeline constructor until the drawing is shown with its events in
(``tl-visual-start`` to ``tl-visual-drawn``, marks set by ``assets/timeline-visual.js``; it
includes the 200 ms vis-timeline waits for the first window to settle); *ready*, from
navigation start to the same moment; and *page CPU*, the CPU time of Chromium's renderer
processes until then, which other work on the machine inflates less than wall time. The
20-item story, measured in the same run, is the baseline: what the page costs with almost
nothing to draw.
Target (issue #13): 2,000 items drawn in under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from site_pages import CHROMIUM, CHROMIUM_ARGS, _Quiet  # noqa: E402
from timeline.contents import Article, Entry, Event, Extraction, Source, Span  # noqa: E402
from timeline.site import build_site  # noqa: E402
from timeline.writers import OWNED_FOLDER, write_docs  # noqa: E402

TARGET_MS = 1000
BASELINE_ITEMS = 20
TYPES = ("visit", "talks_or_meeting", "agreement", "statement", "military", "sanctions", "election", "protest",
         "trade", "aid", "court_ruling", "appointment")  # fmt: skip
WORDS = ("minister", "delegation", "summit", "border", "treaty", "envoy", "talks", "pipeline", "port", "council",
         "grain", "missile", "ceasefire", "embassy", "vote", "tariff", "loan", "drill", "court", "parliament")  # fmt: skip


def _event(n: int, article: Article, start: dt.date) -> Event:
    """The n-th event: a day mostly, sometimes a week, a month or a span of days."""
    shape = n % 20
    if shape == 0:
        first, last, value, granularity = start.replace(day=1), _month_end(start), start.strftime("%Y-%m"), "month"
    elif shape == 1:
        first = start - dt.timedelta(days=start.weekday())
        last, value, granularity = first + dt.timedelta(days=6), first.strftime("%G-W%V"), "week"
    elif shape == 2:
        first, last, value, granularity = start, start + dt.timedelta(days=3), start.isoformat(), "day"
    else:
        first, last, value, granularity = start, start, start.isoformat(), "day"
    words = " ".join(WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7, 11))
    return Event(
        title=f"Event {n}: the {words} meet again", type=TYPES[n % len(TYPES)],
        status=("happened", "happened", "planned", "reported")[n % 4], sentence=f"Event {n} happened.",
        trigger=Span("happened", 9, 17), article_id=article.id, date=first.isoformat(), end_date=last.isoformat(),
        value=value, granularity=granularity, date_text="on that day",
        actors=tuple(f"Actor {a:02d}" for a in sorted({(n * 7) % 60, (n * 13) % 60 // 3})),
        places=(f"Place {n % 25}",), negated=n % 37 == 0,
    )  # fmt: skip


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def story(items: int) -> tuple[list[Extraction], list[Entry]]:
    """``items`` distinct entries over two years, from one article per 10 entries."""
    extractions, entries = [], []
    for block in range(0, items, 10):
        article = Article(id=f"a{block:05d}", path=f"seeds/a{block:05d}.md", title=f"Article {block}", body="Event happened.",
                          published=dt.date(2024, 1, 1), source="Wire", url=None)  # fmt: skip
        events = tuple(_event(n, article, dt.date(2023, 1, 1) + dt.timedelta(days=(n * 7919) % 730)) for n in range(block, min(block + 10, items)))
        extractions.append(Extraction(article=article, timexes=(), events=events))
        source = Source(article.id, article.title, "2024-01-01", None, "Event happened.")
        entries.extend(Entry(event=event, sources=(source,)) for event in events)
    return extractions, entries


def build_story(folder: Path, items: int) -> Path:
    """A project of the repository's mkdocs.yml and hand-written docs/, with ``items`` entries; its built site."""
    folder.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "docs", folder / "docs", ignore=shutil.ignore_patterns(OWNED_FOLDER))
    write_docs(folder / "docs", *story(items))
    return build_site(folder, strict=True)


_TIMES = """() => ({
    draw: performance.measure('draw', 'tl-visual-start', 'tl-visual-drawn').duration,
    ready: performance.getEntriesByName('tl-visual-drawn')[0].startTime,
    drawn: Number(document.querySelector('.tl-visual').getAttribute('data-drawn')),
})"""


def time_drawings(sites: dict[str, Path], runs: int) -> dict[str, list[dict]]:
    """Per site, ``runs`` timings of its visual page, the sites taking turns."""
    from playwright.sync_api import sync_playwright

    servers = {}
    for name, site in sites.items():
        servers[name] = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        servers[name].handle_error = lambda request, address: None
        threading.Thread(target=servers[name].serve_forever, daemon=True).start()
    timings: dict[str, list[dict]] = {name: [] for name in sites}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            session = browser.new_browser_cdp_session()

            def renderer_cpu() -> float:
                """CPU seconds of the renderer processes so far (the page's work, whatever else the machine runs)."""
                processes = session.send("SystemInfo.getProcessInfo")["processInfo"]
                return sum(process["cpuTime"] for process in processes if process["type"] == "renderer")

            for _ in range(runs):
                for name, server in servers.items():
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    cpu = renderer_cpu()
                    page.goto(f"http://127.0.0.1:{server.server_port}/timeline/visual/")
                    page.locator(".tl-visual[data-drawn]").wait_for(timeout=60_000)
                    timings[name].append({**page.evaluate(_TIMES), "cpu": 1000 * (renderer_cpu() - cpu)})
                    context.close()
            browser.close()
    finally:
        for server in servers.values():
            server.shutdown()
    return timings


def _median(timings: list[dict], key: str) -> float:
    return round(statistics.median(t[key] for t in timings), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="items in the measured story (default 2000)")
    parser.add_argument("--runs", type=int, default=5, help="page loads of each story (default 5)")
    parser.add_argument("--project", type=Path, help="time this built project's visual page instead of a generated story")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="visual-bench-") as scratch:
        sites = {"baseline": build_story(Path(scratch) / "baseline", BASELINE_ITEMS)}
        sites["measured"] = args.project / "site" if args.project else build_story(Path(scratch) / "measured", args.items)
        timings = time_drawings(sites, args.runs)
    result = {
        name: {"items": runs[0]["drawn"], "draw_ms": _median(runs, "draw"), "ready_ms": _median(runs, "ready"),
               "page_cpu_ms": _median(runs, "cpu"),
               "draw_ms_runs": [round(t["draw"], 1) for t in runs]}
        for name, runs in timings.items()
    }  # fmt: skip
    result["draw_ratio"] = round(result["measured"]["draw_ms"] / result["baseline"]["draw_ms"], 2)
    result["under_target"] = result["measured"]["draw_ms"] < TARGET_MS
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        measured, baseline = result["measured"], result["baseline"]
        print(
            f"{measured['items']} items: drawn in {measured['draw_ms']} ms (ready {measured['ready_ms']} ms after navigation,"
            f" page CPU {measured['page_cpu_ms']} ms); baseline {baseline['items']} items: {baseline['draw_ms']} ms"
            f" (ready {baseline['ready_ms']} ms, page CPU {baseline['page_cpu_ms']} ms); {result['draw_ratio']}x the baseline;"
            f" median of {args.runs} runs; {'under' if result['under_target'] else 'OVER'} the {TARGET_MS} ms target"
        )
    return 0 if result["under_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
