"""`scorecard history` in every format but json: a trend chart per series, years, observations.

The trend chart is four text rows, one per status band (on track at the top, off track at
the bottom), and one column per year. A year's estimate is a block in its band's row whose
height says where in the band it lies; the rows its interval reaches beyond that band show
`│`; a year without a score shows `·` on the bottom row. So the chart shows the interval as
well as the estimate, at the resolution of the bands, and the status at a glance.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from scorecard.format import format_number
from scorecard.render.header import data_label
from scorecard.render.words import format_estimate, format_interval, status_label
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from scorecard.report import BandsOut
    from scorecard.report.history import HistoryPoint, HistoryReport, HistorySeries

BLOCKS = "▁▂▃▄▅▆▇█"
INTERVAL = "│"
NO_SCORE = "·"


def _rows(bands: BandsOut) -> list[tuple[float, float]]:
    """Each chart row's [low, high) band, top row first."""
    return [
        (bands.on_track, 100.0),
        (bands.progressing, bands.on_track),
        (bands.limited, bands.progressing),
        (0.0, bands.limited),
    ]


def _row_of(score: float, rows: Sequence[tuple[float, float]]) -> int:
    """The row whose band holds `score` (a band includes its lower bound)."""
    for i, (low, _) in enumerate(rows):
        if score >= low:
            return i
    return len(rows) - 1


def trend_chart(points: Sequence[HistoryPoint], bands: BandsOut) -> list[str]:
    """The four rows of the chart, top (on track) first, one character per point."""
    rows = _rows(bands)
    grid = [[" "] * len(points) for _ in rows]
    for col, point in enumerate(points):
        r = point.result
        if r.score is None or r.low is None or r.high is None:
            grid[-1][col] = NO_SCORE
            continue
        here = _row_of(r.score, rows)
        for i in range(_row_of(r.high, rows), _row_of(r.low, rows) + 1):
            grid[i][col] = INTERVAL
        low, high = rows[here]
        share = (r.score - low) / (high - low) if high > low else 1.0
        grid[here][col] = BLOCKS[min(len(BLOCKS) - 1, max(0, math.ceil(share * 8) - 1))]
    return ["".join(row) for row in grid]


def _label(series: HistorySeries) -> str:
    if series.kind == "overall":
        return "Overall"
    return f"{one_line(series.name)} ({series.id})"


def _last_scored(series: HistorySeries) -> HistoryPoint | None:
    return next((p for p in reversed(series.points) if p.result.score is not None), None)


def _coverage(point: HistoryPoint) -> str:
    if point.coverage is None or point.coverage.scored == 0:
        return "-"
    return f"{point.coverage.usable}/{point.coverage.scored}"


def _evidence_of(series: HistorySeries, year: int | None) -> Any:
    if year is None or not series.observations:
        return None
    return next((o.evidence for o in series.observations if o.evidence.year == year), None)


# ---------------------------------------------------------------------------------------
# Terminal


def _fits_intervals(report: HistoryReport, width: int) -> bool:
    # Year, then per series "41.4 [39.0, 44.0]" (17 characters) and two of padding.
    return 6 + len(report.series) * 19 <= width


def render_history_table(report: HistoryReport, console: Console) -> None:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from scorecard.render.table import safe, status_text

    head = Text()
    head.append_text(safe(report.title, "bold"))
    head.append(f"\nData: {data_label(report.data_file, report.data_origin)}\n", style="dim")
    head.append(
        f"History {report.from_year}-{report.to_year}: scores 0-100, estimate [interval], "
        "as in `show --year`"
    )

    bands = report.method.bands
    # Each row is labelled with the lower bound of its band.
    ticks = [format_number(bands.on_track), format_number(bands.progressing)]
    ticks += [format_number(bands.limited), "0"]
    trends = Table(box=box.SIMPLE_HEAD, show_edge=False)
    trends.add_column("#", justify="right", no_wrap=True)
    trends.add_column("Series", overflow="fold", ratio=1, min_width=12)
    trends.add_column(f"Trend {report.from_year}-{report.to_year}", no_wrap=True)
    trends.add_column("Last score", no_wrap=True)
    for n, series in enumerate(report.series, 1):
        last = _last_scored(series)
        latest = Text("none in range", style="dim")
        if last is not None:
            latest = Text(f"{format_estimate(last.result)} ")
            latest.append(format_interval(last.result.low, last.result.high))
            latest.append(f"\n{last.year} ")
            latest.append_text(status_text(last.result))
        chart = Text()
        for i, (row, tick) in enumerate(zip(trend_chart(series.points, bands), ticks, strict=True)):
            chart.append(("\n" if i else "") + f"{tick:>3} ", style="dim")
            chart.append(row)
        trends.add_row(
            str(n),
            safe(_label(series), "bold" if series.kind != "indicator" else ""),
            chart,
            latest,
        )

    wide = _fits_intervals(report, console.width)
    years = Table(box=box.SIMPLE_HEAD, show_edge=False)
    years.add_column("Year", no_wrap=True)
    for n, _ in enumerate(report.series, 1):
        years.add_column(f"#{n}", justify="right" if not wide else "left", no_wrap=True)
    for i, year in enumerate(range(report.from_year, report.to_year + 1)):
        cells = []
        for series in report.series:
            r = series.points[i].result
            if r.score is None:
                cells.append(Text("-", style="dim"))
                continue
            text = format_estimate(r) + (" ~" if r.crosses_band else "")
            if wide:
                text += " " + format_interval(r.low, r.high)
            cells.append(Text(text))
        years.add_row(str(year), *cells)

    parts: list[Any] = [head, Text(""), trends, Text(""), years]
    for series in report.series:
        if series.observations is not None and series.id in report.ids:
            parts += [Text(""), _observation_table(series)]
    note = (
        "Trend: one column a year; the rows are the status bands, each labelled with its "
        f"lower bound (on track, progressing, limited, off track). {BLOCKS[-1]} the "
        "estimate, its height where in the band it lies; "
        f"{INTERVAL} the interval reaching another band; {NO_SCORE} no score. "
        "~ the interval spans more than one band. - no score that year."
    )
    if not wide:
        note += " Intervals for every year: a wider terminal, or --format csv or json."
    parts += [Text(""), Text(note, style="dim")]
    console.print(Group(*parts))


def _observation_table(series: HistorySeries) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from scorecard.render.table import safe

    table = Table(
        title=safe(f"{_label(series)}: every observation, oldest first", "bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    table.add_column("Year", no_wrap=True)
    table.add_column("Value", ratio=2, min_width=10)
    table.add_column("Score", no_wrap=True)
    table.add_column("Source / quote", ratio=4, min_width=16)
    for obs in series.observations or []:
        ev = obs.evidence
        value = safe(ev.text)
        score = Text(format_estimate(obs.result))
        if obs.result.score is not None:
            score.append("\n" + format_interval(obs.result.low, obs.result.high), style="dim")
        source = safe(ev.source, "dim")
        if ev.external:
            source.append(" †", style="cyan")
        if ev.quote:
            source.append("\n")
            source.append_text(safe(f"\u201c{ev.quote}\u201d", "italic"))
        table.add_row(str(ev.year), value, score, source)
    return table


# ---------------------------------------------------------------------------------------
# Flat rows (csv, ndjson) and markdown

HISTORY_COLUMNS = (
    "year",
    "series",
    "kind",
    "name",
    "pillar",
    "score",
    "score_low",
    "score_high",
    "status",
    "crosses_band",
    "reason",
    "coverage_usable",
    "coverage_scored",
    "state",
    "evidence_year",
    "value_text",
    "source",
    "quote",
)


def history_rows(report: HistoryReport) -> list[dict[str, Any]]:
    """One row per series and year; an indicator's rows name the evidence they stand on."""
    rows: list[dict[str, Any]] = []
    for series in report.series:
        for point in series.points:
            r = point.result
            ev = _evidence_of(series, point.evidence_year)
            rows.append(
                {
                    "year": point.year,
                    "series": series.id,
                    "kind": series.kind,
                    "name": series.name,
                    "pillar": series.pillar,
                    "score": r.score,
                    "score_low": r.low,
                    "score_high": r.high,
                    "status": r.status,
                    "crosses_band": r.crosses_band,
                    "reason": r.reason,
                    "coverage_usable": point.coverage.usable if point.coverage else None,
                    "coverage_scored": point.coverage.scored if point.coverage else None,
                    "state": point.state,
                    "evidence_year": point.evidence_year,
                    "value_text": ev.text if ev else None,
                    "source": ev.source if ev else None,
                    "quote": ev.quote if ev else None,
                }
            )
    return rows


def render_history_markdown(report: HistoryReport) -> str:
    from scorecard.render.markdown import cell, table

    out = [
        f"# {cell(report.title)}",
        "",
        f"- Data: `{cell(data_label(report.data_file, report.data_origin))}`",
        f"- History {report.from_year}-{report.to_year}: scores 0-100, central estimate "
        "[interval] and status, each year as `show --year` gives it",
        "",
    ]
    headers = ["Year", *(cell(_label(s)) for s in report.series)]
    rows = []
    for i, year in enumerate(range(report.from_year, report.to_year + 1)):
        row = [str(year)]
        for series in report.series:
            r = series.points[i].result
            row.append(
                "-"
                if r.score is None
                else f"{format_estimate(r)} {format_interval(r.low, r.high)} {status_label(r)}"
            )
        rows.append(row)
    out += table(headers, rows)
    for series in report.series:
        if series.observations is None or series.id not in report.ids:
            continue
        out += ["", f"## {cell(_label(series))}: every observation", ""]
        out += table(
            ["Year", "Value", "Score", "Interval", "Source", "Quote"],
            [
                [
                    str(o.evidence.year),
                    cell(o.evidence.text),
                    format_estimate(o.result),
                    format_interval(o.result.low, o.result.high),
                    cell(o.evidence.source_title),
                    f"*{cell(o.evidence.quote)}*" if o.evidence.quote else "",
                ]
                for o in series.observations
            ],
        )
    return "\n".join(out) + "\n"


def history_table_rows(report: HistoryReport) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of the CSV and NDJSON formats."""
    return HISTORY_COLUMNS, history_rows(report)
