"""Unit tests of the pure scoring functions in `scorecard.score`.

Every expected number is worked out here from the formulas in docs/methodology.md, with
small hand-built models, not taken from the program's output.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import context_indicator, goalposts_indicator, obs, small_scorecard
from scorecard import score
from scorecard.errors import UsageError
from scorecard.model import Bands, Document, Indicator, Observation, Scale, ScorecardMeta
from scorecard.report import ScoreBand
from scorecard.score import (
    Interval,
    aggregate,
    band,
    build_show_report,
    central_value,
    normalise,
    observation_as_of,
    resolve_year,
    score_indicator,
    score_observation,
    status_of,
    value_interval,
    weighted_mean,
    year_span,
    years_with_data,
)

INF = math.inf


def observation(**fields: Any) -> Observation:
    return Observation.model_validate({"year": 2011, "source": "s", **fields})


def indicator(scoring: dict[str, Any], **fields: Any) -> Indicator:
    return Indicator.model_validate(
        {"id": "ind", "pillar": "p", "name": "Indicator", "scoring": scoring, **fields}
    )


def goalposts(low: float, high: float, direction: str = "higher", log: bool = False) -> Indicator:
    scoring = {"method": "goalposts", "min": low, "max": high, "log": log, "rationale": "r"}
    return indicator(scoring, direction=direction)


def target(baseline: float, goal: float, direction: str) -> Indicator:
    return indicator(
        {"method": "target", "baseline": baseline},
        direction=direction,
        target={"value": goal, "rationale": "r"},
    )


def document(data: dict[str, Any]) -> Document:
    return Document.model_validate(data)


HOMICIDES = goalposts(2826.0, 15273.0, "lower")


# ---------------------------------------------------------------------------------------
# Values as intervals


@pytest.mark.parametrize(
    ("fields", "interval", "central"),
    [
        ({"value": 9614.0}, Interval(9614.0, 9614.0), 9614.0),
        ({"at_least": 15000.0}, Interval(15000.0, INF), 15000.0),
        ({"at_most": 2.0}, Interval(-INF, 2.0), 2.0),
        ({"low": 19.0, "high": 29.0}, Interval(19.0, 29.0), 24.0),
        ({"value": -46.0}, Interval(-46.0, -46.0), -46.0),
    ],
)
def test_value_interval_and_central_value(
    fields: dict[str, float], interval: Interval, central: float
) -> None:
    obs = observation(**fields)
    assert value_interval(obs) == interval
    assert central_value(obs) == central


def test_value_interval_point_only_for_exact_values() -> None:
    assert value_interval(observation(value=3.0)).is_point
    assert not value_interval(observation(at_least=3.0)).is_point
    assert not value_interval(observation(low=1.0, high=2.0)).is_point


def test_a_level_has_no_numeric_interval() -> None:
    obs = observation(level="proposed")
    with pytest.raises(ValueError, match="level"):
        value_interval(obs)
    with pytest.raises(ValueError, match="level"):
        central_value(obs)


# ---------------------------------------------------------------------------------------
# Normalisation


def test_target_higher_is_better() -> None:
    # 20 of 37 most-wanted leaders captured, from a baseline of none.
    ind = target(0.0, 37.0, "higher")
    assert normalise(20.0, ind) == pytest.approx(100 * 20 / 37)
    assert normalise(0.0, ind) == 0.0
    assert normalise(37.0, ind) == 100.0
    assert normalise(40.0, ind) == 100.0  # past the target: clipped
    assert normalise(-5.0, ind) == 0.0  # behind the baseline: clipped
    assert normalise(INF, ind) == 100.0
    assert normalise(-INF, ind) == 0.0


def test_target_lower_is_better() -> None:
    # Halve a rate of 20: 15 is half-way, 18 a fifth of the way.
    ind = target(20.0, 10.0, "lower")
    assert normalise(15.0, ind) == pytest.approx(50.0)
    assert normalise(18.0, ind) == pytest.approx(20.0)
    assert normalise(10.0, ind) == 100.0
    assert normalise(5.0, ind) == 100.0
    assert normalise(25.0, ind) == 0.0
    assert normalise(INF, ind) == 0.0
    assert normalise(-INF, ind) == 100.0


def test_goalposts_higher_and_lower() -> None:
    states = goalposts(0.0, 32.0, "higher")
    assert normalise(11.0, states) == pytest.approx(100 * 11 / 32)
    assert normalise(32.0, states) == 100.0
    assert normalise(0.0, states) == 0.0
    assert normalise(9614.0, HOMICIDES) == pytest.approx(100 * (15273 - 9614) / (15273 - 2826))
    assert normalise(2826.0, HOMICIDES) == pytest.approx(100.0)
    assert normalise(15273.0, HOMICIDES) == pytest.approx(0.0)


def test_goalposts_clip_outside_the_posts() -> None:
    assert normalise(40.0, goalposts(0.0, 32.0)) == 100.0
    assert normalise(-1.0, goalposts(0.0, 32.0)) == 0.0
    assert normalise(20000.0, HOMICIDES) == 0.0
    assert normalise(1000.0, HOMICIDES) == 100.0


def test_goalposts_infinite_ends_map_to_the_clipped_end() -> None:
    assert normalise(INF, goalposts(0.0, 32.0)) == 100.0
    assert normalise(-INF, goalposts(0.0, 32.0)) == 0.0
    assert normalise(INF, HOMICIDES) == 0.0
    assert normalise(-INF, HOMICIDES) == 100.0


def test_goalposts_on_a_log_scale() -> None:
    ind = goalposts(1.0, 1000.0, "higher", log=True)
    assert normalise(100.0, ind) == pytest.approx(100 * 2 / 3)
    assert normalise(10.0, ind) == pytest.approx(100 / 3)
    assert normalise(1.0, ind) == pytest.approx(0.0)
    assert normalise(5000.0, ind) == 100.0
    # A value at or below zero is the bottom of the scale (log tends to -infinity).
    assert normalise(0.0, ind) == 0.0
    assert normalise(-3.0, ind) == 0.0
    lower = goalposts(100.0, 75000.0, "lower", log=True)
    share = (math.log(1000.0) - math.log(100.0)) / (math.log(75000.0) - math.log(100.0))
    assert normalise(1000.0, lower) == pytest.approx(100 * (1 - share))
    assert normalise(0.0, lower) == 100.0
    assert normalise(INF, lower) == 0.0


def test_ordinal_and_context_indicators_do_not_normalise_numbers() -> None:
    with pytest.raises(ValueError, match="ordinal"):
        normalise(1.0, indicator({"method": "ordinal", "scale": "stage"}))
    with pytest.raises(ValueError, match="none"):
        normalise(1.0, indicator({"method": "none"}))


# ---------------------------------------------------------------------------------------
# Observations to score intervals


def test_lower_is_better_at_least_bound_is_an_interval_not_a_point() -> None:
    central, low, high = score_observation(observation(at_least=15000.0), HOMICIDES, {})
    expected_high = 100 * (15273 - 15000) / (15273 - 2826)
    assert low == 0.0
    assert high == pytest.approx(expected_high)
    # The central estimate of a one-sided bound is the bound's own score.
    assert central == pytest.approx(expected_high)
    assert expected_high == pytest.approx(2.1933, abs=1e-4)


def test_higher_is_better_bounds() -> None:
    rate = goalposts(0.0, 100.0, "higher")
    assert score_observation(observation(at_most=2.0), rate, {}) == (2.0, 0.0, 2.0)
    assert score_observation(observation(at_least=30.0), rate, {}) == (30.0, 30.0, 100.0)


def test_range_scores_both_ends_and_midpoint_in_either_direction() -> None:
    higher = goalposts(0.0, 100.0, "higher")
    lower = goalposts(0.0, 100.0, "lower")
    rng = observation(low=20.0, high=30.0)
    assert score_observation(rng, higher, {}) == pytest.approx((25.0, 20.0, 30.0))
    # Lower is better: the ends swap so that low <= high.
    assert score_observation(rng, lower, {}) == pytest.approx((75.0, 70.0, 80.0))


def test_exact_value_is_a_point() -> None:
    central, low, high = score_observation(observation(value=9614.0), HOMICIDES, {})
    assert central == low == high
    assert central == pytest.approx(100 * (15273 - 9614) / 12447)


STAGE_LEVELS = ["none", "proposed", "adopted", "partial", "implemented"]


def scale(names: list[str], scores: list[float] | None = None) -> Scale:
    levels: list[dict[str, Any]] = [{"name": n} for n in names]
    if scores is not None:
        for level, s in zip(levels, scores, strict=True):
            level["score"] = s
    return Scale.model_validate({"id": "stage", "name": "Stage", "levels": levels})


def test_ordinal_levels_evenly_spaced() -> None:
    assert scale(STAGE_LEVELS).level_scores() == {
        "none": 0.0,
        "proposed": 25.0,
        "adopted": 50.0,
        "partial": 75.0,
        "implemented": 100.0,
    }
    four = scale(["none", "limited", "moderate", "substantial"]).level_scores()
    assert four["limited"] == pytest.approx(100 / 3)
    assert four["moderate"] == pytest.approx(200 / 3)
    assert scale(["no", "yes"]).level_scores() == {"no": 0.0, "yes": 100.0}


def test_ordinal_stated_level_scores() -> None:
    stated = scale(["none", "some", "full"], [10.0, 40.0, 90.0])
    ind = indicator({"method": "ordinal", "scale": "stage"})
    scales = {"stage": stated}
    assert score_observation(observation(level="some"), ind, scales) == (40.0, 40.0, 40.0)
    assert score_observation(observation(level="none"), ind, scales) == (10.0, 10.0, 10.0)
    even = {"stage": scale(STAGE_LEVELS)}
    assert score_observation(observation(level="proposed"), ind, even) == (25.0, 25.0, 25.0)


# ---------------------------------------------------------------------------------------
# Aggregation

DEFAULT_BANDS = Bands()


def test_weighted_arithmetic_mean() -> None:
    assert weighted_mean([10.0, 40.0], [1.0, 1.0], "arithmetic") == 25.0
    assert weighted_mean([10.0, 40.0], [1.0, 3.0], "arithmetic") == pytest.approx(32.5)
    # Weights need not sum to one; scaling them changes nothing.
    assert weighted_mean([10.0, 40.0], [2.0, 6.0], "arithmetic") == pytest.approx(32.5)


def test_weighted_geometric_mean() -> None:
    assert weighted_mean([10.0, 40.0], [1.0, 1.0], "geometric") == pytest.approx(20.0)
    expected = 10.0**0.25 * 40.0**0.75
    assert weighted_mean([10.0, 40.0], [1.0, 3.0], "geometric") == pytest.approx(expected)
    assert weighted_mean([10.0, 40.0], [5.0, 15.0], "geometric") == pytest.approx(expected)
    # A zero part makes the geometric mean zero.
    assert weighted_mean([0.0, 90.0], [1.0, 1.0], "geometric") == 0.0


def scored(central: float, low: float, high: float) -> ScoreBand:
    return band(central, low, high, DEFAULT_BANDS)


def unscored() -> ScoreBand:
    return ScoreBand(
        score=None,
        low=None,
        high=None,
        status=None,
        crosses_band=False,
        reason="x",
        estimate="central",
    )


def test_interval_ends_aggregate_separately() -> None:
    parts = [(scored(50.0, 40.0, 60.0), 1.0), (scored(20.0, 0.0, 20.0), 3.0), (unscored(), 5.0)]
    result = aggregate(parts, "arithmetic", DEFAULT_BANDS)
    assert result is not None
    # The unscored part (and its weight) is left out.
    assert result.score == pytest.approx((50 + 3 * 20) / 4)
    assert result.low == pytest.approx((40 + 3 * 0) / 4)
    assert result.high == pytest.approx((60 + 3 * 20) / 4)
    assert result.status == "limited"  # 27.5
    assert result.crosses_band  # 10 is off track, 30 limited


def test_geometric_aggregation_of_ends() -> None:
    parts = [(scored(50.0, 25.0, 100.0), 1.0), (scored(50.0, 25.0, 100.0), 1.0)]
    result = aggregate(parts, "geometric", DEFAULT_BANDS)
    assert result is not None
    assert (result.score, result.low, result.high) == pytest.approx((50.0, 25.0, 100.0))
    parts = [(scored(64.0, 16.0, 64.0), 1.0), (scored(4.0, 1.0, 16.0), 1.0)]
    result = aggregate(parts, "geometric", DEFAULT_BANDS)
    assert result is not None
    assert (result.score, result.low, result.high) == pytest.approx((16.0, 4.0, 32.0))


def test_aggregate_of_nothing_scored_is_none() -> None:
    assert aggregate([(unscored(), 1.0)], "arithmetic", DEFAULT_BANDS) is None
    assert aggregate([], "geometric", DEFAULT_BANDS) is None


# ---------------------------------------------------------------------------------------
# Status bands


@pytest.mark.parametrize(
    ("score", "status"),
    [
        (100.0, "on_track"),
        (75.0, "on_track"),
        (74.99, "progressing"),
        (50.0, "progressing"),
        (49.99, "limited"),
        (25.0, "limited"),
        (24.99, "off_track"),
        (0.0, "off_track"),
    ],
)
def test_default_status_bands_include_their_lower_bound(score: float, status: str) -> None:
    assert status_of(score, DEFAULT_BANDS) == status


def test_custom_status_bands() -> None:
    bands = Bands(on_track=90.0, progressing=60.0, limited=10.0)
    assert status_of(89.9, bands) == "progressing"
    assert status_of(60.0, bands) == "progressing"
    assert status_of(59.9, bands) == "limited"
    assert status_of(9.9, bands) == "off_track"


def test_crosses_band() -> None:
    assert scored(45.0, 40.0, 60.0).crosses_band
    assert not scored(60.0, 55.0, 70.0).crosses_band
    assert not scored(30.0, 30.0, 30.0).crosses_band
    # Status follows the central estimate, not the ends.
    wide = scored(19.0, 0.0, 100.0)
    assert wide.status == "off_track"
    assert wide.crosses_band


# ---------------------------------------------------------------------------------------
# The as-of rule, staleness and coverage


def series(*points: tuple[int, float]) -> Indicator:
    return indicator(
        {"method": "goalposts", "min": 0.0, "max": 100.0, "rationale": "r"},
        direction="higher",
        observations=[{"year": y, "value": v, "source": "s"} for y, v in points],
    )


def test_as_of_picks_the_latest_observation_not_after_the_year() -> None:
    ind = series((2012, 30.0), (2007, 10.0), (2009, 20.0))  # not in year order
    picked = observation_as_of(ind, 2010)
    assert picked is not None and picked.year == 2009
    picked = observation_as_of(ind, 2012)
    assert picked is not None and picked.year == 2012
    picked = observation_as_of(ind, 2030)
    assert picked is not None and picked.year == 2012
    assert observation_as_of(ind, 2006) is None


def meta(**fields: Any) -> ScorecardMeta:
    return ScorecardMeta.model_validate({"title": "t", **fields})


def test_score_indicator_reports_evidence_year_and_age() -> None:
    ind = series((2007, 10.0), (2009, 20.0))
    result = score_indicator(ind, 2011, meta(), {}, {})
    assert result.state == "scored"
    assert result.evidence is not None and result.evidence.year == 2009
    assert result.age == 2
    assert result.result.score == 20.0


def test_evidence_older_than_max_age_is_stale() -> None:
    ind = series((2007, 10.0))
    at_limit = score_indicator(ind, 2009, meta(max_age=2), {}, {})
    assert at_limit.state == "scored"
    assert at_limit.age == 2
    stale = score_indicator(ind, 2010, meta(max_age=2), {}, {})
    assert stale.state == "stale"
    assert stale.age == 3
    assert stale.result.score is None and stale.result.low is None
    assert stale.result.reason is not None
    assert "2007" in stale.result.reason and "maximum age of 2" in stale.result.reason
    assert stale.evidence is not None and stale.evidence.year == 2007


def test_no_observation_yet_is_no_data() -> None:
    result = score_indicator(series((2012, 1.0)), 2011, meta(), {}, {})
    assert result.state == "no_data"
    assert result.evidence is None and result.age is None
    assert result.result.score is None
    assert result.result.reason == "no observation in or before 2011"


def test_context_indicator_is_shown_not_scored() -> None:
    ind = indicator({"method": "none"}, observations=[{"year": 2011, "value": 5.0, "source": "s"}])
    result = score_indicator(ind, 2011, meta(), {}, {})
    assert result.state == "context"
    assert result.result.score is None
    assert result.evidence is not None and result.evidence.value == 5.0


P_AND_Q = ({"id": "p", "name": "P"}, {"id": "q", "name": "Q"})


def coverage_doc(min_coverage: float) -> Document:
    return document(
        small_scorecard(
            "Coverage",
            goalposts_indicator("a", "A", obs(2011, value=60.0)),
            goalposts_indicator("b", "B", obs(2012, value=10.0)),
            goalposts_indicator("c", "C"),
            context_indicator("ctx", "Context", obs(2011, value=1.0)),
            goalposts_indicator("d", "D", obs(2011, value=80.0), pillar="q"),
            pillars=P_AND_Q,
            assessment_year=2011,
            min_coverage=min_coverage,
        )
    )


def test_coverage_below_minimum_gives_no_pillar_score() -> None:
    doc = coverage_doc(0.5)
    report = build_show_report(doc, "f", "test")
    p = report.pillars[0]
    # Three scored indicators (the context one does not count), one with data in 2011.
    assert (p.coverage.usable, p.coverage.scored) == (1, 3)
    assert p.coverage.share == pytest.approx(1 / 3)
    assert p.result.score is None and p.result.status is None
    assert p.result.reason == "coverage 1/3 is below the minimum 0.5"
    # The overall score needs half of the pillars: q alone is enough.
    assert report.overall.pillars_scored == 1
    assert report.overall.result.score == 80.0
    assert (report.overall.coverage.usable, report.overall.coverage.scored) == (2, 4)


def test_coverage_at_the_minimum_is_enough() -> None:
    doc = coverage_doc(0.3)
    p = build_show_report(doc, "f", "test").pillars[0]
    assert p.result.score == 60.0
    # At 2012 two of three have data: b's 10 joins a's 60.
    doc = coverage_doc(0.5)
    p = build_show_report(doc, "f", "test", year=2012).pillars[0]
    assert (p.coverage.usable, p.coverage.scored) == (2, 3)
    assert p.result.score == pytest.approx(35.0)


def test_overall_needs_min_coverage_share_of_pillars() -> None:
    doc = coverage_doc(0.9)
    report = build_show_report(doc, "f", "test")
    assert report.pillars[1].result.score == 80.0
    assert report.overall.result.score is None
    assert report.overall.result.reason is not None
    assert "1 of 2 pillars" in report.overall.result.reason


def weights_doc(overall: str) -> Document:
    """Pillar p (weight 3, geometric) holds a and b, pillar q holds c; `overall` aggregates."""
    return document(
        small_scorecard(
            "Weights",
            goalposts_indicator("a", "A", obs(2011, low=10.0, high=40.0), weight=1.0),
            goalposts_indicator("b", "B", obs(2011, value=40.0), weight=3.0),
            goalposts_indicator("c", "C", obs(2011, at_least=90.0), pillar="q"),
            pillars=({**P_AND_Q[0], "weight": 3.0, "aggregation": "geometric"}, P_AND_Q[1]),
            aggregation=overall,
        )
    )


def test_weights_and_aggregation_methods_end_to_end() -> None:
    doc = weights_doc("arithmetic")
    report = build_show_report(doc, "f", "test")
    p, q = report.pillars
    assert p.result.score is not None and p.result.low is not None
    # Pillar p: weighted geometric mean of a (25, [10, 40]) and b (40), weights 1 and 3.
    assert p.result.score == pytest.approx(25.0**0.25 * 40.0**0.75)
    assert p.result.low == pytest.approx(10.0**0.25 * 40.0**0.75)
    assert p.result.high == pytest.approx(40.0)
    assert (q.result.score, q.result.low, q.result.high) == (90.0, 90.0, 100.0)
    # Overall: arithmetic, pillar weights 3 and 1.
    assert report.overall.result.score == pytest.approx((3 * p.result.score + 90.0) / 4)
    assert report.overall.result.low == pytest.approx((3 * p.result.low + 90.0) / 4)
    assert report.overall.result.high == pytest.approx((3 * 40.0 + 100.0) / 4)

    geometric = build_show_report(weights_doc("geometric"), "f", "t")
    expected = (p.result.score**3 * 90.0) ** 0.25
    assert geometric.overall.result.score == pytest.approx(expected)


def test_pillar_filter_does_not_change_the_overall_score() -> None:
    doc = weights_doc("arithmetic")
    full = build_show_report(doc, "f", "test")
    only_q = build_show_report(doc, "f", "test", pillars=["q"])
    assert [p.id for p in only_q.pillars] == ["q"]
    assert only_q.overall == full.overall
    with pytest.raises(UsageError, match=r"^unknown pillar 'nope'; known: p, q$"):
        build_show_report(doc, "f", "test", pillars=["nope"])
    with pytest.raises(UsageError, match=r"^unknown pillar 'qq'; did you mean 'q'\?$"):
        build_show_report(doc, "f", "test", pillars=["q", "qq"])


# ---------------------------------------------------------------------------------------
# The year shown

#: Not in year order.
YEARS_OBSERVATIONS = (obs(2008, value=1.0), obs(2012, value=2.0), obs(2010, value=3.0))


def years_doc(
    assessment: int | None, observations: tuple[dict[str, Any], ...] = YEARS_OBSERVATIONS
) -> Document:
    fields: dict[str, Any] = {} if assessment is None else {"assessment_year": assessment}
    return document(
        small_scorecard("Years", goalposts_indicator("a", "A", *observations), **fields)
    )


@pytest.fixture
def in_2012(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the scorecards below in 2012: the last year a year can be read at."""
    monkeypatch.setattr(score, "current_year", lambda: 2012)


@pytest.mark.usefixtures("in_2012")
def test_resolve_year_defaults() -> None:
    assert years_with_data(years_doc(None)) == [2008, 2010, 2012]
    assert resolve_year(years_doc(2011), None) == (2011, "assessment_year")
    assert resolve_year(years_doc(None), None) == (2012, "latest")
    assert resolve_year(years_doc(2011), 2009) == (2009, "--year")
    assert resolve_year(years_doc(None), 2008) == (2008, "--year")
    assert resolve_year(years_doc(None), 2012) == (2012, "--year")


@pytest.mark.usefixtures("in_2012")
@pytest.mark.parametrize("year", [2007, 2013, 1900, 2100])
def test_unknown_year_lists_the_valid_years(year: int) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_year(years_doc(None), year)
    assert str(caught.value) == (
        f"unknown year {year}: choose a year from 2008 to 2012 "
        "(years with observations: 2008, 2010, 2012)"
    )


def test_a_year_after_the_last_observation_up_to_this_year_is_valid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(score, "current_year", lambda: 2020)
    doc = years_doc(None)
    assert year_span(doc) == (2008, 2020)
    assert resolve_year(doc, 2020) == (2020, "--year")
    # What still counts is the as-of rule's and the maximum age's to say: 2012's evidence
    # is 5 years old in 2017 (counts) and 6 in 2018 (stale).
    assert build_show_report(doc, "f", "test", year=2017).pillars[0].indicators[0].state == (
        "scored"
    )
    stale = build_show_report(doc, "f", "test", year=2018).pillars[0].indicators[0]
    assert (stale.state, stale.age) == ("stale", 6)
    with pytest.raises(UsageError, match="choose a year from 2008 to 2020 "):
        resolve_year(doc, 2021)


@pytest.mark.usefixtures("in_2012")
def test_assessment_year_after_the_data_is_a_valid_year() -> None:
    doc = years_doc(2015)
    assert resolve_year(doc, 2015) == (2015, "--year")
    assert resolve_year(doc, 2014) == (2014, "--year")
    with pytest.raises(UsageError) as caught:
        resolve_year(doc, 2016)
    # The range named in the message is the range accepted.
    assert "choose a year from 2008 to 2015" in str(caught.value)


@pytest.mark.usefixtures("in_2012")
def test_a_year_before_the_first_observation_is_unknown() -> None:
    # As documented (docs/methodology.md, section 4), even when it is the assessment year.
    doc = years_doc(2005)
    assert resolve_year(doc, None) == (2005, "assessment_year")
    with pytest.raises(UsageError, match="choose a year from 2008 to 2012"):
        resolve_year(doc, 2005)


def test_no_observations_at_all() -> None:
    doc = years_doc(None, observations=())
    with pytest.raises(UsageError, match="no observations"):
        resolve_year(doc, None)
    with pytest.raises(UsageError, match="no observations"):
        resolve_year(doc, 2011)


# ---------------------------------------------------------------------------------------
# Properties

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def scored_indicators(draw: st.DrawFn) -> Indicator:
    direction = draw(st.sampled_from(["higher", "lower"]))
    if draw(st.booleans()):
        baseline = draw(finite)
        goal = draw(finite.filter(lambda g: abs(g - baseline) > 1e-3))
        direction = "higher" if goal > baseline else "lower"
        return target(baseline, goal, direction)
    log = draw(st.booleans())
    low_post = draw(
        st.floats(min_value=1e-3, max_value=1e5) if log else finite.filter(lambda x: x < 1e6 - 1)
    )
    gap = draw(st.floats(min_value=1e-2, max_value=1e5))
    return goalposts(low_post, low_post + gap, direction, log)


@st.composite
def observations(draw: st.DrawFn) -> Observation:
    kind = draw(st.sampled_from(["value", "at_least", "at_most", "range"]))
    if kind == "range":
        a, b = sorted((draw(finite), draw(finite)))
        return observation(low=a, high=b)
    return observation(**{kind: draw(finite)})


@given(scored_indicators(), observations())
def test_score_interval_contains_central_and_stays_in_0_100(
    ind: Indicator, obs: Observation
) -> None:
    central, low, high = score_observation(obs, ind, {})
    assert 0.0 <= low <= central <= high <= 100.0


@given(scored_indicators(), observations())
def test_score_interval_holds_every_value_the_evidence_allows(
    ind: Indicator, obs: Observation
) -> None:
    _, low, high = score_observation(obs, ind, {})
    interval = value_interval(obs)
    # Any finite value inside the evidence's interval scores inside the score interval.
    for v in (interval.low, interval.high, central_value(obs)):
        if math.isfinite(v):
            assert low - 1e-9 <= normalise(v, ind) <= high + 1e-9
    if math.isinf(interval.high):
        assert low - 1e-9 <= normalise(1e12, ind) <= high + 1e-9
    if math.isinf(interval.low):
        assert low - 1e-9 <= normalise(-1e12, ind) <= high + 1e-9


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=100),
            st.floats(min_value=0, max_value=100),
            st.floats(min_value=0, max_value=100),
            st.floats(min_value=0.01, max_value=100),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["arithmetic", "geometric"]),
)
def test_aggregate_keeps_low_central_high_in_order(
    parts: list[tuple[float, float, float, float]], how: str
) -> None:
    bands = []
    for a, b, c, weight in parts:
        low, central, high = sorted((a, b, c))
        bands.append((scored(central, low, high), weight))
    result = aggregate(bands, how, DEFAULT_BANDS)
    assert result is not None
    assert result.score is not None and result.low is not None and result.high is not None
    tolerance = 1e-9 * 100
    assert -tolerance <= result.low <= result.score + tolerance
    assert result.score <= result.high + tolerance <= 100.0 + 2 * tolerance


def test_lower_is_better_goalposts_use_the_documented_formula_exactly() -> None:
    """100 * (max - v) / (max - min), not 100 * (1 - share): 80 percent scores exactly 20,
    so a band boundary at 20 is not missed by a rounding error."""
    unreported = goalposts(0.0, 100.0, "lower")
    assert normalise(80.0, unreported) == 20.0
    assert status_of(20.0, Bands(on_track=60.0, progressing=40.0, limited=20.0)) == "limited"


CONTEXT_PILLAR = small_scorecard(
    "t",
    goalposts_indicator("a", "A", obs(2011, value=5.0, quote="q"), pillar="scored", high=10.0),
    context_indicator("c", "C", obs(2011, value=1.0, quote="q"), pillar="context-only"),
    pillars=({"id": "scored", "name": "Scored"}, {"id": "context-only", "name": "Context only"}),
    min_coverage=0.6,
)


def test_a_context_only_pillar_does_not_count_against_the_overall_coverage() -> None:
    """One of two pillars has a score, but the other can never have one: the overall score
    stands (1 of 1 scorable pillars), where counting every pillar would give 1/2 < 0.6."""
    report = build_show_report(document(CONTEXT_PILLAR), "f", "test")
    assert report.overall.result.score == 50.0
    assert (report.overall.pillars_scored, report.overall.pillars) == (1, 2)
