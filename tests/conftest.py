"""Shared fixtures: a small valid scorecard written by the tests, and a CLI runner.

Tests never read data from outside the repository: every data file they check is written
here or by the test itself, into a temporary directory that is also the working directory.
Plain helper functions and the fixtures' types are in helpers.py.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from scorecard.load import LOCAL_NAME

# helpers.py is not a test module: have pytest rewrite its asserts as well, so that a check
# failing there shows the values it compared, as it did when each module had its own copy.
pytest.register_assert_rewrite("helpers")

# Hypothesis: the README's test command (which CI runs as written) uses the full profile;
# `HYPOTHESIS_PROFILE=quick` is for everyday runs while editing, a tenth of the examples.
# Loaded here, before the test modules are imported, so that their `@settings` inherit it.
settings.register_profile("full", max_examples=100)
settings.register_profile("quick", max_examples=10)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "full")

from helpers import DATA, FROZEN, frozen_data, invoke, redirect_bundled_data  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from typer.testing import Result

    from helpers import Validate, WriteData

#: A small scorecard that passes every check with no warning. It uses each scoring method
#: but `none`, each value form but `at_least`/`at_most`, tables, inline tables and arrays
#: of tables, so that mutations of it exercise the schema, the cross-checks and the line
#: numbers. Tests find lines by searching this text, so keep each edited snippet unique.
VALID_TOML = """\
# A scorecard for the tests.
[scorecard]
title = "Test scorecard"
assessment_year = 2011
primary_source = "report"

[[sources]]
id = "report"
title = "The report"

[[sources]]
id = "stats"
title = "Statistics office"
url = "https://example.org/stats"

[[pillars]]
id = "safety"
name = "Safety"

[[pillars]]
id = "trade"
name = "Trade"
weight = 2.0

[[scales]]
id = "progress"
name = "Progress"
rationale = "Evenly spaced: some progress is half of full."

[[scales.levels]]
name = "none"

[[scales.levels]]
name = "some"

[[scales.levels]]
name = "full"

[[indicators]]
id = "homicides"
pillar = "safety"
name = "Homicide rate"
unit = "per 100,000"
direction = "lower"
scoring = { method = "target", baseline = 20.0 }
target = { value = 10.0, year = 2015, rationale = "Halve it." }

[[indicators.observations]]
year = 2010
value = 18.0
source = "report"
quote = "The rate was 18."

[[indicators.observations]]
year = 2011
low = 15.0
high = 17.0
source = "report"
quote = "Between 15 and 17."

[[indicators]]
id = "exports"
pillar = "trade"
name = "Exports"
direction = "higher"

[indicators.scoring]
method = "goalposts"
min = 1.0
max = 1000.0
log = true
rationale = "Orders of magnitude."

[[indicators.observations]]
year = 2010
value = 100.0
source = "stats"
external = true
url = "https://example.org/stats/2010"
quote = "One hundred."

[[indicators]]
id = "reform"
pillar = "trade"
name = "Customs reform"
scoring = { method = "ordinal", scale = "progress" }
target = { level = "full", rationale = "Complete it." }

[[indicators.observations]]
year = 2011
level = "some"
source = "report"
quote = "Some progress."
"""


@pytest.fixture(autouse=True, scope="session")
def _bundled_data_for_this_run() -> Iterator[None]:
    """Honour $SCORECARD_TEST_BUNDLED (see helpers.redirect_bundled_data) for the run."""
    with pytest.MonkeyPatch.context() as mp:
        redirect_bundled_data(mp)
        yield


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A result cache of the test's own: never the user's, never shared between tests."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(folder))
    monkeypatch.delenv("SCORECARD_NO_CACHE", raising=False)
    return folder


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    """A runner with a fixed terminal width, no colour and no data file from the outside."""
    return CliRunner(
        env={
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "TERM": "dumb",
            # The caller's environment must not choose the data file.
            "SCORECARD_DATA": None,
        }
    )


@pytest.fixture(scope="session")
def valid_toml() -> str:
    return VALID_TOML


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, so no `./scorecard.toml` is found by accident."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCORECARD_DATA", raising=False)
    return tmp_path


@pytest.fixture
def bundled(workdir: Path) -> None:
    """Run in an empty directory with no $SCORECARD_DATA: commands read the shipped file.

    Only for tests of how the file is found: tests of what the data says use `frozen`.
    """


@pytest.fixture
def frozen(workdir: Path) -> Path:
    """Commands read the frozen copy of the dataset, found as `./scorecard.toml`."""
    path = workdir / LOCAL_NAME
    path.write_bytes(FROZEN.read_bytes())
    return path


@pytest.fixture
def raw() -> dict[str, Any]:
    """The frozen copy of the dataset, parsed as plain TOML."""
    return frozen_data()


@pytest.fixture
def write_data(workdir: Path) -> WriteData:
    def write(content: str | bytes, name: str = DATA) -> Path:
        path = workdir / name
        if isinstance(content, str):
            # Write the text as given: no newline translation, so line numbers are exact.
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path.relative_to(workdir)

    return write


@pytest.fixture
def validate(runner: CliRunner, workdir: Path) -> Validate:
    def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return invoke(runner, "validate", *args, env=env)

    return run
