"""Output models of `scorecard diff` (see `scorecard.report` for the contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from scorecard.report import SCHEMA_VERSION, IndicatorResult, Method, Out, ReportHeader, ScoreBand

Verdict = Literal[
    "improved",
    "worsened",
    "unchanged",
    "uncertain",
    "no_new_data",
    "new",
    "stale",
    "no_data",
    "context",
]
#: Order used for summaries and documentation.
VERDICTS: tuple[Verdict, ...] = (
    "improved",
    "worsened",
    "uncertain",
    "unchanged",
    "no_new_data",
    "new",
    "stale",
    "no_data",
    "context",
)


class Change(Out):
    """TO minus FROM: the central change and the interval of possible changes."""

    change: float | None = Field(description="Central score at TO minus central score at FROM.")
    low: float | None = Field(description="Smallest change the evidence allows.")
    high: float | None = Field(description="Largest change the evidence allows.")
    verdict: Verdict


class ValueChange(Out):
    """TO minus FROM in the indicator's unit, end to end; null ends are unbounded."""

    low: float | None
    high: float | None


class IndicatorChange(Out):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    id: str
    pillar: str
    name: str
    unit: str
    method: Literal["target", "goalposts", "ordinal", "none"]
    at_from: IndicatorResult = Field(alias="from")
    at_to: IndicatorResult = Field(alias="to")
    value_change: ValueChange | None
    score_change: Change


class AggregateChange(Out):
    """A pillar's (or the overall) change.

    `score_change.change` is exactly TO's score minus FROM's, as `show` prints them. When
    the indicators with usable data differ between the years (`basis_changed`), that
    difference mixes new evidence with change, so the verdict is taken from `like_for_like`:
    the same aggregate over only the indicators usable in both years.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    id: str
    name: str
    at_from: ScoreBand = Field(alias="from")
    at_to: ScoreBand = Field(alias="to")
    score_change: Change
    basis_changed: bool
    like_for_like: Change | None


class DiffReport(ReportHeader):
    """`scorecard diff FROM TO`: what changed between two years, and whether it is real."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["diff"] = "diff"
    title: str
    from_year: int
    to_year: int
    years_with_data: list[int]
    method: Method
    overall: AggregateChange
    pillars: list[AggregateChange]
    indicators: list[IndicatorChange]
    #: How many indicators got each verdict.
    summary: dict[str, int]

    @property
    def worsened(self) -> bool:
        """Any scored indicator, pillar or the overall worsened: `diff --exit-code` fails."""
        changes = [c.score_change for c in self.indicators]
        changes += [c.score_change for c in (*self.pillars, self.overall)]
        return any(c.verdict == "worsened" for c in changes)
