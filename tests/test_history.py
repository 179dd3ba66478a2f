"""`scorecard history`: the scores year by year, on small files written here.

Every point must be what `show --year` gives for its year, so the tests compare the two
engines' outputs rather than numbers written down by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from helpers import context_indicator, goalposts_indicator, obs, small_scorecard
from scorecard import score
from scorecard.errors import UsageError
from scorecard.history import build_history_report
from scorecard.model import Document
from scorecard.score import build_show_report

PILLARS = ({"id": "p", "name": "P"}, {"id": "q", "name": "Q", "weight": 2.0})


def history_doc(**scorecard: Any) -> Document:
    """Two pillars over 2008-2014, observations out of year order, a range and a bound."""
    return Document.model_validate(
        small_scorecard(
            "History",
            goalposts_indicator(
                "a",
                "A",
                obs(2012, low=40.0, high=60.0, quote="Between 40 and 60."),
                obs(2008, value=10.0, quote="Ten."),
                obs(2010, at_least=30.0, quote="At least 30."),
            ),
            goalposts_indicator("b", "B", obs(2009, value=80.0), pillar="p"),
            goalposts_indicator("c", "C", obs(2011, value=20.0), obs(2014, value=5.0), pillar="q"),
            context_indicator("ctx", "Context", obs(2010, value=3.0), pillar="q"),
            pillars=PILLARS,
            max_age=2,
            **scorecard,
        )
    )


@pytest.fixture(autouse=True)
def in_2016(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(score, "current_year", lambda: 2016)


def test_default_range_is_first_to_last_year_with_data() -> None:
    report = build_history_report(history_doc())
    assert (report.from_year, report.to_year) == (2008, 2014)
    assert [s.id for s in report.series] == ["overall", "p", "q"]
    assert [s.kind for s in report.series] == ["overall", "pillar", "pillar"]
    assert all([p.year for p in s.points] == list(range(2008, 2015)) for s in report.series)


def test_default_range_reaches_a_later_assessment_year() -> None:
    report = build_history_report(history_doc(assessment_year=2016))
    assert (report.from_year, report.to_year) == (2008, 2016)


def test_every_point_is_what_show_gives_for_its_year() -> None:
    doc = history_doc()
    report = build_history_report(doc, from_year=2008, to_year=2016)
    for year in range(2008, 2017):
        show = build_show_report(doc, "f", "t", year=year)
        at = {s.id: next(p for p in s.points if p.year == year) for s in report.series}
        assert at["overall"].result == show.overall.result
        assert at["overall"].coverage == show.overall.coverage
        for pillar in show.pillars:
            assert at[pillar.id].result == pillar.result
            assert at[pillar.id].coverage == pillar.coverage
            assert at[pillar.id].state is None


def test_years_without_a_score_say_why() -> None:
    report = build_history_report(history_doc(), ["q"])
    q = report.series[0]
    # q's only scored indicator starts in 2011 and, at max_age 2, counts until 2013.
    scored = [p.year for p in q.points if p.result.score is not None]
    assert scored == [2011, 2012, 2013, 2014]
    first = q.points[0].result
    assert (first.score, first.reason) == (None, "coverage 0/1 is below the minimum 0.5")


def test_a_pillar_id_gives_the_pillar_and_its_indicators() -> None:
    report = build_history_report(history_doc(), ["p"], 2009, 2012)
    assert [(s.id, s.kind) for s in report.series] == [
        ("p", "pillar"),
        ("a", "indicator"),
        ("b", "indicator"),
    ]
    a = report.series[1]
    assert a.pillar == "p"
    assert [(p.year, p.state, p.evidence_year) for p in a.points] == [
        (2009, "scored", 2008),
        (2010, "scored", 2010),
        (2011, "scored", 2010),
        (2012, "scored", 2012),
    ]
    b = report.series[2]
    # b's 2009 evidence is 3 years old in 2012: past the maximum age of 2.
    assert [p.state for p in b.points] == ["scored", "scored", "scored", "stale"]


def test_an_indicator_lists_every_observation_oldest_first_with_its_own_score() -> None:
    doc = history_doc()
    report = build_history_report(doc, ["a"], 2014, 2014)
    (a,) = report.series
    assert a.observations is not None
    assert [o.evidence.year for o in a.observations] == [2008, 2010, 2012]
    assert [o.evidence.quote for o in a.observations] == [
        "Ten.",
        "At least 30.",
        "Between 40 and 60.",
    ]
    assert [o.evidence.text for o in a.observations] == ["10", "at least 30", "40-60"]
    # Each observation's score is the score `show` gives in its own year.
    for o in a.observations:
        show = build_show_report(doc, "f", "t", year=o.evidence.year)
        shown = next(i for p in show.pillars for i in p.indicators if i.id == "a")
        assert o.result == shown.result
    assert [(o.result.score, o.result.low, o.result.high) for o in a.observations] == [
        (10.0, 10.0, 10.0),
        (30.0, 30.0, 100.0),
        (50.0, 40.0, 60.0),
    ]


def test_a_context_indicator_has_observations_but_no_score() -> None:
    (ctx,) = build_history_report(history_doc(), ["ctx"]).series
    assert ctx.method == "none"
    assert ctx.observations is not None
    assert [o.result.score for o in ctx.observations] == [None]
    assert {p.state for p in ctx.points} == {"context"}


def test_ids_keep_their_order_and_repeats_collapse() -> None:
    report = build_history_report(history_doc(), ["c", "a", "c"])
    assert [s.id for s in report.series] == ["c", "a"]
    assert report.ids == ["c", "a"]


def test_unknown_id_suggests_a_known_one() -> None:
    with pytest.raises(UsageError) as caught:
        build_history_report(history_doc(), ["ctz"])
    assert str(caught.value) == "unknown pillar or indicator 'ctz'; did you mean 'ctx'?"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (2012, 2010, "--from (2012) must not be after --to (2010)"),
        (2007, None, "unknown year 2007: choose a year from 2008 to 2016 "),
        (None, 2017, "unknown year 2017: choose a year from 2008 to 2016 "),
    ],
)
def test_bad_year_ranges_are_usage_errors(start: int | None, end: int | None, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        build_history_report(history_doc(), (), start, end)
    assert str(caught.value).startswith(message)


def test_a_file_without_observations_has_no_history() -> None:
    doc = Document.model_validate(small_scorecard("Empty", goalposts_indicator("a", "A")))
    with pytest.raises(UsageError, match="no observations yet"):
        build_history_report(doc)
