"""`scorecard list` in every format but json."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorecard.format import format_number
from scorecard.render.fit import longest_word
from scorecard.render.header import data_label

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from scorecard.report.listing import ListReport


def year_runs(years: Sequence[int]) -> str:
    """`2007-2011, 2016`: consecutive years as runs; `-` for none."""
    if not years:
        return "-"
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


#: Each kind's columns after the id and the name: (header, how to get the cell).
def _columns(what: str) -> list[tuple[str, Any]]:
    years = ("Years", lambda e: year_runs(e.years))
    if what == "indicators":
        return [
            ("Pillar", lambda e: e.pillar or ""),
            ("Method", lambda e: e.method or ""),
            ("Unit", lambda e: e.unit or ""),
            years,
        ]
    if what == "pillars":
        return [
            ("Indicators", lambda e: str(e.count)),
            ("Weight", lambda e: format_number(e.weight or 0)),
            years,
        ]
    if what == "sources":
        return [("Cited", lambda e: str(e.count)), years]
    return [("Levels", lambda e: e.detail or ""), ("Used by", lambda e: str(e.count)), years]


def _name_header(what: str) -> str:
    return "Title" if what == "sources" else "Name"


def render_list_table(report: ListReport, console: Console) -> None:
    """Ids never wrap (they are what one types); indicators come grouped by pillar, so the
    table fits 80 columns with the longest ids."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from scorecard.render.table import safe

    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Id", no_wrap=True)
    names = [e.name for e in report.items] + [e.unit for e in report.items]
    names += [e.method for e in report.items]
    table.add_column(_name_header(report.what), min_width=longest_word(names))
    columns = _columns(report.what)
    if report.what == "indicators":
        # The pillar heads each group; the method and the unit go under the name.
        columns = [c for c in columns if c[0] not in ("Pillar", "Method", "Unit")]
    for header, get in columns:
        wraps = header in ("Levels", "Years")
        table.add_column(
            header,
            min_width=longest_word([get(e) for e in report.items], 9) if wraps else None,
            no_wrap=not wraps,
            justify="right" if header in ("Indicators", "Weight", "Cited", "Used by") else "left",
        )
    pillar = None
    for entry in report.items:
        if report.what == "indicators" and entry.pillar != pillar:
            pillar = entry.pillar
            table.add_row(safe(f"{pillar}:", "bold underline"), *[""] * (len(columns) + 1))
        name = safe(entry.name)
        if report.what == "indicators":
            name.append("\n")
            name.append_text(safe(" · ".join(x for x in (entry.method, entry.unit) if x), "dim"))
        table.add_row(safe(entry.id, "bold"), name, *(safe(get(entry)) for _, get in columns))
    where = data_label(report.data_file, report.data_origin)
    console.print(Text(f"{len(report.items)} {report.what} in {where}", style="dim"))
    console.print(table)


def render_list_markdown(report: ListReport) -> str:
    from scorecard.render.markdown import cell, table

    headers = ["Id", _name_header(report.what), *(h for h, _ in _columns(report.what))]
    rows = [
        [f"`{cell(e.id)}`", cell(e.name), *(cell(get(e)) for _, get in _columns(report.what))]
        for e in report.items
    ]
    return "\n".join([f"# {cell(report.title)}: {report.what}", "", *table(headers, rows)]) + "\n"


LIST_COLUMNS = (
    "kind",
    "id",
    "name",
    "pillar",
    "method",
    "unit",
    "weight",
    "count",
    "years",
    "detail",
)


def list_rows(report: ListReport) -> list[dict[str, Any]]:
    return [
        {
            "kind": report.what,
            "id": e.id,
            "name": e.name,
            "pillar": e.pillar,
            "method": e.method,
            "unit": e.unit,
            "weight": e.weight,
            "count": e.count,
            "years": " ".join(map(str, e.years)),
            "detail": e.detail,
        }
        for e in report.items
    ]


def list_table_rows(report: ListReport) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of the CSV and NDJSON formats."""
    return LIST_COLUMNS, list_rows(report)
