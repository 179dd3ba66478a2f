"""One family of domain exceptions and the exit codes they map to.

Only the CLI layer catches these; the library raises them and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (see README, "Exit codes")."""

    OK = 0
    #: `validate`: the file has errors. `diff --exit-code`: something worsened.
    FINDING = 1
    #: Wrong usage: unknown option value, year or pillar; a file that cannot be read.
    USAGE = 2
    #: A command that needs a valid data file was given an invalid one.
    DATA_INVALID = 3
    #: Another process held the data file's lock for too long.
    BUSY = 4
    #: A bug in scorecard itself (sysexits EX_SOFTWARE); rerun with --debug.
    INTERNAL = 70


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file: where it is and what is wrong."""

    file: str
    message: str
    line: int | None = None
    #: What the problem belongs to: "scorecard", "pillar", "indicator", "scale" or "source".
    kind: str | None = None
    #: That item's id.
    item: str | None = None
    #: Dotted path of the field inside that item, e.g. ``observations[2011].value``.
    field: str | None = None
    severity: str = "error"

    def one_line(self) -> str:
        """`file:line: item: field: message`, leaving out what is not known."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.kind or self.item:
            parts.append(" ".join(p for p in (self.kind, self.item) if p))
        if self.field:
            parts.append(self.field)
        prefix = ": ".join(parts)
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}: {label}{self.message}"


class ScorecardError(Exception):
    """Base of every error the CLI turns into a message and an exit code."""

    exit_code: ExitCode = ExitCode.USAGE

    def messages(self) -> list[str]:
        return [str(self)]


class UsageError(ScorecardError):
    """The command line asks for something that does not exist or makes no sense."""

    exit_code = ExitCode.USAGE


class FileReadError(ScorecardError):
    """The data file cannot be read or is not TOML at all."""

    exit_code = ExitCode.USAGE

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.one_line())
        self.problem = problem


class DataInvalidError(ScorecardError):
    """The data file was read but breaks the schema or a cross-check."""

    exit_code = ExitCode.DATA_INVALID

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the data file")
        self.problems = problems

    def messages(self) -> list[str]:
        return [p.one_line() for p in self.problems]


class LockTimeoutError(ScorecardError):
    """Another process kept the data file locked."""

    exit_code = ExitCode.BUSY


class FileWriteError(ScorecardError):
    """A new file could not be written; the old one is untouched."""

    exit_code = ExitCode.USAGE


class EditRejectedError(UsageError):
    """The change would make a valid file invalid; each problem is one line."""

    def __init__(self, problems: list[Problem], name: str) -> None:
        super().__init__(f"{name}: the change would make the file invalid; nothing was written")
        self.problems = problems

    def messages(self) -> list[str]:
        return [*(p.one_line() for p in self.problems), str(self)]
