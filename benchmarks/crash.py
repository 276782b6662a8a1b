"""Kill the generator at random moments and check that docs/ never holds a half-written site (issue #15).

A user's ``timeline build`` can die at any instant: Ctrl-C twice, a closed laptop, an
out-of-memory kill. Whatever the moment, docs/ must afterwards hold either the whole
previous output or the whole new one, never some pages of each or the folder gone, and
the user's own files (the home page, the stylesheet, their notes, their images, and a
page of theirs inside a generated folder, which the generator carries over) must be
byte-for-byte untouched, right after the kill and after the next run.

Two real timelines, A and B, are extracted once (spaCy takes seconds to load, a write
takes milliseconds). Each cycle then forks a child that writes the other timeline than
the one docs/ holds, SIGKILLs it after a random delay drawn from [0, 1.2 x the time a
whole forked write takes], and checks docs/: every file is hashed and the generated ones
must be exactly A's or exactly B's. A regenerate run to completion must then give the new
timeline exactly. Dot-prefixed staging folders at the top of docs/ (MkDocs skips them) are
not part of the state: the next run is to clean them, so they are counted instead.

Everything generated is in one folder, docs/timeline, and write_docs swaps the new one in
with one system call (renameat2 RENAME_EXCHANGE on Linux, renamex_np RENAME_SWAP on macOS).
Mixed states, and a user's page gone with its folder, are counted right after the kill, and
again once the next run's first step has run, or the whole next run for the user's files.
Where the call is missing, write_docs falls back to two renames with a journal that the next
run finishes: mixed right after a kill, never after that first step.

The swap takes microseconds, so a random kill seldom lands in it; a last pass kills one write
of each timeline right after its first rename or exchange, then one right after its second,
and so on until a write finishes: once with the exchange, once with the journaled fallback
(the exchange made unavailable in the writer, as on a system without it).

    python benchmarks/crash.py [--cycles 1000] [--seed 0] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from timeline.contents import Entry, Extraction  # noqa: E402
from timeline.events import extract_all  # noqa: E402
from timeline.merge import merge_extractions  # noqa: E402
from timeline.readers import read_articles  # noqa: E402
from timeline import guards  # noqa: E402
from timeline.site import init_project  # noqa: E402
from timeline.guards import clean_stale_staging  # noqa: E402
from timeline.writers import STAGING, write_docs  # noqa: E402

Timeline = tuple[list[Extraction], list[Entry]]

#: Hand-written files added to what ``timeline init`` writes (docs/index.md, docs/assets/timeline.css).
EXTRA_HAND_WRITTEN = {
    "notes.md": "# Notes\n\nMy own page, next to the generated ones.\n".encode(),
    "assets/logo.png": bytes(range(256)) * 4,
}
#: A user's page inside a generated folder, put there after the first run (timeline refuses a
#: folder it has not marked as its own); write_docs carries it into each new version of the folder.
KEPT_IN_GENERATED = {"timeline/actors/my-notes.md": "# My notes on the actors\n".encode()}


def extract_folder(folder: Path) -> Timeline:
    """The real pipeline on a folder of articles: read, extract, merge."""
    articles, _ = read_articles(folder)
    extractions = extract_all(articles)
    return extractions, merge_extractions(extractions)


def make_docs(project: Path) -> tuple[Path, dict[str, bytes]]:
    """A project from ``timeline init`` plus a notes page and an image; its docs/ and its hand-written files."""
    init_project(project)
    docs = project / "docs"
    for name, data in EXTRA_HAND_WRITTEN.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    return docs, {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*")) if path.is_file()}


def snapshot(docs: Path) -> dict[str, str]:
    """sha256 of every file under docs/ by its relative path, dot-named files inside the
    generated folders included; only the dot-prefixed folders at the top (staging) are left out."""
    state = {}
    for path in sorted(docs.rglob("*")):
        name = path.relative_to(docs)
        if path.is_file() and not (name.parts[0].startswith(".") and len(name.parts) > 1):
            state[name.as_posix()] = _digest(path.read_bytes())
    return state


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def staging_folders(docs: Path) -> set[str]:
    return {path.name for path in docs.glob(STAGING + "*")}


def forked_write(
    docs: Path, timeline: Timeline, kill_after: float | None = None, renames: int | None = None, exchange: bool = True,
) -> tuple[bool, float]:
    """Write ``timeline`` into docs/ in a forked child, SIGKILLed after ``kill_after`` seconds,
    or, with ``renames``, killed by itself right after its n-th rename or exchange. Without
    ``exchange`` the writer takes the fallback of a system that cannot exchange two folders.

    Returns whether write_docs returned before the kill, and the seconds from the fork
    to that return (or to the kill): the child says it is done through a pipe, so the
    time a big process takes to exit is not counted as writing.
    """
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        if not exchange:
            guards._exchange_call = lambda: None
        if renames is not None:
            _die_after_renames(renames)
        try:
            write_docs(docs, *timeline, min_confidence=0.0)
            os.write(write_end, b"done")
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    os.close(write_end)
    if kill_after is not None:
        time.sleep(kill_after)
        os.kill(pid, signal.SIGKILL)
    finished = os.read(read_end, 16) == b"done"
    seconds = time.perf_counter() - start
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) != 0:
        raise RuntimeError(f"the writer failed with exit code {os.WEXITSTATUS(status)}")
    return finished, seconds


def _die_after_renames(count: int) -> None:
    """In a forked writer: SIGKILL itself right after its ``count``-th ``os.rename``, ``os.replace``
    (``Path.rename``, ``Path.replace`` and ``shutil.move`` go through them) or exchange of two folders
    (:func:`timeline.guards.exchange`, one system call). These moments last microseconds: a kill at
    a random time seldom lands there."""
    done = 0

    def counted(rename):
        def rename_then_maybe_die(*args, **kwargs):
            nonlocal done
            result = rename(*args, **kwargs)
            done += 1
            if done == count:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        return rename_then_maybe_die

    os.rename, os.replace = counted(os.rename), counted(os.replace)
    guards.exchange = counted(guards.exchange)


def time_write(docs: Path, timelines: tuple[Timeline, Timeline], repeat: int = 7) -> float:
    """Median seconds from the fork to the end of a forked write, each changing docs/; leaves docs/ at timelines[1]."""
    return statistics.median(forked_write(docs, timelines[n % 2])[1] for n in range(repeat + repeat % 2))


def difference(state: dict[str, str], old: dict[str, str], new: dict[str, str]) -> str:
    """How a state that is neither ``old`` nor ``new`` mixes them: each top-level name as old, new, missing or mixed."""
    parts = []
    for top in sorted({path.split("/")[0] for path in (*state, *old, *new)}):
        mine, was, will = ({p: h for p, h in s.items() if p.split("/")[0] == top} for s in (state, old, new))
        label = "new" if mine == will else "old" if mine == was else "missing" if not mine else "mixed"
        if was != will or label != "new":
            parts.append(f"{top}={label}")
    return " ".join(parts)


@dataclass
class StepKills:
    """One write of each timeline killed right after each of its renames or exchanges in turn."""

    kills: int = 0  # writes killed right after one of their renames or exchanges
    mixed: int = 0  # of those, states neither old nor new right after the kill
    mixed_recovered: int = 0  # of those, states still neither old nor new once the next run's first step has run
    lost: int = 0  # kills after which a hand-written file was still changed or gone after the next run

    def summary(self) -> str:
        return (
            f"{self.mixed} of {self.kills} mixed until the next run, {self.mixed_recovered} after its first step,"
            f" hand-written files lost after {self.lost}"
        )


@dataclass
class CrashReport:
    cycles: int
    write_seconds: float  # median forked write (fork to written), which the kill delays are drawn against
    killed: int = 0  # cycles whose kill stopped the writer before it finished
    mixed: int = 0  # states right after a kill that were neither the old output nor the new one
    mixed_recovered: int = 0  # of those, states still neither once the next run's first step has run
    regenerate_wrong: int = 0  # completed regenerates whose output was not exactly the new timeline
    hand_written_changed: int = 0  # kills after which a hand-written file was changed or gone
    hand_written_lost: int = 0  # kills after which a hand-written file was still changed or gone after the next run
    stale_after_kill: int = 0  # kills that left a staging folder behind
    stale_left: int = 0  # staging folders still in docs/ at the end, after the last regenerate
    exchanges: bool = False  # whether this system swapped the folder in one call (else every write took the fallback)
    steps: StepKills = field(default_factory=StepKills)  # killed after each step of a write, as this system swaps
    fallback_steps: StepKills = field(default_factory=StepKills)  # the same, with the journaled two-rename fallback
    mixed_kinds: dict[str, int] = field(default_factory=dict)  # how each mixed state mixed them -> times
    wall_seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.cycles} cycles ({self.killed} killed mid-write, write {self.write_seconds * 1000:.1f} ms):"
            f" {self.mixed} mixed states ({self.mixed_recovered} after the next run's first step), {self.regenerate_wrong} wrong regenerates,"
            f" hand-written files changed after {self.hand_written_changed} kills and lost after {self.hand_written_lost},"
            f" {self.stale_after_kill} kills left a staging folder, {self.stale_left} left at the end;"
            f" killed after each step ({'exchange' if self.exchanges else 'no exchange on this system'}): {self.steps.summary()};"
            f" with the journaled fallback: {self.fallback_steps.summary()}; {self.wall_seconds:.1f} s"
        )


class _Checker:
    """docs/ against the two timelines' outputs and the user's files."""

    def __init__(self, docs: Path, hand_written: dict[str, bytes], timelines: tuple[Timeline, Timeline], report: CrashReport):
        self.docs, self.report = docs, report
        write_docs(docs, *timelines[0], min_confidence=0.0)
        self.hand_written = hand_written | KEPT_IN_GENERATED
        self.put_back(list(KEPT_IN_GENERATED))
        self.states = []
        for timeline in timelines:
            write_docs(docs, *timeline, min_confidence=0.0)
            self.states.append(self.check()[0])

    def check(self) -> tuple[dict[str, str], list[str]]:
        """The state of docs/ without the hand-written files, and the hand-written files changed or gone."""
        state = snapshot(self.docs)
        harmed = [name for name, data in self.hand_written.items() if state.get(name) != _digest(data)]
        return {path: digest for path, digest in state.items() if path not in self.hand_written}, harmed

    def put_back(self, names: list[str]) -> None:
        """Write hand-written files again, so that one loss is counted once."""
        for name in names:
            (self.docs / name).parent.mkdir(parents=True, exist_ok=True)
            (self.docs / name).write_bytes(self.hand_written[name])

    def is_mixed(self, state: dict[str, str], new: int) -> bool:
        """After a write of timeline ``new`` was killed: whether docs/ holds neither it nor the other; the mix is recorded."""
        old_state, new_state = self.states[1 - new], self.states[new]
        if state in (old_state, new_state):
            return False
        kind = difference(state, old_state, new_state)
        self.report.mixed_kinds[kind] = self.report.mixed_kinds.get(kind, 0) + 1
        return True

    def mixed_after_first_step(self, new: int) -> bool:
        """Whether docs/ is still mixed once the staging a killed run left is dealt with, as every run does first."""
        clean_stale_staging(self.docs, STAGING)
        return self.is_mixed(self.check()[0], new)

    def lost_after_next_run(self, timeline: Timeline) -> bool:
        """Run write_docs to the end; whether a hand-written file is then still changed or gone (it is put back)."""
        write_docs(self.docs, *timeline, min_confidence=0.0)
        state, harmed = self.check()
        self.put_back(harmed)
        return bool(harmed)


def run_cycles(docs: Path, hand_written: dict[str, bytes], timelines: tuple[Timeline, Timeline], cycles: int, rng: random.Random) -> CrashReport:
    """Kill-and-regenerate ``cycles`` times, alternating the two timelines so every write changes docs/;
    then kill one write of each timeline right after each of its renames in turn."""
    start = time.perf_counter()
    report = CrashReport(cycles, 0.0)
    checker = _Checker(docs, hand_written, timelines, report)
    report.write_seconds = time_write(docs, timelines)
    for cycle in range(cycles):
        new = cycle % 2
        before = staging_folders(docs)
        finished, _ = forked_write(docs, timelines[new], rng.uniform(0, 1.2 * report.write_seconds))
        report.killed += not finished
        report.stale_after_kill += bool(staging_folders(docs) - before)
        state, harmed = checker.check()
        report.mixed += checker.is_mixed(state, new)
        report.hand_written_changed += bool(harmed)
        report.mixed_recovered += checker.mixed_after_first_step(new)
        report.hand_written_lost += checker.lost_after_next_run(timelines[new])
        report.regenerate_wrong += checker.check()[0] != checker.states[new]
    report.stale_left = len(staging_folders(docs))
    report.exchanges = can_exchange(docs)
    report.steps = kill_at_each_step(checker, timelines, exchange=True)
    report.fallback_steps = kill_at_each_step(checker, timelines, exchange=False)
    report.wall_seconds = time.perf_counter() - start
    return report


def kill_at_each_step(checker: _Checker, timelines: tuple[Timeline, Timeline], exchange: bool) -> StepKills:
    """For each timeline, from the other's output: a write killed right after its first rename or
    exchange, then one right after its second, and so on until a write finishes."""
    steps = StepKills()
    for new in (0, 1):
        write_docs(checker.docs, *timelines[1 - new], min_confidence=0.0)
        renames, finished = 0, False
        while not finished:
            renames += 1
            finished, _ = forked_write(checker.docs, timelines[new], renames=renames, exchange=exchange)
            if not finished:
                steps.kills += 1
                steps.mixed += checker.is_mixed(checker.check()[0], new)
                steps.mixed_recovered += checker.mixed_after_first_step(new)
            steps.lost += checker.lost_after_next_run(timelines[1 - new])
    return steps


def can_exchange(docs: Path) -> bool:
    """Whether this system and file system swap two folders in one call (two empty ones are tried)."""
    with tempfile.TemporaryDirectory(dir=docs.parent) as probe:
        first, second = Path(probe, "a"), Path(probe, "b")
        first.mkdir(), second.mkdir()
        return guards.exchange(first, second)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=1000, help="kill-and-regenerate cycles (default: 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the kill delays (default: 0)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    fixtures = REPO / "tests" / "fixtures"
    timelines = (extract_folder(fixtures / "summit"), extract_folder(fixtures / "merge-wording"))
    with tempfile.TemporaryDirectory(prefix="timeline-crash-") as project:
        docs, hand_written = make_docs(Path(project))
        report = run_cycles(docs, hand_written, timelines, args.cycles, random.Random(args.seed))
    if args.json:
        print(json.dumps(asdict(report) | {"seed": args.seed, "total_seconds": time.perf_counter() - started}, indent=2))
    else:
        for kind, count in sorted(report.mixed_kinds.items(), key=lambda item: -item[1]):
            print(f"mixed {count}x: {kind}")
        print(report.summary())
    failures = (
        report.mixed_recovered, report.regenerate_wrong, report.hand_written_lost,
        *(steps.mixed_recovered + steps.lost for steps in (report.steps, report.fallback_steps)),
        (report.mixed + report.steps.mixed) if report.exchanges else 0,  # one exchange: never mixed, even right after a kill
    )
    return 1 if any(failures) else 0


if __name__ == "__main__":
    sys.exit(main())
