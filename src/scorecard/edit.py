"""Write data files: `scorecard init` and `scorecard add`.

An edit must leave every byte it does not need to change exactly as it was: comments,
blank lines, key order and quoting are a person's work. TOML libraries that round-trip
(tomlkit) keep bytes only until something is inserted: they attach the comments and blank
lines that precede a header to the table before it, so a new `[[indicators.observations]]`
lands after the next section's banner comment, with no blank line after it. So `add`
splices text instead: a small scanner finds where each table starts and where its last
key ends, the new observation is rendered with tomlkit (for correct TOML quoting) and
inserted as a block of whole lines, and the result is parsed again and compared with the
intended data before anything is written. A file laid out in a way the splice cannot
handle (see `edit_hazards`) is refused rather than rewritten.

Writes are atomic (temp file in the same folder, fsync, rename) and `add` holds a lock on
a sibling `.lock` file around its read-change-write, so concurrent edits all land.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import dataclasses
import math
import os
import stat
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scorecard.errors import (
    DataInvalidError,
    ExitCode,
    LockTimeoutError,
    Problem,
    ScorecardError,
    UsageError,
)
from scorecard.load import LineIndex, bundled_data_path, parse_toml, read_text, validate_document
from scorecard.lookup import unknown
from scorecard.model import YEAR_MAX, YEAR_MIN, Observation, OrdinalScoring

if TYPE_CHECKING:
    from scorecard.load import DataPath
    from scorecard.model import Document, Indicator, Scale

#: How long `add` waits for another process's edit of the same file, in seconds.
DEFAULT_LOCK_TIMEOUT = 10.0

#: The options that give an observation's value, in the order messages list them.
VALUE_OPTIONS = ("--value", "--at-least", "--at-most", "--range", "--level")


class EditRejectedError(UsageError):
    """The change would make a valid file invalid; each problem is one line."""

    def __init__(self, problems: list[Problem], name: str) -> None:
        super().__init__(f"{name}: the change would make the file invalid; nothing was written")
        self.problems = problems

    def messages(self) -> list[str]:
        return [*(p.one_line() for p in self.problems), str(self)]


class FileWriteError(ScorecardError):
    """The new file could not be written; the old one is untouched."""

    exit_code = ExitCode.USAGE


# ---------------------------------------------------------------------------------------
# Scanning the text: which lines are headers, comments, blank, or part of a key's value.

LineKind = Literal["blank", "comment", "header", "content"]


@dataclass(frozen=True)
class _Line:
    start: int
    #: Just past the line's newline, or the end of the text.
    end: int
    kind: LineKind
    #: For a header: its key path, e.g. ("indicators", "observations"); None if unreadable.
    path: tuple[str, ...] | None = None
    #: For a header: `[[...]]`, an element of an array of tables.
    aot: bool = False


def _header_path(line: str) -> tuple[str, ...] | None:
    """The key path of a header line, read by tomllib itself so quoting rules are exact."""
    try:
        node: Any = tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        return None
    path: list[str] = []
    while isinstance(node, dict) and len(node) == 1:
        key = next(iter(node))
        path.append(key)
        node = node[key]
        if isinstance(node, list):
            node = node[0] if node else {}
    return tuple(path)


class _Scanner:
    """Tracks strings and brackets across lines, so that a `[` or `#` inside a multi-line
    string or array is not taken for a header or a comment."""

    def __init__(self) -> None:
        self.string: str | None = None  # '"""' or "'''" while inside a multi-line string
        self.depth = 0  # open [ and { of a value that spans lines

    @property
    def at_top(self) -> bool:
        return self.string is None and self.depth == 0

    def feed(self, line: str) -> None:
        i, n = 0, len(line)
        while i < n:
            if self.string is not None:
                if self.string == '"""' and line[i] == "\\":
                    i += 2
                    continue
                if line.startswith(self.string, i):
                    # A closing delimiter may be preceded by up to two quotes of content.
                    i += 3
                    extra = 0
                    while i < n and line[i] == self.string[0] and extra < 2:
                        i += 1
                        extra += 1
                    self.string = None
                    continue
                i += 1
                continue
            c = line[i]
            if c == "#":
                return
            if line.startswith('"""', i) or line.startswith("'''", i):
                self.string = line[i : i + 3]
                i += 3
            elif c == '"':
                i += 1
                while i < n and line[i] != '"':
                    i += 2 if line[i] == "\\" else 1
                i += 1
            elif c == "'":
                close = line.find("'", i + 1)
                i = n if close < 0 else close + 1
            else:
                if c in "[{":
                    self.depth += 1
                elif c in "]}":
                    self.depth = max(0, self.depth - 1)
                i += 1


def _scan(text: str) -> list[_Line]:
    lines: list[_Line] = []
    scanner = _Scanner()
    start = 0
    # Split on "\n" only, as TOML does (str.splitlines also breaks at U+2028 and others).
    while start < len(text):
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline + 1
        body = text[start:end]
        stripped = body.strip(" \t\r\n")
        if not scanner.at_top:
            lines.append(_Line(start, end, "content"))
            scanner.feed(body)
        elif not stripped:
            lines.append(_Line(start, end, "blank"))
        elif stripped.startswith("#"):
            lines.append(_Line(start, end, "comment"))
        elif stripped.startswith("["):
            path = _header_path(stripped)
            lines.append(_Line(start, end, "header", path, stripped.startswith("[[")))
        else:
            lines.append(_Line(start, end, "content"))
            scanner.feed(body)
        start = end
    return lines


@dataclass
class _Layout:
    """Where each table of the file starts and which indicator it belongs to."""

    lines: list[_Line]
    #: Indexes into `lines` of every header, in order.
    headers: list[int] = field(default_factory=list)
    #: For each `[[indicators]]` element: its header's position in `headers`.
    indicators: list[int] = field(default_factory=list)
    #: For each indicator: positions in `headers` of its `[[indicators.observations]]`.
    observations: list[list[int]] = field(default_factory=list)
    #: For each indicator: the position in `headers` of the last table that belongs to it.
    last: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> _Layout:
        layout = cls(_scan(text))
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
            if self.lines[n - 1].kind == "content" or self.lines[n - 1].kind == "header":
                tight += 1
            else:
                spaced += 1
        return spaced >= tight


def _indicator_hazard(raw: dict[str, Any], layout: _Layout, index: int) -> str | None:
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


def _indicators_hazard(raw: dict[str, Any], layout: _Layout) -> str | None:
    items = raw.get("indicators")
    if not isinstance(items, list) or len(items) == len(layout.indicators):
        return None
    return (
        "indicators are not all written as [[indicators]] tables; `scorecard add` can only "
        "edit a file where each indicator has its own [[indicators]] header"
    )


def edit_hazards(text: str, name: str) -> list[Problem]:
    """Warnings for what in `text` `scorecard add` could not edit while keeping every byte.

    Empty when the file is not valid TOML (validation reports that already) or when every
    indicator can be edited.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    layout = _Layout.of(text)
    index = LineIndex(text)
    whole = _indicators_hazard(raw, layout)
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
        hazard = _indicator_hazard(raw, layout, n)
        if hazard is None:
            continue
        ident = item.get("id") if isinstance(item, dict) else None
        problems.append(
            Problem(
                name,
                hazard,
                line=index.line_of(("indicators", n, "observations")),
                kind="indicator",
                item=ident if isinstance(ident, str) else f"#{n + 1} (no id)",
                field="observations",
                severity="warning",
            )
        )
    return problems


# ---------------------------------------------------------------------------------------
# `scorecard add`


@dataclass(frozen=True)
class NewObservation:
    """An observation as given on the command line; exactly one value form is set."""

    year: int
    source: str
    value: float | None = None
    at_least: float | None = None
    at_most: float | None = None
    range: tuple[float, float] | None = None
    level: str | None = None
    period: str | None = None
    quote: str | None = None
    page: str | None = None
    section: str | None = None
    external: bool = False
    url: str | None = None
    note: str | None = None

    def table(self) -> dict[str, Any]:
        """The observation's keys, in the order a person reads them."""
        out: dict[str, Any] = {"year": self.year}
        if self.value is not None:
            out["value"] = float(self.value)
        if self.at_least is not None:
            out["at_least"] = float(self.at_least)
        if self.at_most is not None:
            out["at_most"] = float(self.at_most)
        if self.range is not None:
            out["low"], out["high"] = float(self.range[0]), float(self.range[1])
        if self.level is not None:
            out["level"] = self.level
        optional: dict[str, Any] = {
            "period": self.period,
            "source": self.source,
            "quote": self.quote,
            # A plain page number is stored as a number, "12-13" or "iv" as text.
            "page": int(self.page) if self.page and self.page.isdecimal() else self.page,
            "section": self.section,
            "external": True if self.external else None,
            "url": self.url,
            "note": self.note,
        }
        out.update((k, v) for k, v in optional.items() if v is not None)
        return out


@dataclass(frozen=True)
class AddResult:
    """What `add` changed (or, with --dry-run, would change)."""

    file: str
    indicator: str
    year: int
    #: The old value as a person would say it; None when the year had no observation.
    before: str | None
    after: str
    written: bool
    #: Warnings the new observation brings (e.g. no quote).
    warnings: list[Problem]
    #: The file's text after the change.
    text: str

    def summary(self) -> str:
        """`oc-homicides 2012: (none) -> 21,736 killings a year`."""
        return f"{self.indicator} {self.year}: {self.before or '(none)'} -> {self.after}"


def _check_input(new: NewObservation) -> None:
    """Problems with the command line alone, before the file is read."""
    given = [
        flag
        for flag, present in zip(
            VALUE_OPTIONS,
            (new.value, new.at_least, new.at_most, new.range, new.level),
            strict=True,
        )
        if present is not None
    ]
    if len(given) != 1:
        found = f"got {' and '.join(given)}" if given else "got none"
        raise UsageError(f"give exactly one of {', '.join(VALUE_OPTIONS)} ({found})")
    numbers: dict[str, list[float | None]] = {
        "--value": [new.value],
        "--at-least": [new.at_least],
        "--at-most": [new.at_most],
        "--range": list(new.range) if new.range else [],
    }
    for flag, values in numbers.items():
        for v in values:
            if v is not None and not math.isfinite(v):
                raise UsageError(f"{flag} must be a finite number (got {v})")
    if new.range is not None and new.range[0] > new.range[1]:
        low, high = new.range
        raise UsageError(f"--range: LOW ({low:g}) is greater than HIGH ({high:g})")
    if not YEAR_MIN <= new.year <= YEAR_MAX:
        raise UsageError(f"--year must be between {YEAR_MIN} and {YEAR_MAX} (got {new.year})")
    if new.external and not new.url:
        raise UsageError("--external needs --url: the address the figure was checked against")


def _scale_of(doc: Document, ind: Indicator) -> Scale | None:
    if not isinstance(ind.scoring, OrdinalScoring):
        return None
    return next((s for s in doc.scales if s.id == ind.scoring.scale), None)


def _check_against(doc: Document, ind: Indicator, new: NewObservation) -> None:
    """Problems of the new observation that the file's contents reveal."""
    scale = _scale_of(doc, ind)
    if isinstance(ind.scoring, OrdinalScoring):
        levels = [level.name for level in scale.levels] if scale else []
        if new.level is None:
            raise UsageError(
                f"indicator {ind.id!r} is ordinal (scale {ind.scoring.scale!r}): give --level "
                f"(one of {', '.join(levels)}), not a number"
            )
        if new.level not in levels:
            where = f" for {ind.id} (scale {ind.scoring.scale!r})"
            raise unknown("level", new.level, levels, where)
    elif new.level is not None:
        raise UsageError(
            f"indicator {ind.id!r} takes a number (--value, --at-least, --at-most or --range), "
            f"not --level (its scoring method is {ind.scoring.method!r}, not 'ordinal')"
        )
    sources = [s.id for s in doc.sources]
    if new.source not in sources:
        raise unknown("source", new.source, sources)
    primary = doc.scorecard.primary_source
    if primary is not None and new.source != primary and not new.external:
        raise UsageError(
            f"source {new.source!r} is not the file's primary source ({primary!r}): mark the "
            "figure with --external --url URL (the address it was checked against)"
        )


def _render(table: dict[str, Any], newline: str) -> str:
    """`[[indicators.observations]]` and its keys, with tomlkit's TOML quoting."""
    # Imported here so that `edit_hazards` (run by `validate`) does not load tomlkit.
    import tomlkit

    body = tomlkit.table()
    for key, value in table.items():
        body[key] = value
    lines = ["[[indicators.observations]]", *body.as_string().splitlines()]
    return "".join(line + newline for line in lines)


def _format(doc: Document, ind: Indicator, obs: Observation) -> str:
    from scorecard.format import format_value

    scale = _scale_of(doc, ind)
    label = None
    if scale is not None and obs.level is not None:
        label = next((lv.label for lv in scale.levels if lv.name == obs.level), None)
    text = format_value(obs, ind.unit, label)
    return f"{text} ({obs.period})" if obs.period else text


def plan_add(
    text: str, name: str, indicator: str, new: NewObservation, *, replace: bool = False
) -> AddResult:
    """The file's text with the observation added; nothing is written.

    Raises `UsageError` (exit 2) for a bad observation or a file it cannot edit exactly,
    `DataInvalidError` (exit 3) when the file is invalid to begin with.
    """
    from pydantic import ValidationError

    _check_input(new)
    raw = parse_toml(text, name)
    doc, errors, warnings_before = validate_document(raw, text, name)
    if doc is None:
        raise DataInvalidError(errors)

    ids = [i.id for i in doc.indicators]
    if indicator not in ids:
        raise unknown("indicator", indicator, ids)
    index = ids.index(indicator)
    ind = doc.indicators[index]
    _check_against(doc, ind, new)

    layout = _Layout.of(text)
    hazard = _indicators_hazard(raw, layout) or _indicator_hazard(raw, layout, index)
    if hazard is not None:
        raise UsageError(f"{name}: cannot add to {indicator!r} without rewriting it: {hazard}")

    data = new.table()
    try:
        after = _format(doc, ind, Observation.model_validate(data))
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        raise UsageError(f"the observation is not valid: {first['msg']}") from None

    years = [o.year for o in ind.observations]
    before: str | None = None
    newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    block = _render(data, newline)
    headers = layout.observations[index]
    observations = list(raw["indicators"][index].get("observations", []))
    if new.year in years:
        j = years.index(new.year)
        old = ind.observations[j]
        before = _format(doc, ind, old)
        if not replace:
            raise UsageError(
                f"{indicator} already has an observation for {new.year} ({before}); "
                "pass --replace to overwrite it"
            )
        # The old table, from its header to its last key; comments after it stay.
        start = layout.lines[layout.headers[headers[j]]].start
        end = layout.content_end(headers[j])
        new_text = text[:start] + block + text[end:]
        observations[j] = data
    else:
        # In year order: before the first observation of a later year, else after the
        # indicator's last table.
        k = next((n for n, y in enumerate(years) if y > new.year), len(years))
        anchor = headers[k] - 1 if k < len(headers) else layout.last[index]
        point = layout.content_end(anchor)
        lead = newline if layout.blank_between_tables() else ""
        if point == len(text) and text and not text.endswith("\n"):
            lead = newline + lead
        new_text = text[:point] + lead + block + text[point:]
        observations.insert(k, data)

    # The splice must change exactly this one observation: compare the parsed result
    # with the intended data, so an unforeseen layout can never corrupt the file.
    expected = copy.deepcopy(raw)
    expected["indicators"][index]["observations"] = observations
    try:
        reparsed = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        reparsed = None
    if reparsed != expected:
        raise UsageError(
            f"{name}: cannot add to {indicator!r} without rewriting other lines (an unusual "
            "layout around it); nothing was written. Add the observation by hand."
        )
    doc_after, errors, warnings_after = validate_document(reparsed, new_text, name)
    if doc_after is None:
        raise EditRejectedError(errors, name)

    def key(p: Problem) -> tuple[str | None, ...]:
        return (p.kind, p.item, p.field, p.message)

    old_warnings = {key(p) for p in warnings_before}
    fresh = [p for p in warnings_after if key(p) not in old_warnings]
    return AddResult(name, indicator, new.year, before, after, False, fresh, new_text)


def _refuse_packaged(source: DataPath) -> None:
    """The dataset inside the installed package is not the user's to edit."""
    package = Path(__file__).resolve().parent
    inside = package in source.path.resolve().parents
    if source.bundled or inside:
        raise UsageError(
            f"refusing to edit the bundled dataset ({source.path}); run `scorecard init` to "
            "make your own copy (./scorecard.toml), then add to that"
        )


def add_observation(
    source: DataPath,
    indicator: str,
    new: NewObservation,
    *,
    replace: bool = False,
    dry_run: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> AddResult:
    """Add (or with `replace`, overwrite) one observation in the file, atomically."""
    from filelock import FileLock, Timeout

    _refuse_packaged(source)
    path = source.path
    name = str(path)
    _check_input(new)
    # Read once before locking: a missing file or a directory is reported as such instead
    # of leaving a stray lock file next to it.
    text = read_text(path)
    if dry_run:
        # Writes replace the file in one rename, so an unlocked read is always consistent.
        return plan_add(text, name, indicator, new, replace=replace)

    real = path.resolve()
    lock = FileLock(str(real) + ".lock", timeout=lock_timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(
            f"{name}: another process is editing this file (waited {lock_timeout:g} s for "
            f"{real.name}.lock); try again when it has finished"
        ) from None
    except OSError as err:
        raise FileWriteError(
            f"{name}: cannot create the lock file {real.name}.lock: {err.strerror or err}"
        ) from None
    try:
        text = read_text(path)
        result = plan_add(text, name, indicator, new, replace=replace)
        with real.open("rb") as f:
            bom = codecs.BOM_UTF8 if f.read(3) == codecs.BOM_UTF8 else b""
        atomic_write(real, bom + result.text.encode("utf-8"), overwrite=True, name=name)
    finally:
        lock.release()
    return dataclasses.replace(result, written=True)


# ---------------------------------------------------------------------------------------
# Atomic writes


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _new_file_mode() -> int:
    # mkstemp creates 0600; a new data file gets what the user's umask gives any file.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, data: bytes, *, overwrite: bool, name: str | None = None) -> None:
    """Replace (or create) `path` with `data` so that readers see the old or the new file.

    The temp file is in the same folder, so the rename never crosses file systems. With
    `overwrite`, the file keeps its permission bits; without it, an existing file is never
    replaced, even one created a moment ago by another process. Any failure leaves the old
    file as it was and removes the temp file.
    """
    label = name or str(path)
    folder = path.parent
    try:
        old = os.stat(path) if overwrite else None
        if old is not None and not os.access(path, os.W_OK):
            # Renaming over it would work, but the user made it read-only for a reason.
            raise FileWriteError(f"{label}: the file is read-only; nothing was written")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise FileWriteError(f"{label}: cannot write: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old is not None else _new_file_mode())
        if old is not None and hasattr(os, "chown"):
            # Keep the owner when someone else's file is edited (e.g. by root); only
            # possible with the right privileges, so a refusal is not an error.
            with contextlib.suppress(OSError):
                os.chown(tmp, old.st_uid, old.st_gid)
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path, label)
        _fsync_folder(folder)
    except OSError as err:
        raise FileWriteError(
            f"{label}: cannot write: {err.strerror or err}; the file was not changed"
        ) from None
    finally:
        # After a successful rename the temp name is gone; after a failure it is removed.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _link_new(tmp: str, path: Path, label: str) -> None:
    """Put `tmp` at `path` unless something is already there."""
    try:
        # A hard link fails if the target exists, so there is no window to clobber a file.
        os.link(tmp, path)
    except FileExistsError:
        raise UsageError(f"{label} already exists; not overwriting it") from None
    except OSError:
        # Some file systems have no hard links: check, then rename.
        if os.path.lexists(path):
            raise UsageError(f"{label} already exists; not overwriting it") from None
        os.replace(tmp, path)


# ---------------------------------------------------------------------------------------
# `scorecard init`


@dataclass(frozen=True)
class InitResult:
    path: Path
    blank: bool
    indicators: int
    observations: int
    size: int

    def summary(self) -> str:
        what = (
            "a blank scorecard (one source, pillar, scale and indicator to rename)"
            if self.blank
            else f"a copy of the bundled dataset ({self.indicators} indicators, "
            f"{self.observations} observations)"
        )
        return f"wrote {self.path}: {what}, {self.size:,} bytes"


BLANK_HEADER = """\
# A blank scorecard written by `scorecard init --blank`. Rename the ids and titles, then
# add evidence with `scorecard add`. Every field is described in docs/data-format.md.

"""


def blank_scorecard_text() -> str:
    """A minimal valid scorecard, built from the schema models so that it stays valid.

    Written with tomlkit rather than tomli-w: tomli-w writes short arrays of tables inline
    (`sources = [{ id = ... }]`), not as the `[[sources]]` tables that docs/data-format.md
    documents and that `scorecard add` edits.
    """
    import tomlkit

    from scorecard.model import (
        Document,
        Indicator,
        Level,
        Pillar,
        Scale,
        ScorecardMeta,
        Source,
    )

    doc = Document(
        scorecard=ScorecardMeta(title="My scorecard", primary_source="main-source"),
        sources=[Source(id="main-source", title="The document the scorecard follows")],
        pillars=[Pillar(id="first-pillar", name="First pillar")],
        scales=[
            Scale(
                id="policy-stage",
                name="Stage of a policy or law",
                levels=[
                    Level(name="none", label="None"),
                    Level(name="proposed", label="Proposed"),
                    Level(name="adopted", label="Adopted"),
                    Level(name="partial", label="Partly implemented"),
                    Level(name="implemented", label="Implemented"),
                ],
            )
        ],
        indicators=[
            Indicator(
                id="first-indicator",
                pillar="first-pillar",
                name="First indicator",
                scoring=OrdinalScoring(method="ordinal", scale="policy-stage"),
            )
        ],
    )
    # Defaults are left out (the file stays short), and so is the empty `observations`
    # list: written as `observations = []` it could not take [[indicators.observations]].
    return BLANK_HEADER + tomlkit.dumps(doc.model_dump(mode="json", exclude_defaults=True))


def init_scorecard(path: Path, *, blank: bool = False) -> InitResult:
    """Write a starter scorecard at `path`, which must not exist yet."""
    if os.path.lexists(path):
        what = "a folder" if path.is_dir() else "a file"
        raise UsageError(
            f"{path} already exists ({what}); `scorecard init` never overwrites anything: "
            "give another PATH or move it away first"
        )
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot create {path}: there is no folder {folder}")
    if blank:
        data = blank_scorecard_text().encode("utf-8")
    else:
        data = bundled_data_path().read_bytes()
    parsed = tomllib.loads(data.decode("utf-8-sig"))
    indicators = parsed.get("indicators", [])
    count = sum(len(i.get("observations", [])) for i in indicators)
    atomic_write(path, data, overwrite=False)
    return InitResult(path, blank, len(indicators), count, len(data))
