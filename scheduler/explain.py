"""Why a rule period is short: the binding limit, in words a planner understands.

Given the scenario and the final plan, it walks the limits in the order a
planner would check them — allowed days, venues that could host the kind at
all, their availability, staff pools, and finally what the rest of the plan
already books — and names the first one that leaves no room. Every reason is
given in Chinese (`zh`) and English (`en`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from scheduler import kinds as kind_names
from scheduler.calendar import WorkCalendar
from scheduler.model import Scenario, date_range
from scheduler.rules import Requirement
from scheduler.schedule import ScheduledFair


@dataclass(frozen=True)
class Reason:
    zh: str
    en: str


def period_label(r: Requirement) -> tuple[str, str]:
    """How a period is named in a reason: (Chinese, English)."""
    if r.period == "week":
        return f"{r.period_start:%Y-%m-%d}起的一周", f"week {r.period_start:%Y-%m-%d}"
    if r.period == "month":
        return f"{r.period_start:%Y年%m月}", f"{r.period_start:%Y-%m}"
    if r.period == "quarter":
        q = (r.period_start.month - 1) // 3 + 1
        return f"{r.period_start.year}年第{q}季度", f"{r.period_start.year}-Q{q}"
    return f"{r.lo}至{r.hi}", f"{r.lo}..{r.hi}"


class Explainer:
    def __init__(
        self,
        scenario: Scenario,
        fairs: list[ScheduledFair],
        calendar: WorkCalendar | None = None,
    ) -> None:
        self.s = scenario
        self.cal = calendar or WorkCalendar.for_settings(scenario.settings)
        self.venue_busy: set[tuple[str, dt.date]] = set()
        self.pool_load: dict[tuple[str, dt.date], int] = defaultdict(int)
        for f in fairs:
            if f.status == "planned":
                if f.venue_id:
                    self.venue_busy.add((f.venue_id, f.date))
                self.pool_load[(f.pool_id, f.date)] += f.staff

    def requirement(self, r: Requirement) -> Reason:
        s = self.s
        name = s.regions[r.region_id].name
        if r.subtree:  # a total over the region and every region below it
            name = f"{name}及其下级地区"
            name_en = f"{s.regions[r.region_id].name} and the regions below it"
        else:
            name_en = name
        pz, pe = period_label(r)
        kinds = list(r.kinds_among(s.kinds))
        kz = kind_names.rule_kind_label(s.kinds, r.kind, "zh")
        ke = kind_names.rule_kind_label(s.kinds, r.kind, "en")
        if not kinds:
            return Reason(f"类型表中没有“{r.kind}”类型", f"the kinds sheet has no '{r.kind}' row")
        lo, hi = max(r.lo, s.settings.start), min(r.hi, s.settings.end)
        if lo > hi:
            return Reason(f"{pz}不在规划期内", f"{pe} lies outside the planning horizon")
        days = list(date_range(lo, hi))
        regions = sorted(r.regions)
        allowed = {k: [d for d in days if self.cal.allows(s.kinds[k], d)] for k in kinds}
        if not any(allowed.values()):
            why = "、".join(sorted({s.kinds[k].days for k in kinds}))
            return Reason(
                f"{name}在{pz}没有可举办{kz}的日子（节假日、停办日或限定日期：{why}）",
                f"{name_en} has no day in {pe} on which a {ke} may be held "
                f"(holidays, blackouts or allowed days: {why})",
            )
        # per (region, kind): its venues, or None for an online kind (it needs none)
        able = {
            (g, k): None if s.kinds[k].online else s.venues_for(g, k)
            for g in regions
            for k in kinds
        }
        if not any(v is None or v for v in able.values()):
            cap = min(s.kinds[k].min_capacity for k in kinds)
            return Reason(
                f"{name}没有容量≥{cap}且允许举办{kz}的场地",
                f"{name_en} has no venue with capacity ≥ {cap} that allows a {ke}",
            )

        def venue_open(gk: tuple[str, str], d: dt.date) -> bool:
            vs = able[gk]
            return vs is None or any(d not in v.unavailable for v in vs)

        free = {gk: [d for d in allowed[gk[1]] if venue_open(gk, d)] for gk in able}
        if not any(free.values()):
            return Reason(
                f"{name}能举办{kz}的场地在{pz}的每个可办日都不可用",
                f"{name_en} has no venue able to host a {ke} on any allowed day of {pe}",
            )
        staffable = {
            (g, k): [p for p in s.pools_serving(g) if p.headcount >= s.kinds[k].staff]
            for g, k in able
        }
        if not any(staffable.values()):
            need = min(s.kinds[k].staff for k in kinds)
            return Reason(
                f"服务{name}的工作人员组都不足{need}人",
                f"no staff pool serving {name_en} has the {need} people a {ke} needs",
            )
        open_days = {
            gk: [d for d in free[gk] if any(d not in p.unavailable for p in staffable[gk])]
            for gk in able
        }
        if not any(open_days.values()):
            return Reason(
                f"服务{name}的工作人员组在{pz}有空场地的可办日都不在岗",
                f"the staff pools serving {name_en} are unavailable on every allowed day of {pe} "
                "with a free venue",
            )
        venue_full, pool_full = set(), set()
        blocking_pools: set[str] = set()
        for (g, k), vs in able.items():
            staff = s.kinds[k].staff
            for d in open_days[(g, k)]:
                if vs is not None and all(
                    (v.venue_id, d) in self.venue_busy or d in v.unavailable for v in vs
                ):
                    venue_full.add(d)
                    continue
                pools = [p for p in staffable[(g, k)] if d not in p.unavailable]
                if all(self.pool_load[(p.pool_id, d)] + staff > p.headcount for p in pools):
                    pool_full.add(d)
                    blocking_pools.update(p.pool_id for p in pools)
        pools_txt = "、".join(sorted(blocking_pools))
        if pool_full and not venue_full:
            return Reason(
                f"工作人员组{pools_txt}在{pz}的每个可办日都已排满",
                f"staff pool {pools_txt} is fully booked on every allowed day of {pe}",
            )
        if venue_full and not pool_full:
            return Reason(
                f"{name}的场地在{pz}的每个可办日都已被占用",
                f"{name_en}'s venues are fully booked on every allowed day of {pe}",
            )
        if venue_full or pool_full:
            return Reason(
                f"{name}在{pz}的可办日已排满：场地占用{len(venue_full)}天，工作人员组{pools_txt}排满{len(pool_full)}天",
                f"every allowed day of {pe} in {name_en} is taken: venues booked on {len(venue_full)} "
                f"days, staff pool {pools_txt} fully booked on {len(pool_full)} days",
            )
        return Reason(
            f"{name}在{pz}可办日不足（需{r.required}场）",
            f"{name_en} has too few usable days in {pe} for {r.required} fairs",
        )

    def theme(self, region_id: str, theme: str, required: int, planned: int) -> Reason:
        name = self.s.regions[region_id].name
        return Reason(
            f"{name}的专场招聘会场次不足以覆盖主题“{theme}”的{required}场要求（已排{planned}场）",
            f"{name} holds too few specialized fairs to cover theme '{theme}' {required} times "
            f"(planned {planned})",
        )
