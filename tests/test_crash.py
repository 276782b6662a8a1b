"""A generator killed at any moment leaves docs/ old or new, never mixed, and the user's files intact (issue #15).

The same check as ``benchmarks/crash.py``, for 30 cycles: forked writers of two real
timelines are SIGKILLed at random moments of their write, and docs/ is hashed after
each kill and after each completed regenerate; then a write is killed right after each
of its renames or exchanges in turn, the moments a random kill seldom hits: once as this
system swaps (one exchange), once with the journaled fallback of a system that cannot.
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
    """30 kill-and-regenerate cycles, then a kill after each step of a write of either timeline."""
    docs, hand_written = crash.make_docs(tmp_path_factory.mktemp("project"))
    assert {"index.md", "assets/timeline.css", "notes.md", "assets/logo.png"} <= set(hand_written)
    return crash.run_cycles(docs, hand_written, timelines, 30, random.Random(15))


def test_killed_writes_leave_old_or_new_and_hand_written_files_intact(report):
    assert report.killed >= 5, report.summary()  # kills landed inside writes, or nothing was tested
    assert report.exchanges  # Linux, glibc >= 2.28, ext4 or tmpfs: one call swaps the folder
    assert report.mixed == 0, report.mixed_kinds  # right after the kill, not only after the next run
    assert report.hand_written_changed == 0, report.summary()
    assert report.mixed_recovered == 0 and report.regenerate_wrong == 0, report.summary()
    assert report.hand_written_lost == 0, report.summary()


def test_staging_folders_of_killed_writes_are_cleaned_by_the_next_run(report):
    assert report.stale_after_kill > 0, report.summary()  # some kills landed while a staging folder existed
    assert report.stale_left == 0, report.summary()


def test_a_write_killed_right_after_any_step_of_its_swap_leaves_old_or_new(report):
    """One folder, exchanged in one call: killed right after the staging rename, after the exchange
    (the old tree still in staging) or after a first run's plain rename, docs/ is old or new."""
    assert report.steps.kills >= 2, report.summary()  # a step before the swap and the exchange itself, per timeline
    assert report.steps.mixed == 0 and report.steps.mixed_recovered == 0, report.mixed_kinds
    assert report.steps.lost == 0, report.summary()


def test_where_the_system_cannot_exchange_a_write_killed_between_its_renames_is_finished_by_the_next_run(report):
    """The fallback's two renames: killed between them, docs/timeline is missing until the next
    run, whose first step completes the swap from the journal."""
    assert report.fallback_steps.kills >= 4, report.summary()
    assert report.fallback_steps.mixed > 0, report.summary()  # the kills did land between renames
    assert report.fallback_steps.mixed_recovered == 0, report.mixed_kinds
    assert report.fallback_steps.lost == 0, report.summary()


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
