"""A generator killed at any moment leaves docs/ old or new, never mixed, and the user's files intact (issue #15).

The same check as ``benchmarks/crash.py``, for 30 cycles: forked writers of two real
timelines are SIGKILLed at random moments of their write, and docs/ is hashed after
each kill and after each completed regenerate; then a write is killed right after each
of its renames in turn, the moments a random kill seldom hits.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from timeline.merge import merge_extractions

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import crash  # noqa: E402


@pytest.fixture(scope="module")
def timelines():
    """Two timelines from one real extraction of the summit articles: the first two, and the last two."""
    extractions, _ = crash.extract_folder(REPO / "tests" / "fixtures" / "summit")
    halves = (extractions[:2], extractions[2:])
    return tuple((half, merge_extractions(half)) for half in halves)


@pytest.fixture(scope="module")
def report(tmp_path_factory, timelines):
    """30 kill-and-regenerate cycles, then a kill after each rename of a write of either timeline."""
    docs, hand_written = crash.make_docs(tmp_path_factory.mktemp("project"))
    assert {"index.md", "assets/timeline.css", "notes.md", "assets/logo.png"} <= set(hand_written)
    return crash.run_cycles(docs, hand_written, timelines, 30, random.Random(15))


def test_killed_writes_leave_old_or_new_and_hand_written_files_intact(report):
    assert report.killed >= 5, report.summary()  # kills landed inside writes, or nothing was tested
    assert report.mixed_recovered == 0, report.mixed_kinds  # right after a kill, a few in a thousand are mixed
    assert report.regenerate_wrong == 0, report.summary()
    assert report.hand_written_lost == 0, report.summary()


def test_staging_folders_of_killed_writes_are_cleaned_by_the_next_run(report):
    assert report.stale_after_kill > 0, report.summary()  # some kills landed while a staging folder existed
    assert report.stale_left == 0, report.summary()


def test_a_write_killed_between_its_renames_is_finished_by_the_next_runs_first_step(report):
    """Four folders cannot be swapped in one rename: killed between two, docs/ mixes old and new
    folders until the next run, whose first step completes the swap from the journal."""
    assert report.rename_kills >= 4, report.summary()  # at least one rename per changed folder
    assert report.rename_mixed > 0, report.summary()  # the kills did land between renames
    assert report.rename_mixed_recovered == 0, report.mixed_kinds


def test_a_users_page_in_a_generated_folder_survives_a_kill_after_any_rename(report):
    assert report.rename_kills >= 4, report.summary()
    assert report.rename_lost == 0, report.summary()


def test_a_kill_before_the_write_ends_leaves_the_old_state(tmp_path, timelines):
    """A writer killed at once changes nothing: the state checks can tell old from new."""
    docs, _ = crash.make_docs(tmp_path)
    crash.write_docs(docs, *timelines[0], min_confidence=0.0)
    old = crash.snapshot(docs)
    finished, _ = crash.forked_write(docs, timelines[1], kill_after=0.0)
    assert not finished
    assert crash.snapshot(docs) == old
    crash.write_docs(docs, *timelines[1], min_confidence=0.0)
    assert crash.snapshot(docs) != old
