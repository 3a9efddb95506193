"""The app's safety nets (`ui.safety`): markdown escaping, the error boundary, sticky widgets."""

from __future__ import annotations

import logging

import pytest
from streamlit.testing.v1 import AppTest

from ui.safety import WORD_JOINER, md


@pytest.mark.parametrize(
    "text",
    [
        "**粗体**",  # emphasis
        "[点我](http://example.invalid)",  # a link
        ":red[红色] :material/home:",  # Streamlit's colours and icons
        "$x^2$",  # LaTeX
        "# 标题",  # a heading
        "1. 第一",  # a list
        "<b>html</b>",
        "a\\*b",  # a backslash of its own
    ],
)
def test_md_escapes_every_markdown_construct(text: str) -> None:
    escaped = md(text)
    # every ASCII punctuation character is backslash-escaped, so nothing is markup
    unescaped = escaped.replace(WORD_JOINER, "")
    plain, i = [], 0
    while i < len(unescaped):
        if unescaped[i] == "\\":
            plain.append(unescaped[i + 1])
            i += 2
        else:
            assert not (
                unescaped[i].isascii() and not unescaped[i].isalnum() and unescaped[i] != " "
            ), escaped
            plain.append(unescaped[i])
            i += 1
    assert "".join(plain) == text


def test_md_keeps_urls_and_addresses_from_becoming_links() -> None:
    assert "://" not in md("http://example.invalid").replace("\\", "")
    assert WORD_JOINER in md("www.example.org") and WORD_JOINER in md("a@b.com")
    assert md("第一行\n第二行") == "第一行 第二行"


def _boom() -> None:
    import streamlit as st

    from ui.safety import guard_page

    def page() -> None:
        st.write("before")
        raise RuntimeError("secret path /srv/fairplan/records.db")

    guard_page(page, lambda ref: f"出错了，编号 {ref}")


def test_guard_page_shows_a_reference_never_the_traceback(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="fairplan.app"):
        at = AppTest.from_function(_boom).run()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("出错了，编号 E-")
    assert "secret" not in error.value and "Traceback" not in error.value
    ref = error.value.rsplit(" ", 1)[1]
    # the log has the reference and the whole traceback, for the administrator
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and logged[0].exc_info is not None


def _stops() -> None:
    import streamlit as st

    from ui.safety import guard_page

    def page() -> None:
        st.write("shown")
        st.stop()
        st.write("never")

    guard_page(page, lambda ref: f"出错了 {ref}")


def test_guard_page_lets_streamlits_control_flow_through() -> None:
    at = AppTest.from_function(_stops).run()
    assert not at.error
    assert [m.value for m in at.markdown] == ["shown"]


def _sticky_page() -> None:
    import streamlit as st

    from ui.safety import sticky

    if st.session_state.get("hide"):
        st.stop()  # a run that skips the widget, as the plan page does while uploading
    value = sticky(st.checkbox, "box", False, "方框")
    st.write(f"value={value}")


def test_sticky_keeps_a_value_across_a_run_that_skips_the_widget() -> None:
    at = AppTest.from_function(_sticky_page).run()
    at.checkbox[0].check().run()
    assert at.markdown[0].value == "value=True"
    at.session_state["hide"] = True
    at.run()
    assert not at.checkbox
    at.session_state["hide"] = False
    at.run()
    assert at.checkbox[0].value is True  # drawn again, from the kept value
    assert at.markdown[0].value == "value=True"
