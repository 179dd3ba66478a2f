"""`scorecard add --from FILE.csv`: a year's update in one step, all rows or none.

Every row is one observation, with the columns of `COLUMNS` (the options of `add`, named
as the data file names them). Each row is checked as `add` checks one observation, on the
file as the rows before it left it, so that every bad row is reported, each with its CSV
line; the file that results is checked whole. Only when no row has a problem is anything
written: once, atomically, under the same lock as `add` (`edit.files`).
"""

from __future__ import annotations

import csv
import dataclasses
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorecard.edit.add import AddResult, NewObservation, plan_add, refuse_packaged
from scorecard.edit.files import atomic_write, locked
from scorecard.errors import DataInvalidError, FileReadError, Problem, ScorecardError, UsageError
from scorecard.textsafe import cut, one_line
from scorecard.tomltext import read_text

if TYPE_CHECKING:
    from pathlib import Path

    from scorecard.load import DataPath

#: The columns a CSV may have; `indicator`, `year` and `source` are required.
COLUMNS = (
    "indicator",
    "year",
    "value",
    "at_least",
    "at_most",
    "low",
    "high",
    "level",
    "limit",
    "limit_rationale",
    "source",
    "quote",
    "page",
    "section",
    "period",
    "note",
    "external",
    "url",
)
REQUIRED = ("indicator", "year", "source")
_NUMBERS = ("value", "at_least", "at_most", "low", "high", "limit")
_TRUE = {"true", "yes", "1", "x"}
_FALSE = {"", "false", "no", "0"}
#: A CSV with more rows than this is refused: it is a year's update, not a database.
MAX_ROWS = 10_000


class BatchRejectedError(UsageError):
    """Rows of the CSV have problems; each is one line, and nothing was written."""

    def __init__(self, problems: list[str], csv_name: str, data_name: str) -> None:
        super().__init__(
            f"{csv_name}: {len(problems)} problem(s); nothing was written to {data_name}"
        )
        self.problems = problems

    def messages(self) -> list[str]:
        return [*self.problems, str(self)]


@dataclass(frozen=True)
class Row:
    """One CSV row: where it is, and the observation it gives."""

    line: int
    indicator: str
    new: NewObservation


@dataclass(frozen=True)
class BatchResult:
    file: str
    results: list[AddResult]
    written: bool
    text: str

    def summary(self) -> str:
        lines = [r.summary() for r in self.results]
        verb = "added" if self.written else "would add"
        lines.append(f"{verb} {len(self.results)} observation(s) in one write")
        return "\n".join(lines)

    @property
    def warnings(self) -> list[Problem]:
        return [w for r in self.results for w in r.warnings]


def read_rows(path: Path) -> tuple[list[Row], list[tuple[int, str]]]:
    """The CSV's rows as observations, and (line, message) for each row that is not one.

    A header that cannot be used is a `UsageError` at once: no row can be read without it.
    """
    name = str(path)
    text = read_text(path)
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise UsageError(f"{name}: the CSV is empty (it needs a header row)") from None
    except csv.Error as err:
        raise UsageError(f"{name}:1: not a CSV header: {err}") from None
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    repeated = sorted({h for h in header if header.count(h) > 1})
    header_problems = []
    if unknown:
        header_problems.append(
            f"unknown column(s) {', '.join(repr(cut(u, 40)) for u in unknown)}; "
            f"the columns are {', '.join(COLUMNS)}"
        )
    if missing:
        header_problems.append(f"missing column(s) {', '.join(missing)}")
    if repeated:
        header_problems.append(f"repeated column(s) {', '.join(repeated)}")
    if header_problems:
        raise UsageError(f"{name}:1: " + "; ".join(header_problems))
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append((line, f"{name}:{line}: not valid CSV: {err}"))
            break
        if not any(c.strip() for c in cells):
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            raise UsageError(f"{name}: more than {MAX_ROWS:,} rows; split the update")
        if len(cells) != len(header):
            problems.append(
                (line, f"{name}:{line}: {len(cells)} cell(s) where the header has {len(header)}")
            )
            continue
        try:
            rows.append(_row(dict(zip(header, cells, strict=True)), line))
        except UsageError as err:
            who = _who(dict(zip(header, cells, strict=True)))
            problems.append((line, f"{name}:{line}: {who}{err}"))
    if not rows and not problems:
        raise UsageError(f"{name}: the CSV has a header but no rows")
    return rows, problems


def _who(cells: dict[str, str]) -> str:
    indicator = one_line(cells.get("indicator", ""))
    year = one_line(cells.get("year", ""))
    return f"{cut(indicator, 64)} {cut(year, 8)}: " if indicator else ""


def _number(column: str, text: str) -> float | None:
    text = (
        text.strip().replace(",", "")
        if re.fullmatch(r"[-+]?[0-9,]+(\.[0-9]*)?", text.strip())
        else text.strip()
    )
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise UsageError(f"{column}: not a number ({cut(text, 40)!r})") from None
    if not math.isfinite(number):
        raise UsageError(f"{column} must be a finite number (got {cut(text, 40)!r})")
    return number


def _row(cells: dict[str, str], line: int) -> Row:
    text = {k: v.strip() for k, v in cells.items()}
    if not re.fullmatch(r"[0-9]{1,4}", text["year"]):
        raise UsageError(f"year: not a year ({cut(text['year'], 20)!r}; write it like 2011)")
    numbers = {c: _number(c, text.get(c, "")) for c in _NUMBERS}
    low, high = numbers["low"], numbers["high"]
    if (low is None) != (high is None):
        raise UsageError("a range needs both low and high")
    external = text.get("external", "").lower()
    if external not in _TRUE | _FALSE:
        raise UsageError(f"external: write true or false (got {cut(external, 20)!r})")

    def optional(column: str) -> str | None:
        return text.get(column) or None

    new = NewObservation(
        year=int(text["year"]),
        source=text["source"],
        value=numbers["value"],
        at_least=numbers["at_least"],
        at_most=numbers["at_most"],
        range=None if low is None or high is None else (low, high),
        level=optional("level"),
        limit=numbers["limit"],
        limit_rationale=optional("limit_rationale"),
        period=optional("period"),
        quote=optional("quote"),
        page=optional("page"),
        section=optional("section"),
        external=external in _TRUE,
        url=optional("url"),
        note=optional("note"),
    )
    return Row(line, text["indicator"], new)


def plan_batch(
    text: str,
    name: str,
    csv_name: str,
    rows: list[Row],
    *,
    replace: bool,
    drop_old: bool,
    problems: list[tuple[int, str]] | None = None,
) -> tuple[str, list[AddResult]]:
    """The file's text with every row added, checking each row on the text before it.

    `problems` are those found reading the CSV; all are reported together, in CSV order.
    """
    results: list[AddResult] = []
    problems = list(problems or [])
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        where = f"{csv_name}:{row.line}: {cut(one_line(row.indicator), 64)} {row.new.year}: "
        key = (row.indicator, row.new.year)
        if key in seen:
            problems.append((row.line, f"{where}the CSV gives this year on line {seen[key]} too"))
            continue
        seen[key] = row.line
        try:
            result = plan_add(
                text, name, row.indicator, row.new, replace=replace, drop_old=drop_old
            )
        except DataInvalidError:
            # The data file itself is invalid: no row can be checked against it.
            raise
        except ScorecardError as err:
            problems.extend((row.line, where + message) for message in err.messages())
            continue
        text = result.text
        results.append(result)
    if problems:
        ordered = [message for _, message in sorted(problems, key=lambda p: p[0])]
        raise BatchRejectedError(ordered, csv_name, name)
    return text, results


def add_from_csv(
    source: DataPath,
    csv_path: Path,
    *,
    replace: bool = False,
    drop_old: bool = False,
    dry_run: bool = False,
    lock_timeout: float,
) -> BatchResult:
    """Add every row of the CSV to the data file in one atomic write, or none of them."""
    refuse_packaged(source)
    path = source.path
    name = str(path)
    try:
        rows, bad_rows = read_rows(csv_path)
    except FileReadError as err:
        raise UsageError(f"--from {err}") from None
    read_text(path)

    def plan() -> tuple[str, list[AddResult]]:
        return plan_batch(
            read_text(path),
            name,
            str(csv_path),
            rows,
            replace=replace,
            drop_old=drop_old,
            problems=bad_rows,
        )

    if dry_run:
        text, results = plan()
        return BatchResult(name, results, False, text)
    real = path.resolve()
    with locked(real, lock_timeout, name):
        raw_bytes = real.read_bytes()
        text, results = plan()
        bom = b"\xef\xbb\xbf" if raw_bytes.startswith(b"\xef\xbb\xbf") else b""
        atomic_write(real, bom + text.encode("utf-8"), overwrite=True, name=name)
    return dataclasses.replace(BatchResult(name, results, False, text), written=True)
