"""Set up, build and serve the MkDocs site from the generated ``docs/``.

A new project comes from the scaffold shipped as package data (``timeline/scaffold/``).

MkDocs runs in-process through its Python API: no second interpreter start, and
its warnings are caught and turned into one readable error instead of a
traceback. Never ``--dirty``: a dirty build empties the search index.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.commands.build import build
from mkdocs.commands.gh_deploy import gh_deploy
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.utils import is_markdown_file
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .guards import (
    OWNED_MARKER, GuardError, check_output_folder, clean_stale_staging, marker_text, staging_prefix, swap_folder, write_new_file,
)
from .writers import FORMER_FOLDERS, OWNED_FOLDER

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger(__name__)

#: Seconds of quiet after the last change in seeds/ before regenerating:
#: an editor's save is often several file events.
REGENERATE_DELAY = 0.3

#: The site's stylesheet, relative to docs/: badges, cards, the legend, tables on phones.
STYLESHEET = "assets/timeline.css"
INIT_HINT = "`timeline init` adds what is missing and never overwrites a file"


#: Above 0 while timeline's own build or serve runs MkDocs on pages it has generated already.
_runs_mkdocs = 0


@contextmanager
def _running_mkdocs() -> Iterator[None]:
    """Mark MkDocs as run by timeline for the duration, so the MkDocs plugin does not generate the pages twice."""
    global _runs_mkdocs
    _runs_mkdocs += 1
    try:
        yield
    finally:
        _runs_mkdocs -= 1


def mkdocs_run_by_timeline() -> bool:
    """True inside ``timeline build`` and ``timeline serve``: the plugin then stands aside.

    A process-wide count, not a context variable: serve rebuilds in MkDocs' own thread.
    """
    return _runs_mkdocs > 0


class SiteError(Exception):
    """MkDocs could not build the site; the message says why, one warning a line."""


# -- a new project -----------------------------------------------------------------


#: Written by ``timeline init`` but not shipped in the scaffold: where the Pages
#: workflow installs timeline from depends on where this copy came from.
REQUIREMENTS = "requirements.txt"


@dataclass(frozen=True)
class InitReport:
    """What :func:`init_project` did: paths relative to the project folder."""

    created: tuple[str, ...]
    kept: tuple[str, ...]  # already there, left exactly as they were
    requirement: str | None  # the line written into requirements.txt, None when unknown


def scaffold_files() -> dict[str, bytes]:
    """The files of a new project (POSIX path -> content), shipped once as package data.

    The repository's own mkdocs.yml, docs/index.md, stylesheet and Pages workflow
    are these files (a test keeps them equal).
    """
    root = resources.files("timeline") / "scaffold"
    return dict(sorted(_walk(root, "")))


def _walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    for item in folder.iterdir():
        if item.name == "__pycache__":
            continue
        if item.is_dir():
            yield from _walk(item, f"{prefix}{item.name}/")
        else:
            yield f"{prefix}{item.name}", item.read_bytes()


def installed_from() -> str | None:
    """A pip requirement for this copy of timeline, when pip recorded where it came from (PEP 610)."""
    try:
        recorded = metadata.distribution("timeline").read_text("direct_url.json")
        return requirement_for(json.loads(recorded) if recorded else {})
    except (metadata.PackageNotFoundError, ValueError):
        return None


def requirement_for(origin: object) -> str | None:
    """The requirement line for a ``direct_url.json`` record, or None when CI could not reach it."""
    url = origin.get("url", "") if isinstance(origin, dict) else ""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None  # a folder or file on this machine
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        return f"timeline @ {vcs['vcs']}+{url}@{vcs['commit_id']}"
    return f"timeline @ {url}"


def _requirements_text(requirement: str | None) -> bytes:
    """requirements.txt for the Pages workflow: the requirement, or an example to fill in."""
    line = requirement or "# timeline @ git+https://github.com/OWNER/timeline@v0.1.0   <- say where to install timeline from, then uncomment"
    return f"# What .github/workflows/pages.yml installs to build the site: timeline, and from where.\n{line}\n".encode()


def init_project(folder: Path, title: str | None = None) -> InitReport:
    """Write a working project into ``folder``: a file already there is never overwritten.

    mkdocs.yml, docs/index.md, the stylesheet, a commented timeline.yml and corrections.yml,
    the Pages workflow, requirements.txt for it, and an empty seeds/ folder. A ``title`` goes into
    timeline.yml (the home page's heading) and mkdocs.yml (the site's name, for ``mkdocs`` run alone).
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"{folder}: not a folder; give a folder to set the project up in")
    requirement = installed_from()
    files = scaffold_files() | {REQUIREMENTS: _requirements_text(requirement)}
    if title and title.strip():
        line = yaml.safe_dump(title.strip(), allow_unicode=True, width=1000).removesuffix("\n...\n").strip()
        files["timeline.yml"] = f"# The story's title: the home page's heading and the site's name.\ntitle: {line}\n\n".encode() + files["timeline.yml"]
        files["mkdocs.yml"] = files["mkdocs.yml"].replace(b"site_name: Timeline\n", f"site_name: {line}\n".encode(), 1)
    docs = _kept_docs_dir(folder)  # an mkdocs.yml already there may name another docs_dir
    files = {docs + name[len("docs"):] if name.startswith("docs/") else name: data for name, data in files.items()}
    created, kept = [], []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "seeds").mkdir(exist_ok=True)
        for name, data in files.items():
            (created if write_new_file(folder / name, data) else kept).append(name)
    except OSError as error:
        where = error.filename or folder
        raise SiteError(f"{where}: cannot write the project ({error.strerror or error})") from None
    return InitReport(tuple(created), tuple(kept), requirement)


def _kept_docs_dir(folder: Path) -> str:
    """The docs_dir of an mkdocs.yml init will keep, relative to the project ("docs" if none)."""
    config_file = folder / "mkdocs.yml"
    try:
        docs_dir = _raw_config(config_file).get("docs_dir") if config_file.is_file() else None
    except SiteError:
        return "docs"  # the build will say what is wrong with it
    if not isinstance(docs_dir, str) or not docs_dir.strip():
        return "docs"
    docs_dir = posixpath.normpath(docs_dir)
    return "docs" if posixpath.isabs(docs_dir) or docs_dir.startswith("..") else docs_dir  # never outside the project


# -- building -----------------------------------------------------------------------


class _WarningCollector(logging.Handler):
    """Keeps the messages MkDocs logs at WARNING and above during one build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_warnings() -> Iterator[_WarningCollector]:
    """What MkDocs warns of while the block runs: a failed build or push lists it."""
    collector = _WarningCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    try:
        yield collector
    finally:
        mkdocs_log.removeHandler(collector)


def mkdocs_config_file(project: Path) -> Path:
    """The MkDocs configuration of ``project`` (a project folder or the config file itself), checked.

    It must exist and be readable YAML: the CLI calls this before writing docs/,
    so a missing or broken mkdocs.yml fails in a second, not after the extraction.
    """
    project = Path(project)
    config_file = project if project.suffix in (".yml", ".yaml") else project / "mkdocs.yml"
    if not config_file.is_file():
        raise SiteError(f"{config_file}: not found; the project needs an mkdocs.yml next to docs/ ({INIT_HINT})")
    _raw_config(config_file)
    return config_file


def _raw_config(config_file: Path) -> MkDocsConfig:
    """The settings as MkDocs parses them (!ENV, !relative, INHERIT), not yet validated."""
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as source:
            config.load_file(source)
    except (ConfigurationError, ValidationError) as error:
        raise _invalid(config_file, error) from None
    except OSError as error:
        raise SiteError(f"{config_file}: cannot read it ({error.strerror or error})") from None
    return config


def check_site_files(config_file: Path, docs_dir: Path | None = None) -> None:
    """Raise :class:`SiteError` if the project lacks what every timeline site needs.

    A home page (MkDocs' build would fail with a page of warnings) and the
    stylesheet, listed in ``extra_css``: without it the site still builds, even
    ``--strict``, but badges and legend lose the colours that tell planned,
    reported and denied events apart. And no hand-written ``docs/timeline.md``:
    MkDocs would silently drop it for the generated ``timeline/index.md`` at the same
    URL. ``docs_dir`` overrides mkdocs.yml's.
    """
    config = _raw_config(config_file)
    docs = Path(docs_dir) if docs_dir else config_file.parent / str(config.get("docs_dir") or "docs")
    if not (docs / "index.md").is_file():
        raise SiteError(f"{docs / 'index.md'}: not found; the site needs a home page ({INIT_HINT})")
    listed = [posixpath.normpath(str(entry)).lstrip("/") for entry in config.get("extra_css") or []]
    if STYLESHEET not in listed:
        raise SiteError(
            f"{config_file}: extra_css does not load {STYLESHEET}, so status badges would be unstyled;"
            f" add `- {STYLESHEET}` under extra_css:"
        )
    if not (docs / STYLESHEET).is_file():
        raise SiteError(f"{docs / STYLESHEET}: not found, so status badges would be unstyled ({INIT_HINT})")
    if config.get("use_directory_urls") is not False:  # else timeline.md is timeline.html, apart from timeline/
        for page in sorted(docs.glob(f"{OWNED_FOLDER}.*")):
            if is_markdown_file(page.name) and page.is_file():
                raise SiteError(
                    f"{page}: would be hidden by the generated {OWNED_FOLDER}/ pages, which take the same address;"
                    " rename it"
                )


def _invalid(config_file: Path, error: Exception) -> SiteError:
    """MkDocs' configuration errors span lines (YAML positions); ours are one line."""
    return SiteError(f"{config_file}: invalid configuration: {' '.join(str(error).split())}")


def moved_nav(config_file: Path, nav: object, docs: Path) -> tuple[object, str | None]:
    """``nav`` with the pages earlier versions generated beside the timeline mapped to where they are now.

    A project set up before the sources, actors, places and types moved into
    ``timeline/`` names ``actors/index.md`` in its nav: where that file is gone and
    ``timeline/actors/index.md`` is there, the build uses the latter (a strict build
    would fail on the former), and the note returned names the lines of ``config_file``
    to change. No note when nothing was mapped.
    """
    moved: list[str] = []

    def mapped(item: object) -> object:
        if isinstance(item, list):
            return [mapped(child) for child in item]
        if isinstance(item, dict):
            return {title: mapped(child) for title, child in item.items()}
        if isinstance(item, str) and item.split("/")[0] in FORMER_FOLDERS:
            if not (docs / item).exists() and (docs / OWNED_FOLDER / item).is_file():
                moved.append(item)
                return f"{OWNED_FOLDER}/{item}"
        return item

    nav = mapped(nav)
    if not moved:
        return nav, None
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    numbers = [str(n) for n, line in enumerate(lines, 1) if any(_names_page(line, page) for page in moved)]
    where = f"{config_file} line{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}" if numbers else str(config_file)
    return nav, (
        f"{where}: the nav names {', '.join(moved)}, now {', '.join(f'{OWNED_FOLDER}/{page}' for page in moved)};"
        " write the new paths there (until then each build maps them)"
    )


class _MovedLinks(BasePlugin):
    """Maps, in memory, the links of hand-written pages (the home page of a project set up
    before the move) to pages now under ``timeline/``, as :func:`moved_nav` does the nav's."""

    def __init__(self) -> None:
        self.moved: dict[str, list[str]] = {}  # the page's source file -> the links mapped in it

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri.startswith(f"{OWNED_FOLDER}/"):
            return markdown
        base = posixpath.dirname(page.file.src_uri)

        def mapped(link: re.Match) -> str:
            target = link.group("target")
            path = posixpath.normpath(posixpath.join(base, target))
            if ":" in target or target.startswith("/") or path.split("/")[0] not in FORMER_FOLDERS:
                return link.group()
            if files.get_file_from_path(path) or not files.get_file_from_path(f"{OWNED_FOLDER}/{path}"):
                return link.group()
            self.moved.setdefault(page.file.abs_src_path or page.file.src_uri, []).append(target)
            return link.group("start") + posixpath.relpath(f"{OWNED_FOLDER}/{path}", base or ".")

        return _INLINE_LINK.sub(mapped, markdown)

    def notes(self) -> Iterator[str]:
        """One line per page whose links were mapped, naming the lines to change."""
        for source, targets in sorted(self.moved.items()):
            try:
                lines = Path(source).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            numbers = [str(n) for n, line in enumerate(lines, 1) if any(f"]({target}" in line for target in targets)]
            where = f"{source} line{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}" if numbers else source
            links = sorted(set(targets))
            yield (
                f"{where}: links to {', '.join(links)}, now under {OWNED_FOLDER}/;"
                " change them there (until then each build maps them)"
            )


#: An inline Markdown link's target, up to its anchor: ``[text](actors/index.md#named-x)``.
_INLINE_LINK = re.compile(r"(?P<start>\]\(\s*<?)(?P<target>[^)\s#>]+)")


def _names_page(line: str, page: str) -> bool:
    """Whether a line of mkdocs.yml gives ``page`` as a value (``- Actors: actors/index.md``)."""
    value = line.split("#", 1)[0].rstrip().rstrip("'\"")
    return value.endswith(page) and value[: -len(page)][-1:] in (" ", ":", "-", "'", '"')


def build_site(
    project: Path, *, strict: bool = True, site_dir: Path | None = None, docs_dir: Path | None = None,
    force: bool = False, site_name: str | None = None, site_url: str | None = None,
    note: Callable[[str], object] = log.warning,
) -> Path:
    """Run ``mkdocs build`` (``--strict`` by default) for a project folder or its mkdocs.yml.

    Returns the site folder. ``site_dir`` and ``docs_dir`` override the folders in
    ``mkdocs.yml`` (relative ones are taken from the config file's folder, as MkDocs
    does), ``site_name`` its name (the story's title) and ``site_url`` its address. Raises :class:`SiteError` listing every MkDocs warning when the build fails.
    ``note`` is told what the user should change (see :func:`moved_nav`).

    MkDocs empties its site folder first, so the site is built in a staging folder
    beside it and swapped in by rename: the folder must be missing, empty or an earlier
    build of ours (see :mod:`timeline.guards`), and a failed build leaves the old site.
    """
    config_file = mkdocs_config_file(project)
    with _mkdocs_warnings() as collector:
        try:
            config = load_config(
                config_file=str(config_file),
                strict=strict,
                site_dir=str(site_dir) if site_dir else None,
                docs_dir=str(docs_dir) if docs_dir else None,
                **({"site_name": site_name} if site_name else {}),
                **({"site_url": site_url} if site_url else {}),
            )
            config.nav, moved = moved_nav(config_file, config.nav, Path(config.docs_dir))
            if moved:
                note(moved)
            links = _MovedLinks()
            config.plugins["timeline/moved-links"] = links
            target = Path(config.site_dir)
            check_output_folder(target, option="--site", force=force)
            target.parent.mkdir(parents=True, exist_ok=True)
            clean_stale_staging(target.parent, site_staging(target))
            staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site_staging(target)), dir=target.parent))
            try:
                config.site_dir = str(staging / "new" / target.name)
                with _running_mkdocs():
                    build(config)
                write_redirects(staging / "new" / target.name)
                for text in links.notes():
                    note(text)
                (staging / "new" / target.name / OWNED_MARKER).write_text(marker_text([]), encoding="utf-8")
                swap_folder(staging, target.parent, target.name)
            finally:
                config.site_dir = str(target)
                shutil.rmtree(staging, ignore_errors=True)
        except GuardError as error:
            raise SiteError(str(error)) from None
        except ConfigurationError as error:
            raise _invalid(config_file, error) from None
        except Abort as error:
            details = "".join(f"\n  - {message}" for message in collector.messages)
            raise SiteError(f"mkdocs build failed ({error}){details}") from None
        except OSError as error:  # e.g. a site folder we may not write into
            where = error.filename or site_dir or config_file
            raise SiteError(f"{where}: cannot write the site ({error.strerror or error})") from None
    return target


# -- publishing on GitHub Pages ------------------------------------------------------


def git_remote(project: Path, remote_name: str) -> str:
    """The address of ``project``'s git remote ``remote_name``, checked before anything is built.

    Deploying pushes a branch, so a folder that is not a git repository, or has no such
    remote, is refused with the command that sets it up.
    """
    try:
        inside = subprocess.run(["git", "-C", str(project), "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True)
        remote = subprocess.run(["git", "-C", str(project), "config", "--get", f"remote.{remote_name}.url"], capture_output=True, text=True)
    except FileNotFoundError:
        raise SiteError("git not found: deploying pushes the site to a git branch; install git") from None
    if inside.returncode != 0:
        raise SiteError(f"{project}: not a git repository; deploy pushes the site to its gh-pages branch (run git init, then git remote add origin URL)")
    if remote.returncode != 0 or not remote.stdout.strip():
        raise SiteError(f"{project}: no git remote named {remote_name!r}; add one with git remote add {remote_name} URL, or name another with --remote-name")
    return remote.stdout.strip()


def pages_address(remote_url: str) -> str | None:
    """Where GitHub Pages publishes the repository at ``remote_url`` (https or ssh), or None off GitHub.

    A project site lives under the repository's name (https://user.github.io/repo/),
    so its links only work when ``site_url`` says so.
    """
    match = re.search(r"github\.com[:/]+([^/]+)/([^/]+?)(?:\.git)?/*$", remote_url)
    if not match:
        return None
    user, repo = match[1].lower(), match[2]
    return f"https://{user}.github.io/" if repo.lower() == f"{user}.github.io" else f"https://{user}.github.io/{repo}/"


@dataclass(frozen=True)
class PagesTarget:
    """Where ``deploy`` pushes: mkdocs.yml's ``remote_name`` and ``remote_branch`` unless overridden, and its ``site_url``."""

    remote_name: str
    remote_branch: str
    site_url: str  # after !ENV; empty when mkdocs.yml gives none


def pages_target(project: Path, remote_name: str | None = None, remote_branch: str | None = None) -> PagesTarget:
    """Read the deploy settings once, before anything is built (MkDocs drops overrides that are None)."""
    config_file = mkdocs_config_file(project)
    try:
        config = load_config(config_file=str(config_file), remote_name=remote_name, remote_branch=remote_branch)
    except ConfigurationError as error:
        raise _invalid(config_file, error) from None
    return PagesTarget(config.remote_name, config.remote_branch, config.site_url or "")


def deploy_site(project: Path, target: PagesTarget, *, site_dir: Path | None = None, message: str | None = None) -> None:
    """Push the built site to the target's branch with MkDocs' own gh-deploy step.

    It commits the site folder as it is (built by :func:`build_site`, never rebuilt
    here, so every guard has run) on top of the branch, with a ``.nojekyll`` file, exactly
    as ``mkdocs gh-deploy`` would.
    """
    config_file = mkdocs_config_file(project)
    previous = os.getcwd()
    with _mkdocs_warnings() as collector:
        try:
            config = load_config(
                config_file=str(config_file), remote_name=target.remote_name, remote_branch=target.remote_branch,
                site_dir=str(site_dir) if site_dir else None,
            )
            os.chdir(config_file.parent)  # gh-deploy runs git in the current folder
            gh_deploy(config, message=message)
        except ConfigurationError as error:
            raise _invalid(config_file, error) from None
        except Abort as error:
            details = "".join(f"\n  - {' '.join(m.split())}" for m in collector.messages)
            raise SiteError(f"deploy to {target.remote_name}/{target.remote_branch} failed ({error}){details}") from None
        finally:
            os.chdir(previous)


def write_redirects(site: Path) -> list[str]:
    """Pages at the addresses the sources, actors, places and types had before they moved
    under ``timeline/`` (``/actors/kim-jong-un/``), sending readers and bookmarks on.

    Written into the built site only, never into docs/, and only where the site has
    nothing else at that address (a user's page in an old folder keeps its own). Each has
    a meta refresh, a script that keeps the ``#anchor``, a plain link and ``rel=canonical``.
    Returns the addresses written, relative to ``site``.
    """
    written = []
    for kind in FORMER_FOLDERS:
        moved = site / OWNED_FOLDER / kind
        for page in sorted(moved.rglob("*.html")) if moved.is_dir() else ():
            relative = page.relative_to(moved).as_posix()
            old = site / kind / relative
            if old.exists() or old.is_symlink():
                continue
            target = posixpath.relpath(f"{OWNED_FOLDER}/{kind}/{relative}", posixpath.dirname(f"{kind}/{relative}"))
            if target == "index.html" or target.endswith("/index.html"):
                target = target[: -len("index.html")]  # the address, as the site's own links give it
            try:
                old.parent.mkdir(parents=True, exist_ok=True)
                old.write_text(_redirect_page(target), encoding="utf-8")
            except OSError:  # a file of the user's where a folder would go: leave it
                continue
            written.append(f"{kind}/{relative}")
    return written


#: Sends the reader on with the address's ``#anchor``, which a meta refresh drops; it holds
#: no data of its own (the target is the canonical link's), so no name can reach a script.
_REDIRECT_SCRIPT = "location.replace(document.querySelector('link[rel=canonical]').href + location.search + location.hash);"


def _redirect_page(target: str) -> str:
    href = html.escape(target)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Moved</title>\n'
        f'<link rel="canonical" href="{href}">\n<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n<script>{_REDIRECT_SCRIPT}</script>\n'
        f'</head>\n<body>\n<p>This page has moved to <a href="{href}">{href}</a>.</p>\n</body>\n</html>\n'
    )


def site_staging(site: Path) -> str:
    """The staging folders of ``site`` are hidden siblings named after it."""
    return f".{site.name}.timeline-building-"


def check_dev_addr(dev_addr: str) -> None:
    """Raise :class:`SiteError` now if ``serve`` could not listen on ``dev_addr`` (e.g. the port is taken).

    MkDocs only binds after its first build; checking first spares the user that wait.
    """
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise SiteError(f"{dev_addr}: not an address to serve on; write it as HOST:PORT, e.g. 127.0.0.1:8000")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), int(port), type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
            probe.bind(address)
    except OSError as error:
        raise SiteError(f"{dev_addr}: cannot serve on this address ({error.strerror or error})") from None


class _Debouncer(FileSystemEventHandler):
    """Calls ``action`` once a burst of file events has been quiet for ``delay`` seconds.

    Given ``files``, only events on them count: a settings file is watched through its
    folder (editors save by renaming a new copy over it), where other files change too.
    """

    def __init__(self, action: Callable[[], object], delay: float = REGENERATE_DELAY, files: Iterable[Path] = ()) -> None:
        self._action = action
        self._delay = delay
        self._files = frozenset(os.path.abspath(f) for f in files)
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reads are not changes
        touched = {os.path.abspath(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p}
        if self._files and not touched & self._files:
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self._delay, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        try:
            self._action()
        except Exception as error:  # a bad article must not stop the server
            log.error("regenerating the docs failed: %s", error)

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()


def watch_and_regenerate(paths: Iterable[Path], regenerate: Callable[[], object]) -> Callable[[], None]:
    """Call ``regenerate`` whenever a file under ``paths`` (folders, or files that may not exist yet) changes;
    returns a function that stops watching."""
    paths = [Path(p) for p in paths]
    handlers = [_Debouncer(regenerate)]
    observer = Observer()
    for path in (p for p in paths if p.is_dir()):
        observer.schedule(handlers[0], str(path), recursive=True)
    files: dict[Path, list[Path]] = {}
    for path in (p for p in paths if not p.is_dir() and p.parent.is_dir()):
        files.setdefault(path.parent, []).append(path)
    for folder, names in sorted(files.items()):
        handlers.append(_Debouncer(regenerate, files=names))
        observer.schedule(handlers[-1], str(folder), recursive=False)
    observer.daemon = True
    observer.start()

    def stop() -> None:
        for handler in handlers:
            handler.cancel()
        observer.stop()
        observer.join()

    return stop


def serve(
    project: Path,
    *,
    regenerate: Callable[[], object] | None = None,
    watch: Path | Iterable[Path] = (),
    docs_dir: Path | None = None,
    dev_addr: str = "127.0.0.1:8000",
    open_browser: bool = False,
    note: Callable[[str], object] = log.warning,
) -> None:
    """Serve the site of a project folder (or its mkdocs.yml) with live reload until interrupted.

    MkDocs rebuilds and reloads the browser when ``docs/`` changes. When a file
    under ``watch`` (``seeds/``, ``timeline.yml``, ``corrections.yml``: folders or files)
    changes, ``regenerate`` is called: it rewrites the generated pages in ``docs/``,
    which in turn triggers MkDocs' rebuild. An old nav is mapped as :func:`build_site` does, and ``note`` told.
    """
    config_file = mkdocs_config_file(project)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir) if docs_dir else None)
    except ConfigurationError as error:
        raise _invalid(config_file, error) from None
    nav, moved = moved_nav(config_file, config.nav, Path(config.docs_dir))
    if moved:
        note(moved)
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
        logging.getLogger("mkdocs").setLevel(logging.INFO)
    folders = [watch] if isinstance(watch, (str, Path)) else list(watch)
    watched = [Path(p) for p in folders if Path(p).is_dir() or Path(p).parent.is_dir()]
    stop = watch_and_regenerate(watched, regenerate) if regenerate and watched else None
    try:
        with _running_mkdocs():
            mkdocs_serve(
                config_file=str(config_file),
                livereload=True,
                open_in_browser=open_browser,
                dev_addr=dev_addr,
                docs_dir=str(docs_dir) if docs_dir else None,
                **({"nav": nav} if moved else {}),
            )
    except ConfigurationError as error:
        raise _invalid(config_file, error) from None
    except OSError as error:  # most often the port, taken since check_dev_addr
        where = error.filename or f"{dev_addr}: cannot serve on this address"
        raise SiteError(f"{where} ({error.strerror or error})") from None
    finally:
        if stop is not None:
            stop()
