"""Alembic environment for the records store.

`monitor.store` runs migrations programmatically and hands over its open
connection in `config.attributes["connection"]`; run from the `alembic` command
line instead, the URL comes from ``-x url=...`` or `sqlalchemy.url`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

VERSION_TABLE = "monitor_alembic_version"

config = context.config


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=None,
        version_table=VERSION_TABLE,
        render_as_batch=True,  # SQLite can only ALTER through table copies
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///records.db upgrade head")
    with create_engine(url).begin() as conn:
        _run(conn)
