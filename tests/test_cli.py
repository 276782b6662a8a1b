"""The command line as a user runs it: real files, real pipeline, real MkDocs build."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from timeline.cli import main
from timeline.settings import DEFAULT_MIN_CONFIDENCE

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_52d71b10ba252412.md"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _commands() -> list[list[str]]:
    """Every command the parser knows, so a new one is covered the day it is added."""
    import argparse

    from timeline.cli import _parser

    (commands,) = (a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [[]] + [[name] for name in sorted(commands.choices)]


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: timeline" in capsys.readouterr().out


def test_no_command_prints_usage_and_fails(capsys):
    code, out, err = run(capsys)
    assert code == 2 and out == "" and "usage: timeline" in err


def test_extract_json_contract(capsys):
    code, out, err = run(capsys, "extract", str(SEED), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"article", "timexes", "events", "names", "event_mentions"}  # fields are only ever added
    assert "Kim" in data["names"]["Kim Jong Un"] and "DPRK" in data["names"]["North Korea"]
    assert data["article"]["published"] == "2023-09-14" and data["article"]["source"] == "Sky News"
    body = SEED.read_text(encoding="utf-8").split("---\n", 2)[2]
    for timex in data["timexes"]:
        assert {"text", "start", "end", "type", "value"} <= set(timex)
        assert body[timex["start"]:timex["end"]] == timex["text"]
    required = {"title", "type", "status", "date", "end_date", "value", "granularity", "date_text", "actors", "places", "sentence", "trigger", "confidence"}
    for event in data["events"]:
        assert required <= set(event)
        trigger = event["trigger"]
        assert body[trigger["start"]:trigger["end"]] == trigger["text"]
    assert any(e["date"] == "2023-09-13" and e["type"] == "ceremony" for e in data["events"])


def test_extract_published_override_and_plain_output(capsys):
    code, out, _ = run(capsys, "extract", str(SEED), "--published", "21 September 2023")
    assert code == 0
    assert "2023-09-20" in out  # "toasted on Wednesday" is now the Wednesday before the 21st
    assert "2023-09-13" not in out


def test_extract_errors_are_one_line_on_stderr(capsys, tmp_path):
    code, out, err = run(capsys, "extract", str(tmp_path / "missing.md"), "--json")
    assert code == 1 and out == "" and "missing.md: no such file" in err and "Traceback" not in err
    code, out, err = run(capsys, "extract", str(REPO / "seeds"))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "seeds: is a folder" in err and f"timeline events --seeds {REPO / 'seeds'}" in err
    binary = tmp_path / "junk.txt"
    binary.write_bytes(b"\x00\xff" * 10)
    code, _, err = run(capsys, "extract", str(binary))
    assert code == 1 and "junk.txt" in err and "binary" in err
    code, _, err = run(capsys, "extract", str(SEED), "--published", "2023-02-30")
    assert code == 1 and "--published" in err


def run_stdin(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "timeline", "extract", "-", "--json"], input=data, capture_output=True)


def test_extract_stdin_reads_front_matter_and_counts_offsets_in_the_whole_text():
    text = SEED.read_text(encoding="utf-8")
    result = run_stdin(text.encode())
    assert result.returncode == 0, result.stderr
    from_stdin = json.loads(result.stdout)
    for item in from_stdin["timexes"] + [e["trigger"] for e in from_stdin["events"]] + from_stdin["event_mentions"]:
        assert text[item["start"]:item["end"]] == item["text"]
    assert from_stdin["article"]["published"] == "2023-09-14"
    toast = [e for e in from_stdin["events"] if e["trigger"]["text"] == "toasted"]
    assert toast and toast[0]["date"] == "2023-09-13"
    assert not [e for e in from_stdin["events"] if "2023-09-14" in e["sentence"]]  # no events from YAML lines


def test_extract_json_lists_every_timeml_event_mention_with_its_attributes():
    text = "---\npublished: 2005-03-10\n---\nThe plane made its first test flight on Tuesday.\nBoeing did not win the contract, the minister said.\n"
    mentions = json.loads(run_stdin(text.encode()).stdout)["event_mentions"]
    by_word = {m["text"]: m for m in mentions}
    assert set(mentions[0]) == {"text", "start", "end", "class", "polarity", "modality", "tense", "aspect"}
    assert by_word["flight"]["class"] == "OCCURRENCE" and by_word["said"]["class"] == "REPORTING"
    assert by_word["win"]["polarity"] == "NEG" and by_word["said"]["tense"] == "PAST"
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions)


def test_event_mentions_come_back_from_the_cache_unchanged(tmp_path):
    from timeline.cache import ExtractionCache
    from timeline.events import extract
    from timeline.readers import read_file
    from timeline.settings import DEFAULT_SETTINGS

    [article], _ = read_file(SEED)
    extraction = extract(article)
    cache = ExtractionCache(tmp_path, DEFAULT_SETTINGS)
    cache.put(extraction)
    assert extraction.event_mentions and cache.get(article) == extraction


@pytest.mark.parametrize(("data", "message"), [(b"", "no text"), ("caf\xe9 ol\xe9".encode("latin-1"), "UTF-8"), (b"a\x00b", "binary")])
def test_extract_stdin_bad_input_is_one_line(data, message):
    result = run_stdin(data)
    err = result.stderr.decode()
    assert result.returncode == 1 and "<stdin>" in err and message in err and "Traceback" not in err


def make_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project)
    shutil.copytree(REPO / "docs", project / "docs", ignore=shutil.ignore_patterns("timeline", "sources", "actors", "places", "types"))
    shutil.copytree(REPO / "seeds", project / "seeds")
    return project


def test_build_end_to_end_with_bad_input(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "docs" / "notes.md").write_text("# My notes\n\nHand-written.\n")
    (project / "seeds" / "junk.txt").write_bytes(b"\x00\x01binary")
    (project / "seeds" / "bad-front-matter.md").write_text("---\ntitle: [oops\n---\nThe leaders met in Moscow on 13 September 2023.\n")
    monkeypatch.chdir(project)

    code, out, err = run(capsys, "build", "--quiet")
    assert code == 0, err
    assert "junk.txt" in err and "binary" in err
    assert "bad-front-matter.md" in err and "YAML" in err
    assert "Traceback" not in err
    putin_page = (project / "docs" / "timeline" / "actors" / "vladimir-putin.md").read_text()
    assert "Also written: Putin" in putin_page  # one canonical name, with its aliases
    timeline_html = (project / "site" / "timeline" / "2023" / "index.html").read_text()
    assert "2023-09-13" in timeline_html and "Komsomolsk-on-Amur" in timeline_html
    assert (project / "docs" / "notes.md").read_text() == "# My notes\n\nHand-written.\n"

    first = {p.relative_to(project): p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    code, _, _ = run(capsys, "generate", "--quiet")
    second = {p.relative_to(project): p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    assert code == 0 and first == second


def test_events_json_lists_sources_and_conflicts(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    shutil.copy(SEED, project / "seeds" / "copy-of-the-seed.md")  # the same article twice counts once
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "events", "--json")
    assert code == 0
    assert "copy-of-the-seed" in err and "counted once" in err
    entries = json.loads(out)
    assert entries and all({"sources", "conflicts", "trigger", "date"} <= set(e) for e in entries)
    assert all(len(e["sources"]) == 1 for e in entries)
    assert {"article_id", "title", "published", "url", "quote"} <= set(entries[0]["sources"][0])


def test_events_csv_is_one_row_per_event_for_a_spreadsheet(tmp_path, monkeypatch, capsys):
    import csv

    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    code, out, _ = run(capsys, "events", "--json")
    entries = json.loads(out)
    code, out, err = run(capsys, "events", "--csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert code == 0 and [r["title"] for r in rows] == [e["title"] for e in entries]
    assert rows[0]["evidence"] and rows[0]["sources"].startswith("Sky News: ") and "Extracted" in err  # the summary stays on stderr
    with pytest.raises(SystemExit) as exit_info:
        main(["events", "--csv", "--json"])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and out == "" and "not allowed" in err


def test_missing_seeds_folder_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "events", "--seeds", "nowhere")
    assert code == 1 and "nowhere" in err and out == ""


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("aliases: [unclosed\n", "YAML"),
        ("aliases: [a, b]\n", "aliases must map"),
        ("event_types: {sanctions: {a: 1}}\n", "event_types.sanctions must be a word or a list"),
        ("min_confidence: 5\n", "min_confidence must be a number from 0 to 1"),
        ("min_confidence: high\n", "min_confidence must be a number from 0 to 1"),
        ("numeric_dates: DMY\n", "numeric_dates must be month-first or day-first"),
    ],
)
def test_bad_settings_file_is_an_error(tmp_path, monkeypatch, capsys, settings, message):
    project = make_project(tmp_path)
    (project / "timeline.yml").write_text(settings)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "events")
    assert code == 1 and "timeline.yml" in err and message in err and "Traceback" not in err


def test_a_single_word_setting_is_one_word_not_letters(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "timeline.yml").write_text("aliases:\n  North Korea: Hermit Kingdom\nevent_types:\n  sanctions: sanction\n")
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "extract", "seeds/000_52d71b10ba252412.md", "--json")
    assert code == 0
    names = json.loads(out)["names"]
    assert "k" not in names.get("North Korea", []) and "DPRK" in names["North Korea"]


@pytest.mark.parametrize(("settings", "value"), [("", "2023-03-04"), ("numeric_dates: day-first\n", "2023-04-03")])
def test_numeric_dates_follow_the_setting_when_the_article_gives_no_clue(tmp_path, monkeypatch, capsys, settings, value):
    project = make_project(tmp_path)
    (project / "timeline.yml").write_text(settings)
    article = project / "seeds" / "vote.md"
    article.write_text("---\npublished: 2023-09-14\n---\nParliament held the vote on 03/04/2023.\n")
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "extract", "seeds/vote.md", "--json")
    assert code == 0, err
    assert [t["value"] for t in json.loads(out)["timexes"]] == [value]


def test_one_article_that_breaks_extraction_does_not_stop_the_build(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "seeds" / "ancient.md").write_text("---\npublished: 0001-01-01\n---\nThe town was founded 800000 days ago and burned a week ago.\n")
    (project / "seeds" / "far.md").write_text("---\npublished: 2023-09-14\n---\nThe settlement was founded 800000 days ago.\n")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "build", "--quiet")
    assert code == 0, err
    assert "Traceback" not in err
    assert "Komsomolsk-on-Amur" in (project / "site" / "timeline" / "2023" / "index.html").read_text()


def test_relative_folders_work_from_outside_the_project(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "build", "-q", "--seeds", "project/seeds", "--docs", "project/docs", "--site", "project/site", "--mkdocs-config", "project/mkdocs.yml")
    assert code == 0, err
    assert (project / "site" / "timeline" / "index.html").is_file()


def test_generate_into_docs_on_another_filesystem(tmp_path, monkeypatch, capsys):
    shm = Path("/dev/shm")
    if not shm.is_dir():
        pytest.skip("no /dev/shm here to put docs/ on another filesystem")
    project = make_project(tmp_path)
    elsewhere = Path(tempfile.mkdtemp(dir=shm))
    try:
        shutil.copytree(project / "docs", elsewhere, dirs_exist_ok=True)
        shutil.rmtree(project / "docs")
        (project / "docs").symlink_to(elsewhere)
        monkeypatch.chdir(project)
        code, _, err = run(capsys, "generate", "-q")
        assert code == 0, err
        assert (elsewhere / "timeline" / "index.md").is_file()
        assert not [p for p in elsewhere.iterdir() if p.name.startswith(".timeline-generating-")]
    finally:
        shutil.rmtree(elsewhere)


# --- the extraction cache -------------------------------------------------------------------

XI_MEETING = "---\ntitle: Putin meets Xi\npublished: 2023-10-18\n---\nVladimir Putin met Xi Jinping in Beijing on Wednesday.\n"


def _generated(docs: Path) -> dict[str, bytes]:
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*.md"))}


def test_a_rebuild_extracts_only_new_articles_and_writes_the_same_pages(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "generate", "-q", "--no-cache")
    assert code == 0 and "Extracted 1 article(s), 0 from the cache" in err
    assert not (project / ".timeline-cache").exists()
    uncached = _generated(project / "docs")

    assert run(capsys, "generate", "-q")[0] == 0
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0 and "Extracted 0 article(s), 1 from the cache" in err
    assert _generated(project / "docs") == uncached

    (project / "seeds" / "xi.md").write_text(XI_MEETING)
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0 and "Extracted 1 article(s), 1 from the cache" in err
    assert "Xi Jinping" in (project / "docs" / "timeline" / "2023.md").read_text()
    assert len(list((project / ".timeline-cache").glob("*.json"))) == 2


def test_an_edited_or_removed_article_is_not_served_from_the_cache(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "seeds" / "xi.md").write_text(XI_MEETING)
    monkeypatch.chdir(project)
    assert run(capsys, "generate", "-q")[0] == 0
    (project / "seeds" / "xi.md").write_text(XI_MEETING.replace("Xi Jinping", "Narendra Modi").replace("Beijing", "Delhi"))
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0 and "Extracted 1 article(s), 1 from the cache" in err
    timeline = (project / "docs" / "timeline" / "2023.md").read_text()
    assert "Narendra Modi" in timeline and "Xi Jinping" not in timeline
    (project / "seeds" / "xi.md").unlink()
    assert run(capsys, "generate", "-q")[0] == 0
    assert len(list((project / ".timeline-cache").glob("*.json"))) == 1


def test_changed_settings_are_not_served_from_the_cache(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    assert run(capsys, "generate", "-q")[0] == 0
    (project / "timeline.yml").write_text("aliases:\n  Supreme Leader Kim: [Kim Jong Un, Kim]\n")
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0 and "Extracted 1 article(s), 0 from the cache" in err
    assert "Supreme Leader Kim" in (project / "docs" / "timeline" / "2023.md").read_text()


def test_a_broken_cache_is_rebuilt_without_complaint(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    assert run(capsys, "generate", "-q")[0] == 0
    expected = _generated(project / "docs")
    for entry in (project / ".timeline-cache").glob("*.json"):
        entry.write_text('{"timexes": [{"text": 1}], "events": "not a list"')
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0 and "Traceback" not in err and "Extracted 1 article(s), 0 from the cache" in err
    assert _generated(project / "docs") == expected


# --- every problem is one line, found before any work is done ---------------------------------


def _one_line_error(code: int, err: str) -> str:
    """The error line, after checking it is the only output and no traceback escaped."""
    assert code == 1, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def _nothing_generated(project: Path) -> bool:
    return not any((project / "docs" / folder).exists() for folder in ("timeline", "sources", "actors", "places"))


@pytest.fixture
def taken_port():
    """A port some other program is listening on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_serve_on_a_port_in_use_is_one_line_before_anything_is_written(tmp_path, monkeypatch, capsys, taken_port):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "serve", "-q", "--dev-addr", f"127.0.0.1:{taken_port}")
    line = _one_line_error(code, err)
    assert f"127.0.0.1:{taken_port}" in line and "in use" in line
    assert _nothing_generated(project)


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_broken_mkdocs_yml_is_one_line_before_anything_is_written(tmp_path, monkeypatch, capsys, command):
    project = make_project(tmp_path)
    with (project / "mkdocs.yml").open("a") as config:
        config.write("nav: [\n")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, command, "-q", "--dev-addr", "127.0.0.1:0") if command == "serve" else run(capsys, command, "-q")
    line = _one_line_error(code, err)
    assert "mkdocs.yml: invalid configuration" in line
    assert _nothing_generated(project)


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_missing_mkdocs_yml_fails_before_anything_is_written(tmp_path, monkeypatch, capsys, command):
    project = make_project(tmp_path)
    (project / "mkdocs.yml").unlink()
    monkeypatch.chdir(project)
    code, _, err = run(capsys, command, "-q")
    assert "mkdocs.yml: not found" in _one_line_error(code, err)
    assert _nothing_generated(project)


@pytest.mark.parametrize("command", ["build", "generate", "events"])
def test_a_bad_min_confidence_fails_before_any_article_is_read(tmp_path, monkeypatch, capsys, command):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, command, "-q", "--min-confidence", "2")
    assert "--min-confidence must be from 0 to 1" in _one_line_error(code, err)  # no "Extracted ..." line first
    assert _nothing_generated(project)


def test_a_settings_file_that_cannot_be_read_is_one_line(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "events", "--config", str(tmp_path))
    assert f"{tmp_path}: cannot read the settings file" in _one_line_error(code, err)
    if os.geteuid() != 0:  # root reads any file
        unreadable = project / "timeline.yml"
        unreadable.write_text("min_confidence: 0.5\n")
        unreadable.chmod(0)
        code, _, err = run(capsys, "events")
        assert "timeline.yml: cannot read the settings file" in _one_line_error(code, err)


# --- the generator never deletes articles ------------------------------------------------------


@pytest.mark.parametrize(
    ("seeds", "docs"),
    [
        ("timeline", "."),  # the articles folder is the generated folder
        ("docs/timeline/articles", "docs"),  # inside one
        (".", "docs"),  # around them
    ],
)
@pytest.mark.parametrize("command", ["generate", "build"])
def test_seeds_overlapping_a_generated_folder_is_refused_before_writing(tmp_path, monkeypatch, capsys, seeds, docs, command):
    project = tmp_path / "x"
    article = project / seeds / "article.md"
    article.parent.mkdir(parents=True)
    shutil.copy(SEED, article)
    shutil.copy(REPO / "mkdocs.yml", project)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    monkeypatch.chdir(project)
    code, _, err = run(capsys, command, "-q", "--seeds", seeds, "--docs", docs)
    line = _one_line_error(code, err)
    assert "--seeds" in line and "overlaps" in line
    assert article.read_bytes() == SEED.read_bytes()
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


# --- events --min-confidence -------------------------------------------------------------------


def _events(capsys, *argv: str) -> list[dict]:
    code, out, err = run(capsys, "events", "-q", "--json", *argv)
    assert code == 0, err
    return json.loads(out)


def test_events_hides_low_confidence_events_like_the_site(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    every = _events(capsys, "--min-confidence", "0")
    low = [e["title"] for e in every if e["confidence"] < DEFAULT_MIN_CONFIDENCE]
    assert low, "the seed article should give some low-confidence events"
    shown = _events(capsys)
    assert [e for e in every if e["confidence"] >= DEFAULT_MIN_CONFIDENCE] == shown
    code, out, err = run(capsys, "events", "-q")
    assert code == 0 and not [title for title in low if title in out]
    assert f"{len(low)} event(s) below min_confidence {DEFAULT_MIN_CONFIDENCE} not shown" in err

    (project / "timeline.yml").write_text("min_confidence: 0.9\n")
    strict = _events(capsys)
    assert strict and all(e["confidence"] >= 0.9 for e in strict) and len(strict) < len(shown)
    assert _events(capsys, "--min-confidence", "0") == every


# --- plain-text output -------------------------------------------------------------------------


def test_plain_output_shows_coarse_dates_as_their_timex_value(tmp_path, capsys):
    article = tmp_path / "coarse.md"
    article.write_text(
        "---\npublished: 2023-09-14\n---\n"
        "Russia will hold a presidential election in 2024.\n"
        "The two ministers met in Moscow in September 2022.\n"
        "The leaders met in Vladivostok on 13 September 2023.\n"
    )
    code, out, err = run(capsys, "extract", str(article))
    assert code == 0, err
    dates = {line.split()[-1]: line.split()[0] for line in out.splitlines()}
    assert dates["election"] == "2024" and dates["Moscow"] == "2022-09" and dates["Vladivostok"] == "2023-09-13"
    assert "2024-01-01" not in out and "2022-09-01" not in out

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.move(article, seeds / "coarse.md")
    code, out, err = run(capsys, "events", "-q", "--seeds", str(seeds), "--no-cache")
    assert code == 0, err
    assert any(line.startswith("2024 ") and "election" in line for line in out.splitlines())
    assert any(line.startswith("2022-09 ") and "Moscow" in line for line in out.splitlines())
    assert "2024-01-01" not in out and "2022-09-01" not in out


def test_stdin_without_a_publication_date_suggests_published():
    result = run_stdin(b"The leaders met in Vladivostok on Wednesday.\n")
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "<stdin>: no publication date" in err and "--published" in err


def test_the_numeric_dates_setting_also_reads_the_publication_date(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "timeline.yml").write_text("numeric_dates: day-first\n")
    (project / "seeds" / "vote.md").write_text("---\npublished: 03/04/2023\n---\nParliament held the vote on Monday.\n")
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "extract", "seeds/vote.md", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["article"]["published"] == "2023-04-03"
    assert [t["value"] for t in data["timexes"]] == ["2023-04-03"]  # Monday 3 April, the day itself
    code, out, err = run(capsys, "events", "--json", "--min-confidence", "0")
    assert code == 0, err
    assert any(source["published"] == "2023-04-03" for entry in json.loads(out) for source in entry["sources"])


def test_the_cache_never_removes_files_it_did_not_write(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "package.json").write_text("{}")
    (project / "notes.tmp").write_text("draft")
    monkeypatch.chdir(project)
    assert run(capsys, "generate", "-q", "--cache-dir", ".")[0] == 0
    (project / "seeds" / "000_52d71b10ba252412.md").write_text(XI_MEETING)  # the old entry is now stale
    assert run(capsys, "generate", "-q", "--cache-dir", ".")[0] == 0
    assert (project / "package.json").read_text() == "{}" and (project / "notes.tmp").read_text() == "draft"
    assert len([p for p in project.glob("*.json") if p.name != "package.json"]) == 1


WEB = REPO / "tests" / "fixtures" / "web"


def test_saved_pages_and_feeds_are_read_like_articles(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    for name in ("putin-accepts-invitation.html", "korea-wire.xml"):
        shutil.copy(WEB / name, project / "seeds")
    monkeypatch.chdir(project)

    code, out, err = run(capsys, "build", "--quiet")
    assert code == 0, err
    assert 'warning: korea-wire.xml, entry "Photo gallery": left out: the entry has no text' in err
    events = _events(capsys, "--min-confidence", "0")
    sources = {source["article_id"].rsplit("-", 1)[0] if source["article_id"].startswith("korea-wire-") else source["article_id"] for event in events for source in event["sources"]}
    assert {"putin-accepts-invitation", "korea-wire-kim-arrives-in-russia-by-armoured-train", "korea-wire-putin-and-kim-hold-talks"} <= sources
    arrival = next(e for e in events if "armoured train" in e["sentence"])
    assert arrival["date"] == "2023-09-12"  # "on Tuesday" in an entry published that Tuesday
    factories = next(e for e in events if "Komsomolsk-on-Amur" in e["places"] and "on Friday" in e["sentence"])
    assert factories["status"] == "planned" and factories["date"] == "2023-09-15"  # the Friday after the page's og date
    assert not any(e["title"].startswith("Vladimir Putin accepts") and e["date"] is None for e in events)  # the headline is the title, not a line of the story

    page = (project / "site" / "timeline" / "sources" / "putin-accepts-invitation" / "index.html").read_text()
    assert "https://news.example.com/story/putin-kim" in page and "Sky News" in page
    for html in (project / "site").rglob("*.html"):
        assert "<script>window.__pwned" not in html.read_text(), html  # the page's words are shown, never run


def test_extract_gives_one_object_for_a_page_and_a_list_for_a_feed(capsys):
    code, out, err = run(capsys, "extract", str(WEB / "putin-accepts-invitation.html"), "--json")
    page = json.loads(out)
    assert code == 0 and page["article"]["url"] == "https://news.example.com/story/putin-kim"
    assert any(e["date"] == "2023-09-13" for e in page["events"])
    code, out, err = run(capsys, "extract", str(WEB / "korea-wire.xml"), "--json")
    feed = json.loads(out)
    assert code == 0 and [item["article"]["title"] for item in feed] == ["Kim arrives in Russia by armoured train", "Putin and Kim hold talks"]
    assert 'entry "Photo gallery"' in err and set(feed[0]) == set(page)


# --- a new project: timeline init, and what build needs from it --------------------------------

SCAFFOLDED = [
    ".github/workflows/pages.yml", ".gitignore", "corrections.yml", "docs/assets/timeline-visual.css", "docs/assets/timeline-visual.js",
    "docs/assets/timeline.css", "docs/assets/timeline.js", *(
        f"docs/assets/vendor/vis-timeline/{name}" for name in (
            "LICENSE.Apache-2.0.txt", "LICENSE.MIT.txt", "README.txt", "vis-timeline-graph2d.min.js",
        )
    ),
    "docs/index.md", "mkdocs.yml", "requirements.txt", "timeline.yml",
]


def test_init_sets_up_a_project_that_builds_a_styled_site(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "init", "news")
    assert code == 0, err
    project = tmp_path / "news"
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == SCAFFOLDED
    assert out.splitlines() == [f"created {name}" for name in SCAFFOLDED if name != "requirements.txt"] + ["created requirements.txt"]
    assert (project / "seeds").is_dir() and not any((project / "seeds").iterdir())
    assert "cd news && timeline build" in err and "Traceback" not in err

    shutil.copy(SEED, project / "seeds")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "build", "-q")
    assert code == 0, err
    assert "warning" not in err  # the settings file is all comments: nothing unknown, nothing wrong
    html = (project / "site" / "timeline" / "2023" / "index.html").read_text()
    assert '<link rel="stylesheet" href="../../assets/timeline.css">' in html and "tl-badge--planned" in html
    assert (project / "site" / "assets" / "timeline.css").read_bytes() == (project / "docs" / "assets" / "timeline.css").read_bytes()


def test_init_never_overwrites_a_file_and_says_which_it_kept(tmp_path, monkeypatch, capsys):
    (tmp_path / "docs").mkdir()
    mine = {"mkdocs.yml": "site_name: Mine\ntheme: material\n", "docs/index.md": "# My home\n"}
    for name, text in mine.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert "kept mkdocs.yml (already there, not overwritten)" in out and "kept docs/index.md" in out
    assert "created docs/assets/timeline.css" in out
    assert all((tmp_path / name).read_text() == text for name, text in mine.items())
    # The kept mkdocs.yml does not load the stylesheet: say so now, change nothing.
    assert "warning:" in err and "extra_css does not load assets/timeline.css" in err
    assert "Next: put articles in seeds/, then timeline build" in err


def test_init_follows_the_docs_dir_of_a_kept_mkdocs_yml(tmp_path, monkeypatch, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\ntheme: material\ndocs_dir: content\nextra_css: [assets/timeline.css]\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert (tmp_path / "content" / "index.md").is_file() and (tmp_path / "content" / "assets" / "timeline.css").is_file()
    assert not (tmp_path / "docs").exists() and "warning" not in err
    assert not list(tmp_path.rglob(".*.tmp*")) and not [p for p in tmp_path.rglob(".index.md.*")]  # no temporary files left
    assert (tmp_path / "content" / "index.md").stat().st_mode & 0o044 == 0o044  # readable by others, as open() makes it


@pytest.mark.parametrize("docs_dir", ["[a, b]", "../outside", "/tmp/elsewhere"])
def test_init_never_writes_outside_the_project_for_an_odd_docs_dir(tmp_path, monkeypatch, capsys, docs_dir):
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text(f"site_name: Mine\ndocs_dir: {docs_dir}\n")
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert (project / "docs" / "index.md").is_file() and sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_init_into_a_file_is_one_line(tmp_path, capsys):
    (tmp_path / "taken").write_text("not a folder\n")
    code, out, err = run(capsys, "init", str(tmp_path / "taken"))
    assert "taken: not a folder" in _one_line_error(code, err) and out == ""


def _break_site(project: Path, problem: str) -> None:
    if problem == "no stylesheet file":
        (project / "docs" / "assets" / "timeline.css").unlink()
    elif problem == "not in extra_css":
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("  - assets/timeline.css\n", "  - assets/mine.css\n"))
    else:
        (project / "docs" / "index.md").unlink()


PROBLEMS = {
    "no stylesheet file": "docs/assets/timeline.css: not found, so status badges would be unstyled",
    "not in extra_css": "mkdocs.yml: extra_css does not load assets/timeline.css",
    "no home page": "docs/index.md: not found; the site needs a home page",
}


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_site_without_home_page_or_stylesheet_fails_before_anything_is_written(tmp_path, monkeypatch, capsys, command, problem):
    project = make_project(tmp_path)
    _break_site(project, problem)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, command, "-q", "--dev-addr", "127.0.0.1:0") if command == "serve" else run(capsys, command, "-q")
    line = _one_line_error(code, err)
    assert PROBLEMS[problem] in line
    assert "timeline init" in line or "add `- assets/timeline.css` under extra_css" in line
    assert _nothing_generated(project) and not (project / "site").exists()


def test_generate_warns_about_the_site_first_and_still_writes_the_pages(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    _break_site(project, "no stylesheet file")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0, err
    first = err.splitlines()[0]
    assert first.startswith("warning: ") and PROBLEMS["no stylesheet file"] in first  # before "Extracted ..."
    assert (project / "docs" / "timeline" / "index.md").is_file()


# --- the site folder, which MkDocs empties before each build ----------------------------------


@pytest.mark.parametrize(
    ("site", "clash"),
    [
        ("seeds", "the articles folder"),
        ("seeds/site", "the articles folder"),
        ("docs", "the docs folder"),
        ("docs/site", "the docs folder"),
        ("public", "the docs folder"),  # --docs public/pages: the docs inside the site
        (".", "the project folder"),
        ("..", "the project folder"),
        (".timeline-cache", "the cache folder"),
    ],
)
def test_a_site_folder_that_would_empty_the_users_files_is_refused_before_any_work(tmp_path, monkeypatch, capsys, site, clash):
    project = make_project(tmp_path)
    (project / ".timeline-cache").mkdir()
    monkeypatch.chdir(project)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    docs = ["--docs", "public/pages"] if site == "public" else []
    code, _, err = run(capsys, "build", "-q", "--site", site, *docs)
    line = _one_line_error(code, err)
    assert line.startswith(f"timeline: error: --site {(project / site).resolve()}: overlaps {clash}") and "deleted" in line
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


# --- hand-written pages the generated folders would hide -------------------------------------


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_hand_written_timeline_md_is_refused_by_build_and_serve(tmp_path, monkeypatch, capsys, command):
    project = make_project(tmp_path)
    (project / "docs" / "timeline.md").write_text("# My own timeline\n")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, command, "-q", "--dev-addr", "127.0.0.1:0") if command == "serve" else run(capsys, command, "-q")
    line = _one_line_error(code, err)
    assert "docs/timeline.md: would be hidden by the generated timeline/ pages" in line and "rename it" in line
    assert _nothing_generated(project) and not (project / "site").exists()


def test_generate_warns_about_a_hand_written_page_the_generated_pages_hide(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "docs" / "timeline.md").write_text("# The story so far\n")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "generate", "-q")
    assert code == 0, err
    first = err.splitlines()[0]
    assert first.startswith("warning: ") and "docs/timeline.md: would be hidden by the generated timeline/ pages" in first
    assert (project / "docs" / "timeline.md").read_text() == "# The story so far\n"  # kept, never overwritten


# --- settings that would erase names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ('aliases: {" ": [Vladimir Putin]}\n', "aliases has a blank name (' ')"),
        ('aliases: {"": [Kim Jong Un]}\n', "aliases has a blank name ('')"),
        ("aliases: {~: [Kim]}\n", "aliases has a blank name (None)"),
        ('aliases: {Kim Jong Un: [Kim, " "]}\n', "aliases.Kim Jong Un has a blank word"),
        ('aliases: {Kim Jong Un: ""}\n', "aliases.Kim Jong Un has a blank word"),
    ],
)
def test_a_blank_name_or_alias_is_a_settings_error(tmp_path, monkeypatch, capsys, settings, message):
    project = make_project(tmp_path)
    (project / "timeline.yml").write_text(settings)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "events", "-q")
    line = _one_line_error(code, err)
    assert line.startswith("timeline: error: timeline.yml: ") and message in line


# --- file names are shown, never obeyed, by the terminal --------------------------------------


def test_control_characters_in_file_names_are_printed_escaped(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "seeds" / "evil\x1b[31mred.txt").write_bytes(b"\x00\x01binary")
    monkeypatch.chdir(project)
    code, _, warned = run(capsys, "events", "-q")
    assert code == 0 and "evil\\x1b[31mred.txt" in warned and "binary" in warned
    code, _, missing = run(capsys, "events", "-q", "--seeds", "no\x1b]0;title\x07where")
    assert "no\\x1b]0;title\\x07where" in _one_line_error(code, missing)
    code, _, refused = run(capsys, "build", "-q", "--site", "seeds/\x1b[2J")  # a refused --site, named in the error
    assert "seeds/\\x1b[2J" in _one_line_error(code, refused)
    assert not any(control in err for err in (warned, missing, refused) for control in "\x1b\x07")


# --- the story's title ------------------------------------------------------------------------


def test_init_title_names_the_story_and_the_site(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "init", "news", "--title", "Putin & Kim: the summit")
    assert code == 0, err
    project = tmp_path / "news"
    settings = yaml.safe_load((project / "timeline.yml").read_text())
    assert settings == {"title": "Putin & Kim: the summit"}  # the rest of the file stays comments
    assert load_config(str(project / "mkdocs.yml")).site_name == "Putin & Kim: the summit"
    shutil.copy(SEED, project / "seeds")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "build", "-q")
    assert code == 0, err
    home = (project / "site" / "index.html").read_text()
    assert '<h1 id="story">Putin &#38; Kim: the summit' in home and "Latest events" in home


def test_the_title_in_timeline_yml_is_the_site_name_and_the_home_heading(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    (project / "timeline.yml").write_text("title: Summit <b>watch</b>\ndescription: Who met whom.\n")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "build", "-q")
    assert code == 0, err
    home = (project / "site" / "index.html").read_text()
    assert "Summit &#60;b&#62;watch&#60;/b&#62;" in home and "Who met whom." in home and "<b>watch" not in home
    page = (project / "site" / "timeline" / "sources" / "index.html").read_text()
    assert "<title>Sources - Summit &lt;b&gt;watch&lt;/b&gt;</title>" in page


@pytest.mark.parametrize("value", ["", "[1, 2]", "3"])
def test_a_title_that_is_not_text_is_refused(tmp_path, monkeypatch, capsys, value):
    project = make_project(tmp_path)
    (project / "timeline.yml").write_text(f"title: {value}\n")
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "generate", "-q")
    assert code == 1 and "title must be a line of text" in err
