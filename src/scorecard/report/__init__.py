"""Output models: the JSON contract of every command. Here: the parts every report shares
(`ReportHeader`, the score bands, evidence, sources) and `show`'s `ShowReport`; each other
command's models are in a module of their own (`report.diff`, `report.history`,
`report.explain`, `report.listing`, `report.sensitivity`, `report.validate`), because
Pydantic builds a class when its module is imported and `show` should not pay for the
classes of the other reports.

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

from scorecard.model import ValueKind

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
