"""What keeps the app's pages honest with their users (issue 11): no traceback, text as text.

- `guard_page` runs a page inside an error boundary: any exception a page does not handle
  is logged with its traceback under a short reference (e.g. `E-3F2A9C1B`) and the user
  sees one sentence with that reference — never the traceback, which can hold server
  paths, database URLs or other bureaus' data. Streamlit's own control flow (`st.stop`,
  `st.rerun`) derives from BaseException and passes through.
- `md` escapes text for Streamlit's markdown (every `st.success/info/error/warning/caption/
  markdown`, and widget labels, render markdown): names and ids a user typed are shown as
  typed, never as emphasis, links, colours, icons or LaTeX.
- `sticky` keeps a widget's value across runs in which the widget is not drawn (Streamlit
  forgets a widget's state when a run skips it — e.g. the plan page stops early while a new
  scenario is uploaded — and then draws it with its default while the rest of the page
  still acts on the old value).
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

log = logging.getLogger("fairplan.app")

T = TypeVar("T")

# CommonMark lets a backslash escape any ASCII punctuation; Streamlit adds `:colour[…]`,
# `:material/…:` icons and `$…$` LaTeX, all made of punctuation too
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=\"'^%@,;?/])")


#: Streamlit links bare URLs, `www.` names and e-mail addresses even in escaped text; an
#: invisible word joiner (U+2060) inside the trigger keeps them text, looking the same
_AUTOLINK = (("://", ":\u2060//"), ("www.", "www\u2060."), ("@", "\u2060@"))
WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """`text` as literal text inside Streamlit markdown (line breaks kept as spaces)."""
    plain = " ".join(str(text).splitlines())
    for trigger, broken in _AUTOLINK:
        plain = plain.replace(trigger, broken)
    return _MD_SPECIAL.sub(r"\\\1", plain)


def report_bug(exc: BaseException) -> str:
    """Log `exc` with its traceback under a new reference, and return the reference."""
    ref = "E-" + secrets.token_hex(4).upper()
    log.error("unhandled error %s in the app", ref, exc_info=exc)
    return ref


def guard_page(run: Callable[[], Any], message: Callable[[str], str]) -> None:
    """Run a page; an unhandled exception becomes one line with a reference (see above)."""
    try:
        run()
    except Exception as exc:  # st.stop()/st.rerun() are BaseException and pass through
        st.error(message(report_bug(exc)), icon=":material/error:")


def sticky(
    widget: Callable[..., T],
    key: str,
    default: Any,
    *args: Any,
    options: Sequence[Any] | None = None,
    **kwargs: Any,
) -> T:
    """Draw `widget(*args, **kwargs)` so that its value survives runs that skip it.

    Streamlit drops a widget's state when a run does not draw it, and when the widget is
    drawn again its frontend shows the default while the session may still act on the
    old value (the plan page's re-plan box showed unchecked with its panel open). So the
    value is kept under a key of our own, and a widget that was skipped is drawn under a
    new identity that starts from the kept value. `options`: for a radio or selectbox,
    the value is passed as `index` into them.
    """
    kept, gen_key = f"sticky:{key}", f"sticky-gen:{key}"
    gen = int(st.session_state.get(gen_key, 0))
    if _widget_key(key, gen) not in st.session_state and kept in st.session_state:
        gen += 1
        st.session_state[gen_key] = gen
    value = st.session_state.get(kept, default)
    if options is not None:
        if value not in options:
            value = default if default in options else options[0]
        initial: dict[str, Any] = {"index": list(options).index(value)}
        args = (*args, options)
    else:
        initial = {"value": value}
    result = widget(*args, key=_widget_key(key, gen), **initial, **kwargs)
    st.session_state[kept] = result
    return result


def _widget_key(key: str, gen: int) -> str:
    """The widget's key: `key` itself until it was first skipped (so tests can find it)."""
    return key if gen == 0 else f"{key}#{gen}"
