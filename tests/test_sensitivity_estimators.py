"""The sensitivity estimators against models whose indices are known exactly.

For Y = sum(a_i X_i) with independent inputs, the variance splits with no interaction, so
each input's first-order and total indices are equal: S_i = S_Ti = a_i^2 Var(X_i) / Var(Y).
Each estimate must fall within four of the standard errors it states (a band a correct
estimator leaves about once in 15,000 draws; the seeds are fixed, so a pass is stable).
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

from helpers import goalposts_indicator, obs, ok, small_scorecard
from scorecard.sensitivity import sobol_indices

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

#: Standard errors an estimate may be off by (see the module doc).
BAND = 4.0


def within_stated_error(estimate: float, se: float, exact: float) -> bool:
    return abs(estimate - exact) <= BAND * se


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weighted_sum_of_uniforms(seed: int) -> None:
    """Y = 1 X_1 + 2 X_2 + 3 X_3 + 0 X_4, X_i uniform on [0, 1]: S_i = a_i^2 / 14."""
    a = np.array([1.0, 2.0, 3.0, 0.0])
    n = 20_000
    rng = np.random.Generator(np.random.PCG64(seed))
    xa, xb = rng.random((n, 4)), rng.random((n, 4))
    exact = a**2 / float((a**2).sum())
    for i in range(4):
        mixed = xa.copy()
        mixed[:, i] = xb[:, i]
        found = sobol_indices(xa @ a, xb @ a, mixed @ a)
        assert found is not None
        s, s_se, st, st_se = found
        assert s_se < 0.05 and st_se < 0.05
        assert within_stated_error(s, s_se, exact[i]), (i, s, s_se, exact[i])
        if exact[i] == 0:
            # An input that does not enter Y changes nothing: both estimates are exactly 0.
            assert (s, st) == (0.0, 0.0)
        else:
            assert within_stated_error(st, st_se, exact[i]), (i, st, st_se, exact[i])


def test_unequal_ranges() -> None:
    """Var(X_i) enters too: X_1 uniform on [0, 3] and X_2 on [0, 1], a = (1, 2):
    S_1 = 9/12 / (9/12 + 4/12) = 9/13."""
    n = 20_000
    rng = np.random.Generator(np.random.PCG64(7))
    scale = np.array([3.0, 1.0])
    a = np.array([1.0, 2.0])
    xa, xb = rng.random((n, 2)) * scale, rng.random((n, 2)) * scale
    for i, exact in enumerate([9 / 13, 4 / 13]):
        mixed = xa.copy()
        mixed[:, i] = xb[:, i]
        found = sobol_indices(xa @ a, xb @ a, mixed @ a)
        assert found is not None
        s, s_se, st, st_se = found
        assert within_stated_error(s, s_se, exact)
        assert within_stated_error(st, st_se, exact)


def test_constant_output_has_no_indices() -> None:
    y = np.full(100, 42.0)
    assert sobol_indices(y, y, y) is None


# ---------------------------------------------------------------------------------------
# The whole command on a scorecard that is such a sum

#: One pillar, arithmetic, weights 1: the score is the mean of three indicator scores, each
#: moved by one group alone, additively:
#: - values: a range 20-80 on goalposts 0-100 scores uniform on [20, 80], Var 60^2/12 = 300;
#: - levels: level "mid" of none/mid/full (0/50/100) uniform on [25, 75], Var 50^2/12;
#: - goalposts: 50 on goalposts 0-100 or 0-250 scores 50 or 20, Var 30^2/4 = 225.
VARIANCES = {"values": 300.0, "levels": 2500 / 12, "goalposts": 225.0}


def additive_scorecard() -> dict[str, Any]:
    doc = small_scorecard(
        "Additive",
        goalposts_indicator("ranged", "Ranged", obs(2020, low=20.0, high=80.0, quote="q")),
        {
            "id": "staged",
            "pillar": "p",
            "name": "Staged",
            "scoring": {"method": "ordinal", "scale": "stage"},
            "target": {"level": "full", "rationale": "Complete it."},
            "observations": [obs(2020, level="mid", quote="q")],
        },
        goalposts_indicator("posted", "Posted", obs(2020, value=50.0, quote="q")),
    )
    doc["indicators"][2]["scoring"]["alternatives"] = [
        {"min": 0.0, "max": 250.0, "rationale": "A wider scale."}
    ]
    doc["scales"] = [
        {
            "id": "stage",
            "name": "Stage",
            "rationale": "Evenly spaced.",
            "levels": [{"name": "none"}, {"name": "mid"}, {"name": "full"}],
        }
    ]
    return doc


def test_the_command_recovers_known_indices(runner: CliRunner, write_data: WriteData) -> None:
    import tomli_w

    path = write_data(tomli_w.dumps(additive_scorecard()))
    out = ok(
        runner,
        "sensitivity",
        "--data",
        str(path),
        "--runs",
        "20000",
        "--seed",
        "11",
        "--vary",
        "values,levels,goalposts",
        "--format",
        "json",
    )
    report = json.loads(out)
    total = sum(VARIANCES.values())
    pillar = report["pillars"][0]
    assert [i["group"] for i in pillar["indices"]] == ["values", "levels", "goalposts"]
    for index in pillar["indices"]:
        exact = VARIANCES[index["group"]] / total
        assert within_stated_error(index["first_order"], index["first_order_se"], exact)
        assert within_stated_error(index["total"], index["total_se"], exact)
    # The variance of the mean of three: (300 + 208.3 + 225) / 9.
    std = pillar["distribution"]["std"]
    assert math.isclose(std**2, total / 9, rel_tol=0.05)
