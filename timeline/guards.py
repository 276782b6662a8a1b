"""Guards around the user's folders: what timeline may write into, one run at a time.

A mistyped ``--site ~`` must not empty a home folder: MkDocs cleans its site folder
and the generator replaces its folder of ``docs/``. So timeline writes only into a
folder that is missing, empty, or marked as its own by a marker file it wrote there;
anything else needs ``--force``, and a home folder, ``/`` and the top folders never
qualify. Builds of one project take a lock, so two nightly jobs cannot interleave.

No spaCy here: these checks run before the first article is read.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import functools
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Written into every folder timeline owns; its lines are the files timeline wrote there.
OWNED_MARKER = ".timeline-owned"
#: The lock file in the project folder, holding the running build's pid and start time.
LOCK_NAME = ".timeline.lock"



class GuardError(Exception):
    """A folder timeline must not write into, or a build already running; one line for the user."""


def never_written(folder: Path) -> str | None:
    """Why ``folder`` may never be written into, even with ``--force``, or None.

    The file system's root, its top folders (``/etc``, ``/home``, ``/usr``) and the
    user's home folder or any folder above it hold far too much to risk.
    """
    folder = folder.resolve()
    home = Path.home().resolve()
    if folder == Path(folder.anchor):
        return "it is the file system's root"
    if folder.parent == Path(folder.anchor):
        return "it is a top folder of the file system"
    if home.is_relative_to(folder):
        return "it is your home folder" if folder == home else "it holds your home folder"
    return None


def check_output_folder(folder: Path, *, option: str, force: bool = False) -> None:
    """Raise :class:`GuardError` unless timeline may write into or clean ``folder``.

    Allowed: a missing or empty folder, or one with :data:`OWNED_MARKER`; with
    ``force``, any folder but those :func:`never_written` names.
    """
    reason = never_written(folder)
    if reason:
        raise GuardError(f"{option} {folder}: refused, {reason}; give a folder of its own for timeline's output")
    if not folder.exists() and not folder.is_symlink():
        return
    if not folder.is_dir():
        raise GuardError(f"{option} {folder}: not a folder; give a folder for timeline's output")
    if force or is_owned(folder) or not any(folder.iterdir()):
        return
    raise GuardError(
        f"{option} {folder}: refused, the folder has files timeline did not write (it has no {OWNED_MARKER}),"
        " and writing there would replace or delete them; give an empty or new folder,"
        " or add --force if everything in it may be replaced"
    )


def is_owned(folder: Path) -> bool:
    return (folder / OWNED_MARKER).is_file()


def owned_files(folder: Path) -> set[str]:
    """The files timeline wrote into ``folder`` last time (POSIX paths inside it), from its marker."""
    try:
        lines = (folder / OWNED_MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in lines if line and not line.startswith("#")}


def marker_text(names: list[str]) -> str:
    """The marker's content: a comment saying what it is, then one file a line, sorted."""
    header = "# Written by timeline: this folder is its output, and these are the files it wrote.\n"
    return header + "".join(f"{name}\n" for name in sorted(names))


# -- new files ---------------------------------------------------------------------


def write_new_file(target: Path, data: bytes) -> bool:
    """Write ``target`` whole or not at all, never over an existing file; False if one is there.

    The bytes go to a temporary file that is then hard-linked into place, which fails
    if the name is taken: a crash leaves no half-written file for the next run to keep.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return False
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as out:
        out.write(data)
    os.chmod(out.name, 0o666 & ~_umask())  # as open() would make it, not the temporary file's 0600
    try:
        os.link(out.name, target)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links (exFAT, some network mounts)
        with target.open("xb") as direct:
            direct.write(data)
    finally:
        os.unlink(out.name)
    return True


def replace_file(target: Path, data: bytes) -> None:
    """Replace ``target`` whole: readers see the old bytes or the new, never half of them."""
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as out:
        out.write(data)
    try:
        os.chmod(out.name, target.stat().st_mode & 0o777)
        os.replace(out.name, target)
    except OSError:
        Path(out.name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- staging ---------------------------------------------------------------------


def staging_prefix(owner: str) -> str:
    """The start of a staging folder's name; the pid follows, so a later run knows when it is stale."""
    return f"{owner}{os.getpid()}-"


def clean_stale_staging(parent: Path, owner: str) -> list[tuple[Path, bool]]:
    """Deal with the staging folders named ``owner<pid>-…`` under ``parent`` whose run died.

    A run that died during a journaled swap (:func:`swap_in`) left a journal: the swap is
    finished, so docs/ ends as that run's complete output and the user's files it carried
    over are in place. Any other staging folder is removed: its run died before swapping
    (it changed nothing), or right after an exchange (the folder holds the old output).
    A folder whose process is still alive (another run writing right now) is left alone.
    Returns each folder dealt with, and whether its swap was finished.
    """
    dealt = []
    try:
        candidates = sorted(p for p in parent.iterdir() if p.name.startswith(owner) and p.is_dir())
    except OSError:
        return []
    for folder in candidates:
        pid = folder.name[len(owner) :].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        finished = (folder / SWAP_JOURNAL).is_file()
        if finished:
            finish_swap(folder, parent)
        shutil.rmtree(folder, ignore_errors=True)
        dealt.append((folder, finished))
    return dealt


#: In a staging folder, the names to swap in; written once everything is staged.
SWAP_JOURNAL = "swap.json"


def swap_folder(staging: Path, parent: Path, name: str) -> None:
    """Put the complete ``staging/new/NAME`` at ``parent/NAME`` in one step.

    The first time there is nothing to replace, and one rename does it. After that
    :func:`exchange` swaps the two folders in one system call, so a kill at any moment
    leaves the old folder or the new one there, never neither; the old one is then in
    ``staging/new/NAME``, for the caller to delete with the staging folder (or for the
    next run's :func:`clean_stale_staging`). Where the system cannot exchange (an old
    kernel, Windows, some file systems) this falls back to :func:`swap_in`: two renames,
    journaled so the next run finishes a swap killed between them.
    """
    new, target = staging / "new" / name, parent / name
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
    elif not exchange(new, target):
        swap_in(staging, parent, [name])


#: The errors by which a system says it cannot exchange two paths (rather than that these two cannot be).
_CANNOT_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one system call; False, with nothing changed, where the system cannot.

    Linux has ``renameat2(..., RENAME_EXCHANGE)`` (glibc 2.28 and later), macOS
    ``renamex_np(..., RENAME_SWAP)``; both are reached through ctypes. A missing call,
    or ENOSYS, EINVAL or ENOTSUP (an old kernel, a file system without it), gives False;
    any other failure raises :class:`OSError`.
    """
    call = _exchange_call()
    if call is None:
        return False
    if call(os.fsencode(first), os.fsencode(second)) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second), None, str(first))  # the folder being replaced names the error


@functools.cache
def _exchange_call() -> Callable[[bytes, bytes], int] | None:
    """The C library's exchanging rename as ``call(first, second) -> 0 or -1``, or None where there is none."""
    if sys.platform not in ("linux", "darwin"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform == "darwin":
        renamex_np = getattr(libc, "renamex_np", None)
        if renamex_np is None:
            return None
        renamex_np.argtypes, renamex_np.restype = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint], ctypes.c_int
        return lambda first, second: renamex_np(first, second, 0x2)  # RENAME_SWAP
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd = -100
    return lambda first, second: renameat2(at_fdcwd, first, at_fdcwd, second, 0x2)  # RENAME_EXCHANGE


def swap_in(staging: Path, parent: Path, names: list[str]) -> None:
    """Move each complete ``staging/new/NAME`` to ``parent/NAME``, the old one into ``staging/old``.

    The fallback of :func:`swap_folder` where the system cannot exchange two folders:
    each move is one rename, so a folder takes two. The journal is written first: a run
    killed between two renames is finished by the next one (:func:`clean_stale_staging`)
    before it reads or writes anything.
    """
    journal = staging / SWAP_JOURNAL
    partial = journal.with_suffix(".tmp")
    partial.write_text(json.dumps(sorted(names)), encoding="utf-8")
    os.replace(partial, journal)
    finish_swap(staging, parent)


def finish_swap(staging: Path, parent: Path) -> None:
    """Carry out (or carry on) the swap that ``staging``'s journal lists; each step can be repeated."""
    names = json.loads((staging / SWAP_JOURNAL).read_text(encoding="utf-8"))
    (staging / "old").mkdir(exist_ok=True)
    for name in names:
        new = staging / "new" / name
        if not new.is_dir():
            continue  # swapped in already
        if (parent / name).exists() or (parent / name).is_symlink():
            os.replace(parent / name, staging / "old" / name)
        os.replace(new, parent / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


# -- one build at a time ---------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """Who holds, or last held, a project's lock."""

    pid: int
    started: str

    def __str__(self) -> str:
        return f"pid {self.pid}, started {self.started}"


def _holder(text: str) -> Holder | None:
    pid, _, started = text.strip().partition(" ")
    return Holder(int(pid), started) if pid.isdigit() else None


@contextmanager
def project_lock(
    lock_file: Path, *, wait: bool = True, on_wait: Callable[[Holder | None], None] = lambda holder: None,
    on_takeover: Callable[[Holder], None] = lambda holder: None,
) -> Iterator[None]:
    """Hold ``lock_file`` for the duration: one build or generate of a project at a time.

    The kernel's ``flock`` does the locking, so a killed build never blocks the next
    night's run; the file records the holder's pid and start time for the message a
    second run prints, and is removed on release. A file left by a process that died
    is reported through ``on_takeover``.
    """
    fd = _acquire(lock_file, wait, on_wait)
    try:
        left = _holder(os.pread(fd, 200, 0).decode("utf-8", "replace"))
        if left:
            on_takeover(left)
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {started}\n".encode(), 0)
        yield
        lock_file.unlink(missing_ok=True)  # while still held, so no one locks a file on its way out
    finally:
        os.close(fd)  # closing releases the flock


def _acquire(lock_file: Path, wait: bool, on_wait: Callable[[Holder | None], None]) -> int:
    """An open, flocked descriptor of ``lock_file``, the file still at that path."""
    import fcntl  # POSIX only, and only needed here

    waited = False
    while True:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(os.pread(fd, 200, 0).decode("utf-8", "replace"))
            if not wait:
                os.close(fd)
                raise GuardError(f"another build ({holder or 'pid unknown'}) is running; wait for it, or run again without --no-wait") from None
            if not waited:
                on_wait(holder)
                waited = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.fstat(fd).st_ino == os.stat(lock_file).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # the holder removed the file as we waited: lock the new one
