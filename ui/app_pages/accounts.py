"""账户 Accounts (admins): every account with its role and region; add one, disable or enable
it, reset a password; private feed tokens — issue (shown once), revoke. The same calls as
`fairplan users` (`identity.accounts.Accounts`, `identity.feed_tokens.FeedTokens`), each
re-checking the admin in the store and recorded in the account events.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from identity.accounts import Accounts
from identity.feed_tokens import FeedTokens
from identity.users import ROLES, Action, role_name
from scheduler.errors import FairplanError
from ui import nav, parts, state
from ui.auth import require_login
from ui.i18n import current, t, tm
from ui.views.common import when

lang = current()
user = require_login()
nav.gate(user, "accounts")
tz = state.timezone()
acc = Accounts(state.database())


def done(message: str) -> None:
    st.session_state["accounts_done"] = message
    st.rerun()


def attempt(action: object) -> bool:
    try:
        action()  # type: ignore[operator]
    except FairplanError as exc:
        parts.show_problems(exc.problems, f"accounts_problem_{id(action)}", "action_refused")
        return False
    return True


if user.is_open:
    st.info(t("accounts_open_mode"))
if st.session_state.get("accounts_done"):
    st.success(st.session_state.pop("accounts_done"))

infos = acc.accounts(user) if not user.is_open else []
if infos:
    st.dataframe(
        pd.DataFrame(
            {
                t("signin_username"): [a.username for a in infos],
                t("col_role"): [role_name(a.role) for a in infos],
                t("region"): [a.region_id or "" for a in infos],
                t("col_display_name"): [a.display_name for a in infos],
                t("col_account_state"): [
                    t("account_state_disabled") if a.disabled else t("account_state_active")
                    for a in infos
                ],
                t("col_last_login"): [
                    when(a.last_login_at, tz) if a.last_login_at else "" for a in infos
                ],  # fmt: skip
            }
        ),
        hide_index=True,
        key="accounts_table",
    )

regions = acc.regions()
region_ids = sorted(regions)  # division codes: a province, then its cities and their counties

tab_add, tab_change, tab_tokens = st.tabs([t("account_add"), t("account_change"), t("feed_tokens")])

with tab_add, st.form("account_add_form"):
    c1, c2, c3 = st.columns(3)
    name = c1.text_input(t("signin_username"), key="new_name")
    role = c2.selectbox(t("col_role"), ROLES, format_func=role_name, key="new_role")
    region = c3.selectbox(
        t("account_region"), ["", *region_ids], key="new_region",
        format_func=lambda r: f"{regions[r].name} {r}" if r else "—",
    )  # fmt: skip
    display = c1.text_input(t("col_display_name"), key="new_display")
    password = c2.text_input(t("signin_password"), type="password", key="new_password")
    if st.form_submit_button(t("account_add"), type="primary") and attempt(
        lambda: acc.add(
            name.strip(),
            role,
            password,
            region_id=region or None,
            display_name=display.strip(),
            actor=user,
        )  # fmt: skip
    ):
        done(tm("account_added", name=name.strip()))

with tab_change:
    names = [a.username for a in infos]
    if not names:
        st.info(t("no_accounts_yet"))
    else:
        who = st.selectbox(t("signin_username"), names, key="change_name")
        target = next(a for a in infos if a.username == who)
        c1, c2 = st.columns(2)
        with c1:
            label = t("account_enable") if target.disabled else t("account_disable")
            if st.button(label, key="toggle_disabled") and attempt(
                lambda: acc.set_disabled(who, not target.disabled, user)
            ):
                done(tm("account_changed", name=who))
        with c2, st.form("password_form", border=False):
            new_password = st.text_input(t("account_new_password"), type="password", key="reset_pw")
            if st.form_submit_button(t("account_reset_password")) and attempt(
                lambda: acc.set_password(who, new_password, user)
            ):
                done(tm("account_password_set", name=who))

with tab_tokens:
    from ui.settings import Settings

    tokens_file = Settings.load().tokens
    if not user.can(Action.MANAGE_FEED_TOKENS) or user.is_open:
        st.info(t("accounts_open_mode"))
    elif tokens_file is None:
        st.info(t("tokens_not_configured"))
    else:
        tokens = FeedTokens(state.database())
        issued = tokens.list(user)
        if issued:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("token_hint"): [r["hint"] + "…" for r in issued],
                        t("signin_username"): [r["username"] for r in issued],
                        t("region"): [r["region_id"] for r in issued],
                        t("token_issued"): [when(r["issued_at"], tz) for r in issued],
                        t("token_revoked"): [
                            when(r["revoked_at"], tz) if r["revoked_at"] else "" for r in issued
                        ],  # fmt: skip
                    }
                ),
                hide_index=True,
                key="tokens_table",
            )
        names = [a.username for a in infos if not a.disabled]
        c1, c2 = st.columns(2)
        holder = c1.selectbox(t("signin_username"), names, key="token_user")
        if c1.button(t("token_issue"), key="token_issue") and holder:
            try:
                token = tokens.issue(holder, tokens_file, user)
            except FairplanError as exc:
                parts.show_problems(exc.problems, "token_problems", "action_refused")
            else:
                st.success(tm("token_issued_once", name=holder))
                st.code(token, language=None)
        live = sorted({r["hint"] for r in issued if not r["revoked_at"]})
        hint = c2.selectbox(t("token_hint"), live, key="token_hint")
        if c2.button(t("token_revoke"), key="token_revoke", disabled=not live) and attempt(
            lambda: tokens.revoke(tokens_file, user, hint=hint)
        ):
            done(t("token_revoked_done"))
