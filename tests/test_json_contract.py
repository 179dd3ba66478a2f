"""The JSON contract: output validates against the schemas, and the schemas are published.

`docs/schema/show.json` and `docs/schema/diff.json` are the published copies of what
`scorecard schema show|diff` print. A change to the report models changes the printed
schema, and the comparison below fails until the published copies (and, for a breaking
change, `SCHEMA_VERSION`) are updated on purpose.
"""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from helpers import frozen_data
from scorecard.cli import app
from scorecard.history import build_history_report
from scorecard.load import load, resolve_data_path
from scorecard.render.json import render_json
from scorecard.report import SCHEMA_VERSION
from scorecard.report.validate import VALIDATE_SCHEMA_VERSION

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

PUBLISHED = Path(__file__).resolve().parents[1] / "docs" / "schema"

CHANGED = (
    "The JSON contract changed: `scorecard schema {name}` no longer prints "
    "docs/schema/{name}.json. If the change is deliberate, regenerate the file with "
    "`scorecard schema {name} > docs/schema/{name}.json`, raise SCHEMA_VERSION in "
    "src/scorecard/report.py when a field was removed, renamed or changed meaning, and "
    "note it in CHANGELOG.md and docs/json.md."
)


def stdout(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def load_json(runner: CliRunner, *args: str) -> Any:
    return json.loads(stdout(runner, *args))


def validator(runner: CliRunner, name: str) -> jsonschema.Draft202012Validator:
    schema = load_json(runner, "schema", name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(v: jsonschema.Draft202012Validator, instance: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(instance)]


# ---------------------------------------------------------------------------------------
# Output against the schemas

SHOW_ARGS = [
    (),
    ("--year", "2007"),
    ("--year", "2009"),
    ("--year", "2016"),
    ("--year", "2024"),
    ("--pillar", "border"),
]


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("args", SHOW_ARGS)
def test_show_json_validates(runner: CliRunner, args: tuple[str, ...]) -> None:
    v = validator(runner, "show")
    instance = load_json(runner, "show", "--format", "json", *args)
    assert errors(v, instance) == []


DIFF_ARGS = [
    ("2009", "2011"),
    ("2010", "2012"),
    ("2007", "2024"),
    ("2011", "2012", "--pillar", "rule-of-law"),
]


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("args", DIFF_ARGS)
def test_diff_json_validates(runner: CliRunner, args: tuple[str, ...]) -> None:
    v = validator(runner, "diff")
    instance = load_json(runner, "diff", *args, "--format", "json")
    assert errors(v, instance) == []


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("ids", [(), ("oc-homicides",), ("rule-of-law", "demand")])
def test_history_json_validates(runner: CliRunner, ids: tuple[str, ...]) -> None:
    doc = load(resolve_data_path(None)).doc
    report = build_history_report(doc, ids, data_file="f", data_origin="bundled")
    instance = json.loads(render_json(report))
    assert errors(validator(runner, "history"), instance) == []
    assert (instance["schema_version"], instance["kind"]) == (SCHEMA_VERSION, "history")


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize(
    "args",
    [
        ("explain", "oc-homicides", "--year", "2011"),
        ("explain", "oc-homicides", "--year", "2024"),
        ("explain", "crime-groups"),
        ("explain", "demand", "--year", "2016"),
        ("list",),
        ("list", "pillars"),
        ("list", "sources"),
        ("list", "scales"),
    ],
)
def test_explain_and_list_json_validate(runner: CliRunner, args: tuple[str, ...]) -> None:
    instance = load_json(runner, *args, "--format", "json")
    assert errors(validator(runner, args[0]), instance) == []
    assert (instance["schema_version"], instance["kind"]) == (SCHEMA_VERSION, args[0])


def validate_json(runner: CliRunner, *args: str) -> tuple[int, Any]:
    result = runner.invoke(app, ["validate", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_validate_json_validates(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    v = validator(runner, "validate")
    good = str(write_data(valid_toml))
    bad = str(write_data(valid_toml.replace("weight = 2.0", "wieght = nan"), "bad.toml"))
    warned = str(write_data(valid_toml.replace('quote = "Some progress."\n', ""), "warned.toml"))
    cases = {good: 0, bad: 1, warned: 0, "missing.toml": 2}
    for path, code in cases.items():
        exit_code, instance = validate_json(runner, path)
        assert exit_code == code, instance
        assert errors(v, instance) == []
        assert (instance["schema_version"], instance["kind"]) == (2, "validate")
    # The three commands that read a file start their documents with the same header.
    show = load_json(runner, "show", "--json", "--data", good)
    diff = load_json(runner, "diff", "2010", "2011", "--json", "--data", good)
    _, checked = validate_json(runner, "--data", good)
    header = ["schema_version", "kind", "tool_version", "data_file", "data_origin", "title"]
    for doc in (show, diff, checked):
        assert list(doc)[:6] == header
        assert [doc[k] for k in header[2:]] == [show[k] for k in header[2:]]


def test_output_of_a_small_file_validates(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    show = load_json(runner, "show", "--json", "--data", path)
    assert errors(validator(runner, "show"), show) == []
    first, last = show["years_with_data"][0], show["years_with_data"][-1]
    assert first < last
    diff = load_json(runner, "diff", str(first), str(last), "--json", "--data", path)
    assert errors(validator(runner, "diff"), diff) == []


@pytest.mark.usefixtures("frozen")
def test_the_schemas_are_strict(runner: CliRunner) -> None:
    """The schemas reject what the contract rules out, so validating means something."""
    show_v, diff_v = validator(runner, "show"), validator(runner, "diff")
    show = load_json(runner, "show", "--json")
    diff = load_json(runner, "diff", "2009", "2011", "--json")

    def broken(doc: dict[str, Any], change: Any) -> dict[str, Any]:
        out = copy.deepcopy(doc)
        change(out)
        return out

    # Every document carries its version and kind.
    assert errors(show_v, broken(show, lambda d: d.pop("schema_version")))
    assert errors(show_v, broken(show, lambda d: d.pop("kind")))
    assert errors(diff_v, broken(diff, lambda d: d.pop("schema_version")))
    assert errors(show_v, broken(show, lambda d: d.update(schema_version=2)))
    assert errors(show_v, broken(show, lambda d: d.update(kind="diff")))
    # No unknown field, no score as text, no unknown status or verdict.
    assert errors(show_v, broken(show, lambda d: d.update(extra=1)))
    assert errors(show_v, broken(show, lambda d: d["pillars"][0]["result"].update(score="41")))
    assert errors(show_v, broken(show, lambda d: d["pillars"][0]["result"].update(status="great")))
    assert errors(
        diff_v, broken(diff, lambda d: d["indicators"][0]["score_change"].update(verdict="meh"))
    )
    # The change records use the names `from` and `to`.
    assert errors(diff_v, broken(diff, lambda d: d["indicators"][0].update(at_from={})))
    assert errors(diff_v, broken(diff, lambda d: d["pillars"][0].pop("from")))


def test_schema_input_validates_the_frozen_data(runner: CliRunner) -> None:
    assert errors(validator(runner, "input"), frozen_data()) == []


def test_schema_input_validates_a_small_file_and_rejects_mistakes(
    runner: CliRunner, valid_toml: str
) -> None:
    v = validator(runner, "input")
    data = tomllib.loads(valid_toml)
    assert errors(v, data) == []
    typo = copy.deepcopy(data)
    typo["pillars"][-1]["wieght"] = 2.0
    assert errors(v, typo)
    no_title = copy.deepcopy(data)
    del no_title["scorecard"]["title"]
    assert errors(v, no_title)
    bad_method = copy.deepcopy(data)
    bad_method["indicators"][0]["scoring"]["method"] = "vibes"
    assert errors(v, bad_method)


# ---------------------------------------------------------------------------------------
# The published schemas


@pytest.mark.parametrize(
    "name", ["show", "diff", "history", "explain", "list", "sensitivity", "validate"]
)
def test_published_schema_is_what_the_command_prints(runner: CliRunner, name: str) -> None:
    published = PUBLISHED / f"{name}.json"
    assert published.is_file(), f"docs/schema/{name}.json is missing. " + CHANGED.format(name=name)
    printed = load_json(runner, "schema", name)
    assert json.loads(published.read_text(encoding="utf-8")) == printed, CHANGED.format(name=name)


@pytest.mark.parametrize(
    "name", ["show", "diff", "history", "explain", "list", "sensitivity", "validate"]
)
def test_published_schema_names_the_current_version(name: str) -> None:
    schema = json.loads((PUBLISHED / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    version = VALIDATE_SCHEMA_VERSION if name == "validate" else SCHEMA_VERSION
    assert schema["properties"]["schema_version"]["const"] == version
    assert schema["properties"]["kind"]["const"] == name
    assert {"schema_version", "kind"} <= set(schema["required"])


@pytest.mark.usefixtures("frozen")
def test_documents_carry_the_current_version(runner: CliRunner) -> None:
    show = load_json(runner, "show", "--json")
    diff = load_json(runner, "diff", "2009", "2011", "--json")
    assert (show["schema_version"], show["kind"]) == (SCHEMA_VERSION, "show")
    assert (diff["schema_version"], diff["kind"]) == (SCHEMA_VERSION, "diff")
    # The version leads the document, as docs/json.md says.
    assert list(show)[:2] == ["schema_version", "kind"]
    assert list(diff)[:2] == ["schema_version", "kind"]
