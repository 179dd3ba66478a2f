"""`scorecard explain ID`: the chain from evidence to score, with the actual numbers.

Pure: a document in, an `ExplainReport` out. Every number comes from the engine in
`scorecard.score` (the same calls `show` makes); this module only lays the steps out so that
a reader can redo them by hand, and asks the engine what reaching a target would change.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from scorecard import __version__
from scorecard.lookup import unknown
from scorecard.report.explain import (
    AsOf,
    ExplainReport,
    IfTarget,
    IndicatorExplanation,
    PillarExplanation,
    PillarShare,
    ScoreStep,
    ValueInterval,
)
from scorecard.score import (
    central_value,
    method_of,
    normalise,
    observation_as_of,
    resolve_year,
    score_year,
    value_interval,
)

if TYPE_CHECKING:
    from scorecard.model import Document, Indicator, Observation, Pillar
    from scorecard.report import IndicatorResult, OverallResult, PillarResult


def number(value: float) -> str:
    """A parameter written so that it can be typed back in: every significant digit."""
    if math.isinf(value):
        return "+inf" if value > 0 else "-inf"
    text = f"{value:,.15g}"
    return text


def build_explain_report(
    doc: Document,
    item_id: str,
    year: int | None = None,
    *,
    data_file: str = "",
    data_origin: str = "",
) -> ExplainReport:
    """Explain one indicator or one pillar at `year` (default: as `show` chooses)."""
    indicators = {i.id: i for i in doc.indicators}
    pillars = {p.id: p for p in doc.pillars}
    if item_id not in indicators and item_id not in pillars:
        raise unknown("pillar or indicator", item_id, [*pillars, *indicators])
    chosen, origin = resolve_year(doc, year)
    results, overall = score_year(doc, chosen)
    indicator = indicators.get(item_id)
    # An id that names both a pillar and an indicator is explained as the indicator; the
    # pillar is one `--pillar`-style id away in `show`.
    explained_indicator = (
        _explain_indicator(doc, indicator, chosen, results, overall) if indicator else None
    )
    explained_pillar = None if indicator else _explain_pillar(pillars[item_id], results, overall)
    return ExplainReport.model_construct(
        tool_version=__version__,
        data_file=data_file,
        data_origin=data_origin,
        title=doc.scorecard.title,
        year=chosen,
        year_origin=origin,
        method=method_of(doc.scorecard),
        subject="indicator" if indicator else "pillar",
        id=item_id,
        indicator=explained_indicator,
        pillar=explained_pillar,
    )


# ---------------------------------------------------------------------------------------
# An indicator


def _as_of(doc: Document, indicator: Indicator, year: int, result: IndicatorResult) -> AsOf:
    obs = observation_as_of(indicator, year)
    later = sorted(o.year for o in indicator.observations if o.year > year)
    max_age = doc.scorecard.max_age
    if obs is None:
        why = f"no observation in or before {year}"
    elif result.state == "stale":
        why = (
            f"the latest observation in or before {year} is from {obs.year}: {year - obs.year} "
            f"years old, older than the maximum age of {max_age}, so it does not count"
        )
    else:
        age = year - obs.year
        why = (
            f"the latest observation in or before {year} is from {obs.year} "
            f"({age} year{'s' if age != 1 else ''} old, within the maximum age of {max_age})"
        )
    return AsOf.model_construct(
        year=year,
        evidence_year=None if obs is None else obs.year,
        age=result.age,
        max_age=max_age,
        counts=result.state == "scored",
        later_years=later,
        why=why,
    )


def _value(obs: Observation, indicator: Indicator) -> ValueInterval | None:
    if obs.kind == "level":
        return None
    interval = value_interval(obs)
    rule = {
        "exact": "the exact value",
        "range": "the midpoint of the range",
        "at_least": "the bound itself, a best or worst case (the source gives no other figure)",
        "at_most": "the bound itself, a best or worst case (the source gives no other figure)",
    }[obs.kind]
    if obs.limit is not None:
        # A stated plausible far end closes the bound: it is scored as a range.
        rule = (
            f"the midpoint between the bound and the stated limit {number(obs.limit)} "
            f"({obs.limit_rationale})"
        )
    return ValueInterval.model_construct(
        low=None if math.isinf(interval.low) else interval.low,
        high=None if math.isinf(interval.high) else interval.high,
        central=central_value(obs),
        central_rule=rule,
        unit=indicator.unit,
    )


def _step(what: str, value: float, indicator: Indicator) -> ScoreStep:
    """One value through the formula, written out with its numbers."""
    scoring = indicator.scoring
    result = normalise(value, indicator)
    v = number(value)
    if math.isinf(value):
        expression = f"v = {v}: an open end scores the far end of the scale"
        return ScoreStep.model_construct(what=what, value=None, expression=expression, score=result)
    if scoring.method == "goalposts":
        lo, hi = number(scoring.min), number(scoring.max)
        if scoring.log:
            top = f"ln {hi} - ln {v}" if indicator.direction == "lower" else f"ln {v} - ln {lo}"
            expression = f"100 * ({top}) / (ln {hi} - ln {lo})"
            raw = _raw_log(value, scoring.min, scoring.max, indicator.direction == "lower")
        else:
            top = f"{hi} - {v}" if indicator.direction == "lower" else f"{v} - {lo}"
            expression = f"100 * ({top}) / ({hi} - {lo})"
            raw = _raw(value, scoring.min, scoring.max, indicator.direction == "lower")
    else:
        assert scoring.method == "target"
        assert indicator.target is not None and indicator.target.value is not None
        base, goal = number(scoring.baseline), number(indicator.target.value)
        expression = f"100 * ({v} - {base}) / ({goal} - {base})"
        raw = _raw(value, scoring.baseline, indicator.target.value, False)
    if raw is not None and not 0 <= raw <= 100:
        expression += f" = {number(round(raw, 4))}, clipped"
    return ScoreStep.model_construct(what=what, value=value, expression=expression, score=result)


def _raw(value: float, lo: float, hi: float, lower: bool) -> float | None:
    """The unclipped score, in floating point, when it stays finite (only to say "clipped")."""
    try:
        raw = 100 * ((hi - value) if lower else (value - lo)) / (hi - lo)
    except (OverflowError, ZeroDivisionError):
        return None
    return raw if math.isfinite(raw) else None


def _raw_log(value: float, lo: float, hi: float, lower: bool) -> float | None:
    if value <= 0:
        return None
    return _raw(math.log(value), math.log(lo), math.log(hi), lower)


def _steps(obs: Observation, indicator: Indicator) -> list[ScoreStep]:
    if indicator.scoring.method in ("none", "ordinal"):
        return []
    interval = value_interval(obs)
    steps = [_step("estimate", central_value(obs), indicator)]
    if not interval.is_point:
        steps += [
            _step("lowest value", interval.low, indicator),
            _step("highest value", interval.high, indicator),
        ]
    return steps


def _find(results: list[PillarResult], indicator_id: str) -> tuple[PillarResult, IndicatorResult]:
    for pillar in results:
        for r in pillar.indicators:
            if r.id == indicator_id:
                return pillar, r
    raise AssertionError(f"indicator {indicator_id} was not scored")  # every one is


def _share(pillar: PillarResult, indicator_id: str) -> tuple[float | None, float | None]:
    """(weight share, points of the pillar score) of an indicator with a score."""
    scored = [r for r in pillar.indicators if r.state == "scored" and r.result.score is not None]
    total = sum(r.weight for r in scored)
    mine = next((r for r in scored if r.id == indicator_id), None)
    if mine is None or not total or pillar.result.score is None:
        return None, None
    share = mine.weight / total
    if pillar.aggregation != "arithmetic":
        # A geometric mean is a product: no indicator owns a number of its points.
        return share, None
    assert mine.result.score is not None
    return share, share * mine.result.score


def _explain_indicator(
    doc: Document,
    indicator: Indicator,
    year: int,
    results: list[PillarResult],
    overall: OverallResult,
) -> IndicatorExplanation:
    pillar, result = _find(results, indicator.id)
    obs = observation_as_of(indicator, year)
    share, points = _share(pillar, indicator.id)
    pillar_share = _pillar_share_of(pillar, results, overall)
    weight_share = pillar_share.overall_weight_share
    overall_points = None
    if points is not None and weight_share is not None and overall.aggregation == "arithmetic":
        overall_points = points * weight_share
    return IndicatorExplanation.model_construct(
        result=result,
        as_of=_as_of(doc, indicator, year, result),
        value=None if obs is None else _value(obs, indicator),
        method=result.scoring,
        steps=[] if obs is None or result.state != "scored" else _steps(obs, indicator),
        pillar_weight_share=share,
        pillar_points=points,
        overall_points=overall_points,
        pillar=pillar_share,
        overall=overall.result,
        if_target=_if_target(doc, indicator, year, pillar, overall),
    )


def _pillar_share_of(
    pillar: PillarResult, results: list[PillarResult], overall: OverallResult
) -> PillarShare:
    scored = [p for p in results if p.result.score is not None]
    total = sum(p.weight for p in scored)
    share = points = None
    if pillar.result.score is not None and total and overall.result.score is not None:
        share = pillar.weight / total
        if overall.aggregation == "arithmetic":
            points = share * pillar.result.score
    return PillarShare.model_construct(
        id=pillar.id,
        name=pillar.name,
        aggregation=pillar.aggregation,
        result=pillar.result,
        coverage=pillar.coverage,
        weight=pillar.weight,
        overall_weight_share=share,
        overall_points=points,
    )


def _target_observation(
    doc: Document, indicator: Indicator, year: int
) -> tuple[Observation, str] | None:
    """An observation at `year` that meets the target, and what it stands for."""
    from scorecard.model import Observation

    scoring = indicator.scoring
    target = indicator.target
    source = doc.sources[0].id
    if scoring.method == "none":
        return None
    if target is not None and target.value is not None:
        value, what = target.value, f"the target, {number(target.value)}"
    elif target is not None and target.level is not None:
        obs = Observation.model_construct(year=year, level=target.level, source=source)
        return obs, f"the target level, {target.level}"
    elif scoring.method == "goalposts":
        best = scoring.min if indicator.direction == "lower" else scoring.max
        value, what = best, f"no target: the best goalpost, {number(best)}"
    elif scoring.method == "ordinal":
        scale = next(s for s in doc.scales if s.id == scoring.scale)
        top = scale.levels[-1].name
        obs = Observation.model_construct(year=year, level=top, source=source)
        return obs, f"no target: the scale's top level, {top}"
    else:
        return None
    return Observation.model_construct(year=year, value=value, source=source), what


def _if_target(
    doc: Document,
    indicator: Indicator,
    year: int,
    pillar: PillarResult,
    overall: OverallResult,
) -> IfTarget | None:
    """The engine rerun with the indicator at its target in `year`: what it would add."""
    found = _target_observation(doc, indicator, year)
    if found is None:
        return None
    obs, what = found
    kept = [o for o in indicator.observations if o.year != year]
    changed = indicator.model_copy(update={"observations": [*kept, obs]})
    new_doc = doc.model_copy(
        update={"indicators": [changed if i.id == indicator.id else i for i in doc.indicators]}
    )
    results, new_overall = score_year(new_doc, year)
    new_pillar = next(p for p in results if p.id == pillar.id)
    new_result = next(r for r in new_pillar.indicators if r.id == indicator.id)

    def gain(after: float | None, before: float | None) -> float | None:
        return None if after is None or before is None else after - before

    return IfTarget.model_construct(
        meaning=what,
        score=new_result.result.score,
        pillar=new_pillar.result,
        pillar_gain=gain(new_pillar.result.score, pillar.result.score),
        overall=new_overall.result,
        overall_gain=gain(new_overall.result.score, overall.result.score),
    )


# ---------------------------------------------------------------------------------------
# A pillar


def _explain_pillar(
    pillar: Pillar, results: list[PillarResult], overall: OverallResult
) -> PillarExplanation:
    from scorecard.report.explain import Contribution

    shown = next(p for p in results if p.id == pillar.id)
    rows = []
    for r in shown.indicators:
        share, points = _share(shown, r.id)
        rows.append(
            Contribution.model_construct(
                id=r.id,
                name=r.name,
                state=r.state,
                result=r.result,
                weight=r.weight,
                weight_share=share,
                points=points,
            )
        )

    # Largest contribution first (by points, else by score for a geometric pillar); the
    # indicators without a score after them, in file order.
    def key(c: Contribution) -> tuple[int, float]:
        if c.points is not None:
            return 0, -c.points
        if c.result.score is not None:
            return 0, -c.result.score * (c.weight_share or 0)
        return 1, 0.0

    return PillarExplanation.model_construct(
        pillar=_pillar_share_of(shown, results, overall),
        contributions=sorted(rows, key=key),
        overall=overall.result,
    )
