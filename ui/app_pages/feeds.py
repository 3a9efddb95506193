"""订阅 Feeds: each region's subscription links (webcal and http), its QR code and next fairs.

The links point at a `fairplan serve-feeds` server (its address is an input,
defaulting to the public URL setting, `ui.settings`); the QR code is the one that server's index
page shows. The `.ics` file itself can be downloaded here too.

The fairs are this session's plan, or — for those who do not plan, such as a
city bureau — a published `schedule.csv` uploaded here. A bureau sees only the
feeds of its own region and its subdivisions (an ancestor's feed would hold
other cities' fairs).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from calendars.feeds import build_feed
from scheduler.errors import InputError
from scheduler.schedule import ScheduledFair
from ui import state, views
from ui.auth import require_login
from ui.i18n import current, t, tm
from ui.safety import md

lang = current()
user = require_login()
st.title(t("page_feeds"))


def uploaded_schedule() -> list[ScheduledFair]:
    """A published schedule.csv (fairplan plan's output), for users without a plan here."""
    from scheduler.schedule import read_schedule

    up = st.file_uploader(t("feeds_upload_schedule"), type=["csv"], key="feeds_schedule")
    if up is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schedule.csv"
        path.write_bytes(up.getvalue())
        try:
            return read_schedule(path)
        except InputError as exc:
            st.error("  \n".join(md(p) for p in exc.problems))
            return []


maybe_result = state.plan()
if maybe_result is not None:
    scenario = maybe_result.scenario
    fairs = list(maybe_result.fairs)
    st.caption(tm("scenario_caption", name=scenario.name, source=t("page_plan")))
else:
    state.caption()
    st.info(t("need_plan"))
    st.page_link("app_pages/plan.py", label=t("page_plan"), icon=":material/calendar_month:")
    scenario = state.scenario()
    fairs = uploaded_schedule()
    if not fairs:
        st.stop()
st.write(t("feeds_intro"))

base = st.text_input(
    t("feed_server"),
    value=state.feeds_url(),
    help=t("feed_server_help"),
    key="feed_base",
)
scope = state.visible_regions(user)
regions = [r for r in views.feed_regions(scenario, fairs) if scope is None or r in scope]
if scope is not None:
    st.info(tm("scope_only", region=views.region_label(scenario, user.region_id or "")))
region = st.selectbox(
    t("region"),
    regions,
    index=state.url_index("region", regions),
    format_func=lambda r: views.region_label(scenario, r),
    key="feed_region",
)
state.to_url("region", region, regions[0] if regions else "")
if region:
    http, webcal = views.feed_urls(base, region)
    left, right = st.columns([3, 1])
    with left:
        st.subheader(t("feed_links"))
        st.markdown(f"[{webcal}]({webcal})")
        st.code(http, language=None)
        st.download_button(
            t("download_ics"),
            lambda: build_feed(scenario, region, fairs),
            f"{region}.ics",
            "text/calendar",
            on_click="ignore",
            key="ics",
        )
    with right:
        st.image(views.qr_svg(webcal), caption=t("qr"), width=180)
    since = st.date_input(
        t("since"), value=views.preview_since(scenario, state.today(scenario)), key="feed_since"
    )
    st.subheader(t("next_fairs", since=since))
    upcoming = views.next_fairs(scenario, fairs, region, since, lang)
    if upcoming.empty:
        st.info(t("no_next"))
    else:
        st.dataframe(upcoming, hide_index=True, key="next_fairs")

with st.expander(t("all_feeds")):
    rows = []
    for rid in regions:
        http, webcal = views.feed_urls(base, rid)
        rows.append(
            {t("region"): views.region_label(scenario, rid), "webcal": webcal, "http": http}
        )
    st.dataframe(
        rows,
        hide_index=True,
        column_config={
            "webcal": st.column_config.LinkColumn(),
            "http": st.column_config.LinkColumn(),
        },
        key="all_feeds",
    )
