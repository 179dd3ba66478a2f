"""`scorecard explain`: the numbers it prints reproduce the score, by hand, in the tests."""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any

import pytest

from helpers import complete_bash, invoke, ok, squeeze

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData


def explain_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(ok(runner, "explain", *args, "--format", "json"))
    return payload


def numbers(text: str) -> list[float]:
    """The numbers written in `text`, thousands separators and all."""
    return [float(n.replace(",", "")) for n in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text)]


def field(out: str, label: str) -> str:
    """The text after `label` on the table's line that starts with it (folded lines joined)."""
    flat = squeeze(out)
    labels = (
        "Evidence",
        "Quote",
        "Why this one",
        "Not used",
        "Interval",
        "Method",
        "Parameters",
        "Why these",
        "Why the scale",
        "Why the target",
        "Estimate",
        "Lowest value",
        "Highest value",
        "Score",
        "Weight",
        "Pillar",
        "Overall",
        "At its target",
    )
    others = "|".join(re.escape(x) for x in labels if x != label)
    found = re.search(rf"(?:^| ){re.escape(label)} (.*?)(?= (?:{others}) |$)", flat)
    assert found, f"no {label!r} in {flat!r}"
    return found.group(1)


# ---------------------------------------------------------------------------------------
# By hand, from the printed parameters


def test_a_target_score_by_hand(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    path = str(write_data(valid_toml))
    out = ok(runner, "explain", "homicides", "--data", path, env={"COLUMNS": "80"})
    assert max(map(len, out.splitlines())) <= 80
    params = field(out, "Parameters")
    baseline = numbers(params.split("baseline = ")[1])[0]
    target = numbers(params.split("target = ")[1])[0]
    interval = field(out, "Interval")
    low, high = numbers(interval.split("]")[0])
    central = numbers(interval.split("estimate ")[1])[0]
    assert (low, high, central) == (15.0, 17.0, 16.0)
    by_hand = 100 * (central - baseline) / (target - baseline)
    ends = sorted(100 * (v - baseline) / (target - baseline) for v in (low, high))
    score = numbers(field(out, "Score"))
    assert score[:3] == [round(by_hand, 1), round(ends[0], 1), round(ends[1], 1)]
    report = explain_json(runner, "homicides", "--data", path)
    assert report["indicator"]["result"]["result"]["score"] == pytest.approx(by_hand)


def test_a_log_goalposts_score_by_hand(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    report = explain_json(runner, "exports", "--data", path)
    m = report["indicator"]["method"]
    value = report["indicator"]["value"]["central"]
    assert m["log"] is True
    by_hand = (
        100 * (math.log(value) - math.log(m["min"])) / (math.log(m["max"]) - math.log(m["min"]))
    )
    assert report["indicator"]["result"]["result"]["score"] == pytest.approx(by_hand)
    (step,) = report["indicator"]["steps"]
    assert step["expression"] == "100 * (ln 100 - ln 1) / (ln 1,000 - ln 1)"
    assert step["score"] == pytest.approx(by_hand)


def test_an_ordinal_score_is_its_level_s(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    report = explain_json(runner, "reform", "--data", path)
    levels = {lv["name"]: lv["score"] for lv in report["indicator"]["method"]["levels"]}
    assert levels == {"none": 0.0, "some": 50.0, "full": 100.0}
    evidence = report["indicator"]["result"]["evidence"]
    assert report["indicator"]["result"]["result"]["score"] == levels[evidence["level"]]


# ---------------------------------------------------------------------------------------
# Contributions and the target


def test_contributions_add_up_to_the_pillar_and_the_overall(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    trade = explain_json(runner, "trade", "--data", path)["pillar"]
    points = [c["points"] for c in trade["contributions"]]
    assert sum(points) == pytest.approx(trade["pillar"]["result"]["score"])
    # Largest first.
    assert points == sorted(points, reverse=True)
    overall = 0.0
    for pillar in ("safety", "trade"):
        overall += explain_json(runner, pillar, "--data", path)["pillar"]["pillar"][
            "overall_points"
        ]
    assert overall == pytest.approx(trade["overall"]["score"])
    exports = explain_json(runner, "exports", "--data", path)["indicator"]
    assert exports["pillar_points"] == pytest.approx(points[0])
    assert exports["overall_points"] == pytest.approx(
        exports["pillar_points"] * exports["pillar"]["overall_weight_share"]
    )


def test_reaching_the_target_reruns_the_engine(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    ex = explain_json(runner, "homicides", "--data", path)["indicator"]
    at_target = ex["if_target"]
    assert at_target["meaning"] == "the target, 10"
    assert at_target["score"] == 100.0
    # Safety has one indicator: the pillar goes to 100.
    assert at_target["pillar"]["score"] == 100.0
    assert at_target["pillar_gain"] == pytest.approx(100.0 - ex["pillar"]["result"]["score"])
    # The overall weighs safety 1 and trade 2.
    trade = explain_json(runner, "trade", "--data", path)["pillar"]["pillar"]["result"]["score"]
    assert at_target["overall"]["score"] == pytest.approx((100.0 + 2 * trade) / 3)


def test_without_a_target_the_best_goalpost_stands_in(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    ex = explain_json(runner, "exports", "--data", path)["indicator"]
    assert ex["if_target"]["meaning"] == "no target: the best goalpost, 1,000"
    assert ex["if_target"]["score"] == 100.0


# ---------------------------------------------------------------------------------------
# Which observation, and why


def test_the_as_of_rule_says_which_observation_and_why(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    at_2010 = explain_json(runner, "homicides", "--year", "2010", "--data", path)["indicator"]
    assert at_2010["as_of"] == {
        "year": 2010,
        "evidence_year": 2010,
        "age": 0,
        "max_age": 5,
        "counts": True,
        "later_years": [2011],
        "why": "the latest observation in or before 2010 is from 2010 (0 years old, within "
        "the maximum age of 5)",
    }
    stale = explain_json(runner, "exports", "--year", "2016", "--data", path)["indicator"]
    assert stale["as_of"]["counts"] is False
    assert stale["as_of"]["why"] == (
        "the latest observation in or before 2016 is from 2010: 6 years old, older than the "
        "maximum age of 5, so it does not count"
    )
    assert stale["steps"] == []


def test_unknown_id_exits_2_with_a_suggestion(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    result = invoke(runner, "explain", "export", "--data", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "unknown pillar or indicator 'export'; did you mean 'exports'?\n"


def test_every_format(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    path = str(write_data(valid_toml))
    for fmt in ("table", "markdown", "csv", "ndjson", "json"):
        assert ok(runner, "explain", "homicides", "--data", path, "-f", fmt)
    rows = ok(runner, "explain", "trade", "--data", path, "-f", "ndjson").splitlines()
    assert [json.loads(r)["indicator"] for r in rows] == ["exports", "reform"]


# ---------------------------------------------------------------------------------------
# The shipped data: the example, recomputed from what is printed


@pytest.mark.usefixtures("frozen")
def test_oc_homicides_2011_by_hand_from_the_printed_parameters(runner: CliRunner) -> None:
    out = ok(runner, "explain", "oc-homicides", "--year", "2011", env={"COLUMNS": "80"})
    assert max(map(len, out.splitlines())) <= 80
    assert "lower is better" in field(out, "Method")
    params = field(out, "Parameters")
    low_post = numbers(params.split("min = ")[1])[0]
    high_post = numbers(params.split("max = ")[1])[0]
    estimate = numbers(field(out, "Interval").split("estimate ")[1])[0]
    by_hand = 100 * (high_post - estimate) / (high_post - low_post)
    printed = numbers(field(out, "Score"))[0]
    assert printed == round(max(0.0, min(100.0, by_hand)), 1)
    step = field(out, "Estimate")
    assert numbers(step.split(" = ")[-1])[0] == round(by_hand, 2)


@pytest.mark.usefixtures("frozen")
def test_completing_an_id_offers_the_indicators(runner: CliRunner) -> None:
    assert complete_bash(runner, "scorecard explain oc-") == ["oc-homicides"]
    assert "crime-groups" in complete_bash(runner, "scorecard explain c")


def test_a_stated_limit_closes_the_bound_and_says_so(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    bound = (
        "\n[[indicators.observations]]\nyear = 2012\nat_most = 14.0\nlimit = 12.0\n"
        'limit_rationale = "Never below 12."\nsource = "report"\nquote = "Under 14."\n'
    )
    at = valid_toml.index('quote = "Between 15 and 17."\n') + len('quote = "Between 15 and 17."\n')
    path = str(write_data(valid_toml[:at] + bound + valid_toml[at:]))
    ex = explain_json(runner, "homicides", "--year", "2012", "--data", path)["indicator"]
    assert (ex["value"]["low"], ex["value"]["high"], ex["value"]["central"]) == (12.0, 14.0, 13.0)
    assert ex["value"]["central_rule"] == (
        "the midpoint between the bound and the stated limit 12 (Never below 12.)"
    )
    # By hand: 100 * (13 - 20) / (10 - 20).
    assert ex["result"]["result"]["score"] == pytest.approx(70.0)
