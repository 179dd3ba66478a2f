"""Writing a file safely: atomically, and under a lock for a read-change-write.

Writes are atomic (temp file in the same folder, fsync, rename), so a reader sees the old
file or the new one, never half of either. `locked` holds a sibling `.lock` file around an
edit, so concurrent edits of the same file all land.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from typing import TYPE_CHECKING

from scorecard.errors import FileWriteError, LockTimeoutError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@contextlib.contextmanager
def locked(path: Path, timeout: float, name: str) -> Iterator[None]:
    """Hold `path`.lock for the block; `LockTimeoutError` after `timeout` seconds."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path) + ".lock", timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(
            f"{name}: another process is editing this file (waited {timeout:g} s for "
            f"{path.name}.lock); try again when it has finished"
        ) from None
    except OSError as err:
        raise FileWriteError(
            f"{name}: cannot create the lock file {path.name}.lock: {err.strerror or err}"
        ) from None
    try:
        remove_stale_temps(path)
        yield
    finally:
        lock.release()


#: A temp file of `atomic_write` older than this, found under the lock, is a leftover.
STALE_AFTER = 60.0


def temp_pattern(path: Path) -> re.Pattern[str]:
    """The names `atomic_write` gives its temp files for `path`: `.NAME.XXXXXXXX.tmp`."""
    return re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")


def remove_stale_temps(path: Path, now: float | None = None) -> list[Path]:
    """Remove temp files a killed edit of `path` left behind; return them.

    Called with the lock held, so no other edit of the file is writing one; only names of
    `atomic_write`'s own pattern for this file, and only those older than `STALE_AFTER`
    seconds, are removed (a slow `init` of the same name may still be writing its own).
    """
    import time

    pattern = temp_pattern(path)
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        if not pattern.fullmatch(name):
            continue
        leftover = path.parent / name
        with contextlib.suppress(OSError):
            info = os.lstat(leftover)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_AFTER:
                os.unlink(leftover)
                removed.append(leftover)
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _new_file_mode() -> int:
    # mkstemp creates 0600; a new data file gets what the user's umask gives any file.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, data: bytes, *, overwrite: bool, name: str | None = None) -> None:
    """Replace (or create) `path` with `data` so that readers see the old or the new file.

    The temp file is in the same folder, so the rename never crosses file systems. With
    `overwrite`, the file keeps its permission bits; without it, an existing file is never
    replaced, even one created a moment ago by another process. Any failure leaves the old
    file as it was and removes the temp file.
    """
    label = name or str(path)
    folder = path.parent
    try:
        old = os.stat(path) if overwrite else None
        # Mode bits as well as access: root may write any file, but a mode of 444 says no.
        if old is not None and (not os.access(path, os.W_OK) or not old.st_mode & 0o222):
            # Renaming over it would work, but the user made it read-only for a reason.
            raise FileWriteError(f"{label}: the file is read-only; nothing was written")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise FileWriteError(f"{label}: cannot write: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old is not None else _new_file_mode())
        if old is not None and hasattr(os, "chown"):
            # Keep the owner when someone else's file is edited (e.g. by root); only
            # possible with the right privileges, so a refusal is not an error.
            with contextlib.suppress(OSError):
                os.chown(tmp, old.st_uid, old.st_gid)
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path, label)
        _fsync_folder(folder)
    except OSError as err:
        raise FileWriteError(
            f"{label}: cannot write: {err.strerror or err}; the file was not changed"
        ) from None
    finally:
        # After a successful rename the temp name is gone; after a failure it is removed.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _link_new(tmp: str, path: Path, label: str) -> None:
    """Put `tmp` at `path` unless something is already there."""
    try:
        # A hard link fails if the target exists, so there is no window to clobber a file.
        os.link(tmp, path)
    except FileExistsError:
        raise UsageError(f"{label} already exists; not overwriting it") from None
    except OSError:
        # Some file systems have no hard links: check, then rename.
        if os.path.lexists(path):
            raise UsageError(f"{label} already exists; not overwriting it") from None
        os.replace(tmp, path)
