"""Rebuilding a cached project after a change: only extraction's own code invalidates the cache."""

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
