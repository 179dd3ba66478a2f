"""Large files: refused only for want of memory, parsed by the fastest parser at hand, and
warnings that `show` only counts are not located line by line."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

import pytest

from helpers import invoke
from scorecard import tomltext
from scorecard.errors import DataInvalidError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from typer.testing import CliRunner

    from helpers import WriteData


def test_a_file_the_memory_cannot_hold_is_refused_before_it_is_read(
    runner: CliRunner,
    write_data: WriteData,
    valid_toml: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_data(valid_toml)
    size = (path).stat().st_size
    # Exactly one byte too little memory for this file, then exactly enough.
    monkeypatch.setattr(tomltext, "available_memory", lambda: (size - 1) * 12 + 11)
    result = invoke(runner, "show", "--data", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}: too large to read: 0 MiB of TOML needs about")
    assert "of memory once parsed, and 0 MiB is available" in result.stderr
    monkeypatch.setattr(tomltext, "available_memory", lambda: size * 12)
    assert invoke(runner, "show", "--data", str(path)).exit_code == 0


def test_available_memory_is_a_positive_number_of_bytes() -> None:
    assert tomltext.available_memory() > 0


def test_show_counts_warnings_without_locating_them(
    runner: CliRunner,
    write_data: WriteData,
    valid_toml: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Three quotes left out: three warnings, the same count validate finds with lines.
    text = valid_toml
    for quote in (
        'quote = "One hundred."\n',
        'quote = "Some progress."\n',
        'quote = "The rate was 18."\n',
    ):
        text = text.replace(quote, "")
    path = write_data(text)
    located = invoke(runner, "validate", str(path))
    assert located.stdout.count("warning: no quote") == 3

    def no_index(text: str) -> tomltext.LineIndex:
        raise AssertionError("show located a warning it only counts")

    monkeypatch.setattr(tomltext.LineIndex, "of", staticmethod(no_index))
    shown = invoke(runner, "show", "--json", "--data", str(path))
    assert shown.exit_code == 0
    assert shown.stderr.startswith(f"scorecard: 3 warning(s) in {path};")


@pytest.fixture
def stdlib_parser(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """scorecard.tomltext as imported where tomli is not installed."""
    monkeypatch.setitem(sys.modules, "tomli", None)
    fallback = importlib.reload(tomltext)
    yield fallback
    monkeypatch.delitem(sys.modules, "tomli")
    importlib.reload(tomltext)


def test_without_tomli_the_standard_library_parses_the_same(
    stdlib_parser: ModuleType, valid_toml: str
) -> None:
    import tomllib

    assert stdlib_parser.loads is tomllib.loads
    assert stdlib_parser.parse_toml(valid_toml, "x") == tomltext.parse_toml(valid_toml, "x")
    with pytest.raises(DataInvalidError) as raised:
        stdlib_parser.parse_toml("x = 1\ny = \n", "x")
    assert raised.value.problems[0].line == 2


def test_the_installed_parser_is_tomli_when_present() -> None:
    tomli = pytest.importorskip("tomli")
    assert getattr(tomltext, "loads") is tomli.loads  # noqa: B009  # not re-exported: mypy
