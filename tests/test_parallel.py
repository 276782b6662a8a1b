"""Extraction on several cores and on a Dask cluster gives exactly what one core gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, copy_site_project
from timeline.contents import Article
from timeline.events import extract_all
from timeline.parallel import ARTICLES_PER_WORKER, ExtractionFailed, _BatchResult, batches, extract_batch, extract_on_cores, in_order
from timeline.readers import read_articles

FIXTURES = REPO_ROOT / "tests" / "fixtures"

#: Short wire items of several stories: enough articles that ``-j 2`` starts two workers.
LEADS = (
    "{who} met {whom} in {where} on {day} September 2023 to discuss trade.",
    "{who} signed a fisheries agreement with {whom} in {where} on {day} October 2023.",
    "{who} will visit {where} next week, officials said.",
    "{who} did not attend the summit in {where} on {day} November 2023.",
)
PEOPLE = ("Putin", "Kim Jong Un", "Lula", "Macron", "Yoon Suk Yeol", "Fumio Kishida")
PLACES = ("Moscow", "Vladivostok", "Brasilia", "Paris", "Seoul", "Tokyo")


def wire_story(n: int) -> str:
    who, whom = PEOPLE[n % 6], PEOPLE[(n + 1 + n // 6) % 6]
    lead = LEADS[n % 4].format(who=who, whom=whom, where=PLACES[(n // 4) % 6], day=1 + n % 28)
    detail = f"Officials said {n * 7 + 3} delegates from {PLACES[n % 5]} took part, and {n + 2} more followed online."
    return f"---\ntitle: Wire {n}\npublished: 2023-12-{1 + n % 28:02d}\nsource: Wire\n---\n{lead} {detail}\n"


@pytest.fixture(scope="module")
def fixture_articles() -> list[Article]:
    articles: list[Article] = []
    for folder in ("merge-wording", "summit", "reproducible"):
        articles.extend(read_articles(FIXTURES / folder)[0])
    return articles


def test_two_workers_give_the_same_extractions_in_the_same_order(fixture_articles):
    seen: list[str] = []
    parallel = extract_on_cores(fixture_articles, jobs=2, progress=lambda article: seen.append(article.id))
    assert [x.to_dict() for x in parallel] == [x.to_dict() for x in extract_all(fixture_articles)]
    assert sorted(seen) == sorted(a.id for a in fixture_articles)  # one progress step per article


def test_batches_keep_article_order_and_cover_every_article(fixture_articles):
    parts = batches(fixture_articles, size=4)
    assert [a for part in parts for a in part] == fixture_articles and all(1 <= len(p) <= 4 for p in parts)


def test_a_failure_in_a_worker_is_reported_in_article_order_whatever_finished_first(fixture_articles):
    parts = batches(fixture_articles[:6], size=3)
    results = [extract_batch(part) for part in parts]
    failed_second = _BatchResult(results[1].extractions[1:], ((0, "ValueError: no sentence"),))
    finished = [(1, failed_second), (0, results[0])]  # the second batch came back first
    reported: list[tuple[str, str]] = []
    extractions = list(in_order(parts, finished, None, lambda article, error: reported.append((article.id, str(error)))))
    assert reported == [(parts[1][0].id, "ValueError: no sentence")]
    assert [x.article.id for x in extractions] == [a.id for a in fixture_articles[:6] if a.id != parts[1][0].id]
    with pytest.raises(ExtractionFailed, match=f"{parts[1][0].path}: ValueError: no sentence"):
        list(in_order(parts, finished, None, None))  # without a handler, as extract_all does


def test_extractions_come_as_soon_as_every_batch_before_them_is_done(fixture_articles):
    """A build caches each extraction as it comes: a run stopped halfway keeps what it did."""
    parts = batches(fixture_articles[:6], size=2)
    results = [extract_batch(part) for part in parts]
    given = []

    def finishing():  # the first batch, then the third, then the second
        for number in (0, 2, 1):
            yield number, results[number]
            given.append(number)

    stream = in_order(parts, finishing(), None, None)
    assert [next(stream).article.id for _ in range(2)] == [a.id for a in parts[0]] and given == []
    assert [x.article.id for x in stream] == [a.id for a in parts[1] + parts[2]]


def project_with_stories(folder: Path, count: int) -> Path:
    project = copy_site_project(folder)
    (project / "seeds").mkdir()
    for n in range(count):
        (project / "seeds" / f"wire-{n:03d}.md").write_text(wire_story(n))
    return project


def generate(project: Path, *options: str) -> dict[str, bytes]:
    command = [sys.executable, "-m", "timeline", "generate", "--no-cache", "-q", *options]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    docs = project / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def one_core_docs(tmp_path_factory) -> dict[str, bytes]:
    return generate(project_with_stories(tmp_path_factory.mktemp("one"), 2 * ARTICLES_PER_WORKER), "-j", "1")


def test_generate_on_two_cores_writes_the_bytes_one_core_writes(tmp_path, one_core_docs):
    assert generate(project_with_stories(tmp_path / "two", 2 * ARTICLES_PER_WORKER), "-j", "2") == one_core_docs
    assert len([name for name in one_core_docs if name.startswith("timeline/sources/wire-")]) == 2 * ARTICLES_PER_WORKER  # none a duplicate


def test_generate_on_a_local_dask_cluster_of_two_writes_the_bytes_one_core_writes(tmp_path, one_core_docs):
    pytest.importorskip("dask.distributed", reason="Dask is in the test extras: pip install -e '.[test]'")
    docs = generate(project_with_stories(tmp_path / "dask", 2 * ARTICLES_PER_WORKER), "--scheduler", "local", "-j", "2")
    assert docs == one_core_docs


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    project = project_with_stories(tmp_path / "p", 1)
    command = [sys.executable, "-m", "timeline", "events", "--no-cache", "-q", "--scheduler", "tcp://127.0.0.1:9"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "timeline: error: --scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr


def test_jobs_must_be_a_positive_count(capsys):
    from timeline.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["events", "-j", "0"])
    assert exit_.value.code == 2 and "expected a whole number of 1 or more, not '0'" in capsys.readouterr().err
