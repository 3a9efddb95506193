"""Who is who in fairplan: roles and permissions, accounts, sessions, feed tokens, SSO.

- `identity.users` — roles, actions, `User`, `require`, `verify` (the account as the
  database knows it now), `AuthError` and `PermissionDenied` (both `Refused`, exit 4);
- `identity.regions` — the region tree in the store, a bureau's scope;
- `identity.passwords` — the password policy and argon2id hashing;
- `identity.accounts` — `Accounts`: add, list, disable, passwords, throttled sign-in;
- `identity.sessions` — `Sessions`: app sessions (token hashes only);
- `identity.feed_tokens` — `FeedTokens`: private feed tokens and the tokens file;
- `identity.sso` — single sign-on claims → accounts.

It depends on `db` only (and the error root and words below it); `monitor` and
`publish` build on it.
"""

from identity.accounts import LOCK_MINUTES, MAX_FAILURES, AccountInfo, Accounts
from identity.feed_tokens import FeedTokens
from identity.regions import RegionRow, read_regions, subtree, user_scope
from identity.sessions import Session, Sessions
from identity.sso import SsoIdentity, sso_identity, sso_user
from identity.users import (
    PERMISSIONS,
    ROLES,
    Action,
    AuthError,
    PermissionDenied,
    Role,
    User,
    has_accounts,
    require,
    role_name,
    scope_key,
    verify,
)

__all__ = [
    "LOCK_MINUTES",
    "MAX_FAILURES",
    "PERMISSIONS",
    "ROLES",
    "AccountInfo",
    "Accounts",
    "Action",
    "AuthError",
    "FeedTokens",
    "PermissionDenied",
    "RegionRow",
    "Role",
    "Session",
    "Sessions",
    "SsoIdentity",
    "User",
    "has_accounts",
    "read_regions",
    "require",
    "role_name",
    "scope_key",
    "sso_identity",
    "sso_user",
    "subtree",
    "user_scope",
    "verify",
]
