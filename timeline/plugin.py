"""The MkDocs plugin: ``plugins: [timeline]`` makes ``mkdocs build``, ``serve`` and ``gh-deploy``
generate the timeline pages first, through the same code as ``timeline build``.

Generation runs in ``on_pre_build``, before MkDocs collects the files of ``docs/``,
with the project's lock and every guard of ``timeline build`` (the generated
folders and the site folder must be timeline's own). Work is incremental before
MkDocs, through the extraction cache, so a plain (not ``--dirty``) build stays
cheap: a dirty build would empty the search index.

Inside ``timeline build`` and ``timeline serve``, which generate the pages
themselves, the plugin stands aside (:func:`timeline.site.mkdocs_run_by_timeline`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin

from .cache import CACHE_DIR
from .guards import OWNED_MARKER, marker_text
from .settings import CONFIG_NAME, SettingsError, read_config
from .site import mkdocs_run_by_timeline, write_redirects

if TYPE_CHECKING:
    from .project import Project

#: Hand-made corrections of entries, watched by ``mkdocs serve`` beside the settings.
CORRECTIONS_NAME = "corrections.yml"


class TimelinePluginConfig(base.Config):
    """Options under ``- timeline:`` in mkdocs.yml; paths are relative to mkdocs.yml's folder."""

    seeds = c.Type(str, default="seeds")
    config = c.Type(str, default=CONFIG_NAME)  # timeline.yml: read when it exists
    cache_dir = c.Type(str, default=str(CACHE_DIR))
    jobs = c.Optional(c.Type(int))


class TimelinePlugin(BasePlugin[TimelinePluginConfig]):
    """Generates docs/ from seeds/ before each build; ``mkdocs serve`` also watches the articles and settings."""

    def __init__(self) -> None:
        self.command = "build"
        self._generated_from: tuple | None = None  # the inputs of the last generation, under serve

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having on_startup also keeps this one instance across serve's rebuilds, and with it _generated_from.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The story's title from timeline.yml names the site, as ``timeline build`` does."""
        if mkdocs_run_by_timeline():
            return config
        from .project import site_name

        settings_file = self._settings_file(config)
        try:
            settings = read_config(settings_file, warn=lambda message: None) if settings_file else {}  # warned once, by generate
        except SettingsError:
            return config  # generate reports it, and stops the build
        config.site_name = site_name(settings) or config.site_name
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if mkdocs_run_by_timeline():
            return
        inputs = self._inputs(config)
        fingerprint = _fingerprint(inputs)
        if self.command == "serve" and fingerprint == self._generated_from:
            return  # a rebuild for the pages we just wrote, or for a hand-written page: nothing to generate
        from .project import UsageError, generate, require_site, require_site_and_site_folder

        serving = self.command == "serve"  # into a temporary site folder of MkDocs' own
        try:
            generate(self._project_of(config, site=not serving), check_site=require_site if serving else require_site_and_site_folder)
        except UsageError as error:
            raise PluginError(f"timeline: {error}") from None
        self._generated_from = fingerprint

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Finish the site as ``timeline build`` does: the pages at the old addresses, and the
        mark that makes the site folder timeline's, so the next build may replace it."""
        if mkdocs_run_by_timeline() or self.command == "serve":
            return
        write_redirects(Path(config.site_dir))
        (Path(config.site_dir) / OWNED_MARKER).write_text(marker_text([]), encoding="utf-8")

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        """Rebuild, and so regenerate, when an article, the settings or the corrections change."""
        if mkdocs_run_by_timeline():
            return server  # timeline serve watches them itself
        for path in self._inputs(config):
            if path.exists():
                server.watch(str(path))
        return server

    # -- helpers ---------------------------------------------------------------------

    def _project(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def _settings_file(self, config: MkDocsConfig) -> Path | None:
        path = self._project(config) / self.config.config
        return path if path.exists() or self.config.config != CONFIG_NAME else None  # a named file must exist

    def _inputs(self, config: MkDocsConfig) -> list[Path]:
        project = self._project(config)
        return [project / self.config.seeds, project / self.config.config, project / CORRECTIONS_NAME]

    def _project_of(self, config: MkDocsConfig, site: bool) -> Project:
        """The project ``timeline build`` would build, with this mkdocs.yml's folders."""
        from .project import Project

        project = self._project(config)
        return Project(
            seeds=project / self.config.seeds,
            docs=Path(config.docs_dir).resolve(),
            mkdocs_config=Path(config.config_file_path).resolve(),
            site=Path(config.site_dir).resolve() if site else None,
            config=self._settings_file(config),
            cache_dir=project / self.config.cache_dir,
            jobs=self.config.jobs or os.cpu_count() or 1,
            quiet=True,
        )


def _fingerprint(paths: list[Path]) -> tuple:
    """What each input is now: every file's name, size and modification time, in a stable order."""
    found = []
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                found += [_stat(Path(folder) / name) for name in sorted(files)]
        else:
            found.append(_stat(path))
    return tuple(found)


def _stat(path: Path) -> tuple:
    try:
        status = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), status.st_size, status.st_mtime_ns)
