"""Accounts and roles (issue 7), on a real SQLite file and a real PostgreSQL server.

Every role × operation is checked in the data layer (`AuthorizedStore`, `Accounts`),
with the store compared before and after each refused write; then throttling,
session expiry, argon2 hashes kept out of logs and exports, the append-only audit,
feed tokens, single sign-on mapping, and the issue's "done when" through the CLI.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from calendars.server import TokenFile
from identity import (
    LOCK_MINUTES,
    MAX_FAILURES,
    Accounts,
    AuthError,
    FeedTokens,
    PermissionDenied,
    Sessions,
    User,
    scope_key,
    sso_identity,
    sso_user,
)
from monitor.authorized import AuthorizedStore
from monitor.store import RecordStore
from scheduler.errors import InputError
from scheduler.model import Region
from scheduler.samples import sample_path
from tests.monitor.conftest import rec
from ui.cli import main

D = dt.date
PROVINCE, HOHHOT, TUMED, BAOTOU, KUNDULUN = "150000", "150100", "150121", "150200", "150203"
REGIONS = [
    Region(PROVINCE, "内蒙古自治区", "province", None),
    Region(HOHHOT, "呼和浩特市", "city", PROVINCE),
    Region(TUMED, "土默特左旗", "county", HOHHOT),
    Region(BAOTOU, "包头市", "city", PROVINCE),
    Region(KUNDULUN, "昆都仑区", "county", BAOTOU),
]
PASSWORD = "correct horse battery"  # every test account's password
HEADER = "record_id,region_id,kind,date,status,venue\n"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2024, 7, 15, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@dataclass
class World:
    store: RecordStore
    accounts: Accounts
    clock: Clock
    users: dict[str, User]
    tmp: Path

    def as_(self, name: str) -> AuthorizedStore:
        return AuthorizedStore(self.store, self.users[name])


def cheap_hasher() -> PasswordHasher:
    """argon2id still, with small costs so the matrix stays fast (defaults tested below)."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def snapshot(store: RecordStore) -> tuple[Any, ...]:
    return store.records(), store.audit(), store.imports()


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[World]:
    """Five accounts: an admin, a planner, an inspector, and the bureaus of 呼和浩特 and 包头,
    each bureau with two records of its own (one in the city, one in a county)."""
    clock = Clock()
    with RecordStore(db_url) as store:
        accounts = Accounts(store.db, clock=clock, hasher=cheap_hasher())
        admin = accounts.add("admin", "admin", PASSWORD)
        accounts.load_regions(REGIONS, actor=admin)
        users = {"admin": admin}
        for name, role, region in (
            ("planner", "planner", None),
            ("inspector", "inspector", None),
            ("hohhot", "bureau", HOHHOT),
            ("baotou", "bureau", BAOTOU),
        ):
            users[name] = accounts.add(name, role, PASSWORD, region_id=region, actor=admin)
        w = World(store, accounts, clock, users, tmp_path)
        w.as_("hohhot").store_records(
            [rec(HOHHOT, "specialized", D(2024, 7, 5), record_id="H1"),
             rec(TUMED, "specialized", D(2024, 7, 6), record_id="H2")],
            source="hohhot-july.csv",
        )  # fmt: skip
        w.as_("baotou").store_records(
            [rec(BAOTOU, "comprehensive", D(2024, 7, 9), record_id="B1"),
             rec(KUNDULUN, "specialized", D(2024, 7, 10), record_id="B2")],
            source="baotou-july.csv",
        )  # fmt: skip
        yield w


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


# --- every role × operation ----------------------------------------------------------------


def op_import_own_city(w: World, s: AuthorizedStore) -> None:
    s.import_records(write(w.tmp / "own.csv", ["N1,150100,specialized,2024-07-12,held,HH-2\n"]))


def op_import_county(w: World, s: AuthorizedStore) -> None:
    s.import_records(write(w.tmp / "county.csv", ["N2,150121,specialized,2024-07-13,held,\n"]))


def op_import_other_city(w: World, s: AuthorizedStore) -> None:
    s.import_records(write(w.tmp / "other.csv", ["N3,150200,specialized,2024-07-12,held,\n"]))


def op_import_mixed(w: World, s: AuthorizedStore) -> None:
    rows = [
        "N4,150100,specialized,2024-07-12,held,\n",
        "N5,150121,specialized,2024-07-13,held,\n",
        "N6,150203,specialized,2024-07-14,held,\n",
    ]
    s.import_records(write(w.tmp / "mixed.csv", rows))


def op_edit_own(w: World, s: AuthorizedStore) -> None:
    s.import_records(write(w.tmp / "edit.csv", ["H1,150100,specialized,2024-07-05,cancelled,\n"]))


def op_take_over_other(w: World, s: AuthorizedStore) -> None:
    # B1 is 包头's record: re-filing it under 呼和浩特 would move it out of 包头's hands
    s.import_records(write(w.tmp / "steal.csv", ["B1,150100,comprehensive,2024-07-09,held,\n"]))


def op_delete_own(w: World, s: AuthorizedStore) -> None:
    s.delete(["H2"], source="typo")


def op_delete_other(w: World, s: AuthorizedStore) -> None:
    s.delete(["B2"], source="typo")


def op_add_account(w: World, s: AuthorizedStore) -> None:
    w.accounts.add("newbie", "inspector", PASSWORD, actor=s.user)


def op_issue_token(w: World, s: AuthorizedStore) -> None:
    FeedTokens(w.store.db).issue("hohhot", w.tmp / "tokens.txt", s.user)


def op_list_accounts(w: World, s: AuthorizedStore) -> None:
    w.accounts.accounts(s.user)


OPS: dict[str, Callable[[World, AuthorizedStore], None]] = {
    name.removeprefix("op_"): f for name, f in globals().items() if name.startswith("op_")
}
WRITES = {"import_own_city", "import_county", "import_other_city", "import_mixed", "edit_own",
          "take_over_other", "delete_own", "delete_other"}  # fmt: skip

CASES = [
    # a bureau reports for its own city ...
    ("hohhot", "import_own_city", True),
    # ... and for its counties (descendants of its region)
    ("hohhot", "import_county", True),
    # ... but never for another city: the whole file is refused
    ("hohhot", "import_other_city", False),
    # one 包头 county row among its own rows refuses the whole file
    ("hohhot", "import_mixed", False),
    # a bureau corrects its own record
    ("hohhot", "edit_own", True),
    # reusing another city's record_id cannot move that record into its region
    ("hohhot", "take_over_other", False),
    # a bureau deletes its own record
    ("hohhot", "delete_own", True),
    # ... not another city's
    ("hohhot", "delete_other", False),
    # bureaus do not manage accounts or feed tokens
    ("hohhot", "add_account", False),
    ("hohhot", "issue_token", False),
    ("hohhot", "list_accounts", False),
    # the other bureau is refused 呼和浩特's records the same way
    ("baotou", "import_own_city", False),
    ("baotou", "delete_own", False),
    # a planner plans; it reports no records
    ("planner", "import_own_city", False),
    ("planner", "delete_own", False),
    ("planner", "add_account", False),
    # an inspector reads everything and writes nothing
    ("inspector", "import_own_city", False),
    ("inspector", "import_other_city", False),
    ("inspector", "edit_own", False),
    ("inspector", "delete_own", False),
    ("inspector", "add_account", False),
    ("inspector", "issue_token", False),
    # an admin manages accounts and feed tokens ...
    ("admin", "add_account", True),
    ("admin", "issue_token", True),
    ("admin", "list_accounts", True),
    # ... and does not report records for a bureau
    ("admin", "import_own_city", False),
    ("admin", "delete_other", False),
    # a disabled bureau can do nothing, even with a User object still in hand
    ("hohhot-disabled", "import_own_city", False),
    ("hohhot-disabled", "delete_own", False),
    # a hand-made User claiming admin rights for the bureau's name is still only the bureau
    ("hohhot-forged-admin", "import_other_city", False),
    ("hohhot-forged-admin", "add_account", False),
    # "open mode" (no sign-in) ends with the first account
    ("open", "import_own_city", False),
    ("open", "add_account", False),
]


@pytest.mark.parametrize(("who", "op", "allowed"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_role_operation(world: World, who: str, op: str, allowed: bool) -> None:
    if who == "hohhot-disabled":
        world.accounts.set_disabled("hohhot", True, world.users["admin"])
        user = world.users["hohhot"]
    elif who == "hohhot-forged-admin":
        user = User("hohhot", "admin")
    elif who == "open":
        user = User.open_mode()
    else:
        user = world.users[who]
    s = AuthorizedStore(world.store, user)
    before = snapshot(world.store)
    if allowed:
        OPS[op](world, s)
        if op in WRITES:
            assert snapshot(world.store) != before
        return
    # a refusal (exit 4); but to a bureau another region's record reads as none at all
    hidden = op.startswith("delete") and who in ("hohhot", "baotou")
    with pytest.raises(InputError if hidden else PermissionDenied) as err:
        OPS[op](world, s)
    if hidden:
        assert "B2" not in str(err.value) or "包头" not in str(err.value)
        assert not isinstance(err.value, PermissionDenied)
    assert snapshot(world.store) == before  # nothing changed


def test_refused_import_names_the_row_and_changes_nothing(world: World) -> None:
    rows = [
        "N1,150100,specialized,2024-07-12,held,\n",
        "N2,150121,specialized,2024-07-13,held,\n",
        "N3,150200,comprehensive,2024-07-14,held,\n",
    ]
    before = snapshot(world.store)
    with pytest.raises(PermissionDenied) as err:
        world.as_("hohhot").import_records(write(world.tmp / "july.csv", rows))
    first, summary = err.value.problems
    assert (first.row, first.column) == (4, "region_id")  # header is row 1
    assert "150200" in first.message and "包头市" in first.message and "150100" in first.message
    assert "没有保存任何记录" in summary.message
    assert snapshot(world.store) == before


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        # a bureau sees its city and county records only
        ("hohhot", {"H1", "H2"}),
        ("baotou", {"B1", "B2"}),
        # everyone else reads every record
        ("planner", {"H1", "H2", "B1", "B2"}),
        ("inspector", {"H1", "H2", "B1", "B2"}),
        ("admin", {"H1", "H2", "B1", "B2"}),
    ],
)
def test_reads_are_scoped(world: World, who: str, visible: set[str]) -> None:
    s = world.as_(who)
    assert {r.record_id for r in s.records()} == visible
    assert set(s.frame()["record_id"]) == visible
    assert s.count() == len(visible)
    assert {e.record_id for e in s.trail()} == visible
    out = world.tmp / f"{who}.csv"
    assert s.export(out) == len(visible)


def test_scope_key_differs_by_scope_only() -> None:
    assert scope_key(User("a", "bureau", HOHHOT)) == scope_key(User("b", "bureau", HOHHOT))
    keys = {
        scope_key(User("a", "bureau", HOHHOT)),
        scope_key(User("a", "bureau", BAOTOU)),
        scope_key(User("a", "inspector")),
        scope_key(None),
    }
    assert len(keys) == 4


def test_open_mode_until_the_first_account(db_url: str, tmp_path: Path) -> None:
    with RecordStore(db_url) as store:
        store.store([rec(HOHHOT, "specialized", D(2024, 7, 5))], actor="os-user")  # as before
        AuthorizedStore(store, User.open_mode()).store_records(
            [rec(BAOTOU, "specialized", D(2024, 7, 5))]
        )
        accounts = Accounts(store.db, hasher=cheap_hasher())
        with pytest.raises(InputError, match="第一个账户必须是管理员"):
            accounts.add("hohhot", "bureau", PASSWORD, region_id=HOHHOT)
        admin = accounts.add("admin", "admin", PASSWORD)
        before = snapshot(store)
        with pytest.raises(PermissionDenied, match="请用 --user NAME 登录"):
            store.store([rec(HOHHOT, "specialized", D(2024, 7, 6))])
        with pytest.raises(PermissionDenied):
            store.delete([store.records()[0].record_id])
        assert snapshot(store) == before
        with pytest.raises(PermissionDenied):  # no more account creation without an admin
            accounts.add("admin2", "admin", PASSWORD)
        accounts.add("admin2", "admin", PASSWORD, actor=admin)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        # a bureau needs its region
        ({"role": "bureau"}, "需要指定地区"),
        # the region must be one of the store's regions
        ({"role": "bureau", "region_id": "999999"}, "未知地区"),
        # only bureaus have a region
        ({"role": "inspector", "region_id": HOHHOT}, "只有地区人社局账户有地区"),
        # an unknown role
        ({"role": "superuser"}, "不是 planner, bureau, inspector, admin 之一"),
        # a short password
        ({"role": "planner", "password": "short"}, "至少 10 个字符"),
        # regression (issue 11): ten spaces passed as a password
        ({"role": "planner", "password": " " * 10}, "至少 10 个字符"),
        ({"role": "planner", "password": "  short  \t "}, "至少 10 个字符"),
        # no password at all: there is no default
        ({"role": "planner", "password": None}, "需要密码"),
        # the name taken
        ({"role": "planner", "username": "hohhot"}, "已存在"),
    ],
)
def test_invalid_accounts(world: World, kwargs: dict[str, Any], match: str) -> None:
    args = {"username": "x.user", "password": PASSWORD, **kwargs}
    username, role, password = args.pop("username"), args.pop("role"), args.pop("password")
    with pytest.raises(InputError, match=match):
        world.accounts.add(username, role, password, actor=world.users["admin"], **args)


def test_region_needs_the_tree_loaded(db_url: str) -> None:
    with RecordStore(db_url) as store:
        accounts = Accounts(store.db, hasher=cheap_hasher())
        admin = accounts.add("admin", "admin", PASSWORD)
        with pytest.raises(InputError, match="还没有地区"):
            accounts.add("hohhot", "bureau", PASSWORD, region_id=HOHHOT, actor=admin)


def test_role_and_region_come_from_the_database(world: World) -> None:
    """A role change takes effect on the next call, even for a User object already held."""
    s = world.as_("hohhot")
    with world.store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE accounts SET region_id = :r WHERE username = 'hohhot'"), {"r": BAOTOU}
        )
    assert {r.record_id for r in s.records()} == {"B1", "B2"}


# --- sign-in -------------------------------------------------------------------------------


WRONG = "用户名或密码错误"


def test_throttling_locks_after_five_failures(world: World) -> None:
    acc = world.accounts
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthError, match=WRONG):
            acc.authenticate("hohhot", "not the password")
    assert acc.authenticate("hohhot", PASSWORD).name == "hohhot"  # success resets the count
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthError, match=WRONG):
            acc.authenticate("hohhot", "not the password")
    # locked, recorded in the database: a fresh Accounts (another app process) sees it too
    other = Accounts(world.store.db, clock=world.clock, hasher=cheap_hasher())
    with pytest.raises(AuthError, match=WRONG) as locked_answer:
        other.authenticate("hohhot", PASSWORD)  # even the right password
    [locked] = [a for a in acc.accounts(world.users["admin"]) if a.username == "hohhot"]
    assert locked.locked_until is not None
    assert [e["action"] for e in acc.events(world.users["inspector"])].count("lock") == 1
    world.clock.advance(minutes=LOCK_MINUTES - 1)
    with pytest.raises(AuthError, match=WRONG):
        acc.authenticate("hohhot", PASSWORD)
    world.clock.advance(minutes=2)
    assert acc.authenticate("hohhot", PASSWORD).region_id == HOHHOT
    # other accounts were never affected
    assert acc.authenticate("baotou", PASSWORD).name == "baotou"
    # regression (issue 11): the lock message told which user names exist
    with pytest.raises(AuthError) as unknown_answer:
        acc.authenticate("nobody-at-all", PASSWORD)
    assert locked_answer.value.message == unknown_answer.value.message
    assert str(MAX_FAILURES) in unknown_answer.value.message  # the rule is stated


class CountingHasher(PasswordHasher):
    """argon2id that counts how many passwords it was asked to check."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.checked = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        with self._lock:
            self.checked += 1
        time.sleep(0.05)  # a real check takes this long: let the attempts overlap
        return super().verify(hash, password)


def test_parallel_sign_in_attempts_cannot_bypass_the_lockout(world: World) -> None:
    """Regression (issue 11): 16 attempts at once were all checked; 5 may be."""
    hasher = CountingHasher()
    acc = Accounts(world.store.db, clock=world.clock, hasher=hasher)
    start = threading.Barrier(16)
    answers: list[str] = []

    def attempt() -> None:
        start.wait()
        try:
            acc.authenticate("hohhot", "not the password")
            answers.append("signed in")
        except AuthError as exc:
            answers.append(exc.message)

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(answers) == 16 and all(WRONG in a for a in answers)
    wrong_checked = hasher.checked - (16 - MAX_FAILURES)  # refused ones cost a dummy check
    assert wrong_checked == MAX_FAILURES
    with pytest.raises(AuthError, match=WRONG):
        acc.authenticate("hohhot", PASSWORD)  # locked: the right password is refused too
    [locked] = [a for a in acc.accounts(world.users["admin"]) if a.username == "hohhot"]
    assert locked.locked_until is not None


def test_unknown_and_wrong_password_read_the_same(world: World) -> None:
    with pytest.raises(AuthError) as a:
        world.accounts.authenticate("nobody", PASSWORD)
    with pytest.raises(AuthError) as b:
        world.accounts.authenticate("hohhot", "wrong password")
    assert a.value.message == b.value.message


def test_disabled_account_cannot_sign_in_and_admin_can_set_password(world: World) -> None:
    admin = world.users["admin"]
    world.accounts.set_disabled("hohhot", True, admin)
    with pytest.raises(AuthError, match="已停用"):
        world.accounts.authenticate("hohhot", PASSWORD)
    with pytest.raises(
        AuthError, match="用户名或密码错误"
    ):  # a wrong password never says "disabled"
        world.accounts.authenticate("hohhot", "wrong password")
    world.accounts.set_disabled("hohhot", False, admin)
    world.accounts.set_password("hohhot", "a new long password", admin)
    assert world.accounts.authenticate("hohhot", "a new long password").name == "hohhot"
    # a bureau can change its own password, not another's
    world.accounts.set_password("hohhot", "another long password", world.users["hohhot"])
    with pytest.raises(PermissionDenied):
        world.accounts.set_password("baotou", "another long password", world.users["hohhot"])


def test_sessions_expire(world: World) -> None:
    acc = world.accounts
    sessions = Sessions(acc)
    session = sessions.login("hohhot", PASSWORD)
    assert sessions.user(session.token) == world.users["hohhot"]
    assert session.expires_at == world.clock.now + sessions.ttl
    world.clock.advance(hours=7, minutes=59)
    assert sessions.user(session.token) is not None
    world.clock.advance(minutes=2)
    assert sessions.user(session.token) is None  # expired
    again = sessions.login("hohhot", PASSWORD)
    sessions.end(again.token)
    assert sessions.user(again.token) is None  # signed out
    third = sessions.login("hohhot", PASSWORD)
    acc.set_disabled("hohhot", True, world.users["admin"])
    assert sessions.user(third.token) is None  # disabling ends sessions
    assert sessions.user("") is None and sessions.user("made-up") is None
    with world.store.engine.connect() as conn:  # only the hash of a token is stored
        stored = conn.execute(sa.text("SELECT token_hash FROM sessions")).scalars().all()
    assert session.token not in stored and third.token not in stored


# --- secrets never leak -------------------------------------------------------------------------


def test_argon2_hashes_stored_never_logged_or_exported(
    db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    secret = "Hohhot-secret-2024!"
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # every statement logged
    try:
        with RecordStore(db_url) as store:
            accounts = Accounts(store.db)  # the default argon2id parameters
            admin = accounts.add("admin", "admin", secret)
            accounts.load_regions(REGIONS, actor=admin)
            accounts.add("hohhot", "bureau", secret + "x", region_id=HOHHOT, actor=admin)
            accounts.authenticate("hohhot", secret + "x")
            with pytest.raises(AuthError):
                accounts.authenticate("hohhot", secret)
            hohhot = accounts.authenticate("hohhot", secret + "x")
            AuthorizedStore(store, hohhot).store_records(
                [rec(HOHHOT, "specialized", D(2024, 7, 5))]
            )
            with store.engine.connect() as conn:
                hashes = conn.execute(sa.text("SELECT password_hash FROM accounts")).scalars().all()
            assert all(h.startswith("$argon2id$v=19$m=65536,t=3,p=4$") for h in hashes)
            assert PasswordHasher().verify(hashes[0], secret)
            listing = [a.as_row() for a in accounts.accounts(admin)]
            store.export(tmp_path / "export.csv")
            store.export(tmp_path / "export.xlsx")
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    # and through the CLI
    monkeypatch.setattr(sys, "stdin", io.StringIO(secret + "\n"))
    assert main(["users", "list", "--as", "admin", "--password-stdin", "--db", db_url]) == 0
    assert main(["records", "export", "--db", db_url, "--user", "admin", "--password-stdin"]) == 2
    monkeypatch.setattr(sys, "stdin", io.StringIO(secret + "\n"))
    assert main(["records", "export", "--db", db_url, "--user", "admin", "--password-stdin"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(secret + "\n"))
    assert main(["records", "audit", "--db", db_url, "--user", "admin", "--password-stdin"]) == 0
    out = capsys.readouterr()
    texts = [
        caplog.text,
        out.out,
        out.err,
        repr(listing),
        (tmp_path / "export.csv").read_text("utf-8-sig"),
    ]
    texts.append((tmp_path / "export.xlsx").read_bytes().decode("latin-1"))
    assert "INSERT INTO accounts" in caplog.text  # the statements were logged ...
    assert "argon2" not in caplog.text.lower()
    for text in texts:  # ... but no password and no hash, anywhere
        assert secret not in text
        for h in hashes:
            assert h not in text and h.split("$")[-1] not in text


# --- the audit ---------------------------------------------------------------------------------


def test_trail_records_inserts_edits_and_deletes(world: World) -> None:
    hohhot = world.as_("hohhot")
    hohhot.import_records(
        write(world.tmp / "fix.csv", ["H1,150100,specialized,2024-07-05,cancelled,\n"])
    )
    hohhot.delete(["H2"], source="entered twice")
    trail = world.as_("inspector").trail()
    mine = [
        (e.action, e.record_id, e.actor, Path(e.source_file).name)
        for e in trail
        if e.record_id.startswith("H")
    ]
    assert sorted(mine) == sorted(
        [
            ("inserted", "H1", "hohhot", "hohhot-july.csv"),
            ("inserted", "H2", "hohhot", "hohhot-july.csv"),
            ("edited", "H1", "hohhot", "fix.csv"),
            ("deleted", "H2", "hohhot", "entered twice"),
        ]
    )
    assert all(isinstance(e.at, dt.datetime) for e in trail)
    # a bureau sees its own region's trail; the other bureau none of it
    assert {e.record_id for e in world.as_("baotou").trail()} == {"B1", "B2"}
    assert [i["actor"] for i in world.as_("hohhot").imports()] == ["hohhot", "hohhot"]
    assert len(world.as_("inspector").imports()) == 3


@pytest.mark.parametrize(
    "statement",
    [
        # no edit of an audited version
        "UPDATE records_audit SET imported_by = 'someone else'",
        # no removal of one
        "DELETE FROM records_audit",
        # the import log is append-only too
        "UPDATE imports SET actor = 'someone else'",
        "DELETE FROM imports",
        # and so is the log of account changes
        "DELETE FROM account_events",
    ],
)
def test_audit_rows_cannot_be_changed(world: World, statement: str) -> None:
    world.as_("hohhot").import_records(
        write(world.tmp / "fix.csv", ["H1,150100,specialized,2024-07-05,cancelled,\n"])
    )
    before = (
        world.store.audit(),
        world.store.imports(),
        world.accounts.events(world.users["admin"]),
    )
    with (
        pytest.raises(sa.exc.DatabaseError, match="append-only"),
        world.store.engine.begin() as conn,
    ):
        conn.execute(sa.text(statement))
    after = (
        world.store.audit(),
        world.store.imports(),
        world.accounts.events(world.users["admin"]),
    )
    assert before == after and before[0]
    assert not hasattr(world.as_("inspector"), "update_audit")  # and no API for it


def test_truncate_is_refused_on_postgresql(world: World) -> None:
    if world.store.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with (
        pytest.raises(sa.exc.DatabaseError, match="append-only"),
        world.store.engine.begin() as conn,
    ):
        conn.execute(sa.text("TRUNCATE records_audit"))


# --- private feed tokens -----------------------------------------------------------------------


def test_feed_tokens_issue_and_revoke_through_the_servers_tokens_file(world: World) -> None:
    admin, path = world.users["admin"], world.tmp / "tokens.txt"
    path.write_text(
        "# written by hand\n" + "h" * 20 + " * the planners' screen\n", encoding="utf-8"
    )
    token = FeedTokens(world.store.db).issue("hohhot", path, admin, label="呼和浩特人社局")
    baotou = FeedTokens(world.store.db).issue("baotou", path, admin)
    served = TokenFile(path)
    assert served.allows(token, HOHHOT) and served.allows(token, TUMED)
    assert not served.allows(token, BAOTOU) and not served.allows(token, PROVINCE)
    assert served.allows(baotou, KUNDULUN)
    assert path.stat().st_mode & 0o777 == 0o600
    listed = FeedTokens(world.store.db).list(admin)
    assert [t["hint"] for t in listed] == [token[:6], baotou[:6]] and token not in repr(listed)
    assert FeedTokens(world.store.db).revoke(path, admin, username="hohhot") == 1
    served = TokenFile(path)
    assert not served.allows(token, HOHHOT) and served.allows(baotou, BAOTOU)
    assert served.allows("h" * 20, HOHHOT)  # a hand-written line is left alone
    # disabling an account revokes its tokens too
    world.accounts.set_disabled("baotou", True, admin)
    FeedTokens(world.store.db).sync_file(path)
    assert not TokenFile(path).allows(baotou, BAOTOU)
    with world.store.engine.connect() as conn:
        dump = repr(conn.execute(sa.text("SELECT * FROM feed_tokens")).all())
    assert token not in dump and baotou not in dump


# --- single sign-on ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "settings", "expected"),
    [
        # role and region straight from custom claims
        ({"email": "a@hrss.gov.cn", "fairplan_role": "bureau", "fairplan_region": HOHHOT}, {},
         ("a@hrss.gov.cn", "bureau", HOHHOT)),
        # a group claim mapped to a role; a region only for bureaus
        ({"email": "i@x.cn", "groups": ["staff", "inspectors"], "fairplan_region": HOHHOT},
         {"role_claim": "groups", "roles": {"inspectors": "inspector"}}, ("i@x.cn", "inspector", None)),
        # no role claim but a default role
        ({"sub": "u-1"}, {"default_role": "planner"}, ("u-1", "planner", None)),
    ],
)  # fmt: skip
def test_sso_claims_map_to_role_and_region(
    claims: dict[str, Any], settings: dict[str, Any], expected: tuple[str, str, str | None]
) -> None:
    got = sso_identity(claims, settings)
    assert (got.username, got.role, got.region_id) == expected


def test_sso_without_a_role_is_refused() -> None:
    with pytest.raises(AuthError, match="没有 fairplan 角色"):
        sso_identity({"email": "x@y.cn", "fairplan_role": "root"}, {})


def test_sso_accounts_are_checked_like_local_ones(world: World) -> None:
    acc = world.accounts
    user = sso_user(acc, "a@hrss.gov.cn", "bureau", HOHHOT, "呼和浩特")
    assert (user.source, user.region_name) == ("oidc", "呼和浩特市")
    before = snapshot(world.store)
    with pytest.raises(PermissionDenied):
        AuthorizedStore(world.store, user).store_records(
            [rec(BAOTOU, "specialized", D(2024, 7, 5))]
        )
    assert snapshot(world.store) == before
    with pytest.raises(AuthError, match="本地账户"):
        sso_user(acc, "hohhot", "admin", None)  # an SSO claim cannot take over a local account
    acc.set_disabled("a@hrss.gov.cn", True, world.users["admin"])
    with pytest.raises(AuthError, match="已停用"):
        sso_user(acc, "a@hrss.gov.cn", "bureau", HOHHOT)
    with pytest.raises(AuthError, match="未知地区"):
        sso_user(acc, "b@hrss.gov.cn", "bureau", "999999")


# --- the issue's "done when", through the command line -------------------------------------------


def run(monkeypatch: pytest.MonkeyPatch, stdin: str, *argv: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(list(argv))


def test_done_when_bureau_imports_its_own_not_baotou_and_inspector_sees_the_trail(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", db_url, "--password-stdin"]
    admin_pw, hohhot_pw, insp_pw = "admin password 1", "hohhot password 1", "inspector pass 1"
    # the first admin, created without signing in; then the regions, a bureau and an inspector
    assert run(monkeypatch, f"{admin_pw}\n", "users", "add", "admin", "--role", "admin", *db) == 0
    assert run(monkeypatch, f"{admin_pw}\n{hohhot_pw}\n", "users", "add", "hohhot", "--role",
               "bureau", "--region", "150100", "--scenario", str(sample_path("csv")), "--as", "admin", *db) == 0  # fmt: skip
    assert run(monkeypatch, f"{admin_pw}\n{insp_pw}\n", "users", "add", "insp", "--role",
               "inspector", "--as", "admin", *db) == 0  # fmt: skip
    # a second bureau for a region no scenario knows is refused
    assert run(monkeypatch, f"{admin_pw}\n{hohhot_pw}\n", "users", "add", "x", "--role", "bureau",
               "--region", "159999", "--as", "admin", *db) == 2  # fmt: skip
    capsys.readouterr()

    own = write(tmp_path / "呼和浩特7月.csv", ["H1,150100,specialized,2024-07-05,held,HH-2\n",
                                              "H2,150121,specialized,2024-07-06,held,\n"])  # fmt: skip
    assert (
        run(monkeypatch, f"{hohhot_pw}\n", "records", "import", str(own), "--user", "hohhot", *db)
        == 0
    )
    assert "新增 2" in capsys.readouterr().out

    theirs = write(tmp_path / "包头7月.csv", ["H3,150100,specialized,2024-07-12,held,\n",
                                             "B1,150200,comprehensive,2024-07-09,held,\n"])  # fmt: skip
    assert (
        run(
            monkeypatch, f"{hohhot_pw}\n", "records", "import", str(theirs), "--user", "hohhot", *db
        )
        == 4  # refused, not bad input
    )
    err = capsys.readouterr().err
    assert (
        "包头7月.csv，第 3 行，列 region_id" in err and "150200" in err and "Traceback" not in err
    )
    assert (
        run(monkeypatch, f"{hohhot_pw}\n", "records", "delete", "B1", "--user", "hohhot", *db) == 2
    )
    assert "150200" not in capsys.readouterr().err  # 包头's record reads as none at all
    # nothing without signing in, nothing with a wrong password: refusals (exit 4)
    assert main(["records", "import", str(own), "--db", db_url]) == 4
    assert (
        run(monkeypatch, "wrong password\n", "records", "import", str(own), "--user", "hohhot", *db)
        == 4
    )
    # the inspector reads the trail but cannot write
    capsys.readouterr()
    assert run(monkeypatch, f"{insp_pw}\n", "records", "audit", "--user", "insp", *db) == 0
    trail = capsys.readouterr().out.splitlines()
    assert trail[0] == "at,actor,action,record_id,region_id,date,status,source_file"
    assert len(trail) == 3 and all(
        ",hohhot,inserted," in line and "呼和浩特7月.csv" in line for line in trail[1:]
    )
    assert (
        run(monkeypatch, f"{insp_pw}\n", "records", "import", str(own), "--user", "insp", *db) == 4
    )
    assert run(monkeypatch, f"{insp_pw}\n", "records", "export", "--user", "insp", *db) == 0
    exported = capsys.readouterr().out
    assert "H1" in exported and "H3" not in exported and "B1" not in exported
    # and the account list shows no secrets
    assert run(monkeypatch, f"{admin_pw}\n", "users", "list", "--as", "admin", *db) == 0
    listing = capsys.readouterr().out
    assert (
        "hohhot,bureau,150100" in listing and "argon2" not in listing and hohhot_pw not in listing
    )
