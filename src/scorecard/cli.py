"""The command line: parse, call the library, render, pick the exit code.

No scoring happens here. Heavy modules (Pydantic models, Rich tables, tomlkit) are imported
inside the commands that use them so that `scorecard --help` and `--version` start fast.
"""

from __future__ import annotations

import re
import sys
import traceback
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from scorecard import __version__
from scorecard.errors import ExitCode, ScorecardError
from scorecard.output import OutputError, emit, write_stderr, write_stdout
from scorecard.textsafe import shown, strip_controls

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from pydantic import BaseModel

    from scorecard.cache import Output
    from scorecard.edit.add import AddResult
    from scorecard.edit.batch import BatchResult
    from scorecard.load import DataPath, Loaded
    from scorecard.report import ReportHeader

app = typer.Typer(
    name="scorecard",
    help="Score a strategy's pillars from a TOML file of sourced indicators.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class TextFormat(StrEnum):
    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    markdown = "markdown"
    svg = "svg"


# Typer reads option values with Pydantic in lax mode, which takes "2011.0" for the year
# 2011 and words its errors "Value error, ...". These parsers take exactly what the help
# says; a `typer.BadParameter` passes through Pydantic to Click's usage message (exit 2).
_YEAR = re.compile(r"[0-9]{1,4}")

Choice = TypeVar("Choice", bound=StrEnum)


def parse_year(value: object) -> int:
    """A year as written on the command line: digits only."""
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not _YEAR.fullmatch(text):
        raise typer.BadParameter(f"{shown(str(value))} is not a year (write it like 2011)")
    return int(text)


def choice_of(kind: type[Choice]) -> Callable[[object], Choice]:
    """A parser for one of an enumeration's values."""

    def parse(value: object) -> Choice:
        if isinstance(value, kind):
            return value
        try:
            return kind(str(value))
        except ValueError:
            names = ", ".join(m.value for m in kind)
            raise typer.BadParameter(f"{shown(str(value))} is not one of {names}") from None

    return parse


def parse_new_path(value: object) -> Path:
    """A path to create: an empty one (`init ''`) would be the current folder."""
    if isinstance(value, Path):
        return value
    if not str(value).strip():
        raise typer.BadParameter("is empty: give the file to create, such as scorecard.toml")
    return Path(str(value))


def _choices(kind: type[StrEnum]) -> str:
    return "<" + "|".join(m.value for m in kind) + ">"


def _known_ids(ctx: typer.Context, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """(id, name) of the data file's pillars and/or indicators, for shell completion.

    Completion must never fail loudly: an unreadable or invalid file completes nothing.
    """
    from scorecard.complete import ids_for_completion

    data = ctx.params.get("data")
    # Parsed as a Path, or still the raw string while completing (older Typer).
    return ids_for_completion(Path(data) if isinstance(data, str | Path) else None, kinds)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return [c for c in _known_ids(ctx, ("pillar", "indicator")) if c[0].startswith(incomplete)]


def complete_pillars(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return [c for c in _known_ids(ctx, ("pillar",)) if c[0].startswith(incomplete)]


def complete_indicators(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return [c for c in _known_ids(ctx, ("indicator",)) if c[0].startswith(incomplete)]


# Shared options, defined once and used by every command that reads a data file.
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="The data file. Default: $SCORECARD_DATA, else ./scorecard.toml, "
        "else the bundled dataset.",
        show_default=False,
        dir_okay=True,
        exists=False,
    ),
]


YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        metavar="YEAR",
        help="Year to score, using each indicator's latest evidence up to it. "
        "Default: the file's assessment year, else the latest year with data.",
        show_default=False,
        parser=parse_year,
    ),
]
FormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format.",
        parser=choice_of(ReportFormat),
        metavar=_choices(ReportFormat),
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Compute the result afresh: neither read nor store the result cache "
        "(also: $SCORECARD_NO_CACHE=1).",
    ),
]
PillarOption = Annotated[
    list[str] | None,
    typer.Option(
        "--pillar",
        "-p",
        metavar="ID",
        help="Only this pillar (by id); repeat for more.",
        show_default=False,
        autocompletion=complete_pillars,
    ),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"scorecard {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for unexpected errors.")
    ] = False,
) -> None:
    """Score a strategy's pillars from a TOML file of sourced indicators."""
    ctx.obj = {"debug": debug}


def error(message: str) -> None:
    """Write one message line to stderr, with terminal controls removed."""
    sys.stderr.write(strip_controls(message) + "\n")


@contextmanager
def reported_errors(ctx: typer.Context) -> Iterator[None]:
    """Turn domain errors into messages and exit codes; hide tracebacks unless --debug."""
    debug = bool(ctx.obj and ctx.obj.get("debug"))
    try:
        yield
    except (typer.Exit, typer.Abort, OutputError):
        # OutputError: standard output failed; the entry point reports it (scorecard.output).
        raise
    except ScorecardError as err:
        if debug:
            traceback.print_exc()
        for message in err.messages():
            error(message)
        raise typer.Exit(int(err.exit_code)) from None
    except Exception as err:
        if debug:
            raise
        error(
            f"scorecard: internal error: {type(err).__name__}: {err} "
            "(this is a bug; rerun with --debug for the traceback and please report it)"
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="File to check. Default: the file every command reads (see --data).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    output_format: Annotated[
        TextFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format.",
            parser=choice_of(TextFormat),
            metavar=_choices(TextFormat),
        ),
    ] = TextFormat.text,
) -> None:
    """Check a data file: schema, references and numbers. Every problem, one line each.

    Exit 0 when valid, 1 when the file has errors, 2 when it cannot be read.
    """
    from scorecard.errors import UsageError
    from scorecard.load import DataPath, resolve_data_path
    from scorecard.render import render
    from scorecard.validate import build_validate_report

    with reported_errors(ctx):
        if path is not None and data is not None:
            raise UsageError("give the file either as PATH or with --data, not both")
        source = DataPath(path, "argument") if path is not None else resolve_data_path(data)
        report = build_validate_report(source)
        text = render(report, output_format.value)
        if not report.readable:
            code = ExitCode.USAGE
        else:
            code = ExitCode.OK if report.valid else ExitCode.FINDING
        if output_format is TextFormat.text and code is ExitCode.USAGE:
            error(text.rstrip("\n"))
        elif output_format is TextFormat.json:
            from scorecard.output import write_json_text

            write_json_text(text)
        else:
            typer.echo(text, nl=False)
        raise typer.Exit(int(code))


@app.command()
def show(
    ctx: typer.Context,
    year: YearOption = None,
    pillar: PillarOption = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Only the pillar table, not each indicator (csv and ndjson: a row per "
            "pillar and the overall; json always holds everything).",
        ),
    ] = False,
    output_format: FormatOption = ReportFormat.table,
    as_json: JsonOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show each pillar's score, interval, status and evidence at one year."""
    from scorecard.cache import Output
    from scorecard.fastpath import show_options
    from scorecard.load import resolve_data_path
    from scorecard.showing import load_for_show, show_text

    fmt = _chosen_format(ctx, output_format, as_json)
    with reported_errors(ctx):
        source = resolve_data_path(data)

        def compute(raw: bytes) -> Output:
            loaded, warning = load_for_show(source, raw)
            try:
                text = show_text(loaded, year=year, pillars=pillar, summary=summary, fmt=fmt.value)
            except ScorecardError:
                write_stderr(warning)
                raise
            return Output(text, warning)

        options = show_options(year, pillar, summary, fmt.value)
        code = _run_cached("show", options, source, no_cache, compute)
    raise typer.Exit(code)


def _run_cached(
    command: str,
    options: tuple[object, ...],
    source: DataPath,
    no_cache: bool,
    compute: Callable[[bytes], Output],
) -> int:
    """Write the command's output, from the result cache when it holds this request.

    `compute` turns the data file's bytes into the output; the bytes are read once, here,
    and their digest is part of the cache key. The output is stored only once it has been
    written in full. Returns the exit code. (scorecard.fastpath reads the same entries
    before the command line is even imported.)
    """
    from scorecard import cache
    from scorecard.tomltext import read_bytes

    raw = read_bytes(source.path)
    key: str | None = None
    if cache.enabled(no_cache):
        key = cache.key(command, options, source.display(), source.origin, cache.digest(raw))
        found = cache.lookup(key)
        if found is not None:
            emit(found)
            return found.exit_code
    result = compute(raw)
    emit(result)
    if key is not None:
        cache.store(key, result)
    return result.exit_code


def _chosen_format(ctx: typer.Context, output_format: ReportFormat, as_json: bool) -> ReportFormat:
    """`--json` is short for `--format json`: with another `--format` it is a usage error."""
    from scorecard.errors import UsageError

    if not as_json:
        return output_format
    source = ctx.get_parameter_source("output_format")
    given = source is not None and source.name != "DEFAULT"
    if given and output_format is not ReportFormat.json:
        with reported_errors(ctx):
            raise UsageError(
                f"--json is short for --format json: it cannot go with --format {output_format}"
            )
    return ReportFormat.json


def _warn_about(loaded: Loaded) -> None:
    """Warnings do not stop a report, but they should not pass unseen either."""
    from scorecard.showing import warning_line

    write_stderr(warning_line(loaded))


def _write_report(report: ReportHeader, fmt: ReportFormat, **options: bool) -> None:
    """Render one report in one format to stdout (see `scorecard.render.RENDERERS`)."""
    from scorecard.showing import rendered

    write_stdout(rendered(report, fmt.value, **options))


@app.command()
def diff(
    ctx: typer.Context,
    year_from: Annotated[
        int, typer.Argument(metavar="FROM", help="The earlier year.", parser=parse_year)
    ],
    year_to: Annotated[
        int, typer.Argument(metavar="TO", help="The later year.", parser=parse_year)
    ],
    pillar: PillarOption = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Tables also list indicators without news: unchanged, no new data, no data, "
            "and context indicators whose evidence did not change.",
        ),
    ] = False,
    output_format: FormatOption = ReportFormat.table,
    as_json: JsonOption = False,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help="Exit 1 when any scored indicator, pillar or the overall worsened."
        ),
    ] = False,
    data: DataOption = None,
) -> None:
    """What changed between two years, and whether the change is real or within the evidence's
    uncertainty.
    """
    from scorecard.diff import build_diff_report
    from scorecard.load import load, resolve_data_path

    with reported_errors(ctx):
        source = resolve_data_path(data)
        loaded = load(source)
        _warn_about(loaded)
        report = build_diff_report(
            loaded.doc, str(source.path), source.origin, year_from, year_to, pillars=pillar
        )
        _write_report(report, _chosen_format(ctx, output_format, as_json), show_all=show_all)
        if exit_code and report.worsened:
            raise typer.Exit(int(ExitCode.FINDING))


@app.command()
def report(
    ctx: typer.Context,
    year: YearOption = None,
    year_from: Annotated[
        int | None,
        typer.Option(
            "--from",
            metavar="YEAR",
            help="Also show what changed since this earlier year (the verdicts of `diff`).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the page to FILE (replaced if it exists). Default: stdout.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    sensitivity: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="Also show how sure each score is: `scorecard sensitivity` with its "
            "defaults (10,000 runs, every group of assumptions).",
        ),
    ] = False,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            metavar="S",
            help="With --sensitivity: the seed of its runs (default: a fresh one, shown on "
            "the page).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Write one self-contained HTML page: scores, trend charts, evidence and quotes.

    The page needs nothing else to open (no network, no script): mail it, print it.
    """
    # Jinja2 is imported here only, inside the renderer: other commands start without it.
    from scorecard.diff import build_diff_report
    from scorecard.errors import UsageError
    from scorecard.history import build_history_report
    from scorecard.load import load, resolve_data_path
    from scorecard.render.html import ReportPage, render_html
    from scorecard.score import build_show_report

    with reported_errors(ctx):
        source = resolve_data_path(data)
        loaded = load(source)
        _warn_about(loaded)
        shown, origin = str(source.path), source.origin
        snapshot = build_show_report(loaded.doc, shown, origin, year=year)
        history = build_history_report(loaded.doc, data_file=shown, data_origin=origin)
        changes = None
        if year_from is not None and year_from >= snapshot.year:
            raise UsageError(
                f"--from ({year_from}) must be before the report's year ({snapshot.year})"
            )
        if year_from is not None:
            changes = build_diff_report(loaded.doc, shown, origin, year_from, snapshot.year)
        if seed is not None and not sensitivity:
            raise UsageError("--seed goes with --sensitivity")
        ranges = None
        if sensitivity:
            # numpy only when asked for: the page alone starts without it.
            from scorecard.sensitivity import analyse

            ranges = analyse(
                loaded.doc, snapshot.year, seed=seed, data_file=shown, data_origin=origin
            )
        page = render_html(ReportPage(snapshot, history, changes, ranges))
        if output is None:
            typer.echo(page, nl=False)
            return
        from scorecard.edit.files import atomic_write

        encoded = page.encode("utf-8")
        # Replacing keeps an existing file's permissions; a new file is created as new.
        atomic_write(output, encoded, overwrite=output.exists())
        error(f"wrote {output} ({len(encoded) // 1024} KiB)")


@app.command()
def history(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Pillar or indicator ids. None: the overall and every pillar.",
            show_default=False,
            autocompletion=complete_ids,
        ),
    ] = None,
    from_year: Annotated[
        int | None,
        typer.Option(
            "--from",
            metavar="YEAR",
            help="First year. Default: the first year with data.",
            show_default=False,
            parser=parse_year,
        ),
    ] = None,
    to_year: Annotated[
        int | None,
        typer.Option(
            "--to",
            metavar="YEAR",
            help="Last year. Default: the last year with data (or a later assessment year).",
            show_default=False,
            parser=parse_year,
        ),
    ] = None,
    output_format: FormatOption = ReportFormat.table,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Scores year by year with a trend; for an indicator, every observation and its quote.

    Without ID: the overall and each pillar. A pillar ID: the pillar and its indicators. An
    indicator ID: the indicator, and each observation with its value, score, source and quote.
    """
    from scorecard.history import build_history_report
    from scorecard.load import load, resolve_data_path

    with reported_errors(ctx):
        fmt = _chosen_format(ctx, output_format, as_json)
        source = resolve_data_path(data)
        loaded = load(source)
        _warn_about(loaded)
        report = build_history_report(
            loaded.doc,
            ids or (),
            from_year,
            to_year,
            data_file=str(source.path),
            data_origin=source.origin,
        )
        _write_report(report, fmt)


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command()
def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to print the script for.")],
) -> None:
    """Print the shell completion script for bash, zsh or fish (see README, "Completion").

    It completes commands, options, and pillar and indicator ids read from the data file.
    `scorecard --install-completion` installs it for the shell you are in.
    """
    # Typer's own `--show-completion` guesses the shell from the parent process; naming it
    # is what a setup script or a dotfile needs. The scripts are Typer's (not re-exported
    # by `typer.completion`, hence the private module).
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script

    completion_init()
    typer.echo(
        get_completion_script(
            prog_name="scorecard", complete_var="_SCORECARD_COMPLETE", shell=shell.value
        )
    )


@app.command()
def explain(
    ctx: typer.Context,
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An indicator or a pillar id (see `scorecard list`).",
            show_default=False,
            autocompletion=complete_ids,
        ),
    ],
    year: YearOption = None,
    output_format: FormatOption = ReportFormat.table,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Why a score is what it is: evidence, method with its numbers, weight and contribution.

    For an indicator: the observation used and why, its interval, the method's parameters and
    rationale, each step with its numbers, the weight, the part of the pillar's and the
    overall score, and what reaching the target would add. For a pillar: each indicator's
    contribution, largest first, and the coverage.
    """
    from scorecard.explain import build_explain_report
    from scorecard.load import load, resolve_data_path

    with reported_errors(ctx):
        fmt = _chosen_format(ctx, output_format, as_json)
        source = resolve_data_path(data)
        loaded = load(source)
        _warn_about(loaded)
        report = build_explain_report(
            loaded.doc,
            item_id,
            year,
            data_file=str(source.path),
            data_origin=source.origin,
        )
        _write_report(report, fmt)


class ListWhat(StrEnum):
    pillars = "pillars"
    indicators = "indicators"
    sources = "sources"
    scales = "scales"


@app.command("list")
def list_ids(
    ctx: typer.Context,
    what: Annotated[ListWhat, typer.Argument(help="What to list.")] = ListWhat.indicators,
    output_format: FormatOption = ReportFormat.table,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """The ids other commands take: pillars, indicators (the default), sources or scales.

    With names, and for indicators the pillar, method, unit and the years with data.
    """
    from scorecard.listing import build_list_report
    from scorecard.load import load, resolve_data_path

    with reported_errors(ctx):
        fmt = _chosen_format(ctx, output_format, as_json)
        source = resolve_data_path(data)
        loaded = load(source)
        _warn_about(loaded)
        report = build_list_report(
            loaded.doc, what.value, data_file=str(source.path), data_origin=source.origin
        )
        _write_report(report, fmt)


@app.command()
def sensitivity(
    ctx: typer.Context,
    year: YearOption = None,
    runs: Annotated[
        int,
        typer.Option(
            "--runs",
            "-n",
            metavar="N",
            help="Monte Carlo runs (2 to 200,000); the indices cost N more per varied group.",
        ),
    ] = 10_000,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            metavar="S",
            help="Seed of the random generator (same seed, same numbers). "
            "Default: a fresh one, printed with the results.",
            show_default=False,
        ),
    ] = None,
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            metavar="GROUPS",
            help="Assumptions to vary, comma-separated or repeated: values, weights, "
            "aggregation, levels, goalposts. Default: all.",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = ReportFormat.table,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """How far the scores move under other reasonable assumptions: a Monte Carlo uncertainty
    analysis with variance-based sensitivity indices per group of assumptions.
    """
    from scorecard.load import load, resolve_data_path
    from scorecard.sensitivity import analyse, check_runs, parse_vary

    fmt = _chosen_format(ctx, output_format, as_json)
    with reported_errors(ctx):
        # Usage errors first, before the file is read.
        groups = parse_vary(vary)
        check_runs(runs)
        source = resolve_data_path(data)
        loaded = load(source)
        _warn_about(loaded)
        with _progress_bar(runs) as progress:
            report = analyse(
                loaded.doc,
                year,
                runs,
                seed,
                groups,
                data_file=str(source.path),
                data_origin=source.origin,
                progress=progress,
            )
        _write_report(report, fmt)


#: `scorecard sensitivity` shows a progress bar from this many runs (about a second here).
PROGRESS_MIN_RUNS = 20_000


@contextmanager
def _progress_bar(runs: int) -> Iterator[Callable[[int, int], None] | None]:
    """A transient bar on stderr for a long run when stderr is a terminal; nothing in a pipe
    or a file, and nothing for a run too short to watch."""
    if runs < PROGRESS_MIN_RUNS or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("runs", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


schema_app = typer.Typer(
    help="Print the JSON Schema of an output or of the data file.", no_args_is_help=True
)
app.add_typer(schema_app, name="schema")


#: `scorecard schema NAME`: the model whose JSON Schema it prints ("module:class") and what
#: that schema describes. A model is imported only when its schema is asked for.
SCHEMAS: dict[str, tuple[str, str]] = {
    "show": ("scorecard.report:ShowReport", "`scorecard show --format json`"),
    "diff": ("scorecard.report.diff:DiffReport", "`scorecard diff --format json`"),
    "history": ("scorecard.report.history:HistoryReport", "`scorecard history --format json`"),
    "explain": ("scorecard.report.explain:ExplainReport", "`scorecard explain --format json`"),
    "list": ("scorecard.report.listing:ListReport", "`scorecard list --format json`"),
    "sensitivity": (
        "scorecard.report.sensitivity:SensitivityReport",
        "`scorecard sensitivity --format json`",
    ),
    "validate": (
        "scorecard.report.validate:ValidateReport",
        "`scorecard validate --format json`",
    ),
    "input": ("scorecard.model:Document", "a data file (TOML read as JSON)"),
}


def _schema_command(target: str) -> Callable[[], None]:
    def print_schema() -> None:
        from importlib import import_module

        from scorecard.output import write_json_text
        from scorecard.render.json import dumps

        module, name = target.split(":")
        model: type[BaseModel] = getattr(import_module(module), name)
        write_json_text(dumps(model.model_json_schema()) + "\n")

    return print_schema


for _name, (_target, _described) in SCHEMAS.items():
    schema_app.command(_name, help=f"The JSON Schema of {_described}.")(_schema_command(_target))


# ---------------------------------------------------------------------------------------
# Editing a data file: `scorecard init` and `scorecard add` (the work is in scorecard.edit).

#: Where `init` writes by default: the file every command then finds in this folder.
_INIT_PATH = Path("scorecard.toml")


@app.command()
def init(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="File to create; it must not exist yet.",
            parser=parse_new_path,
        ),
    ] = _INIT_PATH,
    blank: Annotated[
        bool,
        typer.Option(
            "--blank", help="A minimal valid skeleton instead of a copy of the bundled dataset."
        ),
    ] = False,
) -> None:
    """Write a starter scorecard: a copy of the bundled dataset, or with --blank a skeleton.

    Never overwrites an existing file (exit 2).
    """
    from scorecard.edit.init import init_scorecard
    from scorecard.load import resolve_data_path

    with reported_errors(ctx):
        result = init_scorecard(path, blank=blank)
        error(result.summary())
        if resolve_data_path(None).path.resolve() == path.resolve():
            error(f"commands run in this folder now read {path} (check: scorecard validate)")
        else:
            error(f"use it with --data {path} (check: scorecard validate {path})")


@app.command()
def add(
    ctx: typer.Context,
    indicator: Annotated[
        str | None,
        typer.Argument(
            metavar="INDICATOR",
            help="Id of the indicator the figure is for (not with --from).",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            help="The year the figure is for (required without --from).",
            show_default=False,
            parser=parse_year,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ID",
            help="Id of the [[sources]] entry it comes from (required without --from).",
            show_default=False,
        ),
    ] = None,
    value: Annotated[
        float | None,
        typer.Option("--value", metavar="NUMBER", help="An exact number.", show_default=False),
    ] = None,
    at_least: Annotated[
        float | None,
        typer.Option(
            "--at-least",
            metavar="NUMBER",
            help='A lower bound ("more than 15,000").',
            show_default=False,
        ),
    ] = None,
    at_most: Annotated[
        float | None,
        typer.Option(
            "--at-most",
            metavar="NUMBER",
            help='An upper bound ("less than 2 percent").',
            show_default=False,
        ),
    ] = None,
    value_range: Annotated[
        tuple[float, float] | None,
        typer.Option("--range", metavar="LOW HIGH", help="A range.", show_default=False),
    ] = None,
    limit: Annotated[
        float | None,
        typer.Option(
            "--limit",
            metavar="NUMBER",
            help="With --at-least or --at-most: a plausible far end that closes the bound "
            '(needs --limit-rationale; see docs/methodology.md, "One-sided bounds").',
            show_default=False,
        ),
    ] = None,
    limit_rationale: Annotated[
        str | None,
        typer.Option(
            "--limit-rationale",
            metavar="TEXT",
            help="Why the --limit is a fair far end, and where it comes from.",
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            metavar="NAME",
            help="A level of the indicator's ordinal scale.",
            show_default=False,
        ),
    ] = None,
    quote: Annotated[
        str | None,
        typer.Option(
            "--quote",
            metavar="TEXT",
            help="The source's words the figure comes from, verbatim.",
            show_default=False,
        ),
    ] = None,
    page: Annotated[
        str | None,
        typer.Option("--page", metavar="PAGE", help="Page of the quote.", show_default=False),
    ] = None,
    section: Annotated[
        str | None,
        typer.Option("--section", metavar="TEXT", help="Section of the quote.", show_default=False),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="TEXT",
            help="The part of the year covered, when not all of it.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="A note on the figure.", show_default=False),
    ] = None,
    external: Annotated[
        bool,
        typer.Option(
            "--external", help="The figure is not from the file's primary source (needs --url)."
        ),
    ] = False,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="Address the figure was checked against.",
            show_default=False,
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Overwrite the year's existing observation (which must exist). Its quote, "
            "page, section, url and external mark are kept when the source is the same and "
            "no new ones are given, and its note unless a new one is; every field removed, "
            "changed or kept is listed.",
        ),
    ] = False,
    drop_old_fields: Annotated[
        bool,
        typer.Option(
            "--drop-old-fields",
            help="With --replace: keep nothing of the old observation (still listed).",
        ),
    ] = False,
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE.csv",
            help="Add every row of a CSV (columns: indicator, year, the value columns, source, "
            "quote, ...; see docs/updating.md): all rows in one write, or none.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the change; write nothing.")
    ] = False,
    lock_timeout: Annotated[
        float,
        typer.Option(
            "--lock-timeout",
            min=0,
            metavar="SECONDS",
            help="Seconds to wait while another process edits the file.",
        ),
    ] = 10.0,
    data: DataOption = None,
) -> None:
    """Add one year's observation to an indicator, keeping every other byte of the file.

    The change is checked with the same rules as `validate` before anything is written;
    the file is replaced atomically, under a lock, so concurrent adds all land.
    """
    from scorecard.edit.add import NewObservation, add_observation
    from scorecard.errors import UsageError
    from scorecard.load import resolve_data_path

    with reported_errors(ctx):
        if drop_old_fields and not replace:
            raise UsageError("--drop-old-fields goes with --replace")
        if from_csv is not None:
            given = [
                name
                for name, value in (
                    ("INDICATOR", indicator),
                    ("--year", year),
                    ("--source", source),
                    ("--value", value),
                    ("--at-least", at_least),
                    ("--at-most", at_most),
                    ("--range", value_range),
                    ("--limit", limit),
                    ("--limit-rationale", limit_rationale),
                    ("--level", level),
                    ("--quote", quote),
                    ("--page", page),
                    ("--section", section),
                    ("--period", period),
                    ("--note", note),
                    ("--url", url),
                    ("--external", external or None),
                )
                if value is not None
            ]
            if given:
                raise UsageError(
                    f"--from takes every observation from the CSV: leave out {', '.join(given)}"
                )
            _add_from(from_csv, data, replace, drop_old_fields, dry_run, lock_timeout)
            return
        missing = [
            name
            for name, value in (("INDICATOR", indicator), ("--year", year), ("--source", source))
            if value is None
        ]
        if missing:
            raise UsageError(f"add needs {', '.join(missing)} (or --from FILE.csv)")
        assert indicator is not None and year is not None and source is not None
        new = NewObservation(
            year=year,
            source=source,
            value=value,
            at_least=at_least,
            at_most=at_most,
            range=value_range,
            level=level,
            limit=limit,
            limit_rationale=limit_rationale,
            period=period,
            quote=quote,
            page=page,
            section=section,
            external=external,
            url=url,
            note=note,
        )
        result = add_observation(
            resolve_data_path(data),
            indicator,
            new,
            replace=replace,
            drop_old=drop_old_fields,
            dry_run=dry_run,
            lock_timeout=lock_timeout,
        )
        _report_edit(result)


def _add_from(
    csv_path: Path,
    data: Path | None,
    replace: bool,
    drop_old: bool,
    dry_run: bool,
    lock_timeout: float,
) -> None:
    """`add --from FILE.csv`: the work is in scorecard.edit.batch."""
    from scorecard.edit.batch import add_from_csv
    from scorecard.load import resolve_data_path

    result = add_from_csv(
        resolve_data_path(data),
        csv_path,
        replace=replace,
        drop_old=drop_old,
        dry_run=dry_run,
        lock_timeout=lock_timeout,
    )
    _report_edit(result)


def _report_edit(result: AddResult | BatchResult) -> None:
    """What an `add` changed, on stdout; its warnings and the file it wrote, on stderr."""
    typer.echo(strip_controls(result.summary()))
    for problem in result.warnings:
        error(problem.one_line())
    if result.written:
        error(f"wrote {result.file}")
