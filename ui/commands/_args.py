"""Value types the commands share, with their complaints in the user's language."""

from __future__ import annotations

import argparse
import datetime as dt

from texts import tr


def iso_date(text: str) -> dt.date:
    """A `YYYY-MM-DD` date on the command line."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("not_a_date", value=text)) from None
