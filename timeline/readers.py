"""Read articles from ``seeds/``: Markdown or text with optional YAML front matter,
saved web pages, and RSS or Atom feeds (one article per entry).

``read_articles`` never raises on bad input: every problem becomes a
:class:`Problem` naming the file, so one broken article cannot stop a build.
"""

from __future__ import annotations

import codecs
import email.utils
import errno
import hashlib
import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import dateparser
import feedparser
import trafilatura
import yaml
from frontmatter.default_handlers import YAMLHandler

from .contents import Article, is_web_address
from .dates import reads_day_first
from .slugs import slugify

#: Text files read as one article each.
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
#: Saved web pages: the story is found among the menus, adverts and comments.
PAGE_SUFFIXES = (".html", ".htm")
#: RSS and Atom feeds: every entry is an article.
FEED_SUFFIXES = (".rss", ".atom", ".xml")
#: Everything else in ``seeds/`` is ignored.
READ_SUFFIXES = ARTICLE_SUFFIXES + PAGE_SUFFIXES + FEED_SUFFIXES

#: Longer article texts are skipped: no news article is this long, and extraction time grows
#: with it. ``max_article_bytes`` in timeline.yml changes it.
MAX_ARTICLE_BYTES = 500_000
#: A saved page or feed may be larger: scripts and styles wrap a few kilobytes of story.
MAX_PAGE_BYTES = 5_000_000

#: Front matter fields read as one line of text each.
TEXT_FIELDS = ("title", "source", "url", "language")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?^)---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input file, worded for the person who can fix it."""

    path: str
    message: str
    fatal: bool  # True when the file was skipped, False for a warning

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ArticleError(ValueError):
    """An article that cannot be read at all."""


class _TextDatesLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: ``published: 2023-02-30`` stays text for us to judge,
    instead of failing the whole front matter."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FrontMatterHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> object:
        return yaml.load(fm, Loader=_TextDatesLoader)


#: Publication dates before this year are typos ("0001-01-01"), and too far back to count days from.
FIRST_PUBLISHED_YEAR = 1000
#: A date this far after today is still taken: a time zone ahead of the build's may be on the next day.
FUTURE_SLACK = dt.timedelta(days=1)


def parse_published(value: object, day_first: bool = False) -> dt.date:
    """A publication date from front matter, a feed or a saved page: a YAML date, or any
    string dateparser reads.

    ``day_first`` reads "12/09/2023" as 12 September. Raises ``ValueError`` with a
    readable reason, e.g. for "2023-02-30", and for a date no article can have been
    published on: before the year 1000, or after today (saved pages drop those too).
    """
    published = _written_date(value, day_first)
    if published.year < FIRST_PUBLISHED_YEAR:
        raise ValueError(f"{published.isoformat()} is before the year {FIRST_PUBLISHED_YEAR}")
    if published > dt.date.today() + FUTURE_SLACK:
        raise ValueError(f"{published.isoformat()} is after today")
    return published


def _written_date(value: object, day_first: bool) -> dt.date:
    """The date that ``value`` writes, whenever it is."""
    if isinstance(value, bool):  # YAML reads "published: yes" as True
        raise ValueError(f"{str(value).lower()!r} (a yes or no) is not a date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, (str, int, float)):
        raise ValueError("it is not a single date")
    text = str(value).strip()
    if not text:
        raise ValueError("it is empty")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            raise ValueError(f"{text!r} is not a real date ({error})") from None
    if re.fullmatch(r"\d{8}", text):  # "20230912", a compact ISO date
        try:
            return dt.datetime.strptime(text, "%Y%m%d").date()
        except ValueError as error:
            raise ValueError(f"{text!r} is not a real date ({error})") from None
    written = _machine_date(text)  # feeds and pages: exact, and 100 times faster than dateparser
    if written is not None:
        return written
    # "yesterday" or "2 days ago" would depend on the day of the build: a year must be written.
    if not re.search(r"(?<!\d)\d{4}(?!\d)", text):
        if re.search(r"\d{5}", text):
            raise ValueError(f"{text!r} has a year of more than four digits")
        raise ValueError(f"{text!r} has no four-digit year")
    settings = {"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY" if day_first else "MDY"}
    parsed = dateparser.parse(text[:100], languages=["en"], settings=settings)
    if parsed is None:
        raise ValueError(f"cannot read {text!r} as a date")
    return parsed.date()


def _machine_date(text: str) -> dt.date | None:
    """The day of an RFC 822 date (RSS's "Tue, 12 Sep 2023 23:30:00 -0400") or an ISO
    timestamp, as written: in its own time zone, never moved to UTC."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?", text):
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        if re.match(r"(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d", text):
            return email.utils.parsedate_to_datetime(text).date()
    except (ValueError, TypeError):
        return None  # left to dateparser, which explains what is wrong
    return None


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Split raw text into its front matter block (or None) and the body exactly as written."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end():]


#: What the missing-date warning tells a file's owner to do.
ADD_PUBLISHED = "add `published: YYYY-MM-DD` to its front matter"
#: A saved page has no front matter, but a date in its <head> is read.
ADD_PAGE_DATE = 'add <meta name="date" content="YYYY-MM-DD"> to its <head> (a date after today is not read)'


def parse_article(
    text: str,
    path: str,
    article_id: str,
    published: dt.date | None = None,
    day_first: bool = False,
    how_to_date: str = ADD_PUBLISHED,
) -> tuple[Article, list[Problem]]:
    """Build an :class:`Article` from decoded text; front matter problems become warnings.

    A ``published`` date given here (``--published``) wins over the front matter's.
    A numeric ``published:`` follows the body's own dates ("25/12/2023" in it means
    day first), else ``day_first`` (the ``numeric_dates`` setting). ``how_to_date``
    ends the warning about a missing date (standard input has no front matter to edit).
    """
    problems: list[Problem] = []
    block, body = split_front_matter(text)
    metadata: dict = {}
    if block is not None:
        try:
            loaded = _FrontMatterHandler().load(block)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            problems.append(Problem(path, f"front matter is not valid YAML{where}; it was ignored", False))
            loaded = None
        except (ValueError, TypeError, AttributeError) as error:  # a tag that cannot build its value: !!timestamp 2023-02-30
            problems.append(Problem(path, f"front matter has a value YAML cannot build ({error}); it was ignored", False))
            loaded = None
        if isinstance(loaded, dict):
            metadata = loaded
        elif loaded is not None:
            problems.append(Problem(path, "front matter must be `key: value` lines (title, published, source, url); it was ignored", False))
    elif re.match(r"\A---[ \t]*\r?\n", text):
        problems.append(Problem(path, "front matter starts with --- but has no closing --- line; it was read as text", False))
    article, warnings = _article_from(metadata, body, path, article_id, published, day_first, how_to_date)
    return article, problems + warnings


@dataclass(frozen=True)
class Page:
    """A saved or fetched web page read as an article, with the byline an article file has no field for."""

    article: Article
    problems: list[Problem]
    author: str | None


def parse_page(
    raw: bytes, path: str, article_id: str, published: dt.date | None = None, day_first: bool = False
) -> tuple[Article, list[Problem]]:
    """The story in a saved web page, with the title, date, site and address it declares (see :func:`read_page`)."""
    page = read_page(raw, path, article_id, published, day_first)
    return page.article, page.problems


def read_page(
    raw: bytes, path: str, article_id: str, published: dt.date | None = None, day_first: bool = False
) -> Page:
    """The story in a web page, with the title, date, site, address and author it declares.

    trafilatura does this better than rules of ours would: it tells the story from
    menus, adverts and comments, and reads the metadata news sites publish (Open
    Graph, JSON-LD, ``<time>``). Only the page's markup is searched for its date,
    never a guess from its text, and an impossible or future date is dropped.
    """
    tree = trafilatura.utils.load_html(raw)
    if tree is None:
        raise ArticleError("it is not an HTML page")
    language = tree.get("lang")
    declared = _declared_dates(tree)  # before extraction, which prunes the tree
    page = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        prune_xpath="//noscript",  # "enable JavaScript to read this", in pages saved before their story loaded
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if page is None or not (page.text or "").strip():
        raise ArticleError("no article text was found in this page (a page that loads its story with JavaScript must be saved once it has loaded)")
    metadata = {"title": page.title, "published": _untruncated(page.date, declared), "source": page.sitename, "url": page.url, "language": language}
    headline, _, story = page.text.partition("\n")
    if _text_field(headline) == _text_field(page.title) and story.strip():
        body = story  # the headline is the title; as a line of the story it would be an undated event
    else:
        body = page.text
    article, problems = _article_from(metadata, body + "\n", path, article_id, published, day_first, ADD_PAGE_DATE)
    return Page(article, problems, _text_field(page.author))


#: Where a page declares its dates: <meta> content, <time datetime>, JSON-LD.
_DATE_MARKUP = '//meta/@content | //time/@datetime | //script[@type="application/ld+json"]/text()'


def _declared_dates(tree: object) -> set[str]:
    """Every YYYY-MM-DD that the page's date markup writes, real days or not."""
    values = tree.xpath(_DATE_MARKUP)
    return {day for value in values for day in re.findall(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)", str(value)[:10_000])}


def _untruncated(found: str | None, declared: set[str]) -> str | None:
    """The date trafilatura found, or the impossible one it came from.

    htmldate reads ``content="2023-02-30"`` as 2023-02-01: a day that the page never
    wrote. When the page writes no such day but an impossible day of that month, the
    impossible day is returned, for :func:`parse_published` to reject as it rejects
    one in front matter.
    """
    if not found or found in declared:
        return found
    for day in sorted(declared):
        if day[:7] == found[:7] and not _is_real_day(day):
            return day
    return found


def _is_real_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_feed(
    raw: bytes, path: str, feed_id: str, published: dt.date | None = None, day_first: bool = False,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> tuple[list[Article], list[Problem]]:
    """Every entry of an RSS or Atom feed as an article; an entry without text is a warning.

    feedparser reads every RSS and Atom dialect and cleans the entries' HTML; the
    feed's title is the source unless an entry names its own.
    """
    feed = load_feed(raw)
    articles: list[Article] = []
    problems: list[Problem] = []
    for number, entry in enumerate(feed.entries, start=1):
        title = _text_field(entry.get("title"))
        # Named by title, never by position: a feed saved again with new entries on top
        # must leave every old entry's label (and so its cache entry) as it was.
        label = f'{path}, entry "{title}"' if title else f"{path}, entry {number}"
        content = (entry.get("content") or [entry.get("summary_detail")])[0] or {}
        text = content.get("value", "")
        if content.get("type", "text/html") in ("text/html", "application/xhtml+xml"):
            text = html_to_text(text)
        if not text.strip():
            problems.append(Problem(label, "left out: the entry has no text (a photo or a link only)", False))
            continue
        if len(text.encode()) > max_bytes:
            problems.append(Problem(label, f"skipped: its text is over the {max_bytes:,}-byte limit for one article (max_article_bytes)", True))
            continue
        metadata = {
            "title": title,
            "published": entry.get("published") or entry.get("updated"),
            "source": (entry.get("source") or {}).get("title") or feed.feed.get("title"),
            "url": entry.get("link"),
            "language": feed.feed.get("language"),
        }
        address = entry.get("link") or entry.get("id")
        # The entry's own address keeps its page where it is when titles repeat ("Live update").
        suffix = "-" + hashlib.sha256(address.encode()).hexdigest()[:6] if address else ""
        article_id = slugify(f"{feed_id}/{title or number}") + suffix  # after slugify, which shortens long titles
        article, warnings = _article_from(metadata, text + "\n", label, article_id, published, day_first, "give the entry a <pubDate> (RSS) or <published> (Atom) date")
        articles.append(article)
        problems.extend(warnings)
    if not articles and not problems:
        problems.append(Problem(path, "skipped: the feed has no entries", True))
    return articles, problems


def load_feed(raw: bytes) -> feedparser.FeedParserDict:
    """An RSS or Atom feed as feedparser reads it, or :class:`ArticleError` when ``raw`` is none."""
    feed = feedparser.parse(raw)  # bytes: a string would be taken for an address to fetch
    if not feed.get("version") and not feed.entries:
        reason = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        raise ArticleError(f"it is not an RSS or Atom feed{reason}")
    return feed


def _article_from(
    metadata: dict, body: str, path: str, article_id: str, published: dt.date | None, day_first: bool, how_to_date: str
) -> tuple[Article, list[Problem]]:
    """The article that a body and its metadata (front matter, a page's or a feed entry's) describe."""
    body = _CONTROL_CHARACTERS.sub(" ", body)  # a space each: the same length, so offsets hold
    if not body.strip():
        raise ArticleError("the article has no text")
    problems: list[Problem] = []
    if published is None and metadata.get("published") not in (None, ""):
        try:
            published = parse_published(metadata["published"], reads_day_first(body, day_first))
        except ValueError as reason:
            problems.append(Problem(path, f"published: {reason}; write it as YYYY-MM-DD", False))
    if published is None:
        problems.append(
            Problem(
                path,
                f"no publication date, so relative dates such as 'on Wednesday' stay undated; {how_to_date}",
                False,
            )
        )

    fields = {}
    for name in TEXT_FIELDS:
        value = metadata.get(name)
        if value is not None and not isinstance(value, (str, int, float)):
            problems.append(Problem(path, f"{name}: expected one line of text, not a {type(value).__name__}; it was ignored", False))
            value = None
        fields[name] = _text_field(value)
    url = fields["url"]
    if url is not None and not is_web_address(url):
        problems.append(Problem(path, f"url: {url[:80]!r} is not a web address (http:// or https://); it was ignored", False))
        fields["url"] = None
    language = fields["language"] or "en"
    if not re.fullmatch(r"en(?:glish)?(?:[-_][a-z]+)?", language, re.I):  # "en", "en-GB", "English"
        problems.append(Problem(path, f"language: {language}: only English is read for now, so its dates and events may be wrong or missing", False))
    article = Article(
        id=article_id,
        path=path,
        title=fields["title"] or _first_line(body),
        body=body,
        published=published,
        source=fields["source"],
        url=fields["url"],
        language=language,
    )
    return article, problems


class _TextOfHTML(HTMLParser):
    """Collects an HTML fragment's words, a line per block, skipping scripts and styles."""

    BLOCKS = {
        "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "table", "caption", "tr", "td", "th", "section", "article", "figure", "figcaption",
    }
    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data)


def html_to_text(html: str) -> str:
    """A feed entry's HTML as plain text, one paragraph a line, for the parser to read
    each paragraph as its own sentences."""
    reader = _TextOfHTML()
    reader.feed(html)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.pieces).splitlines())
    return "\n".join(line for line in lines if line)


def decode_article(raw: bytes, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """The text of an article file, or :class:`ArticleError` saying why it is not one.

    UTF-8 is expected; UTF-16 is read too when its byte-order mark says so (Windows
    editors save it).
    """
    if len(raw) > max_bytes:
        raise ArticleError(f"it is {len(raw):,} bytes, over the {max_bytes:,}-byte limit for one article (max_article_bytes)")
    if raw.startswith(_UTF16_MARKS):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ArticleError(f"it is not valid UTF-16 text (bad byte at position {error.start})") from None
    if _looks_binary(raw):
        raise ArticleError("it looks binary (it contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(f"it is not UTF-8 text (bad byte at position {error.start})") from None


#: Byte-order marks of UTF-16 text, whose NUL bytes are no sign of a binary file.
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _looks_binary(raw: bytes) -> bool:
    return b"\x00" in raw and not raw.startswith(_UTF16_MARKS)


def read_file(
    path: Path, root: Path | None = None, published: dt.date | None = None, day_first: bool = False,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> tuple[list[Article], list[Problem]]:
    """The articles in one file: one, or a feed's entries. Raises :class:`ArticleError`
    when the file cannot be used at all."""
    shown = str(path.relative_to(root)) if root else str(path)
    suffix = path.suffix.lower()
    limit = max(MAX_PAGE_BYTES, max_bytes) if suffix in PAGE_SUFFIXES + FEED_SUFFIXES else max_bytes
    size = path.stat().st_size
    if size > limit:  # checked before reading a huge file into memory
        what = "one file" if limit != max_bytes else "one article (max_article_bytes)"
        raise ArticleError(f"it is {size:,} bytes, over the {limit:,}-byte limit for {what}")
    article_id = slugify(str(path.relative_to(root).with_suffix("")) if root else path.stem)
    raw = path.read_bytes()
    if suffix in FEED_SUFFIXES:
        return parse_feed(raw, shown, article_id, published, day_first, max_bytes)
    if suffix in PAGE_SUFFIXES:
        if _looks_binary(raw):
            raise ArticleError("it looks binary (it contains NUL bytes), not a web page")
        article, problems = parse_page(raw, shown, article_id, published, day_first)
    else:
        article, problems = parse_article(decode_article(raw, max_bytes), shown, article_id, published, day_first)
    return [article], problems


def find_article_files(seeds_dir: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Article files under ``seeds_dir``, in a stable order; every file passed over is in ``problems``.

    Hidden files and folders, editors' backups and files of other kinds are warnings:
    the README promises a line for every file that is not read.

    Folders that cannot be read, names that are not UTF-8 (no page, cache entry or
    address could carry them), links that lead nowhere or out of ``seeds_dir`` (CI
    builds whatever is committed: a link to ``/etc/hostname`` must not publish it)
    and pipes or devices are added to ``problems`` rather than passed over in silence.
    """
    found = []
    inside = seeds_dir.resolve()

    def skip(path: Path, message: str, fatal: bool = True) -> None:
        if problems is not None:
            problems.append(Problem(shown_name(path.relative_to(seeds_dir) if path != seeds_dir else path), message, fatal))

    def unreadable(error: OSError) -> None:
        skip(Path(error.filename) if error.filename else seeds_dir, f"skipped: cannot read this folder ({error.strerror})")

    for folder, dirs, files in os.walk(seeds_dir, onerror=unreadable):
        for name in sorted(d for d in dirs if d.startswith(".")):
            skip(Path(folder) / name, "skipped: a hidden folder, not read", fatal=False)
        for name in [d for d in dirs if not d.startswith(".") and not _is_utf8(d)]:
            skip(Path(folder) / name, "skipped: the folder's name is not UTF-8 text; rename it")
        for name in [d for d in dirs if not d.startswith(".") and (Path(folder) / d).is_symlink()]:
            skip(Path(folder) / name, "skipped: a link to a folder, not followed; put the articles themselves in seeds/")
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _is_utf8(d) and not (Path(folder) / d).is_symlink())
        for name in sorted(files):
            path = Path(folder) / name
            ignored = _ignored(name)
            if ignored:
                skip(path, f"skipped: {ignored}", fatal=False)
                continue
            if not _is_utf8(name):
                skip(path, "skipped: the file's name is not UTF-8 text; rename it")
                continue
            try:
                problem = _not_an_article_file(path, inside)
            except OSError as error:  # a folder that lists its names but cannot be entered
                skip(Path(folder), f"skipped: cannot read this folder ({error.strerror})")
                break
            if problem:
                skip(path, f"skipped: {problem}")
            else:
                found.append(path)
    return sorted(found)


#: Files editors leave beside the one being edited: Emacs' "notes.md~" and "#notes.md#",
#: its lock ".#notes.md", Vim's ".notes.md.swp".
_EDITOR_FILES = re.compile(r"(~|\.sw[a-p]|\.bak|\.orig|\.tmp)$|^\.#|^#.*#$", re.I)


def _ignored(name: str) -> str | None:
    """Why a file is passed over by its name alone, or None to read it."""
    if _EDITOR_FILES.search(name):
        return "an editor's backup or lock file, not read"
    if name.startswith("."):
        return "a hidden file, not read"
    if Path(name).suffix.lower() not in READ_SUFFIXES:
        kind = f"{Path(name).suffix} files" if Path(name).suffix else "files without a suffix"
        return f"{kind} are not read (articles are {', '.join(READ_SUFFIXES)})"
    return None


def _not_an_article_file(path: Path, inside: Path) -> str | None:
    """Why ``path`` is not a file to read, or None when it is one."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return "a link to a file that does not exist"
        except RuntimeError:  # Python 3.11 and 3.12: a loop of links
            return "a link that leads back to itself"
        except OSError as error:
            if error.errno == errno.ELOOP:
                return "a link that leads back to itself"
            raise
        if not target.is_relative_to(inside):
            return "links outside seeds/, not read"
    if not path.is_file():
        return "not a regular file (a pipe, device or folder), not read"
    return None


def _is_utf8(name: str) -> bool:
    """False for a file name of bytes that are not UTF-8 (Python holds them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(path: Path | str) -> str:
    """A path as text that can be printed and saved, its bytes that are not UTF-8 shown as "\ufffd"."""
    return os.fsencode(path).decode("utf-8", "replace")


#: What a file read gave last time, by its name under the articles folder: (stamp, articles, warnings).
KnownReads = dict[str, tuple[tuple, list[Article], list[Problem]]]


def read_articles(
    seeds_dir: Path, day_first: bool = False, max_bytes: int = MAX_ARTICLE_BYTES, known: KnownReads | None = None
) -> tuple[list[Article], list[Problem]]:
    """Every readable article in ``seeds_dir``, plus the problems met on the way.

    With ``known`` (kept between runs by the cache), a file whose stamp (see ``_read_known``)
    is unchanged is not read again; ``known`` is updated to this folder's files.
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    if not seeds_dir.is_dir():
        return [], [Problem(str(seeds_dir), "no such folder of articles", True)]
    taken: set[str] = set()
    seen: set[str] = set()
    for path in find_article_files(seeds_dir, problems):
        shown = str(path.relative_to(seeds_dir))
        seen.add(shown)
        try:
            if known is None:
                found, warnings = read_file(path, seeds_dir, day_first=day_first, max_bytes=max_bytes)
            else:
                found, warnings = _read_known(path, shown, seeds_dir, day_first, max_bytes, known)
        except (ArticleError, OSError) as error:
            problems.append(Problem(shown, f"skipped: {error}", True))
            continue
        for article in found:
            article_id, n = article.id, 1
            while article_id in taken:  # "a_b.md" and "a-b.txt": both kept, in path order
                n += 1
                article_id = f"{article.id}-{n}"
            taken.add(article_id)
            articles.append(replace(article, id=article_id))
        problems.extend(warnings)
    if known is not None:
        for gone in set(known) - seen:
            del known[gone]
    return articles, problems


def _read_known(path: Path, name: str, seeds_dir: Path, day_first: bool, max_bytes: int, known: KnownReads) -> tuple[list[Article], list[Problem]]:
    """``read_file``, or what it gave last time for the same file (``name``, as ``read_articles``
    names it): the same size, modification and change times (no tool can set the last) and
    inode, read with the same options on the same day (a date "after today" is read
    tomorrow). Reading 10,000 files is most of an unchanged build."""
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, day_first, max_bytes, dt.date.today().toordinal())
    last = known.get(name)
    if last is not None and last[0] == stamp:
        return list(last[1]), list(last[2])
    found, warnings = read_file(path, seeds_dir, day_first=day_first, max_bytes=max_bytes)
    known[name] = (stamp, found, warnings)
    return found, warnings


#: Control characters (C0 and C1) other than line breaks and tabs: no text, and not allowed in a web page.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Invisible format characters (RTL marks, zero-width spaces) split names for spaCy.
_FORMAT_CHARACTERS = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

#: Markdown that is not words: link targets and brackets, emphasis, code marks, HTML
#: tags, and the heading, quote and list marks that open a line. A bracket's or tag's
#: scan stops at the next opening "[" or "<", so a line of thousands of unclosed ones
#: ("![a![a...") is read in linear time, not rescanned from each of them.
_MARKDOWN_SYNTAX = re.compile(
    r"!\[[^\[\]\n]*\]\((?:[^()\n]|\([^()\n]*\))*\)"  # an image, alt text and all
    r"|\[(?=[^\[\]\n]*\]\((?:[^()\n]|\([^()\n]*\))*\))"  # the "[" of "[text](url)"
    r"|\]\((?:[^()\n]|\([^()\n]*\))*\)"  # its "](url)", which may hold "(...)": ".../Busan_(city)"
    r"|\]\[[^\[\]\n]*\]|\[\^[^\[\]\n]*\]"  # "][ref]", a footnote mark "[^1]"
    r"|<(?:https?|mailto):[^<>\n]*>|</?[A-Za-z][^<>\n]*>"  # autolinks and HTML tags
    r"|\*{1,3}|~~|`+"  # emphasis and code marks
    r"|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)"  # "_emphasis_", but not snake_case or AP's "(AP) _ " dash
    r"|^[ \t]*(?:(?:[-*_][ \t]*){3,}$|(?:#{1,6}|>|[-+]|\d{1,9}[.)])(?=[ \t]))",  # rules; "# ", "> ", "- ", "1. "
    re.M,
)
#: Where a block of code opens: its words are never the article's.
_CODE_BLOCK = re.compile(r"<(script|style)\b[^>\n]*>", re.I)
_CODE_BLOCK_END = {kind: re.compile(rf"</{kind}\s*>", re.I) for kind in ("script", "style")}


def plain_text(article: Article) -> str:
    """The body as the language model should read it, with every offset unchanged.

    Markdown syntax (in ``.md`` files) and invisible format characters become spaces
    of the same length: "[Kim Jong Un](https://...)" reads "Kim Jong Un", and an
    event's offsets still point into the body as written.
    """
    blank = lambda m: _blanked(m.group())  # noqa: E731 -- one line, used twice
    text = _FORMAT_CHARACTERS.sub(blank, article.body)
    if article.path.lower().endswith((".md", ".markdown")):
        text = _MARKDOWN_SYNTAX.sub(blank, _without_code_blocks(text))
    return text


def _blanked(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _without_code_blocks(text: str) -> str:
    """``<script>`` and ``<style>`` blocks blanked whole, however many lines they run.

    A scan, not one regular expression: once a kind of block is found unclosed ("a
    <script> tag" in prose), later openings of that kind are passed over instead of
    each rescanning the rest of the text; the other kind is still blanked.
    """
    pieces, done, start, unclosed = [], 0, 0, set()
    while (opening := _CODE_BLOCK.search(text, start)) is not None:
        kind = opening.group(1).lower()
        closing = None if kind in unclosed else _CODE_BLOCK_END[kind].search(text, opening.end())
        if closing is None:
            unclosed.add(kind)  # no later one of this kind closes either: "a <script> tag" in prose
            start = opening.end()
            continue
        pieces += [text[done:opening.start()], _blanked(text[opening.start():closing.end()])]
        done = start = closing.end()
    return "".join(pieces) + text[done:]


def _text_field(value: object) -> str | None:
    """One line of text, without the invisible format characters that can spoof a title
    or the control characters that are no text at all (and not allowed in a web page)."""
    if value is None:
        return None
    text = "".join(ch for ch in str(value) if ch.isspace() or unicodedata.category(ch) not in ("Cf", "Cc"))
    text = " ".join(text.split())
    return text or None


def _first_line(body: str) -> str:
    """The first line of words: not a Markdown rule or an unclosed front matter's "---"."""
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line and not re.fullmatch(r"[-=*_\s]+", line):
            return line[:200]
    return "Untitled"
