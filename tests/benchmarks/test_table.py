"""docs/benchmarks.md's tables come from one run's rows, and replace only their own block."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import table

ROWS = [
    {"scale": "sample", "case": "plan", "solver": "greedy", "objective": 13622, "penalty": 13742,
     "rules_met": True, "violations": 0, "fairs": 1002, "load_before": 0.2, "load_after": 0.3},
    {"scale": "sample", "case": "plan", "solver": "fairplan", "time_limit_s": 60, "wall_s": 21.8,
     "first_feasible_s": 0.3, "first_missing": 0, "objective": 237, "bound": 237, "gap": 0.0,
     "constant": 120, "penalty": 357, "penalty_vs_greedy": 0.026, "rules_met": True,
     "violations": 0, "fairs": 1002, "fairs_min": 1002, "reproducible": True,
     "plan_by": ["cpsat"], "bound_by": ["highs"], "peak_rss_mb": 300.0, "met_gap": True, "load_before": 0.3, "load_after": 0.9},
    {"scale": "sample", "case": "replan-venue", "solver": "fairplan", "wall_s": 0.4,
     "changed": 2, "min_changed": 2, "min_changed_proven": True, "scratch_changed": 290,
     "changes": {"kept": 1000, "moved": 2}, "change": "V closed", "rules_met": True},
    {"case": "feeds_write", "solver": "fairplan", "seconds": 3.9},
    {"scale": "national", "case": "plan", "solver": "mip", "error": "killed"},
]  # fmt: skip


def test_the_tables_show_every_row_of_the_run() -> None:
    text = table.render(ROWS, "One run.")
    assert text.startswith(table.BEGIN) and text.endswith(table.END)
    assert (
        "| sample | plan | fairplan | 60 | 21.8 | 0.30 (0) | 237 | 237 | 0.00% | 120 | 357 |"
        in text
    )
    assert "1,002 (1,002)" in text and "0.3–0.9" in text
    assert "| yes | cpsat / highs | 300 |" in text  # whose plan, whose bound
    assert "| sample | replan-venue | fairplan | V closed | 0.40 | 2 / 2 (proven) / 290 |" in text
    assert "| sample | plan | gap | yes |" in text  # the targets, from met_* flags
    assert "feeds_write | seconds 3.9" in text
    assert "national plan mip: killed" in text  # a failed case is said, not dropped


def test_the_document_keeps_everything_outside_its_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"intro\n\n{table.BEGIN}\nold\n{table.END}\n\nafter\n", encoding="utf-8")
    monkeypatch.setattr(table, "DOC", doc)
    table.write_doc(table.render(ROWS, "One run."))
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("intro\n\n") and text.endswith("\n\nafter\n")
    assert "old" not in text and text.count(table.BEGIN) == 1
