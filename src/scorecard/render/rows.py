"""Flat rows, one per indicator, for NDJSON and CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scorecard.report import ShowReport

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
    "level",
    "unit",
    "evidence_year",
    "age",
    "period",
    "score",
    "score_low",
    "score_high",
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
                    "level": ev.level if ev else None,
                    "unit": ind.unit,
                    "evidence_year": ev.year if ev else None,
                    "age": ind.age,
                    "period": ev.period if ev else None,
                    "score": ind.result.score,
                    "score_low": ind.result.low,
                    "score_high": ind.result.high,
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
