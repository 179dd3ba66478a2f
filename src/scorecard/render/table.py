"""Rich tables for a terminal.

Text from the data file goes in as `rich.text.Text` built from control-stripped strings,
never as markup, so a name like "[red]x" or "[link=...]" prints literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from scorecard.diff import changes_for_reading
from scorecard.format import (
    ESTIMATE_LEGEND,
    VERDICT_LABEL,
    format_change,
    format_estimate,
    format_interval,
    format_summary,
    like_for_like_note,
    status_label,
)
from scorecard.render.header import data_label
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from rich.console import RenderableType

    from scorecard.report import (
        AggregateChange,
        Change,
        Coverage,
        DiffReport,
        IndicatorResult,
        PillarResult,
        ScoreBand,
        ShowReport,
    )

STATUS_STYLE = {
    "on_track": "bold green",
    "progressing": "yellow",
    "limited": "dark_orange",
    "off_track": "bold red",
}
BAR_WIDTH = 10


def safe(text: str | None, style: str = "") -> Text:
    """Untrusted text as a Text object: no markup, no control characters."""
    return Text(one_line(text or ""), style=style)


def status_text(result: ScoreBand, in_column: bool = True) -> Text:
    if result.status is None:
        return Text("no score", style="dim")
    label = status_label(result)
    if in_column:
        # The caveat of a best or worst case ("(at best) ~") goes on a line of its own, so
        # that the column stays narrow and the band reads first.
        label = label.replace(" (", "\n(")
    return Text(label, style=STATUS_STYLE[result.status])


def score_bar(result: ScoreBand) -> Text:
    """Solid up to the interval's lower end, shaded across the interval, empty beyond."""
    if result.score is None or result.low is None or result.high is None:
        return Text(" " * BAR_WIDTH)
    cells = []
    for i in range(BAR_WIDTH):
        mid = (i + 0.5) * 100 / BAR_WIDTH
        if mid <= result.low:
            cells.append("█")
        elif mid <= result.high:
            cells.append("▒")
        else:
            cells.append("░")
    style = STATUS_STYLE[result.status] if result.status else ""
    return Text("".join(cells), style=style)


def coverage_text(coverage: Coverage) -> Text:
    if coverage.scored == 0:
        return Text("-", style="dim")
    return Text(f"{coverage.usable}/{coverage.scored}")


def _score_cells(result: ScoreBand) -> tuple[Text, Text]:
    return Text(format_estimate(result)), Text(format_interval(result.low, result.high))


def header(report: ShowReport) -> RenderableType:
    overall = report.overall.result
    lines = Text()
    lines.append_text(safe(report.title, "bold"))
    lines.append("\n")
    origin = {"--year": "", "assessment_year": " (assessment year)", "latest": " (latest data)"}
    lines.append(f"Data: {data_label(report.data_file, report.data_origin)}\n", style="dim")
    lines.append(f"Year: {report.year}{origin.get(report.year_origin, '')}\n")
    lines.append("Overall: ")
    if overall.score is None:
        lines.append(f"no score ({one_line(overall.reason or '')})", style="dim")
    else:
        lines.append(f"{format_estimate(overall)} ", style="bold")
        lines.append(format_interval(overall.low, overall.high) + " ")
        lines.append_text(status_text(overall, in_column=False))
    cov = report.overall.coverage
    lines.append(
        f"  ·  coverage {cov.usable}/{cov.scored} scored indicators, "
        f"{report.overall.pillars_scored}/{report.overall.pillars} pillars"
    )
    return lines


def pillar_table(report: ShowReport) -> Table:
    """One row per pillar; the source's own verdict sits under the pillar's name."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Pillar / the source's verdict", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Interval", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Cov.", justify="right", no_wrap=True)
    for pillar in report.pillars:
        score, interval = _score_cells(pillar.result)
        cell = safe(pillar.name, "bold")
        if pillar.assessment:
            cell.append("\n")
            cell.append_text(safe(f"\u201c{pillar.assessment.quote}\u201d", "italic"))
        if pillar.result.reason:
            cell.append("\n")
            cell.append_text(safe(f"no score: {pillar.result.reason}", "dim"))
        table.add_row(
            cell,
            score,
            score_bar(pillar.result),
            interval,
            status_text(pillar.result),
            coverage_text(pillar.coverage),
        )
    return table


def _value_cell(ind: IndicatorResult) -> Text:
    if ind.evidence is None:
        return Text("no data", style="dim")
    # The text already says "(January-September only)" for a partial period.
    text = safe(ind.evidence.text)
    if ind.evidence.external:
        text.append(" †", style="cyan")
    if ind.evidence.limit_rationale:
        text.append("\n")
        text.append_text(safe(f"limit: {ind.evidence.limit_rationale}", "dim"))
    return text


def _year_cell(ind: IndicatorResult) -> Text:
    if ind.evidence is None:
        return Text("-", style="dim")
    year = Text(str(ind.evidence.year))
    if ind.state == "stale":
        year.append(" stale", style="red")
    return year


def indicator_table(pillar: PillarResult) -> Table:
    """One row per indicator; the target sits under the value it is measured against."""
    table = Table(
        title=Text(one_line(pillar.name), style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    table.add_column("Indicator", ratio=4, min_width=12, overflow="fold")
    table.add_column("Value / target", ratio=4, min_width=12, overflow="fold")
    table.add_column("Year", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Interval", no_wrap=True)
    table.add_column("Status", no_wrap=True, min_width=11)
    for ind in pillar.indicators:
        score, interval = _score_cells(ind.result)
        status = (
            Text(ind.state.replace("_", " "), style="dim")
            if ind.result.status is None
            else status_text(ind.result)
        )
        value = _value_cell(ind)
        if ind.target:
            value.append("\n")
            value.append_text(safe(f"target: {ind.target.text}", "dim"))
        table.add_row(safe(ind.name), value, _year_cell(ind), score, interval, status)
    return table


FOOTNOTE = (
    "~ the score interval spans more than one status band.  † figure from outside the "
    f"primary source (external).  {ESTIMATE_LEGEND}  Use --format json for every quote "
    "and source."
)


def render_show_table(report: ShowReport, console: Console, summary: bool = False) -> None:
    parts: list[RenderableType] = [header(report), Text(""), pillar_table(report)]
    if not summary:
        for pillar in report.pillars:
            parts.extend([Text(""), indicator_table(pillar)])
    parts.extend([Text(""), Text(FOOTNOTE, style="dim")])
    console.print(Group(*parts))


VERDICT_STYLE = {
    "improved": "bold green",
    "worsened": "bold red",
    "uncertain": "yellow",
    "new": "cyan",
    "stale": "dark_orange",
}


def verdict_text(verdict: str) -> Text:
    return Text(VERDICT_LABEL[verdict], style=VERDICT_STYLE.get(verdict, "dim"))


def _change_cells(change: Change) -> tuple[Text, Text]:
    style = VERDICT_STYLE.get(change.verdict, "")
    return (
        Text(format_change(change.change), style=style),
        Text(format_interval(change.low, change.high, signed=True)),
    )


def _evidence_cell(result: IndicatorResult) -> Text:
    if result.evidence is None:
        return Text("no data", style="dim")
    cell = safe(result.evidence.text)
    cell.append(f" ({result.evidence.year})", style="dim")
    if result.state == "stale":
        cell.append(" stale", style="red")
    return cell


DIFF_FOOTNOTE = (
    "Changes are TO minus FROM in score points; the interval is every change the evidence "
    "allows, and the verdict is read from it. Largest losses first. * the indicators behind "
    "the score differ between the years: the verdict compares only those with data in both "
    f"(like for like). {ESTIMATE_LEGEND}"
)


def _aggregate_verdict(agg: AggregateChange) -> Text:
    text = verdict_text(agg.score_change.verdict)
    text.append(like_for_like_note(agg).replace(" (", "\n("))
    return text


def render_diff_table(report: DiffReport, console: Console, show_all: bool = False) -> None:
    head = Text()
    head.append_text(safe(report.title, "bold"))
    head.append(f"\nData: {data_label(report.data_file, report.data_origin)}\n", style="dim")
    head.append(f"Change from {report.from_year} to {report.to_year}: ")
    head.append(format_summary(report.summary))

    pillars = Table(box=box.SIMPLE_HEAD, show_edge=False)
    pillars.add_column("Pillar", overflow="fold")
    pillars.add_column(str(report.from_year), justify="right", no_wrap=True)
    pillars.add_column(str(report.to_year), justify="right", no_wrap=True)
    pillars.add_column("Change", justify="right", no_wrap=True)
    pillars.add_column("Interval", no_wrap=True)
    pillars.add_column("Verdict", no_wrap=True)
    for agg in (*report.pillars, report.overall):
        change, interval = _change_cells(agg.score_change)
        pillars.add_row(
            safe(agg.name, "bold" if agg.id == "overall" else ""),
            Text(format_estimate(agg.at_from)),
            Text(format_estimate(agg.at_to)),
            change,
            interval,
            _aggregate_verdict(agg),
        )

    rows = changes_for_reading(report, show_all)
    indicators = Table(box=box.SIMPLE_HEAD, show_edge=False)
    indicators.add_column("Indicator", ratio=3, overflow="fold")
    indicators.add_column(f"At {report.from_year}", ratio=2, overflow="fold")
    indicators.add_column(f"At {report.to_year}", ratio=2, overflow="fold")
    indicators.add_column("Change", justify="right", no_wrap=True)
    indicators.add_column("Interval", no_wrap=True)
    indicators.add_column("Verdict", no_wrap=True)
    for c in rows:
        change, interval = _change_cells(c.score_change)
        indicators.add_row(
            safe(c.name),
            _evidence_cell(c.at_from),
            _evidence_cell(c.at_to),
            change,
            interval,
            verdict_text(c.score_change.verdict),
        )
    hidden = len(report.indicators) - len(rows)
    note = DIFF_FOOTNOTE
    if hidden:
        note += f" {hidden} indicator(s) without news hidden: use --all."
    console.print(
        Group(head, Text(""), pillars, Text(""), indicators, Text(""), Text(note, style="dim"))
    )
