"""Output models of `scorecard history` (see `scorecard.report` for the contract)."""

from __future__ import annotations

from typing import Literal

from scorecard.report import (
    SCHEMA_VERSION,
    Coverage,
    Evidence,
    IndicatorState,
    Method,
    Out,
    ReportHeader,
    ScoreBand,
)

SeriesKind = Literal["overall", "pillar", "indicator"]


class HistoryPoint(Out):
    """One year of a series: the score as `show --year YEAR` gives it."""

    year: int
    result: ScoreBand
    #: The overall's and a pillar's coverage that year; null for an indicator.
    coverage: Coverage | None
    #: An indicator's state that year; null for the overall and a pillar.
    state: IndicatorState | None
    #: The year of the observation an indicator's point stands on (the as-of rule).
    evidence_year: int | None


class HistoryObservation(Out):
    """One observation of an indicator, scored on its own, at its own year."""

    evidence: Evidence
    result: ScoreBand


class HistorySeries(Out):
    """The overall, a pillar or an indicator, year by year."""

    #: The pillar's or indicator's id; "overall" for the overall score.
    id: str
    kind: SeriesKind
    name: str
    #: The pillar an indicator belongs to; null otherwise.
    pillar: str | None
    #: An indicator's scoring method; null otherwise.
    method: Literal["target", "goalposts", "ordinal", "none"] | None
    unit: str | None
    points: list[HistoryPoint]
    #: An indicator's observations, oldest first; null for the overall and a pillar.
    observations: list[HistoryObservation] | None


class HistoryReport(ReportHeader):
    """`scorecard history [ID ...]`: scores year by year, and an indicator's observations."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["history"] = "history"
    title: str
    from_year: int
    to_year: int
    #: The ids asked for, in the order given; empty for the overall and every pillar.
    ids: list[str]
    years_with_data: list[int]
    method: Method
    series: list[HistorySeries]
