"""Time adding one article to a large cached project, as ratios to a full and to a cold generate.

``newsgen.py`` writes N articles into a fresh project (as ``scale.py`` does) and the real
``timeline generate`` runs on it in a subprocess, in this order, all in one run:

* cold: every article extracted (this fills the cache and the saved state);
* full from the cache: the saved state removed, so everything is read, loaded, merged and
  rendered again; this is what every ``generate`` did before the state was kept;
* add one, before: one more article, again without the saved state;
* add one, after: the article removed, the state saved again, then the article added back.

Each figure is wall seconds and CPU seconds (the process and its workers). The machine may
be busy: compare the ratios of one run.

    python benchmarks/add_one.py [--articles 2000] [--jobs 2] [--keep FOLDER | --project FOLDER]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import newsgen  # noqa: E402

from timeline.cache import CACHE_DIR, LAST_RUN  # noqa: E402


def generate(project: Path, jobs: int) -> dict:
    """One ``timeline generate``: wall and CPU seconds, and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "timeline", "generate", "-q", "-j", str(jobs)], cwd=project, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"timeline generate failed:\n{done.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "wrote": done.stderr.strip().splitlines()[-1]}


def measure(size: int, work: Path, jobs: int, project: Path | None = None) -> dict:
    """The figures at ``size`` articles; in ``project`` (of newsgen's first ``size`` articles,
    generated once already) without the cold run."""
    state = (project or work / f"n{size}") / CACHE_DIR / LAST_RUN
    if project is None:
        project = work / f"n{size}"
        shutil.copytree(REPO / "docs", project / "docs", ignore=shutil.ignore_patterns("timeline", "sources", "actors", "places", "types"))
        shutil.copy(REPO / "mkdocs.yml", project)
        newsgen.generate(size, project / "seeds")
        result = {"articles": size, "cold": generate(project, jobs)}
    else:
        result = {"articles": size, "cold": None}
    state.unlink(missing_ok=True)
    result["full_from_cache"] = generate(project, jobs)
    added = newsgen.write_article(size, project / "seeds")  # the next article of the same run
    state.unlink()
    result["add_one_before"] = generate(project, jobs)
    added.unlink()
    generate(project, jobs)  # the state of the N articles, as a nightly build leaves it
    newsgen.write_article(size, project / "seeds")
    result["add_one_after"] = generate(project, jobs)
    for name in ("add_one_before", "add_one_after"):
        for base in ("full_from_cache", "cold") if result["cold"] else ("full_from_cache",):
            result[f"{name}_per_{base}"] = {
                unit: round(result[name][unit] / result[base][unit], 3) for unit in ("wall_s", "cpu_s")
            }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[2000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    parser.add_argument("--project", type=Path, default=None, help="a project of newsgen's articles, generated once: no cold run")
    args = parser.parse_args(argv)
    if args.project:
        print(json.dumps(measure(len(list((args.project / "seeds").iterdir())), args.project, args.jobs, args.project), indent=2))
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="timeline-add-one-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for size in args.articles:
            print(json.dumps(measure(size, work, args.jobs), indent=2), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
