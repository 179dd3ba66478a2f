"""`scorecard history`: the scores year by year, and each indicator's observations.

Pure: a document in, a `HistoryReport` out. Every point is what `scorecard show --year
YEAR` gives for that year (the same engine, the as-of rule and the maximum age included),
so a trend never disagrees with the snapshot. The HTML report draws its trend charts from
this same report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard import __version__
from scorecard.errors import UsageError
from scorecard.lookup import unknown
from scorecard.report.history import HistoryObservation, HistoryPoint, HistoryReport, HistorySeries
from scorecard.score import (
    check_year,
    method_of,
    score_indicator,
    score_year,
    years_with_data,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scorecard.model import Document, Indicator, Pillar
    from scorecard.report import IndicatorResult, OverallResult, PillarResult
    from scorecard.report.history import SeriesKind

#: The id of the overall series.
OVERALL = "overall"


def default_years(doc: Document) -> tuple[int, int]:
    """From the first year with data to the later of the last one and the assessment year."""
    years = years_with_data(doc)
    if not years:
        raise UsageError(
            "the data file has no observations yet, so it has no history: "
            "record one with `scorecard add`"
        )
    last = max(years[-1], doc.scorecard.assessment_year or years[-1])
    return years[0], last


def year_range(doc: Document, from_year: int | None, to_year: int | None) -> tuple[int, int]:
    """The years asked for, defaults filled in; an unknown or reversed range is a usage error."""
    first, last = default_years(doc)
    start = first if from_year is None else from_year
    end = last if to_year is None else to_year
    for year in (start, end):
        check_year(doc, year)
    if start > end:
        raise UsageError(f"--from ({start}) must not be after --to ({end})")
    return start, end


def resolve_ids(doc: Document, ids: Sequence[str]) -> tuple[list[Pillar], list[Indicator]]:
    """Each id as a pillar and/or an indicator (ids are unique per kind, not across kinds)."""
    pillars = {p.id: p for p in doc.pillars}
    indicators = {i.id: i for i in doc.indicators}
    known = [*pillars, *indicators]
    for name in ids:
        if name not in pillars and name not in indicators:
            raise unknown("pillar or indicator", name, known)
    wanted = list(dict.fromkeys(ids))
    return (
        [pillars[n] for n in wanted if n in pillars],
        [indicators[n] for n in wanted if n in indicators],
    )


def build_history_report(
    doc: Document,
    ids: Sequence[str] = (),
    from_year: int | None = None,
    to_year: int | None = None,
    *,
    data_file: str = "",
    data_origin: str = "",
) -> HistoryReport:
    """The overall and every pillar (no ids), or each id asked for, over the years.

    A pillar id gives the pillar and each of its indicators; an indicator id gives that
    indicator, with its observations. Series come in the order the ids were given.
    """
    start, end = year_range(doc, from_year, to_year)
    years = range(start, end + 1)
    scored = {year: score_year(doc, year) for year in years}
    series: list[HistorySeries] = []
    if not ids:
        series.append(_overall_series({y: s[1] for y, s in scored.items()}))
        series += [_pillar_series(p.id, scored) for p in doc.pillars]
    else:
        pillars, indicators = resolve_ids(doc, ids)
        chosen = {p.id for p in pillars} | {i.id for i in indicators}
        for name in dict.fromkeys(ids):
            if name not in chosen:
                continue
            if any(p.id == name for p in pillars):
                series.append(_pillar_series(name, scored))
                series += [
                    _indicator_series(doc, i, scored) for i in doc.indicators if i.pillar == name
                ]
            indicator = next((i for i in indicators if i.id == name), None)
            if indicator is not None:
                series.append(_indicator_series(doc, indicator, scored))
    return HistoryReport.model_construct(
        tool_version=__version__,
        data_file=data_file,
        data_origin=data_origin,
        title=doc.scorecard.title,
        from_year=start,
        to_year=end,
        ids=list(dict.fromkeys(ids)),
        years_with_data=years_with_data(doc),
        method=method_of(doc.scorecard),
        series=series,
    )


Scored = dict[int, tuple[list["PillarResult"], "OverallResult"]]


def _overall_series(overall: dict[int, OverallResult]) -> HistorySeries:
    points = [
        HistoryPoint.model_construct(
            year=year, result=o.result, coverage=o.coverage, state=None, evidence_year=None
        )
        for year, o in overall.items()
    ]
    return _series(OVERALL, "overall", "Overall", points)


def _pillar_series(pillar_id: str, scored: Scored) -> HistorySeries:
    points = []
    name = pillar_id
    for year, (pillars, _) in scored.items():
        pillar = next(p for p in pillars if p.id == pillar_id)
        name = pillar.name
        points.append(
            HistoryPoint.model_construct(
                year=year,
                result=pillar.result,
                coverage=pillar.coverage,
                state=None,
                evidence_year=None,
            )
        )
    return _series(pillar_id, "pillar", name, points)


def _indicator_result(pillars: list[PillarResult], indicator: Indicator) -> IndicatorResult:
    pillar = next(p for p in pillars if p.id == indicator.pillar)
    return next(r for r in pillar.indicators if r.id == indicator.id)


def _indicator_series(doc: Document, indicator: Indicator, scored: Scored) -> HistorySeries:
    points = []
    for year, (pillars, _) in scored.items():
        result = _indicator_result(pillars, indicator)
        points.append(
            HistoryPoint.model_construct(
                year=year,
                result=result.result,
                coverage=None,
                state=result.state,
                evidence_year=None if result.evidence is None else result.evidence.year,
            )
        )
    meta = doc.scorecard
    sources = {s.id: s for s in doc.sources}
    scales = {s.id: s for s in doc.scales}
    observations = []
    for obs in sorted(indicator.observations, key=lambda o: o.year):
        # Scored at its own year, the as-of rule picks exactly this observation (one per
        # year), at age 0: its own score, through the same engine as every point.
        own = score_indicator(indicator, obs.year, meta, sources, scales)
        assert own.evidence is not None
        observations.append(
            HistoryObservation.model_construct(evidence=own.evidence, result=own.result)
        )
    return HistorySeries.model_construct(
        id=indicator.id,
        kind="indicator",
        name=indicator.name,
        pillar=indicator.pillar,
        method=indicator.scoring.method,
        unit=indicator.unit,
        points=points,
        observations=observations,
    )


def _series(
    series_id: str, kind: SeriesKind, name: str, points: list[HistoryPoint]
) -> HistorySeries:
    return HistorySeries.model_construct(
        id=series_id,
        kind=kind,
        name=name,
        pillar=None,
        method=None,
        unit=None,
        points=points,
        observations=None,
    )
