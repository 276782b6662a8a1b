"""The site: a real ``mkdocs build --strict`` of generated docs, and the seeds/ watcher behind ``serve``."""

from __future__ import annotations

import glob
import os
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, copy_site_project, fetch_page, free_port, make_sample_timeline, wait_for
from timeline.site import (
    SiteError,
    build_site,
    check_dev_addr,
    check_site_files,
    init_project,
    mkdocs_config_file,
    moved_nav,
    requirement_for,
    scaffold_files,
    serve,
    watch_and_regenerate,
)
from timeline.writers import FORMER_FOLDERS, write_docs


def test_strict_build_has_the_timeline_with_day_anchors(built_site):
    html = (built_site / "timeline" / "2023" / "index.html").read_text()
    day_ids = re.findall(r'<h3 class="tl-day" id="([^"]+)"', html)
    assert day_ids == ["2023-09-13", "2023-09-14", "2023-09-15"]
    assert re.findall(r'<h1 id="([^"]+)"', html) == ["2023"]
    assert re.findall(r'<h2 class="tl-month" id="([^"]+)"', html) == ["2023-09"]
    assert re.search(
        r'<div class="tl-entry tl-entry--planned" data-actors="kim-jong-un" data-date="2023-09-14" data-status="planned"'
        r' data-type="visit" id="2023-09-14-kim-visits[^"]*">\s*'
        r'<p><span class="tl-badge tl-badge--planned">Planned</span>',
        html,
    )
    assert '<link rel="stylesheet" href="../../assets/timeline.css">' in html
    assert '<script src="../../assets/timeline.js"></script>' in html


def test_every_generated_page_is_built_but_only_indexes_are_in_the_nav(built_site):
    for page in ("timeline/sources/000-52d71b10ba252412", "timeline/sources/wire-0913", "timeline/actors/vladimir-putin",
                 "timeline/places/vostochny-cosmodrome", "timeline/types/visit", "timeline/2023", "timeline/undated", "timeline/visual",
                 "timeline/actors", "timeline/places", "timeline/sources", "timeline/types"):
        assert (built_site / page / "index.html").is_file(), page
    html = (built_site / "timeline" / "index.html").read_text()
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    assert tabs == ["Home", "Timeline", "Visual", "Sources", "Actors", "Places"]
    assert "vladimir-putin" not in html.split('class="md-tabs"', 1)[1].split("</nav>", 1)[0]


def test_links_resolve_to_built_pages(built_site):
    html = (built_site / "timeline" / "2023" / "index.html").read_text()
    hrefs = set(re.findall(r'href="(\.\./(?:sources|actors|places|types)/[^"#]+)"', html))
    assert "../sources/000-52d71b10ba252412/" in hrefs and "../types/visit/" in hrefs
    for href in hrefs:
        assert (built_site / "timeline" / "2023" / href / "index.html").resolve().is_file(), href
    search = (built_site / "search" / "search_index.json").read_text()
    assert "Komsomolsk-on-Amur" in search  # a clean build, never --dirty: search is full


def test_search_covers_each_entry_once_and_no_quote(built_site):
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    text = {doc["location"]: doc["text"] for doc in docs}
    day = text["timeline/2023/#2023-09-13"]
    assert "Putin and Kim Jong Un toast their friendship with Russian wine" in day  # the title
    assert "Who: Kim Jong Un, Vladimir Putin" in day and "Where: Vostochny Cosmodrome" in day
    everything = " ".join(text.values())
    assert "Mr Putin showed Kim around" not in everything  # a quoted sentence: shown, not indexed
    assert "not confirmed" not in everything and "All years" not in everything  # nor a page's legend or pager
    repeated = [where for where, said in text.items() if "friendship with Russian wine" in said and not where.startswith("timeline/20")]
    assert all(not where.startswith("timeline/") for where in repeated), repeated  # only the home page's newest 10
    assert text["timeline/actors/vladimir-putin/"].startswith("<p>4 events")  # the actor's page is found by its name


def test_hand_written_home_page_is_kept(built_site, site_project):
    assert (site_project / "docs" / "index.md").read_text().startswith("---\nhide:")
    assert "How to read it" in (built_site / "index.html").read_text()


def test_strict_build_failure_names_the_problem(tmp_path):
    project = copy_site_project(tmp_path / "project")
    write_docs(project / "docs", *make_sample_timeline())
    (project / "docs" / "notes.md").write_text("# Notes\n\nSee [the plan](missing-page.md).\n")
    with pytest.raises(SiteError, match=r"(?s)strict mode.*notes\.md.*missing-page\.md"):
        build_site(project, site_dir=tmp_path / "out")
    assert build_site(project, strict=False, site_dir=tmp_path / "out") == tmp_path / "out"


def test_folders_can_be_set_apart_from_mkdocs_yml(tmp_path, site_project):
    docs = tmp_path / "elsewhere"
    write_docs(docs, *make_sample_timeline())
    (docs / "index.md").write_text("# Elsewhere\n")
    site = build_site(site_project, docs_dir=docs, site_dir=tmp_path / "public")
    assert site == tmp_path / "public"
    assert "Elsewhere" in (site / "index.html").read_text()
    assert (site / "timeline" / "index.html").is_file()


def test_the_config_file_can_be_given_instead_of_the_folder(tmp_path, site_project):
    site = build_site(site_project / "mkdocs.yml", site_dir=tmp_path / "public")
    assert (site / "timeline" / "index.html").is_file()


def test_missing_config_is_a_clear_error(tmp_path):
    with pytest.raises(SiteError, match="mkdocs.yml: not found"):
        build_site(tmp_path)
    with pytest.raises(SiteError, match="other.yml: not found"):
        build_site(tmp_path / "other.yml")


def test_a_change_in_seeds_regenerates_once_per_burst(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    calls = []
    done = threading.Event()

    def regenerate():
        calls.append(sorted(p.name for p in seeds.iterdir()))
        done.set()

    stop = watch_and_regenerate([seeds], regenerate)
    try:
        time.sleep(0.2)  # let the observer start
        for n in range(3):
            (seeds / f"article-{n}.md").write_text(f"# Article {n}\n")
        assert done.wait(10), "regenerate was never called"
        time.sleep(0.6)
    finally:
        stop()
    assert calls == [["article-0.md", "article-1.md", "article-2.md"]]



def test_a_watched_file_regenerates_even_if_it_did_not_exist_and_its_neighbours_do_not(tmp_path):
    """corrections.yml and timeline.yml are watched through the project folder, where other files change too."""
    called = threading.Event()
    stop = watch_and_regenerate([tmp_path / "corrections.yml"], called.set)
    try:
        time.sleep(0.2)  # let the observer start
        (tmp_path / "notes.txt").write_text("not watched")
        assert not called.wait(1.0)
        saved = tmp_path / ".corrections.yml.swp"  # editors save a copy, then rename it over the file
        saved.write_text("abcdefgh:\n  hide: true\n")
        saved.rename(tmp_path / "corrections.yml")
        assert called.wait(10), "regenerate was never called"
    finally:
        stop()

SERVE_SCRIPT = """
import sys
from pathlib import Path
from timeline.site import serve

project = Path(sys.argv[1])
seeds = project / "seeds"

def regenerate():
    names = ", ".join(sorted(p.name for p in seeds.iterdir()))
    (project / "docs" / "timeline" / "index.md").write_text("# Timeline\\n\\nSeeds: " + names + "\\n")

regenerate()
serve(project, regenerate=regenerate, watch=seeds, dev_addr="127.0.0.1:" + sys.argv[2])
"""


def test_serve_regenerates_and_rebuilds_when_a_seed_changes(tmp_path):
    """With a nav of the former layout (``actors/index.md``), mapped to the moved page, and said."""
    project = copy_site_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(": timeline/actors/index.md", ": actors/index.md"))
    write_docs(project / "docs", [], [])
    (project / "seeds").mkdir()
    (project / "seeds" / "first.md").write_text("# First\n")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE_SCRIPT, str(project), str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/timeline/"
    try:
        assert wait_for(lambda: "Seeds: first.md" in fetch_page(url)), "the site was never served"
        assert 'href="actors/"' in fetch_page(url).split('class="md-tabs"', 1)[1].split("</nav>", 1)[0]
        (project / "seeds" / "second.md").write_text("# Second\n")
        assert wait_for(lambda: "Seeds: first.md, second.md" in fetch_page(url)), "no rebuild after a seed change"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            output, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert "Serving on http://127.0.0.1:" in output
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if text.endswith(": actors/index.md"))
    assert f"{config} line {line}: the nav names actors/index.md, now timeline/actors/index.md" in output


# --- the published site's address --------------------------------------------------------------


def _root_links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/[^"]*)"', html)


def test_the_404_page_links_under_the_site_url_of_a_project_site(tmp_path, monkeypatch):
    project = copy_site_project(tmp_path / "project")
    write_docs(project / "docs", *make_sample_timeline())
    monkeypatch.setenv("SITE_URL", "https://example.github.io/repo/")
    not_found = (build_site(project, site_dir=tmp_path / "published") / "404.html").read_text()
    links = _root_links(not_found)
    assert "/repo/timeline/" in links and any(link.startswith("/repo/assets/") for link in links)
    assert all(link.startswith("/repo/") for link in links), links

    monkeypatch.delenv("SITE_URL")
    local = (build_site(project, strict=True, site_dir=tmp_path / "local") / "404.html").read_text()
    assert "/timeline/" in _root_links(local) and not [link for link in _root_links(local) if "/repo/" in link]


def test_the_pages_workflow_passes_the_pages_address_to_the_build():
    workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    configure = [i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/configure-pages@")]
    build = [i for i, step in enumerate(steps) if "timeline build" in step.get("run", "")]
    assert configure and build and configure[0] < build[0]
    step_id = steps[configure[0]]["id"]
    assert steps[build[0]]["env"]["SITE_URL"] == f"${{{{ steps.{step_id}.outputs.base_url }}}}"
    assert re.search(r"^site_url: !ENV \[SITE_URL, \"\"\]$", (REPO_ROOT / "mkdocs.yml").read_text(), re.M)


# --- serving problems are one-line errors ------------------------------------------------------


def test_a_broken_mkdocs_yml_is_one_line_before_any_build(tmp_path):
    project = copy_site_project(tmp_path / "project")
    with (project / "mkdocs.yml").open("a") as config:
        config.write("nav: [\n")
    with pytest.raises(SiteError) as error:
        mkdocs_config_file(project)
    assert str(error.value).startswith(f"{project / 'mkdocs.yml'}: invalid configuration") and "\n" not in str(error.value)
    assert mkdocs_config_file(copy_site_project(tmp_path / "fine")) == tmp_path / "fine" / "mkdocs.yml"
    tagged = tmp_path / "tagged.yml"  # MkDocs' own YAML tags are not errors
    tagged.write_text("site_name: !ENV [NAME, Timeline]\nmarkdown_extensions:\n  - toc:\n      base: !relative $config_dir\n")
    assert mkdocs_config_file(tagged) == tagged


@pytest.mark.parametrize("address", ["8000", "localhost:http", "127.0.0.1:70000"])
def test_an_address_that_is_not_host_and_port_is_refused(address):
    with pytest.raises(SiteError, match="write it as HOST:PORT"):
        check_dev_addr(address)


def test_a_port_in_use_is_a_site_error_both_before_and_while_serving(tmp_path):
    project = copy_site_project(tmp_path / "project")
    write_docs(project / "docs", [], [])
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        address = f"127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(SiteError, match=rf"{address}: cannot serve on this address \(Address already in use\)"):
            check_dev_addr(address)
        # Taken after the check (or never checked): MkDocs binds after its first build.
        with pytest.raises(SiteError, match=rf"{address}: cannot serve on this address \(Address already in use\)"):
            serve(project, dev_addr=address)
    check_dev_addr(address)  # free again


# --- a new project: the scaffold -----------------------------------------------------------------

#: The repository is itself a timeline project: these files are the scaffold's, byte for byte.
SHARED_WITH_THE_REPO = (
    ".github/workflows/pages.yml", "docs/assets/timeline.css", "docs/assets/timeline.js", "docs/index.md", "mkdocs.yml",
    "docs/assets/timeline-visual.css", "docs/assets/timeline-visual.js", *(
        f"docs/assets/vendor/vis-timeline/{name}" for name in (
            "LICENSE.Apache-2.0.txt", "LICENSE.MIT.txt", "README.txt", "vis-timeline-graph2d.min.js",
        )
    ),
)


@pytest.mark.parametrize("name", SHARED_WITH_THE_REPO)
def test_the_repository_uses_the_scaffold_files_unchanged(name):
    assert name in scaffold_files()
    assert (REPO_ROOT / name).read_bytes() == scaffold_files()[name], (
        f"{name} differs from timeline/scaffold/{name}: edit the scaffold's copy and copy it over the repository's"
    )


def test_the_package_data_lines_ship_every_scaffold_file():
    """pyproject's globs, not the source tree, decide what a wheel holds (a "*" misses dotfiles)."""
    pyproject = (REPO_ROOT / "pyproject.toml").read_text()
    block = re.search(r"^\[tool\.setuptools\.package-data\]\ntimeline = \[(.*?)\]", pyproject, re.S | re.M).group(1)
    shipped = {  # matched as setuptools matches them: with the standard library's glob
        Path(match).relative_to(REPO_ROOT / "timeline").as_posix()
        for pattern in re.findall(r'"([^"]+)"', block)
        for match in glob.glob(str(REPO_ROOT / "timeline" / pattern), recursive=True)
        if Path(match).is_file()
    }
    assert {name for name in shipped if name.startswith("scaffold/")} == {f"scaffold/{name}" for name in scaffold_files()}
    assert "models/event_mentions.json" in shipped  # the learned event-mention model


def test_a_new_project_builds_strictly_and_init_keeps_what_is_there(tmp_path):
    report = init_project(tmp_path / "new")
    assert set(report.created) == set(scaffold_files()) | {"requirements.txt"} and report.kept == ()
    write_docs(tmp_path / "new" / "docs", [], [])
    site = build_site(tmp_path / "new", strict=True)
    assert (site / "assets" / "timeline.css").is_file() and (site / "timeline" / "index.html").is_file()

    (tmp_path / "new" / "docs" / "index.md").write_text("# Mine\n")
    (tmp_path / "new" / "docs" / "assets" / "timeline.css").unlink()
    again = init_project(tmp_path / "new")
    assert again.created == ("docs/assets/timeline.css",) and "docs/index.md" in again.kept
    assert (tmp_path / "new" / "docs" / "index.md").read_text() == "# Mine\n"


def test_the_stylesheet_may_be_written_any_way_mkdocs_reads_it(tmp_path):
    project = copy_site_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    for listed in ("./assets/timeline.css", "/assets/timeline.css", "assets//timeline.css"):
        config.write_text((REPO_ROOT / "mkdocs.yml").read_text().replace("  - assets/timeline.css\n", f"  - {listed}\n"))
        check_site_files(config)
    config.write_text((REPO_ROOT / "mkdocs.yml").read_text().replace("docs_dir: docs", "docs_dir: pages"))
    with pytest.raises(SiteError, match=r"pages/index\.md: not found"):  # mkdocs.yml's docs_dir, from its folder
        check_site_files(config)
    check_site_files(config, docs_dir=project / "docs")  # unless the command line gives another


@pytest.mark.parametrize(
    ("origin", "requirement"),
    [
        ({"url": "https://github.com/me/timeline", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
         "timeline @ git+https://github.com/me/timeline@abc123"),
        ({"url": "https://example.org/timeline-0.1.0.tar.gz", "archive_info": {}},
         "timeline @ https://example.org/timeline-0.1.0.tar.gz"),
        ({"url": "file:///home/me/timeline", "dir_info": {"editable": True}}, None),  # CI cannot reach it
        ({}, None),
        ([], None),
    ],
)
def test_the_pages_workflow_installs_timeline_from_where_pip_got_it(origin, requirement):
    assert requirement_for(origin) == requirement


@pytest.mark.parametrize("page", ["timeline.md", "timeline.markdown"])
def test_a_hand_written_page_at_the_address_of_a_generated_folder_is_refused(tmp_path, page):
    project = copy_site_project(tmp_path / "project")
    check_site_files(project / "mkdocs.yml")
    (project / "docs" / page).write_text("# Mine\n")
    with pytest.raises(SiteError) as error:
        check_site_files(project / "mkdocs.yml")
    message = str(error.value)
    assert message.startswith(f"{project / 'docs' / page}: would be hidden by the generated {page.split('.')[0]}/ pages")
    assert "rename it" in message and "\n" not in message
    config = project / "mkdocs.yml"  # without directory URLs it is page.html, apart from the folder's index.html
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    check_site_files(config)


def test_a_site_folder_that_cannot_be_written_is_one_line(tmp_path, site_project):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n")
    with pytest.raises(SiteError) as error:
        build_site(site_project, site_dir=blocked / "site")
    message = str(error.value)
    assert message.startswith(str(blocked)) and "cannot write the site" in message and "\n" not in message


def test_a_read_only_site_folder_is_one_line_without_a_traceback(tmp_path, site_project):
    """As root the folder would be writable anyway: the build then runs without the capability to ignore modes."""
    site = tmp_path / "site"
    site.mkdir(mode=0o555)
    script = f"from timeline.site import build_site; build_site({str(site_project)!r}, site_dir={str(site)!r})"
    command = [sys.executable, "-c", script]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: a read-only folder is writable")
        drop = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    last = result.stderr.strip().splitlines()[-1]  # what the uncaught exception was
    assert last.startswith(f"timeline.site.SiteError: {site}") and last.endswith("cannot write the site (Permission denied)")


def test_old_addresses_of_sources_actors_places_and_types_lead_to_their_new_pages(built_site, site_project):
    page = (built_site / "actors" / "vladimir-putin" / "index.html").read_text()
    new = "../../timeline/actors/vladimir-putin/"
    assert f'<meta http-equiv="refresh" content="0; url={new}">' in page
    assert f'<link rel="canonical" href="{new}">' in page and f'<a href="{new}">' in page
    assert (built_site / "timeline" / "actors" / "vladimir-putin" / "index.html").is_file()
    assert 'url=../timeline/actors/">' in (built_site / "actors" / "index.html").read_text()
    for address in ("sources/wire-0913", "sources", "places/vostochny-cosmodrome", "places", "types/visit", "types"):
        assert "This page has moved" in (built_site / address / "index.html").read_text(), address
    assert not any((site_project / "docs" / kind).exists() for kind in FORMER_FOLDERS)  # the site's, never docs/


def test_a_page_of_the_users_at_an_old_address_is_never_replaced_by_a_redirect(tmp_path):
    project = copy_site_project(tmp_path / "project")
    write_docs(project / "docs", *make_sample_timeline())
    (project / "docs" / "actors").mkdir()
    (project / "docs" / "actors" / "vladimir-putin.md").write_text("# My Putin page\n")
    site = build_site(project, strict=True)
    assert "My Putin page" in (site / "actors" / "vladimir-putin" / "index.html").read_text()
    assert "This page has moved" in (site / "actors" / "kim-jong-un" / "index.html").read_text()


def test_an_old_nav_is_mapped_to_the_moved_pages_with_the_lines_to_change(tmp_path):
    docs = tmp_path / "docs"
    for page in ("timeline/actors/index.md", "timeline/types/index.md", "actors/notes.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# Page\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text("nav:\n  - Home: index.md\n  - Actors: actors/index.md\n  - More:\n    - 'types/index.md'\n    - Mine: actors/notes.md\n")
    nav = yaml.safe_load(config.read_text())["nav"]
    mapped, note = moved_nav(config, nav, docs)
    assert mapped == [{"Home": "index.md"}, {"Actors": "timeline/actors/index.md"}, {"More": ["timeline/types/index.md", {"Mine": "actors/notes.md"}]}]
    assert note == (
        f"{config} lines 3, 5: the nav names actors/index.md, types/index.md, now timeline/actors/index.md,"
        " timeline/types/index.md; write the new paths there (until then each build maps them)"
    )
    assert moved_nav(config, mapped, docs) == (mapped, None)  # a nav of the new layout: no note
