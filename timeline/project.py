"""A project's build as a library: its folders, then generate (articles to docs/) and build (docs/ to site/).

The command line and the MkDocs plugin both run these, so a build is the same
whichever starts it: the same guards, the project's lock, the cache and the
messages. Problems the user can fix raise :class:`UsageError`; what a run has to
say goes to stderr through :mod:`timeline.terminal`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from . import pipeline
from .cache import CACHE_DIR, ExtractionCache
from .contents import Entry, Extraction
from .corrections import CORRECTIONS_NAME, Corrections, read_corrections
from .guards import LOCK_NAME, GuardError, Holder, check_output_folder, clean_stale_staging, project_lock
from .parallel import SchedulerError
from .readers import MAX_ARTICLE_BYTES
from .settings import DEFAULT_MIN_CONFIDENCE, Settings, SettingsError, read_config
from .terminal import Progress, note, report, say
from .writers import OWNED_FOLDER, Story, check_docs_folders, plain_title, write_docs


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


@dataclass(frozen=True)
class Project:
    """Where a build reads and writes, and how: what ``timeline build``'s options say.

    Paths should be absolute (MkDocs resolves its own against mkdocs.yml's folder).
    """

    seeds: Path = Path("seeds")
    docs: Path = Path("docs")
    mkdocs_config: Path = Path("mkdocs.yml")
    site: Path | None = None  # None: generate only (and serve, which builds into a folder of its own)
    config: Path | None = None  # timeline.yml; None: the one in the current folder, if any
    corrections: Path | None = None  # corrections.yml; None: the one in the current folder, if any
    cache_dir: Path = CACHE_DIR
    no_cache: bool = False
    min_confidence: float | None = None  # None: the settings' min_confidence, else the default
    jobs: int = 1
    scheduler: str | None = None
    force: bool = False
    no_wait: bool = False
    quiet: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Project:
        """The project a command's parsed options describe; options a command lacks keep their defaults."""
        return cls(**{f.name: getattr(args, f.name) for f in fields(cls) if hasattr(args, f.name)})


# -- settings ------------------------------------------------------------------


def load_config(path: Path | None) -> dict:
    """The optional ``timeline.yml``, checked (see ``settings.read_config``); unknown settings are warned about."""
    try:
        return read_config(path, warn=lambda message: say(f"warning: {message}"))
    except SettingsError as error:
        raise UsageError(str(error)) from None


def load_corrections(project: Project, settings: Settings) -> Corrections:
    """The optional ``corrections.yml``; what cannot be used in it is warned about, and the rest applies."""
    path = project.corrections or Path(CORRECTIONS_NAME)
    if project.corrections is not None and not path.is_file():
        raise UsageError(f"{path}: no such corrections file")
    corrections, problems = read_corrections(path, settings.event_types)
    report(problems)
    return corrections


def story_of(config: dict) -> Story:
    """The story's title and description from the settings (the home page's heading and the site's
    name), and where the site is published: ``SITE_URL``, which mkdocs.yml reads as ``site_url``."""
    settings = {key: config[key] for key in ("title", "description") if key in config}
    return Story(**settings, site_url=os.environ.get("SITE_URL", ""))


def site_name(config: dict) -> str | None:
    """The title as the site's name; the theme prints the name unescaped, so as HTML text (see plain_title)."""
    return plain_title(config["title"]) if "title" in config else None


def min_confidence(project: Project, config: dict) -> float:
    """The option, else the settings' ``min_confidence``, else the default; checked."""
    value = project.min_confidence if project.min_confidence is not None else config.get("min_confidence", DEFAULT_MIN_CONFIDENCE)
    if not 0 <= value <= 1:
        raise UsageError(f"--min-confidence must be from 0 to 1, not {value}")
    return value


# -- checks before anything is written ----------------------------------------


def check_folders_apart(project: Project) -> None:
    """Refuse folders that a run would empty under the user's files.

    The generator replaces its folder of docs/ wholesale, and MkDocs' build empties
    the site folder first: articles, pages, the cache or the project itself kept in
    one of them would be deleted.
    """
    seeds, docs = project.seeds, project.docs
    owned = (docs / OWNED_FOLDER).resolve()
    if _overlap(seeds, owned):
        raise UsageError(
            f"--seeds {seeds}: overlaps {owned}, the folder the generator replaces, so articles there"
            " would be deleted; keep the articles folder and the generated folder apart"
        )
    if project.site is None:
        return  # only build writes a site folder
    from .site import mkdocs_config_file

    site = project.site
    folder = mkdocs_config_file(project.mkdocs_config).parent.resolve()
    kept = {"the articles folder": seeds, "the docs folder": docs, "the cache folder": project.cache_dir}
    clash = f"the project folder {folder}" if folder.is_relative_to(site) else None  # inside it is the usual place
    clash = clash or next((f"{what} {path}" for what, path in kept.items() if _overlap(site, path)), None)
    if clash:
        raise UsageError(
            f"--site {site}: overlaps {clash}, and MkDocs empties the site folder before each build,"
            " so the files there would be deleted; give the site a folder of its own"
        )


def _overlap(one: Path, other: Path) -> bool:
    """The same folder, or one inside the other."""
    return one.is_relative_to(other) or other.is_relative_to(one)


def require_site(project: Project) -> None:
    """mkdocs.yml, the home page and the stylesheet: without them no proper site can be built."""
    from .site import SiteError, check_site_files, mkdocs_config_file

    try:
        check_site_files(mkdocs_config_file(project.mkdocs_config), project.docs)
    except SiteError as error:
        raise UsageError(str(error)) from None


def require_site_and_site_folder(project: Project) -> None:
    """What build needs: the site files, and a site folder that is timeline's to replace."""
    from .site import site_staging

    require_site(project)
    _guarded(check_output_folder, project.site, option="--site", force=project.force)
    for folder, finished in clean_stale_staging(project.site.parent, site_staging(project.site)):
        done = "finished putting in place the site of a build that was killed, from" if finished else "removed"
        note(f"{done} {folder}, left by a build that did not finish")


def warn_about_site(project: Project) -> None:
    """``generate`` builds nothing, so what the site would lack is a warning, not a refusal."""
    try:
        require_site(project)
    except UsageError as error:
        say(f"warning: {error}")


def _guarded(check: Callable[..., None], *args: object, **kwargs: object) -> None:
    try:
        check(*args, **kwargs)
    except GuardError as error:
        raise UsageError(str(error)) from None


# -- the work ------------------------------------------------------------------


def extract_folder(project: Project, config: dict) -> tuple[list[Extraction], list[Entry]]:
    """Read, extract and merge a folder of articles, reporting problems as we go."""
    settings = Settings.from_config(config)
    try:
        result = pipeline.run(
            project.seeds, settings, max_bytes=config.get("max_article_bytes", MAX_ARTICLE_BYTES),
            cache=None if project.no_cache else ExtractionCache(project.cache_dir, settings), jobs=project.jobs,
            scheduler=project.scheduler, progress=Progress("Extracting", project.quiet), on_problem=lambda problem: report([problem]),
            corrections=load_corrections(project, settings),
        )
    except pipeline.SeedsError as error:
        raise UsageError(str(error)) from None
    except SchedulerError as error:  # Dask missing, or its scheduler unreachable
        raise UsageError(f"--scheduler {project.scheduler}: {error}") from None
    say(f"Extracted {result.extracted} article(s), {result.cached} from the cache")
    return result.extractions, result.entries


def generate(
    project: Project,
    check_site: Callable[[Project], None] | None = None,
    then: Callable[[dict], None] | None = None,
) -> None:
    """Read the articles and write docs/, then run ``then`` (the site build) with the settings, holding the project's lock.

    Every option, then ``check_site``, is checked before the lock is taken or the
    first article is read: a refusal touches nothing.
    """
    config = load_config(project.config)
    threshold = min_confidence(project, config)
    check_folders_apart(project)
    _guarded(check_docs_folders, project.docs, force=project.force)
    if check_site:
        check_site(project)
    with _one_build_at_a_time(project):
        _write(project, config, threshold)
        if then:
            then(config)


def build(project: Project, site_url: str | None = None, then: Callable[[], None] | None = None) -> None:
    """Generate docs/ and build the site, then run ``then`` while still holding the project's lock."""
    from .site import SiteError, build_site, mkdocs_config_file

    def build_then(config: dict) -> None:
        build_site(
            config_file, site_dir=project.site, docs_dir=project.docs, force=project.force, site_name=site_name(config),
            site_url=site_url, note=note,
        )
        if then:
            then()

    try:
        config_file = mkdocs_config_file(project.mkdocs_config)  # before docs/ is written
        generate(project, check_site=require_site_and_site_folder, then=build_then)
    except SiteError as error:
        raise UsageError(str(error)) from None


def _write(project: Project, config: dict, threshold: float) -> None:
    docs = project.docs
    extractions, entries = extract_folder(project, config)
    try:
        written = write_docs(docs, extractions, entries, min_confidence=threshold, force=project.force, story=story_of(config))
    except GuardError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"{docs}: cannot write the pages ({error.strerror or error})") from None
    for name in written.cleaned:
        note(f"removed {docs / name}, left by a run that did not finish")
    for name in written.finished:
        note(f"finished the swap of a run that was killed, from {docs / name}")
    if written.retired:
        folders = sorted({name.split("/")[0] for name in written.retired})
        note(
            f"the sources, actors, places and types pages are now under {docs / OWNED_FOLDER}/;"
            " removed what timeline had written into " + ", ".join(f"{docs / folder}/" for folder in folders)
            + f" ({len(written.retired)} files)"
        )
    for name in written.left:
        say(f"warning: {docs / name}: not written by timeline; kept where it is (the generated pages moved under {docs / OWNED_FOLDER}/)")
    for name in written.kept:
        say(f"warning: {docs / name}: not written by timeline; kept (delete it if it should not be on the site)")
    say(f"Wrote {written} into {docs}/")


@contextmanager
def _one_build_at_a_time(project: Project) -> Iterator[None]:
    """Hold the project's lock: a second build waits for the first (or, with --no-wait, gives up)."""
    config = project.mkdocs_config
    folder = config.parent if config.suffix in (".yml", ".yaml") else config
    if not folder.is_dir():
        folder = project.docs.parent

    def waiting(holder: Holder | None) -> None:
        say(f"Waiting for another build ({holder or 'pid unknown'}) of {folder} to finish...")

    def took_over(holder: Holder) -> None:
        say(f"warning: took over the lock of a build that is no longer running ({holder})")

    try:
        with project_lock(folder / LOCK_NAME, wait=not project.no_wait, on_wait=waiting, on_takeover=took_over):
            yield
    except GuardError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"{folder / LOCK_NAME}: cannot take the build lock ({error.strerror or error})") from None
