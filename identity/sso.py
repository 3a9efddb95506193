"""Single sign-on: an OIDC identity's claims → a fairplan account of source ``oidc``.

`sso_identity` maps claims to a user by the ``[fairplan_sso]`` settings (documented in
docs/accounts.md); `sso_user` creates or updates the account from them. An admin can
disable an SSO account like any other; a local account of the same name is never
taken over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from db.schema import accounts
from identity.accounts import Accounts, check_new_account, check_region
from identity.users import ROLES, AuthError, Role, User, verify
from scheduler.errors import InputError
from texts import tr


@dataclass(frozen=True)
class SsoIdentity:
    username: str
    role: Role
    region_id: str | None
    display_name: str


def sso_identity(claims: Mapping[str, Any], settings: Mapping[str, Any]) -> SsoIdentity:
    """Map an OIDC identity's claims to a fairplan user, by the ``[fairplan_sso]`` settings.

    Settings (all optional): ``username_claim`` (default ``email``), ``role_claim``
    (default ``fairplan_role``), ``region_claim`` (default ``fairplan_region``),
    ``name_claim`` (default ``name``), ``roles`` (claim value → role; without it the
    value must be a role name), ``default_role`` (when the claim is absent; without it
    such users are refused). A list-valued claim (e.g. ``groups``) maps through its first
    value that `roles` knows. Raises AuthError when no role results.
    """
    username = str(claims.get(str(settings.get("username_claim", "email")), "") or "")
    if not username:
        username = str(claims.get("sub", "") or "")
    raw = claims.get(str(settings.get("role_claim", "fairplan_role")))
    mapping = {str(k): str(v) for k, v in dict(settings.get("roles", {}) or {}).items()}
    values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if v]
    role = ""
    for v in values:
        candidate = mapping.get(v, v if not mapping else "")
        if candidate in ROLES:
            role = candidate
            break
    if not role:
        role = str(settings.get("default_role", "") or "")
    if role not in ROLES:
        raise AuthError(tr("sso_no_role"))
    region = claims.get(str(settings.get("region_claim", "fairplan_region")))
    region_id = str(region) if region and role == "bureau" else None
    name = str(claims.get(str(settings.get("name_claim", "name")), "") or "")
    return SsoIdentity(username, role, region_id, name)  # type: ignore[arg-type]


def sso_user(
    acc: Accounts, username: str, role: str, region_id: str | None, display_name: str = ""
) -> User:
    """The account for a single-sign-on identity, created or updated from its claims.

    A disabled account stays disabled (AuthError); a local account of the same name is
    not taken over.
    """
    problems = check_new_account(username, role, region_id)
    if problems:
        raise AuthError("; ".join(p.message for p in problems))
    now = acc.now()
    t = accounts
    with acc.db.begin() as conn:
        try:
            check_region(conn, region_id)
        except InputError as exc:
            raise AuthError(exc.problems[0].message) from None
        row = conn.execute(sa.select(t).where(t.c.username == username)).first()
        if row is None:
            conn.execute(
                sa.insert(t),
                [
                    {
                        "username": username,
                        "role": role,
                        "region_id": region_id,
                        "display_name": display_name,
                        "password_hash": None,
                        "source": "oidc",
                        "disabled": False,
                        "failed_logins": 0,
                        "locked_until": None,
                        "created_at": now,
                        "created_by": "(sso)",
                        "password_changed_at": None,
                        "last_login_at": now,
                    }
                ],
            )
            acc.event(conn, "(sso)", "add", username, f"role={role} region={region_id or ''}")
        else:
            if row.source != "oidc":
                raise AuthError(tr("sso_local_account", name=username))
            if row.disabled:
                raise AuthError(tr("account_disabled", name=username))
            if (row.role, row.region_id) != (role, region_id):
                acc.event(
                    conn, "(sso)", "claims", username, f"role={role} region={region_id or ''}"
                )
            conn.execute(
                sa.update(t)
                .where(t.c.username == username)
                .values(
                    role=role, region_id=region_id, display_name=display_name, last_login_at=now
                )
            )
        return verify(conn, User(username, role))  # type: ignore[arg-type]
