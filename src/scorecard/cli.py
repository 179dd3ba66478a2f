"""The command line: parse, call the library, render, pick the exit code.

No scoring happens here. Heavy modules (Pydantic models, Rich tables, tomlkit) are imported
inside the commands that use them so that `scorecard --help` and `--version` start fast.
"""

from __future__ import annotations

import sys
import traceback
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scorecard import __version__
from scorecard.errors import ExitCode, ScorecardError
from scorecard.textsafe import strip_controls

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from pydantic import BaseModel

    from scorecard.report import DiffReport, ShowReport

app = typer.Typer(
    name="scorecard",
    help="Score a strategy's pillars from a TOML file of sourced indicators.",
    no_args_is_help=True,
    add_completion=False,
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


# Shared options, defined once and used by every command that reads a data file.
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Data file to read. Default: $SCORECARD_DATA, else ./scorecard.toml, "
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
        help="Year to score, using each indicator's latest evidence up to it. "
        "Default: the file's assessment year, else the latest year with data.",
        show_default=False,
    ),
]
FormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
PillarOption = Annotated[
    list[str] | None,
    typer.Option(
        "--pillar", "-p", help="Only this pillar (by id); repeat for more.", show_default=False
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
    except (typer.Exit, typer.Abort):
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
        TextFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TextFormat.text,
) -> None:
    """Check a data file: schema, references and numbers. Every problem, one line each.

    Exit 0 when valid, 1 when the file has errors, 2 when it cannot be read.
    """
    from scorecard.errors import FileReadError
    from scorecard.load import DataPath, check_file, resolve_data_path
    from scorecard.render.problems import render_validation

    with reported_errors(ctx):
        source = DataPath(path, "argument") if path is not None else resolve_data_path(data)
        try:
            doc, errors, warnings = check_file(source.path)
            code = ExitCode.FINDING if errors else ExitCode.OK
        except FileReadError as err:
            doc, errors, warnings = None, [err.problem], []
            code = ExitCode.USAGE
        report = render_validation(source, doc, errors, warnings, output_format.value)
        if output_format is TextFormat.text and code is ExitCode.USAGE:
            error(report.rstrip("\n"))
        else:
            typer.echo(report, nl=False)
        raise typer.Exit(int(code))


@app.command()
def show(
    ctx: typer.Context,
    year: YearOption = None,
    pillar: PillarOption = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Only the pillar table, not each indicator.")
    ] = False,
    output_format: FormatOption = ReportFormat.table,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Show each pillar's score, interval, status and evidence at one year."""
    from scorecard.load import load, resolve_data_path
    from scorecard.score import build_show_report

    with reported_errors(ctx):
        source = resolve_data_path(data)
        loaded = load(source)
        report = build_show_report(
            loaded.doc, source.display(), source.origin, year=year, pillars=pillar
        )
        fmt = ReportFormat.json if as_json else output_format
        _write_show(report, fmt, summary)


def _write_show(report: ShowReport, fmt: ReportFormat, summary: bool) -> None:
    if fmt is ReportFormat.table:
        from rich.console import Console

        from scorecard.render.table import render_show_table

        render_show_table(report, Console(highlight=False), summary=summary)
    elif fmt is ReportFormat.json:
        from scorecard.render.json import render_json

        typer.echo(render_json(report), nl=False)
    elif fmt is ReportFormat.markdown:
        from scorecard.render.markdown import render_show_markdown

        typer.echo(render_show_markdown(report, summary=summary), nl=False)
    else:
        from scorecard.render.rows import SHOW_COLUMNS, show_rows

        _write_rows(fmt, SHOW_COLUMNS, show_rows(report))


@app.command()
def diff(
    ctx: typer.Context,
    year_from: Annotated[int, typer.Argument(metavar="FROM", help="The earlier year.")],
    year_to: Annotated[int, typer.Argument(metavar="TO", help="The later year.")],
    pillar: PillarOption = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Also list indicators without news (unchanged, no new data)."),
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
        report = build_diff_report(
            loaded.doc, source.display(), source.origin, year_from, year_to, pillars=pillar
        )
        fmt = ReportFormat.json if as_json else output_format
        _write_diff(report, fmt, show_all)
        verdicts = [c.score_change.verdict for c in report.indicators]
        verdicts += [c.score_change.verdict for c in (*report.pillars, report.overall)]
        if exit_code and "worsened" in verdicts:
            raise typer.Exit(int(ExitCode.FINDING))


def _write_diff(report: DiffReport, fmt: ReportFormat, show_all: bool) -> None:
    if fmt is ReportFormat.table:
        from rich.console import Console

        from scorecard.render.table import render_diff_table

        render_diff_table(report, Console(highlight=False), show_all=show_all)
    elif fmt is ReportFormat.json:
        from scorecard.render.json import render_json

        typer.echo(render_json(report), nl=False)
    elif fmt is ReportFormat.markdown:
        from scorecard.render.markdown import render_diff_markdown

        typer.echo(render_diff_markdown(report, show_all=show_all), nl=False)
    else:
        from scorecard.render.rows import DIFF_COLUMNS, diff_rows

        _write_rows(fmt, DIFF_COLUMNS, diff_rows(report))


def _write_rows(fmt: ReportFormat, columns: Sequence[str], rows: list[dict[str, Any]]) -> None:
    if fmt is ReportFormat.csv:
        from scorecard.render.csv import render_csv

        typer.echo(render_csv(columns, rows), nl=False)
    else:
        from scorecard.render.json import render_ndjson

        typer.echo(render_ndjson(rows), nl=False)


schema_app = typer.Typer(
    help="Print the JSON Schema of an output or of the data file.", no_args_is_help=True
)
app.add_typer(schema_app, name="schema")


def _print_schema(model: type[BaseModel]) -> None:
    from scorecard.render.json import dumps

    typer.echo(dumps(model.model_json_schema()))


@schema_app.command("show")
def schema_show() -> None:
    """The JSON Schema of `scorecard show --format json`."""
    from scorecard.report import ShowReport

    _print_schema(ShowReport)


@schema_app.command("diff")
def schema_diff() -> None:
    """The JSON Schema of `scorecard diff --format json`."""
    from scorecard.report import DiffReport

    _print_schema(DiffReport)


@schema_app.command("input")
def schema_input() -> None:
    """The JSON Schema of a data file (TOML read as JSON)."""
    from scorecard.model import Document

    _print_schema(Document)


def main() -> None:
    """Console-script entry point."""
    app()
