"""The bundled sample scenario: Inner Mongolia, July–December 2024 (see docs/sample.md)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_path(form: str = "csv") -> Path:
    """The sample as a CSV folder (`csv`) or a workbook (`xlsx`), inside the installed package."""
    data = Path(str(files("scheduler") / "data"))
    return data / ("sample" if form == "csv" else "sample.xlsx")
