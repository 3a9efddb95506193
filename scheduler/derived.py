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

import numpy as np
import numpy.typing as npt

from scheduler import kinds
from scheduler.calendar import WorkCalendar
from scheduler.model import Scenario
from scheduler.rules import Requirement, implied, requirements, theme_minimums


@dataclass(frozen=True)
class Derived:
    """The scenario with its work calendar, requirements and theme minimums."""

    scenario: Scenario
    calendar: WorkCalendar
    reqs: list[Requirement]
    #: per region, the specialized fairs its theme minimums need over the horizon
    theme_mins: dict[str, int] = field(default_factory=dict)
    #: requirements (indices) that the others guarantee whenever they are met: subtree
    #: totals the own-region rules already add up to (`scheduler.rules.implied`)
    implied: frozenset[int] = frozenset()
    _preferred: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, scenario: Scenario) -> Derived:
        calendar = WorkCalendar.for_settings(scenario.settings)
        reqs = requirements(scenario, calendar)
        return cls(
            scenario,
            calendar,
            reqs,
            theme_minimums(scenario),
            frozenset(implied(reqs)),
        )

    def modelled(self, i: int) -> bool:
        """Is requirement `i` part of the model (not implied by the others)?"""
        return i not in self.implied

    def links(self) -> list[frozenset[str]]:
        """The region sets of modelled requirements that count several regions' fairs
        (subtree totals): the model must see each such set in one component."""
        seen = {
            r.regions for i, r in enumerate(self.reqs) if len(r.regions) > 1 and self.modelled(i)
        }
        return sorted(seen, key=lambda g: sorted(g))

    def preferred(self, kind: str, d: dt.date) -> bool:
        """Is `d` a preferred day for the kind (its `prefer`: by default specialized fairs
        Tue–Thu, comprehensive fairs on weekend days — Saturday/Sunday that are not
        make-up workdays)? True on every day for a kind that prefers none."""
        found = kinds.prefers(self.scenario.kinds[kind], d, self.calendar)
        return True if found is None else found

    def preferred_days(self, kind: str) -> npt.NDArray[np.bool_]:
        """`preferred` for every day of the horizon (index 0 = its first day), computed once
        per kind."""
        mask = self._preferred.get(kind)
        if mask is None:
            start, end = self.scenario.settings.start, self.scenario.settings.end
            n = (end - start).days + 1
            days = (start + dt.timedelta(days=i) for i in range(n))
            mask = np.fromiter((self.preferred(kind, d) for d in days), dtype=bool, count=n)
            self._preferred[kind] = mask
        return mask
