"""Shared pytest fixtures. Each stage appends its own; keep them real data, never mocks."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import socket
import subprocess
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from timeline.contents import Article, Conflict, Entry, Event, Extraction, Source, Span
from timeline.site import build_site
from timeline.writers import FORMER_FOLDERS, OWNED_FOLDER, write_docs

REPO_ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- #
# Writers and site: a small timeline built from the data model (contents.py)
# --------------------------------------------------------------------------- #

SKY_BODY = (
    "Vladimir Putin and Kim Jong Un toasted their friendship with Russian wine on Wednesday.\n"
    "Mr Putin showed Kim around the space launch facility.\n"
    "Talks were held alongside the defence ministers.\n"
    "Kim is expected to visit aviation factories in Komsomolsk-on-Amur on Thursday.\n"
    "Putin will visit North Korea at a convenient time.\n"
)
WIRE_BODY = "Talks between Putin and Kim took place on Tuesday at the Vostochny Cosmodrome.\n"

#: Text an attacker could put in an article: every field of it reaches the site.
HOSTILE_TEXT = (
    '<script>window.__pwned = true; alert(1)</script> <img src=x onerror="window.__pwned=true">'
    " [click](javascript:window.__pwned=true) {{ config }} {: onclick=\"window.__pwned=true\" }"
    " </title><script>window.__pwned=true</script> **bold** `code` &lt;b&gt;"
)


def _article(article_id: str, title: str, body: str, published, source, url) -> Article:
    return Article(
        id=article_id,
        path=f"seeds/{article_id}.md",
        title=title,
        body=body,
        published=published,
        source=source,
        url=url,
    )


def _event(article: Article, title: str, type_: str, status: str, sentence: str, trigger: str, **fields) -> Event:
    start = article.body.index(trigger)
    return Event(
        title=title,
        type=type_,
        status=status,
        sentence=sentence,
        trigger=Span(trigger, start, start + len(trigger)),
        article_id=article.id,
        **fields,
    )


def _day(day: str, date_text: str) -> dict:
    return {"date": day, "end_date": day, "value": day, "granularity": "day", "date_text": date_text}


def _entry(event: Event, *articles: Article, conflicts=()) -> Entry:
    sources = tuple(
        Source(article_id=a.id, title=a.title, published=a.published.isoformat() if a.published else None,
               url=a.url, quote=event.sentence)
        for a in articles
    )
    return Entry(event=event, sources=sources, conflicts=tuple(conflicts))


def make_sample_timeline() -> tuple[list[Extraction], list[Entry]]:
    """Two articles, eight entries: every placement (day, month, year, undated),
    every status, a date conflict between sources, and one low-confidence event."""
    sky = _article(
        "000_52d71b10ba252412",
        "Putin accepts Kim Jong Un's invitation to visit North Korea",
        SKY_BODY,
        dt.date(2023, 9, 14),
        "Sky News",
        "https://news.sky.com/story/putin-kim-summit",
    )
    wire = _article("wire_0913", "Putin and Kim hold talks at cosmodrome", WIRE_BODY, dt.date(2023, 9, 13), "Wire", None)
    lines = SKY_BODY.splitlines()
    putin_kim = ("Kim Jong Un", "Vladimir Putin")
    toast = _event(sky, "Putin and Kim Jong Un toast their friendship with Russian wine", "toast_or_ceremony",
                   "happened", lines[0], "toasted", actors=putin_kim, places=("Vostochny Cosmodrome",),
                   confidence=0.9, **_day("2023-09-13", "on Wednesday"))
    tour = _event(sky, "Putin shows Kim around the space launch facility", "visit", "happened", lines[1], "showed",
                  actors=putin_kim, places=("Vostochny Cosmodrome",), confidence=0.8,
                  **_day("2023-09-13", "on Wednesday"))
    talks = _event(sky, "Talks are held alongside the defence ministers", "talks_or_meeting", "happened", lines[2],
                   "Talks", actors=putin_kim, confidence=0.8, **_day("2023-09-13", "on Wednesday"))
    factories = _event(sky, "Kim visits aviation factories in Komsomolsk-on-Amur", "visit", "planned", lines[3],
                       "visit", actors=("Kim Jong Un",), places=("Komsomolsk-on-Amur",), confidence=0.85,
                       **_day("2023-09-14", "on Thursday"))
    north_korea = _event(sky, "Putin visits North Korea", "visit", "planned", lines[4], "visit",
                         actors=("Vladimir Putin",), places=("North Korea",), confidence=0.7,
                         date_text="at a convenient time")
    train = _event(sky, "Kim travels to Russia by armoured train", "visit", "reported", lines[0], "toasted",
                   actors=("Kim Jong Un",), places=("Russia",), confidence=0.6, attributed_to="Kremlin",
                   date="2023-09-01", end_date="2023-09-30", value="2023-09", granularity="month",
                   date_text="this month")
    pact = _event(sky, "Russia and North Korea sign a defence pact", "agreement", "planned", lines[4], "visit",
                  actors=("North Korea", "Russia"), confidence=0.6, date="2024-01-01", end_date="2024-12-31",
                  value="2024", granularity="year", date_text="next year")
    trivial = _event(sky, "Putin has a car", "other", "happened", lines[1], "showed", actors=("Vladimir Putin",),
                     confidence=0.1, **_day("2023-09-13", "on Wednesday"))
    conflict = Conflict(field="date", values=(("2023-09-12", (wire.id,)), ("2023-09-13", (sky.id,))))
    entries = [
        _entry(toast, sky), _entry(tour, sky), _entry(talks, sky, wire, conflicts=[conflict]),
        _entry(factories, sky), _entry(north_korea, sky), _entry(train, sky), _entry(pact, sky),
        _entry(trivial, sky),
    ]
    extractions = [
        Extraction(article=sky, timexes=(), events=(toast, tour, talks, factories, north_korea, train, pact, trivial)),
        Extraction(article=wire, timexes=(), events=()),
    ]
    return extractions, entries


def make_hostile_timeline() -> tuple[list[Extraction], list[Entry]]:
    """One article whose every field tries to inject HTML, script, Markdown or front matter."""
    body = "---\ntitle: injected\n---\n" + HOSTILE_TEXT + "\n# Injected heading\n"
    article = Article(
        id="hostile<script>",
        path="seeds/hostile.md",
        title="Hostile " + HOSTILE_TEXT,
        body=body,
        published=dt.date(2023, 9, 15),
        source="Evil <b>Outlet</b>",
        url="javascript:window.__pwned=true",
    )
    event = Event(
        title="Pwned " + HOSTILE_TEXT,
        type="statement<script>",
        status="reported",
        sentence="---\ntitle: injected\n---\n" + HOSTILE_TEXT,
        trigger=Span("Pwned", 0, 5),
        article_id=article.id,
        actors=("Mallory " + HOSTILE_TEXT,),
        places=("[Nowhere](javascript:window.__pwned=true)",),
        attributed_to="<img src=x onerror=alert(1)>",
        **_day("2023-09-15", "{{ today }} <i>now</i>"),
    )
    source = Source(article.id, article.title, "2023-09-15", article.url, event.sentence)
    return [Extraction(article=article, timexes=(), events=(event,))], [Entry(event=event, sources=(source,))]


@pytest.fixture
def sample_timeline() -> tuple[list[Extraction], list[Entry]]:
    return make_sample_timeline()


@pytest.fixture
def hostile_timeline() -> tuple[list[Extraction], list[Entry]]:
    return make_hostile_timeline()


def copy_site_project(target: Path) -> Path:
    """The repository's mkdocs.yml and hand-written docs/ in ``target``, without generated pages
    (nor those an earlier version generated beside the timeline)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns(OWNED_FOLDER, *FORMER_FOLDERS))
    return target


@pytest.fixture(scope="session")
def site_project(tmp_path_factory) -> Path:
    """A project copy whose docs/ holds the sample and hostile timelines (confidence >= 0.5)."""
    project = copy_site_project(tmp_path_factory.mktemp("project"))
    sample, hostile = make_sample_timeline(), make_hostile_timeline()
    write_docs(project / "docs", sample[0] + hostile[0], sample[1] + hostile[1], min_confidence=0.5)
    return project


@pytest.fixture(scope="session")
def built_site(site_project) -> Path:
    """The site_project built by a real ``mkdocs build --strict``."""
    return build_site(site_project, strict=True)


# --------------------------------------------------------------------------- #
# Browser tests: npm packages used by tests only, never vendored
# --------------------------------------------------------------------------- #

NPM_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "timeline-tests" / "npm"


def npm_package(spec: str, integrity: str) -> Path:
    """The unpacked folder of an exact npm package version (``name@1.2.3``), fetched once and
    checked against the registry's ``integrity`` (``sha512-…``).

    The package is kept in the user's cache, outside the repository; CI has the npm
    registry. Without npm, the test is skipped on a developer machine and fails in CI.
    """
    target = NPM_CACHE / spec.replace("/", "+")
    if (target / "package" / "package.json").is_file():
        return target / "package"
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"npm not found, needed for {spec} (CI=true: these tests must run)")
        pytest.skip(f"npm not found, needed for {spec}; install Node.js to run this test")
    NPM_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=NPM_CACHE) as work:
        env = dict(os.environ, npm_config_update_notifier="false", npm_config_fund="false")
        done = subprocess.run([npm, "pack", spec, "--json", "--pack-destination", work], capture_output=True, text=True, env=env, timeout=600)
        assert done.returncode == 0, f"npm pack {spec} failed: {done.stderr.strip()[-500:]}"
        tarball = Path(work) / json.loads(done.stdout)[0]["filename"]
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        assert digest == integrity, f"{tarball.name}: not the package expected ({digest})"
        with tarfile.open(tarball) as archive:
            archive.extractall(Path(work) / "x", filter="data")
        shutil.rmtree(target, ignore_errors=True)
        with contextlib.suppress(OSError):  # another run may have filled the cache meanwhile
            os.replace(Path(work) / "x", target)
    return target / "package"


# --------------------------------------------------------------------------- #
# Servers started by the tests: a free port, a page, waiting for a condition
# --------------------------------------------------------------------------- #


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (once the probe is closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_page(url: str) -> str:
    """The page at ``url``, or "" while the server is not up yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(predicate, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
