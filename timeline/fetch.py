"""``timeline add``: fetch articles from links, saved pages and feeds into ``seeds/``.

Users collect links, not files. Each article becomes a Markdown seed with front
matter, its body found by the same trafilatura reading as a saved page in
``seeds/`` (:func:`timeline.readers.read_page`), so a build reads what ``add`` saw.

Nothing already in ``seeds/`` is overwritten: a new seed is created only under a
free name, and an article already there (same address, same canonical address, or
nearly the same text) is not written again. Only ``--update`` rewrites a seed, and
only one that ``add`` wrote itself.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import htmldate
import httpx
import yaml

from . import __version__
from .contents import Article, is_web_address
from .guards import replace_file, write_new_file
from .merge import find_duplicate_articles
from .readers import (
    ADD_PAGE_DATE, FEED_SUFFIXES, MAX_ARTICLE_BYTES, MAX_PAGE_BYTES, PAGE_SUFFIXES, ArticleError, Page, load_feed, read_articles, read_page, split_front_matter,
)
from .slugs import slugify

#: Sites see who is asking, and where to find it.
USER_AGENT = f"timeline/{__version__} (news timeline builder; python-httpx/{httpx.__version__})"
#: Seconds to wait for a server: to connect, between bytes, and for a whole page.
DEFAULT_TIMEOUT = 20.0
#: Requests at once: enough to fetch a feed quickly, few enough not to hammer one site.
MAX_CONCURRENT = 4
MAX_REDIRECTS = 10
#: A page with fewer words is a paywall stub, a cookie wall or an index, not a story.
MIN_ARTICLE_WORDS = 60

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")

#: What each outcome's ``status`` says.
ADDED, UPDATED, UNCHANGED, DUPLICATE, FAILED = "added", "updated", "unchanged", "duplicate", "failed"


class FetchError(Exception):
    """Why one source gave no article, in a few words for the person who gave it."""


@dataclass(frozen=True)
class Outcome:
    """What became of one source (or one entry of a feed)."""

    source: str
    status: str  # ADDED, UPDATED, UNCHANGED, DUPLICATE or FAILED
    message: str = ""  # the failure, or the seed it duplicates
    seed: str | None = None  # the file written or matched, as given under --seeds
    title: str | None = None
    published: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "source": self.source, "status": self.status, "message": self.message, "seed": self.seed,
            "title": self.title, "published": self.published, "url": self.url, "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Found:
    """An article read from a page: what its seed file will hold."""

    article: Article
    author: str | None
    addresses: frozenset[str]  # every address it answers to: asked, redirected to, canonical
    warnings: tuple[str, ...]
    asked: str | None = None  # the address it was fetched from, kept in the seed when it is not ``url``


@dataclass(frozen=True)
class _Job:
    """One page to read: a web address, or a saved page on disk."""

    label: str
    address: str | None = None
    path: Path | None = None
    in_feed: bool = False  # an entry's link: a feed there is not followed again


# -- reading a page -----------------------------------------------------------------


def found_in_page(raw: bytes, label: str, address: str | None, max_text_bytes: int = MAX_ARTICLE_BYTES) -> Found:
    """The article in one page, or :class:`FetchError` saying why it is none.

    A story longer than ``max_text_bytes`` (``max_article_bytes``) is refused here, not
    written for the build to skip.

    The date comes from the page's metadata as the reader reads it; when there is
    none, htmldate searches the page's text and address as well.
    """
    try:
        page = read_page(raw, label, "fetched")
    except ArticleError as error:
        raise FetchError(f"not an article: {error}") from None
    words = len(page.article.body.split())
    if words < MIN_ARTICLE_WORDS:
        raise FetchError(f"not an article: only {words} words of text (a paywall, a stub or an index page)")
    size = len(page.article.body.encode("utf-8"))
    if size > max_text_bytes:
        raise FetchError(f"too large: its text is {size:,} bytes, over the {max_text_bytes:,}-byte limit for one article (max_article_bytes)")
    page, warnings = _dated(page, raw, label)
    article = page.article
    url = article.url or address  # the canonical address when the page declares one
    if url and not article.source:
        article = replace(article, source=urlsplit(url).hostname)
    article = replace(article, url=url)
    addresses = frozenset(_normal_address(a) for a in (address, page.article.url) if a and is_web_address(a))
    return Found(article, page.author, addresses, warnings)


def _dated(page: Page, raw: bytes, label: str) -> tuple[Page, tuple[str, ...]]:
    """The page with a date found by htmldate when its metadata has none, and the warnings left."""
    if page.article.published is not None:
        return page, tuple(p.message for p in page.problems)
    found = htmldate.find_date(raw, extensive_search=True, original_date=True, outputformat="%Y-%m-%d", max_date=dt.date.today().isoformat())
    if found:
        page = read_page(raw, label, "fetched", published=dt.date.fromisoformat(found))
        guessed = f"published: {found} was read from the page's text or address, as its metadata gives no date; check it"
        return page, tuple(p.message for p in page.problems) + (guessed,)
    missing = "no publication date in the page's metadata or text; published: is left empty, fill it in"
    return page, tuple(p.message for p in page.problems if not p.message.endswith(ADD_PAGE_DATE)) + (missing,)


def seed_text(found: Found, retrieved: dt.datetime) -> str:
    """The seed file of an article: front matter, then the story's text."""
    article = found.article
    fields = {
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "url": article.url,
        "author": found.author,
        "language": article.language,
        "retrieved": retrieved.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }
    if found.asked and article.url and _normal_address(found.asked) != _normal_address(article.url):
        fields["fetched_from"] = found.asked  # a feed's or short link: known next time without a request
    plain = ("published", "retrieved")  # ISO dates and times of ours: readable unquoted, read back as text by the reader
    lines = [
        f"{name}:" if value is None else f"{name}: {value if name in plain else _yaml_scalar(value)}" for name, value in fields.items()
    ]
    return "---\n" + "\n".join(lines) + "\n---\n" + article.body.strip() + "\n"


def _yaml_scalar(value: str) -> str:
    """One line of YAML that reads back as ``value``, a string even when it looks like a date or a number."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000, default_style=None).removesuffix("\n...\n").strip()


def seed_name(article: Article) -> str:
    """``<published>-<slug>.md``, or ``undated-<slug>.md``: sorted by name, the seeds are in date order."""
    return f"{article.published.isoformat() if article.published else 'undated'}-{slugify(article.title)}.md"


def _normal_address(url: str) -> str:
    """An address as compared for duplicates: no fragment, host in lower case, no trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), (parts.hostname or "") + (f":{parts.port}" if parts.port else ""), path, parts.query, ""))


# -- fetching ---------------------------------------------------------------------


def make_client(timeout: float) -> httpx.Client:
    """The one client of a run: our User-Agent, redirects followed, at most MAX_CONCURRENT connections."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.5"},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        limits=httpx.Limits(max_connections=MAX_CONCURRENT),
        trust_env=False,  # no proxy or .netrc credentials picked up from the environment
    )


@dataclass(frozen=True)
class Response:
    """A page as fetched: where it ended up, what it says it is, its bytes."""

    url: str
    content_type: str
    body: bytes


def fetch(client: httpx.Client, url: str, max_bytes: int, timeout: float) -> Response:
    """GET ``url`` (an http or https address), or :class:`FetchError` with a one-line reason.

    The body is read in pieces and given up past ``max_bytes``, and the whole request
    past ``timeout`` seconds, so neither a huge file nor a server that trickles bytes
    can hold a run.
    """
    if not is_web_address(url):
        raise FetchError("not an http or https address")
    started = time.monotonic()
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"unreachable: the server answered {response.status_code} {response.reason_phrase}".rstrip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"too large: {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"too large: over the {max_bytes:,}-byte limit")
                if time.monotonic() - started > timeout:
                    raise FetchError(f"timeout: no whole page within {timeout:g} seconds")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return Response(str(response.url), content_type, bytes(body))
    except httpx.TimeoutException:
        raise FetchError(f"timeout: no answer within {timeout:g} seconds") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"unreachable: more than {MAX_REDIRECTS} redirects") from None
    except httpx.UnsupportedProtocol:
        raise FetchError("unreachable: redirected to an address that is not http or https") from None
    except httpx.InvalidURL as error:
        raise FetchError(f"not a web address ({error})") from None
    except httpx.HTTPError as error:  # refused, reset, name not found
        raise FetchError(f"unreachable ({_reason(error)})") from None


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return " ".join(text.split())[:200]


def _is_feed(response: Response) -> bool:
    if response.content_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return True
    start = response.body[:1000].lstrip().lower()
    return (response.content_type in _FEED_TYPES or not response.content_type) and (b"<rss" in start or b"<feed" in start or b"<rdf" in start)


def _is_html(response: Response) -> bool:
    if response.content_type in _HTML_TYPES:
        return True
    start = response.body[:1000].lstrip().lower()
    return not response.content_type and (start.startswith(b"<!doctype html") or start.startswith(b"<html"))


def _feed_jobs(raw: bytes, label: str, limit: int | None) -> list[_Job | Outcome]:
    """The pages a feed links to, newest first as the feed lists them, at most ``limit``."""
    try:
        feed = load_feed(raw)
    except ArticleError as error:
        return [Outcome(label, FAILED, str(error))]
    jobs: list[_Job | Outcome] = []
    for number, entry in enumerate(feed.entries[:limit] if limit else feed.entries, start=1):
        link = entry.get("link")
        entry_label = f"{label}, entry {number}"
        if not link:
            jobs.append(Outcome(entry_label, FAILED, "the entry has no link to its article"))
        else:
            jobs.append(_Job(f"{entry_label} ({link})", address=link, in_feed=True))
    if not jobs:
        jobs.append(Outcome(label, FAILED, "the feed has no entries"))
    return jobs


def _jobs_of(source: str, limit: int | None, max_bytes: int) -> list[_Job | Outcome]:
    """What one source asks for: a page, or each page of a feed; a source that gives nothing is an Outcome."""
    if re.match(r"[a-z][a-z0-9+.-]*://", source, re.I):
        if not source.lower().startswith(("http://", "https://")):
            return [Outcome(source, FAILED, "only http and https addresses are fetched")]
        if not is_web_address(source):
            return [Outcome(source, FAILED, "not a web address")]
        return [_Job(source, address=source)]
    path = Path(source)
    if not path.is_file():
        return [Outcome(source, FAILED, "no such file, and not an http or https address")]
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return [_Job(source, path=path)]
    if suffix in FEED_SUFFIXES:
        try:
            raw = _read_capped(path, max_bytes)
        except FetchError as error:
            return [Outcome(source, FAILED, str(error))]
        return _feed_jobs(raw, source, limit)
    return [Outcome(source, FAILED, f"not a saved web page ({', '.join(PAGE_SUFFIXES)}) or feed ({', '.join(FEED_SUFFIXES)})")]


def _read_capped(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FetchError(f"too large: {size:,} bytes, over the {max_bytes:,}-byte limit")
        return path.read_bytes()
    except OSError as error:
        raise FetchError(f"cannot read it ({error.strerror or error})") from None


def _read_job(job: _Job, client: httpx.Client, limit: int | None, max_bytes: int, timeout: float, max_text_bytes: int) -> Found | list[_Job | Outcome]:
    """The article of one job; a web address that turns out to be a feed gives its entries' jobs instead."""
    if job.path is not None:
        return found_in_page(_read_capped(job.path, max_bytes), job.label, None, max_text_bytes)
    response = fetch(client, job.address, max_bytes, timeout)
    if _is_feed(response):
        if job.in_feed:
            raise FetchError("not an article: the entry links to a feed")
        return _feed_jobs(response.body, job.label, limit)
    if not _is_html(response):
        raise FetchError(f"not HTML: the server sent {response.content_type or 'no content type'}")
    found = found_in_page(response.body, job.label, response.url, max_text_bytes)
    return replace(found, addresses=found.addresses | {_normal_address(job.address)}, asked=job.address)


# -- seeds/ -------------------------------------------------------------------------


@dataclass
class _Seeds:
    """The articles already in seeds/, and the addresses they answer to; grows as articles are added."""

    folder: Path
    articles: list[Article] = field(default_factory=list)
    by_address: dict[str, str] = field(default_factory=dict)  # normal address -> article id

    @classmethod
    def read(cls, folder: Path, day_first: bool) -> _Seeds:
        seeds = cls(folder)
        if folder.is_dir():
            articles, _ = read_articles(folder, day_first=day_first)
            for article in articles:
                seeds.remember(article, _fetched_from(folder / article.path))
        return seeds

    def remember(self, article: Article, addresses: Iterable[str] = ()) -> None:
        self.articles.append(article)
        for address in [*addresses, *([article.url] if article.url and is_web_address(article.url) else [])]:
            self.by_address.setdefault(_normal_address(address), article.id)

    def path_of(self, article_id: str) -> Path:
        return self.folder / next(a.path for a in self.articles if a.id == article_id)

    def same_text(self, article: Article) -> str | None:
        """The id of a seed with the same or nearly the same text (as the build counts duplicates)."""
        new = replace(article, id="\x00new")  # an id no seed has
        duplicates = find_duplicate_articles([*self.articles, new])
        if new.id in duplicates:
            return duplicates[new.id]
        return min((dup for dup, kept in duplicates.items() if kept == new.id), default=None)


def _front_matter(path: Path) -> dict:
    """The front matter of a Markdown seed, or nothing (a page, a feed, no or bad front matter)."""
    if path.suffix != ".md":
        return {}
    try:
        block, _ = split_front_matter(path.read_text(encoding="utf-8"))
        loaded = yaml.safe_load(block) if block else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _fetched_from(path: Path) -> list[str]:
    address = _front_matter(path).get("fetched_from")
    return [address] if isinstance(address, str) and is_web_address(address) else []


def _written_by_add(path: Path) -> bool:
    """A seed that ``add`` wrote (its front matter says when it was retrieved), so ``--update`` may refresh it."""
    return "retrieved" in _front_matter(path)


def _same_text(one: str, other: str) -> bool:
    return " ".join(one.split()) == " ".join(other.split())


def _store(found: Found, label: str, seeds: _Seeds, update: bool, retrieved: dt.datetime) -> Outcome:
    """Write a new seed, refresh one (``update``), or say which seed the article already is."""
    article = found.article
    fields = {"title": article.title, "published": article.published.isoformat() if article.published else None, "url": article.url}
    known = next((seeds.by_address[a] for a in sorted(found.addresses) if a in seeds.by_address), None)
    if known is not None and update:
        path = seeds.path_of(known)
        old = next(a for a in seeds.articles if a.id == known)
        if _same_text(old.body, article.body):
            return Outcome(label, UNCHANGED, "the text has not changed", str(path), warnings=found.warnings, **fields)
        if not _written_by_add(path):
            return Outcome(label, DUPLICATE, "already in seeds/, not written by timeline add, so left as it is", str(path), warnings=found.warnings, **fields)
        replace_file(path, seed_text(found, retrieved).encode("utf-8"))
        return Outcome(label, UPDATED, "", str(path), warnings=found.warnings, **fields)
    known = known or seeds.same_text(article)
    if known is not None:
        return Outcome(label, DUPLICATE, "already in seeds/", str(seeds.path_of(known)), **fields)
    name = seed_name(article)
    path, number = seeds.folder / name, 1
    data = seed_text(found, retrieved).encode("utf-8")
    while not write_new_file(path, data):  # a name taken, now or by a run alongside: never overwritten
        number += 1
        path = seeds.folder / f"{name.removesuffix('.md')}-{number}.md"
    seeds.remember(replace(article, id=f"added/{path.name}", path=path.name), found.addresses)
    return Outcome(label, ADDED, "", str(path), warnings=found.warnings, **fields)


# -- the whole run ------------------------------------------------------------------


def add_sources(
    sources: Iterable[str],
    seeds: Path,
    *,
    limit: int | None = None,
    update: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_PAGE_BYTES,
    max_text_bytes: int = MAX_ARTICLE_BYTES,
    day_first: bool = False,
    progress: Callable[[int, int], None] | None = None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
) -> list[Outcome]:
    """Add the articles of ``sources`` (web addresses, saved pages, feeds) to ``seeds``; one outcome each, in order.

    ``max_bytes`` caps a page or feed as fetched or read, ``max_text_bytes`` its story's text.

    Pages are fetched MAX_CONCURRENT at a time; seeds are written one by one, in the
    order of the sources, so duplicates among them are caught and names are stable.
    ``progress`` hears (pages read, pages in all).
    """
    seeds_folder = Path(seeds)
    known_seeds = _Seeds.read(seeds_folder, day_first)
    addressed = set(known_seeds.by_address)
    with make_client(timeout) as client:
        work: list[_Job | Outcome] = [item for source in sources for item in _jobs_of(source, limit, max_bytes)]
        results: dict[int, Found | list | Exception] = {}
        done = total = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=MAX_CONCURRENT) as pool:
            while True:
                pending = {
                    index: item for index, item in enumerate(work)
                    if isinstance(item, _Job) and index not in results and not _known_address(item, addressed, update)
                }
                if not pending:
                    break
                total += len(pending)
                futures = {pool.submit(_read_job, job, client, limit, max_bytes, timeout, max_text_bytes): index for index, job in pending.items()}
                for future in concurrent.futures.as_completed(futures):
                    try:
                        results[futures[future]] = future.result()
                    except FetchError as error:
                        results[futures[future]] = error
                    done += 1
                    if progress:
                        progress(done, total)
                work, results = _expanded_feeds(work, results)
    outcomes = []
    for index, item in enumerate(work):
        if isinstance(item, Outcome):
            outcomes.append(item)
        elif index not in results:  # its address is a seed's already: not fetched again
            seed = known_seeds.path_of(known_seeds.by_address[_normal_address(item.address)])
            outcomes.append(Outcome(item.label, DUPLICATE, "already in seeds/", str(seed), url=item.address))
        elif isinstance(results[index], Exception):
            outcomes.append(Outcome(item.label, FAILED, str(results[index])))
        else:
            try:
                outcomes.append(_store(results[index], item.label, known_seeds, update, now()))
            except OSError as error:
                outcomes.append(Outcome(item.label, FAILED, f"cannot write into {seeds_folder} ({error.strerror or error})"))
    return outcomes


def _known_address(job: _Job, addressed: set[str], update: bool) -> bool:
    """A link to a page already in seeds/ needs no request, unless ``--update`` asks for its text again."""
    return not update and job.address is not None and _normal_address(job.address) in addressed


def _expanded_feeds(work: list[_Job | Outcome], results: dict) -> tuple[list[_Job | Outcome], dict]:
    """Feeds found behind web addresses replaced by their entries, the results renumbered to match."""
    expanded: list[_Job | Outcome] = []
    renumbered = {}
    for index, item in enumerate(work):
        result = results.get(index)
        if isinstance(result, list):
            expanded.extend(result)
            continue
        if index in results:
            renumbered[len(expanded)] = result
        expanded.append(item)
    return expanded, renumbered
