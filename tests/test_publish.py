"""Publishing: `timeline deploy`, the scaffolded Pages workflow, and a site served under a project path."""

from __future__ import annotations

import functools
import html.parser
import http.server
import os
import shlex
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml

from conftest import REPO_ROOT
from test_browser import _QuietHandler
from timeline.site import pages_address

SUMMIT = REPO_ROOT / "seeds" / "000_52d71b10ba252412.md"  # the original article
WIRE = REPO_ROOT / "tests" / "fixtures" / "merge-wording" / "01-ministers-wire.md"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Reporter", "GIT_AUTHOR_EMAIL": "reporter@example.org",
    "GIT_COMMITTER_NAME": "Reporter", "GIT_COMMITTER_EMAIL": "reporter@example.org",
}


def timeline(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, **GIT_IDENTITY, **(env or {})},
    )


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_IDENTITY}, check=True)
    return done.stdout


def new_project(root: Path, *articles: Path) -> Path:
    project = root / "story"
    assert timeline("init", str(project), "--title", "Summit watch", cwd=root).returncode == 0
    for name in articles:
        shutil.copy(name, project / "seeds" / name.name)
    return project


@pytest.mark.parametrize(
    "remote, address",
    [
        ("https://github.com/Reporter/summit-watch.git", "https://reporter.github.io/summit-watch/"),
        ("git@github.com:Reporter/summit-watch.git", "https://reporter.github.io/summit-watch/"),
        ("https://github.com/reporter/summit-watch", "https://reporter.github.io/summit-watch/"),
        ("ssh://git@github.com/Reporter/Reporter.github.io.git", "https://reporter.github.io/"),
        ("https://gitlab.com/reporter/summit-watch.git", None),
        ("/srv/git/summit-watch.git", None),
    ],
)
def test_the_pages_address_follows_the_remote(remote, address):
    assert pages_address(remote) == address


def test_deploy_pushes_the_built_site_to_the_pages_branch(tmp_path):
    project = new_project(tmp_path, SUMMIT)
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q", cwd=project)
    git("remote", "add", "origin", str(remote), cwd=project)

    first = timeline("deploy", "-q", "-j", "1", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "Published" in first.stderr and "gh-pages of origin" in first.stderr
    published = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert {".nojekyll", "index.html", "timeline/index.html", "404.html"} <= set(published)
    assert (project / "site" / "index.html").is_file()  # the site is built where `build` puts it

    shutil.copy(WIRE, project / "seeds" / WIRE.name)
    second = timeline("deploy", "-q", "-j", "1", "-m", "Add the wire story", cwd=project)
    assert second.returncode == 0, second.stderr
    history = git("log", "--format=%s", "gh-pages", cwd=remote).splitlines()
    assert history[0] == "Add the wire story" and history[1].startswith("Deployed")  # on top, history kept
    assert any(path.startswith("timeline/sources/") or path.startswith("sources/") for path in git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split() if "ministers" in path)


def test_deploy_outside_a_repository_says_how_and_touches_nothing(tmp_path):
    project = new_project(tmp_path, SUMMIT)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    done = timeline("deploy", "-q", cwd=project)
    assert done.returncode == 1
    assert "not a git repository" in done.stderr and "git init" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before  # refused before any article was read


def test_deploy_without_the_remote_names_it(tmp_path):
    project = new_project(tmp_path, SUMMIT)
    git("init", "-q", cwd=project)
    done = timeline("deploy", "-q", "--remote-name", "pages", cwd=project)
    assert done.returncode == 1
    assert "no git remote named 'pages'" in done.stderr and "git remote add pages URL" in done.stderr
    assert not (project / "site").exists()


# -- the Pages workflow, run here, and the site under a project path ----------------------------------


class _SubPathHandler(_QuietHandler):
    """Serves the site only under /REPO/, as Pages serves a project site; anything else is a 404."""

    prefix = "/repo/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + path[len(self.prefix) :])


class _Links(html.parser.HTMLParser):
    """The links and resources a page points at, and the ids its anchors can land on."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag in ("link", "script", "img", "iframe", "source") and (attributes.get("href") or attributes.get("src")):
            self.resources.append(attributes.get("href") or attributes.get("src"))


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def crawl(start: str) -> tuple[int, list[str]]:
    """Open every page reachable from ``start`` on its own host; return how many, and what is broken."""
    origin = urlsplit(start).netloc
    seen: set[str] = set()
    queue = [start, urljoin(start, "404.html")]
    broken: list[str] = []
    anchors: list[tuple[str, str, str]] = []
    ids: dict[str, set[str]] = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, kind, body = _fetch(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if kind != "text/html":
            continue
        page = _Links()
        page.feed(body.decode("utf-8"))
        ids[url] = page.ids
        for link, is_resource in [(link, False) for link in page.links] + [(r, True) for r in page.resources]:
            target, fragment = urldefrag(urljoin(url, link))
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https"):
                if parts.scheme not in ("mailto", "data"):
                    broken.append(f"{url}: {link} (scheme {parts.scheme!r})")
                continue
            if parts.netloc != origin:
                if is_resource:
                    broken.append(f"{url}: loads {link} from another host")
                continue  # an article's original address: a plain link out
            if not parts.path.startswith(_SubPathHandler.prefix):
                broken.append(f"{url}: {link} leaves the project path")
                continue
            queue.append(target)
            if fragment:
                anchors.append((url, target, fragment))
    for url, target, fragment in anchors:
        if target in ids and fragment not in ids[target]:
            broken.append(f"{url}: #{fragment} not found in {target}")
    return len(ids), broken


def test_the_pages_workflow_run_here_publishes_a_site_with_no_broken_link_under_a_project_path(tmp_path):
    project = new_project(tmp_path, SUMMIT, WIRE)
    workflow = yaml.safe_load((project / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    commands = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    install, *rest = commands
    assert "requirements.txt" in install and "pip install" in install  # timeline itself is installed here already
    assert (project / "requirements.txt").is_file()
    upload = next(step for step in workflow["jobs"]["build"]["steps"] if "upload-pages-artifact" in step.get("uses", ""))

    handler = functools.partial(_SubPathHandler, directory=str(project / upload["with"]["path"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/repo/"
    try:
        for command in rest:  # the workflow's own commands, with the address configure-pages would give
            argv = shlex.split(command)
            assert argv[0] == "timeline", f"a workflow step this test does not run: {command}"
            done = timeline(*argv[1:], "-j", "1", cwd=project, env={"SITE_URL": base})
            assert done.returncode == 0, done.stderr
        pages, broken = crawl(base)
    finally:
        server.shutdown()
    assert pages > 10
    assert broken == []
