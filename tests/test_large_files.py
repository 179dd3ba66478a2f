"""Large files: refused only for want of memory, parsed by the fastest parser at hand,
warnings that `show` only counts are not located line by line, observations that share
what they can, and no cyclic collection while a file is parsed and validated."""

from __future__ import annotations

import gc
import importlib
import sys
from typing import TYPE_CHECKING

import pytest

from helpers import invoke
from scorecard import tomltext
from scorecard.errors import DataInvalidError
from scorecard.load import check_file, collector_paused
from scorecard.model import Observation

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


def test_observations_that_give_the_same_keys_share_one_set_of_names() -> None:
    given = {"year": 2010, "value": 1.0, "source": "report", "quote": "One."}
    first = Observation.model_validate(given)
    second = Observation.model_validate({**given, "year": 2011, "quote": "Two."})
    other = Observation.model_validate({"year": 2012, "at_least": 2.0, "source": "report"})
    assert first.model_fields_set == {"year", "value", "source", "quote"}
    assert first.model_fields_set is second.model_fields_set
    assert other.model_fields_set == {"year", "at_least", "source"}
    # A copy with changes gets a set of its own: the shared one is never changed in place.
    changed = first.model_copy(update={"note": "Noted."})
    assert changed.model_fields_set == {"year", "value", "source", "quote", "note"}
    assert second.model_fields_set == {"year", "value", "source", "quote"}


def test_a_file_is_parsed_and_validated_with_the_cyclic_collector_paused(
    write_data: WriteData, valid_toml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    parse = tomltext.parse_toml

    def watched(text: str, name: str) -> dict[str, object]:
        seen.append(gc.isenabled())
        return parse(text, name)

    monkeypatch.setattr("scorecard.load.parse_toml", watched)
    assert gc.isenabled()
    doc, errors, _ = check_file(write_data(valid_toml))
    assert doc is not None and not errors
    assert seen == [False]
    assert gc.isenabled()
    # A file that fails to parse leaves the collector as it found it, too.
    _, errors, _ = check_file(write_data("x = \n"))
    assert errors and seen == [False, False]
    assert gc.isenabled()


def test_the_collector_is_left_as_it_was_found() -> None:
    inside: list[bool] = []

    def fail() -> None:
        with collector_paused():
            inside.append(gc.isenabled())
            raise RuntimeError

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        fail()
    assert inside == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_text_is_decoded_again_only_to_place_a_problem_on_its_line(
    write_data: WriteData, valid_toml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[str] = []
    decode = tomltext.decode_text

    def counted(raw: bytes, name: str) -> str:
        decoded.append(name)
        return decode(raw, name)

    monkeypatch.setattr("scorecard.load.decode_text", counted)
    doc, errors, _ = check_file(write_data(valid_toml))
    assert doc is not None and not errors
    assert len(decoded) == 1
    decoded.clear()
    bad = valid_toml.replace('name = "Trade"', 'name = "Trade"\nwieght = 2.0')
    path = write_data(bad)
    doc, errors, _ = check_file(path)
    assert doc is None and len(decoded) == 2
    line = bad.splitlines().index("wieght = 2.0") + 1
    assert [(p.line, p.item, p.field) for p in errors] == [(line, "trade", "wieght")]
