"""Writing data files: `scorecard init` and `scorecard add`.

Where things live:

- `edit.layout`: where each table of a file starts and ends (from `scorecard.tomltext`, the
  scanner validation uses too) and the layouts `add` cannot edit (`edit_hazards`).
- `edit.files`: atomic writes and the lock around a read-change-write.
- `edit.add`: `scorecard add`, which splices one observation into the text.
- `edit.init`: `scorecard init`, a starter file.

This package imports nothing itself, so that `scorecard.load` can use `edit.layout` without
loading the editing code (which imports `scorecard.load`).
"""
