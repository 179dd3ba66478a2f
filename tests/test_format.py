"""How numbers and values are written for people (`scorecard.format`)."""

from __future__ import annotations

from typing import Any

import pytest

from scorecard.format import format_number, format_value
from scorecard.model import Observation
from scorecard.render.words import format_interval


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (15273.0, "15,273"),
        (2826.0, "2,826"),
        (-46.0, "-46"),
        (66.7, "66.7"),
        (1.1, "1.1"),
        (0.5, "0.5"),
        (0.0, "0"),
        (1234.567, "1,234.57"),
        # Small figures keep two significant digits instead of rounding to 0.
        (0.004, "0.004"),
        (-0.00012, "-0.00012"),
        # Past 1e15 a float no longer holds every whole number: scientific form.
        (1e308, "1e+308"),
        (float("inf"), "infinity"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("fields", "unit", "text"),
    [
        ({"value": 9614.0}, "killings a year", "9,614 killings a year"),
        ({"at_least": 15000.0}, "killings a year", "at least 15,000 killings a year"),
        ({"at_most": 2.0}, "percent of crimes", "at most 2 percent of crimes"),
        ({"low": 19.0, "high": 29.0}, "billion US$ a year", "19-29 billion US$ a year"),
        ({"value": 3.0}, "", "3"),
    ],
)
def test_format_value_reads_as_a_person_would_say_it(
    fields: dict[str, Any], unit: str, text: str
) -> None:
    observation = Observation.model_validate({"year": 2011, "source": "s", **fields})
    assert format_value(observation, unit) == text


def test_a_level_reads_as_its_label() -> None:
    observation = Observation.model_validate({"year": 2011, "source": "s", "level": "proposed"})
    assert format_value(observation, "", "Proposed") == "Proposed"
    assert format_value(observation, "") == "proposed"


def test_format_interval() -> None:
    assert format_interval(0.0, 19.0407) == "[0.0, 19.0]"
    assert format_interval(54.054, 54.054) == "[54.1]"
    assert format_interval(None, 3.0) == "-"


def test_a_change_interval_carries_signs() -> None:
    assert format_interval(-2.2, 19.04, signed=True) == "[-2.2, +19.0]"
    assert format_interval(0.0, 0.0, signed=True) == "[+0.0]"
