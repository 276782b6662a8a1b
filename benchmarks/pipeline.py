"""Time every stage of a real build, as ratios to the bare spaCy parse of the same texts.

The articles are the 30 Wikinews articles of ../shared/eval/timeline-trial (rebuilt
from their tokens, with their creation dates) plus the project's seeds, copied
``--copies`` times under new names so the site has a realistic size. The machine is
noisy, so each figure is the best of ``--repeat`` runs and is reported against the
parse measured in the same run.

Reading, extraction and merging run as a build runs them (``timeline/pipeline.py``),
cold and then with every extraction in the cache (``timeline/cache.py``), as a
rebuild of unchanged articles does. Reading alone is timed twice: the articles as
Markdown files with front matter, and as saved web pages (the same story inside a
news site's menus, scripts and footer), which trafilatura has to dig out.

    python benchmarks/pipeline.py [--copies 3] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from timeline import nlp as nlp_loader, pipeline  # noqa: E402
from timeline.cache import ExtractionCache  # noqa: E402
from timeline.merge import merge_extractions  # noqa: E402
from timeline.readers import read_articles  # noqa: E402
from timeline.settings import DEFAULT_MIN_CONFIDENCE, DEFAULT_SETTINGS  # noqa: E402
from timeline.site import build_site  # noqa: E402
from timeline.writers import write_docs  # noqa: E402
from timeline_eval import DEFAULT_DATA, read_document  # noqa: E402


def load_articles(data: Path, copies: int):
    """The trial articles and the seeds, each repeated ``copies`` times under new ids."""
    articles, _ = read_articles(REPO / "seeds")
    for path in sorted((data / "docs-cat").glob("*.xml")):
        document = read_document(path)
        articles.append(replace(articles[0], id=f"trial-{document.id}", path=path.name, title=document.text.splitlines()[0],
                                body=document.text, published=document.published, source="Wikinews", url=None))
    return [replace(a, id=f"{a.id}-copy{n}") for n in range(copies) for a in articles]


def save_as_files(articles, folder: Path) -> tuple[Path, Path]:
    """The articles saved twice: as Markdown with front matter, and as web pages."""
    markdown, pages = folder / "markdown", folder / "pages"
    markdown.mkdir()
    pages.mkdir()
    for article in articles:
        date = article.published.isoformat() if article.published else ""
        (markdown / f"{article.id}.md").write_text(f"---\ntitle: {article.title!r}\npublished: '{date}'\n---\n{article.body}", encoding="utf-8")
        story = "".join(f"<p>{html.escape(line)}</p>\n" for line in article.body.splitlines() if line.strip())
        (pages / f"{article.id}.html").write_text(
            f'<html lang="en"><head><title>{html.escape(article.title)} | News</title>'
            f'<meta property="article:published_time" content="{date}"><script>var ads = [1, 2, 3];</script></head>'
            f'<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><main><article><h1>{html.escape(article.title)}</h1>'
            f"{story}</article></main><aside>Most read: markets fall</aside><footer>© News Ltd</footer></body></html>",
            encoding="utf-8",
        )
    return markdown, pages


def best_of(repeat: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the timeline-trial folder")
    parser.add_argument("--copies", type=int, default=3, help="how many times to repeat the articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; the best is kept")
    args = parser.parse_args(argv)
    if not (args.data / "docs-cat").is_dir():
        print(f"error: no timeline-trial data at {args.data} (see ../shared/eval/README.md)", file=sys.stderr)
        return 1

    nlp = nlp_loader.load()
    articles = load_articles(args.data, args.copies)

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        markdown, pages = save_as_files(articles, project)
        read_markdown, (kept, _) = best_of(args.repeat, lambda: read_articles(markdown))
        # The baseline parses what the build extracts: the reader counts a copy of an article once.
        words = sum(len(a.body.split()) for a in kept)
        parse, _ = best_of(args.repeat, lambda: list(nlp_loader.parse((a.body for a in kept), nlp)))
        read_pages, (from_pages, _) = best_of(args.repeat, lambda: read_articles(pages))
        assert len(from_pages) == len(articles), "every saved page should give its article"
        cold, result = best_of(args.repeat, lambda: pipeline.run(markdown))
        merge, entries = best_of(args.repeat, lambda: merge_extractions(result.extractions))
        cache = lambda: ExtractionCache(project / "cache", DEFAULT_SETTINGS)  # noqa: E731
        pipeline.run(markdown, cache=cache())
        warm, rebuilt = best_of(args.repeat, lambda: pipeline.run(markdown, cache=cache()))
        assert rebuilt.cached == len(kept) and rebuilt.entries == result.entries, "a rebuild from the cache should change nothing"
        shutil.copy(REPO / "mkdocs.yml", project)
        shutil.copytree(REPO / "docs", project / "docs", ignore=shutil.ignore_patterns("timeline"))
        write, report = best_of(args.repeat, lambda: write_docs(project / "docs", result.extractions, entries, min_confidence=DEFAULT_MIN_CONFIDENCE))
        site, _ = best_of(1, lambda: build_site(project, site_dir=project / "site"))

    print(f"{len(articles)} articles ({len(kept)} once copies are counted once), {words:,} words, {len(entries)} entries; {report}")
    print(f"{'stage':<32}{'seconds':>9}{'x parse':>9}")
    for name, seconds in [
        ("spaCy parse (baseline)", parse),
        ("read Markdown files", read_markdown),
        ("read saved web pages", read_pages),
        ("read + extract + merge", cold),
        ("  of which merge", merge),
        ("the same, all from the cache", warm),
        ("write docs/", write),
        ("mkdocs build --strict", site),
    ]:
        print(f"{name:<32}{seconds:>9.2f}{seconds / parse:>8.2f}x")
    print(f"throughput: {len(kept) / cold:.1f} articles/s, {words / cold:,.0f} words/s (read + extract + merge)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
