"""A re-plan against the published plan (issue 10): kept fairs keep their event_id,
moved ones raise SEQUENCE, and fairs a planner locked by hand stay where they are.

`basis` turns the published plan's fairs into what `scheduler.plan.make_plan` takes:
the previous schedule (so identities and sequences carry over) and the scenario with
every locked fair of that schedule as a locked event. A locked fair that the new
scenario no longer allows (its venue closed that day, say) cannot stay: it is left
unlocked, so the re-plan moves it, and the reason is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from publish.diff import why
from scheduler.calendar import WorkCalendar
from scheduler.model import Event, Scenario
from scheduler.placement import fits
from scheduler.schedule import ScheduledFair


@dataclass
class Basis:
    scenario: Scenario  # with the previous plan's locked fairs as locked events
    previous: list[ScheduledFair]
    plan_id: int | None = None  # the plan re-planned against
    released: list[tuple[ScheduledFair, str]] = field(default_factory=list)  # (fair, why)


def basis(scenario: Scenario, previous: list[ScheduledFair], plan_id: int | None = None) -> Basis:
    """What to re-plan against `previous` (see the module docstring)."""
    cal = WorkCalendar.for_settings(scenario.settings)
    known = {e.event_id for e in scenario.events}
    taken = {(e.venue_id, e.date) for e in scenario.events if e.locked}
    locked: list[Event] = []
    released: list[tuple[ScheduledFair, str]] = []
    for f in previous:
        if not (f.locked and f.planned) or f.event_id in known:
            continue
        event = Event(
            f.event_id, f.region_id, f.kind, f.date, f.venue_id, f.pool_id, f.theme, True  # type: ignore[arg-type]
        )  # fmt: skip
        if (
            f.region_id in scenario.regions
            and fits(scenario, cal, event)
            and ((f.venue_id, f.date) not in taken)
        ):
            locked.append(event)
            taken.add((f.venue_id, f.date))
        else:
            released.append((f, why(f, None, scenario)))
    return Basis(
        replace(scenario, events=(*scenario.events, *locked)), list(previous), plan_id, released
    )
