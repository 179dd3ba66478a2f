"""`scorecard validate` on files that are not scorecards at all, or cannot be read.

Every case must end with exit 1 (the file was read and is not valid) or 2 (it could not be
read), one clear line naming the file, and no traceback.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

from helpers import DATA, line_of
from scorecard import tomltext

if TYPE_CHECKING:
    from helpers import Validate, WriteData

INVALID_1 = f"{DATA}: invalid: 1 error(s), 0 warning(s)"


# --- not TOML -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[scorecard]\ntitle = "unclosed\n', 2),
        ("[scorecard]\ntitle\n", 2),
        ('[scorecard]\ntitle = "a"\ntitle = "b"\n', 3),
        ('[scorecard]\ntitle = "a"\n\n[scorecard]\n', 4),
        ("[[sources]\n", 1),
        # tomllib notices this only at the end of the file, and gives no line.
        ('[scorecard]\ntitle = "a"\ndescription = """never closed\n\n\n', None),
        ("a = [1, 2\nb = 3\n", 2),
        ("a = 1 2\n", 1),
        ("x = 2010-13-45\n", 1),
    ],
    ids=[
        "unclosed string",
        "key without value",
        "duplicate key",
        "duplicate table",
        "broken header",
        "unclosed multi-line string",
        "unclosed array",
        "two values",
        "bad date",
    ],
)
def test_malformed_toml_names_file_and_line(
    write_data: WriteData, validate: Validate, text: str, line: int | None
) -> None:
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    problem, summary = result.stdout.splitlines()
    assert summary == INVALID_1
    if line is None:
        assert problem == f"{DATA}: not valid TOML: Unterminated string (at end of document)"
        return
    assert problem.startswith(f"{DATA}:{line}: not valid TOML: ")
    assert problem.endswith(")")
    assert "(column " in problem


@pytest.mark.parametrize("content", ["", "\n", "  \n\t\n", "\r\n\r\n"], ids=repr)
def test_empty_file(write_data: WriteData, validate: Validate, content: str) -> None:
    write_data(content)
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout == f"{DATA}: the file is empty\n{INVALID_1}\n"


@pytest.mark.parametrize("seed", range(5))
def test_binary_junk(write_data: WriteData, validate: Validate, seed: int) -> None:
    junk = b"\x00" + random.Random(seed).randbytes(2048) + b"\x00\xff"
    write_data(junk)
    result = validate(DATA)
    assert result.exit_code == 1
    problem, summary = result.stdout.splitlines()
    assert problem.startswith(f"{DATA}:")
    assert "not UTF-8 text (byte 0x" in problem or "not valid TOML" in problem
    assert summary == INVALID_1


def test_nul_bytes_in_utf8_text(write_data: WriteData, validate: Validate) -> None:
    write_data('[scorecard]\ntitle = "a\x00b"\n')
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{DATA}:2: not valid TOML: ")
    assert "\x00" not in result.stdout


def test_non_utf8_byte_names_its_line(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    raw = valid_toml.replace("The report", "The r\xe9port").encode("latin-1")
    write_data(raw)
    result = validate(DATA)
    assert result.exit_code == 1
    line = line_of(valid_toml, "The report")
    assert result.stdout == f"{DATA}:{line}: not UTF-8 text (byte 0xe9)\n{INVALID_1}\n"


def test_utf16_file(write_data: WriteData, validate: Validate, valid_toml: str) -> None:
    write_data(valid_toml.encode("utf-16"))
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout == f"{DATA}:1: not UTF-8 text (byte 0xff)\n{INVALID_1}\n"


def test_utf8_byte_order_mark_is_accepted(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    write_data(b"\xef\xbb\xbf" + valid_toml.encode("utf-8"))
    result = validate(DATA)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{DATA}: valid: ")


@pytest.mark.parametrize("depth", [100, 1_000, 10_000])
@pytest.mark.parametrize(
    ("opening", "closing"), [("[", "]"), ("{ a = ", " }")], ids=["arrays", "inline tables"]
)
def test_deep_nesting(
    write_data: WriteData, validate: Validate, depth: int, opening: str, closing: str
) -> None:
    write_data(f"x = {opening * depth}1{closing * depth}\n")
    result = validate(DATA)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith(f"{DATA}: invalid: ")
    assert all(line.startswith(f"{DATA}") for line in lines)
    if depth >= 1_000:
        assert lines[0] == f"{DATA}: arrays or inline tables are nested too deeply to be read"


def test_deep_nesting_in_a_known_key(write_data: WriteData, validate: Validate) -> None:
    write_data('[[sources]]\nid = "a"\ntitle = "t"\nauthors = ' + "[" * 10_000 + "]" * 10_000)
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{DATA}: arrays or inline tables are nested too deeply to be read"
    )


# --- wrong shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# nothing here yet\n",
            [
                f"{DATA}: scorecard: required key is missing",
                f"{DATA}: sources: required key is missing",
                f"{DATA}: pillars: required key is missing",
                f"{DATA}: invalid: 3 error(s), 0 warning(s)",
            ],
        ),
        (
            '[scorecard]\ntitle = "Only a title"\n',
            [
                f"{DATA}: sources: required key is missing",
                f"{DATA}: pillars: required key is missing",
                f"{DATA}: invalid: 2 error(s), 0 warning(s)",
            ],
        ),
        (
            "scorecard = 5\nsources = 'x'\npillars = [1, 2]\nindicators = { a = 1 }\n",
            [
                f"{DATA}:1: scorecard: must be a table (got int 5)",
                f"{DATA}:2: sources: must be an array (got str 'x')",
                f"{DATA}:3: pillar #1 (no id): must be a table (got int 1)",
                f"{DATA}:3: pillar #2 (no id): must be a table (got int 2)",
                f"{DATA}:4: indicators: must be an array (got a table)",
                f"{DATA}: invalid: 5 error(s), 0 warning(s)",
            ],
        ),
    ],
    ids=["comment only, not a scorecard", "missing top-level tables", "wrong shapes at the top"],
)
def test_top_level_problems_are_each_named(
    write_data: WriteData, validate: Validate, text: str, expected: list[str]
) -> None:
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == expected


def test_singular_table_name_is_an_unknown_key(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    text = valid_toml.replace('[[indicators]]\nid = "reform"', '[[indicator]]\nid = "reform"')
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    line = line_of(text, "[[indicator]]")
    assert result.stdout.splitlines()[0] == (
        f"{DATA}:{line}: indicator: unknown key (check the spelling; see docs/data-format.md)"
    )


def test_terminal_controls_in_the_file_are_not_printed(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    text = valid_toml.replace('id = "reform"', 'id = "re\\u001b]0;pwned\\u0007\\u001b[2Jform"')
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    line = line_of(text, "]0;pwned")
    assert result.stdout.startswith(f"{DATA}:{line}: indicator ")
    json_out = validate(DATA, "--format", "json").stdout
    assert "\x1b" not in json_out


# --- cannot be read: exit 2 -----------------------------------------------------------------


def test_missing_file(validate: Validate) -> None:
    result = validate("missing.toml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "missing.toml: no such file"
    assert result.stdout == ""


def test_directory(validate: Validate, workdir: Path) -> None:
    (workdir / "adir").mkdir()
    for args in (("adir",), ("--data", "adir")):
        result = validate(*args)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[0] == "adir: is a directory, not a data file"


def test_path_through_a_file(write_data: WriteData, validate: Validate) -> None:
    write_data("x = 1\n")
    result = validate(f"{DATA}/inside.toml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{DATA}/inside.toml: cannot be read: ")


def test_permission_denied(
    write_data: WriteData, validate: Validate, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data("x = 1\n")

    def denied(self: Path, *args: object, **kwargs: object) -> NoReturn:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    result = validate(DATA)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{DATA}: permission denied"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(write_data: WriteData, validate: Validate) -> None:
    path = write_data("x = 1\n")
    path.chmod(0)
    try:
        result = validate(DATA)
    finally:
        path.chmod(0o600)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{DATA}: permission denied"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_device_is_refused(validate: Validate, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if 768 MiB of memory were available: /dev/zero is read up to 64 MiB.
    monkeypatch.setattr(tomltext, "available_memory", lambda: 768 * 2**20)
    result = validate("/dev/zero")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "/dev/zero: too large to read: more than 64 MiB and still going, which needs more "
        "memory once parsed than the 768 MiB available"
    )


def test_file_name_with_controls_is_printed_safely(validate: Validate) -> None:
    result = validate("bad\x1b[31mname.toml")
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "no such file" in result.stderr


def test_id_with_line_breaks_stays_on_one_line(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    text = valid_toml.replace('id = "reform"', 'id = """re\nform:\r\nfake.toml:1: ok"""')
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    for line in result.stdout.splitlines():
        assert line.startswith(f"{DATA}:"), line


def test_invalid_file_with_controls_in_its_name(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    name = "bad\x1b[31m\nname.toml"
    write_data(valid_toml.replace("weight = 2.0", "wieght = 2.0"), name)
    result = validate(name)
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert len(result.stdout.splitlines()) == 2
