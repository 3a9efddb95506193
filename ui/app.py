"""The fairplan app (issue 5): `fairplan ui`, or `streamlit run ui/app.py`.

Four pages in four sections — 规划 Plan, 订阅 Feeds, 合规 Compliance,
上报 Records — Chinese first, with a language switch kept in the URL
(`?lang=en`). Pages live in `ui/app_pages/` (not `pages/`: that name turns on Streamlit's legacy multipage mode, which would run a page without this script); what they show comes from `ui.views`.

Every run passes the sign-in gate (`ui.auth.require_login`, issue 7) before any page
runs: while the store has no account the app is open to everyone (open mode, said in
the sidebar); once one exists, no page runs until someone signs in. The pages read and
write the store only through `AuthorizedStore` for that user.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.auth import current_user, logout_button, require_login
from ui.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, normalize, t
from ui.safety import guard_page
from ui.state import to_url

HERE = Path(__file__).parent


def main() -> None:
    """One run of the app script: the page config, the language switch, the gate, the page."""
    # an emoji favicon is a data: URI; a `:material/…:` one (or a page's, without this) comes from a CDN
    st.set_page_config(page_title="fairplan 招聘会", page_icon="📅", layout="wide")
    signed_in = current_user() is not None

    with st.sidebar:
        # the URL keeps the code (`?lang=en`), so a shared link opens in its language
        lang = st.segmented_control(
            "语言 Language",
            LANGS,
            default=normalize(st.query_params.get("lang")),
            format_func=lambda code: LANG_NAMES[code],
            key="lang",
            required=True,
        )
        to_url("lang", lang, DEFAULT_LANG)

    pages = {
        t("section_plan"): [
            st.Page(
                HERE / "app_pages" / "plan.py",
                title=t("page_plan"),
                icon=":material/calendar_month:",
                url_path="plan",
                default=True,
            )
        ],
        t("section_feeds"): [
            st.Page(
                HERE / "app_pages" / "feeds.py",
                title=t("page_feeds"),
                icon=":material/notifications:",
                url_path="feeds",
            )
        ],
        t("section_compliance"): [
            st.Page(
                HERE / "app_pages" / "compliance.py",
                title=t("page_compliance"),
                icon=":material/traffic:",
                url_path="compliance",
            )
        ],
        t("section_records"): [
            st.Page(
                HERE / "app_pages" / "records.py",
                title=t("page_records"),
                icon=":material/edit_note:",
                url_path="records",
            )
        ],
    }
    # the gate comes after st.navigation (hidden until someone signs in) so that the page a
    # shared link asks for, with its filters, is still the one shown after signing in
    nav = st.navigation(pages, position="sidebar" if signed_in else "hidden")
    user = require_login()  # the sign-in page, and st.stop(), when nobody is signed in
    logout_button(user)
    guard_page(nav.run, lambda ref: t("internal_error", ref=ref))


# Streamlit runs this script as `__main__`. A solve runs in a *spawned* process
# (ui/solve.py), and spawning re-imports the parent's main script in the child under the
# name `__mp_main__`: the app must do nothing there (before this guard the child reached
# the sign-in gate, where `st.stop()` does not stop outside a Streamlit run, and every
# solve of a signed-in planner died with exit code 1; issue 10).
if __name__ == "__main__":
    main()
