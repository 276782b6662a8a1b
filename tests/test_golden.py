"""Golden files: what ``timeline extract --json`` gives for a few varied articles.

Each file in tests/golden/ is the command's whole output for one article, so a
change of behaviour shows as a readable diff of what was extracted. After
reviewing such a change, write the files anew (from the repository root):

    python tests/test_golden.py
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
GOLDEN = REPO_ROOT / "tests" / "golden"

#: Golden file -> the article it is the extraction of (a path from the repository root).
ARTICLES = {
    "seed-putin-invitation.json": "seeds/000_52d71b10ba252412.md",  # a long wire story: scene dates, roles, quotes
    "saved-web-page.json": "tests/fixtures/web/putin-accepts-invitation.html",  # story text dug out of a page
    "feed.json": "tests/fixtures/web/korea-wire.xml",  # a feed: a list, one extraction per entry
    "water-pact-analysis.json": "tests/fixtures/merge-wording/04-water-pact-analysis.md",  # plans and what happened
    "geneva-talks-day-after.json": "tests/fixtures/summit/02-geneva-talks-day-after.md",  # "yesterday", a report, a plan
    "tanker-contract.json": "tests/fixtures/roles/tanker-contract.md",  # who did what to whom: won, lost, passive, places
}


def extract_json(article: str) -> str:
    """``timeline extract --json ARTICLE`` run from the repository root, as its standard output."""
    from timeline.cli import main

    output = io.StringIO()
    with contextlib.chdir(REPO_ROOT), contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()):
        assert main(["extract", "--json", article]) == 0
    return output.getvalue()


@pytest.mark.parametrize("golden", sorted(ARTICLES))
def test_extraction_matches_its_golden_file(golden):
    expected = (GOLDEN / golden).read_text(encoding="utf-8")
    assert extract_json(ARTICLES[golden]) == expected, f"tests/golden/{golden} differs: if the change is meant, run python tests/test_golden.py"


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    for name, path in sorted(ARTICLES.items()):
        (GOLDEN / name).write_text(extract_json(path), encoding="utf-8")
        print(f"wrote tests/golden/{name} from {path}")
