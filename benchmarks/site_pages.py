"""Measure the site a long story makes: page sizes, entries per page, and load time in Chromium.

Usage: ``python benchmarks/site_pages.py PROJECT [--json]``, where PROJECT was built
by ``timeline build`` (for the issue's figure: ``python benchmarks/newsgen.py 1000
FOLDER``, then ``timeline init PROJECT`` and ``timeline build --seeds FOLDER`` in it;
keep ``--cache-dir`` to build again without extracting again).

Reports the largest HTML page, the most entries any list page shows (timeline cards,
rows of an event table), and the DOMContentLoaded time of the longest timeline page,
served from 127.0.0.1 and opened in Debian's Chromium (the median of five loads).
Targets (issue #13): no page over 300 KB, no list over 200 entries, under 1 s.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import statistics
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: An entry on a page: a timeline card, or a row of an event table (actor, place, type, source pages).
ENTRY = re.compile(r'<div class="tl-entry |<tr>\s*<td>')


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def page_figures(site: Path) -> dict:
    """The largest page and the longest list, over every HTML page of the site."""
    pages = sorted(site.rglob("*.html"))
    sizes = {page: page.stat().st_size for page in pages}
    entries = {page: len(ENTRY.findall(page.read_text(encoding="utf-8"))) for page in pages}
    largest, longest = max(sizes, key=sizes.get), max(entries, key=entries.get)
    return {
        "pages": len(pages),
        "largest_page": largest.relative_to(site).as_posix(), "largest_page_kb": round(sizes[largest] / 1024, 1),
        "longest_list": longest.relative_to(site).as_posix(), "longest_list_entries": entries[longest],
        "site_mb": round(sum(sizes.values()) / 1024**2, 1),
    }  # fmt: skip


def dom_content_loaded(site: Path, path: str, loads: int = 5) -> float:
    """Median milliseconds to DOMContentLoaded of ``path``, served locally, in Chromium."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.handle_error = lambda request, address: None  # a load cut short by the next one is no error
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            times = []
            for _ in range(loads):
                page.goto(f"http://127.0.0.1:{server.server_port}/{path}", wait_until="domcontentloaded")
                times.append(page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0]; return n.domContentLoadedEventEnd - n.startTime; }"
                ))  # fmt: skip
            browser.close()
    finally:
        server.shutdown()
    return round(statistics.median(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="a project built by timeline build")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    site = args.project / "site"
    result = page_figures(site)
    timeline = [p for p in (site / "timeline").rglob("index.html") if p.parent != site / "timeline"]
    longest = max(timeline, key=lambda p: p.stat().st_size)
    result["timeline_page"] = longest.parent.relative_to(site).as_posix() + "/"
    result["dom_content_loaded_ms"] = dom_content_loaded(site, result["timeline_page"])
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['pages']} pages, {result['site_mb']} MB; largest {result['largest_page']} {result['largest_page_kb']} KB;"
            f" longest list {result['longest_list']} {result['longest_list_entries']} entries;"
            f" DOMContentLoaded of {result['timeline_page']} {result['dom_content_loaded_ms']} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
