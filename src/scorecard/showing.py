"""`scorecard show` as text: a data file's bytes in, what the command writes out.

Two callers share it, so that a result is the same bytes whichever computed it (and a
cached copy of either is too): the command line (`cli.show`), and the start-up path
(`scorecard.fastpath`), which on a cache miss computes a plain `show` without importing
Typer at all. Nothing here writes to a stream: the caller writes the output, in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.load import load
from scorecard.output import json_text
from scorecard.render import render
from scorecard.score import build_show_report
from scorecard.textsafe import strip_controls

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scorecard.load import DataPath, Loaded
    from scorecard.report import ReportHeader

#: Formats written as JSON text (escapes for what the output's encoding cannot show).
JSON_FORMATS = frozenset({"json", "ndjson"})


def warning_line(loaded: Loaded) -> str:
    """The one line on stderr that says a file has warnings (empty when it has none)."""
    if not loaded.warnings:
        return ""
    message = (
        f"scorecard: {len(loaded.warnings)} warning(s) in {loaded.source.display()}; "
        "run `scorecard validate` to see them"
    )
    return strip_controls(message) + "\n"


def rendered(report: ReportHeader, fmt: str, **options: bool) -> str:
    """One report in one format: the exact text to write to stdout (see
    `scorecard.render.RENDERERS`). A table is drawn on the console set up for stdout (its
    width, colours and encoding) and captured as the text it would have written, so that
    every format is written, and cached, the same way.
    """
    text = render(report, fmt, **options)
    return json_text(text) if fmt in JSON_FORMATS else text


def load_for_show(source: DataPath, raw: bytes) -> tuple[Loaded, str]:
    """The validated file and its warning line. Raises the file's errors (ScorecardError)."""
    loaded = load(source, raw)
    return loaded, warning_line(loaded)


def show_text(
    loaded: Loaded,
    *,
    year: int | None,
    pillars: Sequence[str] | None,
    summary: bool,
    fmt: str,
) -> str:
    """The report of `show` at `year`, rendered. Raises ScorecardError for a year or pillar
    the file cannot answer (its warning line is then the caller's to write first)."""
    report = build_show_report(
        loaded.doc,
        str(loaded.source.path),
        loaded.source.origin,
        year=year,
        pillars=pillars,
    )
    return rendered(report, fmt, summary=summary)
