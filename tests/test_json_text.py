"""The JSON text every report is written as: exactly the standard library's, made faster."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.render.json import _indented, dumps

#: Anything `json.dumps` takes from a report's `model_dump(mode="json")`.
PLAIN = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=40,
)


def standard(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False)


@given(PLAIN)
def test_indented_text_is_the_standard_librarys(payload: Any) -> None:
    assert _indented(payload) == standard(payload)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1))
def test_every_float_is_spelled_as_python_spells_it(values: list[float]) -> None:
    payload = {"values": values, "first": values[0]}
    assert _indented(payload) == standard(payload)


@pytest.mark.parametrize("payload", [5.960464477539063e-08, [1e-05], "0.00001", -1e300])
def test_a_payload_that_is_one_value(payload: Any) -> None:
    assert _indented(payload) == standard(payload)


@pytest.mark.parametrize(
    "value",
    [1e-05, 1e-4, 1e15, 1e16, 1e300, 5e-324, -0.0, 0.1, 123456789012345678.0, 10**30],
)
def test_floats_and_big_integers_as_python_writes_them(value: float) -> None:
    payload = {"a": value, "b": [value, f"{value} as text"]}
    assert _indented(payload) == standard(payload)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_non_finite_number_is_refused(value: float) -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps({"score": value})


def test_words_like_nan_in_strings_are_text() -> None:
    payload = {"note": "NaN", "other": "-Infinity", "quote": 'say "Infinity"'}
    assert dumps(payload) == standard(payload)
