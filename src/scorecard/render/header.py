"""The data file as every renderer names it: the path, and where it came from when that is
not the path itself (the bundled dataset). Reports carry the two apart (`data_file` is a
path, `data_origin` says how it was chosen), so that a program can open the file."""

from __future__ import annotations

from scorecard.textsafe import one_line


def data_label(data_file: str, data_origin: str) -> str:
    """`/path/indicators.toml (bundled dataset)`, or just the path; one line, no controls."""
    suffix = " (bundled dataset)" if data_origin == "bundled" else ""
    return one_line(data_file) + suffix
