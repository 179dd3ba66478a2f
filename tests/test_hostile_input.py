"""Issue 14's reproductions of hostile or careless input, each with its expected outcome.

One table per kind of input: what is given, the exit code, and what the message must say.
Every run also checks that no traceback escaped and that exit 70 (a bug) never happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from helpers import DATA, edit, invoke, line_of

if TYPE_CHECKING:
    from typer.testing import CliRunner, Result

    from helpers import WriteData

LONG_DECIMAL = "1" + "0" * 5000
LONG_HEX = "0x" + "f" * 5000


def run(runner: CliRunner, *args: str) -> Result:
    result = invoke(runner, *args)
    assert result.exit_code != 70, result.output
    return result


# ---------------------------------------------------------------------------------------
# Numbers a double cannot hold, and integers Python will not read


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "value = 18.0",
            f"value = {LONG_DECIMAL}",
            "an integer longer than 4,300 digits cannot be read "
            "(a scorecard's numbers must lie within +-1.8e308)",
        ),
        (
            "value = 18.0",
            f"value = {LONG_HEX}",
            "indicator homicides: observations[2010].value: is too large: a number must lie "
            "within +-1.8e308 (got an integer of about 6,021 digits)",
        ),
        (
            "value = 18.0",
            "value = 1" + "0" * 400,
            "indicator homicides: observations[2010].value: is too large: a number must lie "
            "within +-1.8e308 (got an integer of about 401 digits)",
        ),
        (
            'quote = "The rate was 18."',
            f'quote = "The rate was 18."\npage = {LONG_HEX}',
            "indicator homicides: observations[2010].page: a page number is between 0 and "
            "1,000,000",
        ),
        (
            "year = 2010\nvalue = 18.0",
            f"year = {LONG_HEX}\nvalue = 18.0",
            "indicator homicides: observations[#1].year: Input should be less than or equal "
            "to 2100",
        ),
    ],
    ids=["decimal", "hex", "10**400", "page", "year"],
)
def test_huge_integers_are_one_clear_problem(
    runner: CliRunner, write_data: WriteData, valid_toml: str, old: str, new: str, message: str
) -> None:
    text = edit(valid_toml, (old, new))
    path = write_data(text)
    line = line_of(text, max(new.split("\n"), key=len)[:12])  # the line with the number
    result = run(runner, "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{DATA}:{line}: {message}"
    shown = run(runner, "show", "--data", str(path))
    assert shown.exit_code == 3
    assert shown.stderr.splitlines()[0] == f"{DATA}:{line}: {message}"


def test_a_megabyte_id_is_not_echoed_in_full(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(edit(valid_toml, ('id = "homicides"', f'id = "h{"x" * 1_000_000}"')))
    result = run(runner, "validate", str(path))
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    line = line_of(valid_toml, 'id = "homicides"')
    assert first == (
        f"{DATA}:{line}: indicator h{'x' * 60}...: id: String should have at most 64 characters"
    )


# ---------------------------------------------------------------------------------------
# The command line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("show", "--format", "xml"),
            "Invalid value for '--format' / '-f': 'xml' is not one of table, json, ndjson, csv, "
            "markdown",
        ),
        (("validate", "--format", "yaml"), "'yaml' is not one of text, json"),
        (("show", "--year", "2011.0"), "'2011.0' is not a year (write it like 2011)"),
        (("diff", "2010", "2011.0"), "'2011.0' is not a year (write it like 2011)"),
        (("show", "--year", "9" * 100_000), "'" + "9" * 36 + "... is not a year"),
    ],
)
def test_bad_option_values_are_usage_errors_in_plain_words(
    runner: CliRunner, args: tuple[str, ...], message: str
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Value error" not in result.stderr
    assert len(result.stderr) < 500


@pytest.mark.parametrize("target", [".", "missing.toml"])
def test_validate_does_not_call_an_unreadable_file_invalid(
    runner: CliRunner, workdir: object, target: str
) -> None:
    result = run(runner, "validate", target)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{target}: cannot be read, so nothing was checked"
    assert "invalid" not in result.stderr
