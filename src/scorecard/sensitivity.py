"""Uncertainty and sensitivity analysis: how far the scores move under other choices.

`analyse` runs the scoring model of `scorecard.score` many times with its assumptions drawn
from stated distributions (docs/methodology.md, "Uncertainty and sensitivity"):

* values: uniform within their interval; an open bound up to its stated `limit`, else up
  to the value where its score reaches the end of the scale (the default, named in the
  output);
* weights: each stated weight times a factor uniform on [1 - 0.25, 1 + 0.25];
* aggregation: arithmetic or geometric, one fair coin per pillar and one for the overall;
* levels: the scale's declared alternative mappings, else each inner level's score uniform
  between the midpoints to its neighbours;
* goalposts: the stated goalposts or target or one of the declared alternatives.

The design is Saltelli's (2010): two matrices A and B of uniform draws, and for each group
of assumptions a matrix with that group's columns of A taken from B. The distributions are
over the runs of A; the first-order indices use Saltelli's (2010) estimator and the total
indices Jansen's (1999). Parameters come from the objects `score.py` reads (its
`value_interval`, `central_value`, `level_scores`, aggregation settings and the `show`
report's states); only the arithmetic is written anew, vectorised, and a run with every
assumption at its stated value must reproduce `scorecard show`, which `analyse` checks.

numpy is imported here and nowhere on the path of the other commands.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import numpy as np

from scorecard import __version__
from scorecard.errors import UsageError
from scorecard.format import format_number
from scorecard.report import BandsOut, Method
from scorecard.report.sensitivity import (
    Distribution,
    GroupSetting,
    RankSpread,
    SensitivityIndex,
    SensitivityReport,
    SensitivityResult,
    UncertainInput,
)
from scorecard.score import (
    build_show_report,
    central_value,
    normalise,
    observation_as_of,
    value_interval,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from numpy.typing import NDArray

    from scorecard.model import Document, Indicator, Observation, Scale
    from scorecard.report import ScoreBand, ShowReport, Status
    from scorecard.report.sensitivity import AssumptionGroup
    from scorecard.score import Thresholds

    Array = NDArray[np.float64]
    #: A quantity of every run: an array with one entry per run, or one float for all of
    #: them (an input the runs do not vary), which keeps the arithmetic of fixed parts cheap.
    Values = Array | float

#: Every group of assumptions, in the order the output lists them.
GROUPS: tuple[AssumptionGroup, ...] = ("values", "weights", "aggregation", "levels", "goalposts")
#: Each weight is multiplied by a factor uniform on [1 - WEIGHT_NOISE, 1 + WEIGHT_NOISE]
#: (the +/-25% of the JRC audits and of COINr's `get_noisy_weights` examples).
WEIGHT_NOISE = 0.25
DEFAULT_RUNS = 10_000
MIN_RUNS = 2
#: Memory grows with runs (every run's outputs are kept for the quantiles).
MAX_RUNS = 200_000
#: Rows evaluated at once: bounds memory, and fixes how the random stream is consumed.
CHUNK = 4096
#: The nominal run does score.py's arithmetic in score.py's order, so it matches `show` bit
#: for bit (the tests check that); the runtime check allows a margin for platform maths.
NOMINAL_TOLERANCE = 1e-9
STATUSES: tuple[Status, ...] = ("off_track", "limited", "progressing", "on_track")

DISTRIBUTIONS: dict[AssumptionGroup, str] = {
    "values": "uniform within each value's interval; an open bound up to its stated limit, "
    "else up to where its score reaches the end of the scale",
    "weights": f"each weight times a factor uniform on [{1 - WEIGHT_NOISE:g}, "
    f"{1 + WEIGHT_NOISE:g}]",
    "aggregation": "arithmetic or geometric with equal chance, for each pillar and the overall",
    "levels": "a scale's declared alternative mappings or its stated scores with equal chance; "
    "without alternatives each inner level's score uniform between the midpoints to its "
    "neighbours",
    "goalposts": "the stated goalposts or target or a declared alternative, with equal chance",
}


def parse_vary(words: Sequence[str] | None) -> tuple[AssumptionGroup, ...]:
    """`--vary values,weights` (or repeated) as groups in report order; none means all."""
    asked = [w.strip() for word in words or () for w in word.split(",") if w.strip()]
    unknown = [w for w in asked if w not in GROUPS]
    if unknown:
        raise UsageError(
            f"unknown --vary group{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(map(repr, unknown))}: choose from {', '.join(GROUPS)}"
        )
    if not asked:
        return GROUPS
    return tuple(g for g in GROUPS if g in asked)


def check_runs(runs: int) -> None:
    if not MIN_RUNS <= runs <= MAX_RUNS:
        raise UsageError(
            f"--runs must be from {MIN_RUNS} to {format_number(MAX_RUNS)} (got {runs})"
        )


def check_seed(seed: int) -> None:
    if seed < 0:
        raise UsageError(f"--seed must be a whole number from 0 up (got {seed})")


# ---------------------------------------------------------------------------------------
# The model: parameters from the document, vectorised arithmetic


@dataclass
class _Columns:
    """The columns of the unit hypercube that a run draws, each owned by one group."""

    groups: list[AssumptionGroup] = field(default_factory=list)

    def add(self, group: AssumptionGroup) -> int:
        self.groups.append(group)
        return len(self.groups) - 1


def _pick(u: Array, count: int) -> NDArray[np.intp]:
    """Uniform draws in [0, 1) to an option index in 0..count-1, each equally likely."""
    return np.minimum((u * count).astype(np.intp), count - 1)


def _clip(x: Values) -> Values:
    if isinstance(x, float):
        return 0.0 if x < 0 else 100.0 if x > 100 else x
    return cast("Array", np.clip(x, 0.0, 100.0))


def _log(x: Values) -> Values:
    """ln x, with ln 0 = -inf (a zero score makes a geometric mean zero, as in score.py)."""
    if isinstance(x, float):
        return math.log(x) if x > 0 else -math.inf
    with np.errstate(divide="ignore"):
        return cast("Array", np.log(x))


@dataclass
class _Numeric:
    """A target or goalposts indicator: a value, normalised between a 0 and a 100 point."""

    central: float
    low: float
    high: float
    value_col: int | None
    log: bool
    #: Per option (stated first): the value (logarithm on a log scale) scoring 0 and 100.
    zeros: list[float]
    fulls: list[float]
    option_col: int | None

    def scores(self, u: Array | None) -> Values:
        x: Values
        if u is None or self.value_col is None:
            x = self.central
        else:
            x = self.low + u[:, self.value_col] * (self.high - self.low)
        if self.log:
            # Sampled values are positive (a log scale's values and goalposts must be).
            x = _log(x)
        zero: Values = self.zeros[0]
        full: Values = self.fulls[0]
        if u is not None and self.option_col is not None:
            idx = _pick(u[:, self.option_col], len(self.zeros))
            zero, full = np.asarray(self.zeros)[idx], np.asarray(self.fulls)[idx]
        # score.py's formulas, as written there: for "lower" (x - max) / (min - max) is
        # (max - x) / (max - min) bit for bit, since negation is exact.
        return _clip(100.0 * (x - zero) / (full - zero))


@dataclass
class _LevelTable:
    """The scores of one scale's levels, per run."""

    stated: list[float]
    #: Declared alternatives (stated first) and the column choosing among them.
    mappings: list[list[float]]
    mapping_col: int | None
    #: Without alternatives: level index -> (column, low, high) for the varied levels.
    jitter: dict[int, tuple[int, float, float]]

    def score(self, level: int, u: Array | None) -> Values:
        if u is not None and self.mapping_col is not None:
            idx = _pick(u[:, self.mapping_col], len(self.mappings))
            return cast("Array", np.asarray(self.mappings)[idx, level])
        if u is not None and level in self.jitter:
            col, lo, hi = self.jitter[level]
            return lo + u[:, col] * (hi - lo)
        return self.stated[level]


@dataclass
class _Ordinal:
    scale: str
    level: int


@dataclass
class _Mean:
    """A weighted mean of parts (indicators of a pillar, or pillars), in score.py's order."""

    parts: list[int]
    weights: list[float]
    weight_cols: list[int | None]
    geometric: bool
    switch_col: int | None

    def needs_logs(self) -> bool:
        return self.geometric or self.switch_col is not None

    def apply(self, values: Sequence[Values], logs: Sequence[Values], u: Array | None) -> Values:
        """The mean of each run; `logs[i]` is ln `values[i]` where a geometric mean is used.

        score.weighted_mean's steps, in its order: the weights scaled by the power of two
        that puts the largest stated one in [0.5, 1) (exact), left-to-right sums, and the
        result kept within the range of the parts.
        """
        switched = u is not None and self.switch_col is not None
        arithmetic = switched or not self.geometric
        geometric = switched or self.geometric
        _, exponent = math.frexp(max(self.weights))
        acc: Values = 0.0
        total: Values = 0.0
        log_sum: Values = 0.0
        lowest: Values = math.inf
        highest: Values = -math.inf
        for k, part in enumerate(self.parts):
            col = self.weight_cols[k]
            w: Values = math.ldexp(self.weights[k], -exponent)
            if u is not None and col is not None:
                w = w * (1.0 + WEIGHT_NOISE * (2.0 * u[:, col] - 1.0))
            v = values[part]
            total = total + w
            lowest = _minimum(lowest, v)
            highest = _maximum(highest, v)
            if arithmetic:
                acc = acc + w * v
            if geometric:
                # A zero score has ln = -inf: the sum stays -inf and exp gives 0, as the
                # geometric mean of score.py is zero when any part is.
                log_sum = log_sum + w * logs[part]
        mean: Values
        if not switched:
            if not self.geometric:
                mean = acc / total
            else:
                quotient = log_sum / total
                mean = math.exp(quotient) if isinstance(quotient, float) else np.exp(quotient)
        else:
            assert u is not None and self.switch_col is not None
            use_geometric = (_pick(u[:, self.switch_col], 2) == 1) != self.geometric
            mean = cast("Array", np.where(use_geometric, np.exp(log_sum / total), acc / total))
        return _minimum(_maximum(mean, lowest), highest)


def _minimum(a: Values, b: Values) -> Values:
    if isinstance(a, float) and isinstance(b, float):
        return min(a, b)
    return cast("Array", np.minimum(a, b))


def _maximum(a: Values, b: Values) -> Values:
    if isinstance(a, float) and isinstance(b, float):
        return max(a, b)
    return cast("Array", np.maximum(a, b))


@dataclass
class Model:
    """The scorecard at one year as a vectorised function of the uniform draws."""

    columns: _Columns
    indicators: list[_Numeric | _Ordinal]
    scales: dict[str, _LevelTable]
    #: Scored pillars, in file order: (id, mean over `indicators`).
    pillars: list[tuple[str, _Mean]]
    #: The overall mean over `pillars`, or None when the overall has no score.
    overall: _Mean | None
    inputs: list[UncertainInput]

    @property
    def width(self) -> int:
        return len(self.columns.groups)

    def outputs(self) -> list[str]:
        """The ids of the output columns: the scored pillars, then "overall" if scored."""
        return [p for p, _ in self.pillars] + (["overall"] if self.overall else [])

    def evaluate(self, u: Array | None) -> Array:
        """Scores, one row per run and one column per output; `u` None: the nominal run."""
        n = 1 if u is None else u.shape[0]
        values: list[Values] = []
        for ind in self.indicators:
            if isinstance(ind, _Numeric):
                values.append(ind.scores(u))
            else:
                values.append(self.scales[ind.scale].score(ind.level, u))
        means = [mean for _, mean in self.pillars]
        logs = [_log(v) for v in values] if any(m.needs_logs() for m in means) else values
        pillar_scores = [mean.apply(values, logs, u) for mean in means]
        out = list(pillar_scores)
        if self.overall is not None:
            overall_logs = (
                [_log(v) for v in pillar_scores] if self.overall.needs_logs() else pillar_scores
            )
            out.append(self.overall.apply(pillar_scores, overall_logs, u))
        if not out:
            return np.zeros((n, 0))
        return np.column_stack(
            [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)) for v in out]
        )

    def nominal(self) -> dict[str, float]:
        """Every output at the stated assumptions: what `scorecard show` prints."""
        row = self.evaluate(None)[0]
        return {name: float(v) for name, v in zip(self.outputs(), row, strict=True)}


def _open_end(
    obs: Observation, indicator: Indicator, zero: float, full: float, log: bool
) -> tuple[float, float, bool]:
    """The sampled interval of a numeric observation, and whether a default closed it."""
    interval = value_interval(obs)
    low, high = interval.low, interval.high
    limit = getattr(obs, "limit", None)
    if not (math.isinf(low) or math.isinf(high)):
        return low, high, False
    if limit is not None:
        return (low, float(limit), False) if math.isinf(high) else (float(limit), high, False)
    # The value where the unclipped score reaches the end the open side tends to: past it,
    # every value scores the same, so this is the widest range that changes the score.
    ends = {0.0: zero, 100.0: full}
    far = normalise(math.inf if math.isinf(high) else -math.inf, indicator)
    clip = ends[far]
    clip_value = math.exp(clip) if log else clip
    if math.isinf(high):
        return low, max(low, clip_value), True
    return min(high, clip_value), high, True


def _numeric(
    indicator: Indicator, obs: Observation, columns: _Columns, vary: set[str]
) -> tuple[_Numeric, list[UncertainInput]]:
    scoring = indicator.scoring
    inputs: list[UncertainInput] = []
    options: list[tuple[float, float]] = []
    log = False
    if scoring.method == "target":
        assert indicator.target is not None and indicator.target.value is not None
        options.append((scoring.baseline, indicator.target.value))
        for alt in scoring.alternatives:
            options.append(
                (
                    scoring.baseline if alt.baseline is None else alt.baseline,
                    indicator.target.value if alt.target is None else alt.target,
                )
            )
        what = "baseline and target"
    else:
        assert scoring.method == "goalposts"
        log = scoring.log
        pairs = [(scoring.min, scoring.max)] + [(a.min, a.max) for a in scoring.alternatives]
        for lo, hi in pairs:
            if log:
                lo, hi = math.log(lo), math.log(hi)
            options.append((hi, lo) if indicator.direction == "lower" else (lo, hi))
        what = "goalposts"
    zeros = [z for z, _ in options]
    fulls = [f for _, f in options]
    option_col = None
    if "goalposts" in vary and len(options) > 1:
        option_col = columns.add("goalposts")
        inputs.append(
            UncertainInput.model_construct(
                group="goalposts",
                item=indicator.id,
                description=f"the stated {what} or one of {len(options) - 1} alternative(s)",
                default=False,
            )
        )
    central = central_value(obs)
    low, high, default = _open_end(obs, indicator, zeros[0], fulls[0], log)
    value_col = None
    if "values" in vary and low < high:
        value_col = columns.add("values")
        unit = f" {indicator.unit}" if indicator.unit else ""
        inputs.append(
            UncertainInput.model_construct(
                group="values",
                item=indicator.id,
                description=f"uniform on [{format_number(low)}, {format_number(high)}]{unit}",
                default=default,
            )
        )
    return (
        _Numeric(central, low, high, value_col, log, zeros, fulls, option_col),
        inputs,
    )


def _level_table(
    scale: Scale, used: set[int], columns: _Columns, vary: set[str]
) -> tuple[_LevelTable, list[UncertainInput]]:
    stated = list(scale.level_scores().values())
    table = _LevelTable(stated, [stated], None, {})
    inputs: list[UncertainInput] = []
    if "levels" not in vary:
        return table, inputs
    if scale.alternatives:
        table.mappings += [list(a.scores) for a in scale.alternatives]
        table.mapping_col = columns.add("levels")
        inputs.append(
            UncertainInput.model_construct(
                group="levels",
                item=scale.id,
                description=f"the stated level scores or one of {len(scale.alternatives)} "
                "declared alternative mapping(s)",
                default=False,
            )
        )
        return table, inputs
    names = [lv.name for lv in scale.levels]
    for k in sorted(used):
        if k == 0 or k == len(stated) - 1:
            # The ends anchor the scale: nothing done scores its least, everything its most.
            continue
        lo = (stated[k - 1] + stated[k]) / 2
        hi = (stated[k] + stated[k + 1]) / 2
        table.jitter[k] = (columns.add("levels"), lo, hi)
        inputs.append(
            UncertainInput.model_construct(
                group="levels",
                item=scale.id,
                description=f"{names[k]!r} (stated {format_number(stated[k])}) uniform on "
                f"[{format_number(lo)}, {format_number(hi)}]",
                default=False,
            )
        )
    return table, inputs


def _mean(
    item: str,
    parts: list[int],
    weights: list[float],
    geometric: bool,
    columns: _Columns,
    vary: set[str],
    inputs: list[UncertainInput],
) -> _Mean:
    """A weighted mean; weights and the switch vary only where they can change it."""
    several = len(parts) > 1
    weight_cols: list[int | None] = [None] * len(parts)
    if "weights" in vary and several:
        weight_cols = [columns.add("weights") for _ in parts]
        inputs.append(
            UncertainInput.model_construct(
                group="weights",
                item=item,
                description=f"{len(parts)} weights, each times a factor uniform on "
                f"[{1 - WEIGHT_NOISE:g}, {1 + WEIGHT_NOISE:g}]",
                default=False,
            )
        )
    switch = None
    if "aggregation" in vary and several:
        switch = columns.add("aggregation")
        stated = "geometric" if geometric else "arithmetic"
        inputs.append(
            UncertainInput.model_construct(
                group="aggregation",
                item=item,
                description=f"arithmetic or geometric mean with equal chance (stated: {stated})",
                default=False,
            )
        )
    return _Mean(parts, weights, weight_cols, geometric, switch)


def build_model(doc: Document, show: ShowReport, vary: Iterable[str] = GROUPS) -> Model:
    """The model behind `show`'s report, with the columns the `vary` groups draw."""
    wanted = set(vary)
    columns = _Columns()
    inputs: list[UncertainInput] = []
    by_id = {i.id: i for i in doc.indicators}
    scale_by_id = {s.id: s for s in doc.scales}
    pending: list[tuple[Indicator, Observation]] = []
    means: list[tuple[str, list[int], list[float], bool]] = []
    for pillar in show.pillars:
        if pillar.result.score is None:
            continue
        parts: list[int] = []
        weights: list[float] = []
        for result in pillar.indicators:
            if result.state != "scored":
                continue
            indicator = by_id[result.id]
            obs = observation_as_of(indicator, show.year)
            assert obs is not None
            parts.append(len(pending))
            weights.append(result.weight)
            pending.append((indicator, obs))
        means.append((pillar.id, parts, weights, pillar.aggregation == "geometric"))

    used_levels: dict[str, set[int]] = {}
    for indicator, obs in pending:
        if indicator.scoring.method == "ordinal":
            names = [lv.name for lv in scale_by_id[indicator.scoring.scale].levels]
            used_levels.setdefault(indicator.scoring.scale, set()).add(names.index(str(obs.level)))

    # Columns in a fixed order: values and goalposts by indicator, levels by scale, then
    # weights and aggregation by pillar and for the overall.
    parts_out: list[_Numeric | _Ordinal] = []
    for indicator, obs in pending:
        if indicator.scoring.method == "ordinal":
            names = [lv.name for lv in scale_by_id[indicator.scoring.scale].levels]
            parts_out.append(_Ordinal(indicator.scoring.scale, names.index(str(obs.level))))
        else:
            numeric, found = _numeric(indicator, obs, columns, wanted)
            parts_out.append(numeric)
            inputs += found
    tables: dict[str, _LevelTable] = {}
    for scale_id in sorted(used_levels, key=list(scale_by_id).index):
        tables[scale_id], found = _level_table(
            scale_by_id[scale_id], used_levels[scale_id], columns, wanted
        )
        inputs += found

    pillars = [
        (pid, _mean(pid, parts, weights, geo, columns, wanted, inputs))
        for pid, parts, weights, geo in means
    ]
    overall = None
    if show.overall.result.score is not None:
        weights_by_id = {p.id: p.weight for p in doc.pillars}
        overall = _mean(
            "overall",
            list(range(len(pillars))),
            [weights_by_id[pid] for pid, _ in pillars],
            doc.scorecard.aggregation == "geometric",
            columns,
            wanted,
            inputs,
        )
    return Model(columns, parts_out, tables, pillars, overall, inputs)


# ---------------------------------------------------------------------------------------
# Running the design


@dataclass
class Runs:
    """Outputs of the Saltelli design: f(A), f(B) and f(A_B^g) for each group with inputs."""

    a: Array
    b: Array
    ab: dict[AssumptionGroup, Array]


def run_design(
    model: Model,
    runs: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> Runs:
    """Evaluate the model on A, B and each A_B^g, `CHUNK` rows at a time.

    A chunk draws A's rows, then B's, from one PCG64 stream: the same seed and run count
    give the same draws on every machine.
    """
    rng = np.random.Generator(np.random.PCG64(seed))
    k = model.width
    active = [g for g in GROUPS if g in model.columns.groups]
    group_cols = {g: [c for c, cg in enumerate(model.columns.groups) if cg == g] for g in active}
    width = len(model.outputs())
    a = np.empty((runs, width))
    b = np.empty((runs, width))
    ab = {g: np.empty((runs, width)) for g in active}
    for start in range(0, runs, CHUNK):
        n = min(CHUNK, runs - start)
        ua = rng.random((n, k))
        ub = rng.random((n, k))
        rows = slice(start, start + n)
        a[rows] = model.evaluate(ua)
        b[rows] = model.evaluate(ub)
        for g in active:
            mixed = ua.copy()
            mixed[:, group_cols[g]] = ub[:, group_cols[g]]
            ab[g][rows] = model.evaluate(mixed)
        if progress is not None:
            progress(start + n, runs)
    return Runs(a, b, ab)


def sobol_indices(ya: Array, yb: Array, yab: Array) -> tuple[float, float, float, float] | None:
    """(S, its standard error, S_T, its standard error) of one input group, or None.

    S: Saltelli et al. (2010), mean of f(B) (f(A_B) - f(A)) over Var(Y); S_T: Jansen
    (1999), mean of (f(A) - f(A_B))^2 / 2 over Var(Y). Var(Y) is the sample variance of
    f(A) and f(B) together. The standard errors are those of the two means (the sample
    standard deviation of the summands over sqrt(N)), divided by Var(Y): they leave out
    the error of Var(Y) itself. None when Var(Y) is zero (nothing to apportion).
    """
    n = ya.shape[0]
    variance = float(np.var(np.concatenate([ya, yb]), ddof=1))
    scale = max(1.0, float(np.max(np.abs(ya))) ** 2)
    if not variance > 1e-24 * scale:
        return None
    first = yb * (yab - ya)
    total = 0.5 * (ya - yab) ** 2
    root = math.sqrt(n)
    return (
        float(first.mean()) / variance,
        float(first.std(ddof=1)) / root / variance,
        float(total.mean()) / variance,
        float(total.std(ddof=1)) / root / variance,
    )


def _distribution(scores: Array, bands: Thresholds) -> Distribution:
    p5, median, p95 = (float(q) for q in np.quantile(scores, [0.05, 0.5, 0.95]))
    # Each band includes its lower bound, as score.status_of has it.
    upper = {"on_track": math.inf, "progressing": bands.on_track}
    upper |= {"limited": bands.progressing, "off_track": bands.limited}
    lower = {"on_track": bands.on_track, "progressing": bands.progressing}
    lower |= {"limited": bands.limited, "off_track": -math.inf}
    shares: dict[Status, float] = {
        name: float(np.count_nonzero((scores >= lower[name]) & (scores < upper[name])))
        / scores.shape[0]
        for name in STATUSES
    }
    return Distribution.model_construct(
        median=median,
        p5=p5,
        p95=p95,
        mean=float(scores.mean()),
        std=float(scores.std(ddof=1)) if scores.shape[0] > 1 else 0.0,
        minimum=float(scores.min()),
        maximum=float(scores.max()),
        bands=shares,
    )


def _ranks(scores: Array) -> NDArray[np.intp]:
    """Rank of each column in each row, 1 = lowest; ties share the lower rank."""
    below = scores[:, None, :] < scores[:, :, None]
    return cast("NDArray[np.intp]", 1 + below.sum(axis=2))


def _rank_spread(ranks: NDArray[np.intp], column: int, nominal: int) -> RankSpread:
    mine = ranks[:, column]
    count = ranks.shape[1]
    shares = [float(np.count_nonzero(mine == r)) / mine.shape[0] for r in range(1, count + 1)]
    p5, median, p95 = (int(q) for q in np.quantile(mine, [0.05, 0.5, 0.95], method="inverted_cdf"))
    return RankSpread.model_construct(
        nominal=nominal, median=median, p5=p5, p95=p95, weakest=shares[0], shares=shares
    )


# ---------------------------------------------------------------------------------------
# The report


def analyse(
    doc: Document,
    year: int | None = None,
    runs: int = DEFAULT_RUNS,
    seed: int | None = None,
    vary: Sequence[str] | None = None,
    *,
    data_file: str = "",
    data_origin: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityReport:
    """The uncertainty and sensitivity analysis of `doc` at `year` (see the module doc).

    `vary` names groups of assumptions (default: all); `seed` None draws a fresh seed, which
    the report gives so that the run can be repeated. `progress(done, runs)` is called as
    the runs are evaluated.
    """
    groups = parse_vary(vary)
    check_runs(runs)
    if seed is None:
        seed = secrets.randbits(32)
    check_seed(seed)
    show = build_show_report(doc, data_file, data_origin, year=year)
    model = build_model(doc, show, groups)
    _check_nominal(model, show)
    design = run_design(model, runs, seed, progress)

    outputs = model.outputs()
    pillar_cols = [c for c, name in enumerate(outputs) if name != "overall"]
    ranks = _ranks(design.a[:, pillar_cols]) if pillar_cols else None
    nominal_scores = np.array(
        [[next(p.result.score for p in show.pillars if p.id == outputs[c]) for c in pillar_cols]]
    )
    nominal_ranks = _ranks(nominal_scores)[0] if pillar_cols else None
    bands = show.method.bands

    def result(ident: str, name: str, nominal: ScoreBand) -> SensitivityResult:
        if ident not in outputs:
            return SensitivityResult.model_construct(
                id=ident,
                name=name,
                nominal=nominal,
                distribution=None,
                rank=None,
                indices=[],
                indices_reason=nominal.reason,
            )
        col = outputs.index(ident)
        rank = None
        if ranks is not None and nominal_ranks is not None and ident != "overall":
            at = pillar_cols.index(col)
            rank = _rank_spread(ranks, at, int(nominal_ranks[at]))
        indices: list[SensitivityIndex] = []
        reason = None
        for g, yab in design.ab.items():
            found = sobol_indices(design.a[:, col], design.b[:, col], yab[:, col])
            if found is None:
                reason = "the runs do not change this score: there is no variance to apportion"
                indices = []
                break
            s, s_se, st, st_se = found
            indices.append(
                SensitivityIndex.model_construct(
                    group=g, first_order=s, first_order_se=s_se, total=st, total_se=st_se
                )
            )
        if not design.ab:
            reason = "no assumption is varied: nothing in the file to vary for the groups asked"
        return SensitivityResult.model_construct(
            id=ident,
            name=name,
            nominal=nominal,
            distribution=_distribution(design.a[:, col], bands),
            rank=rank,
            indices=indices,
            indices_reason=reason,
        )

    counts = {g: model.columns.groups.count(g) for g in GROUPS}
    active = [g for g in GROUPS if counts[g]]
    return SensitivityReport.model_construct(
        tool_version=__version__,
        data_file=show.data_file,
        data_origin=show.data_origin,
        title=show.title,
        year=show.year,
        year_origin=show.year_origin,
        years_with_data=show.years_with_data,
        method=Method.model_construct(
            max_age=show.method.max_age,
            min_coverage=show.method.min_coverage,
            bands=BandsOut.model_construct(**show.method.bands.model_dump()),
        ),
        runs=runs,
        seed=seed,
        evaluations=runs * (len(active) + 2),
        groups=[
            GroupSetting.model_construct(
                group=g, varied=g in groups, inputs=counts[g], distribution=DISTRIBUTIONS[g]
            )
            for g in GROUPS
        ],
        inputs=model.inputs,
        overall=result("overall", "Overall", show.overall.result),
        pillars=[result(p.id, p.name, p.result) for p in show.pillars],
    )


def _check_nominal(model: Model, show: ShowReport) -> None:
    """The vectorised model at the stated assumptions must be `show`'s model."""
    expected = {p.id: p.result.score for p in show.pillars}
    expected["overall"] = show.overall.result.score
    for name, value in model.nominal().items():
        want = expected[name]
        assert want is not None
        if not math.isclose(value, want, rel_tol=NOMINAL_TOLERANCE, abs_tol=NOMINAL_TOLERANCE):
            raise AssertionError(
                f"the sensitivity model scores {name} {value!r} at the stated assumptions, "
                f"but show scores it {want!r}"
            )
