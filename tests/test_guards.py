"""Never lose a user's files: output folders, one build at a time, staging left by killed runs.

Each refusal is checked twice: the message names the folder and the way on, and
nothing at all was written (no pages, no lock file, no site).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT, copy_site_project
from timeline.cli import main
from timeline import guards
from timeline.guards import LOCK_NAME, OWNED_MARKER, SWAP_JOURNAL, exchange, project_lock, swap_folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The repository's site files and seed article in a folder of their own, as the working directory."""
    project = copy_site_project(tmp_path / "project")
    shutil.copytree(REPO_ROOT / "seeds", project / "seeds")
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def cache(tmp_path_factory) -> str:
    """One extraction cache for the whole module, outside every project: spaCy runs once."""
    return str(tmp_path_factory.getbasetemp() / "guards-cache")


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_build_into_the_home_folder_is_refused_even_with_force(project, tmp_path, monkeypatch, capsys, cache):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.odt").write_bytes(b"years of work")
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(project)
    for force in ([], ["--force"]):
        code, err = run(capsys, "build", "--site", str(home), "--cache-dir", cache, *force)
        assert code == 1 and f"--site {home}: refused, it is your home folder" in err
    assert snapshot(home) == {"Documents/thesis.odt": b"years of work"}
    assert snapshot(project) == before  # refused before anything was written, lock included


def test_a_site_folder_of_other_files_is_refused_untouched_and_force_replaces_it(project, tmp_path, capsys, cache):
    site = tmp_path / "public"
    site.mkdir()
    (site / "photo.jpg").write_bytes(b"\xff\xd8")
    code, err = run(capsys, "build", "--site", str(site), "--cache-dir", cache)
    assert code == 1 and f"--site {site}: refused, the folder has files timeline did not write" in err and "--force" in err
    assert snapshot(site) == {"photo.jpg": b"\xff\xd8"} and not (project / "docs" / "timeline").exists()
    code, err = run(capsys, "build", "--site", str(site), "--cache-dir", cache, "--force")
    assert code == 0, err
    assert (site / "index.html").is_file() and (site / OWNED_MARKER).is_file() and not (site / "photo.jpg").exists()
    code, err = run(capsys, "build", "--site", str(site), "--cache-dir", cache)  # its own output now: no --force
    assert code == 0, err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left beside it


@pytest.mark.parametrize("where", ["/", "/etc", "/usr", "~"])
def test_docs_in_a_top_or_home_folder_are_refused_even_with_force(project, tmp_path, monkeypatch, capsys, cache, where):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    docs = str(tmp_path / "home") if where == "~" else where
    code, err = run(capsys, "generate", "--docs", docs, "--cache-dir", cache, "--force")
    assert code == 1 and f"--docs {docs}: refused, it is" in err
    assert not (Path(docs) / "timeline").exists()


def test_a_generated_folder_someone_else_made_is_refused_and_a_file_added_later_is_kept(project, capsys, cache):
    mine = project / "docs" / "timeline"
    mine.mkdir()
    (mine / "kim.md").write_text("# My research on Kim\n")
    (project / "docs" / "actors").mkdir()  # where an earlier version wrote, but unmarked: never timeline's
    (project / "docs" / "actors" / "index.md").write_text("# My actors\n")
    code, err = run(capsys, "generate", "--cache-dir", cache)
    assert code == 1 and f"generated folder {mine}: refused" in err
    assert snapshot(mine) == {"kim.md": b"# My research on Kim\n"}
    code, err = run(capsys, "generate", "--cache-dir", cache, "--force")
    assert code == 0, err
    assert f"warning: {mine / 'kim.md'}: not written by timeline; kept" in err
    assert (mine / "kim.md").read_text() == "# My research on Kim\n"
    code, err = run(capsys, "generate", "--cache-dir", cache)  # marked now: no --force needed, still kept
    assert code == 0 and "kim.md: not written by timeline; kept" in err
    assert snapshot(project / "docs" / "actors") == {"index.md": b"# My actors\n"} and "docs/actors" not in err


def test_init_refuses_a_home_folder_and_a_folder_of_other_files(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine")
    monkeypatch.setenv("HOME", str(home))
    code, err = run(capsys, "init", str(home), "--force")
    assert code == 1 and "refused, it is your home folder" in err
    other = tmp_path / "downloads"
    other.mkdir()
    (other / "report.pdf").write_bytes(b"%PDF")
    code, err = run(capsys, "init", str(other))
    assert code == 1 and "refused, the folder has other files" in err and "--force" in err
    assert snapshot(other) == {"report.pdf": b"%PDF"} and snapshot(home) == {"notes.txt": b"mine"}
    code, err = run(capsys, "init", str(other), "--force")
    assert code == 0 and (other / "mkdocs.yml").is_file() and (other / "report.pdf").read_bytes() == b"%PDF"


def test_a_second_run_with_no_wait_names_the_running_build(project, capsys, cache):
    with project_lock(project / LOCK_NAME):
        code, err = run(capsys, "generate", "--cache-dir", cache, "--no-wait")
    assert code == 1 and f"another build (pid {os.getpid()}, started " in err and "is running" in err
    assert not (project / "docs" / "timeline").exists() and not (project / LOCK_NAME).exists()


def test_a_second_run_waits_for_the_first_then_goes_on(project, capsys, cache):
    held, release = threading.Event(), threading.Event()

    def first_build() -> None:
        with project_lock(project / LOCK_NAME):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=first_build)
    holder.start()
    held.wait(10)
    threading.Timer(1.0, release.set).start()
    code, err = run(capsys, "generate", "--cache-dir", cache)
    holder.join()
    assert code == 0, err
    assert f"Waiting for another build (pid {os.getpid()}" in err
    assert (project / "docs" / "timeline" / "index.md").is_file() and not (project / LOCK_NAME).exists()


def test_a_lock_left_by_a_killed_build_is_taken_over_with_a_warning(project, capsys, cache):
    (project / LOCK_NAME).write_text("999999999 2026-12-01T02:00:00+00:00\n")  # no such process
    code, err = run(capsys, "generate", "--cache-dir", cache)
    assert code == 0
    assert "warning: took over the lock of a build that is no longer running (pid 999999999, started 2026-12-01T02:00:00+00:00)" in err
    assert not (project / LOCK_NAME).exists()


def test_two_builds_at_once_both_end_well_and_write_what_one_clean_build_writes(project, tmp_path, cache):
    """Both builds are started while a third holds the lock, so they surely meet: when it is
    released one goes on and the other waits for it, whatever the machine's load."""
    command = [sys.executable, "-m", "timeline", "build", "--cache-dir", cache, "-q"]
    logs = [tmp_path / f"build-{n}.err" for n in range(2)]
    with project_lock(project / LOCK_NAME):
        runs = [subprocess.Popen(command, cwd=project, stderr=log.open("w")) for log in logs]
        deadline = time.monotonic() + 240
        while not all("Waiting for another build" in log.read_text() for log in logs) and time.monotonic() < deadline:
            time.sleep(0.2)
    codes = [run.wait(timeout=600) for run in runs]
    errors = [log.read_text() for log in logs]
    assert codes == [0, 0], errors
    assert all(f"Waiting for another build (pid {os.getpid()}" in err for err in errors)
    clean = copy_site_project(tmp_path / "clean")
    shutil.copytree(REPO_ROOT / "seeds", clean / "seeds")
    subprocess.run([*command, "--no-cache"], cwd=clean, check=True, capture_output=True, timeout=600)
    assert snapshot(project / "docs") == snapshot(clean / "docs")
    assert sorted(snapshot(project / "site")) == sorted(snapshot(clean / "site"))


def test_staging_left_by_a_killed_build_is_removed_with_a_note(project, capsys, cache):
    stale_site = project / ".site.timeline-building-999999999-x1"
    (stale_site / "site").mkdir(parents=True)
    stale_docs = project / "docs" / ".timeline-generating-999999999-y2"
    (stale_docs / "new" / "timeline").mkdir(parents=True)
    code, err = run(capsys, "build", "--cache-dir", cache)
    assert code == 0, err
    assert f"note: removed {stale_site}, left by a build that did not finish" in err
    assert f"note: removed {stale_docs}, left by a run that did not finish" in err
    assert not stale_site.exists() and not stale_docs.exists()


def test_the_article_size_limit_is_a_setting(project, capsys, cache):
    (project / "timeline.yml").write_text("max_article_bytes: 2500\n")
    (project / "seeds" / "long.md").write_text("---\npublished: 2023-09-14\n---\n" + "Kim met Putin in Vostochny. " * 100)
    code, err = run(capsys, "events", "--cache-dir", cache)
    assert code == 0
    assert "error: long.md: skipped: it is 2,830 bytes, over the 2,500-byte limit for one article (max_article_bytes)" in err
    (project / "timeline.yml").write_text("max_article_bytes: lots\n")
    code, err = run(capsys, "events", "--cache-dir", cache)
    assert code == 1 and "max_article_bytes must be a whole number of bytes" in err


def test_a_run_that_is_refused_waits_for_no_lock(project, capsys, cache):
    """A refusal is immediate, even while another build holds the lock: checks come first."""
    with project_lock(project / LOCK_NAME):
        start = time.monotonic()
        code, err = run(capsys, "generate", "--docs", "/etc", "--cache-dir", cache)
    assert code == 1 and "refused" in err and time.monotonic() - start < 5


def test_a_swap_cut_short_by_a_kill_is_finished_before_the_next_run_writes(project, capsys, cache):
    """Where the system cannot exchange two folders, a run killed between its two renames left the
    new folder in staging with the journal: it is moved into place first (with the user's file
    it carries), then the run writes as usual."""
    assert run(capsys, "generate", "--cache-dir", cache)[0] == 0
    staging = project / "docs" / ".timeline-generating-999999999-k1"
    shutil.copytree(project / "docs" / "timeline", staging / "new" / "timeline")
    (staging / "new" / "timeline" / "actors" / "my-notes.md").write_text("# Only here now\n")
    shutil.move(project / "docs" / "timeline", staging / "old" / "timeline")  # killed right after this rename
    (staging / "swap.json").write_text('["timeline"]')
    code, err = run(capsys, "generate", "--cache-dir", cache)
    assert code == 0, err
    assert f"note: finished the swap of a run that was killed, from {staging}" in err
    assert (project / "docs" / "timeline" / "actors" / "my-notes.md").read_text() == "# Only here now\n"
    assert "timeline/actors/my-notes.md: not written by timeline; kept" in err and not staging.exists()


def test_build_reads_the_settings_once(project, capsys, cache):
    """The site build takes the settings generate read: a warning about them is said once."""
    (project / "timeline.yml").write_text("title: Summit\ncolour: blue\n")
    code, err = run(capsys, "build", "--cache-dir", cache)
    assert code == 0, err
    assert err.count("unknown setting 'colour' ignored") == 1


# -- one folder, swapped in one step ---------------------------------------------


def _folder(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return path


def test_exchange_swaps_two_folders_in_one_call_and_fails_loudly_on_a_missing_one(tmp_path):
    old = _folder(tmp_path / "old", {"index.md": "old"})
    new = _folder(tmp_path / "new", {"index.md": "new", "actors/kim.md": "Kim"})
    swapped = exchange(new, old)
    assert swapped == (sys.platform == "linux")  # glibc >= 2.28 and ext4 or tmpfs here; macOS has renamex_np
    if swapped:
        assert snapshot(old) == {"index.md": b"new", "actors/kim.md": b"Kim"} and snapshot(new) == {"index.md": b"old"}
        with pytest.raises(FileNotFoundError) as missing:
            exchange(tmp_path / "missing", old)
        assert missing.value.filename == str(old)  # the folder being replaced, as a user knows it


def test_swap_folder_renames_the_first_time_then_exchanges_and_the_old_folder_ends_in_staging(tmp_path):
    staging = tmp_path / ".staging"
    staged = _folder(staging / "new" / "timeline", {"index.md": "first"})
    inode = staged.stat().st_ino
    swap_folder(staging, tmp_path, "timeline")
    assert (tmp_path / "timeline").stat().st_ino == inode and not staged.exists()  # a plain rename
    _folder(staging / "new" / "timeline", {"index.md": "second"})
    swap_folder(staging, tmp_path, "timeline")
    assert snapshot(tmp_path / "timeline") == {"index.md": b"second"}
    assert snapshot(staging / "new" / "timeline") == {"index.md": b"first"}  # the old tree, for the caller to delete
    assert not (staging / SWAP_JOURNAL).exists()  # one call: nothing to journal


def test_where_the_system_cannot_exchange_the_swap_is_journaled(tmp_path, monkeypatch):
    """An old kernel, Windows or a file system without the call: two renames, with the journal
    by which the next run finishes a swap killed between them."""
    monkeypatch.setattr(guards, "_exchange_call", lambda: None)
    _folder(tmp_path / "timeline", {"index.md": "old"})
    staging = tmp_path / ".staging"
    _folder(staging / "new" / "timeline", {"index.md": "new"})
    assert not exchange(staging / "new" / "timeline", tmp_path / "timeline")
    swap_folder(staging, tmp_path, "timeline")
    assert snapshot(tmp_path / "timeline") == {"index.md": b"new"}
    assert snapshot(staging / "old" / "timeline") == {"index.md": b"old"} and (staging / SWAP_JOURNAL).is_file()


def test_a_project_of_the_former_layout_builds_strictly_and_is_told_once_what_moved(project, capsys, cache):
    """Sources, actors, places and types used to be folders of docs/: what timeline wrote there is
    removed once, a user's file there stays, and an old nav and home page still build (--strict)."""
    config, home = project / "mkdocs.yml", project / "docs" / "index.md"
    config.write_text(config.read_text().replace(": timeline/sources/", ": sources/").replace(": timeline/actors/", ": actors/"))
    home.write_text(home.read_text().replace("](timeline/actors/index.md)", "](actors/index.md)"))
    actors = _folder(project / "docs" / "actors", {"index.md": "# Actors\n", "kim.md": "# Kim\n", "my-notes.md": "# Mine\n"})
    (actors / OWNED_MARKER).write_text("# Written by timeline\nindex.md\nkim.md\n")
    code, err = run(capsys, "build", "--cache-dir", cache)
    assert code == 0, err
    assert f"removed what timeline had written into {actors}/ (2 files)" in err
    assert f"warning: {actors / 'my-notes.md'}: not written by timeline; kept where it is" in err
    assert snapshot(actors) == {"my-notes.md": b"# Mine\n"}
    nav_lines = [str(n) for n, line in enumerate(config.read_text().splitlines(), 1) if line.endswith((": sources/index.md", ": actors/index.md"))]
    assert f"note: {config} lines {', '.join(nav_lines)}: the nav names sources/index.md, actors/index.md," in err
    home_line = next(n for n, line in enumerate(home.read_text().splitlines(), 1) if "](actors/index.md)" in line)
    assert f"note: {home} line {home_line}: links to actors/index.md, now under timeline/" in err
    assert (project / "site" / "timeline" / "actors" / "index.html").is_file()
    assert "timeline/actors/" in (project / "site" / "index.html").read_text()  # the home page's link, mapped
    assert (project / "site" / "actors" / "my-notes" / "index.html").is_file()
    code, err = run(capsys, "build", "--cache-dir", cache)
    assert code == 0 and "removed what timeline had written" not in err and err.count("the nav names") == 1
