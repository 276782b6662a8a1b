"""Rebuilding a cached project after a change: only extraction's own code invalidates the cache, and
adding, editing or removing an article gives the bytes a from-scratch run gives."""

from __future__ import annotations

import ast
from pathlib import Path

import timeline
from timeline import cache

PACKAGE = Path(timeline.__file__).parent


def _imported_modules(path: Path, module: str) -> set[str]:
    """The ``timeline`` modules one source file imports, by dotted name."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # "from .. import dates" names a module
    return {name for name in found if name == "timeline" or name.startswith("timeline.")}


def _source(module: str) -> Path | None:
    relative = Path(*module.split(".")[1:])
    for candidate in (PACKAGE / relative / "__init__.py", (PACKAGE / relative).with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _closure(*roots: str) -> set[str]:
    """Every timeline module importing ``roots`` runs, parent packages included."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        module = stack.pop()
        path = _source(module)
        if module in seen or path is None:
            continue
        seen.add(module)
        parts = module.split(".")
        stack.extend(".".join(parts[:n]) for n in range(1, len(parts)))
        stack.extend(_imported_modules(path, module))
    return seen


def test_the_cache_fingerprint_hashes_exactly_the_modules_extraction_imports():
    extraction = {_source(module).relative_to(PACKAGE).as_posix() for module in _closure("timeline.events", "timeline.contents")}
    assert "events/anchoring.py" in extraction and "mentions.py" in extraction  # the walk follows relative imports
    assert set(cache.EXTRACTION_MODULES) == extraction, "update cache.EXTRACTION_MODULES to the modules extraction imports"


def test_a_change_outside_extraction_keeps_the_cache_and_one_inside_drops_it(tmp_path, monkeypatch):
    from timeline.settings import DEFAULT_SETTINGS

    copy = tmp_path / "timeline"
    for path in PACKAGE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            (copy / path.relative_to(PACKAGE)).parent.mkdir(parents=True, exist_ok=True)
            (copy / path.relative_to(PACKAGE)).write_bytes(path.read_bytes())
    monkeypatch.setattr(cache, "__file__", str(copy / "cache.py"))
    monkeypatch.setattr(cache, "MODEL_DATA", copy / "models")
    before = cache._fingerprint(DEFAULT_SETTINGS)
    for unrelated in ("writers.py", "merge.py", "cli.py"):
        (copy / unrelated).write_text((copy / unrelated).read_text() + "\n# changed\n")
    assert cache._fingerprint(DEFAULT_SETTINGS) == before
    for path in (copy / "events" / "titles.py", copy / "models" / "event_mentions.json"):
        path.write_bytes(path.read_bytes() + b"\n")
        assert cache._fingerprint(DEFAULT_SETTINGS) != before
        before = cache._fingerprint(DEFAULT_SETTINGS)


def test_the_merge_memo_is_kept_only_for_the_modules_merge_imports():
    merge = {_source(module).relative_to(PACKAGE).as_posix() for module in _closure("timeline.merge")}
    assert set(cache.MERGE_MODULES) == merge, "update cache.MERGE_MODULES to the modules the merge imports"


# --- a project changed one article at a time gives what a fresh run gives ---------------------------

import os  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402

from timeline.cli import main  # noqa: E402

REPO = PACKAGE.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import newsgen  # noqa: E402

HAND_WRITTEN = "# Our notes\n\nWritten by hand; never generated.\n"


def _project(folder: Path, articles: int) -> Path:
    folder.mkdir()
    shutil.copy(REPO / "mkdocs.yml", folder)
    shutil.copytree(REPO / "docs", folder / "docs", ignore=shutil.ignore_patterns("timeline", "sources", "actors", "places", "types"))
    (folder / "docs" / "notes.md").write_text(HAND_WRITTEN)
    newsgen.generate(articles, folder / "seeds")
    return folder


def _generate(capsys, project: Path, *options: str) -> str:
    here = Path.cwd()
    os.chdir(project)
    try:
        code = main(["generate", "-q", *options])
    finally:
        os.chdir(here)
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    return err


def _docs(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project / "docs").as_posix(): p.read_bytes() for p in sorted((project / "docs").rglob("*")) if p.is_file()}


def _mtimes(project: Path) -> dict[str, int]:
    return {p.relative_to(project / "docs").as_posix(): p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}


def _changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def _saved(project: Path) -> cache.LastRun:
    with (project / ".timeline-cache" / cache.LAST_RUN).open("rb") as handle:
        return cache._StateUnpickler(handle).load()[1]


def _fresh(project: Path, tmp_path: Path, capsys) -> dict[str, bytes]:
    """The docs a from-scratch run (no cache, no saved state) makes of the same articles."""
    fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    fresh.mkdir()
    shutil.copy(project / "mkdocs.yml", fresh)
    shutil.copytree(REPO / "docs", fresh / "docs", ignore=shutil.ignore_patterns("timeline", "sources", "actors", "places", "types"))
    (fresh / "docs" / "notes.md").write_text(HAND_WRITTEN)
    shutil.copytree(project / "seeds", fresh / "seeds")
    _generate(capsys, fresh, "--no-cache")
    return _docs(fresh)


def test_adding_editing_and_removing_an_article_gives_the_bytes_of_a_fresh_run(tmp_path, capsys):
    project = _project(tmp_path / "project", 8)
    _generate(capsys, project)
    assert (project / ".timeline-cache" / cache.LAST_RUN).is_file()

    before, memo = _mtimes(project), _saved(project).merge
    newsgen.write_article(8, project / "seeds")  # one more article of the same stories
    err = _generate(capsys, project)
    assert "Extracted 1 article(s), 8 from the cache" in err and "warning" not in err, err
    kept = set(memo.uids.items()) & set(_saved(project).merge.uids.items())
    assert memo.fits and len(kept) == len(memo.uids)  # every earlier report known again, its pairs not scored again
    assert _docs(project) == _fresh(project, tmp_path, capsys)
    changed = _changed(before, _mtimes(project))
    assert any(name.startswith("timeline/sources/") for name in changed) and len(changed) < len(before) / 2, sorted(changed)

    edited = sorted((project / "seeds").iterdir())[3]
    edited.write_text(edited.read_text().replace("\n\n", "\n\nThe talks in Geneva ended on Friday, officials said.\n\n", 1))
    err = _generate(capsys, project)
    assert "Extracted 1 article(s), 8 from the cache" in err, err
    assert _docs(project) == _fresh(project, tmp_path, capsys)

    removed = sorted((project / "seeds").iterdir())[5]
    source_pages = {name for name in _docs(project) if name.startswith("timeline/sources/") and name != "timeline/sources/index.md"}
    removed.unlink()
    err = _generate(capsys, project)
    assert "Extracted 0 article(s), 8 from the cache" in err, err
    after = _docs(project)
    assert after == _fresh(project, tmp_path, capsys)
    assert len(source_pages - set(after)) == 1 and after["notes.md"] == HAND_WRITTEN.encode()


def test_a_damaged_or_missing_saved_state_is_a_note_and_the_same_pages(tmp_path, capsys):
    project = _project(tmp_path / "project", 4)
    _generate(capsys, project)
    expected = _docs(project)
    state = project / ".timeline-cache" / cache.LAST_RUN
    for damage in (lambda: state.write_bytes(state.read_bytes()[: len(state.read_bytes()) // 2]), state.unlink,
                   lambda: state.write_bytes(b"\x80\x04cos\nsystem\n.")):
        damage()
        err = _generate(capsys, project)
        assert "Traceback" not in err and f"{state.name}: " in err and "merging every article" in err, err
        assert _docs(project) == expected
        assert state.is_file()  # written again for the next run
    stray = state.with_name(f"{state.name}.x1y2.tmp")  # left by a run killed while saving
    stray.write_bytes(b"half")
    assert "warning" not in _generate(capsys, project)
    assert not stray.exists()
