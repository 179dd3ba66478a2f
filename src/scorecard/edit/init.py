"""`scorecard init`: write a starter scorecard, never over an existing file."""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorecard.edit.files import atomic_write
from scorecard.errors import UsageError
from scorecard.load import bundled_data_path

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class InitResult:
    path: Path
    blank: bool
    indicators: int
    observations: int
    size: int

    def summary(self) -> str:
        what = (
            "a blank scorecard (one source, pillar, scale and indicator to rename)"
            if self.blank
            else f"a copy of the bundled dataset ({self.indicators} indicators, "
            f"{self.observations} observations)"
        )
        return f"wrote {self.path}: {what}, {self.size:,} bytes"


BLANK_HEADER = """\
# A blank scorecard written by `scorecard init --blank`. Rename the ids and titles, then
# add evidence with `scorecard add`. Every field is described in docs/data-format.md.

"""


def blank_scorecard_text() -> str:
    """A minimal valid scorecard, built from the schema models so that it stays valid.

    Written with tomlkit rather than tomli-w: tomli-w writes short arrays of tables inline
    (`sources = [{ id = ... }]`), not as the `[[sources]]` tables that docs/data-format.md
    documents and that `scorecard add` edits.
    """
    import tomlkit

    from scorecard.model import (
        Document,
        Indicator,
        Level,
        OrdinalScoring,
        Pillar,
        Scale,
        ScorecardMeta,
        Source,
        Target,
    )

    doc = Document(
        scorecard=ScorecardMeta(title="My scorecard", primary_source="main-source"),
        sources=[Source(id="main-source", title="The document the scorecard follows")],
        pillars=[Pillar(id="first-pillar", name="First pillar")],
        scales=[
            Scale(
                id="policy-stage",
                name="Stage of a policy or law",
                rationale=(
                    "Evenly spaced from none (0) to implemented (100): each stage is a step "
                    "of equal worth, and only an implemented policy counts as done."
                ),
                levels=[
                    Level(name="none", label="None"),
                    Level(name="proposed", label="Proposed"),
                    Level(name="adopted", label="Adopted"),
                    Level(name="partial", label="Partly implemented"),
                    Level(name="implemented", label="Implemented"),
                ],
            )
        ],
        indicators=[
            Indicator(
                id="first-indicator",
                pillar="first-pillar",
                name="First indicator",
                scoring=OrdinalScoring(method="ordinal", scale="policy-stage"),
                target=Target(
                    level="implemented",
                    rationale="A policy is carried out when it is implemented, not adopted.",
                ),
            )
        ],
    )
    # Defaults are left out (the file stays short), and so is the empty `observations`
    # list: written as `observations = []` it could not take [[indicators.observations]].
    return BLANK_HEADER + tomlkit.dumps(doc.model_dump(mode="json", exclude_defaults=True))


def _kind_of(path: Path) -> str:
    """What stands at `path`, as a person would say it."""
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return "a symbolic link" + ("" if path.exists() else " to nothing")
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISREG, "a file"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "something that is not a file"


def init_scorecard(path: Path, *, blank: bool = False) -> InitResult:
    """Write a starter scorecard at `path`, which must not exist yet."""
    if os.path.lexists(path):
        what = _kind_of(path)
        raise UsageError(
            f"{path} already exists ({what}); `scorecard init` never overwrites anything: "
            "give another PATH or move it away first"
        )
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot create {path}: there is no folder {folder}")
    if blank:
        data = blank_scorecard_text().encode("utf-8")
    else:
        data = bundled_data_path().read_bytes()
    parsed = tomllib.loads(data.decode("utf-8-sig"))
    indicators = parsed.get("indicators", [])
    count = sum(len(i.get("observations", [])) for i in indicators)
    atomic_write(path, data, overwrite=False)
    return InitResult(path, blank, len(indicators), count, len(data))
