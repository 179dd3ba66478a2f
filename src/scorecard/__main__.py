"""Allow `python -m scorecard`."""

from __future__ import annotations

from scorecard.entry import main

if __name__ == "__main__":
    main()
