"""Time ``timeline add`` per article on pages served from this machine, as a ratio to reading them.

Generated articles (``newsgen.py``) are wrapped in news pages (a cookie banner, menus,
a byline, related links, Open Graph and a canonical link) and served by a local
HTTP server on 127.0.0.1. ``add`` fetches them into an empty ``seeds/`` (cold), then
again (every page known by its address: nothing fetched or written). The baseline,
measured in the same run, is the reader alone: ``read_page`` on the same bytes, as a
build reads a saved page. Each figure is the best of ``--repeat`` runs.

    python benchmarks/add_pages.py [--articles 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from newsgen import article  # noqa: E402

from timeline.fetch import add_sources  # noqa: E402
from timeline.readers import read_page, split_front_matter  # noqa: E402


def news_page(n: int) -> tuple[str, bytes]:
    """Generated article ``n`` as a news site serves it: its name and its HTML."""
    name, text = article(n, random.Random(f"1-{n}"))
    front, body = split_front_matter(text)
    fields = dict(line.split(": ", 1) for line in front.splitlines())
    title, published, outlet = html.escape(fields["title"].strip('"')), fields["published"], html.escape(fields["source"])
    story = "".join(f"<p>{html.escape(paragraph)}</p>\n" for paragraph in body.split("\n\n") if paragraph.strip())
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>'
        f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="{published}T08:00:00Z">'
        f'<link rel="canonical" href="https://news.example/{name[:-3]}"></head><body>'
        '<div class="cookies"><p>We use cookies to show you personalised advertising.</p><button>Accept all</button></div>'
        '<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>'
        f'<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>{story}</article>'
        '<aside><h2>Related</h2><ul><li><a href="/a">Markets fall</a></li><li><a href="/b">Storm warning</a></li></ul></aside></main>'
        f"<footer>&copy; {outlet}</footer></body></html>"
    )
    return name[:-3] + ".html", page.encode()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def best_of(repeat: int, work) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        pages = dict(news_page(n) for n in range(args.articles))
        for name, data in pages.items():
            (site / name).write_bytes(data)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        urls = [f"http://127.0.0.1:{server.server_address[1]}/{name}" for name in sorted(pages)]

        read = best_of(args.repeat, lambda: [read_page(data, name, name) for name, data in pages.items()])
        runs = iter(range(args.repeat))

        def add_cold() -> None:
            outcomes = add_sources(urls, Path(scratch) / f"seeds-{next(runs)}")
            assert sum(o.status == "added" for o in outcomes) > 0, [o.message for o in outcomes if o.message][:3]

        cold = best_of(args.repeat, add_cold)
        again = best_of(args.repeat, lambda: add_sources(urls, Path(scratch) / "seeds-0"))
        server.shutdown()
    count = args.articles
    print(f"{count} articles, best of {args.repeat}")
    print(f"read_page (baseline):      {1000 * read / count:7.1f} ms per article")
    print(f"add, empty seeds/:         {1000 * cold / count:7.1f} ms per article  ({cold / read:.2f}x the reader)")
    print(f"add again, all known:      {1000 * again / count:7.1f} ms per article  ({again / read:.2f}x the reader)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
