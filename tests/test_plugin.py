"""The MkDocs plugin: real ``mkdocs build --strict`` and ``mkdocs serve`` runs in a project made by
``timeline init``, and the same site as ``timeline build``.

MkDocs finds the plugin through the ``mkdocs.plugins`` entry point of the installed
distribution: after adding it to pyproject.toml, reinstall (``pip install -e .``).
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import fetch_page, free_port, wait_for
from timeline.cli import main
from timeline.plugin import TimelinePlugin
from timeline.site import init_project, scaffold_files

REPO_ROOT = Path(__file__).resolve().parents[1]
SUMMIT = Path(__file__).parent / "fixtures" / "summit"
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def test_the_entry_point_is_declared_loads_the_plugin_and_the_scaffold_uses_it():
    [declared] = re.findall(r'^\[project\.entry-points\."mkdocs\.plugins"\]\ntimeline = "(.+)"$', (REPO_ROOT / "pyproject.toml").read_text(), re.M)
    assert EntryPoint("timeline", declared, "mkdocs.plugins").load() is TimelinePlugin
    installed = {point.name: point.value for point in entry_points(group="mkdocs.plugins")}
    assert installed.get("timeline") == declared, "reinstall timeline (pip install -e .) to register the MkDocs plugin"
    assert "\n  - timeline\n" in scaffold_files()["mkdocs.yml"].decode()


def _project(folder: Path, title: str = "River talks") -> Path:
    """A project as ``timeline init`` makes it, with the summit articles and one that cannot be read."""
    init_project(folder, title=title)
    for article in SUMMIT.glob("*.md"):
        shutil.copy(article, folder / "seeds" / article.name)
    (folder / "seeds" / "broken.md").write_bytes(b"\x00\x01 binary, not an article")
    return folder


def _same_tree(one: Path, other: Path) -> list[str]:
    """Files that differ or exist on one side only (empty when the trees are byte for byte the same)."""
    compared = filecmp.dircmp(one, other)
    differ = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    differ += [f"{name}/{inner}" for name, sub in compared.subdirs.items() for inner in _same_tree(one / name, other / name)]
    return sorted(differ)


def test_mkdocs_build_strict_generates_the_pages_and_builds_the_site_timeline_build_does(tmp_path, monkeypatch, capsys):
    project = _project(tmp_path / "plugin")
    run = subprocess.run([*MKDOCS, "build", "--strict"], cwd=project, env=ENV, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "error: broken.md: skipped: it looks binary (it contains NUL bytes), not text" in run.stderr  # a line, the build goes on
    assert "Traceback" not in run.stderr
    assert run.stderr.count("Wrote ") == 1
    assert "<title>2024 · Timeline - River talks</title>" in (project / "site" / "timeline" / "2024" / "index.html").read_text()
    assert "Geneva talks end without a deal" in (project / "site" / "timeline" / "types" / "talks" / "index.html").read_text()
    assert (project / "site" / ".timeline-owned").is_file()

    # timeline build, in a copy made the same way: generated once (the plugin stands aside), the same site.
    other = _project(tmp_path / "cli")
    monkeypatch.chdir(other)
    assert main(["build", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("Wrote ") == 1 and err.count("Extracted ") == 1
    assert _same_tree(project / "site", other / "site") == []
    assert _same_tree(project / "docs", other / "docs") == []

    # A second mkdocs build replaces the site it built: it carries timeline's mark.
    again = subprocess.run([*MKDOCS, "build", "--strict"], cwd=project, env=ENV, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "3 from the cache" in again.stderr


def test_mkdocs_gh_deploy_generates_the_pages_it_pushes(tmp_path):
    """gh-deploy into a bare repository on this machine: the pushed branch holds the generated timeline."""
    project = _project(tmp_path / "project")
    remote = tmp_path / "remote.git"
    git = lambda *args, cwd=project: subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True, text=True)  # noqa: E731
    git("init", "--bare", str(remote), cwd=tmp_path)
    git("init", "-b", "main")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--allow-empty", "-m", "start")
    git("remote", "add", "origin", str(remote))
    run = subprocess.run(
        [*MKDOCS, "gh-deploy", "--force", "--no-history"], cwd=project, capture_output=True, text=True, timeout=600,
        env={**ENV, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("Wrote ") == 1
    pushed = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).stdout.splitlines()
    assert {"timeline/index.html", "timeline/2024/index.html", "timeline/timeline.json"} <= set(pushed)


def test_a_site_folder_with_files_timeline_did_not_write_stops_the_build_with_one_line(tmp_path, caplog):
    project = tmp_path / "project"
    init_project(project)
    (project / "site").mkdir()
    (project / "site" / "thesis.pdf").write_bytes(b"%PDF my thesis")
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        build(config)
    [message] = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert message.startswith(f"timeline: --site {project / 'site'}: refused, the folder has files timeline did not write")
    assert (project / "site" / "thesis.pdf").read_bytes() == b"%PDF my thesis"
    assert not (project / "docs" / "timeline").exists()  # refused before anything was written


def test_mkdocs_serve_watches_the_articles_and_settings_and_regenerates(tmp_path):
    project = _project(tmp_path / "project")
    (project / "corrections.yml").write_text("# nothing to correct yet\n")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV, stdout=output, stderr=subprocess.STDOUT)
    try:
        sources = f"http://127.0.0.1:{port}/timeline/sources/"
        assert wait_for(lambda: "Geneva" in fetch_page(sources), 300), log.read_text()
        watching = next(line for line in log.read_text().splitlines() if "Watching paths for changes" in line)
        for watched in ("'seeds'", "'timeline.yml'", "'corrections.yml'", "'docs'"):
            assert watched in watching
        (project / "seeds" / "05-vienna.md").write_text(
            "---\ntitle: Ministers meet in Vienna\npublished: 2024-05-02\nsource: Wire\n---\n"
            "The two foreign ministers met in Vienna on Thursday to prepare a second round of talks.\n"
        )
        assert wait_for(lambda: "Ministers meet in Vienna" in fetch_page(sources), 120), log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
