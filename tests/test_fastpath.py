"""The start-up path: what `scorecard.fastpath` answers before the command line is imported
agrees with the command line, and no command pays for another's heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer.main
from hypothesis import given
from hypothesis import strategies as st

from helpers import TEST_BUNDLED, invoke, run_entry
from scorecard import fastpath, load
from scorecard.cli import ReportFormat, app

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData


def _show_command() -> Any:
    # Click's objects, by duck typing: some Typer releases bundle their own copy of Click.
    group: Any = typer.main.get_command(app)
    return group.commands["show"]


def test_grammar_matches_the_show_command() -> None:
    """Every spelling of every option of `show`, and whether it takes a value."""
    spellings: dict[str, str] = {}
    takes_value: set[str] = set()
    for param in _show_command().params:
        if type(param).__name__ != "TyperOption":
            continue
        for spelling in (*param.opts, *param.secondary_opts):
            spellings[spelling] = spelling
        if not param.is_flag:
            takes_value.update(param.opts)
    assert set(fastpath.SHOW_OPTIONS) == set(spellings)
    assert {s for s, name in fastpath.SHOW_OPTIONS.items() if name in fastpath.VALUE_OPTIONS} == (
        takes_value
    )
    assert {f.value for f in ReportFormat} == fastpath.FORMATS
    assert app.info.context_settings is not None
    assert set(app.info.context_settings["help_option_names"]) == fastpath.HELP_OPTIONS
    assert (fastpath.DATA_ENV, fastpath.LOCAL_NAME) == (load.ENV_VAR, load.LOCAL_NAME)


@pytest.mark.parametrize(
    ("args", "options", "data"),
    [
        ([], (None, (), False, "table"), None),
        (["--json"], (None, (), False, "json"), None),
        (["-f", "json"], (None, (), False, "json"), None),
        (["--format=json", "--json"], (None, (), False, "json"), None),
        (["-y", "2011", "--summary"], (2011, (), True, "table"), None),
        (
            ["-p", "b", "--pillar=a", "--data", "./x.toml"],
            (None, ("b", "a"), False, "table"),
            "./x.toml",
        ),
    ],
)
def test_requests_it_answers(
    args: list[str], options: tuple[object, ...], data: str | None
) -> None:
    request = fastpath.parse_show(args)
    assert request is not None
    assert request.options == fastpath.show_options(*options)  # type: ignore[arg-type]  # a tuple of the four arguments
    assert request.data == data
    assert request.no_cache is False
    assert fastpath.parse_show([*args, "--no-cache"]).no_cache is True  # type: ignore[union-attr]  # parsed above without it


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--no-cache", "--no-cache"],
        ["--year", "twenty"],
        ["--year", "-1"],
        ["--year", "2_011"],
        ["--year", "20110"],
        ["--format=csv", "--json"],
        ["--year"],
        ["--format", "xml"],
        ["--data", "a", "--data", "b"],
        ["--summary", "--summary"],
        ["--json=yes"],
        ["-fjson"],
        ["--pillar", "--json"],
        ["--data", ""],
        ["--", "x"],
        ["extra"],
    ],
)
def test_requests_it_leaves_to_the_command_line(args: list[str]) -> None:
    assert fastpath.parse_show(args) is None


@given(st.text(alphabet="/.ab", max_size=12).filter(bool))
def test_path_text_is_what_pathlib_prints(value: str) -> None:
    assert fastpath.path_text(value) == str(Path(value))


@pytest.mark.parametrize(
    "origin",
    ["--data", "$SCORECARD_DATA", "./scorecard.toml", "./scorecard.toml (a folder)", "bundled"],
)
def test_data_file_is_found_as_the_command_line_finds_it(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, origin: str
) -> None:
    option = None
    if origin == "--data":
        option = "./sub//x.toml"
    elif origin == "$SCORECARD_DATA":
        monkeypatch.setenv("SCORECARD_DATA", "elsewhere/./y.toml")
    elif origin == "./scorecard.toml":
        (workdir / "scorecard.toml").write_text("")
    elif origin == "./scorecard.toml (a folder)":
        (workdir / "scorecard.toml").mkdir()
        origin = "./scorecard.toml"
    elif os.environ.get(TEST_BUNDLED):
        pytest.skip("the tests' bundled dataset is redirected in-process only")
    expected = load.resolve_data_path(None if option is None else Path(option))
    assert expected.origin == origin
    assert fastpath.resolve_data(option) == (
        str(expected.path),
        expected.origin,
        expected.display(),
    )


def test_version_is_what_the_command_line_prints(runner: CliRunner) -> None:
    answered = fastpath.answer(["--version"])
    assert answered is not None
    assert answered.output is not None
    assert answered.output.stdout == invoke(runner, "--version").stdout


def _imported(cwd: Path, *args: str) -> set[str]:
    """The modules `python -m scorecard ARGS` imports, from `-X importtime`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_DATA")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scorecard", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_a_cached_show_imports_no_command_line_library(
    workdir: Path, write_data: WriteData, valid_toml: str
) -> None:
    data = str(write_data(valid_toml))
    first_modules = _imported(workdir, "show", "--json", "--data", data)
    first = {m.split(".")[0] for m in first_modules}
    # A first run computes the result through the library: Pydantic, not the command line,
    # and not the package metadata Pydantic would read to find plugins.
    assert "pydantic" in first
    assert "typer" not in first
    assert "importlib.metadata" not in first_modules
    repeat = _imported(workdir, "show", "--json", "--data", data)
    top = {m.split(".")[0] for m in repeat}
    assert not top & {"typer", "click", "pydantic", "pydantic_core", "rich", "tomllib", "tomli"}
    assert not repeat & {"typing", "pathlib", "re", "json", "hashlib", "dataclasses", "inspect"}
    assert _imported(workdir, "--version") & {"typer", "pathlib"} == set()


@pytest.mark.parametrize(
    "args", [("show", "--no-cache"), ("show", "--json", "--no-cache"), ("--help",)]
)
def test_show_does_not_pay_for_other_commands_heavy_imports(
    workdir: Path, write_data: WriteData, valid_toml: str, args: tuple[str, ...]
) -> None:
    data = ("--data", str(write_data(valid_toml))) if args[0] == "show" else ()
    top = {m.split(".")[0] for m in _imported(workdir, *args, *data)}
    assert not top & {"numpy", "jinja2", "playwright", "tomlkit", "filelock"}


@pytest.mark.parametrize(
    "args",
    [
        ("show",),
        ("show", "--json"),
        ("show", "--format", "ndjson", "--summary"),
        ("show", "-f", "csv", "--year", "2010"),
        ("show", "--format=markdown", "-p", "trade", "--pillar", "safety"),
        ("show", "--summary", "--no-cache"),
        # Errors: the start-up path gives up and the command line says what is wrong.
        ("show", "--pillar", "nowhere"),
        ("show", "--year", "1800"),
        ("show", "--year", "9999"),
    ],
)
def test_the_start_up_path_writes_what_the_command_line_writes(
    workdir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    runner: CliRunner,
    write_data: WriteData,
    valid_toml: str,
    args: tuple[str, ...],
) -> None:
    """A first run (cache miss), computed without Typer, and a repeat run (cache hit) write
    the bytes, and end with the exit code, of `show` run in full by the command line."""
    # A scale without a rationale: the file has a warning, so stderr has its line too.
    spare = '[[scales]]\nid = "spare"\nname = "Spare"\nlevels = [{ name = "a" }, { name = "b" }]\n'
    data = str(write_data(valid_toml + "\n" + spare))
    cache_dir = tmp_path_factory.mktemp("cache")
    full = invoke(runner, *args, "--data", data, "--no-cache")
    for _ in ("first", "repeat"):
        done = run_entry(workdir, cache_dir, *args, "--data", data)
        assert (done.returncode, done.stdout.decode(), done.stderr.decode()) == (
            full.exit_code,
            full.stdout,
            full.stderr,
        )
    assert full.stderr.startswith("scorecard: 1 warning(s)")


def test_an_error_is_not_cached(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory, write_data: WriteData, valid_toml: str
) -> None:
    data = str(write_data(valid_toml))
    cache_dir = tmp_path_factory.mktemp("cache")
    done = run_entry(workdir, cache_dir, "show", "--pillar", "nowhere", "--data", data)
    assert done.returncode != 0
    assert list(cache_dir.glob("*.entry")) == []


def test_pydantic_runs_without_plugins_and_its_loader_still_answers() -> None:
    """The entry point's stand-in for Pydantic's plugin loader finds no plugins, and any
    other name asked of it comes from the real loader."""
    code = """
import sys
from scorecard.entry import skip_pydantic_plugins
skip_pydantic_plugins()
from pydantic import BaseModel
class M(BaseModel):
    x: int
assert M(x=1).x == 1
assert "importlib.metadata" not in sys.modules
from pydantic.plugin._loader import get_plugins
assert list(get_plugins()) == []
from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP
assert PYDANTIC_ENTRY_POINT_GROUP == "pydantic"
assert "importlib.metadata" in sys.modules
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")
