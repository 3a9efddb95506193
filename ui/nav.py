"""The app's pages and who uses them: one table, read by `ui/app.py` to build each role's
navigation and by every page to check, when opened, that its user may use it.

Each page needs one `identity.users.Action` (the role table `identity.users.PERMISSIONS`
says who has it; in open mode, everyone). A page its user may not use is hidden from
the menu but still registered, so that a link to it opened by someone without the right
shows why (`gate`) instead of silently showing another page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from identity.users import Action, User, action_name, role_name
from ui.i18n import t, tm

HERE = Path(__file__).parent


@dataclass(frozen=True)
class PageSpec:
    name: str  # ui/app_pages/<name>.py, and its URL path
    title: str  # catalogue key
    icon: str
    section: str  # catalogue key
    action: Action

    @property
    def path(self) -> Path:
        return HERE / "app_pages" / f"{self.name}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("plan", "page_plan", ":material/calendar_month:", "section_plan", Action.PLAN),
    PageSpec("versions", "page_versions", ":material/history:", "section_plan", Action.READ_PLANS),
    PageSpec("edit", "page_edit", ":material/edit_calendar:", "section_plan", Action.PLAN),
    PageSpec("fairs", "page_fairs", ":material/event:", "section_published", Action.READ_FEEDS),
    PageSpec("ledger", "page_ledger", ":material/fact_check:", "section_published", Action.WRITE_RECORDS),
    PageSpec("reconcile", "page_reconcile", ":material/compare_arrows:", "section_oversight", Action.READ_PLANS),
    PageSpec("compliance", "page_compliance", ":material/traffic:", "section_oversight", Action.READ_COMPLIANCE),
    PageSpec("records", "page_records", ":material/receipt_long:", "section_oversight", Action.READ_AUDIT),
    PageSpec("accounts", "page_accounts", ":material/manage_accounts:", "section_admin", Action.MANAGE_ACCOUNTS),
)  # fmt: skip

#: the page each role lands on (the first page it may use, in this order)
HOME: dict[str, tuple[str, ...]] = {
    "planner": ("plan",),
    "bureau": ("fairs",),
    "inspector": ("reconcile",),
    "admin": ("accounts",),
}


def allowed(user: User) -> list[PageSpec]:
    return [p for p in PAGES if user.can(p.action)]


def home(user: User) -> PageSpec:
    """The page `user` lands on: the role's own first page (open mode: planning)."""
    mine = allowed(user)
    wanted = ("plan",) if user.is_open else HOME.get(user.role, ())
    return next((p for p in mine if p.name in wanted), mine[0] if mine else PAGES[0])


def spec(name: str) -> PageSpec:
    return next(p for p in PAGES if p.name == name)


def gate(user: User, name: str) -> None:
    """At the top of page `name`: the page's title, and when `user` may not use it, why —
    then the page stops."""
    import streamlit as st

    page = spec(name)
    st.title(t(page.title))
    if not user.can(page.action):
        st.warning(
            tm("page_not_for_you", role=role_name(user.role), action=action_name(page.action)),
            icon=":material/block:",
        )
        st.stop()
