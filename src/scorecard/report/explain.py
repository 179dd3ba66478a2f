"""Output models of `scorecard explain` (see `scorecard.report` for the contract)."""

from __future__ import annotations

from typing import Literal

from scorecard.report import (
    SCHEMA_VERSION,
    Coverage,
    IndicatorResult,
    IndicatorState,
    Method,
    MethodDetail,
    Out,
    ReportHeader,
    ScoreBand,
)


class AsOf(Out):
    """Which observation counts at the year, and why (the as-of rule and the maximum age)."""

    year: int
    evidence_year: int | None
    age: int | None
    max_age: int
    #: True when the observation is used for the score (not missing, not stale).
    counts: bool
    #: Years of observations after `year`, which the as-of rule leaves out.
    later_years: list[int]
    why: str


class ValueInterval(Out):
    """The values the observation allows; a null end is unbounded."""

    low: float | None
    high: float | None
    central: float
    #: Why the central value is what it is: "the exact value", "the midpoint of the range"...
    central_rule: str
    unit: str


class ScoreStep(Out):
    """One value through the formula, written out with its numbers."""

    #: "estimate", "lowest value" or "highest value" (of the value interval).
    what: str
    #: The value put through the formula; null for the open end of a bound (infinite).
    value: float | None
    expression: str
    score: float


class PillarShare(Out):
    """A pillar's score and its part of the overall score."""

    id: str
    name: str
    aggregation: Literal["arithmetic", "geometric"]
    result: ScoreBand
    coverage: Coverage
    weight: float
    #: The pillar's weight over the weights of the pillars with a score.
    overall_weight_share: float | None
    #: Points of the overall score from this pillar (arithmetic overall only).
    overall_points: float | None


class IfTarget(Out):
    """The engine rerun with the indicator at its target in the year explained."""

    #: What "at its target" was taken to mean (the target, or the best end without one).
    meaning: str
    score: float | None
    pillar: ScoreBand
    #: New pillar estimate minus the current one; null when either has no score.
    pillar_gain: float | None
    overall: ScoreBand
    overall_gain: float | None


class IndicatorExplanation(Out):
    result: IndicatorResult
    as_of: AsOf
    value: ValueInterval | None
    method: MethodDetail
    #: The estimate and, for an interval, both ends through the formula.
    steps: list[ScoreStep]
    #: The indicator's weight over the weights of its pillar's scored indicators.
    pillar_weight_share: float | None
    #: Points of the pillar score from this indicator (arithmetic pillar only).
    pillar_points: float | None
    #: Points of the overall score from this indicator (both arithmetic only).
    overall_points: float | None
    pillar: PillarShare
    overall: ScoreBand
    if_target: IfTarget | None


class Contribution(Out):
    id: str
    name: str
    state: IndicatorState
    result: ScoreBand
    weight: float
    weight_share: float | None
    #: Points of the pillar score from this indicator (arithmetic pillar only).
    points: float | None


class PillarExplanation(Out):
    pillar: PillarShare
    #: Each indicator, the largest contribution first, those without a score last.
    contributions: list[Contribution]
    overall: ScoreBand


class ExplainReport(ReportHeader):
    """`scorecard explain ID`: how an indicator's or a pillar's score comes about."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["explain"] = "explain"
    title: str
    year: int
    year_origin: str
    method: Method
    subject: Literal["indicator", "pillar"]
    id: str
    indicator: IndicatorExplanation | None
    pillar: PillarExplanation | None
