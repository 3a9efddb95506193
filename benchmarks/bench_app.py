"""Benchmark of the app's compliance page (issue 5): a national scenario, a year of records.

The page is rendered by Streamlit's AppTest exactly as a browser session would
run it: records read from a SQLite records store, judged, filtered, drawn as a
heatmap and ranked. Scenario and records are `benchmarks.bench_monitor`'s
(31 provinces, ~330 cities, ~2,850 counties; 60,000 records ≈ a year of the
fairs their rules ask for).

- ``compliance_page``: the page for an as-of date not seen before: records read
  from the store, judged, filtered, drawn, ranked — target ≤ 3 s. Each repeat
  starts with empty caches and a new session; a first render on another date
  comes before, untimed, because AppTest (like a server, once at start) first
  scans every installed package for Streamlit components (~0.8 s here);
- ``compliance_page_filter``: re-render after changing a filter (judging cached).

The baseline, measured in the same run, is what `fairplan check` does without
any UI: read the stored records and `judge` them. `ratio` is baseline/seconds as
in the other benchmarks (below 1: the share of the page's time that is judging).
`run()` returns one dict per case; `python -m benchmarks.bench_app` prints JSON lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_monitor import national_scenario, synthetic_records

APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"
AS_OF = dt.date(2024, 7, 1)
WARM_UP = dt.date(2024, 3, 1)
TARGET_S = 3.0


def _case(
    name: str, seconds: float, baseline: float, target: float | None, **extra: object
) -> dict:
    return {
        "case": name,
        "seconds": round(seconds, 3),
        "baseline_seconds": round(baseline, 3),
        "ratio": round(baseline / seconds, 2) if seconds else None,
        "target_seconds": target,
        "ok": None if target is None else seconds <= target,
        **extra,
    }


def run(records: int = 60_000, repeat: int = 3) -> list[dict]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from monitor.compliance import judge
    from monitor.store import RecordStore

    scenario = national_scenario()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "records.db")
        with RecordStore(db) as store:
            store.store(synthetic_records(scenario, records), source="bench")
        old = os.environ.get("FAIRPLAN_DB")
        os.environ["FAIRPLAN_DB"] = db
        # the page judges the scenario of record: with nothing published, the server's
        # default — here the generated national scenario, which has no file to load from
        from ui import state

        default_scenario = state.default_scenario
        state.default_scenario = lambda: scenario
        try:
            baseline, cold, warm = [], [], []
            for _ in range(repeat):
                t0 = time.perf_counter()
                with RecordStore(db) as store:
                    rows = judge(scenario, store.frame(), AS_OF)
                baseline.append(time.perf_counter() - t0)

                st.cache_resource.clear()
                at = AppTest.from_file(str(APP), default_timeout=300)
                at.query_params["as_of"] = WARM_UP.isoformat()
                at.switch_page("app_pages/compliance.py").run()
                t0 = time.perf_counter()
                at.date_input(key="f_as_of").set_value(AS_OF).run()
                cold.append(time.perf_counter() - t0)
                if at.exception:
                    raise RuntimeError(at.exception[0].value)

                t0 = time.perf_counter()
                at.selectbox(key="f_level").set_value("city").run()
                warm.append(time.perf_counter() - t0)
        finally:
            state.default_scenario = default_scenario
            if old is None:
                os.environ.pop("FAIRPLAN_DB", None)
            else:
                os.environ["FAIRPLAN_DB"] = old
    base = statistics.median(baseline)
    facts = {"records": records, "regions": len(scenario.regions), "periods": len(rows)}
    return [
        _case("compliance_page", statistics.median(cold), base, TARGET_S, **facts),
        _case("compliance_page_filter", statistics.median(warm), base, None, **facts),
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--records", type=int, default=60_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    for case in run(args.records, args.repeat):
        print(json.dumps(case, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
