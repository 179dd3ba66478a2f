"""Output models of `scorecard list` (see `scorecard.report` for the contract)."""

from __future__ import annotations

from typing import Literal

from scorecard.report import SCHEMA_VERSION, Out, ReportHeader

ListKind = Literal["pillars", "indicators", "sources", "scales"]


class ListEntry(Out):
    """One pillar, indicator, source or scale; fields that do not apply are null."""

    id: str
    #: The name, or a source's title.
    name: str
    #: An indicator's pillar.
    pillar: str | None
    #: An indicator's scoring method.
    method: Literal["target", "goalposts", "ordinal", "none"] | None
    unit: str | None
    weight: float | None
    #: Observations of an indicator; indicators of a pillar or using a scale; observations
    #: citing a source.
    count: int | None
    #: Years with an observation (of the indicator, the pillar's indicators, citing the
    #: source, or of indicators on the scale).
    years: list[int]
    #: A pillar's aggregation; a source's publisher, date and address; a scale's levels.
    detail: str | None


class ListReport(ReportHeader):
    """`scorecard list [pillars|indicators|sources|scales]`: the ids and what they name."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["list"] = "list"
    title: str
    what: ListKind
    items: list[ListEntry]
