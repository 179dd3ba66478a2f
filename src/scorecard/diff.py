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
from scorecard.report import IndicatorResult, PillarResult, ScoreBand
from scorecard.report.diff import (
    VERDICTS,
    AggregateChange,
    Change,
    DiffReport,
    IndicatorChange,
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


def same_evidence(before: IndicatorResult, after: IndicatorResult) -> bool:
    """Both years stand on the same observation."""
    old, new = before.evidence, after.evidence
    return old is not None and new is not None and old.year == new.year


def _end(value: float | None, infinite: float) -> float:
    return infinite if value is None else value


def value_change(before: IndicatorResult, after: IndicatorResult) -> ValueChange | None:
    """TO minus FROM in the indicator's unit, end to end (null = unbounded)."""
    old, new = before.evidence, after.evidence
    if old is None or new is None or old.kind == "level" or new.kind == "level":
        return None
    inf = float("inf")
    low = _end(new.low, -inf) - _end(old.high, inf)
    high = _end(new.high, inf) - _end(old.low, -inf)
    return ValueChange.model_construct(
        low=None if low in (inf, -inf) else low, high=None if high in (inf, -inf) else high
    )


def indicator_change(before: IndicatorResult, after: IndicatorResult) -> IndicatorChange:
    old, new = before.result, after.result
    verdict: Verdict
    central = low = high = None
    if before.method == "none":
        verdict = "context"
    elif after.state == "stale" and before.state == "scored":
        # The evidence aged out: the indicator stops counting, which moves its pillar.
        verdict = "stale"
    elif after.state != "scored":
        verdict = "no_new_data" if same_evidence(before, after) else "no_data"
    elif before.state != "scored":
        verdict = "new"
    elif same_evidence(before, after):
        verdict = "no_new_data"
        central = low = high = 0.0
    else:
        assert old.score is not None and old.low is not None and old.high is not None
        assert new.score is not None and new.low is not None and new.high is not None
        central, low, high = new.score - old.score, new.low - old.high, new.high - old.low
        verdict = interval_verdict(low, high)
    return IndicatorChange.model_construct(
        id=after.id,
        pillar=after.pillar,
        name=after.name,
        unit=after.unit,
        method=after.method,
        at_from=before,
        at_to=after,
        value_change=value_change(before, after),
        score_change=Change.model_construct(change=central, low=low, high=high, verdict=verdict),
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


def _usable(pillar: PillarResult) -> dict[str, Part]:
    return {i.id: (i.result, i.weight) for i in pillar.indicators if i.state == "scored"}


def pillar_change(before: PillarResult, after: PillarResult) -> AggregateChange:
    """A pillar's change; judged like for like when its indicators with data changed."""
    old, new = _usable(before), _usable(after)
    pairs = zip(before.indicators, after.indicators, strict=True)
    shared = {
        then.id
        for was, then in pairs
        if then.id in new and then.id in old and same_evidence(was, then)
    }
    basis_changed = set(old) != set(new)

    def combine(values: Sequence[float], weights: Sequence[float]) -> float:
        return weighted_mean(values, weights, after.aggregation)

    def judged(
        parts_before: dict[str, Part], parts_after: dict[str, Part]
    ) -> tuple[float, float, Verdict]:
        low, high = change_bounds(
            parts_before, parts_after, shared, combine, (before.result, after.result)
        )
        same = set(parts_after) == set(parts_before) and set(parts_before) <= shared
        return low, high, "no_new_data" if same else interval_verdict(low, high)

    like_for_like: Change | None = None
    if before.result.score is None or after.result.score is None:
        verdict: Verdict = "no_data" if after.result.score is None else "new"
        headline = Change.model_construct(change=None, low=None, high=None, verdict=verdict)
    else:
        # Exactly TO's score minus FROM's, as `show` prints them: recombining the parts in
        # another order could differ in the last bit.
        central = after.result.score - before.result.score
        low, high, verdict = judged(old, new)
        if basis_changed:
            common = sorted(set(old) & set(new))
            if common:
                old_common, new_common = {k: old[k] for k in common}, {k: new[k] for k in common}
                weights = [old[k][1] for k in common]
                moved = combine([float(new_common[k][0].score or 0.0) for k in common], weights)
                moved -= combine([float(old_common[k][0].score or 0.0) for k in common], weights)
                c_low, c_high, c_verdict = judged(old_common, new_common)
                like_for_like = Change.model_construct(
                    change=moved, low=c_low, high=c_high, verdict=c_verdict
                )
            # Nothing comparable in both years: the evidence cannot say which way it went.
            verdict = like_for_like.verdict if like_for_like is not None else "uncertain"
        headline = Change.model_construct(change=central, low=low, high=high, verdict=verdict)
    return AggregateChange.model_construct(
        id=after.id,
        name=after.name,
        at_from=before.result,
        at_to=after.result,
        score_change=headline,
        basis_changed=basis_changed,
        like_for_like=like_for_like,
    )


def overall_change(
    before: ScoreBand,
    after: ScoreBand,
    pillars: list[AggregateChange],
    weights: dict[str, float],
    how: str,
) -> AggregateChange:
    """The overall change, judged like the pillars'.

    Pillars hold disjoint indicators, so under an arithmetic mean over the same pillars the
    pillar intervals (and like-for-like changes) add up with the pillar weights. For a
    geometric overall mean, or when the set of scored pillars differs, the headline interval
    is the end-to-end difference.
    """
    scored = [p for p in pillars if p.at_from.score is not None and p.at_to.score is not None]
    same_pillars = all((p.at_from.score is None) == (p.at_to.score is None) for p in pillars)
    basis_changed = not same_pillars or any(p.basis_changed for p in scored)
    like_for_like: Change | None = None
    if before.score is None or after.score is None:
        verdict: Verdict = "no_data" if after.score is None else "new"
        score_change = Change.model_construct(change=None, low=None, high=None, verdict=verdict)
    else:
        assert before.low is not None and before.high is not None
        assert after.low is not None and after.high is not None
        summed = (
            _weighted_change([(p.score_change, weights[p.id]) for p in scored])
            if how == "arithmetic" and same_pillars
            else None
        )
        if summed is not None and summed.low is not None and summed.high is not None:
            low, high = summed.low, summed.high
        else:
            low, high = after.low - before.high, after.high - before.low
        if basis_changed and how == "arithmetic":
            # A pillar on the same basis in both years is its own like-for-like comparison;
            # a pillar whose basis changed counts only through its like-for-like change.
            like_for_like = _weighted_change(
                [
                    (comparable, weights[p.id])
                    for p in scored
                    if (comparable := p.like_for_like if p.basis_changed else p.score_change)
                ]
            )
        if basis_changed:
            verdict = like_for_like.verdict if like_for_like is not None else "uncertain"
        elif all(p.score_change.verdict == "no_new_data" for p in scored):
            verdict = "no_new_data"
        else:
            verdict = interval_verdict(low, high)
        score_change = Change.model_construct(
            change=after.score - before.score, low=low, high=high, verdict=verdict
        )
    return AggregateChange.model_construct(
        id="overall",
        name="Overall",
        at_from=before,
        at_to=after,
        score_change=score_change,
        basis_changed=basis_changed,
        like_for_like=like_for_like,
    )


def _weighted_change(changes: list[tuple[Change, float]]) -> Change | None:
    """The weighted mean of changes of disjoint parts, ends and centre separately."""
    usable = [(c, w) for c, w in changes if c.low is not None and c.high is not None]
    if not usable:
        return None
    weights = [w for _, w in usable]
    low = weighted_mean([float(c.low or 0.0) for c, _ in usable], weights, "arithmetic")
    high = weighted_mean([float(c.high or 0.0) for c, _ in usable], weights, "arithmetic")
    mid = weighted_mean([float(c.change or 0.0) for c, _ in usable], weights, "arithmetic")
    same = all(c.verdict == "no_new_data" for c, _ in usable)
    verdict: Verdict = "no_new_data" if same else interval_verdict(low, high)
    return Change.model_construct(change=mid, low=low, high=high, verdict=verdict)


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

    pairs = list(zip(before.pillars, after.pillars, strict=True))
    pillar_changes = [pillar_change(was, then) for was, then in pairs]
    indicator_changes = [
        indicator_change(ind_before, ind_after)
        for was, then in pairs
        if then.id in wanted
        for ind_before, ind_after in zip(was.indicators, then.indicators, strict=True)
    ]

    overall = overall_change(
        before.overall.result,
        after.overall.result,
        pillar_changes,
        {p.id: p.weight for p in doc.pillars},
        doc.scorecard.aggregation,
    )
    counts = Counter(c.score_change.verdict for c in indicator_changes)
    return DiffReport.model_construct(
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
