"""``timeline add`` against a real HTTP server on 127.0.0.1, started by the tests: news pages
shaped like real ones (navigation, bylines, cookie banners, related links, canonical links),
a feed, redirects, and every way a source can fail. Nothing leaves this machine."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import frontmatter
import pytest

from conftest import free_port
from timeline import __version__
from timeline.cli import main
from timeline.fetch import MAX_CONCURRENT
from timeline.readers import MAX_PAGE_BYTES, read_articles

NEWSROOM = Path(__file__).parent / "fixtures" / "newsroom"
#: Words of the menus, banners, related links and footers of the pages: none may reach a seed.
BOILERPLATE = ("cookie", "Accept all", "Related stories", "Subscribe", "All rights reserved", "Privacy policy", "More from Harbour Daily", "Advertise")


class Newsroom:
    """A news site on 127.0.0.1: ``pages`` maps a path to (status, headers, body), changeable while it runs."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        self.in_flight = self.most_in_flight = 0
        self._lock = threading.Lock()
        newsroom = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 -- http.server's name
                newsroom.serve(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200, **headers: str) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": content_type, **headers}, data)
        return self.base + path

    def serve(self, request: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append((request.path, request.headers.get("User-Agent", "")))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if request.path.startswith("/slow"):
                time.sleep(float(request.path.rsplit("/", 1)[-1]))
            if request.path == "/huge":  # no Content-Length: only reading it tells its size
                request.send_response(200)
                request.send_header("Content-Type", "text/html")
                request.end_headers()
                request.wfile.write(b"<html><body><p>" + b"news " * ((MAX_PAGE_BYTES + 100_000) // 5))
                return
            status, headers, body = self.pages.get(request.path, (404, {"Content-Type": "text/plain"}, b"not found"))
            request.send_response(status)
            for name, value in headers.items():
                request.send_header(name, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should on a huge page
        finally:
            with self._lock:
                self.in_flight -= 1

    def fetched(self, path: str) -> int:
        return sum(1 for seen, _ in self.requests if seen == path)


def _fixture(name: str) -> str:
    return (NEWSROOM / name).read_text(encoding="utf-8")


@pytest.fixture
def newsroom():
    site = Newsroom()
    site.page("/news/harbour-deal", _fixture("harbour-deal.html"))
    site.page("/go/harbour-deal", b"", status=301, Location="/news/harbour-deal")  # a short link
    site.page("/news/port-strike", _fixture("port-strike.html"))
    site.page("/news/night-ferry", _fixture("ferry-service.html"))
    site.page("/news/lighthouse", _fixture("undated.html"))
    site.page("/news/paywalled", _fixture("paywall.html"))
    site.page("/feed.xml", _fixture("feed.xml").replace("{base}", site.base), "application/rss+xml")
    site.page("/report.pdf", b"%PDF-1.7\n" + b"0" * 2000, "application/pdf")
    site.page("/loop", b"", status=302, Location="/loop")
    site.page("/to-ftp", b"", status=302, Location="ftp://127.0.0.1/news.html")
    site.page("/big.html", b"<html><body>" + b"x" * MAX_PAGE_BYTES)  # says its size: refused before reading it
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def _add(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["add", "-q", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _seed(path: Path) -> frontmatter.Post:
    return frontmatter.loads(path.read_text(encoding="utf-8"))


def test_a_link_a_saved_page_and_a_feed_become_seeds_with_title_date_and_text(newsroom, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    saved = tmp_path / "saved" / "ferry.html"
    saved.parent.mkdir()
    shutil.copy(NEWSROOM / "ferry-service.html", saved)
    code, out, err = _add(capsys, "--seeds", str(seeds), newsroom.base + "/go/harbour-deal", str(saved))
    assert code == 0, err
    harbour = _seed(seeds / "2024-03-12-baltic-ports-sign-harbour-cooperation-deal-in-gdansk.md")
    assert harbour["title"] == "Baltic ports sign harbour cooperation deal in Gdansk"
    assert str(harbour["published"]) == "2024-03-12"
    assert harbour["source"] == "The Coastal Times"
    assert harbour["url"] == "https://www.coastaltimes.example/news/2024/03/12/baltic-ports-harbour-deal"  # canonical, not the short link
    assert harbour["author"] == "Marta Kowalska" and harbour["language"] == "en-GB"
    assert re.search(r"^retrieved: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (seeds / "2024-03-12-baltic-ports-sign-harbour-cooperation-deal-in-gdansk.md").read_text(), re.M)
    assert harbour.content.startswith("The harbour authorities of Gdansk, Klaipeda and Riga signed a cooperation agreement on Tuesday")
    assert "warned that traffic would still grow." in harbour.content and len(harbour.content.splitlines()) == 5
    ferry = _seed(seeds / "2024-03-14-new-night-ferry-links-tallinn-and-helsinki.md")
    assert ferry["author"] == "Juhani Laine" and ferry["url"].endswith("/night-ferry-tallinn-helsinki")
    for seed in (harbour, ferry):
        assert not [word for word in BOILERPLATE if word.lower() in seed.content.lower()]
    assert all(agent.startswith(f"timeline/{__version__} ") for _, agent in newsroom.requests)
    assert "added" in out and "2 added" in err

    # The feed lists both again, and the strike: only the strike is new.
    code, out, err = _add(capsys, "--seeds", str(seeds), newsroom.base + "/feed.xml")
    assert code == 0, err
    assert sorted(p.name for p in seeds.iterdir()) == [
        "2024-03-05-dock-workers-in-rotterdam-begin-48-hour-strike.md",  # its date only in the text: htmldate
        "2024-03-12-baltic-ports-sign-harbour-cooperation-deal-in-gdansk.md",
        "2024-03-14-new-night-ferry-links-tallinn-and-helsinki.md",
    ]
    assert "1 added" in err and "2 duplicate" in err
    assert "/news/port-strike): published: 2024-03-05 was read from the page's text or address, as its metadata gives no date; check it" in err
    assert _seed(seeds / "2024-03-05-dock-workers-in-rotterdam-begin-48-hour-strike.md")["source"] == "Harbour Daily"

    # A second add adds nothing, and does not fetch what is known by its address again.
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    asked = len(newsroom.requests)
    code, out, err = _add(capsys, "--seeds", str(seeds), newsroom.base + "/feed.xml", newsroom.base + "/go/harbour-deal", str(saved))
    assert code == 0 and "added" not in err
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before
    # Seeds keep the address they were fetched from: the strike and the short link are not asked again.
    assert newsroom.fetched("/news/port-strike") == 1 and newsroom.fetched("/go/harbour-deal") == 1
    # The ferry's seed came from a file and knows only its canonical address: its link is fetched to compare.
    assert len(newsroom.requests) == asked + 2 and newsroom.fetched("/news/night-ferry") == 2

    # The build reads the seeds as add wrote them.
    articles, problems = read_articles(seeds)
    assert not problems
    assert {(a.title, a.published.isoformat(), a.source) for a in articles} == {
        ("Baltic ports sign harbour cooperation deal in Gdansk", "2024-03-12", "The Coastal Times"),
        ("New night ferry links Tallinn and Helsinki", "2024-03-14", "The Coastal Times"),
        ("Dock workers in Rotterdam begin 48-hour strike", "2024-03-05", "Harbour Daily"),
    }


def test_a_feed_file_with_limit_takes_its_first_entries(newsroom, tmp_path, capsys):
    feed = tmp_path / "ports.xml"
    feed.write_text(_fixture("feed.xml").replace("{base}", newsroom.base), encoding="utf-8")
    code, out, err = _add(capsys, "--seeds", str(tmp_path / "seeds"), "--limit", "2", str(feed))
    assert code == 0, err
    assert sorted(p.name[:10] for p in (tmp_path / "seeds").iterdir()) == ["2024-03-12", "2024-03-14"]
    assert newsroom.fetched("/news/port-strike") == 0


def test_a_page_without_any_date_is_added_with_published_left_empty_and_a_warning(newsroom, tmp_path, capsys):
    code, out, err = _add(capsys, "--seeds", str(tmp_path / "seeds"), newsroom.base + "/news/lighthouse")
    assert code == 0
    [seed] = (tmp_path / "seeds").iterdir()
    assert seed.name == "undated-lighthouse-keepers-return-to-skerryvore-as-automation-is.md"
    assert re.search(r"^published:$", seed.read_text(), re.M)
    assert f"warning: {newsroom.base}/news/lighthouse: no publication date in the page's metadata or text; published: is left empty" in err
    assert _seed(seed)["source"] == "Island Post"


def test_every_failure_is_one_line_naming_its_source_and_the_others_go_on(newsroom, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    mine = seeds / "my-notes.md"
    mine.write_text("---\ntitle: My notes\n---\nNotes on the harbour talks, written by hand.\n")
    closed = f"http://127.0.0.1:{free_port()}/news/gone"
    failing = {
        newsroom.base + "/slow/3": "timeout",
        newsroom.base + "/huge": f"too large: over the {MAX_PAGE_BYTES:,}-byte limit",
        newsroom.base + "/report.pdf": "not HTML: the server sent application/pdf",
        newsroom.base + "/news/paywalled": "not an article: only",
        newsroom.base + "/news/missing": "unreachable: the server answered 404 Not Found",
        newsroom.base + "/loop": "unreachable: more than 10 redirects",
        newsroom.base + "/to-ftp": "unreachable: redirected to an address that is not http or https",
        newsroom.base + "/big.html": f"too large: {MAX_PAGE_BYTES + 12:,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit",
        closed: "unreachable (",
        "ftp://127.0.0.1/news.html": "only http and https addresses are fetched",
        str(tmp_path / "nowhere.html"): "no such file",
        str(mine): "not a saved web page",
    }
    started = time.monotonic()
    code, out, err = _add(capsys, "--seeds", str(seeds), "--timeout", "0.5", *failing, newsroom.base + "/news/night-ferry")
    assert time.monotonic() - started < 10
    assert code == 1
    lines = err.splitlines()
    for source, reason in failing.items():
        [line] = [line for line in lines if line.startswith(f"error: {source}: ")]
        assert reason in line, line
    assert "Traceback" not in err
    assert sorted(p.name for p in seeds.iterdir()) == ["2024-03-14-new-night-ferry-links-tallinn-and-helsinki.md", "my-notes.md"]
    assert mine.read_text() == "---\ntitle: My notes\n---\nNotes on the harbour talks, written by hand.\n"


def test_the_same_story_under_another_address_or_name_is_not_added_again(newsroom, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    # Saved by hand with the page's canonical address: the short link leads to it.
    (seeds / "harbour.md").write_text("---\ntitle: Harbour deal\nurl: https://www.coastaltimes.example/news/2024/03/12/baltic-ports-harbour-deal/\n---\nA note.\n")
    # The strike's story pasted by hand, a word changed: the text is nearly the same.
    strike = _seed_body(_fixture("port-strike.html")).replace("about 2,000", "some 2,000")
    (seeds / "strike.txt").write_text(strike)
    code, out, err = _add(capsys, "--seeds", str(seeds), "--json", newsroom.base + "/go/harbour-deal", newsroom.base + "/news/port-strike")
    assert code == 0, err
    outcomes = json.loads(out)
    assert [(o["status"], Path(o["seed"]).name) for o in outcomes] == [("duplicate", "harbour.md"), ("duplicate", "strike.txt")]
    assert sorted(p.name for p in seeds.iterdir()) == ["harbour.md", "strike.txt"]


def _seed_body(html: str) -> str:
    """The story's paragraphs in a fixture page, as someone copying it would paste them."""
    story = html[html.index("<h1>"):html.index("</p>\n</div>")]
    return "\n".join(re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", story + "</p>")) + "\n"


def test_update_rewrites_only_a_changed_article_that_add_wrote(newsroom, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    url = newsroom.base + "/news/night-ferry"
    assert _add(capsys, "--seeds", str(seeds), url)[0] == 0
    [seed] = seeds.iterdir()
    first = seed.read_text()
    hand = seeds / "hand.md"
    hand.write_text(f"---\ntitle: Strike notes\nurl: {newsroom.base}/news/port-strike\n---\nMy own notes on the strike.\n")

    code, out, err = _add(capsys, "--seeds", str(seeds), "--update", "--json", url, newsroom.base + "/news/port-strike")
    assert [o["status"] for o in json.loads(out)] == ["unchanged", "duplicate"]
    assert seed.read_text() == first and hand.read_text().endswith("My own notes on the strike.\n")

    newsroom.page("/news/night-ferry", _fixture("ferry-service.html").replace("900 passengers", "950 passengers"))
    code, out, err = _add(capsys, "--seeds", str(seeds), url)
    assert "1 duplicate" in err and seed.read_text() == first  # without --update, never rewritten
    code, out, err = _add(capsys, "--seeds", str(seeds), "--update", "--json", url)
    assert code == 0 and [o["status"] for o in json.loads(out)] == ["updated"]
    assert "950 passengers" in seed.read_text() and sorted(p.name for p in seeds.iterdir()) == [seed.name, "hand.md"]


def test_a_taken_name_gets_a_number_and_the_file_there_is_kept(newsroom, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    taken = seeds / "2024-03-14-new-night-ferry-links-tallinn-and-helsinki.md"
    taken.write_text("---\ntitle: Another story of that title\n---\nA different story about a ferry, written by hand.\n")
    assert _add(capsys, "--seeds", str(seeds), newsroom.base + "/news/night-ferry")[0] == 0
    assert taken.read_text().startswith("---\ntitle: Another story")
    assert _seed(seeds / "2024-03-14-new-night-ferry-links-tallinn-and-helsinki-2.md")["title"] == "New night ferry links Tallinn and Helsinki"


def test_at_most_four_requests_at_once(newsroom, tmp_path, capsys):
    body = _fixture("ferry-service.html")
    urls = [newsroom.page(f"/slow/0.{n}", body.replace("900 passengers", f"{900 + n} passengers")) for n in range(2, 10)]
    code, out, err = _add(capsys, "--seeds", str(tmp_path / "seeds"), "--json", *urls)
    assert code == 0
    assert 1 < newsroom.most_in_flight <= MAX_CONCURRENT
    # Near-same texts: the first is added, the others are recognised as the same story, in the order given.
    assert [o["status"] for o in json.loads(out)] == ["added"] + ["duplicate"] * 7


def test_a_story_over_max_article_bytes_is_refused_not_written_for_the_build_to_skip(newsroom, tmp_path, capsys):
    settings = tmp_path / "timeline.yml"
    settings.write_text("max_article_bytes: 800\n")
    code, out, err = _add(capsys, "--seeds", str(tmp_path / "seeds"), "--config", str(settings), newsroom.base + "/news/harbour-deal")
    assert code == 1 and not (tmp_path / "seeds").exists()
    assert re.search(r"^error: \S+/news/harbour-deal: too large: its text is 955 bytes, over the 800-byte limit for one article \(max_article_bytes\)$", err, re.M)


def test_json_lists_every_source_with_its_outcome(newsroom, tmp_path, capsys):
    code, out, err = _add(capsys, "--seeds", str(tmp_path / "seeds"), "--json", newsroom.base + "/news/harbour-deal", newsroom.base + "/report.pdf")
    assert code == 1
    added, failed = json.loads(out)
    assert added == {
        "source": newsroom.base + "/news/harbour-deal", "status": "added", "message": "",
        "seed": str(tmp_path / "seeds" / "2024-03-12-baltic-ports-sign-harbour-cooperation-deal-in-gdansk.md"),
        "title": "Baltic ports sign harbour cooperation deal in Gdansk", "published": "2024-03-12",
        "url": "https://www.coastaltimes.example/news/2024/03/12/baltic-ports-harbour-deal", "warnings": [],
    }
    assert failed["status"] == "failed" and failed["message"] == "not HTML: the server sent application/pdf"
