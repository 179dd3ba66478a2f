"""`scorecard add`: one observation in, every other byte kept, nothing written on error.

Every figure added here is one the frozen copy of the dataset (tests/data/frozen-2011.toml)
already holds: a test removes an observation from a copy of it by hand (as text) and adds
it back with the values the file had, so no number in these tests is made up.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from filelock import FileLock

from helpers import (
    DATA,
    OBS_HEADER,
    add_args,
    edit,
    frozen_text,
    invoke,
    line_of,
    remove_observation,
)
from scorecard.cli import app
from scorecard.edit.add import NewObservation, plan_add
from scorecard.edit.layout import edit_hazards
from scorecard.load import bundled_data_path, check_file

if TYPE_CHECKING:
    from typer.testing import CliRunner, Result

    from helpers import WriteData

#: The order `add` writes an observation's keys in.
KEY_ORDER = (
    "year",
    "value",
    "at_least",
    "at_most",
    "low",
    "high",
    "level",
    "period",
    "source",
    "quote",
    "page",
    "section",
    "external",
    "url",
    "note",
)


def observation(text: str, indicator: str, year: int) -> dict[str, Any]:
    """The observation as the file holds it, parsed."""
    for item in tomllib.loads(text)["indicators"]:
        if item["id"] == indicator:
            for obs in item.get("observations", []):
                if obs["year"] == year:
                    return dict(obs)
    raise AssertionError(f"{indicator} {year} not in the file")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    # The data holds no control characters, so a JSON string is a TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def expected_block(obs: dict[str, Any]) -> str:
    """The lines `add` inserts, with the blank line that separates tables."""
    lines = ["", OBS_HEADER]
    lines += [f"{k} = {toml_value(obs[k])}" for k in KEY_ORDER if k in obs]
    return "\n".join(lines) + "\n"


def add(runner: CliRunner, *args: str, data: str = DATA) -> Result:
    return invoke(runner, "add", *args, "--data", data)


def leftovers(folder: Path) -> set[str]:
    """Files in `folder` other than data files and their lock files: temp files."""
    return {
        p.name for p in folder.iterdir() if not p.name.endswith((".toml", ".lock")) and p.is_file()
    }


# --- every byte kept -------------------------------------------------------------------------

#: Hand-written additions to the frozen file: comments above, inside and after
#: observations, a trailing comment on a key and an extra blank line.
HAND_EDITS = (
    (
        'id = "most-wanted-captured"\n',
        'id = "most-wanted-captured"\n# Counted from the March 2009 list.\n',
    ),
    ("year = 2011\nvalue = 20.0\n", "year = 2011\nvalue = 20.0  # the paper's own count\n"),
    (
        f"\n{OBS_HEADER}\nyear = 2016\nvalue = 33.0\n",
        f"\n\n# Checked again in 2016:\n{OBS_HEADER}\nyear = 2016\nvalue = 33.0\n",
    ),
    (
        "# Pillar 2: strengthening the institutions for rule of law\n",
        "# Pillar 2: strengthening the institutions for rule of law\n# (hand-added comment)\n",
    ),
)


def with_hand_edits(text: str) -> str:
    return edit(text, *HAND_EDITS)


@pytest.mark.parametrize(
    ("indicator", "year"),
    [
        ("most-wanted-captured", 2012),  # between two years, next to hand comments
        ("most-wanted-captured", 2009),  # before the first observation
        ("most-wanted-captured", 2024),  # after the last, before the next indicator
        ("dollar-transaction-limits", 2011),  # the only one, before a section banner
        ("oc-homicides", 2011),  # an at_least with a period
        ("illicit-flows", 2014),  # a range
        ("time-to-impact", 2011),  # the last observation of the file
    ],
)
def test_add_then_delete_the_added_lines_gives_back_the_original_bytes(
    runner: CliRunner, write_data: WriteData, indicator: str, year: int
) -> None:
    frozen = with_hand_edits(frozen_text())
    obs = observation(frozen, indicator, year)
    before = remove_observation(frozen, indicator, year)
    path = write_data(before)

    result = add(runner, *add_args(indicator, obs))

    assert result.exit_code == 0, result.output
    after = path.read_bytes().decode("utf-8")
    block = expected_block(obs)
    assert after.count(block) == 1, after
    assert after.replace(block, "", 1) == before
    # The observation is back with exactly its values, in year order.
    assert tomllib.loads(after) == tomllib.loads(frozen)
    assert result.stdout.startswith(f"{indicator} {year}: (none) -> ")
    assert result.stderr == f"wrote {DATA}\n"


def test_hand_comments_stay_where_they_were(runner: CliRunner, write_data: WriteData) -> None:
    frozen = with_hand_edits(frozen_text())
    obs = observation(frozen, "most-wanted-captured", 2012)
    path = write_data(remove_observation(frozen, "most-wanted-captured", 2012))

    assert add(runner, *add_args("most-wanted-captured", obs)).exit_code == 0

    after = path.read_text(encoding="utf-8")
    # The comment above the 2016 observation is still right above it, after the new one.
    new_at = after.index(f"{OBS_HEADER}\nyear = 2012\n")
    comment_at = after.index(f"# Checked again in 2016:\n{OBS_HEADER}\nyear = 2016\n")
    assert after.index(f"{OBS_HEADER}\nyear = 2011\n") < new_at < comment_at
    assert "value = 20.0  # the paper's own count\n" in after


def test_output_says_what_changed(runner: CliRunner, write_data: WriteData) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "oc-homicides", 2011)
    write_data(remove_observation(frozen, "oc-homicides", 2011))

    result = add(runner, *add_args("oc-homicides", obs))

    assert result.exit_code == 0
    assert result.stdout == (
        "oc-homicides 2011: (none) -> at least 12,903 killings a year "
        "(covers January-September only)\n"
    )


def test_crlf_line_ends_are_kept(runner: CliRunner, write_data: WriteData) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    before = remove_observation(frozen, "most-wanted-captured", 2012).replace("\n", "\r\n")
    path = write_data(before)

    assert add(runner, *add_args("most-wanted-captured", obs)).exit_code == 0

    after = path.read_bytes().decode("utf-8")
    assert after.count("\n") == after.count("\r\n")
    assert after.replace(expected_block(obs).replace("\n", "\r\n"), "", 1) == before


def test_byte_order_mark_is_kept(runner: CliRunner, write_data: WriteData) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    before = "\ufeff" + remove_observation(frozen, "most-wanted-captured", 2012)
    path = write_data(before)

    assert add(runner, *add_args("most-wanted-captured", obs)).exit_code == 0

    after = path.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff")
    assert after.replace(expected_block(obs), "", 1) == before


def test_header_lookalikes_inside_a_multiline_string(
    runner: CliRunner, write_data: WriteData
) -> None:
    """Lines of a multi-line string that look like headers or comments are text."""
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    before = remove_observation(frozen, "most-wanted-captured", 2012)
    tricky = 'note = """\n[[indicators.observations]]\n# not a comment\n\n[[indicators]]\n"""\n'
    old = 'note = "25 captured plus 8 killed = 33, as of 8 January 2016 (from an older copy of the article)."\n'  # noqa: E501
    assert before.count(old) == 1
    before = before.replace(old, tricky)
    path = write_data(before)

    assert add(runner, *add_args("most-wanted-captured", obs)).exit_code == 0

    after = path.read_text(encoding="utf-8")
    assert after.replace(expected_block(obs), "", 1) == before
    years = [o["year"] for o in _indicator(after, "most-wanted-captured")["observations"]]
    assert years == [2009, 2011, 2012, 2016, 2024]


def _indicator(text: str, ident: str) -> dict[str, Any]:
    found = next(i for i in tomllib.loads(text)["indicators"] if i["id"] == ident)
    assert isinstance(found, dict)
    return found


def test_key_order_and_page_numbers(runner: CliRunner, write_data: WriteData) -> None:
    """Keys come in reading order; a plain page number is stored as a number."""
    frozen = frozen_text()
    path = write_data(remove_observation(frozen, "illicit-flows", 2014))
    obs = observation(frozen, "illicit-flows", 2014)

    result = add(runner, *add_args("illicit-flows", obs), "--page", "12", "--period", "2014")

    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{OBS_HEADER}\nyear = 2014\n")
    block = text[start : text.index("\n\n", start)]
    keys = [line.split(" = ")[0] for line in block.split("\n")[1:] if " = " in line]
    assert keys == [
        "year",
        "low",
        "high",
        "period",
        "source",
        "quote",
        "page",
        "external",
        "url",
        "note",
    ]
    assert "\npage = 12\n" in block


def test_a_limit_closes_an_open_bound(runner: CliRunner, write_data: WriteData) -> None:
    """`--limit` and `--limit-rationale` are written after the bound, and the bound is then
    scored as a range, up to the limit (docs/methodology.md, "One-sided bounds")."""
    path = write_data(frozen_text())
    rationale = "The highest year the federal database records."
    bound = ["--at-least", "12000", "--limit", "20000", "--limit-rationale", rationale]
    args = ["oc-homicides", "--year", "2012", "--source", "selee-olson-2011", *bound]

    result = add(runner, *args, "--quote", "more than 12,000")

    assert result.exit_code == 0, result.output
    assert "(limit 20,000)" in result.stdout
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{OBS_HEADER}\nyear = 2012\nat_least = 12000.0\n")
    block = text[start : text.index("\n\n", start)]
    assert block.split("\n")[2:5] == [
        "at_least = 12000.0",
        "limit = 20000.0",
        f'limit_rationale = "{rationale}"',
    ]
    shown = json.loads(invoke(runner, "show", "--json", "--year", "2012", "--data", DATA).stdout)
    rows = [i for p in shown["pillars"] for i in p["indicators"]]
    evidence = next(i["evidence"] for i in rows if i["id"] == "oc-homicides")
    assert (evidence["kind"], evidence["limit"]) == ("at_least", 20000.0)


def test_page_that_is_not_a_number_is_text() -> None:
    table = NewObservation(year=2011, source="s", value=1.0, page="12-13").table()
    assert table["page"] == "12-13"


def test_replace_overwrites_the_year_and_keeps_what_follows(
    runner: CliRunner, write_data: WriteData
) -> None:
    frozen = frozen_text()
    path = write_data(frozen)
    # The 2011 figure, given again with the quote only: the old table's lines are replaced.
    obs = observation(frozen, "most-wanted-captured", 2011)
    args = [
        "most-wanted-captured",
        "--year",
        "2011",
        "--value",
        "20",
        "--source",
        obs["source"],
        "--quote",
        obs["quote"],
    ]

    refused = add(runner, *args)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "most-wanted-captured already has an observation for 2011 (20 leaders); "
        "pass --replace to overwrite it\n"
    )
    assert path.read_text(encoding="utf-8") == frozen

    result = add(runner, *args, "--replace")

    assert result.exit_code == 0, result.output
    # The old observation's section and note are kept (same source, none given), and said.
    assert set(obs) == {"year", "value", "source", "quote", "section", "note"}
    assert result.stdout == (
        "most-wanted-captured 2011: 20 leaders -> 20 leaders\n"
        f"  section: kept {obs['section']!r}\n"
        f"  note: kept {obs['note'][:57] + '...'!r}\n"  # cut to 60 characters
    )
    after = path.read_text(encoding="utf-8")
    old_start = frozen.index(f"{OBS_HEADER}\nyear = 2011\nvalue = 20.0\n")
    old_end = frozen.index("\n\n", old_start) + 1
    new_block = after[old_start : after.index("\n\n", old_start) + 1]
    assert after == frozen[:old_start] + new_block + frozen[old_end:]
    assert observation(after, "most-wanted-captured", 2011) == obs


def test_dry_run_prints_the_change_and_writes_nothing(
    runner: CliRunner, write_data: WriteData, workdir: Path
) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    before = remove_observation(frozen, "most-wanted-captured", 2012)
    path = write_data(before)

    result = add(runner, *add_args("most-wanted-captured", obs), "--dry-run")

    assert result.exit_code == 0
    assert result.stdout == "most-wanted-captured 2012: (none) -> 25 leaders\n"
    assert result.stderr == ""
    assert path.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in workdir.iterdir()) == [DATA]


def test_add_to_a_blank_scorecard(runner: CliRunner, workdir: Path) -> None:
    assert runner.invoke(app, ["init", "--blank"]).exit_code == 0
    path = workdir / "scorecard.toml"
    before = path.read_text(encoding="utf-8")

    # Shape only: a level of the skeleton's scale, with no figure behind it.
    result = invoke(
        runner,
        "add",
        "first-indicator",
        "--year",
        "2011",
        "--level",
        "proposed",
        "--source",
        "main-source",
        "--quote",
        "the strategy is only now taking shape",
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == "first-indicator 2011: (none) -> Proposed\n"
    after = path.read_text(encoding="utf-8")
    assert after == before + (
        f'\n{OBS_HEADER}\nyear = 2011\nlevel = "proposed"\nsource = "main-source"\n'
        'quote = "the strategy is only now taking shape"\n'
    )
    doc, errors, _ = check_file(path)
    assert doc is not None and not errors


def test_new_warnings_are_shown(runner: CliRunner, write_data: WriteData) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    obs.pop("quote")
    write_data(remove_observation(frozen, "most-wanted-captured", 2012))

    result = add(runner, *add_args("most-wanted-captured", obs))

    assert result.exit_code == 0
    warning, wrote = result.stderr.splitlines()
    assert warning.startswith(f"{DATA}:")
    assert warning.endswith(
        "indicator most-wanted-captured: observations[2012]: warning: no quote: "
        "the evidence behind this figure is not shown"
    )
    assert wrote == f"wrote {DATA}"


def test_permission_bits_are_kept(runner: CliRunner, write_data: WriteData) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    path = write_data(remove_observation(frozen, "most-wanted-captured", 2012))
    path.chmod(0o640)

    assert add(runner, *add_args("most-wanted-captured", obs)).exit_code == 0

    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_symlink_stays_a_symlink(runner: CliRunner, workdir: Path) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    real = workdir / "real.toml"
    real.write_text(remove_observation(frozen, "most-wanted-captured", 2012), encoding="utf-8")
    (workdir / DATA).symlink_to(real.name)

    assert add(runner, *add_args("most-wanted-captured", obs)).exit_code == 0

    assert (workdir / DATA).is_symlink()
    assert tomllib.loads(real.read_text(encoding="utf-8")) == tomllib.loads(frozen)


# --- the change shows in diff ----------------------------------------------------------------


def _diff_2011_2012(runner: CliRunner) -> dict[str, Any]:
    result = invoke(runner, "diff", "2011", "2012", "--format", "json", "--data", DATA)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    found = next(i for i in report["indicators"] if i["id"] == "most-wanted-captured")
    assert isinstance(found, dict)
    return found


def test_diff_shows_the_added_evidence(runner: CliRunner, write_data: WriteData) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    write_data(remove_observation(frozen, "most-wanted-captured", 2012))
    without = _diff_2011_2012(runner)
    assert without["to"]["evidence"]["year"] == 2011
    assert without["score_change"]["verdict"] == "no_new_data"

    assert add(runner, *add_args("most-wanted-captured", obs)).exit_code == 0

    change = _diff_2011_2012(runner)
    evidence = change["to"]["evidence"]
    assert evidence["year"] == 2012
    assert evidence["value"] == 25.0
    assert evidence["source"] == "wikipedia-most-wanted-2009"
    assert evidence["quote"] == obs["quote"]
    assert evidence["external"] is True
    assert evidence["url"] == obs["url"]
    assert change["from"]["evidence"]["year"] == 2011
    assert change["score_change"]["verdict"] == "improved"


# --- bad input: a clear line, the right exit code, the file untouched ------------------------

MOST_WANTED_2012 = [
    "--year",
    "2012",
    "--source",
    "wikipedia-most-wanted-2009",
    "--external",
    "--url",
    "https://wikimili.com/en/2009_Mexico_most-wanted_drug_lords",
]
STAGE_2011 = ["--year", "2012", "--source", "selee-olson-2011"]

BAD_INPUT: dict[str, tuple[list[str], str]] = {
    "unknown indicator, close to one": (
        ["most-wanted-capture", "--value", "25", *MOST_WANTED_2012],
        "unknown indicator 'most-wanted-capture'; did you mean 'most-wanted-captured'?",
    ),
    "unknown indicator, lists some": (
        ["gdp", "--value", "25", *MOST_WANTED_2012],
        "unknown indicator 'gdp'; known: oc-homicides, most-wanted-captured, "
        "intelligence-sharing, arms-trafficking-effort, long-gun-reporting, illicit-flows, "
        "money-laundering-strategy, asset-forfeiture-law, ... (37 in all)",
    ),
    "unknown source": (
        ["long-gun-reporting", "--level", "adopted", "--year", "2012", "--source", "selee"],
        "unknown source 'selee'; did you mean 'selee-olson-2011'?",
    ),
    "unknown level": (
        ["long-gun-reporting", "--level", "enacted", *STAGE_2011],
        "unknown level 'enacted' for long-gun-reporting (scale 'policy-stage'); known: none, "
        "proposed, adopted, partial, implemented",
    ),
    "a number for an ordinal indicator": (
        ["long-gun-reporting", "--value", "1", *STAGE_2011],
        "indicator 'long-gun-reporting' is ordinal (scale 'policy-stage'): give --level "
        "(one of none, proposed, adopted, partial, implemented), not a number",
    ),
    "a level for a numeric indicator": (
        ["most-wanted-captured", "--level", "adopted", *MOST_WANTED_2012],
        "indicator 'most-wanted-captured' takes a number (--value, --at-least, --at-most or "
        "--range), not --level (its scoring method is 'target', not 'ordinal')",
    ),
    "two value forms": (
        ["most-wanted-captured", "--value", "25", "--at-least", "25", *MOST_WANTED_2012],
        "give exactly one of --value, --at-least, --at-most, --range, --level "
        "(got --value and --at-least)",
    ),
    "no value": (
        ["most-wanted-captured", *MOST_WANTED_2012],
        "give exactly one of --value, --at-least, --at-most, --range, --level (got none)",
    ),
    "nan": (
        ["most-wanted-captured", "--value", "nan", *MOST_WANTED_2012],
        "--value must be a finite number (got nan)",
    ),
    "infinity": (
        ["most-wanted-captured", "--at-least", "inf", *MOST_WANTED_2012],
        "--at-least must be a finite number (got inf)",
    ),
    "nan in a range": (
        ["illicit-flows", "--range", "19", "nan", *MOST_WANTED_2012],
        "--range must be a finite number (got nan)",
    ),
    "low above high": (
        ["illicit-flows", "--range", "29", "19", *MOST_WANTED_2012],
        "--range: LOW (29) is greater than HIGH (19)",
    ),
    "year out of range": (
        ["most-wanted-captured", "--value", "25", *MOST_WANTED_2012, "--year", "1812"],
        "--year must be between 1900 and 2100 (got 1812)",
    ),
    "external without url": (
        [*MOST_WANTED_2012[:4], "most-wanted-captured", "--value", "25", "--external"],
        "--external needs --url: the address the figure was checked against",
    ),
    "another source, not marked external": (
        [*MOST_WANTED_2012[:4], "most-wanted-captured", "--value", "25"],
        "source 'wikipedia-most-wanted-2009' is not the file's primary source "
        "('selee-olson-2011'): mark the figure with --external --url URL (the address it "
        "was checked against)",
    ),
    "a limit without its rationale": (
        ["oc-homicides", "--at-least", "12000", "--limit", "20000", *STAGE_2011],
        "a --limit needs a --limit-rationale saying why it is plausible",
    ),
    "a limit on an exact value": (
        ["oc-homicides", "--value", "12000", "--limit", "2", "--limit-rationale", "r", *STAGE_2011],
        "--limit closes an open bound: it goes with --at-least or --at-most",
    ),
    "a limit inside the bound": (
        [
            "oc-homicides",
            "--at-least",
            "12000",
            "--limit",
            "100",
            "--limit-rationale",
            "r",
            *STAGE_2011,
        ],
        "--limit (100) is below --at-least (12000): it must be the highest plausible value",
    ),
    "existing year without --replace": (
        ["most-wanted-captured", "--value", "25", *MOST_WANTED_2012, "--year", "2016"],
        "most-wanted-captured already has an observation for 2016 (33 leaders); "
        "pass --replace to overwrite it",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
def test_bad_input_is_one_clear_line_and_changes_nothing(
    runner: CliRunner, write_data: WriteData, workdir: Path, case: str
) -> None:
    args, message = BAD_INPUT[case]
    frozen = frozen_text()
    path = write_data(frozen)

    result = add(runner, *args)

    assert result.exit_code == 2, result.output
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert path.read_bytes() == frozen.encode("utf-8")
    assert leftovers(workdir) == set()


def test_the_bundled_dataset_is_never_edited(runner: CliRunner, workdir: Path) -> None:
    bundled = bundled_data_path()
    before = bundled.read_bytes()

    # No --data, no $SCORECARD_DATA, no ./scorecard.toml: the bundled file would be used.
    result = invoke(runner, "add", "most-wanted-captured", "--value", "25", *MOST_WANTED_2012)

    assert result.exit_code == 2
    assert result.stderr == (
        f"refusing to edit the bundled dataset ({bundled}); run `scorecard init` to make your "
        "own copy (./scorecard.toml), then add to that\n"
    )
    assert bundled.read_bytes() == before
    assert not Path(str(bundled) + ".lock").exists()


def test_missing_file(runner: CliRunner, workdir: Path) -> None:
    result = add(runner, "most-wanted-captured", "--value", "25", *MOST_WANTED_2012, data="no.toml")

    assert result.exit_code == 2
    assert result.stderr == "no.toml: no such file\n"
    assert list(workdir.iterdir()) == []


def test_directory(runner: CliRunner, workdir: Path) -> None:
    (workdir / "folder").mkdir()

    result = add(runner, "most-wanted-captured", "--value", "25", *MOST_WANTED_2012, data="folder")

    assert result.exit_code == 2
    assert result.stderr == "folder: is a directory, not a data file\n"
    assert [p.name for p in workdir.iterdir()] == ["folder"]


def test_an_invalid_file_is_exit_3_with_its_problems(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    broken = valid_toml.replace("value = 18.0", "value = nan")
    path = write_data(broken)

    result = add(runner, "homicides", "--year", "2012", "--value", "16", "--source", "report")

    assert result.exit_code == 3
    line = line_of(broken, "value = nan")
    assert result.stderr == (
        f"{DATA}:{line}: indicator homicides: observations[2010].value: must be a finite "
        "number (nan and inf are not allowed)\n"
    )
    assert path.read_text(encoding="utf-8") == broken


def test_a_change_that_breaks_a_cross_check_is_refused(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    """Checked with the same rules as `validate`: here, a log scale and a value of zero."""
    path = write_data(valid_toml)
    args = ["exports", "--year", "2011", "--value", "0", "--source", "stats", "--external"]

    result = add(runner, *args, "--url", "https://example.org/stats/2011")

    assert result.exit_code == 2
    text = path.read_text(encoding="utf-8")
    assert text == valid_toml
    problem, summary = result.stderr.splitlines()
    assert problem.endswith(
        "indicator exports: observations[2011]: a log scale needs positive values"
    )
    assert summary == f"{DATA}: the change would make the file invalid; nothing was written"


# --- writing: atomic, locked -----------------------------------------------------------------


@pytest.mark.parametrize("step", ["replace", "fsync"])
def test_a_failed_write_leaves_the_file_and_no_temp_file(
    runner: CliRunner,
    write_data: WriteData,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    before = remove_observation(frozen, "most-wanted-captured", 2012)
    path = write_data(before)

    def fail(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched:
        patched.setattr(os, step, fail)
        result = add(runner, *add_args("most-wanted-captured", obs))

    assert result.exit_code == 2
    assert result.stderr == (
        f"{DATA}: cannot write: No space left on device; the file was not changed\n"
    )
    assert path.read_bytes() == before.encode("utf-8")
    assert leftovers(workdir) == set()


def test_a_read_only_file_is_not_replaced(
    runner: CliRunner, write_data: WriteData, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    before = remove_observation(frozen, "most-wanted-captured", 2012)
    path = write_data(before)

    real_access = os.access

    def read_only(target: Any, mode: int, **kwargs: Any) -> bool:
        return False if mode & os.W_OK else real_access(target, mode, **kwargs)

    # As if the file were read-only for this user (root may write anything, so fake it).
    with monkeypatch.context() as patched:
        patched.setattr(os, "access", read_only)
        result = add(runner, *add_args("most-wanted-captured", obs))

    assert result.exit_code == 2
    assert result.stderr == f"{DATA}: the file is read-only; nothing was written\n"
    assert path.read_bytes() == before.encode("utf-8")
    assert leftovers(workdir) == set()


def test_lock_held_too_long_is_exit_4(
    runner: CliRunner, write_data: WriteData, workdir: Path
) -> None:
    frozen = frozen_text()
    path = write_data(frozen)
    args = ["most-wanted-captured", "--value", "25", *MOST_WANTED_2012, "--year", "2013"]

    with FileLock(str((workdir / DATA).resolve()) + ".lock"):
        result = add(runner, *args, "--lock-timeout", "0.2")

    assert result.exit_code == 4
    assert result.stderr == (
        f"{DATA}: another process is editing this file (waited 0.2 s for {DATA}.lock); "
        "try again when it has finished\n"
    )
    assert path.read_text(encoding="utf-8") == frozen


# --- layouts the editor cannot keep ----------------------------------------------------------

INLINE = """\
[scorecard]
title = "Inline"

[[sources]]
id = "report"
title = "The report"

[[pillars]]
id = "safety"
name = "Safety"

[[indicators]]
id = "killings"
pillar = "safety"
name = "Killings"
scoring = { method = "none" }
observations = [
  { year = 2010, value = 3.0, source = "report", quote = "three" },
]

[[indicators]]
id = "arrests"
pillar = "safety"
name = "Arrests"
scoring = { method = "none" }
"""


def test_edit_hazards_names_inline_observations() -> None:
    line = INLINE.count("\n", 0, INLINE.index("observations = [")) + 1

    hazards = edit_hazards(INLINE, DATA)

    assert [p.one_line() for p in hazards] == [
        f"{DATA}:{line}: indicator killings: observations: warning: observations are written as "
        "an inline array (`observations = [...]`); `scorecard add` can only edit one "
        "[[indicators.observations]] table per observation, so it will refuse to change "
        "this indicator"
    ]


def test_edit_hazards_names_inline_indicators() -> None:
    # At the top, before any table header, so that it is the top-level `indicators`.
    inline = '{ id = "a", pillar = "safety", name = "A", scoring = { method = "none" } }'
    text = f"indicators = [{inline}]\n" + INLINE.split("[[indicators]]")[0]

    hazards = edit_hazards(text, DATA)

    assert len(hazards) == 1
    assert hazards[0].field == "indicators"
    assert hazards[0].severity == "warning"


def test_no_hazards_in_the_shipped_file_or_the_fixture(valid_toml: str) -> None:
    assert edit_hazards(frozen_text(), DATA) == []
    assert edit_hazards(valid_toml, DATA) == []
    assert edit_hazards("not = [toml", DATA) == []


def test_add_refuses_an_indicator_it_cannot_edit_exactly(
    runner: CliRunner, write_data: WriteData
) -> None:
    path = write_data(INLINE)

    refused = add(runner, "killings", "--year", "2011", "--value", "3", "--source", "report")

    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        f"{DATA}: cannot add to 'killings' without rewriting it: observations are written as "
        "an inline array"
    )
    assert path.read_text(encoding="utf-8") == INLINE

    # Another indicator of the same file is fine.
    args = ["arrests", "--year", "2010", "--value", "3", "--source", "report", "--quote", "x"]
    assert add(runner, *args).exit_code == 0


def test_plan_add_is_pure() -> None:
    """The library computes the new text without touching any file."""
    frozen = frozen_text()
    before = remove_observation(frozen, "most-wanted-captured", 2012)
    obs = observation(frozen, "most-wanted-captured", 2012)
    new = NewObservation(
        year=2012,
        source=obs["source"],
        value=obs["value"],
        quote=obs["quote"],
        external=True,
        url=obs["url"],
        note=obs["note"],
    )

    result = plan_add(before, DATA, "most-wanted-captured", new)

    assert not result.written
    assert result.before is None
    assert result.after == "25 leaders"
    assert result.text.replace(expected_block(obs), "", 1) == before


def test_a_splice_that_would_change_other_data_is_never_written(
    runner: CliRunner, write_data: WriteData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net: whatever the scanner gets wrong is caught by parsing the result."""
    import scorecard.edit.layout

    frozen = frozen_text()
    obs = observation(frozen, "most-wanted-captured", 2012)
    before = remove_observation(frozen, "most-wanted-captured", 2012)
    path = write_data(before)

    # As if the scanner had misplaced the end of a table: the block would land at the top.
    with monkeypatch.context() as patched:
        patched.setattr(scorecard.edit.layout.Layout, "content_end", lambda self, pos: 0)
        result = add(runner, *add_args("most-wanted-captured", obs))

    assert result.exit_code == 2
    assert result.stderr == (
        f"{DATA}: cannot add to 'most-wanted-captured' without rewriting other lines (an "
        "unusual layout around it); nothing was written. Add the observation by hand.\n"
    )
    assert path.read_text(encoding="utf-8") == before
