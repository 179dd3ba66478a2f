"""scorecard: sourced policy indicators in, pillar scores with honest uncertainty out."""

from __future__ import annotations

__version__ = "0.1.0"
