"""Pure comparison of two years: what changed, and whether the evidence can carry it.

Both years are scored by `build_show_report`, so every score here is exactly what
`scorecard show --year` prints. A change is an interval (TO minus FROM, end to end) and its
verdict follows from where that interval lies: wholly above zero is an improvement, wholly
below a loss, across zero uncertain. See docs/methodology.md, "Changes between years".
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from scorecard import __version__
from scorecard.errors import UsageError
from scorecard.report import (
    VERDICTS,
    AggregateChange,
    Change,
    DiffReport,
    IndicatorChange,
    IndicatorResult,
    PillarResult,
    ScoreBand,
    ValueChange,
    Verdict,
)
from scorecard.score import build_show_report, resolve_year, select_pillars, weighted_mean

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from scorecard.model import Document

#: Score changes smaller than this are rounding noise, not change.
EPSILON = 1e-9


def interval_verdict(low: float, high: float) -> Verdict:
    """improved / worsened / unchanged / uncertain, from the change interval alone."""
    if low > EPSILON:
        return "improved"
    if high < -EPSILON:
        return "worsened"
    if abs(low) <= EPSILON and abs(high) <= EPSILON:
        return "unchanged"
    return "uncertain"


def same_evidence(a: IndicatorResult, b: IndicatorResult) -> bool:
    """Both years stand on the same observation."""
    return a.evidence is not None and b.evidence is not None and a.evidence.year == b.evidence.year


def _end(value: float | None, infinite: float) -> float:
    return infinite if value is None else value


def value_change(before: IndicatorResult, after: IndicatorResult) -> ValueChange | None:
    """TO minus FROM in the indicator's unit, end to end (null = unbounded)."""
    a, b = before.evidence, after.evidence
    if a is None or b is None or a.kind == "level" or b.kind == "level":
        return None
    inf = float("inf")
    low = _end(b.low, -inf) - _end(a.high, inf)
    high = _end(b.high, inf) - _end(a.low, -inf)
    return ValueChange(
        low=None if low in (inf, -inf) else low, high=None if high in (inf, -inf) else high
    )


def indicator_change(before: IndicatorResult, after: IndicatorResult) -> IndicatorChange:
    b, a = before.result, after.result
    verdict: Verdict
    central = low = high = None
    if before.method == "none":
        verdict = "context"
    elif after.state != "scored":
        verdict = "no_new_data" if same_evidence(before, after) else "no_data"
    elif before.state != "scored":
        verdict = "new"
    elif same_evidence(before, after):
        verdict = "no_new_data"
        central = low = high = 0.0
    else:
        assert b.score is not None and b.low is not None and b.high is not None
        assert a.score is not None and a.low is not None and a.high is not None
        central, low, high = a.score - b.score, a.low - b.high, a.high - b.low
        verdict = interval_verdict(low, high)
    return IndicatorChange(
        id=after.id,
        pillar=after.pillar,
        name=after.name,
        unit=after.unit,
        method=after.method,
        at_from=before,
        at_to=after,
        value_change=value_change(before, after),
        score_change=Change(change=central, low=low, high=high, verdict=verdict),
    )


Part = tuple[ScoreBand, float]


def change_bounds(
    before: dict[str, Part],
    after: dict[str, Part],
    shared: set[str],
    combine: Callable[[Sequence[float], Sequence[float]], float],
    fallback: tuple[ScoreBand, ScoreBand],
) -> tuple[float, float]:
    """Smallest and largest change of an aggregate between two years.

    When both years aggregate the same parts, parts that stand on the same observation in
    both years take the same value on both sides, so they do not widen the interval: the
    extremes are found with the unshared parts at opposite ends and the shared ones all at
    their lower or all at their upper end (the aggregate is monotone in each part, and for
    equal weights a shared part scales both sides alike, so a corner is an extreme). When
    the parts differ, the plain end-to-end difference is used: wider, but always valid.
    """
    if set(before) != set(after) or not before:
        old, new = fallback
        assert old.low is not None and old.high is not None
        assert new.low is not None and new.high is not None
        return new.low - old.high, new.high - old.low
    keys = sorted(before)
    weights = [before[k][1] for k in keys]

    def side(parts: dict[str, Part], free: str, pinned: str) -> float:
        values = [getattr(parts[k][0], pinned if k in shared else free) for k in keys]
        return combine([float(v) for v in values], weights)

    lows, highs = [], []
    for pinned in ("low", "high"):
        lows.append(side(after, "low", pinned) - side(before, "high", pinned))
        highs.append(side(after, "high", pinned) - side(before, "low", pinned))
    return min(lows), max(highs)


def aggregate_change(
    ident: str,
    name: str,
    before: ScoreBand,
    after: ScoreBand,
    low_high: Callable[[], tuple[float, float]],
    all_shared: bool,
) -> AggregateChange:
    verdict: Verdict
    central = low = high = None
    if after.score is None:
        verdict = "no_data"
    elif before.score is None:
        verdict = "new"
    else:
        central = after.score - before.score
        low, high = low_high()
        verdict = "no_new_data" if all_shared else interval_verdict(low, high)
    return AggregateChange(
        id=ident,
        name=name,
        at_from=before,
        at_to=after,
        score_change=Change(change=central, low=low, high=high, verdict=verdict),
    )


def _usable(pillar: PillarResult) -> dict[str, Part]:
    return {i.id: (i.result, i.weight) for i in pillar.indicators if i.state == "scored"}


def pillar_change(before: PillarResult, after: PillarResult) -> AggregateChange:
    old, new = _usable(before), _usable(after)
    pairs = zip(before.indicators, after.indicators, strict=True)
    shared = {a.id for b, a in pairs if a.id in new and a.id in old and same_evidence(b, a)}

    def bounds() -> tuple[float, float]:
        def combine(values: Sequence[float], weights: Sequence[float]) -> float:
            return weighted_mean(values, weights, after.aggregation)

        return change_bounds(old, new, shared, combine, (before.result, after.result))

    all_shared = bool(new) and set(old) == set(new) == shared
    return aggregate_change(after.id, after.name, before.result, after.result, bounds, all_shared)


def build_diff_report(
    doc: Document,
    data_file: str,
    data_origin: str,
    year_from: int,
    year_to: int,
    pillars: Sequence[str] | None = None,
) -> DiffReport:
    """Compare the scorecard at two years; FROM must come before TO."""
    resolve_year(doc, year_from)
    resolve_year(doc, year_to)
    if year_from >= year_to:
        raise UsageError(f"FROM ({year_from}) must be before TO ({year_to})")
    select_pillars(doc, pillars)
    before = build_show_report(doc, data_file, data_origin, year=year_from)
    after = build_show_report(doc, data_file, data_origin, year=year_to)
    wanted = set(pillars or [p.id for p in doc.pillars])

    pillar_changes = [
        pillar_change(b, a) for b, a in zip(before.pillars, after.pillars, strict=True)
    ]
    indicator_changes = [
        indicator_change(bi, ai)
        for b, a in zip(before.pillars, after.pillars, strict=True)
        if a.id in wanted
        for bi, ai in zip(b.indicators, a.indicators, strict=True)
    ]

    ob, oa = before.overall.result, after.overall.result

    def overall_bounds() -> tuple[float, float]:
        # Pillars hold disjoint indicators, so with an arithmetic mean over the same pillars
        # the pillar bounds add up; otherwise fall back to the end-to-end difference.
        scored_b = {p.id for p in before.pillars if p.result.score is not None}
        scored_a = {p.id for p in after.pillars if p.result.score is not None}
        assert ob.low is not None and ob.high is not None
        assert oa.low is not None and oa.high is not None
        if doc.scorecard.aggregation != "arithmetic" or scored_b != scored_a:
            return oa.low - ob.high, oa.high - ob.low
        weights = {p.id: p.weight for p in doc.pillars}
        parts = [c for c in pillar_changes if c.id in scored_a]
        total = sum(weights[c.id] for c in parts)
        low = sum(weights[c.id] * float(c.score_change.low or 0.0) for c in parts) / total
        high = sum(weights[c.id] * float(c.score_change.high or 0.0) for c in parts) / total
        return low, high

    all_shared = all(
        c.score_change.verdict == "no_new_data" for c in pillar_changes if c.at_to.score is not None
    )
    overall = aggregate_change("overall", "Overall", ob, oa, overall_bounds, all_shared)
    counts = Counter(c.score_change.verdict for c in indicator_changes)
    return DiffReport(
        tool_version=__version__,
        data_file=data_file,
        data_origin=data_origin,
        title=after.title,
        from_year=year_from,
        to_year=year_to,
        years_with_data=after.years_with_data,
        method=after.method,
        overall=overall,
        pillars=[c for c in pillar_changes if c.id in wanted],
        indicators=indicator_changes,
        summary={v: counts.get(v, 0) for v in VERDICTS},
    )
