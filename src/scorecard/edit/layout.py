"""Where the tables of a data file start and end, and the layouts `add` cannot edit.

Built on `scorecard.tomltext.scan`, the same scan that gives `validate` its line numbers.
`edit_hazards` is what `validate` warns about; `add` refuses the same layouts with the same
words (`indicators_hazard`, `indicator_hazard`), so the rule lives here once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any

from scorecard.errors import Problem
from scorecard.textsafe import cut
from scorecard.tomltext import Line, LineIndex, scan


@dataclass
class Layout:
    """Where each table of the file starts and which indicator it belongs to."""

    lines: list[Line]
    #: Indexes into `lines` of every header, in order.
    headers: list[int] = field(default_factory=list)
    #: For each `[[indicators]]` element: its header's position in `headers`.
    indicators: list[int] = field(default_factory=list)
    #: For each indicator: positions in `headers` of its `[[indicators.observations]]`.
    observations: list[list[int]] = field(default_factory=list)
    #: For each indicator: the position in `headers` of the last table that belongs to it.
    last: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Layout:
        layout = cls(scan(text))
        for n, line in enumerate(layout.lines):
            if line.kind != "header":
                continue
            pos = len(layout.headers)
            layout.headers.append(n)
            path = line.path or ()
            if path == ("indicators",) and line.aot:
                layout.indicators.append(pos)
                layout.observations.append([])
                layout.last.append(pos)
            elif len(path) > 1 and path[0] == "indicators" and layout.indicators:
                # Any `[indicators.x]` header belongs to the latest `[[indicators]]` element.
                layout.last[-1] = pos
                if path == ("indicators", "observations") and line.aot:
                    layout.observations[-1].append(pos)
        return layout

    def content_end(self, pos: int) -> int:
        """Offset just past the last key line of the table at `headers[pos]`.

        Blank lines and comments before the next header are left out: they usually
        introduce what follows (a section banner, a note on the next observation).
        """
        first = self.headers[pos]
        stop = self.headers[pos + 1] if pos + 1 < len(self.headers) else len(self.lines)
        end = self.lines[first].end
        for line in self.lines[first + 1 : stop]:
            if line.kind == "content":
                end = line.end
        return end

    def blank_between_tables(self) -> bool:
        """Whether the file's style puts a blank line (or a comment) before a header."""
        spaced = tight = 0
        for n in self.headers:
            if n == 0:
                continue
            if self.lines[n - 1].kind in ("content", "header"):
                tight += 1
            else:
                spaced += 1
        return spaced >= tight


def indicator_hazard(raw: dict[str, Any], layout: Layout, index: int) -> str | None:
    """Why the observations of `raw["indicators"][index]` cannot be edited, or None."""
    item = raw["indicators"][index]
    written = len(layout.observations[index])
    present = item.get("observations") if isinstance(item, dict) else None
    if present is None:
        return None
    count = len(present) if isinstance(present, list) else -1
    # TOML cannot append [[...]] tables to an array written inline, even an empty one.
    if written == 0 or count != written:
        return (
            "observations are written as an inline array (`observations = [...]`); "
            "`scorecard add` can only edit one [[indicators.observations]] table per "
            "observation, so it will refuse to change this indicator"
        )
    return None


def indicators_hazard(raw: dict[str, Any], layout: Layout) -> str | None:
    """Why no indicator of the file can be edited, or None."""
    items = raw.get("indicators")
    if not isinstance(items, list) or len(items) == len(layout.indicators):
        return None
    return (
        "indicators are not all written as [[indicators]] tables; `scorecard add` can only "
        "edit a file where each indicator has its own [[indicators]] header"
    )


def edit_hazards(text: str, name: str, raw: dict[str, Any] | None = None) -> list[Problem]:
    """Warnings for what in `text` `scorecard add` could not edit while keeping every byte.

    `raw` is the text already parsed, when the caller has it: a large file is then not
    parsed twice. Empty when the file is not valid TOML (validation reports that already)
    or when every indicator can be edited.
    """
    if raw is None:
        try:
            raw = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError):
            return []
    layout = Layout.of(text)
    index = LineIndex(layout.lines)
    whole = indicators_hazard(raw, layout)
    if whole is not None:
        return [
            Problem(
                name,
                whole,
                line=index.line_of(("indicators",)),
                field="indicators",
                severity="warning",
            )
        ]
    problems: list[Problem] = []
    items = raw.get("indicators")
    for n, item in enumerate(items if isinstance(items, list) else []):
        hazard = indicator_hazard(raw, layout, n)
        if hazard is None:
            continue
        ident = item.get("id") if isinstance(item, dict) else None
        problems.append(
            Problem(
                name,
                hazard,
                line=index.line_of(("indicators", n, "observations")),
                kind="indicator",
                item=cut(ident) if isinstance(ident, str) else f"#{n + 1} (no id)",
                field="observations",
                severity="warning",
            )
        )
    return problems
