"""Scenarios in the store: each uploaded workbook kept exactly as it came, with its hash.

A scenario is stored as bytes: an ``.xlsx`` as it is; a folder of CSV files as a zip of
its ``.csv`` files (sorted names, fixed timestamps, so the same folder always gives the
same bytes and the same SHA-256). The same bytes stored twice are one scenario version;
each new version of a name gets the next number (1, 2, …). Loading a stored scenario
writes its bytes to a temporary place and reads them with the one scenario loader, so a
stored plan is always judged against exactly the scenario it was planned from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db import Database, utc
from db.schema import scenarios
from scheduler.errors import InputError, Problem
from scheduler.model import Scenario
from texts import tr

XLSX, CSV_ZIP = "xlsx", "csv-zip"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class StoredScenario:
    scenario_id: int
    name: str
    version: int
    sha256: str
    filename: str
    format: str
    size: int
    stored_at: dt.datetime
    stored_by: str

    @staticmethod
    def of(row: Any) -> StoredScenario:
        return StoredScenario(
            row.scenario_id,
            row.name,
            row.version,
            row.sha256,
            row.filename,
            row.format,
            row.size,
            utc(row.stored_at),
            row.stored_by,
        )


def pack(path: Path) -> tuple[bytes, str]:
    """The bytes to store for a scenario file or folder, and their format."""
    path = Path(path)
    if path.is_dir():
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(path.iterdir()):
                if f.is_file() and f.suffix.lower() == ".csv":
                    info = zipfile.ZipInfo(f.name, _FIXED_TIME)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(info, f.read_bytes())
        return buf.getvalue(), CSV_ZIP
    try:
        return path.read_bytes(), XLSX
    except OSError as exc:
        raise InputError([Problem(str(path), exc.strerror or str(exc))]) from None


def unpack(content: bytes, fmt: str, folder: Path) -> Path:
    """Write stored bytes where the scenario loader can read them; returns that path."""
    if fmt == XLSX:
        out = folder / "scenario.xlsx"
        out.write_bytes(content)
        return out
    out = folder / "scenario"
    out.mkdir()
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        for info in z.infolist():
            name = Path(info.filename).name  # flat: the names were written by `pack`
            if name and name.lower().endswith(".csv"):
                (out / name).write_bytes(z.read(info))
    return out


def store_scenario(
    conn: Connection, path: Path, scenario: Scenario, who: str, at: dt.datetime
) -> StoredScenario:
    """The stored version of this scenario's bytes, stored now if they are new."""
    content, fmt = pack(path)
    digest = hashlib.sha256(content).hexdigest()
    t = scenarios
    row = conn.execute(sa.select(t).where(t.c.sha256 == digest)).first()
    if row is not None:
        return StoredScenario.of(row)
    version = conn.execute(
        sa.select(sa.func.coalesce(sa.func.max(t.c.version), 0)).where(t.c.name == scenario.name)
    ).scalar_one()
    number = int(version) + 1
    values: dict[str, Any] = {
        "name": scenario.name,
        "version": number,
        "sha256": digest,
        "filename": Path(path).name,
        "format": fmt,
        "size": len(content),
        "content": content,
        "stored_at": at,
        "stored_by": who,
    }
    new_id = conn.execute(sa.insert(t).values(values).returning(t.c.scenario_id)).scalar_one()
    return StoredScenario(
        new_id, scenario.name, number, digest, Path(path).name, fmt, len(content), at, who
    )


def scenario_info(conn: Connection, scenario_id: int) -> StoredScenario:
    cols = [c for c in scenarios.c if c.name != "content"]
    row = conn.execute(sa.select(*cols).where(scenarios.c.scenario_id == scenario_id)).first()
    if row is None:
        raise InputError([Problem("scenario", tr("no_scenario", id=scenario_id))])
    return StoredScenario.of(row)


class _Loaded:
    """Stored scenarios already read, by (database, scenario_id): they never change."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._data: OrderedDict[tuple[str, int], Scenario] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, db: Database, scenario_id: int) -> Scenario:
        key = (db.url, scenario_id)
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
                return hit
        loaded = _load(db, scenario_id)
        with self._lock:
            self._data[key] = loaded
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return loaded


def _load(db: Database, scenario_id: int) -> Scenario:
    from scheduler.scenario import load_scenario

    with db.connect() as conn:
        row = conn.execute(
            sa.select(scenarios.c.content, scenarios.c.format, scenarios.c.filename).where(
                scenarios.c.scenario_id == scenario_id
            )
        ).first()
    if row is None:
        raise InputError([Problem("scenario", tr("no_scenario", id=scenario_id))])
    with tempfile.TemporaryDirectory(prefix="fairplan-scenario-") as tmp:
        loaded = load_scenario(unpack(row.content, row.format, Path(tmp)))
    return replace(loaded, source=row.filename)


_LOADED = _Loaded()


def load_stored(db: Database, scenario_id: int) -> Scenario:
    """The scenario of a stored version, as the loader reads it (cached)."""
    return _LOADED.get(db, scenario_id)
