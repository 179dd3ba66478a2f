"""Numbers at the edge of the float range score correctly, and no NaN or infinity is output.

Every finite value a TOML file may hold must score as the documented formula says, computed
without overflow (docs/methodology.md, "Numbers"). The expected scores are worked out here
with exact fractions, not taken from the program.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import edit, invoke
from scorecard.model import Indicator, Observation
from scorecard.score import central_value, normalise, weighted_mean

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

MAX = 1.7976931348623157e308


def goalposts(low: float, high: float, direction: str = "higher") -> Indicator:
    return Indicator.model_validate(
        {
            "id": "ind",
            "pillar": "p",
            "name": "I",
            "direction": direction,
            "scoring": {"method": "goalposts", "min": low, "max": high, "rationale": "r"},
        }
    )


def target(baseline: float, goal: float) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "ind",
            "pillar": "p",
            "name": "I",
            "direction": "higher" if goal > baseline else "lower",
            "scoring": {"method": "target", "baseline": baseline},
            "target": {"value": goal, "rationale": "r"},
        }
    )


def exact_share(top: float, minus: float, over: float, under: float) -> float:
    """100 * (top - minus) / (over - under) in exact arithmetic, clipped to [0, 100]."""
    share = 100 * (Fraction(top) - Fraction(minus)) / (Fraction(over) - Fraction(under))
    return float(min(max(share, Fraction(0)), Fraction(100)))


@pytest.mark.parametrize(
    ("indicator", "value", "expected"),
    [
        # The cases: each overflowed to NaN or to the wrong end of the scale.
        (goalposts(-1e308, 1e308), 0.0, 50.0),
        (goalposts(-1e308, 1e308), 1e308, 100.0),
        (goalposts(-1e308, 1e308, "lower"), -1e308, 100.0),
        (goalposts(0.0, 1e308), 5e307, 50.0),
        (goalposts(0.0, 1e308, "lower"), 5e307, 50.0),
        (target(0.0, 1e308), 1e307, 10.0),
        (target(1e308, -1e308), 0.0, 50.0),
        (goalposts(-MAX, MAX), MAX, 100.0),
        (goalposts(-MAX, MAX), -MAX, 0.0),
        # The smallest positive numbers: no division by zero, no precision lost.
        (goalposts(0.0, 5e-324), 5e-324, 100.0),
        (goalposts(0.0, 1e-323), 5e-324, 50.0),
    ],
)
def test_extreme_goalposts_and_targets_score_exactly(
    indicator: Indicator, value: float, expected: float
) -> None:
    assert normalise(value, indicator) == expected


@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_the_open_end_of_a_bound_still_clips_with_extreme_goalposts(direction: str) -> None:
    ind = goalposts(-1e308, 1e308, direction)
    best, worst = (100.0, 0.0) if direction == "higher" else (0.0, 100.0)
    assert normalise(math.inf, ind) == best
    assert normalise(-math.inf, ind) == worst


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(a=finite, b=finite, v=finite)
def test_every_finite_value_scores_as_the_exact_formula(a: float, b: float, v: float) -> None:
    low, high = sorted((a, b))
    if low == high:
        return
    higher = goalposts(low, high)
    lower = goalposts(low, high, "lower")
    assert normalise(v, higher) == pytest.approx(exact_share(v, low, high, low), abs=1e-9)
    assert normalise(v, lower) == pytest.approx(exact_share(high, v, high, low), abs=1e-9)


@given(base=finite, goal=finite, v=finite)
def test_every_finite_target_scores_as_the_exact_formula(
    base: float, goal: float, v: float
) -> None:
    if base == goal:
        return
    expected = exact_share(v, base, goal, base) if goal > base else exact_share(base, v, base, goal)
    assert normalise(v, target(base, goal)) == pytest.approx(expected, abs=1e-9)


def test_a_range_of_huge_values_has_a_finite_midpoint() -> None:
    obs = Observation.model_validate({"year": 2011, "source": "s", "low": MAX, "high": MAX})
    assert central_value(obs) == MAX


@pytest.mark.parametrize("how", ["arithmetic", "geometric"])
@pytest.mark.parametrize("weight", [5e-324, 1e-310, 1.0, 1e6])
def test_a_single_part_is_its_own_mean_whatever_its_weight(how: str, weight: float) -> None:
    # The issue: weights of 5e-324 made a geometric overall 54.6 over one pillar of 53.1.
    assert weighted_mean([53.1], [weight], how) == 53.1


@given(
    parts=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=100),
            st.floats(min_value=5e-324, max_value=1e6, allow_subnormal=True),
        ),
        min_size=1,
        max_size=6,
    ),
    how=st.sampled_from(["arithmetic", "geometric"]),
)
def test_a_mean_never_leaves_the_range_of_its_values(
    parts: list[tuple[float, float]], how: str
) -> None:
    values = [v for v, _ in parts]
    mean = weighted_mean(values, [w for _, w in parts], how)
    assert min(values) <= mean <= max(values) or (how == "geometric" and mean == 0.0)


# ---------------------------------------------------------------------------------------
# Through the command: the reproductions, end to end

GOALPOSTS = "min = 1.0\nmax = 1000.0\nlog = true"


def _scores(report: dict[str, Any]) -> dict[str, float | None]:
    scores: dict[str, float | None] = {"overall": report["overall"]["result"]["score"]}
    for pillar in report["pillars"]:
        scores[pillar["id"]] = pillar["result"]["score"]
        for ind in pillar["indicators"]:
            scores[ind["id"]] = ind["result"]["score"]
    return scores


@pytest.mark.parametrize(
    ("changes", "year", "expected"),
    [
        (
            [(GOALPOSTS, "min = -1e308\nmax = 1e308"), ("value = 100.0", "value = 0.0")],
            "2011",
            {"exports": 50.0},
        ),
        (
            [(GOALPOSTS, "min = 0\nmax = 1e308"), ("value = 100.0", "value = 5e307")],
            "2011",
            {"exports": 50.0},
        ),
        (
            [
                (
                    'direction = "lower"\nscoring = { method = "target", baseline = 20.0 }',
                    'direction = "higher"\nscoring = { method = "target", baseline = 0 }',
                ),
                ("value = 10.0, year = 2015", "value = 1e308, year = 2015"),
                ("value = 18.0", "value = 1e307"),
            ],
            "2010",
            {"homicides": 10.0},
        ),
    ],
)
def test_extreme_numbers_through_show(
    runner: CliRunner,
    write_data: WriteData,
    valid_toml: str,
    changes: list[tuple[str, str]],
    year: str,
    expected: dict[str, float],
) -> None:
    path = write_data(edit(valid_toml, *changes))
    result = invoke(runner, "show", "--data", str(path), "--year", year, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout
    scores = _scores(json.loads(result.stdout))
    for ident, score in expected.items():
        assert scores[ident] == score
    table = invoke(runner, "show", "--data", str(path), "--year", year)
    assert table.exit_code == 0
    assert "nan" not in table.stdout and "inf" not in table.stdout


def test_tiny_weights_leave_a_geometric_overall_equal_to_its_one_pillar(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(
        edit(
            valid_toml,
            ('title = "Test scorecard"', 'title = "Test scorecard"\naggregation = "geometric"'),
            ('name = "Safety"', 'name = "Safety"\nweight = 5e-324'),
            ("weight = 2.0", "weight = 5e-324"),
        )
    )
    report = json.loads(
        invoke(runner, "show", "--data", str(path), "--pillar", "trade", "--json").stdout
    )
    scores = _scores(report)
    assert scores["trade"] is not None
    # Two pillars of equal weight: the geometric mean of their two scores, exactly.
    full = json.loads(invoke(runner, "show", "--data", str(path), "--json").stdout)
    safety = full["pillars"][0]["result"]["score"]
    assert scores["overall"] == pytest.approx(math.sqrt(safety * scores["trade"]), rel=1e-12)
