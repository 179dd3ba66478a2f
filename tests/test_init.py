"""`scorecard init`: a starter file, written atomically, never over an existing one."""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from typing import TYPE_CHECKING

import pytest

from helpers import invoke
from scorecard.cli import app
from scorecard.edit.init import blank_scorecard_text
from scorecard.edit.layout import edit_hazards
from scorecard.load import bundled_data_path, check_file
from scorecard.model import Document

if TYPE_CHECKING:
    from pathlib import Path

    from typer.testing import CliRunner, Result


def init(runner: CliRunner, *args: str) -> Result:
    return invoke(runner, "init", *args)


def test_copies_the_bundled_dataset_byte_for_byte(runner: CliRunner, workdir: Path) -> None:
    result = init(runner)

    assert result.exit_code == 0, result.output
    written = workdir / "scorecard.toml"
    assert written.read_bytes() == bundled_data_path().read_bytes()
    assert result.stdout == ""
    summary, hint = result.stderr.splitlines()
    assert summary.startswith("wrote scorecard.toml: a copy of the bundled dataset (")
    assert hint == "commands run in this folder now read scorecard.toml (check: scorecard validate)"


def test_the_copy_is_what_commands_then_read(runner: CliRunner, workdir: Path) -> None:
    assert init(runner).exit_code == 0

    result = runner.invoke(app, ["validate"])

    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("scorecard.toml: valid:")


def test_writes_to_the_path_given(runner: CliRunner, workdir: Path) -> None:
    (workdir / "cards").mkdir()

    result = init(runner, "cards/mexico.toml")

    assert result.exit_code == 0
    assert (workdir / "cards" / "mexico.toml").read_bytes() == bundled_data_path().read_bytes()
    assert result.stderr.splitlines()[-1] == (
        "use it with --data cards/mexico.toml (check: scorecard validate cards/mexico.toml)"
    )


def test_blank_is_a_valid_skeleton(runner: CliRunner, workdir: Path) -> None:
    result = init(runner, "--blank")

    assert result.exit_code == 0
    path = workdir / "scorecard.toml"
    assert result.stderr.splitlines()[0].startswith("wrote scorecard.toml: a blank scorecard")
    doc, errors, warnings = check_file(path)
    assert doc is not None and errors == []
    # The one warning: the indicator has no observation yet.
    assert [w.message for w in warnings] == ["the indicator has no observation"]
    assert (len(doc.sources), len(doc.pillars), len(doc.scales), len(doc.indicators)) == (
        1,
        1,
        1,
        1,
    )
    assert doc.indicators[0].observations == []
    assert validate_exit(runner, "scorecard.toml") == 0


def validate_exit(runner: CliRunner, path: str) -> int:
    return invoke(runner, "validate", path).exit_code


def test_blank_uses_the_documented_layout() -> None:
    """Arrays of tables as `[[...]]` headers, so `scorecard add` can edit the file."""
    text = blank_scorecard_text()

    for header in ("[scorecard]", "[[sources]]", "[[pillars]]", "[[scales]]", "[[indicators]]"):
        assert f"\n{header}\n" in text
    assert "observations" not in text
    assert edit_hazards(text, "blank") == []
    assert Document.model_validate(tomllib.loads(text)).scorecard.title == "My scorecard"


def test_new_file_mode_follows_the_umask(runner: CliRunner, workdir: Path) -> None:
    old = os.umask(0o027)
    try:
        assert init(runner).exit_code == 0
    finally:
        os.umask(old)

    assert stat.S_IMODE((workdir / "scorecard.toml").stat().st_mode) == 0o640


@pytest.mark.parametrize("blank", [False, True], ids=["copy", "blank"])
def test_refuses_an_existing_file(runner: CliRunner, workdir: Path, blank: bool) -> None:
    existing = workdir / "scorecard.toml"
    existing.write_bytes(b"# mine\n")

    result = init(runner, *(["--blank"] if blank else []))

    assert result.exit_code == 2
    assert result.stderr == (
        "scorecard.toml already exists (a file); `scorecard init` never overwrites anything: "
        "give another PATH or move it away first\n"
    )
    assert existing.read_bytes() == b"# mine\n"
    assert sorted(p.name for p in workdir.iterdir()) == ["scorecard.toml"]


def test_refuses_an_existing_folder(runner: CliRunner, workdir: Path) -> None:
    (workdir / "scorecard.toml").mkdir()

    result = init(runner)

    assert result.exit_code == 2
    assert result.stderr.startswith("scorecard.toml already exists (a folder);")


def test_missing_folder(runner: CliRunner, workdir: Path) -> None:
    result = init(runner, "nowhere/scorecard.toml")

    assert result.exit_code == 2
    assert result.stderr == "cannot create nowhere/scorecard.toml: there is no folder nowhere\n"
    assert list(workdir.iterdir()) == []


def test_a_file_that_appears_meanwhile_is_not_overwritten(
    runner: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process creates the file between the check and the write."""
    target = workdir / "scorecard.toml"
    real_link = os.link

    def link_after_someone_else(src: str, dst: str) -> None:
        target.write_bytes(b"# theirs\n")
        real_link(src, dst)

    with monkeypatch.context() as patched:
        patched.setattr(os, "link", link_after_someone_else)
        result = init(runner)

    assert result.exit_code == 2
    assert result.stderr == "scorecard.toml already exists; not overwriting it\n"
    assert target.read_bytes() == b"# theirs\n"
    assert sorted(p.name for p in workdir.iterdir()) == ["scorecard.toml"]


def test_a_failed_write_leaves_nothing(
    runner: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", fail)
        result = init(runner)

    assert result.exit_code == 2
    assert result.stderr == (
        "scorecard.toml: cannot write: No space left on device; the file was not changed\n"
    )
    assert list(workdir.iterdir()) == []


def test_works_on_a_file_system_without_hard_links(
    runner: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links, init falls back to check-then-rename."""

    def no_links(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    with monkeypatch.context() as patched:
        patched.setattr(os, "link", no_links)
        result = init(runner)

    assert result.exit_code == 0
    assert (workdir / "scorecard.toml").read_bytes() == bundled_data_path().read_bytes()
    assert sorted(p.name for p in workdir.iterdir()) == ["scorecard.toml"]
