"""Markdown pipe tables, ready to paste into a report."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from scorecard.render.header import data_label, legend_text
from scorecard.render.select import changes_for_reading
from scorecard.render.words import (
    ESTIMATE_LEGEND,
    VERDICT_LABEL,
    format_change,
    format_estimate,
    format_interval,
    format_summary,
    like_for_like_note,
    status_label,
)
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scorecard.report import Evidence, IndicatorResult, ShowReport
    from scorecard.report.diff import Change, DiffReport


# Characters that Markdown would read as links, emphasis, code or a table border.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def cell(text: str | None) -> str:
    """Untrusted text made safe for one table cell: one line, no HTML, no markup, no pipes.

    Escaping brackets keeps `[x](javascript:...)` in a data file from becoming a link.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line(text or ""), quote=False))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def render_show_markdown(report: ShowReport, *, summary: bool = False) -> str:
    overall = report.overall.result
    out = [
        f"# {cell(report.title)}",
        "",
        f"- Data: `{cell(data_label(report.data_file, report.data_origin))}`",
        f"- Year: {report.year}",
    ]
    if overall.score is None:
        out.append(f"- Overall: no score ({cell(overall.reason)})")
    else:
        out.append(
            f"- Overall: **{format_estimate(overall)}** "
            f"{format_interval(overall.low, overall.high)} {status_label(overall)}"
        )
    cov = report.overall.coverage
    out += [f"- Coverage: {cov.usable}/{cov.scored} scored indicators", "", "## Pillars", ""]
    out += table(
        ["Pillar", "Score", "Interval", "Status", "Coverage", "The source's verdict"],
        [
            [
                f"{cell(p.name)} ({cell(p.id)})",
                format_estimate(p.result),
                format_interval(p.result.low, p.result.high),
                status_label(p.result) if p.result.score is not None else cell(p.result.reason),
                f"{p.coverage.usable}/{p.coverage.scored}",
                f"*{cell(p.assessment.quote)}*" if p.assessment else "",
            ]
            for p in report.pillars
        ],
    )
    if not summary:
        for p in report.pillars:
            out += ["", f"## {cell(p.name)}", ""]
            rows = []
            for ind in p.indicators:
                ev = ind.evidence
                rows.append(
                    [
                        f"{cell(ind.name)} ({cell(ind.id)})",
                        _value(ev) if ev else "no data",
                        str(ev.year) if ev else "-",
                        cell(ind.target.text) if ind.target else "-",
                        format_estimate(ind.result),
                        format_interval(ind.result.low, ind.result.high),
                        status_label(ind.result)
                        if ind.result.score is not None
                        else ind.state.replace("_", " "),
                        f'"{cell(ev.quote)}"' if ev and ev.quote else "",
                    ]
                )
            out += table(
                ["Indicator", "Value", "Year", "Target", "Score", "Interval", "Status", "Quote"],
                rows,
            )
    out += ["", legend_text(report, summary, dagger=False)]
    return "\n".join(out) + "\n"


def _value(ev: Evidence) -> str:
    """The value as said, marked when external, with the reason for a stated limit."""
    text = cell(ev.text) + (" (external)" if ev.external else "")
    if ev.limit_rationale:
        text += f"; limit: {cell(ev.limit_rationale)}"
    return text


def _evidence(result: IndicatorResult) -> str:
    ev = result.evidence
    if ev is None:
        return "no data"
    return f"{cell(ev.text)} ({ev.year})" + (" stale" if result.state == "stale" else "")


def render_diff_markdown(report: DiffReport, *, show_all: bool = False) -> str:
    out = [
        f"# {cell(report.title)}: {report.from_year} to {report.to_year}",
        "",
        f"- Data: `{cell(data_label(report.data_file, report.data_origin))}`",
        f"- Indicators: {format_summary(report.summary)}",
        "",
        "## Pillars",
        "",
    ]

    def change_cells(change: Change) -> list[str]:
        return [
            format_change(change.change),
            format_interval(change.low, change.high, signed=True),
            VERDICT_LABEL[change.verdict],
        ]

    out += table(
        ["Pillar", str(report.from_year), str(report.to_year), "Change", "Interval", "Verdict"],
        [
            [
                cell(a.name),
                format_estimate(a.at_from),
                format_estimate(a.at_to),
                *change_cells(a.score_change)[:2],
                VERDICT_LABEL[a.score_change.verdict] + like_for_like_note(a),
            ]
            for a in (*report.pillars, report.overall)
        ],
    )
    out += [
        "",
        "\\* the indicators behind the score differ between the years: the verdict "
        "compares only those with data in both (like for like).",
        "",
        ESTIMATE_LEGEND,
    ]
    out += ["", "## Indicators", ""]
    out += table(
        [
            "Indicator",
            f"At {report.from_year}",
            f"At {report.to_year}",
            "Change",
            "Interval",
            "Verdict",
        ],
        [
            [cell(c.name), _evidence(c.at_from), _evidence(c.at_to), *change_cells(c.score_change)]
            for c in changes_for_reading(report, show_all)
        ],
    )
    return "\n".join(out) + "\n"
