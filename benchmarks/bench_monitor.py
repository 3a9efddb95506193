"""Benchmarks of the compliance monitor (issue 4): judging and importing records.

- ``judge``: the median of three runs over 1,000,000 records of a national-size scenario (31 provinces, ~330
  cities, ~2,850 counties; a specialized fair every week and a comprehensive
  fair every month in every city, a fair every month in every county) judged
  by `monitor.compliance.judge` — target ≤ 2 s.
- ``import``: 100,000 records imported into a fresh SQLite store — target ≤ 10 s.

Each case is compared with a naive baseline measured in the same run on a
sample and scaled up: per record, a Python loop over every requirement
(`scheduler.rules.matching`) for judging; one ORM insert and commit per row for
importing. `run()` returns one dict per case; `python -m benchmarks.bench_monitor`
prints them as JSON lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from monitor.records import Record
from scheduler.model import Region, Rule, Scenario, Settings

START, END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


def national_scenario(provinces: int = 31, cities: int = 330, counties: int = 2850) -> Scenario:
    """A country-sized scenario built in code: ids look like division codes."""
    regions: dict[str, Region] = {"000000": Region("000000", "全国", "country", None)}
    prov_ids = [f"{11 + i:02d}0000" for i in range(provinces)]
    for i, pid in enumerate(prov_ids):
        regions[pid] = Region(pid, f"省{i + 1}", "province", "000000")
    city_ids: list[str] = []
    for i in range(cities):
        pid = prov_ids[i % provinces]
        cid = f"{pid[:2]}{i // provinces + 1:02d}00"
        regions[cid] = Region(cid, f"市{i + 1}", "city", pid)
        city_ids.append(cid)
    for i in range(counties):
        cid = city_ids[i % cities]
        kid = f"{cid[:4]}{i // cities + 1:02d}"
        regions[kid] = Region(kid, f"县{i + 1}", "county", cid)
    rules = (
        Rule("weekly", "city", "specialized", "week", 1, START, END, "000 五(五)"),
        Rule("monthly", "city", "comprehensive", "month", 1, START, END, "000 五(五)"),
        Rule("county", "county", "any", "month", 1, START, END, "003 三(十)"),
    )
    return Scenario(Settings("national", START, END), regions, rules, {}, {}, {})


def synthetic_records(scenario: Scenario, n: int, seed: int = 1) -> list[Record]:
    """`n` records over the scenario's cities and counties; about 5% cancelled."""
    rnd = random.Random(seed)
    ids = [r for r, reg in scenario.regions.items() if reg.level in ("city", "county")]
    span = (scenario.settings.end - scenario.settings.start).days + 1
    start = scenario.settings.start.toordinal()
    kinds = ("specialized", "comprehensive")
    return [
        Record(
            record_id=f"B{i:07d}",
            region_id=rnd.choice(ids),
            kind=kinds[rnd.random() < 0.3],
            date=dt.date.fromordinal(start + rnd.randrange(span)),
            status="cancelled" if rnd.random() < 0.05 else "held",
            venue="场地",
            employers=rnd.randrange(200),
            positions=rnd.randrange(3000),
            attendees=rnd.randrange(5000),
        )
        for i in range(n)
    ]


def _case(name: str, seconds: float, baseline: float, target: float, **extra: object) -> dict:
    return {
        "case": name,
        "seconds": round(seconds, 3),
        "baseline_seconds": round(baseline, 3),
        "ratio": round(baseline / seconds, 1) if seconds else None,
        "target_seconds": target,
        "ok": seconds <= target,
        **extra,
    }


def bench_judge(n: int = 1_000_000, sample: int = 60, repeat: int = 3) -> dict:
    from monitor.compliance import judge
    from scheduler import rules

    scenario = national_scenario()
    records = synthetic_records(scenario, n)
    as_of = dt.date(2024, 9, 30)
    judge(scenario, records[:1000], as_of)  # warm-up: lazy imports (pandas) are not judging
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        rows = judge(scenario, records, as_of)
        times.append(time.perf_counter() - t)
    seconds = statistics.median(times)

    # baseline: per record, test every requirement in Python
    t = time.perf_counter()
    reqs = rules.requirements(scenario)
    for r in records[:sample]:
        rules.matching(reqs, rules.Fair(r.region_id, r.kind, r.date))
    baseline = (time.perf_counter() - t) * n / sample
    return _case(
        "monitor.judge",
        seconds,
        baseline,
        2.0,
        records=n,
        runs=[round(x, 3) for x in times],
        regions=len(scenario.regions),
        rows=len(rows),
        missed=sum(1 for x in rows if x.status == "missed"),
    )


def bench_import(n: int = 100_000, sample: int = 500) -> dict:
    from sqlalchemy import insert

    from db.schema import records as records_table
    from monitor.records import COLUMNS
    from monitor.store import RecordStore

    scenario = national_scenario()
    records = synthetic_records(scenario, n, seed=2)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.csv"
        import csv

        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=COLUMNS)
            w.writeheader()
            w.writerows(r.as_row() for r in records)
        store = RecordStore(f"sqlite:///{Path(tmp) / 'records.db'}")
        t = time.perf_counter()
        summary = store.import_records(path, actor="bench")
        seconds = time.perf_counter() - t

        # baseline: one insert and one commit per row, on a sample, scaled
        naive = RecordStore(f"sqlite:///{Path(tmp) / 'naive.db'}")
        t = time.perf_counter()
        for r in records[:sample]:
            with naive.engine.begin() as conn:
                conn.execute(
                    insert(records_table),
                    [naive._values(r, str(path), "bench", dt.datetime.now(dt.UTC))],
                )
        baseline = (time.perf_counter() - t) * n / sample
        store.close()
        naive.close()
    return _case("monitor.import", seconds, baseline, 10.0, records=n, inserted=summary.inserted)


def run(judge_records: int = 1_000_000, import_records: int = 100_000) -> list[dict]:
    """Both cases, one dict each."""
    return [bench_judge(judge_records), bench_import(import_records)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--judge-records", type=int, default=1_000_000)
    p.add_argument("--import-records", type=int, default=100_000)
    a = p.parse_args(argv)
    for case in run(a.judge_records, a.import_records):
        print(json.dumps(case, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
