"""Twenty `scorecard add` processes at once on one file: every observation lands.

The figures are the frozen dataset's own: the test removes twenty observations from a copy
by hand, then twenty separate processes add them back at the same time. Without the lock,
two processes would read the same old text and the later rename would drop the earlier one's
observation.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from typing import TYPE_CHECKING, Any

from helpers import add_args, child_env, frozen_text, remove_observation
from scorecard.load import check_file

if TYPE_CHECKING:
    from pathlib import Path

PROCESSES = 20


def first_observations(text: str, count: int) -> list[tuple[str, dict[str, Any]]]:
    """The first `count` observations of the file, in order: several per indicator and
    single ones, each value form."""
    found: list[tuple[str, dict[str, Any]]] = []
    for item in tomllib.loads(text)["indicators"]:
        for obs in item.get("observations", []):
            found.append((item["id"], obs))
    return found[:count]


def test_twenty_processes_at_once_all_land(tmp_path: Path) -> None:
    frozen = frozen_text()
    chosen = first_observations(frozen, PROCESSES)
    assert len({ind for ind, _ in chosen}) > 5, "the test wants several indicators"
    assert len(chosen) > len({ind for ind, _ in chosen}), "and several years of one indicator"
    text = frozen
    for indicator, obs in chosen:
        text = remove_observation(text, indicator, obs["year"])
    path = tmp_path / "scorecard.toml"
    path.write_bytes(text.encode("utf-8"))

    # Every process is started before any is waited on, so they run at the same time.
    procs = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "scorecard", "add"),
                *add_args(indicator, obs),
                *("--data", str(path), "--lock-timeout", "120"),
            ],
            cwd=tmp_path,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for indicator, obs in chosen
    ]
    outcomes = [(*p.communicate(timeout=300), p.returncode) for p in procs]

    for _, err, code in outcomes:
        assert code == 0, err
    for (indicator, obs), (out, _, _) in zip(chosen, outcomes, strict=True):
        assert out.startswith(f"{indicator} {obs['year']}: (none) -> ")
    after = path.read_text(encoding="utf-8")
    # All twenty are back, each with its values and in year order: the same data as frozen.
    assert tomllib.loads(after) == tomllib.loads(frozen)
    doc, errors, _ = check_file(path)
    assert doc is not None and errors == []
    # No temp file is left behind (the lock file may stay: it holds no data).
    assert {p.name for p in tmp_path.iterdir()} - {"scorecard.toml.lock"} == {"scorecard.toml"}
