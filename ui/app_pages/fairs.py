"""招聘会与订阅 Published fairs (everyone): the published plan's fairs — a bureau's own region
and below, with no upload — and their calendar feeds.

The fairs come from the store (`PlanStore.published`, a bureau's regions only). The
links point at the feeds this same service serves (the public URL setting, `ui.settings`,
never loopback by surprise): webcal:// and http://, the QR code the feed index shows, the
private links of the user's own feed tokens (`fairplan users token`), the `.ics` itself.
"""

from __future__ import annotations

import streamlit as st

from calendars.feeds import build_feed
from ui import nav, parts, state
from ui.auth import require_login
from ui.i18n import current, t, tm
from ui.views import feeds as fv
from ui.views.common import download_name, region_label, when

lang = current()
user = require_login()
nav.gate(user, "fairs")

published = state.published(user)
if published is None:
    st.info(t("nothing_published_yet"))
    st.stop()
scenario = published.scenario
fairs = published.fairs
info = published.info
history = state.plans().history(user)
at = history[-1].published_at if history else info.created_at
st.caption(
    tm("published_caption", id=info.plan_id, name=info.scenario_name,
       version=info.scenario_version, when=when(at, state.timezone()))
)  # fmt: skip
scope = state.visible_regions(user)
if scope is not None:
    st.info(tm("scope_only", region=region_label(scenario, user.region_id or "")))

regions = [r for r in fv.feed_regions(scenario, fairs) if scope is None or r in scope]
if not regions:
    st.info(t("no_fairs_here"))
    st.stop()
region = st.selectbox(
    t("region"), regions, index=state.url_index("region", regions),
    format_func=lambda r: region_label(scenario, r), key="feed_region",
)  # fmt: skip
state.to_url("region", region, regions[0])
base = state.feeds_url()
below = set(scenario.descendants(region))
mine = [f for f in fairs if f.region_id in below]

with st.container(border=True):
    left, right = st.columns([3, 1])
    http, webcal = fv.feed_urls(base, region)
    with left:
        st.subheader(t("feed_links"))
        st.caption(t("feeds_intro"))
        st.markdown(f"[{webcal}]({webcal})")
        st.code(http, language=None)
        st.download_button(
            t("download_ics"), lambda: build_feed(scenario, region, fairs, domain=state.feeds_domain()),
            download_name(region, ext="ics"), "text/calendar", on_click="ignore", key="ics",
        )  # fmt: skip
    with right:
        st.image(fv.qr_svg(webcal), caption=t("qr"), width=180)
    from ui.settings import Settings

    tokens = fv.private_tokens(Settings.load().tokens, user.name) if not user.is_open else []
    if tokens:
        st.markdown("**" + t("private_links") + "**")
        st.caption(t("private_links_help"))
        for token in tokens:
            st.code(fv.feed_urls(base, region, token)[0], language=None)

since = st.date_input(t("since"), value=fv.preview_since(scenario, state.today(scenario)),
                      key="feed_since")  # fmt: skip
st.subheader(t("next_fairs", since=since))
upcoming = fv.next_fairs(scenario, fairs, region, since, lang)
if upcoming.empty:
    st.info(t("no_next"))
else:
    st.dataframe(upcoming, hide_index=True, key="next_fairs")

st.subheader(t("region_plan", region=region_label(scenario, region)))
parts.plan_tabs(scenario, mine, [], "fairs",
                extra={t("tab_downloads"): lambda: parts.downloads(published, region, "fairs",
                                                                    report=scope is None)})  # fmt: skip

with st.expander(t("all_feeds")):
    rows = []
    for rid in regions:
        h, w = fv.feed_urls(base, rid)
        rows.append(
            {t("region"): region_label(scenario, rid), t("col_webcal"): w, t("col_http"): h}
        )
    st.dataframe(
        rows, hide_index=True,
        column_config={t("col_webcal"): st.column_config.LinkColumn(),
                       t("col_http"): st.column_config.LinkColumn()},
        key="all_feeds",
    )  # fmt: skip
