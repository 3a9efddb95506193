"""fairplan's store of record: one schema, its migrations, and how to reach a database.

- `db.schema` — every table, in one SQLAlchemy `MetaData` (`db.schema.metadata`);
- `db.migrations` — the Alembic revisions that build exactly that schema;
- `db.engine` — URLs (``--db``, ``$FAIRPLAN_DB``, the user data directory), and
  `Database`: one engine, write transactions, busy handling, a masked URL.

Above it: `identity` (accounts, sessions, feed tokens), `monitor` (records),
`publish` (scenarios, plans, the published plan). It imports nothing of those.
"""

from db.engine import (
    ENV_VAR,
    Database,
    StoreBusy,
    data_dir,
    default_path,
    mask,
    resolve_url,
    utc,
)

__all__ = [
    "ENV_VAR",
    "Database",
    "StoreBusy",
    "data_dir",
    "default_path",
    "mask",
    "resolve_url",
    "utc",
]
