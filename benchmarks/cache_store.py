"""Files or one SQLite database for the extraction cache, measured at archive size (issue #14).

Usage: ``python benchmarks/cache_store.py [--entries 10000]``

The cache keeps one JSON document per article (``timeline/cache.py``: one file each).
This stores the same documents, real extractions of generated articles, both ways:
the shipped cache, and a SQLite table keyed the same way written in one transaction.
It times a cold fill, a rebuild that reads every entry, a rebuild after one article is
added (every read plus one write), and pruning, all in one run so the ratios hold on a
noisy machine.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import newsgen  # noqa: E402

from timeline.cache import ExtractionCache  # noqa: E402
from timeline.contents import Extraction  # noqa: E402
from timeline.events import extract_all  # noqa: E402
from timeline.readers import read_articles  # noqa: E402
from timeline.settings import DEFAULT_SETTINGS  # noqa: E402


class SQLiteStore:
    """The alternative: the same keys and JSON documents in one table of one file."""

    def __init__(self, path: Path, cache: ExtractionCache):
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data TEXT)")
        self.cache = cache

    def put_all(self, extractions: list[Extraction]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO entries VALUES (?, ?)",
                ((self.cache.key(x.article), json.dumps(x.to_dict(), ensure_ascii=False)) for x in extractions),
            )

    def get(self, article) -> Extraction | None:
        row = self.db.execute("SELECT data FROM entries WHERE key = ?", (self.cache.key(article),)).fetchone()
        return Extraction.from_dict(article, json.loads(row[0])) if row else None

    def prune(self, keep: set[str]) -> None:
        with self.db:
            self.db.execute("CREATE TEMP TABLE keep (key TEXT PRIMARY KEY)")
            self.db.executemany("INSERT INTO keep VALUES (?)", ((k,) for k in keep))
            self.db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM keep)")
            self.db.execute("DROP TABLE keep")


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--distinct", type=int, default=50, help="articles really extracted; the rest are renamed copies")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        newsgen.generate(args.distinct, work / "seeds")
        extracted = extract_all(read_articles(work / "seeds")[0])
        extractions = [
            replace(x, article=replace(x.article, id=f"{x.article.id}-{n}", path=f"{n}-{x.article.path}"))
            for n in range(args.entries // len(extracted) + 1)
            for x in extracted
        ][: args.entries]
        articles = [x.article for x in extractions]
        files = ExtractionCache(work / "files", DEFAULT_SETTINGS)
        sqlite = SQLiteStore(work / "cache.sqlite", files)
        figures = {
            "fill": (timed(lambda: [files.put(x) for x in extractions]), timed(lambda: sqlite.put_all(extractions))),
            "read all": (timed(lambda: [files.get(a) for a in articles]), timed(lambda: [sqlite.get(a) for a in articles])),
            "read all, add one": (
                timed(lambda: ([files.get(a) for a in articles], files.put(extractions[0]))),
                timed(lambda: ([sqlite.get(a) for a in articles], sqlite.put_all(extractions[:1]))),
            ),
            "prune": (timed(files.prune), timed(lambda: sqlite.prune({files.key(a) for a in articles}))),
        }
        size_files = sum(p.stat().st_size for p in (work / "files").iterdir())
        size_sqlite = (work / "cache.sqlite").stat().st_size
    print(f"{len(extractions):,} entries; files {size_files / 2**20:.0f} MB, SQLite {size_sqlite / 2**20:.0f} MB")
    print(f"{'operation':<20}{'files s':>9}{'SQLite s':>10}{'SQLite/files':>14}")
    for name, (on_files, on_sqlite) in figures.items():
        print(f"{name:<20}{on_files:>9.2f}{on_sqlite:>10.2f}{on_sqlite / on_files:>13.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
