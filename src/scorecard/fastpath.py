"""A repeat `scorecard show` served from the result cache before Typer is even imported.

(`scorecard --version` is answered here too: it needs nothing but the version string.)

Importing Typer, Pydantic and Rich costs several times the interpreter's own start-up; a
repeat run on an unchanged file needs none of them. `serve` reads the command line with a
strict grammar of `show`'s options, finds the data file the way `resolve_data_path` does,
hashes its bytes and replays the cached output. Anything it does not fully understand (an
unknown or repeated option, `--help`, `--no-cache`, a value that starts with `-`, a data
file that is not a regular file) and every cache miss goes to the full command line, which
computes the result and stores it under the same key. The grammar mirrors `show`'s options
in cli.py, and a test checks that the two agree.

Only modules the interpreter has loaded at start-up are imported here.
"""

from __future__ import annotations

import os
import stat

from scorecard import __version__, cache

#: Not `typing.TYPE_CHECKING`: `typing` is not loaded at start-up (mypy knows the name).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

#: `show`'s options, spelling -> option name (cli.py defines them; a test compares).
SHOW_OPTIONS = {
    "--year": "year",
    "-y": "year",
    "--pillar": "pillar",
    "-p": "pillar",
    "--format": "format",
    "-f": "format",
    "--data": "data",
    "--summary": "summary",
    "--json": "json",
}
#: The options that take a value; the others are flags.
VALUE_OPTIONS = frozenset({"year", "pillar", "format", "data"})
#: The values of `--format` (cli.ReportFormat; a test compares).
FORMATS = frozenset({"table", "json", "ndjson", "csv", "markdown", "svg"})

#: The same names as scorecard.load (a test compares); not imported from there because
#: load imports the TOML parser and pathlib.
DATA_ENV = "SCORECARD_DATA"
#: Set when a shell asks for completions (Click's `_{PROG}_COMPLETE`).
COMPLETE_ENV = "_SCORECARD_COMPLETE"
LOCAL_NAME = "scorecard.toml"


def show_options(
    year: int | None, pillars: Sequence[str] | None, summary: bool, fmt: str
) -> tuple[object, ...]:
    """`show`'s options as the cache key holds them, from the fast path and from cli.py."""
    return (
        ("year", year),
        ("pillars", tuple(pillars or ())),
        ("summary", summary),
        ("format", fmt),
    )


class ShowRequest:
    __slots__ = ("data", "options")

    def __init__(self, options: tuple[object, ...], data: str | None) -> None:
        self.options = options
        self.data = data


def parse_show(args: Sequence[str]) -> ShowRequest | None:
    """The request for `show ARGS`, or None where the full command line must decide."""
    values: dict[str, str] = {}
    flags: set[str] = set()
    pillars: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        spelling, eq, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        name = SHOW_OPTIONS.get(spelling)
        if name is None:
            return None
        if name not in VALUE_OPTIONS:
            if eq or name in flags:
                return None
            flags.add(name)
            continue
        if eq:
            value = attached
        elif i < len(args):
            value = args[i]
            i += 1
        else:
            return None
        # An empty value, or one Click might read as an option: let Click decide.
        if not value or value.startswith("-"):
            return None
        if name == "pillar":
            pillars.append(value)
        elif name in values:
            return None
        else:
            values[name] = value
    year_text = values.get("year")
    # cli.parse_year: one to four digits (it also strips spaces; those go the long way).
    if year_text is not None and not (
        year_text.isascii() and year_text.isdigit() and len(year_text) <= 4
    ):
        return None
    fmt = values.get("format", "table")
    if "json" in flags:
        # `--json` with another `--format` is a usage error, for the command line to give.
        if "format" in values and fmt != "json":
            return None
        fmt = "json"
    if fmt not in FORMATS:
        return None
    year = int(year_text) if year_text is not None else None
    return ShowRequest(show_options(year, pillars, "summary" in flags, fmt), values.get("data"))


def path_text(value: str) -> str | None:
    """`str(pathlib.Path(value))` on POSIX, without importing pathlib; None elsewhere."""
    if os.name != "posix":
        return None
    # POSIX keeps exactly two leading slashes; pathlib does too, and folds three or more.
    root = "//" if value.startswith("//") and not value.startswith("///") else ""
    if not root and value.startswith("/"):
        root = "/"
    parts = [p for p in value.split("/") if p and p != "."]
    return (root + "/".join(parts)) or "."


def bundled_data_file() -> str:
    """scorecard.load.bundled_data_path, as text."""
    package = os.path.dirname(os.path.abspath(__file__))
    shipped = os.path.join(package, "data", "indicators.toml")
    if os.path.isfile(shipped):
        return shipped
    # An editable install has no copy inside the package: the checkout's file.
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    return os.path.join(checkout, "data", "indicators.toml")


def resolve_data(option: str | None) -> tuple[str, str, str] | None:
    """(path, origin, name in the report) as `load.resolve_data_path` finds them, or None."""
    if option is not None:
        path = path_text(option)
        return None if path is None else (path, "--data", path)
    env = os.environ.get(DATA_ENV)
    if env:
        path = path_text(env)
        return None if path is None else (path, f"${DATA_ENV}", path)
    if os.path.isfile(LOCAL_NAME):
        return LOCAL_NAME, f"./{LOCAL_NAME}", LOCAL_NAME
    bundled = bundled_data_file()
    return bundled, "bundled", f"{bundled} (bundled dataset)"


def _read_regular_file(path: str) -> bytes | None:
    """The file's bytes if it is a regular file; a pipe or device is read once, by `load`."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, max(st.st_size + 1, 1 << 16)):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def answer(argv: Sequence[str]) -> cache.Output | None:
    """What the command line `argv` writes, when that is known without running it in full:
    `--version`, and a `show` the cache holds. None: run it in full."""
    if COMPLETE_ENV in os.environ:
        # Shell completion runs the program with this variable set: Click's job.
        return None
    if list(argv) == ["--version"]:
        return cache.Output(f"scorecard {__version__}\n", "")
    if len(argv) < 1 or argv[0] != "show" or not cache.enabled():
        return None
    request = parse_show(argv[1:])
    if request is None:
        return None
    found = resolve_data(request.data)
    if found is None:
        return None
    path, origin, name = found
    raw = _read_regular_file(path)
    if raw is None:
        return None
    return cache.lookup(cache.key("show", request.options, name, origin, cache.digest(raw)))
