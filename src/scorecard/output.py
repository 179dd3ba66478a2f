"""Where every command's output goes: standard streams that fail cleanly and never crash.

`install()` runs once in the entry point (`scorecard.entry.main`), before any command, and
replaces `sys.stdout` and `sys.stderr` with thin guards. Every writer goes through them,
`typer.echo`, Rich tables and `--help` alike, so a new command gets all of this for free:

* **A closed pipe** (`scorecard show | head -1`): the reader has gone and wants nothing
  more. The command stops quietly with exit 141 (128 + SIGPIPE), as `cat` or `seq` do, so
  a pipeline under `set -o pipefail` still sees that the output was cut short.
* **A write error** (a full disk, `> /dev/full`, an I/O error, a closed standard output
  `>&-`): one line on stderr, `scorecard: cannot write to standard output: <reason>`, and
  exit 74 (sysexits' EX_IOERR). Never a traceback, never exit 70.
* **An encoding that cannot show a character** (`PYTHONIOENCODING=ascii`, `LC_ALL=C`,
  latin-1): text degrades to ASCII instead of failing: score bars become `#`, `=` and `.`,
  quotation marks plain quotes, "Juárez" becomes "Juarez", anything else `?`. JSON written
  with `write_json_text` escapes such characters as `\\uXXXX` instead, which loses nothing.
  Rich sees the stream's encoding and draws its table borders in ASCII.
* **stderr** that cannot be written (closed, full): messages are dropped; there is no one
  left to tell.

`console()` builds the Rich console for tables, never narrower than `MIN_WIDTH`.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import sys

# Imported before every command, and before a cached result is replayed: no `typing`, `re`
# or `unicodedata` at import time (each costs start-up; see scorecard.fastpath).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from rich.console import Console

    from scorecard.cache import Output as CachedOutput

#: Exit status when the reader of standard output went away (128 + SIGPIPE).
EXIT_PIPE_CLOSED = 141
#: Exit status when standard output could not be written (sysexits EX_IOERR).
EXIT_WRITE_ERROR = 74
#: Tables are laid out at least this wide, whatever $COLUMNS says: narrower, Rich would cut
#: scores and intervals ("[39.…") or drop whole columns.
MIN_WIDTH = 60
#: Width when neither $COLUMNS nor a terminal gives one.
DEFAULT_WIDTH = 80

ERROR_HANDLER = "scorecard-ascii"
JSON_ERROR_HANDLER = "scorecard-json"

#: ASCII stand-ins for the characters the renderers themselves print.
ASCII = {
    "\u2588": "#",  # full block: the solid part of a score bar
    "\u2592": "=",  # medium shade: the interval
    "\u2591": ".",  # light shade: the rest
    "\u00b7": "-",  # middle dot
    "\u2020": "+",  # dagger: an external figure
    "\u2021": "++",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",  # en dash
    "\u2014": "--",  # em dash
    "\u2212": "-",  # minus sign
    "\u2026": "...",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2248": "~=",  # almost equal: a score fed by open bounds of both kinds
    "\u00b1": "+-",
    "\u00d7": "x",
    "\u2022": "*",
    "\u00a0": " ",
}


def ascii_for(char: str) -> str:
    """An ASCII stand-in for one character: a known mark, the letter without its accent,
    else `?`."""
    if char in ASCII:
        return ASCII[char]
    import unicodedata

    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return plain or "?"


def _ascii_handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    return "".join(ascii_for(c) for c in err.object[err.start : err.end]), err.end


def _json_handler(err: UnicodeError) -> tuple[str, int]:
    """`\\uXXXX` escapes: JSON syntax is ASCII, so a character that cannot be encoded stands
    inside a string, where the escape means exactly that character."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for char in err.object[err.start : err.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), err.end


codecs.register_error(ERROR_HANDLER, _ascii_handler)
codecs.register_error(JSON_ERROR_HANDLER, _json_handler)


class OutputError(Exception):
    """Standard output cannot take more text. Not an `OSError`, so that no layer between the
    write and the entry point (Click catches EPIPE and exits 1) mistakes it for another."""

    exit_code = EXIT_WRITE_ERROR

    def message(self) -> str | None:
        return f"scorecard: cannot write to standard output: {self}"


class OutputClosed(OutputError):
    """The reader of standard output went away."""

    exit_code = EXIT_PIPE_CLOSED

    def message(self) -> str | None:
        return None


def _output_error(err: OSError) -> OutputError:
    if err.errno == errno.EPIPE:
        return OutputClosed("the reader went away")
    if err.errno == errno.EBADF:
        return OutputError("it is closed")
    return OutputError(err.strerror or str(err))


class GuardedStdout:
    """Standard output whose write errors are `OutputError`s.

    It has no `buffer` attribute on purpose: Click, finding an ASCII stream, would write
    UTF-8 straight to the buffer, past this guard and past the encoding's fallback.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            raise OutputError("it is closed")
        try:
            return self._stream.write(text)
        except OSError as err:
            raise _output_error(err) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as err:
            raise _output_error(err) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(errno.EBADF, "standard output is closed")
        return self._stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return getattr(self._stream, "errors", None) or "strict"

    @property
    def closed(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False


class QuietStderr(GuardedStdout):
    """Standard error that drops what it cannot write."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except OutputError:
            return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OutputError):
            super().flush()


def _degrade(stream: TextIO | None) -> None:
    """Fall back to ASCII stand-ins on a stream whose encoding is not a Unicode one."""
    if stream is None or not hasattr(stream, "reconfigure"):
        return
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if not encoding.startswith("utf"):
        stream.reconfigure(errors=ERROR_HANDLER)


def install() -> None:
    """Guard the standard streams (once; the entry point calls it before any command)."""
    if isinstance(sys.stdout, GuardedStdout):
        return
    _degrade(sys.stdout)
    _degrade(sys.stderr)
    sys.stdout = GuardedStdout(sys.stdout)  # duck-typed: see the class
    sys.stderr = QuietStderr(sys.stderr)


def finish(code: int) -> int:
    """Flush standard output at the end of a command: the exit code it then ends with."""
    try:
        sys.stdout.flush()
    except OutputError as err:
        return report(err)
    except (OSError, ValueError):
        # An unguarded stream (the library used without the entry point): nothing to add.
        pass
    return code


def report(err: OutputError) -> int:
    """Say why the output failed, once, and give the exit code for it."""
    message = err.message()
    if message:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    return err.exit_code


def write_json_text(text: str) -> None:
    """Write JSON (or NDJSON): characters the encoding lacks become `\\uXXXX` escapes."""
    write_stdout(json_text(text))


def json_text(text: str) -> str:
    """JSON (or NDJSON) text as it is written to stdout: characters its encoding lacks
    become `\\uXXXX` escapes."""
    encoding = sys.stdout.encoding or "utf-8"
    if not encoding.lower().replace("_", "-").startswith("utf"):
        text = text.encode(encoding, JSON_ERROR_HANDLER).decode(encoding)
    return text


def write_stdout(text: str) -> None:
    """Write a command's finished output (a report rendered to text) to stdout.

    A computed result and a cached one are both written here, so they are the same bytes.
    """
    if text:
        sys.stdout.write(text)
        sys.stdout.flush()


def write_stderr(text: str) -> None:
    if text:
        sys.stderr.write(text)
        sys.stderr.flush()


def emit(output: CachedOutput) -> None:
    """Write a command's output: its messages on stderr first, then its report on stdout."""
    write_stderr(output.stderr)
    write_stdout(output.stdout)


def terminal_width() -> int:
    """$COLUMNS when it is a positive number, else the terminal's width, else 80; at least
    `MIN_WIDTH`."""
    columns = os.environ.get("COLUMNS", "")
    digits = columns.strip()
    width = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 5 else 0
    if width <= 0:
        try:
            width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]  # None when closed: caught below
        except (AttributeError, OSError, ValueError):
            width = DEFAULT_WIDTH
    return max(width or DEFAULT_WIDTH, MIN_WIDTH)


def console() -> Console:
    """The Rich console every table is drawn on: standard output, at a usable width."""
    from rich.console import Console

    # No emoji codes: data reaches Rich as Text, never as strings it would scan, and the
    # table of codes is an import of its own.
    return Console(file=sys.stdout, highlight=False, emoji=False, width=terminal_width())
