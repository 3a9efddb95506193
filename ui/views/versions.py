"""Stored plans for the eye: every version with its state, and what changed between two
(`publish.diff`: kept, moved — with what changed and why — added, cancelled, per region)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from publish.diff import DIFF_COLUMNS, KINDS_OF_CHANGE, Change, PlanDiff
from publish.plans import PlanInfo, Publication
from scheduler.model import KindSpec, Scenario
from scheduler.schedule import ScheduledFair
from ui.i18n import text
from ui.views.common import kind_text, region_label, when


def version_label(info: PlanInfo, lang: str, tz: str) -> str:
    """`#7 草稿 · 内蒙古… 第 2 版 · plan01 2024-07-01 09:30` for a selectbox."""
    return text(
        "version_label", lang, id=info.plan_id, state=text(f"state_{info.state}", lang),
        scenario=info.scenario_name, version=info.scenario_version, who=info.created_by,
        when=when(info.created_at, tz),
    )  # fmt: skip


def versions_frame(infos: Sequence[PlanInfo], lang: str, tz: str) -> pd.DataFrame:
    """Every stored plan, newest first: state, scenario version, who, when, based on what."""
    rows = sorted(infos, key=lambda i: -i.plan_id)
    return pd.DataFrame(
        {
            text("col_plan", lang): [f"#{i.plan_id}" for i in rows],
            text("col_state", lang): [text(f"state_{i.state}", lang) for i in rows],
            text("scenario", lang): [
                text("scenario_version", lang, name=i.scenario_name, version=i.scenario_version)
                for i in rows
            ],
            text("col_based_on", lang): [f"#{i.based_on}" if i.based_on else "" for i in rows],
            text("col_origin", lang): [text(f"origin_{i.origin}", lang) for i in rows],
            text("col_created", lang): [when(i.created_at, tz) for i in rows],
            text("col_created_by", lang): [i.created_by for i in rows],
            text("col_edits", lang): [i.edits for i in rows],
            text("fairs", lang): [i.events for i in rows],
            text("rules", lang): [
                text("all_met", lang) if i.rules_met else text("rules_short", lang) for i in rows
            ],
            text("col_checker", lang): [
                text("checker_passed" if i.checker_passed else "checker_failed", lang) for i in rows
            ],
            text("objective", lang): [i.objective for i in rows],
            text("col_note", lang): [i.note for i in rows],
        }
    )


def publications_frame(history: Sequence[Publication], lang: str, tz: str) -> pd.DataFrame:
    rows = list(reversed(history))
    return pd.DataFrame(
        {
            text("col_published_at", lang): [when(p.published_at, tz) for p in rows],
            text("col_plan", lang): [f"#{p.plan_id}" for p in rows],
            text("col_replaced", lang): [
                f"#{p.previous_plan_id}" if p.previous_plan_id else "" for p in rows
            ],
            text("col_published_by", lang): [p.published_by for p in rows],
            text("col_note", lang): [p.note for p in rows],
        }
    )


def _place(f: ScheduledFair | None) -> str:
    if f is None:
        return ""
    venue = f.venue_name or f.venue_id
    return f"{f.date} {f.start:%H:%M}–{f.end:%H:%M} {venue}"


def changes_frame(
    changes: Sequence[Change], lang: str, kind_specs: Mapping[str, KindSpec] | None = None
) -> pd.DataFrame:
    """The changes side by side: each fair before and after, what changed, and why."""
    return pd.DataFrame(
        {
            text("col_change", lang): [text(c.status, lang) for c in changes],
            text("region", lang): [c.region_name or c.region_id for c in changes],
            text("col_region_id", lang): [c.region_id for c in changes],
            text("kind", lang): [kind_text(kind_specs, c.kind, lang) for c in changes],
            text("col_before", lang): [_place(c.before) for c in changes],
            text("col_after", lang): [_place(c.after) for c in changes],
            text("col_what_changed", lang): [
                "、".join(text(f"changed_{w}", lang) for w in c.changed) for c in changes
            ],
            text("col_sequence", lang): [
                f"{c.before.sequence}→{c.after.sequence}" if c.before and c.after else ""
                for c in changes
            ],
            text("reason", lang): [c.reason for c in changes],
            text("event_id", lang): [c.event_id for c in changes],
        }
    )


def by_region_frame(d: PlanDiff, scenario: Scenario, lang: str) -> pd.DataFrame:
    """How many fairs of each region were kept, moved, added and cancelled (changed first)."""
    per = d.by_region()
    order = sorted(per, key=lambda r: (-(sum(per[r].values()) - per[r]["kept"]), r))
    return pd.DataFrame(
        {
            text("region", lang): [region_label(scenario, r) for r in order],
            **{text(k, lang): [per[r][k] for r in order] for k in KINDS_OF_CHANGE},
        }
    )


def diff_csv(d: PlanDiff) -> bytes:
    """The diff as `fairplan plans diff --csv` writes it (the spreadsheet-safe writer)."""
    from scheduler.sheetwriter import csv_bytes

    return csv_bytes(DIFF_COLUMNS, (c.as_row() for c in d.changes))


#: what a trail entry's detail says, in this order (publish.plans and publish.edits write it)
TRAIL_DETAIL_KEYS = ("event_id", "date", "venue_id", "lock", "scenario", "based_on", "events",
                     "previous", "from")  # fmt: skip


def trail_detail(detail: Mapping[str, Any], lang: str) -> str:
    """A trail entry's detail in words (`基于计划 #3 · 6 场`): the keys it has a value for;
    the before/after rows of a hand edit are the plan's own diff, not repeated here."""
    said = []
    for key in TRAIL_DETAIL_KEYS:
        val = detail.get(key)
        if val is None or val is False or val == "":
            continue
        said.append(text(f"trail_detail_{key}", lang, value=val))
    return " · ".join(said)


def trail_frame(trail: Sequence[Mapping[str, Any]], lang: str, tz: str) -> pd.DataFrame:
    """The plans' audit trail, newest first: plans stored, copied, edited by hand, published."""
    rows = list(reversed(trail))
    return pd.DataFrame(
        {
            text("audit_at", lang): [when(r["at"], tz) for r in rows],
            text("audit_actor", lang): [r["actor"] for r in rows],
            text("audit_action", lang): [
                text("trail_" + str(r["action"]).replace(".", "_"), lang) for r in rows
            ],
            text("col_plan", lang): [str(r["subject"]).replace("plan:", "#") for r in rows],
            text("col_detail", lang): [trail_detail(r["detail"], lang) for r in rows],
        }
    )
