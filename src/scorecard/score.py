"""Pure scoring: values to intervals, intervals to 0-100 scores, scores to pillars.

Every step is written up, with a worked example, in docs/methodology.md. In short:

* a value is an interval: exact [v, v], at least [a, +inf), at most (-inf, b], a range
  [low, high], a bound with a stated limit [a, limit] or [limit, b]; an ordinal level is
  its level's score;
* normalisation is monotone, so an interval maps end to end onto a score interval, and
  the result is clipped to [0, 100];
* the central estimate is the score of the central value (the exact value, the range's
  midpoint, or an open one-sided bound itself, which is then marked as a best or worst
  case, and so is every aggregate it feeds);
* a pillar aggregates its indicators' central scores, and separately their lower and
  upper ends, by a weighted arithmetic or geometric mean; the overall score does the same
  over the pillars.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from scorecard import __version__
from scorecard.errors import UsageError
from scorecard.format import format_number, format_value
from scorecard.lookup import unknown
from scorecard.report import (
    BandsOut,
    CitationOut,
    Coverage,
    Estimate,
    Evidence,
    IndicatorResult,
    IndicatorState,
    Method,
    MethodDetail,
    OverallResult,
    PillarResult,
    ScaleLevelOut,
    ScoreBand,
    ShowReport,
    SourceOut,
    Status,
    TargetOut,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from scorecard.model import (
        Document,
        Indicator,
        Observation,
        Pillar,
        Scale,
        ScorecardMeta,
        Source,
    )

INF = math.inf


class Thresholds(Protocol):
    """Lower bounds of the status bands (the input's or the report's)."""

    @property
    def on_track(self) -> float: ...
    @property
    def progressing(self) -> float: ...
    @property
    def limited(self) -> float: ...


@dataclass(frozen=True)
class Interval:
    """A closed interval of reals; either end may be infinite."""

    low: float
    high: float

    @property
    def is_point(self) -> bool:
        return self.low == self.high


def value_interval(obs: Observation) -> Interval:
    """The values an observation allows (not for levels)."""
    if obs.value is not None:
        return Interval(obs.value, obs.value)
    # A stated limit closes an open bound: the bound is then scored as a range.
    if obs.at_least is not None:
        return Interval(obs.at_least, INF if obs.limit is None else obs.limit)
    if obs.at_most is not None:
        return Interval(-INF if obs.limit is None else obs.limit, obs.at_most)
    if obs.low is not None and obs.high is not None:
        return Interval(obs.low, obs.high)
    raise ValueError("a level has no numeric interval")


def central_value(obs: Observation) -> float:
    """Exact: itself; range, or a bound with its stated limit: the midpoint; an open
    one-sided bound: the bound (a best or worst case, see `estimate_of`)."""
    if obs.value is not None:
        return obs.value
    bound = obs.at_least if obs.at_least is not None else obs.at_most
    if bound is not None:
        return (
            bound if obs.limit is None else midpoint(min(bound, obs.limit), max(bound, obs.limit))
        )
    if obs.low is not None and obs.high is not None:
        return midpoint(obs.low, obs.high)
    raise ValueError("a level has no central value")


def midpoint(low: float, high: float) -> float:
    """(low + high) / 2, which stays finite when the sum of two huge values would not."""
    mid = (low + high) / 2
    return mid if math.isfinite(mid) else low / 2 + high / 2


def share_of_100(top: float, minus: float, over: float, under: float) -> float:
    """100 * (top - minus) / (over - under), clipped to [0, 100]; `over > under`.

    The plain float expression is the documented formula and is used whenever every step of
    it stays finite. Goalposts and values near the float limit (`min = -1e308, max = 1e308`)
    make a step overflow to infinity, and infinity minus infinity is NaN: those cases are
    computed exactly with fractions, so every finite input scores correctly (an infinite
    `top` or `minus`, the open end of a bound, still clips to an end of the scale).
    """
    if math.isinf(top) or math.isinf(minus):
        # At most one is infinite: the open end of a bound against finite scale ends.
        return 100.0 if (top - minus) > 0 else 0.0
    span = over - under
    rise = 100.0 * (top - minus)
    if math.isfinite(span) and math.isfinite(rise):
        return _clip(rise / span)
    exact = 100 * (Fraction(top) - Fraction(minus)) / (Fraction(over) - Fraction(under))
    # Clip before converting: the exact ratio may be too large for a float.
    return 0.0 if exact <= 0 else 100.0 if exact >= 100 else float(exact)


def _clip(x: float) -> float:
    return 0.0 if x < 0 else 100.0 if x > 100 else x


def normalise(value: float, indicator: Indicator) -> float:
    """Score of one value on 0-100, direction applied and clipped.

    Infinite values (the open end of a bound) map to the clipped end.
    """
    scoring = indicator.scoring
    if scoring.method == "target":
        assert indicator.target is not None and indicator.target.value is not None
        base, goal = scoring.baseline, indicator.target.value
        if math.isinf(value):
            # Past the target on the good side, or past the baseline on the bad side.
            return 100.0 if (value > 0) == (goal > base) else 0.0
        # Dividing by (goal - base) < 0 is dividing both differences with their signs flipped.
        if goal > base:
            return share_of_100(value, base, goal, base)
        return share_of_100(base, value, base, goal)
    if scoring.method == "goalposts":
        lo, hi = scoring.min, scoring.max
        if scoring.log:
            lo, hi = math.log(lo), math.log(hi)
            # Validation keeps values positive; the open end of an "at most" bound is -inf,
            # whose logarithm is -inf too.
            value = -INF if value <= 0 else value if math.isinf(value) else math.log(value)
        # The documented formulas, each written out: `1 - share` would put 80 percent at
        # 19.999999999999996 rather than 20. Infinite values clip to an end of the scale.
        if indicator.direction == "lower":
            return share_of_100(hi, value, hi, lo)
        return share_of_100(value, lo, hi, lo)
    raise ValueError(f"method {scoring.method!r} does not normalise numbers")


def score_observation(
    obs: Observation, indicator: Indicator, scales: dict[str, Scale]
) -> tuple[float, float, float]:
    """(central, low, high) score of an observation of a scored indicator."""
    scoring = indicator.scoring
    if scoring.method == "ordinal":
        assert obs.level is not None
        point = scales[scoring.scale].level_scores()[obs.level]
        return point, point, point
    interval = value_interval(obs)
    ends = sorted((normalise(interval.low, indicator), normalise(interval.high, indicator)))
    central = normalise(central_value(obs), indicator)
    return central, ends[0], ends[1]


def status_of(score: float, bands: Thresholds) -> Status:
    """The band a score falls in: each band includes its lower bound."""
    if score >= bands.on_track:
        return "on_track"
    if score >= bands.progressing:
        return "progressing"
    if score >= bands.limited:
        return "limited"
    return "off_track"


def estimate_of(obs: Observation, central: float, low: float, high: float) -> Estimate:
    """Whether an observation's central score is a best or a worst case.

    An open bound (no stated `limit`) is scored at the bound, which is one end of its score
    interval: the favourable end (a best case: "at least 12,903 killings" on a
    lower-is-better scale) or the unfavourable one. When clipping collapses the interval to
    a point, nothing is left open and the estimate is central.
    """
    if obs.kind not in ("at_least", "at_most") or obs.limit is not None or low == high:
        return "central"
    if central == high:
        return "best_case"
    return "worst_case" if central == low else "central"


def combined_estimate(estimates: Iterable[Estimate]) -> Estimate:
    """An aggregate's estimate: best (worst) case when any part is one and none is the
    other; mixed when parts of both kinds (or a mixed part) feed it."""
    kinds = set(estimates) - {"central"}
    if not kinds:
        return "central"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def band(
    central: float, low: float, high: float, bands: Thresholds, estimate: Estimate = "central"
) -> ScoreBand:
    return ScoreBand.model_construct(
        score=central,
        low=low,
        high=high,
        status=status_of(central, bands),
        crosses_band=status_of(low, bands) != status_of(high, bands),
        reason=None,
        estimate=estimate,
    )


def no_score(reason: str) -> ScoreBand:
    return ScoreBand.model_construct(
        score=None,
        low=None,
        high=None,
        status=None,
        crosses_band=False,
        reason=reason,
        estimate="central",
    )


def weighted_mean(values: Sequence[float], weights: Sequence[float], how: str) -> float:
    """Weighted arithmetic or geometric mean; weights need not sum to one.

    Weights are first scaled by a power of two so that the largest is in [0.5, 1): that is
    exact, changes no result, and keeps tiny weights (`5e-324`) out of the subnormal range,
    where products lose their precision. A mean never leaves the range of its values, so
    the last rounding is kept inside it as well.
    """
    _, exponent = math.frexp(max(weights))
    scaled = [math.ldexp(w, -exponent) for w in weights]
    total = sum(scaled)
    if how == "geometric":
        if any(v <= 0 for v in values):
            return 0.0
        mean = math.exp(sum(w * math.log(v) for v, w in zip(values, scaled, strict=True)) / total)
    else:
        mean = sum(w * v for v, w in zip(values, scaled, strict=True)) / total
    return min(max(mean, min(values)), max(values))


def aggregate(
    parts: Sequence[tuple[ScoreBand, float]], how: str, bands: Thresholds
) -> ScoreBand | None:
    """Combine scored parts (with weights): centre and interval ends separately."""
    scored = [(b, w) for b, w in parts if b.score is not None]
    if not scored:
        return None
    weights = [w for _, w in scored]

    def mean(pick: str) -> float:
        values = [float(getattr(b, pick)) for b, _ in scored]
        return weighted_mean(values, weights, how)

    estimate = combined_estimate(b.estimate for b, _ in scored)
    return band(mean("score"), mean("low"), mean("high"), bands, estimate)


# ---------------------------------------------------------------------------------------
# The as-of rule and the year shown


def years_with_data(doc: Document) -> list[int]:
    return sorted({o.year for i in doc.indicators for o in i.observations})


def current_year() -> int:
    """This calendar year: the last year a scorecard can be read at."""
    return datetime.date.today().year


def year_span(doc: Document) -> tuple[int, int] | None:
    """The years a scorecard can be read at, or None when it has no observation yet.

    From the first year with an observation (before it nothing can count) to the latest of
    the last observation, the assessment year and this year: after the last observation
    the as-of rule and the maximum age say what still counts.
    """
    years = years_with_data(doc)
    if not years:
        return None
    return years[0], max(years[-1], _assessment(doc), current_year())


def resolve_year(doc: Document, requested: int | None) -> tuple[int, str]:
    """(year, how it was chosen). An unknown year is a usage error naming the valid ones."""
    if requested is not None:
        check_year(doc, requested)
        return requested, "--year"
    assessment = doc.scorecard.assessment_year
    if assessment is not None:
        return assessment, "assessment_year"
    years = years_with_data(doc)
    if not years:
        raise UsageError(
            "the data file has no observations yet, so there is no year to show: "
            "record one with `scorecard add`"
        )
    return years[-1], "latest"


def check_year(doc: Document, year: int) -> None:
    """A usage error naming the valid years unless `year` is one of them."""
    span = year_span(doc)
    if span is None or not span[0] <= year <= span[1]:
        raise UsageError(_unknown_year(year, years_with_data(doc), span))


def _assessment(doc: Document) -> int:
    return doc.scorecard.assessment_year or 0


def _unknown_year(year: int, years: list[int], span: tuple[int, int] | None) -> str:
    if span is None:
        return (
            f"unknown year {year}: the data file has no observations yet "
            "(record one with `scorecard add`)"
        )
    return (
        f"unknown year {year}: choose a year from {span[0]} to {span[1]} "
        f"(years with observations: {', '.join(map(str, years))})"
    )


def observation_as_of(indicator: Indicator, year: int) -> Observation | None:
    """The latest observation in a year <= `year`."""
    best: Observation | None = None
    for obs in indicator.observations:
        if obs.year <= year and (best is None or obs.year > best.year):
            best = obs
    return best


# ---------------------------------------------------------------------------------------
# Building the report


def _evidence(
    obs: Observation, indicator: Indicator, doc_sources: dict[str, Source], scales: dict[str, Scale]
) -> Evidence:
    level_label = None
    if obs.level is not None and indicator.scoring.method == "ordinal":
        scale = scales.get(indicator.scoring.scale)
        level_label = (
            next((lv.label or lv.name for lv in scale.levels if lv.name == obs.level), None)
            if scale
            else None
        )
    numeric = obs.kind != "level"
    interval = value_interval(obs) if numeric else None
    source = doc_sources.get(obs.source)
    return Evidence.model_construct(
        year=obs.year,
        kind=obs.kind,
        value=central_value(obs) if numeric else None,
        low=None if interval is None or math.isinf(interval.low) else interval.low,
        high=None if interval is None or math.isinf(interval.high) else interval.high,
        level=obs.level,
        limit=obs.limit,
        limit_rationale=obs.limit_rationale,
        text=format_value(obs, indicator.unit, level_label),
        period=obs.period,
        source=obs.source,
        source_title=source.title if source else obs.source,
        quote=obs.quote,
        page=None if obs.page is None else str(obs.page),
        section=obs.section,
        external=obs.external,
        url=obs.url or (source.url if source and obs.external else None),
        note=obs.note,
    )


def _target(indicator: Indicator, scales: dict[str, Scale]) -> TargetOut | None:
    target = indicator.target
    if target is None:
        return None
    if target.value is not None:
        text = format_number(target.value) + (f" {indicator.unit}" if indicator.unit else "")
    else:
        text = str(target.level)
        if indicator.scoring.method == "ordinal" and indicator.scoring.scale in scales:
            for lv in scales[indicator.scoring.scale].levels:
                if lv.name == target.level and lv.label:
                    text = lv.label
    if target.year is not None:
        text += f" by {target.year}"
    return TargetOut.model_construct(
        value=target.value,
        level=target.level,
        year=target.year,
        rationale=target.rationale,
        text=text,
    )


def method_detail(indicator: Indicator, scales: dict[str, Scale]) -> MethodDetail:
    """The method with its parameters and rationale, as `show` and `explain` report it."""
    scoring = indicator.scoring
    target = indicator.target
    fields: dict[str, Any] = {
        "method": scoring.method,
        "direction": indicator.direction,
        "min": None,
        "max": None,
        "log": None,
        "baseline": None,
        "baseline_year": None,
        "target_value": None if target is None else target.value,
        "target_level": None if target is None else target.level,
        "target_year": None if target is None else target.year,
        "target_rationale": None if target is None else target.rationale,
        "scale": None,
        "levels": None,
        "rationale": None,
        "scale_rationale": None,
    }
    if scoring.method == "goalposts":
        fields.update(min=scoring.min, max=scoring.max, log=scoring.log)
        fields["rationale"] = scoring.rationale
        inner = "ln v - ln min" if scoring.log else "v - min"
        if indicator.direction == "lower":
            inner = "ln max - ln v" if scoring.log else "max - v"
        span = "ln max - ln min" if scoring.log else "max - min"
        fields["formula"] = f"100 * ({inner}) / ({span}), clipped to 0-100"
    elif scoring.method == "target":
        fields.update(baseline=scoring.baseline, baseline_year=scoring.baseline_year)
        fields["rationale"] = scoring.rationale
        fields["formula"] = "100 * (v - baseline) / (target - baseline), clipped to 0-100"
    elif scoring.method == "ordinal":
        scale = scales[scoring.scale]
        scores = scale.level_scores()
        fields["scale"] = scale.id
        fields["scale_rationale"] = scale.rationale
        fields["levels"] = [
            ScaleLevelOut.model_construct(name=lv.name, label=lv.label, score=scores[lv.name])
            for lv in scale.levels
        ]
        stated = all(lv.score is not None for lv in scale.levels)
        fields["formula"] = (
            "the score the scale states for the level"
            if stated
            else "the level's place on the scale, evenly spaced from 0 (first) to 100 (last)"
        )
    else:
        fields["formula"] = "none: a context indicator is shown, never scored"
    return MethodDetail.model_construct(**fields)


def score_indicator(
    indicator: Indicator,
    year: int,
    meta: ScorecardMeta,
    sources: dict[str, Source],
    scales: dict[str, Scale],
) -> IndicatorResult:
    """One indicator at `year` under the as-of rule."""
    obs = observation_as_of(indicator, year)
    age = None if obs is None else year - obs.year
    evidence = None if obs is None else _evidence(obs, indicator, sources, scales)
    result: ScoreBand
    state: IndicatorState
    if not indicator.scored:
        state = "context"
        result = no_score("context indicator: shown, not scored")
    elif obs is None:
        state = "no_data"
        result = no_score(f"no observation in or before {year}")
    elif age is not None and age > meta.max_age:
        state = "stale"
        result = no_score(
            f"latest evidence is from {obs.year}, {age} years before {year} "
            f"(older than the maximum age of {meta.max_age})"
        )
    else:
        state = "scored"
        central, low, high = score_observation(obs, indicator, scales)
        result = band(central, low, high, meta.bands, estimate_of(obs, central, low, high))
    return IndicatorResult.model_construct(
        id=indicator.id,
        pillar=indicator.pillar,
        name=indicator.name,
        unit=indicator.unit,
        description=indicator.description,
        method=indicator.scoring.method,
        direction=indicator.direction,
        scoring=method_detail(indicator, scales),
        weight=indicator.weight,
        state=state,
        result=result,
        evidence=evidence,
        age=age,
        target=_target(indicator, scales),
        notes=indicator.notes,
    )


def _coverage(results: Sequence[IndicatorResult], minimum: float) -> Coverage:
    scored = [r for r in results if r.method != "none"]
    usable = [r for r in scored if r.state == "scored"]
    return Coverage.model_construct(
        usable=len(usable),
        scored=len(scored),
        share=len(usable) / len(scored) if scored else None,
        minimum=minimum,
    )


def score_pillar(
    pillar: Pillar,
    results: list[IndicatorResult],
    meta: ScorecardMeta,
    sources: dict[str, Source],
) -> PillarResult:
    coverage = _coverage(results, meta.min_coverage)
    parts = [(r.result, r.weight) for r in results if r.state == "scored"]
    result: ScoreBand | None
    if coverage.scored == 0:
        result = no_score("no scored indicator")
    elif coverage.share is not None and coverage.share < meta.min_coverage:
        result = no_score(
            f"coverage {coverage.usable}/{coverage.scored} is below the minimum "
            f"{format_number(meta.min_coverage)}"
        )
    else:
        result = aggregate(parts, pillar.aggregation, meta.bands) or no_score("no usable data")
    assessment = None
    if pillar.assessment is not None:
        src = sources.get(pillar.assessment.source)
        assessment = CitationOut.model_construct(
            source=pillar.assessment.source,
            source_title=src.title if src else pillar.assessment.source,
            quote=pillar.assessment.quote,
            page=None if pillar.assessment.page is None else str(pillar.assessment.page),
            section=pillar.assessment.section,
        )
    return PillarResult.model_construct(
        id=pillar.id,
        name=pillar.name,
        description=pillar.description,
        weight=pillar.weight,
        aggregation=pillar.aggregation,
        result=result,
        coverage=coverage,
        assessment=assessment,
        indicators=results,
    )


def score_overall(pillars: list[PillarResult], meta: ScorecardMeta) -> OverallResult:
    """Pillars aggregate like indicators; too few scored pillars means no overall score."""
    all_results = [r for p in pillars for r in p.indicators]
    coverage = _coverage(all_results, meta.min_coverage)
    scored = [p for p in pillars if p.result.score is not None]
    # A pillar of context indicators alone can never be scored, so it does not count
    # against the overall score's coverage (as context indicators do not count for a pillar).
    scorable = [p for p in pillars if p.coverage.scored > 0]
    share = len(scored) / len(scorable) if scorable else 0.0
    if not scored:
        result = no_score("no pillar has a score")
    elif share < meta.min_coverage:
        result = no_score(
            f"only {len(scored)} of {len(scorable)} pillars with scored indicators have a "
            f"score (minimum share {format_number(meta.min_coverage)})"
        )
    else:
        parts = [(p.result, p.weight) for p in scored]
        result = aggregate(parts, meta.aggregation, meta.bands) or no_score("no usable data")
    return OverallResult.model_construct(
        aggregation=meta.aggregation,
        result=result,
        coverage=coverage,
        pillars_scored=len(scored),
        pillars=len(pillars),
    )


def select_pillars(doc: Document, wanted: Sequence[str] | None) -> list[Pillar]:
    """The pillars asked for, in file order; an unknown id is a usage error."""
    if not wanted:
        return list(doc.pillars)
    known = [p.id for p in doc.pillars]
    for name in wanted:
        if name not in known:
            raise unknown("pillar", name, known)
    return [p for p in doc.pillars if p.id in wanted]


def score_year(doc: Document, year: int) -> tuple[list[PillarResult], OverallResult]:
    """Every pillar (with its indicators) and the overall score at `year`, in file order."""
    meta = doc.scorecard
    sources = {s.id: s for s in doc.sources}
    scales = {s.id: s for s in doc.scales}
    by_pillar: dict[str, list[IndicatorResult]] = {p.id: [] for p in doc.pillars}
    for indicator in doc.indicators:
        by_pillar[indicator.pillar].append(score_indicator(indicator, year, meta, sources, scales))
    results = [score_pillar(p, by_pillar[p.id], meta, sources) for p in doc.pillars]
    return results, score_overall(results, meta)


def method_of(meta: ScorecardMeta) -> Method:
    """The settings a report's scores were computed with."""
    return Method.model_construct(
        max_age=meta.max_age,
        min_coverage=meta.min_coverage,
        bands=BandsOut.model_construct(**meta.bands.model_dump()),
    )


def build_show_report(
    doc: Document,
    data_file: str,
    data_origin: str,
    year: int | None = None,
    pillars: Sequence[str] | None = None,
) -> ShowReport:
    """Score the whole document at one year: the model behind every `show` format.

    The overall result always aggregates every pillar, so that `--pillar` filters what is
    shown without changing the overall score.
    """
    chosen_year, year_origin = resolve_year(doc, year)
    shown = {p.id for p in select_pillars(doc, pillars)}
    meta = doc.scorecard
    results, overall = score_year(doc, chosen_year)
    return ShowReport.model_construct(
        tool_version=__version__,
        data_file=data_file,
        data_origin=data_origin,
        title=meta.title,
        year=chosen_year,
        year_origin=year_origin,
        years_with_data=years_with_data(doc),
        method=method_of(meta),
        overall=overall,
        pillars=[p for p in results if p.id in shown],
        sources=[
            SourceOut.model_construct(
                id=s.id,
                title=s.title,
                authors=list(s.authors),
                publisher=s.publisher,
                date=s.date,
                url=s.url,
            )
            for s in doc.sources
        ],
    )
