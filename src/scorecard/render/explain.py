"""`scorecard explain` in every format but json: the steps from evidence to score, in words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorecard.explain import number
from scorecard.format import format_number
from scorecard.render.header import data_label
from scorecard.render.words import format_estimate, format_interval, format_score, status_label
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from rich.console import Console

    from scorecard.report import ScoreBand
    from scorecard.report.explain import (
        ExplainReport,
        IfTarget,
        IndicatorExplanation,
        PillarExplanation,
    )


def _band(result: ScoreBand) -> str:
    if result.score is None:
        return f"no score ({one_line(result.reason or '')})"
    return (
        f"{format_estimate(result)} {format_interval(result.low, result.high)} "
        f"{status_label(result)}"
    )


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"


def _points(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _gain(value: float | None) -> str:
    return "" if value is None else f" ({value:+.1f})"


def indicator_lines(report: ExplainReport, ex: IndicatorExplanation) -> list[tuple[str, str]]:
    """(label, text) lines: the same words for the terminal and markdown."""
    r = ex.result
    m = ex.method
    lines: list[tuple[str, str]] = []
    ev = r.evidence
    if ev is None:
        lines.append(("Evidence", "none"))
    else:
        # The text already says "(covers January-September only)" for part of a year.
        text = ev.text
        lines.append(("Evidence", f"{text}, {ev.year}, source {ev.source}"))
        if ev.quote:
            lines.append(("Quote", f"\u201c{ev.quote}\u201d"))
    lines.append(("Why this one", ex.as_of.why))
    if ex.as_of.later_years:
        later = ", ".join(map(str, ex.as_of.later_years))
        lines.append(("Not used", f"later observations ({later}): after {report.year}"))
    if ex.value is not None:
        v = ex.value
        low = "-inf" if v.low is None else number(v.low)
        high = "+inf" if v.high is None else number(v.high)
        left = "(" if v.low is None else "["
        right = ")" if v.high is None else "]"
        unit = f" {v.unit}" if v.unit else ""
        lines.append(
            (
                "Interval",
                f"{left}{low}, {high}{right}{unit}; estimate {number(v.central)}: {v.central_rule}",
            )
        )
    direction = {"higher": ", higher is better", "lower": ", lower is better", None: ""}
    lines.append(("Method", f"{m.method}{direction[m.direction]}: {m.formula}"))
    params = []
    if m.min is not None and m.max is not None:
        params += [f"min = {number(m.min)}", f"max = {number(m.max)}"]
        params.append(f"log = {'yes' if m.log else 'no'}")
    if m.baseline is not None:
        since = f" ({m.baseline_year})" if m.baseline_year is not None else ""
        params.append(f"baseline = {number(m.baseline)}{since}")
    if m.target_value is not None:
        by = f" by {m.target_year}" if m.target_year is not None else ""
        params.append(f"target = {number(m.target_value)}{by}")
    if m.target_level is not None:
        params.append(f"target level = {m.target_level}")
    if m.levels is not None:
        levels = ", ".join(f"{lv.name} {format_number(lv.score)}" for lv in m.levels)
        params.append(f"scale {m.scale}: {levels}")
    if params:
        lines.append(("Parameters", "; ".join(params)))
    if m.rationale:
        lines.append(("Why these", m.rationale))
    if m.scale_rationale:
        lines.append(("Why the scale", m.scale_rationale))
    if m.target_rationale:
        lines.append(("Why the target", m.target_rationale))
    for step in ex.steps:
        lines.append((step.what.capitalize(), f"{step.expression} = {step.score:.2f}"))
    if (
        m.method == "ordinal"
        and ev is not None
        and ev.level is not None
        and r.result.score is not None
    ):
        lines.append(("Estimate", f"level {ev.level} = {format_number(r.result.score)}"))
    lines.append(("Score", _band(r.result)))
    p = ex.pillar
    lines.append(
        (
            "Weight",
            f"{format_number(r.weight)}: share {_share(ex.pillar_weight_share)} of the pillar's "
            f"scored indicators; {_points(ex.pillar_points)} of its points",
        )
    )
    lines.append(("Pillar", f"{p.name} ({p.id}): {_band(p.result)}"))
    lines.append(
        (
            "Overall",
            f"{_band(ex.overall)}; this indicator {_points(ex.overall_points)} of its points, "
            f"the pillar {_points(p.overall_points)}",
        )
    )
    if ex.if_target is not None:
        lines.append(("At its target", _if_target(ex.if_target)))
    return lines


def _if_target(t: IfTarget) -> str:
    return (
        f"{t.meaning}: indicator {format_score(t.score)}, pillar "
        f"{format_score(t.pillar.score)}{_gain(t.pillar_gain)}, overall "
        f"{format_score(t.overall.score)}{_gain(t.overall_gain)}"
    )


def _pillar_summary(report: ExplainReport, ex: PillarExplanation) -> list[tuple[str, str]]:
    p = ex.pillar
    cov = p.coverage
    share = "-" if cov.share is None else f"{cov.share:.2f}"
    return [
        ("Score", f"{_band(p.result)}, a weighted {p.aggregation} mean"),
        (
            "Coverage",
            f"{cov.usable}/{cov.scored} scored indicators with usable data "
            f"(share {share}, minimum {format_number(cov.minimum)})",
        ),
        (
            "Overall",
            f"{_band(ex.overall)}; this pillar: weight {format_number(p.weight)}, share "
            f"{_share(p.overall_weight_share)}, {_points(p.overall_points)} of its points",
        ),
    ]


def _title(report: ExplainReport) -> str:
    if report.indicator is not None:
        r = report.indicator.result
        return f"{r.name} ({r.id}) at {report.year}"
    assert report.pillar is not None
    p = report.pillar.pillar
    return f"Pillar {p.name} ({p.id}) at {report.year}"


# ---------------------------------------------------------------------------------------
# Terminal


def render_explain_table(report: ExplainReport, console: Console) -> None:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from scorecard.render.table import safe

    parts: list[Any] = [safe(_title(report), "bold")]
    parts.append(Text(f"Data: {data_label(report.data_file, report.data_origin)}", style="dim"))
    lines = (
        indicator_lines(report, report.indicator)
        if report.indicator is not None
        else _pillar_summary(report, report.pillar)  # type: ignore[arg-type]  # one is set
    )
    facts = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(ratio=1)
    for label, text in lines:
        facts.add_row(Text(label), safe(text))
    parts += [Text(""), facts]
    if report.pillar is not None:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("Indicator", ratio=1, min_width=16)
        table.add_column("Score", no_wrap=True)
        table.add_column("Interval", no_wrap=True)
        table.add_column("Weight", justify="right", no_wrap=True)
        table.add_column("Points", justify="right", no_wrap=True)
        for c in report.pillar.contributions:
            name_cell = safe(f"{c.name} ({c.id})")
            if c.result.score is None:
                name_cell.append(f"\n{c.state.replace('_', ' ')}", style="dim")
            table.add_row(
                name_cell,
                Text(format_estimate(c.result)),
                Text(format_interval(c.result.low, c.result.high)),
                Text(_share(c.weight_share)),
                Text(_points(c.points)),
            )
        parts += [Text(""), table]
        parts.append(
            Text(
                "Largest contribution first. Weight: the indicator's share of the weights of "
                "the indicators with a score. Points: that share times its score; they add up "
                "to the pillar's estimate (an arithmetic mean only).",
                style="dim",
            )
        )
    console.print(Group(*parts))


# ---------------------------------------------------------------------------------------
# Markdown and flat rows


def render_explain_markdown(report: ExplainReport) -> str:
    from scorecard.render.markdown import cell, table

    out = [
        f"# {cell(_title(report))}",
        "",
        f"- Data: `{cell(data_label(report.data_file, report.data_origin))}`",
    ]
    lines = (
        indicator_lines(report, report.indicator)
        if report.indicator is not None
        else _pillar_summary(report, report.pillar)  # type: ignore[arg-type]  # one is set
    )
    out += [f"- **{label}**: {cell(text)}" for label, text in lines]
    if report.pillar is not None:
        out.append("")
        out += table(
            ["Indicator", "Score", "Interval", "Weight", "Points"],
            [
                [
                    cell(f"{c.name} ({c.id})"),
                    format_estimate(c.result),
                    format_interval(c.result.low, c.result.high),
                    _share(c.weight_share),
                    _points(c.points),
                ]
                for c in report.pillar.contributions
            ],
        )
    return "\n".join(out) + "\n"


INDICATOR_COLUMNS = (
    "year",
    "indicator",
    "pillar",
    "state",
    "evidence_year",
    "age",
    "value_low",
    "value_high",
    "value_central",
    "method",
    "direction",
    "min",
    "max",
    "log",
    "baseline",
    "target_value",
    "score",
    "score_low",
    "score_high",
    "status",
    "weight",
    "pillar_weight_share",
    "pillar_points",
    "overall_points",
    "pillar_score",
    "overall_score",
    "at_target_pillar_gain",
    "at_target_overall_gain",
)
PILLAR_COLUMNS = (
    "year",
    "pillar",
    "indicator",
    "name",
    "state",
    "score",
    "score_low",
    "score_high",
    "weight",
    "weight_share",
    "points",
)


def explain_rows(report: ExplainReport) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows: one row for an indicator, one per indicator for a pillar."""
    if report.pillar is not None:
        return PILLAR_COLUMNS, [
            {
                "year": report.year,
                "pillar": report.pillar.pillar.id,
                "indicator": c.id,
                "name": c.name,
                "state": c.state,
                "score": c.result.score,
                "score_low": c.result.low,
                "score_high": c.result.high,
                "weight": c.weight,
                "weight_share": c.weight_share,
                "points": c.points,
            }
            for c in report.pillar.contributions
        ]
    ex = report.indicator
    assert ex is not None
    r, m, v, t = ex.result, ex.method, ex.value, ex.if_target
    return INDICATOR_COLUMNS, [
        {
            "year": report.year,
            "indicator": r.id,
            "pillar": r.pillar,
            "state": r.state,
            "evidence_year": ex.as_of.evidence_year,
            "age": ex.as_of.age,
            "value_low": v.low if v else None,
            "value_high": v.high if v else None,
            "value_central": v.central if v else None,
            "method": m.method,
            "direction": m.direction,
            "min": m.min,
            "max": m.max,
            "log": m.log,
            "baseline": m.baseline,
            "target_value": m.target_value,
            "score": r.result.score,
            "score_low": r.result.low,
            "score_high": r.result.high,
            "status": r.result.status,
            "weight": r.weight,
            "pillar_weight_share": ex.pillar_weight_share,
            "pillar_points": ex.pillar_points,
            "overall_points": ex.overall_points,
            "pillar_score": ex.pillar.result.score,
            "overall_score": ex.overall.score,
            "at_target_pillar_gain": t.pillar_gain if t else None,
            "at_target_overall_gain": t.overall_gain if t else None,
        }
    ]
