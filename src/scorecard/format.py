"""Numbers and values written as a person would say them.

Used while a report is built (an observation's `text`, a target's `text`, the reasons for
no score) and by `scorecard add`; the wording of the renderers is in `scorecard.render`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard.model import Observation


def format_number(value: float) -> str:
    """Thousands separators, no trailing zeros, at most two decimals: 15,273 / 66.7 / 0.5."""
    if math.isinf(value):
        return "infinity" if value > 0 else "-infinity"
    if abs(value) >= 1e15:
        # Past this, whole numbers stop being exact in a float: say it in scientific form.
        return f"{value:.6g}"
    if 0 < abs(value) < 0.01:
        # Two decimals would print a small figure as 0.
        return f"{value:.2g}"
    rounded = round(value, 2)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


def format_value(obs: Observation, unit: str, level_label: str | None = None) -> str:
    """`at least 15,000 killings`, `19-29 US$ billion a year`, `proposed`.

    A stated limit follows its bound (`at least 12,903 killings (limit 20,000)`), and a
    figure for part of the year says so, so that it never reads as a full year's value:
    `at least 12,903 killings (covers January-September only)`.
    """
    return _value_words(obs, unit, level_label) + (
        f" (covers {obs.period} only)" if obs.period else ""
    )


def _value_words(obs: Observation, unit: str, level_label: str | None) -> str:
    suffix = f" {unit}" if unit else ""
    if obs.level is not None:
        return level_label or obs.level
    if obs.value is not None:
        return f"{format_number(obs.value)}{suffix}"
    limit = "" if obs.limit is None else f" (limit {format_number(obs.limit)})"
    if obs.at_least is not None:
        return f"at least {format_number(obs.at_least)}{suffix}{limit}"
    if obs.at_most is not None:
        return f"at most {format_number(obs.at_most)}{suffix}{limit}"
    assert obs.low is not None and obs.high is not None
    return f"{format_number(obs.low)}-{format_number(obs.high)}{suffix}"
