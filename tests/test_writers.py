"""The Markdown writer: page content, order, slugs, escaping and safe writing into docs/."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import pathlib
import re
import subprocess
import sys
from html import unescape

import markdown
import pytest
import yaml
from mkdocs.config import load_config

from conftest import HOSTILE_TEXT, REPO_ROOT
from timeline.guards import OWNED_MARKER, GuardError
from timeline.contents import Entry
from timeline.writers import (
    FORMER_FOLDERS,
    OWNED_FOLDER,
    PAGE_LIMIT,
    Story,
    events_per_month,
    anchor_hash,
    guess_period,
    escape_text,
    plain_title,
    render_pages,
    safe_url,
    slugify,
    write_docs,
)


def snapshot(docs: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


@functools.cache
def _site_markdown() -> tuple[list, dict]:
    """The Markdown extensions the site uses and their settings, as MkDocs reads mkdocs.yml (!ENV, !relative)."""
    config = load_config(str(REPO_ROOT / "mkdocs.yml"))
    return config.markdown_extensions, config.mdx_configs


def to_html(page: str) -> str:
    """Render a page body with the Markdown extensions the site uses (from mkdocs.yml)."""
    extensions, configs = _site_markdown()
    _, body = split_front_matter(page)
    return markdown.markdown(body, extensions=extensions, extension_configs=configs)


def visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def split_front_matter(page: str) -> tuple[dict, str]:
    assert page.startswith("---\n")
    meta, body = page[4:].split("\n---\n", 1)
    return yaml.safe_load(meta), body


def chronology(pages: dict[str, str]) -> str:
    """The timeline's period pages (years, months, the undated) one after another, in order, as one page."""
    bodies = [split_front_matter(text)[1] for path, text in pages.items() if re.fullmatch(r"timeline/(\d{4}.*|undated.*)\.md", path)]
    return "---\ntitle: Timeline\n---\n" + "".join(bodies)


def positions(text: str, *needles: str) -> list[int]:
    found = [text.find(n) for n in needles]
    assert -1 not in found, [n for n, i in zip(needles, found) if i == -1]
    return found


# --------------------------------------------------------------------------- #
# Determinism and slugs
# --------------------------------------------------------------------------- #


def test_same_input_in_any_order_gives_byte_identical_docs(tmp_path, sample_timeline):
    extractions, entries = sample_timeline
    write_docs(tmp_path / "a", extractions, entries)
    write_docs(tmp_path / "b", list(reversed(extractions)), list(reversed(entries)))
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert first == second
    assert "timeline/index.md" in first and len(first) > 10


def test_slugs_come_from_date_and_title_and_collisions_are_numbered(sample_timeline):
    extractions, entries = sample_timeline
    twin = dataclasses.replace(entries[0], sources=entries[0].sources[:1])
    twin = Entry(dataclasses.replace(twin.event, type="visit"), twin.sources)
    page = chronology(render_pages(extractions, [*entries, twin]))
    assert 'id="2023-09-13-putin-and-kim-jong-un-toast-their-friendship-with-russian"' in page
    assert 'id="2023-09-13-putin-and-kim-jong-un-toast-their-friendship-with-russian-2"' in page
    assert 'id="undated-putin-visits-north-korea"' in page


def test_entry_anchors_never_clash_and_identical_entries_show_once(sample_timeline):
    extractions, entries = sample_timeline
    base = entries[0]
    cyrillic = Entry(dataclasses.replace(base.event, title="Путин", actors=("Vladimir Putin", "  ")), base.sources)
    untitled = Entry(
        dataclasses.replace(base.event, title="", date=None, end_date=None, value=None, granularity=None),
        base.sources,
    )
    pages = render_pages(extractions, [*entries, cyrillic, cyrillic, untitled])
    page = chronology(pages)
    anchors = re.findall(r'id="([^"]+)"', page) + re.findall(r"\{ #([^ }]+)", page)
    assert len(anchors) == len(set(anchors)) == 8 + 2 + 6  # cards, new cards, sections (2023, 2024, undated pages)
    assert page.count("Путин") == 1
    assert "[](" not in page and not any(p.startswith("timeline/actors/x-") for p in pages)


def test_entity_slugs_are_unique_and_never_replace_an_index(sample_timeline):
    extractions, entries = sample_timeline
    names = ("Kim", "KIM", "Index", "Путин")
    extra = Entry(dataclasses.replace(entries[0].event, actors=names), entries[0].sources)
    again = Entry(dataclasses.replace(entries[1].event, actors=names), entries[1].sources)  # two entries: a page each
    pages = render_pages(extractions, [*entries, extra, again])
    actor_pages = sorted(p for p in pages if p.startswith("timeline/actors/"))
    assert {"timeline/actors/kim.md", "timeline/actors/kim-2.md", "timeline/actors/index-2.md"} <= set(actor_pages)
    assert "timeline/actors/" + slugify("Путин") + ".md" in actor_pages
    assert slugify("Путин") == slugify("Путин") != slugify("Медведев")
    assert split_front_matter(pages["timeline/actors/index.md"])[0]["title"] == "Actors"
    assert split_front_matter(pages["timeline/actors/index-2.md"])[0]["title"] == "Index"


# --------------------------------------------------------------------------- #
# The timeline page
# --------------------------------------------------------------------------- #


def test_timeline_orders_years_months_days_with_coarse_dates_first_and_undated_last(sample_timeline):
    page = chronology(render_pages(*sample_timeline))
    order = positions(
        page,
        "# 2023 { #2023 }",
        "## September 2023 { #2023-09 .tl-month }",
        "Sometime in September 2023",
        "Kim travels to Russia by armoured train",
        "### Wednesday 13 September 2023 { #2023-09-13 .tl-day }",
        "Putin and Kim Jong Un toast their friendship",
        "### Thursday 14 September 2023 { #2023-09-14 .tl-day }",
        "Kim visits aviation factories",
        "# 2024 { #2024 }",
        "Sometime in 2024",
        "Russia and North Korea sign a defence pact",
        "# Undated { #undated }",
        "Putin visits North Korea",
    )
    assert order == sorted(order)
    assert page.count("# Undated") == 1


def test_events_of_one_day_keep_the_order_the_article_tells_them(sample_timeline):
    extractions, entries = sample_timeline
    renamed = Entry(dataclasses.replace(entries[0].event, title="Wine is toasted"), entries[0].sources)
    page = chronology(render_pages(extractions, [renamed, *entries[1:]], min_confidence=0.5))
    order = positions(page, "Wine is toasted", "Putin shows Kim", "Talks are held")
    assert order == sorted(order)


def test_planned_and_reported_events_carry_badges_and_happened_ones_do_not(sample_timeline):
    html = to_html(chronology(render_pages(*sample_timeline)))
    cards = dict(re.findall(r'<div class="tl-entry tl-entry--\w+"[^>]* id="([^"]+)">(.*?)</div>', html, re.S))
    assert 'tl-badge--planned">Planned<' in cards["2023-09-14-kim-visits-aviation-factories-in-komsomolsk-on-amur"]
    assert 'tl-badge--planned">Planned<' in cards["undated-putin-visits-north-korea"]
    assert 'tl-badge--reported">Reported<' in cards["2023-09-01-kim-travels-to-russia-by-armoured-train"]
    assert "According to: Kremlin" in cards["2023-09-01-kim-travels-to-russia-by-armoured-train"]
    assert "tl-badge" not in cards["2023-09-13-putin-and-kim-jong-un-toast-their-friendship-with-russian"]


def test_the_legend_explains_every_badge_and_the_publication_day_date(sample_timeline):
    page = chronology(render_pages(*sample_timeline))
    legend = re.search(r'<p class="tl-legend"[^>]*>(.*?)</p>', to_html(page), re.S).group(1)
    for status in ("planned", "reported", "denied"):
        assert f'class="tl-badge tl-badge--{status}"' in legend, status
    assert "the article says it did not happen" in legend
    assert "Date: day of publication" in legend and "published" in legend


def test_an_event_dated_by_its_publication_day_says_so(sample_timeline):
    extractions, entries = sample_timeline
    toast = entries[0]
    # "has toasted", no date in the text: the extractor dates it to the publication day.
    publication_day = Entry(
        dataclasses.replace(toast.event, title="Putin has toasted Kim", date_text=None,
                            **{key: "2023-09-14" for key in ("date", "end_date", "value")}),
        toast.sources,
    )
    html = to_html(chronology(render_pages(extractions, [publication_day, *entries[1:]])))
    cards = dict(re.findall(r'<div class="tl-entry tl-entry--\w+"[^>]* id="([^"]+)">(.*?)</div>', html, re.S))
    facts = re.search(r'<p class="tl-facts"[^>]*>(.*?)</p>', cards["2023-09-14-putin-has-toasted-kim"], re.S).group(1)
    facts = re.sub(r"<[^>]+>", "", facts)
    assert facts.startswith("Date: day of publication (no date in the text) · ") and "Date given" not in facts
    assert "Date given: “on Thursday”" in cards["2023-09-14-kim-visits-aviation-factories-in-komsomolsk-on-amur"]
    undated = cards["undated-putin-visits-north-korea"]
    assert "Date given: “at a convenient time”" in undated and "day of publication" not in undated
    bare = Entry(dataclasses.replace(entries[4].event, date_text=None), entries[4].sources)  # no date at all
    bare_html = to_html(chronology(render_pages(extractions, [bare])))
    assert "day of publication (no date" not in bare_html.split('class="tl-legend"', 1)[1].split("</p>", 1)[1]


def test_each_source_is_quoted_and_links_to_its_page(sample_timeline):
    html = to_html(chronology(render_pages(*sample_timeline)))
    talks = html[html.index('id="2023-09-13-talks-are-held') :]
    talks = talks[: talks.index("</div>")]
    assert talks.count("<li>") == 2
    assert 'href="sources/wire-0913.md"' in talks
    assert 'href="sources/000-52d71b10ba252412.md"' in talks
    assert "“Talks were held alongside the defence ministers.”" in talks
    assert 'href="actors/vladimir-putin.md"' in talks


def test_sources_that_disagree_on_the_date_are_flagged_with_both_dates(sample_timeline):
    html = to_html(chronology(render_pages(*sample_timeline)))
    note = re.search(r'<p class="tl-conflict">(.*?)</p>', html, re.S).group(1)
    assert "Sources disagree on the date" in note
    wire, sky = positions(
        note,
        '12 September 2023</strong> according to <a href="sources/wire-0913.md"',
        '13 September 2023</strong> according to <a href="sources/000-52d71b10ba252412.md"',
    )
    assert wire < sky  # earlier date first
    assert html.count('class="tl-conflict"') == 1


def test_min_confidence_hides_weak_events_everywhere(sample_timeline):
    shown_all = render_pages(*sample_timeline)
    filtered = render_pages(*sample_timeline, min_confidence=0.5)
    assert "Putin has a car" in shown_all["timeline/2023.md"]
    assert "Putin has a car" in shown_all["timeline/actors/vladimir-putin.md"]
    assert not any("Putin has a car" in page for page in filtered.values())
    assert "1 low-confidence event not shown" in filtered["timeline/index.md"]
    assert "Putin shows Kim around" in filtered["timeline/2023.md"]  # 0.8 stays


# --------------------------------------------------------------------------- #
# Source and entity pages
# --------------------------------------------------------------------------- #


def test_source_page_has_metadata_link_and_its_events_in_order(sample_timeline):
    pages = render_pages(*sample_timeline)
    meta, body = split_front_matter(pages["timeline/sources/000-52d71b10ba252412.md"])
    assert meta["title"] == "Putin accepts Kim Jong Un's invitation to visit North Korea"
    html = to_html(pages["timeline/sources/000-52d71b10ba252412.md"])
    assert "<strong>Outlet:</strong> Sky News" in html
    assert "<strong>Published:</strong> 14 September 2023" in html
    assert '<a href="https://news.sky.com/story/putin-kim-summit">' in html
    rows = positions(html, "Kim travels to Russia", "Putin and Kim Jong Un toast", "Kim visits aviation",
                     "Russia and North Korea sign", "Putin visits North Korea")
    assert rows == sorted(rows)
    assert 'href="../2023.md#2023-09-14-kim-visits-aviation-factories-in-komsomolsk-on-amur"' in html
    assert "“Kim is expected to visit aviation factories in Komsomolsk-on-Amur on Thursday.”" in html
    index = to_html(pages["timeline/sources/index.md"])
    assert index.index("wire-0913.md") > index.index("000-52d71b10ba252412.md")  # newest first


def test_actor_and_place_pages_are_entity_timelines_with_sources(sample_timeline):
    pages = render_pages(*sample_timeline, min_confidence=0.5)
    kim = to_html(pages["timeline/actors/kim-jong-un.md"])
    dates = re.findall(r"<tr>\n<td>([^<]*)</td>", kim)
    assert dates == ["September 2023", *["13 September 2023"] * 3, "14 September 2023"]
    assert "5 events, from September 2023 to 14 September 2023" in kim
    putin = to_html(pages["timeline/actors/vladimir-putin.md"])
    assert re.findall(r"<tr>\n<td>([^<]*)</td>", putin)[-1] == "Undated"
    assert "Sky News: Putin accepts" in visible_text(kim) and "Wire: Putin and Kim hold talks" in visible_text(kim)
    place = to_html(pages["timeline/places/vostochny-cosmodrome.md"])
    assert "Putin shows Kim around" in place and "Kim visits aviation factories" not in place
    actors = to_html(pages["timeline/actors/index.md"])
    named_once = positions(actors, "Kim Jong Un", "Vladimir Putin", "Named once", "North Korea", "Russia")
    assert named_once == sorted(named_once)  # names with a page A to Z, then the others A to Z
    assert "Vostochny Cosmodrome" in to_html(pages["timeline/places/index.md"])


# --------------------------------------------------------------------------- #
# Untrusted text
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"),
        ("http://example.com/x y", None),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.com/a", None),
        ("https://example.com/a)(\"x\"<b>", "https://example.com/a%29%28%22x%22%3Cb%3E"),
    ],
)
def test_only_http_urls_survive_and_cannot_break_out_of_a_link(url, expected):
    assert safe_url(url) == expected


def test_escaped_text_renders_as_the_same_text_and_never_as_markup():
    hostile = "<b>x</b> *a* _b_ `c` [l](http://e.com) {: .x } {{ y }} | &amp; #h"
    html = markdown.markdown("- " + escape_text(hostile), extensions=["attr_list", "tables", "md_in_html"])
    assert re.fullmatch(r"<ul>\n<li>[^<>]*</li>\n</ul>", html)  # no element but the list item
    assert visible_text(html) == hostile
    for start in ("# heading", "1. item", "- item", "> quote", "!!! note", ": def", "---"):
        assert markdown.markdown(escape_text(start)).startswith("<p>"), start
    assert plain_title("<script>&</script>\n---") == "&lt;script&gt;&amp;&lt;/script&gt; ---"
    assert plain_title("&lt;b&gt; AT&T") == "&amp;lt;b&amp;gt; AT&amp;T"  # reads as written, as in the heading


def test_hostile_article_cannot_inject_html_script_or_front_matter(sample_timeline, hostile_timeline):
    pages = render_pages(sample_timeline[0] + hostile_timeline[0], sample_timeline[1] + hostile_timeline[1])
    for path, page in ((path, page) for path, page in pages.items() if path.endswith(".md")):
        meta, body = split_front_matter(page)
        assert set(meta) == {"title", "hide"}, path
        assert not re.search(r"[<>]|&(?!(?:amp|lt|gt);)", meta["title"]), path  # HTML text, no markup
        assert "\n---" not in body and "{{" not in body and "{:" not in body, path
        html = to_html(page)
        assert "<script" not in html and "<img" not in html and "<i>" not in html, path
        assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', html)), path
        assert not re.search(r"<[^>]+\son\w+=", html), path
        assert "<strong>bold</strong>" not in html and "<code>code</code>" not in html, path
    hostile_page = next(p for p in pages if p.startswith("timeline/sources/hostile"))
    html = to_html(pages[hostile_page])
    assert "<script>window.__pwned = true; alert(1)</script>" in visible_text(html)  # shown, as text
    assert "no link" in html  # the javascript: url is dropped


# --------------------------------------------------------------------------- #
# Writing into docs/
# --------------------------------------------------------------------------- #


def test_generator_writes_only_its_folder_and_hand_written_pages_survive(tmp_path, sample_timeline):
    docs = tmp_path / "docs"
    hand_written = {
        "index.md": "# Home\n",
        "about.md": "# About\n",
        "assets/timeline.css": "body {}\n",
        "notes/timeline/index.md": "# Not ours\n",
    }
    for name, text in hand_written.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text)
    report = write_docs(docs, *sample_timeline)
    after = snapshot(docs)
    for name, text in hand_written.items():
        assert after[name] == text.encode()
    generated = {name for name in set(after) - set(hand_written) if not name.endswith(OWNED_MARKER)}
    assert generated == set(report.pages)
    assert all(name.startswith(f"{OWNED_FOLDER}/") for name in generated)
    assert {name.split("/")[1] for name in generated if name.count("/") > 1} == {"sources", "actors", "places", "types"}
    listed = (docs / OWNED_FOLDER / OWNED_MARKER).read_text().splitlines()[1:]  # the marker lists exactly the files written
    assert listed == sorted(name.split("/", 1)[1] for name in generated)
    assert not any((docs / folder).exists() for folder in FORMER_FOLDERS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]  # no staging left behind
    assert sorted(p.name for p in docs.iterdir() if p.name.startswith(".")) == []


def test_a_page_timeline_no_longer_writes_is_removed_and_a_file_it_never_wrote_is_kept(tmp_path, sample_timeline):
    docs = tmp_path / "docs"
    write_docs(docs, *sample_timeline)
    stale = docs / "timeline" / "sources" / "stale-article.md"
    stale.write_text("# Gone soon\n")
    marker = docs / "timeline" / OWNED_MARKER
    marker.write_text(marker.read_text() + "sources/stale-article.md\n")  # as if an earlier run wrote it
    users = docs / "timeline" / "actors" / "my-notes.md"
    users.write_text("# Mine\n")
    report = write_docs(docs, *sample_timeline)
    assert report.removed == ("timeline/sources/stale-article.md",) and not stale.exists()
    assert report.kept == ("timeline/actors/my-notes.md",) and users.read_text() == "# Mine\n"
    assert "my-notes.md" not in marker.read_text()  # still not ours next time
    assert write_docs(docs, *sample_timeline).kept == ("timeline/actors/my-notes.md",)


def test_a_generated_folder_timeline_did_not_make_is_refused_untouched_unless_forced(tmp_path, sample_timeline):
    docs = tmp_path / "docs"
    (docs / "timeline" / "sources").mkdir(parents=True)
    (docs / "timeline" / "interview.md").write_text("# My interview notes\n")
    (docs / "timeline" / "sources" / "index.md").write_text("# My sources\n")
    before = snapshot(docs)
    with pytest.raises(GuardError, match=r"timeline: refused, the folder has files timeline did not write.*--force"):
        write_docs(docs, *sample_timeline)
    assert snapshot(docs) == before
    report = write_docs(docs, *sample_timeline, force=True)
    assert report.kept == ("timeline/interview.md",)
    assert (docs / "timeline" / "interview.md").read_text() == "# My interview notes\n"
    assert (docs / "timeline" / "sources" / "index.md").read_text() != "# My sources\n"  # vouched for: replaced


def test_a_hand_written_file_in_the_way_of_a_generated_page_is_refused(tmp_path, sample_timeline):
    docs = tmp_path / "docs"
    write_docs(docs, *sample_timeline)
    (docs / "timeline" / "actors" / "index.md").unlink()
    (docs / "timeline" / "actors" / "index.md").write_text("# My own actors page\n")
    marker = docs / "timeline" / OWNED_MARKER
    marker.write_text(marker.read_text().replace("\nactors/index.md\n", "\n"))  # as if a person put it there
    with pytest.raises(GuardError, match="timeline/actors/index.md: not written by timeline, and a generated page takes this name"):
        write_docs(docs, *sample_timeline)
    assert (docs / "timeline" / "actors" / "index.md").read_text() == "# My own actors page\n"


@pytest.mark.parametrize("where", ["/", "/etc", "home"])
def test_docs_in_a_home_or_top_folder_are_refused_even_with_force(where, sample_timeline):
    docs = pathlib.Path.home() if where == "home" else pathlib.Path(where)
    with pytest.raises(GuardError, match="refused, it is"):
        write_docs(docs, *sample_timeline, force=True)
    assert not (docs / "timeline" / OWNED_MARKER).exists()


def test_a_staging_folder_left_by_a_killed_run_is_removed_at_the_next_run(tmp_path, sample_timeline):
    docs = tmp_path / "docs"
    dead = docs / ".timeline-generating-999999999-abc"  # no such pid
    (dead / "new" / "timeline").mkdir(parents=True)
    legacy = docs / ".timeline-generating-x1y2z3"  # an older version's name, without a pid
    legacy.mkdir()
    report = write_docs(docs, *sample_timeline)
    assert sorted(report.cleaned) == sorted([dead.name, legacy.name])
    assert not dead.exists() and not legacy.exists()


def _former_layout(docs: pathlib.Path) -> dict[str, bytes]:
    """docs/ as an earlier version left it: sources, actors and places beside the timeline, each
    marked as timeline's; a user's note inside actors/, and a types/ folder of the user's own."""
    files = {
        "sources/index.md": b"# Sources\n", "sources/wire.md": b"# Wire\n",
        "actors/index.md": b"# Actors\n", "actors/kim.md": b"# Kim\n", "actors/kim/2022.md": b"# Kim: 2022\n",
        "actors/my-notes.md": b"# My notes\n", "places/index.md": b"# Places\n", "types/mine.md": b"# My types\n",
    }
    for name, data in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    for folder in ("sources", "actors", "places"):
        ours = [name.split("/", 1)[1] for name in files if name.startswith(folder + "/") and "my-notes" not in name]
        (docs / folder / OWNED_MARKER).write_text("# Written by timeline\n" + "".join(f"{n}\n" for n in ours))
    return files


def test_the_pages_an_earlier_version_wrote_beside_the_timeline_are_removed_and_a_users_file_kept(tmp_path, sample_timeline):
    docs = tmp_path / "docs"
    _former_layout(docs)
    report = write_docs(docs, *sample_timeline)
    assert report.retired == (
        "sources/index.md", "sources/wire.md", "actors/index.md", "actors/kim/2022.md", "actors/kim.md", "places/index.md",
    )
    assert report.left == ("actors/my-notes.md",)
    assert snapshot(docs / "actors") == {"my-notes.md": b"# My notes\n"}  # its folder stays, the marker goes
    assert not (docs / "sources").exists() and not (docs / "places").exists()
    assert snapshot(docs / "types") == {"mine.md": b"# My types\n"}  # never timeline's: not looked at
    assert (docs / "timeline" / "actors" / "index.md").is_file()
    again = write_docs(docs, *sample_timeline)  # said once: nothing is left to retire
    assert again.retired == () and again.left == () and (docs / "actors" / "my-notes.md").is_file()


def test_a_run_killed_while_retiring_the_former_folders_is_finished_by_the_next(tmp_path, sample_timeline):
    docs = tmp_path / "docs"
    _former_layout(docs)
    (docs / "actors" / "kim.md").unlink()  # removed, then killed: the marker still lists it
    (docs / "sources" / "index.md").unlink()
    report = write_docs(docs, *sample_timeline)
    assert "actors/kim/2022.md" in report.retired and "actors/kim.md" not in report.retired
    assert not (docs / "sources").exists() and snapshot(docs / "actors") == {"my-notes.md": b"# My notes\n"}


def test_unchanged_pages_are_not_rewritten(tmp_path, sample_timeline):
    docs = tmp_path / "docs"
    write_docs(docs, *sample_timeline)
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in docs.rglob("*.md")}
    report = write_docs(docs, *sample_timeline)
    assert report.changed == () and report.removed == ()
    assert str(report) == "17 pages and 6 downloads (0 changed, 0 removed), 8 events shown, 0 below min_confidence"
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in docs.rglob("*.md")} == before

    extractions, entries = sample_timeline
    renamed = Entry(dataclasses.replace(entries[3].event, title="Kim tours a fighter jet plant"), entries[3].sources)
    report = write_docs(docs, extractions, [*entries[:3], renamed, *entries[4:]])
    assert "timeline/2023.md" in report.changed
    assert "timeline/sources/wire-0913.md" not in report.changed
    wire = docs / "timeline" / "sources" / "wire-0913.md"
    assert wire.stat().st_mtime_ns == before[wire][0]  # copied with its mtime, not rewritten


def test_a_failed_run_leaves_the_previous_output_intact(tmp_path, sample_timeline, monkeypatch):
    docs = tmp_path / "docs"
    write_docs(docs, *sample_timeline, min_confidence=0.5)
    before = snapshot(docs)
    real_write_bytes = pathlib.Path.write_bytes
    calls = []

    def disk_full_on_third_page(self, data):
        calls.append(self)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write_bytes(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", disk_full_on_third_page)
    with pytest.raises(OSError, match="No space left"):
        write_docs(docs, *sample_timeline, min_confidence=0.0)
    assert snapshot(docs) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_a_week_or_a_range_of_days_shows_the_days_it_covers(sample_timeline):
    extractions, entries = sample_timeline
    toast = entries[0]
    week = Entry(dataclasses.replace(toast.event, title="Ministers meet in Tokyo", date_text="next week", granularity="week",
                                     date="2023-09-18", end_date="2023-09-24", value="2023-W38"), toast.sources)
    summit = Entry(dataclasses.replace(toast.event, title="Summit in Busan", date_text="Sept. 22-23",
                                       date="2023-09-22", end_date="2023-09-23", value="2023-09-22"), toast.sources)
    pages = render_pages(extractions, [week, summit, *entries[1:]])
    text = visible_text(to_html(chronology(pages)))
    assert "Date given: “next week”, 18 September 2023 – 24 September 2023" in text
    assert "Date given: “Sept. 22-23”, 22 September 2023 – 23 September 2023" in text
    assert "Date given: “on Thursday” ·" in text  # a single day needs no more than its heading
    month = Entry(dataclasses.replace(toast.event, title="Visit in October", date_text="in October", granularity="month",
                                      date="2023-10-01", end_date="2023-10-31", value="2023-10", sentence="Kim will visit in October."), toast.sources)
    month_text = visible_text(to_html(chronology(render_pages(extractions, [month]))))
    assert "Date given: “in October” ·" in month_text  # its heading says October already
    source_page = next(page for name, page in pages.items() if name.startswith("timeline/sources/") and "Summit in Busan" in page)
    assert "22 September 2023 – 23 September 2023" in visible_text(to_html(source_page))


def test_a_decade_is_said_as_a_decade_not_as_its_first_year(sample_timeline):
    extractions, entries = sample_timeline
    toast = entries[0]
    decade = Entry(dataclasses.replace(toast.event, title="Beetles kill the pines", date_text="a decade ago", granularity="decade",
                                       date="2010-01-01", end_date="2019-12-31", value="201"), toast.sources)
    year = Entry(dataclasses.replace(toast.event, title="A drought begins", date_text="in 2010", granularity="year",
                                     date="2010-01-01", end_date="2010-12-31", value="2010"), toast.sources)
    text = visible_text(to_html(chronology(render_pages(extractions, [decade, year]))))
    assert text.index("Sometime in 2010") < text.index("A drought begins") < text.index("Sometime in the 2010s") < text.index("Beetles kill")


def test_a_century_is_said_as_a_century(sample_timeline):
    extractions, entries = sample_timeline
    century = Entry(dataclasses.replace(entries[0].event, title="Railways spread", date_text="the 19th century", granularity="century",
                                        date="1800-01-01", end_date="1899-12-31", value="18"), entries[0].sources)
    text = visible_text(to_html(chronology(render_pages(extractions, [century]))))
    assert "Sometime in the 19th century" in text


# --------------------------------------------------------------------------- #
# Downloads
# --------------------------------------------------------------------------- #


def test_the_timeline_page_offers_its_entries_as_csv_and_json(sample_timeline):
    import csv
    import json

    pages = render_pages(*sample_timeline, min_confidence=0.5)
    html = to_html(pages["timeline/index.md"])
    assert 'href="timeline.csv"' in html and 'href="timeline.json"' in html
    text = pages["timeline/timeline.csv"]
    assert text.startswith("\ufeffdate,")  # the byte-order mark by which Excel reads UTF-8
    rows = list(csv.DictReader(text[1:].splitlines()))
    entries = json.loads(pages["timeline/timeline.json"])
    shown = [e for e in sample_timeline[1] if e.event.confidence >= 0.5]
    assert len(rows) == len(entries) == len(shown) and "Putin has a car" not in pages["timeline/timeline.csv"]
    assert [r["title"] for r in rows] == [e["title"] for e in entries]  # the same entries, in timeline order
    assert [r["date"] for r in rows if r["date"]] == sorted(r["date"] for r in rows if r["date"])
    conflicted = next(r for r in rows if r["sources_disagree"])
    assert "2023-09-12" in conflicted["sources_disagree"] and "2023-09-13" in conflicted["sources_disagree"]
    assert all(r["evidence"] and r["sources"] for r in rows)
    assert any(r["sources"].startswith("Sky News: ") for r in rows)  # each source with its outlet


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_text(hostile_timeline):
    import csv

    extractions, [entry] = hostile_timeline
    formula = dataclasses.replace(entry.event, title='=HYPERLINK("http://evil.example","Click")', places=("+1",), actors=("@SUM(A1)",))
    text = render_pages(extractions, [Entry(formula, entry.sources)])["timeline/timeline.csv"]
    [row] = csv.DictReader(text.lstrip("\ufeff").splitlines())
    assert row["title"] == "'" + formula.title and row["where"] == "'+1" and row["who"] == "'@SUM(A1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_a_quoted_sentence_that_quotes_someone_shows_its_own_quotation_marks_single():
    """Election review: a quote opening with a quote read “"If this government…"."""
    from timeline.writers import _quoted

    assert _quoted('"If the government raises duty, we will act," Volk said.') == "“‘If the government raises duty, we will act,’ Volk said.”"
    assert _quoted("He called it “pure fiction” on Monday.") == "“He called it ‘pure fiction’ on Monday.”"
    assert _quoted('He said:"We act."') == "“He said:‘We act.’”"
    assert _quoted('A 65" screen') == "“A 65&#34; screen”"  # inches, shown as written


def test_a_date_taken_from_an_earlier_sentence_says_so(sample_timeline):
    """Election review: a denial read 'Date given: “Sunday”' though its own sentence has no such word."""
    extractions, entries = sample_timeline
    toast = entries[0]
    scene = Entry(dataclasses.replace(toast.event, title="They also hold talks", sentence="They also held talks."), toast.sources)
    own = Entry(dataclasses.replace(toast.event, sentence="The two leaders toasted their friendship on Wednesday."), toast.sources)
    spaced = Entry(dataclasses.replace(toast.event, title="Xi visits", date_text="Sept.  13", sentence="Xi visited on Sept. 13."), toast.sources)
    text = visible_text(to_html(chronology(render_pages(extractions, [scene, own, spaced]))))
    assert text.count("(earlier in the article)") == 1


def test_a_week_sits_among_the_days_where_it_starts(sample_timeline):
    """Election review: "publishes its manifesto" (9-15 February) was listed above Sunday 1 February."""
    extractions, entries = sample_timeline
    toast = entries[0]  # 13 September 2023
    week = Entry(dataclasses.replace(toast.event, title="Ministers meet in Tokyo", date_text="next week", granularity="week",
                                     date="2023-09-18", end_date="2023-09-24", value="2023-W38", sentence="Ministers meet next week."), toast.sources)
    early = Entry(dataclasses.replace(toast.event, title="Envoys arrive", date="2023-09-02", end_date="2023-09-02", value="2023-09-02"), toast.sources)
    text = visible_text(to_html(chronology(render_pages(extractions, [week, early, toast]))))
    envoys, toasted, ministers = positions(text, "Envoys arrive", toast.event.title, "Ministers meet in Tokyo")
    assert envoys < toasted < ministers
    assert "Week of 18 September 2023 – 24 September 2023" in text  # a heading of its own, in the table of contents


def test_writing_pages_loads_neither_spacy_nor_dateparser():
    """Writing pages needs the merged entries only: no parser, no date reader (about 4 s to load)."""
    check = "import timeline.writers, sys; assert 'spacy' not in sys.modules and 'dateparser' not in sys.modules"
    subprocess.run([sys.executable, "-c", check], check=True, cwd=REPO_ROOT)


# --------------------------------------------------------------------------- #
# Pages that stay short
# --------------------------------------------------------------------------- #


def _many(entry: Entry, days: list[str], actors=("Kim Jong Un",)) -> list[Entry]:
    """One entry a day in ``days`` (ISO), each with its own title, from the given entry."""
    return [
        Entry(dataclasses.replace(entry.event, title=f"Event number {n}", actors=actors, **{
            "date": day, "end_date": day, "value": day, "granularity": "day"}), entry.sources)
        for n, day in enumerate(days)
    ]


def _days(start: str, count: int, per_day: int = 1) -> list[str]:
    first = dt.date.fromisoformat(start)
    return [(first + dt.timedelta(days=n // per_day)).isoformat() for n in range(count)]


def test_a_long_year_is_split_by_month_and_a_long_month_in_parts(sample_timeline):
    extractions, entries = sample_timeline
    # 2023: 230 days in January to August, then 250 entries in October (10 a day): over the limit twice.
    many = _many(entries[0], _days("2023-01-01", 230) + _days("2023-10-01", 250, per_day=10))
    pages = render_pages(extractions, [*entries, *many])
    periods = sorted(p for p in pages if re.fullmatch(r"timeline/(\d{4}|undated).*\.md", p))
    assert "timeline/2023-01.md" in periods and "timeline/2023-10.md" in periods and "timeline/2023-10-part-2.md" in periods
    assert "timeline/2024.md" in periods  # a short year stays whole
    for path in periods:
        assert pages[path].count('<div class="tl-entry') <= PAGE_LIMIT, path
    assert sum(pages[p].count('<div class="tl-entry') for p in periods) == len(entries) + len(many)
    # October's parts are cut between days: no day heading on both.
    first, second = pages["timeline/2023-10.md"], pages["timeline/2023-10-part-2.md"]
    days = lambda page: set(re.findall(r"\{ #(2023-10-\d\d) ", page))  # noqa: E731
    assert days(first) and days(second) and not days(first) & days(second)
    # The year page lists its months with counts and keeps what is known only to the month or year.
    year = to_html(pages["timeline/2023.md"])
    assert 'href="2023-01.md">January 2023</a> (31)' in year and "(part 2)" in year
    index = to_html(pages["timeline/index.md"])
    assert re.search(r'<td><a href="2023.md">2023</a></td>\s*<td>\d+</td>', index)
    assert f"<td>{len(many) + 6}</td>" in index  # 2023 counts its months: the sample's six 2023 entries and the many


def test_period_pages_link_to_the_previous_and_next_in_order(sample_timeline):
    extractions, entries = sample_timeline
    pages = render_pages(extractions, [*entries, *_many(entries[0], _days("2023-01-01", 230))])
    order, path = [], "timeline/2023.md"
    while path:
        order.append(path)
        following = re.search(r'<a href="([^"]+)" rel="next">', to_html(pages[path]))
        path = f"timeline/{following.group(1)}" if following else None
    assert order[:3] == ["timeline/2023.md", "timeline/2023-01.md", "timeline/2023-02.md"]
    assert order[-2:] == ["timeline/2024.md", "timeline/undated.md"]
    assert set(order) == {p for p in pages if re.fullmatch(r"timeline/(\d{4}|undated).*\.md", p)}
    back = re.search(r'<a href="([^"]+)" rel="prev">', to_html(pages["timeline/2023-01.md"])).group(1)
    assert back == "2023.md"


def test_old_one_page_anchors_are_mapped_to_their_period_page(sample_timeline):
    import html as html_module
    import json

    extractions, entries = sample_timeline
    many = _many(entries[0], _days("2023-01-01", 230) + _days("2023-10-01", 250, per_day=10))
    pages = render_pages(extractions, [*entries, *many])
    index = pages["timeline/index.md"]
    data = re.search(r'<div class="tl-old-anchors" hidden data-pages="([^"]*)" data-parts="([^"]*)" data-moved="([^"]*)"></div>', index)
    keys = frozenset(data.group(1).split())
    parts, moved = (json.loads(html_module.unescape(data.group(n))) for n in (2, 3))
    assert parts == {"2023-10": [["2023-10-21", "2023-10-part-2"]]}
    for path, page in pages.items():
        if re.fullmatch(r"timeline/(\d{4}|undated).*\.md", path):
            for anchor in re.findall(r'id="([^"]+)"|\{ #([^ }]+)', page):
                anchor = anchor[0] or anchor[1]
                listed = [page for page, hashes in moved.items() if anchor_hash(anchor) in hashes.split()]
                found = listed[0] if listed else guess_period(anchor, keys, parts)
                assert anchor in pages[f"timeline/{found}.md"], (anchor, path, found)
    assert guess_period("2023-09-13", keys, parts) == "2023-09" and guess_period("2024", keys, parts) == "2024"
    assert guess_period("2023-10-25-event-number-479", keys, parts) == "2023-10-part-2"
    # Only what the rule would place wrong is listed: the sample's September entries, known only
    # to their month, sit on the month page, as guessed; so nothing is.
    assert moved == {}


def test_a_name_of_one_entry_from_one_source_is_listed_on_its_index_not_given_a_page(sample_timeline):
    pages = render_pages(*sample_timeline)
    assert "timeline/places/komsomolsk-on-amur.md" not in pages and "timeline/places/vostochny-cosmodrome.md" in pages
    places = to_html(pages["timeline/places/index.md"])
    row = re.search(r'<span id="named-komsomolsk-on-amur"></span>Komsomolsk-on-Amur</td>.*?</tr>', places, re.S).group()
    assert "Kim visits aviation factories" in row and 'href="../2023.md#2023-09-14-kim-visits' in row
    card = to_html(pages["timeline/2023.md"])
    assert 'href="places/index.md#named-komsomolsk-on-amur">Komsomolsk-on-Amur</a>' in card
    assert 'href="places/vostochny-cosmodrome.md">Vostochny Cosmodrome</a>' in card
    # Two sources are enough for a page, even for a single entry.
    talks = next(e for e in sample_timeline[1] if len(e.sources) == 2)
    lone = Entry(dataclasses.replace(talks.event, places=("Khabarovsk",)), talks.sources)
    assert "timeline/places/khabarovsk.md" in render_pages(sample_timeline[0], [*sample_timeline[1], lone])


def test_each_event_type_has_a_page_linked_from_its_cards(sample_timeline):
    pages = render_pages(*sample_timeline)
    visit = to_html(pages["timeline/types/visit.md"])
    assert "<h1" in visit and "visit" in visit and visit.count("<tr>") == 1 + 4
    card = to_html(pages["timeline/2023.md"])
    assert '<a class="tl-type" href="types/visit.md">visit</a>' in card
    assert '<a class="tl-type" href="types/index.md#named-toast-or-ceremony">toast or ceremony</a>' in card


def test_a_long_entity_timeline_is_split_by_year_with_links_up_and_across(sample_timeline):
    extractions, entries = sample_timeline
    many = _many(entries[0], _days("2022-09-01", 250), actors=("Kim Jong Un",))  # 122 in 2022, 128 in 2023
    pages = render_pages(extractions, [*entries, *many])
    kim = to_html(pages["timeline/actors/kim-jong-un.md"])
    assert 'href="kim-jong-un/2022.md">2022</a> (122)' in kim and 'href="kim-jong-un/2023.md">2023</a> (133)' in kim
    year = to_html(pages["timeline/actors/kim-jong-un/2022.md"])
    assert year.count("<tr>") == 1 + 122
    assert 'href="../../2022.md#2022-09-01-event-number-0"' in year
    assert 'href="../kim-jong-un.md">All of Kim Jong Un</a>' in year and 'rel="next"' in year
    assert all(to_html(page).count("<tr>") <= PAGE_LIMIT + 1 for path, page in pages.items() if path.startswith("timeline/actors/"))


def test_over_two_hundred_sources_are_listed_by_month_of_publication(sample_timeline):
    extractions, entries = sample_timeline
    sky = extractions[0].article
    more = [
        dataclasses.replace(extractions[1], article=dataclasses.replace(sky, id=f"story-{n}", published=dt.date(2023, 1 + n % 3, 1)))
        for n in range(210)
    ]
    pages = render_pages([*extractions, *more], entries)
    index = to_html(pages["timeline/sources/index.md"])
    assert 'href="published/2023-09.md">September 2023</a></td>\n<td>2</td>' in index
    assert 'href="published/2023-03.md">March 2023</a></td>\n<td>70</td>' in index
    assert index.index("September 2023") < index.index("March 2023")  # newest first
    march = to_html(pages["timeline/sources/published/2023-03.md"])
    assert march.count('href="../story-') == 70 and 'href="../index.md">All sources</a>' in march
    assert all(to_html(page).count("<tr>") <= PAGE_LIMIT + 1 for path, page in pages.items() if path.startswith("timeline/sources/"))


# --------------------------------------------------------------------------- #
# The story's overview on the home page
# --------------------------------------------------------------------------- #


def test_the_overview_gives_title_description_dates_and_counts(sample_timeline):
    story = Story(title="Putin meets Kim", description="The Vostochny summit, day by day.")
    pages = render_pages(*sample_timeline, min_confidence=0.5, story=story)
    assert "timeline/overview.snippet" in pages and not pages["timeline/overview.snippet"].startswith("---")
    text = visible_text(to_html("---\ntitle: Home\n---\n" + pages["timeline/overview.snippet"]))
    assert text.startswith("Putin meets Kim")
    assert "The Vostochny summit, day by day." in text
    assert "From September 2023 to 2024: 7 events from 2 sources, naming 4 actors." in text


def test_the_overview_lists_the_ten_newest_events_newest_first_and_the_most_named_actors(sample_timeline):
    extractions, entries = sample_timeline
    many = _many(entries[0], _days("2023-10-01", 12))
    html = to_html("---\ntitle: Home\n---\n" + render_pages(extractions, [*entries, *many])["timeline/overview.snippet"])
    latest = html.split('id="latest"', 1)[1].split("</ul>", 1)[0]
    titles = re.findall(r'<li>[^<]*<a href="[^"]+">([^<]+)</a>', latest)
    assert titles[0] == "Russia and North Korea sign a defence pact"  # 2024, the newest
    assert titles[1:] == [f"Event number {n}" for n in range(11, 2, -1)] and len(titles) == 10
    assert 'href="timeline/2023.md#2023-10-12-event-number-11"' in latest
    named = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>: (\d+) events?</li>', html.split('id="actors"', 1)[1])
    assert [(name, int(n)) for _, name, n in named] == [("Kim Jong Un", 17), ("Vladimir Putin", 5), ("North Korea", 1), ("Russia", 1)]
    assert named[0][0] == "timeline/actors/kim-jong-un.md" and named[2][0] == "timeline/actors/index.md#named-north-korea"


def test_the_chart_counts_events_per_month_with_a_title_and_a_table(sample_timeline):
    extractions, entries = sample_timeline
    november = _many(entries[0], _days("2023-11-01", 3))
    snippet = render_pages(extractions, [*entries, *november])["timeline/overview.snippet"]
    assert events_per_month(tuple(sorted([*entries, *november], key=lambda e: e.event.date or ""))) == [
        ("2023-09", 6), ("2023-10", 0), ("2023-11", 3)
    ]  # an empty month is drawn too; the 2024 pact, known only to the year, is in no month
    svg = re.search(r"<svg[^>]*>.*?</svg>", snippet, re.S).group()
    assert 'role="img"' in svg and 'aria-labelledby="tl-chart-title"' in svg
    assert re.search(r'<title id="tl-chart-title">Events per month, September 2023 to November 2023: 9 events', svg)
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights[0] == 2 * heights[2] and heights[1] == 0
    cells = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", snippet)
    assert cells == [("September 2023", "6"), ("October 2023", "0"), ("November 2023", "3")]
    assert "<script" not in snippet


def test_a_hostile_title_or_description_is_only_text(sample_timeline):
    story = Story(title=HOSTILE_TEXT, description=HOSTILE_TEXT)
    html = to_html("---\ntitle: Home\n---\n" + render_pages(*sample_timeline, story=story)["timeline/overview.snippet"])
    assert "<script" not in html and "<img" not in html and not re.search(r"<[^>]*\son\w+=", html)
    assert "window.__pwned" in visible_text(html)


def test_cards_carry_what_the_filters_match_and_the_form_is_hidden_without_script(sample_timeline):
    extractions, entries = sample_timeline
    denied = Entry(dataclasses.replace(entries[0].event, title="Putin cancels the toast", negated=True), entries[0].sources)
    html = to_html(render_pages(extractions, [*entries, denied])["timeline/2023.md"])
    card = re.search(r'<div class="tl-entry[^>]*id="2023-09-13-putin-cancels-the-toast"[^>]*>', html).group()
    assert 'data-status="happened denied"' in card and 'data-type="toast-or-ceremony"' in card
    assert 'data-actors="kim-jong-un vladimir-putin"' in card and 'data-date="2023-09-13"' in card
    form = re.search(r"<form [^>]*>", html).group()
    assert "hidden" in form
    assert '<option value="vladimir-putin">Vladimir Putin</option>' in html and 'min="2023-09-01" max="2023-09-14"' in html
