"""Extraction on every core (``-j N``), or on a Dask cluster (``--scheduler``).

Parsing is nearly all of a build's work and each article is independent, so
articles go to worker processes in batches. Every worker loads spaCy once. Results
are put back in article order, and failures are reported in that order too, so the
output and the messages are byte-identical to a run on one core.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from .contents import Article, Extraction
from .events import extract_all, extract_each
from .settings import DEFAULT_SETTINGS, Settings

#: Articles sent to a worker at once: enough to keep spaCy's batches full, few enough
#: that the last batches spread over all workers and the progress bar moves.
BATCH_SIZE = 16
#: A worker costs a few seconds to start (it loads spaCy): below this many articles a
#: worker would take longer to start than it saves.
ARTICLES_PER_WORKER = 50


class SchedulerError(Exception):
    """The Dask scheduler asked for cannot be used: Dask is missing, or the scheduler unreachable."""


class ExtractionFailed(Exception):
    """An article's extraction failed in a worker; the message is the original error's."""


@dataclass(frozen=True)
class _BatchResult:
    extractions: tuple[Extraction, ...]
    failures: tuple[tuple[int, str], ...]  # (position in the batch, "TypeName: message")


def extract_batch(batch: Sequence[Article], settings: Settings = DEFAULT_SETTINGS) -> _BatchResult:
    """What a worker runs: one batch, with each failure kept as text (exceptions may not pickle)."""
    failures: list[tuple[int, str]] = []
    positions = {id(article): n for n, article in enumerate(batch)}

    def failed(article: Article, error: Exception) -> None:
        failures.append((positions[id(article)], f"{type(error).__name__}: {error}"))

    return _BatchResult(tuple(extract_all(batch, settings=settings, on_error=failed)), tuple(failures))


def batches(articles: Sequence[Article], size: int = BATCH_SIZE) -> list[list[Article]]:
    return [list(articles[start : start + size]) for start in range(0, len(articles), size)]


def in_order(
    parts: list[list[Article]],
    finished: Iterable[tuple[int, _BatchResult]],
    progress: Callable[[Article], None] | None,
    on_error: Callable[[Article, Exception], None] | None,
) -> Iterator[Extraction]:
    """Take batch results as they finish (moving the progress bar), and give them in article order:
    each batch as soon as every batch before it is in, so the caller caches as the work goes."""
    done: dict[int, _BatchResult] = {}
    next_number = 0
    for number, result in finished:
        done[number] = result
        for article in parts[number]:
            if progress:
                progress(article)
        while next_number in done:
            result, batch = done.pop(next_number), parts[next_number]
            for position, message in result.failures:
                if on_error is None:
                    raise ExtractionFailed(f"{batch[position].path}: {message}")
                on_error(batch[position], ExtractionFailed(message))
            yield from result.extractions
            next_number += 1


def extract_articles(
    articles: Sequence[Article],
    settings: Settings = DEFAULT_SETTINGS,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[Article], None] | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> Iterator[Extraction]:
    """Extract on a Dask ``scheduler`` when one is named, else on up to ``jobs`` local processes,
    never more than :data:`ARTICLES_PER_WORKER` articles can pay for.

    Extractions come in article order, each as soon as it and all before it are done."""
    if scheduler:
        return extract_on_dask(articles, scheduler, settings, jobs, progress, on_error)
    return extract_on_cores(articles, settings, min(jobs, len(articles) // ARTICLES_PER_WORKER), progress, on_error)


def extract_on_cores(
    articles: Sequence[Article],
    settings: Settings = DEFAULT_SETTINGS,
    jobs: int = 1,
    progress: Callable[[Article], None] | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> Iterator[Extraction]:
    """Extract ``articles`` with ``jobs`` worker processes (one process: no workers at all)."""
    if jobs <= 1 or len(articles) <= 1:
        yield from extract_each(articles, settings=settings, progress=progress, on_error=on_error)
        return
    parts = batches(articles)
    # Not fork: the parent may run threads (serve's file watcher) and hold a loaded model.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(parts)), mp_context=context) as pool:
        futures = {pool.submit(extract_batch, batch, settings): number for number, batch in enumerate(parts)}
        finished: Iterator[tuple[int, _BatchResult]] = ((futures[f], f.result()) for f in as_completed(futures))
        yield from in_order(parts, finished, progress, on_error)


def extract_on_dask(
    articles: Sequence[Article],
    scheduler: str,
    settings: Settings = DEFAULT_SETTINGS,
    jobs: int = 1,
    progress: Callable[[Article], None] | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> Iterator[Extraction]:
    """Extract ``articles`` on a Dask cluster: ``"local"`` starts one of ``jobs`` worker
    processes here, anything else is a scheduler's address (``tcp://host:8786``).

    Workers need only timeline installed; each loads spaCy once, on its first batch.
    """
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise SchedulerError('--scheduler needs Dask: pip install "timeline[dask]"') from None
    if not articles:
        return
    parts = batches(articles)
    if scheduler == "local":
        cluster = LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            cluster, client = None, Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as error:
            raise SchedulerError(f"cannot reach the Dask scheduler ({error})") from None
    try:
        futures = {client.submit(extract_batch, batch, settings, pure=False): number for number, batch in enumerate(parts)}
        finished = ((futures[f], f.result()) for f in dask_completed(list(futures)))
        yield from in_order(parts, finished, progress, on_error)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
