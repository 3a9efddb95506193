"""Presets and reporting rhythms (issue 13) for the eye: the presets a planner may start a
new scenario from, and each city's next report under the scenario's preset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

import pandas as pd

from monitor.records import Record
from scheduler import presets, rhythm
from scheduler.model import Scenario
from texts import tr
from ui.i18n import text, value
from ui.views.common import kind_text


def presets_frame(lang: str) -> pd.DataFrame:
    """The presets a planner may start a new scenario from (`scheduler.presets`): name,
    title, policy document, horizon, rules and reporting rhythm. A new scenario built on
    one starts with `presets.starting_settings(presets.get(name), scenario_name)`."""
    rows = presets.list()
    return pd.DataFrame(
        {
            tr("presets_col_name", lang): [p.name for p in rows],
            tr("presets_col_title", lang): [p.title(lang) for p in rows],
            tr("presets_col_document", lang): [p.policy_document().cited() for p in rows],
            tr("presets_col_horizon", lang): [f"{p.start}..{p.end}" for p in rows],
            tr("presets_col_rules", lang): [len(p.rules) for p in rows],
            tr("presets_col_reporting", lang): [
                tr("presets_sep", lang).join(rhythm.describe(r.rhythm, lang) for r in p.reporting)
                or tr("presets_none", lang)
                for p in rows
            ],
            tr("presets_col_description", lang): [p.description(lang) for p in rows],
        }
    )


def next_reports_frame(
    scenario: Scenario,
    records: Sequence[Record],
    today: dt.date,
    lang: str,
    scope: Collection[str] | None = None,
) -> pd.DataFrame:
    """Each city's next report under the scenario's preset (`monitor.reports.next_reports`):
    which report, when it is due, the days it covers and what it holds so far — fairs
    held by kind, cancelled, periods missed or at risk, and the light. `scope`: the region
    ids the reader may see (a bureau's; None: all). Empty without a preset or once no
    report is left."""
    from monitor.reports import next_reports

    out: dict[str, list[object]] = {
        k: []
        for k in ("report", "due", "covers", "city", "held", "by_kind", "cancelled",
                  "missed", "at_risk", "light")
    }  # fmt: skip
    for due in next_reports(scenario, records, today, scope):
        for line in due.report.lines:
            out["report"].append(due.reporting.name(lang))
            out["due"].append(due.due.strftime("%Y-%m-%d %H:%M"))
            out["covers"].append(f"{due.covers[0]}..{due.covers[1]}")
            out["city"].append(line.city_name)
            out["held"].append(line.held)
            out["by_kind"].append(
                "、".join(
                    f"{kind_text(scenario.kinds, k, lang)} {n}" for k, n in line.by_kind.items()
                )
            )
            out["cancelled"].append(line.cancelled)
            out["missed"].append(line.missed)
            out["at_risk"].append(line.at_risk)
            out["light"].append(value(line.light, lang))
    names = {
        "report": tr("reports.col_report", lang), "due": tr("reports.col_due", lang),
        "covers": tr("reports.col_covers", lang), "city": text("city", lang),
        "held": text("held", lang), "by_kind": text("kind", lang),
        "cancelled": value("cancelled", lang), "missed": value("missed", lang),
        "at_risk": value("at_risk", lang), "light": text("light", lang),
    }  # fmt: skip
    return pd.DataFrame({names[k]: v for k, v in out.items()})
