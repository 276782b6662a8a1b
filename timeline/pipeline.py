"""One build's work before the pages: read a folder, drop duplicates, extract (through the cache), merge, correct.

The command line and the benchmarks run this same function; what they do with
the problems and the progress is theirs (printed, counted, ignored).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .cache import LAST_RUN, ExtractionCache
from .contents import Article, Entry, Extraction
from .corrections import NO_CORRECTIONS, Corrections, apply_corrections, with_ids
from .merge import find_duplicate_articles, merge_extractions
from .parallel import extract_articles
from .readers import MAX_ARTICLE_BYTES, READ_SUFFIXES, Problem, read_articles
from .settings import DEFAULT_SETTINGS, Settings


class SeedsError(Exception):
    """The articles folder itself cannot be read: there is nothing to build."""


@dataclass(frozen=True)
class Result:
    """Extractions in article order, the merged entries, and every problem met on the way."""

    extractions: list[Extraction]
    entries: list[Entry]
    problems: list[Problem]
    extracted: int  # articles parsed in this run
    cached: int  # articles whose extraction the cache had


def run(
    seeds: Path,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    max_bytes: int = MAX_ARTICLE_BYTES,
    cache: ExtractionCache | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    corrections: Corrections = NO_CORRECTIONS,
) -> Result:
    """Read, deduplicate, extract and merge the articles of ``seeds``, then apply ``corrections``.

    Extraction runs on up to ``jobs`` processes, or on a Dask ``scheduler`` (see ``parallel``;
    a scheduler that cannot be used raises ``parallel.SchedulerError``).

    ``on_problem`` hears of each problem as it is met (files not read, duplicates,
    an empty folder, then articles whose extraction failed, which are left out, then
    corrections that match nothing);
    ``progress`` is told (articles done, articles in all) after each article.
    """
    problems: list[Problem] = []

    def report(*found: Problem) -> None:
        problems.extend(found)
        for problem in found:
            if on_problem:
                on_problem(problem)

    if cache:
        note = cache.load_last_run(seeds)
        if note:
            report(Problem(str(cache.folder / LAST_RUN), note, False))
    known = cache.last.reads if cache else None  # updated to this run's reads
    articles, read_problems = read_articles(seeds, day_first=settings.day_first, max_bytes=max_bytes, known=known)
    if any(p.fatal and p.path == str(seeds) for p in read_problems):
        raise SeedsError(str(read_problems[0]))
    duplicates = find_duplicate_articles(articles)
    paths = {a.id: a.path for a in articles}
    read_problems += [Problem(paths[dup], f"same text as {paths[kept]}; counted once", False) for dup, kept in sorted(duplicates.items())]
    report(*read_problems)
    articles = [a for a in articles if a.id not in duplicates]
    if not articles:
        report(Problem(str(seeds), f"no articles to read ({', '.join(READ_SUFFIXES)})", False))

    def skip(article: Article, error: Exception) -> None:
        report(Problem(article.path, f"skipped: extraction failed ({type(error).__name__}: {error})", True))

    done = 0

    def advance(article: Article) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(articles))

    found = {article.id: cache.get(article) for article in articles} if cache else {}
    missing = [article for article in articles if found.get(article.id) is None]
    for article in articles:
        if found.get(article.id) is not None:
            advance(article)
    for extraction in extract_articles(missing, settings, jobs, scheduler, advance, skip):
        found[extraction.article.id] = extraction
        if cache:
            cache.put(extraction)
    if cache:
        cache.prune()
    extractions = [found[article.id] for article in articles if found.get(article.id) is not None]
    # After the cache: a correction changes the entries, never what is extracted or kept.
    if cache:
        cache.last.merge.contents = {x.article.id: cache.key(x.article) for x in extractions}
    merged = merge_extractions(extractions, cache.last.merge if cache else None)
    if cache:
        cache.save_last_run(seeds)
    entries, stale = apply_corrections(with_ids(merged, extractions), extractions, corrections)
    report(*stale)
    return Result(extractions, entries, problems, len(missing), len(articles) - len(missing))
