"""Measure timeline at archive scale: one script, one run, every figure of issue #14.

Usage: ``python benchmarks/scale.py [--sizes 1000 10000] [--variants-up-to 1000] [--no-dask] [--json]``

For each size N, ``newsgen.py`` writes N articles into a fresh project, and the real
``timeline`` command runs on it in a subprocess (as a user runs it), with the peak
memory of its whole process tree (workers included) sampled from /proc:

* extraction speed, as a ratio to a bare spaCy parse of the same texts measured in
  the same run (on at most ``--sample`` articles: the ratio is per article);
* a cold ``generate`` with ``-j 1`` and with ``-j 2``, and with Dask (a local cluster of
  1 and of 2 workers), each extracting everything; above ``--variants-up-to`` articles
  only the ``-j 2`` one, which also fills the cache (four cold runs of 10,000 articles
  would take hours);
* a full ``build`` (generate + MkDocs) from the cache, and MkDocs' share of it;
* adding one article: ``generate`` again, as time and as a share of a full generate;
* the site: its size, its largest page and its search index.

The machine is noisy: compare figures of one run, as ratios.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import newsgen  # noqa: E402


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(command: list[str], cwd: Path) -> dict:
    """Run ``timeline …`` to the end: wall seconds and peak memory of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "timeline", *command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"timeline {' '.join(command)} failed:\n{err[-2000:]}")
    return {"seconds": round(time.perf_counter() - start, 2), "peak_rss_mb": round(peak / 2**20), "stderr_tail": err.strip().splitlines()[-1:]}


def parse_ratio(seeds: Path, sample: int) -> dict:
    """Extraction against a bare spaCy parse of the same texts, in this process."""
    from timeline import nlp as nlp_loader
    from timeline.events import extract_all
    from timeline.readers import plain_text, read_articles

    articles = read_articles(seeds)[0][:sample]
    nlp = nlp_loader.load()
    list(nlp_loader.parse(["warm up"], nlp))

    def seconds(work) -> float:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    # Taking turns, best of two each: on a busy machine a single pair can be skewed
    # by load that came or went between the two measurements.
    parse, extract = float("inf"), float("inf")
    for _ in range(2):
        parse = min(parse, seconds(lambda: list(nlp_loader.parse((plain_text(a) for a in articles), nlp))))
        extract = min(extract, seconds(lambda: extract_all(articles, nlp)))
    return {"articles": len(articles), "parse_s": round(parse, 2), "extract_s": round(extract, 2),
            "ratio": round(extract / parse, 3), "articles_per_s": round(len(articles) / extract, 2)}


def site_figures(site: Path) -> dict:
    pages = [p for p in site.rglob("*.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    index = site / "search" / "search_index.json"
    return {
        "site_mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
        "html_pages": len(pages),
        "largest_page": f"{largest.relative_to(site)} ({largest.stat().st_size // 1024} KB)",
        "search_index_mb": round(index.stat().st_size / 2**20, 2) if index.exists() else None,
    }


def measure(size: int, work: Path, sample: int, dask: bool, variants: bool = True) -> dict:
    project = work / f"n{size}"
    shutil.copytree(REPO / "docs", project / "docs", ignore=shutil.ignore_patterns("timeline", "sources", "actors", "places"))
    shutil.copy(REPO / "mkdocs.yml", project)
    newsgen.generate(size, project / "seeds")
    result: dict = {"articles": size, "extraction": parse_ratio(project / "seeds", sample)}
    if variants:
        cold = ["generate", "-q", "--no-cache"]
        result["generate_cold_j1"] = run([*cold, "-j", "1"], project)
        result["generate_cold_j2"] = run([*cold, "-j", "2"], project)
        result["j2_speedup"] = round(result["generate_cold_j1"]["seconds"] / result["generate_cold_j2"]["seconds"], 2)
        if dask:
            result["dask_1_worker"] = run([*cold, "--scheduler", "local", "-j", "1"], project)
            result["dask_2_workers"] = run([*cold, "--scheduler", "local", "-j", "2"], project)
            result["dask_speedup"] = round(result["dask_1_worker"]["seconds"] / result["dask_2_workers"]["seconds"], 2)
        run(["generate", "-q"], project)  # fill the cache
    else:
        result["generate_cold_j2"] = run(["generate", "-q", "-j", "2"], project)  # and fill the cache
    result["generate_cached"] = run(["generate", "-q"], project)
    result["build_cached"] = run(["build", "-q"], project)
    result["mkdocs_share"] = round(1 - result["generate_cached"]["seconds"] / result["build_cached"]["seconds"], 2)
    newsgen.write_article(size, project / "seeds")  # the next article of the same run
    result["add_one_generate"] = run(["generate", "-q"], project)
    result["add_one_share"] = round(result["add_one_generate"]["seconds"] / result["generate_cached"]["seconds"], 2)
    result["site"] = site_figures(project / "site")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--sample", type=int, default=300, help="articles for the parse ratio")
    parser.add_argument("--variants-up-to", type=int, default=1000, help="above this size, one cold run (-j 2) only")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="timeline-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in args.sizes:
            results.append(measure(size, work, args.sample, not args.no_dask, size <= args.variants_up_to))
            print(json.dumps(results[-1], indent=2) if args.json else _summary(results[-1]), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _summary(r: dict) -> str:
    e = r["extraction"]
    lines = [
        f"== {r['articles']:,} articles",
        f"extraction: {e['articles_per_s']} articles/s, {e['ratio']}x a bare spaCy parse ({e['articles']} articles)",
    ]
    if "generate_cold_j1" in r:
        lines.append(f"cold generate -j 1: {r['generate_cold_j1']['seconds']} s, peak {r['generate_cold_j1']['peak_rss_mb']} MB")
    speedup = f" ({r['j2_speedup']}x faster)" if "j2_speedup" in r else ""
    lines.append(f"cold generate -j 2: {r['generate_cold_j2']['seconds']} s, peak {r['generate_cold_j2']['peak_rss_mb']} MB{speedup}")
    if "dask_speedup" in r:
        lines.append(f"Dask 1 worker: {r['dask_1_worker']['seconds']} s; 2 workers: {r['dask_2_workers']['seconds']} s ({r['dask_speedup']}x faster)")
    lines += [
        f"generate from the cache: {r['generate_cached']['seconds']} s; build from the cache: {r['build_cached']['seconds']} s"
        f" (MkDocs {round(100 * r['mkdocs_share'])}%), peak {r['build_cached']['peak_rss_mb']} MB",
        f"add one article: {r['add_one_generate']['seconds']} s ({round(100 * r['add_one_share'])}% of a full generate from the cache,"
        f" {round(100 * r['add_one_generate']['seconds'] / r['generate_cold_j2']['seconds'], 1)}% of a cold one with -j 2)",
        f"site: {r['site']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
