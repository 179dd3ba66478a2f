"""`scorecard show` answered before Typer is even imported: from the result cache, or
computed straight through the library on a miss.

(`scorecard --version` is answered here too: it needs nothing but the version string.)

Importing Typer, Pydantic and Rich costs several times the interpreter's own start-up; a
repeat run on an unchanged file needs none of them, and a first run needs no Typer.
`answer` reads the command line with a strict grammar of `show`'s options, finds the data
file the way `resolve_data_path` does, hashes its bytes and replays the cached output; on a
miss it computes the output with `scorecard.showing`, the functions `cli.show` calls, and
the entry point stores it once written. Anything it does not fully understand (an unknown
or repeated option, `--help`, a value that starts with `-`, a data file that is not a
regular file) and any error goes to the full command line, which then says what is wrong
in its own words (the work done here is thrown away; nothing has been written). The
grammar mirrors `show`'s options in cli.py, and a test checks that the two agree.

Only modules the interpreter has loaded at start-up are imported here until a miss.
"""

from __future__ import annotations

import os

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
    "--no-cache": "no_cache",
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
    """`show`'s options as read from the command line."""

    __slots__ = ("data", "fmt", "no_cache", "pillars", "summary", "year")

    def __init__(
        self,
        year: int | None,
        pillars: list[str],
        summary: bool,
        fmt: str,
        data: str | None,
        no_cache: bool,
    ) -> None:
        self.year = year
        self.pillars = pillars
        self.summary = summary
        self.fmt = fmt
        self.data = data
        self.no_cache = no_cache

    @property
    def options(self) -> tuple[object, ...]:
        return show_options(self.year, self.pillars, self.summary, self.fmt)


class Answer:
    """What a command writes, known here, or None when the command line must run it;
    `key`: where to store the output once it is written (a cache miss), else None."""

    __slots__ = ("key", "output")

    def __init__(self, output: cache.Output | None, key: str | None = None) -> None:
        self.output = output
        self.key = key


#: The help options (cli.py's `help_option_names`; a test compares).
HELP_OPTIONS = frozenset({"--help", "-h"})


def help_request(argv: Sequence[str]) -> tuple[str, ...] | None:
    """`--help`, or `COMMAND --help`, as the cache keys it; None for anything else.

    A help text depends only on the installed program and the terminal (both in every
    cache key). The command name is not checked here: an unknown one fails, and a run that
    fails is never stored.
    """
    if len(argv) == 1 and argv[0] in HELP_OPTIONS:
        return tuple(argv)
    if (
        len(argv) == 2
        and argv[1] in HELP_OPTIONS
        and argv[0].isascii()
        and argv[0].replace("-", "").isalpha()
        and argv[0].islower()
    ):
        return tuple(argv)
    return None


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
    return ShowRequest(
        year, pillars, "summary" in flags, fmt, values.get("data"), "no_cache" in flags
    )


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
    # Whatever stands there is the file meant (a folder, a dangling link: an error to
    # report, never a reason to show the bundled dataset instead).
    if os.path.lexists(LOCAL_NAME):
        return LOCAL_NAME, f"./{LOCAL_NAME}", LOCAL_NAME
    bundled = bundled_data_file()
    return bundled, "bundled", f"{bundled} (bundled dataset)"


def answer(argv: Sequence[str]) -> Answer | None:
    """What the command line `argv` writes, when that is known without the command line:
    `--version`, a help text the cache holds, and a plain `show` (from the cache, or
    computed). None, or an answer without output: run it in full (and, for a help text,
    store what it printed under the answer's key)."""
    if COMPLETE_ENV in os.environ:
        # Shell completion runs the program with this variable set: Click's job.
        return None
    if list(argv) == ["--version"]:
        return Answer(cache.Output(f"scorecard {__version__}\n", ""))
    asked = help_request(argv)
    if asked is not None:
        if not cache.enabled():
            return None
        help_key = cache.key("help", asked, "", "", "")
        # A miss: the command line prints the help, and the entry point stores it.
        return Answer(cache.lookup(help_key), help_key)
    if len(argv) < 1 or argv[0] != "show":
        return None
    request = parse_show(argv[1:])
    if request is None:
        return None
    found = resolve_data(request.data)
    if found is None:
        return None
    path, origin, name = found
    # A regular file only: a pipe or device is read once, by the command line.
    raw = cache.read_regular_file(path)
    if raw is None:
        return None
    key: str | None = None
    if cache.enabled(request.no_cache):
        key = cache.key("show", request.options, name, origin, cache.digest(raw))
        cached = cache.lookup(key)
        if cached is not None:
            return Answer(cached)
    computed = _computed_show(request, path, origin, name, raw)
    return None if computed is None else Answer(computed, key)


def settle() -> None:
    """Called by the entry point once a command's modules are imported: what exists now
    lives until the process ends, so the cyclic collector need not walk it again
    (`scorecard.entry` says why)."""
    import gc

    gc.freeze()


def _computed_show(
    request: ShowRequest, path: str, origin: str, name: str, raw: bytes
) -> cache.Output | None:
    """`show`'s output computed through the library, or None where the command line must
    answer: any error, which it words and exits with as `show` does."""
    from pathlib import Path

    from scorecard.errors import ScorecardError
    from scorecard.load import DataPath
    from scorecard.render import RENDERERS
    from scorecard.showing import load_for_show, show_text

    RENDERERS["show", request.fmt].load()
    settle()
    source = DataPath(Path(path), origin)
    if source.display() != name:
        return None
    try:
        loaded, warning = load_for_show(source, raw)
        text = show_text(
            loaded,
            year=request.year,
            pillars=request.pillars or None,
            summary=request.summary,
            fmt=request.fmt,
        )
    except ScorecardError:
        return None
    # The entry point writes the output and leaves (`os._exit`): freeing the document's
    # objects one by one first would only cost time (about 0.15 s at 100k observations).
    _UNTIL_EXIT.append(loaded)
    return cache.Output(text, warning)


#: What `_computed_show` keeps until the process ends rather than free.
_UNTIL_EXIT: list[object] = []
