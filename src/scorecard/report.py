"""Output models: the JSON contract of `show` and `diff`.

`scorecard show --format json` is the `ShowReport` dumped, nothing more, and every other
format renders the same object. The engine builds these objects with `model_construct`
from input that `scorecard.model` has already validated, and their validators are built
only when first needed (`defer_build`): a table never needs them, which saves about 10 ms
of start-up. The JSON contract tests check every document against the published schema.

`SCHEMA_VERSION` changes whenever a field is removed, renamed or changes meaning; adding a
field is not a breaking change (see docs/json.md).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scorecard.model import ValueKind  # noqa: TC001  (pydantic reads the annotation at run time)

SCHEMA_VERSION: Literal[1] = 1

Status = Literal["on_track", "progressing", "limited", "off_track"]
IndicatorState = Literal["scored", "context", "no_data", "stale"]
#: What the central score is: a central estimate, or the favourable (best case) or
#: unfavourable (worst case) end of its interval because an open bound feeds it, or both
#: kinds of bound feed it (mixed). See docs/methodology.md, "One-sided bounds".
Estimate = Literal["central", "best_case", "worst_case", "mixed"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Evidence(Out):
    """The observation a result stands on, with its source and quote."""

    year: int
    kind: ValueKind
    #: Central value: exact value, range midpoint, the midpoint of a bound and its stated
    #: limit, or the bound itself when no limit is stated.
    value: float | None = Field(
        description="Central value: the exact value, the midpoint of a range or of a bound and "
        "its stated limit, or an open bound itself (see result.estimate); null for a level."
    )
    #: Lower end of the value; null when unbounded below (or for a level).
    low: float | None
    #: Upper end of the value; null when unbounded above (or for a level).
    high: float | None
    level: str | None
    #: The analyst's plausible far end of an open bound, and why.
    limit: float | None = Field(
        description="The stated plausible far end of an at_least/at_most bound (the highest "
        "plausible value of an at_least, the lowest of an at_most); null when none is stated."
    )
    limit_rationale: str | None = Field(description="Why the limit is plausible.")
    #: The value as a person would say it, with its unit and, for a partial period,
    #: "(covers January-September only)".
    text: str
    period: str | None = Field(
        description="The part of the year the figure covers when it is not the whole year; "
        '`text` then ends with "(covers PERIOD only)".'
    )
    source: str
    source_title: str
    quote: str | None
    page: str | None
    section: str | None
    external: bool
    url: str | None
    note: str | None


class TargetOut(Out):
    value: float | None
    level: str | None
    year: int | None
    rationale: str
    text: str


class ScoreBand(Out):
    """A score with its interval and band, or nulls and the reason there is none."""

    score: float | None = Field(description="Central estimate, 0-100.")
    low: float | None = Field(description="Lower end of the score interval, 0-100.")
    high: float | None = Field(description="Upper end of the score interval, 0-100.")
    status: Status | None
    #: True when the interval's ends fall in different status bands.
    crosses_band: bool
    reason: str | None = Field(description="Why there is no score, when there is none.")
    estimate: Estimate = Field(
        description="What `score` is: `central`, an estimate inside its interval; "
        "`best_case`, the favourable end of the interval because an open bound with no "
        "stated limit feeds it (the true score is at most this, the status at best this); "
        "`worst_case`, the unfavourable end likewise (at least this); `mixed`, open bounds "
        "of both kinds feed it. `central` when there is no score."
    )


class ScaleLevelOut(Out):
    name: str
    label: str | None
    score: float


class MethodDetail(Out):
    """The scoring method with its actual numbers and the file's reasons for them: enough
    to redo a score by hand (`scorecard explain` does, step by step)."""

    method: Literal["target", "goalposts", "ordinal", "none"]
    direction: Literal["higher", "lower"] | None
    formula: str
    min: float | None
    max: float | None
    log: bool | None
    baseline: float | None
    baseline_year: int | None
    target_value: float | None
    target_level: str | None
    target_year: int | None
    target_rationale: str | None
    scale: str | None
    levels: list[ScaleLevelOut] | None
    #: The scoring's rationale (goalposts, target baseline) from the file.
    rationale: str | None
    scale_rationale: str | None


class IndicatorResult(Out):
    id: str
    pillar: str
    name: str
    unit: str
    description: str
    method: Literal["target", "goalposts", "ordinal", "none"]
    direction: Literal["higher", "lower"] | None
    #: The method's parameters (goalposts, log, baseline, target, scale levels) and the
    #: file's rationale for them.
    scoring: MethodDetail
    weight: float
    state: IndicatorState
    result: ScoreBand
    evidence: Evidence | None
    #: Years between the evidence and the year shown.
    age: int | None
    target: TargetOut | None
    notes: str | None


class Coverage(Out):
    """Scored indicators with usable data, out of all scored indicators."""

    usable: int
    scored: int
    share: float | None
    minimum: float


class CitationOut(Out):
    source: str
    source_title: str
    quote: str
    page: str | None
    section: str | None


class PillarResult(Out):
    id: str
    name: str
    description: str
    weight: float
    aggregation: Literal["arithmetic", "geometric"]
    result: ScoreBand
    coverage: Coverage
    #: The source's own verdict on the pillar.
    assessment: CitationOut | None
    indicators: list[IndicatorResult]


class OverallResult(Out):
    aggregation: Literal["arithmetic", "geometric"]
    result: ScoreBand
    coverage: Coverage
    #: Pillars with a score, out of all pillars.
    pillars_scored: int
    pillars: int


class BandsOut(Out):
    on_track: float
    progressing: float
    limited: float


class Method(Out):
    """The settings the scores were computed with, so that they can be reproduced."""

    max_age: int
    min_coverage: float
    bands: BandsOut


class SourceOut(Out):
    id: str
    title: str
    authors: list[str]
    publisher: str | None
    date: str | None
    url: str | None


def _version_and_kind_required(schema: dict[str, Any]) -> None:
    """`schema_version` and `kind` have defaults, but every document carries them."""
    schema["required"] = ["schema_version", "kind", *schema.get("required", [])]


class ReportHeader(Out):
    """What every output document starts with, whatever its kind.

    Each report narrows `schema_version` and `kind` to its own values; the schema requires
    both, though they have defaults.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, json_schema_extra=_version_and_kind_required
    )

    schema_version: int
    kind: str
    tool_version: str
    #: The data file as commands name it; the bundled one is marked "(bundled dataset)".
    data_file: str
    #: How the file was chosen: "--data", "$SCORECARD_DATA", "./scorecard.toml", "bundled",
    #: or "argument" (`validate PATH`).
    data_origin: str
    #: The file's `[scorecard].title`; `validate` gives null when the file is not valid.
    title: str | None


class ShowReport(ReportHeader):
    """`scorecard show`: every pillar's score at one year, with its evidence."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["show"] = "show"
    title: str
    year: int
    #: How the year was chosen: "--year", "assessment_year" or "latest".
    year_origin: str
    #: Years that have at least one observation.
    years_with_data: list[int]
    method: Method
    overall: OverallResult
    pillars: list[PillarResult]
    sources: list[SourceOut]


# ---------------------------------------------------------------------------------------
# `scorecard diff`

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


# ---------------------------------------------------------------------------------------
# `scorecard history`

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


# ---------------------------------------------------------------------------------------
# `scorecard explain`


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


# ---------------------------------------------------------------------------------------
# `scorecard list`

ListKind = Literal["pillars", "indicators", "sources", "scales"]


class ListEntry(Out):
    """One pillar, indicator, source or scale; fields that do not apply are null."""

    id: str
    #: The name, or a source's title.
    name: str
    #: An indicator's pillar.
    pillar: str | None
    #: An indicator's scoring method.
    method: Literal["target", "goalposts", "ordinal", "none"] | None
    unit: str | None
    weight: float | None
    #: Observations of an indicator; indicators of a pillar or using a scale; observations
    #: citing a source.
    count: int | None
    #: Years with an observation (of the indicator, the pillar's indicators, citing the
    #: source, or of indicators on the scale).
    years: list[int]
    #: A pillar's aggregation; a source's publisher, date and address; a scale's levels.
    detail: str | None


class ListReport(ReportHeader):
    """`scorecard list [pillars|indicators|sources|scales]`: the ids and what they name."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["list"] = "list"
    title: str
    what: ListKind
    items: list[ListEntry]


# ---------------------------------------------------------------------------------------
# `scorecard sensitivity`

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


# ---------------------------------------------------------------------------------------
# `scorecard validate`

#: Version of the `validate` document, counted apart from the others: version 1 was
#: `{schema_version, file, origin, valid, errors, warnings}`, before the shared header.
VALIDATE_SCHEMA_VERSION: Literal[2] = 2


ItemKind = Literal["scorecard", "source", "pillar", "scale", "indicator"]


class ProblemOut(Out):
    """One problem of a data file: where it is and what is wrong."""

    file: str
    #: 1-based; null when the problem stands on no line (a missing table, an unreadable file).
    line: int | None
    #: What the problem belongs to.
    kind: ItemKind | None
    #: That item's id.
    id: str | None
    #: Dotted path of the field inside that item, e.g. `observations[2011].value`.
    field: str | None
    severity: Literal["error", "warning"]
    message: str


class FileContents(Out):
    """How much a valid file holds."""

    pillars: int
    indicators: int
    observations: int


class ValidateReport(ReportHeader):
    """`scorecard validate`: every problem of a data file, errors and warnings."""

    schema_version: Literal[2] = VALIDATE_SCHEMA_VERSION
    kind: Literal["validate"] = "validate"
    #: False when the file could not be read at all (exit 2); its one error says why.
    readable: bool
    #: No errors (warnings do not count).
    valid: bool
    #: Null when the file is not valid.
    contents: FileContents | None
    #: In file order.
    errors: list[ProblemOut]
    warnings: list[ProblemOut]
