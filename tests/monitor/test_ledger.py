"""One record per planned fair (issue 10): the ledger's marks and records files agree.

Regression: marking in the app a fair already reported by file created a second record
for the same event_id, and the weekly report then counted 4 fairs held where 3 were,
and 229 employers where 224 came. Real SQLite and PostgreSQL (`db_url`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from identity import Accounts, PermissionDenied
from monitor.authorized import AuthorizedStore
from monitor.ledger import Mark
from monitor.records import Record
from monitor.reports import build_report
from monitor.store import RecordStore
from scheduler.errors import InputError
from scheduler.schedule import ScheduledFair
from tests.monitor.conftest import CITY, COUNTY, PROVINCE, regions, scenario

D = dt.date
HEADER = "record_id,region_id,kind,date,status,event_id,venue,employers\n"


def fair(event_id: str, day: int, region: str = CITY, kind: str = "specialized") -> ScheduledFair:
    return ScheduledFair(
        event_id, region, "呼和浩特市", "city", kind, "", D(2024, 7, day),
        dt.time(9), dt.time(12), "HH-2", "呼和浩特市就业服务中心", "P-HH", 3,
    )  # fmt: skip


def file_of_three(tmp_path: Path) -> Path:
    """Three fairs held in the week of 8 July, 224 employers in all, reported by file."""
    path = tmp_path / "第二周.csv"
    path.write_text(
        HEADER
        + "R1,150100,specialized,2024-07-09,held,E1,HH-2,60\n"
        + "R2,150100,comprehensive,2024-07-10,held,E2,HH-1,120\n"
        + "R3,150121,specialized,2024-07-11,held,E3,TM-1,44\n",
        encoding="utf-8",
    )
    return path


def test_marking_a_fair_reported_by_file_updates_its_record(db_url: str, tmp_path: Path) -> None:
    with RecordStore(db_url) as store:
        ledger = AuthorizedStore(store, _open())
        store.import_records(file_of_three(tmp_path))
        summary = ledger.mark([Mark(fair("E1", 9), "held", employers=60, attendees=800)])
        assert (summary.inserted, summary.replaced) == (0, 1)
        assert store.count() == 3
        [r1] = [r for r in store.records() if r.event_id == "E1"]
        assert (r1.record_id, r1.attendees) == ("R1", 800)  # the file's record, updated
        assert [a["record_id"] for a in store.audit()] == ["R1"]  # its old version kept
        line = build_report(scenario(), store.records(), "weekly", D(2024, 7, 14)).lines[0]
        assert (line.held, line.employers) == (3, 224)


def test_a_file_after_a_mark_updates_the_marked_record(db_url: str, tmp_path: Path) -> None:
    with RecordStore(db_url) as store:
        ledger = AuthorizedStore(store, _open())
        ledger.mark([Mark(fair("E1", 9), "cancelled")])
        ledger.mark([Mark(fair("E1", 9), "held", employers=55)])  # marked again: same record
        assert store.count() == 1
        summary = store.import_records(file_of_three(tmp_path))
        assert (summary.inserted, summary.replaced, summary.unchanged) == (2, 1, 0)
        assert {r.record_id for r in store.records()} == {"E-E1", "R2", "R3"}
        again = store.import_records(tmp_path / "第二周.csv")  # idempotent still
        assert (again.inserted, again.replaced, again.unchanged) == (0, 0, 3)


def test_one_fair_named_twice_in_one_write_is_refused(db_url: str) -> None:
    twice = [
        Record("A", CITY, "specialized", D(2024, 7, 9), "held", event_id="E1"),
        Record("B", CITY, "specialized", D(2024, 7, 9), "held", event_id="E1"),
    ]
    with RecordStore(db_url) as store:
        with pytest.raises(InputError, match="E1") as err:
            store.store(twice)
        assert err.value.problems[0].column == "event_id"
        assert store.count() == 0 and store.imports() == []


def test_a_stored_record_cannot_take_another_records_fair(db_url: str, tmp_path: Path) -> None:
    with RecordStore(db_url) as store:
        store.import_records(file_of_three(tmp_path))
        before = store.records()
        moved = Record("R1", CITY, "specialized", D(2024, 7, 9), "held", event_id="E2")
        with pytest.raises(InputError, match="R1"):
            store.store([moved])
        assert store.records() == before
        # freeing a fair and giving it to another record in one write is fine
        freed = Record("R2", CITY, "comprehensive", D(2024, 7, 10), "held", event_id="")
        taker = Record("R9", CITY, "comprehensive", D(2024, 7, 10), "held", event_id="E2")
        store.store([taker, freed])
        assert {r.record_id for r in store.records() if r.event_id == "E2"} == {"R9"}


def test_the_database_itself_refuses_a_second_record_of_a_fair(db_url: str, tmp_path: Path) -> None:
    with RecordStore(db_url) as store:
        store.import_records(file_of_three(tmp_path))
        with pytest.raises(sa.exc.IntegrityError), store.db.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO records (record_id, region_id, kind, date, status, event_id,"
                    " venue, source_file, imported_at, imported_by) VALUES ('X', '150100',"
                    " 'specialized', '2024-07-09', 'held', 'E1', '', '', '2024-07-09', 'x')"
                )
            )
        assert store.count() == 3


def test_a_bureau_marks_its_own_regions_fairs_only(db_url: str) -> None:
    from argon2 import PasswordHasher

    with RecordStore(db_url) as store:
        acc = Accounts(
            store.db, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        admin = acc.add("admin", "admin", "admin password 1")
        acc.load_regions(regions().values(), actor=admin)
        bureau = acc.add("hohhot", "bureau", "hohhot password 1", region_id=COUNTY, actor=admin)
        ledger = AuthorizedStore(store, bureau)
        ledger.mark([Mark(fair("T1", 9, region=COUNTY), "held", employers=12)])
        with pytest.raises(PermissionDenied):
            ledger.mark([Mark(fair("E1", 9), "held")])  # the city's fair, above the county
        with pytest.raises(InputError, match="-3"):
            ledger.mark([Mark(fair("T2", 10, region=COUNTY), "held", employers=-3)])
        assert [r.event_id for r in store.records()] == ["T1"]
        assert PROVINCE not in {r.region_id for r in store.records()}


def _open():  # type: ignore[no-untyped-def]
    from identity import User

    return User.open_mode("bureau-clerk")
