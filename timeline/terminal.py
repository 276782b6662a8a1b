"""What a run says on the terminal: file names made safe to print, problems, notes and a progress bar.

Everything goes to stderr, so a command's results on stdout stay clean for a pipe.
"""

from __future__ import annotations

import re
import sys

from .readers import Problem

#: Control characters a terminal acts on (C0 but the newline, DEL, C1): a file named
#: ``evil\x1b[31mred.md`` would otherwise recolour or rewrite the screen.
TERMINAL_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def shown(text: object) -> str:
    """``text`` as the terminal should show it: control characters escaped (``\\x1b``), never obeyed.

    Every file name printed goes through here, inside whatever message carries it.
    Newlines stay: a failed site build lists MkDocs' warnings one a line.
    """
    return TERMINAL_CONTROLS.sub(lambda control: control.group().encode("unicode_escape").decode(), str(text))


def say(text: str) -> None:
    """One line on stderr, made safe to show."""
    print(shown(text), file=sys.stderr)


def note(text: str) -> None:
    say(f"note: {text}")


def report(problems: list[Problem]) -> None:
    for problem in problems:
        say(f"{'error' if problem.fatal else 'warning'}: {problem}")


class Progress:
    """A one-line progress bar on stderr, only when someone is watching."""

    def __init__(self, label: str, quiet: bool):
        self.label = label
        self.enabled = not quiet and sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.enabled and total > 1:
            width = 30
            filled = width * done // total
            print(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)
            if done == total:
                print(file=sys.stderr)
