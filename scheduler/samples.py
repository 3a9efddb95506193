"""The bundled sample scenarios (see docs/sample.md).

- `im-2024` (the default): Inner Mongolia, July–December 2024, as a CSV folder and as a
  workbook — the one `fairplan demo` plans;
- `shandong-2024`: Shandong's class of 2024, campus and double-selection fairs at
  universities plus online fairs (CSV folder);
- `hubei-2023`: Hubei 2023, touring small fairs and online fairs (CSV folder).

The last two use kinds beyond specialized/comprehensive (CONTRACT §6).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from scheduler.errors import InputError, Problem
from texts import tr

DEFAULT = "im-2024"
#: name → {form: path inside scheduler/data}
SAMPLES: dict[str, dict[str, str]] = {
    "im-2024": {"csv": "sample", "xlsx": "sample.xlsx"},
    "shandong-2024": {"csv": "samples/shandong-2024"},
    "hubei-2023": {"csv": "samples/hubei-2023"},
}


def names() -> list[str]:
    return list(SAMPLES)


def sample_path(form: str = "csv", name: str = DEFAULT) -> Path:
    """A sample as a CSV folder (`csv`) or a workbook (`xlsx`), inside the installed package.

    For the default sample any form other than `xlsx` gives the CSV folder, as it always
    has; an unknown name, or a form a sample does not come in, is an InputError naming
    what there is.
    """
    forms = SAMPLES.get(name)
    if forms is None:
        message = tr("samples_unknown", name=name, names="、".join(SAMPLES))
        raise InputError([Problem(tr("samples_where"), message)])
    if name == DEFAULT and form != "xlsx":
        form = "csv"
    if form not in forms:
        message = tr("samples_no_form", name=name, form=form, forms="、".join(forms))
        raise InputError([Problem(tr("samples_where"), message)])
    return Path(str(files("scheduler") / "data")) / forms[form]
