"""The input schema: what a scorecard data file may contain.

Every model forbids unknown keys, so a typo such as `wieght = 2` is an error rather than a
silently ignored setting, and rejects NaN and infinity (TOML allows both). Checks that
need more than one object (references, unique ids, one observation per year) live in
`scorecard.checks`, so that they can be reported together with the schema errors.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

YEAR_MIN = 1900
YEAR_MAX = 2100

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Text = Annotated[str, Field(min_length=1)]
Weight = Annotated[float, Field(gt=0, le=1e6)]
Score = Annotated[float, Field(ge=0, le=100)]
Direction = Literal["higher", "lower"]

#: The longest page label ("12-13", "iv", "A-7") and the largest page number accepted.
PAGE_TEXT_MAX = 40
PAGE_MAX = 1_000_000


def _check_page(page: int | str) -> int | str:
    if isinstance(page, int) and not 0 <= page <= PAGE_MAX:
        raise ValueError(f"a page number is between 0 and {PAGE_MAX:,}")
    if isinstance(page, str) and len(page) > PAGE_TEXT_MAX:
        raise ValueError(
            f"a page is a number or a short label such as '12-13' "
            f"(at most {PAGE_TEXT_MAX} characters; use `section` for more)"
        )
    return page


Page = Annotated[int | str, AfterValidator(_check_page)]
Aggregation = Literal["arithmetic", "geometric"]


class Strict(BaseModel):
    """Shared configuration: no unknown keys, no type coercion, finite numbers only."""

    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, frozen=True, defer_build=True
    )


class Bands(Strict):
    """Lower bounds of the status bands, on the 0-100 score scale."""

    on_track: Score = 75.0
    progressing: Score = 50.0
    limited: Score = 25.0

    @model_validator(mode="after")
    def _descending(self) -> Bands:
        if not self.on_track > self.progressing > self.limited:
            raise ValueError("bands must satisfy on_track > progressing > limited")
        return self


class ScorecardMeta(Strict):
    """The `[scorecard]` table: what the file is about and how it is scored."""

    title: Text
    description: str = ""
    #: The year the file assesses; `show` uses it when no `--year` is given.
    assessment_year: Year | None = None
    #: The source whose quotes are checked against its text; others must be `external`.
    primary_source: Id | None = None
    #: How pillar scores combine into the overall score.
    aggregation: Aggregation = "arithmetic"
    #: Evidence older than this many years does not count for the year shown.
    max_age: Annotated[int, Field(ge=0, le=200)] = 5
    #: Share of a pillar's scored indicators that must have usable data for it to be scored.
    min_coverage: Annotated[float, Field(ge=0, le=1)] = 0.5
    # A factory, not `Bands()`: an instance made at import would build the validator then.
    bands: Bands = Field(default_factory=Bands)


class Source(Strict):
    """A document that evidence is drawn from."""

    id: Id
    title: Text
    authors: list[Text] = []
    publisher: str | None = None
    #: Publication date as written, e.g. "2011-04" or "12 January 2012".
    date: str | None = None
    url: str | None = None
    note: str | None = None


class Citation(Strict):
    """A verbatim quote with the source it stands in."""

    source: Id
    quote: Text
    page: Page | None = None
    section: str | None = None


class Pillar(Strict):
    """One pillar of the strategy: a group of indicators with its own score."""

    id: Id
    name: Text
    description: str = ""
    weight: Weight = 1.0
    #: How the pillar's indicator scores combine.
    aggregation: Aggregation = "arithmetic"
    #: The source's own verdict on the pillar.
    assessment: Citation | None = None


class Level(Strict):
    """One step of an ordinal scale."""

    name: Id
    label: str | None = None
    #: Stated score; when every level leaves it out, levels are spaced evenly from 0 to 100.
    score: Score | None = None
    description: str = ""


class ScaleAlternative(Strict):
    """Another defensible score for each level of a scale, for `scorecard sensitivity`."""

    #: One score per level, in the scale's level order (worst first), increasing.
    scores: Annotated[list[Score], Field(min_length=2)]
    #: Why this mapping is defensible too.
    rationale: Text

    @model_validator(mode="after")
    def _increasing(self) -> ScaleAlternative:
        if any(b <= a for a, b in itertools.pairwise(self.scores)):
            raise ValueError(
                "alternative level scores must increase from the first level to the last"
            )
        return self


class Scale(Strict):
    """An ordered list of levels, worst first."""

    id: Id
    name: Text
    description: str = ""
    #: Why the levels score what they do (which level counts as progress, and why).
    rationale: str | None = None
    levels: Annotated[list[Level], Field(min_length=2)]
    #: Other defensible level scores; `scorecard sensitivity` samples among them and the
    #: stated scores instead of varying each level within the gaps to its neighbours.
    alternatives: list[ScaleAlternative] = []

    @model_validator(mode="after")
    def _levels_consistent(self) -> Scale:
        names = [level.name for level in self.levels]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(
                f"level names must be unique within a scale (repeated: {', '.join(repeated)})"
            )
        scores = [level.score for level in self.levels]
        given = [s for s in scores if s is not None]
        if given and len(given) != len(scores):
            raise ValueError("give a score for every level or for none")
        if given and any(b <= a for a, b in itertools.pairwise(given)):
            raise ValueError("level scores must increase from the first level to the last")
        for k, alternative in enumerate(self.alternatives):
            if len(alternative.scores) != len(self.levels):
                raise ValueError(
                    f"alternatives[#{k + 1}] gives {len(alternative.scores)} scores for "
                    f"{len(self.levels)} levels: give one score per level, in level order"
                )
        return self

    def level_scores(self) -> dict[str, float]:
        """Each level's score: as stated, or evenly spaced from 0 to 100."""
        last = len(self.levels) - 1
        return {
            level.name: level.score if level.score is not None else 100.0 * i / last
            for i, level in enumerate(self.levels)
        }


class AlternativeTarget(Strict):
    """Another defensible baseline and/or target, for `scorecard sensitivity`.

    A side left out keeps the stated one.
    """

    baseline: float | None = None
    target: float | None = None
    rationale: Text

    @model_validator(mode="after")
    def _something(self) -> AlternativeTarget:
        if self.baseline is None and self.target is None:
            raise ValueError("an alternative gives a `baseline`, a `target` or both")
        return self


class TargetScoring(Strict):
    """Progress from a baseline towards a target: 100 * (v - baseline) / (target - baseline)."""

    method: Literal["target"]
    baseline: float
    baseline_year: Year | None = None
    rationale: str | None = None
    #: Other defensible baselines or targets (checked against the direction in
    #: `scorecard.checks`); `scorecard sensitivity` samples among them and the stated one.
    alternatives: list[AlternativeTarget] = []


class AlternativeGoalposts(Strict):
    """Other defensible goalposts, for `scorecard sensitivity`."""

    min: float
    max: float
    rationale: Text

    @model_validator(mode="after")
    def _ordered(self) -> AlternativeGoalposts:
        if not self.min < self.max:
            raise ValueError("goalposts need min < max")
        return self


class GoalpostScoring(Strict):
    """Fixed goalposts: 100 * (v - min) / (max - min), on logarithms when `log` is true."""

    method: Literal["goalposts"]
    min: float
    max: float
    log: bool = False
    rationale: Text
    #: Other defensible goalposts (on the same scale, log or not); `scorecard sensitivity`
    #: samples among them and the stated ones.
    alternatives: list[AlternativeGoalposts] = []

    @model_validator(mode="after")
    def _ordered(self) -> GoalpostScoring:
        if not self.min < self.max:
            raise ValueError("goalposts need min < max")
        if self.log and self.min <= 0:
            raise ValueError("a log scale needs positive goalposts")
        if self.log:
            for k, alternative in enumerate(self.alternatives):
                if alternative.min <= 0:
                    raise ValueError(
                        f"alternatives[#{k + 1}]: a log scale needs positive goalposts"
                    )
        return self


class OrdinalScoring(Strict):
    """The score of the observed level of an ordinal scale."""

    method: Literal["ordinal"]
    scale: Id


class NoScoring(Strict):
    """A context indicator: shown with its evidence, never scored."""

    method: Literal["none"]


Scoring = Annotated[
    TargetScoring | GoalpostScoring | OrdinalScoring | NoScoring,
    Field(discriminator="method"),
]


class Target(Strict):
    """What the strategy aims for, and why that aim."""

    value: float | None = None
    level: Id | None = None
    year: Year | None = None
    rationale: Text

    @model_validator(mode="after")
    def _one_kind(self) -> Target:
        if (self.value is None) == (self.level is None):
            raise ValueError("a target has either `value` or `level`")
        return self


ValueKind = Literal["exact", "at_least", "at_most", "range", "level"]

#: One set of given field names for every observation that gives the same keys.
_SHARED_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
#: Distinct key combinations kept (a file uses a handful; the bound keeps a long-lived
#: process that validates odd files from growing the table without end).
_SHARED_FIELDS_SETS_MAX = 4096


def _share_fields_set(obs: BaseModel) -> None:
    """Give `obs` the shared copy of its set of given field names.

    Pydantic keeps, in every model, a new set of the names its input gave: for an
    observation that set (about 730 bytes) outweighs the values themselves, and a large
    file holds hundreds of thousands of observations with a handful of distinct sets.
    Models are frozen, so nothing adds to the set in place (Pydantic's `model_copy` copies
    it before updating); sharing it changes no behaviour.
    """
    names = obs.__pydantic_fields_set__
    key = frozenset(names)
    shared = _SHARED_FIELDS_SETS.get(key)
    if shared is None:
        if len(_SHARED_FIELDS_SETS) >= _SHARED_FIELDS_SETS_MAX:
            return
        shared = _SHARED_FIELDS_SETS[key] = names
    object.__setattr__(obs, "__pydantic_fields_set__", shared)


class Observation(Strict):
    """One year's evidence for an indicator.

    The value is given in exactly one form: `value` (exact), `at_least`, `at_most`,
    `low` with `high` (a range), or `level` (a level of the indicator's scale).
    """

    year: Year
    value: float | None = None
    at_least: float | None = None
    at_most: float | None = None
    low: float | None = None
    high: float | None = None
    level: Id | None = None
    #: A plausible far end for an open bound, stated by the analyst: with `at_least` the
    #: highest plausible value, with `at_most` the lowest. The bound is then scored as the
    #: range between the two. Needs `limit_rationale`.
    limit: float | None = None
    limit_rationale: str | None = None
    #: The part of the year covered, when it is not the whole year ("January-September").
    period: str | None = None
    source: Id
    quote: str | None = None
    page: Page | None = None
    section: str | None = None
    #: True for a figure that does not come from the scorecard's primary source.
    external: bool = False
    url: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_value_form(self) -> Observation:
        # Runs once per observation, hundreds of thousands of times for a large file: the
        # common case (one form, no limit, not a range) costs a few comparisons.
        ranged = self.low is not None or self.high is not None
        given = (
            (self.value is not None)
            + (self.at_least is not None)
            + (self.at_most is not None)
            + ranged
            + (self.level is not None)
        )
        if given != 1:
            forms = {
                "value": self.value is not None,
                "at_least": self.at_least is not None,
                "at_most": self.at_most is not None,
                "low/high": ranged,
                "level": self.level is not None,
            }
            chosen = [name for name, present in forms.items() if present]
            # A typed error, so that `scorecard add` can say it in terms of its options.
            raise PydanticCustomError(
                "value_forms",
                "give exactly one of value, at_least, at_most, low/high or level (found: {shown})",
                {"shown": ", ".join(chosen) if chosen else "none", "forms": chosen},
            )
        if self.limit is not None or self.limit_rationale is not None:
            self._check_limit()
        if ranged:
            if self.low is None or self.high is None:
                raise ValueError("a range needs both low and high")
            if self.low > self.high:
                raise PydanticCustomError(
                    "range_order",
                    "low ({low}) is greater than high ({high})",
                    {"low": f"{self.low:g}", "high": f"{self.high:g}"},
                )
        _share_fields_set(self)
        return self

    def _check_limit(self) -> None:
        if self.at_least is None and self.at_most is None:
            raise ValueError("`limit` closes an open bound: it goes with at_least or at_most")
        if self.limit is None:
            raise ValueError("`limit_rationale` needs a `limit`")
        if not self.limit_rationale:
            raise ValueError("a `limit` needs a `limit_rationale` saying why it is plausible")
        if self.at_least is not None and self.limit < self.at_least:
            raise ValueError(
                f"limit ({self.limit:g}) is below at_least ({self.at_least:g}):"
                " it must be the highest plausible value"
            )
        if self.at_most is not None and self.limit > self.at_most:
            raise ValueError(
                f"limit ({self.limit:g}) is above at_most ({self.at_most:g}):"
                " it must be the lowest plausible value"
            )

    @property
    def kind(self) -> ValueKind:
        if self.value is not None:
            return "exact"
        if self.at_least is not None:
            return "at_least"
        if self.at_most is not None:
            return "at_most"
        if self.level is not None:
            return "level"
        return "range"


class Indicator(Strict):
    """A measurable sign of progress on one pillar, with its evidence year by year."""

    id: Id
    pillar: Id
    name: Text
    unit: str = ""
    description: str = ""
    #: Whether a higher or a lower value is better; needed by every scored method but ordinal.
    direction: Direction | None = None
    scoring: Scoring
    weight: Weight = 1.0
    target: Target | None = None
    notes: str | None = None
    observations: list[Observation] = []

    @property
    def scored(self) -> bool:
        return self.scoring.method != "none"


class Document(Strict):
    """A whole scorecard data file."""

    scorecard: ScorecardMeta
    sources: Annotated[list[Source], Field(min_length=1)]
    pillars: Annotated[list[Pillar], Field(min_length=1)]
    scales: list[Scale] = []
    indicators: list[Indicator] = []
