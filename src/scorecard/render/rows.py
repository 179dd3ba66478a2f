"""Flat rows, one per indicator, for NDJSON and CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scorecard.report import ScoreBand, ShowReport
    from scorecard.report.diff import DiffReport

SHOW_COLUMNS = (
    "year",
    "pillar",
    "pillar_name",
    "indicator",
    "name",
    "state",
    "method",
    "direction",
    "weight",
    "value_text",
    "value_kind",
    "value",
    "value_low",
    "value_high",
    "value_limit",
    "value_limit_rationale",
    "level",
    "unit",
    "evidence_year",
    "age",
    "period",
    "score",
    "score_low",
    "score_high",
    "estimate",
    "status",
    "crosses_band",
    "reason",
    "target",
    "source",
    "external",
    "url",
    "quote",
)


def show_rows(report: ShowReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for pillar in report.pillars:
        for ind in pillar.indicators:
            ev = ind.evidence
            rows.append(
                {
                    "year": report.year,
                    "pillar": pillar.id,
                    "pillar_name": pillar.name,
                    "indicator": ind.id,
                    "name": ind.name,
                    "state": ind.state,
                    "method": ind.method,
                    "direction": ind.direction,
                    "weight": ind.weight,
                    "value_text": ev.text if ev else None,
                    "value_kind": ev.kind if ev else None,
                    "value": ev.value if ev else None,
                    "value_low": ev.low if ev else None,
                    "value_high": ev.high if ev else None,
                    "value_limit": ev.limit if ev else None,
                    "value_limit_rationale": ev.limit_rationale if ev else None,
                    "level": ev.level if ev else None,
                    "unit": ind.unit,
                    "evidence_year": ev.year if ev else None,
                    "age": ind.age,
                    "period": ev.period if ev else None,
                    "score": ind.result.score,
                    "score_low": ind.result.low,
                    "score_high": ind.result.high,
                    "estimate": ind.result.estimate,
                    "status": ind.result.status,
                    "crosses_band": ind.result.crosses_band,
                    "reason": ind.result.reason,
                    "target": ind.target.text if ind.target else None,
                    "source": ev.source if ev else None,
                    "external": ev.external if ev else None,
                    "url": ev.url if ev else None,
                    "quote": ev.quote if ev else None,
                }
            )
    return rows


#: `show --summary` in csv and ndjson: one row per pillar, then one for the overall score.
PILLAR_COLUMNS = (
    "year",
    "pillar",
    "name",
    "weight",
    "aggregation",
    "score",
    "score_low",
    "score_high",
    "status",
    "crosses_band",
    "reason",
    "coverage_usable",
    "coverage_scored",
    "verdict_quote",
)


def pillar_rows(report: ShowReport) -> list[dict[str, Any]]:
    """The pillar table as rows; the last row, pillar "overall", is the overall score."""
    rows: list[dict[str, Any]] = []
    for p in report.pillars:
        rows.append(
            {
                "year": report.year,
                "pillar": p.id,
                "name": p.name,
                "weight": p.weight,
                "aggregation": p.aggregation,
                **_band(p.result),
                "coverage_usable": p.coverage.usable,
                "coverage_scored": p.coverage.scored,
                "verdict_quote": p.assessment.quote if p.assessment else None,
            }
        )
    o = report.overall
    rows.append(
        {
            "year": report.year,
            "pillar": "overall",
            "name": "Overall",
            "weight": None,
            "aggregation": o.aggregation,
            **_band(o.result),
            "coverage_usable": o.coverage.usable,
            "coverage_scored": o.coverage.scored,
            "verdict_quote": None,
        }
    )
    return rows


def _band(result: ScoreBand) -> dict[str, Any]:
    return {
        "score": result.score,
        "score_low": result.low,
        "score_high": result.high,
        "status": result.status,
        "crosses_band": result.crosses_band,
        "reason": result.reason,
    }


DIFF_COLUMNS = (
    "from_year",
    "to_year",
    "pillar",
    "indicator",
    "name",
    "method",
    "verdict",
    "from_evidence_year",
    "from_value_text",
    "to_evidence_year",
    "to_value_text",
    "value_change_low",
    "value_change_high",
    "from_score",
    "from_score_low",
    "from_score_high",
    "from_estimate",
    "to_score",
    "to_score_low",
    "to_score_high",
    "to_estimate",
    "score_change",
    "score_change_low",
    "score_change_high",
    "unit",
)


def diff_rows(report: DiffReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for c in report.indicators:
        before, after = c.at_from, c.at_to
        rows.append(
            {
                "from_year": report.from_year,
                "to_year": report.to_year,
                "pillar": c.pillar,
                "indicator": c.id,
                "name": c.name,
                "method": c.method,
                "verdict": c.score_change.verdict,
                "from_evidence_year": before.evidence.year if before.evidence else None,
                "from_value_text": before.evidence.text if before.evidence else None,
                "to_evidence_year": after.evidence.year if after.evidence else None,
                "to_value_text": after.evidence.text if after.evidence else None,
                "value_change_low": c.value_change.low if c.value_change else None,
                "value_change_high": c.value_change.high if c.value_change else None,
                "from_score": before.result.score,
                "from_score_low": before.result.low,
                "from_score_high": before.result.high,
                "from_estimate": before.result.estimate,
                "to_score": after.result.score,
                "to_score_low": after.result.low,
                "to_score_high": after.result.high,
                "to_estimate": after.result.estimate,
                "score_change": c.score_change.change,
                "score_change_low": c.score_change.low,
                "score_change_high": c.score_change.high,
                "unit": c.unit,
            }
        )
    return rows


def show_table_rows(
    report: ShowReport, *, summary: bool = False
) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of csv and ndjson: one row per indicator; with --summary, one
    per pillar (as the table shows)."""
    if summary:
        return PILLAR_COLUMNS, pillar_rows(report)
    return SHOW_COLUMNS, show_rows(report)


def diff_table_rows(report: DiffReport) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of csv and ndjson: one row per indicator."""
    return DIFF_COLUMNS, diff_rows(report)
