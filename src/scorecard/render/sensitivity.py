"""`scorecard sensitivity` as a Rich table, markdown, and flat rows for CSV and NDJSON.

Nothing is computed here: every number is a field of the `SensitivityReport`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorecard.format import format_number
from scorecard.render.header import data_label
from scorecard.render.words import format_estimate, format_interval, format_score
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from rich.console import Console

    from scorecard.report import Status
    from scorecard.report.sensitivity import AssumptionGroup, SensitivityReport, SensitivityResult

GROUPS: tuple[AssumptionGroup, ...] = ("values", "weights", "aggregation", "levels", "goalposts")
BANDS: tuple[Status, ...] = ("off_track", "limited", "progressing", "on_track")
BAND_HEAD = {"off_track": "Off", "limited": "Lim.", "progressing": "Prog.", "on_track": "On"}

INPUTS_HEAD = (
    "Varied inputs ([default]: an open bound without a stated limit, sampled up to where "
    "its score reaches the end of the scale)"
)
FOOTNOTE = (
    "Scores: the nominal score is `scorecard show`'s; median and 5-95% range over the runs; "
    "Off/Lim./Prog./On: share of runs in each status band. Rank 1 = the weakest pillar. "
    "Indices: S = share of the score's variance due to the group alone, S_T = with its "
    "interactions (Saltelli 2010, Jansen 1999; see docs/methodology.md). "
    "Use --format json for standard errors and every input."
)


def share(value: float) -> str:
    """A probability as a percentage: `62%`, `<1%` for a small non-zero share."""
    if value == 0:
        return "0%"
    if value < 0.005:
        return "<1%"
    if value > 0.995 and value < 1:
        return ">99%"
    return f"{value * 100:.0f}%"


def index(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def results(report: SensitivityReport) -> list[SensitivityResult]:
    return [*report.pillars, report.overall]


def summary_line(report: SensitivityReport) -> str:
    return (
        f"{format_number(report.runs)} runs, seed {report.seed}, "
        f"{format_number(report.evaluations)} model evaluations"
    )


def varied_line(report: SensitivityReport) -> str:
    parts = []
    for g in report.groups:
        if not g.varied:
            parts.append(f"{g.group}: fixed")
        elif g.inputs == 0:
            parts.append(f"{g.group}: nothing to vary")
        else:
            parts.append(f"{g.group} ({g.inputs})")
    return "; ".join(parts)


def score_cells(r: SensitivityResult) -> list[str]:
    d = r.distribution
    nominal = format_estimate(r.nominal)
    if d is None:
        return [nominal, "-", "-", *("-" for _ in BANDS)]
    return [
        nominal,
        format_score(d.median),
        format_interval(d.p5, d.p95),
        *(share(d.bands[b]) for b in BANDS),
    ]


def rank_cells(r: SensitivityResult) -> list[str]:
    if r.rank is None:
        return ["-", "-", "-", "-"]
    rank = r.rank
    spread = str(rank.p5) if rank.p5 == rank.p95 else f"{rank.p5}-{rank.p95}"
    return [str(rank.nominal), str(rank.median), spread, share(rank.weakest)]


def active_groups(report: SensitivityReport) -> list[AssumptionGroup]:
    return [g.group for g in report.groups if g.varied and g.inputs]


def index_cells(r: SensitivityResult, groups: list[AssumptionGroup]) -> list[str]:
    found = {i.group: i for i in r.indices}
    cells = []
    for g in groups:
        i = found.get(g)
        cells.append("-" if i is None else f"{index(i.first_order)} / {index(i.total)}")
    return cells


def input_lines(report: SensitivityReport) -> list[str]:
    """The inputs of the data's own uncertainty; weights and aggregation are one line each."""
    lines = []
    for item in report.inputs:
        if item.group in ("weights", "aggregation"):
            continue
        mark = " [default]" if item.default else ""
        lines.append(f"{item.group} · {item.item}: {item.description}{mark}")
    for g in report.groups:
        if g.group in ("weights", "aggregation") and g.varied and g.inputs:
            lines.append(f"{g.group} ({g.inputs}): {g.distribution}")
    return lines


# ---------------------------------------------------------------------------------------
# Table


def render_sensitivity_table(report: SensitivityReport, console: Console) -> None:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    head = Text()
    head.append(one_line(report.title), style="bold")
    head.append(f"\nData: {data_label(report.data_file, report.data_origin)}\n", style="dim")
    head.append(f"Year: {report.year} · {summary_line(report)}\n")
    head.append(f"Varied: {varied_line(report)}")

    def table(title: str, headers: list[str]) -> Table:
        t = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD)
        t.add_column(headers[0], overflow="fold", ratio=1, min_width=12)
        for h in headers[1:]:
            t.add_column(h, justify="right", no_wrap=True)
        return t

    scores = table(
        "Scores", ["Pillar", "Nominal", "Median", "5-95%", *(BAND_HEAD[b] for b in BANDS)]
    )
    ranks = table("Rank (1 = weakest)", ["Pillar", "Nominal", "Median", "5-95%", "P(weakest)"])
    groups = active_groups(report)
    indices = table("Sensitivity indices: S / S_T", ["Pillar", *groups])
    for r in results(report):
        style = "bold" if r.id == "overall" else ""
        name = Text(one_line(r.name), style=style)
        scores.add_row(name, *score_cells(r))
        if r.id != "overall":
            ranks.add_row(name, *rank_cells(r))
        if groups:
            cells = index_cells(r, groups) if r.indices else ["-" for _ in groups]
            indices.add_row(name, *cells)
    parts: list[Any] = [head, Text(""), scores, ranks]
    if groups:
        parts.append(indices)
    inputs = input_lines(report)
    if inputs:
        parts.append(Text(INPUTS_HEAD))
        parts.extend(Text(f"  {one_line(line)}", style="dim") for line in inputs)
    parts.extend([Text(""), Text(FOOTNOTE, style="dim")])
    console.print(Group(*parts))


# ---------------------------------------------------------------------------------------
# Markdown


def render_sensitivity_markdown(report: SensitivityReport) -> str:
    from scorecard.render.markdown import cell, table

    out = [
        f"# {cell(report.title)}: sensitivity",
        "",
        f"- Data: `{cell(data_label(report.data_file, report.data_origin))}`",
        f"- Year: {report.year}",
        f"- Runs: {summary_line(report)}",
        f"- Varied: {cell(varied_line(report))}",
        "",
        "## Scores",
        "",
    ]
    out += table(
        ["Pillar", "Nominal", "Median", "5-95%", *(BAND_HEAD[b] for b in BANDS)],
        [[cell(r.name), *score_cells(r)] for r in results(report)],
    )
    out += ["", "## Rank (1 = weakest)", ""]
    out += table(
        ["Pillar", "Nominal", "Median", "5-95%", "P(weakest)"],
        [[cell(r.name), *rank_cells(r)] for r in report.pillars],
    )
    groups = active_groups(report)
    if groups:
        out += ["", "## Sensitivity indices: S / S_T", ""]
        out += table(
            ["Pillar", *groups],
            [
                [cell(r.name), *(index_cells(r, groups) if r.indices else ["-" for _ in groups])]
                for r in results(report)
            ],
        )
    inputs = input_lines(report)
    if inputs:
        out += ["", "## Varied inputs", ""]
        out += [f"- {cell(line)}" for line in inputs]
    out += ["", cell(FOOTNOTE)]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# Rows for CSV and NDJSON: one per pillar and one for the overall

SENSITIVITY_COLUMNS = (
    "year",
    "runs",
    "seed",
    "id",
    "name",
    "nominal",
    "nominal_low",
    "nominal_high",
    "nominal_status",
    "median",
    "p5",
    "p95",
    "mean",
    "std",
    *(f"share_{b}" for b in BANDS),
    "rank_nominal",
    "rank_median",
    "rank_p5",
    "rank_p95",
    "share_weakest",
    *(f"{kind}_{g}" for g in GROUPS for kind in ("first_order", "total")),
)


def sensitivity_rows(report: SensitivityReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in results(report):
        d, rank = r.distribution, r.rank
        row: dict[str, Any] = {
            "year": report.year,
            "runs": report.runs,
            "seed": report.seed,
            "id": r.id,
            "name": r.name,
            "nominal": r.nominal.score,
            "nominal_low": r.nominal.low,
            "nominal_high": r.nominal.high,
            "nominal_status": r.nominal.status,
            "median": d.median if d else None,
            "p5": d.p5 if d else None,
            "p95": d.p95 if d else None,
            "mean": d.mean if d else None,
            "std": d.std if d else None,
            "rank_nominal": rank.nominal if rank else None,
            "rank_median": rank.median if rank else None,
            "rank_p5": rank.p5 if rank else None,
            "rank_p95": rank.p95 if rank else None,
            "share_weakest": rank.weakest if rank else None,
        }
        for b in BANDS:
            row[f"share_{b}"] = d.bands[b] if d else None
        found = {i.group: i for i in r.indices}
        for g in GROUPS:
            i = found.get(g)
            row[f"first_order_{g}"] = i.first_order if i else None
            row[f"total_{g}"] = i.total if i else None
        rows.append(row)
    return rows


def sensitivity_table_rows(
    report: SensitivityReport,
) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of the CSV and NDJSON formats."""
    return SENSITIVITY_COLUMNS, sensitivity_rows(report)
