"""Feed benchmarks (issue 3, Performance): writing a national plan's feeds, and
conditional GETs per second against the real feed server on loopback.

Targets: all feeds of ~30,000 fairs in ~3,200 regions written in ≤ 10 s, and
≥ 1,000 conditional GETs per second on 2 cores. The GET rate is also reported
as a ratio against unconditional GETs of the same feed measured in the same
run, so that a slow machine does not read as a regression.

    python -m benchmarks.bench_feeds [--fairs 30000] [--requests 3000] [--threads 2]

prints one JSON object per case and line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from calendars.feeds import write_feeds
from scheduler.model import (
    KindSpec,
    Region,
    Rule,
    Scenario,
    Settings,
    StaffPool,
    Venue,
)
from scheduler.schedule import ScheduledFair

PROVINCES = 31


def national_scenario(counties_per_city: int = 8, cities_per_province: int = 11) -> Scenario:
    """A synthetic country: 31 provinces, 341 cities, 2,852 counties (3,225 regions)."""
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    regions: dict[str, Region] = {"000000": Region("000000", "全国", "country", None)}
    venues: dict[str, Venue] = {}
    pools: dict[str, StaffPool] = {}
    for p in range(PROVINCES):
        pid = f"{11 + p:02d}0000"
        regions[pid] = Region(pid, f"第{p + 1}省", "province", "000000")
        for c in range(cities_per_province):
            cid = f"{11 + p:02d}{c + 1:02d}00"
            regions[cid] = Region(cid, f"第{p + 1}省第{c + 1}市", "city", pid)
            pools[f"P-{cid}"] = StaffPool(f"P-{cid}", f"{regions[cid].name}就业服务局", (cid,), 40)
            venues[f"V-{cid}-1"] = Venue(
                f"V-{cid}-1", cid, f"{regions[cid].name}人力资源市场", 3000, address=f"人民路{c}号"
            )
            venues[f"V-{cid}-2"] = Venue(
                f"V-{cid}-2", cid, f"{regions[cid].name}就业服务中心", 400, address=f"建设路{c}号"
            )
            for k in range(counties_per_city + (c % 3 == 0)):
                kid = f"{11 + p:02d}{c + 1:02d}{k + 1:02d}"
                regions[kid] = Region(kid, f"{regions[cid].name}第{k + 1}县", "county", cid)
                venues[f"V-{kid}"] = Venue(
                    f"V-{kid}", kid, f"{regions[kid].name}就业服务站", 300, address=f"中心街{k}号"
                )
    rules = (
        Rule("weekly", "city", "specialized", "week", 1, start, end, "000 五(五)"),
        Rule("monthly", "city", "comprehensive", "month", 1, start, end, "000 五(五)"),
        Rule("county", "county", "any", "month", 1, start, end, "003 三(十)"),
    )
    kinds = {
        "specialized": KindSpec("specialized", 3, 200, dt.time(9), dt.time(12), "workdays"),
        "comprehensive": KindSpec("comprehensive", 8, 1500, dt.time(9), dt.time(15), "any"),
    }
    return Scenario(Settings("national", start, end), regions, rules, kinds, venues, pools)


def national_schedule(
    scenario: Scenario, fairs: int = 30_000, seed: int = 1
) -> list[ScheduledFair]:
    """`fairs` fairs spread over cities and counties, a few cancelled, as a planner writes them."""
    rng = random.Random(seed)
    themes = ("装备制造", "信息技术", "现代服务", "高校毕业生", "")
    places = [r for r in scenario.regions.values() if r.level in ("city", "county")]
    out: list[ScheduledFair] = []
    days = (scenario.settings.end - scenario.settings.start).days
    for i in range(fairs):
        region = places[i % len(places)]
        city = region.region_id if region.level == "city" else str(region.parent_id)
        comprehensive = region.level == "city" and rng.random() < 0.2
        venue_id = (
            f"V-{region.region_id}"
            if region.level == "county"
            else f"V-{city}-{1 if comprehensive else 2}"
        )
        kind = "comprehensive" if comprehensive else "specialized"
        rule = {"city": "monthly" if comprehensive else "weekly", "county": "county"}[region.level]
        out.append(
            ScheduledFair(
                event_id=f"F{i:06d}",
                region_id=region.region_id,
                region_name=region.name,
                level=region.level,
                kind=kind,
                theme="" if comprehensive else rng.choice(themes),
                date=scenario.settings.start + dt.timedelta(days=rng.randrange(days)),
                start=dt.time(9),
                end=dt.time(15 if comprehensive else 12),
                venue_id=venue_id,
                venue_name=scenario.venues[venue_id].name,
                pool_id=f"P-{city}",
                staff=8 if comprehensive else 3,
                status="cancelled" if rng.random() < 0.02 else "planned",
                sequence=rng.choice((0, 0, 0, 1, 2)),
                rule_ids=rule,
                modified=f"2024-12-{rng.randrange(1, 29):02d}T08:00:00Z",
            )
        )
    return out


def bench_write(out_dir: Path, fairs: int = 30_000) -> list[dict[str, object]]:
    scenario = national_scenario()
    schedule = national_schedule(scenario, fairs)
    t0 = time.perf_counter()
    paths = write_feeds(scenario, schedule, out_dir)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_feeds(scenario, schedule, out_dir)  # nothing changed: compare only
    again = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in paths)
    common = {"fairs": len(schedule), "regions": len(scenario.regions), "feeds": len(paths)}
    return [
        {"case": "feeds_write", **common, "bytes": size, "seconds": round(first, 3), "limit_s": 10},
        {"case": "feeds_rewrite_unchanged", **common, "seconds": round(again, 3)},
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"feed server did not start on port {port}")


def _hammer(
    port: int, path: str, requests: int, threads: int, headers: dict[str, str]
) -> tuple[float, dict[int, int]]:
    """`requests` GETs over `threads` keep-alive connections; returns (req/s, status counts)."""
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    per = [requests // threads + (1 if i < requests % threads else 0) for i in range(threads)]

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        seen: dict[int, int] = {}
        for _ in range(n):
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            seen[resp.status] = seen.get(resp.status, 0) + 1
        conn.close()
        with lock:
            for k, v in seen.items():
                statuses[k] = statuses.get(k, 0) + v

    pool = [threading.Thread(target=worker, args=(n,)) for n in per]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return requests / (time.perf_counter() - t0), statuses


def bench_serve(plan_dir: Path, requests: int = 3000, threads: int = 2) -> list[dict[str, object]]:
    """Conditional and unconditional GETs of a city feed against `fairplan serve-feeds`."""
    port = _free_port()
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), *sys.path]))
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from calendars.server import serve; "
            "serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]), log_level='warning')",
            str(plan_dir),
            str(port),
        ],
        env=env,
    )
    try:
        _wait_up(port)
        feeds = sorted((plan_dir / "feeds").glob("*.ics"))
        city = next(
            (p for p in feeds if p.stem.endswith("00") and not p.stem.endswith("0000")), feeds[0]
        )
        path = f"/feeds/{city.name}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        etag = resp.getheader("ETag") or ""
        conn.close()
        _hammer(port, path, min(200, requests), threads, {"If-None-Match": etag})  # warm up
        plain, plain_status = _hammer(port, path, requests, threads, {})
        cond, cond_status = _hammer(port, path, requests, threads, {"If-None-Match": etag})
    finally:
        server.terminate()
        server.wait(timeout=10)
    common = {"requests": requests, "threads": threads, "feed_bytes": len(body)}
    return [
        {
            "case": "feeds_get_unconditional",
            **common,
            "per_s": round(plain, 1),
            "statuses": {str(k): v for k, v in plain_status.items()},
        },
        {
            "case": "feeds_get_conditional",
            **common,
            "per_s": round(cond, 1),
            "statuses": {str(k): v for k, v in cond_status.items()},
            "ratio_vs_unconditional": round(cond / plain, 2) if plain else None,
            "target_per_s": 1000,
        },
    ]


def run(
    fairs: int = 30_000, requests: int = 3000, threads: int = 2, out: Path | None = None
) -> list[dict[str, object]]:
    """Every feed benchmark case; one dict per case (the shape `fairplan bench` prints)."""
    with tempfile.TemporaryDirectory(prefix="fairplan-bench-feeds-") as tmp:
        plan_dir = Path(out) if out is not None else Path(tmp)
        results = bench_write(plan_dir / "feeds", fairs)
        results += bench_serve(plan_dir, requests, threads)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fairs", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    for row in run(args.fairs, args.requests, args.threads):
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
