"""Shell completion of pillar and indicator ids, read from the data file.

Completion runs on every Tab press, so it reads the file with `tomllib` alone (no schema
validation) and keeps quiet on any problem: a broken file completes nothing rather than
printing an error into the user's command line.
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING

from scorecard.errors import ScorecardError

if TYPE_CHECKING:
    from pathlib import Path


def ids_for_completion(data: Path | None, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """(id, name) of each pillar and/or indicator of the file the command would read."""
    from scorecard.load import resolve_data_path

    lists = {"pillar": "pillars", "indicator": "indicators"}
    try:
        path = resolve_data_path(data).path
        with path.open("rb") as f:
            raw = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError, ValueError, ScorecardError):
        return []
    found: list[tuple[str, str]] = []
    for kind in kinds:
        items = raw.get(lists[kind])
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                name = item.get("name")
                found.append((item["id"], name if isinstance(name, str) else ""))
    return found
