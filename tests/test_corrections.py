"""corrections.yml and stable entry ids: real articles, real spaCy, real builds in temporary projects."""

from __future__ import annotations

import csv
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from timeline.cli import main
from conftest import make_sample_timeline
from timeline.corrections import apply_corrections, parse_corrections, update_corrections, with_ids, yaml_value
from timeline.site import scaffold_files
from timeline.settings import EVENT_TYPES

REPO = Path(__file__).resolve().parents[1]
WORDING = REPO / "tests" / "fixtures" / "merge-wording"
UNRELATED = REPO / "seeds" / "000_52d71b10ba252412.md"  # Putin and Kim: another story

# Ids of the fixtures' entries, as `timeline events --json` gives them. They are a hash of the
# article id, the sentence and the trigger word, so they never depend on other articles.
MINISTERS = "vvr6uw6u"  # 01-ministers-wire and 02-ministers-herald: the Vienna meeting
MINISTERS_HERALD = "nygjo5o5"  # 02-ministers-herald's mention of it
AGENDA = "akvs6fcg"  # 02: Ferri agrees on the agenda
PACT_BLOG = "bgnxtezf"  # 05-water-pact-blog's mention of the signing (04 tells it too)
PACT_WIRE = "3s6udpon"  # 03-water-pact-wire's mention: published first, so the entry's id once 03 is in
BREAKTHROUGH = "dlo67ldt"  # 04: officials call it a breakthrough

CORRECTIONS = f"""\
# My fixes. This comment stays.
{MINISTERS}:
  date: 2024-05-13        # the wire's "Tuesday" was wrong
  title: Ministers meet in Vienna (corrected)
  type: talks
  status: reported
  actors: [Lucia Ferri]
  places: [Vienna, Austria]
  split: [02-ministers-herald.md]   # the Herald's report is a meeting of its own
{AGENDA}:
  hide: true
{PACT_BLOG}:
  merge: [{BREAKTHROUGH}]
add:
  - article: 05-water-pact-blog.md
    sentence: Farmers in the valley say they have not been asked.
    date: 2024-06-21
    title: Valley farmers say they were not consulted
    type: statement
    places: [Salzburg]
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def make_project(tmp_path: Path, articles: list[str]) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project)
    shutil.copytree(REPO / "docs", project / "docs", ignore=shutil.ignore_patterns("timeline", "sources", "actors", "places", "types"))
    (project / "seeds").mkdir()
    for name in articles:
        shutil.copy(WORDING / name, project / "seeds")
    return project


def entries(capsys) -> dict[str, dict]:
    code, out, err = run(capsys, "events", "--json", "-q", "--min-confidence", "0")
    assert code == 0, err
    return {e["id"]: e for e in json.loads(out)}


def card(site: Path, title: str) -> str:
    """The HTML of the one card on the site whose title is ``title``."""
    found = [
        chunk.split("</div>")[0]
        for page in sorted(site.rglob("*.html"))
        if "timeline" in page.relative_to(site).parts[:-1]
        for chunk in page.read_text(encoding="utf-8").split('<div class="tl-entry ')[1:]
        if f"<strong>{title}</strong>" in chunk.split("</p>")[0]
    ]
    assert found, f"no card titled {title!r} on the site"
    return found[0]


def test_ids_are_in_the_downloads_and_do_not_change_when_an_unrelated_article_is_added(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path, ["01-ministers-wire.md", "02-ministers-herald.md", "05-water-pact-blog.md", "04-water-pact-analysis.md"])
    monkeypatch.chdir(project)
    before = entries(capsys)
    assert MINISTERS in before and PACT_BLOG in before
    assert all(len(i) == 8 and set(i) <= set("abcdefghijklmnopqrstuvwxyz234567") for i in before)
    assert before[MINISTERS]["corrected"] == [] and {s["mention_id"] for s in before[MINISTERS]["sources"]} == {MINISTERS, MINISTERS_HERALD}

    shutil.copy(UNRELATED, project / "seeds")
    after = entries(capsys)
    assert set(before) < set(after)  # every id is still there, and the new article's entries came in
    for entry_id, entry in before.items():
        assert after[entry_id]["title"] == entry["title"]

    assert run(capsys, "generate", "-q")[0] == 0
    data = json.loads(next(project.glob("docs/**/timeline.json")).read_text(encoding="utf-8"))
    rows = list(csv.DictReader(next(project.glob("docs/**/timeline.csv")).read_text(encoding="utf-8-sig").splitlines()))
    assert [e["id"] for e in data] == [r["id"] for r in rows] and all(e["id"] in after for e in data)
    assert list(rows[0])[-2:] == ["id", "corrected"]  # columns are only ever added, at the end


def test_every_correction_kind_shows_on_the_site_and_survives_new_articles(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path, ["01-ministers-wire.md", "02-ministers-herald.md", "05-water-pact-blog.md", "04-water-pact-analysis.md"])
    (project / "corrections.yml").write_text(CORRECTIONS, encoding="utf-8")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "build", "-q")
    assert code == 0, err
    assert "corrections.yml" not in err  # everything matched
    site = project / "site"

    def check(pact_id: str) -> None:
        found = entries(capsys)
        fixed = found[MINISTERS]
        assert (fixed["date"], fixed["title"], fixed["type"], fixed["status"]) == ("2024-05-13", "Ministers meet in Vienna (corrected)", "talks", "reported")
        assert (fixed["actors"], fixed["places"]) == (["Lucia Ferri"], ["Vienna", "Austria"])
        assert fixed["corrected"] == ["actors", "date", "places", "split", "status", "title", "type"]
        assert [s["article_id"] for s in fixed["sources"]] == ["01-ministers-wire"]
        herald = found[MINISTERS_HERALD]  # split off: the Herald's own event, dated by its own text
        assert [s["article_id"] for s in herald["sources"]] == ["02-ministers-herald"] and herald["corrected"] == ["split"]
        assert herald["date"] == "2024-05-15" and "Ferri" in herald["sentence"]
        assert AGENDA not in found
        pact = found[pact_id]
        assert BREAKTHROUGH not in found and pact["corrected"] == ["merged"]
        assert {BREAKTHROUGH, PACT_BLOG} <= {s["mention_id"] for s in pact["sources"]}
        added = [e for e in found.values() if e["corrected"] == ["added"]]
        assert len(added) == 1 and added[0]["title"] == "Valley farmers say they were not consulted"
        assert added[0]["sources"][0]["quote"] == "Farmers in the valley say they have not been asked." and added[0]["date"] == "2024-06-21"

    check(PACT_BLOG)
    for title, entry_id, mark in [
        ("Ministers meet in Vienna (corrected)", MINISTERS, "actors, date, places, split, status, title, type"),
        ("Valley farmers say they were not consulted", None, "added"),
    ]:
        html = card(site, title)
        assert 'class="tl-badge tl-badge--corrected"' in html and f'title="Corrected by hand: {mark}">Corrected<' in html
        assert entry_id is None or f"id {entry_id}</span>" in html
    assert "Date: day of publication" not in card(site, "Valley farmers say they were not consulted")  # its date is the user's
    assert "Reported</span>" in card(site, "Ministers meet in Vienna (corrected)")
    assert not any("Ferri agrees on the agenda" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    untouched = card(site, "Farmers' unions protest in Rome")
    assert "tl-badge--corrected" not in untouched and "id 4mylkror</span>" in untouched

    # An earlier report of the pact (so the pact entry is now shown under its id) and another story.
    shutil.copy(WORDING / "03-water-pact-wire.md", project / "seeds")
    shutil.copy(UNRELATED, project / "seeds")
    code, _, err = run(capsys, "build", "-q")
    assert code == 0 and "corrections.yml" not in err, err
    check(PACT_WIRE)
    assert "tl-badge--corrected" in card(site, "Italy, Germany and Spain sign a water-sharing agreement at the end of a two-day summit in Salzburg")


def test_editing_corrections_changes_the_pages_without_extracting_again(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path, ["01-ministers-wire.md", "02-ministers-herald.md"])
    monkeypatch.chdir(project)
    assert run(capsys, "generate", "-q")[0] == 0
    (project / "corrections.yml").write_text(f"{MINISTERS}:\n  title: A title of my own\n", encoding="utf-8")
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0 and "Extracted 0 article(s), 2 from the cache" in err
    assert any("A title of my own" in p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md"))
    (project / "corrections.yml").write_text(f"{MINISTERS}:\n  title: Another\n", encoding="utf-8")
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0 and "Extracted 0 article(s), 2 from the cache" in err
    pages = "".join(p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md"))
    assert "A title of my own" not in pages and "**Another**" in pages


def test_stale_and_bad_corrections_are_reported_by_line_and_the_build_goes_on(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path, ["01-ministers-wire.md", "02-ministers-herald.md"])
    (project / "corrections.yml").write_text(
        f"zzzzzzzz:\n  hide: true\n{MINISTERS}:\n  date: 2024-02-30\n  status: done\n  title: Still applied\n"
        f"{AGENDA}:\n  type: nonsense\n  colour: red\nnot-an-id:\n  hide: true\n"
        "add:\n  - article: missing.md\n    sentence: Hello.\n    title: Nothing\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    for _ in range(2):  # said on every run, never dropped
        code, _, err = run(capsys, "build", "-q")
        assert code == 0 and "Traceback" not in err
        assert "warning: corrections.yml:1: no entry has id zzzzzzzz" in err
        assert f"warning: corrections.yml:4: {MINISTERS}: 2024-02-30 is not a real date" in err
        assert f"warning: corrections.yml:5: {MINISTERS}: status must be happened, planned, reported or denied, not 'done'" in err
        assert f"warning: corrections.yml:8: {AGENDA}: unknown type 'nonsense'" in err
        assert "warning: corrections.yml:9: unknown field 'colour' ignored" in err
        assert "warning: corrections.yml:10: 'not-an-id' is no entry id" in err
        assert "warning: corrections.yml:13: add: 'missing.md' names no article in seeds/" in err
    fixed = entries(capsys)[MINISTERS]
    assert fixed["title"] == "Still applied" and fixed["date"] == "2024-05-14" and fixed["status"] == "happened"

    (project / "corrections.yml").write_text(f"{MINISTERS}:\n  title: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "build", "-q")
    assert code == 0 and "warning: corrections.yml:3: not valid YAML" in err and "no corrections applied" in err
    assert (project / "site" / "index.html").is_file()

    code, _, err = run(capsys, "build", "-q", "--corrections", "elsewhere.yml")
    assert code == 1 and err.strip().endswith("elsewhere.yml: no such corrections file")


def test_correct_writes_the_file_and_keeps_the_users_comments(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path, ["01-ministers-wire.md", "02-ministers-herald.md"])
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "correct", MINISTERS, "--date", "2024-05-13", "--actors", "Lucia Ferri", "Annalena Baerbock")
    assert code == 0, err
    text = (project / "corrections.yml").read_text(encoding="utf-8")
    assert text.startswith(scaffold_files()["corrections.yml"].decode())  # a new file starts with the documentation
    assert text.endswith(f"\n{MINISTERS}:\n  date: 2024-05-13\n  actors: [Lucia Ferri, Annalena Baerbock]\n")
    assert out == f"corrections.yml: {MINISTERS}: date 2024-05-13, actors [Lucia Ferri, Annalena Baerbock]\n"

    (project / "corrections.yml").write_text(f"# mine\n{MINISTERS}:   # the Vienna meeting\n  date: 2024-05-13   # checked\n\n# the end\n", encoding="utf-8")
    code, _, err = run(capsys, "correct", MINISTERS.upper(), "--date", "2024-05-12", "--title", "Vienna: ministers meet")
    assert code == 0, err
    assert run(capsys, "correct", AGENDA, "--hide")[0] == 0
    assert (project / "corrections.yml").read_text(encoding="utf-8") == (
        f"# mine\n{MINISTERS}:   # the Vienna meeting\n  date: 2024-05-12   # checked\n  title: 'Vienna: ministers meet'\n\n# the end\n"
        f"\n{AGENDA}:\n  hide: true\n"
    )
    found = entries(capsys)
    assert found[MINISTERS]["title"] == "Vienna: ministers meet" and found[MINISTERS]["date"] == "2024-05-12" and AGENDA not in found
    code, out, err = run(capsys, "correct", MINISTERS, "--split", "seeds/02-ministers-herald.md")
    assert code == 0 and out == f"corrections.yml: {MINISTERS}: split [seeds/02-ministers-herald.md]\n", err
    assert "(corrected)" in run(capsys, "events", "-q")[1]
    assert [e["corrected"] for e in entries(capsys).values() if e["id"] == MINISTERS_HERALD] == [["split"]]

    before = (project / "corrections.yml").read_bytes()
    for argv, message in [
        (["correct", "zzzzzzzz", "--hide"], "no entry has id zzzzzzzz"),
        (["correct", MINISTERS, "--date", "2024-02-30"], "--date: 2024-02-30 is not a real date; nothing written"),
        (["correct", MINISTERS, "--status", "done"], "--status: status must be happened, planned, reported or denied"),
        (["correct", MINISTERS, "--type", "nonsense"], "--type: unknown type 'nonsense'"),
        (["correct", "nope", "--hide"], "'nope' is no entry id"),
        (["correct", MINISTERS], "nothing to correct"),
        (["correct", MINISTERS, "--merge", "zzzzzzzz"], "no entry has id zzzzzzzz"),
        (["correct", MINISTERS, "--split", "05-water-pact-blog.md"], "--split: '05-water-pact-blog.md' is no source of"),
        (["correct", MINISTERS, "--end-date", "2024-05-14"], "--end-date needs --date"),
    ]:
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "" and err.startswith("timeline: error: ") and message in err, (argv, err)
        assert len(err.strip().splitlines()) == 1
    assert (project / "corrections.yml").read_bytes() == before


def test_the_scaffold_documents_every_kind_and_applies_nothing():
    text = scaffold_files()["corrections.yml"].decode()
    corrections, problems = parse_corrections(text, "corrections.yml", EVENT_TYPES)
    assert corrections.fixes == () and corrections.additions == () and problems == []
    for field in ("date:", "end_date:", "title:", "type:", "status:", "actors:", "places:", "hide:", "merge:", "split:", "add:", "timeline correct"):
        assert field in text
    # Uncommented, the examples are valid corrections.
    examples = "\n".join(line[2:] for line in text.splitlines() if re.match(r"# ([a-z2-7]{8}:|add:|  )", line))
    corrections, problems = parse_corrections(examples, "corrections.yml", EVENT_TYPES)
    assert problems == [] and len(corrections.fixes) == 4 and len(corrections.additions) == 1


def test_update_keeps_comments_and_replaces_only_the_values_it_sets():
    text = "abcdefgh:  # mine\n  actors:\n    - X\n    - Y\n  # under the list\nbcdefghi:\n  hide: true  # why\n"
    updated = update_corrections(text, "abcdefgh", {"actors": yaml_value(["Z: z"]), "status": "planned"})
    assert updated == "abcdefgh:  # mine\n  actors:\n    ['Z: z']\n  status: planned\n  # under the list\nbcdefghi:\n  hide: true  # why\n"
    corrections, problems = parse_corrections(updated, "c.yml", EVENT_TYPES)
    assert problems == [] and corrections.fixes[0].actors == ("Z: z",) and corrections.fixes[1].hide
    assert update_corrections("", "abcdefgh", {"hide": "true"}) == "abcdefgh:\n  hide: true\n"


def test_values_are_read_as_written_not_as_yaml_guesses():
    text = "abcdefgh:\n  title: no\n  actors: Norway\n  date: 2024-05\nbcdefghi:\n  date: 2024\n  hide: yes\n"
    corrections, problems = parse_corrections(text, "c.yml", EVENT_TYPES)
    first, second = corrections.fixes
    assert problems == [] and first.title == "no" and first.actors == ("Norway",)
    assert (first.when.date, first.when.end_date, first.when.granularity) == ("2024-05-01", "2024-05-31", "month")
    assert (second.when.value, second.when.end_date, second.hide) == ("2024", "2024-12-31", True)



def test_a_sentence_that_tells_two_events_gives_each_entry_its_own_mention(tmp_path, monkeypatch, capsys):
    from timeline.corrections import mention_ids
    from timeline.events import extract
    from timeline.readers import read_articles

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, published, whom in [("a", "2023-09-14", "him"), ("b", "2023-09-15", "the North Korean leader")]:
        (seeds / f"{name}.md").write_text(
            f"---\ntitle: Leaders meet\npublished: {published}\n---\n"
            f"Vladimir Putin met Kim Jong Un in Vladivostok on 13 September 2023 and signed a defence agreement with {whom}.\n",
            encoding="utf-8",
        )
    monkeypatch.chdir(tmp_path)
    found = entries(capsys)
    by_type = {}
    for article in read_articles(seeds)[0]:
        for event, mention in mention_ids(extract(article)).items():
            by_type.setdefault(event.type, set()).add(mention)
    assert sorted(e["type"] for e in found.values()) == ["agreement", "talks"]
    for entry in found.values():  # both articles' mentions of the signing in one entry, of the meeting in the other
        assert {s["mention_id"] for s in entry["sources"]} == by_type[entry["type"]] and len(by_type[entry["type"]]) == 2


@pytest.mark.browser
def test_a_reader_sees_the_id_and_the_corrected_mark(tmp_path, monkeypatch, capsys):
    """In Chromium: the id and the mark are shown on the card, in the theme's stylesheet, not hidden."""
    import functools
    import http.server

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"{chromium} not found; install it to run the browser tests")
    playwright_api = pytest.importorskip("playwright.sync_api")
    project = make_project(tmp_path, ["01-ministers-wire.md", "02-ministers-herald.md"])
    (project / "corrections.yml").write_text(f"{MINISTERS}:\n  title: Ministers meet in Vienna (corrected)\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert run(capsys, "build", "-q")[0] == 0
    page_path = next(
        p for p in sorted((project / "site").rglob("*.html"))
        if 'class="tl-entry' in (text := p.read_text(encoding="utf-8")) and "Ministers meet in Vienna (corrected)" in text
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/{page_path.relative_to(project / 'site').as_posix()}")
            corrected = page.locator(".tl-entry", has_text="Ministers meet in Vienna (corrected)")
            assert corrected.locator(".tl-badge--corrected").inner_text().strip().lower() == "corrected"
            assert corrected.locator(".tl-id").is_visible() and corrected.locator(".tl-id").inner_text() == f"id {MINISTERS}"
            assert corrected.locator(".tl-id").evaluate("e => getComputedStyle(e).float") == "right"  # the stylesheet is the one shipped
            other = page.locator(".tl-entry").filter(has_not_text="(corrected)").first
            assert other.locator(".tl-id").is_visible() and other.locator(".tl-badge--corrected").count() == 0
            browser.close()
    finally:
        server.shutdown()
        thread.join()


def test_a_status_corrected_to_denied_shows_denied_and_back_to_happened_is_no_longer_denied():
    """"denied" is written as the extractor writes a denial (a report, negated); any other
    status clears the denial, so a wrongly denied entry can be set right."""
    extractions, entries = make_sample_timeline()
    entries = with_ids(entries, extractions)
    first = entries[0]
    denied_text = f"{first.id}:\n  status: denied\n"
    corrections, problems = parse_corrections(denied_text, "corrections.yml", EVENT_TYPES)
    assert problems == []
    fixed, problems = apply_corrections(entries, extractions, corrections)
    (denied,) = [e for e in fixed if e.id == first.id]
    assert (denied.event.status, denied.event.negated, denied.corrected) == ("reported", True, ("status",))
    again, _ = apply_corrections(fixed, extractions, parse_corrections(f"{first.id}:\n  status: happened\n", "corrections.yml", EVENT_TYPES)[0])
    (happened,) = [e for e in again if e.id == first.id]
    assert (happened.event.status, happened.event.negated) == ("happened", False)
