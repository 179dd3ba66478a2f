"""The shipped dataset: only what must hold of it whatever its figures are.

Every other test reads the frozen copy in tests/data/ (or its own small files), so that
updating data/indicators.toml with new evidence breaks no test. What is checked here is
the file's integrity: it is valid with no warning, every figure from the paper shows its
quote, and every scored indicator says why it is scored as it is. The last test shows
that the rest of the suite does not depend on the shipped figures: it changes a copy of
the shipped file with `scorecard add` and runs the scoring tests against that copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from helpers import TEST_BUNDLED, child_env, invoke, ok, redirect_bundled_data
from scorecard.load import DataPath, bundled_data_path, resolve_data_path

if TYPE_CHECKING:
    from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    with bundled_data_path().open("rb") as f:
        return tomllib.load(f)


def test_valid_with_no_error_and_no_warning(runner: CliRunner) -> None:
    report = json.loads(ok(runner, "validate", str(bundled_data_path()), "--format", "json"))
    assert (report["valid"], report["errors"], report["warnings"]) == (True, [], [])


def test_the_input_schema_accepts_it(runner: CliRunner) -> None:
    import jsonschema  # type: ignore[import-untyped]  # jsonschema ships no type hints

    schema = json.loads(ok(runner, "schema", "input"))
    with bundled_data_path().open("rb") as f:
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(tomllib.load(f)))
    assert errors == []


def test_every_figure_from_the_paper_has_its_quote(shipped: dict[str, Any]) -> None:
    primary = shipped["scorecard"]["primary_source"]
    paper = [
        (i["id"], o["year"], o.get("quote", ""))
        for i in shipped["indicators"]
        for o in i.get("observations", [])
        if o["source"] == primary
    ]
    assert paper, "no observation from the primary source"
    assert [(ident, year) for ident, year, quote in paper if not quote.strip()] == []
    for pillar in shipped["pillars"]:
        if "assessment" in pillar:
            assert pillar["assessment"]["quote"].strip(), pillar["id"]


def test_every_scored_indicator_says_why_it_scores_so(shipped: dict[str, Any]) -> None:
    """Goalposts carry their rationale; a target method has a target value with one; a
    scored ordinal indicator has a target level with one."""
    unreasoned = []
    for ind in shipped["indicators"]:
        scoring, target = ind["scoring"], ind.get("target") or {}
        reasoned = bool(target.get("rationale", "").strip())
        if scoring["method"] == "goalposts" and not scoring.get("rationale", "").strip():
            unreasoned.append(ind["id"])
        if scoring["method"] == "target" and not ("value" in target and reasoned):
            unreasoned.append(ind["id"])
        if scoring["method"] == "ordinal" and not ("level" in target and reasoned):
            unreasoned.append(ind["id"])
    assert unreasoned == []


def test_every_scale_says_why_its_levels_score_so(shipped: dict[str, Any]) -> None:
    assert shipped["scales"]
    assert [s["id"] for s in shipped["scales"] if not s.get("rationale", "").strip()] == []


# ---------------------------------------------------------------------------------------
# The suite does not depend on the shipped figures

#: Test modules that score, show, diff or add: they must pass whatever the shipped file says.
SCORING_TESTS = ("test_score.py", "test_show.py", "test_diff.py", "test_json_contract.py")


def changed_copy(tmp_path: Path, runner: CliRunner) -> Path:
    """A copy of the shipped file with its default year's score changed by `scorecard add`."""
    copy = tmp_path / "indicators.toml"
    shutil.copyfile(bundled_data_path(), copy)
    with copy.open("rb") as f:
        data = tomllib.load(f)
    year = data["scorecard"]["assessment_year"]
    ind = next(i for i in data["indicators"] if i["scoring"]["method"] == "goalposts")
    best = ind["scoring"]["max" if ind["direction"] == "higher" else "min"]
    worst = ind["scoring"]["min" if ind["direction"] == "higher" else "max"]
    held = {o["year"]: o for o in ind.get("observations", [])}
    # Whatever the file holds for that year, the new figure differs from it.
    value = worst if held.get(year, {}).get("value") == best else best
    args = ["add", ind["id"], "--year", str(year), "--value", repr(float(value))]
    args += ["--source", data["scorecard"]["primary_source"], "--quote", "A test figure."]
    if year in held:
        args.append("--replace")
    result = invoke(runner, *args, "--data", str(copy))
    assert (result.exit_code, result.stderr) == (0, f"wrote {copy}\n"), result.output
    return copy


def test_the_scoring_tests_pass_on_changed_shipped_data(runner: CliRunner, tmp_path: Path) -> None:
    copy = changed_copy(tmp_path, runner)
    before = json.loads(ok(runner, "show", "--json", "--data", str(bundled_data_path())))
    after = json.loads(ok(runner, "show", "--json", "--data", str(copy)))
    assert before["overall"] != after["overall"] or before["pillars"] != after["pillars"]
    # conftest.py points the bundled dataset at $SCORECARD_TEST_BUNDLED for the whole run.
    env = {**child_env(), TEST_BUNDLED: str(copy)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *SCORING_TESTS],
        cwd=TESTS,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def test_the_redirection_reaches_the_commands(runner: CliRunner, tmp_path: Path) -> None:
    """The hook the previous test relies on: with it, commands read the changed copy."""
    copy = changed_copy(tmp_path, runner)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(TEST_BUNDLED, str(copy))
        redirect_bundled_data(mp)
        assert resolve_data_path(None, cwd=tmp_path) == DataPath(copy, "bundled")
        assert json.loads(ok(runner, "show", "--json"))["data_file"] == str(copy)
    assert bundled_data_path() != copy
