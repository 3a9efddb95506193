"""The fairplan app (issues 5, 10): `fairplan ui` / `fairplan serve` (which run it as
`ui/service.py`'s `st.App`), or `streamlit run ui/app.py`.

One app for the three roles on the store of record — the planner plans, compares and
publishes; a city bureau follows its region's published fairs and keeps its ledger
(台账); an inspector holds the plan against what was held — and the admin's accounts.
Each role's menu has its pages only (`ui/nav.py`); a page opened by a link without the
right says why. Chinese first, with a language switch kept in the URL (`?lang=en`).
Pages live in `ui/app_pages/` (not `pages/`: that name turns on Streamlit's legacy
multipage mode, which would run a page without this script); what they show comes from
`ui.views`.

Every run passes the sign-in gate (`ui.auth.require_login`) before any page runs: while
the store has no account the app is open to everyone (open mode, said in the sidebar);
once one exists, no page runs until someone signs in. Pages read and write the store
only through its APIs for that user (`AuthorizedStore`, `PlanStore`, `Editor`).
"""

from __future__ import annotations

import streamlit as st

from ui import nav
from ui.auth import current_user, logout_button, require_login
from ui.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, normalize, t, use_session_language
from ui.safety import guard_page
from ui.state import to_url


def main() -> None:
    """One run of the app script: the page config, the language switch, the gate, the page."""
    # an emoji favicon is a data: URI; a `:material/…:` one (or a page's, without this) comes from a CDN
    st.set_page_config(page_title="fairplan", page_icon="📅", layout="wide")
    with st.sidebar:
        # the URL keeps the code (`?lang=en`), so a shared link opens in its language
        lang = st.segmented_control(
            t("language"),
            LANGS,
            default=normalize(st.query_params.get("lang")),
            format_func=lambda code: LANG_NAMES[code],
            key="lang",
            required=True,
            label_visibility="collapsed",
        )
        to_url("lang", lang, DEFAULT_LANG)
    use_session_language()  # the packages' messages (refusals, reasons) in this language too

    user = current_user()
    home = nav.home(user) if user is not None else nav.PAGES[0]
    mine = {p.name for p in nav.allowed(user)} if user is not None else set()
    sections: dict[str, list[st.Page]] = {}
    for spec in nav.PAGES:
        sections.setdefault(t(spec.section), []).append(
            st.Page(
                spec.path,
                title=t(spec.title),
                icon=spec.icon,
                url_path=spec.name,
                default=spec is home,
                visibility="visible" if spec.name in mine else "hidden",
            )
        )
    pages = {section: items for section, items in sections.items()}
    # the gate comes after st.navigation (hidden until someone signs in) so that the page a
    # shared link asks for, with its filters, is still the one shown after signing in
    page = st.navigation(pages, position="sidebar" if user is not None else "hidden")
    user = require_login(page.url_path)  # the sign-in page, and st.stop(), when nobody is in
    logout_button(user)
    guard_page(page.run, lambda ref: t("internal_error", ref=ref))


# Streamlit runs this script as `__main__`. A solve runs in a *spawned* process
# (ui/solve.py), and spawning re-imports the parent's main script in the child under the
# name `__mp_main__`: the app must do nothing there (before this guard the child reached
# the sign-in gate, where `st.stop()` does not stop outside a Streamlit run, and every
# solve of a signed-in planner died with exit code 1; issue 10).
if __name__ == "__main__":
    main()
