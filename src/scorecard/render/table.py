"""Rich tables for a terminal.

Text from the data file goes in as `rich.text.Text` built from control-stripped strings,
never as markup, so a name like "[red]x" or "[link=...]" prints literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from scorecard.render.fit import cut_at_word, longest_word
from scorecard.render.header import data_label, legend_text
from scorecard.render.select import changes_for_reading
from scorecard.render.words import (
    ESTIMATE_LEGEND,
    VERDICT_LABEL,
    format_change,
    format_estimate,
    format_interval,
    format_summary,
    like_for_like_note,
    status_label,
)
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console, RenderableType

    from scorecard.report import Coverage, IndicatorResult, PillarResult, ScoreBand, ShowReport
    from scorecard.report.diff import AggregateChange, Change, DiffReport

STATUS_STYLE = {
    "on_track": "bold green",
    "progressing": "yellow",
    "limited": "dark_orange",
    "off_track": "bold red",
}
BAR_WIDTH = 10


def safe(text: str | None, style: str = "") -> Text:
    """Untrusted text as a Text object: no markup, no control characters."""
    return Text(one_line(text or ""), style=style)


def status_text(result: ScoreBand, in_column: bool = True) -> Text:
    if result.status is None:
        return Text("no score", style="dim")
    label = status_label(result)
    if in_column:
        # The caveat of a best or worst case ("(at best) ~") goes on a line of its own, so
        # that the column stays narrow and the band reads first.
        label = label.replace(" (", "\n(")
    return Text(label, style=STATUS_STYLE[result.status])


def score_bar(result: ScoreBand) -> Text:
    """Solid up to the interval's lower end, shaded across the interval, empty beyond."""
    if result.score is None or result.low is None or result.high is None:
        return Text(" " * BAR_WIDTH)
    cells = []
    for i in range(BAR_WIDTH):
        mid = (i + 0.5) * 100 / BAR_WIDTH
        if mid <= result.low:
            cells.append("█")
        elif mid <= result.high:
            cells.append("▒")
        else:
            cells.append("░")
    style = STATUS_STYLE[result.status] if result.status else ""
    return Text("".join(cells), style=style)


def coverage_text(coverage: Coverage) -> Text:
    if coverage.scored == 0:
        return Text("-", style="dim")
    return Text(f"{coverage.usable}/{coverage.scored}")


def _score_cells(result: ScoreBand) -> tuple[Text, Text]:
    return Text(format_estimate(result)), Text(format_interval(result.low, result.high))


#: Below this many columns the tables drop the score bar and fold the score, interval and
#: status of an indicator into one cell, so that no word has to break.
WIDE = 100


def header(report: ShowReport) -> RenderableType:
    overall = report.overall.result
    lines = Text()
    lines.append_text(safe(report.title, "bold"))
    lines.append("\n")
    origin = {"--year": "", "assessment_year": " (assessment year)", "latest": " (latest data)"}
    lines.append(f"Data: {data_label(report.data_file, report.data_origin)}\n", style="dim")
    lines.append(f"Year: {report.year}{origin.get(report.year_origin, '')}\n")
    lines.append("Overall: ")
    if overall.score is None:
        lines.append(f"no score ({one_line(overall.reason or '')})", style="dim")
    else:
        lines.append(f"{format_estimate(overall)} ", style="bold")
        lines.append(format_interval(overall.low, overall.high) + " ")
        lines.append_text(status_text(overall, in_column=False))
    cov = report.overall.coverage
    lines.append(
        f" · {cov.usable}/{cov.scored} indicators, "
        f"{report.overall.pillars_scored}/{report.overall.pillars} pillars"
    )
    return lines


def _name_and_id(name: str, ident: str, style: str = "") -> Text:
    """The name, and under it the id that `--pillar`, `explain` and `history` take."""
    cell = safe(name, style)
    cell.append("\n")
    cell.append_text(safe(ident, "dim"))
    return cell


def pillar_table(report: ShowReport, width: int) -> Table:
    """One row per pillar: name and id, score, (bar), interval, status, coverage."""
    wide = width >= WIDE
    names = [p.name for p in report.pillars] + [f"({p.id})" for p in report.pillars]
    reasons = [f"no score: {p.result.reason}" for p in report.pillars if p.result.reason]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Pillar", min_width=longest_word(names + reasons, 12))
    table.add_column("Score", justify="right", no_wrap=True)
    if wide:
        table.add_column("", no_wrap=True)
    table.add_column("Interval", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Cov.", justify="right", no_wrap=True)
    for pillar in report.pillars:
        score, interval = _score_cells(pillar.result)
        # The id in brackets after the name: on its own line it would add a line a pillar.
        cell = safe(pillar.name, "bold")
        cell.append(" ")
        cell.append_text(safe(f"({pillar.id})", "dim"))
        if pillar.result.reason:
            cell.append("\n")
            cell.append_text(safe(f"no score: {pillar.result.reason}", "dim"))
        bar = [score_bar(pillar.result)] if wide else []
        table.add_row(
            cell,
            score,
            *bar,
            interval,
            status_text(pillar.result),
            coverage_text(pillar.coverage),
        )
    return table


def verdicts(report: ShowReport, summary: bool, width: int) -> RenderableType | None:
    """The source's own verdict on each pillar, under the table rather than inside it: in a
    narrow name column a quote would make the table several times taller. The summary
    gives each one line (cut at a word, with an ellipsis); the full view gives them whole."""
    quoted = [(p.id, p.assessment.quote) for p in report.pillars if p.assessment]
    if not quoted:
        return None
    id_width = max(len(one_line(i)) for i, _ in quoted)
    table = Table(
        title=Text("The source's verdicts", style="bold"),
        title_justify="left",
        box=None,
        show_header=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column(no_wrap=True, style="dim", min_width=id_width)
    table.add_column()
    for ident, quote in quoted:
        text = f"\u201c{one_line(quote)}\u201d"
        if summary:
            text = cut_at_word(text, max(width - id_width - 2, 20))
        table.add_row(safe(ident), safe(text, "italic"))
    return table


def _value_cell(ind: IndicatorResult) -> Text:
    if ind.evidence is None:
        return Text("no data", style="dim")
    # The text already says "(January-September only)" for a partial period.
    text = safe(ind.evidence.text)
    if ind.evidence.external:
        text.append(" †", style="cyan")
    if ind.evidence.limit_rationale:
        text.append("\n")
        text.append_text(safe(f"limit: {ind.evidence.limit_rationale}", "dim"))
    return text


def _year_cell(ind: IndicatorResult) -> Text:
    if ind.evidence is None:
        return Text("-", style="dim")
    year = Text(str(ind.evidence.year))
    if ind.state == "stale":
        year.append(" stale", style="red")
    return year


def _status_cell(ind: IndicatorResult) -> Text:
    if ind.result.status is None:
        return Text(ind.state.replace("_", " "), style="dim")
    return status_text(ind.result)


def _words(pillar: PillarResult) -> list[str]:
    """Every text that goes into the indicator and the value column."""
    texts: list[str] = []
    for ind in pillar.indicators:
        texts += [ind.name, ind.id]
        if ind.evidence is not None:
            texts += [ind.evidence.text, f"({ind.evidence.period})" if ind.evidence.period else ""]
        if ind.target is not None:
            texts.append(f"target: {ind.target.text}")
    return texts


def indicator_table(pillar: PillarResult, width: int) -> Table:
    """One row per indicator: name and id; the value with its target under it; year,
    score, interval and status. Narrower than `WIDE`, the year goes under the value and
    the score, interval and status share one cell."""
    wide = width >= WIDE
    table = Table(
        title=safe(f"{pillar.name} ({pillar.id})", "bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    names = [t for ind in pillar.indicators for t in (ind.name, ind.id)]
    values = [t for t in _words(pillar) if t not in names]
    table.add_column("Indicator", ratio=4, min_width=longest_word(names, 12))
    table.add_column("Value / target", ratio=4, min_width=longest_word(values, 12))
    if wide:
        table.add_column("Year", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
        table.add_column("Interval", no_wrap=True)
        table.add_column("Status", no_wrap=True, min_width=11)
    else:
        table.add_column("Score / Status", no_wrap=True)
    for ind in pillar.indicators:
        score, interval = _score_cells(ind.result)
        value = _value_cell(ind)
        if not wide:
            value.append("\n")
            value.append_text(_year_cell(ind))
        if ind.target:
            value.append("\n")
            value.append_text(safe(f"target: {ind.target.text}", "dim"))
        name = _name_and_id(ind.name, ind.id)
        if wide:
            table.add_row(name, value, _year_cell(ind), score, interval, _status_cell(ind))
        else:
            both = Text(format_estimate(ind.result))
            if ind.result.score is not None:
                both.append(" " + format_interval(ind.result.low, ind.result.high))
            both.append("\n")
            both.append_text(_status_cell(ind))
            table.add_row(name, value, both)
    return table


def legend(report: ShowReport, summary: bool) -> Text:
    return Text(legend_text(report, summary), style="dim")


def captured(draw: Callable[[Console], object]) -> str:
    """What `draw` prints on the console set up for stdout (its width, colours and
    encoding), as text."""
    from scorecard.output import console as terminal_console

    console = terminal_console()
    with console.capture() as text:
        draw(console)
    return text.get()


def _printed(draw: Callable[[int], RenderableType]) -> str:
    """What Rich prints to this terminal (its width, its colours), as text; `draw` gets the
    width to lay the tables out for."""
    return captured(lambda console: console.print(draw(console.width)))


def show_tables(report: ShowReport, *, width: int, summary: bool = False) -> Group:
    parts: list[RenderableType] = [header(report), Text(""), pillar_table(report, width)]
    said = verdicts(report, summary, width)
    if said is not None:
        parts += [Text(""), said]
    if not summary:
        for pillar in report.pillars:
            parts.extend([Text(""), indicator_table(pillar, width)])
    parts.extend([Text(""), legend(report, summary)])
    return Group(*parts)


def render_show_table(report: ShowReport, *, summary: bool = False) -> str:
    return _printed(lambda width: show_tables(report, width=width, summary=summary))


VERDICT_STYLE = {
    "improved": "bold green",
    "worsened": "bold red",
    "uncertain": "yellow",
    "new": "cyan",
    "stale": "dark_orange",
}


def verdict_text(verdict: str) -> Text:
    return Text(VERDICT_LABEL[verdict], style=VERDICT_STYLE.get(verdict, "dim"))


def _change_cells(change: Change) -> tuple[Text, Text]:
    style = VERDICT_STYLE.get(change.verdict, "")
    return (
        Text(format_change(change.change), style=style),
        Text(format_interval(change.low, change.high, signed=True)),
    )


def _evidence_cell(result: IndicatorResult) -> Text:
    if result.evidence is None:
        return Text("no data", style="dim")
    cell = safe(result.evidence.text)
    cell.append(f" ({result.evidence.year})", style="dim")
    if result.state == "stale":
        cell.append(" stale", style="red")
    return cell


DIFF_FOOTNOTE = (
    "Changes are TO minus FROM in score points; the interval is every change the evidence "
    "allows, and the verdict is read from it. Largest losses first. * the indicators behind "
    "the score differ between the years: the verdict compares only those with data in both "
    f"(like for like). {ESTIMATE_LEGEND}"
)


def _aggregate_verdict(agg: AggregateChange) -> Text:
    text = verdict_text(agg.score_change.verdict)
    text.append(like_for_like_note(agg).replace(" (", "\n("))
    return text


def render_diff_table(report: DiffReport, *, show_all: bool = False) -> str:
    return _printed(lambda width: diff_tables(report, width=width, show_all=show_all))


def diff_tables(report: DiffReport, *, width: int, show_all: bool = False) -> Group:
    head = Text()
    head.append_text(safe(report.title, "bold"))
    head.append(f"\nData: {data_label(report.data_file, report.data_origin)}\n", style="dim")
    head.append(f"Change from {report.from_year} to {report.to_year}: ")
    head.append(format_summary(report.summary))

    wide = width >= WIDE
    names = [f"{a.name} ({a.id})" for a in report.pillars] + [report.overall.name]
    pillars = Table(box=box.SIMPLE_HEAD, show_edge=False)
    pillars.add_column("Pillar", min_width=longest_word(names, 10))
    pillars.add_column(str(report.from_year), justify="right", no_wrap=True)
    pillars.add_column(str(report.to_year), justify="right", no_wrap=True)
    pillars.add_column("Change", justify="right", no_wrap=True)
    pillars.add_column("Interval", no_wrap=True)
    pillars.add_column("Verdict", no_wrap=True)
    for agg in (*report.pillars, report.overall):
        change, interval = _change_cells(agg.score_change)
        name = safe(agg.name, "bold" if agg.id == "overall" else "")
        if agg in report.pillars:
            name.append(" ")
            name.append_text(safe(f"({agg.id})", "dim"))
        pillars.add_row(
            name,
            Text(format_estimate(agg.at_from)),
            Text(format_estimate(agg.at_to)),
            change,
            interval,
            _aggregate_verdict(agg),
        )

    rows = changes_for_reading(report, show_all)
    texts = [t for c in rows for t in (c.name, c.id)]
    evidence = [_evidence_cell(r).plain for c in rows for r in (c.at_from, c.at_to)]
    indicators = Table(box=box.SIMPLE_HEAD, show_edge=False)
    indicators.add_column("Indicator", ratio=3 if wide else None, min_width=longest_word(texts, 10))
    if wide:
        indicators.add_column(f"At {report.from_year}", ratio=2, min_width=longest_word(evidence))
        indicators.add_column(f"At {report.to_year}", ratio=2, min_width=longest_word(evidence))
        indicators.add_column("Change", justify="right", no_wrap=True)
        indicators.add_column("Interval", no_wrap=True)
        indicators.add_column("Verdict", no_wrap=True)
    else:
        # Narrow: both years' evidence in one cell, and the verdict under the change.
        indicators.add_column(
            f"At {report.from_year} / at {report.to_year}", min_width=longest_word(evidence)
        )
        indicators.add_column("Change", no_wrap=True)
    for c in rows:
        change, interval = _change_cells(c.score_change)
        name = _name_and_id(c.name, c.id)
        if wide:
            indicators.add_row(
                name,
                _evidence_cell(c.at_from),
                _evidence_cell(c.at_to),
                change,
                interval,
                verdict_text(c.score_change.verdict),
            )
            continue
        both = _evidence_cell(c.at_from)
        both.append("\n")
        both.append_text(_evidence_cell(c.at_to))
        moved = change.copy()
        if c.score_change.change is not None:
            moved.append("\n")
            moved.append_text(interval)
        moved.append("\n")
        moved.append_text(verdict_text(c.score_change.verdict))
        indicators.add_row(name, both, moved)
    hidden = len(report.indicators) - len(rows)
    note = DIFF_FOOTNOTE
    if hidden:
        note += f" {hidden} indicator(s) without news hidden: use --all."
    return Group(head, Text(""), pillars, Text(""), indicators, Text(""), Text(note, style="dim"))
