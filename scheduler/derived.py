"""What a plan derives from its scenario once, and hands down to every stage.

The work calendar (holidays, make-up days) and the requirements (every rule's
in-scope periods per region) are computed here, once per plan, and passed to
the model (`scheduler.cpsat`), the greedy start, the independent checker and
the explanations. The checker takes only these two and the scenario: they come
from `scheduler.calendar` and `scheduler.rules`, never from the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scheduler.calendar import WorkCalendar
from scheduler.model import Scenario
from scheduler.rules import Requirement, requirements, theme_minimums

#: preferred weekdays by kind (0 = Monday); a kind not listed prefers weekend days
PREFERRED_WEEKDAYS: dict[str, frozenset[int]] = {"specialized": frozenset({1, 2, 3})}


@dataclass(frozen=True)
class Derived:
    """The scenario with its work calendar, requirements and theme minimums."""

    scenario: Scenario
    calendar: WorkCalendar
    reqs: list[Requirement]
    #: per region, the specialized fairs its theme minimums need over the horizon
    theme_mins: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario) -> Derived:
        return cls(
            scenario,
            WorkCalendar.for_settings(scenario.settings),
            requirements(scenario),
            theme_minimums(scenario),
        )

    def preferred(self, kind: str, d: dt.date) -> bool:
        """Is `d` a preferred day for the kind? Specialized fairs Tue–Thu, comprehensive
        fairs on weekend days (Saturday/Sunday that are not make-up workdays)."""
        days = PREFERRED_WEEKDAYS.get(kind)
        if days is not None:
            return d.weekday() in days
        return self.calendar.is_weekend(d)
