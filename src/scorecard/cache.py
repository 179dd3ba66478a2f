"""The result cache: a repeat run on an unchanged file replays the output of the first.

What is cached is the finished output of a command (the text written to stdout and to
stderr, and the exit code), under a key that covers every input that can change it:

* the data file's bytes (a BLAKE2b digest of the bytes the command reads anyway), the path
  as the report names it and how that file was chosen;
* the command and its options, normalised (`-f json` and `--json` are one request);
* scorecard's version and a fingerprint of its installed modules (sizes and modification
  times), the Python version and executable, and the modification times of the folders on
  `sys.path` other than the script's own (installing, upgrading or removing a package
  changes them), so an entry is never trusted across versions of anything that made it;
* what the terminal does to the output: whether stdout is a terminal, the terminal's size,
  the streams' encodings and the environment variables Rich and Python read for colour,
  width and encoding;
* the calendar year, so a result that may depend on the clock (the years `--year` accepts
  run up to this year) is not replayed in another year.

The cache is never a reason for a command to fail, nor to print something else: an entry
that cannot be read, is truncated, corrupt or from another key is ignored (and replaced on
the next store), a cache folder that cannot be created or written is ignored, and only
complete, successful output is stored. Entries are written to a temporary file in the same
folder and renamed into place, so concurrent runs never see half an entry; two runs that
miss together both store the same bytes. The folder is kept small: past `MAX_ENTRIES`
entries or `MAX_TOTAL_BYTES`, the least recently used are removed.

This module is imported before Typer on every run (see `scorecard.fastpath`), so it imports
only what the interpreter has already loaded.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time

from scorecard import __version__

try:
    # hashlib's own BLAKE2b, without hashlib's start-up import of OpenSSL (about 13 ms).
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without the module
    from hashlib import blake2b

#: Where the cache lives, instead of the platform's user cache folder.
DIR_ENV = "SCORECARD_CACHE_DIR"
#: Any value but "", "0", "false" or "no" turns the cache off, like `--no-cache`.
OFF_ENV = "SCORECARD_NO_CACHE"
#: The environment variables that can change what a command writes: Rich's colour and width
#: settings, Python's stream encoding, the locale, and the data file's own variable.
OUTPUT_ENV = (
    "COLUMNS",
    "LINES",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLORTERM",
    "TERM",
    "TERM_PROGRAM",
    "UNICODE_VERSION",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
)
#: The least recently used entries are removed past either limit.
MAX_ENTRIES = 256
MAX_TOTAL_BYTES = 64 * 2**20
#: An output larger than this is not stored (a 100k-observation report is about 50 MiB).
MAX_ENTRY_BYTES = MAX_TOTAL_BYTES // 4
#: A temporary file older than this was left by a run that died while storing.
STALE_TMP_SECONDS = 3600.0

_MAGIC = b"scorecard-cache 1\n"
_SUFFIX = ".entry"
_TMP_PREFIX = ".tmp-"


class Output:
    """What a command wrote: stderr (written first) and stdout, and its exit code.

    A plain class: `dataclasses` imports `inspect`, which costs a start-up its budget.
    """

    __slots__ = ("exit_code", "stderr", "stdout")

    def __init__(self, stdout: str, stderr: str, exit_code: int = 0) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.exit_code = exit_code

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Output):
            return NotImplemented
        return (self.stdout, self.stderr, self.exit_code) == (
            other.stdout,
            other.stderr,
            other.exit_code,
        )

    def __hash__(self) -> int:
        return hash((self.stdout, self.stderr, self.exit_code))

    def __repr__(self) -> str:
        return f"Output({self.stdout!r:.60}, {self.stderr!r:.60}, {self.exit_code})"


def enabled(no_cache_option: bool = False) -> bool:
    """False with `--no-cache` or `$SCORECARD_NO_CACHE` set to a true value."""
    if no_cache_option:
        return False
    value = os.environ.get(OFF_ENV, "").strip().lower()
    return value in {"", "0", "false", "no"}


def cache_dir() -> str | None:
    """The cache folder, by the platform's convention (the one platformdirs follows).

    `$SCORECARD_CACHE_DIR`; else Linux and other Unix: `$XDG_CACHE_HOME/scorecard` or
    `~/.cache/scorecard`; macOS: `~/Library/Caches/scorecard`; Windows:
    `%LOCALAPPDATA%\\scorecard\\Cache`. None when there is no home folder to put it in.
    """
    explicit = os.environ.get(DIR_ENV)
    if explicit:
        return explicit
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return os.path.join(local, "scorecard", "Cache") if local else None
    home = os.path.expanduser("~")
    if home == "~" or not os.path.isabs(home):
        return None
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "scorecard")
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG specification: a relative path is invalid and must be ignored.
    base = xdg if os.path.isabs(xdg) else os.path.join(home, ".cache")
    return os.path.join(base, "scorecard")


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=32).hexdigest()


# ---------------------------------------------------------------------------------------
# The key


def _package_fingerprint() -> list[tuple[str, int, int]]:
    """(module file, size, mtime) of every module of this package: an edited or reinstalled
    scorecard has new ones even where its version string did not change."""
    root = os.path.dirname(os.path.abspath(__file__))
    found: list[tuple[str, int, int]] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    found.append((os.path.relpath(entry.path, root), st.st_size, st.st_mtime_ns))
                elif entry.is_dir() and entry.name != "__pycache__":
                    pending.append(entry.path)
    return sorted(found)


def _paths_fingerprint() -> list[tuple[str, int]]:
    """(folder, mtime) of each folder on `sys.path` but the first (the script's folder or
    the working directory, which changes for unrelated reasons): installing, upgrading or
    removing a package adds or removes entries there, which changes the folder's mtime."""
    found: list[tuple[str, int]] = []
    for entry in sys.path[1:]:
        try:
            found.append((entry, os.stat(entry).st_mtime_ns))
        except (OSError, ValueError):
            continue
    return found


def _stream_fingerprint(stream: object) -> tuple[object, ...]:
    isatty = getattr(stream, "isatty", None)
    try:
        tty = bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):
        tty = False
    return (tty, getattr(stream, "encoding", None), getattr(stream, "errors", None))


def _terminal_sizes() -> list[tuple[int, int] | None]:
    # Rich takes the width from the first standard stream that is a terminal, stdin included.
    sizes: list[tuple[int, int] | None] = []
    for fd in (0, 1, 2):
        try:
            size = os.get_terminal_size(fd)
        except (AttributeError, ValueError, OSError):
            sizes.append(None)
        else:
            sizes.append((size.columns, size.lines))
    return sizes


def key(command: str, options: tuple[object, ...], data_file: str, origin: str, data: str) -> str:
    """The cache key of one request: a hex digest of every input that changes its output.

    `options` are the command's options, normalised by the caller; `data_file` and `origin`
    are the data file as the report names it and how it was chosen; `data` is the digest of
    the file's bytes.
    """
    parts = (
        "scorecard cache key 1",
        __version__,
        sys.version,
        sys.executable,
        sys.platform,
        _package_fingerprint(),
        _paths_fingerprint(),
        time.localtime().tm_year,
        command,
        options,
        data_file,
        origin,
        data,
        _stream_fingerprint(sys.stdout),
        _stream_fingerprint(sys.stderr),
        _terminal_sizes(),
        [(name, os.environ.get(name)) for name in OUTPUT_ENV],
    )
    return digest(repr(parts).encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------------------------------
# Entries


def _entry_path(folder: str, key: str) -> str:
    return os.path.join(folder, key + _SUFFIX)


def _encode(key: str, output: Output) -> bytes:
    out = output.stdout.encode("utf-8", "surrogatepass")
    err = output.stderr.encode("utf-8", "surrogatepass")
    header = f"{key}\n{digest(out + err)}\n{output.exit_code}\n{len(out)}\n{len(err)}\n"
    return _MAGIC + header.encode("ascii") + out + err


def _decode(key: str, blob: bytes) -> Output | None:
    """The entry's output, or None unless it is complete, intact and for this key."""
    if not blob.startswith(_MAGIC):
        return None
    fields = blob[len(_MAGIC) :].split(b"\n", 5)
    if len(fields) != 6:
        return None
    stored_key, stored_digest, code, out_len, err_len, body = fields
    try:
        n_out, n_err, exit_code = int(out_len), int(err_len), int(code)
    except ValueError:
        return None
    if stored_key != key.encode("ascii") or len(body) != n_out + n_err:
        return None
    if digest(body).encode("ascii") != stored_digest:
        return None
    try:
        return Output(
            stdout=body[:n_out].decode("utf-8", "surrogatepass"),
            stderr=body[n_out:].decode("utf-8", "surrogatepass"),
            exit_code=exit_code,
        )
    except UnicodeDecodeError:
        return None


def read_regular_file(path: str, max_size: int | None = None) -> bytes | None:
    """The bytes of `path` if it is a regular file (of at most `max_size` bytes), else None.

    Opened non-blocking and checked with `fstat`: a FIFO or device in its place must not
    hang or flood the command (the command line reads those itself, once). The file is
    read in one call, then in small reads to its end: a second file-sized buffer, freed at
    once, would raise glibc's mmap threshold so that the large buffers a computed `show`
    makes next (the decoded text) are never given back (about 45 MiB more peak at 100k
    observations; docs/performance.md).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (max_size is not None and st.st_size > max_size):
            return None
        chunks = []
        size = max(st.st_size + 1, 1 << 16)
        while chunk := os.read(fd, size):
            chunks.append(chunk)
            size = 1 << 16
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def lookup(key: str) -> Output | None:
    """The stored output for `key`, or None: a miss, or an entry that cannot be trusted."""
    folder = cache_dir()
    if folder is None:
        return None
    path = _entry_path(folder, key)
    blob = read_regular_file(path, MAX_ENTRY_BYTES + 4096)
    if blob is None:
        return None
    found = _decode(key, blob)
    if found is not None:
        # Most recently used: pruning keeps it. A read-only cache still serves.
        with contextlib.suppress(OSError):
            os.utime(path)
    return found


def store(key: str, output: Output) -> None:
    """Keep `output` under `key`, atomically; any failure leaves the cache as it was."""
    folder = cache_dir()
    if folder is None:
        return
    blob = _encode(key, output)
    if len(blob) > MAX_ENTRY_BYTES:
        return
    tmp: str | None = None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        # A name no other process uses (its pid and a clock), created exclusively: the
        # entry appears under its real name only complete, by an atomic rename.
        name = os.path.join(folder, f"{_TMP_PREFIX}{os.getpid()}-{time.time_ns()}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(name, flags, 0o600)
        tmp = name
        with os.fdopen(fd, "wb") as stream:
            stream.write(blob)
        os.replace(tmp, _entry_path(folder, key))
        tmp = None
        prune(folder)
    except (OSError, ValueError):
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def prune(folder: str) -> None:
    """Remove the least recently used entries past the limits, and stale temporary files."""
    now = time.time()
    entries: list[tuple[float, int, str]] = []
    with os.scandir(folder) as scan:
        for entry in scan:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith(_TMP_PREFIX):
                if now - st.st_mtime > STALE_TMP_SECONDS:
                    _remove(entry.path)
            elif entry.name.endswith(_SUFFIX) and stat.S_ISREG(st.st_mode):
                entries.append((st.st_mtime, st.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if len(entries) <= MAX_ENTRIES and total <= MAX_TOTAL_BYTES:
        return
    # Down to three quarters of each limit, so that pruning is not needed on every store.
    entries.sort()
    count = len(entries)
    for _, size, path in entries:
        if count <= MAX_ENTRIES * 3 // 4 and total <= MAX_TOTAL_BYTES * 3 // 4:
            break
        _remove(path)
        count -= 1
        total -= size


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
