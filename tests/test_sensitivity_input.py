"""Bad input to `scorecard sensitivity`, and the data file's declared alternatives.

Usage mistakes exit 2 with one line on stderr and nothing on stdout; a data file with bad
alternatives fails `validate` (exit 1) and `sensitivity` (exit 3) with one line per problem,
naming the file, the line, the item and the field. Declared alternatives are sampled.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

import pytest

from helpers import DATA, edit, invoke, line_of, ok

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import Validate, WriteData

GROUP_LIST = "values, weights, aggregation, levels, goalposts"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--runs", "0"), "--runs must be from 2 to 200,000 (got 0)"),
        (("--runs", "1"), "--runs must be from 2 to 200,000 (got 1)"),
        (("--runs", "200001"), "--runs must be from 2 to 200,000 (got 200001)"),
        (("--seed", "-1"), "--seed must be a whole number from 0 up (got -1)"),
        (("--vary", "vibes"), f"unknown --vary group 'vibes': choose from {GROUP_LIST}"),
        (
            ("--vary", "values,vibes", "--vary", "Weights"),
            f"unknown --vary groups 'vibes', 'Weights': choose from {GROUP_LIST}",
        ),
        (
            ("--year", "1800", "--data", DATA),
            # A year up to this one may be asked for (nothing newer is known yet).
            f"unknown year 1800: choose a year from 2010 to {datetime.date.today().year} "
            "(years with observations: 2010, 2011)",
        ),
    ],
    ids=[
        "runs 0",
        "runs 1",
        "runs too many",
        "negative seed",
        "unknown group",
        "two unknown",
        "unknown year",
    ],
)
def test_usage_errors_exit_2_with_one_line(
    runner: CliRunner, write_data: WriteData, valid_toml: str, args: tuple[str, ...], message: str
) -> None:
    write_data(valid_toml)
    result = invoke(runner, "sensitivity", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message + "\n"


def test_usage_errors_come_before_reading_the_file(runner: CliRunner, workdir: object) -> None:
    result = invoke(runner, "sensitivity", "--runs", "0", "--data", "missing.toml")
    assert (result.exit_code, result.stderr) == (2, "--runs must be from 2 to 200,000 (got 0)\n")


def test_a_missing_file_exits_2(runner: CliRunner, workdir: object) -> None:
    result = invoke(runner, "sensitivity", "--data", "missing.toml")
    assert (result.exit_code, result.stderr) == (2, "missing.toml: no such file\n")


# ---------------------------------------------------------------------------------------
# Alternatives in the data file

TARGET = 'scoring = { method = "target", baseline = 20.0 }'
GOALPOSTS = 'rationale = "Orders of magnitude."'
SCALE = '[[scales]]\nid = "progress"\nname = "Progress"\n'


def with_alternatives(text: str, target: str = "", goalposts: str = "", scale: str = "") -> str:
    changes = []
    if target:
        changes.append(
            (TARGET, f'scoring = {{ method = "target", baseline = 20.0, alternatives = {target} }}')
        )
    if goalposts:
        changes.append((GOALPOSTS, f"{GOALPOSTS}\nalternatives = {goalposts}"))
    if scale:
        changes.append((SCALE, f"{SCALE}alternatives = {scale}\n"))
    return edit(text, *changes)


BAD_ALTERNATIVES = [
    (
        {"scale": '[{ scores = [0.0, 60.0], rationale = "Two." }]'},
        "[[scales]]",
        "scale progress: alternatives[#1] gives 2 scores for 3 levels: give one score per "
        "level, in level order",
    ),
    (
        {"scale": '[{ scores = [0.0, 80.0, 70.0], rationale = "Down." }]'},
        "alternatives = ",
        "scale progress: alternatives[#1]: alternative level scores must increase from the "
        "first level to the last",
    ),
    (
        {"scale": '[{ scores = [0.0, 50.0, 120.0], rationale = "Past 100." }]'},
        "alternatives = ",
        "scale progress: alternatives[#1].scores[#3]: Input should be less than or equal to 100",
    ),
    (
        {"scale": "[{ scores = [0.0, 40.0, 100.0] }]"},
        "alternatives = ",
        "scale progress: alternatives[#1].rationale: required key is missing",
    ),
    (
        {"target": '[{ rationale = "Nothing." }]'},
        "alternatives = ",
        "indicator homicides: scoring.alternatives[#1]: an alternative gives a `baseline`, a "
        "`target` or both",
    ),
    (
        {
            "target": '[{ target = 5.0, rationale = "Lower." }, '
            '{ target = 30.0, rationale = "Up." }]'
        },
        "alternatives = ",
        "indicator homicides: scoring.alternatives[#2]: direction is 'lower' but the target "
        "(30) is above the baseline (20)",
    ),
    (
        {"target": '[{ baseline = 10.0, rationale = "Same." }]'},
        "alternatives = ",
        "indicator homicides: scoring.alternatives[#1]: the target (10) equals the baseline",
    ),
    (
        {"goalposts": '[{ min = 5.0, max = 2.0, rationale = "Upside down." }]'},
        "alternatives = ",
        "indicator exports: scoring.alternatives[#1]: goalposts need min < max",
    ),
    (
        {"goalposts": '[{ min = 0.0, max = 500.0, rationale = "From zero." }]'},
        "[indicators.scoring]",
        "indicator exports: scoring: alternatives[#1]: a log scale needs positive goalposts",
    ),
    (
        {"goalposts": '[{ min = 1.0, max = 500.0, rationale = "R.", log = false }]'},
        "alternatives = ",
        "indicator exports: scoring.alternatives[#1].log: unknown key (check the spelling; see "
        "docs/data-format.md)",
    ),
]


@pytest.mark.parametrize(
    ("alternatives", "at", "message"),
    BAD_ALTERNATIVES,
    ids=[
        "scale too short",
        "scale not increasing",
        "scale past 100",
        "scale without rationale",
        "target without a side",
        "target against direction",
        "target equals baseline",
        "goalposts reversed",
        "log goalposts from zero",
        "unknown key",
    ],
)
def test_bad_alternatives_are_named_with_their_line(
    runner: CliRunner,
    write_data: WriteData,
    validate: Validate,
    valid_toml: str,
    alternatives: dict[str, str],
    at: str,
    message: str,
) -> None:
    """`at`: the snippet on the problem's line. A problem inside an inline table is placed
    on the line of its key; one found by a table's own check, where that table starts."""
    text = with_alternatives(valid_toml, **alternatives)
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    problem, summary = result.stdout.splitlines()
    assert summary == f"{DATA}: invalid: 1 error(s), 0 warning(s)"
    assert problem == f"{DATA}:{line_of(text, at)}: {message}"
    run = invoke(runner, "sensitivity", "--data", DATA, "--runs", "10")
    assert run.exit_code == 3
    assert run.stdout == ""
    assert run.stderr == problem + "\n"


def test_valid_alternatives_are_sampled(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    text = with_alternatives(
        valid_toml,
        target='[{ target = 5.0, rationale = "Lower still." }]',
        goalposts='[{ min = 10.0, max = 100000.0, rationale = "Wider." }]',
        scale='[{ scores = [0.0, 20.0, 100.0], rationale = "Some counts for little." }]',
    )
    write_data(text)
    assert ok(runner, "validate", DATA).endswith("0 warning(s)\n")
    report = json.loads(
        ok(runner, "sensitivity", "--data", DATA, "--runs", "2000", "--seed", "1", "--json")
    )
    inputs = {(i["group"], i["item"]): i["description"] for i in report["inputs"]}
    assert inputs[("goalposts", "homicides")] == (
        "the stated baseline and target or one of 1 alternative(s)"
    )
    assert inputs[("goalposts", "exports")] == "the stated goalposts or one of 1 alternative(s)"
    assert inputs[("levels", "progress")] == (
        "the stated level scores or one of 1 declared alternative mapping(s)"
    )
    # Customs reform ("some") scores 50 as stated and 20 in the alternative: the trade
    # pillar's runs take both, so its distribution reaches below the stated score.
    trade = next(p for p in report["pillars"] if p["id"] == "trade")
    assert trade["distribution"]["minimum"] < trade["nominal"]["score"]
    assert {i["group"] for i in trade["indices"]} >= {"levels", "goalposts"}
