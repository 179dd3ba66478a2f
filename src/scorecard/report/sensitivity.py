"""Output models of `scorecard sensitivity` (see `scorecard.report` for the contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scorecard.report import SCHEMA_VERSION, Method, Out, ReportHeader, ScoreBand, Status

#: The groups of assumptions `scorecard sensitivity` can vary, in the order it reports them.
AssumptionGroup = Literal["values", "weights", "aggregation", "levels", "goalposts"]


class UncertainInput(Out):
    """One assumption that a run varies, and how."""

    group: AssumptionGroup
    #: What it belongs to: an indicator, a scale, a pillar id, or "overall".
    item: str
    #: The distribution in words, e.g. "uniform on [12,903, 15,273]".
    description: str
    #: True where a documented default stands in for something the file does not state
    #: (an open bound without a `limit`).
    default: bool


class GroupSetting(Out):
    """A group of assumptions: asked for with `--vary` or not, and what it varies."""

    group: AssumptionGroup
    varied: bool
    #: How many inputs it varies here (0: nothing in the file to vary).
    inputs: int
    distribution: str


class Distribution(Out):
    """The simulated scores of one pillar (or the overall) over the runs."""

    median: float
    p5: float = Field(description="5th percentile of the simulated scores.")
    p95: float = Field(description="95th percentile of the simulated scores.")
    mean: float
    std: float
    minimum: float
    maximum: float
    #: Share of runs in each status band.
    bands: dict[Status, float]


class RankSpread(Out):
    """The pillar's rank among the scored pillars, 1 = the weakest (lowest score)."""

    nominal: int
    median: int
    p5: int
    p95: int
    #: Share of runs in which the pillar is the weakest (ties count for each).
    weakest: float
    #: Share of runs at each rank, from 1 (weakest) up.
    shares: list[float]


class SensitivityIndex(Out):
    """Variance-based indices of one group of assumptions (see docs/methodology.md)."""

    group: AssumptionGroup
    first_order: float | None = Field(description="S_i: share of variance due to it alone.")
    first_order_se: float | None
    total: float | None = Field(description="S_Ti: share with all its interactions.")
    total_se: float | None


class SensitivityResult(Out):
    """A pillar's (or the overall) nominal score and what the runs make of it."""

    id: str
    name: str
    #: The score `scorecard show` prints, with its interval and status.
    nominal: ScoreBand
    #: Null when there is no nominal score (see `nominal.reason`).
    distribution: Distribution | None
    #: Pillars only; null for the overall and for pillars without a score.
    rank: RankSpread | None
    #: One entry per group varied here; empty when the runs do not vary the score.
    indices: list[SensitivityIndex]
    #: Why there are no indices, when there are none.
    indices_reason: str | None


class SensitivityReport(ReportHeader):
    """`scorecard sensitivity`: how far the scores move under other reasonable choices."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["sensitivity"] = "sensitivity"
    title: str
    year: int
    year_origin: str
    years_with_data: list[int]
    method: Method
    #: Monte Carlo runs: the distributions are over this many simulated scorecards.
    runs: int
    #: The seed of numpy's PCG64 generator: the same seed gives the same numbers.
    seed: int
    #: Model evaluations in all: runs * (groups with inputs + 2) for the indices.
    evaluations: int
    groups: list[GroupSetting]
    inputs: list[UncertainInput]
    overall: SensitivityResult
    pillars: list[SensitivityResult]
