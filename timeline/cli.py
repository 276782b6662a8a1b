"""The ``timeline`` command: init, add, build, generate, serve, deploy, extract, events and correct.

Errors and warnings go to stderr, results to stdout, and ``--json`` gives
machine-readable output whose shape only ever gains fields.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path
from typing import Sequence

from . import __version__, pipeline
from .cache import CACHE_DIR, ExtractionCache
from .contents import Event, EventMention, Why
from .corrections import CORRECTIONS_NAME, CorrectionError
from .events import extract
from .fetch import DEFAULT_TIMEOUT
from .guards import never_written
from .parallel import ARTICLES_PER_WORKER, SchedulerError
from .project import (
    Project, UsageError, build, extract_folder, generate, load_config, min_confidence, require_site, warn_about_site,
)
from .readers import FEED_SUFFIXES, MAX_ARTICLE_BYTES, ArticleError, decode_article, parse_article, parse_published, read_file
from .settings import CONFIG_NAME, DEFAULT_MIN_CONFIDENCE, Settings
from .terminal import Progress, note, report, shown
from .writers import entries_csv, entries_json


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    for folder in ("seeds", "docs", "site", "mkdocs_config", "config", "cache_dir", "corrections"):  # MkDocs resolves against mkdocs.yml
        if getattr(args, folder, None) is not None:
            setattr(args, folder, getattr(args, folder).resolve())
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args) or 0
    except UsageError as error:
        print(f"timeline: error: {shown(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "timeline events | head": the reader left, which is fine
        sys.stdout = open(os.devnull, "w")
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description="Turn a folder of news articles into a timeline website.")
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def folders(command: argparse.ArgumentParser, docs: bool = True) -> None:
        command.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of articles (default: seeds)")
        command.add_argument("--config", type=Path, default=None, help=f"settings file (default: {CONFIG_NAME} if present)")
        _corrections_option(command)
        if docs:
            command.add_argument("--docs", type=Path, default=Path("docs"), help="MkDocs docs folder to generate into (default: docs)")
        command.add_argument(
            "--min-confidence", type=float, default=None,
            help=f"hide events below this confidence, from 0 to 1 (default: min_confidence in {CONFIG_NAME}, else {DEFAULT_MIN_CONFIDENCE}; 0 shows all)",
        )
        command.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help=f"where extractions are kept between runs (default: {CACHE_DIR})")
        command.add_argument("--no-cache", action="store_true", help="extract every article again, and keep nothing")
        command.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
        command.add_argument(
            "-j", "--jobs", type=_positive, default=os.cpu_count() or 1,
            help=f"extract in N worker processes (default: the number of cores, {os.cpu_count() or 1}; one per {ARTICLES_PER_WORKER} articles at most)",
        )
        command.add_argument(
            "--scheduler", metavar="ADDRESS", default=None,
            help='extract on a Dask cluster: "local" starts one with --jobs workers, or give a scheduler\'s address such as tcp://10.0.0.5:8786 (needs timeline[dask])',
        )
        if docs:
            command.add_argument(
                "--force", action="store_true",
                help="write into output folders timeline did not make (never a home folder, / or a top folder);"
                " files timeline did not write are still kept",
            )
            command.add_argument("--no-wait", action="store_true", help="if another build of this project is running, exit at once instead of waiting")

    init = commands.add_parser(
        "init", help="set up a new project", description=(
            "Set up a new project in FOLDER: mkdocs.yml, docs/index.md, the site's stylesheet, a commented"
            f" {CONFIG_NAME}, a commented {CORRECTIONS_NAME}, the GitHub Pages workflow with its requirements.txt, and an empty seeds/ folder."
            " A file that is already there is kept as it is, never overwritten."
        ),
    )
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), help="project folder, created if missing (default: the current folder)")
    init.add_argument("--force", action="store_true", help=f"set up a project in a folder that has other files and no {CONFIG_NAME} (files there are still never overwritten)")
    init.add_argument("--title", help=f"the story's title: the home page's heading and the site's name (title: in {CONFIG_NAME})")
    init.set_defaults(run=_run_init)

    add = commands.add_parser(
        "add", help="fetch articles from links, saved pages or feeds into seeds/", description=(
            "Add articles to seeds/, one Markdown file each (<published>-<title>.md, with title, published, source,"
            " url, author, language and retrieved in its front matter): from web addresses (http or https), saved"
            " web pages (.html, .htm) or RSS and Atom feeds (a web address or a file: every entry's page)."
            " An article already in seeds/ (the same address, canonical address or text) is not added again,"
            " and no file there is ever overwritten. Exits 1 if any source failed."
        ),
    )
    add.add_argument("sources", nargs="+", metavar="SOURCE", help="a web address, a saved web page or a feed (address or file)")
    add.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of articles to add to (default: seeds)")
    add.add_argument("--limit", type=_positive, default=None, metavar="N", help="take at most the first N entries of each feed")
    add.add_argument("--update", action="store_true", help="fetch articles already added again, and rewrite those whose text changed")
    add.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS", help=f"give up on a page after this long (default: {DEFAULT_TIMEOUT:g})")
    add.add_argument("--config", type=Path, default=None, help=f"settings file, for numeric_dates and max_article_bytes (default: {CONFIG_NAME} if present)")
    add.add_argument("--json", action="store_true", help="print one JSON object per source: source, status, message, seed, title, published, url, warnings")
    add.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add.set_defaults(run=_run_add)

    build = commands.add_parser("build", help="read seeds/, write docs/, build site/", description="Read the articles, write the Markdown pages into docs/, then build the website with MkDocs.")
    folders(build)
    build.add_argument("--site", type=Path, default=Path("site"), help="output folder of the website (default: site)")
    build.add_argument("--mkdocs-config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    build.set_defaults(run=_run_build)

    deploy = commands.add_parser(
        "deploy", help="build, then publish site/ on GitHub Pages", description=(
            "Build the site as `build` does, then push it to the gh-pages branch of the project's git remote"
            " with MkDocs' gh-deploy (for Pages' \"Deploy from a branch\"). When mkdocs.yml gives no site_url and"
            " the remote is on GitHub, the site is built for its Pages address (https://USER.github.io/REPO/)."
        ),
    )
    folders(deploy)
    deploy.add_argument("--site", type=Path, default=Path("site"), help="output folder of the website (default: site)")
    deploy.add_argument("--mkdocs-config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    deploy.add_argument("--remote-name", default=None, help="git remote to push to (default: remote_name in mkdocs.yml, else origin)")
    deploy.add_argument("--remote-branch", default=None, help="branch to push the site to (default: remote_branch in mkdocs.yml, else gh-pages)")
    deploy.add_argument("-m", "--message", default=None, help="commit message (default: MkDocs' \"Deployed SHA with MkDocs version: V\")")
    deploy.set_defaults(run=_run_deploy)

    generate = commands.add_parser("generate", help="write the Markdown pages into docs/ only", description="Read the articles and write the generated Markdown pages into docs/, without building the site.")
    folders(generate)
    generate.add_argument("--mkdocs-config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration, checked for the stylesheet (default: mkdocs.yml)")
    generate.set_defaults(run=_run_generate)

    serve = commands.add_parser(
        "serve", help="generate, then serve with live reload",
        description=f"Generate the pages, serve the site with live reload, and regenerate whenever an article in seeds/, {CONFIG_NAME} or {CORRECTIONS_NAME} changes.",
    )
    folders(serve)
    serve.add_argument("--mkdocs-config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.set_defaults(run=_run_serve)

    extract_cmd = commands.add_parser("extract", help="time expressions and events of one article", description="Extract the time expressions and events of one article. Offsets are character positions in the article body as read (for a saved web page, in the story text found in it). A feed gives a JSON list, one object per entry.")
    extract_cmd.add_argument("path", help="article file (text, Markdown, saved web page or feed), or - for text on standard input")
    extract_cmd.add_argument("--published", help="publication date, overriding the front matter (any form dateparser reads)")
    extract_cmd.add_argument("--config", type=Path, default=None, help=f"settings file (default: {CONFIG_NAME} if present)")
    extract_cmd.add_argument("--json", action="store_true", help="print JSON (each event with its \"why\")")
    extract_cmd.add_argument(
        "--explain", action="store_true",
        help="under each event, why it is there as it is: the event mention it came from, what dated it, what set its status, its confidence",
    )
    extract_cmd.set_defaults(run=_run_extract, min_confidence=None)

    events_cmd = commands.add_parser("events", help="merged events of a folder of articles", description="Extract and merge the events of every article in a folder; each event lists all its sources.")
    folders(events_cmd, docs=False)
    output = events_cmd.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV, one row per event, for a spreadsheet")
    events_cmd.set_defaults(run=_run_events)

    correct = commands.add_parser(
        "correct", help=f"correct an entry, in {CORRECTIONS_NAME}", description=(
            f"Write a correction of the entry ID into {CORRECTIONS_NAME}, keeping everything else in the file,"
            " comments included; the next build applies it. Each entry shows its id on the site."
        ),
    )
    correct.add_argument("id", help="the entry's id, shown by the entry on the site (8 letters and digits)")
    correct.add_argument("--date", help="its date: a day (2023-09-13), a month (2023-09) or a year (2023)")
    correct.add_argument("--end-date", help="with --date as a day: the last day of a range")
    correct.add_argument("--title", help="its title")
    correct.add_argument("--type", help="its event type (one of timeline.yml's event_types, a built-in one, or other)")
    correct.add_argument("--status", help="happened, planned, reported or denied")
    correct.add_argument("--actors", nargs="*", metavar="NAME", help="who, replacing the extracted names (none given: no actors)")
    correct.add_argument("--places", nargs="*", metavar="NAME", help="where, replacing the extracted names (none given: no places)")
    correct.add_argument("--hide", action=argparse.BooleanOptionalAction, default=None, help="leave the entry off the site and the downloads (--no-hide shows it again)")
    correct.add_argument("--merge", nargs="+", metavar="ID", help="entries that are the same happening: their sources join this one")
    correct.add_argument("--split", nargs="+", metavar="SOURCE", help="sources (files in seeds/, or mention ids) to take out as an entry of their own")
    correct.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of articles, to check that the ids exist (default: seeds)")
    correct.add_argument("--config", type=Path, default=None, help=f"settings file (default: {CONFIG_NAME} if present)")
    _corrections_option(correct)
    correct.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help=f"where extractions are kept between runs (default: {CACHE_DIR})")
    correct.add_argument("--no-check", action="store_true", help="write the correction without checking that the articles have such an entry")
    correct.set_defaults(run=_run_correct)
    return parser


def _corrections_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--corrections", type=Path, default=None, help=f"corrections file (default: {CORRECTIONS_NAME} if present)")


# -- option types ---------------------------------------------------------------


def _positive(text: str) -> int:
    """A count of at least 1, for argparse."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    """A number of seconds above 0, for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, not {text!r}")
    return value


# -- the commands ----------------------------------------------------------------


def _run_generate(args: argparse.Namespace) -> int:
    generate(Project.from_args(args), check_site=warn_about_site)
    return 0


def _run_init(args: argparse.Namespace) -> int:
    from .site import REQUIREMENTS, SiteError, check_site_files, init_project

    _check_init_folder(args.folder, args.force)
    try:
        made = init_project(args.folder, title=args.title)
    except SiteError as error:
        raise UsageError(str(error)) from None
    for name in made.created:
        print(f"created {shown(name)}")
    for name in made.kept:
        print(f"kept {shown(name)} (already there, not overwritten)")
    if REQUIREMENTS in made.created and made.requirement is None:
        print(f"note: {shown(args.folder / REQUIREMENTS)}: say where to install timeline from before publishing with GitHub Pages", file=sys.stderr)
    try:
        check_site_files(args.folder / "mkdocs.yml")
    except SiteError as error:  # a kept file is the user's: say what it lacks, change nothing
        print(f"warning: {shown(error)}", file=sys.stderr)
    here = "" if args.folder.resolve() == Path.cwd() else f"cd {shlex.quote(str(args.folder))} && "
    print(f"Next: put articles in seeds/, then {shown(here)}timeline build (or timeline serve)", file=sys.stderr)
    return 0


def _check_init_folder(folder: Path, force: bool) -> None:
    """A new project goes into an empty or new folder, or a project (it has a timeline.yml or an mkdocs.yml)."""
    reason = never_written(folder)
    if reason:
        raise UsageError(f"{folder}: refused, {reason}; make a folder for the project (timeline init my-story)")
    project = any((folder / name).exists() for name in (CONFIG_NAME, "mkdocs.yml"))
    if force or not folder.is_dir() or project or not any(folder.iterdir()):
        return
    raise UsageError(
        f"{folder}: refused, the folder has other files and no {CONFIG_NAME} or mkdocs.yml, so it is no project;"
        " give an empty or new folder, or add --force to set the project up among those files (none is overwritten)"
    )


def _run_build(args: argparse.Namespace) -> int:
    build(Project.from_args(args))
    print(f"Built the site in {shown(args.site)}/", file=sys.stderr)
    return 0


def _run_deploy(args: argparse.Namespace) -> int:
    from .site import SiteError, deploy_site, git_remote, mkdocs_config_file, pages_address, pages_target

    try:  # everything a push needs is checked before the first article is read
        project = mkdocs_config_file(args.mkdocs_config).parent
        target = pages_target(args.mkdocs_config, args.remote_name, args.remote_branch)
        remote = git_remote(project, target.remote_name)
        address = target.site_url or pages_address(remote)
    except SiteError as error:
        raise UsageError(str(error)) from None

    def push() -> None:
        try:
            deploy_site(args.mkdocs_config, target, site_dir=args.site, message=args.message)
        except SiteError as error:
            raise UsageError(str(error)) from None

    build(Project.from_args(args), site_url=address or None, then=push)
    where = f"; Pages serves it at {address}" if address else ""
    print(f"Published {shown(args.site)}/ on branch {target.remote_branch} of {target.remote_name}{where}", file=sys.stderr)
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from .site import SiteError, check_dev_addr, mkdocs_config_file, serve

    try:
        config_file = mkdocs_config_file(args.mkdocs_config)  # before docs/ is written
        check_dev_addr(args.dev_addr)
        project = Project.from_args(args)
        generate(project, check_site=require_site)
        watched = [args.seeds, args.corrections or Path(CORRECTIONS_NAME).resolve(), args.config or Path(CONFIG_NAME).resolve()]
        serve(config_file, docs_dir=args.docs, dev_addr=args.dev_addr, watch=watched, regenerate=lambda: generate(project), note=note)
    except SiteError as error:
        raise UsageError(str(error)) from None
    return 0


def _run_add(args: argparse.Namespace) -> int:
    from .fetch import ADDED, FAILED, UPDATED, add_sources

    config = load_config(args.config)
    outcomes = add_sources(
        args.sources, args.seeds, limit=args.limit, update=args.update, timeout=args.timeout,
        max_text_bytes=config.get("max_article_bytes", MAX_ARTICLE_BYTES), day_first=Settings.from_config(config).day_first,
        progress=Progress("Fetching", args.quiet),
    )
    for outcome in outcomes:
        if outcome.status == FAILED:
            print(f"error: {shown(outcome.source)}: {shown(outcome.message)}", file=sys.stderr)
        for warning in outcome.warnings:
            print(f"warning: {shown(outcome.source)}: {shown(warning)}", file=sys.stderr)
    if args.json:
        json.dump([outcome.to_dict() for outcome in outcomes], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for outcome in (o for o in outcomes if o.status != FAILED):
            said = f"{outcome.published or 'undated'}, {outcome.title}" if outcome.status in (ADDED, UPDATED) else outcome.message
            print(f"{outcome.status:<9}  {shown(_from_here(outcome.seed))}  ({shown(said)})")
    counts = {status: sum(o.status == status for o in outcomes) for status in dict.fromkeys(o.status for o in outcomes)}
    print("; ".join(f"{count} {status}" for status, count in counts.items()) or "nothing to add", file=sys.stderr)
    return 1 if counts.get(FAILED) else 0


def _from_here(path: str) -> str:
    """A path as the user would type it from here: relative to the current folder when inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _run_extract(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    settings = Settings.from_config(config)
    max_bytes = config.get("max_article_bytes", MAX_ARTICLE_BYTES)
    published = None
    if args.published:
        try:
            published = parse_published(args.published, settings.day_first)
        except ValueError as reason:
            raise UsageError(f"--published: {reason}") from None
    if args.path == "-":
        try:
            text = decode_article(sys.stdin.buffer.read(max_bytes + 1), max_bytes)
            how_to_date = "pass --published YYYY-MM-DD (or start the text with `published:` front matter)"
            article, problems = parse_article(text, "<stdin>", "stdin", published, settings.day_first, how_to_date)
        except ArticleError as error:
            raise UsageError(f"<stdin>: {error}") from None
        articles, offset = [article], len(text) - len(article.body)  # offsets count the whole text, front matter included
        is_feed = False
    else:
        offset = 0
        path = Path(args.path)
        is_feed = path.suffix.lower() in FEED_SUFFIXES
        if path.is_dir():
            raise UsageError(f"{path}: is a folder; extract reads one article (for a whole folder: timeline events --seeds {path})")
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        try:
            articles, problems = read_file(path, published=published, day_first=settings.day_first, max_bytes=max_bytes)
        except (ArticleError, OSError) as error:
            raise UsageError(f"{path}: {error}") from None
    report(problems)
    extractions = [extract(article, settings=settings).shifted(offset) for article in articles]
    if args.json:
        data = [e.to_explained_dict() for e in extractions] if is_feed else extractions[0].to_explained_dict()
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        threshold = min_confidence(Project.from_args(args), config) if args.explain else 0.0
        for extraction in extractions:
            for event, why in zip(extraction.events, extraction.whys):
                print(f"{_plain_date(event):<10}  {event.status:<8}  {event.type:<10}  {shown(event.title)}")
                if args.explain:
                    print("\n".join(shown(line) for line in explanation(event, why, threshold)), end="\n\n")
    return 0


def explanation(event: Event, why: Why, min_confidence: float) -> list[str]:
    """Why an event is as it is, a few indented lines for ``timeline extract --explain``."""
    def mention(m: EventMention) -> str:
        return f'"{m.text}" at {m.start}-{m.end}, {m.cls}'

    if why.mention is not None:
        m = why.mention
        lines = [f"  mention     {mention(m)} (polarity {m.polarity}, tense {m.tense}, aspect {m.aspect}{', modal ' + m.modality if m.modality else ''})"]
    else:
        lines = [f'  mention     "{event.trigger.text}" at {event.trigger.start}-{event.trigger.end}: no learned mention there; the parse chose it']
    roles = {"attribution": "reports it, so it is attributed, not an entry", "complement": "it governs, told in this entry",
             "governor": "governs it, told in this entry", "part": "is part of it (its occasion or another outcome), told in this entry",
             "repeat": "tells the same happening again"}
    lines += [f"  folded      {mention(m)}: {roles[role]}" for role, m in why.linked]
    timex = why.timex
    if timex is None:
        lines.append(f"  date        undated: {why.date_because}")
    else:
        said = f'"{timex.text}"' if timex.text else "the publication date"
        said += f" at {timex.start}-{timex.end}" if timex.start >= 0 else ""
        lines.append(f"  date        {said} = {timex.value} ({why.date_step}): {why.date_because}")
    lines.append(f"  status      {why.status}: {why.status_because}")
    place = "shown on the site" if why.confidence >= min_confidence else f"below min_confidence {min_confidence}: not on the site"
    lines.append(f"  confidence  {why.confidence:.2f} ({place}): {', '.join(why.confidence_because)}")
    return lines


def _plain_date(event: Event) -> str:
    """The day of a day or time, else the TIMEX value ("2024", "2023-09"): never a coarse date's first day."""
    if event.date is None:
        return "undated"
    if event.granularity in (None, "day", "time") or not event.value:
        return event.date
    return event.value


def _run_events(args: argparse.Namespace) -> int:
    project = Project.from_args(args)
    config = load_config(args.config)
    threshold = min_confidence(project, config)
    extractions, entries = extract_folder(project, config)
    hidden = sum(1 for entry in entries if entry.event.confidence < threshold)
    entries = [entry for entry in entries if entry.event.confidence >= threshold]
    if hidden:
        print(f"{hidden} event(s) below min_confidence {threshold} not shown (--min-confidence 0 shows all)", file=sys.stderr)
    if args.json:
        sys.stdout.write(entries_json(entries))
    elif args.csv:
        sys.stdout.write(entries_csv(entries, (x.article for x in extractions)))
    else:
        for entry in entries:
            event = entry.event
            flag = "  (sources disagree)" if entry.conflicts else ""
            flag += "  (corrected)" if entry.corrected else ""
            print(f"{_plain_date(event):<10}  {event.status:<8}  {entry.id}  {len(entry.sources)} source(s)  {shown(event.title)}{flag}")
    return 0



def _run_correct(args: argparse.Namespace) -> int:
    from .corrections import ID_PATTERN, check_value, parse_corrections, parse_when, update_corrections, yaml_value
    from .site import scaffold_files

    config = load_config(args.config)
    settings = Settings.from_config(config)
    entry_id = args.id.strip().lower()
    if not ID_PATTERN.fullmatch(entry_id):
        raise UsageError(f"{args.id!r} is no entry id: an id is 8 letters and digits, shown by each entry on the site")
    changes: dict[str, str] = {}
    if args.end_date and not args.date:
        raise UsageError("--end-date needs --date, the first day; nothing written")
    option = "--date"
    try:
        if args.date:
            parse_when(args.date, args.end_date)
            changes["date"] = yaml_value(args.date.strip())
            if args.end_date:
                changes["end_date"] = yaml_value(args.end_date.strip())
        for option in ("title", "type", "status", "actors", "places"):
            value = getattr(args, option)
            if value is not None:
                checked = check_value(option, value, settings.event_types)
                changes[option] = yaml_value(list(checked) if isinstance(checked, tuple) else checked)
    except CorrectionError as error:
        raise UsageError(f"--{option.lstrip('-')}: {error}; nothing written") from None
    if args.hide is not None:
        changes["hide"] = yaml_value(args.hide)
    merge = [item.strip().lower() for item in args.merge or ()]
    for other in merge:
        if not ID_PATTERN.fullmatch(other):
            raise UsageError(f"--merge: {other!r} is no entry id; nothing written")
    path = args.corrections or Path(CORRECTIONS_NAME)
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else scaffold_files()[CORRECTIONS_NAME].decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read the corrections ({getattr(error, 'strerror', None) or error})") from None
    before, _ = parse_corrections(text, str(path), settings.event_types)
    fix = next((f for f in before.fixes if f.id == entry_id), None)
    for key, new in (("merge", merge), ("split", [item.strip() for item in args.split or ()])):
        if new:  # added to what the file already lists
            old = [item for item, _ in getattr(fix, key)] if fix else []
            changes[key] = yaml_value(list(dict.fromkeys(old + new)))
    if not changes:
        raise UsageError("nothing to correct: give --date, --title, --type, --status, --actors, --places, --hide, --merge or --split")
    if not args.no_check:
        _check_ids_exist(args, config, settings, [entry_id, *merge], [item.strip() for item in args.split or ()])
    try:
        updated = update_corrections(text, entry_id, changes)
    except CorrectionError as error:
        raise UsageError(f"{path}: {error}; nothing written") from None
    _write_atomically(path, updated)
    summary = ", ".join(f"{key} {value}" for key, value in changes.items())
    print(f"{shown(path)}: {entry_id}: {shown(summary)}")
    print("The next timeline build applies it.", file=sys.stderr)
    return 0


def _check_ids_exist(args: argparse.Namespace, config: dict, settings: Settings, ids: list[str], split: list[str]) -> None:
    """Refuse an id that names no entry of the articles (as extracted, before any correction),
    and a source to split off that is not one of the entry's."""
    from .corrections import names_source

    try:
        result = pipeline.run(
            args.seeds, settings, max_bytes=config.get("max_article_bytes", MAX_ARTICLE_BYTES),
            cache=ExtractionCache(args.cache_dir, settings), jobs=os.cpu_count() or 1,
        )
    except (pipeline.SeedsError, SchedulerError) as error:
        raise UsageError(f"{error} (--no-check writes the correction without checking)") from None
    known = {e.id for e in result.entries} | {s.mention_id for e in result.entries for s in e.sources}
    for entry_id in ids:
        if entry_id not in known:
            raise UsageError(
                f"no entry has id {entry_id} in {shown(args.seeds)} (the site shows each entry's id,"
                " and timeline events --min-confidence 0 lists them all); nothing written"
            )
    entry = next(e for e in result.entries if ids[0] == e.id or any(s.mention_id == ids[0] for s in e.sources))
    for item in split:
        if not any(names_source(item, source) for source in entry.sources):
            articles = ", ".join(sorted({s.article_id for s in entry.sources}))
            raise UsageError(f"--split: {item!r} is no source of {ids[0]} (its articles: {articles}); nothing written")


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` whole or not at all: a crash never leaves half a corrections file."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False) as handle:
            handle.write(text)
        if path.exists():
            os.chmod(handle.name, path.stat().st_mode & 0o7777)
        os.replace(handle.name, path)
    except OSError as error:
        raise UsageError(f"{path}: cannot write the corrections ({error.strerror or error})") from None
