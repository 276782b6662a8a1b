"""The same articles give the same docs/, byte for byte, under any hash seed, with or without the cache.

Python salts the hash of every string per process (PYTHONHASHSEED), so whatever
follows a set's order changes from one build of unchanged articles to the next: a
commit full of noise in the user's repository, a site redeployed for nothing. The
corpus (``tests/fixtures/reproducible``) names the same countries in other spellings
and cases ("Brazil", "brazil", "BRAZIL"; "U.S.", "United States"), gives events
several actors and places, and has entries told by several sources that disagree on
a date. Each build is a real ``timeline generate`` in its own process.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.cache import LAST_RUN

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "reproducible"

#: Build name -> (PYTHONHASHSEED, cache folder or None for --no-cache). The third build reads what the first stored.
BUILDS = {
    "hash seed 1, empty cache": ("1", "cache-1"),
    "hash seed 2, empty cache": ("2", "cache-2"),
    "random hash seed, cache of hash seed 1": ("random", "cache-1"),
    "hash seed 3, no cache": ("3", None),
}


def _timeline(*args: str, cwd: Path, hash_seed: str) -> str:
    """Run ``python -m timeline`` of this checkout; its stderr."""
    path = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=path)
    done = subprocess.run([sys.executable, "-m", "timeline", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reproducible")


@pytest.fixture(scope="module")
def builds(root) -> dict[str, tuple[dict[str, bytes], str]]:
    """Build name -> (every file of its docs/, its stderr); each build in a copy of one ``timeline init`` project."""
    _timeline("init", "project", cwd=root, hash_seed="0")
    shutil.copytree(CORPUS, root / "project" / "seeds", dirs_exist_ok=True)
    results = {}
    for n, (name, (hash_seed, cache)) in enumerate(BUILDS.items()):
        project = shutil.copytree(root / "project", root / f"build-{n}")
        cache = ["--cache-dir", str(root / cache)] if cache else ["--no-cache"]
        stderr = _timeline(
            "generate", "--seeds", "seeds", "--docs", "docs", "--min-confidence", "0", "-q", *cache,
            cwd=project, hash_seed=hash_seed,
        )
        results[name] = (_files(project / "docs"), stderr)
    return results


def test_the_corpus_holds_what_set_order_would_shuffle(builds):
    """Without these the comparison below would prove little."""
    docs, _ = builds["hash seed 1, empty cache"]
    brazil = docs["timeline/actors/brazil.md"].decode()
    assert "Also written:" in brazil and "brazil" in brazil and "BRAZIL" in brazil
    assert "U.S." in docs["timeline/actors/united-states.md"].decode()
    entries = json.loads(docs["timeline/timeline.json"])
    assert max(len(entry["sources"]) for entry in entries) >= 3
    assert max(len(entry["actors"]) for entry in entries) >= 4
    assert any(entry["conflicts"] for entry in entries)


def test_the_warm_build_read_every_article_from_the_cache(builds):
    _, stderr = builds["random hash seed, cache of hash seed 1"]
    assert f"Extracted 0 article(s), {len(list(CORPUS.glob('*.md')))} from the cache" in stderr


def test_every_build_writes_the_same_bytes(builds):
    (first_name, (first, _)), *others = builds.items()
    for name, (docs, _) in others:
        assert sorted(docs) == sorted(first), f"{name} wrote other files than {first_name}"
        changed = [path for path in first if docs[path] != first[path]]
        diff = "".join(
            difflib.unified_diff(
                first[changed[0]].decode().splitlines(True), docs[changed[0]].decode().splitlines(True),
                f"{first_name}: {changed[0]}", f"{name}: {changed[0]}",
            )
        ) if changed else ""
        assert not changed, f"{name} differs from {first_name} in {changed}:\n{diff}"


def test_caches_filled_under_other_hash_seeds_are_identical(root, builds):
    # The entries; the saved state of the last run records the files' stamps (inodes, times), so it is not compared.
    one, two = ({name: data for name, data in _files(root / f"cache-{n}").items() if name != LAST_RUN} for n in (1, 2))
    assert len(one) == len(list(CORPUS.glob("*.md")))
    assert one == two
