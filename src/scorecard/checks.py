"""Cross-checks: rules that span more than one object of a data file.

The schema (`scorecard.model`) checks each object alone; these check that ids are unique,
that every reference resolves and that the numbers make sense together. Each finding names
the item by id and a location path that `scorecard.load` turns into a line number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scorecard.model import (
    Document,
    GoalpostScoring,
    Indicator,
    OrdinalScoring,
    Scale,
    TargetScoring,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from scorecard.model import Observation, Scoring
    from scorecard.tomltext import Loc


@dataclass(frozen=True)
class Finding:
    """A cross-check result before it is placed in the file.

    The item it belongs to is read off `loc` (the file names items by id, not the model).
    """

    loc: Loc
    field: str | None
    message: str
    severity: str = "error"
    #: A name for the rule, where another part of the program reacts to it
    #: (`scorecard add` names the option at fault).
    rule: str | None = None


@dataclass
class KnownIds:
    """Ids that exist in the file, including those of objects that failed the schema.

    Counting the latter avoids reporting a dangling reference to an object whose only
    problem is a typo elsewhere in it.
    """

    sources: set[str] = field(default_factory=set)
    pillars: set[str] = field(default_factory=set)
    scales: set[str] = field(default_factory=set)
    #: Pillars of indicators that may be scored, including indicators that failed the schema,
    #: so that an indicator's typo does not also warn that its pillar has nothing scored.
    scored_pillars: set[str] = field(default_factory=set)


def duplicate_ids(lists: Mapping[str, Sequence[object]]) -> list[Finding]:
    """Every repeat of an id, at its position in its list (`sources`, `pillars`, ...).

    Run on the lists as read, so that items which failed the schema count too.
    """
    out: list[Finding] = []
    for key, ids in lists.items():
        seen: set[str] = set()
        for n, ident in enumerate(ids):
            if not isinstance(ident, str):
                continue
            if ident in seen:
                out.append(Finding((key, n, "id"), "id", f"duplicate id {ident!r}"))
            seen.add(ident)
    return out


def cross_check(doc: Document, known: KnownIds | None = None) -> list[Finding]:
    """Every cross-object problem in `doc` but repeated ids (`duplicate_ids`)."""
    known = known or KnownIds()
    source_ids = {s.id for s in doc.sources} | known.sources
    pillar_ids = {p.id for p in doc.pillars} | known.pillars
    # The first scale with an id is the one that counts; later ones are duplicates.
    scales: dict[str, Scale] = {}
    for scale in doc.scales:
        scales.setdefault(scale.id, scale)
    scale_ids = set(scales) | known.scales
    out: list[Finding] = []

    for n, scale in enumerate(doc.scales):
        if not (scale.rationale or "").strip():
            out.append(
                Finding(
                    ("scales", n),
                    None,
                    "the scale has no `rationale`: say why its levels score what they do "
                    "(which level counts as progress, and why)",
                    "warning",
                )
            )

    with_url = {s.id for s in doc.sources if s.url}
    primary = doc.scorecard.primary_source
    if primary is not None and primary not in source_ids:
        out.append(
            Finding(
                ("scorecard", "primary_source"),
                "primary_source",
                f"unknown source {primary!r}; known sources: {_listing(source_ids)}",
            )
        )

    for n, pillar in enumerate(doc.pillars):
        if pillar.assessment and pillar.assessment.source not in source_ids:
            out.append(
                Finding(
                    ("pillars", n, "assessment", "source"),
                    "assessment.source",
                    f"unknown source {pillar.assessment.source!r}; "
                    f"known sources: {_listing(source_ids)}",
                )
            )

    for n, ind in enumerate(doc.indicators):
        out.extend(
            _check_indicator(n, ind, pillar_ids, source_ids, scales, scale_ids, primary, with_url)
        )

    scored_pillars = {i.pillar for i in doc.indicators if i.scored} | known.scored_pillars
    for n, pillar in enumerate(doc.pillars):
        if pillar.id not in scored_pillars:
            out.append(
                Finding(
                    ("pillars", n),
                    None,
                    "the pillar has no scored indicator, so it will get no score",
                    "warning",
                )
            )
    return out


def _listing(ids: Iterable[str]) -> str:
    shown = sorted(ids)
    return ", ".join(shown) if shown else "(none)"


def _check_indicator(
    n: int,
    ind: Indicator,
    pillar_ids: set[str],
    source_ids: set[str],
    scales: dict[str, Scale],
    scale_ids: set[str],
    primary: str | None,
    sources_with_url: set[str],
) -> list[Finding]:
    out: list[Finding] = []
    base: Loc = ("indicators", n)

    def add(loc: Loc, fld: str | None, message: str, severity: str = "error") -> None:
        out.append(Finding(base + loc, fld, message, severity))

    if ind.pillar not in pillar_ids:
        add(("pillar",), "pillar", f"unknown pillar {ind.pillar!r}; known: {_listing(pillar_ids)}")

    scoring = ind.scoring
    scale: Scale | None = None
    if isinstance(scoring, OrdinalScoring):
        scale = scales.get(scoring.scale)
        if scale is None and scoring.scale not in scale_ids:
            add(
                ("scoring", "scale"),
                "scoring.scale",
                f"unknown scale {scoring.scale!r}; known: {_listing(scale_ids)}",
            )
        if ind.direction == "lower":
            add(
                ("direction",),
                "direction",
                "an ordinal indicator's levels run from worst to best; direction must be "
                "'higher' or left out",
            )
    elif isinstance(scoring, TargetScoring | GoalpostScoring) and ind.direction is None:
        add(("direction",), "direction", f"the {scoring.method} method needs a direction")

    target = ind.target
    if isinstance(scoring, TargetScoring):
        if target is None or target.value is None:
            add(("target",), "target", "the target method needs a target with a value")
        else:
            if math.isclose(target.value, scoring.baseline, rel_tol=0.0, abs_tol=0.0):
                add(("target", "value"), "target.value", "the target equals the baseline")
            elif ind.direction is not None:
                up = target.value > scoring.baseline
                if up != (ind.direction == "higher"):
                    add(
                        ("target", "value"),
                        "target.value",
                        f"direction is {ind.direction!r} but the target "
                        f"({target.value:g}) is {'above' if up else 'below'} "
                        f"the baseline ({scoring.baseline:g})",
                    )
            out.extend(_check_target_alternatives(base, ind, scoring, target.value))
    if target is not None and target.level is not None:
        if scale is None:
            if not isinstance(scoring, OrdinalScoring):
                add(("target", "level"), "target.level", "a target level needs an ordinal scale")
        elif target.level not in scale.level_scores():
            add(
                ("target", "level"),
                "target.level",
                f"level {target.level!r} is not in scale {scale.id!r}; "
                f"levels: {', '.join(scale.level_scores())}",
            )
    if isinstance(scoring, OrdinalScoring) and target is None:
        # A warning, not an error, so that files written before this rule still load.
        add(
            (),
            None,
            "a scored ordinal indicator needs a `target` level with its `rationale` (which "
            'level counts as success, and why), or scoring method "none" to show it as context',
            "warning",
        )
    if target is not None and target.value is not None and isinstance(scoring, OrdinalScoring):
        add(("target", "value"), "target.value", "an ordinal indicator's target is a level")

    seen_years: set[int] = set()
    levels = None if scale is None else scale.level_scores()
    for k, obs in enumerate(ind.observations):
        if obs.year in seen_years:
            add(
                ("observations", k, "year"),
                f"observations[{obs.year}].year",
                f"a second observation for {obs.year}",
            )
        seen_years.add(obs.year)
        found = _check_observation(
            obs, scoring, scale, levels, source_ids, primary, sources_with_url
        )
        if found:
            where: Loc = (*base, "observations", k)
            out.extend(
                Finding(
                    (*where, *f.loc),
                    f"observations[{obs.year}]{f.field}",
                    f.message,
                    f.severity,
                    f.rule,
                )
                for f in found
            )
    if not ind.observations:
        add((), None, "the indicator has no observation", "warning")
    return out


def _check_observation(
    obs: Observation,
    scoring: Scoring,
    scale: Scale | None,
    levels: Mapping[str, float] | None,
    source_ids: set[str],
    primary: str | None,
    sources_with_url: set[str],
) -> list[Finding] | None:
    """An observation's problems that its indicator, scale and the sources reveal, or None.

    Each finding's location is relative to the observation, and its field is the part
    after `observations[YEAR]` (empty for the observation itself): this runs for every
    observation of a file, so the caller builds the full location and label only for the
    few that have a problem. `levels` is `scale.level_scores()`, computed once per scale.
    """
    out: list[Finding] | None = None

    def add(at: Loc, fld: str, message: str, rule: str | None, severity: str = "error") -> None:
        nonlocal out
        if out is None:
            out = []
        out.append(Finding(at, fld, message, severity, rule))

    if obs.source not in source_ids:
        add(
            ("source",),
            ".source",
            f"unknown source {obs.source!r}; known: {_listing(source_ids)}",
            "unknown_source",
        )
    if obs.kind == "level":
        if not isinstance(scoring, OrdinalScoring):
            add(
                ("level",),
                ".level",
                f"a level needs the ordinal method; this indicator uses {scoring.method!r}",
                "level_not_ordinal",
            )
        if scale is not None and levels is not None and obs.level not in levels:
            add(
                ("level",),
                ".level",
                f"level {obs.level!r} is not in scale {scale.id!r}; levels: {', '.join(levels)}",
                "level_not_in_scale",
            )
    elif isinstance(scoring, OrdinalScoring):
        add((), "", "an ordinal indicator's observations give a `level`", "ordinal_needs_level")
    elif isinstance(scoring, GoalpostScoring) and scoring.log:
        ends = [v for v in (obs.value, obs.at_least, obs.at_most, obs.low) if v is not None]
        if any(v <= 0 for v in ends):
            add((), "", "a log scale needs positive values", None)
    if primary is not None and obs.source != primary and not obs.external:
        add(
            ("external",),
            ".external",
            f"the source {obs.source!r} is not the primary source {primary!r}; set external = true",
            "not_primary_source",
        )
    if obs.external and not obs.url and obs.source not in sources_with_url:
        add((), "", "an external figure needs the `url` it was checked against", None)
    if not obs.quote:
        add((), "", "no quote: the evidence behind this figure is not shown", None, "warning")
    return out


def check_new_observation(doc: Document, indicator: Indicator, obs: Observation) -> list[Finding]:
    """What `cross_check` would find about `obs` as an observation of `indicator` in `doc`.

    `scorecard add` asks this before it edits the file, so that it can name the option at
    fault; the rules themselves are the ones `validate` applies. Locations are relative to
    the observation.
    """
    scale = None
    if isinstance(indicator.scoring, OrdinalScoring):
        scale = next((s for s in doc.scales if s.id == indicator.scoring.scale), None)
    found = _check_observation(
        obs,
        indicator.scoring,
        scale,
        None if scale is None else scale.level_scores(),
        {s.id for s in doc.sources},
        doc.scorecard.primary_source,
        {s.id for s in doc.sources if s.url},
    )
    label = f"observations[{obs.year}]"
    return [Finding(f.loc, f"{label}{f.field}", f.message, f.severity, f.rule) for f in found or []]


def _check_target_alternatives(
    base: Loc, ind: Indicator, scoring: TargetScoring, stated_target: float
) -> list[Finding]:
    """Each alternative, with the stated side where it leaves one out, is a usable target."""
    out: list[Finding] = []
    for k, alternative in enumerate(scoring.alternatives):
        baseline = scoring.baseline if alternative.baseline is None else alternative.baseline
        goal = stated_target if alternative.target is None else alternative.target
        loc, fld = (*base, "scoring", "alternatives", k), f"scoring.alternatives[#{k + 1}]"
        if goal == baseline:
            out.append(Finding(loc, fld, f"the target ({goal:g}) equals the baseline"))
        elif ind.direction is not None and (goal > baseline) != (ind.direction == "higher"):
            out.append(
                Finding(
                    loc,
                    fld,
                    f"direction is {ind.direction!r} but the target ({goal:g}) is "
                    f"{'above' if goal > baseline else 'below'} the baseline ({baseline:g})",
                )
            )
    return out
