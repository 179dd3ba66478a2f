"""The text of a TOML data file: reading it, parsing it, and one scanner of its lines.

Validation (`scorecard.load`) needs the line a value stood on to report a problem; editing
(`scorecard.edit`) needs where each table starts and where its last key ends to splice in
new text. Both read the file's layout through `scan`, so they cannot disagree about it: the
scanner follows strings (basic, literal, multi-line, with escapes) and open brackets across
lines, so a `[`, `#`, `=` or `'''` inside a string or a multi-line array is never taken for
a header, a comment, a key or the end of a string.

`LineIndex` maps a location in the parsed document, such as ``("indicators", 3,
"observations", 1, "year")``, to the line it came from. A value inside an inline table or
a multi-line array is placed on the line of its enclosing key.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from scorecard.errors import DataInvalidError, FileReadError, Problem

if TYPE_CHECKING:
    from pathlib import Path

#: A location in the parsed document: table keys and array indexes.
Loc = tuple[str | int, ...]

#: Peak memory of `show` per byte of data file, measured by bench/run.py at 100k observations
#: (about 9x), with a margin: the parsed document and the models built from it.
PEAK_PER_BYTE = 12
#: The memory assumed available where the platform does not say.
UNKNOWN_MEMORY = 8 * 2**30


def available_memory() -> int:
    """Bytes of memory a command may use: what the system has available (Linux's
    MemAvailable), or less where a container (cgroup v2) limits the process."""
    found = UNKNOWN_MEMORY
    try:
        with open("/proc/meminfo", "rb") as info:
            for line in info:
                if line.startswith(b"MemAvailable:"):
                    found = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open("/sys/fs/cgroup/memory.max", "rb") as limit_file:
            limit = limit_file.read().strip()
        with open("/sys/fs/cgroup/memory.current", "rb") as current_file:
            current = int(current_file.read().strip())
        if limit != b"max":
            found = min(found, max(int(limit) - current, 0))
    except (OSError, ValueError):
        pass
    return found


def _size(n: float) -> str:
    return f"{n / 2**30:.1f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def read_text(path: Path) -> str:
    """The file's text; unreadable files raise `FileReadError`, undecodable ones a problem."""
    return decode_text(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; unreadable files raise `FileReadError`.

    The only size a file is refused for is one the memory cannot hold once parsed: a
    regular file is measured before it is read; a pipe or a device such as /dev/zero, which
    may never end, is read up to that size.
    """
    name = str(path)
    memory = available_memory()
    limit = memory // PEAK_PER_BYTE
    try:
        raw = _read_bytes(path, limit, memory)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileReadError(
                Problem(name, f"a symbolic link to {os.readlink(path)}, which does not exist")
            ) from None
        raise FileReadError(Problem(name, "no such file")) from None
    except IsADirectoryError:
        raise FileReadError(Problem(name, "is a directory, not a data file")) from None
    except PermissionError:
        raise FileReadError(Problem(name, "permission denied")) from None
    except OSError as err:
        raise FileReadError(Problem(name, f"cannot be read: {err.strerror or err}")) from None
    if len(raw) > limit:
        raise FileReadError(
            Problem(
                name,
                f"too large to read: more than {_size(limit)} and still going, which needs "
                f"more memory once parsed than the {_size(memory)} available",
            )
        )
    return raw


def decode_text(raw: bytes, name: str) -> str:
    """The text of a data file's bytes; bytes that are not UTF-8 are a problem."""
    try:
        # "utf-8-sig": a byte-order mark (some Windows editors write one) is not an error.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise DataInvalidError(
            [Problem(name, f"not UTF-8 text (byte 0x{raw[err.start]:02x})", line=line)]
        ) from None


def _read_bytes(path: Path, limit: int, memory: int) -> bytes:
    """Up to `limit + 1` bytes of the file; a regular file over `limit` is refused unread.

    A FIFO is opened without blocking (an open for reading waits for a writer, forever if
    none comes), then read as usual: with no writer it reads as empty. A pipe given as
    `<(...)` has its writer already and reads in full.
    """
    if stat.S_ISFIFO(os.stat(path).st_mode):
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fifo:
            return fifo.read(limit + 1)
    with path.open("rb") as stream:
        st = os.fstat(stream.fileno())
        if stat.S_ISREG(st.st_mode) and st.st_size > limit:
            raise FileReadError(
                Problem(
                    str(path),
                    f"too large to read: {_size(st.st_size)} of TOML needs about "
                    f"{_size(st.st_size * PEAK_PER_BYTE)} of memory once parsed, and "
                    f"{_size(memory)} is available",
                )
            )
        return stream.read(limit + 1)


try:
    # tomli's compiled (mypyc) wheels parse a data file about 2.5 times as fast as the
    # standard library's tomllib, which is the same parser run as Python, at the same memory:
    # most of a large file's `show` is parsing. Without tomli, tomllib does the same work.
    from tomli import TOMLDecodeError, loads
except ImportError:  # pragma: no cover - tomli is a dependency; this is the fallback
    # The same class under another module: mypy sees two types where there is one interface.
    from tomllib import TOMLDecodeError, loads  # type: ignore[assignment]

_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML; syntax errors become a problem with the parser's line number."""
    if not text.strip():
        raise DataInvalidError([Problem(name, "the file is empty")])
    try:
        return loads(text)
    except TOMLDecodeError as err:
        message = str(err)
        match = _TOML_POS.search(message)
        line = int(match.group(1)) if match else None
        plain = _TOML_POS.sub("", message)
        col = f" (column {match.group(2)})" if match else ""
        raise DataInvalidError(
            [Problem(name, f"not valid TOML: {plain}{col}", line=line)]
        ) from None
    except RecursionError:
        raise DataInvalidError(
            [Problem(name, "arrays or inline tables are nested too deeply to be read")]
        ) from None
    except ValueError:
        # Python refuses to convert decimal integers of more than 4,300 digits (reading them
        # takes time quadratic in their length); tomllib lets that error through.
        raise DataInvalidError([_long_integer(text, name)]) from None


#: Python's limit on the digits of a decimal integer read from text (`sys.int_info`).
MAX_INT_DIGITS = 4300
_DIGIT_RUN = re.compile(rf"[0-9][0-9_]{{{MAX_INT_DIGITS},}}")


def _long_integer(text: str, name: str) -> Problem:
    match = _DIGIT_RUN.search(text)
    line = text.count("\n", 0, match.start()) + 1 if match else None
    return Problem(
        name,
        f"an integer longer than {MAX_INT_DIGITS:,} digits cannot be read "
        "(a scorecard's numbers must lie within +-1.8e308)",
        line=line,
    )


# ---------------------------------------------------------------------------------------
# Scanning: which lines are headers, comments, blank, keys, or the rest of a key's value.

LineKind = Literal["blank", "comment", "header", "content"]


@dataclass(frozen=True)
class Line:
    """One line of the text, with what it holds."""

    #: 1-based, as editors and error messages count.
    number: int
    #: Offset of the line's first character.
    start: int
    #: Just past the line's newline, or the end of the text.
    end: int
    kind: LineKind
    #: For a header: its key path, e.g. ("indicators", "observations"); None if unreadable.
    path: tuple[str, ...] | None = None
    #: For a header: `[[...]]`, an element of an array of tables.
    aot: bool = False
    #: For a content line that starts with `key =`: the key's path (dotted keys split).
    key: tuple[str, ...] | None = None


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _read_key(line: str, i: int, close: str) -> tuple[str, ...] | None:
    """The dotted key starting at `line[i]` and ended by `close` ("=", "]" or "]]")."""
    parts: list[str] = []
    n = len(line)
    while True:
        while i < n and line[i] in " \t":
            i += 1
        if i >= n:
            return None
        c = line[i]
        if c == '"':
            j = i + 1
            while j < n and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            if j >= n:
                return None
            try:
                # Escapes in a quoted key are decoded exactly as the parser decodes them.
                part = loads("k = " + line[i : j + 1])["k"]
            except TOMLDecodeError:
                return None
            i = j + 1
        elif c == "'":
            j = line.find("'", i + 1)
            if j < 0:
                return None
            part, i = line[i + 1 : j], j + 1
        else:
            match = _BARE.match(line, i)
            if match is None:
                return None
            part, i = match.group(), match.end()
        parts.append(part)
        while i < n and line[i] in " \t":
            i += 1
        if line.startswith(".", i):
            i += 1
            continue
        return tuple(parts) if line.startswith(close, i) else None


class _Scanner:
    """Tracks strings and brackets across lines, so that a `[` or `#` inside a multi-line
    string or array is not taken for a header or a comment."""

    def __init__(self) -> None:
        self.string: str | None = None  # '"""' or "'''" while inside a multi-line string
        self.depth = 0  # open [ and { of a value that spans lines

    @property
    def at_top(self) -> bool:
        return self.string is None and self.depth == 0

    def feed(self, line: str) -> None:
        i, n = 0, len(line)
        while i < n:
            if self.string is not None:
                if self.string == '"""' and line[i] == "\\":
                    i += 2
                    continue
                if line.startswith(self.string, i):
                    # A closing delimiter may be preceded by up to two quotes of content.
                    i += 3
                    extra = 0
                    while i < n and line[i] == self.string[0] and extra < 2:
                        i += 1
                        extra += 1
                    self.string = None
                    continue
                i += 1
                continue
            c = line[i]
            if c == "#":
                return
            if line.startswith('"""', i) or line.startswith("'''", i):
                self.string = line[i : i + 3]
                i += 3
            elif c == '"':
                i += 1
                while i < n and line[i] != '"':
                    i += 2 if line[i] == "\\" else 1
                i += 1
            elif c == "'":
                close = line.find("'", i + 1)
                i = n if close < 0 else close + 1
            else:
                if c in "[{":
                    self.depth += 1
                elif c in "]}":
                    self.depth = max(0, self.depth - 1)
                i += 1


def scan(text: str) -> list[Line]:
    """Every line of `text`, classified; a line inside a multi-line value is "content"."""
    lines: list[Line] = []
    scanner = _Scanner()
    start = 0
    number = 0
    # Split on "\n" only, as TOML does: `str.splitlines` also breaks at U+2028, NEL or form
    # feed, which may stand inside strings, and would shift every later line number.
    while start < len(text):
        number += 1
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline + 1
        body = text[start:end]
        stripped = body.strip(" \t\r\n")
        if not scanner.at_top:
            lines.append(Line(number, start, end, "content"))
            scanner.feed(body)
        elif not stripped:
            lines.append(Line(number, start, end, "blank"))
        elif stripped.startswith("#"):
            lines.append(Line(number, start, end, "comment"))
        elif stripped.startswith("["):
            aot = stripped.startswith("[[")
            path = _read_key(stripped, 2 if aot else 1, "]]" if aot else "]")
            lines.append(Line(number, start, end, "header", path, aot))
        else:
            key = _read_key(body, 0, "=")
            lines.append(Line(number, start, end, "content", key=key))
            scanner.feed(body)
        start = end
    return lines


class LineIndex:
    """Maps location paths in the parsed document to 1-based line numbers."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines: dict[Loc, int] = {}
        aot_count: dict[Loc, int] = {}
        current: Loc = ()
        for line in lines:
            if line.kind == "header" and line.path is not None:
                loc: Loc = ()
                for i, part in enumerate(line.path):
                    loc = (*loc, part)
                    # A table or array that only appears as a prefix, such as `a` in `[a.b]`
                    # or `[[a]]`, is located at the first header that names it.
                    self.lines.setdefault(loc, line.number)
                    last = i == len(line.path) - 1
                    if last and line.aot:
                        index = aot_count.get(loc, 0)
                        aot_count[loc] = index + 1
                        loc = (*loc, index)
                    elif loc in aot_count:
                        loc = (*loc, aot_count[loc] - 1)
                        self.lines.setdefault(loc, line.number)
                current = loc
                self.lines.setdefault(current, line.number)
            elif line.key is not None:
                self.lines.setdefault((*current, *line.key), line.number)

    @classmethod
    def of(cls, text: str) -> LineIndex:
        return cls(scan(text))

    def line_of(self, loc: Loc) -> int | None:
        """The line of the longest prefix of `loc` that the index knows."""
        for end in range(len(loc), 0, -1):
            found = self.lines.get(loc[:end])
            if found is not None:
                return found
        return None
