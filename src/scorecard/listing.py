"""`scorecard list`: the ids a command can be given, with what they name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from scorecard import __version__
from scorecard.report.listing import ListEntry, ListReport

if TYPE_CHECKING:
    from scorecard.model import Document
    from scorecard.report.listing import ListKind


def build_list_report(
    doc: Document, what: ListKind = "indicators", *, data_file: str = "", data_origin: str = ""
) -> ListReport:
    """Every pillar, indicator, source or scale of the file, in file order."""
    builders = {
        "pillars": _pillars,
        "indicators": _indicators,
        "sources": _sources,
        "scales": _scales,
    }
    return ListReport.model_construct(
        tool_version=__version__,
        data_file=data_file,
        data_origin=data_origin,
        title=doc.scorecard.title,
        what=what,
        items=builders[what](doc),
    )


def _entry(
    item_id: str,
    name: str,
    years: set[int],
    *,
    pillar: str | None = None,
    method: Literal["target", "goalposts", "ordinal", "none"] | None = None,
    unit: str | None = None,
    weight: float | None = None,
    count: int | None = None,
    detail: str | None = None,
) -> ListEntry:
    return ListEntry.model_construct(
        id=item_id,
        name=name,
        pillar=pillar,
        method=method,
        unit=unit,
        weight=weight,
        count=count,
        years=sorted(years),
        detail=detail,
    )


def _indicators(doc: Document) -> list[ListEntry]:
    return [
        _entry(
            i.id,
            i.name,
            {o.year for o in i.observations},
            pillar=i.pillar,
            method=i.scoring.method,
            unit=i.unit,
            weight=i.weight,
            count=len(i.observations),
        )
        for i in doc.indicators
    ]


def _pillars(doc: Document) -> list[ListEntry]:
    out = []
    for p in doc.pillars:
        mine = [i for i in doc.indicators if i.pillar == p.id]
        out.append(
            _entry(
                p.id,
                p.name,
                {o.year for i in mine for o in i.observations},
                weight=p.weight,
                count=len(mine),
                detail=f"{p.aggregation} mean",
            )
        )
    return out


def _sources(doc: Document) -> list[ListEntry]:
    out = []
    for s in doc.sources:
        cited = [o for i in doc.indicators for o in i.observations if o.source == s.id]
        detail = ", ".join(x for x in (s.publisher, s.date, s.url) if x) or None
        out.append(_entry(s.id, s.title, {o.year for o in cited}, count=len(cited), detail=detail))
    return out


def _scales(doc: Document) -> list[ListEntry]:
    out = []
    for s in doc.scales:
        users = [
            i for i in doc.indicators if i.scoring.method == "ordinal" and i.scoring.scale == s.id
        ]
        scores = s.level_scores()
        detail = ", ".join(f"{lv.name} {scores[lv.name]:g}" for lv in s.levels)
        out.append(
            _entry(
                s.id,
                s.name,
                {o.year for i in users for o in i.observations},
                count=len(users),
                detail=detail,
            )
        )
    return out
